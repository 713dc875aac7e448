"""Capture through real signed requests: /refer, the modal and the "Log as referral" shortcut."""

from __future__ import annotations

import json

from slack_support import GENERAL, OTHER, OWNER, referral, wait_for

from bot.domain.referral import CHANNEL_SHORTCUT, CHANNEL_SLASH
from bot.services.types import ReferOutcome, Submission
from bot.slack import ids
from bot.slack.forms import ModalMetadata

COMPLETE = "Jane Doe <jane@acme.com> from Alex Kim: needs payroll help"


def open_modal(slack, user):
    return wait_for(lambda: slack.views(user))[-1]


def block(view, block_id):
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)


def submission(**fields) -> Submission:
    return Submission(
        fields={"lead_name": "Jane Doe", "referred_by": "Alex Kim", **fields}, channel=CHANNEL_SLASH
    )


def test_refer_without_text_opens_the_modal(bot, slack, desk):
    response = bot.driver.slash_command(OTHER, "")
    assert response.status_code == 200
    view = open_modal(slack, OTHER)
    assert view["callback_id"] == ids.REFER_MODAL
    assert ModalMetadata.load(view["private_metadata"]).channel == GENERAL
    assert desk.calls == []  # nothing slow happened before the modal


def test_refer_help_answers_in_the_ack(bot, slack):
    bot.driver.slash_command(OTHER, "help")
    reply = wait_for(lambda: slack.ephemerals(OTHER))[-1]
    assert "/refer list" in reply["text"] and "snooze 2d" in reply["text"]


def test_complete_text_is_logged_at_once_and_confirmed_ephemerally(bot, slack, desk):
    desk.parsed = submission(lead_email="jane@acme.com")
    desk.outcomes = [ReferOutcome("logged", referral=referral())]
    bot.driver.slash_command(OTHER, COMPLETE)
    reply = wait_for(lambda: slack.ephemerals(OTHER))[-1]
    shown = json.dumps(reply)
    assert "Logged *R-0012* Jane Doe, Acme" in shown
    assert f"<@{OWNER}>" in shown
    assert "https://sheet.example/edit#gid=0&range=A0012" in shown
    (parsed_text,) = desk.called("parse_refer_text")
    assert parsed_text == (COMPLETE,)
    ((sent, actor),) = desk.called("refer")
    assert actor.user_id == OTHER
    assert sent.idempotency_key  # the command's trigger ID: a retried command logs nothing new
    assert slack.views(OTHER) == []


def test_slack_escaped_text_reaches_the_parser_as_typed(bot, slack, desk):
    desk.parsed = {"lead_name": "Jane Doe", "_missing": "referred_by"}
    bot.driver.slash_command(OTHER, "Jane Doe &lt;<mailto:jane@acme.com|jane@acme.com>&gt;")
    open_modal(slack, OTHER)
    assert desk.called("parse_refer_text") == [("Jane Doe <jane@acme.com>",)]


def test_incomplete_text_opens_the_modal_prefilled(bot, slack, desk):
    desk.parsed = {
        "lead_name": "Jane Doe",
        "lead_email": "jane@acme.com",
        "_missing": "referred_by",
    }
    bot.driver.slash_command(OTHER, "Jane Doe jane@acme.com")
    view = open_modal(slack, OTHER)
    assert block(view, "lead_name")["element"]["initial_value"] == "Jane Doe"
    assert block(view, "lead_email")["element"]["initial_value"] == "jane@acme.com"
    assert "Still needed: referred by." in json.dumps(view["blocks"][0])
    assert desk.called("refer") == []


def test_invalid_complete_text_opens_the_modal_with_the_problem(bot, slack, desk):
    desk.parsed = submission(lead_email="jane@")
    desk.outcomes = [ReferOutcome("invalid", errors={"lead_email": "Check the email address."})]
    bot.driver.slash_command(OTHER, "Jane Doe jane@ from Alex Kim")
    view = open_modal(slack, OTHER)
    assert "Check the email address." in json.dumps(view["blocks"])
    assert block(view, "lead_email")["element"]["initial_value"] == "jane@"


def test_list_and_find_reply_ephemerally(bot, slack, desk):
    bot.driver.slash_command(OWNER, "list")
    listed = wait_for(lambda: slack.ephemerals(OWNER))[-1]
    assert "Your open referrals (1)" in listed["text"]
    assert "R-0012" in json.dumps(listed["blocks"])
    bot.driver.slash_command(OWNER, "find nobody")
    wait_for(lambda: len(slack.ephemerals(OWNER)) == 2)
    assert "No referral matches “nobody”" in slack.ephemerals(OWNER)[-1]["text"]
    assert desk.called("find") == [("nobody",)]


# --- the modal -----------------------------------------------------------------------------------


def fill(view_values: dict[str, str]) -> dict[str, dict[str, str]]:
    return {key: {key: value} for key, value in view_values.items()}


def test_modal_with_bad_input_shows_inline_errors(bot, slack, desk):
    bot.driver.slash_command(OTHER, "")
    view = open_modal(slack, OTHER)
    desk.outcomes = [ReferOutcome("invalid", errors={"lead_email": "That email has no domain."})]
    response = bot.driver.submit_view(
        OTHER, view, fill({"lead_name": "Jane", "referred_by": "Alex", "lead_email": "jane@"})
    )
    assert response.json() == {
        "response_action": "errors",
        "errors": {"lead_email": "That email has no domain."},
    }
    assert slack.views(OTHER)[-1]["id"] == view["id"]  # still open for the fix


def test_possible_duplicate_asks_then_logs_once_confirmed(bot, slack, desk):
    bot.driver.slash_command(OTHER, "")
    view = open_modal(slack, OTHER)
    desk.outcomes = [
        ReferOutcome("needs_confirmation", referral=referral()),
        ReferOutcome("logged", referral=referral(id="R-0013")),
    ]
    typed = fill({"lead_name": "Jane Doe", "referred_by": "Alex Kim", "company": "Acme"})
    response = bot.driver.submit_view(OTHER, view, typed)
    assert response.json()["response_action"] == "update"
    asked = slack.views(OTHER)[-1]
    assert block(asked, "lead_name")["element"]["initial_value"] == "Jane Doe"  # kept
    assert "*R-0012* Jane Doe, Acme" in json.dumps(asked["blocks"])
    bot.driver.submit_view(
        OTHER, asked, {**typed, ids.CONFIRM_NEW_LEAD: {ids.CONFIRM_NEW_LEAD: ids.SOMEONE_ELSE}}
    )
    first, second = (args[0] for args in desk.called("refer"))
    assert first.confirmed_new_lead is False and second.confirmed_new_lead is True
    assert second.same_lead_as == ""
    # The same modal, submitted twice: one key, so the desk writes one row.
    assert first.idempotency_key == second.idempotency_key == view["id"]
    confirmation = wait_for(lambda: slack.ephemerals(OTHER))[-1]
    assert confirmation["channel"] == GENERAL and "R-0013" in json.dumps(confirmation)
    assert slack.views(OTHER) == []


def test_merged_and_conflict_outcomes_are_explained(bot, slack, desk):
    for outcome, expected in (
        (ReferOutcome("merged", referral=referral()), "already logged as *R-0012*"),
        (ReferOutcome("conflict", referral=referral()), "already referred by Alex Kim"),
    ):
        bot.driver.slash_command(OTHER, "")
        view = open_modal(slack, OTHER)
        desk.outcomes = [outcome]
        before = len(slack.ephemerals(OTHER))
        bot.driver.submit_view(
            OTHER, view, fill({"lead_name": "Jane Doe", "referred_by": "Pat Lee"})
        )
        reply = wait_for(lambda n=before: slack.ephemerals(OTHER)[n:])[-1]
        assert expected in json.dumps(reply)


def test_confirmation_falls_back_to_a_dm_where_the_bot_cannot_post(bot, slack, desk):
    slack.add_channel("C0SECRET", "secret", members=[OTHER], is_private=True, bot_is_member=False)
    bot.driver.slash_command(OTHER, "", channel_id="C0SECRET")
    view = open_modal(slack, OTHER)
    desk.outcomes = [ReferOutcome("logged", referral=referral())]
    bot.driver.submit_view(OTHER, view, fill({"lead_name": "Jane Doe", "referred_by": "Alex Kim"}))
    dm = wait_for(lambda: slack.dm_messages(OTHER))[-1]
    assert "Logged *R-0012*" in json.dumps(dm)


# --- the message shortcut ------------------------------------------------------------------------


def test_log_as_referral_prefills_from_the_message_with_its_permalink(bot, slack, desk):
    text = "Intro: Jane Doe <mailto:jane@acme.com|jane@acme.com> from Alex Kim — wants a quote"
    message = slack.post_as_user(OTHER, GENERAL, text)
    desk.parsed = {
        "lead_name": "Jane Doe",
        "lead_email": "jane@acme.com",
        "_missing": "referred_by",
    }
    bot.driver.open_shortcut(OTHER, ids.SHORTCUT_LOG_AS_REFERRAL, message, GENERAL)
    view = open_modal(slack, OTHER)
    plain = "Intro: Jane Doe jane@acme.com from Alex Kim — wants a quote"
    assert block(view, "context")["element"]["initial_value"] == plain
    assert block(view, "lead_name")["element"]["initial_value"] == "Jane Doe"
    meta = ModalMetadata.load(view["private_metadata"])
    assert meta.channel == GENERAL and meta.source == CHANNEL_SHORTCUT
    assert meta.evidence.endswith(f"/archives/{GENERAL}/p{message['ts'].replace('.', '')}")
    desk.outcomes = [ReferOutcome("logged", referral=referral())]
    bot.driver.submit_view(
        OTHER, view, fill({"lead_name": "Jane Doe", "referred_by": "Alex Kim", "context": plain})
    )
    ((sent, _),) = desk.called("refer")
    assert sent.evidence_link == meta.evidence and sent.channel == CHANNEL_SHORTCUT
