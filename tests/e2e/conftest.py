from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine

from bot.config import Settings
from sandbox.workspace import LocalWorkspace

MONDAY_MORNING = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # 09:30 in London


@pytest.fixture(params=["http", "socket_mode"])
def ws(request, tmp_path) -> Iterator[LocalWorkspace]:
    """The local workspace, its bot reached over HTTP and over Socket Mode: every end-to-end
    scenario runs both ways."""
    settings = Settings(
        {
            "DATA_DIR": str(tmp_path),
            "FIRM_TIMEZONE": "Europe/London",
            "LOCAL_SOCKET_MODE": request.param == "socket_mode",
        }
    )
    with time_machine.travel(MONDAY_MORNING, tick=True), LocalWorkspace(settings, tmp_path) as ws:
        yield ws
