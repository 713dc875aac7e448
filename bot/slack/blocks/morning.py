"""The two morning messages: a person's reminder list, and the coordinators' review post.

One line per step: its text, then its buttons (two blocks), so LIST_MAX lines with the heading
and the "N more" note stay inside Slack's 50 blocks. A line no longer owed keeps its text, struck
through, and loses its buttons, so no button acts on a step that has moved. Every block ID names
its line ("mline|R-0012|second_touch"), so a redraw knows the lines from the message itself."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.domain import steps as S
from bot.domain.rewards import RewardPolicy
from bot.services.types import Escalation, ListLine, MorningList
from bot.slack import ids
from bot.slack import messages as msg
from bot.slack.blocks.common import Block, actions, button, context, mention, section, slack_date
from bot.slack.blocks.common import title as title_of
from bot.slack.blocks.owner_dm import URL_MAX
from bot.slack.blocks.review import escalation_elements
from bot.slack.blocks.rewards import _facts, _status, reward_buttons

BLOCKS_MAX = 50
KIND_HEAD = "mhead"
KIND_LINE = "mline"
KIND_LINE_ACTIONS = "mact"
KIND_MORE = "mmore"
LIST, REVIEW = "list", "review"


def day_label(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def fallback_text(blocks: list[Block], morning: MorningList) -> str:
    """The message's plain text (notifications, screen readers): the intro, then each step."""
    steps = [
        f"{line.item.partition('|')[0]} {_step_text(line)[1]}"
        for line in morning.lines
        if line.live and not line.is_reward
    ]
    return " ".join([blocks[0]["text"]["text"], "; ".join(steps)]).strip()


def head_id(kind: str, day: date) -> str:
    return ids.block_id(KIND_HEAD, kind, day.isoformat())


def reminder_list(morning: MorningList, now: datetime) -> list[Block]:
    live = [line for line in morning.lines if line.live]
    overdue = sum(1 for line in live if line.due_at is not None and line.due_at < now)
    intro = msg.morning_list_intro(day_label(morning.day), len(morning.lines), overdue)
    blocks = [section(intro, head_id(LIST, morning.day))]
    for line in morning.lines:
        blocks += _person_line(line, now)
    hint = context(msg.MORNING_LIST_HINT, ids.block_id(KIND_MORE, "hint"))
    return _checked([*_with_more(blocks, morning.more), hint])


def morning_review(
    morning: MorningList, policy: RewardPolicy, coordinators: tuple[str, ...] | list[str] = ()
) -> list[Block]:
    rewards = sum(1 for line in morning.lines if line.is_reward)
    intro = msg.morning_review_intro(day_label(morning.day), len(morning.lines) - rewards, rewards)
    told = msg.morning_for([mention(c) for c in coordinators])
    blocks = [section(f"{intro} {told}".strip(), head_id(REVIEW, morning.day))]
    for line in morning.lines:
        blocks += _reward_line(line, policy) if line.is_reward else _review_line(line)
    return _checked(_with_more(blocks, morning.more))


def _with_more(blocks: list[Block], more: int) -> list[Block]:
    if more:
        blocks.append(context(msg.morning_more(more), ids.block_id(KIND_MORE, str(more))))
    return blocks


def _checked(blocks: list[Block]) -> list[Block]:
    if len(blocks) > BLOCKS_MAX:  # LIST_MAX keeps this from happening; Slack would refuse it
        raise ValueError(f"a morning message of {len(blocks)} blocks is over Slack's limit")
    return blocks


def _line_id(kind: str, line: ListLine) -> str:
    referral_id, _, key = line.item.partition("|")
    return ids.block_id(kind, referral_id, key)


def _step_text(line: ListLine) -> tuple[str, str]:
    referral = line.referral
    if referral is None:
        return f"*{line.item.partition('|')[0]}*", ""
    return title_of(referral), S.step(line.step).says(referral)


def _person_line(line: ListLine, now: datetime) -> list[Block]:
    title, step = _step_text(line)
    if not line.live or line.referral is None:
        return [section(msg.morning_line_done(title, step), _line_id(KIND_LINE, line))]
    due = slack_date(line.due_at)
    when = msg.overdue_since(due) if line.due_at < now else msg.due_at(due)
    text = section(msg.morning_line(title, step, when), _line_id(KIND_LINE, line))
    return [text, actions(_line_id(KIND_LINE_ACTIONS, line), person_buttons(line))]


def person_buttons(line: ListLine) -> list[dict[str, Any]]:
    """The step's own buttons: done (a touch counts once, however it is recorded), its draft in
    the mail program, they replied (the lead's steps), and snooze that step's track a day."""
    referral, declared = line.referral, S.step(line.step)
    rid = referral.id
    track = f"{rid}|{declared.track}"
    found: list[dict[str, Any]] = []
    if declared.key == S.CLOSE_NO_RESPONSE.key:
        found.append(
            button(msg.BUTTONS["close_no_response"], ids.CLOSE_NO_RESPONSE, rid, "primary")
        )
    elif line.draft is not None:
        label = msg.BUTTONS["sent_step"] if declared.track == S.LEAD else msg.BUTTONS["mark_sent"]
        found.append(button(label, ids.MARK_SENT, f"{rid}|{line.draft.name}", "primary"))
        mailto = line.draft.mailto()
        if len(mailto) <= URL_MAX:
            found.append(button(msg.BUTTONS["open_email"], ids.OPEN_EMAIL, rid, url=mailto))
    if declared.track == S.LEAD:
        found.append(button(msg.BUTTONS["in_conversation"], ids.IN_CONVERSATION, rid))
    found.append(button(msg.BUTTONS["snooze_track"], ids.SNOOZE_TRACK, track))
    return found


def _review_line(line: ListLine) -> list[Block]:
    title, step = _step_text(line)
    if not line.live or line.referral is None:
        return [section(msg.review_line_done(title, step), _line_id(KIND_LINE, line))]
    owes = mention(line.owes_id, line.owes_name)
    text = msg.review_line(title, step, slack_date(line.due_at), owes, line.new)
    escalation = Escalation(S.step(line.step).key, line.owes_id, line.owes_name, line.due_at)
    elements = escalation_elements(line.referral, escalation)
    return [
        section(text, _line_id(KIND_LINE, line)),
        actions(_line_id(KIND_LINE_ACTIONS, line), elements),
    ]


def _reward_line(line: ListLine, policy: RewardPolicy) -> list[Block]:
    referral = line.referral
    if referral is None:
        return [section(msg.review_line_done(f"*{line.item}*", ""), _line_id(KIND_LINE, line))]
    facts = "\n".join(part for part in (_facts(referral, policy), _status(referral)) if part)
    text = msg.reward_line(title_of(referral), referral.reward_state, facts)
    blocks = [section(text, _line_id(KIND_LINE, line))]
    buttons = reward_buttons(referral)
    if buttons:
        blocks.append(actions(_line_id(KIND_LINE_ACTIONS, line), buttons))
    return blocks


def morning_kind(blocks: list[Block]) -> tuple[str, str]:
    """("list" or "review", the day) when `blocks` are a morning message, else blanks."""
    for block in blocks[:1]:
        kind, whose, day = ids.parse_block_id(block.get("block_id", ""))
        if kind == KIND_HEAD:
            return whose, day
    return "", ""


def items_of(blocks: list[Block]) -> tuple[list[str], int]:
    """The lines a morning message shows ("R-0012|second_touch") and its "N more"."""
    items, more = [], 0
    for block in blocks:
        kind, referral_id, extra = ids.parse_block_id(block.get("block_id", ""))
        if kind == KIND_LINE:
            items.append(f"{referral_id}|{extra}")
        elif kind == KIND_MORE and referral_id.isdigit():  # not the hint
            more = int(referral_id)
    return items, more


def only_live_line(blocks: list[Block]) -> tuple[str, str]:
    """In a list with exactly one line still owed: its referral and the draft its Mark sent
    marks (what a typed "sent" in the list's thread means); blanks otherwise."""
    live = [b for b in blocks if ids.parse_block_id(b.get("block_id", ""))[0] == KIND_LINE_ACTIONS]
    if len(live) != 1:
        return "", ""
    referral_id = ids.parse_block_id(live[0]["block_id"])[1]
    marks = [e for e in live[0]["elements"] if e.get("action_id") == ids.MARK_SENT]
    draft = (marks[0].get("value") or "").partition("|")[2] if marks else ""
    return referral_id, draft


def retired(blocks: list[Block], kind: str) -> list[Block]:
    """An earlier morning's message without its buttons, saying a newer one replaces it."""
    kept = [b for b in blocks if b.get("type") != "actions"]
    return [*kept, context(msg.morning_retired(kind))]
