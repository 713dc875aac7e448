"""Refreshing the Dashboard tab from the sweep: at most once every DASHBOARD_REFRESH_MINUTES, the
figures for this week, the last 4 weeks and all time go out in the sweep's own values write.

Cost, per refresh: one extra read (the Activity tab, for submissions merged into a record and
time to payout) and no extra write when the sweep writes cells anyway; when it has nothing else
to write, the Dashboard is one values call of its own."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain import dashboard as D
from bot.domain import metrics as M
from bot.log.base import Snapshot
from bot.schema import load_schema
from bot.services.context import ServiceContext
from bot.services.oversight import Oversight


class DashboardRefresh:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx
        self.oversight = Oversight(ctx)
        self._last: datetime = ctx.now()
        """Counted from start: a restarted bot finds the Dashboard its last run wrote, and a
        sweep right after start (the benchmark's, a restart's) stays one read."""

    def due(self, now: datetime) -> bool:
        every = timedelta(minutes=self.ctx.settings.dashboard_refresh_minutes)
        return now - self._last >= every

    def run(self, snapshot: Snapshot) -> bool:
        """Queue the refreshed figures when due; True when it did."""
        now = self.ctx.now()
        if not self.due(now):
            return False
        self.ctx.log.write_dashboard(self.title(), self.values(snapshot))
        self._last = now
        return True

    def values(self, snapshot: Snapshot) -> list[list]:
        now, tz = self.ctx.now(), self.ctx.tz
        activity = self.ctx.log.read_activity()
        periods = (M.this_week(now, tz), M.last_weeks(now, tz, 4), M.all_time())
        week, month, everything = (self.oversight.metrics(p, snapshot, activity) for p in periods)
        return D.grid(week, month, everything, now, tz)

    def title(self) -> str:
        return D.a1_range(load_schema().tab("dashboard").title)
