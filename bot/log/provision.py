"""`python run.py init-sheet`: make a spreadsheet match sheets_schema.json, idempotently.

Two reads and at most one `spreadsheets.batchUpdate`. Only adds what is missing: tabs, columns
(after the last existing header; existing data and people's own columns never move), the frozen
header row, dropdowns, warning-only protections, hidden bot columns, the overdue highlighting, the
date, count and currency formats of typed columns (bot/log/cells.py), and the Dashboard's number
formats and two charts (bot/log/provision_dashboard.py). A typed column that had no format yet is
converted (a third read): the dates and numbers people or an older bot wrote as text become real
dates and numbers with the same meaning; text that reads as neither is left as typed and listed.
Run twice, the second run changes nothing and says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gspread

from bot.errors import ReferralDeskError, SchemaError
from bot.log import messages
from bot.log.cells import number_format
from bot.log.conversion import Conversion, conversion_requests, read_columns
from bot.log.mapping import column_letter, normalise_header
from bot.log.provision_dashboard import dashboard_requests
from bot.log.reading import quoted
from bot.log.retry import RetryPolicy
from bot.schema import Schema, Tab, load_schema

MARK = "Referral Desk"
"""Protected ranges the bot made carry this in their description, so it can recognise them."""

_META_FIELDS = (
    "sheets(properties(sheetId,title,gridProperties),conditionalFormats,protectedRanges,"
    "charts(chartId,spec(title)),developerMetadata(metadataId,metadataKey,metadataValue))"
)
_GRID_FIELDS = (
    "sheets(properties(sheetId,title),data(rowData(values(formattedValue,dataValidation,"
    "userEnteredFormat.numberFormat)),columnMetadata(hiddenByUser)))"
)
NEW_TAB_ROWS = 1000


def provision(
    spreadsheet: gspread.Spreadsheet,
    schema: Schema,
    retry: RetryPolicy | None = None,
    tz: str = "UTC",
    decimal_comma: bool = False,
) -> list[str]:
    """Bring the spreadsheet up to the schema; the lines say what changed. Each try reads afresh,
    so a retry after an answer lost in transit never adds anything twice. `tz` is the firm's time
    zone, for converting a date written with an offset; `decimal_comma`, how the firm writes
    amounts, for converting an amount typed as text."""
    retry = retry or RetryPolicy()
    return retry.call(
        lambda: _provision_once(spreadsheet, schema, tz, decimal_comma), "provisioning the sheet"
    )


def planned_changes(
    spreadsheet: gspread.Spreadsheet, schema: Schema, tz: str = "UTC", decimal_comma: bool = False
) -> list[str]:
    """What `init-sheet` would change, changing nothing (for `python run.py check`)."""
    plan = _plan(spreadsheet, schema, tz, decimal_comma)
    return plan.lines if plan.requests else []


def _provision_once(
    spreadsheet: gspread.Spreadsheet, schema: Schema, tz: str, decimal_comma: bool
) -> list[str]:
    plan = _plan(spreadsheet, schema, tz, decimal_comma)
    if not plan.requests:
        return [messages.nothing_to_change()]
    spreadsheet.batch_update({"requests": plan.requests})
    return plan.lines


def _plan(
    spreadsheet: gspread.Spreadsheet, schema: Schema, tz: str = "UTC", decimal_comma: bool = False
) -> Plan:
    sheets = _read_sheets(spreadsheet, schema)
    plan = Plan(next_sheet_id=max([s["properties"]["sheetId"] for s in sheets.values()] + [0]) + 1)
    for tab in schema.tabs:
        sheet = sheets.get(tab.title.casefold())
        if sheet is None:
            plan.add_tab(tab)
        else:
            plan.complete_tab(tab, sheet)
    dashboard = schema.tab("dashboard")
    requests, lines = dashboard_requests(
        sheets.get(dashboard.title.casefold()), plan.sheet_ids[dashboard.key]
    )
    plan.requests += requests
    plan.lines += lines
    if plan.conversions:
        found = read_columns(spreadsheet, plan.conversions)
        requests, lines = conversion_requests(plan.conversions, found, tz, decimal_comma)
        plan.requests += requests
        plan.lines += lines
    return plan


def _read_sheets(spreadsheet: gspread.Spreadsheet, schema: Schema) -> dict[str, dict]:
    """{casefolded title: sheet} with properties, protections, conditional formats, and for the
    schema's tabs the first two rows (header, and a data row to see its dropdown)."""
    client = spreadsheet.client
    meta = client.spreadsheets_get(spreadsheet.id, params={"fields": _META_FIELDS})
    sheets = {s["properties"]["title"].casefold(): s for s in meta.get("sheets", [])}
    present = [t.title for t in schema.tabs if t.title.casefold() in sheets]
    if present:
        params = {
            "includeGridData": "true",
            "ranges": [quoted(title) + "!1:2" for title in present],
            "fields": _GRID_FIELDS,
        }
        grid = client.spreadsheets_get(spreadsheet.id, params=params)
        for sheet in grid.get("sheets", []):
            sheets[sheet["properties"]["title"].casefold()]["data"] = sheet.get("data", [])
    return sheets


class Plan:
    def __init__(self, next_sheet_id: int):
        self.requests: list[dict[str, Any]] = []
        self.lines: list[str] = []
        self._next_sheet_id = next_sheet_id
        self.sheet_ids: dict[str, int] = {}
        self.conversions: list[Conversion] = []
        """Typed columns of existing tabs that had no format: their text is to be converted."""

    def add_tab(self, tab: Tab) -> None:
        sheet_id = self._next_sheet_id
        self._next_sheet_id += 1
        self.sheet_ids[tab.key] = sheet_id
        grid = {
            "rowCount": NEW_TAB_ROWS,
            "columnCount": max(26, len(tab.columns)),
            "frozenRowCount": tab.frozen_rows,
        }
        self.requests.append(
            {
                "addSheet": {
                    "properties": {"sheetId": sheet_id, "title": tab.title, "gridProperties": grid}
                }
            }
        )
        self.lines.append(f"Added tab {tab.title}")
        positions = {c.key: i for i, c in enumerate(tab.columns)}
        self._headers(tab, sheet_id, positions, tab.keys)
        self._finish(tab, _Existing(sheet_id, positions=positions), new=True)

    def complete_tab(self, tab: Tab, sheet: dict) -> None:
        existing = _Existing.of(tab, sheet)
        self.sheet_ids[tab.key] = existing.sheet_id
        missing = [c.key for c in tab.columns if c.key not in existing.positions]
        if missing:
            start = existing.header_width
            needed = start + len(missing) - existing.column_count
            if needed > 0:
                self.requests.append(
                    {
                        "appendDimension": {
                            "sheetId": existing.sheet_id,
                            "dimension": "COLUMNS",
                            "length": needed,
                        }
                    }
                )
            for offset, key in enumerate(missing):
                existing.positions[key] = start + offset
                self.lines.append(f"Added column '{tab.column(key).header}' to {tab.title}")
            self._headers(tab, existing.sheet_id, existing.positions, missing)
        if existing.frozen_rows < tab.frozen_rows:
            self.requests.append(
                {
                    "updateSheetProperties": {
                        "properties": {
                            "sheetId": existing.sheet_id,
                            "gridProperties": {"frozenRowCount": tab.frozen_rows},
                        },
                        "fields": "gridProperties.frozenRowCount",
                    }
                }
            )
            self.lines.append(f"Froze header row on {tab.title}")
        self._finish(tab, existing)

    def _headers(self, tab: Tab, sheet_id: int, positions: dict[str, int], keys: list[str]) -> None:
        for key in keys:
            column = tab.column(key)
            self.requests.append(
                {
                    "updateCells": {
                        "start": {
                            "sheetId": sheet_id,
                            "rowIndex": 0,
                            "columnIndex": positions[key],
                        },
                        "rows": [
                            {
                                "values": [
                                    {
                                        "userEnteredValue": {"stringValue": column.header},
                                        "userEnteredFormat": {"textFormat": {"bold": True}},
                                    }
                                ]
                            }
                        ],
                        "fields": "userEnteredValue,userEnteredFormat.textFormat.bold",
                    }
                }
            )
            self.requests.append(
                _column_props(sheet_id, positions[key], {"pixelSize": column.width})
            )

    def _finish(self, tab: Tab, existing: _Existing, new: bool = False) -> None:
        where = existing.positions
        for column in tab.columns:
            index = where[column.key]
            ref = f"{tab.title}!{column.header}"
            # The Dashboard's figures have formats of their own (provision_dashboard).
            fmt = number_format(column) if tab.key != "dashboard" else None
            if fmt is not None and existing.number_format(index) != fmt:
                self.requests.append(_column_format(existing.sheet_id, index, fmt))
                self.lines.append(messages.typed_column(ref, fmt["type"]))
                if not new:
                    self.conversions.append(Conversion(tab, column, existing.sheet_id, index, fmt))
            if column.choices and existing.dropdown(index) != list(column.choices):
                self.requests.append(_dropdown(existing.sheet_id, index, column.choices))
                self.lines.append(f"Added dropdown on {ref}")
            if column.hidden and not existing.hidden(index):
                self.requests.append(
                    _column_props(existing.sheet_id, index, {"hiddenByUser": True})
                )
                self.lines.append(f"Hid column {ref}")
            if column.protected and not tab.append_only:
                self._protect(
                    existing,
                    f"{MARK}: {ref}",
                    ref,
                    {"startColumnIndex": index, "endColumnIndex": index + 1},
                )
        if tab.append_only:
            self._protect(existing, f"{MARK}: {tab.title} (append-only)", f"tab {tab.title}", {})
        if tab.overdue_highlight:
            formula = overdue_formula(tab, where)
            if formula not in existing.formulas:
                self.requests.append(_highlight(existing.sheet_id, formula, tab.overdue_highlight))
                self.lines.append(f"Added overdue highlighting on {tab.title}")

    def _protect(self, existing: _Existing, description: str, what: str, columns: dict) -> None:
        if description in existing.protections:
            return
        self.requests.append(
            {
                "addProtectedRange": {
                    "protectedRange": {
                        "range": {"sheetId": existing.sheet_id, **columns},
                        "description": description,
                        "warningOnly": True,
                    }
                }
            }
        )
        self.lines.append(f"Protected {what} (warning only)")


class _Existing:
    """What a tab already has, as read."""

    def __init__(self, sheet_id: int, positions: dict[str, int], sheet: dict | None = None):
        sheet = sheet or {}
        grid = sheet.get("properties", {}).get("gridProperties", {})
        data = (sheet.get("data") or [{}])[0]
        rows = data.get("rowData", [])
        self.sheet_id = sheet_id
        self.positions = positions
        self.column_count = grid.get("columnCount", 26)
        self.frozen_rows = grid.get("frozenRowCount", 0)
        self.header = [
            c.get("formattedValue", "") for c in (rows[0].get("values", []) if rows else [])
        ]
        self.second_row = rows[1].get("values", []) if len(rows) > 1 else []
        self.columns = data.get("columnMetadata", [])
        self.protections = {p.get("description", "") for p in sheet.get("protectedRanges", [])}
        self.formulas = {
            v.get("userEnteredValue", "")
            for rule in sheet.get("conditionalFormats", [])
            for v in rule.get("booleanRule", {}).get("condition", {}).get("values", [])
        }

    @classmethod
    def of(cls, tab: Tab, sheet: dict) -> _Existing:
        existing = cls(sheet["properties"]["sheetId"], {}, sheet)
        found: dict[str, list[int]] = {}
        for i, text in enumerate(existing.header):
            found.setdefault(normalise_header(text), []).append(i)
        for column in tab.columns:
            hits = found.get(normalise_header(column.header), [])
            if len(hits) > 1:
                letters = [column_letter(i) for i in hits]
                raise SchemaError(messages.duplicate_column(tab.title, column.header, letters))
            if hits:
                existing.positions[column.key] = hits[0]
        return existing

    @property
    def header_width(self) -> int:
        """Columns up to the last non-blank header: new ones go right after it."""
        filled = [i for i, text in enumerate(self.header) if str(text).strip()]
        return filled[-1] + 1 if filled else 0

    def dropdown(self, index: int) -> list[str] | None:
        cell = self.second_row[index] if index < len(self.second_row) else {}
        rule = cell.get("dataValidation", {}).get("condition", {})
        if rule.get("type") != "ONE_OF_LIST":
            return None
        return [v.get("userEnteredValue", "") for v in rule.get("values", [])]

    def number_format(self, index: int) -> dict | None:
        cell = self.second_row[index] if index < len(self.second_row) else {}
        return cell.get("userEnteredFormat", {}).get("numberFormat")

    def hidden(self, index: int) -> bool:
        return index < len(self.columns) and bool(self.columns[index].get("hiddenByUser"))


def overdue_formula(tab: Tab, positions: dict[str, int]) -> str:
    """True on rows whose follow-up date has passed while the stage is open.

    VALUE() because a date can still be text (typed by a person into a cell without the date
    format); a real date is a number and VALUE() leaves it as it is. Unreadable text is simply
    not highlighted."""
    rule = tab.overdue_highlight
    due = f"${column_letter(positions[rule['column']])}2"
    stage = f"${column_letter(positions['stage'])}2"
    stages = ",".join(f'{stage}="{s}"' for s in rule["open_stages"])
    return f'=AND({due}<>"",IFERROR(VALUE({due})<NOW(),FALSE),OR({stages}))'


def _column_format(sheet_id: int, index: int, fmt: dict) -> dict:
    """The column's number format on every row below the header (values untouched)."""
    return {
        "repeatCell": {
            "range": {
                "sheetId": sheet_id,
                "startRowIndex": 1,
                "startColumnIndex": index,
                "endColumnIndex": index + 1,
            },
            "cell": {"userEnteredFormat": {"numberFormat": fmt}},
            "fields": "userEnteredFormat.numberFormat",
        }
    }


def _column_props(sheet_id: int, index: int, properties: dict) -> dict:
    return {
        "updateDimensionProperties": {
            "range": {
                "sheetId": sheet_id,
                "dimension": "COLUMNS",
                "startIndex": index,
                "endIndex": index + 1,
            },
            "properties": properties,
            "fields": ",".join(properties),
        }
    }


def _dropdown(sheet_id: int, index: int, choices: tuple[str, ...]) -> dict:
    return {
        "setDataValidation": {
            "range": {
                "sheetId": sheet_id,
                "startRowIndex": 1,
                "startColumnIndex": index,
                "endColumnIndex": index + 1,
            },
            "rule": {
                "condition": {
                    "type": "ONE_OF_LIST",
                    "values": [{"userEnteredValue": c} for c in choices],
                },
                "strict": False,
                "showCustomUi": True,
            },
        }
    }


def _highlight(sheet_id: int, formula: str, highlight: dict) -> dict:
    return {
        "addConditionalFormatRule": {
            "index": 0,
            "rule": {
                "ranges": [{"sheetId": sheet_id, "startRowIndex": 1}],
                "booleanRule": {
                    "condition": {
                        "type": "CUSTOM_FORMULA",
                        "values": [{"userEnteredValue": formula}],
                    },
                    "format": {"backgroundColor": hex_color(highlight.get("color", "#F4CCCC"))},
                },
            },
        }
    }


def hex_color(text: str) -> dict[str, float]:
    text = text.lstrip("#")
    red, green, blue = (int(text[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return {"red": round(red, 4), "green": round(green, 4), "blue": round(blue, 4)}


def provision_cli(
    settings,
    spreadsheet: gspread.Spreadsheet | None = None,
    out: Callable[[str], None] = print,
    where: str | None = None,
) -> int:
    """`python run.py init-sheet`: print what was done; one clear line and exit code 1 on error.
    `where` replaces the sheet's URL when it is not on Google (the local workspace's stand-in)."""
    from bot.log.client import open_spreadsheet

    try:
        spreadsheet = spreadsheet or open_spreadsheet(settings)
        lines = provision(
            spreadsheet,
            load_schema(),
            RetryPolicy.from_settings(settings),
            settings.firm_timezone,
            settings.decimal_comma,
        )
    except ReferralDeskError as exc:
        out(f"init-sheet: {exc}")
        return 1
    out(f"Spreadsheet: {spreadsheet.title} ({where or spreadsheet.url})")
    for line in lines:
        out(f"  {line}")
    return 0
