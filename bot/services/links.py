"""Where a "open the row" link points: the referral's own row when the store knows it, else the
sheet. One object the desk and the notifier share, built before either."""

from __future__ import annotations

from bot.domain.referral import Referral
from bot.log.base import ReferralLog


class RowLinks:
    def __init__(self, log: ReferralLog, sheet_url: str = ""):
        self.log = log
        self.sheet_url = sheet_url

    def __call__(self, referral: Referral) -> str:
        return self.log.row_link(referral.id) or self.sheet_url
