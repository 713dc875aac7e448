"""Issue 7 (attribution) and issue 11 (claims) end to end: three people say they referred one
lead; the conflict card shows each claim with its own button, and the one pressed is credited."""

from __future__ import annotations

from typing import Any

from e2e_support import buttons, history, row

from bot.domain import referral as R
from sandbox.workspace import LocalWorkspace

JANE = "Jane Doe <jane@acme.com> from {} : needs payroll help"


def cards(ws: LocalWorkspace) -> list[dict[str, Any]]:
    review = ws.find_channel("referral-review")
    return [m for m in ws.channel_messages(review) if "Conflict on" in m.get("text", "")]


def credit(ws: LocalWorkspace, card: dict[str, Any], name: str):
    (found,) = [b for b in buttons(card) if b[0] == f"Credit {name}"]
    return ws.press(card, found[1], found[2])


def three_referrers(ws: LocalWorkspace) -> None:
    ws.refer(JANE.format("Alex Kim <alex@client.com>"))
    ws.as_user("Sam Lee")
    ws.refer(JANE.format("Bea Tran <bea@partner.com>"))
    ws.as_user("Priya Shah")
    ws.refer(JANE.format("Chris Park <chris@partner.com>"))


def test_pressing_the_second_claim_credits_the_second(ws):
    three_referrers(ws)
    newest = cards(ws)[-1]
    labels = [text for text, _, _ in buttons(newest)]
    assert labels[:3] == ["Credit Alex Kim", "Credit Bea Tran", "Credit Chris Park"]
    assert "logged by Sam Lee" in str(newest["blocks"])  # each claim's own evidence

    ws.as_user("Ana Ruiz")
    credit(ws, newest, "Bea Tran")

    decided = row(ws, "R-0001")
    assert (decided["Referred by"], decided["Referrer email"]) == ("Bea Tran", "bea@partner.com")
    assert decided["Attribution confidence"] != R.CONFIDENCE_DISPUTED
    assert history(ws, "R-0001")[-1] == "Conflict resolved"
    redrawn = cards(ws)[-1]
    assert not any(text.startswith("Credit") for text, _, _ in buttons(redrawn))
    assert "credit goes to *Bea Tran*" in str(redrawn["blocks"])


def test_an_older_card_pressed_after_the_decision_changes_nothing(ws):
    three_referrers(ws)
    older, newest = cards(ws)
    ws.as_user("Ana Ruiz")
    credit(ws, newest, "Bea Tran")
    credit(ws, older, "Alex Kim")  # the first card, still on screen
    assert row(ws, "R-0001")["Referred by"] == "Bea Tran"
    assert any("already decided" in e.get("text", "") for e in ws.ephemerals())
    assert history(ws, "R-0001").count("Conflict resolved") == 1
