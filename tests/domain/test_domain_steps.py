"""The one declaration of the cadence's steps, and the pure transitions built on it."""

from dataclasses import fields
from datetime import UTC, datetime

import pytest

from bot.domain import referral as R
from bot.domain import steps as S
from bot.domain import transitions as T
from bot.domain.cadence import (
    STAGE_CHANGED_AT,
    CadencePolicy,
    due_steps,
    mark_nudged,
    pending_steps,
    snoozed_until,
)
from bot.domain.calendar import WorkingCalendar
from bot.domain.referral import Referral
from bot.drafts import BUILTIN_DIR, SUFFIX

UK = WorkingCalendar("Europe/London")
NOW = datetime(2024, 6, 3, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("step", S.STEPS, ids=lambda s: s.key)
def test_every_step_declares_every_part(step):
    for part in fields(S.Step):
        if part.name in ("touch", "stage_drafts"):
            continue  # only the touches and the close-the-loop have these
        assert getattr(step, part.name), f"{step.key} lacks {part.name}"
    assert step.track in S.TRACKS and step.owes in ("owner", "thankyou_owner", "coordinator")
    assert step.due_from != "updated_at"  # the clock never runs from an unrelated write
    for draft in (step.draft, *step.stage_drafts.values()):
        assert (BUILTIN_DIR / f"{draft}{SUFFIX}").is_file(), draft


def test_every_step_the_cadence_produces_is_declared():
    rows = [
        Referral(id="R-1", received="2024-06-03 10:00", stage="New", touches=str(n))
        for n in range(5)
    ] + [Referral(id="R-2", received="2024-06-03 10:00", stage="Won")]
    for row in rows:
        for pending in pending_steps(row, UK, UK, CadencePolicy()):
            assert S.step(pending.key) is S.BY_KEY[pending.step]


def test_labels_name_the_people_and_read_as_instructions():
    r = Referral(id="R-0001", lead_name="Jane  Doe", referred_by="Alex Kim")
    assert S.THANK_YOU.says(r) == "Thank Alex Kim for the introduction"
    assert S.SECOND_TOUCH.says(r) == "Second touch to Jane Doe"
    assert S.REFERRER_UPDATE.draft_for(r.with_changes({"stage": "Won"})) == "close_won"


def test_the_referrer_update_is_due_from_the_stage_change_not_from_updated_at():
    r = Referral(id="R-1", received="2024-06-01 10:00", stage="New", touches="0")
    r = r.with_changes(T.touch(r, NOW, "Europe/London"))
    changed = r.with_changes({"updated_at": "2024-06-20 10:00"})  # an unrelated later write
    [update] = [p for p in pending_steps(changed, UK, UK, CadencePolicy()) if p.track == S.UPDATES]
    assert update.due_at == NOW
    assert r.nudges[STAGE_CHANGED_AT] == "2024-06-03T10:00:00+00:00"


def test_a_snooze_is_kept_per_track():
    r = Referral(id="R-1", received="2024-06-03 10:00", stage="New")
    until = datetime(2024, 6, 5, 9, 0, tzinfo=UTC)
    lead = r.with_changes(T.snooze(r, S.LEAD, until, NOW, "UTC"))
    thanks = r.with_changes(T.snooze(r, S.THANKS, until, NOW, "UTC"))
    assert snoozed_until(lead, S.LEAD) == until and snoozed_until(lead, S.THANKS) is None
    assert snoozed_until(thanks, S.THANKS) == until and snoozed_until(thanks, S.LEAD) is None


def test_an_owners_snooze_never_resends_the_thank_you_owners_reminder():
    r = Referral(
        id="R-1",
        received="2024-06-03 10:00",
        stage="New",
        touches="0",
        thankyou_status="Drafted",
    )
    thank_nudged = datetime(2024, 6, 3, 15, 0, tzinfo=UTC)
    r = r.with_changes({"nudge_state": mark_nudged(r.nudges, "thank_you", thank_nudged)})
    until = datetime(2024, 6, 4, 9, 0, tzinfo=UTC)
    r = r.with_changes(T.snooze(r, S.LEAD, until, thank_nudged, "UTC"))
    after = datetime(2024, 6, 4, 10, 0, tzinfo=UTC)
    policy = CadencePolicy(escalate_after_working_days=5)
    assert [s.step for s in due_steps(r, after, UK, UK, policy)] == ["first_contact"]


def test_one_email_is_one_touch():
    r = Referral(id="R-1", received="2024-06-03 10:00", stage="New", touches="0")
    once = r.with_changes(T.touch(r, NOW, "UTC"))  # "Follow-up sent"
    assert once.touches == "1"
    assert T.touch(once, NOW, "UTC", number=1) == {}  # then "Mark sent" on the first contact
    assert T.touch(once, NOW, "UTC", number=2)["touches"] == "2"


def test_only_reopen_acts_on_a_closed_referral():
    won = Referral(id="R-1", received="2024-06-03 10:00", stage=R.WON)
    for act in (
        lambda: T.touch(won, NOW, "UTC"),
        lambda: T.reassign(won, S.LEAD, "Priya", "UPRI"),
        lambda: T.snooze(won, S.LEAD, datetime(2030, 1, 1, tzinfo=UTC), NOW, "UTC"),
        lambda: T.close(won, R.NO_RESPONSE, "", NOW, "UTC", draft_sent_at_once=True),
        lambda: T.in_conversation(won, NOW, "UTC"),
    ):
        with pytest.raises(T.Refused, match="is closed \\(Won\\)"):
            act()
    reopened = T.reopen(won, NOW, "UTC")
    assert (reopened["stage"], reopened["closed_at"]) == (R.NEW, "")


def test_closing_keeps_the_closed_at_date():
    r = Referral(id="R-1", received="2024-06-03 10:00", stage=R.CONTACTED, touches="1")
    cells = T.close(r, R.WON, "", NOW, "Europe/London", draft_sent_at_once=False)
    assert cells["closed_at"] == "2024-06-03 11:00"


def test_reassigning_a_track_starts_its_nudges_again_and_leaves_the_others():
    nudges = {"first_contact": "x", "escalated:first_contact": "x", "thank_you": "y"}
    r = Referral(id="R-1", stage="New", nudge_state=mark_nudged(nudges, "stage_last", NOW, "New"))
    cells = T.reassign(r, S.LEAD, "Priya Shah", "UPRI")
    kept = r.with_changes(cells).nudges
    assert "first_contact" not in kept and "escalated:first_contact" not in kept
    assert kept["thank_you"] == "y" and cells["owner_slack_id"] == "UPRI"
