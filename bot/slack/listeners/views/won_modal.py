"""Closing as Won with the won value (the form the Won button opens under a reward policy), then
the DM it came from redrawn in place, as for Not a fit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.domain.referral import WON
from bot.errors import PermissionDeniedError, ReferralNotFoundError, ValidationError
from bot.slack import answers, ids
from bot.slack.blocks.rewards import form_value
from bot.slack.context import FirmTime, actor_of
from bot.slack.forms import CloseMetadata
from bot.slack.listeners.views.not_a_fit_modal import redraw_where_closed

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def won_modal_callback(
    ack: Ack, body: dict, view: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
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
    redraw_where_closed(client, desk, clock, actor.user_id, meta, answered)
