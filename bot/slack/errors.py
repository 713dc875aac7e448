"""The one error handler: log with the traceback (tokens, emails and phones redacted) and tell
the person something they can act on, only them, without touching the message they pressed.

Only a request whose signature was verified is answered: one that failed before (a timestamp
that is not a number makes Bolt's check raise) is refused with 401, and nothing in its body is
read, replied to or posted for. A verified request that breaks a listener before its ack gets 200
and the explanation, never a 500 that Slack would show as its own error."""

from __future__ import annotations

import functools
import inspect
import logging
import traceback
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import (
    PermissionDeniedError,
    ReferralNotFoundError,
    SchemaError,
    SheetAccessError,
    SheetUnavailableError,
    ValidationError,
)
from bot.log.applying import applying
from bot.logs import redact
from bot.slack import after_ack, dedup
from bot.slack import messages as msg
from bot.slack.context import actor_of, channel_of, describe
from bot.slack.guards import VERIFIED
from bot.slack.post import tell

log = logging.getLogger(__name__)

REFUSALS = (PermissionDeniedError, ReferralNotFoundError, ValidationError)


def user_message(error: Exception) -> str:
    """What the person reads. Service errors are written for people; the rest get a generic line."""
    if isinstance(error, ValidationError):
        return msg.not_valid(list(error.errors.values()))
    if isinstance(error, PermissionDeniedError):
        return str(error) or msg.not_allowed()
    if isinstance(error, ReferralNotFoundError):
        return str(error) or msg.not_found()
    if isinstance(error, SheetUnavailableError):
        return msg.sheet_unavailable()
    if isinstance(error, SheetAccessError):
        return msg.sheet_access()
    if isinstance(error, SchemaError):
        return msg.sheet_damaged(str(error))
    return msg.unexpected()


def on_error_callback(
    error: Exception,
    body: dict,
    client: WebClient,
    context: BoltContext,
    response: BoltResponse | None = None,
    respond: Respond | None = None,
) -> BoltResponse | None:
    if not context.get(VERIFIED):
        log.warning("Refused a request that failed before its signature was verified")
        return BoltResponse(status=401, body="") if response is not None else None
    report(error, body, client, respond)
    # Not yet acked: Slack hears 200 (the person has our explanation), not a 500.
    return BoltResponse(status=200, body="") if response is not None else None


def report(error: Exception, body: dict, client: WebClient, respond: Respond | None) -> None:
    what = describe(body)
    if isinstance(error, (KeyError, TypeError, AttributeError)) and not isinstance(error, REFUSALS):
        # A payload without what a listener needs (no trigger_id, a null date, foreign
        # metadata): Slack's or a client's doing, not a bug to page anyone about.
        trace = "".join(traceback.format_exception(error))
        log.warning("Could not act on %s: a field is missing or malformed\n%s", what, redact(trace))
        _tell(body, client, respond, msg.broken_request())
        return
    if isinstance(error, REFUSALS):
        log.info("Refused %s: %s", what, redact(str(error)))
    else:
        trace = "".join(traceback.format_exception(error))
        log.error("Failed to handle %s\n%s", what, redact(trace))
    _tell(body, client, respond, user_message(error))


def _tell(body: dict[str, Any], client: WebClient, respond: Respond | None, text: str) -> None:
    user_id = actor_of(body).user_id
    try:
        if respond is not None and respond.response_url:
            # Ephemeral, and the message they pressed stays as it was.
            respond(text=text, response_type="ephemeral", replace_original=False)
        elif user_id:
            tell(client, user_id, text, channel=channel_of(body))
    except (SlackApiError, OSError) as exc:  # the person is unreachable; the log above has it all
        log.warning(
            "Could not tell the user about a failed %s: %s", describe(body), redact(str(exc))
        )


def register(app: App) -> None:
    app.error(on_error_callback)


_REPORTING_ARGS = ("ack", "body", "client", "respond", "context")


def reported(callback: Callable[..., None]) -> Callable[..., None]:
    """The listener, with an error raised after its ack() reported here rather than by Bolt.

    Why: when a listener raises after acking, Bolt 1.30 (process_before_response=False) clears
    the ack it has not sent yet, so Slack hears nothing for 3 seconds and shows the person an
    error on top of our explanation. Reported here, the ack stands. An error before the ack is
    left to Bolt, which answers Slack at once and calls the error handler itself."""
    own = list(inspect.signature(callback).parameters)
    wanted = own + [name for name in _REPORTING_ARGS if name not in own]

    def listen(kwargs: dict[str, Any]) -> None:
        try:
            with applying(dedup.request_of(kwargs.get("context"))):
                callback(**{name: kwargs[name] for name in own})
        except Exception as error:
            if kwargs["ack"].response is None:
                raise
            report(error, kwargs["body"], kwargs["client"], kwargs["respond"])
        # Done or told why not: a retry of this request, even after a restart, does nothing.
        dedup.completed(kwargs.get("context"))

    def run(**kwargs: Any) -> None:
        handoff = (kwargs.get("context") or {}).get(after_ack.CONTEXT_KEY)
        if handoff is None:
            listen(kwargs)
        else:  # Bolt's thread is free once the listener acked (bot/slack/after_ack.py)
            handoff.run(lambda ack: listen({**kwargs, "ack": ack}), kwargs["ack"])

    functools.update_wrapper(run, callback)
    del run.__wrapped__  # Bolt injects what this signature names, not only the callback's own
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    run.__signature__ = inspect.Signature([inspect.Parameter(n, kind) for n in wanted])  # type: ignore[attr-defined]
    return run
