"""Rows a person typed into the sheet become referrals like any other: an ID, a Received date,
a stage, an owner, and an Activity line saying they came from the sheet."""

from __future__ import annotations

from bot.domain import referral as R
from bot.domain.attribution import attribution_confidence
from bot.domain.cadence import STAGE_LAST, mark_nudged
from bot.domain.referral import Referral
from bot.domain.routing import active_counts_by_owner, route
from bot.log.base import Adoption, Snapshot
from bot.services.context import ServiceContext


def _cells(
    ctx: ServiceContext, row: Referral, snapshot: Snapshot, counts: dict[str, int]
) -> dict[str, str]:
    cells = {
        "received": row.received or ctx.stamp(),
        "stage": row.stage or R.NEW,
        "touches": row.touches or "0",
        "channel": row.channel or R.CHANNEL_SHEET,
        "updated_at": ctx.stamp(),
    }
    owner = snapshot.member_named(row.owner)
    if owner is None and not row.owner.strip():
        decision = route(
            row,
            snapshot.team,
            counts,
            None,
            ctx.settings.high_value_threshold,
            ctx.settings.default_max_active,
        )
        owner = decision.owner
    if owner is not None:
        cells.update({"owner": owner.name, "owner_slack_id": owner.slack_user_id})
        counts[owner.slack_user_id] = counts.get(owner.slack_user_id, 0) + 1
    cells["nudge_state"] = mark_nudged(row.nudges, STAGE_LAST, ctx.now(), value=cells["stage"])
    if not row.thankyou_status:
        cells["thankyou_status"] = R.THANKYOU_TODO
    if not row.thankyou_owner_slack_id and owner is not None:
        cells.update({"thankyou_owner": owner.name, "thankyou_owner_slack_id": owner.slack_user_id})
    completed = row.with_changes(cells)
    cells["attribution_confidence"] = row.attribution_confidence or attribution_confidence(
        completed, logged_by_referrer=False, has_open_conflict=False, from_sheet=True
    )
    return cells


def adopt_typed_rows(ctx: ServiceContext, snapshot: Snapshot) -> list[str]:
    """Give every hand-typed row an ID and what the bot needs to follow it; one write for all."""
    rows = [row for row in snapshot.untracked if row.lead_name.strip() or row.lead_email.strip()]
    if not rows:
        return []
    counts = active_counts_by_owner(snapshot.referrals)
    adoptions = []
    for row in rows:
        cells = _cells(ctx, row, snapshot, counts)
        note = ctx.activity("", "Sheet", "Logged", "typed into the sheet")
        adoptions.append(Adoption(row=row, cells=cells, activity=(note,)))
    ids = ctx.log.adopt(adoptions)
    for adoption, new_id in zip(adoptions, ids, strict=True):
        adopted = adoption.row.with_changes({**adoption.cells, "id": new_id})
        if adopted.owner_slack_id:
            ctx.notifier.owner_assigned(
                adopted, adopted.owner_slack_id, ctx.draft("first_contact", adopted)
            )
    return ids
