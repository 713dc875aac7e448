from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import Clock


def test_a_clock_started_at_a_moment_ticks_on_from_it_and_moves_forward():
    start = datetime(2025, 3, 12, 11, 0, tzinfo=UTC)
    clock = Clock(start)
    assert timedelta() <= clock.now() - start < timedelta(seconds=5)
    moved = clock.advance(timedelta(days=3))
    assert timedelta(days=3) <= moved - start < timedelta(days=3, seconds=5)
    with pytest.raises(ValueError):
        clock.advance(timedelta(hours=-1))


def test_without_a_start_the_clock_is_the_system_clock():
    assert abs(Clock().now() - datetime.now(UTC)) < timedelta(seconds=5)
