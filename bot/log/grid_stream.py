"""Decoding a `spreadsheets.get` answer with grid data as it arrives, one row at a time.

At 100,000 referrals the answer is over 100 MB of JSON; `json.loads` of it holds the bytes, then a
tree of a dict per row beside them, while the log as last read is still in memory. Here the answer
is read in chunks and each row is decoded on its own into a list of its cells' texts: what stays
is the grid (bot/log/reading.py `TabGrid`), never the bytes or the tree.

Only the arrays that grow with the log are walked (sheets -> data -> rowData and rowMetadata);
every other value (a sheet's properties, a row, a row's metadata) is small and decoded whole by
`json`, so the Python loop runs once per row, not once per character.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterable, Iterator
from sys import intern
from typing import Any

import requests

from bot.log.reading import (
    INTERN_UP_TO,
    TabGrid,
    compact_cell,
    put_row,
    row_tags,
    text_of,
)
from bot.log.referral_rows import ReferralRows

CHUNK = 1 << 18
_KEEP = 1 << 20
"""Decoded text already used is dropped once this much of it has piled up."""
_DECODER = json.JSONDecoder(object_hook=compact_cell)
_PLAIN = json.JSONDecoder()
"""For the rows: a row's cells are read by `_cells`, faster than a hook called for each."""
_SPACE = " \t\n\r"
_UNEXPECTED_LAYOUT = (
    "the answer from Google placed a parsed tab's rows unexpectedly (after its properties, one "
    "block from A1 was asked for)"
)


class _Text:
    """The answer's text, pulled from the chunks as far as the decoder needs."""

    def __init__(self, chunks: Iterable[bytes]):
        self._chunks: Iterator[bytes] = iter(chunks)
        self._utf8 = codecs.getincrementaldecoder("utf-8")()
        self.buf = ""
        self.pos = 0
        self.ended = False

    def more(self) -> bool:
        """Pull the next chunk in; False at the end of the answer."""
        if self.ended:
            return False
        if self.pos > _KEEP:
            self.buf, self.pos = self.buf[self.pos :], 0
        for chunk in self._chunks:
            if chunk:
                self.buf += self._utf8.decode(chunk)
                return True
        self.buf += self._utf8.decode(b"", final=True)
        self.ended = True
        return False

    def peek(self) -> str:
        """The next character that is not white space, not consumed."""
        while True:
            buf, pos = self.buf, self.pos
            while pos < len(buf) and buf[pos] in _SPACE:
                pos += 1
            self.pos = pos
            if pos < len(buf):
                return buf[pos]
            if not self.more():
                raise _ended()

    def take(self, allowed: str) -> str:
        char = self.peek()
        if char not in allowed:
            raise ValueError(f"unexpected {char!r} in the answer, wanted one of {allowed!r}")
        self.pos += 1
        return char

    def value(self, decoder: json.JSONDecoder = _DECODER) -> Any:
        """One JSON value, decoded whole (a number cut at a chunk's end is read on)."""
        self.peek()
        while True:
            try:
                value, end = decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError:
                if self.more():
                    continue
                raise _ended() from None
            if end < len(self.buf) or not self.more():
                self.pos = end
                return value


def _ended() -> requests.exceptions.ConnectionError:
    # A cut connection: retried like any other (bot/log/retry.py).
    return requests.exceptions.ConnectionError("the answer from Google ended early")


def _object(text: _Text, on_key: Callable[[str], None]) -> None:
    text.take("{")
    if text.peek() == "}":
        text.pos += 1
        return
    while True:
        key = text.value()
        text.take(":")
        on_key(key)
        if text.take(",}") == "}":
            return


def _array(text: _Text, on_item: Callable[[], None]) -> None:
    text.take("[")
    if text.peek() == "]":
        text.pos += 1
        return
    while True:
        on_item()
        if text.take(",]") == "]":
            return


def stream_grids(
    chunks: Iterable[bytes], parsers: dict[str, ReferralRows] | None = None
) -> dict[str, TabGrid]:
    """{casefolded title: TabGrid}, as `reading.tab_grids` gives for the decoded answer.
    `parsers`: {casefolded title: ReferralRows} for a tab whose rows are parsed as they arrive,
    never held as a grid (the tab's TabGrid then carries the parser and no rows)."""
    text = _Text(chunks)
    grids: dict[str, TabGrid] = {}
    parsers = parsers or {}

    def sheet() -> None:
        props: dict[str, Any] = {}
        rows: list[list[str]] = []
        tags: dict[int, list[dict[str, Any]]] = {}
        streamed: list[ReferralRows] = []

        def data() -> None:
            start = {"startRow": 0, "startColumn": 0}
            got: list[list[str]] = []
            metadata: list[Any] = []

            def field(key: str) -> None:
                if key == "rowData" and (parser := parser_for()):
                    _array(text, lambda: parser.take(_cells(text.value(_PLAIN))))
                elif key == "rowData":
                    _array(text, lambda: got.append(_cells(text.value(_PLAIN))))
                elif key == "rowMetadata":
                    _array(text, lambda: metadata.append(text.value()))
                else:
                    start[key] = text.value()

            def parser_for() -> ReferralRows | None:
                # Google sends a sheet's properties before its data, and a block's start before
                # its rows (omitted when 0): anything else cannot be parsed row by row.
                parser = parsers.get(str(props.get("title", "")).casefold())
                if parser is None:
                    return None
                if streamed or rows or start != {"startRow": 0, "startColumn": 0}:
                    raise ValueError(_UNEXPECTED_LAYOUT)
                streamed.append(parser)
                return parser

            _object(text, field)
            first, indent = start["startRow"], start["startColumn"]
            if streamed and (first, indent) != (0, 0):
                raise ValueError(_UNEXPECTED_LAYOUT)
            for offset, values in enumerate(got):
                got[offset] = []  # each row held once: in `got` until it is in `rows`
                if indent == 0 and first + offset == len(rows):
                    rows.append(values)
                else:
                    put_row(rows, first + offset, [""] * indent + values)
            got.clear()
            for offset, meta in enumerate(metadata):
                ours = row_tags(meta)
                if ours:
                    tags[first + offset] = ours

        def field(key: str) -> None:
            if key == "properties":
                props.update(_obj(text.value()))
            elif key == "data":
                _array(text, data)
            else:
                text.value()

        _object(text, field)
        title = props.get("title", "")
        parsed = streamed[0] if streamed else None
        taken = parsed.taken if parsed is not None else len(rows)
        row_count = _obj(props.get("gridProperties")).get("rowCount", taken)
        grids[title.casefold()] = TabGrid(
            props.get("sheetId", 0), title, rows, tags, row_count, parsed
        )

    def top(key: str) -> None:
        if key == "sheets":
            _array(text, sheet)
        else:
            text.value()

    _object(text, top)
    return grids


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _cells(row: Any) -> list[str]:
    """One row's texts, as `compact_cell` and `text_of` read them. The row is decoded plainly
    (no Python call per cell while decoding): a cell {"formattedValue": text} or {} is read
    here, any other shape as the hook would have read it."""
    values = row.get("values") if row.__class__ is dict else None
    if values.__class__ is not list:
        return _hooked_cells(row)
    try:
        return [
            (intern(v) if len(v) <= INTERN_UP_TO else v)
            if (v := cell.get("formattedValue", "")).__class__ is str and len(cell) <= 1
            else text_of(_compacted(cell))
            for cell in values
        ]
    except AttributeError:  # a cell that is not an object
        return _hooked_cells(row)


def _hooked_cells(row: Any) -> list[str]:
    return [text_of(c) for c in _obj(_compacted(row)).get("values", [])]


def _compacted(value: Any) -> Any:
    """`value` as decoding with `compact_cell` for object_hook gives it (innermost first)."""
    if isinstance(value, dict):
        return compact_cell({key: _compacted(item) for key, item in value.items()})
    if isinstance(value, list):
        return [_compacted(item) for item in value]
    return value
