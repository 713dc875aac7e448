"""Typed answers to an owner DM ("sent", "snooze 2d", "not a fit: budget", "reassign @sam").

A pure parser: the DM listener decides which referral a reply is about and calls the desk."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.slack.ids import REFERRAL_ID

REOPEN = "reopen"
SENT, WAITING, REPLIED, SNOOZE, WON, NOT_A_FIT, NO_RESPONSE, NO_FURTHER_ACTION, REASSIGN = (
    "sent",
    "waiting",
    "replied",
    "snooze",
    "won",
    "not_a_fit",
    "no_response",
    "no_further_action",
    "reassign",
)


@dataclass(frozen=True)
class Reply:
    action: str
    referral_id: str = ""
    reason: str = ""
    days: int = 0
    until: date | None = None
    user_id: str = ""
    amount: str = ""
    """With "won 12000": the won value, as typed."""


_SIMPLE = {
    SENT: r"(?:follow[- ]?up )?sent",
    WAITING: r"waiting(?: (?:for|on) (?:a )?reply)?",
    REPLIED: r"(?:they |she |he )?replied|in conversation|talking",
    WON: r"won|closed won",
    NO_RESPONSE: r"no response",
    NO_FURTHER_ACTION: r"no further action(?: requested)?",
    REOPEN: r"re-?open",
}
_NOT_A_FIT = re.compile(
    r"not a fit(?:\s*[:\-–—,]\s*|\s+because\s+|\s+)?(?P<reason>.*)", re.S | re.I
)
_WON_VALUE = re.compile(
    r"(?:closed )?won(?:\s*[:\-–—,]\s*|\s+(?:at|for)\s+|\s+)(?P<amount>[£$€]?\s?\d[\d,]*(?:\.\d+)?\s?[km]?)",
    re.I,
)
_SNOOZE_FOR = re.compile(r"(?:for\s+)?(?P<n>\d{1,3})\s*(?P<unit>d|days?|w|wks?|weeks?)")
_SNOOZE_UNTIL = re.compile(r"(?:until|till|to)?\s*(?P<date>\d{4}-\d{2}-\d{2})")
_REASSIGN = re.compile(
    r"reassign\s+(?:to\s+)?(?:<@(?P<mention>[UW][A-Z0-9]+)(?:\|[^>]*)?>|@?(?P<id>[UW][A-Z0-9]{2,}))",
    re.I,
)


def parse_reply(text: str) -> Reply | None:
    """The reply `text` means, or None when it is not one of the forms owners are told about."""
    referral_id, rest = _split_referral_id(text)
    rest = _tidy(rest)
    if not rest:
        return None
    reply = _parse_action(rest)
    if reply is None:
        return None
    return Reply(**{**reply.__dict__, "referral_id": referral_id})


def _split_referral_id(text: str) -> tuple[str, str]:
    match = REFERRAL_ID.search(text or "")
    if not match:
        return "", text or ""
    rest = (text[: match.start()] + " " + text[match.end() :]).strip(" :,-")
    return match.group(0).upper(), rest


def _tidy(text: str) -> str:
    # Case and trailing punctuation carry no meaning in a one-line answer.
    return re.sub(r"\s+", " ", text.strip()).rstrip(".!").strip()


def _parse_action(text: str) -> Reply | None:
    lowered = text.casefold()
    for action, pattern in _SIMPLE.items():
        if re.fullmatch(pattern, lowered):
            return Reply(action)
    match = _WON_VALUE.fullmatch(text)
    if match:
        return Reply(WON, amount=match.group("amount").replace(" ", ""))
    match = _NOT_A_FIT.fullmatch(text) if lowered.startswith("not a fit") else None
    if match:
        return Reply(NOT_A_FIT, reason=match.group("reason").strip())
    if lowered.startswith("snooze"):
        return _parse_snooze(lowered[len("snooze") :].strip())
    match = _REASSIGN.fullmatch(text.strip()) if lowered.startswith("reassign") else None
    if match:
        return Reply(REASSIGN, user_id=(match.group("mention") or match.group("id")).upper())
    return None


def _parse_snooze(rest: str) -> Reply | None:
    if rest in ("", "a day", "for a day", "tomorrow", "until tomorrow"):
        return Reply(SNOOZE, days=1)
    if rest in ("a week", "for a week"):
        return Reply(SNOOZE, days=7)
    match = _SNOOZE_FOR.fullmatch(rest)
    if match:
        days = int(match.group("n")) * (7 if match.group("unit").startswith("w") else 1)
        return Reply(SNOOZE, days=days) if days > 0 else None
    match = _SNOOZE_UNTIL.fullmatch(rest)
    if match:
        try:
            return Reply(SNOOZE, until=date.fromisoformat(match.group("date")))
        except ValueError:
            return None
    return None
