"""`/refer forget R-0012`: coordinators see what will be erased and a button to confirm."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import Respond

from bot.slack import ids
from bot.slack import messages as msg
from bot.slack.blocks.forget import forget_confirmation
from bot.slack.context import actor_of

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def ask_to_forget(text: str, command: dict, respond: Respond, desk: ReferralDesk) -> None:
    referral_id = ids.referral_id_in(text)
    if not referral_id or text.strip().upper() != referral_id:
        respond(text=msg.forget_usage(), response_type="ephemeral")
        return
    referral = desk.forgettable(referral_id, actor_of(command))  # refuses all but coordinators
    blocks = forget_confirmation(referral)
    respond(text=blocks[0]["text"]["text"], blocks=blocks, response_type="ephemeral")
