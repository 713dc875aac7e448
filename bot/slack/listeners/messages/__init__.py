from slack_bolt import App

from .dm_reply import dm_reply_callback, other_message_callback, typed_in_dm


def register(app: App) -> None:
    app.event("message", matchers=[typed_in_dm])(dm_reply_callback)
    app.event("message")(other_message_callback)
