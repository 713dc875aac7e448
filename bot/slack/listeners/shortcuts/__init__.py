from slack_bolt import App

from bot.slack.errors import reported
from bot.slack.ids import SHORTCUT_LOG_AS_REFERRAL

from .log_as_referral import log_as_referral_callback


def register(app: App) -> None:
    app.shortcut(SHORTCUT_LOG_AS_REFERRAL)(reported(log_as_referral_callback))
