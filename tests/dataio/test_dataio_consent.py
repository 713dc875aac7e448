"""Issue 14's consent column in and out: an import reads it as people wrote it, an export carries
it, with the opening line beside it."""

from __future__ import annotations

import csv
import io

import pytest

from bot.dataio.columns import suggest
from bot.dataio.convert import Reading, convert
from bot.dataio.export import export_csv
from bot.domain.referral import Referral
from bot.schema import load_schema

UK = Reading("Europe/London", "GB")


def test_a_consent_column_is_suggested_for_the_consent_field():
    mapping = suggest(("Name", "Email", "Consent", "Opening line"), load_schema())
    assert mapping.key_of("Consent") == "lead_consent"
    assert mapping.key_of("Opening line") == "opening_line"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("Yes", "Yes"), ("no", "No"), ("Not asked", "Not asked"), ("Y", "Yes"), ("false", "No")],
)
def test_consent_is_read_as_people_write_it(typed, kept):
    converted = convert({"lead_name": "Jane Doe", "lead_consent": typed}, UK)
    assert converted.cells["lead_consent"] == kept and not converted.problems


def test_an_unreadable_consent_is_left_blank_with_a_note():
    converted = convert({"lead_name": "Jane Doe", "lead_consent": "maybe"}, UK)
    assert converted.cells["lead_consent"] == ""
    assert any("maybe" in note for note in converted.notes)


def test_the_export_carries_consent_and_the_opening_line():
    referral = Referral(
        id="R-0001", lead_name="Jane Doe", lead_consent="No", opening_line="=Alex said hi"
    )
    rows = list(
        csv.DictReader(io.StringIO(export_csv([referral], load_schema()).decode("utf-8-sig")))
    )
    assert rows[0]["Lead agreed to be introduced"] == "No"
    assert rows[0]["Opening line for the lead"] == "'=Alex said hi"  # escaped, never a formula
