import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.intake import (
    LIMITS,
    MAX_REFER_TEXT,
    ParsedReferral,
    _email_spans,
    parse_amount,
    parse_refer_text,
    validate_submission,
)

# --- parsing /refer text ---------------------------------------------------------------------


def test_name_email_referrer_and_context():
    parsed = parse_refer_text("Jane Doe <jane@acme.com> from Alex Kim: needs payroll help", "US")
    assert parsed == ParsedReferral(
        lead_name="Jane Doe",
        lead_email="jane@acme.com",
        referred_by="Alex Kim",
        context="needs payroll help",
    )
    assert parsed.company == ""  # never inferred from the email domain
    assert parsed.complete


def test_company_in_brackets_phone_and_referrer_email():
    parsed = parse_refer_text(
        "Jane Doe (Acme Ltd) jane@acme.com +44 20 7946 0000 from Alex Kim <alex@client.com> "
        "- wants a quote",
        "US",
    )
    assert parsed.lead_name == "Jane Doe"
    assert parsed.company == "Acme Ltd"
    assert parsed.lead_email == "jane@acme.com"
    assert parsed.lead_phone == "+442079460000"
    assert parsed.referred_by == "Alex Kim"
    assert parsed.referrer_email == "alex@client.com"
    assert parsed.context == "wants a quote"
    assert parsed.missing == ()


def test_comma_separated_pieces_and_local_phone():
    parsed = parse_refer_text("Jane Doe, Acme, 555-123-4567 from Alex: call her Tuesday", "US")
    assert (parsed.lead_name, parsed.company, parsed.lead_phone) == (
        "Jane Doe",
        "Acme",
        "+15551234567",
    )
    assert (parsed.referred_by, parsed.context) == ("Alex", "call her Tuesday")
    assert parsed.missing == ()


def test_email_only_lead_is_missing_its_name():
    parsed = parse_refer_text("jane@acme.com from Alex Kim", "US")
    assert parsed.lead_email == "jane@acme.com"
    assert parsed.lead_name == ""  # not guessed from "jane@"
    assert parsed.referred_by == "Alex Kim"
    assert parsed.missing == ("lead_name",)
    assert not parsed.complete


@pytest.mark.parametrize("separator", [": ", " - ", " — ", " – "])
def test_context_separators(separator):
    parsed = parse_refer_text(f"Jane Doe jane@acme.com from Alex Kim{separator}wants a quote", "US")
    assert parsed.referred_by == "Alex Kim"
    assert parsed.context == "wants a quote"


def test_referred_by_and_via_mark_the_referrer():
    assert (
        parse_refer_text("Jane Doe jane@acme.com referred by Sam Lee", "US").referred_by
        == "Sam Lee"
    )
    assert parse_refer_text("Jane Doe 0207 946 0000 via Sam Lee", "GB").referred_by == "Sam Lee"


def test_from_inside_the_context_is_not_the_referrer():
    parsed = parse_refer_text("Jane Doe jane@acme.com: moving from Gusto at 10:30", "US")
    assert parsed.referred_by == ""
    assert parsed.context == "moving from Gusto at 10:30"
    assert parsed.missing == ("referred_by",)


def test_a_dash_before_the_contact_separates_pieces_not_context():
    parsed = parse_refer_text("Jane Doe - jane@acme.com - needs help", "US")
    assert parsed.lead_name == "Jane Doe"
    assert parsed.lead_email == "jane@acme.com"
    assert parsed.context == "needs help"


def test_colon_in_context_keeps_emails_in_context():
    parsed = parse_refer_text(
        "Jane Doe 555-123-4567 from Alex: cc her assistant bob@acme.com", "US"
    )
    assert parsed.lead_email == ""
    assert parsed.referrer_email == ""
    assert parsed.context == "cc her assistant bob@acme.com"


def test_at_company_and_referrer_aside():
    parsed = parse_refer_text(
        "Jane Doe at Acme Inc, jane@acme.com referred by Alex Kim, our accountant — met at a fair",
        "US",
    )
    assert (parsed.lead_name, parsed.company) == ("Jane Doe", "Acme Inc")
    assert parsed.referred_by == "Alex Kim"
    assert parsed.context == "our accountant; met at a fair"


def test_emails_are_normalised_and_a_trailing_full_stop_is_dropped():
    parsed = parse_refer_text("Jane Doe JANE@Acme.com. from Alex", "US")
    assert parsed.lead_email == "jane@acme.com"


def test_invalid_contact_is_kept_as_typed_for_validation_to_flag():
    parsed = parse_refer_text("Jane Doe jane@acme from Alex", "US")
    assert parsed.lead_email == "jane@acme"
    assert "lead_email" in validate_submission(parsed.as_fields(), "US")


def test_empty_text_lists_everything_missing():
    assert parse_refer_text("", "US").missing == ("lead_name", "referred_by", "lead_email")
    assert parse_refer_text("   ", "US").missing == ("lead_name", "referred_by", "lead_email")


def test_no_contact_is_missing_lead_email():
    parsed = parse_refer_text("Jane Doe from Alex Kim", "US")
    assert parsed.missing == ("lead_email",)


def test_as_fields_uses_column_keys():
    fields = parse_refer_text("Jane Doe <jane@acme.com> from Alex Kim", "US").as_fields()
    assert set(fields) == {
        "lead_name",
        "company",
        "lead_email",
        "lead_phone",
        "referred_by",
        "referrer_email",
        "context",
        "lead_consent",
    }


@given(st.text(max_size=200))
def test_parsing_never_fails_and_missing_matches_the_fields(text):
    parsed = parse_refer_text(text, "US")
    fields = parsed.as_fields()
    assert ("lead_name" in parsed.missing) == (not fields["lead_name"])
    assert ("referred_by" in parsed.missing) == (not fields["referred_by"])
    has_contact = bool(fields["lead_email"] or fields["lead_phone"])
    assert ("lead_email" in parsed.missing) == (not has_contact)


# --- validating a submission -----------------------------------------------------------------

GOOD = {
    "lead_name": "Jane Doe",
    "company": "Acme",
    "lead_email": "jane@acme.com",
    "lead_phone": "",
    "referred_by": "Alex Kim",
    "referrer_email": "alex@client.com",
    "referrer_type": "Client",
    "how_introduced": "Email intro",
    "context": "needs payroll help",
    "est_value": "5,000",
}


def test_a_good_submission_has_no_errors():
    assert validate_submission(GOOD, "US") == {}


def test_phone_alone_is_enough_contact():
    assert (
        validate_submission({**GOOD, "lead_email": "", "lead_phone": "020 7946 0000"}, "GB") == {}
    )


def test_missing_required_fields_each_get_a_plain_fix():
    errors = validate_submission({"context": "hi"}, "US")
    assert set(errors) == {"lead_name", "referred_by", "lead_email"}
    assert errors["referred_by"] == "Who referred them? Add the referrer's name."
    assert "email" in errors["lead_email"] and "phone" in errors["lead_email"]


def test_blank_spaces_count_as_missing():
    assert "lead_name" in validate_submission({**GOOD, "lead_name": "   "}, "US")


def test_bad_emails_and_phone():
    errors = validate_submission(
        {**GOOD, "lead_email": "jane@acme", "referrer_email": "alex", "lead_phone": "12"}, "US"
    )
    assert set(errors) == {"lead_email", "referrer_email", "lead_phone"}
    assert "jane@acme" in errors["lead_email"]
    assert "country code" in errors["lead_phone"]


def test_phone_is_checked_against_the_default_region():
    local = {**GOOD, "lead_phone": "020 7946 0000"}
    assert "lead_phone" not in validate_submission(local, "GB")
    assert "lead_phone" in validate_submission(local, "US")


@pytest.mark.parametrize("key", ["lead_name", "company", "referred_by"])
def test_names_over_120_characters_are_refused(key):
    assert key not in validate_submission({**GOOD, key: "x" * 120}, "US")
    error = validate_submission({**GOOD, key: "x" * 121}, "US")[key]
    assert "120" in error and "121" in error


def test_context_limit_and_custom_limits():
    assert "context" in validate_submission({**GOOD, "context": "x" * 2001}, "US")
    assert "context" not in validate_submission({**GOOD, "context": "x" * 2000}, "US")
    assert "context" in validate_submission({**GOOD, "context": "x" * 11}, "US", {"context": 10})
    assert LIMITS["context"] == 2000


@pytest.mark.parametrize("value", ["abc", "5k", "nan", "inf", "1,2,3x"])
def test_est_value_must_be_a_number(value):
    assert "number" in validate_submission({**GOOD, "est_value": value}, "US")["est_value"]


def test_est_value_cannot_be_negative():
    assert "negative" in validate_submission({**GOOD, "est_value": "-5"}, "US")["est_value"]


@pytest.mark.parametrize("value", ["", "0", "5000", "$5,000", "£1,250.50", "€ 300"])
def test_est_value_accepts_amounts_as_people_type_them(value):
    assert "est_value" not in validate_submission({**GOOD, "est_value": value}, "US")


def test_choices_must_be_from_the_list():
    errors = validate_submission(
        {**GOOD, "referrer_type": "Cousin", "how_introduced": "Telepathy"}, "US"
    )
    assert "Client" in errors["referrer_type"]
    assert "Email intro" in errors["how_introduced"]


def test_parse_amount():
    assert parse_amount("$5,000") == 5000
    assert parse_amount("  ") is None
    with pytest.raises(ValueError):
        parse_amount("five")


@pytest.mark.parametrize(
    ("text", "name", "company", "context"),
    [
        (
            "Meet Bo Park <bo@park.io>, a friend who needs an audit",
            "Bo Park",
            "",
            "a friend who needs an audit",
        ),
        ("Please meet Jane Doe, Acme Ltd, jane@acme.com", "Jane Doe", "Acme Ltd", ""),
        ("Introducing Sam Roe sam@roe.io", "Sam Roe", "", ""),
    ],
)
def test_a_message_introducing_someone_reads_as_a_person_and_a_remark(text, name, company, context):
    parsed = parse_refer_text(text)
    assert (parsed.lead_name, parsed.company, parsed.context) == (name, company, context)


# --- linear parsing: the email finder agrees with the pattern it replaced ----------------------

# The quadratic pattern the parser used before: same answers, but a long word took seconds.
_OLD_EMAIL_TOKEN = re.compile(r"<?(?:mailto:)?[^\s<>(),;:]+@[^\s<>(),;:]+?>?(?=[\s,;:)]|$)")


@given(st.text(alphabet="ab@.<>():;, mailto", max_size=40))
def test_email_finder_agrees_with_the_old_pattern(text):
    old = _OLD_EMAIL_TOKEN.search(text)
    assert next(_email_spans(text), None) == (old.span() if old else None)


def test_long_input_beyond_the_cap_is_kept_unparsed_in_the_context():
    tail = "x" * 50
    text = "Jane Doe jane@acme.com from Alex: " + "a" * (MAX_REFER_TEXT - 34) + tail
    parsed = parse_refer_text(text, "US")
    assert (parsed.lead_name, parsed.referred_by) == ("Jane Doe", "Alex")
    assert parsed.context.endswith(tail)
    assert "context" in validate_submission(parsed.as_fields())


def test_an_email_run_hidden_in_a_long_word_is_not_taken():
    parsed = parse_refer_text(
        "Jane " + "a" * 5000 + "@acme.com(x) from Alex", "US", max_chars=10**5
    )
    assert parsed.lead_email == ""
