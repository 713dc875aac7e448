"""Issue 7's one-line `/refer` cases through signed requests: what a person typed is logged as
they meant it, and what the bot would have to guess opens the form prefilled instead."""

from __future__ import annotations

from e2e_support import row, rows


def test_last_first_is_logged_as_one_name(ws):
    ws.refer("Smith, John <john@smith.com> from Alex Kim <alex@client.com>: tax return")
    ws.flush()
    logged = row(ws, "R-0001")
    assert (logged["Lead name"], logged["Company"]) == ("John Smith", "")


def test_a_role_is_not_logged_as_the_company(ws):
    ws.refer("Jane Doe, CFO at Acme <jane@acme.com> from Alex Kim: audit")
    ws.flush()
    logged = row(ws, "R-0001")
    assert (logged["Lead name"], logged["Company"]) == ("Jane Doe", "Acme")
    assert logged["Context"] == "Role: CFO; audit"


def test_a_missing_colon_opens_the_form_prefilled_and_logs_nothing(ws):
    ws.refer("Jane Doe <jane@acme.com> from Alex Kim needs payroll help")
    view = ws.modal()
    assert view is not None
    values = {
        b["block_id"]: b["element"].get("initial_value", "")
        for b in view["blocks"]
        if b["type"] == "input"
    }
    assert values["referred_by"] == "Alex Kim"
    assert values["context"] == "needs payroll help"
    assert "Check referred by" in str(view["blocks"])
    ws.flush()
    assert rows(ws) == []


def test_names_are_kept_as_typed_and_a_title_is_kept_in_the_greeting(ws):
    ws.refer("Ms Smith <smith@acme.com> from Maria de la Cruz <maria@client.com>: probate")
    ws.flush()
    assert row(ws, "R-0001")["Referred by"] == "Maria de la Cruz"
    texts = [
        block["text"]["text"]
        for messages in ws.all_messages().values()
        for message in messages
        for block in message.get("blocks", [])
        if str(block.get("block_id", "")).startswith("draft|")
    ]
    assert any("Hi Ms Smith," in text for text in texts)  # the first contact, not "Hi Smith"
    assert any("Hi Maria," in text for text in texts)  # the thank-you
    assert not any("De La Cruz" in text for text in texts)
