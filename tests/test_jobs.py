"""The scheduler's jobs: the weekly digest fires on DIGEST_DAY at DIGEST_HOUR in the firm's time
zone (summer time too), once, plus one run at start; the real BackgroundScheduler is driven on a
travelled clock."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import time_machine

from bot.config import load_settings
from bot.jobs import build_scheduler, digest_job, digest_trigger
from bot.services.digest import DigestRun


def settings(**env):
    return load_settings(env={"FIRM_TIMEZONE": "Europe/London", **env}, dotenv=None)


class Desk:
    """Records when the scheduler asked for the digest (and the sweep, which is not asked here)."""

    def __init__(self):
        self.digest_runs: list[datetime] = []
        self.ran = threading.Event()

    def weekly_digest(self) -> DigestRun:
        self.digest_runs.append(datetime.now(UTC))
        self.ran.set()
        return DigestRun(datetime.now(UTC))

    def sweep(self):
        raise AssertionError("the sweep is not due in these tests")


def wait_until(check, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the scheduler did not run the job in time"
        time.sleep(0.02)


def test_the_digest_trigger_is_the_firms_monday_morning_in_winter_and_summer():
    trigger = digest_trigger(settings())
    summer = trigger.get_next_fire_time(None, datetime(2026, 3, 25, 12, tzinfo=UTC))
    assert summer.astimezone(UTC) == datetime(2026, 3, 30, 7, tzinfo=UTC)  # 08:00 BST
    winter = trigger.get_next_fire_time(None, datetime(2026, 3, 18, 12, tzinfo=UTC))
    assert winter.astimezone(UTC) == datetime(2026, 3, 23, 8, tzinfo=UTC)  # 08:00 GMT


def test_the_digest_day_and_hour_are_settings():
    trigger = digest_trigger(settings(DIGEST_DAY="friday", DIGEST_HOUR="16"))
    fire = trigger.get_next_fire_time(None, datetime(2026, 3, 18, 12, tzinfo=UTC))
    assert fire.astimezone(UTC) == datetime(2026, 3, 20, 16, tzinfo=UTC)


def test_the_scheduler_runs_the_digest_at_start_then_at_the_hour_once():
    desk = Desk()
    # 07:59:58 in London on Monday 30 March (BST): the start-up run, then the 08:00 one.
    with time_machine.travel(datetime(2026, 3, 30, 6, 59, 58, tzinfo=UTC), tick=True):
        scheduler = build_scheduler(desk, interval_minutes=60, settings=settings())
        scheduler.start()
        try:
            wait_until(lambda: len(desk.digest_runs) >= 2)
            fired = scheduler.get_job("digest").next_run_time
        finally:
            scheduler.shutdown(wait=True)
    at_start, at_the_hour = desk.digest_runs[:2]
    assert at_start < datetime(2026, 3, 30, 7, tzinfo=UTC) <= at_the_hour
    assert len(desk.digest_runs) == 2
    assert fired.astimezone(UTC) == datetime(2026, 4, 6, 7, tzinfo=UTC)  # next Monday 08:00


def test_a_failing_digest_is_logged_and_left_for_the_next_run(caplog):
    from bot.errors import SheetUnavailableError

    class Down(Desk):
        def weekly_digest(self):
            raise SheetUnavailableError("Google is down", attempts=3)

    digest_job(Down())
    assert "weekly digest skipped: Google is down" in caplog.text
