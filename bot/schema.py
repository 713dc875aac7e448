"""sheets_schema.json: the single description of the log's tabs and columns, validated at start."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from bot.errors import SchemaError

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "sheets_schema.json"
COLUMN_TYPES = {"text", "datetime", "email", "phone", "choice", "number", "json", "url"}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    type: str = "text"
    choices: tuple[str, ...] = ()
    required: bool = False
    hidden: bool = False
    protected: bool = False
    width: int = 120
    help: str = ""


@dataclass(frozen=True)
class Tab:
    key: str
    title: str
    columns: tuple[Column, ...]
    frozen_rows: int = 1
    id_column: str | None = None
    append_only: bool = False
    overdue_highlight: dict = field(default_factory=dict)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)


@dataclass(frozen=True)
class Schema:
    version: int
    tabs: tuple[Tab, ...]

    def tab(self, key: str) -> Tab:
        for t in self.tabs:
            if t.key == key:
                return t
        raise KeyError(key)


def _column(raw: dict, where: str) -> Column:
    for name in ("key", "header"):
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise SchemaError(f"{where}: every column needs a non-empty '{name}'")
    kind = raw.get("type", "text")
    if kind not in COLUMN_TYPES:
        raise SchemaError(f"{where}: column '{raw['key']}' has unknown type '{kind}'")
    choices = tuple(raw.get("choices", ()))
    if kind == "choice" and not choices:
        raise SchemaError(f"{where}: choice column '{raw['key']}' lists no choices")
    known = {f for f in Column.__dataclass_fields__}
    unknown = set(raw) - known
    if unknown:
        raise SchemaError(f"{where}: column '{raw['key']}' has unknown fields {sorted(unknown)}")
    return Column(**{**raw, "choices": choices})


def _tab(raw: dict) -> Tab:
    where = f"tab '{raw.get('title', '?')}'"
    columns = tuple(_column(c, where) for c in raw.get("columns", ()))
    if not columns:
        raise SchemaError(f"{where}: no columns")
    for attr in ("key", "header"):
        values = [getattr(c, attr).casefold() for c in columns]
        dupes = sorted({v for v in values if values.count(v) > 1})
        if dupes:
            raise SchemaError(f"{where}: duplicate column {attr}s {dupes}")
    tab = Tab(**{**raw, "columns": columns})
    if tab.id_column and tab.id_column not in tab.keys:
        raise SchemaError(f"{where}: id_column '{tab.id_column}' is not one of its columns")
    return tab


def parse_schema(raw: dict) -> Schema:
    tabs = tuple(_tab(t) for t in raw.get("tabs", ()))
    needed = {"referrals", "activity", "team", "dashboard"}
    missing = needed - {t.key for t in tabs}
    if missing:
        raise SchemaError(f"sheets_schema.json is missing tabs: {sorted(missing)}")
    return Schema(version=int(raw.get("version", 1)), tabs=tabs)


@cache
def load_schema(path: Path = SCHEMA_PATH) -> Schema:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SchemaError(f"cannot read {path}: {exc}") from exc
    return parse_schema(raw)
