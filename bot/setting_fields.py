"""The type of every setting, for type checkers. Generated from SETTINGS in bot/config.py
(`python -m bot.config`); do not edit by hand."""

from __future__ import annotations

from datetime import date


class SettingFields:
    slack_bot_token: str
    slack_signing_secret: str
    slack_app_token: str
    slack_api_url: str
    host: str
    port: int
    http_max_body_bytes: int
    http_read_timeout_seconds: int
    http_threads: int
    review_channel: str
    google_service_account_file: str
    google_service_account_json: str
    spreadsheet: str
    snapshot_max_age_seconds: float
    sheets_max_attempts: int
    sheets_timeout_seconds: float
    firm_timezone: str
    default_phone_region: str
    decimal_separator: str
    lookback_days: int
    name_match_threshold: int
    high_value_threshold: float
    default_max_active: int
    ack_due_working_hours: float
    first_contact_due_hours: float
    second_touch_working_days: int
    third_touch_working_days: int
    no_response_after_days: int
    referrer_update_every_days: int
    referrer_updates_disclose_outcome: bool
    escalate_after_working_days: int
    morning_reminder_time: str
    default_working_hours: str
    holidays: tuple[date, ...]
    sweep_interval_minutes: int
    digest_channel: str
    digest_day: str
    digest_hour: int
    dashboard_refresh_minutes: int
    reward_policy: str
    reward_gift_cap: float
    reward_second_approver_above: float
    reward_gift_amount: float
    reward_fee_percent: float
    reward_fee_fixed: float
    reward_fee_cap: float
    claim_window_days: int
    firm_name: str
    templates_override_dir: str
    google_sheets_api_url: str
    test_sweep_interval_seconds: float
    local_socket_mode: bool
    local_clock_start: str
    data_dir: str
    log_level: str
