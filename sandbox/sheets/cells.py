"""Cell values: what RAW and USER_ENTERED store, and how each valueRenderOption reads them back.

A cell is an immutable tuple ``(kind, value, extras)``: ``kind`` is ``"s"`` string, ``"n"`` number,
``"b"`` bool, ``"f"`` formula or ``None`` (no value); ``extras`` is ``None`` or a dict of the other
CellData fields (userEnteredFormat, note, dataValidation), shared between cells and never mutated.
Tuples keep 50,000 x 40 cells small and fast to copy.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import operator
import re
from typing import Any

from . import number_format as number_format_
from .errors import invalid

Cell = tuple[Any, Any, Any]
MAX_CELL_CHARS = 50_000
EPOCH = dt.datetime(1899, 12, 30)

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PERCENT = re.compile(r"^([+-]?(\d+(\.\d*)?|\.\d+))\s*%$")
_CURRENCY = re.compile(r"^(-?)\$(\d{1,3}(,\d{3})*(\.\d+)?|\d+(\.\d+)?)$")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")

KIND_KEY = {"s": "stringValue", "n": "numberValue", "b": "boolValue", "f": "formulaValue"}
KEY_KIND = {v: k for k, v in KIND_KEY.items()}


def check_length(text: str) -> None:
    if len(text) > MAX_CELL_CHARS:
        raise invalid(
            f"Your input contains more than the maximum of {MAX_CELL_CHARS} characters in a single cell."
        )


def from_json(value: Any, input_option: str, extras: Any = None) -> Cell | None:
    """The cell a values.* write of ``value`` stores; ``None`` means clear the value ("")."""
    if isinstance(value, bool):
        return ("b", value, extras)
    if isinstance(value, int | float):
        return ("n", value, extras)
    if not isinstance(value, str):
        raise invalid(f"Invalid values[][]: {value!r}")
    check_length(value)
    if value == "":
        return None
    if input_option == "RAW":
        return ("s", value, extras)
    kind, parsed, number_format = parse_user_entered(value)
    if number_format:
        extras = with_number_format(extras, number_format)
    return (kind, parsed, extras)


def with_number_format(extras: Any, number_format: dict) -> dict:
    extras = dict(extras or {})
    fmt = dict(extras.get("userEnteredFormat") or {})
    fmt["numberFormat"] = number_format
    extras["userEnteredFormat"] = fmt
    return extras


def parse_user_entered(text: str) -> tuple[str, Any, dict | None]:
    """Parse text as if a person typed it into the Sheets UI."""
    if text.startswith("'"):
        return "s", text[1:], None
    if text.startswith("=") and len(text) > 1:
        return "f", text, None
    stripped = text.strip()
    if stripped.upper() in ("TRUE", "FALSE"):
        return "b", stripped.upper() == "TRUE", None
    if _NUMBER.match(stripped):
        return "n", _num(float(stripped)), None
    if _GROUPED.match(stripped):
        decimals = "." in stripped
        pattern = "#,##0.00" if decimals else "#,##0"
        return "n", _num(float(stripped.replace(",", ""))), {"type": "NUMBER", "pattern": pattern}
    if m := _PERCENT.match(stripped):
        pattern = "0.00%" if "." in m.group(1) else "0%"
        return "n", _num(float(m.group(1)) / 100), {"type": "PERCENT", "pattern": pattern}
    if m := _CURRENCY.match(stripped):
        amount = float(m.group(2).replace(",", "")) * (-1 if m.group(1) else 1)
        return "n", _num(amount), {"type": "CURRENCY", "pattern": '"$"#,##0.00'}
    if (m := _DATE.match(stripped)) and (serial := _serial(m)) is not None:
        if m.group(4) is None:
            return "n", serial, {"type": "DATE", "pattern": "yyyy-mm-dd"}
        return "n", serial, {"type": "DATE_TIME", "pattern": "yyyy-mm-dd h:mm:ss"}
    return "s", text, None


def _serial(m: re.Match) -> float | int | None:
    try:
        when = dt.datetime(
            int(m.group(1)),
            int(m.group(2)),
            int(m.group(3)),
            int(m.group(4) or 0),
            int(m.group(5) or 0),
            int(m.group(6) or 0),
        )
    except ValueError:
        return None
    delta = when - EPOCH
    return _num(delta.days + delta.seconds / 86400)


def _num(x: float) -> int | float:
    return int(x) if x.is_integer() and abs(x) < 1e15 else x


# --- reading back -------------------------------------------------------------------------


def effective(cell: Cell) -> tuple[str | None, Any]:
    """(kind, value) after evaluation: formulas become their result where trivially computable."""
    kind, value, _ = cell
    if kind == "f":
        result = evaluate(value)
        if result is None:
            return "s", value
        return "n", result
    return kind, value


def number_format(cell: Cell) -> dict | None:
    extras = cell[2]
    if not extras:
        return None
    fmt = extras.get("userEnteredFormat")
    return fmt.get("numberFormat") if fmt else None


def formatted(cell: Cell) -> str:
    kind, value = effective(cell)
    if kind is None:
        return ""
    if kind == "s":
        return value
    if kind == "b":
        return "TRUE" if value else "FALSE"
    return format_number(value, number_format(cell))


def format_number(value: float, fmt: dict | None) -> str:
    kind = fmt.get("type") if fmt else None
    pattern = (fmt or {}).get("pattern", "")
    if kind in ("DATE", "DATE_TIME", "TIME"):
        return number_format_.render_date(value, pattern or number_format_.DEFAULTS[kind])
    if kind in ("NUMBER", "PERCENT", "CURRENCY", "SCIENTIFIC") and pattern:
        return number_format_.render_number(value, pattern)
    if kind == "PERCENT":
        return f"{value * 100:.2f}%"
    if kind == "CURRENCY":
        return f"-${abs(value):,.2f}" if value < 0 else f"${value:,.2f}"
    return plain_number(value)


def plain_number(value: float) -> str:
    if isinstance(value, int) or (float(value).is_integer() and abs(value) < 1e15):
        return str(int(value))
    return f"{value:.10g}".replace("e", "E")


def rendered(cell: Cell | None, render: str, datetime_render: str) -> Any:
    """The JSON value values.get returns for one cell."""
    if cell is None or cell[0] is None:
        return ""
    if render == "FORMATTED_VALUE":
        return formatted(cell)
    if render == "FORMULA" and cell[0] == "f":
        return cell[1]
    kind, value = effective(cell)
    if kind == "n" and datetime_render == "FORMATTED_STRING":
        fmt = number_format(cell)
        if fmt and fmt.get("type") in ("DATE", "DATE_TIME", "TIME"):
            return format_number(value, fmt)
    return value


def effective_value(cell: Cell) -> dict | None:
    kind, value = effective(cell)
    if kind is None:
        return None
    return {KIND_KEY[kind]: value}


def from_user_entered_value(uev: dict, where: str) -> tuple[str, Any]:
    """An ExtendedValue as sent in updateCells/appendCells/repeatCell."""
    keys = [k for k in uev if k in KEY_KIND or k == "errorValue"]
    if len(keys) != 1:
        raise invalid(
            f"{where}: userEnteredValue must set exactly one of stringValue, numberValue, boolValue, formulaValue"
        )
    key = keys[0]
    if key == "errorValue":
        raise invalid(f"{where}: errorValue cannot be entered by a user")
    value = uev[key]
    if key == "stringValue":
        check_length(value)
    if key == "formulaValue" and not str(value).startswith("="):
        raise invalid(f"{where}: formulaValue must start with '='")
    if key == "numberValue":
        value = _num(float(value))
    return KEY_KIND[key], value


# --- trivial formula evaluation -----------------------------------------------------------

_OPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


@functools.lru_cache(maxsize=4096)
def evaluate(formula: str) -> int | float | None:
    """Arithmetic on literals (``=1+1``) is computed; any other formula has no computed value."""
    try:
        tree = ast.parse(formula[1:], mode="eval")
        return _num(float(_eval(tree.body)))
    except (SyntaxError, ValueError, ZeroDivisionError, OverflowError, TypeError):
        return None


def _eval(node: ast.AST) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_eval(node.left), _eval(node.right))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = _eval(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    raise ValueError("not trivial")
