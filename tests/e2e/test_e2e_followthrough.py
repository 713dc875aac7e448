"""Issue 4's scenarios end to end: DMs answered with buttons and typed replies, the clock moved
forward, and the sheet and its Activity tab checked as a partner would read them."""

from __future__ import annotations

from e2e_support import COMPLETE, days, dm_texts, history, press, row

from bot.domain import dashboard as D
from bot.domain import referral as R


def test_from_refer_to_won_with_the_referrer_thanked_and_updated(ws):
    ws.refer(COMPLETE)  # logged by You, who also thanks the referrer
    assert row(ws, "R-0001")["Owner"] == "Sam Lee"

    press(ws, "Mark sent", about="thank")  # You sent the acknowledgment
    assert row(ws, "R-0001")["Thank-you status"] == R.THANKYOU_SENT

    ws.as_user("Sam Lee")
    press(ws, "Follow-up sent")
    assert (row(ws, "R-0001")["Stage"], row(ws, "R-0001")["Touches"]) == (R.CONTACTED, "1")

    report, _ = ws.advance(days(1))  # the referrer hears about the stage change
    assert ("R-0001", "referrer_update") in report.listed  # in your morning list
    ws.as_user("You")
    press(ws, "Mark sent", about="Tell Alex Kim how Jane Doe is going")

    ws.as_user("Sam Lee")
    ws.reply("won")
    assert row(ws, "R-0001")["Stage"] == R.WON
    ws.as_user("You")
    press(ws, "Mark sent", about="close the loop")

    final = row(ws, "R-0001")
    assert final["Referrer last updated"] and final["Next follow-up due"] == ""
    assert history(ws, "R-0001") == [
        "Logged",
        "Assigned",
        "Draft made",
        "Thank-you sent",
        "Touch",
        "Nudge sent",
        "Referrer updated",
        "Status change",
        "Referrer updated",
    ]
    report, _ = ws.advance(days(40))  # closed and told: nothing more to chase
    assert report.listed == [] and report.reviewed == [] and report.nudged == []


def test_a_lead_that_goes_quiet_is_closed_as_no_response(ws):
    ws.refer(COMPLETE)
    ws.as_user("Sam Lee")
    press(ws, "Follow-up sent")  # first contact, Monday
    report, _ = ws.advance(days(3))  # Thursday: three working days later
    assert ("R-0001", "second_touch") in report.listed
    press(ws, "Sent", about="Second touch")
    report, _ = ws.advance(days(6))  # the Tuesday after: seven working days after the first
    assert ("R-0001", "third_touch") in report.listed
    press(ws, "Sent", about="Third touch")
    report, _ = ws.advance(days(8))  # a week after the third touch, no reply
    assert ("R-0001", "close_no_response") in report.listed
    assert any(
        "Close as No response" in t or "no response" in t.lower() for t in dm_texts(ws, "Sam Lee")
    )

    press(ws, "No response")
    assert row(ws, "R-0001")["Stage"] == R.NO_RESPONSE
    assert row(ws, "R-0001")["Touches"] == "3"
    you = dm_texts(ws, "You")
    assert any("close the loop" in t.lower() for t in you)  # thanks the referrer anyway


def test_a_nudge_for_an_owner_outside_working_hours_waits_for_their_morning(ws):
    ws.refer(COMPLETE.replace("needs payroll help", "needs an audit"))  # Priya: audit
    assert row(ws, "R-0001")["Owner"] == "Priya Shah"
    report, _ = ws.advance(days(1) + days(10 / 24))  # Tuesday 19:30: after Priya's hours
    assert ("R-0001", "first_contact") not in report.listed
    report, _ = ws.advance(days(14 / 24))  # Wednesday 09:30
    assert ("R-0001", "first_contact") in report.listed


def test_a_person_editing_the_sheet_between_sweeps_is_picked_up(ws):
    ws.refer(COMPLETE)
    ws.flush()
    person = ws.sheets_person()
    person.set_cell("Referrals", ws.cell_of("R-0001", "Owner"), "Priya Shah")
    person.append_row("Referrals", ["", "", "Walk In", "Payroll Co", "", "", "Front desk"])
    ws.advance(days(0.01))
    person.sort_rows("Referrals", "Lead name", descending=False)
    person.set_cell("Referrals", ws.cell_of("R-0001", "Stage"), R.IN_CONVERSATION)
    ws.advance(days(0.01))

    assert row(ws, "R-0001")["Owner"] == "Priya Shah"
    assert any("New referral" in t or "now yours" in t for t in dm_texts(ws, "Priya Shah"))
    walk_in = row(ws, "R-0002")
    assert walk_in["Lead name"] == "Walk In" and walk_in["Channel"] == R.CHANNEL_SHEET
    assert walk_in["Stage"] == R.NEW and walk_in["Owner"]
    assert history(ws, "R-0001").count("Edited in sheet") == 2


def test_they_replied_moves_to_in_conversation_and_stops_the_chasing(ws):
    ws.refer(COMPLETE)
    ws.as_user("Sam Lee")
    press(ws, "Follow-up sent")
    press(ws, "They replied")
    assert row(ws, "R-0001")["Stage"] == R.IN_CONVERSATION

    report, _ = ws.advance(days(8))  # no second or third touch while they talk
    assert not [step for _, step in report.listed if step.endswith("touch")]
    assert ("R-0001", "referrer_update") in report.listed  # the referrer hears of the progress


def test_a_coordinator_reopens_a_closed_referral_from_her_dm(ws):
    ws.refer(COMPLETE)
    ws.as_user("Sam Lee")
    ws.reply("won")
    ws.reply("reopen R-0001")  # Sam is not a coordinator
    assert row(ws, "R-0001")["Stage"] == R.WON

    ws.as_user("Ana Ruiz")
    ws.reply("reopen R-0001")
    assert row(ws, "R-0001")["Stage"] == R.NEW
    assert history(ws, "R-0001")[-1] == "Status change"


def test_the_sweep_keeps_the_dashboard_current(ws):
    ws.refer(COMPLETE)
    ws.advance(days(1))

    headers, grid = ws.sheet_rows("Dashboard")
    figures = {row[0]: row[1:4] for row in [headers, *grid][: D.UPDATED_ROW]}
    assert headers[:4] == list(D.HEADLINE_HEADER)
    assert figures["Submissions"] == ["1", "1", "1"]
    assert figures["Thank-you sent rate"][2] == "0%"
    person = ws.sheets_person()
    assert person.cell("Dashboard", "D2")["effectiveValue"] == {"numberValue": 1}
    assert len(person.charts("Dashboard")) == 2
