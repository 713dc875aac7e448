"""`/refer export`: the Referrals tab as CSV, for coordinators and admins only (it holds every
lead's contact details)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.dataio.export import export_csv, export_filename
from bot.schema import load_schema
from bot.services.context import ServiceContext
from bot.services.types import Actor


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content: bytes
    count: int


def export_for(ctx: ServiceContext, actor: Actor) -> ExportFile:
    ctx.require_coordinator(actor)
    snapshot = ctx.snapshot(fresh=True)  # a file people keep: with the sheet's latest edits
    content = export_csv(snapshot.referrals, load_schema())
    return ExportFile(export_filename(ctx.now()), content, len(snapshot.referrals))
