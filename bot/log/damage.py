"""Damage a person did to Referrals rows, found by each read and named by its cell.

The bot reports; it never repairs on its own. A date it cannot read, an amount or count it cannot
read ("about 5 grand" in Est. value) or a stage it does not know is kept as typed (the cadence
treats a date as missing, the figures an amount as blank); of two rows with one ID, the referral stays
the row that carries the bot's tag for it, so a sort never switches which row is the referral.
Checking is cheap: a row reused unchanged from the previous read, with no problem then, is not
checked again.
"""

from __future__ import annotations

from bot.domain.cellvalues import read_number
from bot.domain.referral import STAGES
from bot.domain.timefmt import parse_dt
from bot.log import messages
from bot.log.cells import MONEY_KEYS
from bot.log.mapping import HeaderMap

LISTED = 50
"""Problems kept and reported per read at most; a sheet with more says how many."""


Problem = tuple[str, str]
"""(what it is about, stable across sorts: "stage:R-0004"; what to tell a person, with the cell)."""


def cell(header: HeaderMap, key: str, index: int) -> str:
    return f"{header.tab.title}!{header.letter(key)}{index + 1}"


def row_problems(header: HeaderMap, index: int, values: dict[str, str]) -> list[Problem]:
    problems = []
    about = values.get("id", "")
    for column in header.tab.columns:
        if column.type not in ("datetime", "number") or not header.has(column.key):
            continue
        text = values.get(column.key, "").strip()
        if not text:
            continue
        where = cell(header, column.key, index)
        if column.type == "datetime" and parse_dt(text) is None:
            said = messages.unreadable_date(where, column.header, text)
            problems.append((f"date:{about}:{column.key}:{text}", said))
        elif column.type == "number" and read_number(text) is None:
            money = column.key in MONEY_KEYS
            said = messages.unreadable_number(where, column.header, text, money)
            problems.append((f"number:{about}:{column.key}:{text}", said))
    stage = values.get("stage", "").strip()
    if stage and stage not in STAGES and header.has("stage"):
        told = messages.unknown_stage(cell(header, "stage", index), stage, STAGES)
        problems.append((f"stage:{about}:{stage}", told))
    return problems


def team_problems(header: HeaderMap, rows: list[tuple[int, dict[str, str]]]) -> list[Problem]:
    """A Max active the bot cannot read: routing falls back to DEFAULT_MAX_ACTIVE for that
    person, which a coordinator should know rather than find out from the load."""
    problems = []
    for index, values in rows:
        text = values.get("max_active", "").strip()
        if text and header.has("max_active") and read_number(text) is None:
            name = values.get("name", "").strip() or values.get("slack_user_id", "")
            told = messages.unreadable_capacity(cell(header, "max_active", index), name, text)
            problems.append((f"capacity:{name}:{text}", told))
    return problems


def duplicate_id(header: HeaderMap, index: int, referral_id: str, kept: int) -> Problem:
    told = messages.duplicate_id(cell(header, "id", index), referral_id, kept + 1)
    return (f"duplicate:{referral_id}", told)


def schema(message: str) -> Problem:
    return (f"schema:{message}", message)


def capped(problems: list[Problem]) -> list[Problem]:
    if len(problems) <= LISTED:
        return problems
    more = len(problems) - LISTED
    return [*problems[:LISTED], (f"more:{more}", messages.more_problems(more))]
