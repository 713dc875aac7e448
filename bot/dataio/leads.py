"""Which existing records a row might repeat, without comparing it to every row of the log.

A 5,000-row import against a large log would otherwise run the fuzzy name match millions of times.
Candidates share the normalised email, the phone, or a word of the name; the duplicate rules
(bot/domain/duplicates.py) then decide among those exactly as for a capture. A similar name
that shares no whole word with the other (Jon Smyth / John Smith) is not offered as a candidate."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from bot.domain.normalise import normalise_email, normalise_name, normalise_phone
from bot.domain.referral import Referral


class LeadIndex:
    def __init__(self, referrals: Iterable[Referral], region: str):
        self.region = region
        self._records: dict[str, Referral] = {}
        self._buckets: dict[str, set[str]] = defaultdict(set)
        for referral in referrals:
            self.put(referral)

    def _keys(self, referral: Referral) -> set[str]:
        keys = {"w:" + word for word in normalise_name(referral.lead_name).split()}
        email = normalise_email(referral.lead_email)
        phone = normalise_phone(referral.lead_phone, self.region) if referral.lead_phone else ""
        return keys | ({"e:" + email} if email else set()) | ({"p:" + phone} if phone else set())

    def put(self, referral: Referral) -> None:
        """Add a record, or replace the one with the same ID (its cells changed)."""
        old = self._records.get(referral.id)
        if old is not None:
            for key in self._keys(old):
                self._buckets[key].discard(old.id)
        self._records[referral.id] = referral
        for key in self._keys(referral):
            self._buckets[key].add(referral.id)

    def get(self, referral_id: str) -> Referral | None:
        return self._records.get(referral_id)

    def near(self, referral: Referral) -> list[Referral]:
        ids = set().union(*(self._buckets.get(k, set()) for k in self._keys(referral)))
        return [self._records[i] for i in sorted(ids)]
