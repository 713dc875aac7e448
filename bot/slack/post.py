"""Sending to people: DMs, ephemeral replies with a DM as the fallback, and reading one message back."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.ids import METADATA_EVENT_TYPE

log = logging.getLogger(__name__)


def referral_metadata(referral_id: str, step: str = "") -> dict[str, Any]:
    """Message metadata that lets a typed reply in the DM's thread find its referral, and a
    restarted sweep tell whether a nudge for `step` already went out."""
    payload = {"id": referral_id, **({"step": step} if step else {})}
    return {"event_type": METADATA_EVENT_TYPE, "event_payload": payload}


MORNING_EVENT_TYPE = "referral_morning"


def morning_metadata(kind: str, day) -> dict[str, Any]:
    """A morning message's metadata: which (a person's list, the review post) and its day, so a
    restarted sweep can tell whether that morning's message already went out."""
    return {"event_type": MORNING_EVENT_TYPE, "event_payload": {"kind": kind, "day": str(day)}}


def dm(
    client: WebClient,
    user_id: str,
    text: str,
    blocks: list[dict] | None = None,
    metadata: dict[str, Any] | None = None,
) -> tuple[str, str]:
    """Post in the bot's DM with `user_id`; returns (channel, ts) so it can be updated later."""
    channel = client.conversations_open(users=user_id)["channel"]["id"]
    kwargs: dict[str, Any] = {"metadata": metadata} if metadata else {}
    posted = client.chat_postMessage(
        channel=channel, text=text, blocks=blocks, unfurl_links=False, **kwargs
    )
    return posted["channel"], posted["ts"]


def tell(
    client: WebClient, user_id: str, text: str, blocks: list[dict] | None = None, channel: str = ""
) -> None:
    """An ephemeral message in `channel`, or a DM when there is none or the bot may not post there
    (a private channel it is not in, someone else's DM)."""
    if channel:
        try:
            client.chat_postEphemeral(channel=channel, user=user_id, text=text, blocks=blocks)
            return
        except SlackApiError as exc:
            log.info(
                "Ephemeral reply refused (%s); sending a DM instead", exc.response.get("error")
            )
    dm(client, user_id, text, blocks)


def fetch_message(client: WebClient, channel: str, ts: str) -> dict[str, Any] | None:
    """One message with its metadata, or None when Slack will not give it back."""
    try:
        found = client.conversations_history(
            channel=channel, latest=ts, inclusive=True, limit=1, include_all_metadata=True
        )
    except SlackApiError as exc:
        log.info("Could not read back message %s (%s)", ts, exc.response.get("error"))
        return None
    messages = [m for m in found.get("messages") or [] if m.get("ts") == ts]
    return messages[0] if messages else None


def latest_about(client: WebClient, channel: str, referral_id: str, scan: int = 50) -> dict | None:
    """The newest of the recent messages in `channel` that is about `referral_id` (by metadata)."""
    try:
        found = client.conversations_history(channel=channel, limit=scan, include_all_metadata=True)
    except SlackApiError as exc:
        log.info("Could not read back the DM (%s)", exc.response.get("error"))
        return None
    return next(
        (m for m in found.get("messages") or [] if metadata_referral_id(m) == referral_id), None
    )


def metadata_referral_id(message: dict[str, Any] | None) -> str:
    meta = (message or {}).get("metadata") or {}
    if meta.get("event_type") != METADATA_EVENT_TYPE:
        return ""
    return str((meta.get("event_payload") or {}).get("id", ""))
