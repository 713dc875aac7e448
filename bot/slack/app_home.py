"""Publishing a person's App Home, and remembering which referrals it lists (bot/slack/shown.py)
so a change elsewhere publishes it again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_sdk import WebClient

from bot.services.types import Actor
from bot.slack.blocks.home import home_view
from bot.slack.blocks.rewards import home_rewards
from bot.slack.context import FirmTime
from bot.slack.shown import Shown

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def shown_of(desk: ReferralDesk) -> Shown | None:
    """The record of where referrals are shown, kept by the notifier that posts them (none for
    a desk without one, as in tests of the listeners alone)."""
    return getattr(getattr(getattr(desk, "ctx", None), "notifier", None), "shown", None)


def publish_home(client: WebClient, desk: ReferralDesk, clock: FirmTime, user_id: str) -> None:
    data = desk.home(Actor(user_id))
    view = home_view(
        data.mine,
        now=data.now,
        tz=clock.tz,
        is_coordinator=data.is_coordinator,
        unassigned=data.unassigned,
        overdue=data.overdue,
        rewards=home_rewards(
            data.rewards.awaiting, data.rewards.unpaid, data.rewards.disputes, desk.reward_policy()
        )
        if data.is_coordinator
        else None,
    )
    client.views_publish(user_id=user_id, view=view)
    shown = shown_of(desk)
    if shown is not None:
        rewards = data.rewards
        listed = [*data.mine, *data.unassigned, *data.overdue, *rewards.awaiting, *rewards.unpaid]
        listed += rewards.disputes
        shown.home_lists(user_id, [r.id for r in listed])
