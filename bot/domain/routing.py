"""Who follows a referral up.

The owner chosen in the modal wins. Otherwise the Team tab decides: people who can own (Owner,
Coordinator, Admin; Members log referrals but do not own them), marked available and below their
Max active. The best match of expertise tags and territory against the referral's words wins, ties
go to the least loaded, then by name so the choice is repeatable. A high-value referral, or one
nobody can take, goes to coordinators to assign (tiered routing)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.domain.referral import Referral, TeamMember


@dataclass(frozen=True)
class RoutingDecision:
    owner: TeamMember | None
    to_coordinators: bool
    reason: str
    suggestion: TeamMember | None = None
    """For coordinators: who the rules would have picked when the referral came to them."""


def _mentions(text: str, phrase: str) -> bool:
    """A whole word or phrase, casefolded; a plural "s" is allowed (tax matches taxes, not taxi)."""
    words = r"\s+".join(re.escape(w) for w in phrase.split())
    return bool(words) and re.search(rf"(?<!\w){words}(?:e?s)?(?!\w)", text) is not None


def _referral_text(referral: Referral) -> str:
    return " ".join((referral.context, referral.company, referral.lead_name)).casefold()


def matched_terms(member: TeamMember, referral: Referral) -> list[str]:
    """The member's expertise tags, then the first territory, found in the referral's words."""
    text = _referral_text(referral)
    found = sorted(tag for tag in member.tags if _mentions(text, tag))
    places = [p.strip() for p in member.territory.split(",") if p.strip()]
    found += [place for place in places if _mentions(text, place.casefold())][:1]
    return found


def match_score(member: TeamMember, referral: Referral) -> int:
    """One point per expertise tag, and one for the territory, found in the referral's words."""
    return len(matched_terms(member, referral))


def _find(team: Iterable[TeamMember], slack_user_id: str) -> TeamMember | None:
    return next((m for m in team if m.slack_user_id == slack_user_id), None)


def eligible(
    team: Sequence[TeamMember], active_counts: Mapping[str, int], default_max_active: int = 10
) -> list[TeamMember]:
    return [
        m
        for m in team
        if m.can_own
        and m.is_available
        and m.slack_user_id
        and active_counts.get(m.slack_user_id, 0) < m.capacity(default_max_active)
    ]


def route(
    referral: Referral,
    team: Sequence[TeamMember],
    active_counts: Mapping[str, int],
    chosen_owner_id: str | None,
    high_value_threshold: float,
    default_max_active: int = 10,
) -> RoutingDecision:
    if chosen_owner_id:
        chosen = _find(team, chosen_owner_id)
        if chosen is not None:
            return RoutingDecision(chosen, False, "chosen in the form")
        return RoutingDecision(
            TeamMember(slack_user_id=chosen_owner_id),
            False,
            "chosen in the form (not on the Team tab)",
        )
    candidates = eligible(team, active_counts, default_max_active)
    best = min(
        candidates,
        key=lambda m: (
            -match_score(m, referral),
            active_counts.get(m.slack_user_id, 0),
            m.name.casefold(),
        ),
        default=None,
    )
    value = referral.value
    if value is not None and value >= high_value_threshold:
        return RoutingDecision(
            None, True, f"est. value {value:,.0f} is at or above {high_value_threshold:,.0f}", best
        )
    if best is None:
        return RoutingDecision(None, True, "nobody available below their Max active")
    terms = matched_terms(best, referral)
    reason = f"matches {', '.join(terms)}" if terms else "least loaded available owner"
    return RoutingDecision(best, False, reason)


def active_counts_by_owner(referrals: Iterable[Referral]) -> dict[str, int]:
    """Open referrals per owner Slack ID."""
    counts: dict[str, int] = {}
    for referral in referrals:
        owner = referral.owner_slack_id.strip()
        if owner and referral.is_open:
            counts[owner] = counts.get(owner, 0) + 1
    return counts


def overloaded(
    team: Sequence[TeamMember], active_counts: Mapping[str, int], default: int = 10
) -> list[TeamMember]:
    """People carrying more open referrals than their Max active, for the digest."""
    return [
        m
        for m in team
        if m.slack_user_id and active_counts.get(m.slack_user_id, 0) > m.capacity(default)
    ]
