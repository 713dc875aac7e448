"""`pending_after_snoozes` (one `pending_steps` per referral) gives what the sweep's morning
round got before from `pending_steps` and a `track_due` per step; the nudge state and dates
parsed once read as they did at each look; a name word's blocks worked out once are the same."""

import json
from datetime import time

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.cadence import (
    SNOOZED,
    STAGE_CHANGED_AT,
    STAGE_SEEN,
    CadencePolicy,
    pending_after_snoozes,
    pending_steps,
    track_due,
)
from bot.domain.calendar import WorkingCalendar
from bot.domain.lead_index import word_blocks
from bot.domain.referral import STAGES, Referral
from bot.domain.steps import THANKS, UPDATES
from bot.domain.timefmt import _parsed, parse_dt

TZ = "Europe/London"
UK = WorkingCalendar(TZ, (time(9, 0), time(17, 30)))
NY = WorkingCalendar("America/New_York", (time(8, 0), time(16, 0)))
POLICY = CadencePolicy()

moments = st.sampled_from(
    ["", "2024-06-01 09:00", "2024-06-03 10:00", "2024-06-05 16:45", "2024-06-12 08:00", "soon"]
)
utc_moments = st.sampled_from(["", "2024-06-02T10:00:00+00:00", "2024-06-06T12:00:00+00:00"])


@st.composite
def referrals(draw) -> Referral:
    nudges = {}
    if draw(st.booleans()):
        nudges[STAGE_SEEN] = draw(st.sampled_from(STAGES))
    for key in (STAGE_CHANGED_AT, SNOOZED + THANKS, SNOOZED + UPDATES):
        if stamp := draw(utc_moments):
            nudges[key] = stamp
    return Referral(
        id="R-0001",
        received=draw(moments.filter(bool)),
        stage=draw(st.sampled_from([*STAGES, "", "Withdrawn"])),
        touches=draw(st.sampled_from(["0", "1", "2", "3", ""])),
        first_contact_at=draw(moments),
        last_touch_at=draw(moments),
        followup_status=draw(st.sampled_from(["", "No further action requested"])),
        thankyou_status=draw(st.sampled_from(["To do", "Sent"])),
        thankyou_sent_at=draw(moments),
        referrer_last_updated=draw(moments),
        closed_at=draw(moments),
        snoozed_until=draw(moments),
        nudge_state=json.dumps(nudges),
    )


def one_track_due_per_step(referral: Referral, owner, thanks) -> list:
    found = []
    for pending in pending_steps(referral, owner, thanks, POLICY, TZ):
        real = track_due(referral, pending.track, owner, thanks, POLICY, TZ)
        found.append(real if real is not None and real.step == pending.step else pending)
    return sorted(found, key=lambda p: p.due_at)


@settings(max_examples=300, deadline=None)
@given(referrals(), st.sampled_from([(UK, UK), (UK, NY), (NY, UK)]))
def test_pending_after_snoozes_is_track_due_for_each_step(referral, calendars):
    owner, thanks = calendars
    expected = one_track_due_per_step(referral, owner, thanks)
    assert pending_after_snoozes(referral, owner, thanks, POLICY, TZ) == expected


@given(st.one_of(st.text(max_size=30), st.dictionaries(st.text(max_size=8), st.text(max_size=8))))
def test_nudges_read_alike_at_every_look_and_each_is_the_callers_own(cell):
    text = cell if isinstance(cell, str) else json.dumps(cell)
    referral = Referral(nudge_state=text)
    try:
        parsed = json.loads(text) if text else {}
    except json.JSONDecodeError:
        parsed = {}
    expected = parsed if isinstance(parsed, dict) else {}
    first = referral.nudges
    assert first == expected
    first["changed"] = "by the caller"
    assert referral.nudges == expected
    assert Referral(nudge_state=text).nudges == expected


@given(
    st.one_of(moments, utc_moments, st.text(max_size=20)),
    st.sampled_from(["UTC", TZ, "America/New_York"]),
)
def test_a_date_read_again_reads_as_the_first_time(text, tz):
    uncached = _parsed.__wrapped__(text, tz)
    assert parse_dt(text, tz) == uncached
    assert parse_dt(text, tz) == uncached
    again = parse_dt(text, tz)
    if uncached is not None:
        assert (again.tzinfo, again.utcoffset()) == (uncached.tzinfo, uncached.utcoffset())


@given(st.text(alphabet="abcdeijklmnoprstuvwyz", max_size=12))
def test_a_name_words_blocks_worked_out_once_are_those_worked_out_each_time(word):
    assert word_blocks(word) == word_blocks.__wrapped__(word)
    assert word_blocks(word) == word_blocks.__wrapped__(word)
