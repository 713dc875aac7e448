"""Issue 11 end to end: a Won referral's reward taken from Pending eligibility to Paid by
coordinators pressing the review item's buttons (signed requests through Bolt), with the refusals
the rules promise, and the thank-you draft naming the reward only once Approved."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from e2e_support import COMPLETE, buttons, history, press, row

from bot.config import Settings
from bot.domain import referral as R
from sandbox.demo_firm import DEMO_TEAM, Person
from sandbox.workspace import LocalWorkspace

MONDAY_MORNING = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # 09:30 in London
BEA = Person("U0BEA", "bea", "Bea Cole", "bea@firm.example", "Coordinator", max_active="0")


@pytest.fixture
def ws(tmp_path) -> Iterator[LocalWorkspace]:
    settings = Settings(
        {
            "DATA_DIR": str(tmp_path),
            "FIRM_TIMEZONE": "Europe/London",
            "REWARD_POLICY": "fee",
            "REWARD_FEE_PERCENT": "5",
            "REWARD_SECOND_APPROVER_ABOVE": "500",
        }
    )
    team = (*DEMO_TEAM, BEA)
    with (
        time_machine.travel(MONDAY_MORNING, tick=True),
        LocalWorkspace(settings, tmp_path, team=team) as ws,
    ):
        yield ws


def review_item(ws: LocalWorkspace, referral_id: str) -> dict[str, Any]:
    """The morning review post holding the reward's line (one post, redrawn in place)."""
    review = ws.find_channel("referral-review")
    items = [
        m
        for m in ws.channel_messages(review)
        if any(b.get("block_id") == f"mline|{referral_id}|reward" for b in m.get("blocks", []))
    ]
    assert len(items) == 1, "one review item per reward"
    return items[0]


def reward_buttons(ws: LocalWorkspace, referral_id: str) -> list[tuple[str, str, str]]:
    """The buttons of the reward's own line, not the post's other lines."""
    wanted = f"mact|{referral_id}|reward"
    return [b for b in buttons(review_item(ws, referral_id)) if b[1] == wanted]


def press_on_review(ws: LocalWorkspace, referral_id: str, label: str):
    item = review_item(ws, referral_id)
    for text, block_id, action_id in reward_buttons(ws, referral_id):
        if text == label:
            return ws.press(item, block_id, action_id)
    raise AssertionError(f"no {label!r} on the review item of {referral_id}")


def labels(ws: LocalWorkspace, referral_id: str) -> list[str]:
    return [text for text, _, _ in reward_buttons(ws, referral_id)]


def won(ws: LocalWorkspace, reply: str = "won 8000") -> None:
    ws.refer(COMPLETE)  # logged by You (a Member), owned by Sam
    ws.as_user("Sam Lee")
    ws.reply(reply)
    assert row(ws, "R-0001")["Stage"] == R.WON
    review = ws.find_channel("referral-review")
    assert not [m for m in ws.channel_messages(review) if "reward" in str(m.get("blocks"))]
    ws.advance(timedelta(days=1))  # the next working morning: the review post lists it


def hidden(ws: LocalWorkspace, referral_id: str, header: str) -> str:
    """A cell of a hidden bot column, which `row` leaves out as a partner's view does."""
    ws.flush()
    headers, *grid = ws.sheets_person().rows("Referrals")
    (found,) = [r for r in grid if r and r[0] == referral_id]
    return found[headers.index(header)]


def refusals(ws: LocalWorkspace) -> list[str]:
    return [e.get("text", "") for e in ws.ephemerals()]


def test_a_won_reward_goes_from_pending_eligibility_to_paid(ws):
    won(ws, "won 12,000")
    first = row(ws, "R-0001")
    assert (first["Reward state"], first["Reward amount"]) == (R.REWARD_PENDING, "600.00")
    assert hidden(ws, "R-0001", "Won value") == "12,000.00"
    assert "600" in str(review_item(ws, "R-0001")["blocks"])  # 5% of the won value
    assert labels(ws, "R-0001") == ["Approve", "Edit amount", "Decline"]
    thanks_before = [m["text"] for m in dm_of(ws, "You")]

    ws.as_user("Ana Ruiz")
    press_on_review(ws, "R-0001", "Approve")  # 600 is above 500: a first approval
    assert row(ws, "R-0001")["Reward state"] == R.REWARD_AWAITING_APPROVAL
    press_on_review(ws, "R-0001", "Approve")  # the same coordinator again
    assert any("different coordinator" in t for t in refusals(ws))
    assert row(ws, "R-0001")["Reward state"] == R.REWARD_AWAITING_APPROVAL
    assert not any("reward" in t.casefold() for t in thanks_before)

    ws.as_user("Bea Cole")
    press_on_review(ws, "R-0001", "Approve")
    assert row(ws, "R-0001")["Reward state"] == R.REWARD_APPROVED
    (thanks,) = [m for m in dm_of(ws, "You") if "referral reward of 600" in str(m["blocks"])]
    assert "thank" in thanks["text"].casefold()
    assert labels(ws, "R-0001") == ["Mark paid", "Decline"]

    press_on_review(ws, "R-0001", "Mark paid")  # You, a Member: refused
    assert row(ws, "R-0001")["Reward state"] == R.REWARD_APPROVED
    ws.as_user("Ana Ruiz")
    press_on_review(ws, "R-0001", "Mark paid")
    paid = row(ws, "R-0001")
    assert paid["Reward state"] == R.REWARD_PAID
    assert hidden(ws, "R-0001", "Reward paid at") == paid["Updated at"]
    assert labels(ws, "R-0001") == []
    # The sweep's morning (the close-the-loop, escalated a working day after its draft DM)
    # lies between the first reward change and the others.
    assert history(ws, "R-0001")[-3:] == ["Reward change"] * 3
    assert history(ws, "R-0001").count("Reward change") == 4


def dm_of(ws: LocalWorkspace, name: str) -> list[dict[str, Any]]:
    ws.as_user(name)
    return ws.dms()


def test_a_member_pressing_approve_is_refused(ws):
    won(ws)
    ws.as_user("You")
    press_on_review(ws, "R-0001", "Approve")
    assert any("coordinators" in t.casefold() for t in refusals(ws))
    assert row(ws, "R-0001")["Reward state"] == R.REWARD_PENDING


def test_a_disputed_referral_cannot_be_approved(ws):
    won(ws)
    ws.as_user("Priya Shah")  # another referrer for the same lead: a conflict, now Disputed
    ws.refer(COMPLETE.replace("Alex Kim <alex@client.com>", "Pat Lee <pat@partner.com>"))
    assert row(ws, "R-0001")["Attribution confidence"] == R.CONFIDENCE_DISPUTED
    ws.as_user("Ana Ruiz")
    press_on_review(ws, "R-0001", "Approve")
    assert any("disputed" in t for t in refusals(ws))
    assert row(ws, "R-0001")["Reward state"] == R.REWARD_PENDING


def test_the_person_who_logged_it_cannot_approve(ws):
    ws.as_user("Ana Ruiz")
    ws.refer(COMPLETE)  # Ana, a coordinator, logs it herself
    ws.as_user("Sam Lee")
    ws.reply("won 4000")
    ws.advance(timedelta(days=1))  # the morning review post lists the reward
    ws.as_user("Ana Ruiz")
    press_on_review(ws, "R-0001", "Approve")
    assert any("another coordinator" in t for t in refusals(ws))
    assert row(ws, "R-0001")["Reward state"] == R.REWARD_PENDING
    ws.as_user("Bea Cole")
    press_on_review(ws, "R-0001", "Approve")  # 200: one approval is enough
    assert row(ws, "R-0001")["Reward state"] == R.REWARD_APPROVED


def home_buttons(view: dict[str, Any], referral_id: str) -> list[tuple[str, str, str]]:
    return [b for b in buttons(view) if referral_id in b[1]]


def test_app_home_lists_rewards_for_coordinators_and_acts_in_place(ws):
    won(ws, "won 4000")  # 5%: 200, one approval is enough
    ws.as_user("Ana Ruiz")
    home = ws.open_home()
    text = str(home["blocks"])
    assert "Rewards awaiting approval" in text and "Open disputes" in text
    (approve,) = [b for b in home_buttons(home, "R-0001") if b[0] == "Approve"]
    ws.press(home, approve[1], approve[2], in_view=True)
    assert row(ws, "R-0001")["Reward state"] == R.REWARD_APPROVED
    after = ws.home_view()
    assert [b[0] for b in home_buttons(after, "R-0001")] == ["Mark paid", "Decline"]

    ws.as_user("Sam Lee")  # an owner sees no rewards on their Home
    assert "Rewards awaiting approval" not in str(ws.open_home()["blocks"])


def test_edit_amount_and_decline_ask_in_a_form_that_explains_a_refusal(ws):
    won(ws, "won 8000")
    ws.as_user("Ana Ruiz")
    press_on_review(ws, "R-0001", "Edit amount")
    form = ws.modal()
    seen = ws.submit(form, {"reward_amount_input": {"reward_amount_input": "£5,000"}})
    assert "REWARD_FEE_CAP" in str(seen.answer)  # above the 1,000 cap: refused, form stays open
    assert row(ws, "R-0001")["Reward amount"] == "400.00"
    ws.submit(ws.modal(), {"reward_amount_input": {"reward_amount_input": "£450"}})
    assert (row(ws, "R-0001")["Reward state"], row(ws, "R-0001")["Reward amount"]) == (
        R.REWARD_AWAITING_APPROVAL,
        "450.00",
    )
    assert "450" in str(review_item(ws, "R-0001")["blocks"])

    press_on_review(ws, "R-0001", "Decline")
    seen = ws.submit(ws.modal(), {"reward_reason": {"reward_reason": " "}})
    assert "why" in str(seen.answer)
    ws.submit(ws.modal(), {"reward_reason": {"reward_reason": "already a client"}})
    assert row(ws, "R-0001")["Reward state"] == R.REWARD_DECLINED
    assert "already a client" in str(review_item(ws, "R-0001")["blocks"])
    assert labels(ws, "R-0001") == []


# --- claims for a missed referral ----------------------------------------------------------------


def file_claim(ws: LocalWorkspace, referral_id: str, values: dict[str, dict[str, Any]]):
    ws.refer(f"claim {referral_id}")
    form = ws.modal()
    assert form is not None and form["callback_id"] == "claim_modal"
    return ws.submit(form, values)


PAT = {
    "claim_referrer": {"claim_referrer": "Pat Lee"},
    "claim_email": {"claim_email": "pat@partner.com"},
    "claim_when": {"claim_when": "2026-02-20"},
    "claim_evidence": {"claim_evidence": "Pat emailed Ana about Jane on 20 Feb"},
}


def test_a_claim_decided_for_the_claimant_moves_the_credit_and_the_reward(ws):
    won(ws, "won 4000")  # Alex Kim credited; 5% = 200
    ws.as_user("Priya Shah")  # anyone at the firm can file a claim
    seen = file_claim(ws, "R-0001", {**PAT, "claim_evidence": {"claim_evidence": " "}})
    assert "evidence" in str(seen.answer).casefold()  # the form says what to fix
    ws.submit(ws.modal(), PAT)
    assert row(ws, "R-0001")["Attribution confidence"] == R.CONFIDENCE_DISPUTED
    assert "Pat Lee" in row(ws, "R-0001")["Conflict"]
    assert history(ws, "R-0001")[-1] == "Claim filed"

    ws.as_user("Ana Ruiz")
    press_on_review(ws, "R-0001", "Approve")
    assert any("disputed" in t for t in refusals(ws))
    review = ws.find_channel("referral-review")
    (card,) = [m for m in ws.channel_messages(review) if "conflict" in m.get("text", "").lower()]
    (give,) = [b for b in buttons(card) if "Pat Lee" in b[0]]
    ws.press(card, give[1], give[2])

    decided = row(ws, "R-0001")
    assert (decided["Referred by"], decided["Referrer email"]) == ("Pat Lee", "pat@partner.com")
    assert decided["Reward state"] == R.REWARD_PENDING
    press_on_review(ws, "R-0001", "Approve")
    assert row(ws, "R-0001")["Reward state"] == R.REWARD_APPROVED
    you = [str(m["blocks"]) for m in dm_of(ws, "You")]  # the thank-you owner
    assert any("recorded the introduction as yours" in t and "Hi Pat" in t for t in you)
    assert any("referral reward of 200" in t and "Hi Pat" in t for t in you)


def test_a_claim_after_the_window_is_refused_in_the_form(ws):
    ws.refer(COMPLETE)
    ws.advance(timedelta(days=61))
    seen = file_claim(ws, "R-0001", PAT)
    assert "CLAIM_WINDOW_DAYS" in str(seen.answer)
    assert row(ws, "R-0001")["Conflict"] == ""


def test_refer_claim_without_an_id_says_how(ws):
    ws.refer("claim")
    assert any("/refer claim R-0012" in e.get("text", "") for e in ws.ephemerals())


def test_the_won_button_asks_for_the_won_value_under_a_reward_policy(ws):
    ws.refer(COMPLETE)
    ws.as_user("Sam Lee")
    press(ws, "Won")
    form = ws.modal()
    assert form is not None and form["callback_id"] == "won_modal"
    seen = ws.submit(form, {"won_value": {"won_value": "lots"}})
    assert "not an amount" in str(seen.answer)
    assert row(ws, "R-0001")["Stage"] == R.NEW
    ws.submit(ws.modal(), {"won_value": {"won_value": "£9,000"}})
    won_row = row(ws, "R-0001")
    assert (won_row["Stage"], won_row["Reward amount"]) == (R.WON, "450.00")
    assert hidden(ws, "R-0001", "Won value") == "9,000.00"
    assert "Won" in str(ws.dms()[-1]["blocks"])  # the DM redrawn in place
