"""The record of where each referral is shown in Slack, kept across a restart."""

from __future__ import annotations

from bot.slack.shown import CARD, DM, HOME, Place, Shown


def test_messages_are_remembered_per_referral_oldest_first_and_survive_a_restart(tmp_path):
    shown = Shown(tmp_path / "shown.sqlite3")
    shown.add("R-0001", DM, "D0SAM:1.000001", "U0SAM")
    shown.add("R-0002", DM, "D0SAM:1.000002", "U0SAM")
    shown.add("R-0001", CARD, "C0REVIEW:1.000003")
    shown.add("R-0001", DM, "", "U0SAM")  # Slack refused it: nothing to remember

    again = Shown(tmp_path / "shown.sqlite3")
    assert again.places("R-0001") == [
        Place("R-0001", DM, "D0SAM", "1.000001", "U0SAM"),
        Place("R-0001", CARD, "C0REVIEW", "1.000003", ""),
    ]
    assert [p.ts for p in again.places("R-0001", CARD)] == ["1.000003"]


def test_an_app_home_lists_only_what_it_was_last_published_with():
    shown = Shown()
    shown.home_lists("U0ANA", ["R-0001", "R-0002"])
    shown.home_lists("U0ANA", ["R-0002"])
    assert shown.places("R-0001", HOME) == []
    assert shown.places("R-0002", HOME) == [Place("R-0002", HOME, "U0ANA", "", "U0ANA")]


def test_a_message_that_is_gone_is_forgotten():
    shown = Shown()
    shown.add("R-0001", DM, "D0SAM:1.000001", "U0SAM")
    (place,) = shown.places("R-0001")
    shown.forget(place)
    assert shown.places("R-0001") == []
