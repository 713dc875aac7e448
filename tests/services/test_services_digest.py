"""The weekly digest service: once per slot (DIGEST_DAY at DIGEST_HOUR, firm time) across a second
fire, a restart and a run that died part-way; a missed slot goes out at the next start; the
first start sends nothing late; `/refer digest` is for coordinators only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from services_helpers import ANA, SAM, TEAM, Clock, RecordingNotifier, submission

from bot.config import load_settings
from bot.drafts import Drafts
from bot.errors import PermissionDeniedError
from bot.log.base import MemoryLog
from bot.services.context import ServiceContext
from bot.services.desk import ReferralDesk
from bot.services.digest import WeeklyDigest
from bot.services.digest_record import DigestRecord

SLOT = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # Monday 08:00 in London (GMT)


@dataclass
class DigestChannel(RecordingNotifier):
    """The digest channel as Slack keeps it: what was posted there stays there."""

    refuse: set[str] = field(default_factory=set)
    channel: list[tuple[str, str]] = field(default_factory=list)

    def post_digest(self, digest, slot):
        if "post" in self.refuse:
            return ""
        self.channel.append(("digest", slot))
        return self._record("post_digest", digest.week.label, slot)

    def share_chart(self, digest, slot):
        if "chart" in self.refuse:
            return ""
        self.channel.append(("chart", slot))
        self._record("share_chart", slot)
        return f"F{len(self.channel)}"

    def digest_found(self, slot, since):
        message = "C0DIGEST:1.0" if ("digest", slot) in self.channel else ""
        chart = "F-found" if ("chart", slot) in self.channel else ""
        return message, chart


@pytest.fixture
def world(tmp_path):
    settings = load_settings(
        env={"FIRM_TIMEZONE": "Europe/London", "DATA_DIR": str(tmp_path)}, dotenv=None
    )
    log, channel = MemoryLog(team=TEAM), DigestChannel()
    clock = Clock(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))  # the Wednesday before
    drafts = Drafts(settings.firm_name, None, settings.firm_timezone)
    ctx = ServiceContext(log, drafts, settings, channel, now=clock.now, later=lambda t: t())
    return ctx, clock, channel


def started(ctx) -> WeeklyDigest:
    """The bot starting: the scheduler's run at start."""
    digest = WeeklyDigest(ctx)
    digest.run()
    return digest


def test_the_first_start_sends_nothing_late_and_the_slot_sends_once(world):
    ctx, clock, channel = world
    desk = ReferralDesk(ctx)
    desk.refer(submission(), ANA)
    weekly = started(ctx)
    assert channel.channel == []  # last Monday's slot came before the bot's first start

    clock.moment = SLOT - timedelta(seconds=1)
    assert weekly.run().posted is False and channel.channel == []
    clock.moment = SLOT
    run = weekly.run()
    assert (run.slot, run.posted, run.charted) == (SLOT, True, True)
    assert channel.of("post_digest") == [("post_digest", "23 Nov – 29 Nov 2026", SLOT.isoformat())]
    clock.advance(hours=1)
    assert weekly.run().already and len(channel.channel) == 2  # a second fire sends nothing


def test_a_restart_in_the_same_week_sends_nothing_again(world):
    ctx, clock, channel = world
    weekly = started(ctx)
    clock.moment = SLOT
    weekly.run()
    weekly.close()
    clock.advance(days=2)
    again = started(ctx)  # a new process, the same DATA_DIR
    assert again.run().already
    assert channel.channel == [("digest", SLOT.isoformat()), ("chart", SLOT.isoformat())]


def test_a_slot_missed_while_the_bot_was_down_goes_out_at_the_next_start(world):
    ctx, clock, channel = world
    started(ctx).close()
    clock.moment = SLOT.replace(hour=11)  # down from Sunday to Monday 11:00
    started(ctx)
    assert channel.channel == [("digest", SLOT.isoformat()), ("chart", SLOT.isoformat())]


def test_a_run_that_died_after_the_message_shares_only_the_chart(world):
    ctx, clock, channel = world
    weekly = started(ctx)
    clock.moment = SLOT
    channel.refuse = {"chart"}  # the message lands, the chart does not (killed, or refused)
    first = weekly.run()
    assert (first.posted, first.charted) == (True, False)
    channel.refuse = set()
    clock.advance(minutes=15)
    second = WeeklyDigest(ctx).run()  # after a restart
    assert (second.posted, second.charted) == (False, True)
    assert channel.channel == [("digest", SLOT.isoformat()), ("chart", SLOT.isoformat())]


def test_a_message_that_reached_slack_but_not_the_record_is_not_posted_twice(world):
    ctx, clock, channel = world
    weekly = started(ctx)
    clock.moment = SLOT
    weekly.record.start(SLOT, SLOT)  # the intent was recorded ...
    channel.channel.append(("digest", SLOT.isoformat()))  # ... the post landed, then a crash
    run = WeeklyDigest(ctx).run()
    assert (run.posted, run.charted) == (False, True)
    assert channel.of("post_digest") == []


def test_a_post_slack_refused_is_tried_on_the_next_run(world):
    ctx, clock, channel = world
    weekly = started(ctx)
    clock.moment = SLOT
    channel.refuse = {"post"}
    assert weekly.run().posted is False
    assert weekly.record.get(SLOT).done is False
    channel.refuse = set()
    clock.advance(hours=1)
    assert weekly.run().posted is True
    assert [kind for kind, _ in channel.channel] == ["digest", "chart"]


def test_the_record_keeps_its_first_start(tmp_path):
    first = DigestRecord(tmp_path / "d.sqlite3", SLOT)
    first.close()
    later = DigestRecord(tmp_path / "d.sqlite3", SLOT + timedelta(days=3))
    assert later.since == SLOT


def test_on_demand_is_for_coordinators_only(world):
    ctx, _clock, channel = world
    desk = ReferralDesk(ctx)
    desk.refer(submission(), ANA)
    shown = desk.digest(ANA)
    assert shown.week.label == "18 Nov – 24 Nov 2026"  # the seven days before Wednesday 25th
    with pytest.raises(PermissionDeniedError):
        desk.digest(SAM)
    assert channel.channel == []  # showing it posts nothing
