"""The drafts people send: every template renders, nothing leaks, links and Slack text stay inert."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2.exceptions import SecurityError, UndefinedError

from bot.domain.referral import (
    CLOSED_STAGES,
    OPEN_STAGES,
    REWARD_APPROVED,
    REWARD_AWAITING_APPROVAL,
    REWARD_DECLINED,
    REWARD_NOT_APPLICABLE,
    REWARD_PAID,
    REWARD_PENDING,
    Referral,
)
from bot.drafts import (
    LEAD_DRAFTS,
    MAILTO_MAX_LENGTH,
    Draft,
    DraftError,
    Drafts,
    first_name,
    format_date,
    full_name,
    money,
)
from bot.errors import ConfigError, ReferralDeskError

FIRM = "Smith & Partners"
SENDER = "Sam Lee"
REWARD_WORDS = re.compile(
    r"\b(?:reward|gift|fee|bonus|voucher|commission)(?:s|es|ed|ing)?\b", re.IGNORECASE
)
BUILTIN = {
    "acknowledgment",
    "thank_you",
    "first_contact",
    "second_touch",
    "third_touch",
    "status_update",
    "close_won",
    "close_not_a_fit",
    "close_no_response",
    "decline",
    "periodic_update",
    "claim_outcome",
    "ask_referrer_first",
}
REFERRER_CLOSINGS = ("close_won", "close_not_a_fit", "close_no_response")

FULL = Referral(
    id="R-0042",
    received="2024-03-05 14:30",
    lead_name="Jane Doe",
    company="Acme Ltd",
    lead_email="jane@acme.example",
    referred_by="Alex Kim",
    referrer_email="alex@kim.example",
    referrer_type="Client",
    how_introduced="Mentioned in a call or meeting",
    context="needs payroll help",
    est_value="12000",
    stage="Contacted",
    owner="Maya Patel",
    first_contact_at="2024-03-06 09:15",
    touches="1",
    outcome_reason="budget",
    reward_state=REWARD_APPROVED,
    reward_amount="£50",
)
MINIMAL = Referral(
    id="R-0043", received="2024-04-01 10:00", lead_name="Bo", referred_by="Kim", stage="New"
)
MESSY = Referral(
    id="R-0044",
    received="not a date",
    lead_name="dr. josé  o'neil\n",
    company="Müller & Söhne <GmbH>",
    lead_email="jose+ref@muller.example",
    referred_by="  ",
    referrer_email="",
    how_introduced="Web form",
    context="Line one\nline two & <b>three</b>",
    stage="In conversation",
    reward_state="",
)
EMAIL_INTRO = Referral(
    id="R-0045",
    lead_name="Ana Lima",
    referred_by="Priya Shah",
    referrer_email="priya@example.org",
    how_introduced="Email intro",
    stage="Won",
)
SAMPLES = {"full": FULL, "minimal": MINIMAL, "messy": MESSY, "email_intro": EMAIL_INTRO}
NAMES = Drafts(FIRM).names()


@pytest.fixture(scope="module")
def drafts() -> Drafts:
    return Drafts(FIRM, tz="Europe/London")


def make_override(tmp_path: Path, files: dict[str, str]) -> Drafts:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return Drafts(FIRM, override_dir=tmp_path)


# Every template -------------------------------------------------------------------------------


def test_names_are_the_builtin_drafts_and_not_the_partials():
    assert set(NAMES) == BUILTIN
    assert "_signature" not in NAMES


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("sample", SAMPLES)
@pytest.mark.parametrize("stage", OPEN_STAGES + CLOSED_STAGES)
def test_every_template_renders_a_tidy_email(drafts, name, sample, stage):
    referral = SAMPLES[sample].with_changes({"stage": stage})
    draft = drafts.render(name, referral=referral, sender=SENDER)

    assert draft.name == name
    assert draft.subject and "\n" not in draft.subject and draft.subject == draft.subject.strip()
    assert draft.body.endswith(f"{SENDER}\n{FIRM}")
    assert "{" not in draft.subject + draft.body and "}" not in draft.subject + draft.body
    assert not draft.body.startswith("\n") and "\n\n\n" not in draft.body
    assert all(line == line.rstrip() for line in draft.body.split("\n"))
    expected_to = referral.lead_email if name in LEAD_DRAFTS else referral.referrer_email
    assert draft.to == expected_to.strip()


@pytest.mark.parametrize("name", NAMES)
def test_lead_and_referrer_are_greeted_by_first_name(drafts, name):
    draft = drafts.render(name, referral=FULL, sender=SENDER)
    greeting = "Hi Jane," if name in LEAD_DRAFTS else "Hi Alex,"
    assert draft.body.startswith(greeting)


def test_blank_names_fall_back_to_a_neutral_greeting(drafts):
    referral = MINIMAL.with_changes({"referred_by": "", "lead_name": ""})
    assert drafts.render("acknowledgment", referral=referral, sender=SENDER).body.startswith(
        "Hi there,"
    )
    first = drafts.render("first_contact", referral=referral, sender=SENDER)
    assert first.body.startswith("Hi there,")
    assert "A mutual contact suggested we get in touch" in first.body


def test_first_contact_names_the_referrer_and_uses_the_opening_line_not_the_context(drafts):
    referral = FULL.with_changes({"opening_line": "Alex said you are reviewing payroll"})
    draft = drafts.render("first_contact", referral=referral, sender=SENDER)
    assert draft.subject == "Introduction from Alex Kim"
    assert "Alex Kim suggested we get in touch" in draft.body
    assert "Alex said you are reviewing payroll. I'd be glad to hear more" in draft.body
    assert "needs payroll help" not in draft.body
    plain = drafts.render("first_contact", referral=FULL, sender=SENDER).body
    assert "what you're working on at Acme Ltd" in plain and "needs payroll help" not in plain
    assert "short call" in draft.body


def test_first_contact_follows_how_the_lead_was_introduced(drafts):
    web = drafts.render("first_contact", referral=MESSY, sender=SENDER)
    assert web.subject == f"Thank you for getting in touch with {FIRM}"
    email = drafts.render("first_contact", referral=EMAIL_INTRO, sender=SENDER)
    assert "Thanks to Priya Shah for the introduction" in email.body


def test_names_are_kept_as_typed_and_line_breaks_never_reach_the_subject(drafts):
    referral = FULL.with_changes({"lead_name": "Ludwig van\nBeethoven"})
    draft = drafts.render("acknowledgment", referral=referral, sender=SENDER)
    assert draft.subject == "Thank you for introducing Ludwig van Beethoven"
    cruz = FULL.with_changes({"lead_name": "Maria de la Cruz"})
    body = drafts.render("acknowledgment", referral=cruz, sender=SENDER).body
    assert "introducing Maria de la Cruz at Acme Ltd" in body


@pytest.mark.parametrize("name", ["acknowledgment", "thank_you", *REFERRER_CLOSINGS])
@pytest.mark.parametrize("stage", OPEN_STAGES + CLOSED_STAGES)
def test_the_referrer_is_thanked_whatever_the_outcome(drafts, name, stage):
    draft = drafts.render(name, referral=FULL.with_changes({"stage": stage}), sender=SENDER)
    assert "thank you" in draft.body.casefold()


@pytest.mark.parametrize("name", NAMES)
def test_no_draft_promises_an_outcome(drafts, name):
    text = drafts.render(name, referral=FULL, sender=SENDER).body.casefold()
    for promise in ("guarantee", "will definitely", "we will win", "sure to", "certain to"):
        assert promise not in text


@pytest.mark.parametrize("name", ["status_update", "periodic_update", *REFERRER_CLOSINGS])
def test_updates_to_the_referrer_keep_the_lead_s_details_private(drafts, name):
    referral = FULL.with_changes({"context": "divorce settlement", "outcome_reason": "cannot pay"})
    body = drafts.render(name, referral=referral, sender=SENDER).body
    for private in ("divorce settlement", "cannot pay", "12000", "jane@acme.example"):
        assert private not in body


@pytest.mark.parametrize(
    ("stage", "phrase"),
    [
        ("New", "Maya Patel is looking after it"),
        ("Contacted", "we've now been in touch with Jane"),
        ("In conversation", "we're now in conversation with Jane"),
    ],
)
def test_status_update_says_where_things_stand(drafts, stage, phrase):
    body = drafts.render(
        "status_update", referral=FULL.with_changes({"stage": stage}), sender=SENDER
    ).body
    assert phrase in body


def test_the_owner_writing_their_own_update_says_i(drafts):
    body = drafts.render("acknowledgment", referral=FULL, sender="maya patel").body
    assert "I'll be in touch with Jane shortly" in body
    assert "Maya Patel will be in touch" not in body


def test_decline_gives_the_reason_and_an_optional_suggestion(drafts):
    plain = drafts.render("decline", referral=FULL, sender=SENDER)
    assert plain.to == "jane@acme.example"
    assert "the reason is this: budget." in plain.body
    chosen = drafts.render(
        "decline",
        referral=FULL,
        sender=SENDER,
        reason="it is outside our area of practice.",
        suggestion="Jones & Co",
    )
    assert "the reason is this: it is outside our area of practice." in chosen.body
    assert "You may find that Jones & Co can help" in chosen.body


def test_periodic_update_and_follow_ups_show_dates_in_words(drafts):
    assert (
        "(on 5 March 2024)" in drafts.render("periodic_update", referral=FULL, sender=SENDER).body
    )
    assert (
        "note of 6 March 2024" in drafts.render("second_touch", referral=FULL, sender=SENDER).body
    )


def test_firm_name_comes_from_the_drafts_unless_given(drafts):
    assert drafts.render("third_touch", referral=FULL, sender=SENDER).subject.endswith(FIRM)
    other = drafts.render("third_touch", referral=FULL, sender=SENDER, firm="Other LLP")
    assert other.subject.endswith("Other LLP")


# Errors ---------------------------------------------------------------------------------------


def test_draft_error_belongs_to_the_product_family():
    assert issubclass(DraftError, ReferralDeskError)


def test_a_missing_variable_is_an_error_not_a_blank(drafts):
    with pytest.raises(DraftError, match="sender") as caught:
        drafts.render("acknowledgment", referral=FULL)
    assert isinstance(caught.value.__cause__, UndefinedError)
    with pytest.raises(DraftError, match="referral"):
        drafts.render("first_contact", sender=SENDER)


@pytest.mark.parametrize("name", ["no_such_draft", "../README", "_signature", "Thank_You", ""])
def test_unknown_template_names_are_refused(drafts, name):
    with pytest.raises(DraftError):
        drafts.render(name, referral=FULL, sender=SENDER)


@pytest.mark.parametrize(
    "expression",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ referral.__class__.__init__.__globals__ }}",
        "{{ referral.from_row.__func__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os }}",
    ],
)
def test_the_sandbox_refuses_python_internals(tmp_path, expression):
    drafts = make_override(tmp_path, {"thank_you.txt.j2": f"Subject: Hi\n\n{expression}\n"})
    with pytest.raises(DraftError, match="may not do") as caught:
        drafts.render("thank_you", referral=FULL, sender=SENDER)
    assert isinstance(caught.value.__cause__, SecurityError)


def test_the_sandbox_refuses_to_change_values(tmp_path):
    drafts = make_override(
        tmp_path, {"thank_you.txt.j2": "Subject: Hi\n\n{% set seen = [] %}{{ seen.append(1) }}\n"}
    )
    with pytest.raises(DraftError):
        drafts.render("thank_you", referral=FULL, sender=SENDER)


def test_a_template_without_subject_line_fails_at_start(tmp_path):
    with pytest.raises(DraftError, match=r"welcome\.txt\.j2.*line 1.*Subject"):
        make_override(tmp_path, {"welcome.txt.j2": "Hello {{ sender }}\n"})


def test_a_syntax_error_fails_at_start_with_file_and_line(tmp_path):
    with pytest.raises(DraftError, match=r"thank_you\.txt\.j2, line 4"):
        make_override(tmp_path, {"thank_you.txt.j2": "Subject: Hi\n\nHello\n{% if %}\n"})


def test_a_missing_override_folder_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="TEMPLATES_OVERRIDE_DIR"):
        Drafts(FIRM, override_dir=tmp_path / "nope")


def test_an_unknown_time_zone_is_a_config_error():
    with pytest.raises(ConfigError, match="Mars/Olympus"):
        Drafts(FIRM, tz="Mars/Olympus")


# Overrides ------------------------------------------------------------------------------------


def test_an_override_replaces_one_template_and_leaves_the_others(tmp_path):
    drafts = make_override(
        tmp_path,
        {
            "thank_you.txt.j2": "{# ours #}\n{% set who = sender %}\nSubject: Cheers\n\nThanks, {{ who }}\n"
        },
    )
    ours = drafts.render("thank_you", referral=FULL, sender=SENDER)
    assert (ours.subject, ours.body, ours.to) == ("Cheers", "Thanks, Sam Lee", "alex@kim.example")
    builtin = drafts.render("acknowledgment", referral=FULL, sender=SENDER)
    assert builtin.subject == "Thank you for introducing Jane Doe"
    assert set(drafts.names()) == BUILTIN


def test_an_override_can_add_a_draft_and_use_the_shared_signature(tmp_path):
    drafts = make_override(
        tmp_path,
        {
            "welcome_pack.txt.j2": 'Subject: Pack\n\nEnclosed.\n\n{% include "_signature.txt.j2" %}\n'
        },
    )
    assert "welcome_pack" in drafts.names()
    draft = drafts.render("welcome_pack", referral=FULL, sender=SENDER)
    assert draft.body == f"Enclosed.\n\n{SENDER}\n{FIRM}"
    assert draft.to == FULL.referrer_email


def test_an_override_mentioning_an_unapproved_reward_is_refused(tmp_path):
    drafts = make_override(
        tmp_path,
        {"thank_you.txt.j2": "Subject: Thanks\n\nA £50 Voucher is on its way, {{ sender }}.\n"},
    )
    with pytest.raises(DraftError, match="voucher"):
        drafts.render("thank_you", referral=FULL, sender=SENDER)
    approved = drafts.render("thank_you", referral=FULL, sender=SENDER, reward_approved=True)
    assert "Voucher" in approved.body


def test_an_override_guarding_on_the_sheet_state_alone_is_still_refused(tmp_path):
    guard = '{% if referral.reward_state == "Approved" %}Your gift is approved.{% endif %}'
    drafts = make_override(tmp_path, {"thank_you.txt.j2": f"Subject: Thanks\n\n{guard}\n"})
    assert FULL.reward_state == REWARD_APPROVED
    with pytest.raises(DraftError, match="gift"):
        drafts.render("thank_you", referral=FULL, sender=SENDER, reward_approved=False)


def test_a_reward_word_in_the_subject_or_a_template_literal_is_refused(tmp_path):
    drafts = make_override(
        tmp_path,
        {
            "a.txt.j2": "Subject: Your referral bonus\n\nHi\n",
            "b.txt.j2": "Subject: Hi\n\n{{ 'Commission' ~ 's' }} apply.\n",
        },
    )
    for name in ("a", "b"):
        with pytest.raises(DraftError):
            drafts.render(name, referral=MINIMAL, sender=SENDER)


# Rewards --------------------------------------------------------------------------------------

REWARD_STATES = [
    "",
    REWARD_NOT_APPLICABLE,
    REWARD_PENDING,
    REWARD_AWAITING_APPROVAL,
    REWARD_APPROVED,
    REWARD_PAID,
    REWARD_DECLINED,
    "approved",
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("state", REWARD_STATES)
@pytest.mark.parametrize("flag", [False, True])
def test_no_draft_mentions_a_reward_unless_approved(drafts, name, state, flag):
    referral = FULL.with_changes({"reward_state": state, "reward_amount": "50"})
    draft = drafts.render(name, referral=referral, sender=SENDER, reward_approved=flag)
    mentions = REWARD_WORDS.search(f"{draft.subject}\n{draft.body}")
    if not (flag and state == REWARD_APPROVED):
        assert mentions is None


def test_thank_you_mentions_the_approved_reward(drafts):
    draft = drafts.render("thank_you", referral=FULL, sender=SENDER, reward_approved=True)
    assert "referral reward of £50" in draft.body


def test_reward_approved_must_be_exactly_true(drafts):
    draft = drafts.render("thank_you", referral=FULL, sender=SENDER, reward_approved="yes")
    assert REWARD_WORDS.search(draft.body) is None


def test_reward_words_from_the_referral_itself_are_allowed(drafts):
    referral = MINIMAL.with_changes(
        {
            "lead_name": "Gift Okafor",
            "opening_line": "You had a question about\nfee structures",
            "company": "Bonus Ltd",
        }
    )
    draft = drafts.render("first_contact", referral=referral, sender=SENDER)
    assert draft.body.startswith("Hi Gift,")
    assert "question about fee structures." in draft.body
    plain = drafts.render(
        "first_contact", referral=referral.with_changes({"opening_line": ""}), sender=SENDER
    )
    assert "at Bonus Ltd" in plain.body
    decline = drafts.render("decline", referral=referral, sender=SENDER, reason="We don't do fees.")
    assert "We don't do fees." in decline.body


user_text = st.lists(
    st.sampled_from([*"abcdefghij XYZ&<>@!.,'-\n", "fee", "gift", "reward", "é", "<@U1>"]),
    max_size=20,
).map("".join)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lead=user_text,
    referrer=user_text,
    opening=user_text,
    company=user_text,
    stage=st.sampled_from(OPEN_STAGES + CLOSED_STAGES),
    state=st.sampled_from(REWARD_STATES),
)
def test_templates_add_no_reward_words_of_their_own_whatever_the_data(
    drafts, lead, referrer, opening, company, stage, state
):
    # render() refuses reward words that are not part of the referral's own text, so any leak
    # from a template would raise here.
    referral = FULL.with_changes(
        {
            "lead_name": lead,
            "referred_by": referrer,
            "opening_line": opening,
            "company": company,
            "stage": stage,
            "reward_state": state,
        }
    )
    for name in NAMES:
        draft = drafts.render(name, referral=referral, sender=SENDER)
        assert "\n" not in draft.subject


# Slack and mailto -----------------------------------------------------------------------------


def test_as_mrkdwn_keeps_mentions_and_links_inert(drafts):
    referral = FULL.with_changes(
        {"lead_name": "<@U123> & <!channel>", "referred_by": "<https://evil.example|Alex>"}
    )
    text = drafts.render("acknowledgment", referral=referral, sender=SENDER).as_mrkdwn()
    assert text.startswith("*Thank you for introducing &lt;@U123&gt; &amp; &lt;!channel&gt;*\n\n")
    assert "<" not in text and ">" not in text
    assert "Smith &amp; Partners" in text
    assert "Hi &lt;https://evil.example|Alex&gt;," in text


def test_as_mrkdwn_escapes_ampersands_once():
    draft = Draft("x", "", "A &amp; B", "x < y && y > z")
    assert draft.as_mrkdwn() == "*A &amp;amp; B*\n\nx &lt; y &amp;&amp; y &gt; z"


def parse_mailto(link: str) -> tuple[str, str, str]:
    parts = urlsplit(link)
    assert parts.scheme == "mailto"
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert set(query) == {"subject", "body"} and all(len(v) == 1 for v in query.values())
    return unquote(parts.path), query["subject"][0], query["body"][0]


def test_mailto_encodes_every_special_character():
    draft = Draft(
        "x",
        "jane+ref@acme.example",
        "Q&A? 100% yes #1",
        "Hi Jane,\n\nCafé — naïve ✓ 日本\nA+B = C & D?&body=evil\n",
    )
    link = draft.mailto()
    assert link.startswith(
        "mailto:jane%2Bref@acme.example?subject=Q%26A%3F%20100%25%20yes%20%231&body="
    )
    assert " " not in link and "\n" not in link and "+" not in link
    assert link.count("?") == 1 and link.count("&") == 1
    assert "%0D%0A%0D%0ACaf%C3%A9" in link
    assert parse_mailto(link) == (draft.to, draft.subject, draft.body.replace("\n", "\r\n"))


def test_mailto_address_cannot_add_headers():
    link = Draft("x", "a@b.example?bcc=spy@evil.example", "S", "B").mailto()
    to, subject, body = parse_mailto(link)
    assert (to, subject, body) == ("a@b.example?bcc=spy@evil.example", "S", "B")


def test_mailto_of_a_rendered_draft_round_trips(drafts):
    draft = drafts.render("first_contact", referral=MESSY, sender=SENDER)
    assert parse_mailto(draft.mailto()) == (
        "jose+ref@muller.example",
        draft.subject,
        draft.body.replace("\n", "\r\n"),
    )


def test_a_long_body_is_cut_at_a_line_boundary():
    lines = [f"Line {i}: some words to make it longer, café" for i in range(200)]
    draft = Draft("x", "jane@acme.example", "Subject", "\n".join(lines))
    link = draft.mailto()
    assert len(link) <= MAILTO_MAX_LENGTH
    _, _, body = parse_mailto(link)
    kept = body.split("\r\n")
    assert kept[-1] == "…"
    assert kept[:-1] == lines[: len(kept) - 1] and len(kept) > 10


def test_a_single_huge_line_is_cut_inside_it():
    draft = Draft("x", "j@a.example", "S", "ü" * 5000)
    link = draft.mailto()
    assert len(link) <= MAILTO_MAX_LENGTH
    body = parse_mailto(link)[2]
    assert body.endswith("…") and set(body[:-1]) == {"ü"}


def test_a_short_body_is_not_cut():
    draft = Draft("x", "j@a.example", "S", "Hello\n\nBye")
    assert parse_mailto(draft.mailto())[2] == "Hello\r\n\r\nBye"


@settings(max_examples=150, deadline=None)
@given(to=st.text(max_size=400), subject=st.text(max_size=900), body=st.text(max_size=3000))
def test_any_mailto_is_capped_and_parses(to, subject, body):
    link = Draft("x", to, subject, body).mailto()
    assert len(link) <= MAILTO_MAX_LENGTH
    assert link.isascii() and " " not in link
    got_to, got_subject, got_body = parse_mailto(link)
    assert got_to in ("", to.strip())
    if len(to.strip().encode()) < 100:  # a real address, never dropped
        assert got_to == to.strip()
    if len(quote(subject, safe="")) <= 600:
        assert got_subject == subject
    assert got_subject == subject or subject.startswith(got_subject.removesuffix("…"))
    full_body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    if got_body != full_body:  # cut: what is kept is the start of the body, then "…"
        assert got_body.endswith("…")
        assert full_body.startswith(got_body.removesuffix("…").removesuffix("\r\n"))


def test_an_address_too_long_to_be_real_is_left_out():
    link = Draft("x", "a" * 400 + "@example.org", "S", "B").mailto()
    assert link == "mailto:?subject=S&body=B"


# Filters --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jane Doe", "Jane"),
        ("  jane   doe ", "jane"),  # kept as typed
        ("Dr. Jane Doe", "Jane"),
        ("Mr Ng", "Mr Ng"),
        ("Ms Smith", "Ms Smith"),  # not "Hi Smith"
        ("Dr. Ann Lee-Wong", "Ann"),
        ("Smith, John", "John"),
        ("Dr", "Dr"),
        ("JEAN-LUC PICARD", "JEAN-LUC"),
        ("McKenzie Smith", "McKenzie"),
        ("Jane Doe, CPA", "Jane"),
        ("jane@acme.example", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_first_name(name, expected):
    assert first_name(name) == expected


def test_full_name_keeps_names_as_typed():
    assert full_name("jane  van der BERG\n") == "jane van der BERG"
    assert full_name("Ludwig van Beethoven") == "Ludwig van Beethoven"
    assert full_name("Maria de la Cruz") == "Maria de la Cruz"
    assert full_name("Ronan McDonald-Smith") == "Ronan McDonald-Smith"


@pytest.mark.parametrize(
    ("value", "style", "expected"),
    [
        ("2024-03-05 14:30", "long", "5 March 2024"),
        ("2024-03-05 14:30", "short", "5 Mar"),
        ("2024-03-05 14:30", "weekday", "Tuesday 5 March 2024"),
        ("2024-03-05 14:30", "datetime", "5 March 2024, 14:30"),
        ("2024-07-01T23:30:00+00:00", "datetime", "2 July 2024, 00:30"),
        ("2024-03-05", "%d/%m/%Y", "05/03/2024"),
        ("next week", "long", "next week"),
        ("", "long", ""),
    ],
)
def test_format_date(value, style, expected):
    assert format_date(value, "Europe/London", style) == expected


def test_an_unknown_date_style_is_a_draft_error(tmp_path):
    drafts = make_override(
        tmp_path, {"thank_you.txt.j2": "Subject: S\n\n{{ referral.received | date('fancy') }}\n"}
    )
    with pytest.raises(DraftError, match="fancy"):
        drafts.render("thank_you", referral=FULL, sender=SENDER)


@pytest.mark.parametrize(
    ("value", "symbol", "expected"),
    [
        ("1250", "", "1,250"),
        ("1250.5", "", "1,250.50"),
        ("£1250.5", "", "£1,250.50"),
        ("$ 40", "", "$40"),
        ("50 gbp", "", "50 GBP"),
        ("-£12", "", "-£12"),
        ("75", "€", "€75"),
        ("£75", "€", "£75"),
        (1250, "", "1,250"),
        ("about fifty", "", "about fifty"),
        ("", "", ""),
    ],
)
def test_money(value, symbol, expected):
    assert money(value, symbol) == expected
