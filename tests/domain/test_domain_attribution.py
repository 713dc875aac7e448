import pytest

from bot.domain.attribution import attribution_confidence
from bot.domain.referral import Referral


def referral(**cells) -> Referral:
    base = {
        "referred_by": "Alex Kim",
        "referrer_email": "alex@client.com",
        "how_introduced": "Email intro",
    }
    return Referral(**{**base, **cells})


def label(r: Referral, *, by_referrer=False, conflict=False, sheet=False) -> str:
    return attribution_confidence(
        r, logged_by_referrer=by_referrer, has_open_conflict=conflict, from_sheet=sheet
    )


@pytest.mark.parametrize("how", ["Email intro", "Web form", "email intro"])
def test_documented_introduction_with_contact_is_high(how):
    assert label(referral(how_introduced=how)) == "High"


@pytest.mark.parametrize("how", ["Mentioned in a call or meeting", "Passed along privately"])
def test_undocumented_introduction_with_contact_is_medium(how):
    assert label(referral(how_introduced=how)) == "Medium"


@pytest.mark.parametrize("how", ["Other", ""])
def test_other_or_unsaid_introduction_is_medium_never_high(how):
    assert label(referral(how_introduced=how)) == "Medium"


def test_missing_referrer_email_is_low():
    assert label(referral(referrer_email="")) == "Low"
    assert label(referral(referrer_email="not-an-email")) == "Low"


def test_missing_referrer_is_low_even_with_documentation():
    assert label(referral(referred_by="  ")) == "Low"
    assert label(referral(referred_by=""), by_referrer=True) == "Low"


def test_logged_by_the_referrer_is_high_even_without_email_or_documentation():
    assert label(referral(referrer_email="", how_introduced="Other"), by_referrer=True) == "High"


def test_a_sheet_row_cannot_claim_it_was_logged_by_the_referrer():
    row = referral(referrer_email="", how_introduced="")
    assert label(row, by_referrer=True, sheet=True) == "Low"
    assert (
        label(referral(how_introduced="Passed along privately"), by_referrer=True, sheet=True)
        == "Medium"
    )


def test_a_hand_typed_row_without_referrer_is_low():
    assert label(Referral(lead_name="Jane"), sheet=True) == "Low"


def test_an_open_conflict_is_disputed_whatever_else():
    assert label(referral(), by_referrer=True, conflict=True) == "Disputed"
    assert label(Referral(), conflict=True) == "Disputed"
