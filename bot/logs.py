"""Logging that never leaks: tokens are masked and email addresses and phone numbers redacted in
every record, whatever module logged it, also when they arrive percent-encoded (a form body,
`jane%40acme.com`) or JSON-escaped (`jane\\u0040acme.com`).

Every pattern is linear in its input (runs start only where a run starts, and never give back), so
a hostile 40,000-character line costs milliseconds, not seconds."""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote_plus

import phonenumbers

_PATTERNS = (
    (re.compile(r"\bx(?:ox[abposr]|app)-[A-Za-z0-9-]++"), "[token]"),
    (re.compile(r'"private_key"\s*:\s*"[^"]*+"'), '"private_key": "[key]"'),
    # Slack's verification token and signing material in form or JSON bodies.
    (re.compile(r"(?<![\w-])(token=)[^&\s]++"), r"\1[token]"),
    (re.compile(r'("token"\s*:\s*")[^"]*+"'), r'\1[token]"'),
    (re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+"), "[email]"),
)
# A stretch that might hold a phone number: digits and what people write between them.
# Matches are maximal and never retried from inside, so the scan is linear.
_MAYBE_PHONE = re.compile(r"[+(\d][\d ().+/-]*+")
_LONGEST_PHONE = 40  # longer stretches are numbers of some other kind, redacted whole
_CONTEXT = 8
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_JSON_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\(/)")
_DECODE_ROUNDS = 3  # "%2540" is "%40" is "@": a value encoded twice is still caught


def _redact_phones(text: str, region: str = "US") -> str:
    # phonenumbers tells a phone from a date, a Slack timestamp or an amount; a regex cannot. It
    # is asked only about short stretches (with a little context either side, which is how it
    # tells "2026-11-23 15:17" from a number), so its cost stays linear in the line's length.
    spans: list[tuple[int, int, str]] = []
    for stretch in _MAYBE_PHONE.finditer(text):
        start, end = stretch.span()
        if sum(c.isdigit() for c in stretch.group(0)) < 7:
            continue
        if end - start > _LONGEST_PHONE:
            spans.append((start, end, "[number]"))
            continue
        left = max(0, start - _CONTEXT)
        window = text[left : end + _CONTEXT]
        for match in phonenumbers.PhoneNumberMatcher(
            window, region, leniency=phonenumbers.Leniency.POSSIBLE
        ):
            spans.append((left + match.start, left + match.end, "[phone]"))
    return _replace(text, spans)


def _replace(text: str, spans: list[tuple[int, int, str]]) -> str:
    """`text` with each span replaced by its mark; a span overlapping an earlier one is dropped."""
    pieces, done = [], 0
    for start, end, mark in sorted(spans):
        if start >= done:
            pieces += [text[done:start], mark]
            done = end
    return "".join(pieces) + text[done:]


def _redact_plain(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return _redact_phones(text)


def _decoded(text: str) -> str:
    text = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else "/", text)
    return unquote_plus(text) if _PERCENT.search(text) else text


def redact(text: str) -> str:
    """`text` with tokens, emails and phones replaced. Encoded text is decoded first (after the
    plain pass, so a literal "+" in "+44 20" is read before form decoding turns it into a space)."""
    text = _redact_plain(text)
    for _ in range(_DECODE_ROUNDS):
        decoded = _decoded(text)
        if decoded == text:
            break
        text = _redact_plain(decoded)
    return text


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = ()
        return True


class RedactingFormatter(logging.Formatter):
    """Also redacts tracebacks, which filters never see."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class RejectedBodyFilter(logging.Filter):
    """Drops Bolt's note of a request whose signature failed: it quotes the whole body, and a body
    nobody vouched for is not ours to keep. We log that a request was refused, never its content."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if text.startswith("Invalid request signature detected"):
            record.msg, record.args = "Refused a request whose Slack signature did not verify", ()
        return True


def configure_logging(level: str = "info") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    add_filters(handler)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())


def add_filters(handler: logging.Handler) -> None:
    """The filters every handler of ours carries, in order: rejected bodies out, then redaction."""
    handler.addFilter(RejectedBodyFilter())
    handler.addFilter(RedactingFilter())
