"""Block Kit validation: what Slack refuses, with its explanation in response_metadata.messages."""

from __future__ import annotations

import pytest
from slack_fixtures import ANA, REVIEW, client_for
from slack_sdk.errors import SlackApiError

from sandbox.slack.blockkit import HOME, MESSAGE, MODAL, block_problems, view_problems


def section(text: str, kind: str = "mrkdwn") -> dict:
    return {"type": "section", "text": {"type": kind, "text": text}}


def button(text: str = "Open", action_id: str = "open", **extra: object) -> dict:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": text},
        "action_id": action_id,
        **extra,
    }


def option(label: str, value: str | None = None) -> dict:
    return {"text": {"type": "plain_text", "text": label}, "value": value or label}


def select(options: list[dict], **extra: object) -> dict:
    return {"type": "static_select", "action_id": "pick", "options": options, **extra}


def refusal(call) -> dict:
    with pytest.raises(SlackApiError) as raised:
        call()
    return raised.value.response.data


def test_fifty_blocks_are_accepted_and_fifty_one_are_refused_with_a_reason(slack):
    client = client_for(slack)
    assert client.chat_postMessage(channel=REVIEW, text="x", blocks=[{"type": "divider"}] * 50)
    body = refusal(
        lambda: client.chat_postMessage(channel=REVIEW, text="x", blocks=[{"type": "divider"}] * 51)
    )
    assert body["error"] == "invalid_blocks"
    assert body["response_metadata"]["messages"] == [
        "[ERROR] no more than 50 items allowed [json-pointer:/blocks]"
    ]
    assert len(slack.messages(REVIEW)) == 1


def test_a_bad_block_and_too_long_section_text_are_refused(slack):
    client = client_for(slack)
    unknown = refusal(
        lambda: client.chat_postMessage(channel=REVIEW, text="x", blocks=[{"type": "bogus"}])
    )
    assert unknown["error"] == "invalid_blocks"
    assert "unsupported type: bogus" in unknown["response_metadata"]["messages"][0]
    long = refusal(
        lambda: client.chat_postMessage(channel=REVIEW, text="x", blocks=[section("y" * 3001)])
    )
    assert long["response_metadata"]["messages"] == [
        "[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]"
    ]


def test_accepted_blocks_get_block_ids_and_action_ids_like_slack_gives_them(slack):
    client = client_for(slack)
    blocks = [
        section("R-0001"),
        {
            "type": "actions",
            "elements": [{"type": "button", "text": {"type": "plain_text", "text": "Sent"}}],
        },
    ]
    message = client.chat_postMessage(channel=REVIEW, text="x", blocks=blocks)["message"]
    assert all(block["block_id"] for block in message["blocks"])
    assert message["blocks"][1]["elements"][0]["action_id"]


@pytest.mark.parametrize(
    ("blocks", "expected"),
    [
        ([{"type": "header", "text": {"type": "mrkdwn", "text": "Hi"}}], "must be plain_text"),
        ([{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}], "less than 151"),
        ([section("")], "must be more than 0 characters"),
        ([{"type": "section", "text": "plain string"}], "must be a text object"),
        (
            [{"type": "section", "text": {"type": "mrkdwn", "text": "x", "emoji": True}}],
            "additional property: emoji",
        ),
        ([{"type": "section", "txt": {"type": "mrkdwn", "text": "x"}}], "additional property: txt"),
        ([{"type": "actions", "elements": [button("b" * 76)]}], "less than 76"),
        ([{"type": "actions", "elements": [button(action_id="a" * 256)]}], "less than 256"),
        ([{"type": "actions", "elements": [button(), button()]}], "duplicate action_id"),
        ([{"type": "actions", "elements": [button(style="green")]}], "primary, danger"),
        (
            [{"type": "actions", "elements": [{"type": "plain_text_input", "action_id": "t"}]}],
            "unsupported type here",
        ),
        (
            [section("a") | {"block_id": "x"}, section("b") | {"block_id": "x"}],
            "duplicate block_id",
        ),
        ([section("a") | {"block_id": "b" * 256}], "less than 256"),
        (
            [
                {
                    "type": "input",
                    "label": {"type": "plain_text", "text": "L"},
                    "element": {"type": "plain_text_input", "action_id": "t"},
                }
            ],
            "not allowed in a message",
        ),
        (
            [{"type": "actions", "elements": [select([option(str(n)) for n in range(101)])]}],
            "no more than 100 items",
        ),
        (
            [{"type": "actions", "elements": [select([option("a")], initial_option=option("b"))]}],
            "must match one of the provided options",
        ),
        (
            [
                {
                    "type": "actions",
                    "elements": [
                        {"type": "datepicker", "action_id": "d", "initial_date": "2024-13-01"}
                    ],
                }
            ],
            "YYYY-MM-DD",
        ),
        (
            [{"type": "context", "elements": [{"type": "mrkdwn", "text": "x"}] * 11}],
            "no more than 10 items",
        ),
    ],
)
def test_message_blocks_refused_with_a_reason(blocks, expected):
    problems = block_problems(blocks, MESSAGE)
    assert any(expected in problem for problem in problems), problems


def test_a_sound_message_passes():
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Referral R-0042"}},
        section("*Jane Doe* from Acme, referred by Alex Kim"),
        {"type": "section", "fields": [{"type": "mrkdwn", "text": "*Owner*\nBen"}] * 2},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "Logged by Ana"}]},
        {
            "type": "actions",
            "elements": [
                button("Sent", "sent", value="R-0042", style="primary"),
                select(
                    [option("2 days", "2d"), option("1 week", "1w")],
                    initial_option=option("2 days", "2d"),
                ),
                {"type": "overflow", "action_id": "more", "options": [option("Reassign")]},
            ],
        },
    ]
    assert block_problems(blocks, MESSAGE) == []


def modal(blocks: list[dict], **fields: object) -> dict:
    view = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "New referral"},
        "blocks": blocks,
    }
    view.update(fields)
    return view


def text_input(block_id: str = "lead") -> dict:
    label = {"type": "plain_text", "text": "Lead"}
    return {
        "type": "input",
        "block_id": block_id,
        "label": label,
        "element": {"type": "plain_text_input", "action_id": "v"},
    }


SUBMIT = {"type": "plain_text", "text": "Log"}


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (modal([section("x")], title={"type": "plain_text", "text": "t" * 25}), "less than 25"),
        (modal([section("x")], title={"type": "mrkdwn", "text": "t"}), "must be plain_text"),
        (modal([text_input()]), "must provide a submit property"),
        (modal([text_input()], submit={"type": "plain_text", "text": "s" * 25}), "less than 25"),
        (modal([section("x")], private_metadata="m" * 3001), "less than 3001"),
        (modal([section("x")], callback_id="c" * 256), "less than 256"),
        (modal([section("x")] * 101), "no more than 100 items allowed"),
        (modal([text_input("a"), text_input("a")], submit=SUBMIT), "duplicate block_id"),
        (
            modal(
                [
                    {
                        "type": "input",
                        "label": {"type": "plain_text", "text": "n"},
                        "element": {"type": "number_input", "action_id": "n"},
                    }
                ],
                submit=SUBMIT,
            ),
            "is_decimal_allowed",
        ),
        (modal([section("x")], type="home"), "must be modal"),
    ],
)
def test_modal_views_refused_with_a_reason(view, expected):
    problems = view_problems(view, MODAL)
    assert any(expected in problem for problem in problems), problems


def test_a_sound_modal_and_home_tab_pass():
    assert view_problems(modal([text_input(), section("x")], submit=SUBMIT), MODAL) == []
    home = {"type": "home", "blocks": [section("Your open referrals")] * 100}
    assert view_problems(home, HOME) == []


def test_views_open_refuses_a_bad_view_with_invalid_arguments(slack):
    trigger = slack.mint_trigger(ANA)
    body = refusal(
        lambda: client_for(slack).views_open(
            trigger_id=trigger,
            view=modal([section("x")], title={"type": "plain_text", "text": "t" * 30}),
        )
    )
    assert body["error"] == "invalid_arguments"
    assert "[json-pointer:/view/title/text]" in body["response_metadata"]["messages"][0]
    assert slack.views(ANA) == []
