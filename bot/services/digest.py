"""The weekly digest: built from one snapshot of the log and one read of Activity, posted to the
digest channel with its chart once per slot (DIGEST_DAY at DIGEST_HOUR, firm time), and shown
on demand to coordinators (`/refer digest`).

Exactly once per week, across restarts and a scheduler that fires twice: the slot is recorded on
disk before anything is sent (bot/services/digest_record.py); a slot started by a run that died
is finished by the next one, which first looks in the channel for what already got there, so
neither the message nor the chart is sent twice. A slot Slack refused is tried again on the next
run (the scheduler's next fire, or the next start)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.domain import digest as D
from bot.services.context import ServiceContext
from bot.services.digest_record import DigestRecord
from bot.services.oversight import Oversight
from bot.services.types import Actor

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DigestRun:
    """What one scheduled run did for its slot."""

    slot: datetime
    posted: bool = False
    charted: bool = False
    already: bool = False
    """The slot's digest was complete before this run."""
    skipped: str = ""
    """Why nothing was due (the slot came before the bot's first start), or ""."""


class WeeklyDigest:
    def __init__(self, ctx: ServiceContext, record: DigestRecord | None = None):
        self.ctx = ctx
        self.oversight = Oversight(ctx)
        self._record = record
        self._running = threading.Lock()
        """The scheduler's run and a catch-up at start never work on one slot at once."""

    @property
    def record(self) -> DigestRecord:
        """Opened at the first scheduled run (the scheduler runs one at start), not before:
        `/refer digest` and the rest of the desk need no file."""
        if self._record is None:
            self._record = DigestRecord.for_settings(self.ctx.settings, self.ctx.now())
        return self._record

    def slot(self, now: datetime | None = None) -> datetime:
        s = self.ctx.settings
        return D.slot(now or self.ctx.now(), self.ctx.tz, s.digest_day, s.digest_hour)

    def build(self, week_of: datetime) -> D.Digest:
        """The digest for the seven days before `week_of`'s day, as things stand now."""
        self.ctx.log.flush(timeout=2.0)  # what people were told was logged is counted
        snapshot = self.ctx.snapshot()
        activity = self.ctx.log.read_activity()
        s = self.ctx.settings
        return D.build(
            snapshot.referrals,
            activity,
            D.week_before(week_of, self.ctx.tz),
            self.ctx.now(),
            self.ctx.tz,
            sla_hours=s.first_contact_due_hours,
            team=snapshot.team,
            default_max_active=s.default_max_active,
        )

    def on_demand(self, actor: Actor) -> D.Digest:
        """`/refer digest`: coordinators and admins only; the seven days before today."""
        self.ctx.require_coordinator(actor)
        return self.build(self.ctx.now())

    def run(self) -> DigestRun:
        """Post the latest slot's digest unless it went out already."""
        with self._running:
            return self._run(self.slot())

    def _run(self, slot: datetime) -> DigestRun:
        if slot < self.record.since:
            return DigestRun(slot, skipped="before the bot's first start")
        earlier = self.record.get(slot)
        if earlier is not None and earlier.done:
            return DigestRun(slot, already=True)
        started = self.record.start(slot, self.ctx.now())
        message, chart = started.message, started.chart
        if earlier is not None:  # a run for this slot died or was refused part-way
            found = self.ctx.notifier.digest_found(_key(slot), _at(started.started))
            message, chart = message or found[0], chart or found[1]
        digest = self.build(slot)
        posted = charted = False
        if not message:
            message = self.ctx.notifier.post_digest(digest, _key(slot))
            posted = bool(message)
        if message:
            self.record.message_posted(slot, message)
        if message and not chart:
            chart = self.ctx.notifier.share_chart(digest, _key(slot))
            charted = bool(chart)
        if chart:
            self.record.chart_shared(slot, chart)
        return DigestRun(slot, posted=posted, charted=charted)

    def close(self) -> None:
        if self._record is not None:
            self._record.close()


def _key(slot: datetime) -> str:
    return slot.astimezone(UTC).isoformat()


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)
