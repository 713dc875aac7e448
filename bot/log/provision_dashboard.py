"""init-sheet's part for the Dashboard tab: number formats on the bot's area and the two native
charts, pointing at the ranges the sweep refreshes (bot/domain/dashboard.py holds the layout).

Idempotent: charts are recognised by their title, and the formats by a sheet developer metadata
entry holding the layout's version, so a second run adds nothing; a newer layout re-applies the
formats and re-points the charts."""

from __future__ import annotations

import hashlib
from typing import Any

from bot.domain import dashboard as D
from bot.domain import figures as F

LAYOUT_KEY = "referral_desk.dashboard_layout"


def layout_version() -> str:
    shape = repr(
        (D.WIDTH, D.ROWS, D.STARTS, [b.kinds for b in D.BLOCKS], [f.kind for f in F.HEADLINE])
    )
    return hashlib.sha1(shape.encode()).hexdigest()[:12]


def dashboard_requests(sheet: dict | None, sheet_id: int) -> tuple[list[dict], list[str]]:
    """(requests, lines) that bring the Dashboard's formats and charts up to the layout."""
    sheet = sheet or {}
    requests: list[dict[str, Any]] = []
    lines: list[str] = []
    version = layout_version()
    layout = [m for m in sheet.get("developerMetadata", []) if m.get("metadataKey") == LAYOUT_KEY]
    current = layout[0].get("metadataValue") if layout else None
    if current != version:
        requests += _formats(sheet_id)
        requests += [_delete_meta(m["metadataId"]) for m in layout if "metadataId" in m]
        requests.append(_layout_meta(sheet_id, version))
        lines.append("Formatted the Dashboard's figures (numbers, rates, money, dates)")
    charts = {c.get("spec", {}).get("title"): c.get("chartId") for c in sheet.get("charts", [])}
    for plan in D.CHARTS:
        spec = D.chart_spec(plan, sheet_id)
        if plan.title not in charts:
            position = D.chart_position(plan, sheet_id)
            requests.append({"addChart": {"chart": {"spec": spec, "position": position}}})
            lines.append(f"Added chart '{plan.title}' to the Dashboard")
        elif current != version:
            requests.append({"updateChartSpec": {"chartId": charts[plan.title], "spec": spec}})
            lines.append(f"Pointed chart '{plan.title}' at the new layout")
    return requests, lines


def _grid(sheet_id: int, region: D.Region) -> dict[str, int]:
    return {
        "sheetId": sheet_id,
        "startRowIndex": region.row0,
        "endRowIndex": region.row1,
        "startColumnIndex": region.col0,
        "endColumnIndex": region.col1,
    }


def _formats(sheet_id: int) -> list[dict[str, Any]]:
    whole = D.Region(0, D.ROWS, 0, D.WIDTH, "")
    clear = {
        "repeatCell": {
            "range": _grid(sheet_id, whole),
            "cell": {"userEnteredFormat": {}},
            "fields": "userEnteredFormat.numberFormat",
        }
    }
    bold = [
        {
            "repeatCell": {
                "range": _grid(sheet_id, D.Region(row, row + 2, 0, D.WIDTH, "")),
                "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                "fields": "userEnteredFormat.textFormat.bold",
            }
        }
        for row in D.STARTS.values()
    ]
    typed = [
        {
            "repeatCell": {
                "range": _grid(sheet_id, region),
                "cell": {"userEnteredFormat": {"numberFormat": D.NUMBER_FORMATS[region.kind]}},
                "fields": "userEnteredFormat.numberFormat",
            }
        }
        for region in D.formats()
    ]
    return [clear, *bold, *typed]


def _layout_meta(sheet_id: int, version: str) -> dict[str, Any]:
    return {
        "createDeveloperMetadata": {
            "developerMetadata": {
                "metadataKey": LAYOUT_KEY,
                "metadataValue": version,
                "visibility": "DOCUMENT",
                "location": {"sheetId": sheet_id},
            }
        }
    }


def _delete_meta(metadata_id: int) -> dict[str, Any]:
    return {
        "deleteDeveloperMetadata": {
            "dataFilter": {"developerMetadataLookup": {"metadataId": metadata_id}}
        }
    }
