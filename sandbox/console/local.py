"""Start the local workspace and hand the terminal to the console; stop both at the end."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from bot.config import Settings
from bot.errors import ReferralDeskError
from sandbox.console.session import run_console
from sandbox.workspace import LOG_FILE, LocalWorkspace, WorkspaceError


def run_local(
    settings: Settings, stdin: IO[str] | None = None, stdout: IO[str] | None = None
) -> int:
    """Start the workspace, hand the terminal to the console, stop. Logs go to a file in DATA_DIR
    so they do not interleave with the conversation on screen."""
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    data_dir = settings.data_path
    data_dir.mkdir(parents=True, exist_ok=True)
    with _logs_to_file(data_dir / LOG_FILE):
        print("Starting the local workspace ...", file=stdout, flush=True)
        try:
            workspace = LocalWorkspace(settings, data_dir).start()
        except (WorkspaceError, ReferralDeskError) as exc:
            print(f"The local workspace cannot start: {exc}", file=stdout)
            return 2
        try:
            return run_console(workspace, stdin, stdout)
        finally:
            workspace.stop()


@contextlib.contextmanager
def _logs_to_file(path: Path) -> Iterator[None]:
    from bot.logs import RedactingFormatter, add_filters

    root = logging.getLogger()
    saved = root.handlers[:]
    handler = logging.FileHandler(path, encoding="utf-8")
    # The same redaction as on screen: no tokens, emails or phone numbers in the file either.
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    add_filters(handler)
    root.handlers = [handler]
    try:
        yield
    finally:
        root.handlers = saved
        handler.close()
