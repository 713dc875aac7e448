"""How sure we are who deserves credit for a referral, labelled before any reward is considered.

    Disputed  an open conflict: another referrer claims the same lead
    High      the referrer is named with an email, and the introduction is documented
              (an email intro or a web form) or the referrer logged it themselves
    Medium    the referrer is named with an email, introduced in a call, privately, as
              "Other", or not said: a person vouches for it but nothing is written down
    Low       the referrer's name or email is missing, or the source is inferred
              (a row typed into the sheet without a referrer)

"Other" and a blank How introduced are undocumented, so they can reach Medium but never High.
A referrer who logs the referral in Slack is reachable there, so their own log counts as High
even without an email; a row typed into the sheet cannot prove who typed it, so it cannot claim
"logged by the referrer"."""

from __future__ import annotations

from bot.domain.normalise import is_valid_email
from bot.domain.referral import (
    CONFIDENCE_DISPUTED,
    CONFIDENCE_HIGH,
    CONFIDENCE_LOW,
    CONFIDENCE_MEDIUM,
    Referral,
)

DOCUMENTED_INTRODUCTIONS = frozenset({"email intro", "web form"})


def attribution_confidence(
    referral: Referral,
    *,
    logged_by_referrer: bool,
    has_open_conflict: bool,
    from_sheet: bool = False,
) -> str:
    if has_open_conflict:
        return CONFIDENCE_DISPUTED
    if not referral.referred_by.strip():
        return CONFIDENCE_LOW
    if logged_by_referrer and not from_sheet:
        return CONFIDENCE_HIGH
    if not is_valid_email(referral.referrer_email):
        return CONFIDENCE_LOW
    if referral.how_introduced.strip().casefold() in DOCUMENTED_INTRODUCTIONS:
        return CONFIDENCE_HIGH
    return CONFIDENCE_MEDIUM
