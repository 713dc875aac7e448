"""What partners and coordinators read: the figures for a period (`/refer stats`, the Dashboard,
the weekly digest), computed from one snapshot of the log and one read of Activity."""

from __future__ import annotations

from bot.domain import metrics as M
from bot.domain.referral import Activity
from bot.log.base import Snapshot
from bot.services.context import ServiceContext

PENDING_WRITES_SECONDS = 2.0


class Oversight:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def period(self, text: str) -> M.Period | None:
        return M.parse_period(text, self.ctx.now(), self.ctx.tz)

    def metrics(
        self,
        period: M.Period,
        snapshot: Snapshot | None = None,
        activity: list[Activity] | None = None,
    ) -> M.Metrics:
        if activity is None:
            # The figures count what people were told was logged: let writes still in the
            # outbox (a merge's Activity line a moment ago) land before reading the tab.
            self.ctx.log.flush(timeout=PENDING_WRITES_SECONDS)
            activity = self.ctx.log.read_activity()
        snapshot = snapshot or self.ctx.snapshot()
        s = self.ctx.settings
        return M.compute(
            snapshot.referrals,
            activity,
            period,
            self.ctx.now(),
            self.ctx.tz,
            sla_hours=s.first_contact_due_hours,
            team=snapshot.team,
            default_max_active=s.default_max_active,
        )
