"""Closing as Won with the won value (the form the Won button opens under a reward policy), then
the DM it came from redrawn in place, as for Not a fit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.domain.referral import WON
from bot.errors import PermissionDeniedError, ReferralNotFoundError, ValidationError
from bot.slack import answers, ids
from bot.slack.blocks.common import title
from bot.slack.blocks.owner_dm import owner_dm
from bot.slack.blocks.rewards import form_value
from bot.slack.context import Clock, actor_of
from bot.slack.forms import CloseMetadata
from bot.slack.post import fetch_message
from bot.slack.updates import publish_home, update_message

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def won_modal_callback(
    ack: Ack, body: dict, view: dict, client: WebClient, desk: ReferralDesk, clock: Clock
) -> None:
    meta = CloseMetadata.load(view.get("private_metadata", ""))
    actor = actor_of(body)
    value = form_value(view, ids.WON_VALUE)
    try:
        answered = answers.close(desk, actor, meta.referral_id, WON, "", value)
    except ValidationError as exc:
        ack(response_action="errors", errors={ids.WON_VALUE: " ".join(exc.errors.values())})
        return
    except (PermissionDeniedError, ReferralNotFoundError) as exc:
        ack(response_action="errors", errors={ids.WON_VALUE: str(exc)})
        return
    ack()
    if not meta.channel:
        publish_home(client, desk, clock, actor.user_id)
        return
    message = fetch_message(client, meta.channel, meta.ts) or {
        "ts": meta.ts,
        "blocks": owner_dm(answered.referral, title(answered.referral)),
    }
    update_message(client, desk, clock, message, meta.channel, answered)
