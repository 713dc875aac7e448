"""Every setting declared once: name, default, help. The same list feeds .env.example,
`python run.py --help` and docs/settings.md, and is checked at start so a wrong value
stops the bot with a hint instead of failing at the first request."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str
    secret: bool = False
    group: str = "General"


def _bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("use true or false")


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError("must be zero or more")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value < 0:
        raise ValueError("must be zero or more")
    return value


def _timezone(text: str) -> str:
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError("use an IANA time zone name such as Europe/London") from exc
    return text


def _dates(text: str) -> tuple[date, ...]:
    items = [t.strip() for t in text.split(",") if t.strip()]
    try:
        return tuple(date.fromisoformat(t) for t in items)
    except ValueError as exc:
        raise ValueError("list dates as YYYY-MM-DD, separated by commas") from exc


def _choice(*options: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = text.strip().lower()
        if value not in options:
            raise ValueError(f"use one of: {', '.join(options)}")
        return value

    return parse


def _working_hours(text: str) -> str:
    from bot.domain.calendar import parse_working_hours

    parse_working_hours(text)
    return text


SETTINGS: tuple[Setting, ...] = (
    # Slack
    Setting(
        "SLACK_BOT_TOKEN",
        "",
        "Bot token (xoxb-...). Empty runs the local workspace.",
        secret=True,
        group="Slack",
    ),
    Setting(
        "SLACK_SIGNING_SECRET",
        "",
        "Signing secret; needed in HTTP mode.",
        secret=True,
        group="Slack",
    ),
    Setting(
        "SLACK_APP_TOKEN",
        "",
        "App-level token (xapp-...) for Socket Mode; empty means HTTP mode.",
        secret=True,
        group="Slack",
    ),
    Setting(
        "SLACK_API_URL",
        "https://slack.com/api/",
        "Slack Web API base URL (the local workspace points it at its stand-in).",
        group="Slack",
    ),
    Setting("HOST", "0.0.0.0", "Address the HTTP mode server listens on.", group="Slack"),
    Setting("PORT", 3000, "Port the HTTP mode server listens on.", _positive_int, group="Slack"),
    Setting(
        "REVIEW_CHANNEL",
        "referral-review",
        "Channel (name or ID) where coordinators review conflicts, high-value routing and rewards.",
        group="Slack",
    ),
    # Google Sheets
    Setting(
        "GOOGLE_SERVICE_ACCOUNT_FILE",
        "",
        "Path to the service-account JSON key.",
        group="Google Sheets",
    ),
    Setting(
        "GOOGLE_SERVICE_ACCOUNT_JSON",
        "",
        "The service-account JSON key itself (instead of a file).",
        secret=True,
        group="Google Sheets",
    ),
    Setting("SPREADSHEET", "", "Spreadsheet ID or URL of the referral log.", group="Google Sheets"),
    Setting(
        "SNAPSHOT_MAX_AGE_SECONDS",
        30.0,
        "How old the cached read of the log may be before it is read again.",
        _positive_float,
        group="Google Sheets",
    ),
    Setting(
        "SHEETS_MAX_ATTEMPTS",
        5,
        "Tries per Sheets call on 429, 5xx and timeouts before giving up (the write stays in the outbox).",
        _positive_int,
        group="Google Sheets",
    ),
    Setting(
        "SHEETS_TIMEOUT_SECONDS",
        10.0,
        "Seconds to wait for one Sheets call.",
        _positive_float,
        group="Google Sheets",
    ),
    Setting(
        "DATA_DIR",
        "data",
        "Folder for the outbox and the local workspace's saved state.",
        group="Google Sheets",
    ),
    # Rules
    Setting(
        "FIRM_TIMEZONE",
        "UTC",
        "Time zone for dates written to the sheet and for the firm's working days.",
        _timezone,
        group="Rules",
    ),
    Setting(
        "DEFAULT_PHONE_REGION",
        "US",
        "Region for phone numbers typed without a country code (ISO 3166, e.g. GB).",
        group="Rules",
    ),
    Setting(
        "LOOKBACK_DAYS",
        90,
        "A lead closed within this many days counts as a duplicate; older ones get a new linked record.",
        _positive_int,
        group="Rules",
    ),
    Setting(
        "NAME_MATCH_THRESHOLD",
        88,
        "Fuzzy name similarity (0-100) at which two leads are considered the same person.",
        _positive_int,
        group="Rules",
    ),
    Setting(
        "HIGH_VALUE_THRESHOLD",
        25000.0,
        "Est. value at or above which coordinators assign the owner.",
        _positive_float,
        group="Rules",
    ),
    Setting(
        "DEFAULT_MAX_ACTIVE",
        10,
        "Open referrals an owner carries when the Team tab leaves Max active blank.",
        _positive_int,
        group="Rules",
    ),
    # Cadence
    Setting(
        "ACK_DUE_WORKING_HOURS",
        4.0,
        "Referrer acknowledgment (thank-you) due this many working hours after receipt.",
        _positive_float,
        group="Cadence",
    ),
    Setting(
        "FIRST_CONTACT_DUE_HOURS",
        24.0,
        "First contact with the lead due this many hours after receipt (the SLA).",
        _positive_float,
        group="Cadence",
    ),
    Setting(
        "SECOND_TOUCH_WORKING_DAYS",
        3,
        "Second touch due this many working days after the first contact.",
        _positive_int,
        group="Cadence",
    ),
    Setting(
        "THIRD_TOUCH_WORKING_DAYS",
        7,
        "Third touch due this many working days after the first contact.",
        _positive_int,
        group="Cadence",
    ),
    Setting(
        "NO_RESPONSE_AFTER_DAYS",
        7,
        "Days after the third touch with no reply before the owner is asked to close as No response.",
        _positive_int,
        group="Cadence",
    ),
    Setting(
        "REFERRER_UPDATE_EVERY_DAYS",
        30,
        "The referrer hears back at least this often while a referral is open.",
        _positive_int,
        group="Cadence",
    ),
    Setting(
        "ESCALATE_AFTER_WORKING_DAYS",
        1,
        "A step this many working days overdue is escalated to coordinators.",
        _positive_int,
        group="Cadence",
    ),
    Setting(
        "DEFAULT_WORKING_HOURS",
        "09:00-17:30",
        "Working hours when neither the Team tab nor Slack says otherwise.",
        _working_hours,
        group="Cadence",
    ),
    Setting(
        "HOLIDAYS",
        (),
        "Firm holidays skipped like weekends: YYYY-MM-DD, comma-separated.",
        _dates,
        group="Cadence",
    ),
    Setting(
        "SWEEP_INTERVAL_MINUTES",
        15,
        "How often the sweep reads the log and sends due nudges.",
        _positive_int,
        group="Cadence",
    ),
    # Rewards and drafts
    Setting(
        "REWARD_POLICY",
        "none",
        "Referral rewards: none, gift (nominal, capped) or fee.",
        _choice("none", "gift", "fee"),
        group="Rewards",
    ),
    Setting(
        "REWARD_GIFT_CAP",
        50.0,
        "Largest gift allowed under the gift policy.",
        _positive_float,
        group="Rewards",
    ),
    Setting(
        "REWARD_SECOND_APPROVER_ABOVE",
        500.0,
        "Rewards above this amount need a second approver.",
        _positive_float,
        group="Rewards",
    ),
    Setting(
        "REWARD_GIFT_AMOUNT",
        25.0,
        "The nominal gift the review proposes under the gift policy (never above the cap).",
        _positive_float,
        group="Rewards",
    ),
    Setting(
        "REWARD_FEE_PERCENT",
        10.0,
        "Fee policy: the referral fee as a percentage of the won value (else Est. value).",
        _positive_float,
        group="Rewards",
    ),
    Setting(
        "REWARD_FEE_FIXED",
        0.0,
        "Fee policy: a fixed fee per won referral instead of the percentage (0 = use the percentage).",
        _positive_float,
        group="Rewards",
    ),
    Setting(
        "REWARD_FEE_CAP",
        1000.0,
        "Fee policy: the largest referral fee; a larger amount is refused.",
        _positive_float,
        group="Rewards",
    ),
    Setting(
        "CLAIM_WINDOW_DAYS",
        60,
        "Days after a referral is logged during which someone can claim they referred it.",
        _positive_int,
        group="Rewards",
    ),
    Setting("FIRM_NAME", "Our firm", "Firm name used in drafts.", group="Rewards"),
    Setting(
        "TEMPLATES_OVERRIDE_DIR",
        "",
        "Folder whose templates replace the built-in ones of the same name.",
        group="Rewards",
    ),
    Setting(
        "LOG_LEVEL",
        "INFO",
        "How much the bot logs: debug, info, warning or error.",
        _choice("debug", "info", "warning", "error"),
        group="General",
    ),
)

SETTINGS_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    values: Mapping[str, Any] = field(default_factory=dict)

    def __getattr__(self, item: str) -> Any:
        name = item.upper()
        if name in SETTINGS_BY_NAME:
            return self.values.get(name, SETTINGS_BY_NAME[name].default)
        raise AttributeError(item)

    def replace(self, **changes: Any) -> Settings:
        return Settings({**self.values, **{k.upper(): v for k, v in changes.items()}})

    @property
    def local_workspace(self) -> bool:
        """No Slack token means the bot runs on the local stand-ins."""
        return not self.slack_bot_token

    @property
    def socket_mode(self) -> bool:
        return bool(self.slack_app_token)

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir)


def read_dotenv(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    from dotenv import dotenv_values

    return {k: v for k, v in dotenv_values(path).items() if v is not None}


def load_settings(
    env: Mapping[str, str] | None = None, dotenv: Path | None = Path(".env")
) -> Settings:
    """Environment wins over .env; every value is parsed and checked now."""
    source = {**(read_dotenv(dotenv) if dotenv else {}), **(os.environ if env is None else env)}
    values: dict[str, Any] = {}
    problems: list[str] = []
    for setting in SETTINGS:
        raw = source.get(setting.name)
        if raw is None or (raw == "" and setting.default != ""):
            values[setting.name] = setting.default
            continue
        try:
            values[setting.name] = setting.parse(raw)
        except ValueError as exc:
            problems.append(f"{setting.name}={'***' if setting.secret else raw!r}: {exc}")
    settings = Settings(values)
    problems += _cross_checks(settings)
    if problems:
        raise ConfigError(
            "Fix these settings (in the environment or .env):\n  " + "\n  ".join(problems)
        )
    return settings


def _cross_checks(s: Settings) -> list[str]:
    problems = []
    if s.slack_bot_token and not s.slack_bot_token.startswith("xoxb-"):
        problems.append("SLACK_BOT_TOKEN: a bot token starts with xoxb- (OAuth & Permissions page)")
    if s.slack_app_token and not s.slack_app_token.startswith("xapp-"):
        problems.append(
            "SLACK_APP_TOKEN: an app-level token starts with xapp- (Basic Information page)"
        )
    if s.slack_bot_token and not s.slack_app_token and not s.slack_signing_secret:
        problems.append(
            "SLACK_SIGNING_SECRET: HTTP mode needs it (Basic Information page), "
            "or set SLACK_APP_TOKEN for Socket Mode"
        )
    if s.slack_app_token and not s.slack_bot_token:
        problems.append("SLACK_BOT_TOKEN: Socket Mode also needs the bot token")
    has_key = bool(s.google_service_account_file or s.google_service_account_json)
    if s.slack_bot_token and not has_key:
        problems.append(
            "GOOGLE_SERVICE_ACCOUNT_FILE or GOOGLE_SERVICE_ACCOUNT_JSON: a real workspace needs "
            "the service-account key of the Google Cloud project"
        )
    if has_key and not s.spreadsheet:
        problems.append("SPREADSHEET: set the referral log's spreadsheet ID or URL")
    if s.google_service_account_file and not Path(s.google_service_account_file).is_file():
        problems.append(f"GOOGLE_SERVICE_ACCOUNT_FILE: no file at {s.google_service_account_file}")
    return problems


def env_example() -> str:
    """The text of .env.example, generated from SETTINGS."""
    lines, group = ["# Referral Desk settings. Generated from bot/config.py."], None
    for s in SETTINGS:
        if s.group != group:
            group = s.group
            lines += ["", f"# --- {group} ---"]
        default = ",".join(map(str, s.default)) if isinstance(s.default, tuple) else s.default
        lines += [f"# {s.help}", f"{s.name}={'' if s.secret else default}"]
    return "\n".join(lines) + "\n"


def settings_markdown() -> str:
    """The settings table for docs/settings.md."""
    rows = ["| Setting | Default | What it does |", "|---|---|---|"]
    for s in SETTINGS:
        default = ",".join(map(str, s.default)) if isinstance(s.default, tuple) else s.default
        rows.append(f"| `{s.name}` | `{default}` | {s.help} |")
    return "# Settings\n\nSet them in the environment or in `.env`.\n\n" + "\n".join(rows) + "\n"


if __name__ == "__main__":  # `python -m bot.config` regenerates .env.example and docs/settings.md
    Path(".env.example").write_text(env_example(), encoding="utf-8")
    Path("docs/settings.md").write_text(settings_markdown(), encoding="utf-8")
