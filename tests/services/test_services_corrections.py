"""Edit and Undo of a capture, through the use cases."""

from __future__ import annotations

import pytest
from services_helpers import ANA, PRIYA, YOU, submission

from bot.errors import PermissionDeniedError, ValidationError


@pytest.fixture
def logged(desk, log):
    desk.refer(submission(), YOU)
    return log.referrals[0]


def test_undo_withdraws_keeps_the_row_and_tells_the_owner(desk, log, logged, notifier, clock):
    clock.advance(minutes=5)
    withdrawn = desk.undo_capture("R-0001", YOU)

    assert len(log.referrals) == 1 and log.referrals[0].stage == "Withdrawn" == withdrawn.stage
    assert (log.activity[-1].what, log.activity[-1].referral_id) == ("Withdrawn", "R-0001")
    (told,) = notifier.of("changed_by_other")
    assert told[2] == logged.owner_slack_id


def test_undo_is_refused_too_late_and_to_others(desk, log, logged, clock):
    with pytest.raises(PermissionDeniedError, match="Only the person who logged R-0001"):
        desk.undo_capture("R-0001", PRIYA)
    clock.advance(minutes=11)
    with pytest.raises(ValidationError) as refused:
        desk.undo_capture("R-0001", YOU)
    assert "can no longer be undone" in refused.value.errors["undo"]
    assert log.referrals[0].stage == "New"


def test_a_coordinator_may_undo_in_time(desk, log, logged):
    assert desk.undo_capture("R-0001", ANA).stage == "Withdrawn"


def test_edit_writes_only_what_changed_in_the_same_row(desk, log, logged):
    corrected = desk.edit_capture(
        "R-0001", submission(company="Acme Holdings", lead_email="JANE@ACME.COM"), YOU
    )
    assert len(log.referrals) == 1
    assert (corrected.company, corrected.lead_email) == ("Acme Holdings", "jane@acme.com")
    assert log.referrals[0].company == "Acme Holdings"
    assert log.activity[-1].what == "Edited" and "company" in log.activity[-1].details
    assert "jane" not in log.activity[-1].details  # names which fields, not their values


def test_edit_checks_the_form_like_a_capture(desk, log, logged):
    with pytest.raises(ValidationError) as refused:
        desk.edit_capture("R-0001", submission(lead_email="not-an-email"), YOU)
    assert "lead_email" in refused.value.errors
    assert log.referrals[0].lead_email == "jane@acme.com"
