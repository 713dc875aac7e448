"""Which URL is which API method, and what each method does to the model.

Paths are matched on the raw (still percent-encoded) path so that ``:append`` and other custom
verbs are told apart from colons inside a range.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from . import fieldmask, values_read, values_write
from .batch import batch_update
from .errors import invalid, unsupported
from .metadata import matched_metadata
from .model import Spreadsheet
from .render import KNOWN_FIELDS, spreadsheet_json
from .schema import check_query

ID = r"(?P<id>[A-Za-z0-9_-]+)"
BASE = "/v4/spreadsheets"


@dataclass(frozen=True)
class Route:
    http: str
    pattern: re.Pattern
    name: str
    kind: str  # "read" or "write": which per-minute quota it counts against
    handler: Callable[..., dict] | None  # None: a real Google method the stand-in refuses
    mutates: bool = False


def _route(
    http: str, path: str, name: str, kind: str, handler: Callable | None, mutates: bool = False
) -> Route:
    return Route(http, re.compile(f"^{BASE}{path}$"), name, kind, handler, mutates)


def get_spreadsheet(ss: Spreadsheet, params: dict, _body: Any, _match: Any) -> dict:
    check_query(
        params, {"includeGridData": "bool", "ranges": None, "excludeTablesInBandedRanges": "bool"}
    )
    mask = fieldmask.parse(params.get("fields", [""])[-1])
    fieldmask.check_known(mask, KNOWN_FIELDS)
    include = params.get("includeGridData", ["false"])[-1] in ("true", "True", "1")
    return spreadsheet_json(ss, include, params.get("ranges", []), mask)


def render_for_batch(ss: Spreadsheet, ranges: list[str], include_grid: bool) -> dict:
    return spreadsheet_json(ss, include_grid, ranges, None)


def search_metadata(ss: Spreadsheet, params: dict, body: dict, _match: Any) -> dict:
    check_query(params, {})
    found: dict[int, dict] = {}
    for i, data_filter in enumerate(body.get("dataFilters") or []):
        for meta in matched_metadata(ss, data_filter, f"dataFilters[{i}]"):
            entry = found.setdefault(
                meta["metadataId"], {"developerMetadata": meta, "dataFilters": []}
            )
            entry["dataFilters"].append(data_filter)
    return {"matchedDeveloperMetadata": list(found.values())} if found else {}


def _range(match: re.Match) -> str:
    return unquote(match.group("range"))


ROUTES = [
    _route("POST", "", "spreadsheets.create", "write", None),
    _route("GET", f"/{ID}", "spreadsheets.get", "read", get_spreadsheet),
    _route("POST", f"/{ID}:batchUpdate", "spreadsheets.batchUpdate", "write",
           lambda ss, p, b, m: _no_query(p) or batch_update(ss, b, render_for_batch), mutates=True),
    _route("GET", f"/{ID}/values:batchGet", "spreadsheets.values.batchGet", "read",
           lambda ss, p, b, m: values_read.batch_get(ss, p)),
    _route("POST", f"/{ID}/values:batchUpdate", "spreadsheets.values.batchUpdate", "write",
           lambda ss, p, b, m: values_write.batch_update(ss, p, b), mutates=True),
    _route("POST", f"/{ID}/values:batchUpdateByDataFilter", "spreadsheets.values.batchUpdateByDataFilter", "write",
           lambda ss, p, b, m: values_write.batch_update_by_data_filter(ss, p, b), mutates=True),
    _route("POST", f"/{ID}/values:batchGetByDataFilter", "spreadsheets.values.batchGetByDataFilter", "read",
           lambda ss, p, b, m: values_read.batch_get_by_data_filter(ss, p, b)),
    _route("POST", f"/{ID}/values:batchClear", "spreadsheets.values.batchClear", "write", None),
    _route("POST", f"/{ID}/values:batchClearByDataFilter", "spreadsheets.values.batchClearByDataFilter", "write", None),
    _route("POST", f"/{ID}/values/(?P<range>[^/]+?):append", "spreadsheets.values.append", "write",
           lambda ss, p, b, m: values_write.append(ss, p, _range(m), b), mutates=True),
    _route("POST", f"/{ID}/values/(?P<range>[^/]+?):clear", "spreadsheets.values.clear", "write", None),
    _route("GET", f"/{ID}/values/(?P<range>[^/]+)", "spreadsheets.values.get", "read",
           lambda ss, p, b, m: values_read.get(ss, p, _range(m))),
    _route("PUT", f"/{ID}/values/(?P<range>[^/]+)", "spreadsheets.values.update", "write",
           lambda ss, p, b, m: values_write.update(ss, p, _range(m), b), mutates=True),
    _route("POST", f"/{ID}/developerMetadata:search", "spreadsheets.developerMetadata.search", "read", search_metadata),
    _route("GET", f"/{ID}/developerMetadata/(?P<mid>[0-9]+)", "spreadsheets.developerMetadata.get", "read", None),
    _route("POST", f"/{ID}:getByDataFilter", "spreadsheets.getByDataFilter", "read", None),
    _route("POST", f"/{ID}/sheets/(?P<sid>[0-9]+):copyTo", "spreadsheets.sheets.copyTo", "write", None),
]  # fmt: skip


def _no_query(params: dict) -> None:
    check_query(params, {})


def match(http: str, raw_path: str) -> tuple[Route, re.Match] | None:
    for route in ROUTES:
        if route.http == http:
            found = route.pattern.match(raw_path)
            if found:
                return route, found
    return None


def refuse(route: Route) -> Exception:
    return unsupported(f"Method {route.name}")


def create_body(body: dict) -> tuple[str, list[str]]:
    """Title and tab titles of a spreadsheets.create body (only those parts are modelled)."""
    for key in ("spreadsheetId", "spreadsheetUrl"):
        if key in body:
            raise invalid(
                f"Invalid spreadsheet: {key} is assigned by the server and cannot be set."
            )
    extra = set(body) - {"properties", "sheets"}
    if extra:
        raise unsupported(f"Creating a spreadsheet with {', '.join(sorted(extra))}")
    props = body.get("properties") or {}
    if set(props) - {"title"}:
        raise unsupported(
            f"Creating a spreadsheet with properties {', '.join(sorted(set(props) - {'title'}))}"
        )
    titles = []
    for i, sheet in enumerate(body.get("sheets") or []):
        if set(sheet) - {"properties"} or set(sheet.get("properties") or {}) - {"title"}:
            raise unsupported(f"Creating sheets[{i}] with anything but properties.title")
        titles.append((sheet.get("properties") or {}).get("title") or f"Sheet{i + 1}")
    if len(set(titles)) != len(titles):
        raise invalid("Invalid spreadsheet: sheet titles must be unique.")
    return props.get("title") or "Untitled spreadsheet", titles or ["Sheet1"]
