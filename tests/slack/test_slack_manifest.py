"""manifest.json creates the Slack app the code expects: the same command, shortcut, events and
every interaction the builders produce."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from slack_support import FakeDesk, draft, referral

from bot.domain.rewards import RewardPolicy
from bot.slack.blocks.claims import claim_modal
from bot.slack.blocks.home import home_view
from bot.slack.blocks.modal import not_a_fit_modal, refer_modal
from bot.slack.blocks.owner_dm import draft_dm, owner_dm
from bot.slack.blocks.review import conflict_review, needs_owner
from bot.slack.blocks.rewards import (
    RewardMetadata,
    amount_modal,
    decline_modal,
    home_rewards,
    reward_review,
    won_modal,
)
from bot.slack.forms import CloseMetadata
from bot.slack.listeners import register_listeners

MANIFEST = json.loads((Path(__file__).resolve().parents[2] / "manifest.json").read_text())


class RecordingApp:
    """Stands in for slack_bolt.App and writes down what register_listeners wires up."""

    def __init__(self):
        self.registered: dict[str, list] = defaultdict(list)

    def __getattr__(self, kind: str):
        def register(target, *args, **kwargs):
            self.registered[kind].append(target)
            return lambda callback: callback

        return register


def registered() -> dict[str, list]:
    app = RecordingApp()
    register_listeners(app, FakeDesk())
    return app.registered


def test_slash_command_and_shortcut_match():
    wired = registered()
    commands = [c["command"] for c in MANIFEST["features"]["slash_commands"]]
    assert commands == wired["command"]
    shortcuts = MANIFEST["features"]["shortcuts"]
    assert [s["callback_id"] for s in shortcuts] == wired["shortcut"]
    assert all(s["type"] == "message" for s in shortcuts)


def test_subscribed_events_match_the_event_listeners():
    # "message.im" is the subscription; Bolt sees it as a "message" event in an IM.
    subscribed = {
        e.split(".")[0] for e in MANIFEST["settings"]["event_subscriptions"]["bot_events"]
    }
    assert subscribed == set(registered()["event"])
    assert "message.im" in MANIFEST["settings"]["event_subscriptions"]["bot_events"]


def interactive_ids(blocks: list[dict]) -> set[str]:
    found = set()
    for block in blocks:
        for element in [*block.get("elements", []), block.get("accessory") or {}]:
            if "action_id" in element:
                found.add(element["action_id"])
    return found


REVIEWABLE = ("Pending eligibility", "Awaiting approval", "Approved")
FEE = RewardPolicy("fee")


def test_every_button_the_builders_draw_has_a_listener():
    r = referral()
    won = referral(stage="Won", attribution_confidence="Low")
    surfaces = [
        owner_dm(r, "x", draft=draft()),
        draft_dm(r, "x", draft("acknowledgment")),
        conflict_review(
            r.with_changes({"conflict": "Also referred by Pat Lee on 2026-03-01"}), "U1"
        ),
        needs_owner(r, "why", "UTC"),
        home_view([r], now=datetime.now(UTC), is_coordinator=True, unassigned=[r])["blocks"],
        *(reward_review(won.with_changes({"reward_state": s}), FEE) for s in REVIEWABLE),
        home_rewards([won], [won.with_changes({"reward_state": "Approved"})], [r], FEE),
    ]
    drawn = set().union(*(interactive_ids(blocks) for blocks in surfaces))
    assert drawn <= set(registered()["action"])


def test_every_modal_the_builders_draw_has_a_submission_listener():
    modals = {refer_modal()["callback_id"], not_a_fit_modal(CloseMetadata("R-1"))["callback_id"]}
    reward_forms = (
        decline_modal(RewardMetadata("R-1")),
        amount_modal(RewardMetadata("R-1"), FEE, ""),
    )
    modals |= {form["callback_id"] for form in reward_forms}
    modals.add(claim_modal(referral(), 60)["callback_id"])
    modals.add(won_modal("{}", "R-1")["callback_id"])
    assert modals == set(registered()["view"])


def test_the_app_has_what_the_surfaces_need():
    features, settings = MANIFEST["features"], MANIFEST["settings"]
    assert features["app_home"]["home_tab_enabled"] and features["app_home"]["messages_tab_enabled"]
    assert settings["interactivity"]["is_enabled"] and settings["socket_mode_enabled"]
    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    # commands: /refer and the shortcut; chat:write: every post; im:write: opening DMs;
    # im:history: message.im and reading a DM back; users:read: time zones;
    # channels:read/groups:read: finding the review channel by name.
    assert {"commands", "chat:write", "im:write", "im:history", "users:read"} <= scopes
    assert {"channels:read", "groups:read"} <= scopes
    assert registered()["error"], "one error handler"
