from slack_bolt import App

from bot.slack.errors import reported
from bot.slack.ids import COMMAND

from .refer import refer_callback


def register(app: App) -> None:
    app.command(COMMAND)(reported(refer_callback))
