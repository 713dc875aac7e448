"""The one way a Web API method refuses a call: Slack's `{"ok": false, "error": ...}` body."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A Slack error name, with the HTTP status and explanations Slack sends alongside it."""

    def __init__(
        self,
        error: str,
        *,
        messages: list[str] | None = None,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(error)
        self.error = error
        self.messages = messages or []
        self.status = status
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error": self.error}
        if self.messages:
            body["response_metadata"] = {"messages": list(self.messages)}
        return body


def invalid_arguments(*messages: str) -> ApiError:
    return ApiError("invalid_arguments", messages=list(messages))


def missing_field(name: str) -> ApiError:
    return invalid_arguments(f"[ERROR] missing required field: {name}")
