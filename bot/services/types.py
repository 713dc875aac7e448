"""What services take and give back. Slack listeners and the scheduler speak to services in these
terms only, so neither needs to know about gspread or Block Kit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

from bot.domain.referral import Referral, TeamMember
from bot.drafts import Draft

SUBMISSION_FIELDS = (
    "lead_name",
    "company",
    "lead_email",
    "lead_phone",
    "referred_by",
    "referrer_email",
    "referrer_type",
    "how_introduced",
    "context",
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
    row_link: str = ""
    linked_to: str = ""


class Notifier(Protocol):
    """Outbound Slack messages services send (implemented in bot/slack/notify.py)."""

    def owner_assigned(self, referral: Referral, owner_id: str, draft: Draft) -> None:
        """DM the owner the new referral with its drafted first contact and the action buttons."""

    def thankyou_assigned(self, referral: Referral, user_id: str, draft: Draft) -> None:
        """DM the thank-you owner the drafted acknowledgment to the referrer."""

    def needs_owner(self, referral: Referral, reason: str) -> None:
        """Ask coordinators in the review channel to pick an owner."""

    def conflict_flagged(self, existing: Referral, second_referrer: str, submitter_id: str) -> None:
        """Post a review message with decision buttons to the coordinators' channel."""
