"""The Web API subset through the real slack_sdk WebClient over HTTP: auth, arguments, shapes."""

from __future__ import annotations

import json
import urllib.request

import pytest
from slack_fixtures import ANA, BEN, CARA, GENERAL, REVIEW, TOKEN, client_for
from slack_sdk.errors import SlackApiError


def error_of(call) -> tuple[int, dict]:
    with pytest.raises(SlackApiError) as raised:
        call()
    return raised.value.response.status_code, raised.value.response.data


def raw_post(slack, method: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:
    request = urllib.request.Request(slack.api_url + method, data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def test_auth_test_names_the_bot(client, slack):
    answer = client.auth_test()
    assert answer["user_id"] == slack.bot_user_id
    assert answer["team_id"] == slack.team.team_id
    assert answer["bot_id"] == slack.team.bot_id


def test_a_missing_token_is_not_authed_and_a_wrong_one_is_invalid(slack):
    assert error_of(lambda: client_for(slack, token=None).auth_test())[1]["error"] == "not_authed"
    wrong = client_for(slack, token="xoxb-wrong")
    assert error_of(lambda: wrong.auth_test())[1]["error"] == "invalid_auth"


def test_the_token_is_read_from_a_form_field_but_not_from_json_or_the_query(slack):
    form = f"token={TOKEN}&channel={REVIEW}&text=hi".encode()
    status, body = raw_post(
        slack, "chat.postMessage", form, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert (status, body["ok"]) == (200, True)
    as_json = json.dumps({"token": TOKEN, "channel": REVIEW, "text": "hi"}).encode()
    _, body = raw_post(slack, "chat.postMessage", as_json, {"Content-Type": "application/json"})
    assert body == {"ok": False, "error": "not_authed"}
    in_query = f"chat.postMessage?token={TOKEN}"
    _, body = raw_post(
        slack,
        in_query,
        b"channel=C01&text=hi",
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert body == {"ok": False, "error": "not_authed"}


def test_form_only_methods_ignore_json_arguments(client):
    # users.info takes form arguments only; Slack ignores a JSON body's fields.
    _, body = error_of(lambda: client.api_call("users.info", json={"user": ANA}))
    assert body["error"] == "user_not_found"
    assert client.api_call("users.info", params={"user": ANA})["user"]["id"] == ANA


def test_an_unknown_method_is_404_unknown_method(client, slack):
    status, body = error_of(lambda: client.api_call("chat.scheduleMessage", json={}))
    assert (status, body) == (404, {"ok": False, "error": "unknown_method"})
    assert slack.calls["chat.scheduleMessage"] == 1


def test_post_message_answers_like_slack(client, slack):
    answer = client.chat_postMessage(channel=REVIEW, text="New referral R-0001")
    assert answer["channel"] == REVIEW
    message = answer["message"]
    assert message["ts"] == answer["ts"]
    assert message["text"] == "New referral R-0001"
    assert message["user"] == slack.bot_user_id
    assert message["bot_id"] == slack.team.bot_id
    assert slack.messages(REVIEW) == [message]


def test_ts_values_are_unique_increasing_slack_timestamps(slack, client):
    slack.rate_limits.enabled = False  # twenty in a row is about timestamps here, not pace
    stamps = [client.chat_postMessage(channel=REVIEW, text=str(n))["ts"] for n in range(20)]
    assert len(set(stamps)) == 20
    assert stamps == sorted(stamps, key=float)
    seconds, micros = stamps[0].split(".")
    assert seconds.isdigit() and len(micros) == 6


def test_a_channel_can_be_named_by_id_or_name(client):
    assert client.chat_postMessage(channel="#referral-review", text="x")["channel"] == REVIEW
    assert client.chat_postMessage(channel="general", text="x")["channel"] == GENERAL


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"channel": "C404", "text": "x"}, "channel_not_found"),
        ({"channel": REVIEW}, "no_text"),
        ({"channel": REVIEW, "text": "x" * 40_001}, "msg_too_long"),
        ({"channel": REVIEW, "blocks": "not json"}, "invalid_blocks_format"),
    ],
)
def test_post_message_refusals(client, kwargs, error):
    status, body = error_of(lambda: client.chat_postMessage(**kwargs))
    assert (status, body["error"]) == (200, error)


def test_forty_thousand_characters_are_still_accepted(client):
    assert client.chat_postMessage(channel=REVIEW, text="x" * 40_000)["ok"]


def test_the_bot_must_be_in_a_channel_to_post(client, slack):
    slack.add_channel("C09", "partners-only", members=[ANA], bot_is_member=False)
    assert error_of(lambda: client.chat_postMessage(channel="C09", text="x"))[1]["error"] == (
        "not_in_channel"
    )


def test_conversations_open_gives_one_dm_channel_per_user(client, slack):
    first = client.conversations_open(users=BEN)
    again = client.conversations_open(users=BEN)
    assert first["channel"]["id"].startswith("D")
    assert again["channel"]["id"] == first["channel"]["id"]
    assert again["already_open"] is True
    client.chat_postMessage(channel=first["channel"]["id"], text="Nudge: R-0001 is due")
    assert [m["text"] for m in slack.dm_messages(BEN)] == ["Nudge: R-0001 is due"]


def test_posting_to_a_user_id_lands_in_their_dm(client, slack):
    answer = client.chat_postMessage(channel=CARA, text="hello")
    assert answer["channel"] == slack.dm_channel(CARA)
    assert slack.dm_messages(CARA)[0]["text"] == "hello"


def test_conversations_open_refusals(client):
    assert error_of(lambda: client.conversations_open(users="U404"))[1]["error"] == "user_not_found"
    no_users = error_of(lambda: client.api_call("conversations.open", json={}))
    assert no_users[1]["error"] == "users_list_not_supplied"


def test_users_info(client):
    user = client.users_info(user=BEN)["user"]
    assert (user["name"], user["real_name"], user["tz"]) == ("ben", "Ben Owner", "America/New_York")
    assert user["profile"]["email"] == "ben@firm.test"
    assert user["tz_offset"] in (-5 * 3600, -4 * 3600)
    assert error_of(lambda: client.users_info(user="U404"))[1]["error"] == "user_not_found"


def test_post_ephemeral_is_kept_for_that_user_only(client, slack):
    answer = client.chat_postEphemeral(channel=REVIEW, user=ANA, text="Only you can see this")
    assert answer["message_ts"]
    assert [e["text"] for e in slack.ephemerals(ANA)] == ["Only you can see this"]
    assert slack.ephemerals(BEN) == []
    assert slack.messages(REVIEW) == []
    outsider = error_of(lambda: client.chat_postEphemeral(channel=REVIEW, user=CARA, text="x"))
    assert outsider[1]["error"] == "user_not_in_channel"


def test_chat_update_edits_the_bots_message_in_place(client, slack):
    posted = client.chat_postMessage(channel=REVIEW, text="R-0001: New")
    updated = client.chat_update(channel=REVIEW, ts=posted["ts"], text="R-0001: Contacted")
    assert updated["ts"] == posted["ts"]
    [message] = slack.messages(REVIEW)
    assert message["text"] == "R-0001: Contacted"
    assert "edited" in message
    gone = error_of(lambda: client.chat_update(channel=REVIEW, ts="1.000001", text="x"))
    assert gone[1]["error"] == "message_not_found"


def test_chat_update_refuses_messages_the_bot_did_not_post(client, slack):
    typed = slack.post_as_user(ANA, REVIEW, "my own words")
    refused = error_of(lambda: client.chat_update(channel=REVIEW, ts=typed["ts"], text="x"))
    assert refused[1]["error"] == "cant_update_message"


def test_get_permalink_points_at_the_message(client):
    posted = client.chat_postMessage(channel=REVIEW, text="x")
    link = client.chat_getPermalink(channel=REVIEW, message_ts=posted["ts"])["permalink"]
    assert link.endswith(f"/archives/{REVIEW}/p{posted['ts'].replace('.', '')}")
    missing = error_of(lambda: client.chat_getPermalink(channel=REVIEW, message_ts="1.000001"))
    assert missing[1]["error"] == "message_not_found"


def test_conversations_list_pages_through_public_channels(client):
    first = client.conversations_list(limit=1)
    assert len(first["channels"]) == 1
    cursor = first["response_metadata"]["next_cursor"]
    second = client.conversations_list(limit=1, cursor=cursor)
    names = {first["channels"][0]["name"], second["channels"][0]["name"]}
    assert names == {"referral-review", "general"}
    assert second["response_metadata"]["next_cursor"] == ""


def test_every_call_is_recorded_without_its_token(client, slack):
    client.chat_postMessage(channel=REVIEW, text="x")
    client.users_info(user=ANA)
    assert slack.calls["chat.postMessage"] == 1
    assert slack.calls["users.info"] == 1
    method, args, response = slack.requests[-2]
    assert method == "chat.postMessage"
    assert args["channel"] == REVIEW and "token" not in args
    assert response["ok"] is True
    assert TOKEN not in json.dumps([list(call) for call in slack.requests])


def test_form_encoded_calls_carry_blocks_and_views_as_json_strings(client, slack):
    blocks = json.dumps([{"type": "section", "text": {"type": "mrkdwn", "text": "*R-0001*"}}])
    posted = client.api_call("chat.postMessage", params={"channel": REVIEW, "blocks": blocks})
    assert posted["message"]["blocks"][0]["text"]["text"] == "*R-0001*"
    view = json.dumps(
        {
            "type": "modal",
            "title": {"type": "plain_text", "text": "Referral"},
            "blocks": [{"type": "divider"}],
        }
    )
    trigger = slack.mint_trigger(ANA)
    opened = client.api_call("views.open", params={"trigger_id": trigger, "view": view})
    assert opened["view"]["title"]["text"] == "Referral"
