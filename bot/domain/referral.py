"""The referral record as the sheet holds it: every value is text, keyed by the schema's column keys.

Typed views (dates, numbers) are derived on demand so a hand-typed cell never breaks a read."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime
from functools import cache, lru_cache

from bot.domain.cellvalues import read_number
from bot.domain.timefmt import parse_dt

NEW, CONTACTED, IN_CONVERSATION = "New", "Contacted", "In conversation"
WON, NOT_A_FIT, NO_RESPONSE = "Won", "Not a fit", "No response"
OPEN_STAGES = (NEW, CONTACTED, IN_CONVERSATION)
CLOSED_STAGES = (WON, NOT_A_FIT, NO_RESPONSE)
STAGES = OPEN_STAGES + CLOSED_STAGES
WITHDRAWN = "Withdrawn"
"""Logged by mistake and undone at once (Undo on the confirmation): kept, never followed up,
not counted, not a duplicate of anything."""

FOLLOWUP_PREPARED = "Follow-up prepared"
FOLLOWUP_SENT = "Follow-up sent"
WAITING_FOR_REPLY = "Waiting for reply"
NO_FURTHER_ACTION = "No further action requested"

THANKYOU_TODO, THANKYOU_DRAFTED, THANKYOU_SENT = "To do", "Drafted", "Sent"

REFERRER_TYPES = ("Client", "Partner", "Colleague", "Friend", "Other")
HOW_INTRODUCED = (
    "Email intro",
    "Mentioned in a call or meeting",
    "Passed along privately",
    "Web form",
    "Other",
)
CONSENT_YES, CONSENT_NO, CONSENT_NOT_ASKED = "Yes", "No", "Not asked"
LEAD_CONSENT = (CONSENT_YES, CONSENT_NO, CONSENT_NOT_ASKED)
"""Whether the lead agreed to be introduced (DESIGN.md "Privacy"): no draft assumes a Yes."""
CONFIDENCE_HIGH, CONFIDENCE_MEDIUM, CONFIDENCE_LOW, CONFIDENCE_DISPUTED = (
    "High",
    "Medium",
    "Low",
    "Disputed",
)
REWARD_NOT_APPLICABLE = "Not applicable"
REWARD_PENDING = "Pending eligibility"
REWARD_AWAITING_APPROVAL = "Awaiting approval"
REWARD_APPROVED = "Approved"
REWARD_PAID = "Paid"
REWARD_DECLINED = "Declined"

CHANNEL_SLASH, CHANNEL_MODAL, CHANNEL_SHORTCUT, CHANNEL_SHEET = (
    "Slash command",
    "Modal",
    "Message shortcut",
    "Sheet",
)


def _known_text(cls: type, row: dict[str, str]) -> dict[str, str]:
    """The row's values for the dataclass's fields, as text; other columns are left out."""
    known = _field_names(cls)
    return {k: ("" if v is None else str(v)) for k, v in row.items() if k in known}


@cache
def _field_names(cls: type) -> frozenset[str]:
    # Once per class, not once per row: a read builds a Referral for every row it has not seen.
    return frozenset(f.name for f in fields(cls))


@dataclass(frozen=True, slots=True)
class Referral:
    """One row of the Referrals tab. Field names are the schema's column keys."""

    id: str = ""
    received: str = ""
    lead_name: str = ""
    company: str = ""
    lead_email: str = ""
    lead_phone: str = ""
    referred_by: str = ""
    referrer_email: str = ""
    referrer_type: str = ""
    how_introduced: str = ""
    lead_consent: str = ""
    context: str = ""
    opening_line: str = ""
    est_value: str = ""
    stage: str = ""
    followup_status: str = ""
    owner: str = ""
    next_step: str = ""
    next_followup_due: str = ""
    touches: str = ""
    first_contact_at: str = ""
    last_touch_at: str = ""
    thankyou_owner: str = ""
    thankyou_status: str = ""
    thankyou_sent_at: str = ""
    referrer_last_updated: str = ""
    outcome_reason: str = ""
    attribution_confidence: str = ""
    conflict: str = ""
    reward_state: str = ""
    reward_amount: str = ""
    logged_by: str = ""
    channel: str = ""
    updated_at: str = ""
    closed_at: str = ""
    owner_slack_id: str = ""
    thankyou_owner_slack_id: str = ""
    logged_by_slack_id: str = ""
    nudge_state: str = ""
    snoozed_until: str = ""
    evidence_link: str = ""
    linked_to: str = ""
    won_value: str = ""
    reward_review: str = ""
    reward_paid_at: str = ""

    @classmethod
    def from_row(cls, row: dict[str, str]) -> Referral:
        """Build from a {column key: text} mapping; unknown keys (human columns) are ignored."""
        return cls(**_known_text(cls, row))

    def to_row(self) -> dict[str, str]:
        return asdict(self)

    def with_changes(self, changes: dict[str, str]) -> Referral:
        return replace(self, **changes)

    @property
    def is_open(self) -> bool:
        # A blank or hand-typed unknown stage counts as open: better one nudge too many than a lost lead.
        return self.stage not in CLOSED_STAGES and self.stage != WITHDRAWN

    @property
    def is_withdrawn(self) -> bool:
        return self.stage == WITHDRAWN

    def at(self, key: str, tz: str = "UTC") -> datetime | None:
        """A datetime column as an aware datetime, or None when blank or unreadable."""
        return parse_dt(getattr(self, key), tz)

    @property
    def touch_count(self) -> int:
        return int(read_number(self.touches) or 0)

    @property
    def value(self) -> float | None:
        """Est. value as a number, however it was typed ("5k", "$5,000", "5.000,50")."""
        return read_number(self.est_value)

    @property
    def nudges(self) -> dict:
        """Nudge state: {step: ISO time sent}. Bad JSON (a person typed in it) reads as empty.
        A new dict each time: the caller may change it."""
        return dict(_nudge_state(self.nudge_state))


@lru_cache(maxsize=256)
def _nudge_state(text: str) -> dict:
    """The cell parsed once, not at each look: the sweep asks a referral for it several times
    (its cadence, its morning lines, its review line), one referral after another, so a few
    hundred kept are enough and cost no memory to speak of. Never handed out itself: shared."""
    try:
        state = json.loads(text) if text else {}
    except json.JSONDecodeError:
        return {}
    return state if isinstance(state, dict) else {}


REFERRAL_KEYS = tuple(f.name for f in fields(Referral))


@dataclass(frozen=True, slots=True)
class TeamMember:
    """One row of the Team tab."""

    name: str = ""
    slack_user_id: str = ""
    email: str = ""
    role: str = "Member"
    expertise_tags: str = ""
    territory: str = ""
    max_active: str = ""
    available: str = "Yes"
    time_zone: str = ""
    working_hours: str = ""

    @classmethod
    def from_row(cls, row: dict[str, str]) -> TeamMember:
        return cls(**_known_text(cls, row))

    @property
    def is_coordinator(self) -> bool:
        return self.role.strip().casefold() in {"coordinator", "admin"}

    @property
    def can_own(self) -> bool:
        return self.role.strip().casefold() in {"owner", "coordinator", "admin"}

    @property
    def is_available(self) -> bool:
        return self.available.strip().casefold() not in {"no", "n", "false", "0"}

    @property
    def tags(self) -> set[str]:
        return {t.strip().casefold() for t in self.expertise_tags.split(",") if t.strip()}

    def capacity(self, default: int = 10) -> int:
        """Max active as a whole number; blank or unreadable (reported by the read) is `default`."""
        number = read_number(self.max_active)
        return default if number is None else int(number)


@dataclass(frozen=True)
class Activity:
    """One row of the Activity tab. `event_id` makes a retried write recognisable."""

    when: str
    referral_id: str
    who: str
    what: str
    details: str = ""
    event_id: str = ""

    def to_row(self) -> dict[str, str]:
        return asdict(self)
