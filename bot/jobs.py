"""APScheduler wiring: each job is a plain function plus a trigger."""

from __future__ import annotations

import logging

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.errors import ReferralDeskError
from bot.services.desk import ReferralDesk

logger = logging.getLogger(__name__)


def sweep_job(desk: ReferralDesk) -> None:
    """One sweep; a failure is logged and the next run tries again (nudge state is in the sheet)."""
    try:
        report = desk.sweep()
    except ReferralDeskError as exc:
        logger.warning("sweep skipped: %s", exc)
        return
    logger.info(
        "sweep: %d nudged, %d escalated, %d failed, %d adopted",
        len(report.nudged),
        len(report.escalated),
        len(report.failed),
        len(report.adopted),
    )


def build_scheduler(
    desk: ReferralDesk, interval_minutes: int, interval_seconds: float = 0
) -> BackgroundScheduler:
    """The sweep every `interval_minutes` (`interval_seconds`, when given, is for tests)."""
    scheduler = BackgroundScheduler(timezone="UTC")
    trigger = (
        IntervalTrigger(seconds=interval_seconds)
        if interval_seconds > 0
        else IntervalTrigger(minutes=max(1, interval_minutes))
    )
    scheduler.add_job(
        sweep_job,
        trigger,
        args=[desk],
        id="sweep",
        max_instances=1,  # a slow sweep is never overlapped by the next one
        coalesce=True,
    )
    return scheduler
