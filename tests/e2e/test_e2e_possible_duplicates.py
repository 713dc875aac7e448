"""Issue 7 end to end: the referral form asks about a possible duplicate (a similar name only),
and the answer is recorded — "same person" on the existing record as the rules say, "someone
else" as a new record — through signed requests to the bot, as Slack sends them."""

from __future__ import annotations

from e2e_support import COMPLETE, history, row, rows

from bot.domain import referral as R
from bot.slack import ids
from sandbox.workspace import LocalWorkspace


def similar(referrer: str) -> dict[str, dict[str, str]]:
    """The form filled for "Jane Do" with a free-mail address: only the name is like R-0001's."""
    return {
        "lead_name": {"lead_name": "Jane Do"},
        "lead_email": {"lead_email": "jd@gmail.com"},
        "referred_by": {"referred_by": referrer},
    }


def asked(ws: LocalWorkspace, referrer: str) -> dict[str, dict[str, str]]:
    ws.refer(COMPLETE)  # R-0001 Jane Doe, from Alex Kim
    ws.as_user("Sam Lee")
    ws.refer("")  # no text opens the form
    values = similar(referrer)
    ws.submit(ws.modal(), values)
    question = ws.modal()
    assert question is not None and "R-0001" in str(question["blocks"])
    assert ids.CONFIRM_NEW_LEAD in str(question["blocks"])
    return values


def answer(ws: LocalWorkspace, values: dict, choice: str):
    return ws.submit(ws.modal(), {**values, ids.CONFIRM_NEW_LEAD: {ids.CONFIRM_NEW_LEAD: choice}})


def test_same_person_from_another_referrer_becomes_a_conflict_not_a_dropped_claim(ws):
    values = asked(ws, "Bea Tran")
    seen = answer(ws, values, ids.SAME_PERSON)
    assert not seen.problem and ws.modal() is None
    assert len(rows(ws)) == 1
    jane = row(ws, "R-0001")
    assert "Also referred by Bea Tran" in jane["Conflict"] and jane["Referred by"] == "Alex Kim"
    assert jane["Attribution confidence"] == R.CONFIDENCE_DISPUTED
    assert history(ws, "R-0001")[-1] == "Conflict flagged"
    review = ws.find_channel("referral-review")
    (card,) = [m for m in ws.channel_messages(review) if "Conflict on" in m.get("text", "")]
    assert "Credit Bea Tran" in str(card["blocks"])
    assert any("already referred by Alex Kim" in e.get("text", "") for e in ws.ephemerals())


def test_same_person_from_the_same_referrer_is_a_merge_note(ws):
    values = asked(ws, "Alex Kim")
    answer(ws, values, ids.SAME_PERSON)
    assert len(rows(ws)) == 1 and row(ws, "R-0001")["Conflict"] == ""
    assert history(ws, "R-0001")[-1] == "Duplicate merged"
    assert any("added a note" in e.get("text", "") for e in ws.ephemerals())


def test_someone_else_logs_a_new_record(ws):
    values = asked(ws, "Bea Tran")
    answer(ws, values, ids.SOMEONE_ELSE)
    assert [r["ID"] for r in rows(ws)] == ["R-0001", "R-0002"]
    assert row(ws, "R-0002")["Lead name"] == "Jane Do"
    assert row(ws, "R-0001")["Conflict"] == ""
