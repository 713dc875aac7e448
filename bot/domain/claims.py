"""Claims for a missed referral: "I sent you Jane in March", from someone the log does not credit.

A claim is written into the referral's Conflict cell as one more claim, in the same form as a
second referrer caught at capture ("Also referred by NAME <email> on DATE"), followed by who
filed it and the evidence, so the conflict queue, its card and its decision treat it like any
other claim. The attribution becomes Disputed, which freezes the reward until a coordinator
decides. Claims are accepted within a window after the referral was logged (CLAIM_WINDOW_DAYS)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.domain.conflicts import CLAIM_PREFIX, SEPARATOR, clean
from bot.domain.duplicates import conflict_claims
from bot.domain.normalise import is_valid_email, normalise_email, normalise_name
from bot.domain.referral import CONFIDENCE_DISPUTED, Referral
from bot.domain.timefmt import format_dt

EVIDENCE_MAX = 500
NAME_MAX = 120


@dataclass(frozen=True)
class Claim:
    referrer: str
    email: str
    introduced_on: date | None
    evidence: str
    filed_by: str = ""


def problems(claim: Claim, referral: Referral, now: datetime, tz: str, window_days: int) -> dict:
    """{field: what to fix}, in plain words; empty when the claim can join the conflict queue."""
    found: dict[str, str] = {}
    logged = referral.at("received", tz)
    if logged is not None and now - logged > timedelta(days=window_days):
        found["referral"] = (
            f"{referral.id} was logged on {logged:%Y-%m-%d}; claims are accepted for "
            f"{window_days} days after logging (CLAIM_WINDOW_DAYS). Ask a coordinator."
        )
    if not claim.referrer.strip():
        found["referrer"] = "Say who referred the lead."
    elif _already_named(claim, referral):
        found["referrer"] = (
            f"{claim.referrer.strip()} is already named on {referral.id}; nothing to claim."
        )
    if claim.email.strip() and not is_valid_email(claim.email):
        found["email"] = f"“{claim.email.strip()}” is not an email address (name@company.com)."
    if claim.introduced_on is None:
        found["when"] = "Pick the date of the introduction."
    elif claim.introduced_on > now.date():
        found["when"] = "The introduction date is in the future; pick the day it happened."
    if not claim.evidence.strip():
        found["evidence"] = "Add the evidence: a link to the message, or what was said and where."
    return found


def _already_named(claim: Claim, referral: Referral) -> bool:
    name = normalise_name(claim.referrer)
    named = [referral.referred_by, *(n for n, _, _ in conflict_claims(referral.conflict))]
    if any(name and name == normalise_name(n) for n in named):
        return True
    email = normalise_email(claim.email)
    return bool(email) and email == normalise_email(referral.referrer_email)


def claim_line(claim: Claim, filed_at: datetime, tz: str) -> str:
    """One Conflict entry, read back by bot/domain/conflicts.py like any other claim."""
    name = clean(claim.referrer, NAME_MAX)
    email = normalise_email(claim.email)
    label = f"{name} <{email}>" if email else name
    when = claim.introduced_on.isoformat() if claim.introduced_on else format_dt(filed_at, tz)
    evidence = clean(claim.evidence, EVIDENCE_MAX)
    filer = clean(claim.filed_by, NAME_MAX) or "someone"
    return (
        f"{CLAIM_PREFIX} {label} on {when} (claimed by {filer} on "
        f"{format_dt(filed_at, tz)}, evidence: {evidence})"
    )


def claim_cells(claim: Claim, referral: Referral, filed_at: datetime, tz: str) -> dict[str, str]:
    line = claim_line(claim, filed_at, tz)
    conflict = SEPARATOR.join(part for part in (referral.conflict.strip(), line) if part)
    return {"conflict": conflict, "attribution_confidence": CONFIDENCE_DISPUTED}
