"""Issue 7's one-line `/refer` cases: what was typed is read as a person would read it, names are
kept as typed, and what the parser would have to guess is flagged so the form opens instead."""

from __future__ import annotations

import pytest

from bot.domain.intake import parse_refer_text


def parsed(text: str):
    return parse_refer_text(text, "GB")


def test_last_first_is_one_name_not_a_name_and_a_company():
    lead = parsed("Smith, John <john@smith.com> from Alex Kim: tax return")
    assert (lead.lead_name, lead.company) == ("John Smith", "")
    assert lead.certain


def test_last_first_then_a_company():
    lead = parsed("Smith, John, Acme Ltd <john@acme.com> from Alex Kim: tax")
    assert (lead.lead_name, lead.company) == ("John Smith", "Acme Ltd")


@pytest.mark.parametrize(
    "text",
    [
        "Jane Doe, CFO at Acme jane@acme.com from Alex Kim: audit",
        "Jane Doe (CFO at Acme) jane@acme.com from Alex Kim: audit",
        "Jane Doe, CFO, Acme jane@acme.com from Alex Kim: audit",
        "Jane Doe CFO at Acme jane@acme.com from Alex Kim: audit",
    ],
)
def test_a_role_is_not_the_company(text):
    lead = parsed(text)
    assert (lead.lead_name, lead.company) == ("Jane Doe", "Acme")
    assert lead.context == "Role: CFO; audit"


def test_a_company_typed_after_the_name_is_still_the_company():
    lead = parsed("Jane Doe, Acme Ltd jane@acme.com from Alex Kim: audit")
    assert (lead.lead_name, lead.company) == ("Jane Doe", "Acme Ltd")


def test_quoted_text_is_taken_as_typed():
    lead = parsed('"Doe, Jane" jane@acme.com from "Kim, Alex": needs help: urgent')
    assert (lead.lead_name, lead.referred_by) == ("Doe, Jane", "Kim, Alex")
    assert lead.context == "needs help: urgent"
    quoted = parsed('Jane Doe jane@acme.com from Alex Kim: "moving from Gusto - soon"')
    assert quoted.context == '"moving from Gusto - soon"'


def test_without_a_colon_the_context_never_becomes_the_referrer_s_name():
    lead = parsed("Jane Doe jane@acme.com from Alex Kim needs payroll help")
    assert lead.referred_by == "Alex Kim"
    assert lead.context == "needs payroll help"
    assert lead.unsure == ("referred_by",) and not lead.certain  # the form opens to check


def test_without_a_colon_a_remark_after_the_lead_is_flagged_too():
    lead = parsed("Jane Doe jane@acme.com needs payroll help from Alex Kim")
    assert (lead.lead_name, lead.context) == ("Jane Doe", "needs payroll help")
    assert lead.unsure == ("lead_name",)


@pytest.mark.parametrize(
    ("text", "lead", "referrer"),
    [
        ("Ludwig van Beethoven <lvb@music.de> from Maria de la Cruz: piano", "Ludwig van Beethoven",
         "Maria de la Cruz"),
        ("ludwig van beethoven <lvb@music.de> from MARIA DE LA CRUZ: piano",
         "ludwig van beethoven", "MARIA DE LA CRUZ"),
        ("Ms Smith <s@smith.com> from Dr. Alex Kim: piano", "Ms Smith", "Dr. Alex Kim"),
        ("Seán Ó Briain <sean@x.ie> from Aoife McCarthy: probate", "Seán Ó Briain",
         "Aoife McCarthy"),
    ],
)  # fmt: skip
def test_names_are_kept_as_typed(text, lead, referrer):
    found = parsed(text)
    assert (found.lead_name, found.referred_by) == (lead, referrer)
    assert found.certain


def test_a_well_formed_line_is_certain():
    lead = parsed(
        "Jane Doe (Acme Ltd) jane@acme.com +44 20 7946 0000 from Alex Kim <alex@client.com> "
        "- wants a quote"
    )
    assert (lead.lead_name, lead.company, lead.referred_by) == ("Jane Doe", "Acme Ltd", "Alex Kim")
    assert lead.context == "wants a quote" and lead.certain


@pytest.mark.parametrize(
    ("text", "consent", "context"),
    [
        ("Jane Doe jane@acme.com from Alex Kim consent: no: payroll", "No", "payroll"),
        ("Jane Doe jane@acme.com from Alex Kim (consent yes): payroll", "Yes", "payroll"),
        ("Jane Doe jane@acme.com from Alex Kim: payroll, consent not asked", "Not asked", "payroll"),
        ("Jane Doe jane@acme.com from Alex Kim: has not agreed to be introduced", "No",
         "has not agreed to be introduced"),
        ("Jane Doe jane@acme.com from Alex Kim: payroll", "", "payroll"),
    ],
)  # fmt: skip
def test_consent_said_in_the_line(text, consent, context):
    found = parsed(text)
    assert (found.lead_consent, found.context) == (consent, context)
