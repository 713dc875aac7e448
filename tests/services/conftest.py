"""Services over the in-memory log, real drafts and a notifier that records what it would send."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from services_helpers import TEAM, Clock, RecordingNotifier

from bot.config import load_settings
from bot.drafts import Drafts
from bot.log.base import MemoryLog
from bot.services.context import ServiceContext
from bot.services.desk import ReferralDesk


@pytest.fixture
def clock() -> Clock:
    # A Monday, 10:00 in London.
    return Clock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))


@pytest.fixture
def settings():
    return load_settings(
        env={"FIRM_TIMEZONE": "Europe/London", "DEFAULT_PHONE_REGION": "GB"}, dotenv=None
    )


@pytest.fixture
def log() -> MemoryLog:
    return MemoryLog(team=TEAM)


@pytest.fixture
def notifier() -> RecordingNotifier:
    return RecordingNotifier()


@pytest.fixture
def desk(log, notifier, settings, clock) -> ReferralDesk:
    drafts = Drafts(settings.firm_name, None, settings.firm_timezone)
    return ReferralDesk(
        ServiceContext(log, drafts, settings, notifier, now=clock.now, later=lambda task: task())
    )
