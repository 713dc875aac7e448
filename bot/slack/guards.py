"""Global middleware that runs before every listener, after Bolt has verified the request's
signature: it marks the request as verified (the error handler answers no other), and refuses
requests from a team or enterprise other than the one the bot is installed in (Slack Connect
users in a shared channel), so nothing is read, written or sent for them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse

from bot.slack import messages as msg

VERIFIED = "referral_desk_verified"


def mark_verified(context: BoltContext, next: Callable[[], None]) -> None:
    context[VERIFIED] = True
    next()


def refuse_other_workspaces(
    body: dict[str, Any], context: BoltContext, next: Callable[[], None]
) -> BoltResponse | None:
    installed = context.authorize_result
    if installed is None or _from_installed(body, installed.team_id, installed.enterprise_id):
        next()
        return None
    text = msg.other_workspace() if "command" in body else ""
    return BoltResponse(status=200, body=text)


def _from_installed(body: dict[str, Any], team_id: str | None, enterprise_id: str | None) -> bool:
    teams, enterprises = request_origins(body)
    return all(t == team_id for t in teams) and all(e == enterprise_id for e in enterprises)


def request_origins(body: dict[str, Any]) -> tuple[set[str], set[str]]:
    """Every team and enterprise a request names for itself and for the person acting."""
    event = body.get("event") if isinstance(body.get("event"), dict) else {}
    user = body.get("user") if isinstance(body.get("user"), dict) else {}
    team = body.get("team") if isinstance(body.get("team"), dict) else {}
    enterprise = body.get("enterprise") if isinstance(body.get("enterprise"), dict) else {}
    teams = {
        body.get("team_id"),
        team.get("id"),
        user.get("team_id"),
        event.get("user_team"),
        event.get("team"),
    }
    enterprises = {body.get("enterprise_id"), enterprise.get("id"), event.get("enterprise")}
    return _named(teams), _named(enterprises)


def _named(values: set[Any]) -> set[str]:
    return {str(v) for v in values if v}


def register(app: App) -> None:
    app.use(mark_verified)
    app.use(refuse_other_workspaces)
