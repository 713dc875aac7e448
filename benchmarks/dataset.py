"""A realistic referral log of any size, and loading it straight into the Sheets stand-in.

Most referrals are closed (Won, Not a fit, No response) and spread over years; the open ones are
recent. Open rows are brought to a steady state by the bot's own sweep, run in memory two days and one day
before the benchmark's "now", so the measured sweep finds a day's work: the steps that fell due
since the last sweep (nudges), the nudges now a working day old (escalations), and a few cells a
person retyped in the sheet.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.domain import referral as R
from bot.domain.referral import Referral, TeamMember
from bot.domain.timefmt import format_dt
from bot.drafts import Drafts
from bot.log.base import MemoryLog, format_id
from bot.log.mapping import map_headers
from bot.log.ops import ID_TAG
from bot.schema import Schema
from bot.services.context import ServiceContext
from bot.services.schedule import Sweep
from sandbox.demo_firm import Person
from sandbox.sheets import SheetsStandIn
from sandbox.sheets.cells import formatted

TZ = "Europe/London"
NOW = datetime(2025, 3, 12, 11, 0, tzinfo=ZoneInfo(TZ))
"""The benchmark's "now": a Wednesday morning, inside everyone's working hours."""
SETTLED_AT = (NOW - timedelta(days=2), NOW - timedelta(days=1))
"""When the previous sweeps ran: everything due by then was listed in its owner's morning list
(and in the morning review when overdue). The measured sweep is that Wednesday's first, so it
sends the day's morning lists and review post: the heaviest sweep of a day."""
LAST_SWEEP = SETTLED_AT[-1]
OPEN_SHARE = 0.2
"""A fifth of the log open: the sweep looks at every open referral's steps."""
REFERRALS_PER_DAY = 12


def member(
    user_id: str, name: str, role: str, tags: str = "", territory: str = "", max_active: str = "60"
) -> Person:
    """A person of the benchmark's firm, the same kind the local workspace seeds."""
    first = name.split()[0].lower()
    return Person(
        user_id,
        first,
        name,
        f"{first}@firm.example",
        role,
        tags,
        territory,
        TZ,
        max_active=max_active,
    )


TEAM: tuple[Person, ...] = (
    member("U0ANA", "Ana Ruiz", "Coordinator", territory="London"),
    member("U0BEN", "Ben Okafor", "Coordinator", territory="Leeds"),
    member("U0SAM", "Sam Lee", "Owner", "payroll, tax", "London"),
    member("U0PRIYA", "Priya Shah", "Owner", "audit, advisory", "Leeds"),
    member("U0TOM", "Tom Berg", "Owner", "tax, estates", "London"),
    member("U0MIA", "Mia Chen", "Owner", "advisory, mergers", "London"),
    member("U0LEO", "Leo Novak", "Owner", "payroll", "Leeds"),
    member("U0ZOE", "Zoe Hart", "Owner", "audit", "Manchester"),
    member("U0RAJ", "Raj Patel", "Owner", "tax", "Manchester"),
    member("U0EVA", "Eva Lind", "Owner", "estates, trusts", "London"),
    member("U0YOU", "You", "Member", max_active=""),
)
OWNERS = tuple(m for m in TEAM if m.role == "Owner")
SUBMITTER = TEAM[-1]

_FIRST = ("Jane", "Omar", "Lucy", "Ivan", "Nina", "Paul", "Rosa", "Kenji", "Amara", "Felix")  # fmt: skip
_LAST = ("Doe", "Haddad", "Moreau", "Petrov", "Silva", "Kowal", "Byrne", "Tanaka", "Mensah")  # fmt: skip
_COMPANIES = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne")  # fmt: skip
_REFERRERS = ("Alex Kim", "Maria Lopez", "Chris Wood", "Dana Fox", "Eli Stone", "Fran Moss")
_CONTEXT = ("needs payroll help", "audit next quarter", "estate planning", "tax return", "advisory")


def generate(count: int, seed: int = 7) -> list[Referral]:
    """`count` referrals R-0001.., settled by the sweeps at SETTLED_AT (ascending received dates)."""
    rng = random.Random(seed)
    open_count = int(count * OPEN_SHARE)
    closed = [_closed(i + 1, count - open_count, rng) for i in range(count - open_count)]
    fresh = [_open(count - open_count + i + 1, rng) for i in range(open_count)]
    fresh.sort(key=lambda r: r.received)
    fresh = [
        r.with_changes({"id": format_id(count - open_count + i + 1)}) for i, r in enumerate(fresh)
    ]
    return closed + _with_sheet_edits(settle(fresh), rng)


def settings(**overrides) -> Settings:
    values = {
        "FIRM_TIMEZONE": TZ,
        "REVIEW_CHANNEL": "C0REVIEW",
        "DEFAULT_PHONE_REGION": "GB",
        # The stand-in, in Python on a shared machine, takes far longer than Google to send a
        # 100,000-row grid; the default would give up on a read that is merely slow here.
        "SHEETS_TIMEOUT_SECONDS": 120,
    }
    return Settings({**values, **{k.upper(): v for k, v in overrides.items()}})


def settle(open_rows: list[Referral]) -> list[Referral]:
    """The bot's own sweeps at SETTLED_AT, in memory, with every DM taken by a silent notifier."""
    team = [TeamMember.from_row(m.team_row()) for m in TEAM]
    log = _IndexedMemoryLog(open_rows, team)
    s = settings()
    drafts = Drafts(s.firm_name, None, TZ)
    for moment in SETTLED_AT:
        ctx = ServiceContext(log, drafts, s, _Silent(), now=lambda at=moment: at)
        Sweep(ctx).run()
    return log.referrals


def _stamp(moment: datetime) -> str:
    return format_dt(moment, TZ)


def _lead(number: int, rng: random.Random) -> dict[str, str]:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    company = rng.choice(_COMPANIES)
    referrer = rng.choice(_REFERRERS)
    return {
        "lead_name": f"{first} {last} {number}",
        "company": f"{company} {number % 997}",
        "lead_email": f"{first}.{last}.{number}@{company.lower()}{number % 997}.example".lower(),
        "lead_phone": f"+44207946{number % 10000:04d}" if rng.random() < 0.5 else "",
        "referred_by": referrer,
        "referrer_email": referrer.split()[0].lower() + "@clients.example",
        "referrer_type": rng.choice(R.REFERRER_TYPES),
        "how_introduced": rng.choice(R.HOW_INTRODUCED),
        "context": rng.choice(_CONTEXT),
        "est_value": str(rng.choice((1500, 4000, 8000, 12000))),
        "attribution_confidence": rng.choice(("High", "Medium")),
        "reward_state": R.REWARD_NOT_APPLICABLE,
        "logged_by": SUBMITTER.name,
        "logged_by_slack_id": SUBMITTER.user_id,
        "channel": R.CHANNEL_SLASH,
    }


def _owned(owner: Person) -> dict[str, str]:
    return {
        "owner": owner.name,
        "owner_slack_id": owner.user_id,
        "thankyou_owner": owner.name,
        "thankyou_owner_slack_id": owner.user_id,
    }


def _closed(number: int, closed_count: int, rng: random.Random) -> Referral:
    days_back = 30 + (closed_count - number) / REFERRALS_PER_DAY
    received = LAST_SWEEP - timedelta(days=days_back, minutes=rng.randrange(600))
    stage = rng.choice((R.WON, R.NOT_A_FIT, R.NOT_A_FIT, R.NO_RESPONSE))
    touched = received + timedelta(hours=rng.randrange(2, 30))
    closed_at = touched + timedelta(days=rng.randrange(3, 25))
    nudges = {"stage_last": stage, "stage_seen": stage, f"referrer_update:{stage}": "x"}
    return Referral(
        id=format_id(number),
        received=_stamp(received),
        **_lead(number, rng),
        stage=stage,
        followup_status=R.FOLLOWUP_SENT,
        **_owned(rng.choice(OWNERS)),
        touches=str(rng.randrange(1, 4)),
        first_contact_at=_stamp(touched),
        last_touch_at=_stamp(closed_at - timedelta(days=1)),
        thankyou_status=R.THANKYOU_SENT,
        thankyou_sent_at=_stamp(received + timedelta(hours=3)),
        referrer_last_updated=_stamp(closed_at),
        outcome_reason="budget" if stage == R.NOT_A_FIT else "",
        updated_at=_stamp(closed_at),
        nudge_state=json.dumps(nudges, sort_keys=True),
    )


def _open(number: int, rng: random.Random) -> Referral:
    received = SETTLED_AT[0] - timedelta(hours=rng.randrange(1, 24 * 45))
    touches = 0 if received > SETTLED_AT[0] - timedelta(days=2) else rng.choice((0, 1, 1, 2, 2, 3))
    cells: dict[str, str] = {"stage": R.NEW, "touches": str(touches)}
    if touches:
        first = received + timedelta(hours=rng.randrange(2, 20))
        last = first + timedelta(days=3 * (touches - 1))
        cells.update(
            stage=R.IN_CONVERSATION if rng.random() < 0.25 else R.CONTACTED,
            followup_status=R.WAITING_FOR_REPLY,
            first_contact_at=_stamp(first),
            last_touch_at=_stamp(min(last, SETTLED_AT[0])),
        )
    if rng.random() < 0.7:
        cells.update(thankyou_status=R.THANKYOU_SENT, thankyou_sent_at=_stamp(received))
    else:
        cells.update(thankyou_status=R.THANKYOU_DRAFTED)
    return Referral(
        id=format_id(number),
        received=_stamp(received),
        **_lead(number, rng),
        **_owned(rng.choice(OWNERS)),
        updated_at=_stamp(received),
        **cells,
    )


def _with_sheet_edits(rows: list[Referral], rng: random.Random) -> list[Referral]:
    """About one open row in fifty was edited by a person: the Owner name, or the Stage."""
    edited = []
    for row in rows:
        roll = rng.random()
        if roll < 0.01:
            other = rng.choice([m for m in OWNERS if m.user_id != row.owner_slack_id])
            row = row.with_changes({"owner": other.name})
        elif roll < 0.02 and row.stage == R.CONTACTED:
            row = row.with_changes({"stage": R.IN_CONVERSATION})
        edited.append(row)
    return edited


class _IndexedMemoryLog(MemoryLog):
    """MemoryLog, with its rows found by ID through a dict: settling a fifth of 100,000 rows
    makes one update per row, and MemoryLog scans the list for each."""

    def __init__(self, referrals, team):
        super().__init__(referrals, team)
        self._where = {r.id: i for i, r in enumerate(self.referrals)}

    def update(self, changes: dict[str, dict[str, str]], activity: list) -> None:
        for rid, cells in changes.items():
            self.referrals[self._where[rid]] = self.referrals[self._where[rid]].with_changes(cells)
        self.activity += activity
        self.writes += 1


class _Silent:
    """A notifier that takes every message (used only to settle the generated log)."""

    def _sent(self, *args, **kwargs) -> str:
        return "D0:1"

    owner_assigned = thankyou_assigned = draft_ready = nudge = _sent
    needs_owner = conflict_flagged = escalate = _sent
    reminder_list = morning_review = retire_list = _sent

    def reminder_list_sent(self, *args) -> str:
        return ""

    morning_review_sent = reminder_list_sent

    def user_tz(self, user_id: str) -> str:
        return ""


# --- loading into the stand-in -----------------------------------------------------------------


def load(
    stand_in: SheetsStandIn, spreadsheet_id: str, schema: Schema, referrals: list[Referral]
) -> None:
    """Write the Team tab and the referrals straight into the stand-in's model (no HTTP, not
    counted), each Referrals row tagged with its ID as the bot tags it."""
    team = [m.team_row() for m in TEAM]

    def change(ss) -> None:
        _fill(ss, schema.tab("team"), team, tag=False)
        _fill(ss, schema.tab("referrals"), [r.to_row() for r in referrals], tag=True)

    stand_in.mutate(spreadsheet_id, change)


def _fill(ss, tab, rows: list[dict[str, str]], tag: bool) -> None:
    sheet = ss.sheet_by_title(tab.title)
    header = [formatted(c) if c is not None else "" for c in sheet.rows[0]]
    positions = map_headers(tab, header).positions
    sheet.grid["rowCount"] = max(sheet.row_count, len(rows) + 100)
    for offset, values in enumerate(rows):
        index = offset + 1
        line = sheet.row(index)
        width = max(positions.values()) + 1
        if len(line) < width:
            line.extend([None] * (width - len(line)))
        for key, col in positions.items():
            text = values.get(key, "")
            old = line[col]
            extras = old[2] if old is not None else None
            line[col] = ("s", text, extras) if text else ((None, None, extras) if extras else None)
        if tag:
            _tag(ss, sheet.sheet_id, index, values["id"])


def _tag(ss, sheet_id: int, row: int, referral_id: str) -> None:
    meta_id = len(ss.metadata) + 1_000_000
    while meta_id in ss.metadata:
        meta_id += 1
    ss.metadata[meta_id] = {
        "metadataId": meta_id,
        "metadataKey": ID_TAG,
        "metadataValue": referral_id,
        "location": {
            "locationType": "ROW",
            "dimensionRange": {
                "sheetId": sheet_id,
                "dimension": "ROWS",
                "startIndex": row,
                "endIndex": row + 1,
            },
        },
        "visibility": "DOCUMENT",
    }
