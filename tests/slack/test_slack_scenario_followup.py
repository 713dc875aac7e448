"""Owners answering their DMs (buttons and typed replies) and coordinators deciding conflicts,
through real signed requests; the DMs themselves come from the real SlackNotifier."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from slack_support import COORD, OTHER, OWNER, REVIEW, THANKER, TZ, draft, referral, wait_for

from bot.domain import referral as R
from bot.domain.conflicts import claim_key
from bot.slack import ids
from bot.slack.blocks.common import actions, button, mrkdwn
from bot.slack.shown import Shown


def owner_dm(bot, slack, desk):
    ref = bot.notifier.owner_assigned(desk.referrals["R-0012"], OWNER, draft())
    channel, ts = ref.split(":")
    return channel, message_at(slack, channel, ts)


def message_at(slack, channel, ts):
    return next(m for m in slack.messages(channel) if m["ts"] == ts)


def updated(slack, channel, ts):
    """The message once the bot has redrawn it (it does so after the ack)."""
    return wait_for(lambda: (m := message_at(slack, channel, ts)).get("edited") and m)


def shown(message) -> str:
    return json.dumps(message.get("blocks", []), ensure_ascii=False)


def action_ids(message) -> list[str]:
    found = []
    for block in message.get("blocks", []):
        found += [e["action_id"] for e in block.get("elements", []) if "action_id" in e]
        if "accessory" in block:
            found.append(block["accessory"]["action_id"])
    return found


def test_followup_sent_calls_the_desk_and_updates_the_dm_in_place(bot, slack, desk):
    channel, dm = owner_dm(bot, slack, desk)
    bot.driver.block_action(OWNER, ids.FOLLOWUP_SENT, "R-0012", container_message=dm)
    after = updated(slack, channel, dm["ts"])
    ((referral_id, actor, status),) = desk.called("record_followup")
    assert (referral_id, actor.user_id, status) == ("R-0012", OWNER, R.FOLLOWUP_SENT)
    assert f"<@{OWNER}> marked *Follow-up sent*" in shown(after)
    assert "Stage: *Contacted*" in shown(after)
    assert "Alex Kim suggested we talk" in shown(after)  # the draft is still there
    assert ids.FOLLOWUP_SENT in action_ids(after)  # open: the owner can answer again later
    assert len(slack.dm_messages(OWNER)) == 1  # updated, not re-posted


def test_someone_else_pressing_is_refused_privately_and_the_dm_stays(bot, slack, desk):
    channel, dm = owner_dm(bot, slack, desk)
    bot.driver.block_action(OTHER, ids.WAITING_REPLY, "R-0012", container_message=dm)
    refusal = wait_for(lambda: slack.ephemerals(OTHER))[-1]
    assert "Only Sam Owner, the thank-you owner or a coordinator" in refusal["text"]
    assert slack.ephemerals(OWNER) == []
    assert "edited" not in message_at(slack, channel, dm["ts"])


def test_snooze_buttons_and_date_picker(bot, slack, desk):
    channel, dm = owner_dm(bot, slack, desk)
    bot.driver.block_action(
        OWNER, ids.SNOOZE_PICK, container_message=dm, selected_date="2026-12-01"
    )
    after = updated(slack, channel, dm["ts"])
    ((_, _, until),) = desk.called("snooze")
    assert until == datetime(2026, 12, 1, 0, 0, tzinfo=ZoneInfo(TZ))
    assert "snoozed this until" in shown(after)


def test_snoozing_into_the_past_is_explained(bot, slack, desk):
    _, dm = owner_dm(bot, slack, desk)
    bot.driver.block_action(
        OWNER, ids.SNOOZE_PICK, container_message=dm, selected_date="2020-01-01"
    )
    answer = wait_for(lambda: slack.ephemerals(OWNER))[-1]
    assert "Pick a time in the future" in answer["text"]


def test_reassign_hands_over_and_removes_the_buttons(bot, slack, desk):
    channel, dm = owner_dm(bot, slack, desk)
    bot.driver.block_action(OWNER, ids.REASSIGN, container_message=dm, selected_user=THANKER)
    after = updated(slack, channel, dm["ts"])
    assert desk.called("reassign")[0][2] == THANKER
    assert f"reassigned this to <@{THANKER}>" in shown(after)
    assert ids.FOLLOWUP_SENT not in action_ids(after)


def test_won_closes_and_the_buttons_go(bot, slack, desk):
    channel, dm = owner_dm(bot, slack, desk)
    bot.driver.block_action(OWNER, ids.CLOSE_WON, "R-0012", container_message=dm)
    after = updated(slack, channel, dm["ts"])
    assert desk.called("close")[0][2] == R.WON
    assert "closed this as *Won*" in shown(after)
    assert ids.CLOSE_WON not in action_ids(after)


def test_not_a_fit_asks_the_reason_then_closes(bot, slack, desk):
    channel, dm = owner_dm(bot, slack, desk)
    bot.driver.block_action(OWNER, ids.CLOSE_NOT_A_FIT, "R-0012", container_message=dm)
    modal = wait_for(lambda: slack.views(OWNER))[-1]
    assert modal["callback_id"] == ids.NOT_A_FIT_MODAL
    response = bot.driver.submit_view(
        OWNER, modal, {ids.NOT_A_FIT_REASON: {ids.NOT_A_FIT_REASON: "budget"}}
    )
    assert response.status_code == 200 and slack.views(OWNER) == []
    ((referral_id, _, stage, reason),) = desk.called("close")
    assert (referral_id, stage, reason) == ("R-0012", R.NOT_A_FIT, "budget")
    after = updated(slack, channel, dm["ts"])
    assert "closed this as *Not a fit* (budget)" in shown(after)


def test_not_a_fit_refused_shows_in_the_modal(bot, slack, desk):
    _, dm = owner_dm(bot, slack, desk)
    bot.driver.block_action(OTHER, ids.CLOSE_NOT_A_FIT, "R-0012", container_message=dm)
    modal = wait_for(lambda: slack.views(OTHER))[-1]
    response = bot.driver.submit_view(
        OTHER, modal, {ids.NOT_A_FIT_REASON: {ids.NOT_A_FIT_REASON: "budget"}}
    )
    assert response.json()["response_action"] == "errors"
    assert "Only Sam Owner" in response.json()["errors"][ids.NOT_A_FIT_REASON]


def test_mark_sent_on_the_thankyou_dm(bot, slack, desk):
    ref = bot.notifier.thankyou_assigned(desk.referrals["R-0012"], THANKER, draft("acknowledgment"))
    channel, ts = ref.split(":")
    dm = message_at(slack, channel, ts)
    bot.driver.block_action(THANKER, ids.MARK_SENT, "R-0012|acknowledgment", container_message=dm)
    after = updated(slack, channel, ts)
    ((referral_id, actor, name),) = desk.called("mark_sent")
    assert (referral_id, actor.user_id, name) == ("R-0012", THANKER, "acknowledgment")
    assert ids.MARK_SENT not in action_ids(after)
    assert "marked the thank-you to the referrer as sent" in shown(after)


def test_open_email_is_acknowledged(bot, slack, desk):
    _, dm = owner_dm(bot, slack, desk)
    response = bot.driver.block_action(OWNER, ids.OPEN_EMAIL, "R-0012", container_message=dm)
    assert response.status_code == 200
    assert desk.calls == []


# --- conflicts in the review channel -------------------------------------------------------------


PAT_CLAIM = "Also referred by Pat Lee <pat@partner.com> on 2026-03-02 09:30 (evidence: none given)"
PAT = claim_key("Pat Lee", "pat@partner.com")
LIVE_CARD = [ids.CONFLICT_CREDIT, ids.CONFLICT_CREDIT, ids.CONFLICT_CLAIM]


def review_message(bot, slack, desk):
    desk.referrals["R-0012"] = desk.referrals["R-0012"].with_changes({"conflict": PAT_CLAIM})
    ref = bot.notifier.conflict_flagged(desk.referrals["R-0012"], "Pat Lee", OTHER)
    channel, ts = ref.split(":")
    assert channel == REVIEW  # REVIEW_CHANNEL is a name; the notifier found its ID
    return channel, message_at(slack, channel, ts)


def press_credit(bot, user, message, claim):
    block_id = f"claim|R-0012|{claim}"
    return bot.driver.block_action(
        user, ids.CONFLICT_CREDIT, f"R-0012|{claim}", block_id=block_id, container_message=message
    )


def test_a_member_pressing_a_conflict_button_is_refused(bot, slack, desk):
    channel, message = review_message(bot, slack, desk)
    press_credit(bot, OTHER, message, PAT)
    refusal = wait_for(lambda: slack.ephemerals(OTHER))[-1]
    assert "Only coordinators and admins" in refusal["text"]
    assert "edited" not in message_at(slack, channel, message["ts"])
    assert action_ids(message_at(slack, channel, message["ts"])) == LIVE_CARD


def test_a_coordinator_decides_the_claim_pressed_and_the_buttons_are_replaced(bot, slack, desk):
    channel, message = review_message(bot, slack, desk)
    press_credit(bot, COORD, message, PAT)
    after = updated(slack, channel, message["ts"])
    assert desk.called("resolve_conflict")[0][2] == PAT
    assert f"Decided by <@{COORD}>: credit goes to *Pat Lee*" in shown(after)
    assert action_ids(after) == []


def test_an_older_card_pressed_after_the_decision_decides_nothing_and_is_redrawn(bot, slack, desk):
    channel, older = review_message(bot, slack, desk)
    bot.notifier.shown = Shown()  # the older card was posted before the bot kept a record
    _, newer = review_message(bot, slack, desk)  # a later claim posts a card of its own
    press_credit(bot, COORD, newer, PAT)
    updated(slack, channel, newer["ts"])
    press_credit(bot, COORD, older, claim_key("Alex Kim", ""))
    refusal = wait_for(lambda: slack.ephemerals(COORD))[-1]
    assert "already decided" in refusal["text"]
    assert desk.referrals["R-0012"].referred_by == "Pat Lee"
    assert action_ids(updated(slack, channel, older["ts"])) == []


def old_card(bot, slack, desk):
    """A card as the bot drew them before each claim had its own button."""
    desk.referrals["R-0012"] = desk.referrals["R-0012"].with_changes({"conflict": PAT_CLAIM})
    old = [
        {"type": "section", "block_id": "summary|R-0012", "text": mrkdwn("Possible conflict")},
        actions(
            "review|R-0012",
            [
                button("Keep credit with Alex Kim", ids.CONFLICT_KEEP_FIRST, "R-0012"),
                button("Give credit to Pat Lee", ids.CONFLICT_GIVE_SECOND, "R-0012"),
            ],
        ),
    ]
    posted = bot.notifier.client.chat_postMessage(channel=REVIEW, text="conflict", blocks=old)
    return REVIEW, message_at(slack, REVIEW, posted["ts"])


def test_a_button_of_a_card_posted_before_claims_had_keys_redraws_the_card(bot, slack, desk):
    channel, message = old_card(bot, slack, desk)
    bot.driver.block_action(COORD, ids.CONFLICT_GIVE_SECOND, "R-0012", container_message=message)
    after = updated(slack, channel, message["ts"])
    assert desk.called("resolve_conflict") == []  # it cannot say which claim it meant
    assert action_ids(after) == LIVE_CARD
    assert "pick the claim" in wait_for(lambda: slack.ephemerals(COORD))[-1]["text"].lower()


# --- typed replies in the DM ---------------------------------------------------------------------


def bot_replies(slack, user):
    return [m for m in slack.dm_messages(user) if m.get("bot_id")]


def test_typed_sent_with_one_open_referral(bot, slack, desk):
    bot.driver.message_im(OWNER, "sent")
    answer = wait_for(lambda: bot_replies(slack, OWNER))[-1]
    assert desk.called("mark_done")[0][0] == "R-0012"
    assert "R-0012" in answer["text"] and "first contact as sent" in answer["text"]


def test_typed_reply_naming_the_referral(bot, slack, desk):
    desk.referrals["R-0013"] = referral(id="R-0013", lead_name="Joe Bloggs")
    bot.driver.message_im(OWNER, "R-0013 not a fit: budget")
    wait_for(lambda: bot_replies(slack, OWNER))
    assert desk.called("close") and desk.called("close")[0][0::2] == ("R-0013", R.NOT_A_FIT)
    assert desk.called("close")[0][3] == "budget"


def test_typed_reply_with_several_open_asks_which(bot, slack, desk):
    desk.referrals["R-0013"] = referral(id="R-0013")
    bot.driver.message_im(OWNER, "won")
    answer = wait_for(lambda: bot_replies(slack, OWNER))[-1]
    assert "2 open referrals — which one?" in answer["text"]
    assert desk.called("close") == []


def test_unclear_reply_gets_help(bot, slack, desk):
    bot.driver.message_im(OWNER, "what is this?")
    answer = wait_for(lambda: bot_replies(slack, OWNER))[-1]
    assert "I didn't catch that" in answer["text"] and "snooze 2d" in answer["text"]
    assert [name for name, _ in desk.calls] == []


def test_typed_reply_refused_is_explained(bot, slack, desk):
    bot.driver.message_im(OTHER, "R-0012 won")
    answer = wait_for(lambda: slack.ephemerals(OTHER) or bot_replies(slack, OTHER))[-1]
    assert "Only Sam Owner" in answer["text"]


def test_not_a_fit_from_app_home_redraws_home(bot, slack, desk):
    bot.driver.app_home_opened(OWNER)
    home = wait_for(lambda: slack.home_view(OWNER))
    bot.driver.block_action(OWNER, ids.CLOSE_NOT_A_FIT, "R-0012", view=home)
    modal = wait_for(lambda: slack.views(OWNER))[-1]
    bot.driver.submit_view(
        OWNER, modal, {ids.NOT_A_FIT_REASON: {ids.NOT_A_FIT_REASON: "too small"}}
    )
    wait_for(lambda: slack.calls["views.publish"] == 2)
    assert desk.called("close")[0][3] == "too small"
    assert "R-0012" not in json.dumps(slack.home_view(OWNER)["blocks"])  # closed: off the list
