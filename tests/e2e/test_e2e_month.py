"""Issue 10's "Done when", end to end: a scripted month in the local workspace (signed requests
through Bolt over HTTP, real gspread and slack_sdk to the stand-ins, the clock moved a working
morning at a time). Five referrers, sixteen referrals and three submissions merged into them;
won, lost after contact, declined before it, closed as No response, left open; thank-yous sent
and not; a person types an amount the bot cannot read into the sheet and a coordinator fixes it.

Then the Dashboard tab (typed cells, two native charts), the weekly digests and their charts,
`/refer stats` and every person's reminders are checked against each other and against the
figures worked out by hand in `DASHBOARD` and `DIGEST_WEEKS` below.

The month is squeezed into seconds of real time, so two real-time limits that a real month never
approaches are lifted here: Slack's per-minute rate limits in the stand-in, and the bot's own pace
of writes to Google (60 a minute); tests/sandbox and tests/log cover both."""

from __future__ import annotations

import re
import struct
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from e2e_support import buttons

from bot.config import Settings
from bot.domain import dashboard as D
from bot.domain import figures as F
from bot.domain import steps as S
from bot.log.writer import Pacer
from bot.services.schedule import Planner
from sandbox.listening import Seen
from sandbox.workspace import LocalWorkspace

START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # Monday 09:30 in London
MORNING = time(9, 30)
DIGEST, REVIEW = "C0DIGEST", "C0REVIEW"
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def ws(tmp_path) -> Iterator[LocalWorkspace]:
    """Over HTTP only: tests/e2e's other scenarios run over both transports."""
    settings = Settings({"DATA_DIR": str(tmp_path), "FIRM_TIMEZONE": "Europe/London"})
    with time_machine.travel(START, tick=True), LocalWorkspace(settings, tmp_path) as ws:
        ws.slack.rate_limits.enabled = False
        ws.bot.log.writer._pacer = Pacer(rate=1000.0, burst=1000)
        yield ws


# --- the people ---------------------------------------------------------------------------


class Month:
    """The demo firm acting through Slack, and every message the bot posted, by the firm's day."""

    def __init__(self, ws: LocalWorkspace):
        self.ws = ws
        self.next_id = 1
        self.posted: list[tuple[date, Any]] = []
        self.lost: list[str] = []
        self.neglected: set[str] = set()
        """Referrals whose owner does not send the touches their list asks for."""
        self.to_close: set[str] = set()
        """Quiet leads the owner closes as No response when their list asks."""

    def today(self) -> date:
        return self.ws.now().astimezone(LONDON).date()

    def _keep(self, seen: Seen) -> Seen:
        assert not seen.problem, seen.problem
        self.posted += [(self.today(), p) for p in seen.posted]
        return seen

    # -- capture

    def form(self, who: str, context: str, **fields: str) -> str:
        """`who` fills the /refer form; returns the new referral's ID."""
        self.ws.as_user(who)
        self._keep(self.ws.refer(""))
        values = {key: {key: value} for key, value in {**fields, "context": context}.items()}
        return self._logged(self._keep(self.ws.submit(self.ws.modal(), values)))

    def line(self, who: str, text: str) -> str:
        """`who` types a one-line /refer; returns the new referral's ID."""
        self.ws.as_user(who)
        return self._logged(self._keep(self.ws.refer(text)))

    def again(self, who: str, text: str, into: str) -> None:
        """A lead already logged, typed again: merged into its record `into`, no new record."""
        self.ws.as_user(who)
        said = " ".join(e.get("text", "") for e in self._keep(self.ws.refer(text)).ephemerals)
        assert into in said and f"R-{self.next_id:04d}" not in said, said

    def _logged(self, seen: Seen) -> str:
        referral_id = f"R-{self.next_id:04d}"
        self.next_id += 1
        said = " ".join(e.get("text", "") for e in seen.ephemerals)
        assert re.search(rf"Logged \*?{referral_id}\b", said), said
        return referral_id

    # -- answers

    def say(self, who: str, text: str, done: str = "") -> None:
        """`who` types an answer in their DM; the bot's reply says it was done (and what)."""
        self.ws.as_user(who)
        seen = self._keep(self.ws.reply(text))
        said = [p.message.get("text", "") for p in seen.posted if p.person]
        assert said and " updated." in said[-1] and done in said[-1], (who, text, said)

    def thank(self, who: str, referral_id: str) -> None:
        """`who` sends the drafted thank-you and presses Mark sent on its DM."""
        self.ws.as_user(who)
        for message in reversed(self.ws.dms()):
            text = message.get("text", "")
            if "Please thank" in text and f"*{referral_id}*" in text:
                (mark,) = [b for b in buttons(message) if b[0] == "Mark sent"]
                self._keep(self.ws.press(message, mark[1], mark[2]))
                return
        raise AssertionError(f"no thank-you DM about {referral_id} for {who}")

    def press_line(self, who: str, item: str, label: str) -> None:
        """`who` presses `label` on the line `item` ("R-0003|thank_you") of their list."""
        self.ws.as_user(who)
        for message in reversed(self.ws.dms()):
            for text, block_id, action_id in buttons(message):
                if block_id == f"mact|{item}" and text == label:
                    self._keep(self.ws.press(message, block_id, action_id))
                    return
        raise AssertionError(f"no {label!r} on {item} in the lists of {who}")

    # -- the clock

    def morning(self, days: int = 1) -> None:
        """The clock moves on to 09:30:00 London `days` later; the sweep sends that morning's
        lists, checked for lost steps, and then people work through them. Each morning starts on
        the minute, so what people do in its few real seconds is at 09:30 in the sheet (which
        keeps minutes) however slow the machine: a contact the next morning is 24 hours."""
        day = self.today() + timedelta(days=days)
        cutoff = datetime.combine(day, MORNING, LONDON)
        _, seen = self.ws.advance(cutoff - self.ws.now())
        self._keep(seen)
        self._check_lists(cutoff)
        self._work_lists()

    def later(self, hours: float) -> None:
        _, seen = self.ws.advance(timedelta(hours=hours))
        self._keep(seen)

    def lists_today(self) -> list[Any]:
        return [p for day, p in self.posted if day == self.today() and kind(p.message) == "list"]

    def _check_lists(self, cutoff: datetime) -> None:
        """No step lost: every step due before this morning's sweep is in its person's list."""
        listed: dict[str, set[str]] = {}
        for p in self.lists_today():
            listed.setdefault(p.person.user_id, set()).update(lines(p.message))
        desk = self.ws.bot.desk
        planner = Planner(desk.ctx, desk.ctx.snapshot())
        for referral in planner.snapshot.referrals:
            for pending in planner.pending(referral):
                owes = S.owner_id_of(referral, pending.track)
                item = f"{referral.id}|{pending.key}"
                if owes and pending.due_at < cutoff and item not in listed.get(owes, set()):
                    self.lost.append(f"{self.today()} {owes}: {item} due, not in the list")

    def _work_lists(self) -> None:
        """Everyone keeps their referrers updated and sends the second and third touches their
        list asks for (but not on the referrals they neglect), and closes as No response the
        quiet leads they agreed to close. First contacts and thank-yous are in the script."""
        for p in self.lists_today():
            for item in sorted(lines(p.message)):
                referral_id, key = item.split("|")
                step = S.step(key).key  # "referrer_update:Won" is a referrer update
                if step == S.REFERRER_UPDATE.key:
                    self.press_line(p.person.name, item, "Mark sent")
                elif step in (S.SECOND_TOUCH.key, S.THIRD_TOUCH.key):
                    if referral_id not in self.neglected:
                        self.press_line(p.person.name, item, "Sent")
                elif step == S.CLOSE_NO_RESPONSE.key and referral_id in self.to_close:
                    self.press_line(p.person.name, item, "No response")


def kind(message: dict[str, Any]) -> str:
    """ "list" (a person's morning list), "review" (the coordinators' post), "nudge" (a DM
    about one step) or ""."""
    head = (message.get("blocks") or [{}])[0].get("block_id", "")
    if head.startswith("mhead|list|"):
        return "list"
    if head.startswith("mhead|review|"):
        return "review"
    if "step" in ((message.get("metadata") or {}).get("event_payload") or {}):
        return "nudge"
    return ""


def lines(message: dict[str, Any]) -> set[str]:
    found = set()
    for block in message.get("blocks") or []:
        parts = block.get("block_id", "").split("|")
        if parts[0] == "mline" and len(parts) == 3:
            found.add(f"{parts[1]}|{parts[2]}")
    return found


# --- the month ------------------------------------------------------------------------------

ALEX = ("Alex Kim", "alex@client.com", "Client")
BEA = ("Bea Tran", "bea@partner.com", "Partner")
CHRIS = ("Chris Park", "chris@colleague.com", "Colleague")
DANA = ("Dana Ross", "dana@gmail.com", "Friend")
ELI = ("Eli Stone", "eli@stone.example", "Client")
PAYROLL, AUDIT = "needs payroll help", "needs an audit"  # routed to Sam Lee, to Priya Shah
EMAIL, CALL, PRIVATELY, WEB = (
    "Email intro",
    "Mentioned in a call or meeting",
    "Passed along privately",
    "Web form",
)


def filled(lead: str, company: str, email: str, referrer: tuple, how: str, value: str = "", consent: str = "Yes") -> dict:  # fmt: skip
    name, referrer_email, referrer_type = referrer
    fields = {
        "lead_name": lead,
        "company": company,
        "lead_email": email,
        "referred_by": name,
        "referrer_email": referrer_email,
        "referrer_type": referrer_type,
        "how_introduced": how,
        "lead_consent": consent,
    }
    return {**fields, "est_value": value} if value else fields


def typed(lead: str, email: str, referrer: tuple, context: str) -> str:
    """A one-line /refer: no referrer type, no How introduced, no consent answer."""
    return f"{lead} <{email}> from {referrer[0]} <{referrer[1]}>: {context}"


def script(m: Month) -> None:
    """Four working weeks, Monday 2 March to Friday 27 March 2026, and the Monday after. Every
    action happens at the morning sweep's time (09:30 London; on summer time from 29 March), so
    a contact the next morning is 24 hours (within the SLA) and two mornings later 48 (a miss)."""
    ws = m.ws
    # Week 1. Monday 2 March
    r1 = m.form("You", PAYROLL, **filled("Jane Doe", "Acme Ltd", "jane@acme.com", ALEX, EMAIL, "5000"))  # fmt: skip
    r2 = m.form("You", AUDIT, **filled("Omar Haddad", "Haddad & Co", "omar@haddad.io", BEA, CALL, "$12,000"))  # fmt: skip
    r3 = m.line("Sam Lee", typed("Lena Fox", "lena@foxdesign.com", CHRIS, PAYROLL))
    m.say("Sam Lee", f"{r1} sent", "first contact")  # within the hour
    m.thank("You", r1)
    m.thank("You", r2)
    m.morning()  # Tuesday 3
    m.say("Priya Shah", f"{r2} sent", "first contact")  # the next morning: 24 h
    m.press_line("Sam Lee", f"{r3}|thank_you", "Mark sent")  # Sam logged it, Sam thanks
    m.say("Sam Lee", f"{r3} sent", "first contact")
    m.to_close.add(r3)  # Lena Fox never answers: three touches, then No response
    r4 = m.form("You", AUDIT, **filled("Marta Silva", "Silva Bakery", "marta@silvabakery.pt", DANA, PRIVATELY, "4000", "Not asked"))  # fmt: skip
    m.morning()  # Wednesday 4
    m.say("Priya Shah", f"{r4} not a fit: outside our area")  # declined before any contact
    m.morning()  # Thursday 5
    r5 = m.line("You", typed("Ravi Patel", "ravi@patelfoods.co.uk", ALEX, PAYROLL))
    m.say("Sam Lee", f"{r5} sent", "first contact")
    m.thank("You", r5)
    m.say("Sam Lee", f"{r1} replied")
    person = ws.sheets_person()
    person.set_cell("Referrals", ws.cell_of(r5, "Est. value"), "about 5 grand")
    m.morning()  # Friday 6: the sweep reads it and tells the coordinators
    m.again("You", typed("Jane Doe", "jane@acme.com", ALEX, "she asked again"), into=r1)
    m.morning(3)  # Week 2. Monday 9: the first weekly digest
    m.say("Sam Lee", f"{r5} won")  # no won value: its Est. value counts, once readable
    r6 = m.form("You", PAYROLL, **filled("Kofi Mensah", "Mensah Motors", "kofi@mensahmotors.com", ELI, WEB, "8000"))  # fmt: skip
    m.say("Sam Lee", f"{r6} sent", "first contact")
    m.thank("You", r6)
    m.morning()  # Tuesday 10
    r7 = m.form("You", AUDIT, **filled("Ines Duarte", "Duarte Legal", "ines@duartelegal.pt", BEA, EMAIL, "7000"))  # fmt: skip
    m.morning()  # Wednesday 11
    m.say("Priya Shah", f"{r7} sent", "first contact")
    m.say("Priya Shah", f"{r2} not a fit: budget")  # lost after contact
    m.say("Sam Lee", f"{r6} replied")  # and then nobody touches it again
    r8 = m.line("Priya Shah", typed("Noah Berg", "noah@bergmedia.com", CHRIS, AUDIT))
    m.thank("Priya Shah", r8)
    m.say("Priya Shah", f"{r8} sent", "first contact")
    m.morning()  # Thursday 12: another referrer claims Ines Duarte; nobody decides
    m.again("Sam Lee", typed("Ines Duarte", "ines@duartelegal.pt", DANA, "she met us"), into=r7)
    m.morning()  # Friday 13
    m.morning(3)  # Week 3. Monday 16
    m.morning()  # Tuesday 17
    r9 = m.form("You", PAYROLL, **filled("Hana Sato", "Sato Studio", "hana@satostudio.jp", DANA, CALL))  # fmt: skip
    m.neglected.add(r9)  # never contacted, never thanked: escalated every morning
    r10 = m.form("You", AUDIT, **filled("Luca Rossi", "Rossi Wines", "luca@rossiwines.it", ELI, EMAIL, "9000"))  # fmt: skip
    m.say("Priya Shah", f"{r10} sent", "first contact")
    m.thank("You", r10)
    m.say("Sam Lee", f"{r1} won 6000")
    m.morning()  # Wednesday 18
    r11 = m.form("You", PAYROLL, **filled("Maya Cohen", "Cohen Dental", "maya@cohendental.com", ALEX, EMAIL, "3000"))  # fmt: skip
    m.thank("You", r11)
    person.set_cell("Referrals", ws.cell_of(r5, "Est. value"), "5k")  # Ana fixes what she was told
    m.morning()  # Thursday 19
    m.say("Sam Lee", f"{r11} sent", "first contact")
    m.say("Priya Shah", f"{r8} won 2500")
    m.again("Priya Shah", typed("Noah Berg", "noah@bergmedia.com", CHRIS, "asked again"), into=r8)
    m.morning()  # Friday 20
    m.morning(3)  # Week 4. Monday 23
    r12 = m.form("You", AUDIT, **filled("Omid Karimi", "Karimi Imports", "omid@karimi.example", BEA, EMAIL, "2000"))  # fmt: skip
    m.thank("You", r12)
    m.say("Priya Shah", f"{r12} not a fit: conflict of interest")  # declined, yet thanked
    m.say("Priya Shah", f"{r10} not a fit: went with another firm")
    m.morning()  # Tuesday 24
    r13 = m.form("Sam Lee", PAYROLL, **filled("Pia Lund", "Lund Bikes", "pia@lundbikes.se", CHRIS, EMAIL, "1500"))  # fmt: skip
    m.thank("Sam Lee", r13)
    m.say("Sam Lee", f"{r13} sent", "first contact")
    m.morning()  # Wednesday 25
    r14 = m.form("You", AUDIT, **filled("Theo Grant", "Grant Farms", "theo@grantfarms.example", ELI, WEB, "6000"))  # fmt: skip
    m.morning()  # Thursday 26
    r15 = m.line("You", typed("Uma Rao", "uma@raotextiles.in", ALEX, PAYROLL))
    m.thank("You", r15)
    m.morning()  # Friday 27
    m.say("Priya Shah", f"{r14} sent", "first contact")  # two mornings late: 48 h
    m.say("Sam Lee", f"{r15} sent", "first contact")
    m.morning(3)  # Monday 30 (London on summer time since Sunday): the digest of week 4
    r16 = m.line("You", typed("Zoe Quinn", "zoe@quinnhomes.example", DANA, PAYROLL))
    assert (r1, r16) == ("R-0001", "R-0016")
    m.later(1)  # the Dashboard's next refresh, with this week's first referral in it


# --- worked out by hand ------------------------------------------------------------------

# Records by week received: W1 R1-R5, W2 R6-R8, W3 R9-R11, W4 R12-R15, this week R16; merged
# submissions: W1 (Jane Doe again), W2 (Dana Ross's claim on R7), W3 (Noah Berg again).
# Not accepted (declined before contact): R4, R12. Closed and accepted: R1 R5 R8 Won, R2 R10 Not
# a fit after contact, R3 No response. Hours to first contact: 0 for R1 R5 R6 R8 R10 R13, 24 for
# R2 R3 R7 R11 R15, 48 for R14; R9 never (past its SLA), R16 not yet due. Thanked: all but R4 R7
# R9 R14 R16, all at once but R3 (24 h). Attribution complete: the forms (each names how and
# whether the lead agreed) R1 R2 R4 R6 R7 R9-R14; the one-line ones R3 R5 R8 R15 R16 are not.
# Open: R6 (last touched 9 March: quiet for 14 days), R7 (disputed), R9, R11, R13-R16.
# Revenue: R1 6000 (entered at close), R5 5000 (Est. value "5k"), R8 2500.
DASHBOARD: dict[str, tuple] = {  # this week (R16), last 4 weeks (9 March on: R6-R16), all time
    "Submissions": (1, 11 + 2, 16 + 3),
    "Merged as duplicates": (0, 2, 3),
    "Acceptance rate": (1 / 1, 10 / 13, 14 / 19),
    "Won": (0, 1, 3),
    "Conversion rate (won of accepted and closed)": (None, 1 / 2, 3 / 6),
    "First contact, median hours": (None, 12.0, 12.0),
    "First contact, 90th percentile hours": (None, 48.0, 24.0),
    "First contact within the SLA": (None, 7 / 9, 11 / 13),
    "Referrer thanked, median hours": (None, 0.0, 0.0),
    "Thank-you sent rate": (0 / 1, 7 / 11, 11 / 16),
    "Attribution complete (target 95%)": (0 / 1, 8 / 11, 11 / 16),
    "Duplicate conflicts": (0, 1, 1),
    "Open disputes": (0, 1, 1),
    "Leaking: open over 30 days": (0, 0, 0),
    "Leaking: no touch for 14 days": (0, 1, 1),
    "Revenue from won referrals": (0, 2500, 13500),
    "Rewards approved": (0, 0, 0),
    "Rewards awaiting approval": (0, 0, 0),
    "Time to payout, median days": (None, None, None),
    "Rewards declined": (0, 0, 0),
    "Rewards paid, total": (0, 0, 0),
}
DIGEST_WEEKS: dict[str, tuple] = {  # week 4 (23-29 March) and week 3 (16-22 March)
    "Submissions": (4, 3 + 1),
    "Merged as duplicates": (0, 1),
    "Acceptance rate": (3 / 4, 3 / 4),
    "Won": (0, 0),
    "Conversion rate (won of accepted and closed)": (None, 0 / 1),
    "First contact, median hours": (24.0, 12.0),
    "First contact, 90th percentile hours": (48.0, 24.0),
    "First contact within the SLA": (2 / 3, 2 / 3),
    "Referrer thanked, median hours": (0.0, 0.0),
    "Thank-you sent rate": (3 / 4, 2 / 3),
    "Attribution complete (target 95%)": (3 / 4, 3 / 3),
    "Duplicate conflicts": (0, 0),
    "Open disputes": (0, 0),
    "Leaking: open over 30 days": (0, 0),
    "Leaking: no touch for 14 days": (0, 0),
    "Revenue from won referrals": (0, 0),
    "Rewards approved": (0, 0),
    "Rewards awaiting approval": (0, 0),
    "Time to payout, median days": (None, None),
    "Rewards declined": (0, 0),
    "Rewards paid, total": (0, 0),
}
WEEKS = {  # referrals received each week, by where they stand now: won, not a fit, no resp., open
    date(2026, 3, 2): (2, 2, 1, 0),
    date(2026, 3, 9): (1, 0, 0, 2),
    date(2026, 3, 16): (0, 1, 0, 2),
    date(2026, 3, 23): (0, 1, 0, 3),
    date(2026, 3, 30): (0, 0, 0, 1),
}
FUNNEL = [["Received", 16], ["Contacted", 12], ["In conversation", 4], ["Won", 3]]
BY_REFERRER = [  # submissions, accepted, closed, won, conversion, revenue; sorted as the bot does
    ["Alex Kim", 5, 4, 2, 2, 1.0, 11000],
    ["Chris Park", 4, 3, 2, 1, 0.5, 2500],
    ["Dana Ross", 4, 2, 0, 0, None, 0],  # her claim on R7 counts as her submission
    ["Bea Tran", 3, 2, 1, 0, 0.0, 0],
    ["Eli Stone", 3, 3, 1, 0, 0.0, 0],
]


# --- reading what people see ----------------------------------------------------------------


def near(kind_: str, value: Any, expected: Any) -> bool:
    """Equal to what a person reads: rates to the percent, hours to the tenth."""
    if value is None or expected is None:
        return value is None and expected is None
    tolerance = {F.PERCENT: 0.005, F.HOURS: 0.05, F.DAYS: 0.05}.get(kind_, 1e-9)
    return abs(value - expected) <= tolerance + 1e-9


def shown_number(kind_: str, text: str) -> float | None:
    """A figure as Slack shows it ("74%", "12.0 h", "13,500", "—"), as a number."""
    text = text.strip()
    if text == "—":
        return None
    number = float(re.sub(r"[^\d.\-]", "", text))
    return number / 100 if kind_ == F.PERCENT else number


def stats(ws: LocalWorkspace, period: str) -> dict[str, str]:
    """`/refer stats <period>` as Ana reads it in its Block Kit fields (the notification text
    says the same): {figure: text}."""
    ws.as_user("Ana Ruiz")
    seen = ws.refer(f"stats {period}")
    assert not seen.problem
    (answer,) = [e for e in seen.ephemerals if e.get("text", "").startswith("Referrals — ")]
    assert answer["blocks"][0]["type"] == "header"
    fields = [f["text"] for b in answer["blocks"] for f in b.get("fields") or []]
    shown = dict(re.fullmatch(r"\*(.+)\*\n(.+)", text, re.S).groups() for text in fields)
    assert shown == dict(line.rsplit(": ", 1) for line in answer["text"].split("\n")[1:])
    return shown


def digest_figures(message: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """{figure: (this week, last week)} from the digest's fields."""
    found = {}
    for block in message["blocks"]:
        for field in block.get("fields") or []:
            shown = re.match(r"\*(.+)\*\n(.+?) \(last week (.+?)\)", field["text"])
            if shown:
                found[shown.group(1)] = (shown.group(2), shown.group(3))
    return found


class Dashboard:
    """The Dashboard tab's cells as the Sheets stand-in keeps them."""

    def __init__(self, ws: LocalWorkspace):
        ws.flush()
        self.person = ws.sheets_person()

    def cell(self, row: int, col: int) -> dict[str, Any]:
        """0-based row and column."""
        return self.person.cell("Dashboard", f"{chr(ord('A') + col)}{row + 1}")

    def value(self, row: int, col: int) -> Any:
        """The typed value: a number (never a number typed as text), text, or None."""
        effective = self.cell(row, col).get("effectiveValue") or {}
        assert "formulaValue" not in self.cell(row, col).get("userEnteredValue", {})
        return effective.get("numberValue", effective.get("stringValue"))

    def block(self, key: str) -> list[list[Any]]:
        first, end = D.data_rows(key)
        width = len(D.block(key).header)
        found = [[self.value(r, c) for c in range(width)] for r in range(first, end)]
        return [row for row in found if row[0] is not None]


# --- the test -------------------------------------------------------------------------------


@pytest.mark.timeout(180)  # twenty-one sweeps over HTTP: 25-30 s on a busy 2-core machine
def test_a_scripted_month_in_the_local_workspace(ws):
    m = Month(ws)
    script(m)
    board = Dashboard(ws)

    # (a) The Dashboard's headline figures: typed numbers, equal to the hand-worked ones.
    assert [board.value(0, c) for c in range(4)] == list(D.HEADLINE_HEADER)
    for row, figure in enumerate(F.HEADLINE, start=1):
        assert board.value(row, 0) == figure.label
        for col, expected in enumerate(DASHBOARD[figure.label], start=1):
            cell = board.cell(row, col)
            got = (cell.get("effectiveValue") or {}).get("numberValue")
            assert "stringValue" not in (cell.get("effectiveValue") or {}), (figure.label, cell)
            assert near(figure.kind, got, expected), (figure.label, col, got, expected)
            if got is not None:  # shown in the figure's format, as Slack shows it too
                number_format = cell["effectiveFormat"]["numberFormat"]
                assert number_format == D.NUMBER_FORMATS[figure.kind]
    updated = board.cell(D.UPDATED_ROW, 1)
    assert "numberValue" in updated["effectiveValue"]
    assert updated["formattedValue"] == "2026-03-30 10:30"  # London's summer time, as people read
    weeks = board.block("weeks")
    assert len(weeks) == 12 and weeks[-1][0] == D.serial(date(2026, 3, 30))
    assert board.cell(D.data_rows("weeks")[0] + 7, 0)["formattedValue"] == "2026-03-02"
    assert {D.SERIAL_EPOCH + timedelta(days=w[0]): tuple(w[1:]) for w in weeks if any(w[1:])} == (
        WEEKS
    )
    assert board.block("funnel") == FUNNEL
    assert board.block("referrer") == BY_REFERRER

    # The log's own cells are typed too; what a person typed that is no number stays as typed.
    def log_cell(referral_id: str, header: str) -> dict[str, Any]:
        return board.person.cell("Referrals", ws.cell_of(referral_id, header))

    received = log_cell("R-0001", "Received")
    assert "numberValue" in received["effectiveValue"]
    assert received["formattedValue"] == "2026-03-02 09:30"
    assert log_cell("R-0002", "Est. value")["effectiveValue"] == {"numberValue": 12000}  # "$12,000"
    assert log_cell("R-0001", "Won value")["effectiveValue"] == {"numberValue": 6000}
    assert log_cell("R-0003", "Touches")["effectiveValue"] == {"numberValue": 3}
    assert log_cell("R-0005", "Est. value")["effectiveValue"] == {
        "stringValue": "5k"
    }  # read as 5000

    # (b) Two native charts, pointing at the ranges the sweep just refreshed.
    charts = board.person.charts("Dashboard")
    assert [c["spec"]["title"] for c in charts] == [plan.title for plan in D.CHARTS]
    for chart, plan in zip(charts, D.CHARTS, strict=True):
        spec = chart["spec"]["basicChart"]
        ((domain,),) = [d["domain"]["sourceRange"]["sources"] for d in spec["domains"]]
        first, end = D.data_rows(plan.block)
        assert (domain["startRowIndex"], domain["endRowIndex"]) == (first - 1, end)
        assert [
            s["series"]["sourceRange"]["sources"][0]["startColumnIndex"] for s in spec["series"]
        ] == list(plan.series_columns)
        header = [board.value(first - 1, c) for c in (0, *plan.series_columns)]
        assert header == list(D.block(plan.block).header[: len(header)])
    assert sum(sum(w[1:]) for w in weeks) == 16  # every record in the stacked columns

    # (c) The weekly digest every Monday in the digest channel, each with its PNG chart.
    posted = ws.channel_messages(DIGEST)
    digests = [p for p in posted if not p.get("files")]
    assert [d["blocks"][0]["text"]["text"] for d in digests] == [
        f"Weekly referral digest — {week}"
        for week in ("2 Mar – 8 Mar 2026", "9 Mar – 15 Mar 2026", "16 Mar – 22 Mar 2026")
    ] + ["Weekly referral digest — 23 Mar – 29 Mar 2026"]
    files = [f for p in posted for f in p.get("files") or []]
    assert [f["name"] for f in files] == [
        f"referral-digest-2026-03-{day:02d}.png" for day in (9, 16, 23, 30)
    ]
    png = ws.file_content(files[-1]["id"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (800, 400)
    last = digests[-1]
    shown = "\n".join(b["text"]["text"] for b in last["blocks"] if "text" in b)
    assert "*Source recorded?* 3 of 4 — not yet: R-0015" in shown  # typed in one line
    assert "*Thank-you sent?* 3 of 4 — not yet: R-0014" in shown
    assert "*Anything still only in someone's inbox?* 6 of 7 — not yet: R-0006" in shown
    in_digest = digest_figures(last)
    assert set(in_digest) == set(DIGEST_WEEKS)
    for figure in F.HEADLINE:
        for text, expected in zip(in_digest[figure.label], DIGEST_WEEKS[figure.label], strict=True):
            assert near(figure.kind, shown_number(figure.kind, text), expected), (
                figure.label,
                text,
            )

    # (d) `/refer stats` says what the Dashboard says for its three periods (to the character
    # people read), and what the digest says for last week.
    for col, period in enumerate(("this week", "last 4 weeks", "all"), start=1):
        said = stats(ws, period)
        for row, figure in enumerate(F.HEADLINE, start=1):
            number = shown_number(figure.kind, said[figure.label])
            assert near(figure.kind, number, DASHBOARD[figure.label][col - 1]), (
                period,
                figure.label,
            )
            on_board = board.cell(row, col).get("formattedValue") or "—"
            unit = {F.HOURS: " h", F.DAYS: " days"}.get(figure.kind, "") if on_board != "—" else ""
            assert said[figure.label] == on_board + unit, (period, figure.label)
    said = stats(ws, "last week")
    assert {label: said[label] for label in in_digest} == {
        label: week for label, (week, _) in in_digest.items()
    }

    # (e) Reminders: at most one DM a working morning each (the list), none per step, and no
    # step lost; the coordinators' review post once a morning at most.
    assert m.lost == []
    reminders = Counter(
        (p.person.name, day)
        for day, p in m.posted
        if p.person and kind(p.message) in ("list", "nudge")
    )
    assert reminders and max(reminders.values()) == 1
    assert not [p for _, p in m.posted if kind(p.message) == "nudge"]  # the SLA is a day
    working_days = 20 + 1
    per_person = Counter(name for name, _ in reminders)
    assert (
        set(per_person) == {"You", "Sam Lee", "Priya Shah"}
        and max(per_person.values()) <= working_days
    )
    reviews = Counter(day for day, p in m.posted if kind(p.message) == "review")
    assert reviews and max(reviews.values()) == 1
    assert all(day.weekday() < 5 for day in reviews)

    # The amount nobody could read was told to the coordinators once, with its cell.
    review = [p.get("text", "") for p in ws.channel_messages(REVIEW)]
    (told,) = [t for t in review if "about 5 grand" in t]
    assert "Referrals!" in told and "(Est. value)" in told and "write a number like 5000" in told
