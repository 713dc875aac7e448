"""Which text is the lead's, in every form the bot may have written it, and scrubbing it out."""

from __future__ import annotations

from bot.domain.erasure import ERASED, erased_cells, is_erased, personal_texts, scrub
from bot.domain.referral import Referral

JANE = Referral(
    id="R-0012",
    lead_name="Jane Doe",
    company="Smith & Co",
    lead_email="jane@acme.com",
    lead_phone="+442079460000",
    context="Needs payroll help",
    opening_line="You asked Alex about moving your payroll",
    referred_by="Alex Kim",
    next_step="Second touch to Jane Doe",
    stage="Won",
)


def test_every_form_of_the_lead_is_found_and_replaced():
    texts = personal_texts(JANE)
    written = (
        "Hi Jane Doe (JANE@ACME.COM), "
        "<mailto:jane%40acme.com?subject=Hello|Email>, tel 442079460000, Smith &amp; Co, "
        "Smith%20%26%20Co, needs payroll help"
    )
    assert scrub(written, texts) == (
        f"Hi {ERASED} ({ERASED}), <mailto:{ERASED}?subject=Hello|Email>, tel {ERASED}, "
        f"{ERASED}, {ERASED}, {ERASED}"
    )


def test_text_about_others_is_left_alone():
    assert scrub("Alex Kim referred R-0012; Won", personal_texts(JANE)) == (
        "Alex Kim referred R-0012; Won"
    )
    assert scrub("anything", []) == "anything"


def test_short_values_are_not_hunted_everywhere():
    texts = personal_texts(Referral(lead_name="Al", company="X"))
    assert texts == []


def test_the_row_keeps_its_history_with_a_marker():
    cells = erased_cells(JANE, personal_texts(JANE))
    assert cells == {
        "lead_name": ERASED,
        "company": "",
        "lead_email": "",
        "lead_phone": "",
        "context": "",
        "opening_line": "",
        "next_step": f"Second touch to {ERASED}",
    }
    assert is_erased(JANE.with_changes(cells)) and not is_erased(JANE)
