"""Issue 7 "Who may act", the sweep's side: a change a person types into the sheet (a stage set
to Won, another owner) reaches Slack through the sweep, and every DM and App Home view showing
the referral is redrawn in place, once, so no button is left live on what the sheet no longer
says. Through the local workspace, over HTTP and Socket Mode, counting what each DM shows."""

from __future__ import annotations

from typing import Any

from e2e_support import COMPLETE, buttons, days, row

from bot.domain import referral as R
from sandbox.workspace import LocalWorkspace

FOLLOW_UP = {"Follow-up sent", "Won", "Not a fit", "No response", "Snooze 1 day"}


def about(ws: LocalWorkspace, name: str, referral_id: str = "R-0001") -> list[dict[str, Any]]:
    ws.as_user(name)
    return [m for m in ws.dms() if referral_id in str(m.get("blocks", ""))]


def labels(message: dict[str, Any]) -> list[str]:
    return [text for text, _, _ in buttons(message)]


def live(ws: LocalWorkspace, name: str) -> list[str]:
    """Every button left in `name`'s DMs about R-0001, and in their App Home."""
    found = [label for m in about(ws, name) for label in labels(m)]
    ws.open_home()
    return found + labels(ws.home_view() or {})


def typed_in_sheet(ws: LocalWorkspace, header: str, value: str) -> None:
    ws.flush()
    ws.sheets_person().set_cell("Referrals", ws.cell_of("R-0001", header), value)


def test_a_stage_typed_won_in_the_sheet_redraws_the_owners_dm_and_app_home(ws):
    ws.refer(COMPLETE)  # owner Sam Lee; thank-you owner You
    ws.as_user("Sam Lee")
    ws.open_home()
    assert set(live(ws, "Sam Lee")) >= FOLLOW_UP
    (sam_dm,) = about(ws, "Sam Lee")
    assert "Mark sent" in labels(sam_dm)  # the first-contact draft

    typed_in_sheet(ws, "Stage", R.WON)
    ws.advance(days(0.01))

    (sam_dm,) = about(ws, "Sam Lee")  # redrawn in place: no new message
    assert sam_dm.get("edited")
    assert labels(sam_dm) == []  # no follow-up buttons, no first contact to mark sent
    assert "set the stage to Won in the sheet" in str(sam_dm["blocks"])
    assert not FOLLOW_UP & set(live(ws, "Sam Lee"))  # App Home published again
    # The thank-you is still owed after a win: its Mark sent stays, and says what happened.
    thanks = next(m for m in about(ws, "You") if "thank" in m.get("text", "").lower())
    assert thanks.get("edited") and "Won" in str(thanks["blocks"])
    assert "Mark sent" in labels(thanks)


def test_an_owner_typed_in_the_sheet_moves_the_buttons_to_the_new_owner_once(ws):
    ws.refer(COMPLETE)
    ws.as_user("Sam Lee")
    ws.open_home()

    typed_in_sheet(ws, "Owner", "Priya Shah")
    ws.advance(days(0.01))
    ws.advance(days(0.01))  # a second sweep finds nothing new: nothing is sent or drawn twice

    assert row(ws, "R-0001")["Owner"] == "Priya Shah"
    (sam_dm,) = about(ws, "Sam Lee")
    assert labels(sam_dm) == []  # the old owner's DM: no follow-up buttons, no draft to send
    shown = str(sam_dm["blocks"])
    assert shown.count("changed the owner to Priya Shah in the sheet") == 1
    assert not FOLLOW_UP & set(live(ws, "Sam Lee"))  # nor on his App Home

    (priya_dm,) = about(ws, "Priya Shah")  # one new-referral DM, with the buttons
    assert "New referral for you" in priya_dm["text"]
    assert set(labels(priya_dm)) >= FOLLOW_UP and "Mark sent" in labels(priya_dm)
    assert not priya_dm.get("edited")
