"""What every use case needs: the log, the drafts, the settings, the notifier and the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import uuid4

from bot.config import Settings
from bot.domain.referral import Activity, Referral, TeamMember
from bot.domain.rewards import reward_mentionable
from bot.domain.timefmt import format_dt
from bot.drafts import Draft, Drafts
from bot.errors import PermissionDeniedError, ReferralNotFoundError
from bot.log.base import ReferralLog, Snapshot
from bot.services.types import Actor, Notifier


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class ServiceContext:
    log: ReferralLog
    drafts: Drafts
    settings: Settings
    notifier: Notifier
    now: Callable[[], datetime] = field(default=utc_now)

    @property
    def tz(self) -> str:
        return self.settings.firm_timezone

    def stamp(self, moment: datetime | None = None) -> str:
        """A moment as the sheet shows it."""
        return format_dt(moment or self.now(), self.tz)

    def activity(self, referral_id: str, who: str, what: str, details: str = "") -> Activity:
        return Activity(
            when=self.stamp(),
            referral_id=referral_id,
            who=who,
            what=what,
            details=details,
            event_id=uuid4().hex[:16],
        )

    def snapshot(self, fresh: bool = False) -> Snapshot:
        return self.log.snapshot(max_age=0 if fresh else None)

    def referral(self, referral_id: str, snapshot: Snapshot | None = None) -> Referral:
        found = (snapshot or self.snapshot()).find(referral_id.strip().upper())
        if found is None:
            raise ReferralNotFoundError(f"There is no referral {referral_id} in the log.")
        return found

    def who(self, actor: Actor, snapshot: Snapshot | None = None) -> str:
        """The name the sheet shows for a Slack user: Team tab name, else Slack name, else ID."""
        member = (snapshot or self.snapshot()).member(actor.user_id)
        return (member.name if member else "") or actor.name or actor.user_id

    def require_coordinator(self, actor: Actor, snapshot: Snapshot | None = None) -> TeamMember:
        member = (snapshot or self.snapshot()).member(actor.user_id)
        if member is None or not member.is_coordinator:
            raise PermissionDeniedError(
                "Only coordinators and admins (Team tab, Role column) can do this."
            )
        return member

    def draft(self, name: str, referral: Referral, sender: str = "", **extra) -> Draft:
        return self.drafts.render(
            name,
            referral=referral,
            firm=self.settings.firm_name,
            sender=sender or referral.owner or self.settings.firm_name,
            reward_approved=reward_mentionable(referral),
            **extra,
        )
