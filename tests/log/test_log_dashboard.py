"""The Dashboard through real gspread: init-sheet formats it and adds two native charts once; the
sweep's figures ride in the same values call as its cells, typed, leaving people's additions."""

from __future__ import annotations

from helpers_log import logged, no_wait_retry, referral

from bot.domain import dashboard as D
from bot.log.provision import provision
from bot.schema import load_schema

SCHEMA = load_schema()
AREA = D.a1_range("Dashboard")


def figures() -> list[list]:
    cells = [[""] * D.WIDTH for _ in range(D.ROWS)]
    cells[0][:4] = list(D.HEADLINE_HEADER)
    cells[1][:4] = ["Submissions", 3, 12, 40]
    cells[3][:4] = ["Acceptance rate", 0.5, 0.75, ""]
    cells[D.UPDATED_ROW][:2] = [D.UPDATED_LABEL, D.serial(D.SERIAL_EPOCH) + 46097.5]
    return cells


def test_init_sheet_adds_the_two_charts_pointing_at_the_bots_ranges(person):
    charts = person.charts("Dashboard")
    assert [c["spec"]["title"] for c in charts] == [plan.title for plan in D.CHARTS]
    weeks = charts[0]["spec"]["basicChart"]
    assert (weeks["chartType"], weeks["stackedType"]) == ("COLUMN", "STACKED")
    first, end = D.data_rows("weeks")
    (domain,) = weeks["domains"][0]["domain"]["sourceRange"]["sources"]
    assert (domain["startRowIndex"], domain["endRowIndex"]) == (first - 1, end)
    assert len(weeks["series"]) == 4  # Won, Not a fit, No response, Open
    funnel = charts[1]["spec"]["basicChart"]
    assert funnel["chartType"] == "BAR" and len(funnel["series"]) == 1


def test_init_sheet_twice_adds_no_second_chart(stand_in, spreadsheet, settings, person):
    again = provision(spreadsheet, SCHEMA, no_wait_retry(settings))
    assert again == ["Nothing to change: the sheet already matches sheets_schema.json"]
    assert len(person.charts("Dashboard")) == 2


def test_figures_go_in_the_same_values_call_as_the_cells(make_log, stand_in, person):
    sheet_log = make_log()
    stored = sheet_log.append_referral(referral("Jane Doe"), logged())
    assert sheet_log.flush(5)
    sheet_log.snapshot(max_age=0)  # tags the new row
    stand_in.reset_calls()

    with sheet_log.holding():
        sheet_log.update({stored.id: {"stage": "Contacted"}}, [])
        sheet_log.write_dashboard(AREA, figures())
    assert sheet_log.flush(5)

    assert stand_in.calls["spreadsheets.values.batchUpdateByDataFilter"] == 1
    assert sum(stand_in.calls.values()) == 1
    assert person.rows("Referrals")[1][SCHEMA.tab("referrals").keys.index("stage")] == "Contacted"


def test_figures_are_typed_and_formatted(make_log, person):
    sheet_log = make_log()
    sheet_log.write_dashboard(AREA, figures())
    assert sheet_log.flush(5)

    submissions = person.cell("Dashboard", "D2")
    assert submissions["effectiveValue"] == {"numberValue": 40}
    assert submissions["formattedValue"] == "40"
    rate = person.cell("Dashboard", "B4")
    assert rate["effectiveValue"] == {"numberValue": 0.5} and rate["formattedValue"] == "50%"
    updated = person.cell("Dashboard", f"B{D.UPDATED_ROW + 1}")
    assert updated["formattedValue"] == "2026-03-16 12:00"


def test_peoples_own_additions_are_left_alone(make_log, person):
    person.set_cell("Dashboard", "J40", "Partners' note: call Alex")
    person.set_cell("Dashboard", f"A{D.ROWS + 2}", "my own total")
    sheet_log = make_log()
    sheet_log.write_dashboard(AREA, figures())
    assert sheet_log.flush(5)

    assert person.cell("Dashboard", "J40")["formattedValue"] == "Partners' note: call Alex"
    assert person.cell("Dashboard", f"A{D.ROWS + 2}")["formattedValue"] == "my own total"
    assert person.cell("Dashboard", "A2")["formattedValue"] == "Submissions"
