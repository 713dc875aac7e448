"""What services take and give back. Slack listeners and the scheduler speak to services in these
terms only, so neither needs to know about gspread or Block Kit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, Protocol

from bot.domain.digest import Digest
from bot.domain.referral import Referral, TeamMember
from bot.drafts import Draft
from bot.errors import ReferralDeskError

SUBMISSION_FIELDS = (
    "lead_name",
    "company",
    "lead_email",
    "lead_phone",
    "referred_by",
    "referrer_email",
    "referrer_type",
    "how_introduced",
    "lead_consent",
    "context",
    "opening_line",
    "est_value",
)


@dataclass(frozen=True)
class Actor:
    """The Slack user doing something."""

    user_id: str
    name: str = ""


@dataclass(frozen=True)
class Submission:
    """A referral as typed: from the modal, the /refer text or the message shortcut."""

    fields: dict[str, str]
    channel: str
    owner_id: str = ""
    thankyou_owner_id: str = ""
    evidence_link: str = ""
    confirmed_new_lead: bool = False
    """The submitter saw a possible duplicate and said it is a different person."""
    same_lead_as: str = ""
    """The submitter saw a possible duplicate (this referral ID) and said it is the same person:
    their referral is recorded on it, as a merge note or a conflict, never as a new row."""
    idempotency_key: str = ""
    """The modal's view ID or the command's trigger ID: a second submission of it logs nothing new."""

    def get(self, key: str) -> str:
        return (self.fields.get(key) or "").strip()


ReferStatus = Literal["logged", "merged", "conflict", "needs_confirmation", "invalid"]


@dataclass(frozen=True)
class ReferOutcome:
    status: ReferStatus
    referral: Referral | None = None
    """The new row (logged), or the existing record (merged, conflict, needs_confirmation)."""
    errors: dict[str, str] = field(default_factory=dict)
    owner: TeamMember | None = None
    to_coordinators: bool = False
    routing_reason: str = ""
    linked_to: str = ""


@dataclass(frozen=True)
class Correction:
    """What an Edit did. corrected: the row now says what the form says (and routing may have
    given it another owner: `previous_owner`). merged, conflict: the corrected lead is an
    earlier record's (`existing`), so the referral is recorded there as a new capture would
    be, and this row is withdrawn (kept, linked to it). unchanged: the form said the same."""

    referral: Referral
    status: Literal["corrected", "merged", "conflict", "unchanged"] = "corrected"
    existing: Referral | None = None
    previous_owner: str = ""
    """The Slack ID of the owner before the correction, when routing moved it."""


class SameLeadQuestion(ReferralDeskError):
    """The corrected lead may be an earlier record's (a similar name only): ask, as a capture
    does, whether it is the same person."""

    def __init__(self, match: Referral):
        super().__init__(f"{match.id} may be the same lead.")
        self.match = match


@dataclass(frozen=True)
class Escalation:
    """What coordinators are told about an overdue step: which, who owes it, and when it was due
    (that step's own due time, never the lead's next follow-up)."""

    step: str
    owes_id: str
    owes_name: str
    due_at: datetime


class Notifier(Protocol):
    """Outbound Slack messages services send (implemented in bot/slack/notify.py).

    Each returns "channel:ts" of the message, or "" when Slack refused it (the refusal is logged;
    the sweep then leaves the nudge unmarked so the next sweep tries again)."""

    def owner_assigned(self, referral: Referral, owner_id: str, draft: Draft) -> str:
        """DM the owner the referral with its drafted first contact and the follow-up buttons."""

    def thankyou_assigned(self, referral: Referral, user_id: str, draft: Draft) -> str:
        """DM the thank-you owner the drafted acknowledgment to the referrer."""

    def draft_ready(self, referral: Referral, user_id: str, draft: Draft) -> str:
        """DM a draft to send now (status update, close-the-loop, decline) with Mark sent."""

    def nudge(
        self, referral: Referral, step: str, user_id: str, draft: Draft | None, escalate: bool
    ) -> str:
        """Remind someone that a cadence step is due, with its draft and the buttons."""

    def nudge_sent(self, referral: Referral, step: str, user_id: str, since: str) -> bool:
        """Whether a nudge for `step` already reached `user_id`'s DM at or after `since`."""

    def needs_owner(self, referral: Referral, reason: str) -> str:
        """Ask coordinators in the review channel to pick an owner."""

    def conflict_flagged(self, existing: Referral, second_referrer: str, submitter_id: str) -> str:
        """Post a review message with decision buttons to the coordinators' channel."""

    def escalate(self, referral: Referral, escalation: Escalation, coordinators: list[str]) -> str:
        """Tell coordinators a step is a working day overdue: who owes it, its own due time."""

    def changed_by_other(self, referral: Referral, user_id: str, who: str, what: str) -> str:
        """Tell the owner of a track that `who` changed it (`what`)."""

    def redraw(
        self,
        referral: Referral,
        who: str,
        what: str,
        skip: str = "",
        before: Referral | None = None,
        drafts: Callable[[str], Draft | None] | None = None,
    ) -> None:
        """`referral` changed outside a Slack answer (the sweep, the sheet, a correction): every
        DM, morning list and App Home showing it is redrawn in place from its new state, with a
        line saying `who` did `what`; `skip` ("channel:ts") is a message just posted about it.
        After an Edit, `before` is the referral as it was and `drafts` renders a draft (by
        name) for the corrected details, so each DM shows them."""

    def forget(
        self, referral_id: str, scrub: Callable[[str], str], user_ids: list[str]
    ) -> tuple[int, int]:
        """Erase a lead from the bot's messages; (messages updated, export files deleted)."""

    def reminder_list(self, user_id: str, morning: MorningList) -> str:
        """The person's one reminder DM of the morning: a line per step they owe, with buttons."""

    def reminder_list_sent(self, user_id: str, day: date, since: str) -> str:
        """Where the list of `day` already is in `user_id`'s DM (posted at or after `since`), or ""."""

    def morning_review(self, morning: MorningList, coordinators: list[str]) -> str:
        """The coordinators' one review post of the morning: overdue steps and rewards to review."""

    def morning_review_sent(self, day: date, since: str) -> str:
        """Where the review post of `day` already is (posted at or after `since`), or ""."""

    def retire_list(self, where: str) -> bool:
        """An earlier morning's message, redrawn without buttons: today's list replaces it."""

    def post_digest(self, digest: Digest, slot: str) -> str:
        """Post the weekly digest to the digest channel, tagged with its slot (ISO time)."""

    def share_chart(self, digest: Digest, slot: str) -> str:
        """Share the digest's chart into the digest channel; the file's ID, or ""."""

    def digest_found(self, slot: str, since: datetime) -> tuple[str, str]:
        """What of `slot`'s digest is already in the channel: ("channel:ts", chart file ID)."""

    def user_tz(self, user_id: str) -> str:
        """The time zone in the person's Slack profile, or ""."""


@dataclass(frozen=True)
class ListLine:
    """One line of a morning list (a person's reminders, or the coordinators' review post): a
    step of a referral, who owes it, when it fell due, and whether it is still owed. A line
    that is no longer owed (done, snoozed, handed on) is shown without buttons."""

    item: str
    """How the list remembers the line: "R-0012|second_touch", or "R-0012|reward"."""
    referral: Referral | None
    step: str
    """The nudge key of the step ("referrer_update:Won"); "reward" for a reward to review."""
    due_at: datetime | None = None
    owes_id: str = ""
    owes_name: str = ""
    draft: Draft | None = None
    live: bool = True
    new: bool = False
    """In the review post: escalated this morning (not only still overdue since an earlier one)."""

    @property
    def is_reward(self) -> bool:
        return self.step == REWARD_ITEM


REWARD_ITEM = "reward"


@dataclass(frozen=True)
class MorningList:
    """What one morning message shows: the lines (at most the message's limit) and how many more
    there were, which App Home lists in full."""

    day: date
    lines: list[ListLine]
    more: int = 0
