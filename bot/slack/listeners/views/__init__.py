from slack_bolt import App

from bot.slack.errors import reported
from bot.slack.ids import (
    CLAIM_MODAL,
    NOT_A_FIT_MODAL,
    REFER_MODAL,
    REWARD_AMOUNT_MODAL,
    REWARD_DECLINE_MODAL,
    WON_MODAL,
)

from .claim_modal import claim_modal_callback
from .not_a_fit_modal import not_a_fit_modal_callback
from .refer_modal import refer_modal_callback
from .rewards import reward_amount_modal_callback, reward_decline_modal_callback
from .won_modal import won_modal_callback


def register(app: App) -> None:
    app.view(REFER_MODAL)(reported(refer_modal_callback))
    app.view(NOT_A_FIT_MODAL)(reported(not_a_fit_modal_callback))
    app.view(REWARD_DECLINE_MODAL)(reported(reward_decline_modal_callback))
    app.view(REWARD_AMOUNT_MODAL)(reported(reward_amount_modal_callback))
    app.view(CLAIM_MODAL)(reported(claim_modal_callback))
    app.view(WON_MODAL)(reported(won_modal_callback))
