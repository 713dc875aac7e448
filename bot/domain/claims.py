"""Claims for a missed referral: "I sent you Jane in March", from someone the log does not credit.

A claim is written into the referral's Conflict cell as one more claim, in the same form as a
second referrer caught at capture ("Also referred by NAME <email> on DATE"), followed by who
filed it and the evidence, so the conflict queue, its card and its decision treat it like any
other claim. The attribution becomes Disputed, which freezes the reward until a coordinator
decides. Claims are accepted within a window after the referral was logged (CLAIM_WINDOW_DAYS)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.domain import messages as msg
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
        found["referral"] = msg.claim_window_passed(referral.id, f"{logged:%Y-%m-%d}", window_days)
    if not claim.referrer.strip():
        found["referrer"] = msg.say_who_referred()
    elif _already_named(claim, referral):
        found["referrer"] = msg.referrer_already_named(claim.referrer.strip(), referral.id)
    if claim.email.strip() and not is_valid_email(claim.email):
        found["email"] = msg.claim_not_an_email(claim.email.strip())
    if claim.introduced_on is None:
        found["when"] = msg.pick_introduction_date()
    elif claim.introduced_on > now.date():
        found["when"] = msg.introduction_in_future()
    if not claim.evidence.strip():
        found["evidence"] = msg.add_evidence()
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
