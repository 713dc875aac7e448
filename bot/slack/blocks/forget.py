"""The are-you-sure message of `/refer forget`: what will be erased, and a danger button that
asks once more before it acts."""

from __future__ import annotations

from bot.domain.referral import Referral
from bot.slack import ids
from bot.slack import messages as msg
from bot.slack.blocks.common import Block, actions, button, esc, plain, section


def forget_confirmation(referral: Referral) -> list[Block]:
    title, text, confirm, deny = msg.forget_dialog()
    erase = button(msg.forget_button(referral.id), ids.FORGET_CONFIRM, referral.id, "danger")
    erase["confirm"] = {
        "title": plain(title),
        "text": plain(text),
        "confirm": plain(confirm),
        "deny": plain(deny),
        "style": "danger",
    }
    lead = esc(referral.lead_name or referral.lead_email or "no name")
    return [
        section(msg.forget_confirm(referral.id, lead)),
        actions(ids.block_id("forget", referral.id), [erase]),
    ]
