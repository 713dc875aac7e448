"""Reading `clock ...` moves and saying how far the clock has moved."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sandbox.clock_moves import describe, parse_move

NOW = datetime(2026, 3, 2, 16, 30, tzinfo=ZoneInfo("Europe/London"))


@pytest.mark.parametrize(
    ("typed", "moved"),
    [
        ("+2h", timedelta(hours=2)),
        ("3d", timedelta(days=3)),
        ("+1w", timedelta(weeks=1)),
        ("+1d 4h", timedelta(days=1, hours=4)),
        ("+90M", timedelta(minutes=90)),
        ("09:00", timedelta(hours=16, minutes=30)),  # tomorrow morning
        ("17:00", timedelta(minutes=30)),  # later today
    ],
)
def test_moves_people_type(typed, moved):
    assert parse_move(typed, NOW) == moved


@pytest.mark.parametrize("typed", ["", "soon", "-2h", "2", "+2y", "25:00", "+99999w", "1e9d"])
def test_anything_else_is_refused(typed):
    assert parse_move(typed, NOW) is None


def test_the_offset_is_said_in_days_hours_and_minutes():
    assert describe(timedelta(days=2, hours=3, minutes=5)) == "2d 3h 5m"
    assert describe(timedelta(hours=1)) == "1h"
    assert describe(timedelta()) == ""
