"""Typed answers in the bot's DM: "sent", "snooze 2d", "not a fit: budget", "R-0012 won".

Which referral: the ID typed, else the one the thread is about (from the DM's message metadata),
else the owner's only open referral. Anything unclear gets a short help answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import Say
from slack_sdk import WebClient

from bot.services.types import Actor
from bot.slack import answers
from bot.slack import messages as msg
from bot.slack.blocks.morning import only_live_line
from bot.slack.blocks.owner_dm import draft_to_mark
from bot.slack.context import FirmTime
from bot.slack.forms import unslack
from bot.slack.morning import redraw_mornings
from bot.slack.post import fetch_message, latest_about, metadata_referral_id
from bot.slack.replies import parse_reply
from bot.slack.updates import update_message

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def typed_in_dm(event: dict) -> bool:
    """A person's own words in a DM with the bot (not an edit, not a bot, not a join)."""
    return (
        event.get("channel_type") == "im"
        and not event.get("subtype")
        and not event.get("bot_id")
        and bool(event.get("user"))
    )


def dm_reply_callback(
    event: dict, client: WebClient, say: Say, desk: ReferralDesk, clock: FirmTime
) -> None:
    thread = event.get("thread_ts") or None
    reply = parse_reply(unslack(event.get("text", "")))
    if reply is None:
        say(text=msg.reply_unclear(), thread_ts=thread)
        return
    actor = Actor(event["user"])
    parent = fetch_message(client, event["channel"], thread) if thread else None
    from_list, list_draft = only_live_line((parent or {}).get("blocks") or [])
    referral_id = reply.referral_id or metadata_referral_id(parent) or from_list
    if not referral_id:
        mine = desk.my_open(actor)
        if len(mine) != 1:
            say(
                text=msg.reply_which(len(mine)) if mine else msg.reply_none_open(), thread_ts=thread
            )
            return
        referral_id = mine[0].id
    in_its_thread = parent is not None and metadata_referral_id(parent) == referral_id
    draft_name = draft_to_mark(parent.get("blocks") or []) if in_its_thread else ""
    if referral_id == from_list and not reply.referral_id:
        draft_name = list_draft  # "sent" in the thread of a list with one line left: that line
    answered = answers.from_reply(desk, actor, referral_id, reply, clock, draft_name)
    # The DM about this referral shows the new state too: the thread's, else the latest one.
    shown = parent if in_its_thread else latest_about(client, event["channel"], referral_id)
    if shown is not None:
        update_message(client, desk, clock, shown, event["channel"], answered)
    else:
        redraw_mornings(client, desk, clock, answered.referral.id)
    say(text=msg.reply_done(referral_id, answered.note), thread_ts=thread)


def other_message_callback() -> None:
    """Edits, joins and the bot's own posts: acknowledged so Slack does not send them again."""
