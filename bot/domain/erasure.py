"""Forgetting a lead: which of a referral's cells are the lead's personal data, every way that
data can appear in text the bot wrote (as typed, lower-cased, escaped for Slack, URL-encoded in a
mailto link), and scrubbing it out. Pure: no I/O.

What stays is the non-personal history (dates, stage, outcome, owner, referrer, touches), so the
metrics stay true; the lead's name becomes the "erased" marker."""

from __future__ import annotations

import re
from urllib.parse import quote, quote_plus

from bot.domain.referral import Referral

ERASED = "[erased]"
PERSONAL_KEYS = ("lead_name", "company", "lead_email", "lead_phone", "context", "opening_line")
SCRUBBED_KEYS = ("next_step", "outcome_reason", "conflict", "linked_to")
"""Other cells of the row that may quote the lead (a step label like "Second touch to Jane Doe")."""
MIN_LENGTH = 3
"""Shorter values (a company called "X") would erase unrelated text wherever it appears."""


def is_erased(referral: Referral) -> bool:
    return referral.lead_name == ERASED


def personal_texts(referral: Referral) -> list[str]:
    """Every form of the lead's data to look for, longest first (so "Jane Doe" goes before "Jane")."""
    found: set[str] = set()
    for key in PERSONAL_KEYS:
        value = getattr(referral, key).strip()
        if len(value) < MIN_LENGTH:
            continue
        escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        found |= {
            value,
            value.casefold(),
            escaped,
            quote(value),
            quote_plus(value),
            quote(value, safe=""),
        }
        if key == "lead_phone" and value.startswith("+"):
            found.add(value[1:])  # tel: links and people drop the plus
    return sorted((t for t in found if len(t) >= MIN_LENGTH), key=len, reverse=True)


def scrub(text: str, texts: list[str]) -> str:
    """`text` with every occurrence of the lead's data (any case) replaced by the marker."""
    if not text or not texts:
        return text
    pattern = re.compile("|".join(re.escape(t) for t in texts), re.IGNORECASE)
    return pattern.sub(ERASED, text)


def erased_cells(referral: Referral, texts: list[str]) -> dict[str, str]:
    """The row's cells after erasure: personal columns blank (the name is the marker), other
    cells that quoted the lead scrubbed."""
    cells = {key: "" for key in PERSONAL_KEYS} | {"lead_name": ERASED}
    for key in SCRUBBED_KEYS:
        value = getattr(referral, key)
        if scrub(value, texts) != value:
            cells[key] = scrub(value, texts)
    return cells
