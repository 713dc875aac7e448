"""Listeners of last resort, registered after every other: a button, form, shortcut or command the
bot does not know (an old message, a renamed action, a hand-made payload) gets a short ephemeral
explanation instead of Bolt's 404, and an event nobody listens to is acknowledged so Slack does
not send it again. Bolt runs the first listener that matches, so these only see the leftovers."""

from __future__ import annotations

import logging
import re

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.slack import messages as msg
from bot.slack.context import actor_of, describe
from bot.slack.post import tell

log = logging.getLogger(__name__)
ANYTHING = re.compile(".*")


def unknown_action_callback(ack: Ack, body: dict, respond: Respond) -> None:
    ack()
    log.info("No listener for %s", describe(body))
    if respond.response_url:
        respond(text=msg.unknown_action(), response_type="ephemeral", replace_original=False)


def unknown_view_callback(ack: Ack, body: dict, client: WebClient) -> None:
    ack()
    log.info("No listener for %s", describe(body))
    if body.get("type") == "view_submission":
        tell(client, actor_of(body).user_id, msg.unknown_action())


def unknown_shortcut_callback(ack: Ack, body: dict, respond: Respond, client: WebClient) -> None:
    ack()
    log.info("No listener for %s", describe(body))
    if respond.response_url:
        respond(text=msg.unknown_action(), response_type="ephemeral")
    else:
        tell(client, actor_of(body).user_id, msg.unknown_action())


def unknown_command_callback(ack: Ack, body: dict) -> None:
    log.info("No listener for %s", describe(body))
    ack(text=msg.unknown_action())


def unheard_event_callback(ack: Ack) -> None:
    ack()


def register(app: App) -> None:
    app.action(ANYTHING)(unknown_action_callback)
    app.view(ANYTHING)(unknown_view_callback)
    app.view_closed(ANYTHING)(unknown_view_callback)
    app.shortcut(ANYTHING)(unknown_shortcut_callback)
    app.command(ANYTHING)(unknown_command_callback)
    app.event(ANYTHING)(unheard_event_callback)
