"""A conflict: more than one person says they referred the same lead. Each of them is a claim.

The Conflict cell keeps one entry per claim, separated by "; ", oldest first, each in the form
people read in the sheet: "Also referred by Pat Lee <pat@x.com> on 2026-11-02 (claimed by Sam Lee
on 2026-11-05 10:00, evidence: …)". A decision is appended as its own entry ("Resolved 2026-11-06
10:00 by Ana Ruiz: credit to Pat Lee [3f2a9c1b]"), so the claims stay readable after it and a
later claim opens a new round. Cells written before claims carried evidence (or before decisions
were appended) still read: their entries simply have less to show.

Every claim has a stable identity, `key`, made from who it names (normalised name and email),
never from its position: a card's button carries it, so the decision credits exactly the claim
pressed, whatever was added or edited since. The referrer the row credits now is the standing
claim of the open round."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from bot.domain.normalise import normalise_email, normalise_name
from bot.domain.referral import Referral

CLAIM_PREFIX = "Also referred by"
RESOLVED_PREFIX = "Resolved"
SEPARATOR = "; "
_ENTRY = re.compile(
    r"^Also referred by (?P<name>.+?)(?: <(?P<email>[^>]*)>)? on "
    r"(?P<when>\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?)(?P<rest>.*)$"
)
_NOTE = re.compile(r"^\s*\((?P<note>.*)\)\s*$")
_KEY_IN_DECISION = re.compile(r"\[(?P<key>[0-9a-f]{8})\]")
_UNSAFE = re.compile(r"[;\r\n]+")
"""The cell separates entries with ";": an entry's own text never contains one."""


@dataclass(frozen=True)
class ConflictClaim:
    name: str
    email: str
    when: str
    """The introduction's date (or date and time) as written."""
    evidence: str = ""
    source: str = ""
    """How the claim came in: "logged by Max via Slack modal", "claimed by Sam Lee on …"."""
    standing: bool = False
    """The referrer the row credits now (the first referrer, until a decision moves it)."""

    @property
    def key(self) -> str:
        return claim_key(self.name, self.email)

    @property
    def label(self) -> str:
        return f"{self.name} <{self.email}>" if self.email else self.name


def claim_key(name: str, email: str) -> str:
    """Eight hex digits naming one claimant: the same person always gets the same key."""
    basis = f"{normalise_name(name)}|{normalise_email(email)}"
    return hashlib.sha256(basis.encode()).hexdigest()[:8]


def clean(text: str, limit: int) -> str:
    """Text safe inside one entry: no separators, one line, at most `limit` characters."""
    return " ".join(_UNSAFE.sub(", ", text or "").split())[:limit]


def entries(cell: str) -> list[str]:
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


def parse_claim(entry: str) -> ConflictClaim | None:
    found = _ENTRY.match(entry.strip())
    if found is None:
        return None
    note = _NOTE.match(found["rest"] or "")
    source, evidence = _split_note(note["note"] if note else "")
    return ConflictClaim(
        found["name"].strip(), (found["email"] or "").strip(), found["when"], evidence, source
    )


def _split_note(note: str) -> tuple[str, str]:
    source, _, evidence = note.partition("evidence:")
    return source.strip().rstrip(",").strip(), evidence.strip()


def every_claim(cell: str) -> list[ConflictClaim]:
    """Every claim the cell has ever held, decided or not, oldest first."""
    return [c for c in (parse_claim(e) for e in entries(cell)) if c is not None]


def is_decision(entry: str) -> bool:
    return entry.startswith(RESOLVED_PREFIX)


def is_open(cell: str) -> bool:
    """Open until a coordinator's decision is the cell's latest entry."""
    found = entries(cell)
    return bool(found) and not is_decision(found[-1])


def round_claims(cell: str) -> list[ConflictClaim]:
    """The claims since the last decision: the ones a coordinator has still to decide."""
    found = entries(cell)
    last = max((i for i, e in enumerate(found) if is_decision(e)), default=-1)
    return [c for c in (parse_claim(e) for e in found[last + 1 :]) if c is not None]


def standing_claim(referral: Referral) -> ConflictClaim:
    """The referrer the row credits now, as a claim beside the others."""
    by = f"logged by {referral.logged_by}" if referral.logged_by.strip() else "first in the log"
    via = f" via {referral.channel}" if referral.channel.strip() else ""
    return ConflictClaim(
        referral.referred_by.strip() or "someone unnamed",
        normalise_email(referral.referrer_email),
        referral.received,
        evidence=referral.evidence_link or referral.how_introduced,
        source=by + via,
        standing=True,
    )


def open_claims(referral: Referral) -> list[ConflictClaim]:
    """Who the card offers: the standing referrer first, then each claim of the open round
    (a claimant already standing, or named twice, is shown once)."""
    shown = [standing_claim(referral)]
    for claim in round_claims(referral.conflict):
        if claim.key not in {c.key for c in shown}:
            shown.append(claim)
    return shown


def find_claim(referral: Referral, key: str) -> ConflictClaim | None:
    return next((c for c in open_claims(referral) if c.key == key), None)


def last_decision(cell: str) -> str:
    return next((e for e in reversed(entries(cell)) if is_decision(e)), "")


def decided_key(cell: str) -> str:
    """The key of the claim the last decision credited; blank for a decision written before
    decisions named their claim."""
    found = _KEY_IN_DECISION.search(last_decision(cell))
    return found["key"] if found else ""


def decision_entry(claim: ConflictClaim, who: str, stamp: str, previous: str = "") -> str:
    """The entry a decision appends. Starts with "Resolved" and says "credit to NAME", as
    decisions always have, then the claim's key so a later read knows exactly which one."""
    moved = f" (was {clean(previous, 120)})" if previous else ""
    return (
        f"{RESOLVED_PREFIX} {stamp} by {clean(who, 120)}: credit to "
        f"{clean(claim.label, 400)}{moved} [{claim.key}]"
    )


def decision_cells(referral: Referral, claim: ConflictClaim, who: str, stamp: str) -> dict:
    """The cells a decision for `claim` writes: the credit (when it moves) and the cell with the
    decision appended. Attribution and reward are the service's (they need the policy)."""
    cells: dict[str, str] = {}
    previous = ""
    if not claim.standing:
        cells = {"referred_by": claim.name, "referrer_email": claim.email}
        previous = referral.referred_by.strip()
    entry = decision_entry(claim, who, stamp, previous)
    cells["conflict"] = SEPARATOR.join(e for e in (*entries(referral.conflict), entry) if e)
    return cells


def summary(referral: Referral) -> str:
    """One line about a referral's conflict, for review items and lists: who else claims it
    while open, the decision once made; a cell typed by hand is shown as it is."""
    cell = referral.conflict.strip()
    if not cell:
        return ""
    if not is_open(cell):
        return last_decision(cell) or cell
    others = [c.label for c in open_claims(referral) if not c.standing]
    return f"Undecided: also claimed by {', '.join(others)}" if others else cell
