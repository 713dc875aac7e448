"""Every setting declared once: name, default, help. The same list feeds .env.example,
`python run.py --help` and docs/settings.md, and is checked at start so a wrong value
stops the bot with a hint instead of failing at the first request."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_type_hints

from bot import settings_values as v
from bot.domain.amounts import comma_decimal_region
from bot.errors import ConfigError
from bot.setting_fields import SettingFields


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str
    secret: bool = False
    group: str = "General"


# Parsers by their older names, for settings declared with them; prefer a bounded parser from
# bot/settings_values.py (whole_number, number) so a value out of range is refused with an example.
_bool = v.boolean
_timezone = v.timezone
_dates = v.dates
_choice = v.choice
_working_hours = v.working_hours
_positive_int = v.whole_number(0, 10**9, 10)
_positive_float = v.number(0, 1e12, 10)


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
        v.web_url,
        group="Slack",
    ),
    Setting("HOST", "0.0.0.0", "Address the HTTP mode server listens on.", group="Slack"),
    Setting(
        "PORT",
        3000,
        "Port the HTTP mode server listens on.",
        v.whole_number(0, 65535, 3000),
        group="Slack",
    ),
    Setting(
        "HTTP_MAX_BODY_BYTES",
        1_048_576,
        "HTTP mode: largest request body accepted (413 above it); Slack's payloads are far smaller.",
        v.whole_number(1024, 64 * 1_048_576, 1_048_576),
        group="Slack",
    ),
    Setting(
        "HTTP_READ_TIMEOUT_SECONDS",
        10,
        "HTTP mode: a connection that sends nothing for this long is closed (Slack waits 3 s).",
        v.whole_number(1, 300, 10),
        group="Slack",
    ),
    Setting(
        "HTTP_THREADS",
        8,
        "HTTP mode: requests handled at once; slow clients never hold one (the server buffers).",
        v.whole_number(1, 256, 8),
        group="Slack",
    ),
    Setting(
        "REVIEW_CHANNEL",
        "referral-review",
        "Channel (name or ID) where coordinators review conflicts, high-value routing and rewards.",
        v.not_blank("referral-review"),
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
        v.number(0, 3600, 30),
        group="Google Sheets",
    ),
    Setting(
        "SHEETS_MAX_ATTEMPTS",
        5,
        "Tries per Sheets call on 429, 5xx and timeouts before giving up (the write stays in the outbox).",
        v.whole_number(1, 20, 5),
        group="Google Sheets",
    ),
    Setting(
        "SHEETS_TIMEOUT_SECONDS",
        10.0,
        "Seconds to wait for one Sheets call.",
        v.number(1, 300, 10),
        group="Google Sheets",
    ),
    Setting(
        "FIRM_TIMEZONE",
        "UTC",
        "Time zone for dates written to the sheet and for the firm's working days.",
        v.timezone,
        group="Rules",
    ),
    Setting(
        "DEFAULT_PHONE_REGION",
        "",
        "Region for phone numbers typed without a country code (ISO 3166, e.g. GB). "
        "Empty: the country of FIRM_TIMEZONE (GB for Europe/London; US for UTC).",
        v.phone_region,
        group="Rules",
    ),
    Setting(
        "DECIMAL_SEPARATOR",
        "",
        "How the firm writes amounts: '.' (5,000.50) or ',' (5.000,50). Empty: the usual mark "
        "in the country of DEFAULT_PHONE_REGION (a comma for DE, FR, ES, IT, NL, BR...).",
        v.choice("", ".", ","),
        group="Rules",
    ),
    Setting(
        "LOOKBACK_DAYS",
        90,
        "A lead closed within this many days counts as a duplicate; older ones get a new linked record.",
        v.whole_number(0, 3650, 90),
        group="Rules",
    ),
    Setting(
        "NAME_MATCH_THRESHOLD",
        88,
        "How alike (0-100) two spellings of one name word must be to count as the same word (Katherine / Catherine); names are compared word by word.",
        v.whole_number(50, 100, 88),
        group="Rules",
    ),
    Setting(
        "HIGH_VALUE_THRESHOLD",
        25000.0,
        "Est. value at or above which coordinators assign the owner.",
        v.number(0, 1e12, 25000),
        group="Rules",
    ),
    Setting(
        "DEFAULT_MAX_ACTIVE",
        10,
        "Open referrals an owner carries when the Team tab leaves Max active blank.",
        v.whole_number(1, 1000, 10),
        group="Rules",
    ),
    # Cadence
    Setting(
        "ACK_DUE_WORKING_HOURS",
        4.0,
        "Referrer acknowledgment (thank-you) due this many working hours after receipt.",
        v.number(0.25, 80, 4),
        group="Cadence",
    ),
    Setting(
        "FIRST_CONTACT_DUE_HOURS",
        24.0,
        "First contact with the lead due this many hours after receipt (the SLA).",
        v.number(0.25, 720, 24),
        group="Cadence",
    ),
    Setting(
        "SECOND_TOUCH_WORKING_DAYS",
        3,
        "Second touch due this many working days after the first contact.",
        v.whole_number(1, 60, 3),
        group="Cadence",
    ),
    Setting(
        "THIRD_TOUCH_WORKING_DAYS",
        7,
        "Third touch due this many working days after the first contact.",
        v.whole_number(1, 120, 7),
        group="Cadence",
    ),
    Setting(
        "NO_RESPONSE_AFTER_DAYS",
        7,
        "Days after the third touch with no reply before the owner is asked to close as No response.",
        v.whole_number(1, 365, 7),
        group="Cadence",
    ),
    Setting(
        "REFERRER_UPDATE_EVERY_DAYS",
        30,
        "The referrer hears back at least this often while a referral is open.",
        v.whole_number(1, 365, 30),
        group="Cadence",
    ),
    Setting(
        "REFERRER_UPDATES_DISCLOSE_OUTCOME",
        True,
        "Referrer updates may say how the introduction ended (became a client, not a fit, no "
        "reply). Set false where client matters are confidential (law): they then only thank.",
        v.boolean,
        group="Cadence",
    ),
    Setting(
        "ESCALATE_AFTER_WORKING_DAYS",
        1,
        "A step this many working days overdue is escalated to coordinators.",
        v.whole_number(0, 60, 1),
        group="Cadence",
    ),
    Setting(
        "MORNING_REMINDER_TIME",
        "09:00",
        "Each person's one reminder list (and the coordinators' review post) goes out at this "
        "time on their working days, in their own time zone (Team tab), or when their working "
        "hours start if later.",
        v.time_of_day,
        group="Cadence",
    ),
    Setting(
        "DEFAULT_WORKING_HOURS",
        "09:00-17:30",
        "Working hours when neither the Team tab nor Slack says otherwise.",
        v.working_hours,
        group="Cadence",
    ),
    Setting(
        "HOLIDAYS",
        (),
        "Firm holidays skipped like weekends: YYYY-MM-DD, comma-separated.",
        v.dates,
        group="Cadence",
    ),
    Setting(
        "SWEEP_INTERVAL_MINUTES",
        15,
        "How often the sweep reads the log and sends due nudges.",
        v.whole_number(1, 1440, 15),
        group="Cadence",
    ),
    # Oversight
    Setting(
        "DIGEST_CHANNEL",
        "referral-digest",
        "Channel (name or ID) where the weekly digest goes, with its chart; the bot must be in it.",
        v.not_blank("referral-digest"),
        group="Oversight",
    ),
    Setting(
        "DIGEST_DAY",
        "monday",
        "Day of the week the digest is posted, in FIRM_TIMEZONE (monday ... sunday).",
        v.choice(*v.DAYS_OF_WEEK),
        group="Oversight",
    ),
    Setting(
        "DIGEST_HOUR",
        8,
        "Hour of that day (0-23, FIRM_TIMEZONE) the digest is posted; it covers the week before.",
        v.whole_number(0, 23, 8),
        group="Oversight",
    ),
    Setting(
        "DASHBOARD_REFRESH_MINUTES",
        60,
        "How often a sweep rewrites the Dashboard tab (it reads the Activity tab to do so); "
        "0 means every sweep.",
        _positive_int,
        group="Oversight",
    ),
    # Rewards and drafts
    Setting(
        "REWARD_POLICY",
        "none",
        "Referral rewards: none, gift (nominal, capped) or fee.",
        v.choice("none", "gift", "fee"),
        group="Rewards",
    ),
    Setting(
        "REWARD_GIFT_CAP",
        50.0,
        "Largest gift allowed under the gift policy.",
        v.number(0, 1e9, 50),
        group="Rewards",
    ),
    Setting(
        "REWARD_SECOND_APPROVER_ABOVE",
        500.0,
        "Rewards above this amount need a second approver.",
        v.number(0, 1e12, 500),
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
    Setting("FIRM_NAME", "Our firm", "Firm name used in drafts.", group="Drafts"),
    Setting(
        "TEMPLATES_OVERRIDE_DIR",
        "",
        "Folder whose templates replace the built-in ones of the same name.",
        v.existing_folder,
        group="Drafts",
    ),
    # Local workspace and offline tests: nothing a firm sets
    Setting(
        "GOOGLE_SHEETS_API_URL",
        "",
        "Only for offline tests: send Sheets API calls here instead of "
        "https://sheets.googleapis.com/ (the Sheets stand-in's address). Leave empty.",
        v.optional(v.web_url),
        group="Local workspace and tests",
    ),
    Setting(
        "TEST_SWEEP_INTERVAL_SECONDS",
        0.0,
        "Only for offline tests: sweep every this many seconds instead of SWEEP_INTERVAL_MINUTES "
        "(so a test sees the sweep fire). Leave 0.",
        v.number(0, 3600, 0),
        group="Local workspace and tests",
    ),
    Setting(
        "LOCAL_SOCKET_MODE",
        False,
        "Local workspace only: the bot connects to the Slack stand-in over Socket Mode instead "
        "of serving HTTP.",
        v.boolean,
        group="Local workspace and tests",
    ),
    Setting(
        "LOCAL_CLOCK_START",
        "",
        "Local workspace only: a fresh workspace's clock starts at this weekday morning "
        "(e.g. monday 09:30, in FIRM_TIMEZONE), so a scripted session reads the same any day.",
        v.optional(v.weekday_morning),
        group="Local workspace and tests",
    ),
    Setting(
        "DATA_DIR",
        "data",
        "Folder for the outbox and the local workspace's saved state.",
        v.writable_folder,
        group="General",
    ),
    # Rules
    Setting(
        "LOG_LEVEL",
        "INFO",
        "How much the bot logs: debug, info, warning or error.",
        v.choice("debug", "info", "warning", "error"),
        group="General",
    ),
)

SETTINGS_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings(SettingFields):
    """The settings' values by name; `settings.sweep_interval_minutes` reads one, typed for type
    checkers by SettingFields (generated from SETTINGS), falling back to its default."""

    values: Mapping[str, Any] = field(default_factory=dict)

    def __getattr__(self, item: str) -> Any:
        name = item.upper()
        if name in SETTINGS_BY_NAME:
            return self.values.get(name, SETTINGS_BY_NAME[name].default)
        raise AttributeError(item)

    def replace(self, **changes: Any) -> Settings:
        return Settings({**self.values, **{k.upper(): v for k, v in changes.items()}})

    @property
    def default_phone_region(self) -> str:
        """As set, or the country of the firm's time zone: a London firm's numbers are GB."""
        return self.values.get("DEFAULT_PHONE_REGION") or v.region_of_zone(self.firm_timezone)

    @property
    def decimal_comma(self) -> bool:
        """Amounts are typed 5.000,50: as set, or as usual in the firm's country."""
        mark = self.values.get("DECIMAL_SEPARATOR") or ""
        return mark == "," if mark else comma_decimal_region(self.default_phone_region)

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
    problems = _misspelled_names(source)
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


def _misspelled_names(source: Mapping[str, str]) -> list[str]:
    """A name that is almost one of ours is a typo: ignoring it would silently run without it."""
    return [
        f"{given} is not a setting: did you mean {meant}?"
        for given, meant in sorted(v.misspelled(source, SETTINGS_BY_NAME).items())
    ]


CREDENTIALS = (
    "SLACK_APP_TOKEN",
    "SLACK_SIGNING_SECRET",
    "GOOGLE_SERVICE_ACCOUNT_FILE",
    "GOOGLE_SERVICE_ACCOUNT_JSON",
)


def local_fallback_problem(s: Settings) -> str | None:
    """The local workspace runs only when no credential at all is set: half a set-up is a
    mistake to point out, not a reason to pretend."""
    if not s.local_workspace:
        return None
    given = [name for name in CREDENTIALS if s.values.get(name)]
    if not given:
        return None
    return (
        f"SLACK_BOT_TOKEN is empty but {', '.join(given)} is set: set the bot token (xoxb-..., "
        "OAuth & Permissions page) to run for real, or clear those settings to run the local "
        "workspace."
    )


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


def value_type(setting: Setting) -> str:
    """The type a setting's value has, as source text: what its parser returns, else its
    default's type."""
    try:
        hint = get_type_hints(setting.parse).get("return")
    except (NameError, TypeError):
        hint = None
    hint = hint or type(setting.default)
    return hint.__name__ if isinstance(hint, type) else str(hint).replace("datetime.", "")


def setting_fields_source() -> str:
    """The text of bot/setting_fields.py, generated from SETTINGS."""
    fields = [f"    {s.name.lower()}: {value_type(s)}" for s in SETTINGS]
    imports = ["from datetime import date", ""] if any("date" in f for f in fields) else []
    lines = [
        '"""The type of every setting, for type checkers. Generated from SETTINGS in bot/config.py',
        '(`python -m bot.config`); do not edit by hand."""',
        "",
        "from __future__ import annotations",
        "",
        *imports,
        "",
        "class SettingFields:",
        *fields,
    ]
    return "\n".join(lines) + "\n"


GENERATED = {
    ".env.example": env_example,
    "docs/settings.md": settings_markdown,
    "bot/setting_fields.py": setting_fields_source,
}
"""Files written from SETTINGS by `python -m bot.config`; tests/test_docs.py checks each."""


if __name__ == "__main__":  # `python -m bot.config` regenerates the files in GENERATED
    for path, text in GENERATED.items():
        Path(path).write_text(text(), encoding="utf-8")
