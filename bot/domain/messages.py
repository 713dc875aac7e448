"""The rules' words for a person when an action does not apply to a referral as it stands: one
tiny function per sentence. The services raise them as they are (bot/services/messages.py has
the use cases' own); the domain imports nothing above it, so its words live here."""

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
