"""App Home: my open referrals with their buttons; coordinators also see the team's gaps.

Slack refuses a view of more than 100 blocks, so each list shows what fits and says how many more."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.domain.referral import Referral
from bot.domain.timefmt import format_dt
from bot.slack import ids
from bot.slack import messages as msg
from bot.slack.blocks.common import Block, context, divider, header, plain, section
from bot.slack.blocks.confirmation import referral_line
from bot.slack.blocks.owner_dm import owner_actions

MAX_BLOCKS = 100
MINE_MAX = 20
TEAM_MAX = 10


def home_view(
    mine: list[Referral],
    *,
    now: datetime,
    tz: str = "UTC",
    is_coordinator: bool = False,
    unassigned: list[Referral] | None = None,
    overdue: list[Referral] | None = None,
    rewards: list[Block] | None = None,
) -> dict[str, Any]:
    """`rewards`: coordinators' reward lists, drawn by bot/slack/blocks/rewards.home_rewards."""
    blocks: list[Block] = [
        header(msg.HOME_MINE),
        context(msg.home_updated(format_dt(now, tz))),
    ]
    if not mine:
        blocks.append(section(msg.home_nothing_open()))
    blocks += _listing(mine, MINE_MAX, _my_item, tz, now)
    if is_coordinator:
        # Before the team lists: a long list of those must not push rewards past Slack's limit.
        blocks += rewards or []
        for heading, referrals, kind in (
            (msg.HOME_UNASSIGNED, unassigned or [], "unassigned"),
            (msg.HOME_OVERDUE, overdue or [], "overdue"),
        ):
            blocks += [divider(), header(heading)]
            if not referrals:
                blocks.append(context(msg.none_in_list()))

            def item(r: Referral, tz: str, now: datetime, kind: str = kind) -> list[Block]:
                return _team_item(r, tz, now, kind)

            blocks += _listing(referrals, TEAM_MAX, item, tz, now)
    return {"type": "home", "blocks": blocks[:MAX_BLOCKS]}


def _listing(referrals: list[Referral], limit: int, render, tz: str, now: datetime) -> list[Block]:
    blocks: list[Block] = []
    for referral in referrals[:limit]:
        blocks += render(referral, tz, now)
    if len(referrals) > limit:
        blocks.append(context(msg.and_more(len(referrals) - limit)))
    return blocks


def _my_item(referral: Referral, tz: str, now: datetime) -> list[Block]:
    line = section(referral_line(referral, tz, now), ids.block_id(ids.KIND_HOME, referral.id))
    return [line, *owner_actions(referral.id)]


def _team_item(referral: Referral, tz: str, now: datetime, kind: str) -> list[Block]:
    # One block each, with the owner picker beside it; the block ID keeps it apart from the same
    # referral in another list.
    picker = {
        "type": "users_select",
        "action_id": ids.REASSIGN,
        "placeholder": plain(msg.PICK_OWNER if kind == "unassigned" else msg.BUTTONS["reassign"]),
    }
    block_id = ids.block_id(ids.KIND_HOME, referral.id, kind)
    return [section(referral_line(referral, tz, now), block_id, accessory=picker)]
