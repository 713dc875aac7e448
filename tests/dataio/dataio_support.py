"""What the import and export tests share: reading a tab back, and wild CSV files."""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings
from sandbox.workspace import local_spreadsheet

FIRSTS = ["Ana", "Ben", "Chloé", "Dev", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jonas",
          "Kai", "Lena", "Mateo", "Nora", "Omar", "Pia", "Quinn", "Rosa", "Sami", "Tomás",
          "Uma", "Vera", "Wim", "Xia", "Yusuf", "Zoë", "Arjun", "Bea", "Caio", "Dana",
          "Emil", "Fay", "Gil", "Hana", "Ivo", "Jade", "Kofi", "Lior", "Maja", "Nils",
          "Oona", "Pavel", "Rhea", "Seb", "Tara", "Ugo", "Vik", "Wren", "Yara", "Zeno"]  # fmt: skip
LASTS = ["Abara", "Brandt", "Castillo", "Dahl", "Eze", "Fontaine", "Grünwald", "Haddad",
         "Ito", "Jovanović", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor",
         "Petrov", "Quispe", "Rossi", "Sato", "Tanaka", "Ueda", "Varga", "Weber", "Xu",
         "Yilmaz", "Zhou", "Achebe", "Bauer", "Costa", "Duarte", "Eriksen", "Ferreira",
         "Gomez", "Horvat", "Iqbal", "Jensen", "Kim", "Lopez", "Müller", "Novak", "Olsen",
         "Park", "Quinn", "Reyes", "Silva", "Torres", "Usman", "Vogel", "Wong", "Young",
         "Zanetti", "Adeyemi", "Bianchi", "Chen", "Dimitrov", "Evans", "Fischer", "García",
         "Hansen", "Ibrahim", "Jung", "Khan", "Larsen", "Martin", "Nguyen", "Ortiz",
         "Popescu", "Ramos", "Schmidt", "Takahashi", "Ulrich", "Vasquez", "Wagner",
         "Yamamoto", "Zimmermann", "Alves", "Berg", "Cruz", "Dubois", "Egan", "Farouk",
         "Gallo", "Huber", "Ilić", "Janssen", "Keller", "Lund", "Marino", "Nieminen",
         "Oliveira", "Pereira", "Richter", "Santos", "Thomsen", "Urbano", "Volkov", "Wolf",
         "Yadav", "Zuber", "Amato"]  # fmt: skip
WILD_HEADER = ["Nom du client", "E-mail", "Tél.", "Apporteur", "Date d'entrée", "Remarques",
               "Valeur estimée", "Statut", "Responsable", "Code interne", "Colonne vide"]  # fmt: skip


def lead(i: int) -> tuple[str, str]:
    """A distinct name and email for lead number i (up to 5,000)."""
    name = f"{FIRSTS[i % 50]} {LASTS[i // 50]}"
    return name, f"lead{i}@firm{i}.example"


def wild_csv(path: Path, count: int) -> Path:
    """An export from a French CRM: Latin-1, semicolons, a decimal comma, day-first dates, odd
    and extra columns, blank lines and a quoted note with a line break."""
    lines = [";".join(WILD_HEADER)]
    for i in range(count):
        name, email = lead(i)
        note = f'"Besoin: paie; ligne\nsuite {i}"' if i % 97 == 0 else f"besoin {i}"
        stage = ["ouvert", "won", "lost", "In progress"][i % 4]
        stage = {"ouvert": "open"}.get(stage, stage)
        lines.append(
            f"{name};{email};;Alex Kim;{1 + i % 28:02d}/03/2024;{note};{i},50;{stage};;C{i};"
        )
        if i % 1000 == 999:
            lines.append("")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("latin-1", errors="replace"))
    return path


def tab_rows(settings: Settings, title: str) -> list[dict[str, str]]:
    """A tab as {header: cell} rows, read back through gspread."""
    with local_spreadsheet(settings) as spreadsheet:
        header, *rows = spreadsheet.worksheet(title).get_all_values()
    return [dict(zip(header, row, strict=False)) for row in rows]
