"""`/refer claim R-0012`: open the claim form for that referral (anyone at the firm may)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.slack import messages as msg
from bot.slack.blocks.claims import claim_modal
from bot.slack.ids import referral_id_in

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def open_claim_form(
    text: str, command: dict, client: WebClient, respond: Respond, desk: ReferralDesk
) -> None:
    referral_id = referral_id_in(text)
    if not referral_id:
        respond(text=msg.claim_needs_id(), response_type="ephemeral")
        return
    referral = desk.referral(referral_id)  # not there: the error handler says so, to them only
    view = claim_modal(referral, desk.claim_window_days(), command.get("channel_id", ""))
    client.views_open(trigger_id=command["trigger_id"], view=view)
