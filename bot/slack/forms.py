"""Between modals and services: what a modal carries in private_metadata, and what a submitted
modal says, as plain values. Pure functions, so both directions are tested without Slack."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Any

from bot.domain.referral import CHANNEL_MODAL, Referral
from bot.services.types import SUBMISSION_FIELDS, Submission
from bot.slack.ids import CONFIRM_NEW_LEAD, NOT_A_FIT_REASON, SAME_PERSON, SOMEONE_ELSE

PEOPLE_FIELDS = ("owner", "thankyou_owner")
MODAL_FIELDS = (*SUBMISSION_FIELDS, *PEOPLE_FIELDS)
METADATA_MAX = 3000


@dataclass(frozen=True)
class ModalMetadata:
    """Where the confirmation goes (`channel`, blank = DM), the evidence link, and how it came in."""

    channel: str = ""
    evidence: str = ""
    source: str = CHANNEL_MODAL
    asked_about: str = ""
    """The referral the form asked "same person?" about (blank until it asks)."""
    edit_of: str = ""
    """The referral this form corrects (Edit on a confirmation); blank for a new one."""

    def dump(self) -> str:
        text = json.dumps(asdict(self), separators=(",", ":"))
        if len(text) > METADATA_MAX:  # a permalink is short; never let the view be refused for it
            text = json.dumps({**asdict(self), "evidence": ""}, separators=(",", ":"))
        return text

    @classmethod
    def load(cls, text: str) -> ModalMetadata:
        try:
            data = json.loads(text or "{}")
        except json.JSONDecodeError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        return cls(**{k: str(v) for k, v in data.items() if k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class CloseMetadata:
    """What the Not-a-fit modal remembers: the referral and the message to update afterwards."""

    referral_id: str
    channel: str = ""
    ts: str = ""

    def dump(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def load(cls, text: str) -> CloseMetadata:
        data = json.loads(text or "{}")
        return cls(**{k: str(v) for k, v in data.items() if k in cls.__dataclass_fields__})


def element_value(element: dict[str, Any]) -> str:
    """The text of one input element's state, whatever its type."""
    kind = element.get("type")
    if kind in ("static_select", "radio_buttons"):
        return ((element.get("selected_option") or {}).get("value")) or ""
    if kind == "users_select":
        return element.get("selected_user") or ""
    if kind == "datepicker":
        return element.get("selected_date") or ""
    if kind == "checkboxes":
        return ",".join(o.get("value", "") for o in element.get("selected_options") or [])
    return element.get("value") or ""


def state_values(view: dict[str, Any]) -> dict[str, str]:
    """{block ID: value} for every input of a submitted view (our block IDs are the field keys)."""
    values = (view.get("state") or {}).get("values") or {}
    found: dict[str, str] = {}
    for block_id, elements in values.items():
        for element in elements.values():
            found[block_id] = element_value(element).strip()
    return found


def submission_from_view(view: dict[str, Any]) -> Submission:
    values = state_values(view)
    meta = ModalMetadata.load(view.get("private_metadata", ""))
    return Submission(
        fields={key: values.get(key, "") for key in SUBMISSION_FIELDS},
        channel=meta.source or CHANNEL_MODAL,
        owner_id=values.get("owner", ""),
        thankyou_owner_id=values.get("thankyou_owner", ""),
        evidence_link=meta.evidence,
        confirmed_new_lead=values.get(CONFIRM_NEW_LEAD) == SOMEONE_ELSE,
        same_lead_as=meta.asked_about if values.get(CONFIRM_NEW_LEAD) == SAME_PERSON else "",
        # Slack keeps the view ID across updates and resubmits, so a double submit is recognisable.
        idempotency_key=view.get("id", ""),
    )


def prefill_from_view(view: dict[str, Any]) -> dict[str, str]:
    """The values a person typed, to build the same modal again (e.g. to ask about a duplicate)."""
    values = state_values(view)
    return {key: values[key] for key in MODAL_FIELDS if values.get(key)}


def modal_errors(errors: dict[str, str]) -> dict[str, str]:
    """Service errors ({field key: fix}) as Slack wants them ({block ID: message}).

    A key with no input of its own (e.g. a rule about the whole form) shows on the first field."""
    mapped: dict[str, str] = {}
    for key, message in errors.items():
        block = key if key in MODAL_FIELDS else _ALIASES.get(key, MODAL_FIELDS[0])
        mapped[block] = f"{mapped[block]} {message}" if block in mapped else message
    return mapped


_ALIASES = {
    "owner_id": "owner",
    "thankyou_owner_id": "thankyou_owner",
    "email": "lead_email",
    "phone": "lead_phone",
    "name": "lead_name",
}


def close_reason(view: dict[str, Any]) -> str:
    return state_values(view).get(NOT_A_FIT_REASON, "")


# Slack's own markup: <@U1>, <#C1|name>, <!here>, <mailto:a@b|a@b>, <https://x|label>. Anything
# else in angle brackets (a raw "<jane@acme.com>" from a client that does not escape) is kept.
_SLACK_LINK = re.compile(
    r"<(?P<target>[@#!][^<>|]*|(?:mailto:|https?://)[^<>|]*)(?:\|(?P<label>[^<>]*))?>"
)


def unslack(text: str) -> str:
    """Slack's message formatting back to what the person typed: links to their label (or address),
    mentions to `@U123`, and `&lt;` `&gt;` `&amp;` to characters."""

    def plain(match: re.Match) -> str:
        target, label = match.group("target"), match.group("label")
        if target.startswith(("@", "#", "!")):
            return label or target
        return label or target.removeprefix("mailto:")

    text = _SLACK_LINK.sub(plain, text or "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def prefill_from_parse(parsed: Submission | dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """(prefill, missing field keys) from what desk.parse_refer_text returned."""
    if isinstance(parsed, Submission):
        return prefill_from_submission(parsed), []
    missing = [k.strip() for k in parsed.get("_missing", "").split(",") if k.strip()]
    return {k: v for k, v in parsed.items() if not k.startswith("_") and v}, missing


def prefill_from_referral(referral: Referral) -> dict[str, str]:
    """The form's fields as the referral's row holds them, to correct it."""
    return {k: getattr(referral, k) for k in SUBMISSION_FIELDS if getattr(referral, k)}


def unsure_from_parse(parsed: Submission | dict[str, str]) -> list[str]:
    """The field keys the parser guessed, for the form to ask the person to check."""
    if isinstance(parsed, Submission):
        return []
    return [k.strip() for k in parsed.get("_unsure", "").split(",") if k.strip()]


def prefill_from_submission(submission: Submission) -> dict[str, str]:
    prefill = {k: v for k, v in submission.fields.items() if v}
    people = {"owner": submission.owner_id, "thankyou_owner": submission.thankyou_owner_id}
    return {**prefill, **{k: v for k, v in people.items() if v}}
