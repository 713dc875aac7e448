"""Tokens as Slack checks them: per-method scopes, token kinds, private channels the bot is not in,
and DMs to bots."""

from __future__ import annotations

import pytest
from slack_fixtures import ANA, BEN, GENERAL, TOKEN, client_for, seeded_standin
from slack_sdk.errors import SlackApiError

from sandbox.slack.tokens import manifest_bot_scopes

SECRET_ROOM = "G0SECRET"


@pytest.fixture
def slack():
    """The bot token as installing manifest.json grants it, nothing more."""
    standin = seeded_standin()
    standin.tokens.set_scopes(TOKEN, manifest_bot_scopes())
    yield standin
    standin.stop()


def error_of(call) -> dict:
    with pytest.raises(SlackApiError) as caught:
        call()
    return caught.value.response.data


def test_every_answer_says_which_scopes_the_token_has(slack):
    response = client_for(slack).auth_test()
    granted = set(response.headers["X-OAuth-Scopes"].split(","))
    assert granted == set(manifest_bot_scopes())


def test_a_method_without_its_scope_is_missing_scope_with_needed_and_provided(slack):
    slack.tokens.set_scopes(TOKEN, {"users:read"})
    body = error_of(lambda: client_for(slack).chat_postMessage(channel=GENERAL, text="hi"))
    assert body["error"] == "missing_scope"
    assert body["needed"] == "chat:write" and body["provided"] == "users:read"


def test_email_comes_back_only_with_users_read_email(slack):
    client = client_for(slack)
    assert "email" not in client.users_info(user=ANA)["user"]["profile"]
    slack.tokens.set_scopes(TOKEN, manifest_bot_scopes() | {"users:read.email"})
    assert client.users_info(user=ANA)["user"]["profile"]["email"] == "ana@firm.test"


def test_reading_a_channels_history_needs_that_kind_of_channels_scope(slack):
    client = client_for(slack)
    slack.tokens.set_scopes(TOKEN, manifest_bot_scopes() - {"channels:history"})
    body = error_of(lambda: client.conversations_history(channel=GENERAL))
    assert body["needed"] == "channels:history"
    dm = client.conversations_open(users=BEN)["channel"]["id"]
    assert client.conversations_history(channel=dm)["ok"]  # im:history is in the manifest


def test_an_app_level_token_is_refused_by_the_web_api_methods(slack):
    slack.tokens.add("xapp-1-test", kind="app")
    app = client_for(slack, token="xapp-1-test")
    body = error_of(lambda: app.chat_postMessage(channel=GENERAL, text="hi"))
    assert body["error"] == "not_allowed_token_type"


def test_a_private_channel_the_bot_is_not_in_does_not_exist_for_it(slack):
    slack.add_channel(SECRET_ROOM, "partners", members=[ANA], is_private=True, bot_is_member=False)
    client = client_for(slack)
    listed = client.conversations_list(types="public_channel,private_channel")["channels"]
    assert SECRET_ROOM not in {c["id"] for c in listed}
    body = error_of(lambda: client.chat_postMessage(channel=SECRET_ROOM, text="hi"))
    assert body["error"] == "channel_not_found"
    assert error_of(lambda: client.conversations_join(channel=SECRET_ROOM))["error"] == (
        "channel_not_found"
    )


def test_the_bot_joins_a_public_channel_with_channels_join_then_may_post(slack):
    slack.add_channel("C0LOBBY", "lobby", members=[ANA], bot_is_member=False)
    client = client_for(slack)
    assert error_of(lambda: client.chat_postMessage(channel="C0LOBBY", text="hi"))["error"] == (
        "not_in_channel"
    )
    joined = client.conversations_join(channel="C0LOBBY")
    assert joined["channel"]["is_member"] and "warning" not in joined
    assert client.chat_postMessage(channel="C0LOBBY", text="hi")["ok"]
    assert client.conversations_join(channel="C0LOBBY")["warning"] == "already_in_channel"


def test_a_bot_cannot_be_sent_a_dm(slack):
    slack.add_user("U0OTHERBOT", "otherbot", "Other Bot", is_bot=True)
    body = error_of(lambda: client_for(slack).conversations_open(users="U0OTHERBOT"))
    assert body["error"] == "cannot_dm_bot"
