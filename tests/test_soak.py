"""The fault-injection soak, short: the bot as its own process (SIGKILLed once at a random moment),
the stand-ins in this one with an outage, a 429 storm, a hang and a person's edits; nothing
acknowledged is lost, duplicated or misplaced, and each urgent nudge is sent and recorded once.
`make soak` runs the long one (soak/run.py)."""

from __future__ import annotations

import pytest

from benchmarks.workload import as_slack_sends, owner_dm, wait_for
from soak.run import soak
from soak.world import OWNERS, SUBMITTER, World


@pytest.mark.timeout(240)
def test_a_short_soak_loses_duplicates_and_misplaces_nothing(tmp_path):
    report = soak(
        captures=12, answers=10, seed=24, data_dir=tmp_path, kills=1, every=4, firm_speed=600
    )
    faults = report.faults
    assert faults.kills == 1
    assert faults.outages and faults.storms and faults.hangs and faults.edits
    for figures in (report.captures, report.answers):
        assert figures.acknowledged >= 1, report.render()
        assert figures.present_once == figures.acknowledged, report.render()
        assert (figures.lost, figures.duplicated, figures.misplaced) == (0, 0, 0), report.render()
    nudges = report.nudges  # first contacts not answered within 15 firm minutes (1.5 s here)
    assert nudges.sent >= 1, report.render()
    assert nudges.present_once == nudges.sent, report.render()
    assert (nudges.lost, nudges.duplicated, nudges.misplaced) == (0, 0, 0), report.render()
    assert report.captures.sent == 12
    assert report.left_in_outbox == 0
    assert not report.failed


def test_a_bot_restarted_while_google_is_down_routes_by_the_team_it_last_read(tmp_path):
    """Killed, then started during an outage: it cannot read the log, yet a capture still goes
    to the owner the rules pick (the Team tab as last read is kept in DATA_DIR), with the
    owner's DM; the row reaches the sheet once Google is back."""
    world = World(tmp_path)
    try:
        world.start_bot()
        world.driver.slash_command(SUBMITTER, as_slack_sends(LINE % "Jane Doe"))
        assert wait_for(lambda: _owner_dm_for(world, "R-0001"), 10)
        world.kill_bot()
        world.sheets.faults.outage(30)
        world.start_bot()  # Google answers nothing: started without reading the log
        world.driver.slash_command(SUBMITTER, as_slack_sends(LINE % "Sam Roe"))
        owner = wait_for(lambda: _owner_dm_for(world, "R-0002"), 10)
        assert owner in OWNERS
        world.sheets.faults.clear()
        assert wait_for(lambda: world.pending() == 0, 20)
        rows = {r[0]: r for r in world.person.rows("Referrals")[1:] if r and r[0]}
        assert "Sam Roe" in rows["R-0002"]
    finally:
        world.close()


LINE = "%s <lead@acme.example> from Alex Kim <alex@client.example>: needs payroll help"


def _owner_dm_for(world: World, referral_id: str) -> str:
    return next((o for o in OWNERS if owner_dm(world.slack, o, referral_id)), "")
