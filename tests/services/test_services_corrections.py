"""Edit and Undo of a capture, through the use cases."""

from __future__ import annotations

import pytest
from services_helpers import ANA, PRIYA, YOU, submission

from bot.errors import PermissionDeniedError, ValidationError
from bot.services.types import SameLeadQuestion


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
    ).referral
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


# --- an edit is checked again as a new capture would be (duplicates, routing) ---------------


def test_an_edit_that_changes_the_routing_moves_the_referral_to_the_new_owner(desk, log, logged):
    assert logged.owner_slack_id == "USAM"  # payroll: Sam
    done = desk.edit_capture("R-0001", submission(context="needs an audit"), YOU)

    assert done.status == "corrected" and done.previous_owner == "USAM"
    assert (log.referrals[0].owner, log.referrals[0].owner_slack_id) == ("Priya Shah", "UPRI")
    assert [a.what for a in log.activity[-2:]] == ["Edited", "Assigned"]


def test_after_a_rerouting_edit_the_new_owner_gets_the_dm_and_the_old_ones_are_redrawn(
    desk, logged, notifier
):
    desk.edit_capture("R-0001", submission(context="needs an audit"), YOU)
    (*_, new) = notifier.of("owner_assigned")
    assert new[1:3] == ("R-0001", "UPRI")
    (redrawn,) = notifier.of("redraw")
    assert redrawn[3] == "UPRI"  # drawn as Priya's: Sam's DM keeps no buttons
    assert "moved it to Priya Shah" in redrawn[5]
    assert redrawn[6]  # the new owner's fresh DM is not redrawn over


def test_an_edit_redraws_the_dms_with_the_corrected_details_and_drafts(desk, logged, notifier):
    done = desk.edit_capture("R-0001", submission(lead_name="Janet Doe"), YOU)
    assert done.status == "corrected" and not done.previous_owner  # still Sam's
    (redrawn,) = notifier.of("redraw")
    assert redrawn[7] == "Jane Doe"  # what the DMs showed
    assert "Janet" in redrawn[8]  # the first contact as now drawn greets the corrected name


def test_an_edit_to_a_lead_already_logged_by_the_same_referrer_merges_it_there(
    desk, log, logged, notifier
):
    desk.refer(submission(lead_name="Bob Stone", lead_email="bob@stone.com"), YOU)
    done = desk.edit_capture("R-0002", submission(), YOU)  # it was Jane Doe after all

    assert done.status == "merged" and done.existing.id == "R-0001"
    second = log.referrals[1]
    assert (second.stage, second.linked_to) == ("Withdrawn", "R-0001")  # kept, never deleted
    assert len(log.referrals) == 2
    whats = [(a.referral_id, a.what) for a in log.activity[-2:]]
    assert whats == [("R-0001", "Duplicate merged"), ("R-0002", "Withdrawn")]
    assert notifier.of("redraw")[-1][2] == "Withdrawn"


def test_an_edit_to_a_lead_another_referrer_logged_is_a_conflict_for_the_coordinators(
    desk, log, logged, notifier
):
    desk.refer(
        submission(
            lead_name="Bob Stone",
            lead_email="bob@stone.com",
            referred_by="Pat Lee",
            referrer_email="pat@partner.com",
        ),
        YOU,
    )
    done = desk.edit_capture(
        "R-0002", submission(referred_by="Pat Lee", referrer_email="pat@partner.com"), YOU
    )
    assert done.status == "conflict" and done.existing.id == "R-0001"
    assert "Pat Lee" in log.referrals[0].conflict
    assert log.referrals[1].stage == "Withdrawn"
    assert notifier.of("conflict_flagged")[-1][1:3] == ("R-0001", "Pat Lee")


def test_an_edit_to_a_similar_name_asks_whether_it_is_the_same_person(desk, log, logged):
    desk.refer(submission(lead_name="Bob Stone", lead_email="bob@stone.com", company=""), YOU)
    with pytest.raises(SameLeadQuestion) as asked:
        desk.edit_capture(
            "R-0002",
            submission(
                lead_name="Jane Doe", lead_email="", lead_phone="+44 20 7946 0018", company=""
            ),
            YOU,
        )
    assert asked.value.match.id == "R-0001"
    assert log.referrals[1].lead_name == "Bob Stone"  # nothing written until they answer
    done = desk.edit_capture(
        "R-0002",
        submission(
            lead_name="Jane Doe",
            lead_email="",
            lead_phone="+44 20 7946 0018",
            company="",
            confirmed_new_lead=True,
        ),
        YOU,
    )
    assert done.status == "corrected" and log.referrals[1].lead_name == "Jane Doe"
