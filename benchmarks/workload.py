"""What the benchmark does to the bot: complete `/refer` lines for new, distinct leads, the owner DM
buttons of a referral, and counting the Sheets API calls an action makes."""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.log.outbox import ACTIVITY
from bot.slack import ids
from sandbox.sheets import SheetsStandIn
from sandbox.sheets.routes import ROUTES
from sandbox.slack import SlackStandIn

_SYLLABLES = (
    "ka", "lo", "mir", "tes", "vun", "bra", "quo", "zel", "dri", "pha",
    "nok", "sur", "wei", "gal", "tor", "fen", "yus", "cra", "hil", "mop",
)  # fmt: skip
KIND = {route.name: route.kind for route in ROUTES}
NEW_ROW_REQUESTS = {"appendCells", "insertDimension", "updateCells", "createDeveloperMetadata"}
ROW_WRITES = {"spreadsheets.values.batchUpdateByDataFilter", "spreadsheets.values.update"}


class Leads:
    """Invented leads whose names and email domains differ enough that the duplicate check never
    asks for confirmation: each line is logged at once."""

    def __init__(self, seed: int = 3):
        self._rng = random.Random(seed)
        self._count = 0

    def _word(self) -> str:
        return "".join(self._rng.choice(_SYLLABLES) for _ in range(3)).title()

    def line(self) -> str:
        """A complete `/refer` line as a person types it."""
        self._count += 1
        first, last = self._word(), self._word()
        email = f"{first.lower()}@{last.lower()}{self._count}.example"
        return f"{first} {last} <{email}> from Alex Kim: needs payroll help"


def as_slack_sends(text: str) -> str:
    """Slack escapes `&`, `<` and `>` in a slash command's text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def email_in(line: str) -> str:
    return line.split("<", 1)[1].split(">", 1)[0]


def owner_dm(slack: SlackStandIn, owner_id: str, referral_id: str) -> dict[str, Any] | None:
    """The DM that carries the follow-up buttons of a referral, once the bot has sent it."""
    wanted = ids.block_id(ids.KIND_OWNER_ACTIONS, referral_id, "1")
    for message in slack.dm_messages(owner_id):
        if any(b.get("block_id") == wanted for b in message.get("blocks", [])):
            return message
    return None


def wait_for(check: Callable[[], Any], timeout: float = 30.0) -> Any:
    """Poll until `check()` is truthy; its value, or None when the time ran out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.02)
    return None


@dataclass
class Tally:
    """The Sheets API calls one action made, split as Google's quotas split them."""

    methods: Counter = field(default_factory=Counter)
    appends: int = 0
    """batchUpdate calls that only add rows (appendCells, or an insert of born-tagged rows), and
    values.append calls."""
    quota_refusals: int = 0

    @property
    def reads(self) -> int:
        return sum(n for m, n in self.methods.items() if KIND.get(m) == "read")

    @property
    def writes(self) -> int:
        return sum(n for m, n in self.methods.items() if KIND.get(m) == "write")

    @property
    def row_writes(self) -> int:
        """Calls that change cells of existing rows."""
        return sum(n for m, n in self.methods.items() if m in ROW_WRITES)

    @property
    def total(self) -> int:
        return self.reads + self.writes

    def brief(self) -> str:
        return f"{self.total} ({self.reads} read, {self.writes} write)"


def tally(stand_in: SheetsStandIn) -> Tally:
    """What the stand-in recorded since its calls were last reset."""
    counted = Tally(methods=Counter(stand_in.calls))
    for request in list(stand_in.requests):
        if request.status == 429:
            counted.quota_refusals += 1
        if _is_append(request.method, request.body):
            counted.appends += 1
    return counted


def _is_append(method: str, body: Any) -> bool:
    if method == "spreadsheets.values.append":
        return True
    if method != "spreadsheets.batchUpdate" or not isinstance(body, dict):
        return False
    requests = body.get("requests") or []
    kinds = {kind for r in requests for kind in r}
    # New rows: appended (Activity), or inserted with their cells and born tags (Referrals).
    return bool(kinds & {"appendCells", "insertDimension"}) and kinds <= NEW_ROW_REQUESTS


def counted(stand_in: SheetsStandIn, action: Callable[[], Any], settle: Callable[[], Any]) -> Tally:
    """The calls `action` made, once `settle` (a flush) says its writes have landed."""
    stand_in.reset_calls()
    action()
    settle()
    return tally(stand_in)


def sent_when_due(log, timeout: float) -> None:
    """Until the writer has sent all it sends on its own (bot/log/riding.py): what is left is
    Activity rows waiting to ride with the next capture, which a flush would send too. The naive
    log has no outbox: it writes as it goes."""
    outbox = getattr(log, "outbox", None)
    deadline = time.monotonic() + timeout
    while outbox is not None and {e.kind for e in outbox.pending()} - {ACTIVITY}:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the writer did not send what was due within {timeout:.0f} s")
        time.sleep(0.01)
