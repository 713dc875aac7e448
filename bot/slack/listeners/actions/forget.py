"""The confirmed Forget button: erase the lead, then say what was erased in place of the question."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import Ack, Respond

from bot.slack import messages as msg
from bot.slack.context import actor_of, referral_id_of

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def forget_confirm_callback(
    ack: Ack, body: dict, action: dict, respond: Respond, desk: ReferralDesk
) -> None:
    ack()
    done = desk.forget(referral_id_of(action), actor_of(body))  # checks the role again
    text = msg.forgotten(done.referral.id, done.activity_cells, done.messages, done.files)
    respond(text=text, response_type="ephemeral", replace_original=True)
