"""Small Block Kit pieces every builder uses, with Slack's length limits applied in one place."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.domain.referral import Referral
from bot.drafts import slack_escape

Block = dict[str, Any]

SECTION_TEXT_MAX = 3000
CONTEXT_TEXT_MAX = 2000
BUTTON_TEXT_MAX = 75
PLAIN_LABEL_MAX = 2000
ELLIPSIS = "…"


def esc(text: str) -> str:
    """Text a person typed, safe in mrkdwn: it can never become a link or a mention."""
    return slack_escape(text or "")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def plain(text: str, limit: int = PLAIN_LABEL_MAX) -> dict[str, Any]:
    return {"type": "plain_text", "text": clip(text, limit), "emoji": True}


def mrkdwn(text: str, limit: int = SECTION_TEXT_MAX) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": clip(text, limit)}


def section(text: str, block_id: str = "", accessory: dict | None = None) -> Block:
    block: Block = {"type": "section", "text": mrkdwn(text)}
    if block_id:
        block["block_id"] = block_id
    if accessory:
        block["accessory"] = accessory
    return block


def context(text: str, block_id: str = "") -> Block:
    block: Block = {"type": "context", "elements": [mrkdwn(text, CONTEXT_TEXT_MAX)]}
    if block_id:
        block["block_id"] = block_id
    return block


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, 150)}


def divider() -> Block:
    return {"type": "divider"}


def actions(block_id: str, elements: list[dict]) -> Block:
    return {"type": "actions", "block_id": block_id, "elements": elements}


def button(
    text: str, action_id: str, value: str = "", style: str = "", url: str = ""
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": plain(text, BUTTON_TEXT_MAX),
        "action_id": action_id,
    }
    if value:
        element["value"] = value
    if style:
        element["style"] = style
    if url:
        element["url"] = url
    return element


def mention(user_id: str, fallback: str = "") -> str:
    return f"<@{user_id}>" if user_id else esc(fallback)


def owner_of(referral: Referral) -> str:
    return mention(referral.owner_slack_id, referral.owner)


def lead_of(referral: Referral) -> str:
    name = esc(referral.lead_name) or "Unnamed lead"
    return f"{name}, {esc(referral.company)}" if referral.company else name


def title(referral: Referral) -> str:
    """`*R-0012* Jane Doe, Acme` — how every message names a referral."""
    return f"*{referral.id}* {lead_of(referral)}"


def slack_date(moment: datetime | None, fallback: str = "") -> str:
    """A date each reader sees in their own time zone, with the sheet's text as the fallback."""
    if moment is None:
        return esc(fallback)
    shown = fallback or moment.strftime("%Y-%m-%d %H:%M")
    return f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} {{time}}|{esc(shown)}>"


def referral_due(referral: Referral, tz: str) -> str:
    return slack_date(referral.at("next_followup_due", tz), referral.next_followup_due)


def is_overdue(referral: Referral, now: datetime, tz: str) -> bool:
    due = referral.at("next_followup_due", tz)
    return due is not None and due < now
