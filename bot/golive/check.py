"""`python run.py check`: everything a firm needs before going live, one line per check.

Each check asks the real service (Slack's Web API and Socket Mode, Google's sign-in and the Sheets
API) and says ✓ with what it found or ✗ with what to do. A check that needs an earlier one to have
passed says so instead of failing for the same reason twice. The exit code is 1 when any failed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.config import Settings
from bot.golive import messages
from bot.golive.probes import GoogleProbe, Skip, SlackProbe

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Result:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'✓' if self.ok else '✗'} {self.name}: {self.detail}"


Check = Callable[[SlackProbe, GoogleProbe], tuple[bool, str]]


def checks(settings: Settings) -> list[tuple[str, Check]]:
    named: list[tuple[str, Check]] = [
        ("Slack bot token", lambda s, g: s.token()),
        ("Slack scopes", lambda s, g: s.scopes()),
        ("Socket Mode", lambda s, g: s.socket_mode()),
        ("Review channel", lambda s, g: s.channel("REVIEW_CHANNEL", settings.review_channel)),
        ("Digest channel", lambda s, g: s.channel("DIGEST_CHANNEL", settings.digest_channel)),
        ("Google key", lambda s, g: g.key()),
        ("Sheet shared", lambda s, g: g.shared()),
        ("Sheet layout", lambda s, g: g.layout()),
        ("Team tab", lambda s, g: s.team(g.team_rows())),
        ("Templates", lambda s, g: g.templates()),
    ]
    return named


def run_checks(
    settings: Settings, slack: SlackProbe | None = None, google: GoogleProbe | None = None
) -> list[Result]:
    slack = slack or SlackProbe(settings)
    google = google or GoogleProbe(settings)
    results = []
    for name, check in checks(settings):
        try:
            ok, detail = check(slack, google)
        except Skip as skip:
            ok, detail = False, messages.skipped(str(skip))
        except Exception as exc:  # a check must report, never crash the others
            log.debug("check %s failed unexpectedly", name, exc_info=True)
            ok, detail = False, f"{type(exc).__name__}: {exc}"
        results.append(Result(name, ok, detail))
    return results


def check_cli(settings: Settings, out: Callable[[str], None] = print) -> int:
    results = run_checks(settings)
    for result in results:
        out(result.line())
    failed = sum(not r.ok for r in results)
    out(messages.summary(failed, len(results)))
    return 1 if failed else 0
