"""Which column of the file goes to which column of the Referrals tab.

`suggest` proposes a mapping from the file's headers (exact header, known synonyms, then a fuzzy
match); it is written to a mapping file the firm edits and the next run reads, so nothing is
guessed twice. Columns the bot keeps itself (ID, Next step, attribution, the hidden ones) are never
imported: they are worked out as for a referral logged in Slack."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from bot.dataio.tables import SourceError
from bot.domain.normalise import normalise_name
from bot.schema import Schema

IMPORTABLE = (
    "received", "lead_name", "company", "lead_email", "lead_phone", "referred_by",
    "referrer_email", "referrer_type", "how_introduced", "lead_consent", "context", "opening_line",
    "est_value", "stage",
    "followup_status", "owner", "touches", "first_contact_at", "last_touch_at", "thankyou_owner",
    "thankyou_status", "thankyou_sent_at", "referrer_last_updated", "outcome_reason", "logged_by",
)  # fmt: skip

SYNONYMS = {
    "received": ["date", "date received", "received on", "created", "created at", "referral date",
                 "date referred", "submitted", "datum", "fecha"],
    "lead_name": ["name", "lead", "client", "client name", "contact", "contact name",
                  "full name", "prospect", "referred person", "referral name", "customer", "nom"],
    "company": ["organisation", "organization", "business", "firm", "account", "employer",
                "company name", "firma"],
    "lead_email": ["email", "e-mail", "email address", "e-mail address", "contact email", "mail",
                   "courriel"],
    "lead_phone": ["phone", "telephone", "tel", "mobile", "cell", "phone number", "telefon"],
    "referred_by": ["referrer", "referrer name", "source", "referral source", "introduced by",
                    "referred from", "who referred", "introducer", "apporteur"],
    "referrer_email": ["referrer e-mail", "source email", "introducer email"],
    "referrer_type": ["relationship", "source type", "referrer relationship"],
    "how_introduced": ["introduction", "how", "intro type", "introduced how", "method"],
    "context": ["notes", "note", "comments", "comment", "description", "details", "need",
                "background", "remarks", "remarques"],
    "lead_consent": ["consent", "agreed to be introduced", "lead consent", "consent given",
                     "opt in", "agreed to contact"],
    "opening_line": ["opening line", "intro line", "message for the lead"],
    "est_value": ["value", "estimated value", "deal value", "amount", "fee", "potential value",
                  "est value", "expected value", "opportunity value", "valeur"],
    "stage": ["status", "pipeline stage", "state", "deal stage", "statut"],
    "owner": ["assigned to", "assignee", "handler", "responsible", "account manager",
              "follow-up owner", "followed up by", "partner"],
    "outcome_reason": ["reason", "lost reason", "outcome", "why"],
    "logged_by": ["entered by", "added by", "recorded by"],
}  # fmt: skip

FUZZY_THRESHOLD = 85


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str | None]
    """{file header: Referrals column key, or None to leave the column out}."""

    def key_of(self, header: str) -> str | None:
        return self.columns.get(header)


def _names(schema: Schema) -> dict[str, list[str]]:
    tab = schema.tab("referrals")
    return {
        key: [normalise_name(tab.column(key).header), *map(normalise_name, SYNONYMS.get(key, []))]
        for key in IMPORTABLE
    }


def _score(header: str, names: list[str]) -> float:
    wanted = normalise_name(header)
    if not wanted:
        return 0.0
    if wanted in names:
        return 200.0 if wanted == names[0] else 150.0
    return max(fuzz.ratio(wanted, name) for name in names)


def suggest(headers: tuple[str, ...], schema: Schema) -> Mapping:
    """The best column for each header, each column used once, best matches first."""
    names = _names(schema)
    scored = sorted(
        ((_score(h, names[key]), i, key) for i, h in enumerate(headers) if h for key in names),
        reverse=True,
    )
    columns: dict[str, str | None] = {h: None for h in headers if h}
    taken: set[str] = set()
    for score, i, key in scored:
        header = headers[i]
        if score < FUZZY_THRESHOLD or key in taken or columns[header] is not None:
            continue
        columns[header] = key
        taken.add(key)
    return Mapping(columns)


def mapping_path(source: str, data_dir: Path) -> Path:
    """Beside a file (`clients.csv.mapping.json`); in DATA_DIR for another Google Sheet."""
    path = Path(source)
    if path.exists():
        return path.with_name(path.name + ".mapping.json")
    safe = "".join(c if c.isalnum() else "-" for c in source)[-60:]
    return data_dir / f"import-{safe}.mapping.json"


def write_mapping(path: Path, mapping: Mapping, schema: Schema) -> None:
    tab = schema.tab("referrals")
    document = {
        "how_to_edit": (
            "Each file column names the Referrals column it goes to, or null to leave it out. "
            "Columns you can use: " + ", ".join(tab.column(k).header for k in IMPORTABLE) + "."
        ),
        "columns": {h: (tab.column(k).header if k else None) for h, k in mapping.columns.items()},
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read_mapping(path: Path, headers: tuple[str, ...], schema: Schema) -> Mapping:
    """The firm's mapping file, checked: every target is an importable column, used once, and
    every header of the file is listed."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        raw = document["columns"]
        assert isinstance(raw, dict)
    except (OSError, ValueError, KeyError, AssertionError) as exc:
        raise SourceError(
            f"Cannot read the mapping file {path} ({exc}); fix it, or delete it to get a new "
            "suggestion."
        ) from exc
    tab = schema.tab("referrals")
    by_header = {tab.column(k).header.casefold(): k for k in IMPORTABLE}
    columns: dict[str, str | None] = {}
    for header, target in raw.items():
        key = by_header.get(str(target).strip().casefold()) if target else None
        if target and key is None:
            raise SourceError(
                f"Mapping file {path}: {target!r} (for {header!r}) is not a column you can import "
                "into; use one of the names listed in its how_to_edit line, or null."
            )
        if key is not None and key in columns.values():
            raise SourceError(f"Mapping file {path}: {target!r} is used for two file columns.")
        columns[header] = key
    missing = [h for h in headers if h and h not in columns]
    if missing:
        raise SourceError(
            f"Mapping file {path} does not say where {', '.join(map(repr, missing))} goes; add "
            "it (or null), or delete the file to get a new suggestion."
        )
    return Mapping(columns)
