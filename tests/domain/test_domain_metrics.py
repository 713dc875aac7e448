"""Every metric of DESIGN.md "Metrics" against figures worked out by hand on the fixed dataset
(tests/domain/metrics_dataset.py: group sizes and times are in its docstring), plus property
tests for the invariants that hold on any log."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain import metrics as M
from bot.domain.referral import Activity, Referral
from tests.domain.metrics_dataset import ACTIVITY, NOW, REFERRALS, TEAM


def figures(period: M.Period) -> M.Metrics:
    return M.compute(REFERRALS, ACTIVITY, period, NOW, "UTC", sla_hours=24, team=TEAM)


@pytest.fixture(scope="module")
def everything() -> M.Metrics:
    return figures(M.all_time())


def row(rows: tuple[M.Row, ...], key: str) -> M.Row:
    return next(r for r in rows if r.key == key)


# --- all time -------------------------------------------------------------------------------


def test_volume_counts_every_submission_merged_ones_too(everything):
    # 60 records + 3 merged (two "Referred again", one conflict); the linked new record is not one.
    assert (everything.submissions, everything.merged, everything.records) == (63, 3, 60)


def test_acceptance_excludes_only_declines_before_first_contact(everything):
    # 60 records - 8 closed Not a fit untouched = 52 accepted, over 63 submissions.
    assert everything.accepted == 52
    assert everything.acceptance_rate == pytest.approx(52 / 63)


def test_conversion_is_won_over_accepted_closed(everything):
    # Closed and accepted: 10 Won + 6 Not a fit after contact + 8 No response = 24.
    assert (everything.won, everything.closed) == (10, 24)
    assert everything.conversion_rate == pytest.approx(10 / 24)


def test_time_to_first_contact_median_and_p90(everything):
    # 42 waits: 1h x10, 2h x5, 5h x8, 10h x8, 20h x5, 30h x6 (cumulative 10, 15, 23, 31, 36, 42).
    assert len(everything.hours_to_first_contact) == 42
    assert everything.median_hours_to_first_contact == 5.0  # 21st and 22nd are both 5 h
    assert everything.p90_hours_to_first_contact == 30.0  # nearest rank ceil(37.8) = 38th


def test_sla_hit_rate_counts_overdue_never_contacted_as_misses(everything):
    # Due: 42 contacted + 5 never contacted received a week ago (the 5 received 4 h ago are not
    # due yet). Hits: the 42 less the 6 contacted after 30 h = 36.
    assert (everything.sla_hits, everything.sla_due) == (36, 47)
    assert everything.sla_hit_rate == pytest.approx(36 / 47)


def test_acknowledgment_time_and_thankyou_rate(everything):
    # Sent: 10 after 3 h, 8 after 5 h, 8 after 30 h, 8 after 2 h = 34 of 60; 17th/18th are 3 h.
    assert everything.thankyou_sent == 34
    assert everything.thankyou_sent_rate == pytest.approx(34 / 60)
    assert everything.median_hours_to_acknowledgment == 3.0


def test_leakage_both_kinds(everything):
    # Open and received before 2026-02-16 12:00: the 8 in conversation since January.
    assert everything.leaking_old == tuple(f"R-{n:04d}" for n in range(53, 61))
    # Open with no touch since before 2026-03-04 12:00: four of those (last touch 1 February).
    assert everything.leaking_quiet == ("R-0057", "R-0058", "R-0059", "R-0060")


def test_attribution_completion_against_the_target(everything):
    # Incomplete: 2 closed with no outcome reason (Bea Cole's, consent "Not asked", which counts as
    # recorded), and Dana Fox's 10 with no consent recorded (5 of them with no owner either)
    # -> 48 of 60 (80%), under 95%.
    assert everything.attribution_complete == 48
    assert everything.attribution_rate == pytest.approx(48 / 60)
    assert not everything.attribution_on_target


def test_conflicts_disputes_and_revenue(everything):
    assert everything.conflicts == 1
    assert everything.open_disputes == ("R-0053",)
    assert everything.revenue_won == 5 * 5000 + 5 * 2500  # "$2,500" is read as 2500


def test_rewards_hook(everything):
    assert dict(everything.rewards.by_state) == {
        "Paid": 3,
        "Awaiting approval": 2,
        "Not applicable": 5,
    }
    assert everything.rewards.approvals == 3
    assert everything.rewards.awaiting_approval == ("R-0004", "R-0005")
    assert everything.rewards.median_days_to_payout == 4.0  # Won on day 10, Paid on day 14


def test_by_referrer(everything):
    alex = row(everything.by_referrer, "Alex Kim")
    assert (alex.submissions, alex.accepted, alex.closed, alex.won) == (21, 20, 10, 10)
    assert alex.conversion == 1.0 and alex.revenue == 37500
    bea = row(everything.by_referrer, "Bea Cole")
    assert (bea.submissions, bea.accepted, bea.closed, bea.won) == (14, 6, 6, 0)
    assert bea.conversion == 0.0
    chris = row(everything.by_referrer, "Chris Wu")
    assert (chris.submissions, chris.accepted, chris.closed) == (17, 16, 8)
    assert row(everything.by_referrer, "Erin Moss").submissions == 1  # her conflicting claim
    assert row(everything.by_referrer, "Dana Fox").conversion is None  # nothing closed
    assert [r.key for r in everything.by_referrer][:2] == ["Alex Kim", "Chris Wu"]


def test_by_referrer_type_and_channel(everything):
    types = {r.key: r.submissions for r in everything.by_referrer_type}
    # Erin Moss's claim is on Chris Wu's record: her type is not recorded.
    assert types == {"Client": 21, "Partner": 14, "Colleague": 17, "Friend": 10, M.UNNAMED: 1}
    channels = {r.key: r.submissions for r in everything.by_channel}
    assert channels == {
        "Modal": 21,  # 20 records + Chris Wu again via Modal
        "Slash command": 15,  # 14 records + Alex Kim again via Slash command
        "Message shortcut": 16,
        "Sheet": 10,
        M.UNNAMED: 1,
    }


def test_by_owner_and_load(everything):
    owners = {r.key: r.submissions for r in everything.by_owner}
    assert owners == {"Sam Lee": 28, "Priya Shah": 27, M.UNNAMED: 5}
    load = {o.name: (o.active, o.max_active) for o in everything.owners}
    assert load == {"Sam Lee": (10, 10), "Priya Shah": (13, 12), "Ana Ruiz": (0, 10)}
    assert [o.name for o in everything.overloaded] == ["Priya Shah"]


def test_decline_reasons(everything):
    assert everything.decline_reasons == (
        ("Outside our practice", 8),
        ("Budget", 4),
        (M.UNNAMED, 2),
    )


def test_funnel(everything):
    assert everything.funnel == (
        ("Received", 60),
        ("Contacted", 42),
        ("In conversation", 18),
        ("Won", 10),
    )


def test_weeks_stacked_by_outcome(everything):
    weeks = {w.monday: w for w in everything.weeks}
    assert len(everything.weeks) == 12 and everything.weeks[-1].monday == date(2026, 3, 16)
    assert weeks[date(2026, 3, 16)].open == 15
    assert weeks[date(2026, 3, 9)].open == 5
    assert (weeks[date(2026, 2, 2)].won, weeks[date(2026, 2, 9)].won) == (7, 3)
    assert weeks[date(2026, 2, 9)].no_response == 7
    assert weeks[date(2026, 2, 23)].not_a_fit == 6 + 1
    assert (weeks[date(2026, 1, 5)].open, weeks[date(2026, 1, 12)].open) == (7, 1)


# --- periods --------------------------------------------------------------------------------


def test_this_week():
    week = figures(M.this_week(NOW, "UTC"))
    # 10 contacted + 5 new today; merged: Alex Kim on Tuesday, Erin Moss's claim on Monday.
    assert (week.submissions, week.records, week.accepted, week.closed) == (17, 15, 15, 0)
    assert week.conversion_rate is None
    assert (week.sla_hits, week.sla_due) == (10, 10)  # today's five are not due yet
    assert week.median_hours_to_first_contact == 1.0
    assert week.thankyou_sent_rate == 0.0


def test_last_week():
    week = figures(M.last_week(NOW, "UTC"))
    assert (week.submissions, week.records) == (5, 5)
    assert (week.sla_hits, week.sla_due) == (0, 5)
    assert week.attribution_complete == 0  # none has an owner, nor a consent answer


def test_a_month():
    feb = figures(M.parse_period("2026-02", NOW, "UTC"))
    # Won 10 + early declines 8 + late declines 5 (1 March is out) + no response 8 = 31 records;
    # Chris Wu's repeat on 20 February makes 32 submissions.
    assert (feb.records, feb.submissions, feb.accepted, feb.closed, feb.won) == (31, 32, 23, 23, 10)
    assert feb.period.label == "February 2026"


def test_periods_follow_the_firms_time_zone():
    # 23:30 UTC on Sunday is already Monday in Auckland: the next week there.
    late_sunday = Referral(id="R-0001", stage="New", received="2026-03-15 23:30")
    now = datetime(2026, 3, 16, 12, tzinfo=UTC)
    nz = M.this_week(now, "Pacific/Auckland")
    assert M.compute([late_sunday], [], nz, now, "UTC").records == 1
    assert M.compute([late_sunday], [], M.this_week(now, "UTC"), now, "UTC").records == 0


@pytest.mark.parametrize(
    "text, label",
    [
        ("", "This week"),
        ("this week", "This week"),
        ("Last  Week", "Last week"),
        ("month", "March 2026"),
        ("2025-12", "December 2025"),
        ("all", "All time"),
        ("last 4 weeks", "Last 4 weeks"),
    ],
)
def test_parse_period(text, label):
    assert M.parse_period(text, NOW, "UTC").label == label


@pytest.mark.parametrize("text", ["2026-13", "yesterday", "2026/03", "last month please"])
def test_parse_period_refuses_what_it_cannot_read(text):
    assert M.parse_period(text, NOW, "UTC") is None


def test_month_period_spans_december_into_january():
    december = M.month(2025, 12, "UTC")
    assert december.end == datetime(2026, 1, 1, tzinfo=december.end.tzinfo)


def test_percentile_nearest_rank():
    assert M.percentile([], 0.9) is None
    assert M.percentile([4.0], 0.9) == 4.0
    assert M.percentile([float(i) for i in range(1, 11)], 0.9) == 9.0


# --- properties -----------------------------------------------------------------------------

STAGES = ["New", "Contacted", "In conversation", "Won", "Not a fit", "No response", "", "Lost?"]
NAMES = ["Alex Kim", "Bea Cole", "", "alex kim "]
START = datetime(2026, 1, 1, tzinfo=UTC)


@st.composite
def referral(draw, n: int = 0) -> Referral:
    received = START + timedelta(hours=draw(st.integers(0, 24 * 90)))
    first = draw(st.none() | st.integers(0, 24 * 10))
    return Referral(
        id=f"R-{n:04d}",
        received=received.strftime("%Y-%m-%d %H:%M"),
        stage=draw(st.sampled_from(STAGES)),
        referred_by=draw(st.sampled_from(NAMES)),
        referrer_type=draw(st.sampled_from(["Client", "Partner", ""])),
        channel=draw(st.sampled_from(["Modal", "Sheet", ""])),
        owner=draw(st.sampled_from(["Sam Lee", "Priya Shah", ""])),
        touches=draw(st.sampled_from(["0", "1", "3", "", "two"])),
        first_contact_at=(received + timedelta(hours=first)).strftime("%Y-%m-%d %H:%M")
        if first is not None
        else "",
        thankyou_status=draw(st.sampled_from(["Sent", "To do", ""])),
        est_value=draw(st.sampled_from(["", "5000", "5k?", "$1,200"])),
    )


@st.composite
def logs(draw):
    count = draw(st.integers(0, 25))
    referrals = [draw(referral(n + 1)) for n in range(count)]
    merges = []
    for _ in range(draw(st.integers(0, 5))):
        target = draw(st.integers(1, max(count, 1)))
        when = START + timedelta(hours=draw(st.integers(0, 24 * 90)))
        name = draw(st.sampled_from(["Alex Kim", "Zoe Park", ""]))
        merges.append(
            Activity(
                when.strftime("%Y-%m-%d %H:%M"),
                f"R-{target:04d}",
                "x",
                draw(st.sampled_from(["Duplicate merged", "Conflict flagged"])),
                f"Referred again by {name} via Modal." if name else "garbled",
            )
        )
    period = draw(
        st.sampled_from(
            [
                M.all_time(),
                M.month(2026, 1, "UTC"),
                M.this_week(START + timedelta(days=40), "UTC"),
            ]
        )
    )
    return referrals, merges, period


@settings(max_examples=150, deadline=None)
@given(logs())
def test_rates_are_between_zero_and_one(log):
    referrals, activity, period = log
    m = M.compute(referrals, activity, period, START + timedelta(days=100), "UTC")
    for value in (
        m.acceptance_rate,
        m.conversion_rate,
        m.sla_hit_rate,
        m.thankyou_sent_rate,
        m.attribution_rate,
        *(r.conversion for r in m.by_referrer + m.by_referrer_type + m.by_channel + m.by_owner),
    ):
        assert value is None or 0.0 <= value <= 1.0
    assert m.won <= m.closed <= m.accepted <= m.records <= m.submissions


@settings(max_examples=150, deadline=None)
@given(logs())
def test_sums_by_dimension_equal_the_total(log):
    referrals, activity, period = log
    m = M.compute(referrals, activity, period, START + timedelta(days=100), "UTC")
    for table in (m.by_referrer, m.by_referrer_type, m.by_channel):
        assert sum(r.submissions for r in table) == m.submissions
        assert sum(r.accepted for r in table) == m.accepted
        assert sum(r.won for r in table) == m.won
    assert sum(r.submissions for r in m.by_owner) == m.records
    counts = [n for _, n in m.funnel]
    assert counts == sorted(counts, reverse=True)  # each stage of the funnel is within the last


@settings(max_examples=100, deadline=None)
@given(logs())
def test_periods_partition_all_time(log):
    referrals, activity, _ = log
    now = START + timedelta(days=100)
    months = [M.month(2026, n, "UTC") for n in range(1, 5)]  # all of the data's 90 days
    parts = [M.compute(referrals, activity, p, now, "UTC") for p in months]
    whole = M.compute(referrals, activity, M.all_time(), now, "UTC")
    assert sum(p.submissions for p in parts) == whole.submissions
    assert sum(p.won for p in parts) == whole.won


def test_revenue_counts_the_won_value_entered_at_close_over_the_estimate():
    won = REFERRALS[0]  # Est. value 5000
    rows = (replace(won, won_value="12000"), *REFERRALS[1:])
    m = M.compute(rows, ACTIVITY, M.all_time(), NOW, "UTC")
    assert m.revenue_won == 37500 - 5000 + 12000
    (alex,) = [r for r in m.by_referrer if r.key == "Alex Kim"]
    assert alex.revenue == 37500 - 5000 + 12000


def test_last_4_weeks_is_the_dashboards_middle_column():
    assert M.parse_period("last 4 weeks", NOW, "UTC") == M.last_weeks(NOW, "UTC", 4)


def test_won_and_no_response_need_no_outcome_reason_to_be_complete():
    """Closing as Won or No response asks for no reason (the stage is the outcome); a Not a fit
    without a reason (closed by hand in the sheet) is incomplete."""
    base = REFERRALS[0]  # complete, Won, "Signed"
    assert M.attribution_complete(base)
    assert M.attribution_complete(replace(base, outcome_reason=""))
    assert M.attribution_complete(replace(base, stage="No response", outcome_reason=""))
    assert not M.attribution_complete(replace(base, stage="Not a fit", outcome_reason=""))
    assert M.attribution_complete(replace(base, stage="Not a fit", outcome_reason="budget"))
