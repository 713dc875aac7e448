from __future__ import annotations

import logging

from bot.logs import RedactingFilter, RedactingFormatter, RejectedBodyFilter, redact


def test_redact_hides_tokens_emails_and_phones():
    line = "token xoxb-123-456-abc and xapp-1-A1-xyz; jane.doe+x@acme.co.uk called +44 20 7946 0000"
    cleaned = redact(line)
    assert "xoxb" not in cleaned and "xapp" not in cleaned
    assert "jane" not in cleaned and "7946" not in cleaned
    assert cleaned.count("[token]") == 2 and "[email]" in cleaned and "[phone]" in cleaned


def test_redact_keeps_dates_ids_and_line_numbers():
    line = 'R-0042 due 2026-11-23 15:17, File "x.py", line 123, value 25000'
    assert redact(line) == line


def test_every_log_record_and_traceback_is_redacted():
    record = logging.LogRecord(
        "slack_sdk",
        logging.DEBUG,
        "x.py",
        1,
        "posting to %s with %s",
        ("jane@acme.com", "xoxb-1-2"),
        None,
    )
    assert RedactingFilter().filter(record)
    assert record.getMessage() == "posting to [email] with [token]"
    try:
        raise ValueError("bad phone +1 415 555 0100")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    formatted = RedactingFormatter("%(message)s").format(record)
    assert "415" not in formatted and "[phone]" in formatted


def test_percent_encoded_and_json_escaped_contacts_are_redacted():
    form = (
        "text=Jane+Doe+jane%40acme.com+%2B44+20+7946+0000+from+Alex&token=gIkuvaNzQIHg97ATvDxqgjtO"
    )
    json_body = r'{"text": "jane\u0040acme.com call +1 415 555 0100", "token": "abc123"}'
    twice = "lead=jane%2540acme.com"
    for line in (form, json_body, twice):
        cleaned = redact(line)
        assert "jane" not in cleaned.replace("Jane", "") and "acme" not in cleaned, cleaned
    assert "7946" not in redact(form) and "gIkuva" not in redact(form)
    assert "555" not in redact(json_body) and "abc123" not in redact(json_body)


def test_a_long_hostile_line_is_redacted_whole():
    line = "1" * 40_000 + "a " + "b" * 40_000 + "@acme.com"
    cleaned = redact(line)
    assert "111111" not in cleaned and cleaned.endswith("[email]")


def test_bolts_note_of_a_rejected_request_drops_the_body():
    record = logging.LogRecord(
        "slack_bolt.RequestVerification",
        logging.INFO,
        "x.py",
        1,
        "Invalid request signature detected (signature: v0=1, timestamp: abc, body: %s)",
        ("text=Jane+Doe+%2B1+415+555+0100",),
        None,
    )
    assert RejectedBodyFilter().filter(record)
    assert "Jane" not in record.getMessage() and "body" not in record.getMessage()
