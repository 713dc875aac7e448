"""The weekly digest's chart: referrals received per week, stacked by where they stand now, as a
PNG drawn by matplotlib on its Agg backend (no display, no GUI toolkit, safe in any thread of a
server). The same weeks as the Dashboard's native chart (bot/domain/metrics.py `weeks`)."""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence

from bot.domain.metrics import WeekOutcomes

SERIES = (
    ("Won", "won", "#2e7d32"),
    ("Not a fit", "not_a_fit", "#c62828"),
    ("No response", "no_response", "#9e9e9e"),
    ("Open", "open", "#1565c0"),
)
_DRAWING = threading.Lock()
"""Matplotlib's font cache and text layout are not thread-safe; a digest is drawn once a week."""


def _figure_class():
    """Matplotlib imported when a chart is first drawn, not at start: it is a fifth of the bot's
    memory and half a second of its start-up, for a digest drawn once a week."""
    import matplotlib

    matplotlib.use("Agg")  # never look for a display; a Figure of our own never touches pyplot
    from matplotlib.figure import Figure

    return Figure


def weekly_chart(weeks: Sequence[WeekOutcomes], title: str) -> bytes:
    """A PNG of stacked columns, one per week (oldest on the left)."""
    labels = [f"{w.monday:%-d %b}" for w in weeks]
    with _DRAWING:
        Figure = _figure_class()
        figure = Figure(figsize=(8, 4), dpi=100)  # a Figure of its own: no pyplot global state
        axes = figure.subplots()
        bottom = [0] * len(weeks)
        for name, attribute, colour in SERIES:
            values = [getattr(w, attribute) for w in weeks]
            axes.bar(labels, values, bottom=bottom, label=name, color=colour)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        axes.set_title(title)
        axes.set_ylabel("Referrals received")
        axes.set_xlabel("Week of")
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.tick_params(axis="x", labelrotation=45)
        axes.legend(loc="upper left", fontsize="small")
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="png")
    return out.getvalue()
