"""What the referral log says to people when something is wrong: one tiny function per message."""

from __future__ import annotations

INIT_SHEET = "python run.py init-sheet"


def no_referral(referral_ids: list[str]) -> str:
    """The one wording for IDs no row carries, whether a person asked or a write aimed at them."""
    return f"There is no referral {', '.join(referral_ids)} in the log."


def missing_column(tab: str, header: str) -> str:
    return (
        f"{tab} is missing the column '{header}' — was it renamed? "
        f"Put the header back or run `{INIT_SHEET}`"
    )


def unknown_column(tab: str, key: str) -> str:
    return f"sheets_schema.json has no column '{key}' on {tab}; add it there first"


def duplicate_column(tab: str, header: str, letters: list[str]) -> str:
    return (
        f"{tab} has the column '{header}' more than once (columns {', '.join(letters)}) — "
        "rename or delete the extra one so the bot knows which to use"
    )


def missing_tab(title: str, detail: str) -> str:
    return f"The spreadsheet has no readable tab '{title}' ({detail}) — run `{INIT_SHEET}`"


def unreadable_tabs(titles: list[str], detail: str) -> str:
    return (
        f"Google could not read the tabs {', '.join(titles)} ({detail}) — was one renamed or "
        f"deleted? Run `{INIT_SHEET}`"
    )


def share_sheet(email: str, spreadsheet: str, status: int) -> str:
    what = "cannot find" if status == 404 else "is not allowed to open"
    return (
        f"Google says the service account {what} spreadsheet {spreadsheet} ({status}). "
        f"Share the sheet with {email} as an Editor (Share button in Google Sheets), "
        "and check SPREADSHEET is the right ID or URL."
    )


def no_key(detail: str) -> str:
    return (
        f"Cannot read the Google service-account key: {detail}. Set GOOGLE_SERVICE_ACCOUNT_FILE to "
        "the downloaded JSON key file, or GOOGLE_SERVICE_ACCOUNT_JSON to its contents."
    )


def unavailable(what: str, attempts: int, status: int | None) -> str:
    cause = f"last answer {status}" if status else "no answer"
    return (
        f"Google Sheets did not answer {what} after {attempts} tries ({cause}). "
        "Writes wait safely in the outbox and go out when it is back."
    )


def nothing_to_change() -> str:
    return "Nothing to change: the sheet already matches sheets_schema.json"


_KINDS = {"DATE_TIME": "dates", "NUMBER": "numbers", "CURRENCY": "amounts"}


def typed_column(ref: str, kind: str) -> str:
    return f"Formatted {ref} as {_KINDS.get(kind, kind.lower())}"


def converted_cells(count: int, ref: str, kind: str) -> str:
    cells = "cell" if count == 1 else "cells"
    return f"Converted {count} {cells} of {ref} from text to {_KINDS.get(kind, kind.lower())}"


def unreadable_cells(ref: str, kind: str, cells: list[str], listed: int) -> str:
    shown = ", ".join(cells[:listed]) + (
        f" and {len(cells) - listed} more" if len(cells) > listed else ""
    )
    what = _KINDS.get(kind, kind.lower())[:-1]
    return f"Left as typed in {ref} (not readable as a {what}; fix them by hand): {shown}"


def never_read() -> str:
    return (
        "Google Sheets has not answered since this machine started, and it has never read the "
        "log, so it cannot number a new referral without risking an ID already in the sheet"
    )


def unreadable_date(cell: str, header: str, text: str) -> str:
    return f"{cell} ({header}): “{text}” is not a date the bot can read; write it like 2026-03-02 09:30"


def unreadable_number(cell: str, header: str, text: str, money: bool) -> str:
    if money:
        return (
            f"{cell} ({header}): “{text}” is not an amount the bot can read; write a number like "
            "5000, 5k or $5,000 (until then the figures count it as blank)"
        )
    return f"{cell} ({header}): “{text}” is not a number the bot can read; write a number like 2"


def unreadable_capacity(cell: str, name: str, text: str) -> str:
    return (
        f"{cell} (Max active): “{text}” is not a number the bot can read; write a number like 8 "
        f"(until then {name or 'this person'} is given up to DEFAULT_MAX_ACTIVE open referrals)"
    )


def unknown_stage(cell: str, text: str, stages: tuple[str, ...]) -> str:
    return f"{cell} (Stage): “{text}” is not a stage; pick one of {', '.join(stages)}"


def duplicate_id(cell: str, referral_id: str, kept_row: int) -> str:
    return (
        f"{cell}: the ID {referral_id} is also on row {kept_row}, which stays {referral_id}. "
        "Clear this ID to log the row as a new referral, or delete the row if it is a copy"
    )


def more_problems(count: int) -> str:
    return f"…and {count} more like these"
