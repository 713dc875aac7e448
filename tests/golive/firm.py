"""A firm's real set-up, offline: a provisioned referral log on the Sheets stand-in that only a
signed-in service account may open, and a Slack workspace with the team, the review channel and
an app-level token — everything `python run.py` and `python run.py check` look at."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from keys import EMAIL, private_key, write_key_file

from bot.config import Settings
from bot.log.provision import provision
from bot.schema import load_schema
from sandbox.demo_firm import DEMO_TEAM, GENERAL, add_to_slack, seed_team
from sandbox.sheets import SheetsStandIn, local_client
from sandbox.slack import SlackStandIn

BOT_TOKEN = "xoxb-firm-0000"
APP_TOKEN = "xapp-1-firm-0000"
REVIEW = "C0REVIEW"
DIGEST = "C0DIGEST"
KEY_ID = "key-1"


@dataclass
class Firm:
    sheets: SheetsStandIn
    slack: SlackStandIn
    spreadsheet_id: str
    key_file: Path
    data_dir: Path

    def env(self, **extra: str) -> dict[str, str]:
        values = {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_APP_TOKEN": APP_TOKEN,
            "SLACK_API_URL": self.slack.api_url,
            "GOOGLE_SERVICE_ACCOUNT_FILE": str(self.key_file),
            "SPREADSHEET": self.spreadsheet_id,
            "GOOGLE_SHEETS_API_URL": self.sheets.base_url,
            "FIRM_TIMEZONE": "Europe/London",
            "REVIEW_CHANNEL": "referral-review",
            "DATA_DIR": str(self.data_dir),
            "SHEETS_MAX_ATTEMPTS": "2",
        }
        return {**values, **extra}

    def settings(self, **extra: str) -> Settings:
        from bot.config import load_settings

        return load_settings(env=self.env(**{k.upper(): v for k, v in extra.items()}), dotenv=None)

    def stop(self) -> None:
        self.slack.stop()
        self.sheets.stop()


def make_firm(tmp_path: Path, share: bool = True, provisioned: bool = True) -> Firm:
    sheets = SheetsStandIn().start()
    spreadsheet_id = sheets.create_spreadsheet("Referral log")
    if provisioned:
        book = local_client(sheets, timeout=5).open_by_key(spreadsheet_id)
        provision(book, load_schema())
        seed_team(book, DEMO_TEAM)
    # From here on only the service account, signed in, may call the Sheets API.
    sheets.sign_in.add_service_account(EMAIL, KEY_ID, private_key().public_key())
    if share:
        sheets.sign_in.share(spreadsheet_id, EMAIL)
    slack = SlackStandIn(bot_token=BOT_TOKEN, signing_secret="unused-in-socket-mode").start()
    slack.add_app_token(APP_TOKEN)
    add_to_slack(
        slack, DEMO_TEAM, {GENERAL: "general", REVIEW: "referral-review", DIGEST: "referral-digest"}
    )
    key_file = write_key_file(tmp_path, sheets.sign_in.token_uri, key_id=KEY_ID)
    return Firm(sheets, slack, spreadsheet_id, key_file, tmp_path / "data")
