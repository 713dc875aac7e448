"""The reward review item coordinators act on (review channel and App Home), its two small forms
(decline reason, amount) and App Home's rewards lists.

The item shows what a coordinator needs to judge eligibility: who referred, the attribution
confidence and its evidence, any dispute, the firm's policy and the proposed amount with what it
was worked out from. Its buttons follow the reward's state, so a paid or declined reward offers
nothing to press."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from bot.domain import referral as R
from bot.domain import rewards as rules
from bot.domain.conflicts import summary as conflict_summary
from bot.domain.referral import Referral
from bot.domain.rewards import RewardPolicy, RewardReview
from bot.drafts import money
from bot.slack import ids
from bot.slack import messages as msg
from bot.slack.blocks.common import (
    Block,
    actions,
    button,
    context,
    divider,
    esc,
    header,
    mention,
    mrkdwn,
    plain,
    section,
    title,
)

HOME_REWARDS_MAX = 5


def reward_review(referral: Referral, policy: RewardPolicy, note: str = "") -> list[Block]:
    """The review item: facts, state, what blocks approval, and the buttons the state allows."""
    block_id = ids.block_id(ids.KIND_REWARD, referral.id)
    blocks: list[Block] = [
        section(msg.reward_review(title(referral), esc(referral.reward_state)), block_id),
        section(_facts(referral, policy), ids.block_id(ids.KIND_STATE, referral.id)),
    ]
    status = _status(referral)
    if status:
        blocks.append(context(status, ids.block_id(ids.KIND_NOTE, referral.id, "reward")))
    if note:
        blocks.append(context(note, ids.block_id(ids.KIND_NOTE, referral.id)))
    buttons = reward_buttons(referral)
    if buttons:
        blocks.append(
            actions(ids.block_id(ids.KIND_REVIEW_ACTIONS, referral.id, "reward"), buttons)
        )
    return blocks


def reward_buttons(referral: Referral) -> list[dict[str, Any]]:
    label = msg.REWARD_BUTTONS
    rid = referral.id
    if referral.reward_state in rules.UNDER_REVIEW and referral.stage == R.WON:
        blocked = rules.attribution_blocker(referral)
        found = [
            button(label["approve"], ids.REWARD_APPROVE, rid, "" if blocked else "primary"),
            button(label["amount"], ids.REWARD_AMOUNT, rid),
            button(label["decline"], ids.REWARD_DECLINE, rid, "danger"),
        ]
        if blocked and referral.attribution_confidence == R.CONFIDENCE_LOW:
            found.insert(1, button(label["confirm"], ids.REWARD_CONFIRM, rid))
        return found
    if referral.reward_state == R.REWARD_APPROVED:
        return [
            button(label["paid"], ids.REWARD_PAID, rid, "primary"),
            button(label["decline"], ids.REWARD_DECLINE, rid, "danger"),
        ]
    return []


def _facts(referral: Referral, policy: RewardPolicy) -> str:
    referrer = esc(referral.referred_by)
    if referral.referrer_email:
        referrer += f" ({esc(referral.referrer_email)})"
    evidence = esc(referral.how_introduced)
    if referral.evidence_link.startswith("https://"):
        evidence = f"{evidence}, <{referral.evidence_link}|the message>".lstrip(", ")
    if rules.won_value(referral) is not None:
        basis = msg.reward_basis("won value", money(referral.won_value))
    elif referral.est_value.strip() and policy.kind == "fee" and not policy.fee_fixed:
        basis = msg.reward_basis("Est. value", money(referral.est_value))
    else:
        basis = ""
    return msg.reward_facts(
        referrer,
        esc(referral.attribution_confidence),
        evidence,
        esc(conflict_summary(referral)),
        esc(policy.describe),
        money(referral.reward_amount) if referral.reward_amount else "",
        basis,
    )


def _status(referral: Referral) -> str:
    review = RewardReview.of(referral)
    if referral.reward_state == R.REWARD_PAID:
        return msg.reward_state_line(
            R.REWARD_PAID, msg.reward_paid_detail(esc(referral.reward_paid_at))
        )
    if referral.reward_state == R.REWARD_DECLINED:
        return msg.reward_state_line(
            R.REWARD_DECLINED, msg.reward_declined_detail(esc(review.declined_reason))
        )
    complete = referral.reward_state == R.REWARD_APPROVED
    parts = [msg.reward_approvals([mention(a) for a in review.approvals], complete)]
    if referral.reward_state in rules.UNDER_REVIEW:
        blocked = rules.attribution_blocker(referral)
        parts.append(msg.reward_blocked(esc(blocked)) if blocked else "")
    return " ".join(p for p in parts if p)


# --- App Home -----------------------------------------------------------------------------------


def home_rewards(
    awaiting: list[Referral], unpaid: list[Referral], disputes: list[Referral], policy: RewardPolicy
) -> list[Block]:
    """Coordinators' App Home: rewards awaiting approval, approved but unpaid, open disputes."""
    blocks: list[Block] = []
    for heading, referrals, kind in (
        (msg.HOME_REWARDS_AWAITING, awaiting, "awaiting"),
        (msg.HOME_REWARDS_UNPAID, unpaid, "unpaid"),
        (msg.HOME_DISPUTES, disputes, "dispute"),
    ):
        blocks += [divider(), header(heading)]
        if not referrals:
            blocks.append(context(msg.none_in_list()))
        for referral in referrals[:HOME_REWARDS_MAX]:
            blocks += _home_item(referral, kind)
        if len(referrals) > HOME_REWARDS_MAX:
            blocks.append(context(msg.and_more(len(referrals) - HOME_REWARDS_MAX)))
    return blocks


def _home_item(referral: Referral, kind: str) -> list[Block]:
    block_id = ids.block_id(ids.KIND_HOME, referral.id, kind)
    if kind == "dispute":
        return [section(f"{title(referral)} — {esc(conflict_summary(referral))}", block_id)]
    amount = money(referral.reward_amount) if referral.reward_amount else "no amount yet"
    line = (
        f"{title(referral)} · {esc(referral.reward_state)} · {amount} · "
        f"attribution {esc(referral.attribution_confidence) or 'not labelled'}"
    )
    blocker = rules.attribution_blocker(referral) if kind == "awaiting" else ""
    blocks = [
        section(line + (f"\n{msg.reward_blocked(esc(blocker))}" if blocker else ""), block_id)
    ]
    buttons = reward_buttons(referral)
    if buttons:
        blocks.append(actions(ids.block_id(ids.KIND_HOME, referral.id, f"{kind}-act"), buttons))
    return blocks


# --- the two forms ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RewardMetadata:
    """What a reward form remembers: the referral and the message to redraw afterwards."""

    referral_id: str
    channel: str = ""
    ts: str = ""

    def dump(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def load(cls, text: str) -> RewardMetadata:
        try:
            data = json.loads(text or "{}")
        except json.JSONDecodeError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        return cls(**{k: str(v) for k, v in data.items() if k in cls.__dataclass_fields__})


def decline_modal(meta: RewardMetadata) -> dict[str, Any]:
    return _form(
        ids.REWARD_DECLINE_MODAL,
        msg.REWARD_DECLINE_TITLE,
        msg.REWARD_DECLINE_SUBMIT,
        meta,
        msg.reward_decline_intro(f"*{meta.referral_id}*"),
        ids.REWARD_REASON,
        msg.REWARD_DECLINE_LABEL,
        msg.REWARD_DECLINE_HINT,
    )


def amount_modal(meta: RewardMetadata, policy: RewardPolicy, current: str) -> dict[str, Any]:
    view = _form(
        ids.REWARD_AMOUNT_MODAL,
        msg.REWARD_AMOUNT_TITLE,
        msg.REWARD_AMOUNT_SUBMIT,
        meta,
        msg.reward_amount_intro(f"*{meta.referral_id}*", esc(policy.describe)),
        ids.REWARD_AMOUNT_INPUT,
        msg.REWARD_AMOUNT_LABEL,
        "",
    )
    if current:
        view["blocks"][1]["element"]["initial_value"] = current
    return view


def _form(
    callback_id: str,
    heading: str,
    submit: str,
    meta: RewardMetadata,
    intro: str,
    field: str,
    label: str,
    hint: str,
) -> dict[str, Any]:
    field_block: Block = {
        "type": "input",
        "block_id": field,
        "label": plain(label),
        "element": {"type": "plain_text_input", "action_id": field, "max_length": 200},
    }
    if hint:
        field_block["hint"] = plain(hint)
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(heading, 24),
        "submit": plain(submit, 24),
        "close": plain(msg.MODAL_CLOSE, 24),
        "private_metadata": meta.dump(),
        "blocks": [{"type": "section", "text": mrkdwn(intro)}, field_block],
    }


def form_value(view: dict[str, Any], field: str) -> str:
    """The text typed into a form's one field."""
    values = (view.get("state") or {}).get("values") or {}
    return ((values.get(field) or {}).get(field) or {}).get("value") or ""


def won_modal(metadata_json: str, referral_id: str) -> dict[str, Any]:
    """Closing as Won when the firm gives rewards: the won value, optional."""
    view = _form(
        ids.WON_MODAL,
        msg.WON_TITLE,
        msg.WON_SUBMIT,
        RewardMetadata(referral_id),
        msg.won_intro(f"*{referral_id}*"),
        ids.WON_VALUE,
        msg.WON_VALUE_LABEL,
        msg.WON_VALUE_HINT,
    )
    view["private_metadata"] = metadata_json
    view["blocks"][1]["optional"] = True
    return view
