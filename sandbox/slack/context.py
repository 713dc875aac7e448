"""What every Web API method handler works on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sandbox.slack.interactivity import TriggerBook
from sandbox.slack.workspace import Workspace


@dataclass
class Context:
    workspace: Workspace
    triggers: TriggerBook
    root_url: str = ""  # "http://127.0.0.1:PORT/", known once the server listens
    open_connection: Callable[[], str] | None = None
    """A fresh Socket Mode URL (the stand-in starts its WebSocket server on first use)."""

    @property
    def team_url(self) -> str:
        """The workspace address Slack puts in permalinks and auth.test (a name, never fetched)."""
        return f"https://{self.workspace.team.team_domain}.slack.com/"
