"""Faults injected in the Sheets stand-in: quota, 5xx, lost answers, hangs, outages, restarts and
concurrency. Every acknowledged referral reaches the sheet exactly once."""

from __future__ import annotations

import threading
import time

import pytest
from helpers_log import by_id, ids, logged, referral, table

from bot.errors import SheetUnavailableError
from bot.log.outbox import Outbox
from bot.log.retry import RetryPolicy


@pytest.mark.parametrize("status", [429, 500, 503])
def test_bursts_of_errors_are_survived_with_exactly_one_row(stand_in, sheet_log, person, status):
    sheet_log.snapshot()
    stand_in.faults.fail_next(status, 3)
    stored = sheet_log.append_referral(referral("Jane Doe"), logged())
    assert sheet_log.flush(timeout=5)
    assert ids(person) == [stored.id]
    assert len(table(person, "Activity")) == 1


def test_applied_but_answer_lost_gives_exactly_one_row(stand_in, sheet_log, person):
    sheet_log.snapshot()
    stand_in.faults.apply_then_fail_next(1)
    stored = sheet_log.append_referral(referral("Jane Doe"), logged())
    assert sheet_log.flush(timeout=5)
    assert ids(person) == [stored.id]
    assert len(table(person, "Activity")) == 1


def test_lost_answer_on_an_update_with_activity_is_not_doubled(stand_in, sheet_log, person):
    from bot.domain.referral import Activity

    stored = sheet_log.append_referral(referral("Jane Doe"), logged())
    sheet_log.flush(timeout=5)
    sheet_log.snapshot(max_age=0)
    stand_in.faults.apply_then_fail_next(2)
    touch = Activity("2024-05-02 10:00", stored.id, "Ann", "Touch")
    sheet_log.update({stored.id: {"touches": "1"}}, [touch])
    assert sheet_log.flush(timeout=5)
    assert [a["What"] for a in table(person, "Activity")] == ["Logged", "Touch"]
    assert by_id(person)[stored.id]["Touches"] == "1"


@pytest.mark.parametrize("applied", [False, True])
def test_a_hang_times_out_and_is_retried(stand_in, make_log, person, applied):
    sheet_log = make_log()
    sheet_log.spreadsheet.client.set_timeout(0.2)
    sheet_log.snapshot()
    stand_in.faults.hang_next(0.6, 1, applied=applied)
    stored = sheet_log.append_referral(referral("Jane Doe"), logged())
    assert sheet_log.flush(timeout=10)
    wait_until(lambda: all_answered(stand_in))
    assert ids(person) == [stored.id]
    assert [a["What"] for a in table(person, "Activity")] == ["Logged"]


def test_a_timed_out_append_applied_after_its_retry_makes_no_second_row(stand_in, make_log, person):
    """The hung copy is carried out by the server only after the bot read the sheet again and
    sent the batch a second time: its tag IDs then exist, so Google refuses it whole."""
    sheet_log = make_log()
    sheet_log.spreadsheet.client.set_timeout(0.2)
    sheet_log.snapshot()
    stand_in.faults.hang_next(1.0, 1)
    stored = sheet_log.append_referral(referral("Jane Doe"), logged())
    assert sheet_log.flush(timeout=10)
    assert ids(person) == [stored.id]  # the retry landed while the first copy still hangs
    wait_until(lambda: all_answered(stand_in))
    assert ids(person) == [stored.id]
    assert [a["What"] for a in table(person, "Activity")] == ["Logged"]
    writes = [r.status for r in stand_in.requests if r.method == "spreadsheets.batchUpdate"]
    assert writes.count(200) == 1 and 400 in writes  # the late copy was refused whole


def test_a_timed_out_touch_applied_after_its_retry_makes_no_second_activity_row(
    stand_in, make_log, person
):
    """An answer's Activity row has no row tag to clash: the batch's mark does the refusing.
    The server carries out the hung copy only after the bot read again and sent it anew."""
    from bot.domain.referral import Activity

    sheet_log = make_log()
    stored = sheet_log.append_referral(referral("Jane Doe"), logged())
    assert sheet_log.flush(timeout=5)
    sheet_log.spreadsheet.client.set_timeout(0.2)
    sheet_log.snapshot(max_age=0)
    stand_in.faults.hang_next(1.0, 1)
    touch = Activity("2024-05-02 10:00", stored.id, "Ann", "Touch")
    sheet_log.update({}, [touch])
    assert sheet_log.flush(timeout=10)
    wait_until(lambda: all_answered(stand_in))
    assert [a["What"] for a in table(person, "Activity")] == ["Logged", "Touch"]
    writes = [r.status for r in stand_in.requests if r.method == "spreadsheets.batchUpdate"]
    assert 400 in writes  # the late copy was refused whole


def test_batch_marks_left_on_the_spreadsheet_stay_few(stand_in, sheet_log, person):
    from bot.domain.referral import Activity
    from bot.log.delivery import MARKS_KEPT
    from bot.log.ops import BATCH_MARK

    stored = sheet_log.append_referral(referral("Jane Doe"), logged())
    for n in range(MARKS_KEPT + 5):
        sheet_log.update({}, [Activity("2024-05-02 10:00", stored.id, "Ann", "Note", str(n))])
        assert sheet_log.flush(timeout=5)
    marks = [m for m in person.developer_metadata() if m["metadataKey"] == BATCH_MARK]
    assert MARKS_KEPT <= len(marks) <= MARKS_KEPT + 1
    assert len(table(person, "Activity")) == MARKS_KEPT + 6


def all_answered(stand_in) -> bool:
    """Every request the stand-in counted has been answered (a hung one applied or refused)."""
    return len(stand_in.requests) >= sum(stand_in.calls.values())


def wait_until(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_exhausted_retries_raise_and_the_append_waits_in_the_outbox(stand_in, sheet_log, person):
    sheet_log.snapshot()
    stand_in.faults.outage(60)
    stored = sheet_log.append_referral(referral("Jane Doe"), logged())
    with pytest.raises(SheetUnavailableError) as error:
        sheet_log.snapshot(max_age=0)
    assert error.value.attempts == 4
    assert not sheet_log.flush(timeout=0.3)
    assert [e.payload["referral"]["id"] for e in sheet_log.outbox.pending()] == [stored.id]
    stand_in.faults.clear()
    assert sheet_log.flush(timeout=5)
    assert ids(person) == [stored.id]


def test_the_outbox_survives_a_restart(make_log, settings, person):
    path = f"{settings.data_dir}/outbox.sqlite3"
    first = make_log(Outbox(path), start=False)  # killed before its writer sent anything
    first.snapshot()
    stored = first.append_referral(referral("Jane Doe"), logged())
    first.close()
    first.outbox.close()
    second = make_log(Outbox(path))
    assert second.flush(timeout=5)
    assert ids(person) == [stored.id]
    third = make_log(Outbox(path))
    assert third.flush(timeout=5)
    assert third.append_referral(referral("Next"), logged()).id == "R-0002"
    third.flush(timeout=5)
    assert ids(person) == [stored.id, "R-0002"]


def test_a_restart_after_the_write_landed_does_not_write_it_again(
    stand_in, make_log, settings, person
):
    path = f"{settings.data_dir}/outbox.sqlite3"
    # One try only, and no writer thread: the process "dies" right after Google applied the write.
    first = make_log(Outbox(path), start=False, retry=RetryPolicy(max_attempts=1))
    first.snapshot()
    stored = first.append_referral(referral("Jane Doe"), logged())
    stand_in.faults.apply_then_fail_next(1)
    with pytest.raises(SheetUnavailableError):
        first.delivery.deliver(first.outbox.pending())
    assert by_id(person)[stored.id]["Lead name"] == "Jane Doe"  # it did land
    first.outbox.close()
    second = make_log(Outbox(path))
    assert second.flush(timeout=5)
    assert ids(person) == [stored.id]
    assert len(table(person, "Activity")) == 1


def test_twenty_threads_appending_at_once(stand_in, sheet_log, person):
    sheet_log.snapshot()
    stand_in.reset_calls()
    barrier = threading.Barrier(20)
    allocated: list[str] = []

    def capture(n: int) -> None:
        barrier.wait()
        allocated.append(sheet_log.append_referral(referral(f"Lead {n}"), logged()).id)

    threads = [threading.Thread(target=capture, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sheet_log.flush(timeout=10)
    assert sorted(allocated) == [f"R-{n:04d}" for n in range(1, 21)]
    assert sorted(ids(person)) == sorted(allocated)
    assert len(table(person, "Activity")) == 20
    assert stand_in.calls["spreadsheets.batchUpdate"] <= 5  # coalesced, not one call per capture
