"""The claim form: who referred the lead, their email, when, and the evidence."""

from __future__ import annotations

from typing import Any

from bot.domain.referral import Referral
from bot.slack import ids
from bot.slack import messages as msg
from bot.slack.blocks.common import esc, mrkdwn, plain, title
from bot.slack.blocks.rewards import RewardMetadata

FIELD_FOR_PROBLEM = {
    "referrer": ids.CLAIM_REFERRER,
    "email": ids.CLAIM_EMAIL,
    "when": ids.CLAIM_WHEN,
    "evidence": ids.CLAIM_EVIDENCE,
    "referral": ids.CLAIM_REFERRER,
}


def _input(block_id: str, label: str, element: dict[str, Any], optional: bool = False) -> dict:
    block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "element": {**element, "action_id": block_id},
    }
    if optional:
        block["optional"] = True
    return block


def claim_modal(referral: Referral, window_days: int, channel: str = "") -> dict[str, Any]:
    evidence = _input(
        ids.CLAIM_EVIDENCE,
        msg.CLAIM_EVIDENCE_LABEL,
        {"type": "plain_text_input", "multiline": True, "max_length": 500},
    )
    evidence["hint"] = plain(msg.CLAIM_EVIDENCE_HINT)
    intro = msg.claim_intro(title(referral), esc(referral.referred_by), window_days)
    return {
        "type": "modal",
        "callback_id": ids.CLAIM_MODAL,
        "title": plain(msg.CLAIM_TITLE, 24),
        "submit": plain(msg.CLAIM_SUBMIT, 24),
        "close": plain(msg.MODAL_CLOSE, 24),
        "private_metadata": RewardMetadata(referral.id, channel=channel).dump(),
        "blocks": [
            {"type": "section", "text": mrkdwn(intro)},
            _input(
                ids.CLAIM_REFERRER,
                msg.CLAIM_REFERRER_LABEL,
                {"type": "plain_text_input", "max_length": 120},
            ),
            _input(
                ids.CLAIM_EMAIL,
                msg.CLAIM_EMAIL_LABEL,
                {"type": "plain_text_input", "max_length": 254},
                optional=True,
            ),
            _input(ids.CLAIM_WHEN, msg.CLAIM_WHEN_LABEL, {"type": "datepicker"}),
            evidence,
        ],
    }


def claim_values(view: dict[str, Any]) -> dict[str, str]:
    """{block ID: what was typed or picked} from a submitted claim form."""
    values = (view.get("state") or {}).get("values") or {}
    found = {}
    for block_id in (ids.CLAIM_REFERRER, ids.CLAIM_EMAIL, ids.CLAIM_WHEN, ids.CLAIM_EVIDENCE):
        element = (values.get(block_id) or {}).get(block_id) or {}
        found[block_id] = element.get("value") or element.get("selected_date") or ""
    return found


def form_errors(problems: dict[str, str]) -> dict[str, str]:
    """The service's problems placed on the form's fields (Slack shows one line per field)."""
    errors: dict[str, str] = {}
    for key, text in problems.items():
        block = FIELD_FOR_PROBLEM.get(key, ids.CLAIM_EVIDENCE)
        errors[block] = f"{errors[block]} {text}".strip() if block in errors else text
    return errors
