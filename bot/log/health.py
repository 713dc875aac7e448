"""What coordinators are told about the sheet itself: unreachable, back, or damaged by hand.

Each is said once. The state lives in the outbox's file, so a restart while Google is down neither
says "unreachable" again nor forgets to say "back", and a damage already reported is not reported
again until it changes. `tell` (the Slack notifier, wired in bot/wiring.py) posts the notice; a
failure to post is logged and never stops the log.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from bot.errors import SheetUnavailableError

log = logging.getLogger(__name__)

DOWN, BACK, DAMAGED = "down", "back", "damaged"
_STATE = "sheet_health"
_DAMAGE = "sheet_damage"


@dataclass(frozen=True)
class SheetNotice:
    kind: str
    """DOWN, BACK or DAMAGED."""
    waiting: int = 0
    """Writes held in the outbox (captures and answers already confirmed to people)."""
    problems: tuple[str, ...] = ()
    """For DAMAGED: each problem with its cell and what to do, in plain words."""


class SheetHealth:
    def __init__(self, outbox, tell: Callable[[SheetNotice], None] | None = None):
        self.outbox = outbox
        self.tell = tell
        self._lock = threading.Lock()
        self._down = outbox.get_meta(_STATE) == DOWN
        self._told: list[str] = json.loads(outbox.get_meta(_DAMAGE, "[]"))
        """What each problem already told is about (kept across restarts)."""
        self.problems: tuple[str, ...] = ()
        """The damage found by the last read, in words."""

    @property
    def is_down(self) -> bool:
        return self._down

    def unreachable(self, exc: SheetUnavailableError) -> None:
        """Every retry failed. A quota refusal (429) is not an outage: the sheet answers reads
        and the writes wait their minute."""
        if exc.last_status == 429:
            return
        with self._lock:
            if self._down:
                return
            self._down = True
            self._keep(_STATE, DOWN)
        log.warning("The sheet is unreachable; writes wait in the outbox: %s", exc)
        self._send(SheetNotice(DOWN, waiting=len(self.outbox.pending())))

    def reachable(self) -> None:
        if not self._down:
            return
        with self._lock:
            if not self._down:
                return
            self._down = False
            self._keep(_STATE, BACK)
        log.info("The sheet answers again")
        self._send(SheetNotice(BACK, waiting=len(self.outbox.pending())))

    def damaged(self, problems: list[tuple[str, str]]) -> None:
        """The (about, text) problems found by a read; those not told before are told. A
        problem's `about` stays the same when a sort moves its cell, so it is told once; a fixed
        one is forgotten, so it is told again if it comes back."""
        current = {about: text for about, text in problems}
        with self._lock:
            if list(current) == self._told:
                return
            new = tuple(text for about, text in current.items() if about not in self._told)
            self._told = list(current)
            self.problems = tuple(current.values())
            self._keep(_DAMAGE, json.dumps(self._told))
        if new:
            log.warning("The sheet has %s problem(s) a person must fix", len(new))
            self._send(SheetNotice(DAMAGED, problems=new))

    def _keep(self, key: str, value: str) -> None:
        """Remembered across restarts only when somebody is told (not by `import` or `check`)."""
        if self.tell is not None:
            self.outbox.set_meta(key, value)

    def _send(self, notice: SheetNotice) -> None:
        if self.tell is None:
            return
        try:
            self.tell(notice)
        except Exception:  # a notice that cannot be posted must not stop reads or writes
            log.exception("Could not tell coordinators about the sheet (%s)", notice.kind)
