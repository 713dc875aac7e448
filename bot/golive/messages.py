"""What `python run.py check` says: one tiny function per line it can print."""

from __future__ import annotations

from collections.abc import Iterable

MANIFEST = "manifest.json"
INIT_SHEET = "python run.py init-sheet"


def _names(items: Iterable[str]) -> str:
    return ", ".join(sorted(items))


def not_set(name: str, what: str) -> str:
    return f"{name} is not set: {what}"


def token_works(team: str, user: str) -> str:
    return f"works in workspace {team} as @{user}"


def token_refused(error: str) -> str:
    return (
        f"Slack refused SLACK_BOT_TOKEN ({error}): copy the Bot User OAuth Token (xoxb-...) from "
        "OAuth & Permissions"
    )


def slack_unreachable(url: str, detail: str) -> str:
    return f"cannot reach Slack at {url} ({detail}): check the network, proxy and SLACK_API_URL"


def scopes_granted(count: int) -> str:
    return f"all {count} scopes {MANIFEST} asks for are granted"


def scopes_missing(missing: Iterable[str]) -> str:
    return (
        f"the token lacks {_names(missing)}: add them under OAuth & Permissions (or recreate the "
        f"app from {MANIFEST}), reinstall the app and copy the new bot token"
    )


def scopes_unknown() -> str:
    return "Slack did not say which scopes the token has (no X-OAuth-Scopes); reinstall the app"


def socket_mode_off() -> str:
    return "off (HTTP mode): Slack must reach this machine at /slack/events; SLACK_APP_TOKEN turns it on"


def socket_mode_works() -> str:
    return "connected and greeted (hello)"


def socket_mode_refused(error: str) -> str:
    return (
        f"Slack refused SLACK_APP_TOKEN ({error}): on Basic Information > App-Level Tokens, create "
        "a token with the connections:write scope, and turn on Socket Mode"
    )


def socket_mode_unreachable(detail: str) -> str:
    return f"the WebSocket did not open ({detail}): check that outgoing WebSockets (wss://) are allowed"


def channel_ok(name: str, joined: bool) -> str:
    return f"#{name} exists and the bot is in it" + (" (it joined just now)" if joined else "")


def channel_missing(setting: str, name: str) -> str:
    return (
        f"no channel {name} the bot can see: create it (or fix {setting}); if it is private, "
        f"/invite @Referral Desk in it"
    )


def channel_invite(setting: str, name: str, why: str) -> str:
    return f"the bot is not in #{name} ({why}): type /invite @Referral Desk in #{name} ({setting})"


def key_loads(email: str) -> str:
    return f"signed in to Google as {email}"


def shared(title: str) -> str:
    return f"the service account can open {title!r}"


def schema_matches() -> str:
    return "the sheet has every tab, column, dropdown and protection it needs"


def schema_changes(lines: list[str]) -> str:
    shown = "; ".join(lines[:4]) + (f"; and {len(lines) - 4} more" if len(lines) > 4 else "")
    return f"run `{INIT_SHEET}`: it would {shown}"


def team_ok(count: int) -> str:
    return f"all {count} members are Slack users with a time zone"


def team_empty() -> str:
    return "the Team tab has nobody: add a row per person with their Slack user ID and role"


def team_problems(problems: list[str]) -> str:
    return "; ".join(problems) + " — fix the Team tab (Slack user ID: profile > ⋮ > Copy member ID)"


def member_not_in_slack(name: str, user_id: str, error: str) -> str:
    return f"{name or '(no name)'}: Slack has no user {user_id or '(blank)'} ({error})"


def member_no_tz(name: str) -> str:
    return f"{name}: Slack has no time zone for them (fill the Time zone column)"


def templates_ok(count: int) -> str:
    return f"all {count} drafts render"


def template_broken(detail: str) -> str:
    return f"{detail} — fix the template in TEMPLATES_OVERRIDE_DIR"


def skipped(reason: str) -> str:
    return f"not checked: {reason}"


def summary(failed: int, total: int) -> str:
    if not failed:
        return f"All {total} checks passed: ready to go live (`python run.py`)."
    return f"{failed} of {total} checks failed: fix them and run `python run.py check` again."
