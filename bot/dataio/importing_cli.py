"""`python run.py import FILE` / `import --sheet URL_OR_ID --tab NAME`: the preview, and with
`--apply` the import itself. Run it while the bot is stopped (both would hand out referral IDs)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import gspread

from bot.dataio import columns
from bot.dataio.importing import BATCH_ROWS, apply_plan, write_report
from bot.dataio.opening import LocalSheet, firm_spreadsheet, opened_log
from bot.dataio.plan import CONFLICT, DONE, DUPLICATE, INVALID, NEW, Plan, Planner, Rules
from bot.dataio.tables import SourceError, Table, read_file, read_values
from bot.errors import ReferralDeskError
from bot.log.events import recorded_event_ids
from bot.schema import Schema, load_schema

SHOWN_PROBLEMS = 15


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python run.py import",
        description=(
            "Bring an existing referral list into the log. Without --apply it only shows what "
            "it would do; nothing changes."
        ),
    )
    parser.add_argument("file", nargs="?", help="a .csv or .xlsx file")
    parser.add_argument("--sheet", help="another Google Sheet (URL or ID) instead of a file")
    parser.add_argument("--tab", default="", help="the tab to read (an .xlsx file or --sheet)")
    parser.add_argument("--mapping", help="the column mapping file (default: beside the file)")
    parser.add_argument("--apply", action="store_true", help="write the rows into the log")
    parser.add_argument("--batch", type=int, default=BATCH_ROWS, help=argparse.SUPPRESS)
    return parser


def _read_source(args, spreadsheet: gspread.Spreadsheet) -> Table:
    if not args.sheet:
        return read_file(Path(args.file), args.tab)
    from bot.log.client import spreadsheet_id

    key = spreadsheet_id(args.sheet)
    try:
        other = gspread.Spreadsheet(spreadsheet.client, {"id": key})
        worksheet = other.worksheet(args.tab) if args.tab else other.sheet1
        grid = worksheet.get_all_values()
    except gspread.WorksheetNotFound:
        tabs = ", ".join(w.title for w in other.worksheets())
        raise SourceError(f"{other.title} has no tab {args.tab!r}; its tabs: {tabs}.") from None
    except gspread.exceptions.APIError as exc:
        raise SourceError(
            f"Google would not open the sheet {key} ({exc.response.status_code}): share it with "
            "the service account (read access is enough), or check the ID."
        ) from exc
    return read_values(f"{other.title} / {worksheet.title}", grid)


def _mapping(args, table: Table, schema: Schema, settings, out) -> columns.Mapping:
    source = args.file or f"{args.sheet}-{args.tab}"
    path = Path(args.mapping) if args.mapping else columns.mapping_path(source, settings.data_path)
    if path.exists():
        mapping = columns.read_mapping(path, table.headers, schema)
        out(f"Columns (from {path}):")
    else:
        mapping = columns.suggest(table.headers, schema)
        columns.write_mapping(path, mapping, schema)
        out(f"Columns (suggested; edit {path} to change them, then run again):")
    tab = schema.tab("referrals")
    for header, key in mapping.columns.items():
        out(f"  {header!r} -> {tab.column(key).header if key else '(left out)'}")
    return mapping


def _summary(plan: Plan, out: Callable[[str], None], applied: bool) -> None:
    verb = "" if applied else "would be "
    out(
        f"{plan.count(NEW)} new, {plan.count(DUPLICATE)} duplicate(s) of a lead already logged "
        f"(noted on it), {plan.count(CONFLICT)} conflict(s) (another referrer: coordinators "
        f"decide), {plan.count(INVALID)} invalid (skipped)"
        + (f", {plan.count(DONE)} already imported" if plan.count(DONE) else "")
        + f" — {verb}from {plan.source}."
    )
    shown = [r for r in plan.rows if r.kind in (INVALID, DUPLICATE, CONFLICT) or r.notes]
    for r in shown[:SHOWN_PROBLEMS]:
        out(f"  row {r.number}: {r.kind}: " + "; ".join(x for x in [r.reason, *r.notes] if x))
    if len(shown) > SHOWN_PROBLEMS:
        out(f"  … and {len(shown) - SHOWN_PROBLEMS} more in the report.")


def import_main(
    argv: list[str],
    settings,
    out: Callable[[str], None] = print,
    now: datetime | None = None,
    *,
    local: LocalSheet,
) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if bool(args.file) == bool(args.sheet):
        parser.error("name a file to import, or --sheet URL_OR_ID (not both)")
    schema = load_schema()
    try:
        with firm_spreadsheet(settings, local) as spreadsheet:
            table = _read_source(args, spreadsheet)
            out(f"{table.name}: {len(table.rows)} row(s). " + " ".join(table.notes))
            mapping = _mapping(args, table, schema, settings, out)
            with opened_log(settings, spreadsheet, writing=True) as log:
                done = recorded_event_ids(log)
                snapshot = log.snapshot(max_age=0)
                rules = Rules.from_settings(settings, now or datetime.now(UTC))
                plan = Planner(table, mapping, snapshot, rules).plan(done)
                report = _report_path(args, settings)
                if not args.apply:
                    _summary(plan, out, applied=False)
                    write_report(report, plan, None)
                    out(f"Nothing was changed. Every row: {report}. Run again with --apply.")
                    return 0
                applied = apply_plan(
                    plan,
                    log,
                    lambda n, total: out(f"  wrote {n} of {total} row(s)"),
                    batch_rows=max(1, args.batch),
                )
                log.refresh()  # tags the new rows now rather than at the bot's next read
    except (ReferralDeskError, OSError) as exc:
        out(f"import: {exc}")
        return 1
    _summary(plan, out, applied=True)
    write_report(report, plan, applied)
    out(f"Done. Every row and the referral it became: {report}")
    return 0


def _report_path(args, settings) -> Path:
    if args.file:
        path = Path(args.file)
        return path.with_name(path.name + ".import-report.csv")
    safe = "".join(c if c.isalnum() else "-" for c in f"{args.sheet}-{args.tab}")[-60:]
    return settings.data_path / f"import-{safe}.report.csv"
