"""Claims in the Conflict cell: each with a stable identity, its time and evidence, old cells
still readable, decisions appended."""

from __future__ import annotations

from bot.domain.conflicts import (
    claim_key,
    decision_cells,
    every_claim,
    find_claim,
    is_open,
    open_claims,
    parse_claim,
    round_claims,
    summary,
)
from bot.domain.referral import Referral

NEW_STYLE = (
    "Also referred by Bea Tran <bea@partner.com> on 2026-03-02 11:00 (logged by Sam Lee via "
    "Slash command, evidence: https://firm.slack.com/archives/C1/p1)"
)
CLAIMED = (
    "Also referred by Pat Lee <pat@partner.com> on 2026-02-20 (claimed by Tia Thanks on "
    "2026-03-03 09:00, evidence: Pat emailed Ana on 20 Feb)"
)
OLD_STYLE = (
    "Also referred by Sam Lee <sam@x.com> on 2024-05-10 09:00; Also referred by Bo on 2024-05-11"
)


def jane(conflict: str = "", **changes: str) -> Referral:
    base = Referral(
        id="R-0001",
        received="2026-03-01 10:00",
        lead_name="Jane Doe",
        referred_by="Alex Kim",
        referrer_email="alex@client.com",
        how_introduced="Email intro",
        logged_by="Max",
        conflict=conflict,
    )
    return base.with_changes(changes)


def test_a_claim_reads_back_its_name_email_time_source_and_evidence():
    bea = parse_claim(NEW_STYLE)
    assert (bea.name, bea.email, bea.when) == ("Bea Tran", "bea@partner.com", "2026-03-02 11:00")
    assert bea.source == "logged by Sam Lee via Slash command"
    assert bea.evidence == "https://firm.slack.com/archives/C1/p1"
    pat = parse_claim(CLAIMED)
    assert (pat.source, pat.evidence) == (
        "claimed by Tia Thanks on 2026-03-03 09:00",
        "Pat emailed Ana on 20 Feb",
    )


def test_a_cell_written_the_old_way_still_reads():
    assert [(c.name, c.email, c.when, c.evidence) for c in every_claim(OLD_STYLE)] == [
        ("Sam Lee", "sam@x.com", "2024-05-10 09:00", ""),
        ("Bo", "", "2024-05-11", ""),
    ]
    assert is_open(OLD_STYLE)
    assert not is_open("Resolved 2024-05-12 09:00 by Ana Ruiz: credit to Sam Lee")


def test_a_claims_key_names_the_person_not_the_position():
    assert claim_key("Bea Tran", "BEA@partner.com ") == claim_key("bea  tran", "bea@partner.com")
    assert claim_key("Bea Tran", "bea@partner.com") != claim_key("Bea Tran", "")
    reordered = jane(f"{CLAIMED}; {NEW_STYLE}")
    bea = claim_key("Bea Tran", "bea@partner.com")
    assert find_claim(jane(f"{NEW_STYLE}; {CLAIMED}"), bea) == find_claim(reordered, bea)


def test_the_standing_referrer_is_a_claim_like_the_others():
    claims = open_claims(jane(f"{NEW_STYLE}; {CLAIMED}"))
    assert [(c.name, c.standing) for c in claims] == [
        ("Alex Kim", True),
        ("Bea Tran", False),
        ("Pat Lee", False),
    ]
    assert (claims[0].when, claims[0].evidence) == ("2026-03-01 10:00", "Email intro")


def test_a_decision_credits_exactly_its_claim_and_is_appended():
    referral = jane(f"{NEW_STYLE}; {CLAIMED}")
    bea = find_claim(referral, claim_key("Bea Tran", "bea@partner.com"))
    cells = decision_cells(referral, bea, "Ana Ruiz", "2026-03-04 10:00")
    assert (cells["referred_by"], cells["referrer_email"]) == ("Bea Tran", "bea@partner.com")
    assert cells["conflict"].startswith(f"{NEW_STYLE}; {CLAIMED}; Resolved 2026-03-04 10:00")
    decided = referral.with_changes(cells)
    assert not is_open(decided.conflict) and round_claims(decided.conflict) == []
    assert summary(decided).endswith(f"(was Alex Kim) [{bea.key}]")


def test_keeping_the_standing_referrer_changes_no_credit():
    referral = jane(NEW_STYLE)
    cells = decision_cells(referral, open_claims(referral)[0], "Ana Ruiz", "2026-03-04 10:00")
    assert set(cells) == {"conflict"} and not is_open(cells["conflict"])


def test_a_summary_names_who_else_claims_an_open_conflict():
    assert summary(jane(f"{NEW_STYLE}; {CLAIMED}")) == (
        "Undecided: also claimed by Bea Tran <bea@partner.com>, Pat Lee <pat@partner.com>"
    )
    assert summary(jane("typed by a partner: ask Ana")) == "typed by a partner: ask Ana"
    assert summary(jane()) == ""
