import threading

import pytest

from bot.log.outbox import APPEND, CELLS, Outbox
from bot.log.writer import Pacer, Writer


def test_put_pending_done(tmp_path):
    box = Outbox(tmp_path / "outbox.sqlite3")
    first = box.put(APPEND, {"referral": {"id": "R-0001"}})
    second = box.put(CELLS, {"changes": {"R-0001": {"stage": "Won"}}})
    assert [(e.id, e.kind) for e in box.pending()] == [(first, APPEND), (second, CELLS)]
    box.done([first])
    assert [e.id for e in box.pending()] == [second]


def test_survives_a_restart(tmp_path):
    path = tmp_path / "data" / "outbox.sqlite3"
    box = Outbox(path)
    box.put(APPEND, {"referral": {"id": "R-0007", "lead_name": "Zoë"}})
    box.set_meta("high", "7")
    box.close()
    again = Outbox(path)
    assert [e.payload["referral"]["lead_name"] for e in again.pending()] == ["Zoë"]
    assert again.get_meta("high") == "7"


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        Outbox().put("delete", {})


def test_failed_entries_leave_the_queue_but_are_kept():
    box = Outbox()
    entry = box.put(APPEND, {"referral": {"id": "R-0001"}})
    box.failed([entry], "400 bad request")
    assert box.pending() == []
    assert [(e.id, why) for e, why in box.failures()] == [(entry, "400 bad request")]


def test_wait_empty_wakes_when_done():
    box = Outbox()
    entry = box.put(APPEND, {})
    assert not box.wait_empty(timeout=0.01)
    threading.Timer(0.05, box.done, [[entry]]).start()
    assert box.wait_empty(timeout=2)


def test_writer_coalesces_and_retries_after_a_failure():
    box = Outbox()
    delivered, attempts = [], []

    def deliver(entries):
        attempts.append(len(entries))
        if len(attempts) == 1:
            raise RuntimeError("sheet down")
        delivered.append([e.id for e in entries])
        box.done([e.id for e in entries])

    writer = Writer(box, deliver, linger=0.05, retry_later=(0.01, 0.01))
    for i in range(5):
        box.put(APPEND, {"n": i})
    writer.start()
    try:
        assert writer.flush(timeout=5)
    finally:
        writer.stop()
    assert attempts == [5, 5]
    assert delivered == [[e for e in range(1, 6)]]


def test_pacer_allows_a_burst_then_a_steady_rate():
    now = [0.0]
    slept = []

    def sleep(seconds):
        slept.append(round(seconds, 3))
        now[0] += seconds

    pacer = Pacer(rate=1.0, burst=3, clock=lambda: now[0], sleep=sleep)
    for _ in range(5):
        pacer.acquire()
    assert slept == [1.0, 1.0]
