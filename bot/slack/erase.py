"""Erasing a lead from the bot's own Slack messages (`/refer forget`): every DM the bot sent to
the team, the review channel and the threads under them are read back; a message about the
referral is replaced by a short note, any other that quotes the lead has the text scrubbed
(chat.update); exports the bot shared are deleted (files.delete), since they hold the lead too.

Ephemeral replies cannot be read back or changed, and vanish on their own."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.dataio.export import EXPORT_PREFIX
from bot.slack import messages as msg
from bot.slack.blocks.common import section
from bot.slack.post import metadata_referral_id

log = logging.getLogger(__name__)

PAGES = 20
"""At most this many pages of 200 messages per conversation are read back."""


def _messages(client: WebClient, channel: str) -> Iterator[dict[str, Any]]:
    """Every message of a conversation, thread replies included, newest first."""
    cursor = None
    for _ in range(PAGES):
        page = client.conversations_history(
            channel=channel, limit=200, cursor=cursor, include_all_metadata=True
        )
        for message in page.get("messages") or []:
            yield message
            if message.get("reply_count"):
                replies = client.conversations_replies(
                    channel=channel, ts=message["ts"], include_all_metadata=True
                )
                yield from (m for m in replies.get("messages") or [] if m["ts"] != message["ts"])
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return


def _scrubbed(value: Any, scrub: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [_scrubbed(v, scrub) for v in value]
    if isinstance(value, dict):
        return {k: _scrubbed(v, scrub) for k, v in value.items()}
    return value


class Eraser:
    def __init__(self, client: WebClient, referral_id: str, scrub: Callable[[str], str]):
        self.client, self.referral_id, self.scrub = client, referral_id, scrub
        self.bot_id = client.auth_test().get("bot_id", "")
        self.updated = 0
        self.files_deleted = 0

    def conversation(self, channel: str) -> None:
        for message in list(_messages(self.client, channel)):
            if message.get("bot_id") != self.bot_id:
                continue
            self._files(message)
            self._message(channel, message)

    def _message(self, channel: str, message: dict[str, Any]) -> None:
        about_it = metadata_referral_id(message) == self.referral_id
        content = {"text": message.get("text", ""), "blocks": message.get("blocks") or []}
        if about_it:
            note = msg.erased_message(self.referral_id)
            new = {"text": note, "blocks": [section(note)]}
        else:
            new = _scrubbed(content, self.scrub)
            if json.dumps(new) == json.dumps(content):
                return
            new["blocks"] = new["blocks"] or None
        self.client.chat_update(channel=channel, ts=message["ts"], **new)
        self.updated += 1

    def _files(self, message: dict[str, Any]) -> None:
        for shared in message.get("files") or []:
            if str(shared.get("name", "")).startswith(EXPORT_PREFIX):
                try:
                    self.client.files_delete(file=shared["id"])
                    self.files_deleted += 1
                except SlackApiError as exc:
                    log.warning(
                        "Could not delete export %s: %s",
                        shared.get("id"),
                        exc.response.get("error"),
                    )


def erase_from_slack(
    client: WebClient,
    referral_id: str,
    scrub: Callable[[str], str],
    user_ids: list[str],
    channels: list[str],
) -> tuple[int, int]:
    """(messages updated, export files deleted) across the DMs with `user_ids` and `channels`."""
    eraser = Eraser(client, referral_id, scrub)
    targets = [client.conversations_open(users=u)["channel"]["id"] for u in user_ids]
    for channel in [*targets, *channels]:
        try:
            eraser.conversation(channel)
        except SlackApiError as exc:
            log.warning("Could not read back %s to erase: %s", channel, exc.response.get("error"))
    return eraser.updated, eraser.files_deleted
