"""Reading the Activity tab for the figures, through real gspread: by header, one call."""

from __future__ import annotations

from helpers_log import logged, referral

from bot.domain.referral import Activity


def test_activity_is_read_by_header_in_one_call(make_log, person, stand_in):
    sheet_log = make_log()
    stored = sheet_log.append_referral(referral("Jane Doe"), logged("Ann"))
    merged = Activity("2026-03-17 10:00", stored.id, "Bo", "Duplicate merged", "Referred again")
    sheet_log.update({}, [merged])
    assert sheet_log.flush(5)
    person.move_column("Activity", "What", 1)  # a person drags What to the front
    stand_in.reset_calls()

    rows = sheet_log.read_activity()

    assert [(a.referral_id, a.what) for a in rows] == [
        (stored.id, "Logged"),
        (stored.id, "Duplicate merged"),
    ]
    assert rows[1].details == "Referred again" and rows[1].who == "Bo"
    assert len(stand_in.calls) == 1


def test_rows_still_in_the_outbox_are_read_too_and_only_once(make_log):
    sheet_log = make_log(start=False)  # nothing reaches the sheet until the writer runs
    stored = sheet_log.append_referral(referral("Jane Doe"), logged("Ann"))

    assert [(a.referral_id, a.what) for a in sheet_log.read_activity()] == [(stored.id, "Logged")]

    sheet_log.writer.start()
    assert sheet_log.flush(5)
    assert [a.what for a in sheet_log.read_activity()] == ["Logged"]
