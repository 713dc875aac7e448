"""Running for a real firm: the sweep on its interval, Slack through Socket Mode or HTTP, and a
clean stop on SIGTERM or Ctrl-C (the scheduler stops, pending sheet writes are delivered).

Start-up failures (a key Google rejects, Slack out of reach) raise, and run.py turns them into
one line; nothing here prints a traceback."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from bot.config import Settings

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def run_real(settings: Settings) -> int:
    from bot.jobs import build_scheduler
    from bot.log.client import open_or_wait
    from bot.wiring import build_bot

    with stop_on_signals() as stop:
        bot = build_bot(settings, open_or_wait(settings))
        refuse_missing_scopes(settings)
        bot.read_log()
        scheduler = build_scheduler(
            bot.desk,
            settings.sweep_interval_minutes,
            settings.test_sweep_interval_seconds,
            settings=settings,
        )
        scheduler.start()
        try:
            serve(bot.app, settings, stop)
        finally:
            scheduler.shutdown(wait=False)
            if not bot.finish():
                log.warning("Stopping with writes still queued; they go out at the next start")
            bot.close()
    log.info("stopped")
    return 0


def refuse_missing_scopes(settings: Settings) -> None:
    """A token without a scope the bot needs would fail later, one feature at a time (a review
    post, a DM): say so now, in one line."""
    from bot.errors import ConfigError
    from bot.golive.probes import SlackProbe

    ok, detail = SlackProbe(settings).scopes()
    if not ok:
        raise ConfigError(f"Slack: {detail}.")


def serve(app, settings: Settings, stop: threading.Event) -> None:
    """Serve Slack until `stop` is set."""
    if settings.socket_mode:
        from bot.slack import socket_mode

        socket_mode.serve(app, settings.slack_app_token, stop)
        return
    from bot.slack.http import EVENTS_PATH, limits_from, make_http_server

    server = make_http_server(app, settings.host, settings.port, limits=limits_from(settings))
    thread = threading.Thread(target=server.serve_forever, name="http", daemon=True)
    thread.start()
    log.info(
        "Listening for Slack on http://%s:%d%s",
        settings.host,
        server.server_address[1],
        EVENTS_PATH,
    )
    try:
        stop.wait()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def stop_on_signals() -> Iterator[threading.Event]:
    """An event SIGTERM and SIGINT set (instead of killing the process mid-write)."""
    stop = threading.Event()
    previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}

    def request_stop(signum: int, frame: object) -> None:
        log.info("stopping (%s)", signal.Signals(signum).name)
        stop.set()

    for sig in STOP_SIGNALS:
        signal.signal(sig, request_stop)
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
