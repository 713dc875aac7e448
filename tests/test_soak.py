"""The fault-injection soak, short: the bot as its own process (SIGKILLed once at a random moment),
the stand-ins in this one with an outage, a 429 storm, a hang and a person's edits; nothing
acknowledged is lost, duplicated or misplaced. `make soak` runs the long one (soak/run.py)."""

from __future__ import annotations

import pytest

from soak.run import soak


@pytest.mark.timeout(240)
def test_a_short_soak_loses_duplicates_and_misplaces_nothing(tmp_path):
    report = soak(captures=12, answers=10, seed=24, data_dir=tmp_path, kills=1, every=4)
    faults = report.faults
    assert faults.kills == 1
    assert faults.outages and faults.storms and faults.hangs and faults.edits
    for figures in (report.captures, report.answers):
        assert figures.acknowledged >= 1, report.render()
        assert figures.present_once == figures.acknowledged, report.render()
        assert (figures.lost, figures.duplicated, figures.misplaced) == (0, 0, 0), report.render()
    assert report.captures.sent == 12
    assert report.left_in_outbox == 0
    assert not report.failed
