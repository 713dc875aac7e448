"""The bot's own threads for what a listener does after its ack.

Bolt runs each listener on its listener executor and answers Slack as soon as the listener acks;
the listener then goes on (the capture, the "Logged" reply, redrawing a DM) on that same thread.
A burst of answers busy after their acks would hold Bolt's threads while new requests wait for one
to be acknowledged. So every listener runs on the bot's own pool instead: Bolt's thread waits only
until the ack (or the end of a listener that never acks) and is free again at once. An error
raised before the ack is handed back to Bolt's thread, which answers Slack and calls the error
handler, exactly as if the listener had run there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack

from bot.services.context import Background

CONTEXT_KEY = "after_ack"
THREADS = 32


class AfterAck:
    def __init__(self, threads: int = THREADS):
        self._pool = Background(threads, "after-ack")
        self.later: Callable[[Callable[[], None]], None] = self._pool
        """Runs a listener; replaceable, as the services' `later` is (the local workspace
        counts the work in flight through both)."""

    def run(self, listener: Callable[[Ack], None], ack: Ack) -> None:
        """Start `listener` on the bot's pool with an ack that says when it was called; return
        once it acked (at once for an event, which Bolt acked itself) or ended without acking,
        raising its error then."""
        settled = threading.Event()
        failures: list[BaseException] = []

        def work() -> None:
            try:
                listener(_Signalling(ack, settled))
            except BaseException as exc:
                failures.append(exc)
            finally:
                settled.set()

        self.later(work)
        if ack.response is None:
            settled.wait()
        if failures and ack.response is None:
            raise failures[0]

    def wait_idle(self, timeout: float) -> bool:
        """Before a clean stop: the answers already acknowledged run to their end."""
        return self._pool.wait_idle(timeout)


class _Signalling:
    """Bolt's ack, which also tells the waiting Bolt thread it was called."""

    def __init__(self, ack: Ack, settled: threading.Event):
        self._ack, self._settled = ack, settled

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return self._ack(*args, **kwargs)
        finally:
            self._settled.set()

    @property
    def response(self) -> Any:
        return self._ack.response
