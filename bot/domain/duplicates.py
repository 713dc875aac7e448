"""One record per referred lead: finding an earlier record of the same lead, and what to do then.

`find_matches` says whether a new submission is the same lead as an existing row; `decide_duplicate`
turns that into the cells to write, the Activity note and the facts to tell the submitter."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Literal

from bot.domain.conflicts import CLAIM_PREFIX, SEPARATOR, clean, every_claim, is_open
from bot.domain.names import same_normal_person
from bot.domain.normalise import (
    email_domain,
    is_free_mail,
    normalise_company,
    normalise_email,
    normalise_name,
    normalise_phone,
)
from bot.domain.referral import CONFIDENCE_DISPUTED, Referral
from bot.domain.timefmt import format_dt

Kind = Literal["none", "duplicate", "possible", "linked"]
# How strongly a match is preferred: certain before fuzzy, then duplicate (act now) before linked.
_KIND_RANK = {"duplicate": 3, "possible": 2, "linked": 1, "none": 0}


@dataclass(frozen=True)
class DuplicateCheck:
    kind: Kind = "none"
    match: Referral | None = None
    reason: str = ""
    same_referrer: bool = False
    exact: bool = False
    """True when the match is by email or phone, not by a similar name."""


@dataclass(frozen=True)
class _Lead:
    """The parts of a referral that identify the lead, normalised once."""

    name: str
    company: str
    email: str
    phone: str
    domain: str

    @classmethod
    def of(cls, referral: Referral, region: str) -> _Lead:
        return _lead(
            referral.lead_name, referral.company, referral.lead_email, referral.lead_phone, region
        )


@lru_cache(maxsize=20_000)
def _lead(name: str, company: str, email: str, phone: str, region: str) -> _Lead:
    # Cached: a capture compares the rows the lead index names, and phone parsing is the slow
    # part; the same rows come up again and again (a few thousand, not the whole log).
    email = normalise_email(email)
    domain = email_domain(email)
    return _Lead(
        name=normalise_name(name),
        company=normalise_company(company),
        email=email,
        phone=normalise_phone(phone, region),
        domain="" if is_free_mail(domain) else domain,
    )


def identity(referral: Referral, region: str) -> _Lead:
    """What the check compares of a lead: normalised name, company, email, phone, work domain.
    Not cached: the lead index (bot/domain/lead_index.py) normalises each row once."""
    return _lead.__wrapped__(
        referral.lead_name, referral.company, referral.lead_email, referral.lead_phone, region
    )


def names_similar(a: str, b: str, threshold: float = 88) -> bool:
    """Two names that may be the same person: spelling, word order, initials, particles and
    honorifics do not matter (bot/domain/names.py says how)."""
    return bool(a and b) and same_normal_person(a, b, threshold)


def _same_lead(new: _Lead, old: _Lead, threshold: float) -> tuple[str, bool] | None:
    """(reason, exact) when `old` is the same lead or possibly so; None when it is not."""
    if new.email and new.email == old.email:
        return "same email address", True
    if new.phone and new.phone == old.phone:
        return "same phone number", True
    if not names_similar(new.name, old.name, threshold):
        return None
    if new.company and new.company == old.company:
        return "similar name at the same company", False
    if new.domain and new.domain == old.domain:
        return "similar name with the same email domain", False
    if new.company and old.company:
        return None  # two named companies that differ: a namesake, not a duplicate
    return "similar name only", False


def _within_window(referral: Referral, now: datetime, lookback_days: int, tz: str) -> bool:
    if referral.is_open:
        return True
    # From the day it closed (the bot keeps Closed at, also for a close typed in the sheet), not
    # from Updated at, which any merge note or conflict refreshes. Only rows closed before the
    # column existed (or imported closed) fall back to Updated at, then to receipt.
    closed = (
        referral.at("closed_at", tz) or referral.at("updated_at", tz) or referral.at("received", tz)
    )
    # A closed row with no readable date is treated as recent: better ask than split a lead.
    return closed is None or now - closed <= timedelta(days=lookback_days)


def same_referrer(a: Referral, b: Referral, threshold: float = 88) -> bool:
    email_a, email_b = normalise_email(a.referrer_email), normalise_email(b.referrer_email)
    if email_a and email_a == email_b:
        return True
    return names_similar(normalise_name(a.referred_by), normalise_name(b.referred_by), threshold)


def find_matches(
    candidate: Referral,
    existing: Sequence[Referral],
    now: datetime,
    lookback_days: int = 90,
    name_threshold: float = 88,
    default_region: str = "US",
    tz: str = "UTC",
    confirmed_distinct: Collection[str] = (),
) -> DuplicateCheck:
    """The best earlier record of the same lead.

    duplicate: same lead, open or closed within the look-back window; possible: only a similar
    name, within the window (the submitter confirms); linked: same lead, closed before the window
    (a new record is made and linked to it). `confirmed_distinct` holds IDs the submitter has said
    are someone else, so they are not asked twice."""
    new = _Lead.of(candidate, default_region)
    best: tuple | None = None
    for old in existing:
        if (old.id and old.id == candidate.id) or old.is_withdrawn:
            continue
        found = _same_lead(new, _Lead.of(old, default_region), name_threshold)
        if found is None:
            continue
        reason, exact = found
        recent = _within_window(old, now, lookback_days, tz)
        kind: Kind = (
            ("duplicate" if recent else "linked") if reason != "similar name only" else "possible"
        )
        if kind == "possible" and (not recent or old.id in confirmed_distinct):
            continue
        received = old.at("received", tz) or old.at("updated_at", tz)
        rank = (
            _KIND_RANK[kind],
            exact,
            old.is_open,
            received.timestamp() if received else 0,
            _id_number(old.id),
        )
        if best is None or rank > best[0]:
            best = (rank, kind, old, reason, exact)
    if best is None:
        return DuplicateCheck()
    _, kind, old, reason, exact = best
    return DuplicateCheck(kind, old, reason, same_referrer(candidate, old, name_threshold), exact)


def confirm_possible(check: DuplicateCheck) -> DuplicateCheck:
    """The submitter said the possible match is the same lead: treat it as a duplicate."""
    return replace(check, kind="duplicate") if check.kind == "possible" else check


def _id_number(referral_id: str) -> int:
    digits = re.sub(r"\D", "", referral_id)
    return int(digits) if digits else 0


# --- what to do about it -------------------------------------------------------------------

Action = Literal["create", "create_linked", "confirm", "merge", "conflict"]
_CONTACT_KEYS = ("company", "lead_email", "lead_phone")


@dataclass(frozen=True)
class DuplicateDecision:
    """What the services do with a submission that may repeat an existing lead.

    create: write the candidate as a new row. create_linked: the same, with `new_cells`
    (linked_to). confirm: ask the submitter whether `existing_id` is the same lead.
    merge: no new row; write `cells` on the existing row and an Activity note.
    conflict: no new row; the first referrer keeps credit, `cells` fill Conflict and mark the
    attribution Disputed (which freezes any reward), coordinators review."""

    action: Action
    existing_id: str = ""
    cells: dict[str, str] = field(default_factory=dict)
    new_cells: dict[str, str] = field(default_factory=dict)
    activity_what: str = ""
    activity_details: str = ""
    facts: dict[str, str] = field(default_factory=dict)
    """For the submitter's message: id, lead_name, owner, owner_slack_id, stage, referred_by,
    received, reason."""
    notify_coordinators: bool = False


def decide_duplicate(
    check: DuplicateCheck,
    candidate: Referral,
    now: datetime,
    tz: str = "UTC",
    name_threshold: float = 88,
) -> DuplicateDecision:
    old = check.match
    if check.kind == "none" or old is None:
        return DuplicateDecision("create")
    facts = _facts(old, check.reason, tz)
    if check.kind == "linked":
        return DuplicateDecision(
            "create_linked", old.id, new_cells={"linked_to": old.id}, facts=facts
        )
    if check.kind == "possible":
        return DuplicateDecision("confirm", old.id, facts=facts)
    stamp = {"updated_at": format_dt(now, tz)}
    cells = {**_filled_blanks(old, candidate), **stamp}
    details = (
        f"Referred again by {candidate.referred_by.strip() or 'someone unnamed'} via {candidate.channel or 'Slack'}"
        + (f", logged by {candidate.logged_by}" if candidate.logged_by else "")
        + f" ({check.reason})."
    )
    if (
        check.same_referrer
        or not candidate.referred_by.strip()
        or _already_claimed(old, candidate, name_threshold)
    ):
        return DuplicateDecision(
            "merge",
            old.id,
            cells,
            activity_what="Duplicate merged",
            activity_details=details,
            facts=facts,
        )
    line = conflict_claim(candidate, candidate.at("received", tz) or now, tz)
    conflict = SEPARATOR.join(part for part in (old.conflict.strip(), line) if part)
    cells |= {"conflict": conflict, "attribution_confidence": CONFIDENCE_DISPUTED}
    source = f" ({candidate.id})" if candidate.id else ""
    return DuplicateDecision(
        "conflict",
        old.id,
        cells,
        activity_what="Conflict flagged",
        activity_details=(
            f"{line}{source}; first referred by {old.referred_by or 'someone unnamed'}, "
            "who keeps the credit until a coordinator decides."
        ),
        facts=facts,
        notify_coordinators=True,
    )


def conflict_claim(candidate: Referral, when: datetime, tz: str = "UTC") -> str:
    """One entry of the Conflict cell, a claim with its time, who logged it and its evidence:
    "Also referred by Sam Lee <sam@x.com> on 2024-05-02 10:15 (logged by Max via Slack modal,
    evidence: https://…)". bot/domain/conflicts.py reads it back."""
    name = clean(candidate.referred_by, 120) or "someone unnamed"
    email = normalise_email(candidate.referrer_email)
    label = f"{name} <{email}>" if email else name
    by = f"logged by {clean(candidate.logged_by, 120)}" if candidate.logged_by.strip() else ""
    via = f"via {clean(candidate.channel, 60)}" if candidate.channel.strip() else ""
    evidence = clean(candidate.evidence_link or candidate.how_introduced, 500) or "none given"
    note = ", ".join(p for p in (" ".join(p for p in (by, via) if p), f"evidence: {evidence}") if p)
    return f"{CLAIM_PREFIX} {label} on {format_dt(when, tz)} ({note})"


def conflict_claims(conflict: str) -> list[tuple[str, str, str]]:
    """(name, email, when) of every competing referrer named in a Conflict cell, oldest first."""
    return [(c.name, c.email, c.when) for c in every_claim(conflict)]


def _already_claimed(old: Referral, candidate: Referral, threshold: float) -> bool:
    """The candidate's referrer is already named in Conflict: note it, do not add a second line."""
    new = normalise_name(candidate.referred_by)
    return any(
        names_similar(new, normalise_name(name), threshold)
        for name, _, _ in conflict_claims(old.conflict)
    )


def _filled_blanks(old: Referral, candidate: Referral) -> dict[str, str]:
    """Contact details the new submission adds; a cell a person already filled is never replaced."""
    return {
        key: getattr(candidate, key).strip()
        for key in _CONTACT_KEYS
        if not getattr(old, key).strip() and getattr(candidate, key).strip()
    }


def _facts(old: Referral, reason: str, tz: str) -> dict[str, str]:
    return {
        "id": old.id,
        "lead_name": old.lead_name,
        "owner": old.owner,
        "owner_slack_id": old.owner_slack_id,
        "stage": old.stage,
        "referred_by": old.referred_by,
        "received": format_dt(old.at("received", tz), tz),
        "reason": reason,
    }


def open_conflict(referral: Referral) -> bool:
    """A Conflict cell is open until a coordinator's decision is its latest entry."""
    return is_open(referral.conflict)
