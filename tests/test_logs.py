from __future__ import annotations

import logging

from bot.logs import RedactingFilter, RedactingFormatter, redact


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
