"""APScheduler wiring: each job is a plain function plus a trigger."""

from __future__ import annotations

import logging

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.config import Settings
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


def digest_job(desk: ReferralDesk) -> None:
    """The weekly digest for the latest slot, unless it went out already (the record is on
    disk, so a restart or a second fire sends nothing twice); a failure is tried next run."""
    try:
        run = desk.weekly_digest()
    except ReferralDeskError as exc:
        logger.warning("weekly digest skipped: %s", exc)
        return
    if run.posted or run.charted:
        logger.info("weekly digest for %s: posted %s, chart %s", run.slot, run.posted, run.charted)


def digest_trigger(settings: Settings) -> CronTrigger:
    """DIGEST_DAY at DIGEST_HOUR:00 in the firm's time zone (summer time included)."""
    return CronTrigger(
        day_of_week=settings.digest_day[:3],
        hour=settings.digest_hour,
        minute=0,
        timezone=settings.firm_timezone,
    )


def build_scheduler(
    desk: ReferralDesk,
    interval_minutes: int,
    interval_seconds: float = 0,
    settings: Settings | None = None,
) -> BackgroundScheduler:
    """The sweep every `interval_minutes` (`interval_seconds`, when given, is for tests) and,
    with `settings`, the weekly digest on its day and hour plus one run at start (a digest
    missed while the bot was down goes out then; the first start only opens the record)."""
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
    if settings is not None:
        common = dict(args=[desk], max_instances=1, coalesce=True, misfire_grace_time=None)
        scheduler.add_job(digest_job, digest_trigger(settings), id="digest", **common)
        scheduler.add_job(digest_job, DateTrigger(), id="digest-at-start", **common)
    return scheduler
