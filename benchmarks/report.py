"""The Markdown report: one table per section (figure, ours, naive, ratio, target, met?), with the
machine and the date on top and how to reproduce it."""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version

TITLE = "# Referral Desk: performance benchmark"
REPRODUCE = """\
Reproduce it with `make bench` (that is `.venv/bin/python -m benchmarks.run`), which rewrites this
page. `make bench ARGS="--quick"` is a smoke run on tiny sizes; `--sizes 10000,50000` sets the sweep
sizes, `--out PATH` where the report goes (`-` prints it only); `--help` lists the rest.

Everything runs on this machine against the local stand-ins, through the real gspread, Bolt and
slack_sdk over HTTP. The naive baseline (benchmarks/naive.py) runs the same services on a log kept
the way a first gspread script keeps it (`get_all_records`, `append_row`, `find` + `update_cell`)
behind a Slack app that answers only when its work is done; it is measured in the same run, side by
side. Timings on a shared machine are noisy: read the ratios, not the third digit."""


@dataclass
class Row:
    figure: str
    ours: str
    naive: str = "—"
    ratio: str = "—"
    target: str = "—"
    met: bool | None = None


@dataclass
class Section:
    title: str
    how: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    growth: dict[str, dict[int, tuple[str, float | None]]] = field(default_factory=dict)
    """Figure -> {log size: (as shown, value)}: ours at each size, for the growth table."""

    def grow(self, figure: str, size: int, shown: str, value: float | None) -> None:
        self.growth.setdefault(figure, {})[size] = (shown, value)


def ratio(naive: float | None, ours: float | None) -> str:
    """How many times the naive figure is ours ("×12"); blank when either is missing or zero."""
    if not naive or not ours:
        return "—"
    value = naive / ours
    return f"×{value:.0f}" if value >= 10 else f"×{value:.1f}"


def count(n: int, noun: str) -> str:
    """ "1 nudge", "3 nudges"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:.0f} ms"


def secs(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds:.2f} s"


def mb(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} MB"


def _met(met: bool | None) -> str:
    return "—" if met is None else ("yes" if met else "**no**")


def table(rows: list[Row]) -> str:
    lines = [
        "| Figure | Ours | Naive | Naive ÷ ours | Target | Met? |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        cells = (r.figure, r.ours, r.naive, r.ratio, r.target, _met(r.met))
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def growth_table(growth: dict[str, dict[int, tuple[str, float | None]]]) -> str:
    """Ours at each log size, and how many times the largest size's figure is the smallest's."""
    sizes = sorted({size for by_size in growth.values() for size in by_size})
    if len(sizes) < 2:
        return ""
    first, last = sizes[0], sizes[-1]
    lines = [
        "| Figure (ours) | " + " | ".join(f"{n:,}" for n in sizes) + f" | {last:,} ÷ {first:,} |",
        "|---|" + "---|" * (len(sizes) + 1),
    ]
    for figure, by_size in growth.items():
        cells = [by_size.get(n, ("—", None))[0] for n in sizes]
        a, b = by_size.get(first, ("", None))[1], by_size.get(last, ("", None))[1]
        grew = "—" if a is None or b is None or a <= 0 else f"×{b / a:.1f}"
        lines.append(
            "| " + " | ".join(c.replace("|", "\\|") for c in [figure, *cells, grew]) + " |"
        )
    return "\n".join(lines)


def machine() -> str:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = _cpu_model()
    packages = ", ".join(f"{p} {version(p)}" for p in ("gspread", "slack-bolt", "slack-sdk"))
    return (
        f"Machine: {cpus} CPU(s) available (nproc){f', {model}' if model else ''}; "
        f"{platform.system()} {platform.release()}; Python {sys.version.split()[0]}; {packages}."
    )


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def render(sections: list[Section], command: str, seconds: float) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        TITLE,
        REPRODUCE,
        f"Run on {now} with `{command}` in {seconds:.0f} s. {machine()}",
    ]
    for section in sections:
        parts.append(f"## {section.title}")
        parts.append(section.how)
        parts.append(table(section.rows))
        grown = growth_table(section.growth)
        if grown:
            parts.append(f"Growth of ours with the log ({section.title.split(' ', 1)[1]}):")
            parts.append(grown)
        if section.notes:
            parts.append("\n".join(f"- {note}" for note in section.notes))
    return "\n\n".join(parts) + "\n"
