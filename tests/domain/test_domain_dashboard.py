"""The Dashboard's grid on the fixed dataset: typed numbers where the figures go, the same
figures `/refer stats` shows, and a layout init-sheet's formats and charts agree with."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.domain import dashboard as D
from bot.domain import figures as F
from bot.domain import metrics as M
from tests.domain.metrics_dataset import ACTIVITY, NOW, REFERRALS, TEAM


def grid() -> list[list]:
    week, month, everything = (
        M.compute(REFERRALS, ACTIVITY, p, NOW, "UTC", team=TEAM)
        for p in (M.this_week(NOW, "UTC"), M.last_weeks(NOW, "UTC", 4), M.all_time())
    )
    return D.grid(week, month, everything, NOW, "UTC")


def headline(cells: list[list], label: str) -> list:
    (row,) = [r for r in cells[: D.UPDATED_ROW] if r[0] == label]
    return row[1:4]


def block_rows(cells: list[list], key: str) -> list[list]:
    first, end = D.data_rows(key)
    width = len(D.block(key).header)
    assert all(cell == "" for r in cells[first:end] for cell in r[width:])  # nothing beyond it
    return [r[:width] for r in cells[first:end] if r[0] != ""]


def test_the_grid_fills_the_bots_area_exactly():
    cells = grid()
    assert len(cells) == D.ROWS and {len(r) for r in cells} == {D.WIDTH}
    assert cells[0][:4] == list(D.HEADLINE_HEADER)


def test_headline_figures_are_typed_numbers_for_three_periods():
    cells = grid()
    # Last 4 weeks = from Monday 23 February: this week's 17, last week's 5, none the week of
    # 2 March, and 7 declines received 23 February to 1 March.
    assert headline(cells, "Submissions") == [17, 17 + 5 + 0 + 7, 63]
    assert headline(cells, "Won") == [0, 0, 10]
    assert headline(cells, "Conversion rate (won of accepted and closed)")[2] == 10 / 24
    assert headline(cells, "Conversion rate (won of accepted and closed)")[0] == ""  # none closed
    assert headline(cells, "Revenue from won referrals")[2] == 37500
    assert headline(cells, "First contact, 90th percentile hours")[2] == 30.0
    assert cells[D.UPDATED_ROW][:2] == [D.UPDATED_LABEL, D.serial(NOW, "UTC")]


def test_headline_rows_follow_the_one_list_of_figures():
    labels = [r[0] for r in grid()[1 : D.UPDATED_ROW]]
    assert labels == [f.label for f in F.HEADLINE]


def test_tables_by_referrer_type_channel_and_owner():
    cells = grid()
    alex = block_rows(cells, "referrer")[0]
    assert alex == ["Alex Kim", 21, 20, 10, 10, 1.0, 37500]
    types = {r[0]: r[1] for r in block_rows(cells, "referrer_type")}
    assert types["Partner"] == 14
    channels = {r[0]: r[1] for r in block_rows(cells, "channel")}
    assert channels["Modal"] == 21
    owners = {r[0]: (r[1], r[7]) for r in block_rows(cells, "owner")}
    assert owners["Priya Shah"] == (27, 13)  # 27 referrals all time, 13 open now


def test_rewards_paid_by_referrer_as_money():
    cells = grid()
    assert block_rows(cells, "paid") == [["Alex Kim", 750.0]]  # R-0001..0003, 250 each
    first, end = D.data_rows("paid")
    money = [r for r in D.formats() if (r.row0, r.col0) == (first, 1)]
    assert money == [D.Region(first, end, 1, 2, F.MONEY)]
    assert headline(cells, "Rewards paid, total")[2] == 750.0


def test_chart_blocks_hold_weeks_and_the_funnel():
    cells = grid()
    weeks = block_rows(cells, "weeks")
    assert len(weeks) == 12
    assert weeks[-1] == [D.serial(date(2026, 3, 16)), 0, 0, 0, 15]
    assert block_rows(cells, "funnel") == [
        ["Received", 60],
        ["Contacted", 42],
        ["In conversation", 18],
        ["Won", 10],
    ]


def test_serial_numbers_are_the_firms_local_time():
    assert D.serial(date(1899, 12, 31)) == 1.0
    assert D.serial(date(2026, 3, 16)) == 46097.0
    # 23:00 UTC is 10:00 the next day in Sydney (summer time, +11).
    assert D.serial(NOW.replace(hour=23), "Australia/Sydney") == pytest.approx(46100 + 10 / 24)


def test_charts_point_inside_their_blocks_header_included():
    for plan in D.CHARTS:
        spec = D.chart_spec(plan, sheet_id=7)["basicChart"]
        first, end = D.data_rows(plan.block)
        (domain,) = spec["domains"][0]["domain"]["sourceRange"]["sources"]
        assert (domain["startRowIndex"], domain["endRowIndex"]) == (first - 1, end)
        assert domain["sheetId"] == 7 and spec["headerCount"] == 1
        header = D.block(plan.block).header
        assert len(spec["series"]) == len(header) - 1


def test_long_tables_say_they_are_cut():
    many = tuple(M.Row(f"Referrer {i}", 1) for i in range(30))
    m = M.compute(REFERRALS, ACTIVITY, M.all_time(), NOW, "UTC")
    cells = D.grid(m, m, replace(m, by_referrer=many), NOW, "UTC")
    assert cells[D.STARTS["referrer"]][0] == "By referrer, all time (top 20 of 30)"


@pytest.mark.parametrize(
    "kind, value, shown",
    [
        (F.PERCENT, 0.625, "63%"),  # Sheets' "0%" shows 63%; Python's own format says 62%
        (F.PERCENT, 0.615, "62%"),
        (F.HOURS, 12.25, "12.3 h"),
        (F.DAYS, 0.05, "0.1 days"),
        (F.MONEY, 2500.5, "2,501"),
        (F.MONEY, 13500.0, "13,500"),
        (F.COUNT, 1200, "1,200"),
        (F.PERCENT, None, "—"),
    ],
)
def test_slack_shows_a_figure_rounded_as_the_dashboard_shows_it(kind, value, shown):
    assert F.as_text(kind, value) == shown
