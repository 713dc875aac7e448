"""Issue 7's "capture you can check and undo" through signed requests: the one-line `/refer`
confirmation shows what was understood, Edit corrects the same row, Undo withdraws it (never
deletes), and after ten minutes Undo says plainly that it is too late and what to do."""

from __future__ import annotations

from datetime import timedelta

from e2e_support import buttons, history, row, rows

LINE = "Jane Doe <jane@acme.com> from Alex Kim <alex@client.com>: needs payroll help"


def confirmation(ws) -> dict:
    (found,) = [e for e in ws.ephemerals() if "This is what I understood" in str(e.get("blocks"))]
    return found


def press(ws, message: dict, label: str):
    block, action = next((b, a) for text, b, a in buttons(message) if text == label)
    return ws.press(message, block, action)


def test_the_confirmation_shows_what_was_understood_with_edit_and_undo(ws):
    ws.refer(LINE)
    shown = str(confirmation(ws)["blocks"])
    for part in ("Jane Doe", "jane@acme.com", "Alex Kim (alex@client.com)", "needs payroll help"):
        assert part in shown
    assert [label for label, _, _ in buttons(confirmation(ws))] == ["Edit", "Undo"]


def test_undo_marks_the_row_withdrawn_and_keeps_it(ws):
    ws.refer(LINE)
    press(ws, confirmation(ws), "Undo")
    ws.flush()

    assert len(rows(ws)) == 1  # never deleted
    assert row(ws, "R-0001")["Stage"] == "Withdrawn"
    assert row(ws, "R-0001")["Next follow-up due"] == ""
    assert history(ws, "R-0001")[-1] == "Withdrawn"
    assert any("Withdrew *R-0001*" in e.get("text", "") for e in ws.ephemerals())
    ws.as_user("Sam Lee")  # the owner who had the new referral is told
    assert any("withdrew it" in m.get("text", "") for m in ws.dms())
    before = {}
    for name in ("Sam Lee", "You"):
        ws.as_user(name)
        before[name] = len(ws.dms())
    ws.advance(timedelta(days=2))
    for name in ("Sam Lee", "You"):  # nothing to chase: no reminder, no referrer update
        ws.as_user(name)
        assert len(ws.dms()) == before[name], name


def test_undo_after_ten_minutes_says_it_is_too_late_and_what_to_do(ws):
    ws.refer(LINE)
    message = confirmation(ws)
    ws.advance(timedelta(minutes=11))
    press(ws, message, "Undo")
    ws.flush()

    assert row(ws, "R-0001")["Stage"] == "New"
    said = " ".join(e.get("text", "") for e in ws.ephemerals())
    assert "can no longer be undone" in said and "Edit" in said and "coordinator" in said


def test_edit_opens_the_form_prefilled_and_corrects_the_same_row(ws):
    ws.refer("Smith, John <john@acme.com> from Alex Kim: tax")
    press(ws, confirmation(ws), "Edit")
    view = ws.modal()
    prefilled = {
        b["block_id"]: b["element"].get("initial_value", "")
        for b in view["blocks"]
        if b["type"] == "input"
    }
    assert (prefilled["lead_name"], prefilled["lead_email"]) == ("John Smith", "john@acme.com")
    assert "owner" not in prefilled  # owners move by Reassign, not by a correction

    ws.submit(view, {"company": {"company": "Acme Ltd"}, "lead_name": {"lead_name": "Jon Smith"}})
    ws.flush()
    assert len(rows(ws)) == 1
    corrected = row(ws, "R-0001")
    assert (corrected["Lead name"], corrected["Company"]) == ("Jon Smith", "Acme Ltd")
    assert history(ws, "R-0001")[-1] == "Edited"


def test_someone_else_cannot_undo_my_referral(ws):
    ws.refer(LINE)
    message = confirmation(ws)
    ws.as_user("Priya Shah")
    press(ws, message, "Undo")
    ws.flush()
    assert row(ws, "R-0001")["Stage"] == "New"
    assert any("Only the person who logged" in e.get("text", "") for e in ws.ephemerals())
