"""Reading a referral from `/refer` text, and checking a submission before anything is written.

The text follows how people write an introduction in one line:

    Jane Doe (Acme Ltd) jane@acme.com +44 20 7946 0000 from Alex Kim <alex@client.com> - wants a quote

The lead comes first, then "from" (or "referred by", "via") and the referrer, then the context after
a colon or a spaced dash. Nothing is guessed that was not written: no company from an email domain,
no name from an email address. What is missing is listed so the modal can open prefilled."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass

from bot.domain import messages as msg
from bot.domain.amounts import read_amount
from bot.domain.normalise import (
    NAME_PARTICLES,
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
# Text in double quotes is taken as typed: its commas, colons, dashes and spaces separate nothing
# ("Doe, Jane" stays one name). They are masked with private-use characters while parsing.
_QUOTED = re.compile(r'"[^"]*+"|“[^”]*+”')
_MASK = str.maketrans({c: chr(0xE000 + i) for i, c in enumerate(" ,;:|()-–—")})
_UNMASK = {ord(v): chr(k) for k, v in _MASK.items()}
# Words that say what someone does, not where ("Jane Doe, CFO at Acme": the company is Acme).
ROLE_WORDS = frozenset(
    [
        "ceo",
        "cfo",
        "coo",
        "cto",
        "cmo",
        "cio",
        "cso",
        "cpo",
        "cro",
        "vp",
        "svp",
        "evp",
        "md",
        "gm",
        "director",
        "manager",
        "head",
        "partner",
        "founder",
        "cofounder",
        "co-founder",
        "owner",
        "president",
        "chair",
        "chairman",
        "chairwoman",
        "chairperson",
        "principal",
        "officer",
        "counsel",
        "secretary",
        "treasurer",
        "controller",
        "accountant",
        "consultant",
        "engineer",
        "advisor",
        "adviser",
    ]
)
_NAME_MAX_WORDS = 5
_COMPANY_SUFFIX = re.compile(
    r"\b(?:inc|llc|llp|lp|ltd|limited|plc|gmbh|ag|corp|co|sa|sas|srl|bv|nv|pty|pc)\b\.?$", re.I
)
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

    unsure: tuple[str, ...] = ()
    """Fields read with a guess (a referrer's name with no colon after it: where does the name
    end?); the form opens prefilled for the person to check instead of logging the guess."""

    def as_fields(self) -> dict[str, str]:
        """The values keyed by Referral column keys, ready to prefill the modal or validate."""
        values = asdict(self)
        values.pop("missing")
        values.pop("unsure")
        return values

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def certain(self) -> bool:
        """Complete and nothing guessed: it may be logged at once."""
        return not self.missing and not self.unsure


def parse_refer_text(
    text: str, default_region: str = "US", max_chars: int = MAX_REFER_TEXT
) -> ParsedReferral:
    text = " ".join((text or "").split())
    text, overflow = text[:max_chars], text[max_chars:]
    text = _QUOTED.sub(lambda quoted: quoted.group(0).translate(_MASK), text)
    consent, text = _take_consent(text)
    lead_part, referrer_part, context = _split_parts(text)
    fields, unsure = _read_lead(lead_part, default_region)
    name, email, aside = _read_referrer(referrer_part)
    name, spill = _name_and_rest(name)
    if spill:
        unsure.append("referred_by")
    remark = fields.pop("context")
    fields |= {
        "referred_by": name,
        "referrer_email": email,
        "context": "; ".join(p for p in (remark, aside, spill, context) if p) + overflow,
        "lead_consent": consent,
    }
    fields = {key: value.translate(_UNMASK) for key, value in fields.items()}
    return ParsedReferral(**fields, missing=_missing(fields), unsure=tuple(unsure))


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


def _read_lead(text: str, region: str) -> tuple[dict[str, str], list[str]]:
    """The lead's fields, and the keys among them that were guessed."""
    email, text = _take_email(text)
    phone, text = _take_phone(text, region)
    company, role = "", ""
    bracketed = _BRACKETED.search(text)
    if bracketed:
        role, company = _role_and_company(_clean(bracketed.group(1)))
        text = text[: bracketed.start()] + " , " + text[bracketed.end() :]
    pieces = [_clean(p) for p in _PIECE_SEPARATOR.split(text)]
    pieces = [p for p in pieces if p]
    name = _INTRO_WORDS.sub("", pieces[0]) if pieces else ""
    extra = pieces[1:]
    if len(name.split()) == 1 and extra and _looks_like_given_name(extra[0]):
        name = f"{extra.pop(0)} {name}"  # "Smith, John": Last, First
    while extra and not role and _is_role(extra[0]):
        role, at = _role_and_company(extra.pop(0))
        company = company or at
    if not company and extra and _looks_like_company(extra[0]):
        company = extra.pop(0)
    if not company and _AT_COMPANY.search(name):
        name, company = (_clean(p) for p in _AT_COMPANY.split(name, maxsplit=1))
    name, trailing_role = _split_trailing_role(name)
    role = role or trailing_role
    name, spill = _name_and_rest(name)
    remarks = [f"Role: {role}"] if role else []
    return {
        "lead_name": name,
        "company": company,
        "lead_email": email,
        "lead_phone": phone,
        "context": "; ".join(p for p in [*remarks, spill, *extra] if p),
    }, (["lead_name"] if spill else [])


def _is_role(piece: str) -> bool:
    words = _AT_COMPANY.split(piece, maxsplit=1)[0].replace(",", " ").split()
    return 0 < len(words) <= _COMPANY_MAX_WORDS and any(
        w.casefold().strip(".") in ROLE_WORDS for w in words
    )


def _role_and_company(piece: str) -> tuple[str, str]:
    """("CFO", "Acme") from "CFO at Acme"; ("", "Acme Ltd") when the piece names no role."""
    if not _is_role(piece):
        return "", piece
    role, _, company = (_clean(p) for p in _partition_at(piece))
    return role, company


def _partition_at(piece: str) -> tuple[str, str, str]:
    found = _AT_COMPANY.search(piece)
    if found is None:
        return piece, "", ""
    return piece[: found.start()], found.group(0), piece[found.end() :]


def _split_trailing_role(name: str) -> tuple[str, str]:
    """ "Jane Doe CFO" -> ("Jane Doe", "CFO"): a role word typed after the name, no comma."""
    words = name.split()
    cut = len(words)
    while cut > 1 and words[cut - 1].casefold().strip(".") in ROLE_WORDS:
        cut -= 1
    return " ".join(words[:cut]), " ".join(words[cut:])


def _looks_like_given_name(piece: str) -> bool:
    """ "John" in "Smith, John": one or two capitalised words, neither a company nor a role."""
    words = piece.split()
    return (
        0 < len(words) <= 2
        and all(w[0].isupper() for w in words)
        and not _is_role(piece)
        and not _COMPANY_SUFFIX.search(piece)
        and not _AT_COMPANY.search(f" {piece} ")
    )


def _name_and_rest(text: str) -> tuple[str, str]:
    """A name and what was typed after it with no separator ("Alex Kim needs payroll help" ->
    "Alex Kim", "needs payroll help"): the name is its leading capitalised words and particles.
    A name typed all in lower case cannot be told from the words after it beyond a few words."""
    words = text.split()
    if words and all(w[:1].islower() for w in words):
        if len(words) <= 3:
            return text, ""
        return " ".join(words[:2]), " ".join(words[2:])
    cut = 0
    while cut < len(words) and cut < _NAME_MAX_WORDS and _is_name_word(words[cut], cut):
        cut += 1
    while cut > 1 and words[cut - 1].casefold() in NAME_PARTICLES:
        cut -= 1
    if cut == 0:
        return text, ""
    return " ".join(words[:cut]), " ".join(words[cut:])


def _is_name_word(word: str, position: int) -> bool:
    """Capitalised, or in a script without capitals; lower case only for a particle ("van")."""
    if word[:1].islower():
        return position > 0 and word.casefold() in NAME_PARTICLES
    return True


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


def parse_amount(text: str | None, decimal_comma: bool = False) -> float | None:
    """A money amount as typed ("5,000", "$5000", "€1.5e3"; "5.000,50" where the firm writes a
    decimal comma); None when blank. Raises ValueError when the text is not a finite number."""
    return read_amount(text, decimal_comma)


def validate_submission(
    fields: Mapping[str, str],
    default_region: str = "US",
    limits: Mapping[str, int] | None = None,
    decimal_comma: bool = False,
) -> dict[str, str]:
    """{field key: what to fix}, in plain words; empty when the submission can be logged."""
    limits = LIMITS if limits is None else {**LIMITS, **limits}
    value = {key: (fields.get(key) or "").strip() for key in set(fields) | set(LIMITS)}
    errors: dict[str, str] = {}
    if not value["lead_name"]:
        errors["lead_name"] = msg.add_lead_name()
    if not value["referred_by"]:
        errors["referred_by"] = msg.add_referrer_name()
    if not value["lead_email"] and not value["lead_phone"]:
        errors["lead_email"] = msg.add_email_or_phone()
    for key in ("lead_email", "referrer_email"):
        if value[key] and not is_valid_email(value[key]):
            errors[key] = msg.not_an_email(value[key])
    if value["lead_phone"] and not is_valid_phone(value["lead_phone"], default_region):
        errors["lead_phone"] = msg.phone_incomplete()
    _check_choice(errors, value, "referrer_type", REFERRER_TYPES)
    _check_choice(errors, value, "how_introduced", HOW_INTRODUCED)
    _check_choice(errors, value, "lead_consent", LEAD_CONSENT)
    _check_amount(errors, value.get("est_value", ""), decimal_comma)
    for key, limit in limits.items():
        if len(value.get(key, "")) > limit and key not in errors:
            errors[key] = msg.keep_under(limit, len(value[key]))
    return errors


def _check_choice(errors: dict[str, str], value: Mapping[str, str], key: str, choices) -> None:
    if value.get(key) and value[key] not in choices:
        errors[key] = msg.pick_one_of(choices)


def _check_amount(errors: dict[str, str], text: str, decimal_comma: bool) -> None:
    try:
        amount = parse_amount(text, decimal_comma)
    except ValueError:
        example = "5.000,50" if decimal_comma else "5,000.50"
        errors["est_value"] = msg.value_not_a_number(example)
        return
    if amount is not None and amount < 0:
        errors["est_value"] = msg.value_negative()
