"""The rules' words for a person when an action does not apply to a referral as it stands, a
reward step is refused, or a form or claim has a field to fix: one tiny function per sentence.
The services raise them as they are (bot/services/messages.py has the use cases' own); the
domain imports nothing above it, so its words live here."""

from __future__ import annotations

from collections.abc import Iterable


def close_as_one_of(stages: Iterable[str]) -> str:
    return f"Close as one of: {', '.join(stages)}."


def say_why_not_a_fit() -> str:
    return "Say briefly why it is not a fit (e.g. budget)."


def closed_cannot_be(referral_id: str, stage: str, doing: str) -> str:
    return (
        f"{referral_id} is closed ({stage}), so it cannot be {doing}. "
        f"A coordinator can reopen it first (reply `reopen {referral_id}`)."
    )


def snooze_into_the_future() -> str:
    return "Pick a time in the future to snooze until."


def already_open(referral_id: str, stage: str) -> str:
    return f"{referral_id} is already open ({stage})."


# --- Undo ----------------------------------------------------------------------------------------


def already_withdrawn(referral_id: str) -> str:
    return f"{referral_id} is already withdrawn."


def undo_too_late(referral_id: str, minutes: int) -> str:
    return (
        f"It is more than {minutes} minutes since {referral_id} was logged, so it can no longer "
        "be undone. Correct it with Edit, or ask a coordinator to close it (Not a fit, with the "
        'reason "logged in error").'
    )


def undo_after_action(referral_id: str, stage: str, touches: int) -> str:
    return (
        f"{referral_id} has already been acted on (stage {stage or 'blank'}, {touches} touches), "
        "so it cannot be undone; ask a coordinator to close it instead."
    )


# --- Rewards -------------------------------------------------------------------------------------


def policy_gift(cap: float) -> str:
    return f"Nominal gift (cap {cap:,.2f})"


def policy_fixed_fee(fee: float, cap: float) -> str:
    return f"Fixed referral fee of {fee:,.2f} (cap {cap:,.2f})"


def policy_percent_fee(percent: float, cap: float) -> str:
    return f"Referral fee of {percent:g}% of the won value (cap {cap:,.2f})"


def policy_none() -> str:
    return "No referral rewards"


def amount_not_a_number() -> str:
    return "Enter the reward amount as a number above zero, e.g. 250."


def amount_above_gift_cap(amount: float, cap: float) -> str:
    return (
        f"{amount:,.2f} is above the nominal-gift cap of {cap:,.2f} "
        "(REWARD_GIFT_CAP): this firm's policy allows only a token thank-you."
    )


def amount_above_fee_cap(amount: float, cap: float) -> str:
    return f"{amount:,.2f} is above the referral-fee cap of {cap:,.2f} (REWARD_FEE_CAP)."


def no_rewards_policy() -> str:
    return "This firm does not give referral rewards (REWARD_POLICY is none)."


def reward_reviewers_only() -> str:
    return "Only coordinators or admins can review, approve or pay rewards."


def own_reward(referral_id: str) -> str:
    return (
        f"You referred or logged {referral_id or 'this referral'}, so another coordinator "
        "must review its reward."
    )


def reward_already_paid() -> str:
    return "This reward has already been paid."


def reward_already_approved() -> str:
    return "This reward is already approved; mark it paid when it has been handed over."


def reward_was_declined() -> str:
    return "This reward was declined."


def reward_only_when_won() -> str:
    return "Only a referral closed as Won has a reward to review."


def attribution_disputed() -> str:
    return "The attribution is disputed; a coordinator must decide the conflict first."


def attribution_low() -> str:
    return (
        "The attribution is Low (the referrer's contact is missing or the source was "
        "inferred); confirm who referred the lead before approving."
    )


def reward_approved() -> str:
    return "Approved."


def first_approval_recorded(threshold: float) -> str:
    return (
        f"First approval recorded. Amounts above {threshold:,.2f} "
        "need a second coordinator to approve too."
    )


def second_approver_must_differ() -> str:
    return "You gave the first approval; a different coordinator must give the second."


def approved_by_two() -> str:
    return "Approved by two coordinators."


def confirm_disputed_attribution() -> str:
    return "The attribution is disputed; decide the conflict on its review card instead."


def only_low_needs_confirming() -> str:
    return "Only a Low attribution needs confirming."


def no_reward_to_decline() -> str:
    return "There is no reward to decline."


def say_why_declined() -> str:
    return "Say briefly why the reward is declined (e.g. existing client)."


def reward_frozen_by_dispute() -> str:
    return "The attribution is disputed; the reward is frozen until a coordinator decides."


def only_approved_is_paid() -> str:
    return "Only an approved reward can be marked paid."


def marked_paid() -> str:
    return "Marked paid."


# --- The intake form -----------------------------------------------------------------------------


def add_lead_name() -> str:
    return "Add the lead's name (the person being referred)."


def add_referrer_name() -> str:
    return "Who referred them? Add the referrer's name."


def add_email_or_phone() -> str:
    return "Add an email address or a phone number so the lead can be reached."


def not_an_email(text: str) -> str:
    return f"“{text}” is not an email address. Use the form name@company.com."


def phone_incomplete() -> str:
    return (
        "That phone number does not look complete. Write it with its country code, "
        "e.g. +44 20 7946 0000."
    )


def keep_under(limit: int, length: int) -> str:
    return f"Keep this under {limit} characters (it has {length})."


def pick_one_of(choices) -> str:
    return f"Pick one of: {', '.join(choices)}."


def value_not_a_number(example: str) -> str:
    return f"Write the estimated value as a number, e.g. 5000 or {example}."


def value_negative() -> str:
    return "The estimated value cannot be negative."


# --- Claims --------------------------------------------------------------------------------------


def claim_window_passed(referral_id: str, logged_on: str, window_days: int) -> str:
    return (
        f"{referral_id} was logged on {logged_on}; claims are accepted for "
        f"{window_days} days after logging (CLAIM_WINDOW_DAYS). Ask a coordinator."
    )


def say_who_referred() -> str:
    return "Say who referred the lead."


def referrer_already_named(referrer: str, referral_id: str) -> str:
    return f"{referrer} is already named on {referral_id}; nothing to claim."


def claim_not_an_email(text: str) -> str:
    return f"“{text}” is not an email address (name@company.com)."


def pick_introduction_date() -> str:
    return "Pick the date of the introduction."


def introduction_in_future() -> str:
    return "The introduction date is in the future; pick the day it happened."


def add_evidence() -> str:
    return "Add the evidence: a link to the message, or what was said and where."


# The five questions of the light routine (DESIGN.md "Digests"), asked of each week in the digest.
SOURCE_RECORDED = "Source recorded?"
ONE_OWNER = "One follow-up owner?"
CONTEXT_PRESERVED = "Context preserved?"
THANK_YOU_SENT = "Thank-you sent?"
ONLY_IN_AN_INBOX = "Anything still only in someone's inbox?"
