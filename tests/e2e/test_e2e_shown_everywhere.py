"""Issue 7 "Who may act": every DM and App Home view that shows a referral is redrawn in place when
it changes elsewhere, so no stale button is left live."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from e2e_support import COMPLETE, buttons, press, row

from bot.domain import referral as R
from sandbox.workspace import LocalWorkspace

FOLLOW_UP = {"Follow-up sent", "Won", "Not a fit"}


def about(ws: LocalWorkspace, name: str, referral_id: str) -> list[dict[str, Any]]:
    ws.as_user(name)
    return [m for m in ws.dms() if referral_id in str(m.get("blocks", ""))]


def home_labels(ws: LocalWorkspace) -> set[str]:
    return {text for text, _, _ in buttons(ws.home_view() or {})}


def test_closing_in_the_owners_dm_redraws_the_thank_you_dm_and_the_app_home(ws):
    ws.refer(COMPLETE)  # logged by You (the thank-you owner), owned by Sam
    ws.as_user("Sam Lee")
    ws.open_home()
    assert home_labels(ws) >= FOLLOW_UP  # Sam's App Home lists R-0001 with its buttons

    press(ws, "Won", about="R-0001")  # in Sam's DM, not on App Home
    assert row(ws, "R-0001")["Stage"] == R.WON

    assert not FOLLOW_UP & home_labels(ws)  # published again, without the closed referral
    (thanks,) = about(ws, "You", "R-0001")[:1]
    assert thanks.get("edited") and "closed this as *Won*" in str(thanks["blocks"])


def test_a_lead_reassigned_from_the_review_post_leaves_no_live_buttons_in_the_old_owners_dm(ws):
    ws.refer(COMPLETE)
    ws.advance(days(1))  # first contact due: Sam's morning list
    ws.advance(days(1))  # a working day overdue: the coordinators' morning review
    (new,) = [m for m in about(ws, "Sam Lee", "R-0001") if "New referral" in m["text"]]
    assert labels(new) >= FOLLOW_UP

    ws.as_user("Ana Ruiz")
    review = ws.find_channel("referral-review")
    (post,) = [m for m in ws.channel_messages(review) if "Morning review" in m["text"]]
    (picker,) = [
        (b["block_id"], e["action_id"])
        for b in post["blocks"]
        if b.get("block_id") == "mact|R-0001|first_contact"
        for e in b.get("elements", [])
        if e.get("action_id") == "reassign"
    ]
    ws.press(post, *picker, selected_user="U0PRIYA")
    assert row(ws, "R-0001")["Owner"] == "Priya Shah"

    (new,) = [m for m in about(ws, "Sam Lee", "R-0001") if "New referral" in m["text"]]
    assert new.get("edited") and not labels(new) & FOLLOW_UP
    assert "reassigned this to" in str(new["blocks"])


def labels(message: dict[str, Any]) -> set[str]:
    return {text for text, _, _ in buttons(message)}


def days(n: int) -> timedelta:
    return timedelta(days=n)
