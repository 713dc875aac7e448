"""The console's terminal: prompts and printing, the same whether a person types or a script is
piped in. With a script, each line read is echoed after its prompt, so the output reads as a
transcript of the session."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from typing import IO

from sandbox.console.render import Style

DEFAULT_WIDTH = 100
MAX_WIDTH = 120


class Terminal:
    def __init__(self, stdin: IO[str], stdout: IO[str], interactive: bool | None = None):
        self.stdin = stdin
        self.stdout = stdout
        self.interactive = (
            _is_tty(stdin) and _is_tty(stdout) if interactive is None else interactive
        )
        color = self.interactive and not os.environ.get("NO_COLOR")
        self.style = Style(color=bool(color))
        self.width = _width(self.interactive)
        if self.interactive and stdin is sys.stdin:
            # Line editing and history for input(); not on every platform, typing works without.
            with contextlib.suppress(ImportError):
                import readline  # noqa: F401

    def ask(self, prompt: str) -> str | None:
        """One line from the person (without its newline); None at the end of the input."""
        if self.interactive and self.stdin is sys.stdin and self.stdout is sys.stdout:
            try:
                return input(prompt)
            except EOFError:
                self.say()
                return None
        self._write(prompt)
        line = self.stdin.readline()
        if not line:
            self._write("\n")
            return None
        line = line.rstrip("\r\n")
        if not self.interactive:
            self._write(line + "\n")  # the transcript shows what was "typed"
        return line

    def say(self, text: str = "") -> None:
        self._write(text + "\n")

    def lines(self, lines: list[str]) -> None:
        for line in lines:
            self.say(line)

    def _write(self, text: str) -> None:
        try:
            self.stdout.write(text)
        except UnicodeEncodeError:  # a terminal that cannot show "·" or "…" still gets the gist
            encoding = getattr(self.stdout, "encoding", None) or "ascii"
            self.stdout.write(text.encode(encoding, "replace").decode(encoding))
        self.stdout.flush()


def _is_tty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _width(interactive: bool) -> int:
    if not interactive:
        return DEFAULT_WIDTH
    return max(60, min(MAX_WIDTH, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns - 1))
