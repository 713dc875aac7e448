"""Privacy in the drafts (DESIGN.md "Privacy"): the internal Context never reaches the lead or the
referrer, the first contact says only the Opening line, and a confidential firm's referrer updates
thank without saying whether the lead became a client."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.referral import CLOSED_STAGES, OPEN_STAGES, STAGES, Referral
from bot.drafts import Drafts

FIRM = "Hale & Co Solicitors"
SENDER = "Sam Lee"
SECRET = "divorce, spouse doesn't know"
REFERRAL = Referral(
    id="R-0007",
    received="2026-03-02 09:00",
    lead_name="Jane Doe",
    company="Acme Ltd",
    lead_email="jane@acme.example",
    referred_by="Alex Kim",
    referrer_email="alex@kim.example",
    how_introduced="Mentioned in a call or meeting",
    context=SECRET,
    stage="New",
    owner="Maya Patel",
    outcome_reason="budget",
)
CLOSINGS = ("close_won", "close_not_a_fit", "close_no_response")
UPDATES = ("status_update", "periodic_update", *CLOSINGS)
# What a referrer update says when it discloses how the introduction went.
OUTCOME_WORDS = ("working with", "right fit", "haven't managed to connect", "in conversation")


@pytest.fixture(scope="module")
def drafts() -> Drafts:
    return Drafts(FIRM, tz="Europe/London")


def _texts(draft) -> str:
    return f"{draft.subject}\n{draft.body}\n{draft.mailto()}\n{draft.as_mrkdwn()}".casefold()


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("disclose", [True, False])
def test_no_draft_to_the_lead_or_the_referrer_quotes_the_context(drafts, stage, disclose):
    referral = REFERRAL.with_changes({"stage": stage})
    for name in drafts.names():
        text = _texts(
            drafts.render(name, referral=referral, sender=SENDER, disclose_outcome=disclose)
        )
        assert "divorce" not in text and "spouse" not in text, name


def test_a_firm_template_that_quotes_the_context_still_cannot_show_it(tmp_path: Path):
    (tmp_path / "first_contact.txt.j2").write_text(
        "Subject: About {{ referral.context }}\n\nHi,\n\nYou mentioned {{ referral.context }}.\n"
    )
    draft = Drafts(FIRM, override_dir=tmp_path).render(
        "first_contact", referral=REFERRAL, sender=SENDER
    )
    assert "divorce" not in _texts(draft)


def test_the_first_contact_says_the_opening_line_as_typed(drafts):
    referral = REFERRAL.with_changes({"opening_line": "Alex mentioned your move to Leeds!"})
    body = drafts.render("first_contact", referral=referral, sender=SENDER).body
    assert "Alex mentioned your move to Leeds! I'd be glad to hear more" in body
    assert "divorce" not in body


@pytest.mark.parametrize("stage", CLOSED_STAGES)
def test_a_confidential_firm_s_close_the_loop_thanks_without_the_outcome(drafts, stage):
    referral = REFERRAL.with_changes({"stage": stage})
    name = {"Won": "close_won", "Not a fit": "close_not_a_fit", "No response": CLOSINGS[2]}[stage]
    draft = drafts.render(name, referral=referral, sender=SENDER, disclose_outcome=False)
    text = _texts(draft)
    assert "thank" in text
    assert not [word for word in OUTCOME_WORDS if word in text]


def test_the_three_outcomes_read_the_same_when_the_outcome_is_not_disclosed(drafts):
    rendered = {
        (d.subject, d.body)
        for name, stage in zip(CLOSINGS, CLOSED_STAGES, strict=True)
        for d in [
            drafts.render(
                name,
                referral=REFERRAL.with_changes({"stage": stage}),
                sender=SENDER,
                disclose_outcome=False,
            )
        ]
    }
    assert len(rendered) == 1  # the referrer cannot tell a won lead from a lost one


@pytest.mark.parametrize("stage", OPEN_STAGES)
def test_a_confidential_firm_s_updates_say_nothing_of_the_conversation(drafts, stage):
    referral = REFERRAL.with_changes({"stage": stage})
    for name in ("status_update", "periodic_update"):
        text = _texts(drafts.render(name, referral=referral, sender=SENDER, disclose_outcome=False))
        assert "been in touch with jane" not in text and "in conversation" not in text


def test_by_default_the_outcome_is_told(drafts):
    won = drafts.render(
        "close_won", referral=REFERRAL.with_changes({"stage": "Won"}), sender=SENDER
    )
    assert "we're now working with jane" in won.body.casefold()


# Consent (issue 14) -----------------------------------------------------------------------------

NO_CONSENT = REFERRAL.with_changes({"lead_consent": "No"})


@pytest.mark.parametrize("name", ["first_contact", "second_touch", "third_touch"])
def test_no_draft_writes_to_a_lead_who_has_not_agreed_to_be_introduced(drafts, name):
    draft = drafts.render(name, referral=NO_CONSENT, sender=SENDER)
    assert draft.name == "ask_referrer_first"
    assert draft.to == "alex@kim.example"  # the referrer, never the lead
    assert draft.body.startswith("Hi Alex,")
    assert "check that they are happy to hear from us" in draft.body


def test_the_acknowledgment_promises_no_contact_with_a_lead_who_said_no(drafts):
    body = drafts.render("acknowledgment", referral=NO_CONSENT, sender="Ana Ruiz").body
    assert "will be in touch with Jane" not in body
    assert "we won't contact them until they have" in body


@pytest.mark.parametrize("consent", ["Yes", "Not asked", ""])
def test_a_lead_who_agreed_or_was_not_asked_gets_the_first_contact(drafts, consent):
    referral = REFERRAL.with_changes({"lead_consent": consent})
    draft = drafts.render("first_contact", referral=referral, sender=SENDER)
    assert (draft.name, draft.to) == ("first_contact", "jane@acme.example")
    said = "mentioned you'd be happy to hear from us" in draft.body
    assert said == (consent == "Yes")  # only a Yes is taken as a yes
