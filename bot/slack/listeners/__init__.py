"""Listeners by Slack surface. Callbacks receive `desk` (the services) and `clock` as arguments,
put into Bolt's context by one middleware, so no listener builds or imports the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from slack_bolt import App, BoltContext

from bot.slack import errors
from bot.slack.after_ack import CONTEXT_KEY, AfterAck
from bot.slack.context import FirmTime

from . import actions, commands, events, messages, shortcuts, views

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def register_listeners(
    app: App, desk: ReferralDesk, clock: FirmTime | None = None, handoff: AfterAck | None = None
) -> None:
    clock = clock or FirmTime()

    def provide_services(context: BoltContext, next: Callable[[], None]) -> None:
        context["desk"] = desk
        context["clock"] = clock
        if handoff is not None:
            context[CONTEXT_KEY] = handoff
        next()

    app.use(provide_services)
    actions.register(app)
    commands.register(app)
    events.register(app)
    messages.register(app)
    shortcuts.register(app)
    views.register(app)
    errors.register(app)
