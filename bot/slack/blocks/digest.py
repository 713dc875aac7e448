"""The weekly digest in Block Kit, within Slack's limits: at most 50 blocks, 3000 characters in a
section's text, 10 fields of 2000 in a section, 150 in the header. Long lists of IDs are cut with
"and N more" rather than dropped silently."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain import figures as F
from bot.domain.digest import Digest
from bot.slack import messages as msg
from bot.slack.blocks.common import Block, context, divider, esc, header, mrkdwn, section

MAX_BLOCKS = 50
FIELDS_PER_SECTION = 10
IDS_SHOWN = 25
NAMES_SHOWN = 15


def digest_blocks(d: Digest, footer: str = "") -> list[Block]:
    blocks: list[Block] = [
        header(msg.digest_heading(d.week.label)),
        context(msg.digest_intro(d.previous.label)),
        section(msg.digest_questions()),
    ]
    for answer in d.questions:
        failing = _joined(answer.failing)
        blocks.append(
            section(msg.digest_question(answer.question, answer.passing, answer.asked, failing))
        )
    blocks += [divider(), section(msg.digest_figures()), *_figures(d)]
    blocks += [divider(), *_now(d)]
    blocks.append(context(footer or msg.digest_footer()))
    assert len(blocks) <= MAX_BLOCKS  # the layout is fixed; this guards a change to it
    return blocks


def _figures(d: Digest) -> list[Block]:
    fields = [
        mrkdwn(
            msg.digest_figure(
                c.label,
                F.as_text(c.kind, c.this_week),
                F.as_text(c.kind, c.last_week),
                c.trend,
            ),
            2000,
        )
        for c in d.figures
    ]
    return [
        {"type": "section", "fields": fields[i : i + FIELDS_PER_SECTION]}
        for i in range(0, len(fields), FIELDS_PER_SECTION)
    ]


def _now(d: Digest) -> list[Block]:
    owners = [msg.digest_owner(esc(o.name), o.active, o.max_active) for o in d.overloaded]
    quiet = [
        msg.digest_quiet_referrer(esc(q.name), q.submissions, f"{q.last:%-d %b %Y}")
        for q in d.gone_quiet
    ]
    waiting = [msg.digest_reward_waiting(i, state) for i, state in d.rewards_waiting]
    paid = [msg.digest_paid_row(esc(n), F.as_text(F.MONEY, t)) for n, t in d.paid_by_referrer]
    return [
        section(_list(msg.digest_overloaded(), owners)),
        section(_list(msg.digest_quiet(), quiet)),
        section(f"{msg.digest_disputes()}\n{_joined(d.open_disputes) or msg.digest_none()}"),
        section(f"{msg.digest_rewards_waiting()}\n{_joined(waiting) or msg.digest_none()}"),
        section(_list(msg.digest_paid(), paid)),
    ]


def _list(title: str, lines: Sequence[str]) -> str:
    if not lines:
        return f"{title}\n{msg.digest_none()}"
    shown = list(lines[:NAMES_SHOWN])
    if len(lines) > NAMES_SHOWN:
        shown.append(msg.and_more(len(lines) - NAMES_SHOWN))
    return title + "\n" + "\n".join(shown)


def _joined(items: Sequence[str]) -> str:
    if not items:
        return ""
    shown = ", ".join(items[:IDS_SHOWN])
    more = len(items) - IDS_SHOWN
    return f"{shown} {msg.and_more(more)}" if more > 0 else shown


def digest_text(d: Digest) -> str:
    """The notification text (and what a screen reader says first)."""
    failing = sum(1 for a in d.questions if a.failing)
    return msg.digest_summary(d.week.label, failing, len(d.questions))


def chart_filename(slot: str) -> str:
    """The chart's file name carries its slot, so a restart can tell it was already shared."""
    return f"referral-digest-{slot[:10]}.png"
