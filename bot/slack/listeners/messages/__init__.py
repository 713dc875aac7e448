from slack_bolt import App

from bot.slack.errors import reported

from .dm_reply import dm_reply_callback, other_message_callback, typed_in_dm


def register(app: App) -> None:
    app.event("message", matchers=[typed_in_dm])(reported(dm_reply_callback))
    app.event("message")(other_message_callback)
