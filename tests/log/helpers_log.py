"""Small helpers shared by the log tests (imported as a plain module: tests/ has no packages)."""

from __future__ import annotations

import threading

from bot.domain.referral import Activity, Referral
from bot.log.retry import RetryPolicy


def no_wait_retry(settings) -> RetryPolicy:
    return RetryPolicy.from_settings(settings, sleep=lambda _: None)


def referral(name: str, **fields: str) -> Referral:
    base = {
        "received": "2024-05-01 09:30",
        "lead_name": name,
        "referred_by": "Alex Kim",
        "stage": "New",
    }
    return Referral(**{**base, **fields})


def logged(who: str = "Ann") -> list[Activity]:
    return [Activity(when="2024-05-01 09:30", referral_id="", who=who, what="Logged")]


def table(person, tab: str = "Referrals") -> list[dict[str, str]]:
    """The tab as a person sees it: one {header: text} per non-blank row under the header."""
    rows = person.rows(tab)
    header = [str(h) for h in rows[0]]
    return [
        {
            h: (str(row[i]) if i < len(row) and row[i] is not None else "")
            for i, h in enumerate(header)
        }
        for row in rows[1:]
        if any(str(c or "").strip() for c in row)
    ]


def by_id(person) -> dict[str, dict[str, str]]:
    return {row["ID"]: row for row in table(person) if row.get("ID")}


def ids(person) -> list[str]:
    """Referral IDs row by row, duplicates kept: exactly-once checks need them."""
    return [row["ID"] for row in table(person)]


def wait_until(condition, timeout: float = 5.0) -> bool:
    """Polls every 10 ms: for a background thread's work that no flush may force."""
    pause = threading.Event()
    for _ in range(int(timeout / 0.01)):
        if condition():
            return True
        pause.wait(0.01)
    return condition()
