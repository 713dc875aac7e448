"""Messages for the coordinators' review channel: conflicts, referrals needing an owner, escalations."""

from __future__ import annotations

from bot.domain import steps as S
from bot.domain.conflicts import ConflictClaim, decided_key, open_claims
from bot.domain.referral import Referral
from bot.services.types import Escalation
from bot.slack import ids
from bot.slack import messages as msg
from bot.slack.blocks.common import (
    Block,
    actions,
    button,
    context,
    esc,
    mention,
    plain,
    section,
    slack_date,
    title,
)
from bot.slack.blocks.owner_dm import state_block

CLAIMS_SHOWN = 45
"""A message holds 50 blocks: the summary, the claims, a row of buttons and a note."""


def _pick_owner(referral_id: str) -> Block:
    picker = {
        "type": "users_select",
        "action_id": ids.REASSIGN,
        "placeholder": plain(msg.PICK_OWNER),
    }
    return actions(ids.block_id(ids.KIND_REVIEW_ACTIONS, referral_id), [picker])


def conflict_review(existing: Referral, submitter_id: str = "") -> list[Block]:
    """Every claim of the open round with its time and evidence, each with its own button that
    carries the claim's key, so the decision credits exactly the claim pressed. `submitter_id`:
    who logged the newest claim, when known."""
    claims = open_claims(existing)
    text = msg.conflict_review(
        title(existing),
        esc(existing.referred_by),
        esc(claims[-1].name),
        mention(submitter_id) if submitter_id else "",
        len(claims),
    )
    shown = [_claim_block(existing.id, c) for c in claims[:CLAIMS_SHOWN]]
    file_claim = button(msg.FILE_CLAIM, ids.CONFLICT_CLAIM, existing.id)
    return [
        section(text, ids.block_id(ids.KIND_SUMMARY, existing.id)),
        *shown,
        actions(ids.block_id(ids.KIND_REVIEW_ACTIONS, existing.id), [file_claim]),
    ]


def _claim_block(referral_id: str, claim: ConflictClaim) -> Block:
    text = msg.conflict_claim(
        esc(claim.label), esc(claim.when), esc(claim.source), esc(claim.evidence), claim.standing
    )
    block_id = ids.block_id(ids.KIND_CLAIM, referral_id, claim.key)
    credit = button(msg.credit_claim(claim.name), ids.CONFLICT_CREDIT, f"{referral_id}|{claim.key}")
    return section(text, block_id, accessory=credit)


def conflict_decided(old: list[Block], referral: Referral, note: str) -> list[Block]:
    """The card after its decision: headed by the outcome, the same claims, no buttons, the
    credited one ticked."""
    blocks = _without_buttons(old, referral, note, decided_key(referral.conflict))
    heading = msg.conflict_decided(title(referral), esc(referral.referred_by))
    return [section(heading, b["block_id"]) if _is_summary(b) else b for b in blocks]


def _is_summary(block: Block) -> bool:
    return ids.parse_block_id(block.get("block_id", ""))[0] == ids.KIND_SUMMARY


def conflict_superseded(old: list[Block], referral: Referral) -> list[Block]:
    """An older card once a newer one lists every claim: no buttons, a pointer to the newer."""
    return _without_buttons(old, referral, msg.card_superseded(), "")


def _without_buttons(old: list[Block], referral: Referral, note: str, credited: str) -> list[Block]:
    blocks: list[Block] = []
    for block in old:
        kind, _, extra = ids.parse_block_id(block.get("block_id", ""))
        if kind in (ids.KIND_REVIEW_ACTIONS, ids.KIND_NOTE):
            continue
        if kind == ids.KIND_CLAIM:
            block = {k: v for k, v in block.items() if k != "accessory"}
            if extra == credited:
                text = block["text"]["text"]
                block["text"] = {**block["text"], "text": msg.CREDITED_MARK + text}
        blocks.append(block)
    return [*blocks, context(note, ids.block_id(ids.KIND_NOTE, referral.id))]


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
    referral: Referral, escalation: Escalation, coordinators: list[str], tz: str, row_link: str = ""
) -> list[Block]:
    """An overdue step: who owes it (not necessarily the lead's owner), its own due time, and
    buttons that fit that step. A closed referral's close-the-loop is not reassigned."""
    declared = S.step(escalation.step)
    owes = mention(escalation.owes_id, escalation.owes_name)
    text = msg.escalation(
        title(referral),
        esc(declared.says(referral)),
        slack_date(escalation.due_at),
        owes,
        [mention(c) for c in coordinators],
    )
    return [
        section(text, ids.block_id(ids.KIND_SUMMARY, referral.id)),
        state_block(referral, tz, row_link),
        *_escalation_actions(referral, escalation),
    ]


def _escalation_actions(referral: Referral, escalation: Escalation) -> list[Block]:
    elements = escalation_elements(referral, escalation)
    return [actions(ids.block_id(ids.KIND_REVIEW_ACTIONS, referral.id), elements)]


def escalation_elements(referral: Referral, escalation: Escalation) -> list[dict]:
    """What coordinators can do about an overdue step: remind whoever owes it, snooze its
    track, mark it done, hand it to someone else."""
    declared = S.step(escalation.step)
    elements: list[dict] = []
    if escalation.owes_id:
        elements.append(
            button(
                msg.remind(escalation.owes_name),
                ids.REMIND,
                f"{referral.id}|{declared.key}",
                "primary",
            )
        )
    if referral.is_open or declared.track == S.UPDATES:
        elements.append(
            button(msg.BUTTONS["snooze_track"], ids.SNOOZE_TRACK, f"{referral.id}|{declared.track}")
        )
    draft = declared.draft_for(referral)
    if declared.owes != "coordinator" and declared.key != S.CLOSE_NO_RESPONSE.key:
        label = msg.mark_done(msg.draft_label(draft))
        elements.append(button(label, ids.MARK_SENT, f"{referral.id}|{draft}"))
    if referral.is_open:
        action_id = ids.REASSIGN if declared.track == S.LEAD else ids.REASSIGN_THANKS
        label = msg.PICK_OWNER if declared.track == S.LEAD else msg.BUTTONS["reassign_thanks"]
        elements.append(
            {"type": "users_select", "action_id": action_id, "placeholder": plain(label, 150)}
        )
    return elements
