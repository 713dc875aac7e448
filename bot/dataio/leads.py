"""Which records a row of an import might repeat: the log's rows and the rows above it in the
file, found through the duplicate check's lead index (bot/domain/lead_index.py) rather than by
comparing every pair. The duplicate rules then decide among the candidates as for a capture."""

from __future__ import annotations

from collections.abc import Iterable

from bot.domain.lead_index import LeadIndex as Blocks
from bot.domain.referral import Referral


class LeadIndex:
    """Records by ID (the import's own new rows under "file row N"), with their lead blocks."""

    def __init__(self, referrals: Iterable[Referral], region: str):
        self._records: dict[str, Referral] = {}
        self._blocks = Blocks(region)
        for referral in referrals:
            self.put(referral)

    def put(self, referral: Referral) -> None:
        """Add a record, or replace the one with the same ID (its cells changed)."""
        self._records[referral.id] = referral
        self._blocks.add(referral.id, referral)

    def get(self, referral_id: str) -> Referral | None:
        return self._records.get(referral_id)

    def near(self, referral: Referral) -> list[Referral]:
        return [self._records[i] for i in sorted(self._blocks.candidates(referral))]
