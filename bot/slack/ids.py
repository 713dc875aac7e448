"""Every identifier Slack sees, declared once: manifest.json, the builders and the listeners
all use these names, and a test checks the manifest against what is registered."""

from __future__ import annotations

import re

COMMAND = "/refer"
SHORTCUT_LOG_AS_REFERRAL = "log_as_referral"
REFER_MODAL = "refer_modal"
NOT_A_FIT_MODAL = "not_a_fit_modal"

# Owner DM and App Home buttons.
FOLLOWUP_SENT = "followup_sent"
WAITING_REPLY = "waiting_reply"
IN_CONVERSATION = "in_conversation"
SNOOZE_1D = "snooze_1d"
SNOOZE_3D = "snooze_3d"
SNOOZE_PICK = "snooze_pick"
REASSIGN = "reassign"
CLOSE_WON = "close_won"
CLOSE_NOT_A_FIT = "close_not_a_fit"
CLOSE_NO_RESPONSE = "close_no_response"
NO_FURTHER_ACTION = "no_further_action"
MARK_SENT = "mark_sent"
OPEN_EMAIL = "open_email"

# The confirmation of a one-line /refer: correct it in the form, or withdraw it.
CAPTURE_EDIT = "capture_edit"
CAPTURE_UNDO = "capture_undo"

# /refer forget's confirmation.
FORGET_CONFIRM = "forget_confirm"

# Review channel buttons.
CONFLICT_KEEP_FIRST = "conflict_keep_first"
CONFLICT_GIVE_SECOND = "conflict_give_second"
"""The two buttons of cards posted before every claim had its own; pressing one redraws the card."""
CONFLICT_CREDIT = "conflict_credit"
"""One button per claim on a conflict card; its value is "R-0012|<claim key>" (8 hex digits)."""
CONFLICT_CLAIM = "conflict_claim"
"""On a conflict card: open the claim form for that referral; value "R-0012"."""
REMIND = "remind"
"""On an escalation: remind whoever owes the step again; value "R-0012|<step key>"."""
SNOOZE_TRACK = "snooze_track"
"""On an escalation: hold that step's track a day; value "R-0012|<track>"."""
REASSIGN_THANKS = "reassign_thanks"
"""On an escalation of the thank-you or a referrer update: hand those to someone else."""

# Reward review buttons (review channel and App Home) and their two small forms.
REWARD_APPROVE = "reward_approve"
REWARD_DECLINE = "reward_decline"
REWARD_AMOUNT = "reward_amount"
REWARD_CONFIRM = "reward_confirm"
REWARD_PAID = "reward_paid"
REWARD_DECLINE_MODAL = "reward_decline_modal"
REWARD_AMOUNT_MODAL = "reward_amount_modal"
REWARD_REASON = "reward_reason"
REWARD_AMOUNT_INPUT = "reward_amount_input"
WON_VALUE = "won_value"
WON_MODAL = "won_modal"
"""Closing as Won under a reward policy: the form with the optional won value."""

# The claim form (/refer claim R-0012).
CLAIM_MODAL = "claim_modal"
CLAIM_REFERRER = "claim_referrer"
CLAIM_EMAIL = "claim_email"
CLAIM_WHEN = "claim_when"
CLAIM_EVIDENCE = "claim_evidence"

# The modal's question when a possible duplicate needs the submitter's word, and its answers
# ("yes" is what the checkbox it replaced sent for "a different person").
CONFIRM_NEW_LEAD = "confirm_new_lead"
SAME_PERSON = "same"
SOMEONE_ELSE = "yes"
NOT_A_FIT_REASON = "reason"

# Message metadata on every DM about a referral: a typed reply in its thread finds the referral.
METADATA_EVENT_TYPE = "referral"

# Block IDs are "<kind>|<referral ID>[|<extra>]" so an action or a later update can tell which
# referral a block belongs to and which part of the message it is.
KIND_SUMMARY = "summary"
KIND_STATE = "state"
KIND_NOTE = "note"
KIND_OWNER_ACTIONS = "owner"
KIND_DRAFT = "draft"
KIND_DRAFT_ACTIONS = "draftact"
KIND_REVIEW_ACTIONS = "review"
KIND_HOME = "home"
KIND_REWARD = "reward"
KIND_CLAIM = "claim"
"""One claim on a conflict card: "claim|R-0012|<claim key>"."""

REFERRAL_ID = re.compile(r"\bR-\d+\b", re.IGNORECASE)


def block_id(kind: str, referral_id: str, extra: str = "") -> str:
    return "|".join(part for part in (kind, referral_id, extra) if part)


def parse_block_id(value: str) -> tuple[str, str, str]:
    """(kind, referral ID, extra) from a block ID; blanks for parts it does not have."""
    parts = (value or "").split("|", 2)
    parts += [""] * (3 - len(parts))
    return parts[0], parts[1], parts[2]


def referral_id_in(text: str) -> str:
    """The first referral ID written in `text` (any case), upper-cased; blank when none."""
    match = REFERRAL_ID.search(text or "")
    return match.group(0).upper() if match else ""
