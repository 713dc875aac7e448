"""What an owner's answer does, whether it came as a button or a typed reply: call the desk, then
say what happened in one line. The caller shows the line on the updated message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.domain import referral as R
from bot.domain import steps as S
from bot.domain.referral import Referral
from bot.errors import AlreadyDoneError
from bot.services.types import Actor
from bot.slack import messages as msg
from bot.slack import replies
from bot.slack.blocks.common import esc, mention, slack_date
from bot.slack.context import FirmTime

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk

FOLLOWUP_STATUS = {
    replies.SENT: R.FOLLOWUP_SENT,
    replies.WAITING: R.WAITING_FOR_REPLY,
    replies.NO_FURTHER_ACTION: R.NO_FURTHER_ACTION,
}
CLOSE_STAGE = {
    replies.WON: R.WON,
    replies.NO_RESPONSE: R.NO_RESPONSE,
    replies.NOT_A_FIT: R.NOT_A_FIT,
}


@dataclass(frozen=True)
class Answered:
    referral: Referral
    note: str
    sent_draft: str = ""
    keep_actions: bool = True
    """False when the referral went to someone else: their DM carries the buttons now."""


def followup(desk: ReferralDesk, actor: Actor, referral_id: str, status: str) -> Answered:
    referral = desk.record_followup(referral_id, actor, status)
    return Answered(referral, msg.did_followup(mention(actor.user_id), status))


def in_conversation(desk: ReferralDesk, actor: Actor, referral_id: str) -> Answered:
    referral = desk.set_in_conversation(referral_id, actor)
    return Answered(referral, msg.did_start_conversation(mention(actor.user_id)))


def snooze(
    desk: ReferralDesk, actor: Actor, referral_id: str, until: datetime, track: str | None = None
) -> Answered:
    referral = desk.snooze(referral_id, actor, until, track)
    return Answered(referral, msg.did_snooze(mention(actor.user_id), slack_date(until)))


def start_of(day: date, tz: str) -> datetime:
    """Snoozing until a date means the reminders come back that morning, in the firm's time zone."""
    return datetime.combine(day, time(0, 0), tzinfo=ZoneInfo(tz))


def reassign(
    desk: ReferralDesk, actor: Actor, referral_id: str, new_owner_id: str, track: str = "lead"
) -> Answered:
    referral = desk.reassign(referral_id, actor, new_owner_id, track)
    note = msg.did_reassign(mention(actor.user_id), mention(new_owner_id))
    return Answered(referral, note, keep_actions=False)


def close(
    desk: ReferralDesk,
    actor: Actor,
    referral_id: str,
    stage: str,
    reason: str = "",
    won_value: str = "",
) -> Answered:
    try:
        referral = desk.close(referral_id, actor, stage, reason, won_value)
    except AlreadyDoneError as repeat:
        return Answered(repeat.referral, msg.already_closed(repeat.referral.stage))
    return Answered(referral, msg.did_close(mention(actor.user_id), stage, esc(reason)))


def mark_sent(desk: ReferralDesk, actor: Actor, referral_id: str, draft_name: str) -> Answered:
    referral = desk.mark_sent(referral_id, actor, draft_name)
    note = msg.did_mark_sent(mention(actor.user_id), msg.draft_label(draft_name))
    return Answered(referral, note, sent_draft=draft_name)


def remind(desk: ReferralDesk, actor: Actor, referral_id: str, step_key: str) -> Answered:
    referral = desk.remind(referral_id, actor, step_key)
    owes = mention(S.owner_id_of(referral, S.step(step_key).track))
    return Answered(referral, msg.did_remind(mention(actor.user_id), owes))


def mark_done(desk: ReferralDesk, actor: Actor, referral_id: str) -> Answered:
    """A typed "sent" with no draft to go on: the step the person owes, due first."""
    referral, draft_name = desk.mark_done(referral_id, actor)
    note = msg.did_mark_sent(mention(actor.user_id), msg.draft_label(draft_name))
    return Answered(referral, note, sent_draft=draft_name)


def from_reply(
    desk: ReferralDesk,
    actor: Actor,
    referral_id: str,
    reply: replies.Reply,
    clock: FirmTime,
    draft_name: str = "",
) -> Answered:
    """A typed reply, done through the same calls as the buttons. `draft_name`: the draft the
    message replied to is about, so "sent" there marks that draft sent."""
    if reply.action == replies.SENT and draft_name:
        return mark_sent(desk, actor, referral_id, draft_name)
    if reply.action == replies.SENT:
        return mark_done(desk, actor, referral_id)
    if reply.action == replies.REOPEN:
        referral = desk.reopen(referral_id, actor)
        return Answered(referral, msg.did_reopen(mention(actor.user_id), referral.stage))
    if reply.action == replies.REPLIED:
        return in_conversation(desk, actor, referral_id)
    if reply.action in FOLLOWUP_STATUS:
        return followup(desk, actor, referral_id, FOLLOWUP_STATUS[reply.action])
    if reply.action in CLOSE_STAGE:
        return close(
            desk, actor, referral_id, CLOSE_STAGE[reply.action], reply.reason, reply.amount
        )
    if reply.action == replies.SNOOZE:
        until = (
            start_of(reply.until, clock.tz)
            if reply.until
            else clock.now() + timedelta(days=reply.days)
        )
        return snooze(desk, actor, referral_id, until)
    if reply.action == replies.REASSIGN:
        return reassign(desk, actor, referral_id, reply.user_id)
    raise ValueError(f"unknown reply action {reply.action!r}")
