"""What the use cases tell a person when they refuse or cannot do what was asked: one tiny
function per sentence. The Slack side shows them as they are (bot/slack/errors.py); services
never import bot/slack/, so their words live here, below it."""

from __future__ import annotations

COORDINATORS = "Only coordinators and admins (Team tab, Role column)"


# --- who may act ---------------------------------------------------------------------------------


def coordinators_only() -> str:
    return f"{COORDINATORS} can do this."


def coordinators_only_rewards() -> str:
    return f"{COORDINATORS} can review rewards."


def track_is_theirs(track_words: str, referral_id: str, who: str) -> str:
    return f"{track_words.capitalize()} of {referral_id} is for {who} or a coordinator."


def logger_or_coordinator(referral_id: str) -> str:
    return f"Only the person who logged {referral_id}, or a coordinator, can edit or undo it."


# --- answers that do not apply -----------------------------------------------------------------


def unknown_followup_status(status: str) -> str:
    return f"Unknown follow-up status '{status}'."


def already_closed_as(referral_id: str, stage: str) -> str:
    return f"{referral_id} is already closed as {stage}."


def not_an_amount(text: str) -> str:
    return f"“{text}” is not an amount; write it as a number, e.g. 12000."


def not_on_team_tab() -> str:
    return "That person is not on the Team tab; add them there first."


def unknown_draft(draft_name: str) -> str:
    return f"Unknown draft '{draft_name}'."


def nothing_waiting_on_you(referral_id: str) -> str:
    return f"Nothing of {referral_id} is waiting on you to send."


def touches_done(referral_id: str) -> str:
    return f"{referral_id} has had its touches; reply `no response` to close it."


def already_erased(referral_id: str) -> str:
    return f"{referral_id}'s lead was already erased."


# --- corrections ---------------------------------------------------------------------------------


def closed_not_editable(referral_id: str) -> str:
    return f"{referral_id} is closed; it can no longer be edited."


def lead_of_followed_up(existing_id: str, owner: str, referral_id: str) -> str:
    return (
        f"This is the lead of {existing_id} ({owner or 'no owner'}), but {referral_id} has "
        "already been followed up, so it stays as it is; ask a coordinator to close one of them."
    )


# --- conflict cards ------------------------------------------------------------------------------


def conflict_decided(referral_id: str, said: str) -> str:
    why = f" ({said})" if said else ""
    return f"{referral_id}'s conflict is already decided{why}."


def claim_gone(referral_id: str) -> str:
    return (
        f"That claim is no longer on {referral_id} (the sheet changed since the card was "
        "posted). The card now shows every claim as it stands: pick again."
    )


def nobody_owes_step(referral_id: str) -> str:
    return f"Nobody owes this step of {referral_id} yet."
