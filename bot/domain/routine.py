"""The light routine's five questions, answered for a period with the IDs that fail each: the
heart of the weekly digest (DESIGN.md "Digests"). Pure: the digest service posts what this says.

1. Source recorded? Referred by and How introduced filled.
2. One follow-up owner? An open referral has an owner.
3. Context preserved? Context (or the evidence link of the message it came from) kept.
4. Thank-you sent? Sent, once the acknowledgment is a day old.
5. Anything still only in someone's inbox? Open and leaking: over 30 days with no clear yes or
   no, or no touch for 14 days (as of now, whenever it was received).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain import messages as msg
from bot.domain import metrics as M
from bot.domain.referral import THANKYOU_SENT, Referral

THANK_WITHIN = timedelta(days=1)


@dataclass(frozen=True)
class Answer:
    question: str
    asked: int
    failing: tuple[str, ...]

    @property
    def passing(self) -> int:
        return self.asked - len(self.failing)


def _source(r: Referral, now: datetime, tz: str) -> bool:
    return bool(r.referred_by.strip() and r.how_introduced.strip())


def _owner(r: Referral, now: datetime, tz: str) -> bool:
    return not r.is_open or bool(r.owner.strip())


def _context(r: Referral, now: datetime, tz: str) -> bool:
    return bool(r.context.strip() or r.evidence_link.strip())


def _thanked(r: Referral, now: datetime, tz: str) -> bool:
    received = r.at("received", tz)
    young = received is not None and now - received < THANK_WITHIN
    return young or r.thankyou_status == THANKYOU_SENT


def _not_leaking(r: Referral, now: datetime, tz: str) -> bool:
    return not (M.leaking_old(r, now, tz) or M.leaking_quiet(r, now, tz))


QUESTIONS: tuple[tuple[str, Callable[[Referral, datetime, str], bool], bool], ...] = (
    (msg.SOURCE_RECORDED, _source, False),
    (msg.ONE_OWNER, _owner, False),
    (msg.CONTEXT_PRESERVED, _context, False),
    (msg.THANK_YOU_SENT, _thanked, False),
    (msg.ONLY_IN_AN_INBOX, _not_leaking, True),
)
"""(question, passes, asked of every open referral rather than the period's)."""


def five_questions(
    referrals: Sequence[Referral], period: M.Period, now: datetime, tz: str
) -> list[Answer]:
    received = [r for r in referrals if period.holds(r.at("received", tz))]
    answers = []
    for question, passes, whole_log in QUESTIONS:
        asked = [r for r in referrals if r.is_open] if whole_log else received
        failing = tuple(r.id for r in asked if not passes(r, now, tz))
        answers.append(Answer(question, len(asked), failing))
    return answers
