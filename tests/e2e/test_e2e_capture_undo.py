"""Issue 7's "capture you can check and undo" through signed requests: the one-line `/refer`
confirmation shows what was understood, Edit corrects the same row, Undo withdraws it (never
deletes), and after ten minutes Undo says plainly that it is too late and what to do."""

from __future__ import annotations

from datetime import timedelta

from e2e_support import buttons, history, row, rows

from bot.slack import ids

LINE = "Jane Doe <jane@acme.com> from Alex Kim <alex@client.com>: needs payroll help"


def confirmation(ws) -> dict:
    """The newest one."""
    return [e for e in ws.ephemerals() if "This is what I understood" in str(e.get("blocks"))][-1]


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


def test_after_undo_the_owners_and_thank_you_dms_are_redrawn_without_buttons(ws):
    ws.refer(LINE)
    ws.as_user("Sam Lee")
    ws.open_home()
    ws.as_user("You")
    press(ws, confirmation(ws), "Undo")
    ws.flush()

    for name, first in (("Sam Lee", "New referral"), ("You", "thank")):
        ws.as_user(name)
        (dm,) = [m for m in ws.dms() if first.lower() in m.get("text", "").lower()]
        assert dm.get("edited"), name  # the same message, redrawn in place
        assert buttons(dm) == [], name  # no follow-up, no draft left to mark sent
        assert "withdrew it: it was logged in error" in str(dm["blocks"]), name
    ws.as_user("Sam Lee")
    (dm,) = [m for m in ws.dms() if "New referral" in m.get("text", "")]
    assert "Withdrawn" in str(dm["blocks"])  # its state line
    ws.open_home()
    assert buttons(ws.home_view() or {}) == []  # the App Home no longer lists it


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


def edit(ws, **values: str) -> None:
    """Edit on the newest confirmation, the form submitted with `values` changed."""
    press(ws, confirmation(ws), "Edit")
    ws.submit(ws.modal(), {key: {key: value} for key, value in values.items()})
    ws.flush()


def test_an_edit_that_changes_the_routing_moves_the_dm_to_the_new_owner(ws):
    ws.refer(LINE)  # payroll: Sam Lee's
    edit(ws, context="needs an audit")  # audit: Priya Shah's, as a new capture would be routed

    assert row(ws, "R-0001")["Owner"] == "Priya Shah"
    assert history(ws, "R-0001")[-2:] == ["Edited", "Assigned"]
    said = " ".join(e.get("text", "") for e in ws.ephemerals())
    assert "it now goes to *Priya Shah*" in said
    ws.as_user("Sam Lee")
    (old,) = [m for m in ws.dms() if "New referral" in m.get("text", "")]
    assert old.get("edited") and buttons(old) == []  # not his: nothing left to press
    assert "moved it to Priya Shah" in str(old["blocks"])
    ws.as_user("Priya Shah")
    (new,) = [m for m in ws.dms() if "New referral" in m.get("text", "")]
    labels = [label for label, _, _ in buttons(new)]
    assert "Follow-up sent" in labels and "Mark sent" in labels
    assert "needs an audit" in str(new["blocks"])


def test_an_edit_redraws_the_owners_dm_with_the_corrected_details(ws):
    ws.refer(LINE)
    edit(ws, lead_name="Janet Doe", lead_email="janet@acme.com")

    ws.as_user("Sam Lee")
    (dm,) = [m for m in ws.dms() if "New referral" in m.get("text", "")]
    shown = str(dm["blocks"])
    assert dm.get("edited") and "Janet Doe" in shown and "janet@acme.com" in shown
    assert "Hi Janet" in shown and "jane@acme.com" not in shown  # the draft, drawn again
    assert "corrected the details" in shown
    assert "Follow-up sent" in [label for label, _, _ in buttons(dm)]  # still his to follow up


def test_an_edit_to_a_lead_already_logged_asks_and_records_it_there(ws):
    ws.refer(LINE)  # R-0001 Jane Doe, from Alex Kim
    ws.refer("Bob Stone <bob@stone.com> from Alex Kim: needs payroll help")
    values = {"lead_name": {"lead_name": "Jane Do"}, "lead_email": {"lead_email": "jd@gmail.com"}}
    press(ws, confirmation(ws), "Edit")  # the newest: R-0002's
    ws.submit(ws.modal(), values)
    question = ws.modal()  # a similar name only: asked, as a new capture would be
    assert question is not None and "R-0001" in str(question["blocks"])
    choice = {ids.CONFIRM_NEW_LEAD: {ids.CONFIRM_NEW_LEAD: ids.SAME_PERSON}}
    ws.submit(question, {**values, **choice})
    ws.flush()

    assert len(rows(ws)) == 2  # never deleted
    assert (row(ws, "R-0002")["Stage"], row(ws, "R-0001")["Conflict"]) == ("Withdrawn", "")
    assert history(ws, "R-0001")[-1] == "Duplicate merged"  # the same referrer: a note
    said = " ".join(e.get("text", "") for e in ws.ephemerals())
    assert "is the lead of *R-0001*" in said
    ws.as_user("Sam Lee")
    (bob,) = [m for m in ws.dms() if "New referral for you:* *R-0002*" in m.get("text", "")]
    assert bob.get("edited") and buttons(bob) == []
    assert any("corrected it to the lead of R-0001" in m.get("text", "") for m in ws.dms())
