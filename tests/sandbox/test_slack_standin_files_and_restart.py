"""files_upload_v2 end to end, and a workspace that survives a restart."""

from __future__ import annotations

import urllib.request

import pytest
from slack_fixtures import (
    ANA,
    BEN,
    EVERY_SCOPE,
    REVIEW,
    client_for,
    seeded_standin,
    simple_modal,
)
from slack_sdk.errors import SlackApiError

from sandbox.slack import SlackStandIn


def test_files_upload_v2_shares_the_file_into_the_channel(slack):
    client = client_for(slack)
    answer = client.files_upload_v2(
        channel=REVIEW,
        content=b"\x89PNG chart bytes",
        filename="weekly.png",
        title="Referrals this week",
        initial_comment="Weekly digest",
    )
    file = answer["file"]
    assert file["title"] == "Referrals this week"
    assert file["mimetype"] == "image/png"
    assert slack.file_content(file["id"]) == b"\x89PNG chart bytes"
    [message] = slack.messages(REVIEW)
    assert message["text"] == "Weekly digest"
    assert message["files"][0]["id"] == file["id"]
    assert [c for c in slack.calls if c.startswith("files.") or c == "upload"] == [
        "files.getUploadURLExternal",
        "upload",
        "files.completeUploadExternal",
    ]


def test_the_shared_file_is_in_the_channels_history_as_a_file_share(slack):
    client = client_for(slack)
    shared = client.files_upload_v2(
        channel=REVIEW, content=b"\x89PNG", filename="chart.png", initial_comment="Chart"
    )["file"]
    (message,) = client.conversations_history(channel=REVIEW)["messages"]
    assert message["upload"] is True and message["user"] == slack.team.bot_user_id
    assert [(f["id"], f["name"], f["size"]) for f in message["files"]] == [
        (shared["id"], "chart.png", 4)
    ]
    assert REVIEW in shared["channels"]


def test_sharing_into_a_channel_the_bot_is_not_in_is_not_in_channel_and_shares_nothing(slack):
    slack.add_channel("C0LOBBY", "lobby", members=[ANA], bot_is_member=False)
    client = client_for(slack)
    ticket = client.files_getUploadURLExternal(filename="chart.png", length=4)
    urllib.request.urlopen(
        urllib.request.Request(ticket["upload_url"], data=b"\x89PNG", method="POST"), timeout=5
    ).close()
    with pytest.raises(SlackApiError) as raised:
        client.files_completeUploadExternal(files=[{"id": ticket["file_id"]}], channel_id="C0LOBBY")
    assert raised.value.response["error"] == "not_in_channel"
    assert slack.messages("C0LOBBY") == []
    # Nothing was half done: the same upload completes once the bot is in a channel.
    done = client.files_completeUploadExternal(files=[{"id": ticket["file_id"]}], channel_id=REVIEW)
    assert done["files"][0]["id"] == ticket["file_id"]


def test_completing_without_files_is_invalid_arguments(slack):
    with pytest.raises(SlackApiError) as raised:
        client_for(slack).api_call(
            "files.completeUploadExternal", json={"files": [], "channel_id": REVIEW}
        )
    assert raised.value.response["error"] == "invalid_arguments"


def test_completing_an_upload_that_never_arrived_is_file_not_found(slack):
    client = client_for(slack)
    ticket = client.files_getUploadURLExternal(filename="a.csv", length=3)
    with pytest.raises(SlackApiError) as raised:
        client.files_completeUploadExternal(files=[{"id": ticket["file_id"]}], channel_id=REVIEW)
    assert raised.value.response["error"] == "file_not_found"


def test_get_upload_url_requires_a_length(slack):
    with pytest.raises(SlackApiError) as raised:
        client_for(slack).files_getUploadURLExternal(filename="a.csv", length=0)
    assert raised.value.response["error"] == "missing_argument"


def test_the_upload_url_refuses_unknown_files(slack):
    request = urllib.request.Request(slack.root_url + "upload/v1/F404", data=b"x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=5)
    raised.value.close()
    assert raised.value.code == 404


def test_the_workspace_survives_a_restart(tmp_path):
    db = tmp_path / "slack.json"
    first = seeded_standin(db_path=db)
    client = client_for(first)
    posted = client.chat_postMessage(channel=REVIEW, text="R-0001 logged")
    dm = client.conversations_open(users=BEN)["channel"]["id"]
    client.chat_postMessage(channel=dm, text="You own R-0001")
    client.views_open(trigger_id=first.mint_trigger(ANA), view=simple_modal())
    client.views_publish(user_id=BEN, view={"type": "home", "blocks": [{"type": "divider"}]})
    first.stop()

    second = SlackStandIn(bot_token=first.bot_token, db_path=db).start()
    second.tokens.set_scopes(first.bot_token, EVERY_SCOPE)
    try:
        client = client_for(second)
        assert [m["text"] for m in second.messages(REVIEW)] == ["R-0001 logged"]
        assert second.dm_messages(BEN)[0]["text"] == "You own R-0001"
        assert client.conversations_open(users=BEN)["channel"]["id"] == dm
        assert client.users_info(user=ANA)["user"]["real_name"] == "Ana Coordinator"
        assert len(second.views(ANA)) == 1 and second.home_view(BEN) is not None
        later = client.chat_postMessage(channel=REVIEW, text="R-0002 logged")
        assert float(later["ts"]) > float(posted["ts"])
        assert client.conversations_open(users="U03")["channel"]["id"] != dm
    finally:
        second.stop()
