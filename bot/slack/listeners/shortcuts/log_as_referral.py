"""The message shortcut "Log as referral": the form prefilled from the message, which stays linked
as evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.domain.referral import CHANNEL_SHORTCUT
from bot.slack.blocks.modal import refer_modal
from bot.slack.forms import ModalMetadata, prefill_from_parse, unslack

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def log_as_referral_callback(
    ack: Ack, shortcut: dict, client: WebClient, desk: ReferralDesk
) -> None:
    ack()
    channel = (shortcut.get("channel") or {}).get("id", "")
    message = shortcut.get("message") or {}
    text = unslack(message.get("text", "")).strip()
    prefill, missing = prefill_from_parse(desk.parse_refer_text(text)) if text else ({}, [])
    prefill["context"] = text  # the whole message: the owner reads it before the first contact
    # One quick call before the modal: the trigger lives 3 seconds, a permalink takes a fraction.
    metadata = ModalMetadata(
        channel=channel,
        evidence=_permalink(client, channel, message.get("ts", "")),
        source=CHANNEL_SHORTCUT,
    )
    view = refer_modal(prefill, metadata, missing=missing)
    client.views_open(trigger_id=shortcut["trigger_id"], view=view)


def _permalink(client: WebClient, channel: str, ts: str) -> str:
    try:
        return client.chat_getPermalink(channel=channel, message_ts=ts)["permalink"]
    except SlackApiError:
        # No evidence link is better than no form: the context still holds the message.
        return ""
