"""Morning messages redrawn in place: when a referral changes (a button on the list, a typed
reply, a button anywhere else, someone else acting), every kept morning message with a line
about it is drawn again from the referral's new state, so no button stays live on a step that
has moved. A morning message the bot no longer keeps (an earlier day's) loses its buttons."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.services.morning import REVIEW
from bot.slack.blocks import morning as blocks_of
from bot.slack.context import FirmTime

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk

log = logging.getLogger(__name__)


def redraw_mornings(
    client: WebClient,
    desk: ReferralDesk,
    clock: FirmTime,
    referral_id: str,
    pressed: tuple[str, dict] | None = None,
) -> set[str]:
    """Redraw the morning messages showing `referral_id`; `pressed` is (channel, message) of
    the message a button was pressed on. Returns where ("channel:ts") it redrew."""
    redrawn: set[str] = set()
    for whose, where, morning in desk.morning_lists(referral_id):
        channel, _, ts = where.partition(":")
        if whose == REVIEW:
            drawn = blocks_of.morning_review(morning, desk.reward_policy())
        else:
            drawn = blocks_of.reminder_list(morning, clock.now())
        if _update(client, channel, ts, drawn, blocks_of.fallback_text(drawn, morning)):
            redrawn.add(where)
    if pressed is not None:
        channel, message = pressed
        old = message.get("blocks") or []
        kind, _ = blocks_of.morning_kind(old)
        where = f"{channel}:{message.get('ts')}"
        if (
            kind
            and where not in redrawn
            and _update(client, channel, message.get("ts", ""), blocks_of.retired(old, kind))
        ):
            redrawn.add(where)
    return redrawn


def is_morning(message: dict | None) -> bool:
    return bool(blocks_of.morning_kind((message or {}).get("blocks") or [])[0])


def _update(client: WebClient, channel: str, ts: str, drawn: list[dict], text: str) -> bool:
    try:
        client.chat_update(channel=channel, ts=ts, text=text or "Referral reminders", blocks=drawn)
    except SlackApiError as exc:
        # The answer itself landed; a list that could not be redrawn is redrawn next time.
        log.warning("Could not redraw a morning message: %s", exc.response.get("error"))
        return False
    return True
