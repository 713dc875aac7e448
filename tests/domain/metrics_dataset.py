"""A fixed log of 60 referrals and 8 Activity rows, built in seven groups so every expected figure
in the tests can be worked out by hand from the group sizes (the arithmetic is in the tests).

NOW is Wednesday 2026-03-18 12:00 UTC; "this week" starts Monday 2026-03-16. Rewards: R-0001..0003
Paid (250 each), R-0004..0005 Awaiting approval, the other Won ones Not applicable.

Group         IDs            n  Stage           Referrer   Type       Channel          Owner
WON           R-0001..0010  10  Won             Alex Kim   Client     Modal            Sam Lee
NOFIT_EARLY   R-0011..0018   8  Not a fit (0)   Bea Cole   Partner    Slash command    Priya Shah
NOFIT_LATE    R-0019..0024   6  Not a fit (1)   Bea Cole   Partner    Slash command    Priya Shah
NO_RESPONSE   R-0025..0032   8  No response     Chris Wu   Colleague  Message shortcut Sam Lee
CONTACTED     R-0033..0042  10  Contacted       Alex Kim   Client     Modal            Sam Lee
NEW           R-0043..0052  10  New             Dana Fox   Friend     Sheet            Priya / none
OLD_OPEN      R-0053..0060   8  In conversation Chris Wu   Colleague  Message shortcut Priya Shah

Lead agreed to be introduced: Yes for Alex Kim's and Chris Wu's, Not asked for Bea Cole's, blank
for Dana Fox's (typed into the sheet without it).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.referral import Activity, Referral, TeamMember
from bot.domain.timefmt import format_dt

NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)


def _at(moment: datetime | None) -> str:
    return format_dt(moment, "UTC") if moment else ""


def _row(n: int, received: datetime, **cells) -> Referral:
    first = cells.pop("first_after", None)
    thanks = cells.pop("thanks_after", None)
    last = cells.pop("last_touch", None)
    contact = received + timedelta(hours=first) if first is not None else None
    return Referral(
        id=f"R-{n:04d}",
        received=_at(received),
        lead_name=f"Lead {n}",
        first_contact_at=_at(contact),
        last_touch_at=_at(last or contact),
        thankyou_sent_at=_at(received + timedelta(hours=thanks) if thanks is not None else None),
        thankyou_status="Sent" if thanks is not None else cells.pop("thankyou_status", "To do"),
        **cells,
    )


ALEX = dict(
    referred_by="Alex Kim",
    referrer_type="Client",
    channel="Modal",
    owner="Sam Lee",
    how_introduced="Email intro",
    lead_consent="Yes",
)
BEA = dict(
    referred_by="Bea Cole",
    referrer_type="Partner",
    channel="Slash command",
    owner="Priya Shah",
    how_introduced="Mentioned in a call or meeting",
    lead_consent="Not asked",
)
CHRIS = dict(
    referred_by="Chris Wu",
    referrer_type="Colleague",
    channel="Message shortcut",
    how_introduced="Passed along privately",
    lead_consent="Yes",
)
DANA = dict(referred_by="Dana Fox", referrer_type="Friend", channel="Sheet", how_introduced="Other")


def _won(i: int) -> Referral:
    return _row(
        1 + i,
        datetime(2026, 2, 2, 9, tzinfo=UTC) + timedelta(days=i),
        stage="Won",
        touches="3",
        first_after=2 if i < 5 else 20,
        thanks_after=3,
        est_value="5000" if i < 5 else "$2,500",
        outcome_reason="Signed",
        reward_state="Paid" if i < 3 else "Awaiting approval" if i < 5 else "Not applicable",
        reward_amount="250" if i < 3 else "",
        **ALEX,
    )


def _nofit_early(i: int) -> Referral:
    return _row(
        11 + i,
        datetime(2026, 2, 16, 10, tzinfo=UTC) + timedelta(days=i),
        stage="Not a fit",
        touches="0",
        thanks_after=5,
        outcome_reason="Outside our practice",
        **BEA,
    )


def _nofit_late(i: int) -> Referral:
    return _row(
        19 + i,
        datetime(2026, 2, 24, 9, tzinfo=UTC) + timedelta(days=i),
        stage="Not a fit",
        touches="1",
        first_after=30,
        outcome_reason="budget" if i < 4 else "",
        **BEA,
    )


def _no_response(i: int) -> Referral:
    return _row(
        25 + i,
        datetime(2026, 2, 9, 9, tzinfo=UTC) + timedelta(days=i),
        stage="No response",
        touches="3",
        first_after=10,
        thanks_after=30,
        outcome_reason="No reply after three touches",
        owner="Sam Lee",
        **CHRIS,
    )


def _contacted(i: int) -> Referral:
    return _row(
        33 + i,
        datetime(2026, 3, 16, 9, tzinfo=UTC) + timedelta(hours=2 * i),
        stage="Contacted",
        touches="1",
        first_after=1,
        thankyou_status="Drafted",
        **ALEX,
    )


def _new(i: int) -> Referral:
    today = i < 5
    received = (
        datetime(2026, 3, 18, 8, tzinfo=UTC) if today else datetime(2026, 3, 11, 9, tzinfo=UTC)
    )
    return _row(
        43 + i, received, stage="New", touches="0", owner="Priya Shah" if today else "", **DANA
    )


def _old_open(i: int) -> Referral:
    recent = datetime(2026, 3, 10, 9, tzinfo=UTC)
    quiet = datetime(2026, 2, 1, 9, tzinfo=UTC)
    disputed = i == 0
    return _row(
        53 + i,
        datetime(2026, 1, 5, 9, tzinfo=UTC) + timedelta(days=i),
        stage="In conversation",
        touches="2",
        first_after=5,
        thanks_after=2,
        last_touch=recent if i < 4 else quiet,
        owner="Priya Shah",
        conflict="Also referred by Erin Moss <erin@moss.com> on 2026-03-16 12:00"
        if disputed
        else "",
        attribution_confidence="Disputed" if disputed else "Medium",
        **CHRIS,
    )


REFERRALS: tuple[Referral, ...] = tuple(
    [_won(i) for i in range(10)]
    + [_nofit_early(i) for i in range(8)]
    + [_nofit_late(i) for i in range(6)]
    + [_no_response(i) for i in range(8)]
    + [_contacted(i) for i in range(10)]
    + [_new(i) for i in range(10)]
    + [_old_open(i) for i in range(8)]
)
assert len(REFERRALS) == 60


def _payouts() -> list[Activity]:
    rows = []
    for referral in REFERRALS[:3]:
        received = referral.at("received")
        won, paid = received + timedelta(days=10), received + timedelta(days=14)
        rows.append(Activity(_at(won), referral.id, "Sam Lee", "Status change", "closed as Won"))
        rows.append(Activity(_at(paid), referral.id, "Ana Ruiz", "Reward change", "Paid 250"))
    return rows


ACTIVITY: tuple[Activity, ...] = (
    Activity("2026-03-17 10:00", "R-0001", "You", "Duplicate merged",
             "Referred again by Alex Kim via Slash command, logged by You (same email)."),
    Activity("2026-03-16 12:00", "R-0053", "Erin Moss", "Conflict flagged",
             "Also referred by Erin Moss <erin@moss.com> on 2026-03-16 12:00; first referred by "
             "Chris Wu, who keeps the credit until a coordinator decides."),
    Activity("2026-02-20 09:00", "R-0025", "Chris Wu", "Duplicate merged",
             "Referred again by Chris Wu via Modal (same phone)."),
    # A new record linked to an old one is its own record, not a merged submission:
    Activity("2026-03-16 09:00", "R-0033", "You", "Duplicate merged", "new record linked to R-0003"),
    Activity("2026-03-16 09:00", "R-0033", "You", "Logged", "via Modal"),
    *_payouts(),
)  # fmt: skip

TEAM = (
    TeamMember(name="Ana Ruiz", slack_user_id="U0ANA", role="Coordinator"),
    TeamMember(name="Sam Lee", slack_user_id="U0SAM", role="Owner", max_active="10"),
    TeamMember(name="Priya Shah", slack_user_id="U0PRIYA", role="Owner", max_active="12"),
    TeamMember(name="You", slack_user_id="U0YOU", role="Member"),
)
