"""Reading a referral from `/refer` text, and checking a submission before anything is written.

The text follows how people write an introduction in one line:

    Jane Doe (Acme Ltd) jane@acme.com +44 20 7946 0000 from Alex Kim <alex@client.com> - wants a quote

The lead comes first, then "from" (or "referred by", "via") and the referrer, then the context after
a colon or a spaced dash. Nothing is guessed that was not written: no company from an email domain,
no name from an email address. What is missing is listed so the modal can open prefilled."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass

from bot.domain.normalise import (
    is_valid_email,
    is_valid_phone,
    normalise_email,
    normalise_phone,
)
from bot.domain.referral import (
    CONSENT_NO,
    CONSENT_YES,
    HOW_INTRODUCED,
    LEAD_CONSENT,
    REFERRER_TYPES,
)

# Every pattern here runs in time linear in its input: a quantified run either cannot give back
# (possessive `++`) or starts only where the run starts (a look-behind), so a 40,000-character word
# is scanned once, not once per position (see benchmarks/parsing.py).
_REFERRER_MARKER = re.compile(
    r"\s++(?:referred\s+by|from|via)\s+|^(?:referred\s+by|from|via)\s+", re.I
)
_CONTEXT_SEPARATOR = re.compile(r":\s*|\s++[-–—]++\s+")
# A run of characters that can be part of an email address; an email is a whole run with an "@"
# inside (see _email_spans). Runs never overlap, so finding them all is one pass.
_EMAIL_RUN = re.compile(r"[^\s<>(),;:]++")
_EMAIL_ENDS = frozenset(" ,;:)")
# Digits and what people write between them, ending on a digit, at least six characters long.
_PHONE_TOKEN = re.compile(
    r"(?<![\w+])\+?\(?(?=\d[\d\s().\-/]{4,}\d)\d(?:[\s().\-/]*+\d++)*+"
    r"(?:\s*(?:x|ext\.?)\s*\d+)?(?!\w)"
)
_BRACKETED = re.compile(r"\(([^()]*)\)")
_PIECE_SEPARATOR = re.compile(r"\s*+[,;|]\s*|\s++[-–—]++\s+")
_AT_COMPANY = re.compile(r"\s+(?:at|@)\s+", re.I)
# How a message introducing someone tends to start: "Meet Jane Doe", "Please meet ...".
_INTRO_WORDS = re.compile(
    r"^(?:please\s+)?(?:meet|introducing|intro(?:duction)?\s+to|say\s+hi\s+to|this\s+is)\s+",
    re.I,
)
# Whether the lead agreed to be introduced, said in the line: "consent: no", "consent yes",
# "consent not asked" (taken out of the text, so its colon never starts the context), or a
# phrase in the context ("agreed to be introduced", "has not agreed to be introduced").
_CONSENT_TOKEN = re.compile(
    r"(?:^|(?<=[\s;,]))[(\[]?consent\s*+[:=]?\s*+(yes|no|not\s++asked)\b[)\]]?", re.I
)
_AGREED = re.compile(
    r"\b(?:(?:has\s+not|hasn't|have\s+not|haven't|did\s+not|didn't|not)\s+)?agreed\s+to\s+be\s+"
    r"introduced\b",
    re.I,
)
_COMPANY_MAX_WORDS = 6
MAX_REFER_TEXT = 4000
"""Characters of `/refer` text that are parsed; anything longer is kept, unparsed, in the context,
where validation asks for it to be shortened."""

LIMITS: dict[str, int] = {
    "lead_name": 120,
    "company": 120,
    "referred_by": 120,
    "lead_email": 254,
    "referrer_email": 254,
    "lead_phone": 40,
    "context": 2000,
    "opening_line": 300,
    "est_value": 30,
}


@dataclass(frozen=True)
class ParsedReferral:
    """What `/refer <text>` said. Emails and phones are normalised when they are valid and kept as
    typed when not, so validation can point at them."""

    lead_name: str = ""
    company: str = ""
    lead_email: str = ""
    lead_phone: str = ""
    referred_by: str = ""
    referrer_email: str = ""
    context: str = ""
    lead_consent: str = ""
    """Yes, No or Not asked when the line said so ("consent: no"); else blank."""
    missing: tuple[str, ...] = ()
    """Required fields absent: "lead_name", "referred_by", and "lead_email" standing for
    "an email or a phone for the lead" (the modal shows that error under the email field)."""

    def as_fields(self) -> dict[str, str]:
        """The values keyed by Referral column keys, ready to prefill the modal or validate."""
        values = asdict(self)
        values.pop("missing")
        return values

    @property
    def complete(self) -> bool:
        return not self.missing


def parse_refer_text(
    text: str, default_region: str = "US", max_chars: int = MAX_REFER_TEXT
) -> ParsedReferral:
    text = " ".join((text or "").split())
    text, overflow = text[:max_chars], text[max_chars:]
    consent, text = _take_consent(text)
    lead_part, referrer_part, context = _split_parts(text)
    fields = _read_lead(lead_part, default_region)
    name, email, aside = _read_referrer(referrer_part)
    remark = fields.pop("context")
    fields |= {
        "referred_by": name,
        "referrer_email": email,
        "context": "; ".join(part for part in (remark, aside, context) if part) + overflow,
        "lead_consent": consent,
    }
    return ParsedReferral(**fields, missing=_missing(fields))


def _take_consent(text: str) -> tuple[str, str]:
    """("Yes" | "No" | "Not asked" | "", the text without a "consent: ..." token)."""
    token = _CONSENT_TOKEN.search(text)
    if token:
        answer = " ".join(token.group(1).split()).capitalize()
        rest = (text[: token.start()] + " " + text[token.end() :]).strip(" ;,")
        return answer, " ".join(rest.split())
    agreed = _AGREED.search(text)
    if agreed:
        return (
            CONSENT_NO if agreed.group(0).split()[0].casefold() != "agreed" else CONSENT_YES
        ), text
    return "", text


def _split_parts(text: str) -> tuple[str, str, str]:
    """(lead, referrer, context). A "from" after the first colon belongs to the context
    ("Jane Doe: moving from Gusto" names no referrer)."""
    marker = _REFERRER_MARKER.search(text)
    colon = text.find(":")
    if marker and (colon < 0 or colon > marker.start() or _is_mailto(text, colon)):
        referrer, context = _split_context(text[marker.end() :])
        return text[: marker.start()].strip(), referrer, context
    lead, context = _split_context(text)
    return lead, "", context


def _is_mailto(text: str, colon: int) -> bool:
    return text[max(0, colon - 6) : colon].casefold().endswith("mailto")


def _split_context(text: str) -> tuple[str, str]:
    """Context starts at the first colon, or at a spaced dash with no email or phone after it
    ("Jane Doe - jane@acme.com - needs help": the first dash only separates pieces)."""
    last_contact = _last_contact_start(text)
    for separator in _CONTEXT_SEPARATOR.finditer(text):
        if ":" in separator.group(0) or last_contact < separator.end():
            return text[: separator.start()].strip(), text[separator.end() :].strip()
    return text.strip(), ""


def _last_contact_start(text: str) -> int:
    """Where the last email or phone in `text` starts; -1 when there is none. Found in one pass,
    so the separators need not each search the rest of the text again."""
    starts = [span[0] for span in _email_spans(text)]
    starts += [match.start() for match in _PHONE_TOKEN.finditer(text)]
    return max(starts, default=-1)


def _email_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each email-looking token: a run with an "@" inside, ended by a space, a
    comma, a semicolon, a colon, a closing bracket or the end, optionally inside <...> and after
    "mailto:" (both included in the span, so neither is left behind in a name)."""
    for run in _EMAIL_RUN.finditer(text):
        if "@" in run.group(0):
            span = _email_span(text, run.start(), run.end())
            if span:
                yield span


def _email_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    if "@" not in text[start + 1 : end - 1]:
        return None
    if end < len(text) and text[end] == ">":
        end += 1
    if end < len(text) and text[end] not in _EMAIL_ENDS:
        return None
    if text[max(0, start - 7) : start] == "mailto:":
        start -= 7
    if start > 0 and text[start - 1] == "<":
        start -= 1
    return start, end


def _take_email(text: str) -> tuple[str, str]:
    """The first email-looking token (normalised if valid) and the text without it."""
    span = next(_email_spans(text), None)
    if span is None:
        return "", text
    start, end = span
    typed = text[start:end].strip("<>").rstrip(".")
    email = normalise_email(typed) or typed
    return email, text[:start] + " " + text[end:]


def _take_phone(text: str, region: str) -> tuple[str, str]:
    for match in _PHONE_TOKEN.finditer(text):
        typed = match.group(0).strip()
        if sum(c.isdigit() for c in typed) >= 7:
            phone = normalise_phone(typed, region) or typed
            return phone, text[: match.start()] + " " + text[match.end() :]
    return "", text


def _read_lead(text: str, region: str) -> dict[str, str]:
    email, text = _take_email(text)
    phone, text = _take_phone(text, region)
    company = ""
    bracketed = _BRACKETED.search(text)
    if bracketed:
        company = _clean(bracketed.group(1))
        text = text[: bracketed.start()] + " , " + text[bracketed.end() :]
    pieces = [_clean(p) for p in _PIECE_SEPARATOR.split(text)]
    pieces = [p for p in pieces if p]
    name = _INTRO_WORDS.sub("", pieces[0]) if pieces else ""
    extra = pieces[1:]
    if not company and extra and _looks_like_company(extra[0]):
        company = extra.pop(0)
    if not company and _AT_COMPANY.search(name):
        name, company = (_clean(p) for p in _AT_COMPANY.split(name, maxsplit=1))
    return {
        "lead_name": name,
        "company": company,
        "lead_email": email,
        "lead_phone": phone,
        "context": "; ".join(extra),
    }


def _looks_like_company(piece: str) -> bool:
    """ "Acme Ltd" is a company; "a friend who needs an audit" is a remark about the lead."""
    words = piece.split()
    return bool(words) and piece[0].isupper() and len(words) <= _COMPANY_MAX_WORDS


def _read_referrer(text: str) -> tuple[str, str, str]:
    """Name, email, and any aside after a comma ("Alex, our accountant")."""
    email, text = _take_email(text)
    text = _BRACKETED.sub(" ", text)
    name, _, aside = text.partition(",")
    return _clean(name), email, _clean(aside)


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(" \"'“”<>[]{}.,;:-–—")


def _missing(fields: Mapping[str, str]) -> tuple[str, ...]:
    missing = []
    if not fields.get("lead_name", "").strip():
        missing.append("lead_name")
    if not fields.get("referred_by", "").strip():
        missing.append("referred_by")
    if not (fields.get("lead_email", "").strip() or fields.get("lead_phone", "").strip()):
        missing.append("lead_email")
    return tuple(missing)


def parse_amount(text: str | None) -> float | None:
    """A money amount as typed ("5,000", "$5000", "€1.5e3"); None when blank.

    Raises ValueError when the text is not a finite number."""
    cleaned = re.sub(r"[,\s$£€]", "", text or "")
    if not cleaned:
        return None
    value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def validate_submission(
    fields: Mapping[str, str],
    default_region: str = "US",
    limits: Mapping[str, int] | None = None,
) -> dict[str, str]:
    """{field key: what to fix}, in plain words; empty when the submission can be logged."""
    limits = LIMITS if limits is None else {**LIMITS, **limits}
    value = {key: (fields.get(key) or "").strip() for key in set(fields) | set(LIMITS)}
    errors: dict[str, str] = {}
    if not value["lead_name"]:
        errors["lead_name"] = "Add the lead's name (the person being referred)."
    if not value["referred_by"]:
        errors["referred_by"] = "Who referred them? Add the referrer's name."
    if not value["lead_email"] and not value["lead_phone"]:
        errors["lead_email"] = "Add an email address or a phone number so the lead can be reached."
    for key in ("lead_email", "referrer_email"):
        if value[key] and not is_valid_email(value[key]):
            errors[key] = f"“{value[key]}” is not an email address. Use the form name@company.com."
    if value["lead_phone"] and not is_valid_phone(value["lead_phone"], default_region):
        errors["lead_phone"] = (
            "That phone number does not look complete. Write it with its country code, "
            "e.g. +44 20 7946 0000."
        )
    _check_choice(errors, value, "referrer_type", REFERRER_TYPES)
    _check_choice(errors, value, "how_introduced", HOW_INTRODUCED)
    _check_choice(errors, value, "lead_consent", LEAD_CONSENT)
    _check_amount(errors, value.get("est_value", ""))
    for key, limit in limits.items():
        if len(value.get(key, "")) > limit and key not in errors:
            errors[key] = f"Keep this under {limit} characters (it has {len(value[key])})."
    return errors


def _check_choice(errors: dict[str, str], value: Mapping[str, str], key: str, choices) -> None:
    if value.get(key) and value[key] not in choices:
        errors[key] = f"Pick one of: {', '.join(choices)}."


def _check_amount(errors: dict[str, str], text: str) -> None:
    try:
        amount = parse_amount(text)
    except ValueError:
        errors["est_value"] = "Write the estimated value as a number, e.g. 5000."
        return
    if amount is not None and amount < 0:
        errors["est_value"] = "The estimated value cannot be negative."
