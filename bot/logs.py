"""Logging that never leaks: tokens are masked and email addresses and phone numbers redacted in
every record, whatever module logged it."""

from __future__ import annotations

import logging
import re

import phonenumbers

_PATTERNS = (
    (re.compile(r"\bx(?:ox[abposr]|app)-[A-Za-z0-9-]+"), "[token]"),
    (re.compile(r'"private_key"\s*:\s*"[^"]*"'), '"private_key": "[key]"'),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
)
_MAYBE_PHONE = re.compile(r"\d[\d ().-]{5,}\d")


def _redact_phones(text: str, region: str = "US") -> str:
    # phonenumbers tells a phone from a date, a Slack timestamp or an amount; a regex cannot.
    if not _MAYBE_PHONE.search(text):
        return text
    for match in reversed(
        list(phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE))
    ):
        text = text[: match.start] + "[phone]" + text[match.end :]
    return text


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return _redact_phones(text)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = ()
        return True


class RedactingFormatter(logging.Formatter):
    """Also redacts tracebacks, which filters never see."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def configure_logging(level: str = "info") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
