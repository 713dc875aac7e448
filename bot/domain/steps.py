"""The steps of the cadence, each declared once (DESIGN.md "Steps").

Every other module reads this declaration: the cadence (when a step is due, whose clock it runs
on), the sweep (which draft a nudge offers, which nudge key it marks), the sheet's Next step, the
Slack reminders and escalations (the step's label, who owes it), and the services (which track an
answer moves). A test checks every step declares every part.

Three tracks run side by side, each with its own owner, due time, snooze and nudge state:

    lead      the owner's follow-up with the referred lead
    thanks    the thank-you owner's acknowledgment of the referrer
    updates   the thank-you owner's word back to the referrer (stage changes, and periodic)

Acting on one track never moves another: a snooze of the lead holds only the lead's steps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from bot.domain import referral as R
from bot.domain.referral import Referral

Track = Literal["lead", "thanks", "updates"]
Owes = Literal["owner", "thankyou_owner", "coordinator"]
LEAD: Track = "lead"
THANKS: Track = "thanks"
UPDATES: Track = "updates"
TRACKS: tuple[Track, ...] = (LEAD, THANKS, UPDATES)

TRACK_OWNER: dict[Track, Owes] = {
    LEAD: "owner",
    THANKS: "thankyou_owner",
    UPDATES: "thankyou_owner",
}
"""Who answers for each track; a coordinator may act on any of them."""


@dataclass(frozen=True)
class Step:
    key: str
    """The step's name in code and in the nudge state."""
    track: Track
    owes: Owes
    """Who owes it: the owner, the thank-you owner, or (nobody assigned) the coordinators."""
    name: str
    """Short, for the sheet's Next step column: "Second touch"."""
    label: str
    """For people, filled with the referral's names: "Second touch to {lead}"."""
    draft: str
    """The template the reminder offers."""
    due_from: str
    """What its clock counts from: a column key, or "stage_change" (when the stage last moved).
    Never Updated at, which any unrelated write refreshes."""
    nudge_key: str
    """The base of its nudge-state key (the cadence adds a suffix where a step repeats)."""
    touch: int = 0
    """For the lead's touches: which touch this is (1, 2, 3); 0 for the others."""
    stage_drafts: Mapping[str, str] = field(default_factory=dict)
    """Per stage, a draft other than `draft` (the close-the-loop drafts)."""

    def says(self, referral: Referral) -> str:
        """The label with the referral's names: "Thank Alex Kim for the introduction"."""
        lead = " ".join(referral.lead_name.split()) or referral.id or "the lead"
        referrer = " ".join(referral.referred_by.split()) or "the referrer"
        return self.label.format(lead=lead, referrer=referrer)

    def draft_for(self, referral: Referral) -> str:
        return self.stage_drafts.get(referral.stage, self.draft)


CLOSE_DRAFTS = {
    R.WON: "close_won",
    R.NOT_A_FIT: "close_not_a_fit",
    R.NO_RESPONSE: "close_no_response",
}

THANK_YOU = Step(
    key="thank_you",
    track=THANKS,
    owes="thankyou_owner",
    name="Thank the referrer",
    label="Thank {referrer} for the introduction",
    draft="acknowledgment",
    due_from="received",
    nudge_key="thank_you",
)
FIRST_CONTACT = Step(
    key="first_contact",
    track=LEAD,
    owes="owner",
    name="First contact",
    label="First contact with {lead}",
    draft="first_contact",
    due_from="received",
    nudge_key="first_contact",
    touch=1,
)
SECOND_TOUCH = Step(
    key="second_touch",
    track=LEAD,
    owes="owner",
    name="Second touch",
    label="Second touch to {lead}",
    draft="second_touch",
    due_from="first_contact_at",
    nudge_key="second_touch",
    touch=2,
)
THIRD_TOUCH = Step(
    key="third_touch",
    track=LEAD,
    owes="owner",
    name="Third touch",
    label="Third touch to {lead}",
    draft="third_touch",
    due_from="first_contact_at",
    nudge_key="third_touch",
    touch=3,
)
CLOSE_NO_RESPONSE = Step(
    key="close_no_response",
    track=LEAD,
    owes="owner",
    name="Close as No response",
    label="Close {lead} as No response, or log a reply",
    draft="close_no_response",
    due_from="last_touch_at",
    nudge_key="close_no_response",
)
REFERRER_UPDATE = Step(
    key="referrer_update",
    track=UPDATES,
    owes="thankyou_owner",
    name="Update the referrer",
    label="Tell {referrer} how {lead} is going",
    draft="status_update",
    due_from="stage_change",
    nudge_key="referrer_update",
    stage_drafts=CLOSE_DRAFTS,
)
PERIODIC_UPDATE = Step(
    key="periodic_update",
    track=UPDATES,
    owes="thankyou_owner",
    name="Update the referrer",
    label="Give {referrer} a periodic update on {lead}",
    draft="periodic_update",
    due_from="referrer_last_updated",
    nudge_key="periodic_update",
)
ASSIGN_OWNER = Step(
    key="assign_owner",
    track=LEAD,
    owes="coordinator",
    name="Coordinators to assign an owner",
    label="Pick an owner for {lead}",
    draft="first_contact",
    due_from="received",
    nudge_key="assign_owner",
)

STEPS: tuple[Step, ...] = (
    THANK_YOU,
    FIRST_CONTACT,
    SECOND_TOUCH,
    THIRD_TOUCH,
    CLOSE_NO_RESPONSE,
    REFERRER_UPDATE,
    PERIODIC_UPDATE,
    ASSIGN_OWNER,
)
BY_KEY: dict[str, Step] = {s.key: s for s in STEPS}
LEAD_STEPS = tuple(s.key for s in STEPS if s.track == LEAD and s.owes == "owner")
TOUCH_DRAFTS: dict[str, int] = {s.draft: s.touch for s in STEPS if s.touch}
"""Lead drafts and the touch each one is: marking one sent twice counts one touch."""
THANKS_DRAFTS = ("acknowledgment", "thank_you")
UPDATE_DRAFTS = ("status_update", "periodic_update", *CLOSE_DRAFTS.values())


ASK_REFERRER_FIRST = "ask_referrer_first"
"""To the referrer, in place of a touch to a lead who has not agreed to be introduced."""
CONSENT_DRAFTS = frozenset(TOUCH_DRAFTS)
"""Drafts that write to the lead as if they were happy to hear from us."""


def consented_draft(draft: str, referral: Referral) -> str:
    """The draft to offer: while the lead has said No to the introduction, no draft writes to them
    as if they had agreed; the owner is offered a note asking the referrer to check first."""
    if draft in CONSENT_DRAFTS and referral.lead_consent.strip().casefold() == "no":
        return ASK_REFERRER_FIRST
    return draft


def step(key: str) -> Step:
    """The declared step for a key, also for nudge keys with a suffix ("referrer_update:Won")."""
    return BY_KEY[key.split(":", 1)[0]]


def touch_step(number: int) -> Step:
    """The step that sends touch `number` (1, 2, 3; later touches count as the third)."""
    number = max(1, min(number, 3))
    return next(s for s in STEPS if s.touch == number)


def track_of_draft(draft: str) -> Track | None:
    if draft in TOUCH_DRAFTS or draft in ("decline", ASK_REFERRER_FIRST):
        return LEAD
    if draft in THANKS_DRAFTS:
        return THANKS
    if draft in UPDATE_DRAFTS:
        return UPDATES
    return None


def owner_id_of(referral: Referral, track: Track) -> str:
    """The Slack ID of whoever owes `track` (the thank-you owner, else the owner)."""
    if TRACK_OWNER[track] == "owner":
        return referral.owner_slack_id
    return referral.thankyou_owner_slack_id or referral.owner_slack_id


def owner_name_of(referral: Referral, track: Track) -> str:
    if TRACK_OWNER[track] == "owner":
        return referral.owner
    return referral.thankyou_owner or referral.owner
