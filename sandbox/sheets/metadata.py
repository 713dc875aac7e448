"""Developer metadata and DataFilters: creating metadata, matching lookups, and turning a
DataFilter into the grid ranges it selects.

Size limits follow the metadata guide: at most 30,000 characters (keys plus values) per location
and 2,000,000 per spreadsheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import invalid
from .model import Sheet, Spreadsheet, new_id

MAX_CHARS_PER_LOCATION = 30_000
MAX_CHARS_PER_SPREADSHEET = 2_000_000


@dataclass(frozen=True)
class Region:
    """A bounded block of one sheet: rows ``[r0, r1)``, columns ``[c0, c1)``."""

    sheet: Sheet
    r0: int
    r1: int
    c0: int
    c1: int


def location_type(location: dict) -> str:
    if "dimensionRange" in location:
        return "ROW" if location["dimensionRange"]["dimension"] == "ROWS" else "COLUMN"
    if "sheetId" in location:
        return "SHEET"
    return "SPREADSHEET"


def normalise_location(ss: Spreadsheet, location: dict | None, where: str) -> dict:
    """Check a DeveloperMetadataLocation and return it in the shape Google echoes."""
    if not location:
        raise invalid(f"{where}: Developer metadata must have a location specified.")
    kinds = [k for k in ("spreadsheet", "sheetId", "dimensionRange") if k in location]
    if len(kinds) != 1:
        raise invalid(
            f"{where}: Exactly one of spreadsheet, sheetId or dimensionRange must be set in the location."
        )
    out: dict[str, Any]
    if kinds[0] == "spreadsheet":
        if location["spreadsheet"] is not True:
            raise invalid(f"{where}: location.spreadsheet must be true.")
        out = {"spreadsheet": True}
    elif kinds[0] == "sheetId":
        ss.require_sheet(location["sheetId"], where)
        out = {"sheetId": location["sheetId"]}
    else:
        dim = dict(location["dimensionRange"])
        sheet = ss.require_sheet(dim.get("sheetId"), where)
        dim.setdefault("sheetId", sheet.sheet_id)
        if "dimension" not in dim or "startIndex" not in dim or "endIndex" not in dim:
            raise invalid(
                f"{where}: A dimensionRange location needs dimension, startIndex and endIndex."
            )
        limit = sheet.row_count if dim["dimension"] == "ROWS" else sheet.column_count
        if not 0 <= dim["startIndex"] < dim["endIndex"] <= limit:
            raise invalid(
                f"{where}: Invalid dimensionRange {dim['startIndex']}:{dim['endIndex']} for a grid with {limit} {dim['dimension'].lower()}."
            )
        out = {"dimensionRange": dim}
    out = {"locationType": location_type(out), **out}
    if "locationType" in location and location["locationType"] != out["locationType"]:
        raise invalid(
            f"{where}: locationType {location['locationType']} does not match the location given."
        )
    return out


def create(ss: Spreadsheet, meta: dict, where: str, check: bool = True) -> dict:
    """Validate and store new developer metadata; returns it as Google echoes it. With
    `check=False` the caller checks the size limits once, after a whole batch of creates (per
    create they would make tagging thousands of rows quadratic)."""
    if not meta.get("metadataKey"):
        raise invalid(f"{where}: Developer metadata must always have a key specified.")
    if not meta.get("visibility"):
        raise invalid(f"{where}: Developer metadata must always have a visibility specified.")
    location = normalise_location(ss, meta.get("location"), where)
    meta_id = meta.get("metadataId")
    if meta_id is None:
        meta_id = new_id()
        while meta_id in ss.metadata:
            meta_id = new_id()
    elif meta_id <= 0:
        raise invalid(f"{where}: Developer metadata id must be positive.")
    elif meta_id in ss.metadata:
        raise invalid(f"{where}: Developer metadata with id {meta_id} already exists.")
    stored = {"metadataId": meta_id, "metadataKey": meta["metadataKey"]}
    if "metadataValue" in meta:
        stored["metadataValue"] = meta["metadataValue"]
    stored["location"] = location
    stored["visibility"] = meta["visibility"]
    ss.metadata[meta_id] = stored
    if check:
        check_sizes(ss, where)
    return stored


def _chars(meta: dict) -> int:
    return len(meta["metadataKey"]) + len(meta.get("metadataValue", ""))


def _location_key(location: dict) -> tuple:
    dim = location.get("dimensionRange")
    if dim:
        return (dim["sheetId"], dim["dimension"], dim["startIndex"], dim["endIndex"])
    return (location.get("sheetId"), location.get("spreadsheet"))


def check_sizes(ss: Spreadsheet, where: str) -> None:
    per_location: dict[tuple, int] = {}
    total = 0
    for meta in ss.metadata.values():
        size = _chars(meta)
        total += size
        key = _location_key(meta["location"])
        per_location[key] = per_location.get(key, 0) + size
        if per_location[key] > MAX_CHARS_PER_LOCATION:
            raise invalid(
                f"{where}: The metadata associated with a location may not exceed {MAX_CHARS_PER_LOCATION} characters."
            )
    if total > MAX_CHARS_PER_SPREADSHEET:
        raise invalid(
            f"{where}: The metadata in a spreadsheet may not exceed {MAX_CHARS_PER_SPREADSHEET} characters."
        )


# --- DataFilter -----------------------------------------------------------------------------


def check_filter(data_filter: Any, where: str) -> None:
    if not isinstance(data_filter, dict):
        raise invalid(f"Invalid {where}: a DataFilter object is required.")
    kinds = [k for k in ("developerMetadataLookup", "a1Range", "gridRange") if k in data_filter]
    if len(kinds) > 1:
        raise invalid(
            f"Invalid value at '{where}' (oneof), oneof field 'filter' is already set. Cannot set '{kinds[1]}'"
        )
    if not kinds:
        raise invalid(
            f"Invalid {where}: A DataFilter must set one of developerMetadataLookup, a1Range or gridRange."
        )
    lookup = data_filter.get("developerMetadataLookup")
    if lookup is not None:
        if not lookup:
            raise invalid(
                f"Invalid {where}: developerMetadataLookup must specify at least one criterion."
            )
        if "locationMatchingStrategy" in lookup and "metadataLocation" not in lookup:
            raise invalid(
                f"Invalid {where}: locationMatchingStrategy requires metadataLocation to be specified."
            )


def lookup_matches(ss: Spreadsheet, meta: dict, lookup: dict) -> bool:
    for field in ("metadataId", "metadataKey", "metadataValue", "visibility"):
        if field in lookup and meta.get(field) != lookup[field]:
            return False
    if "locationType" in lookup and meta["location"]["locationType"] != lookup["locationType"]:
        return False
    if "metadataLocation" in lookup:
        wanted = normalise_location(ss, lookup["metadataLocation"], "Invalid dataFilter")
        if lookup.get("locationMatchingStrategy", "INTERSECTING_LOCATION") == "EXACT_LOCATION":
            return _location_key(wanted) == _location_key(meta["location"])
        return _locations_intersect(ss, wanted, meta["location"])
    return True


def _locations_intersect(ss: Spreadsheet, a: dict, b: dict) -> bool:
    if a.get("spreadsheet") or b.get("spreadsheet"):
        return bool(a.get("spreadsheet") and b.get("spreadsheet"))
    region = location_region(ss, a)
    return region is not None and location_touches(b, region)


def location_region(ss: Spreadsheet, location: dict) -> Region | None:
    """The block of cells a metadata location stands for (None for the spreadsheet itself)."""
    dim = location.get("dimensionRange")
    if dim:
        sheet = ss.sheet_by_id(dim["sheetId"])
        if sheet is None:
            return None
        if dim["dimension"] == "ROWS":
            return Region(sheet, dim["startIndex"], dim["endIndex"], 0, sheet.column_count)
        return Region(sheet, 0, sheet.row_count, dim["startIndex"], dim["endIndex"])
    if "sheetId" in location:
        sheet = ss.sheet_by_id(location["sheetId"])
        return Region(sheet, 0, sheet.row_count, 0, sheet.column_count) if sheet else None
    return None


def location_touches(location: dict, region: Region) -> bool:
    dim = location.get("dimensionRange")
    if dim:
        if dim["sheetId"] != region.sheet.sheet_id:
            return False
        lo, hi = (region.r0, region.r1) if dim["dimension"] == "ROWS" else (region.c0, region.c1)
        return dim["startIndex"] < hi and dim["endIndex"] > lo
    return location.get("sheetId") == region.sheet.sheet_id


def grid_region(ss: Spreadsheet, grid_range: dict, where: str) -> Region:
    sheet = ss.require_sheet(grid_range.get("sheetId", 0), where)
    r0 = grid_range.get("startRowIndex", 0)
    r1 = grid_range.get("endRowIndex", sheet.row_count)
    c0 = grid_range.get("startColumnIndex", 0)
    c1 = grid_range.get("endColumnIndex", sheet.column_count)
    if r0 < 0 or c0 < 0 or r1 < r0 or c1 < c0:
        raise invalid(f"{where}: Invalid range {grid_range}")
    return Region(sheet, r0, min(r1, sheet.row_count), c0, min(c1, sheet.column_count))


def a1_region(ss: Spreadsheet, text: str) -> Region:
    sheet, ref = ss.resolve(text)
    r0 = ref.start_row or 0
    c0 = ref.start_col or 0
    r1 = sheet.row_count if ref.end_row is None else min(ref.end_row, sheet.row_count)
    c1 = sheet.column_count if ref.end_col is None else min(ref.end_col, sheet.column_count)
    return Region(sheet, r0, r1, c0, c1)


def matched_metadata(ss: Spreadsheet, data_filter: dict, where: str) -> list[dict]:
    """Metadata selected by a filter: by lookup, or every metadata on locations the range touches."""
    check_filter(data_filter, where)
    lookup = data_filter.get("developerMetadataLookup")
    if lookup is not None:
        return [m for m in ss.metadata.values() if lookup_matches(ss, m, lookup)]
    region = filter_regions(ss, data_filter, where)[0]
    return [m for m in ss.metadata.values() if location_touches(m["location"], region)]


def filter_regions(ss: Spreadsheet, data_filter: dict, where: str) -> list[Region]:
    """The ranges a DataFilter selects (several when a lookup matches several locations)."""
    check_filter(data_filter, where)
    if "a1Range" in data_filter:
        return [a1_region(ss, data_filter["a1Range"])]
    if "gridRange" in data_filter:
        return [grid_region(ss, data_filter["gridRange"], f"Invalid {where}")]
    regions = []
    for meta in ss.metadata.values():
        if lookup_matches(ss, meta, data_filter["developerMetadataLookup"]):
            region = location_region(ss, meta["location"])
            if region is not None:
                regions.append(region)
    return regions
