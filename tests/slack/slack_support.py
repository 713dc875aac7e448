"""What the Slack tests share: a fake desk that records calls, sample referrals and drafts, and a
polling helper. Fixtures built from these live in conftest.py."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.domain import referral as R
from bot.domain.conflicts import find_claim
from bot.domain.duplicates import open_conflict
from bot.domain.referral import Referral
from bot.domain.rewards import RewardPolicy
from bot.drafts import Draft
from bot.errors import (
    AlreadyDoneError,
    PermissionDeniedError,
    ReferralNotFoundError,
    ValidationError,
)
from bot.log import messages as log_messages
from bot.services.conflicts import StaleConflictCard
from bot.services.desk import HomeData
from bot.services.types import Actor, ReferOutcome, Submission
from sandbox.slack import SlackStandIn

TOKEN = "xoxb-test-0000"
SECRET = "test-signing-secret"
TZ = "Europe/London"
OWNER, THANKER, COORD, OTHER = "U0OWNER", "U0THANKS", "U0COORD", "U0OTHER"
GENERAL, REVIEW = "C0GENERAL", "C0REVIEW"


def referral(**changes: str) -> Referral:
    base = Referral(
        id="R-0012",
        received="2026-03-02 09:00",
        lead_name="Jane Doe",
        company="Acme",
        lead_email="jane@acme.com",
        referred_by="Alex Kim",
        referrer_type="Client",
        how_introduced="Email intro",
        context="Needs payroll help",
        stage=R.NEW,
        owner="Sam Owner",
        owner_slack_id=OWNER,
        next_step="First contact",
        next_followup_due="2026-03-03 09:00",
        thankyou_owner="Tia Thanks",
        thankyou_owner_slack_id=THANKER,
        thankyou_status=R.THANKYOU_DRAFTED,
    )
    return replace(base, **changes)


def draft(name: str = "first_contact") -> Draft:
    return Draft(
        name, "jane@acme.com", "Alex Kim suggested we talk", "Hi Jane,\n\nAlex mentioned you."
    )


class FakeDesk:
    """The desk API the listeners call, recording every call; answers are set by each test."""

    def __init__(
        self, referrals: list[Referral] | None = None, coordinators: tuple[str, ...] = (COORD,)
    ):
        self.referrals = {r.id: r for r in referrals or [referral()]}
        self.coordinators = set(coordinators)
        self.calls: list[tuple[str, tuple]] = []
        self.parsed: Submission | dict[str, str] = {}
        self.outcomes: list[ReferOutcome] = []
        self.fail_with: Exception | None = None
        self.now = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo(TZ))
        self.mornings: list[tuple[str, str, Any]] = []
        """(whose, "channel:ts", MorningList) of the morning messages a test has posted."""

    def _record(self, name: str, *args: Any) -> None:
        self.calls.append((name, args))
        if self.fail_with is not None:
            raise self.fail_with

    def morning_lists(self, referral_id: str) -> list:
        """The kept morning messages showing `referral_id` (set by a test as self.mornings)."""
        return [
            m
            for m in self.mornings
            if any(line.item.startswith(f"{referral_id}|") for line in m[2].lines)
        ]

    def called(self, name: str) -> list[tuple]:
        return [args for called, args in self.calls if called == name]

    # capture
    def parse_refer_text(self, text: str) -> Submission | dict[str, str]:
        self._record("parse_refer_text", text)
        return self.parsed

    def refer(self, submission: Submission, actor: Actor) -> ReferOutcome:
        self._record("refer", submission, actor)
        return self.outcomes.pop(0)

    # reading
    def my_open(self, actor: Actor) -> list[Referral]:
        self._record("my_open", actor)
        return [
            r for r in self.referrals.values() if r.is_open and r.owner_slack_id == actor.user_id
        ]

    def find(self, text: str) -> list[Referral]:
        self._record("find", text)
        return [r for r in self.referrals.values() if text.casefold() in r.lead_name.casefold()]

    def is_coordinator(self, user_id: str) -> bool:
        return user_id in self.coordinators

    def referral(self, referral_id: str) -> Referral:
        found = self.referrals.get(referral_id)
        if found is None:
            raise ReferralNotFoundError(log_messages.no_referral([referral_id]))
        return found

    def reward_policy(self) -> RewardPolicy:
        return RewardPolicy()

    def row_link(self, referral: Referral) -> str:
        return f"https://sheet.example/edit#gid=0&range=A{referral.id[2:]}"

    def home(self, actor: Actor) -> HomeData:
        self._record("home", actor)
        coordinator = actor.user_id in self.coordinators
        open_ = [r for r in self.referrals.values() if r.is_open]
        return HomeData(
            now=self.now,
            mine=[r for r in open_ if r.owner_slack_id == actor.user_id],
            is_coordinator=coordinator,
            unassigned=[r for r in open_ if not r.owner_slack_id] if coordinator else [],
            overdue=[],
        )

    # answers
    def _allowed(self, referral_id: str, actor: Actor) -> Referral:
        found = self.referrals.get(referral_id)
        if found is None:
            raise ReferralNotFoundError(log_messages.no_referral([referral_id]))
        involved = actor.user_id in (found.owner_slack_id, found.thankyou_owner_slack_id)
        if not involved and actor.user_id not in self.coordinators:
            raise PermissionDeniedError(
                f"Only {found.owner}, the thank-you owner or a coordinator can update {found.id}."
            )
        return found

    def _change(self, referral_id: str, **cells: str) -> Referral:
        self.referrals[referral_id] = replace(self.referrals[referral_id], **cells)
        return self.referrals[referral_id]

    def record_followup(self, referral_id: str, actor: Actor, status: str) -> Referral:
        self._record("record_followup", referral_id, actor, status)
        self._allowed(referral_id, actor)
        return self._change(referral_id, followup_status=status, stage=R.CONTACTED)

    def set_in_conversation(self, referral_id: str, actor: Actor) -> Referral:
        self._record("set_in_conversation", referral_id, actor)
        self._allowed(referral_id, actor)
        return self._change(referral_id, stage=R.IN_CONVERSATION)

    def snooze(
        self, referral_id: str, actor: Actor, until: datetime, track: str | None = None
    ) -> Referral:
        self._record("snooze", referral_id, actor, until)
        self._allowed(referral_id, actor)
        if until <= self.now:
            raise ValidationError({"until": "Pick a time in the future to snooze until."})
        return self._change(referral_id, snoozed_until=until.strftime("%Y-%m-%d %H:%M"))

    def reassign(
        self, referral_id: str, actor: Actor, new_owner_id: str, track: str = "lead"
    ) -> Referral:
        self._record("reassign", referral_id, actor, new_owner_id)
        self._allowed(referral_id, actor)
        return self._change(referral_id, owner_slack_id=new_owner_id, owner="New Owner")

    def close(
        self, referral_id: str, actor: Actor, stage: str, reason: str = "", won_value: str = ""
    ) -> Referral:
        self._record(
            "close", referral_id, actor, stage, reason, *([won_value] if won_value else [])
        )
        if stage == R.NOT_A_FIT and not reason:
            raise ValidationError({"reason": "Say briefly why it is not a fit (e.g. budget)."})
        found = self._allowed(referral_id, actor)
        if found.stage == stage:  # as the desk: a repeat writes nothing
            raise AlreadyDoneError(f"{referral_id} is already closed as {stage}.", found)
        return self._change(referral_id, stage=stage, outcome_reason=reason, next_step="")

    def mark_sent(self, referral_id: str, actor: Actor, draft_name: str) -> Referral:
        self._record("mark_sent", referral_id, actor, draft_name)
        self._allowed(referral_id, actor)
        return self._change(referral_id, thankyou_status=R.THANKYOU_SENT)

    def mark_done(self, referral_id: str, actor: Actor) -> tuple[Referral, str]:
        """A typed "sent": the owner's next touch here (the services decide it for real)."""
        self._record("mark_done", referral_id, actor)
        self._allowed(referral_id, actor)
        changed = self._change(referral_id, followup_status=R.FOLLOWUP_SENT, stage=R.CONTACTED)
        return changed, "first_contact"

    def resolve_conflict(self, referral_id: str, actor: Actor, claim_key: str) -> Referral:
        self._record("resolve_conflict", referral_id, actor, claim_key)
        if actor.user_id not in self.coordinators:
            raise PermissionDeniedError(
                "Only coordinators and admins (Team tab, Role column) can do this."
            )
        current = self.referral(referral_id)
        claim = find_claim(current, claim_key) if open_conflict(current) else None
        if claim is None:
            raise StaleConflictCard(current, {"conflict": "R-0012's conflict is already decided."})
        decided = f"{current.conflict}; Resolved 2026-03-02 10:00 by Cy: credit to {claim.name} [{claim.key}]"
        return self._change(
            referral_id, referred_by=claim.name, conflict=decided, attribution_confidence="Medium"
        )


def wait_for(check: Callable[[], Any], timeout: float = 3.0) -> Any:
    """Poll until `check()` is truthy (the bot finishes its work after the ack)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the bot")
        time.sleep(0.01)


def settings_for(slack: SlackStandIn, **extra: Any) -> Settings:
    values = {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.api_url,
        "FIRM_TIMEZONE": TZ,
        "REVIEW_CHANNEL": "referral-review",
    }
    return Settings({**values, **{k.upper(): v for k, v in extra.items()}})
