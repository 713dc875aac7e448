"""Messages for the coordinators' review channel: conflicts, referrals needing an owner, escalations."""

from __future__ import annotations

from bot.domain.referral import Referral
from bot.slack import ids
from bot.slack import messages as msg
from bot.slack.blocks.common import Block, actions, button, esc, mention, plain, section, title
from bot.slack.blocks.owner_dm import state_block


def _pick_owner(referral_id: str) -> Block:
    picker = {
        "type": "users_select",
        "action_id": ids.REASSIGN,
        "placeholder": plain(msg.PICK_OWNER),
    }
    return actions(ids.block_id(ids.KIND_REVIEW_ACTIONS, referral_id), [picker])


def conflict_review(existing: Referral, second_referrer: str, submitter_id: str) -> list[Block]:
    text = msg.conflict_review(
        title(existing), esc(existing.referred_by), esc(second_referrer), mention(submitter_id)
    )
    buttons = [
        button(
            msg.keep_first(existing.referred_by), ids.CONFLICT_KEEP_FIRST, existing.id, "primary"
        ),
        button(msg.give_second(second_referrer), ids.CONFLICT_GIVE_SECOND, existing.id),
    ]
    return [
        section(text, ids.block_id(ids.KIND_SUMMARY, existing.id)),
        actions(ids.block_id(ids.KIND_REVIEW_ACTIONS, existing.id), buttons),
    ]


def needs_owner(referral: Referral, reason: str, tz: str, row_link: str = "") -> list[Block]:
    return [
        section(
            msg.needs_owner(title(referral), esc(reason)),
            ids.block_id(ids.KIND_SUMMARY, referral.id),
        ),
        state_block(referral, tz, row_link),
        _pick_owner(referral.id),
    ]


def escalation(
    referral: Referral, step: str, due: str, coordinators: list[str], tz: str, row_link: str = ""
) -> list[Block]:
    text = msg.escalation(
        title(referral),
        msg.step_label(step),
        due,
        mention(referral.owner_slack_id, referral.owner),
        [mention(c) for c in coordinators],
    )
    return [
        section(text, ids.block_id(ids.KIND_SUMMARY, referral.id)),
        state_block(referral, tz, row_link),
        _pick_owner(referral.id),
    ]
