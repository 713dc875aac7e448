"""The lead index may only narrow where the duplicate check looks, never change what it finds."""

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.duplicates import find_matches
from bot.domain.lead_index import LeadIndex, active_counts, name_blocks, recount, sound_code
from bot.domain.referral import Referral
from bot.domain.routing import active_counts_by_owner
from bot.log.base import Snapshot

NOW = datetime(2024, 6, 3, 10, 0, tzinfo=UTC)
FIRST = ["Jane", "Catherine", "Mohammed", "José", "Siobhán", "Margaret", "Jon", "Anne", "Li"]
LAST = ["Doe", "Thompson", "O'Brien", "van der Berg", "Müller", "Haddad", "Smith", "Nguyen"]
COMPANIES = ["Acme Ltd", "Globex", "Initech LLC", "", "Umbrella Corp."]
TITLES = ["Dr", "Mrs", "Mr", "Prof."]


def test_sound_code_hears_c_and_k_and_drops_vowels():
    assert sound_code("catherine") == sound_code("katherine") == sound_code("kathryn") == "2365"
    assert sound_code("thompson") == sound_code("tompsen")


def test_titles_initials_and_particles_make_no_block_of_their_own():
    assert not {k for k in name_blocks("dr j van") if k.startswith("w:")}
    assert "w:smith" in name_blocks("dr j smith")


def test_a_typo_in_every_word_still_shares_a_block():
    assert name_blocks("margaret thomson") & name_blocks("margaet thompson")


def _typo(word: str, kind: int, at: int) -> str:
    if len(word) < 2:
        return word
    i = at % len(word)
    if kind == 0:
        return word[:i] + word[i + 1 :]  # a letter left out
    if kind == 1:
        return word[:i] + word[i] + word[i:]  # a letter doubled
    if kind == 2:
        return word[:i] + "e" + word[i + 1 :]  # a letter mistyped
    j = min(i + 1, len(word) - 1)
    return word[:i] + word[j] + word[i] + word[j + 1 :]  # two letters swapped


@st.composite
def variant_of(draw, name: str) -> str:
    """How people retype a name: typos, word order, initials, titles, particles, case."""
    words = name.split()
    if draw(st.booleans()):
        words = [_typo(w, draw(st.integers(0, 3)), draw(st.integers(0, 20))) for w in words]
    if len(words) > 1 and draw(st.booleans()):
        words = words[::-1]
    if len(words) > 1 and draw(st.booleans()):
        words[0] = words[0][:1] + "."
    if draw(st.booleans()):
        words.insert(0, draw(st.sampled_from(TITLES)))
    if draw(st.booleans()):
        words = [w for w in words if w.casefold() not in {"van", "der"}]
    text = " ".join(words)
    return draw(st.sampled_from([text, text.upper(), text.lower()]))


@st.composite
def lead(draw, name: str | None = None) -> dict[str, str]:
    name = name or f"{draw(st.sampled_from(FIRST))} {draw(st.sampled_from(LAST))}"
    user = draw(st.sampled_from(["jd", "cat", "m.h"]))
    domain = draw(st.sampled_from(["acme.com", "gmail.com", "globex.io"]))
    return {
        "lead_name": name,
        "company": draw(st.sampled_from(COMPANIES)),
        "lead_email": draw(st.sampled_from(["", f"{user}@{domain}", f"{user.upper()}@{domain}"])),
        "lead_phone": draw(st.sampled_from(["", "+1 415 555 0132", "(415) 555-0199"])),
    }


@st.composite
def log_and_submission(draw):
    rows = draw(st.lists(lead(), min_size=1, max_size=25))
    log = tuple(
        Referral(
            id=f"R-{i + 1:04d}",
            received="2024-05-01 09:00",
            stage=draw(st.sampled_from(["New", "Won", "In conversation"])),
            updated_at=draw(st.sampled_from(["2024-05-20 09:00", "2023-01-02 09:00"])),
            **row,
        )
        for i, row in enumerate(rows)
    )
    like = draw(st.sampled_from(log)).lead_name
    submitted = draw(lead(name=draw(variant_of(like))))
    return log, Referral(referred_by="Alex Kim", **submitted)


@settings(max_examples=120, deadline=None)
@given(log_and_submission())
def test_the_indexed_check_finds_what_a_full_scan_finds(case):
    log, submission = case
    snapshot = Snapshot(log)
    candidates = snapshot.same_lead_candidates(submission, "US")
    assert find_matches(submission, candidates, NOW) == find_matches(submission, log, NOW)


@settings(max_examples=40, deadline=None)
@given(log_and_submission())
def test_an_index_by_id_kept_across_reads_finds_the_same_rows(case):
    log, submission = case
    leads = LeadIndex("US")
    leads.add_changed(log[:3], lambda rid: None)
    later = {r.id: r for r in log[:3]}
    leads.add_changed(log, later.get)  # the next read adds only what is new
    by_id = Snapshot(log, leads=leads)
    assert find_matches(submission, by_id.same_lead_candidates(submission, "US"), NOW) == (
        find_matches(submission, log, NOW)
    )


def test_a_changed_email_is_found_by_its_new_value_after_the_next_read():
    first = Referral(id="R-0001", lead_name="Jane Doe", lead_email="old@acme.com")
    leads = LeadIndex("US")
    leads.add_changed([first], lambda rid: None)
    edited = first.with_changes({"lead_email": "new@acme.com", "lead_name": "Zed Q"})
    leads.add_changed([edited], {first.id: first}.get)
    snapshot = Snapshot((edited,), leads=leads)
    assert snapshot.same_lead_candidates(Referral(lead_email="new@acme.com"), "US") == [edited]


def test_a_stranger_shares_no_block():
    log = (Referral(id="R-0001", lead_name="Jane Doe", company="Acme", lead_email="j@acme.com"),)
    stranger = Referral(lead_name="Omar Lobo", company="Globex", lead_email="o@globex.io")
    assert Snapshot(log).same_lead_candidates(stranger, "US") == []


def test_load_is_moved_by_writes_as_a_recount_would_count_it():
    rows = [
        Referral(id="R-1", stage="New", owner_slack_id="U1"),
        Referral(id="R-2", stage="Won", owner_slack_id="U1"),
        Referral(id="R-3", stage="New", owner_slack_id="U2"),
    ]
    closed = rows[0].with_changes({"stage": "Won"})
    reassigned = rows[2].with_changes({"owner_slack_id": "U1"})
    new = Referral(id="R-4", stage="New", owner_slack_id="U2")
    after = [closed, rows[1], reassigned, new]
    moved = recount(active_counts(rows), [(rows[0], closed), (rows[2], reassigned), (None, new)])
    assert moved == active_counts_by_owner(after) == {"U1": 1, "U2": 1}


def test_a_common_first_name_names_only_the_rows_whose_other_word_meets_too():
    common = [Referral(id=f"R-{i:05d}", lead_name=f"Jane Q{i}x") for i in range(1, 2001)]
    doe = Referral(id="R-09999", lead_name="Jane Doe")
    initial = Referral(id="R-09998", lead_name="J. Doe")
    leads = LeadIndex("US")
    leads.add_changed([*common, doe, initial], lambda rid: None)
    assert leads.candidates(Referral(lead_name="Jane Doe")) == {doe.id, initial.id}
    assert leads.candidates(Referral(lead_name="Jayne Doe")) == {doe.id, initial.id}


def test_a_company_narrows_the_similar_names_it_does_not_add_its_whole_staff():
    staff = [
        Referral(id=f"R-{i:05d}", lead_name=f"Omar Z{i}q", company="Acme") for i in range(1, 501)
    ]
    jane = Referral(id="R-09999", lead_name="Jane Doe", company="Acme")
    leads = LeadIndex("US")
    leads.add_changed([*staff, jane], lambda rid: None)
    assert leads.candidates(Referral(lead_name="Jane Do", company="Acme Ltd")) == {jane.id}
