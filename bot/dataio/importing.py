"""Carrying out an import plan: rows go to the log in batches through its outbox (durable the
moment they are queued), each batch sent together and waited for, with progress after each.

The writer paces its calls under Google's per-minute quota; a batch is a handful of API calls
whatever its size. Killed at any point, a run of the same command finds the rows already in the
log (or still in the outbox) by their keys and carries on with the rest."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.dataio.csvsafe import escape_cell
from bot.dataio.plan import NEW, Plan, PlannedRow, with_ids
from bot.dataio.tables import SourceError
from bot.log.base import ReferralLog

BATCH_ROWS = 500
BATCH_TIMEOUT_SECONDS = 300.0


@dataclass
class Applied:
    ids: dict[int, str] = field(default_factory=dict)
    """File row number -> the referral it became or landed on."""
    written: int = 0


def apply_plan(
    plan: Plan,
    log: ReferralLog,
    progress: Callable[[int, int], None],
    batch_rows: int = BATCH_ROWS,
    timeout: float = BATCH_TIMEOUT_SECONDS,
) -> Applied:
    todo = plan.to_write()
    applied = Applied()
    provisional: dict[str, str] = {}
    for start in range(0, len(todo), batch_rows):
        batch = todo[start : start + batch_rows]
        with log.holding():
            _write_batch(batch, log, provisional, applied)
        if not log.flush(timeout):
            raise SourceError(
                "The sheet did not take the last batch in time (it is safe in the outbox). "
                "Run the same command again to carry on."
            )
        applied.written += len(batch)
        progress(applied.written, len(todo))
    for planned in plan.rows:  # rows folded into a record of this import
        if planned.number not in applied.ids and planned.target in provisional:
            applied.ids[planned.number] = provisional[planned.target]
    return applied


def _write_batch(
    batch: list[PlannedRow], log: ReferralLog, provisional: dict[str, str], applied: Applied
) -> None:
    new = [p for p in batch if p.kind == NEW and p.record is not None]
    stored = log.append_referrals([(p.record, p.activity) for p in new])
    for planned, record in zip(new, stored, strict=True):
        provisional[planned.target] = record.id
        applied.ids[planned.number] = record.id
    for planned in batch:
        if planned.kind == NEW:
            continue
        planned = with_ids(planned, provisional)
        activity = [replace(a, referral_id=planned.target) for a in planned.activity]
        log.update({planned.target: planned.cells}, activity)
        applied.ids[planned.number] = planned.target


def write_report(path: Path, plan: Plan, applied: Applied | None) -> None:
    """One line per file row: what was (or would be) done, the referral, why. CSV-escaped like
    an export, since it quotes what the file said."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(["Row", "Outcome", "Referral", "Reason", "Notes"])
        for r in plan.rows:
            referral = (applied.ids.get(r.number, "") if applied else "") or (
                r.target if not r.target.startswith("file row") or applied is None else ""
            )
            cells = [r.number, r.kind, referral, r.reason, "; ".join(r.notes)]
            writer.writerow([escape_cell(c) for c in cells])
