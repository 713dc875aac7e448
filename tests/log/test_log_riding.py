"""Which queued writes go now and which wait for a ride (bot/log/riding.py), and the writer that
asks: Activity rows of answers wait for the next batch of new rows, or at most the ride's length."""

from __future__ import annotations

from helpers_log import wait_until
from hypothesis import given
from hypothesis import strategies as st

from bot.log.outbox import ACTIVITY, APPEND, CELLS, DASHBOARD, KINDS, Entry, Outbox
from bot.log.riding import ACTIVITY_RIDE_SECONDS, due
from bot.log.writer import Writer

RIDE = ACTIVITY_RIDE_SECONDS


def entry(n: int, kind: str, at: float = 1000.0) -> Entry:
    return Entry(n, kind, {}, at)


def test_cells_go_now_and_activity_waits_for_a_ride():
    entries = [entry(1, CELLS), entry(2, ACTIVITY), entry(3, DASHBOARD)]
    now, left = due(entries, now=1010.0)
    assert [e.id for e in now] == [1, 3]
    assert left == RIDE - 10


def test_activity_rides_with_new_rows():
    entries = [entry(1, ACTIVITY), entry(2, CELLS), entry(3, APPEND, at=1005.0)]
    assert due(entries, now=1006.0) == (entries, None)


def test_once_the_oldest_has_waited_the_ride_every_row_that_waits_goes():
    entries = [entry(1, ACTIVITY, at=1000.0), entry(2, ACTIVITY, at=1200.0)]
    assert due(entries, now=1000.0 + RIDE) == (entries, None)
    assert due(entries, now=1000.0 + RIDE - 1) == ([], 1)


@given(st.lists(st.sampled_from(KINDS), max_size=8), st.floats(0, 2 * RIDE))
def test_nothing_is_dropped_and_only_activity_ever_waits(kinds, waited):
    entries = [entry(i, kind) for i, kind in enumerate(kinds)]
    now, left = due(entries, now=1000.0 + waited)
    held = [e for e in entries if e not in now]
    assert all(e.kind == ACTIVITY for e in held)
    assert (left is None) == (not held)
    if left is not None:
        assert 0 < left <= RIDE


def recording_writer(box: Outbox, sent: list[list[str]], clock) -> Writer:
    def deliver(entries):
        sent.append([e.kind for e in entries])
        box.done([e.id for e in entries])

    return Writer(box, deliver, linger=0.0, select=due, wall_clock=clock).start()


def test_the_writer_sends_cells_and_keeps_activity_until_flushed():
    box, sent = Outbox(), []
    writer = recording_writer(box, sent, clock=lambda: 0.0)
    try:
        box.put_many([(CELLS, {}), (ACTIVITY, {})])
        writer.kick()
        assert wait_until(lambda: sent == [[CELLS]])
        assert [e.kind for e in box.pending()] == [ACTIVITY]
        assert writer.flush(timeout=5)
    finally:
        writer.stop()
    assert sent == [[CELLS], [ACTIVITY]]


def test_after_a_flush_returns_activity_waits_again():
    box, sent = Outbox(), []
    writer = recording_writer(box, sent, clock=lambda: 0.0)
    try:
        box.put(APPEND, {})
        assert writer.flush(timeout=5)
        box.put_many([(CELLS, {}), (ACTIVITY, {})])
        writer.kick()
        assert wait_until(lambda: len(sent) == 2)
        assert not box.wait_empty(timeout=0.2)
    finally:
        writer.stop()
    assert sent == [[APPEND], [CELLS]]


def test_the_writer_sends_waiting_activity_once_its_ride_is_over():
    box, sent, now = Outbox(), [], [0.0]
    writer = recording_writer(box, sent, clock=lambda: now[0])
    try:
        box.put(ACTIVITY, {})
        writer.kick()
        assert not box.wait_empty(timeout=0.2)
        now[0] = box.pending()[0].created_at + RIDE
        writer.kick()  # in production the writer's own wait ends then
        assert box.wait_empty(timeout=5)
    finally:
        writer.stop()
    assert sent == [[ACTIVITY]]


def test_waiting_activity_keeps_its_queue_time_across_a_restart(tmp_path):
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path)
    box.put(ACTIVITY, {"activity": []})
    (before,) = box.pending()
    box.close()
    (after,) = Outbox(path).pending()
    assert after.created_at == before.created_at > 0
