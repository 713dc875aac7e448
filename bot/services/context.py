"""What every use case needs: the log, the drafts, the settings, the notifier and the clock."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import uuid4

from bot.config import Settings
from bot.domain.referral import Activity, Referral, TeamMember
from bot.domain.rewards import reward_mentionable
from bot.domain.timefmt import format_dt
from bot.drafts import Draft, Drafts
from bot.errors import PermissionDeniedError, ReferralNotFoundError
from bot.log import messages as log_messages
from bot.log.base import ReferralLog, Snapshot
from bot.services import messages as msg
from bot.services.types import Actor, Notifier

logger = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Background:
    """Work nobody waits for (Slack DMs after a capture must not hold up the 3-second answer).
    Failures are logged with their traceback; `wait_idle` lets the console and tests catch up."""

    def __init__(self, workers: int = 4, name: str = "background"):
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)
        self._pending = 0
        self._idle = threading.Condition()

    def __call__(self, task: Callable[[], None]) -> None:
        with self._idle:
            self._pending += 1
        self._pool.submit(self._run, task)

    def _run(self, task: Callable[[], None]) -> None:
        try:
            task()
        except Exception:
            logger.exception("background work after an action failed")
        finally:
            with self._idle:
                self._pending -= 1
                self._idle.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)


@dataclass
class ServiceContext:
    log: ReferralLog
    drafts: Drafts
    settings: Settings
    notifier: Notifier
    now: Callable[[], datetime] = field(default=utc_now)
    later: Callable[[Callable[[], None]], None] = field(default_factory=Background)
    """Runs work that nobody waits for; tests pass a function that runs it at once."""

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
            raise ReferralNotFoundError(log_messages.no_referral([referral_id]))
        return found

    def who(self, actor: Actor, snapshot: Snapshot | None = None) -> str:
        """The name the sheet shows for a Slack user: Team tab name, else Slack name, else ID."""
        member = (snapshot or self.snapshot()).member(actor.user_id)
        return (member.name if member else "") or actor.name or actor.user_id

    def require_coordinator(self, actor: Actor, snapshot: Snapshot | None = None) -> TeamMember:
        member = (snapshot or self.snapshot()).member(actor.user_id)
        if member is None or not member.is_coordinator:
            raise PermissionDeniedError(msg.coordinators_only())
        return member

    def draft(self, name: str, referral: Referral, sender: str = "", **extra) -> Draft:
        return self.drafts.render(
            name,
            referral=referral,
            firm=self.settings.firm_name,
            sender=sender or referral.owner or self.settings.firm_name,
            reward_approved=reward_mentionable(referral),
            disclose_outcome=self.settings.referrer_updates_disclose_outcome,
            **extra,
        )
