import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.domain.normalise import (
    LEGAL_SUFFIXES,
    _normalise_unicode_name,
    email_domain,
    is_free_mail,
    is_valid_email,
    is_valid_phone,
    normalise_company,
    normalise_email,
    normalise_name,
    normalise_phone,
)

# --- email -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("jane@acme.com", "jane@acme.com"),
        ("  Jane.Doe@ACME.com \t", "jane.doe@acme.com"),
        ("<jane@acme.com>", "jane@acme.com"),
        ("mailto:Jane@Acme.com", "jane@acme.com"),
        ("j.d+tag@mail.acme.co.uk", "j.d+tag@mail.acme.co.uk"),
        ("x@münchen.de", "x@münchen.de"),
    ],
)
def test_normalise_email_trims_and_lowers(typed, normal):
    assert normalise_email(typed) == normal
    assert is_valid_email(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "",
        None,
        "jane",
        "jane@",
        "@acme.com",
        "jane@acme",
        "jane doe@acme.com",
        "a@b..com",
        "a@-b.com",
    ],
)
def test_not_an_email_normalises_to_blank(typed):
    assert normalise_email(typed) == ""
    assert not is_valid_email(typed)


@given(st.emails())
def test_generated_emails_are_valid_and_normalising_is_idempotent(email):
    normal = normalise_email(email)
    if normal:  # st.emails() may produce exotic forms our deliberately plain rule refuses
        assert normalise_email(normal) == normal
        assert normal == normal.strip().lower()


@given(st.text(max_size=40))
def test_normalise_email_is_idempotent_on_any_text(text):
    assert normalise_email(normalise_email(text)) == normalise_email(text)


@given(st.sampled_from(["jane@acme.com", "sam.lee@client.co.uk"]), st.text(" \t\n", max_size=4))
def test_email_ignores_case_and_surrounding_whitespace(email, space):
    assert normalise_email(space + email.upper() + space) == email


def test_email_domain():
    assert email_domain("Jane@Acme.COM") == "acme.com"
    assert email_domain("not an email") == ""


FREE = "gmail.com GMail.com yahoo.co.uk hotmail.fr outlook.com icloud.com aol.com protonmail.com"
FREE += " proton.me gmx.de me.com outlook.com.au live.co.uk"


@pytest.mark.parametrize("domain", FREE.split())
def test_free_mail_domains(domain):
    assert is_free_mail(domain)


@pytest.mark.parametrize(
    "domain", ["acme.com", "mail.acme.com", "gmail.acme.com", "acme.co.uk", ""]
)
def test_company_domains_are_not_free_mail(domain):
    assert not is_free_mail(domain)


def test_is_free_mail_accepts_an_address_too():
    assert is_free_mail("jane@gmail.com")


# --- phone -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "region", "e164"),
    [
        ("+44 20 7946 0000", "US", "+442079460000"),
        ("020 7946 0000", "GB", "+442079460000"),
        ("(415) 555-0132", "US", "+14155550132"),
        ("415.555.0132", "US", "+14155550132"),
        ("555-123-4567", "US", "+15551234567"),
        ("+1 202 555 0143", "GB", "+12025550143"),
        ("0044 20 7946 0000", "GB", "+442079460000"),
        ("+14155550132", "", "+14155550132"),
    ],
)
def test_normalise_phone_gives_e164(typed, region, e164):
    assert normalise_phone(typed, region) == e164
    assert is_valid_phone(typed, region)


@pytest.mark.parametrize(
    "typed", ["", None, "12", "call me", "jane@acme.com", "123-45", "020 7946 0000"]
)
def test_not_a_phone_normalises_to_blank(typed):
    # The last one has no country code and the default region is US, where it is too short.
    assert normalise_phone(typed, "US") == ""
    assert not is_valid_phone(typed, "US")


def test_zeros_that_read_back_differently_are_not_a_number():
    # Found by the property below: "000000" in DE once gave "+4900000", which reads back as "+490000".
    assert normalise_phone("000000", "DE") == ""
    assert normalise_phone("000001", "DE") == ""


def test_same_number_typed_two_ways_is_equal():
    assert normalise_phone("020 7946 0000", "GB") == normalise_phone("+44 (0)20 7946 0000", "US")


@given(st.text("0123456789 +-().", max_size=20), st.sampled_from(["US", "GB", "DE", "AU"]))
def test_normalise_phone_is_idempotent(text, region):
    once = normalise_phone(text, region)
    assert normalise_phone(once, region) == once
    assert once == "" or (once.startswith("+") and once[1:].isdigit())


# --- names and companies --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("Jane Doe", "jane doe"),
        ("  JANE   DOE ", "jane doe"),
        ("José Müller", "jose muller"),
        ("O'Brien", "obrien"),
        ("O’Brien", "obrien"),
        ("Mary-Jane Smith, Jr.", "mary jane smith jr"),
        ("Straße", "strasse"),
        ("ＪＡＮＥ", "jane"),
        ("हिन्दी नाम", "हिन्दी नाम"),  # vowel signs are kept: only Latin-style accents go
        ("", ""),
        ("...", ""),
    ],
)
def test_normalise_name(typed, normal):
    assert normalise_name(typed) == normal


@given(st.text(max_size=40))
def test_normalise_name_is_idempotent(text):
    assert normalise_name(normalise_name(text)) == normalise_name(text)


@given(st.text(max_size=40))
def test_normalise_name_keeps_only_words_and_single_spaces(text):
    normal = normalise_name(text)
    assert normal == normal.strip()
    assert "  " not in normal
    assert all(c == " " or unicodedata.category(c)[0] in "LNM" for c in normal)


@given(st.text(max_size=40))
def test_normalise_name_ignores_casefolding(text):
    assert normalise_name(text.casefold()) == normalise_name(text)


@given(st.lists(st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=8), max_size=5))
def test_normalise_name_ignores_whitespace_between_words(words):
    assert normalise_name(" \t ".join(words) + "  ") == normalise_name(" ".join(words))


@given(st.text(st.characters(codec="ascii", categories=["Lu", "Ll", "Zs"]), max_size=30))
def test_ascii_names_ignore_case(text):
    assert normalise_name(text.upper()) == normalise_name(text.lower())


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("Acme", "acme"),
        ("Acme Ltd", "acme"),
        ("ACME, Ltd.", "acme"),
        ("Acme Limited", "acme"),
        ("Acme Inc.", "acme"),
        ("Acme, LLC", "acme"),
        ("Acme L.L.C.", "acme"),
        ("Acme S.A.", "acme"),
        ("Acme GmbH", "acme"),
        ("Acme Pty Ltd", "acme"),
        ("Acme Holdings PLC", "acme holdings"),
        ("Acme B.V.", "acme"),
        ("The Acme Corp", "acme"),
        ("Smith & Co", "smith"),
        ("Smith and Sons Ltd", "smith and sons"),
        ("Müller GmbH", "muller"),
        ("Limited", "limited"),  # a name that is only a suffix is kept, not emptied
        ("", ""),
    ],
)
def test_normalise_company_strips_legal_suffixes(typed, normal):
    assert normalise_company(typed) == normal


def test_companies_that_differ_only_in_suffix_are_equal():
    assert normalise_company("Acme Ltd") == normalise_company("ACME limited") == "acme"
    assert normalise_company("Acme") != normalise_company("Acme Holdings")


@given(st.text(max_size=40))
def test_normalise_company_is_idempotent(text):
    assert normalise_company(normalise_company(text)) == normalise_company(text)


@given(
    st.text(st.characters(codec="ascii", categories=["Lu", "Ll"]), min_size=1, max_size=12),
    st.sampled_from(["Ltd", "Inc.", "LLC", "GmbH", "plc", "Limited", "S.A."]),
)
def test_adding_a_legal_suffix_changes_nothing(name, suffix):
    # A one-word name that is itself a suffix ("Co") is kept on purpose, so it is left out here.
    assume(name.lower() not in LEGAL_SUFFIXES | {"and", "the"})
    assert normalise_company(f"{name} {suffix}") == normalise_company(name) == name.lower()


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_plain_ascii_names_normalise_as_the_unicode_rules_would(text):
    assert normalise_name(text) == _normalise_unicode_name(text)
