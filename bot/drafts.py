"""The drafts a human sends: one sandboxed Jinja environment rendering templates/.

Each template file `templates/<name>.txt.j2` is one draft. Its first line is `Subject: ...`, then a blank
line, then the plain-text body (see templates/README.md). A firm's override folder is searched first, so
a file there replaces the built-in template of the same name.

No draft may mention a reward that nobody approved. Templates guard that themselves, and `render`
checks the result again, so an edited template cannot leak an unapproved promise.

Every draft goes to the lead or the referrer, so no draft sees the internal Context (DESIGN.md
"Privacy"): `render` blanks it before any template runs, a firm's own templates included. What a
first contact may say to the lead is the separate, optional Opening line."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, Template, TemplateNotFound
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.ext import Extension
from jinja2.sandbox import ImmutableSandboxedEnvironment

from bot.domain.referral import REWARD_APPROVED, Referral
from bot.domain.steps import consented_draft
from bot.domain.timefmt import parse_dt
from bot.errors import ConfigError, ReferralDeskError

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "templates"
SUFFIX = ".txt.j2"
# Drafts addressed to the referred lead; every other draft goes to the referrer.
LEAD_DRAFTS = frozenset({"first_contact", "second_touch", "third_touch", "decline"})
MAILTO_MAX_LENGTH = 1800
ELLIPSIS = "…"

_NAME = re.compile(r"[a-z0-9][a-z0-9_]*")
# Optional leading comment or statement lines, then the `Subject:` line.
_HEADER = re.compile(
    r"(?:[ \t]*(?:\{#.*?#\}|\{%[^\n]*?%\})[ \t]*\r?\n|[ \t]*\r?\n)*"
    r"(?P<line>[ \t]*Subject:[ \t]*(?P<subject>[^\r\n]*))",
    re.DOTALL | re.IGNORECASE,
)
_REWARD_WORDS = re.compile(
    r"\b(?:reward|gift|fee|bonus|voucher|commission)(?:s|es|ed|ing)?\b", re.IGNORECASE
)
INTERNAL_FIELDS = ("context",)
"""Columns for the firm's eyes only: blank in every draft."""
# Reward columns never count as the referral's own text: they are what the check protects.
_REWARD_FIELDS = frozenset({"reward_state", "reward_amount"})
_HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "rev",
        "lord",
        "lady",
    }
)
# What may follow a comma after a name without being a given name ("Jane Doe, PhD").
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "cpa", "qc", "kc"})
# Spelled out rather than strftime("%B"), which follows the machine's locale.
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONEY = re.compile(
    r"(?P<sign>-)?\s*(?P<symbol>[£$€¥])?\s*(?P<number>\d[\d,]*(?:\.\d+)?|\.\d+)\s*(?P<code>[A-Za-z]{3})?"
)
_TO_MAX = 320  # encoded; longer than any real address, so anything longer is junk from the sheet
_SUBJECT_MAX = 600  # encoded


class DraftError(ReferralDeskError):
    """A draft cannot be made: unknown template, missing value, refused access, or unapproved reward."""


@dataclass(frozen=True)
class Draft:
    """One rendered draft. `body` is plain text for an email; a person sends it."""

    name: str
    to: str
    subject: str
    body: str

    def mailto(self) -> str:
        """A `mailto:` link (RFC 6068) that opens this draft in the sender's mail client.

        Mail clients and browsers cut long links, so the body is shortened at a line boundary and
        ends with "…" when the link would pass MAILTO_MAX_LENGTH."""
        to = quote(self.to.strip(), safe="@")
        if len(to) > _TO_MAX:
            to = ""
        head = f"mailto:{to}?subject={_encode_fit(self.subject, _SUBJECT_MAX)}&body="
        return head + _encode_body(self.body, MAILTO_MAX_LENGTH - len(head))

    def as_mrkdwn(self) -> str:
        """Subject in bold, then the body, escaped so no text can become a Slack link or mention.

        Post it without `link_names`, so a typed "@channel" stays plain text too."""
        return f"*{slack_escape(self.subject)}*\n\n{slack_escape(self.body)}"


def slack_escape(text: str) -> str:
    """Slack's three control characters; `&` first so the others are not escaped twice."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Drafts:
    """Renders the firm's drafts. Built once at start, so a broken template fails there, not later."""

    def __init__(self, firm_name: str, override_dir: str | Path | None = None, tz: str = "UTC"):
        self.firm_name = firm_name
        self.tz = _zone(tz)
        loaders = [FileSystemLoader(str(BUILTIN_DIR))]
        if override_dir:
            folder = Path(override_dir).expanduser()
            if not folder.is_dir():
                raise ConfigError(
                    f"TEMPLATES_OVERRIDE_DIR is {str(override_dir)!r}, which is not a folder. "
                    "Create it, or leave the setting empty to use the built-in templates."
                )
            loaders.insert(0, FileSystemLoader(str(folder)))
        self._env = _environment(ChoiceLoader(loaders))
        self._env.filters.update(
            first_name=first_name,
            full_name=full_name,
            date=self._date,
            money=money,
            oneline=oneline,
        )
        self._compile_all()

    def names(self) -> list[str]:
        """Every draft that can be rendered (partials, named `_*.txt.j2`, are not drafts)."""
        return sorted(
            file.removesuffix(SUFFIX)
            for file in self._env.list_templates(filter_func=_is_template_file)
            if not _is_partial(file)
        )

    def render(self, name: str, **context: Any) -> Draft:
        """Render draft `name` with `referral`, `sender`, `reward_approved` and step values.

        `firm` defaults to the firm name, `reward_approved` to False and `disclose_outcome` (may a
        referrer update say whether the lead became a client) to True. A draft to a lead who has
        not agreed to be introduced is never made: the note asking the referrer is, instead."""
        if isinstance(context.get("referral"), Referral):
            name = consented_draft(name, context["referral"])
        template = self._template(name)
        values = {"firm": self.firm_name, **context}
        # Only a real True approves: a truthy "yes" must not make a template promise a reward.
        values["reward_approved"] = context.get("reward_approved") is True
        values["disclose_outcome"] = context.get("disclose_outcome", True) is not False
        if "referral" in values:
            values["referral"] = without_internal(values["referral"])
        try:
            module = template.make_module(values)
            subject, body = getattr(module, "subject", None), str(module)
        except SecurityError as exc:
            raise DraftError(
                f"Template {name!r} tried something templates may not do: {exc}"
            ) from exc
        except UndefinedError as exc:
            raise DraftError(f"Template {name!r} needs a value it was not given: {exc}") from exc
        except (TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as exc:
            raise DraftError(f"Template {name!r} could not be rendered: {exc}") from exc
        if subject is None:
            raise DraftError(
                f"Template {name!r} did not set a subject; start it with 'Subject: ...'."
            )
        draft = Draft(name, _recipient(name, values), oneline(subject), _tidy(body))
        _check_reward(draft, values)
        return draft

    def _template(self, name: str) -> Template:
        if not _NAME.fullmatch(name or ""):
            raise DraftError(
                f"{name!r} is not a draft name; use one of: {', '.join(self.names())}."
            )
        try:
            return self._env.get_template(name + SUFFIX)
        except TemplateNotFound as exc:
            raise DraftError(
                f"There is no draft called {name!r}; use one of: {', '.join(self.names())}."
            ) from exc
        except TemplateSyntaxError as exc:
            raise DraftError(_syntax_message(exc)) from exc

    def _compile_all(self) -> None:
        for file in self._env.list_templates(filter_func=_is_template_file):
            try:
                self._env.get_template(file)
            except TemplateSyntaxError as exc:
                raise DraftError(_syntax_message(exc)) from exc

    def _date(self, value: Any, style: str = "long") -> str:
        return format_date(value, self.tz, style)


class _SubjectLine(Extension):
    """Turns the `Subject:` line into `{% set subject %}...{% endset %}` before Jinja parses it.

    The subject is then a value of its own, so user text with line breaks cannot spill from the
    subject into the body. Line numbers stay the same for error messages."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if name is None or _is_partial(name):
            return source
        match = _HEADER.match(source)
        if match is None:
            raise TemplateSyntaxError(
                "a draft template must start with a 'Subject: ...' line (see templates/README.md)",
                lineno=1,
                name=name,
                filename=filename,
            )
        subject = "{% set subject %}" + match["subject"] + "{% endset %}"
        return source[: match.start("line")] + subject + source[match.end("line") :]


def _environment(loader: ChoiceLoader) -> ImmutableSandboxedEnvironment:
    # Plain-text emails: no HTML autoescape here; as_mrkdwn escapes for Slack.
    return ImmutableSandboxedEnvironment(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        extensions=[_SubjectLine],
    )


# Filters ---------------------------------------------------------------------------------------


def first_name(value: Any) -> str:
    """The name to greet someone by, as typed: 'Dr. Jane Doe' -> 'Jane', 'Smith, John' -> 'John'.

    A title with a surname only is kept ('Ms Smith' -> 'Ms Smith': "Hi Smith" would be curt).
    '' when there is no name."""
    surname, comma, given = oneline(value).partition(",")
    given_words = given.split()
    if comma and given_words and given_words[0].casefold().strip(".") not in _NAME_SUFFIXES:
        surname = f"{given.strip()} {surname.strip()}"  # "Last, First"
    words = surname.split(" ")
    titles = []
    while len(words) > 1 and words[0].casefold().rstrip(".") in _HONORIFICS:
        titles.append(words.pop(0))
    if "@" in words[0]:
        return ""
    return " ".join([*titles, words[0]]) if titles and len(words) == 1 else words[0]


def full_name(value: Any) -> str:
    """A name on one line, exactly as typed: 'Ludwig van Beethoven' stays so, never recased."""
    return oneline(value)


def format_date(value: Any, tz: str = "UTC", style: str = "long") -> str:
    """A sheet date as people write it: '2024-03-05 14:30' -> '5 March 2024'.

    Styles: long, short ('5 Mar'), weekday ('Tuesday 5 March 2024'), datetime ('5 March 2024, 14:30'),
    or a strftime pattern. Text that is not a date (a person typed 'next week') is kept as typed."""
    moment = value if isinstance(value, datetime) else parse_dt(str(value or ""), tz)
    if moment is None:
        return oneline(value)
    moment = moment.replace(tzinfo=ZoneInfo(tz)) if moment.tzinfo is None else moment
    moment = moment.astimezone(ZoneInfo(tz))
    day = f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"
    styles = {
        "long": day,
        "short": f"{moment.day} {_MONTHS[moment.month - 1][:3]}",
        "weekday": f"{_WEEKDAYS[moment.weekday()]} {day}",
        "datetime": f"{day}, {moment:%H:%M}",
    }
    if style in styles:
        return styles[style]
    if "%" in style:
        return moment.strftime(style)
    raise ValueError(f"unknown date style {style!r}; use one of {', '.join(styles)}")


def money(value: Any, symbol: str = "") -> str:
    """An amount as people write it: '1250' -> '1,250', '£1250.5' -> '£1,250.50'.

    The currency symbol or code typed in the cell is kept; `symbol` is used when there is none.
    Text that is not an amount is kept as typed."""
    text = oneline(value)
    match = _MONEY.fullmatch(text)
    if match is None:
        return text
    try:
        amount = Decimal(match["number"].replace(",", ""))
    except InvalidOperation:
        return text
    if match["sign"]:
        amount = -amount
    digits = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    sign, digits = ("-", digits[1:]) if digits.startswith("-") else ("", digits)
    code = f" {match['code'].upper()}" if match["code"] else ""
    return f"{sign}{match['symbol'] or symbol}{digits}{code}"


def oneline(value: Any) -> str:
    """Text on one line with single spaces, for names and subjects typed with stray line breaks."""
    return " ".join(str("" if value is None else value).split())


# Helpers ---------------------------------------------------------------------------------------


def _zone(tz: str) -> str:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"Unknown time zone {tz!r}; use a name like 'Europe/London'.") from exc
    return tz


def _is_template_file(file: str) -> bool:
    return file.endswith(SUFFIX) and "/" not in file


def _is_partial(file: str) -> bool:
    return file.rsplit("/", 1)[-1].startswith("_")


def _syntax_message(exc: TemplateSyntaxError) -> str:
    where = exc.filename or exc.name or "a template"
    return f"{where}, line {exc.lineno}: {exc.message}"


def without_internal(referral: Any) -> Any:
    """The referral as a draft may see it: the internal columns blank."""
    if is_dataclass(referral) and not isinstance(referral, type):
        present = {f.name for f in fields(referral)}
        return replace(referral, **{key: "" for key in INTERNAL_FIELDS if key in present})
    if isinstance(referral, Mapping):
        return {**referral, **{key: "" for key in INTERNAL_FIELDS if key in referral}}
    return referral


def _recipient(name: str, values: Mapping[str, Any]) -> str:
    referral = values.get("referral")
    field = "lead_email" if name in LEAD_DRAFTS else "referrer_email"
    return str(getattr(referral, field, "") or "").strip()


def _tidy(body: str) -> str:
    """Trailing spaces off, runs of blank lines (left by skipped optional paragraphs) made one."""
    lines: list[str] = []
    for line in body.replace("\r\n", "\n").split("\n"):
        line = line.rstrip()
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip("\n")


def reward_is_approved(values: Mapping[str, Any]) -> bool:
    """The one rule for mentioning a reward: the bot says so and the sheet says Approved."""
    referral = values.get("referral")
    return values.get("reward_approved") is True and (
        getattr(referral, "reward_state", None) == REWARD_APPROVED
    )


def _check_reward(draft: Draft, values: Mapping[str, Any]) -> None:
    if reward_is_approved(values):
        return
    text = f"{draft.subject}\n{draft.body}"
    if not _REWARD_WORDS.search(text.casefold()):
        return  # no reward word at all: the referral's own texts need not be gathered
    words = _unexplained_reward_words(text, _user_texts(values))
    if words:
        raise DraftError(
            f"Draft {draft.name!r} mentions {', '.join(sorted(set(words)))!s} but no reward is "
            "approved for this referral. Edit the template so it only mentions a reward inside "
            '{% if reward_approved and referral.reward_state == "Approved" %}.'
        )


def _unexplained_reward_words(text: str, user_texts: set[str]) -> list[str]:
    """Reward words the template wrote itself; ones inside the referral's own text are allowed
    (a lead's context may well say "fee dispute", and a lead may be called Gift)."""
    folded = text.casefold()
    allowed = [
        (start, start + len(part))
        for part in user_texts
        for start in (m.start() for m in re.finditer(re.escape(part), folded))
    ]
    return [
        m.group()
        for m in _REWARD_WORDS.finditer(folded)
        if not any(start <= m.start() and m.end() <= end for start, end in allowed)
    ]


def _user_texts(values: Mapping[str, Any]) -> set[str]:
    texts: set[str] = set()
    for value in values.values():
        _collect_texts(value, texts, depth=0)
    return {t for t in texts if _REWARD_WORDS.search(t)}


def _collect_texts(value: Any, into: set[str], depth: int) -> None:
    if depth > 3:
        return
    if isinstance(value, str):
        # The forms a template shows text in: as typed, on one line, recased, first name, by line.
        variants = [value, oneline(value), full_name(value), first_name(value), *value.splitlines()]
        into.update(v.strip().casefold() for v in variants if v.strip())
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            if f.name not in _REWARD_FIELDS:
                _collect_texts(getattr(value, f.name), into, depth + 1)
    elif isinstance(value, Mapping):
        for item in value.values():
            _collect_texts(item, into, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _collect_texts(item, into, depth + 1)


def _encode_fit(text: str, budget: int) -> str:
    """`text` percent-encoded in at most `budget` characters, cut with "…" when it must be."""
    encoded = quote(text, safe="")
    if len(encoded) <= budget:
        return encoded
    room = budget - len(quote(ELLIPSIS, safe=""))
    kept = ""
    for char in text:
        piece = quote(char, safe="")
        if len(piece) > room:
            break
        kept, room = kept + piece, room - len(piece)
    return kept + quote(ELLIPSIS, safe="")


def _encode_body(body: str, budget: int) -> str:
    """The body percent-encoded with CRLF line breaks; over budget, whole lines are kept and "…" ends it."""
    crlf = "%0D%0A"
    lines = [quote(line, safe="") for line in body.replace("\r\n", "\n").split("\n")]
    if len(crlf.join(lines)) <= budget:
        return crlf.join(lines)
    tail = crlf + quote(ELLIPSIS, safe="")
    kept: list[str] = []
    used = 0
    for line in lines:
        cost = len(line) + (len(crlf) if kept else 0)
        if used + cost + len(tail) > budget:
            break
        kept.append(line)
        used += cost
    while kept and not kept[-1]:
        kept.pop()
    if not kept:  # one very long first line: cut inside it rather than send an empty body
        return _encode_fit(body.split("\n", 1)[0], budget)
    return crlf.join(kept) + tail
