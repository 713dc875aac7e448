"""The Team tab as last read, kept in the outbox's file.

A bot started while Google is down has not read the log. It still takes captures (into the
outbox); with the team and each owner's load from its last read it routes them by the rules, and
their owners get their DMs, instead of every one waiting for a coordinator to assign it. The
duplicate check still waits for a read: it needs the log itself."""

from __future__ import annotations

import json
import math
from dataclasses import asdict

from bot.domain.referral import TeamMember
from bot.log.outbox import Outbox
from bot.log.reading import Read

KEY = "team_last_read"


class TeamMemory:
    def __init__(self, outbox: Outbox):
        self._outbox = outbox
        self._kept = outbox.get_meta(KEY)

    def remember(self, read: Read) -> None:
        """After a read: written only when the team or the load changed (not once per read)."""
        kept = json.dumps(
            {"team": [asdict(m) for m in read.team], "load": read.load}, sort_keys=True
        )
        if kept != self._kept:
            self._outbox.set_meta(KEY, kept)
            self._kept = kept

    def unread(self) -> Read:
        """What is served before the first read of this run: no rows, the team as last read."""
        kept = json.loads(self._kept or "{}")
        team = [TeamMember.from_row(member) for member in kept.get("team", [])]
        return Read(at=-math.inf, team=team, load=dict(kept.get("load", {})))
