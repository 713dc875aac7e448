"""Issue 14's erasure, end to end: after `/refer forget`, no tab of the sheet and no message the
bot sent (DMs, the review channel, threads, shared exports) still holds the lead's email or
phone, while the referral's non-personal history stays for the figures."""

from __future__ import annotations

import json

from e2e_support import buttons, days, history, row, rows

from bot.domain import referral as R

LEAD = (
    "Jane Doe <jane@acme.com> +44 20 7946 0000 from Alex Kim <alex@client.com>: needs payroll help"
)
TRACES = ("jane@acme.com", "jane%40acme.com", "+442079460000", "442079460000", "7946 0000")


def every_cell(ws) -> str:
    person = ws.sheets_person()
    return json.dumps([person.rows(tab) for tab in ("Referrals", "Activity", "Team", "Dashboard")])


def every_bot_message(ws) -> str:
    found = [m for ms in ws.all_messages().values() for m in ms if m.get("bot_id")]
    return json.dumps(found)


def ask_and_confirm(ws, referral_id: str):
    ws.refer(f"forget {referral_id}")
    (question,) = [e for e in ws.ephemerals() if buttons(e)]
    ((label, block_id, action_id),) = buttons(question)
    assert label == f"Forget {referral_id}"
    return ws.press(question, block_id, action_id)


def test_forget_leaves_no_trace_of_the_lead_in_the_sheet_or_slack(ws):
    ws.refer(LEAD)
    assert row(ws, "R-0001")["Lead phone"] == "+442079460000"
    ws.as_user("Sam Lee")
    ws.refer(LEAD.replace("Alex Kim <alex@client.com>", "Pat Lee <pat@partner.com>"))  # a conflict
    ws.advance(days(2))  # reminders in the owners' DMs, an escalation in the review channel
    ws.as_user("Ana Ruiz")
    ws.refer("export")
    assert "jane@acme.com" in every_cell(ws) and "jane@acme.com" in every_bot_message(ws)

    seen = ask_and_confirm(ws, "R-0001")
    assert not seen.problem
    assert any("Erased the lead of *R-0001*" in e.get("text", "") for e in ws.ephemerals())

    cells, messages = every_cell(ws), every_bot_message(ws)
    for trace in TRACES:
        assert trace not in cells, trace
        assert trace not in messages, trace
    assert "Jane Doe" not in cells and "needs payroll" not in cells
    assert not [f for f in ws.all_files() if not f.get("deleted")]  # the export is gone too

    kept = row(ws, "R-0001")
    assert kept["Lead name"] == "[erased]"
    assert (kept["Lead email"], kept["Lead phone"], kept["Context"]) == ("", "", "")
    assert (kept["Stage"], kept["Referred by"], kept["Owner"]) == (R.NEW, "Alex Kim", "Sam Lee")
    assert kept["Received"] and kept["Attribution confidence"] == R.CONFIDENCE_DISPUTED
    assert history(ws, "R-0001")[0] == "Logged"  # the history is kept, only scrubbed
    assert history(ws, "R-0001")[-1] == "Personal data erased"


def test_only_coordinators_may_forget_and_only_once(ws):
    ws.refer(LEAD)
    ws.as_user("Sam Lee")
    ws.refer("forget R-0001")
    assert any("coordinator" in e.get("text", "").lower() for e in ws.ephemerals())
    assert row(ws, "R-0001")["Lead email"] == "jane@acme.com"

    ws.as_user("Ana Ruiz")
    ask_and_confirm(ws, "R-0001")
    ws.refer("forget R-0001")
    assert any("already erased" in e.get("text", "") for e in ws.ephemerals())
    ws.refer("forget")
    assert any("Say which referral" in e.get("text", "") for e in ws.ephemerals())
    assert len(rows(ws)) == 1
