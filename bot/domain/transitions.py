"""What each action does to a referral, as pure functions: they take the row and the facts of the
action and return the cells to write (or raise `Refused` with a plain reason). The services load,
authorise, write and notify; the rules of the change live here, once.

    touch        one email to the lead, counted once however it is recorded
    snooze       one track held until a time; the other tracks keep running
    reassign     one track handed to someone else; its nudges start again for them
    close        a clear outcome; Closed at is kept, the referrer is owed a close-the-loop
    reopen       back to an open stage; the only action a closed referral takes
    thanked      the thank-you to the referrer sent
    told         the referrer heard how it is going (the stage they now know)

Nothing but reopen, and finishing the referrer's close-the-loop, acts on a closed referral."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.domain import messages as msg
from bot.domain import referral as R
from bot.domain import steps as S
from bot.domain.cadence import ESCALATED, SNOOZED, STAGE_CHANGED_AT, STAGE_LAST, STAGE_SEEN
from bot.domain.referral import Referral
from bot.domain.steps import Track
from bot.domain.timefmt import format_dt
from bot.errors import ReferralDeskError

Cells = dict[str, str]


class Refused(ReferralDeskError):
    """The action does not apply to the referral as it stands; the message says why."""


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _nudges(referral: Referral, cells: Cells) -> dict:
    return referral.with_changes(cells).nudges


def require_open(referral: Referral, doing: str) -> None:
    if not referral.is_open:
        raise Refused(msg.closed_cannot_be(referral.id, referral.stage, doing))


def stage_cells(referral: Referral, stage: str, now: datetime, tz: str) -> Cells:
    """A stage change and what the bot keeps about it: the stage it last saw, when it moved (the
    referrer update's clock), and Closed at (the duplicate look-back's clock)."""
    nudges = {**referral.nudges, STAGE_LAST: stage, STAGE_CHANGED_AT: _iso(now)}
    closed = stage in R.CLOSED_STAGES
    return {
        "stage": stage,
        "nudge_state": json.dumps(nudges, sort_keys=True),
        "closed_at": format_dt(now, tz) if closed else "",
    }


def touch(referral: Referral, now: datetime, tz: str, number: int | None = None) -> Cells:
    """Touch `number` sent to the lead (the next one when not said). An email already counted,
    e.g. "Follow-up sent" then "Mark sent" on the same draft, changes nothing: {}."""
    require_open(referral, "followed up")
    number = number or referral.touch_count + 1
    if number <= referral.touch_count:
        return {}
    stamp = format_dt(now, tz)
    cells = {
        "touches": str(number),
        "last_touch_at": stamp,
        "followup_status": R.FOLLOWUP_SENT,
    }
    if not referral.first_contact_at:
        cells["first_contact_at"] = stamp
    if referral.stage in ("", R.NEW):
        cells.update(stage_cells(referral, R.CONTACTED, now, tz))
    return cells


def followup_status(referral: Referral, status: str) -> Cells:
    require_open(referral, "updated")
    return {"followup_status": status}


def in_conversation(referral: Referral, now: datetime, tz: str) -> Cells:
    require_open(referral, "moved to In conversation")
    cells = stage_cells(referral, R.IN_CONVERSATION, now, tz)
    return {**cells, "followup_status": R.WAITING_FOR_REPLY}


def snooze(referral: Referral, track: Track, until: datetime, now: datetime, tz: str) -> Cells:
    """Hold `track` until `until`; the other tracks are left exactly as they were."""
    if until <= now:
        raise Refused(msg.snooze_into_the_future())
    if track != S.UPDATES:
        require_open(referral, "snoozed")
    if track == S.LEAD:
        return {"snoozed_until": format_dt(until, tz)}
    nudges = {**referral.nudges, SNOOZED + track: _iso(until)}
    return {"nudge_state": json.dumps(nudges, sort_keys=True)}


def _forget_track_nudges(nudges: dict, track: Track) -> dict:
    """The track's nudge and escalation marks dropped, so its new person is reminded in turn."""

    def belongs(key: str) -> bool:
        base = key.removeprefix(ESCALATED)
        return base.split(":", 1)[0] in S.BY_KEY and S.step(base).track == track

    return {k: v for k, v in nudges.items() if not belongs(k)}


def reassign(referral: Referral, track: Track, name: str, slack_id: str) -> Cells:
    """Hand `track` to someone else. The lead's follow-up of a closed referral is not reassigned."""
    require_open(referral, "reassigned")
    if track == S.LEAD:
        cells = {"owner": name, "owner_slack_id": slack_id}
    else:
        cells = {"thankyou_owner": name, "thankyou_owner_slack_id": slack_id}
    nudges = _forget_track_nudges(referral.nudges, track)
    if track != S.LEAD:
        nudges = _forget_track_nudges(nudges, S.UPDATES if track == S.THANKS else S.THANKS)
    return {**cells, "nudge_state": json.dumps(nudges, sort_keys=True)}


def close(
    referral: Referral, stage: str, reason: str, now: datetime, tz: str, *, draft_sent_at_once: bool
) -> Cells:
    """Close as `stage`. When the close-the-loop draft goes to the thank-you owner at once, that is
    its nudge: the sweep only escalates it if nobody marks it sent."""
    if stage not in R.CLOSED_STAGES:
        raise Refused(msg.close_as_one_of(R.CLOSED_STAGES))
    if stage == R.NOT_A_FIT and not reason.strip():
        raise Refused(msg.say_why_not_a_fit())
    require_open(referral, "closed again")
    cells = {**stage_cells(referral, stage, now, tz), "outcome_reason": reason.strip()}
    if draft_sent_at_once:
        nudges = {**_nudges(referral, cells), f"{S.REFERRER_UPDATE.key}:{stage}": _iso(now)}
        cells["nudge_state"] = json.dumps(nudges, sort_keys=True)
    return cells


def reopen(referral: Referral, now: datetime, tz: str) -> Cells:
    if referral.is_open:
        raise Refused(msg.already_open(referral.id, referral.stage or R.NEW))
    stage = R.CONTACTED if referral.touch_count else R.NEW
    return {**stage_cells(referral, stage, now, tz), "outcome_reason": ""}


def thanked(referral: Referral, now: datetime, tz: str) -> Cells:
    """The thank-you to the referrer was sent (it is also the referrer's latest news)."""
    if referral.thankyou_status == R.THANKYOU_SENT and referral.thankyou_sent_at:
        return {}
    require_open(referral, "thanked now; send the close-the-loop instead")
    stamp = format_dt(now, tz)
    return {
        "thankyou_status": R.THANKYOU_SENT,
        "thankyou_sent_at": stamp,
        "referrer_last_updated": stamp,
    }


def told(referral: Referral, now: datetime, tz: str) -> Cells:
    """The referrer heard about the current stage (a status update or the close-the-loop)."""
    nudges = {**referral.nudges, STAGE_SEEN: referral.stage or R.NEW}
    return {
        "referrer_last_updated": format_dt(now, tz),
        "nudge_state": json.dumps(nudges, sort_keys=True),
    }
