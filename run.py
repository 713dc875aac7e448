"""Referral Desk: `python run.py` runs the bot; `python run.py init-sheet` provisions the log.

With no Slack token the bot runs the local workspace (stand-ins for Slack and Google Sheets and a
terminal console). Every setting is listed by `python run.py --help`."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from bot.config import SETTINGS, Settings, load_settings, local_fallback_problem
from bot.errors import ConfigError
from bot.logs import configure_logging
from bot.startup import explain, unexpected


def _help_epilog() -> str:
    lines = ["settings (environment or .env):"]
    lines += [f"  {s.name:<30} {s.help}" for s in SETTINGS]
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python run.py",
        description="Referral Desk: referrals from Slack into a shared Google Sheet, followed through.",
        epilog=_help_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "command",
        nargs="?",
        default="run",
        choices=["run", "init-sheet", "check", "export", "import"],
        help="run the bot (default), provision the spreadsheet, check the set-up before going "
        "live, export or import referrals",
    )
    parser.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def run_real(settings: Settings) -> int:
    from bot.running import run_real as run

    return run(settings)


def init_sheet(settings: Settings) -> int:
    from bot.log.provision import provision_cli

    if settings.google_service_account_file or settings.google_service_account_json:
        return provision_cli(settings)
    from sandbox.workspace import local_spreadsheet

    print(
        "No Google key is set (GOOGLE_SERVICE_ACCOUNT_FILE or GOOGLE_SERVICE_ACCOUNT_JSON), so "
        "this provisions the local workspace's stand-in sheet."
    )
    with local_spreadsheet(settings) as spreadsheet:
        where = f"local stand-in in {settings.data_path}; `sheet` in the console shows it"
        return provision_cli(settings, spreadsheet, where=where)


def check(settings: Settings) -> int:
    from bot.golive.check import check_cli

    return check_cli(settings)


def dispatch(command: str, rest: list[str], settings: Settings) -> int:
    if command == "init-sheet":
        return init_sheet(settings)
    if command in ("export", "import"):
        from bot.dataio.cli import data_main
        from sandbox.workspace import local_spreadsheet

        return data_main(command, rest, settings, local_spreadsheet)
    problem = local_fallback_problem(settings)
    if problem:
        raise ConfigError(problem)
    if command == "check":
        return check(settings)
    if settings.local_workspace:
        from sandbox.console.local import run_local

        return run_local(settings)
    return run_real(settings)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.rest and args.command not in ("export", "import"):
        parser.error(f"unrecognized arguments: {' '.join(args.rest)}")
    settings = None
    try:
        settings = load_settings()
        configure_logging(settings.log_level)
        return dispatch(args.command, args.rest, settings)
    except KeyboardInterrupt:
        logging.getLogger(__name__).info("stopped")
        return 0
    except Exception as exc:
        # A person sees one line that says what to do; the traceback only when asked for.
        if _debugging(settings):
            logging.getLogger(__name__).exception("start-up failed")
        print(
            f"Referral Desk cannot start: {explain(exc, settings) or unexpected(exc)}",
            file=sys.stderr,
        )
        return 2


def _debugging(settings: Settings | None) -> bool:
    level = settings.log_level if settings is not None else os.environ.get("LOG_LEVEL", "")
    return level.strip().lower() == "debug"


if __name__ == "__main__":
    sys.exit(main())
