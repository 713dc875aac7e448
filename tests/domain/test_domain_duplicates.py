from datetime import UTC, datetime

import pytest

from bot.domain.duplicates import (
    DuplicateCheck,
    confirm_possible,
    conflict_claims,
    decide_duplicate,
    find_matches,
    names_similar,
)
from bot.domain.referral import CONFIDENCE_DISPUTED, Referral

NOW = datetime(2024, 6, 3, 10, 0, tzinfo=UTC)


def existing(**cells) -> Referral:
    base = {
        "id": "R-0001",
        "received": "2024-05-01 09:00",
        "updated_at": "2024-05-01 09:00",
        "lead_name": "Jane Doe",
        "company": "Acme Ltd",
        "lead_email": "jane@acme.com",
        "lead_phone": "+14155550132",
        "referred_by": "Alex Kim",
        "referrer_email": "alex@client.com",
        "stage": "New",
        "owner": "Olivia Owner",
        "owner_slack_id": "U_OWNER",
    }
    return Referral(**{**base, **cells})


def candidate(**cells) -> Referral:
    base = {"lead_name": "Someone Else", "referred_by": "Alex Kim"}
    return Referral(**{**base, **cells})


def check(new: Referral, rows, **kwargs) -> DuplicateCheck:
    return find_matches(new, rows, NOW, **kwargs)


# --- same lead --------------------------------------------------------------------------------


def test_no_rows_no_match():
    assert check(candidate(lead_email="jane@acme.com"), []) == DuplicateCheck()


def test_same_email_after_normalising_is_a_duplicate():
    result = check(candidate(lead_email="  JANE@Acme.com "), [existing()])
    assert result.kind == "duplicate"
    assert result.match.id == "R-0001"
    assert result.exact
    assert result.reason == "same email address"


def test_same_phone_typed_differently_is_a_duplicate():
    result = check(candidate(lead_phone="(415) 555-0132"), [existing()])
    assert (result.kind, result.reason) == ("duplicate", "same phone number")


def test_phone_uses_the_default_region():
    old = existing(lead_phone="+442079460000", lead_email="")
    assert (
        check(candidate(lead_phone="020 7946 0000"), [old], default_region="GB").kind == "duplicate"
    )
    assert check(candidate(lead_phone="020 7946 0000"), [old], default_region="US").kind == "none"


def test_similar_name_at_the_same_company():
    new = candidate(lead_name="jane  doe", company="ACME Limited", lead_email="jd@other.org")
    result = check(new, [existing()])
    assert (result.kind, result.exact) == ("duplicate", False)
    assert "same company" in result.reason


def test_similar_name_with_the_same_company_domain():
    new = candidate(lead_name="Doe, Jane", lead_email="j.doe@acme.com")
    result = check(new, [existing(lead_email="jane@acme.com", company="")])
    assert result.kind == "duplicate"
    assert "email domain" in result.reason


def test_a_shared_free_mail_domain_proves_nothing():
    new = candidate(lead_name="Jane Doe", lead_email="jane.doe77@gmail.com")
    result = check(new, [existing(lead_email="jdoe@gmail.com", company="")])
    assert result.kind == "possible"  # only the name is similar


def test_similar_name_alone_is_possible():
    result = check(candidate(lead_name="Jane Doe"), [existing()])
    assert result.kind == "possible"
    assert result.reason == "similar name only"
    assert not result.exact


def test_similar_name_at_a_different_named_company_is_someone_else():
    assert check(candidate(lead_name="Jane Doe", company="Globex"), [existing()]).kind == "none"


def test_different_name_and_contacts_is_no_match():
    assert check(candidate(lead_name="John Smith", company="Acme"), [existing()]).kind == "none"


def test_name_threshold_is_respected():
    assert names_similar("jane doe", "jane doe", 88)
    assert names_similar("doe jane", "jane doe", 88)
    assert not names_similar("jane doe", "joan dole", 88)
    assert not names_similar("", "", 0)
    # The threshold is how alike two spellings of a word must be (Alexander, Alexandre).
    new = candidate(lead_name="Alexandre Doe", company="Acme")
    old = existing(lead_name="Alexander Doe")
    assert check(new, [old], name_threshold=80).kind == "duplicate"
    assert check(new, [old], name_threshold=99).kind == "none"


def test_a_row_is_not_its_own_duplicate():
    row = existing()
    assert check(row, [row]).kind == "none"


# --- look-back window --------------------------------------------------------------------------


def test_an_open_lead_of_any_age_is_a_duplicate():
    old = existing(received="2020-01-01 09:00", updated_at="2020-01-01 09:00", stage="Contacted")
    assert check(candidate(lead_email="jane@acme.com"), [old]).kind == "duplicate"


@pytest.mark.parametrize("stage", ["Won", "Not a fit", "No response"])
def test_closed_within_the_window_is_a_duplicate(stage):
    old = existing(stage=stage, closed_at="2024-03-06 10:00")  # 89 days before NOW
    assert check(candidate(lead_email="jane@acme.com"), [old]).kind == "duplicate"


def test_closed_before_the_window_is_linked():
    old = existing(stage="Won", closed_at="2024-03-04 10:00")  # 91 days before NOW
    result = check(candidate(lead_email="jane@acme.com"), [old])
    assert (result.kind, result.match.id) == ("linked", "R-0001")


def test_the_window_counts_from_the_close_not_from_a_later_write():
    # Closed 91 days ago; a merge note written last week refreshed Updated at.
    old = existing(stage="Won", closed_at="2024-03-04 10:00", updated_at="2024-05-28 10:00")
    assert check(candidate(lead_email="jane@acme.com"), [old]).kind == "linked"


def test_window_length_is_a_setting():
    old = existing(stage="Won", closed_at="2024-05-01 10:00")
    assert check(candidate(lead_email="jane@acme.com"), [old], lookback_days=30).kind == "linked"


def test_closed_without_closed_at_falls_back_to_updated_at_then_received():
    old = existing(stage="Not a fit", updated_at="", received="2023-01-01 09:00")
    assert check(candidate(lead_email="jane@acme.com"), [old]).kind == "linked"


def test_old_closed_possible_match_is_not_asked_about():
    old = existing(stage="Won", closed_at="2023-01-01 10:00")
    assert check(candidate(lead_name="Jane Doe"), [old]).kind == "none"


def test_window_dates_are_read_in_the_firm_time_zone():
    # 90 days and a few hours: inside the window in UTC-10, outside in UTC.
    old = existing(stage="Won", closed_at="2024-03-05 06:00")
    assert check(candidate(lead_email="jane@acme.com"), [old], tz="UTC").kind == "linked"
    assert (
        check(candidate(lead_email="jane@acme.com"), [old], tz="Pacific/Honolulu").kind
        == "duplicate"
    )


# --- choosing among several matches ------------------------------------------------------------


def test_exact_match_beats_a_fuzzy_one():
    fuzzy = existing(id="R-0005", lead_email="", lead_phone="", received="2024-06-01 09:00")
    exact = existing(id="R-0002", lead_name="J. Doe", company="")
    result = check(
        candidate(lead_name="Jane Doe", company="Acme", lead_email="jane@acme.com"), [fuzzy, exact]
    )
    assert result.match.id == "R-0002"
    assert result.exact


def test_open_beats_closed_then_newest_wins():
    closed = existing(id="R-0001", stage="Won", closed_at="2024-06-01 09:00")
    older_open = existing(id="R-0002", received="2024-04-01 09:00")
    newer_open = existing(id="R-0003", received="2024-05-20 09:00")
    result = check(candidate(lead_email="jane@acme.com"), [closed, older_open, newer_open])
    assert result.match.id == "R-0003"


def test_a_duplicate_beats_an_old_linked_record():
    old_closed = existing(id="R-0001", stage="Won", closed_at="2022-01-01 09:00")
    recent_fuzzy = existing(id="R-0009", lead_email="", lead_phone="", received="2024-05-30 09:00")
    new = candidate(lead_name="Jane Doe", company="Acme", lead_email="jane@acme.com")
    result = check(new, [old_closed, recent_fuzzy])
    assert (result.kind, result.match.id) == ("duplicate", "R-0009")


def test_confirmed_distinct_records_are_not_asked_again():
    rows = [existing(id="R-0004", lead_email="", lead_phone="")]
    assert check(candidate(lead_name="Jane Doe"), rows).kind == "possible"
    assert (
        check(candidate(lead_name="Jane Doe"), rows, confirmed_distinct={"R-0004"}).kind == "none"
    )


def test_confirm_possible_turns_it_into_a_duplicate():
    possible = check(candidate(lead_name="Jane Doe"), [existing()])
    assert confirm_possible(possible).kind == "duplicate"
    assert confirm_possible(DuplicateCheck()).kind == "none"


# --- same referrer -----------------------------------------------------------------------------


def test_same_referrer_by_email():
    new = candidate(
        lead_email="jane@acme.com", referred_by="A. Kim", referrer_email="ALEX@client.com"
    )
    assert check(new, [existing()]).same_referrer


def test_same_referrer_by_similar_name():
    new = candidate(lead_email="jane@acme.com", referred_by="alex kim", referrer_email="")
    assert check(new, [existing()]).same_referrer


def test_different_referrer():
    new = candidate(lead_email="jane@acme.com", referred_by="Sam Lee", referrer_email="sam@x.com")
    assert not check(new, [existing()]).same_referrer


# --- what to do --------------------------------------------------------------------------------


def test_no_match_creates():
    assert decide_duplicate(DuplicateCheck(), candidate(), NOW).action == "create"


def test_linked_creates_a_new_record_pointing_at_the_old():
    old = existing(stage="Won", closed_at="2023-01-01 10:00")
    decision = decide_duplicate(
        check(candidate(lead_email="jane@acme.com"), [old]), candidate(), NOW
    )
    assert decision.action == "create_linked"
    assert decision.new_cells == {"linked_to": "R-0001"}
    assert decision.cells == {}


def test_possible_asks_the_submitter():
    decision = decide_duplicate(
        check(candidate(lead_name="Jane Doe"), [existing()]), candidate(), NOW
    )
    assert (decision.action, decision.existing_id) == ("confirm", "R-0001")
    assert decision.facts["owner"] == "Olivia Owner"


def test_same_referrer_merges_with_a_note_and_owner_facts():
    new = candidate(
        lead_email="jane@acme.com", channel="Slash command", logged_by="Pat", context="x"
    )
    decision = decide_duplicate(check(new, [existing(lead_phone="")]), new, NOW)
    assert decision.action == "merge"
    assert decision.existing_id == "R-0001"
    assert decision.activity_what == "Duplicate merged"
    assert "Alex Kim" in decision.activity_details and "Pat" in decision.activity_details
    assert decision.cells == {"updated_at": "2024-06-03 10:00"}
    assert decision.facts["owner"] == "Olivia Owner"
    assert decision.facts["owner_slack_id"] == "U_OWNER"
    assert decision.facts["received"] == "2024-05-01 09:00"
    assert not decision.notify_coordinators


def test_merge_fills_only_blank_contact_cells():
    old = existing(lead_phone="", company="Acme Ltd")
    new = candidate(lead_email="jane@acme.com", lead_phone="+14155550199", company="Acme Group")
    decision = decide_duplicate(check(new, [old]), new, NOW)
    assert decision.cells["lead_phone"] == "+14155550199"
    assert "company" not in decision.cells  # a person's value is never replaced


def test_different_referrer_is_a_conflict_and_first_keeps_credit():
    new = candidate(lead_email="jane@acme.com", referred_by="Sam Lee", referrer_email="SAM@x.com")
    decision = decide_duplicate(check(new, [existing()]), new, NOW, tz="Europe/London")
    assert decision.action == "conflict"
    assert decision.cells["conflict"] == (
        "Also referred by Sam Lee <sam@x.com> on 2024-06-03 11:00 (evidence: none given)"
    )
    assert decision.cells["attribution_confidence"] == CONFIDENCE_DISPUTED
    assert "referred_by" not in decision.cells  # credit stays with Alex Kim
    assert "reward_state" not in decision.cells  # Disputed is what freezes the reward
    assert decision.activity_what == "Conflict flagged"
    assert "Alex Kim" in decision.activity_details
    assert decision.notify_coordinators


def test_a_second_conflict_is_appended():
    old = existing(conflict="Also referred by Sam Lee on 2024-05-10 09:00")
    new = candidate(lead_email="jane@acme.com", referred_by="Chris Park")
    decision = decide_duplicate(check(new, [old]), new, NOW)
    assert decision.cells["conflict"] == (
        "Also referred by Sam Lee on 2024-05-10 09:00; "
        "Also referred by Chris Park on 2024-06-03 10:00 (evidence: none given)"
    )
    assert [name for name, _, _ in conflict_claims(decision.cells["conflict"])] == [
        "Sam Lee",
        "Chris Park",
    ]


def test_a_competing_referrer_already_named_is_only_noted():
    old = existing(conflict="Also referred by Sam Lee <sam@x.com> on 2024-05-10 09:00")
    new = candidate(lead_email="jane@acme.com", referred_by="sam lee")
    decision = decide_duplicate(check(new, [old]), new, NOW)
    assert decision.action == "merge"
    assert "conflict" not in decision.cells


def test_a_submission_without_a_referrer_never_claims_credit():
    new = candidate(lead_email="jane@acme.com", referred_by="")
    assert decide_duplicate(check(new, [existing()]), new, NOW).action == "merge"


def test_conflict_claims_reads_names_emails_and_dates():
    text = "Also referred by Sam Lee <sam@x.com> on 2024-05-10 09:00; Also referred by Bo on 2024-05-11"
    assert conflict_claims(text) == [
        ("Sam Lee", "sam@x.com", "2024-05-10 09:00"),
        ("Bo", "", "2024-05-11"),
    ]
    assert conflict_claims("") == []
