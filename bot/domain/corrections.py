"""Taking back a referral just logged by mistake (issue 7: "capture you can check and undo").

Undo never deletes: the row stays, marked Withdrawn, with an Activity line saying who withdrew it,
so the log still shows everything that happened. Only the person who logged it (or a coordinator)
may, only soon after, and only while nobody has acted on it yet. Pure: the services write."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from bot.domain import messages as msg
from bot.domain import referral as R
from bot.domain.cadence import STAGE_LAST, STAGE_SEEN
from bot.domain.referral import Referral
from bot.domain.timefmt import format_dt
from bot.errors import ReferralDeskError

UNDO_WINDOW = timedelta(minutes=10)


class CannotUndo(ReferralDeskError):
    """Why this referral cannot be withdrawn now, in words for the person who pressed Undo."""


def withdrawal(referral: Referral, now: datetime, tz: str) -> dict[str, str]:
    """The cells that mark `referral` withdrawn; raises CannotUndo with the reason when too late."""
    if referral.stage == R.WITHDRAWN:
        raise CannotUndo(msg.already_withdrawn(referral.id))
    received = referral.at("received", tz)
    if received is None or now - received > UNDO_WINDOW:
        raise CannotUndo(msg.undo_too_late(referral.id, int(UNDO_WINDOW.total_seconds() // 60)))
    if not referral.is_open or referral.touch_count or referral.first_contact_at:
        raise CannotUndo(msg.undo_after_action(referral.id, referral.stage, referral.touch_count))
    return withdrawn_cells(referral, now, tz)


def withdrawn_cells(referral: Referral, now: datetime, tz: str) -> dict[str, str]:
    """The cells of a withdrawn row: nothing due, nothing to tell, kept (never deleted)."""
    # The referrer is not to hear about a mistake: the bot counts the stage as already told.
    nudges = {**referral.nudges, STAGE_LAST: R.WITHDRAWN, STAGE_SEEN: R.WITHDRAWN}
    return {
        "stage": R.WITHDRAWN,
        "nudge_state": json.dumps(nudges),
        "next_step": "",
        "next_followup_due": "",
        "snoozed_until": "",
        "closed_at": format_dt(now, tz),
        "updated_at": format_dt(now, tz),
    }
