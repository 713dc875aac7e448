"""What one action made appear in Slack, from the acting person's point of view, and waiting for
the bot to finish before looking.

Bolt acks first and finishes a listener's work afterwards in its executor; `track_listeners`
counts that work, so the console shows the DMs and replies only once they are all there."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from typing import Any

from slack_bolt import App

from bot.slack.after_ack import AfterAck
from sandbox.demo_firm import Person
from sandbox.slack import SlackStandIn


@dataclass(frozen=True)
class Posted:
    """A message that appeared (or changed) somewhere: a DM (`person` set) or a channel."""

    where: str
    channel_id: str
    message: dict[str, Any]
    person: Person | None = None


@dataclass
class Seen:
    """What changed in Slack because of one action."""

    ephemerals: list[dict[str, Any]] = field(default_factory=list)
    posted: list[Posted] = field(default_factory=list)
    updated: list[Posted] = field(default_factory=list)
    modal: dict[str, Any] | None = None
    answer: dict[str, Any] | None = None
    """The bot's JSON answer to a modal submission (response_action errors, update, push)."""
    problem: str = ""
    """One line when the bot answered with an HTTP error or did not finish in time."""


Conversations = dict[str, tuple[str, Person | None]]
"""channel ID -> (how to name it, e.g. "DM to Sam Lee" or "#general"; the person of a DM)."""


@dataclass(frozen=True)
class Mark:
    """Fingerprints of everything visible before an action."""

    ephemerals: dict[str, str]
    messages: dict[str, dict[str, str]]
    modal: str

    @classmethod
    def take(cls, slack: SlackStandIn, conversations: Conversations, user_id: str) -> Mark:
        return cls(
            ephemerals={e["ts"]: fingerprint(e) for e in slack.ephemerals(user_id)},
            messages={
                channel_id: {m["ts"]: fingerprint(m) for m in slack.messages(channel_id)}
                for channel_id in conversations
            },
            modal=fingerprint(top_view(slack, user_id)),
        )

    def changes(self, slack: SlackStandIn, conversations: Conversations, user_id: str) -> Seen:
        seen = Seen(
            ephemerals=[
                e
                for e in slack.ephemerals(user_id)
                if self.ephemerals.get(e["ts"]) != fingerprint(e)
            ]
        )
        for channel_id, (where, person) in conversations.items():
            old = self.messages.get(channel_id, {})
            for message in slack.messages(channel_id):
                if message.get("user") != slack.bot_user_id:
                    continue  # people's own words are not news
                posted = Posted(where, channel_id, message, person)
                if message["ts"] not in old:
                    seen.posted.append(posted)
                elif old[message["ts"]] != fingerprint(message):
                    seen.updated.append(posted)
        modal = top_view(slack, user_id)
        if modal is not None and fingerprint(modal) != self.modal:
            seen.modal = modal
        return seen


def top_view(slack: SlackStandIn, user_id: str) -> dict[str, Any] | None:
    stack = slack.views(user_id)
    return stack[-1] if stack else None


def fingerprint(item: dict[str, Any] | None) -> str:
    if item is None:
        return ""
    shown = {k: item.get(k) for k in ("id", "text", "blocks", "title", "state", "hash")}
    return hashlib.sha1(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()


class TrackedExecutor(Executor):
    """An executor counting the work in flight, so one can wait until the bot is idle."""

    def __init__(self, inner: Executor):
        self._inner = inner
        self._busy = 0
        self._idle = threading.Condition()

    def counted(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """`fn`, counted as in flight from now until it has run."""
        with self._idle:
            self._busy += 1

        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            finally:
                with self._idle:
                    self._busy -= 1
                    self._idle.notify_all()

        return run

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        return self._inner.submit(self.counted(fn), *args, **kwargs)

    def wait_idle(self, timeout: float) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == 0, timeout)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._inner.shutdown(wait, cancel_futures=cancel_futures)


def track_bot(app: App, services: Any, handoff: AfterAck | None = None) -> TrackedExecutor:
    """Count the bot's work after an ack: Bolt's listeners (and lazy listeners), the listeners'
    own threads (`handoff`), and what the services hand to `later` (DMs sent after a capture)."""
    runner = app.listener_runner
    tracked = TrackedExecutor(runner.listener_executor)
    runner.listener_executor = tracked
    lazy = getattr(runner, "lazy_listener_runner", None)
    if lazy is not None and hasattr(lazy, "executor"):
        lazy.executor = tracked
    for owner in (services, handoff):
        # A listener is handed over from a Bolt thread before that thread's own work ends, and
        # DMs from a listener before it ends: never idle in between.
        later = getattr(owner, "later", None)
        if callable(later):
            owner.later = lambda task, later=later: later(tracked.counted(task))
    return tracked
