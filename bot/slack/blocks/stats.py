"""`/refer stats [period]`: the Dashboard's headline figures for one period, and who refers."""

from __future__ import annotations

from bot.domain.figures import headline_text
from bot.domain.metrics import Metrics, Row
from bot.slack import messages as msg
from bot.slack.blocks.common import Block, context, esc, header, mrkdwn

FIELDS_PER_SECTION = 10  # Slack's limit on a section's fields
TOP = 5


def stats_blocks(m: Metrics, tz: str) -> list[Block]:
    figures = headline_text(m)
    blocks: list[Block] = [header(msg.stats_heading(m.period, tz))]
    for start in range(0, len(figures), FIELDS_PER_SECTION):
        chunk = figures[start : start + FIELDS_PER_SECTION]
        fields = [mrkdwn(f"*{label}*\n{value}", 2000) for label, value in chunk]
        blocks.append({"type": "section", "fields": fields})
    blocks.append(
        {"type": "section", "text": mrkdwn(_table(msg.stats_by_referrer(), m.by_referrer))}
    )
    blocks.append(
        {"type": "section", "text": mrkdwn(_table(msg.stats_by_type(), m.by_referrer_type))}
    )
    if m.overloaded:
        blocks.append(context(msg.overloaded_owners(m.overloaded)))
    blocks.append(context(msg.stats_footer()))
    return blocks


def _table(title: str, rows: tuple[Row, ...]) -> str:
    if not rows:
        return f"*{title}*\n{msg.nothing_in_period()}"
    lines = [msg.stats_row(esc(r.key), r.submissions, r.won, r.conversion) for r in rows[:TOP]]
    more = len(rows) - TOP
    if more > 0:
        lines.append(msg.and_more(more))
    return f"*{title}*\n" + "\n".join(lines)


def stats_text(m: Metrics, tz: str) -> str:
    """The notification text (and what a screen reader says)."""
    lines = [msg.stats_heading(m.period, tz)]
    lines += [f"{label}: {value}" for label, value in headline_text(m)]
    return "\n".join(lines)
