"""Modals and Home tabs: trigger_id rules, the view stack, updates and hashes."""

from __future__ import annotations

import pytest
from slack_fixtures import ANA, BEN, FakeClock, seeded_standin, simple_modal
from slack_sdk.errors import SlackApiError


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def slack(clock):
    standin = seeded_standin()
    standin.clock = clock
    yield standin
    standin.stop()


def error_name(call) -> str:
    with pytest.raises(SlackApiError) as raised:
        call()
    return raised.value.response["error"]


def test_views_open_answers_with_the_view_and_keeps_it_open(client, slack):
    view = client.views_open(trigger_id=slack.mint_trigger(ANA), view=simple_modal())["view"]
    assert view["id"].startswith("V")
    assert view["hash"] and view["root_view_id"] == view["id"]
    assert view["state"] == {"values": {}}
    assert view["callback_id"] == "refer"
    assert slack.views(ANA) == [view]
    assert slack.views(BEN) == []


def test_a_trigger_id_works_within_three_seconds(client, slack, clock):
    trigger = slack.mint_trigger(ANA)
    clock.advance(2.9)
    assert client.views_open(trigger_id=trigger, view=simple_modal())["ok"]


def test_a_trigger_id_older_than_three_seconds_is_expired(client, slack, clock):
    trigger = slack.mint_trigger(ANA)
    clock.advance(3.1)
    assert error_name(lambda: client.views_open(trigger_id=trigger, view=simple_modal())) == (
        "expired_trigger_id"
    )
    assert slack.views(ANA) == []


def test_a_trigger_id_opens_one_view_only(client, slack):
    trigger = slack.mint_trigger(ANA)
    client.views_open(trigger_id=trigger, view=simple_modal())
    assert error_name(lambda: client.views_open(trigger_id=trigger, view=simple_modal())) == (
        "exchanged_trigger_id"
    )


def test_unknown_and_malformed_trigger_ids(client):
    assert error_name(lambda: client.views_open(trigger_id="1.1.abc", view=simple_modal())) == (
        "expired_trigger_id"
    )
    assert error_name(lambda: client.views_open(trigger_id="nope", view=simple_modal())) == (
        "invalid_trigger_id"
    )


def test_a_duplicate_external_id_is_refused(client, slack):
    client.views_open(
        trigger_id=slack.mint_trigger(ANA), view=simple_modal(external_id="intake-ana")
    )
    again = lambda: client.views_open(  # noqa: E731
        trigger_id=slack.mint_trigger(BEN), view=simple_modal(external_id="intake-ana")
    )
    assert error_name(again) == "duplicate_external_id"


def test_views_publish_sets_the_home_tab(client, slack):
    home = {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "3 open"}}],
    }
    first = client.views_publish(user_id=BEN, view=home)["view"]
    assert slack.home_view(BEN)["blocks"][0]["text"]["text"] == "3 open"
    again = client.views_publish(user_id=BEN, view=home, hash=first["hash"])["view"]
    assert again["id"] == first["id"]
    stale = lambda: client.views_publish(user_id=BEN, view=home, hash=first["hash"])  # noqa: E731
    assert error_name(stale) == "hash_conflict"
    assert slack.home_view(ANA) is None


def test_views_publish_refuses_modals_and_unknown_users(client):
    home = {"type": "home", "blocks": [{"type": "divider"}]}
    assert (
        error_name(lambda: client.views_publish(user_id="U404", view=home)) == "invalid_arguments"
    )
    assert error_name(lambda: client.views_publish(user_id=ANA, view=simple_modal())) == (
        "invalid_arguments"
    )


def test_a_view_over_250_kilobytes_is_too_large(client, slack):
    long = simple_modal(private_metadata="m" * 260_000)
    assert error_name(lambda: client.views_open(trigger_id=slack.mint_trigger(ANA), view=long)) == (
        "view_too_large"
    )
