"""The benchmark runs, and the Sheets API calls it counts are the ones DESIGN.md budgets.

A correctness check of call counts on a tiny log, never of timings: performance is measured by
`make bench` (benchmarks/run.py), not by tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import calls, dataset

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = (
    "## 1. Sheets API calls and CPU per action",
    "## 2. Slack ack latency",
    "## 3. A burst of",
    "## 4. The sweep at scale",
    "## 5. Parsing hostile input",
)
TABLE_HEADER = "| Figure | Ours | Naive | Naive ÷ ours | Target | Met? |"


@pytest.mark.timeout(300)
def test_quick_run_writes_a_report_with_every_section(tmp_path: Path) -> None:
    out = tmp_path / "benchmarks.md"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--quick", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,  # a guard against a hang, not a timing: the machine may be busy
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = out.read_text(encoding="utf-8")
    assert done.stdout == report + "\n"  # printed too
    for heading in SECTIONS:
        assert heading in report
    assert report.count(TABLE_HEADER) == len(SECTIONS)
    assert "make bench" in report.split("## 1.")[0]  # how to reproduce it, at the top
    for figure in ("At 100: `/refer <complete text>`: ack p99", "At 100: slowest ack"):
        assert figure in report  # each live size's rows, ours beside the naive
    assert "Sweep at 400: peak RSS of the bot's process" in report
    assert "Python 3." in report and "nproc" in report


@pytest.fixture(scope="module")
def ours() -> calls.Counts:
    return calls.measure(dataset.generate(100), naive=False)


def test_a_capture_is_one_write_and_reads_nothing(ours: calls.Counts) -> None:
    assert ours.capture.reads == 0
    assert ours.capture.writes == 1
    assert ours.capture.appends == 1


def test_a_captured_row_is_born_tagged(ours: calls.Counts) -> None:
    assert ours.tagging is not None
    assert (ours.tagging.reads, ours.tagging.writes) == (1, 0)  # the next read writes no tag


def test_a_dm_button_is_one_write_for_its_row(ours: calls.Counts) -> None:
    assert ours.button.reads == 0
    assert ours.button.row_writes == 1
    assert ours.button.appends == 0  # its Activity row waits for a ride
    assert ours.button.writes == 1


def test_a_sweep_reads_once_and_writes_its_rows_once(ours: calls.Counts) -> None:
    assert ours.sweep.reads == 1
    assert ours.sweep.row_writes == 1
    assert ours.sweep.appends == 0
    assert ours.sweep.writes == 1


def test_the_next_capture_carries_the_activity_rows_that_waited(ours: calls.Counts) -> None:
    assert ours.riders >= 2  # the button's touch and the sweep's records
    assert ours.ride is not None
    assert (ours.ride.reads, ours.ride.writes, ours.ride.appends) == (0, 1, 1)


def test_the_naive_baseline_is_counted_the_same_way(ours: calls.Counts) -> None:
    naive = calls.measure(dataset.generate(100), naive=True)
    assert (naive.capture.reads, naive.capture.writes) == (2, 2)  # get_all_records, append x2
    assert naive.button.reads == 2  # get_all_records of Referrals and Team: once per action
    assert naive.button.writes > ours.button.writes  # one update_cell per changed cell
    assert naive.sweep.reads == 2
