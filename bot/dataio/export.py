"""The Referrals tab as a CSV file for the firm's accountant or CRM: the columns people see (not
the bot's hidden ones), in the sheet's order, every cell escaped (bot/dataio/csvsafe.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.dataio.csvsafe import csv_bytes
from bot.domain.referral import Referral
from bot.log.base import id_number
from bot.schema import Schema

EXPORT_PREFIX = "referrals-"
"""How export files are named; erasure deletes the ones the bot shared in Slack."""


def export_columns(schema: Schema) -> list[tuple[str, str]]:
    """(column key, header) of the Referrals columns people see."""
    return [(c.key, c.header) for c in schema.tab("referrals").columns if not c.hidden]


def export_csv(referrals: Sequence[Referral], schema: Schema) -> bytes:
    columns = export_columns(schema)
    ordered = sorted(referrals, key=lambda r: (id_number(r.id), r.id))
    rows = ([getattr(r, key) for key, _ in columns] for r in ordered)
    return csv_bytes([header for _, header in columns], rows)


def export_filename(now: datetime) -> str:
    return f"{EXPORT_PREFIX}{now:%Y-%m-%d}.csv"
