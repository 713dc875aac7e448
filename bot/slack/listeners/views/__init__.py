from slack_bolt import App

from bot.slack.errors import reported
from bot.slack.ids import NOT_A_FIT_MODAL, REFER_MODAL

from .not_a_fit_modal import not_a_fit_modal_callback
from .refer_modal import refer_modal_callback


def register(app: App) -> None:
    app.view(REFER_MODAL)(reported(refer_modal_callback))
    app.view(NOT_A_FIT_MODAL)(reported(not_a_fit_modal_callback))
