"""Fault knobs: quota, scripted errors, hangs against a client timeout, outages, lost answers."""

from __future__ import annotations

import threading
import time

import gspread
import pytest
import requests


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def wait_until(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def api_error(excinfo) -> dict:
    return excinfo.value.response.json()["error"]


def write(book, text: str = "x") -> None:
    book.values_update(
        "Referrals!A1", params={"valueInputOption": "RAW"}, body={"values": [[text]]}
    )


def test_quota_counts_writes_and_reads_per_minute_separately(sheets, book):
    clock = FakeClock()
    sheets.faults.clock = clock
    sheets.faults.quota_per_minute = 3
    for _ in range(3):
        write(book)
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        write(book)
    error = api_error(excinfo)
    assert excinfo.value.response.status_code == 429
    assert error["status"] == "RESOURCE_EXHAUSTED"
    assert error["message"].startswith("Quota exceeded for quota metric 'Write requests'")
    assert "'Write requests per minute per user'" in error["message"]
    book.values_get("Referrals!A1")  # reads have their own budget
    clock.now += 61
    write(book)
    assert sheets.calls["spreadsheets.values.update"] == 5


def test_fail_next_answers_googles_error_then_recovers(sheets, book, person):
    sheets.faults.fail_next(status=503, count=2)
    for _ in range(2):
        with pytest.raises(gspread.exceptions.APIError) as excinfo:
            write(book, "lost")
        assert api_error(excinfo) == {
            "code": 503,
            "message": "The service is currently unavailable.",
            "status": "UNAVAILABLE",
        }
    assert person.rows("Referrals") == []
    write(book, "landed")
    assert person.rows("Referrals") == [["landed"]]
    sheets.faults.fail_next(status=500)
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        book.values_get("Referrals!A1")
    assert api_error(excinfo) == {
        "code": 500,
        "message": "Internal error encountered.",
        "status": "INTERNAL",
    }


def test_hang_next_trips_the_client_timeout_and_stop_cuts_it_short(sheets, gclient, book):
    gclient.http_client.set_timeout(0.3)
    sheets.faults.hang_next(seconds=30.0)
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        book.values_get("Referrals!A1")
    assert time.monotonic() - started < 5
    assert book.values_get("Referrals!A1")["range"] == "Referrals!A1"  # only the next one hangs
    sheets.faults.hang_next(seconds=30.0)
    outcome: list[Exception] = []

    def read() -> None:
        try:
            book.values_get("Referrals!A1")
        except Exception as error:  # the dropped connection surfaces as a requests error
            outcome.append(error)

    hung = threading.Thread(target=read)
    hung.start()
    wait_until(lambda: sheets.calls["spreadsheets.values.get"] == 3)
    started = time.monotonic()
    sheets.stop()
    hung.join(timeout=5)
    assert not hung.is_alive()
    assert time.monotonic() - started < 2
    assert len(outcome) == 1 and isinstance(outcome[0], requests.exceptions.RequestException)


def test_a_hang_after_applying_lands_the_write_but_times_out(sheets, gclient, book, person):
    gclient.http_client.set_timeout(0.3)
    sheets.faults.hang_next(seconds=30.0, applied=True)
    with pytest.raises(requests.exceptions.ReadTimeout):
        write(book, "landed anyway")
    assert person.rows("Referrals") == [["landed anyway"]]


def test_outage_until_it_passes_or_is_cleared(sheets, book):
    clock = FakeClock()
    sheets.faults.clock = clock
    sheets.faults.outage(seconds=30)
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        book.values_get("Referrals!A1")
    assert excinfo.value.response.status_code == 503
    clock.now += 31
    book.values_get("Referrals!A1")
    sheets.faults.outage(seconds=30)
    sheets.faults.clear()
    book.values_get("Referrals!A1")


def test_apply_then_fail_applies_once_and_answers_500(sheets, book, person):
    ws = book.worksheet("Referrals")
    sheets.faults.apply_then_fail_next()
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        ws.append_rows([["R-0001"]])
    assert excinfo.value.response.status_code == 500
    assert person.rows("Referrals") == [["R-0001"]]
    ws.append_rows([["R-0002"]])
    assert person.rows("Referrals") == [["R-0001"], ["R-0002"]]


def test_error_rate_is_reproducible_with_a_seed(sheets, book):
    def pattern() -> list[int]:
        sheets.faults.seed = 7
        sheets.faults.error_rate = 0.5
        codes = []
        for _ in range(12):
            try:
                book.values_get("Referrals!A1")
                codes.append(200)
            except gspread.exceptions.APIError as error:
                codes.append(error.response.status_code)
        return codes

    first = pattern()
    assert first == pattern()
    assert 200 in first and set(first) - {200} <= {500, 503} and set(first) != {200}


def test_latency_delays_every_answer(sheets, book):
    sheets.faults.latency = 0.1
    started = time.monotonic()
    book.values_get("Referrals!A1")
    assert time.monotonic() - started >= 0.1


def test_every_request_is_counted_and_recorded(sheets, book):
    sheets.faults.fail_next(status=500)
    with pytest.raises(gspread.exceptions.APIError):
        write(book)
    write(book)
    assert sheets.calls["spreadsheets.values.update"] == 2
    recorded = [r for r in sheets.requests if r.method == "spreadsheets.values.update"]
    assert [r.status for r in recorded] == [500, 200]
    assert recorded[1].query == {"valueInputOption": ["RAW"]}
    assert recorded[1].body == {"values": [["x"]]}
    sheets.reset_calls()
    assert not sheets.calls and not sheets.requests


def test_concurrent_appends_all_land(sheets, book, person):
    ws = book.worksheet("Activity")

    def append(n: int) -> None:
        ws.append_rows([[f"row {n}"]], insert_data_option="INSERT_ROWS")

    threads = [threading.Thread(target=append, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r[0] for r in person.rows("Activity")) == sorted(f"row {n}" for n in range(12))
