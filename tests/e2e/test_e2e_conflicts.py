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
    heading = redrawn["blocks"][0]["text"]["text"]  # the outcome, not "stays with Alex Kim"
    assert "decided: credit goes to *Bea Tran*" in heading and "stays with" not in heading


def live_credit_buttons(ws: LocalWorkspace) -> list[str]:
    return [t for card in cards(ws) for t, _, _ in buttons(card) if t.startswith("Credit")]


def test_a_newer_card_leaves_older_ones_without_buttons_and_a_decision_closes_them_all(ws):
    three_referrers(ws)
    older, newest = cards(ws)
    assert not any(t.startswith("Credit") for t, _, _ in buttons(older))
    assert "A newer card below lists every claim" in str(older["blocks"])
    ws.as_user("Ana Ruiz")
    credit(ws, newest, "Chris Park")
    assert row(ws, "R-0001")["Referred by"] == "Chris Park"
    assert live_credit_buttons(ws) == []
    assert all("credit goes to *Chris Park*" in str(card["blocks"]) for card in cards(ws))


# --- a claim filed from the conflict card (issue 11) -------------------------------------------

PAT = {
    "claim_referrer": {"claim_referrer": "Pat Lee"},
    "claim_email": {"claim_email": "pat@partner.com"},
    "claim_when": {"claim_when": "2026-02-27"},
    "claim_evidence": {"claim_evidence": "Pat phoned Ana about Jane on 27 Feb"},
}


def test_a_claim_filed_from_the_card_is_decided_and_the_claimant_hears_in_a_draft(ws):
    ws.refer(JANE.format("Alex Kim <alex@client.com>"))  # You log it and thank the referrer
    ws.as_user("Sam Lee")
    ws.refer(JANE.format("Bea Tran <bea@partner.com>"))
    ws.as_user("Ana Ruiz")
    (card,) = cards(ws)
    (file_it,) = [b for b in buttons(card) if b[0] == "File a claim for someone else"]
    ws.press(card, file_it[1], file_it[2])
    form = ws.modal()
    assert form is not None and form["callback_id"] == "claim_modal"
    assert "R-0001" in str(form["blocks"])  # the form is about the card's referral
    ws.submit(form, PAT)

    older, newest = cards(ws)
    assert not any(t.startswith("Credit") for t, _, _ in buttons(older))
    assert [t for t, _, _ in buttons(newest) if t.startswith("Credit")] == [
        "Credit Alex Kim",
        "Credit Bea Tran",
        "Credit Pat Lee",
    ]
    assert "Pat phoned Ana about Jane on 27 Feb" in str(newest["blocks"])
    credit(ws, newest, "Pat Lee")

    decided = row(ws, "R-0001")
    assert (decided["Referred by"], decided["Referrer email"]) == ("Pat Lee", "pat@partner.com")
    assert history(ws, "R-0001")[-2:] == ["Claim filed", "Conflict resolved"]
    ws.as_user("You")  # the thank-you owner sends the outcome drafts
    drafts = [str(m["blocks"]) for m in ws.dms() if "outcome of a claim" in m.get("text", "")]
    assert any("Hi Pat" in d and "recorded the introduction as yours" in d for d in drafts)
    assert any("Hi Bea" in d and "someone else introduced them" in d for d in drafts)
