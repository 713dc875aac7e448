"""Issue 7's privacy case end to end: a law firm's internal Context ("divorce, spouse doesn't
know") is logged through signed Slack requests, and no draft anyone is handed quotes it."""

from __future__ import annotations

from e2e_support import row

SECRET = "divorce, spouse doesn't know"


def drafts_and_links(ws) -> tuple[list[str], list[str]]:
    """Every draft the bot posted anywhere (its text), and every link of its buttons."""
    texts, links = [], []
    for messages in ws.all_messages().values():
        for message in messages:
            for block in message.get("blocks", []):
                if str(block.get("block_id", "")).startswith("draft|"):
                    texts.append(block["text"]["text"])
                for element in [*block.get("elements", []), block.get("accessory") or {}]:
                    if isinstance(element, dict) and element.get("url"):
                        links.append(element["url"])
    return texts, links


def test_a_one_line_refer_s_context_reaches_no_draft(ws):
    ws.refer(f"Jane Doe <jane@acme.com> from Alex Kim <alex@client.com>: {SECRET}")
    ws.flush()
    assert row(ws, "R-0001")["Context"] == SECRET  # kept, for the owner

    texts, links = drafts_and_links(ws)
    assert len(texts) == 2  # the first contact to the lead, the thank-you to the referrer
    assert not [t for t in texts + links if "divorce" in t or "spouse" in t]


def test_the_form_s_opening_line_is_what_the_first_contact_says(ws):
    ws.refer("")
    ws.submit(
        ws.modal(),
        {
            "lead_name": {"lead_name": "Jane Doe"},
            "lead_email": {"lead_email": "jane@acme.com"},
            "referred_by": {"referred_by": "Alex Kim"},
            "referrer_email": {"referrer_email": "alex@client.com"},
            "context": {"context": SECRET},
            "opening_line": {"opening_line": "Alex mentioned you are moving to Leeds"},
        },
    )
    ws.flush()
    assert (
        row(ws, "R-0001")["Opening line for the lead"] == "Alex mentioned you are moving to Leeds"
    )

    texts, links = drafts_and_links(ws)
    assert any("Alex mentioned you are moving to Leeds." in text for text in texts)
    assert not [t for t in texts + links if "divorce" in t]


def test_a_lead_who_has_not_agreed_to_be_introduced_is_not_drafted_to(ws):
    ws.refer("Jane Doe <jane@acme.com> from Alex Kim <alex@client.com> consent: no: needs payroll")
    ws.flush()
    assert row(ws, "R-0001")["Lead agreed to be introduced"] == "No"
    assert row(ws, "R-0001")["Context"] == "needs payroll"

    texts, links = drafts_and_links(ws)
    assert texts and not [t for t in texts if "jane@acme.com" in t]  # no draft to the lead
    assert not [link for link in links if link.startswith("mailto:jane")]
    assert any("Before we get in touch with Jane Doe" in t for t in texts)
