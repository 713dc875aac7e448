"""The referral modal and the small Not-a-fit modal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.domain.intake import LIMITS
from bot.domain.referral import HOW_INTRODUCED, LEAD_CONSENT, REFERRER_TYPES, Referral
from bot.slack import messages as msg
from bot.slack.blocks.common import Block, clip, context, esc, lead_of, mrkdwn, owner_of, plain
from bot.slack.forms import CloseMetadata, ModalMetadata
from bot.slack.ids import (
    CONFIRM_NEW_LEAD,
    NOT_A_FIT_MODAL,
    NOT_A_FIT_REASON,
    REFER_MODAL,
    SAME_PERSON,
    SOMEONE_ELSE,
)

REQUIRED = ("lead_name", "referred_by")
MULTILINE = ("context",)
CHOICES = {
    "referrer_type": REFERRER_TYPES,
    "how_introduced": HOW_INTRODUCED,
    "lead_consent": LEAD_CONSENT,
}
TEXT_FIELDS = (
    "lead_name",
    "company",
    "lead_email",
    "lead_phone",
    "referred_by",
    "referrer_email",
)
INPUT_MAX = 3000  # Slack's own ceiling for plain_text_input


def refer_modal(
    prefill: Mapping[str, str] | None = None,
    metadata: ModalMetadata | None = None,
    *,
    missing: list[str] | None = None,
    unsure: list[str] | None = None,
    problems: dict[str, str] | None = None,
    duplicate: Referral | None = None,
    editing: bool = False,
) -> dict[str, Any]:
    """The capture form. `prefill` is {field key: text}; `missing` and `problems` ({field key: fix})
    say what to complete; `duplicate` asks the submitter to confirm it is a different person."""
    prefill = prefill or {}
    blocks: list[Block] = []
    if missing:
        labels = [msg.FIELD_LABELS.get(key, key).lower() for key in missing]
        blocks.append(context(msg.still_needed(labels)))
    if unsure:
        labels = [msg.FIELD_LABELS.get(key, key).lower() for key in unsure]
        blocks.append(context(msg.please_check(labels)))
    if problems:
        blocks.append(context(msg.fix_these([esc(text) for text in problems.values()])))
    if duplicate is not None:
        blocks += _duplicate_blocks(duplicate)
    blocks += [_text_input(key, prefill.get(key, "")) for key in TEXT_FIELDS]
    blocks += [_select_input(key, prefill.get(key, "")) for key in CHOICES]
    blocks += [
        _text_input(key, prefill.get(key, "")) for key in ("context", "opening_line", "est_value")
    ]
    if not editing:  # a correction changes what was typed; owners move by Reassign
        blocks += [_user_input(key, prefill.get(key, "")) for key in ("owner", "thankyou_owner")]
    return {
        "type": "modal",
        "callback_id": REFER_MODAL,
        "title": plain(msg.MODAL_EDIT_TITLE if editing else msg.MODAL_TITLE, 24),
        "submit": plain(msg.MODAL_SUBMIT, 24),
        "close": plain(msg.MODAL_CLOSE, 24),
        "private_metadata": (metadata or ModalMetadata()).dump(),
        "blocks": blocks,
    }


def _duplicate_blocks(existing: Referral) -> list[Block]:
    title = f"*{existing.id}* {lead_of(existing)}"
    note = {"type": "section", "text": mrkdwn(msg.possible_duplicate(title, owner_of(existing)))}
    answers = [
        {"text": plain(msg.same_person(existing.id), 75), "value": SAME_PERSON},
        {"text": plain(msg.SOMEONE_ELSE_LABEL, 75), "value": SOMEONE_ELSE},
    ]
    question = {
        "type": "input",
        "block_id": CONFIRM_NEW_LEAD,
        "label": plain(msg.SAME_PERSON_QUESTION),
        "element": {"type": "radio_buttons", "action_id": CONFIRM_NEW_LEAD, "options": answers},
    }
    return [note, question]


def _input(key: str, element: dict[str, Any]) -> Block:
    block: Block = {
        "type": "input",
        "block_id": key,
        "optional": key not in REQUIRED,
        "label": plain(msg.FIELD_LABELS[key]),
        "element": {"action_id": key, **element},
    }
    if key in msg.FIELD_HINTS:
        block["hint"] = plain(msg.FIELD_HINTS[key])
    return block


def _text_input(key: str, value: str) -> Block:
    limit = min(LIMITS.get(key, INPUT_MAX), INPUT_MAX)
    element: dict[str, Any] = {"type": "plain_text_input", "max_length": limit}
    if key in MULTILINE:
        element["multiline"] = True
    if key in msg.FIELD_PLACEHOLDERS:
        element["placeholder"] = plain(msg.FIELD_PLACEHOLDERS[key], 150)
    if value:
        # Slack refuses a view whose initial value is longer than the input allows.
        element["initial_value"] = clip(value, limit)
    return _input(key, element)


def _option(choice: str) -> dict[str, Any]:
    return {"text": plain(choice, 75), "value": choice}


def _select_input(key: str, value: str) -> Block:
    choices = CHOICES[key]
    element: dict[str, Any] = {"type": "static_select", "options": [_option(c) for c in choices]}
    chosen = next((c for c in choices if c.casefold() == value.strip().casefold()), None)
    if chosen:
        element["initial_option"] = _option(chosen)
    return _input(key, element)


def _user_input(key: str, user_id: str) -> Block:
    element: dict[str, Any] = {"type": "users_select"}
    if user_id:
        element["initial_user"] = user_id
    return _input(key, element)


def not_a_fit_modal(metadata: CloseMetadata) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": NOT_A_FIT_MODAL,
        "title": plain(msg.NOT_A_FIT_TITLE, 24),
        "submit": plain(msg.NOT_A_FIT_SUBMIT, 24),
        "close": plain(msg.MODAL_CLOSE, 24),
        "private_metadata": metadata.dump(),
        "blocks": [
            {"type": "section", "text": mrkdwn(msg.not_a_fit_intro(f"*{metadata.referral_id}*"))},
            {
                "type": "input",
                "block_id": NOT_A_FIT_REASON,
                "label": plain(msg.NOT_A_FIT_LABEL),
                "hint": plain(msg.NOT_A_FIT_HINT),
                "element": {
                    "type": "plain_text_input",
                    "action_id": NOT_A_FIT_REASON,
                    "max_length": 200,
                },
            },
        ],
    }
