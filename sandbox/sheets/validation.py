"""Strict data validation ("Reject input"): a write that breaks a strict rule is refused, as it
is from the Sheets UI and Apps Script. Rules that only warn (strict false) accept anything.

Only the rules the referral log uses are checked: ONE_OF_LIST (exact match of the text) and
BOOLEAN. Other condition types are stored and returned but not enforced.
"""

from __future__ import annotations

from .a1 import format_range
from .cells import Cell, formatted
from .errors import invalid


def check(title: str, row: int, col: int, cell: Cell | None) -> None:
    """Raise 400 if ``cell`` carries a strict rule its value breaks (empty cells always pass)."""
    if cell is None or cell[0] is None or not cell[2]:
        return
    rule = cell[2].get("dataValidation")
    if not rule or not rule.get("strict"):
        return
    condition = rule.get("condition") or {}
    kind = condition.get("type")
    where = format_range(title, row, row + 1, col, col + 1)
    if kind == "ONE_OF_LIST":
        allowed = [v.get("userEnteredValue", "") for v in condition.get("values", [])]
        if formatted(cell) not in allowed:
            raise _violation(
                where, f" Please enter one of the following values: {', '.join(allowed)}."
            )
    elif kind == "BOOLEAN" and cell[0] != "b":
        raise _violation(where, " Please enter TRUE or FALSE.")


def _violation(where: str, hint: str) -> Exception:
    return invalid(
        f"The data in cell {where} violates data validation rules set on this cell.{hint}"
    )
