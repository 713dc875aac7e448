"""Reading the whole Activity tab, for the figures that need it (submissions merged into a record,
time to payout). One `values.get` call, by header name; asked for by the Dashboard refresh and by
`/refer stats` and `/refer digest`, never by the sweep's regular read (which reads Activity's
header only, so its cost does not grow with the history)."""

from __future__ import annotations

from bot.domain.referral import Activity
from bot.log.mapping import map_headers, read_rows, split_header
from bot.log.reading import quoted
from bot.schema import Schema


def activity_rows(values: list[list[str]], schema: Schema) -> list[Activity]:
    """Activity rows from a tab's values (header first); rows with no What are skipped."""
    tab = schema.tab("activity")
    header_index, header_row = split_header(values)
    header = map_headers(tab, header_row)
    return [
        Activity(
            when=row["when"],
            referral_id=row["referral_id"].strip(),
            who=row["who"],
            what=row["what"].strip(),
            details=row["details"],
            event_id=row["event_id"],
        )
        for _, row in read_rows(header, values, header_index)
        if row["what"].strip()
    ]


def read_activity(spreadsheet, schema: Schema) -> list[Activity]:
    response = spreadsheet.values_get(quoted(schema.tab("activity").title))
    values = [[str(cell) for cell in row] for row in response.get("values", [])]
    return activity_rows(values, schema)
