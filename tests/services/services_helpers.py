"""Shared by the services tests: the demo team, a recording notifier, a hand-moved clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.domain.referral import TeamMember
from bot.services.types import Actor, Submission

TEAM = (
    TeamMember(
        "Ana Ruiz",
        "UANA",
        "ana@firm.test",
        "Coordinator",
        "",
        "",
        "",
        "Yes",
        "Europe/London",
        "09:00-17:30",
    ),
    TeamMember(
        "Sam Lee",
        "USAM",
        "sam@firm.test",
        "Owner",
        "payroll, tax",
        "London",
        "",
        "Yes",
        "Europe/London",
        "09:00-17:30",
    ),
    TeamMember(
        "Priya Shah",
        "UPRI",
        "priya@firm.test",
        "Owner",
        "audit",
        "",
        "",
        "Yes",
        "America/New_York",
        "09:00-17:00",
    ),
    TeamMember(
        "Max Member", "UMAX", "max@firm.test", "Member", "", "", "", "Yes", "Europe/London", ""
    ),
)
YOU = Actor("UMAX", "max")
SAM = Actor("USAM", "sam")
ANA = Actor("UANA", "ana")
PRIYA = Actor("UPRI", "priya")


@dataclass
class RecordingNotifier:
    sent: list[tuple] = field(default_factory=list)
    time_zones: dict[str, str] = field(default_factory=dict)
    asked_tz: list[str] = field(default_factory=list)
    """Whose Slack profile was asked for a time zone (users.info), in order."""

    def _record(self, kind: str, *args) -> str:
        self.sent.append((kind, *args))
        return f"D{len(self.sent)}:{len(self.sent)}.0"

    def owner_assigned(self, referral, owner_id, draft):
        return self._record("owner_assigned", referral.id, owner_id, draft)

    def thankyou_assigned(self, referral, user_id, draft):
        return self._record("thankyou_assigned", referral.id, user_id, draft)

    def needs_owner(self, referral, reason):
        return self._record("needs_owner", referral.id, reason)

    def conflict_flagged(self, existing, second_referrer, submitter_id):
        return self._record("conflict_flagged", existing.id, second_referrer, submitter_id)

    def draft_ready(self, referral, user_id, draft):
        return self._record("draft_ready", referral.id, user_id, draft)

    def nudge(self, referral, step, user_id, draft, escalate):
        return self._record("nudge", referral.id, step, user_id, draft)

    def nudge_sent(self, referral, step, user_id, since):
        """The DM history, as Slack keeps it: every nudge this notifier sent."""
        return any(n[1:4] == (referral.id, step, user_id) for n in self.of("nudge"))

    def escalate(self, referral, escalation, coordinators):
        return self._record(
            "escalate",
            referral.id,
            escalation.step,
            tuple(coordinators),
            escalation.owes_id,
            escalation.due_at,
        )

    def changed_by_other(self, referral, user_id, who, what):
        return self._record("changed_by_other", referral.id, user_id, who, what)

    def redraw(self, referral, who, what, skip="", before=None, drafts=None):
        """Every message showing `referral` redrawn: (id, stage, owner ID, who, what, skip,
        the lead's name before an Edit, the first-contact draft's greeting as now drawn)."""
        first = drafts("first_contact") if drafts else None
        greeting = first.body.splitlines()[0] if first is not None else ""
        lead = before.lead_name if before is not None else ""
        self._record(
            "redraw",
            referral.id,
            referral.stage,
            referral.owner_slack_id,
            who,
            what,
            skip,
            lead,
            greeting,
        )

    def reminder_list(self, user_id, morning):
        return self._record(
            "reminder_list", user_id, morning.day, tuple(morning.lines), morning.more
        )

    def reminder_list_sent(self, user_id, day, since):
        """The DM history: where this notifier already posted `user_id`'s list of `day`."""
        return self._where(lambda s: s[0] == "reminder_list" and s[1:3] == (user_id, day))

    def morning_review(self, morning, coordinators):
        lines = tuple(morning.lines)
        return self._record("morning_review", morning.day, lines, tuple(coordinators), morning.more)

    def morning_review_sent(self, day, since):
        return self._where(lambda s: s[0] == "morning_review" and s[1] == day)

    def retire_list(self, where):
        self._record("retire_list", where)
        return True

    def _where(self, wanted) -> str:
        found = [n for n, sent in enumerate(self.sent, 1) if wanted(sent)]
        return f"D{found[0]}:{found[0]}.0" if found else ""

    def listed(self, user_id: str = "") -> list[str]:
        """Every item (R-0001|first_contact) in the lists sent to `user_id` (anyone: blank)."""
        return [
            line.item
            for s in self.of("reminder_list")
            if not user_id or s[1] == user_id
            for line in s[3]
        ]

    def reviewed(self, new_only: bool = False) -> list:
        """Every line of the review posts sent (only those escalated that morning: new_only)."""
        return [
            line for s in self.of("morning_review") for line in s[2] if line.new or not new_only
        ]

    def user_tz(self, user_id):
        self.asked_tz.append(user_id)
        return self.time_zones.get(user_id, "")

    def kinds(self) -> list[str]:
        return [s[0] for s in self.sent]

    def of(self, kind: str) -> list[tuple]:
        return [s for s in self.sent if s[0] == kind]


class Clock:
    def __init__(self, start: datetime):
        self.moment = start

    def now(self) -> datetime:
        return self.moment

    def advance(self, **kwargs) -> datetime:
        self.moment += timedelta(**kwargs)
        return self.moment


def submission(**fields) -> Submission:
    base = {
        "lead_name": "Jane Doe",
        "company": "Acme Ltd",
        "lead_email": "jane@acme.com",
        "referred_by": "Alex Kim",
        "referrer_email": "alex@client.com",
        "referrer_type": "Client",
        "how_introduced": "Email intro",
        "context": "needs payroll help",
    }
    extra = {
        k: fields.pop(k)
        for k in list(fields)
        if k
        in {
            "owner_id",
            "thankyou_owner_id",
            "idempotency_key",
            "confirmed_new_lead",
            "same_lead_as",
            "channel",
        }
    }
    return Submission(fields={**base, **fields}, channel=extra.pop("channel", "Modal"), **extra)
