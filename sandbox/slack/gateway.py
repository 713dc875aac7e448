"""The stand-in's front door: routes each HTTP request, checks the token, injects faults, records.

Routes (all on one server): `/api/<method>` (the Web API), `/response_url/<token>` and
`/upload/v1/<file_id>` (the upload URL files.getUploadURLExternal hands out).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from sandbox.slack.api_error import ApiError
from sandbox.slack.args import read_api_request
from sandbox.slack.context import Context
from sandbox.slack.faults import Faults
from sandbox.slack.interactivity import ResponseUrlBook
from sandbox.slack.methods import METHODS
from sandbox.slack.methods_files import receive_upload
from sandbox.slack.rate_limits import RateLimits
from sandbox.slack.response_urls import deliver
from sandbox.slack.tokens import METHOD_SCOPES, Grant, Tokens, authorise, history_scope

logger = logging.getLogger(__name__)


class RecordedCall(NamedTuple):
    """One request the stand-in answered; `args` never holds the token."""

    method: str
    args: dict[str, Any]
    response: dict[str, Any]


@dataclass
class Reply:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def json_reply(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Reply:
    merged = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
    return Reply(status, json.dumps(body).encode(), merged)


class Gateway:
    def __init__(
        self,
        ctx: Context,
        *,
        bot_token: str,
        tokens: Tokens,
        faults: Faults,
        rate_limits: RateLimits,
        response_urls: ResponseUrlBook,
        lock: threading.RLock,
        persist: Callable[[], None],
    ):
        self.ctx = ctx
        self.bot_token = bot_token
        self.tokens = tokens
        self.faults = faults
        self.rate_limits = rate_limits
        self.response_urls = response_urls
        self.lock = lock
        self.persist = persist
        self.calls: Counter[str] = Counter()
        self.requests: list[RecordedCall] = []

    def handle(self, verb: str, target: str, headers: dict[str, str], body: bytes) -> Reply:
        """`headers` keys are lower case."""
        parts = urlsplit(target)
        head, _, rest = parts.path.lstrip("/").partition("/")
        if head == "api" and verb in ("GET", "POST"):
            return self._api(rest, headers, parts.query, body)
        if head == "response_url" and verb == "POST":
            return self._response_url(rest, body)
        if head == "upload" and rest.startswith("v1/") and verb == "POST":
            return self._upload(rest.removeprefix("v1/"), body)
        return Reply(404, b"Not Found", {"Content-Type": "text/plain"})

    def _api(self, method: str, headers: dict[str, str], query: str, body: bytes) -> Reply:
        self._wait()
        spec = METHODS.get(method)
        if spec is None:
            return self._answer(method, {}, ApiError("unknown_method", status=404))
        try:
            call = read_api_request(headers, query, body, accepts_json=spec.accepts_json)
        except ApiError as error:
            return self._answer(method, {}, error)
        args = dict(call.args)
        if call.token is None:
            return self._answer(method, args, ApiError("not_authed"))
        grant = self.tokens.grant(call.token)
        if grant is None:
            return self._answer(method, args, ApiError("invalid_auth"))
        fault = self.faults.take(method)
        if fault is not None:
            return self._answer(method, args, fault)
        try:
            self.rate_limits.check(method, channel=str(args.get("channel") or ""))
        except ApiError as limited:
            return self._answer(method, args, limited)
        with self.lock:
            try:
                authorise(grant, method, self._needed(method, call.args))
                result = spec.handler(self.ctx, call.args)
                result = _within_scopes(method, result, grant)
            except ApiError as error:
                return self._answer(method, args, error)
            except Exception:
                # A stand-in bug: answer as Slack does when it breaks, and keep the traceback.
                logger.exception("the Slack stand-in failed on %s", method)
                return self._answer(method, args, ApiError("fatal_error", status=500))
            if spec.mutates:
                self.persist()
            return self._answer(method, args, {"ok": True, **result}, grant.header())

    def _needed(self, method: str, args: Any) -> tuple[str, ...]:
        if method in ("conversations.history", "conversations.replies"):
            channel = self.ctx.workspace.channels.get(args.text("channel") or "")
            if channel is None:
                return ()  # the method answers channel_not_found itself
            kind = "im" if channel["is_im"] else "private" if channel["is_private"] else "public"
            return history_scope(kind)
        return METHOD_SCOPES.get(method, ())

    def _response_url(self, token: str, body: bytes) -> Reply:
        self._wait()
        with self.lock:
            try:
                hook = self.response_urls.usable(token)
                deliver(self.ctx, hook, body)
            except ApiError as error:
                return self._answer("response_url", _loads(body), error)
            self.persist()
            return self._answer("response_url", _loads(body), {"ok": True})

    def _upload(self, file_id: str, body: bytes) -> Reply:
        with self.lock:
            try:
                text = receive_upload(self.ctx, file_id, body)
            except ApiError as error:
                return self._answer("upload", {"file_id": file_id}, error)
            self.persist()
            self._record("upload", {"file_id": file_id, "length": len(body)}, {"ok": True})
            return Reply(200, text.encode(), {"Content-Type": "text/plain; charset=utf-8"})

    def _answer(
        self,
        method: str,
        args: dict,
        outcome: dict[str, Any] | ApiError,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        if isinstance(outcome, ApiError):
            body, status, headers = outcome.body(), outcome.status, outcome.headers
        else:
            body, status, headers = outcome, 200, headers or {}
        self._record(method, args, body)
        return json_reply(status, body, headers)

    def _record(self, method: str, args: dict[str, Any], response: dict[str, Any]) -> None:
        with self.lock:
            self.calls[method] += 1
            self.requests.append(RecordedCall(method, args, response))

    def _wait(self) -> None:
        if self.faults.latency > 0:
            time.sleep(self.faults.latency)


def _loads(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return payload if isinstance(payload, dict) else {}


def _within_scopes(method: str, result: dict[str, Any], grant: Grant) -> dict[str, Any]:
    """Slack leaves a user's email out of users.info unless the token has users:read.email."""
    if method == "users.info" and "users:read.email" not in grant.scopes:
        user = result.get("user") or {}
        profile = {k: v for k, v in (user.get("profile") or {}).items() if k != "email"}
        return {**result, "user": {**user, "profile": profile}}
    return result
