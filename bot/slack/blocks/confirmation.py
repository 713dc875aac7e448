"""Ephemeral answers to the person capturing or looking up referrals."""

from __future__ import annotations

from datetime import datetime

from bot.domain.referral import Referral
from bot.services.types import ReferOutcome
from bot.slack import ids
from bot.slack import messages as msg
from bot.slack.blocks.common import (
    Block,
    actions,
    button,
    clip,
    context,
    esc,
    is_overdue,
    lead_of,
    mention,
    referral_due,
    section,
    title,
)
from bot.slack.ids import block_id

KIND_CAPTURE = "capture"
LIST_MAX = 15  # an ephemeral message stays readable, and far below Slack's 50 blocks


def outcome_text(outcome: ReferOutcome) -> str:
    """One sentence saying what happened to a submission that was accepted."""
    referral = outcome.referral or Referral()
    owner = mention(referral.owner_slack_id, referral.owner)
    if outcome.status == "merged":
        return msg.merged(lead_of(referral), referral.id, owner)
    if outcome.status == "conflict":
        return msg.conflict(lead_of(referral), referral.id, esc(referral.referred_by))
    if outcome.status == "logged":
        assigned = "" if outcome.to_coordinators else owner
        return msg.logged(title(referral), assigned, outcome.linked_to)
    return msg.saved_not_confirmed()


def outcome_blocks(outcome: ReferOutcome, row_link: str = "") -> list[Block]:
    blocks = [section(outcome_text(outcome))]
    if row_link:
        blocks.append(context(msg.open_row(row_link)))
    return blocks


UNDERSTOOD = (
    ("lead_name", "Lead"),
    ("company", "Company"),
    ("lead_email", "Email"),
    ("lead_phone", "Phone"),
    ("referred_by", "Referrer"),
    ("context", "Context"),
    ("lead_consent", "Lead agreed to be introduced"),
)


def captured_blocks(outcome: ReferOutcome, row_link: str = "") -> list[Block]:
    """The confirmation of a one-line /refer: what happened, what was understood, and (for a new
    row) Edit and Undo."""
    blocks = outcome_blocks(outcome, row_link)
    referral = outcome.referral
    if outcome.status != "logged" or referral is None:
        return blocks
    shown = [(label, esc(clip(getattr(referral, key), 300))) for key, label in UNDERSTOOD]
    if referral.referrer_email:
        shown[4] = ("Referrer", f"{esc(referral.referred_by)} ({esc(referral.referrer_email)})")
    blocks += [
        section(msg.understood(shown)),
        actions(
            block_id(KIND_CAPTURE, referral.id),
            [
                button(msg.BUTTONS["capture_edit"], ids.CAPTURE_EDIT, referral.id),
                button(msg.BUTTONS["capture_undo"], ids.CAPTURE_UNDO, referral.id, "danger"),
            ],
        ),
        context(msg.check_and_undo()),
    ]
    return blocks


def referral_line(referral: Referral, tz: str, now: datetime) -> str:
    state = msg.state_line(
        esc(referral.stage),
        esc(referral.followup_status),
        esc(referral.next_step),
        referral_due(referral, tz),
        referral.is_open and is_overdue(referral, now, tz),
    )
    owner = mention(referral.owner_slack_id, referral.owner) or "no owner yet"
    return f"{title(referral)} — {owner}\n{state}"


def referral_list(heading: str, referrals: list[Referral], tz: str, now: datetime) -> list[Block]:
    blocks = [section(heading)]
    blocks += [section(referral_line(r, tz, now)) for r in referrals[:LIST_MAX]]
    if len(referrals) > LIST_MAX:
        blocks.append(context(msg.and_more(len(referrals) - LIST_MAX)))
    return blocks


def help_blocks() -> list[Block]:
    return [section(msg.help_text())]
