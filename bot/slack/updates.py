"""Showing an answer where it was given: the DM or review message redrawn in place, or App Home
published again."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient

from bot.slack.answers import Answered
from bot.slack.app_home import publish_home, shown_of
from bot.slack.blocks.owner_dm import refresh
from bot.slack.context import FirmTime
from bot.slack.morning import is_morning, redraw_mornings
from bot.slack.redraw import redraw_elsewhere

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def update_message(
    client: WebClient,
    desk: ReferralDesk,
    clock: FirmTime,
    message: dict[str, Any],
    channel: str,
    answered: Answered,
) -> None:
    """Redraw `message` (as Slack gave it: ts, text, blocks) for the answered referral, and
    every morning list showing it (`message` may be one of them)."""
    if is_morning(message):
        redraw_mornings(client, desk, clock, answered.referral.id, (channel, message))
        elsewhere(client, desk, clock, answered)
        return
    blocks = refresh(
        message.get("blocks") or [],
        answered.referral,
        answered.note,
        tz=clock.tz,
        row_link=desk.row_link(answered.referral),
        sent_draft=answered.sent_draft,
        keep_actions=answered.keep_actions,
        now=clock.now(),
    )
    client.chat_update(
        channel=channel, ts=message["ts"], text=message.get("text") or answered.note, blocks=blocks
    )
    redraw_mornings(client, desk, clock, answered.referral.id)
    elsewhere(client, desk, clock, answered, skip=f"{channel}:{message['ts']}")


def elsewhere(
    client: WebClient,
    desk: ReferralDesk,
    clock: FirmTime,
    answered: Answered,
    skip: str = "",
    skip_home: str = "",
) -> None:
    """Every other DM, card and App Home showing the answered referral, redrawn in place."""
    shown = shown_of(desk)
    if shown is None:
        return
    redraw_elsewhere(
        client,
        desk,
        clock,
        shown,
        answered.referral,
        answered.note,
        skip=skip,
        skip_home=skip_home,
        sent_draft=answered.sent_draft,
    )


def show_answer(
    body: dict[str, Any], client: WebClient, desk: ReferralDesk, clock: FirmTime, answered: Answered
) -> None:
    """After a button: redraw the message it sits on, or App Home when it was pressed there."""
    container = body.get("container") or {}
    if container.get("type") == "view":
        publish_home(client, desk, clock, body["user"]["id"])
        redraw_mornings(client, desk, clock, answered.referral.id)
        elsewhere(client, desk, clock, answered, skip_home=body["user"]["id"])
        return
    message = {**(body.get("message") or {}), "ts": container.get("message_ts")}
    update_message(client, desk, clock, message, container.get("channel_id", ""), answered)
