"""Set-up mistakes at start become one line that says what to do, not a traceback.

`explain(exc, settings)` knows what Google and Slack raise when a key is rejected, a host is out of
reach, a token is wrong or lacks a scope; anything else is left to the caller (which prints one
line too, and the traceback only with LOG_LEVEL=DEBUG)."""

from __future__ import annotations

import urllib.error
from typing import Any
from urllib.parse import urlparse

import requests
from google.auth import exceptions as google_errors
from slack_sdk.errors import SlackApiError

from bot.errors import ReferralDeskError

SLACK_TOKEN_ERRORS = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}
)


def explain(exc: BaseException, settings: Any = None) -> str | None:
    """One line for a person, or None when this is not a set-up mistake we recognise."""
    if isinstance(exc, ReferralDeskError):
        return str(exc)
    if isinstance(exc, google_errors.RefreshError):
        return google_key_rejected(exc, settings)
    if isinstance(exc, google_errors.TransportError | requests.ConnectionError):
        return unreachable("Google", _host_of(exc) or "oauth2.googleapis.com")
    if isinstance(exc, urllib.error.URLError | ConnectionError | TimeoutError):
        url = getattr(settings, "slack_api_url", "") or "slack.com"
        return unreachable("Slack", urlparse(url).netloc or url)
    if isinstance(exc, SlackApiError):
        return slack_refused(exc)
    return None


def google_key_rejected(exc: BaseException, settings: Any) -> str:
    detail = exc.args[0] if exc.args else type(exc).__name__
    email = _client_email(settings)
    return (
        f"Google rejected the service-account key ({detail}). Create a new JSON key for {email} "
        "(Google Cloud console > IAM > Service accounts > Keys), point GOOGLE_SERVICE_ACCOUNT_FILE "
        "at it, and check this machine's clock is right."
    )


def unreachable(service: str, host: str) -> str:
    return (
        f"Cannot reach {service} ({host}). Check this machine's network, DNS or proxy "
        "(HTTPS_PROXY), then start again."
    )


def slack_refused(exc: SlackApiError) -> str:
    error = (exc.response.get("error") if exc.response is not None else "") or "error"
    if error == "missing_scope":
        needed = exc.response.get("needed", "a scope")
        return (
            f"Slack says the token lacks the scope {needed}. Add it under OAuth & Permissions "
            "(or recreate the app from manifest.json), reinstall the app, and copy the new token."
        )
    if error in SLACK_TOKEN_ERRORS:
        return (
            f"Slack refused the token ({error}). Copy the Bot User OAuth Token (xoxb-...) into "
            "SLACK_BOT_TOKEN and the app-level token (xapp-..., scope connections:write) into "
            "SLACK_APP_TOKEN."
        )
    return f"Slack answered {error}. Run `python run.py check` to see what to fix."


def unexpected(exc: BaseException) -> str:
    return (
        f"Referral Desk stopped on an unexpected error ({type(exc).__name__}: {exc}). "
        "Run it again with LOG_LEVEL=DEBUG to see where."
    )


def _host_of(exc: BaseException | None) -> str:
    """The host a failed request went to, from requests' exception or the one google-auth wraps."""
    while exc is not None:
        url = getattr(getattr(exc, "request", None), "url", "") or ""
        if url:
            return urlparse(url).netloc
        exc = exc.__cause__ or exc.__context__
    return ""


def _client_email(settings: Any) -> str:
    if settings is None:
        return "the service account"
    from bot.log.client import service_account_info

    try:
        return service_account_info(settings)["client_email"]
    except ReferralDeskError:
        return "the service account"
