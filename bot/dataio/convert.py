"""One row of a file into the cells of a referral, the way the sheet keeps them, or the reasons it
cannot be imported. Pure: no I/O.

Dates are read day-first (05/03/2024 = 5 March) unless the firm is in the US or Canada; numbers
tolerate "5k", "$5,000", "1.234,50" and, in a semicolon-separated file, a decimal comma."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from bot.domain import referral as R
from bot.domain.cellvalues import read_number
from bot.domain.normalise import normalise_email, normalise_phone
from bot.domain.timefmt import format_dt, parse_dt

DATE_KEYS = (
    "received", "first_contact_at", "last_touch_at", "thankyou_sent_at", "referrer_last_updated",
)  # fmt: skip
NUMBER_KEYS = ("est_value", "touches")
MONTH_FIRST_REGIONS = {"US", "CA", "PH"}

_DAY_FIRST = ("%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y %H:%M", "%d.%m.%Y %H:%M")
_MONTH_FIRST = ("%m/%d/%Y", "%m/%d/%y", "%m-%d-%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M %p")
_WORDY = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%Y/%m/%d")

STAGE_WORDS = {
    R.NEW: ["new", "open", "received", "to contact", "not contacted"],
    R.CONTACTED: ["contacted", "reached out", "emailed", "called", "first contact"],
    R.IN_CONVERSATION: ["in conversation", "in progress", "talking", "meeting", "negotiating",
                        "qualified", "proposal"],
    R.WON: ["won", "closed won", "client", "signed", "converted", "engaged"],
    R.NOT_A_FIT: ["not a fit", "lost", "closed lost", "declined", "rejected", "no fit"],
    R.NO_RESPONSE: ["no response", "no reply", "no answer", "unresponsive", "ghosted"],
}  # fmt: skip
CHOICE_KEYS = {
    "referrer_type": R.REFERRER_TYPES,
    "how_introduced": R.HOW_INTRODUCED,
    "followup_status": (R.FOLLOWUP_PREPARED, R.FOLLOWUP_SENT, R.WAITING_FOR_REPLY, R.NO_FURTHER_ACTION),
    "thankyou_status": (R.THANKYOU_TODO, R.THANKYOU_DRAFTED, R.THANKYOU_SENT),
    "lead_consent": R.LEAD_CONSENT,
}  # fmt: skip
CONSENT_WORDS = {"y": R.CONSENT_YES, "true": R.CONSENT_YES, "agreed": R.CONSENT_YES,
                 "n": R.CONSENT_NO, "false": R.CONSENT_NO, "refused": R.CONSENT_NO,
                 "unknown": R.CONSENT_NOT_ASKED, "not known": R.CONSENT_NOT_ASKED}  # fmt: skip
INTRO_WORDS = {"email": "Email intro", "e-mail": "Email intro", "web": "Web form", "form": "Web form",
               "call": "Mentioned in a call or meeting", "meeting": "Mentioned in a call or meeting",
               "phone": "Mentioned in a call or meeting", "private": "Passed along privately"}  # fmt: skip


@dataclass(frozen=True)
class Converted:
    cells: dict[str, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    """Things changed on the way in that the report mentions (an unknown choice became Other)."""


def read_date(text: str, tz: str, month_first: bool) -> datetime | None:
    text = " ".join(text.split())
    if not text:
        return None
    found = parse_dt(text, tz) if re.match(r"^\d{4}-\d{2}-\d{2}", text) else None
    if found is not None:
        return found
    formats = (_MONTH_FIRST if month_first else _DAY_FIRST) + _WORDY
    for fmt in formats:
        try:
            return parse_dt(datetime.strptime(text, fmt).isoformat(), tz)
        except ValueError:
            continue
    return None


def number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0")


def read_stage(text: str) -> str | None:
    wanted = " ".join(text.casefold().replace("-", " ").replace("_", " ").split())
    if not wanted:
        return ""
    for stage, words in STAGE_WORDS.items():
        if wanted == stage.casefold() or wanted in words:
            return stage
    return None


def read_choice(key: str, text: str) -> tuple[str, str]:
    """(choice, note): the matching choice, else a near word, else Other (or blank)."""
    if not text:
        return "", ""
    choices = CHOICE_KEYS[key]
    for choice in choices:
        if choice.casefold() == text.casefold():
            return choice, ""
    if key == "lead_consent" and text.casefold() in CONSENT_WORDS:
        return CONSENT_WORDS[text.casefold()], ""
    if key == "how_introduced":
        for word, choice in INTRO_WORDS.items():
            if word in text.casefold():
                return choice, ""
    if "Other" in choices:
        return "Other", f"{text!r} is not a {key.replace('_', ' ')} choice; imported as Other"
    return "", f"{text!r} is not a {key.replace('_', ' ')} choice; left blank"


@dataclass(frozen=True)
class Reading:
    """How to read this source's cells."""

    tz: str
    region: str
    decimal_comma: bool = False

    @property
    def month_first(self) -> bool:
        return self.region.upper() in MONTH_FIRST_REGIONS


def convert(values: dict[str, str], how: Reading) -> Converted:
    """{Referrals key: file text} into sheet cells; problems make the row invalid."""
    cells: dict[str, str] = {}
    problems: list[str] = []
    notes: list[str] = []
    for key, raw in values.items():
        text = raw.strip()
        if not text:
            continue
        if key in DATE_KEYS:
            moment = read_date(text, how.tz, how.month_first)
            if moment is None:
                problems.append(f"{_label(key)} {text!r} is not a date")
            else:
                cells[key] = format_dt(moment, how.tz)
        elif key in NUMBER_KEYS:
            number = read_number(text, how.decimal_comma)
            if number is None or number < 0:
                problems.append(f"{_label(key)} {text!r} is not a number")
            else:
                cells[key] = number_text(number)
        elif key in ("lead_email", "referrer_email"):
            email = normalise_email(text)
            if not email:
                problems.append(f"{_label(key)} {text!r} is not an email address")
            cells[key] = email
        elif key == "lead_phone":
            phone = normalise_phone(text, how.region)
            if not phone:  # kept as typed: a person can still dial it
                notes.append(f"lead phone {text!r} is not a number for {how.region}; kept as typed")
            cells[key] = phone or text
        elif key == "stage":
            stage = read_stage(text)
            if stage is None:
                problems.append(f"stage {text!r} is not one of {', '.join(R.STAGES)}")
            else:
                cells[key] = stage
        elif key in CHOICE_KEYS:
            cells[key], note = read_choice(key, text)
            notes += [note] if note else []
        else:
            cells[key] = text
    if not any(cells.get(k) for k in ("lead_name", "lead_email", "lead_phone")):
        problems.append("no lead: it needs a name, an email or a phone")
    return Converted(cells, tuple(problems), tuple(notes))


def _label(key: str) -> str:
    return key.replace("_", " ").replace("est ", "est. ").replace(" at", "")
