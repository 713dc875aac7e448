"""The Web API methods the stand-in answers: exactly the subset the bot uses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sandbox.slack import (
    methods_chat,
    methods_files,
    methods_history,
    methods_people,
    methods_views,
)
from sandbox.slack.args import Args
from sandbox.slack.context import Context

Handler = Callable[[Context, Args], dict[str, Any]]


@dataclass(frozen=True)
class Method:
    handler: Handler
    accepts_json: bool  # whether Slack's reference lists application/json for the method
    mutates: bool = True


METHODS: dict[str, Method] = {
    "auth.test": Method(methods_people.auth_test, accepts_json=True, mutates=False),
    "apps.connections.open": Method(
        methods_people.apps_connections_open, accepts_json=False, mutates=False
    ),
    "chat.postMessage": Method(methods_chat.post_message, accepts_json=True),
    "chat.postEphemeral": Method(methods_chat.post_ephemeral, accepts_json=True),
    "chat.update": Method(methods_chat.update, accepts_json=True),
    "chat.getPermalink": Method(methods_chat.get_permalink, accepts_json=False, mutates=False),
    "conversations.open": Method(methods_people.conversations_open, accepts_json=True),
    "conversations.join": Method(methods_people.conversations_join, accepts_json=True),
    "conversations.list": Method(
        methods_people.conversations_list, accepts_json=False, mutates=False
    ),
    "conversations.history": Method(
        methods_history.conversations_history, accepts_json=True, mutates=False
    ),
    "conversations.replies": Method(
        methods_history.conversations_replies, accepts_json=False, mutates=False
    ),
    "users.info": Method(methods_people.users_info, accepts_json=False, mutates=False),
    "views.open": Method(methods_views.views_open, accepts_json=True),
    "views.publish": Method(methods_views.views_publish, accepts_json=True),
    "files.getUploadURLExternal": Method(methods_files.get_upload_url, accepts_json=True),
    "files.completeUploadExternal": Method(methods_files.complete_upload, accepts_json=True),
    "files.delete": Method(methods_files.delete_file, accepts_json=True),
}
