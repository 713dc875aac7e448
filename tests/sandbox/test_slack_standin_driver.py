"""The Driver sends a real Bolt app, served over HTTP, what Slack sends; acks come back as Slack sees them."""

from __future__ import annotations

import time
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from slack_fixtures import (
    ANA,
    BEN,
    GENERAL,
    bolt_app,
    client_for,
    served,
    simple_modal,
    wait_for,
)

from sandbox.slack import Driver, DriverError, SlackRejected

SECOND = simple_modal(callback_id="second", title={"type": "plain_text", "text": "Confirm"})
SNOOZE = {
    "type": "static_select",
    "action_id": "snooze",
    "options": [
        {"text": {"type": "plain_text", "text": "2 days"}, "value": "2d"},
        {"text": {"type": "plain_text", "text": "1 week"}, "value": "1w"},
    ],
}
REMINDER = [
    {"type": "section", "text": {"type": "mrkdwn", "text": "R-0001 is due"}},
    {
        "type": "actions",
        "block_id": "nudge",
        "elements": [
            {
                "type": "button",
                "text": {"type": "plain_text", "text": "Sent"},
                "action_id": "sent",
                "value": "R-0001",
            },
            SNOOZE,
        ],
    },
]


def register(app, heard: list) -> None:
    @app.command("/refer")
    def refer(ack, body, client):
        if body["text"] == "help":
            ack("Type /refer with a name, or nothing to open the form.")
        else:
            ack()
            client.views_open(
                trigger_id=body["trigger_id"], view=simple_modal(notify_on_close=True)
            )
        heard.append(("command", body["text"], body["user_id"]))

    @app.view("refer")
    def submitted(ack, view):
        name = view["state"]["values"]["lead"]["name"]["value"]
        answers = {
            "bad": {"response_action": "errors", "errors": {"lead": "Give a full name"}},
            "push": {"response_action": "push", "view": SECOND},
            "update": {"response_action": "update", "view": SECOND},
            "clear": {"response_action": "clear"},
            "broken": {"response_action": "errors", "errors": {"nowhere": "?"}},
        }
        ack(**answers.get(name, {}))
        heard.append(("submitted", name))

    @app.view_closed("refer")
    def closed(ack, view):
        ack()
        heard.append(("closed", view["id"]))

    @app.action("sent")
    def sent(ack, body, respond):
        ack()
        respond(replace_original=True, text="R-0001 marked sent")
        heard.append(("sent", body["actions"][0]["value"], body["container"]["type"]))

    @app.action("snooze")
    def snooze(ack, body):
        ack()
        heard.append(("snooze", body["actions"][0]["selected_option"]["value"]))

    @app.action("refresh")
    def refresh(ack, body):
        ack()
        heard.append(("refresh", body["container"]["type"], body["view"]["id"]))

    @app.shortcut("log_referral")
    def shortcut(ack, body):
        ack()
        heard.append(("shortcut", body["message"]["text"], body["channel"]["id"]))

    @app.event("app_home_opened")
    def home(event, client):
        home_view = {
            "type": "home",
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "2 open"}}],
        }
        client.views_publish(user_id=event["user"], view=home_view)

    @app.event("message")
    def direct_message(event):
        heard.append(("dm", event["text"], event["channel_type"]))


@pytest.fixture
def bot(slack):
    heard: list = []
    app = bolt_app(slack)
    register(app, heard)
    with served(app) as url, Driver(slack, url) as driver:
        yield SimpleNamespace(driver=driver, heard=heard)


def open_modal(bot, slack, user_id: str = ANA) -> dict:
    assert bot.driver.slash_command(user_id, "").status_code == 200
    return wait_for(lambda: slack.views(user_id))[-1]


def test_a_signed_slash_command_is_acked_and_reaches_its_listener(bot, slack):
    response = bot.driver.slash_command(ANA, "Jane Doe <jane@acme.com>", channel_id=GENERAL)
    assert (response.status_code, response.text) == (200, "")
    wait_for(lambda: bot.heard)
    assert bot.heard == [("command", "Jane Doe <jane@acme.com>", ANA)]
    assert slack.calls["auth.test"] == 1


def test_forged_and_stale_requests_are_refused_with_401(bot):
    body = urlencode({"command": "/refer", "text": "x", "user_id": ANA}).encode()
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    forged = bot.driver.send_raw(body, {**form, **bot.driver.sign(body, secret="not-the-secret")})
    stale_time = int(time.time()) - 5 * 60 - 5
    stale = bot.driver.send_raw(body, {**form, **bot.driver.sign(body, timestamp=stale_time)})
    unsigned = bot.driver.send_raw(body, form)
    assert [forged.status_code, stale.status_code, unsigned.status_code] == [401, 401, 401]
    bot.driver.slash_command(BEN, "after")
    wait_for(lambda: bot.heard)
    assert bot.heard == [("command", "after", BEN)]


def test_a_command_ack_with_text_is_shown_to_that_user(bot, slack):
    bot.driver.slash_command(ANA, "help")
    [reply] = slack.ephemerals(ANA)
    assert reply["text"].startswith("Type /refer") and reply["via"] == "ack"


def test_the_listener_opens_a_modal_with_the_commands_trigger(bot, slack):
    view = open_modal(bot, slack)
    assert view["callback_id"] == "refer"


def test_a_view_submission_reaches_its_listener_and_closes_the_modal(bot, slack):
    view = open_modal(bot, slack)
    response = bot.driver.submit_view(ANA, view, {"lead": {"name": "Jane Doe"}})
    assert (response.status_code, response.text) == (200, "")
    assert slack.views(ANA) == []
    wait_for(lambda: ("submitted", "Jane Doe") in bot.heard)


def test_response_action_errors_come_back_and_keep_the_modal_open(bot, slack):
    view = open_modal(bot, slack)
    response = bot.driver.submit_view(ANA, view, {"lead": {"name": "bad"}})
    assert response.json() == {"response_action": "errors", "errors": {"lead": "Give a full name"}}
    [still_open] = slack.views(ANA)
    assert still_open["state"]["values"]["lead"]["name"]["value"] == "bad"


@pytest.mark.parametrize(
    ("answer", "titles"),
    [("push", ["New referral", "Confirm"]), ("update", ["Confirm"]), ("clear", [])],
)
def test_push_update_and_clear_answers_change_the_stack(bot, slack, answer, titles):
    view = open_modal(bot, slack)
    bot.driver.submit_view(ANA, view, {"lead": {"name": answer}})
    assert [v["title"]["text"] for v in slack.views(ANA)] == titles


def test_an_answer_slack_would_refuse_raises(bot, slack):
    view = open_modal(bot, slack)
    with pytest.raises(SlackRejected, match="not an input block"):
        bot.driver.submit_view(ANA, view, {"lead": {"name": "broken"}})


def test_the_driver_refuses_what_a_person_could_not_do(bot, slack):
    view = open_modal(bot, slack)
    with pytest.raises(DriverError, match="required"):
        bot.driver.submit_view(ANA, view, {})
    with pytest.raises(DriverError, match="no input block"):
        bot.driver.submit_view(ANA, view, {"elsewhere": {"name": "x"}})
    with pytest.raises(DriverError, match="characters"):
        bot.driver.submit_view(ANA, view, {"lead": {"name": "x" * 81}})
    wait_for(lambda: bot.heard)
    assert bot.heard == [("command", "", ANA)]  # no submission reached the bot


def test_closing_a_modal_with_notify_on_close_tells_the_bot(bot, slack):
    view = open_modal(bot, slack)
    assert bot.driver.close_view(ANA).status_code == 200
    assert slack.views(ANA) == []
    wait_for(lambda: ("closed", view["id"]) in bot.heard)


def test_a_button_in_a_message_reaches_its_listener_and_can_replace_the_message(bot, slack):
    client_for(slack).chat_postMessage(channel=GENERAL, text="R-0001 is due", blocks=REMINDER)
    [message] = slack.messages(GENERAL)
    response = bot.driver.block_action(ANA, "sent", container_message=message)
    assert response.status_code == 200
    wait_for(lambda: ("sent", "R-0001", "message") in bot.heard)
    wait_for(lambda: slack.messages(GENERAL)[0]["text"] == "R-0001 marked sent")


def test_a_select_carries_the_chosen_option(bot, slack):
    client_for(slack).chat_postMessage(channel=GENERAL, text="R-0001 is due", blocks=REMINDER)
    [message] = slack.messages(GENERAL)
    bot.driver.block_action(ANA, "snooze", container_message=message, selected_option="1w")
    wait_for(lambda: ("snooze", "1w") in bot.heard)
    with pytest.raises(DriverError, match="no option"):
        bot.driver.block_action(ANA, "snooze", container_message=message, selected_option="1y")
    with pytest.raises(DriverError, match="no element"):
        bot.driver.block_action(ANA, "archive", container_message=message)


def test_a_message_shortcut_carries_the_message(bot, slack):
    typed = slack.post_as_user(BEN, GENERAL, "Meet Jane, she needs payroll help")
    assert bot.driver.open_shortcut(ANA, "log_referral", typed, GENERAL).status_code == 200
    wait_for(lambda: ("shortcut", "Meet Jane, she needs payroll help", GENERAL) in bot.heard)


def test_events_reach_the_bot(bot, slack):
    assert bot.driver.app_home_opened(BEN).status_code == 200
    wait_for(lambda: slack.home_view(BEN))
    assert bot.driver.message_im(BEN, "sent").status_code == 200
    wait_for(lambda: ("dm", "sent", "im") in bot.heard)
    assert [m["text"] for m in slack.dm_messages(BEN)] == ["sent"]


def test_a_button_on_the_home_tab_carries_the_view(bot, slack):
    button = {
        "type": "button",
        "text": {"type": "plain_text", "text": "Refresh"},
        "action_id": "refresh",
    }
    home = {"type": "home", "blocks": [{"type": "actions", "elements": [button]}]}
    published = client_for(slack).views_publish(user_id=BEN, view=home)["view"]
    assert bot.driver.block_action(BEN, "refresh", view=published).status_code == 200
    wait_for(lambda: ("refresh", "view", published["id"]) in bot.heard)
    with pytest.raises(DriverError, match="not open"):
        bot.driver.block_action(ANA, "refresh", view=published)
