"""Edit and Undo on the confirmation of a one-line `/refer`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.slack import messages as msg
from bot.slack.blocks.common import lead_of
from bot.slack.blocks.modal import refer_modal
from bot.slack.context import actor_of, channel_of, referral_id_of
from bot.slack.forms import ModalMetadata, prefill_from_referral

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def capture_edit_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk
) -> None:
    ack()  # the trigger lives 3 seconds: the form opens right after the role check
    referral = desk.correctable(referral_id_of(action), actor_of(body))
    metadata = ModalMetadata(channel=channel_of(body), source=referral.channel, edit_of=referral.id)
    view = refer_modal(prefill_from_referral(referral), metadata, editing=True)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def capture_undo_callback(
    ack: Ack, body: dict, action: dict, respond: Respond, desk: ReferralDesk
) -> None:
    ack()
    withdrawn = desk.undo_capture(referral_id_of(action), actor_of(body))
    respond(
        text=msg.withdrawn(withdrawn.id, lead_of(withdrawn)),
        response_type="ephemeral",
        replace_original=True,
    )
