"""DMs about one referral: to its owner (with the follow-up buttons), to the thank-you owner, and
any draft ready to send. `refresh` redraws such a message in place after someone answered it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.domain import steps as S
from bot.domain.referral import Referral
from bot.drafts import Draft
from bot.slack import ids
from bot.slack import messages as msg
from bot.slack.blocks.common import (
    Block,
    actions,
    button,
    clip,
    context,
    esc,
    is_overdue,
    plain,
    referral_due,
    section,
    title,
)

QUOTE_MAX = 500
URL_MAX = 3000


def summary_block(referral: Referral, intro: str) -> Block:
    extras = [esc(v) for v in (referral.referrer_type, referral.how_introduced) if v]
    if referral.est_value:
        extras.append(msg.est_value(esc(referral.est_value)))
    lines = [intro, msg.referral_details(esc(referral.referred_by), extras)]
    if referral.context:
        quoted = esc(clip(referral.context, QUOTE_MAX)).splitlines()
        lines.append("\n".join(f">{line}" for line in quoted))
    return section("\n".join(lines), ids.block_id(ids.KIND_SUMMARY, referral.id))


def state_block(
    referral: Referral, tz: str, row_link: str = "", now: datetime | None = None
) -> Block:
    overdue = now is not None and referral.is_open and is_overdue(referral, now, tz)
    line = msg.state_line(
        esc(referral.stage),
        esc(referral.followup_status),
        esc(referral.next_step),
        referral_due(referral, tz) if referral.is_open else "",
        overdue,
    )
    if row_link:
        line += " · " + msg.open_row(row_link)
    return context(line, ids.block_id(ids.KIND_STATE, referral.id))


def draft_blocks(referral_id: str, draft: Draft) -> list[Block]:
    heading = msg.draft_heading(msg.draft_label(draft.name), esc(draft.to))
    text = section(
        f"{heading}\n{draft.as_mrkdwn()}", ids.block_id(ids.KIND_DRAFT, referral_id, draft.name)
    )
    mailto = draft.mailto()
    elements = [
        button(msg.BUTTONS["mark_sent"], ids.MARK_SENT, f"{referral_id}|{draft.name}", "primary")
    ]
    if len(mailto) <= URL_MAX:
        elements.insert(
            0, button(msg.BUTTONS["open_email"], ids.OPEN_EMAIL, referral_id, url=mailto)
        )
    row = actions(ids.block_id(ids.KIND_DRAFT_ACTIONS, referral_id, draft.name), elements)
    blocks = [text, row]
    if len(mailto) > URL_MAX:
        blocks.append(context(msg.NO_EMAIL_LINK))
    return blocks


def owner_actions(referral_id: str) -> list[Block]:
    """The follow-up buttons; every element carries the referral in its value or its block ID."""

    def b(action_id: str, style: str = "") -> dict[str, Any]:
        return button(msg.BUTTONS[action_id], action_id, referral_id, style)

    first = [
        b(ids.FOLLOWUP_SENT, "primary"),
        b(ids.WAITING_REPLY),
        b(ids.SNOOZE_1D),
        b(ids.SNOOZE_3D),
        {
            "type": "datepicker",
            "action_id": ids.SNOOZE_PICK,
            "placeholder": plain(msg.BUTTONS["snooze_pick"], 150),
        },
    ]
    second = [
        b(ids.IN_CONVERSATION),
        b(ids.CLOSE_WON, "primary"),
        b(ids.CLOSE_NOT_A_FIT),
        b(ids.CLOSE_NO_RESPONSE),
        b(ids.NO_FURTHER_ACTION),
        {
            "type": "users_select",
            "action_id": ids.REASSIGN,
            "placeholder": plain(msg.BUTTONS["reassign"], 150),
        },
    ]
    return [
        actions(ids.block_id(ids.KIND_OWNER_ACTIONS, referral_id, "1"), first),
        actions(ids.block_id(ids.KIND_OWNER_ACTIONS, referral_id, "2"), second),
    ]


def owner_dm(
    referral: Referral,
    intro: str,
    *,
    draft: Draft | None = None,
    row_link: str = "",
    tz: str = "UTC",
    now: datetime | None = None,
) -> list[Block]:
    blocks = [summary_block(referral, intro), state_block(referral, tz, row_link, now)]
    if draft is not None:
        blocks += draft_blocks(referral.id, draft)
    if referral.is_open:
        blocks += owner_actions(referral.id)
    return blocks


def draft_dm(referral: Referral, intro: str, draft: Draft, row_link: str = "") -> list[Block]:
    """A draft for someone to send (thank-you, close-the-loop): no follow-up buttons."""
    blocks = [summary_block(referral, intro)]
    if row_link:
        blocks.append(
            context(msg.open_row(row_link), ids.block_id(ids.KIND_NOTE, referral.id, "link"))
        )
    return blocks + draft_blocks(referral.id, draft)


def note_block(referral_id: str, note: str) -> Block:
    return context(note, ids.block_id(ids.KIND_NOTE, referral_id))


def refresh(
    old: list[Block],
    referral: Referral,
    note: str,
    *,
    tz: str = "UTC",
    row_link: str = "",
    sent_draft: str = "",
    keep_actions: bool = True,
    now: datetime | None = None,
) -> list[Block]:
    """The same message redrawn for the referral's new state, ending with what just happened.

    The drafts in the message stay; the draft just sent loses its buttons, and so does any
    draft that can no longer be marked sent (`draft_live`);
    follow-up buttons stay while the referral is open and the answer did not hand it to
    someone else."""
    blocks: list[Block] = []
    drew_actions = False
    for block in old:
        kind, _, extra = ids.parse_block_id(block.get("block_id", ""))
        if kind == ids.KIND_STATE:
            blocks.append(state_block(referral, tz, row_link, now))
        elif kind == ids.KIND_OWNER_ACTIONS:
            if keep_actions and referral.is_open and not drew_actions:
                blocks += owner_actions(referral.id)
            drew_actions = True
        elif kind == ids.KIND_DRAFT_ACTIONS and not draft_live(referral, extra, keep_actions):
            continue
        elif not _replaced(kind, extra, sent_draft):
            blocks.append(block)
    return [*blocks, note_block(referral.id, note)]


def with_details(
    old: list[Block], before: Referral, after: Referral, drafts: Callable[[str], Draft | None]
) -> list[Block]:
    """A message about `before` drawn with `after`'s details (an Edit corrected what was typed):
    its heading, the referral's details and each draft it holds rendered again by `drafts`. A
    draft keeps its buttons only if it still had them (one marked sent stays marked)."""
    kinds = [ids.parse_block_id(b.get("block_id", "")) for b in old]
    with_buttons = {extra for kind, _, extra in kinds if kind == ids.KIND_DRAFT_ACTIONS}
    blocks: list[Block] = []
    for block, (kind, _, extra) in zip(old, kinds, strict=True):
        again = drafts(extra) if kind in (ids.KIND_DRAFT, ids.KIND_DRAFT_ACTIONS) else None
        if kind == ids.KIND_SUMMARY:
            text = (block.get("text") or {}).get("text", "")
            intro = text.split("\n", 1)[0].replace(title(before), title(after))
            blocks.append(summary_block(after, intro))
        elif kind == ids.KIND_DRAFT and again is not None:
            drawn = draft_blocks(after.id, again)
            blocks += drawn if extra in with_buttons else drawn[:1]
        elif kind == ids.KIND_DRAFT_ACTIONS and again is not None:
            continue  # drawn again with its draft
        else:
            blocks.append(block)
    return blocks


def draft_live(referral: Referral, draft_name: str, keep_actions: bool = True) -> bool:
    """Whether a draft's buttons (Open in email, Mark sent) still mean something: nothing on a
    withdrawn referral is to be sent; a touch on the lead only while it is open, and only in
    the DM of the person who still owns it. A thank-you or close-the-loop stays owed after a
    close, and a decline is sent once closed."""
    if referral.is_withdrawn:
        return False
    if draft_name in S.TOUCH_DRAFTS or draft_name == S.ASK_REFERRER_FIRST:
        return referral.is_open and keep_actions
    return True


def _replaced(kind: str, extra: str, sent_draft: str) -> bool:
    """Blocks the redraw drops: the last note, the review buttons, the sent draft's buttons."""
    if kind == ids.KIND_NOTE:
        return extra != "link"
    if kind == ids.KIND_DRAFT_ACTIONS:
        return extra == sent_draft
    return kind == ids.KIND_REVIEW_ACTIONS


def draft_to_mark(blocks: list[Block]) -> str:
    """In a DM with no follow-up buttons (a thank-you, a close-the-loop), the one draft still to
    send: what a typed "sent" in its thread means. Blank when it is not that simple."""
    kinds = [ids.parse_block_id(b.get("block_id", "")) for b in blocks]
    if any(kind == ids.KIND_OWNER_ACTIONS for kind, _, _ in kinds):
        return ""
    pending = [extra for kind, _, extra in kinds if kind == ids.KIND_DRAFT_ACTIONS]
    return pending[0] if len(pending) == 1 else ""
