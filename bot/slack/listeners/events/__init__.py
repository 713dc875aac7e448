from slack_bolt import App

from bot.slack.errors import reported

from .app_home_opened import app_home_opened_callback


def register(app: App) -> None:
    app.event("app_home_opened")(reported(app_home_opened_callback))
