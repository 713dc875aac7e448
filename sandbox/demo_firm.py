"""The demo firm of the local workspace: four people, in the Team tab and in the Slack stand-in,
and the channels the settings name."""

from __future__ import annotations

from dataclasses import dataclass

import gspread
from gspread.utils import ValueInputOption

from bot.config import Settings
from bot.schema import load_schema
from sandbox.slack import SlackStandIn

GENERAL = "C0GENERAL"


@dataclass(frozen=True)
class Person:
    """Someone in the demo firm: a Slack user and a row of the Team tab."""

    user_id: str
    handle: str
    name: str
    email: str
    role: str
    tags: str = ""
    territory: str = ""
    tz: str = "Europe/London"
    hours: str = "09:00-17:30"
    max_active: str = ""

    def team_row(self) -> dict[str, str]:
        """Team tab cells by column key."""
        return {
            "name": self.name,
            "slack_user_id": self.user_id,
            "email": self.email,
            "role": self.role,
            "expertise_tags": self.tags,
            "territory": self.territory,
            "max_active": self.max_active,
            "available": "Yes",
            "time_zone": self.tz,
            "working_hours": self.hours,
        }


DEMO_TEAM: tuple[Person, ...] = (
    Person("U0YOU", "you", "You", "you@firm.example", "Member"),
    Person("U0ANA", "ana", "Ana Ruiz", "ana@firm.example", "Coordinator", territory="London"),
    Person("U0SAM", "sam", "Sam Lee", "sam@firm.example", "Owner", "payroll, tax", "London"),
    Person(
        "U0PRIYA", "priya", "Priya Shah", "priya@firm.example", "Owner", "audit, advisory", "Leeds"
    ),
)


def seed_team(spreadsheet: gspread.Spreadsheet, team: tuple[Person, ...]) -> bool:
    """Fill an empty Team tab, by header name and RAW (no formulas); False if it had rows."""
    tab = load_schema().tab("team")
    worksheet = spreadsheet.worksheet(tab.title)
    grid = worksheet.get_values()
    if any(any(cell.strip() for cell in row) for row in grid[1:]):
        return False  # the firm's own team (or edits to the demo one) stay as they are
    headers = grid[0] if grid else tab.headers
    key_of = {c.header: c.key for c in tab.columns}
    rows = [[person.team_row().get(key_of.get(h, ""), "") for h in headers] for person in team]
    worksheet.update(rows, "A2", value_input_option=ValueInputOption.raw)
    return True


def demo_channels(settings: Settings) -> dict[str, str]:
    """channel ID -> name: #general plus the review and digest channels the settings name (by
    name or ID)."""
    channels = {GENERAL: "general"}
    for ref, fallback_id, fallback_name in (
        (settings.review_channel, "C0REVIEW", "referral-review"),
        (settings.digest_channel, "C0DIGEST", "referral-digest"),
    ):
        ref = (ref or "").strip().lstrip("#")
        if _looks_like_channel_id(ref):
            channels.setdefault(ref, fallback_name)
        elif ref and ref not in channels.values():
            channels[fallback_id] = ref
    return channels


def add_to_slack(slack: SlackStandIn, team: tuple[Person, ...], channels: dict[str, str]) -> None:
    """The people as Slack users (with email and time zone) and everyone in every channel.
    Adding again on a restart only refreshes them; messages are kept."""
    for person in team:
        slack.add_user(person.user_id, person.handle, person.name, email=person.email, tz=person.tz)
    everyone = [p.user_id for p in team]
    for channel_id, name in channels.items():
        slack.add_channel(channel_id, name, members=everyone)


def _looks_like_channel_id(ref: str) -> bool:
    return len(ref) >= 3 and ref[0] in "CG" and ref.isupper() and ref.isalnum()
