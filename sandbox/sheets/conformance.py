"""Every exchange the stand-in serves, checked against Google's discovery document.

A request the stand-in accepted must be one Google accepts (its query and body parse as the
method's); an answer must be one Google could send (the method's response message, or Google's
error body). Whatever deviates is kept, per stand-in and for the whole process, so the test
suite fails the test during which it happened (``tests/conftest.py``) instead of letting the bot
come to rely on a shape the real API never has.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from . import discovery

# Long lists are checked by their first items and their last (see discovery.Walk).
SAMPLE = 50

_lock = threading.Lock()
DEVIATIONS: list[str] = []
"""Every deviation any stand-in of this process found, in order."""
CHECKED: Counter[str] = Counter()
"""Exchanges checked, by method and status: what the suite's walk covered."""


def check(name: str, query: dict[str, list[str]], body: Any, status: int, answer: Any) -> list[str]:
    """The ways one exchange differs from what Google's document allows (empty: it conforms)."""
    found = discovery.method(name)
    if status != 200:
        problems = discovery.error_body_errors(answer, status)
    else:
        problems = [f"accepted {e}" for e in discovery.query_errors(found, query)]
        if found.request is not None:
            request = body if body is not None else {}
            problems += [
                f"accepted {e}"
                for e in discovery.body_errors(request, found.request, sample=SAMPLE)
            ]
        elif body:
            problems.append("accepted a body for a method that takes none")
        if found.response is not None:
            problems += [
                f"answered {e}"
                for e in discovery.body_errors(answer, found.response, sample=SAMPLE)
            ]
    return [f"{name} ({status}): {p}" for p in problems]


def record(
    name: str, query: dict[str, list[str]], body: Any, status: int, answer: Any
) -> list[str]:
    problems = check(name, query, body, status, answer)
    with _lock:
        CHECKED[f"{name} {status}"] += 1
        DEVIATIONS.extend(problems)
    return problems
