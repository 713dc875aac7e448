"""Which Slack request the writes being made now apply.

The outbox records the request's identity in the same transaction as the request's first write,
so a request Slack delivers again after the bot died mid-way is known to be applied already
(bot/slack/dedup.py), rather than applied twice. A context variable, set around one listener:
writes made by other threads (work handed to the background) carry no request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_request: ContextVar[str] = ContextVar("referral_desk_request", default="")


@contextmanager
def applying(request: str) -> Iterator[None]:
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


def current_request() -> str:
    """The identity of the Slack request being applied on this thread; "" outside one."""
    return _request.get()
