"""Privacy through the use cases: what the owner and the thank-you owner are handed to send."""

from __future__ import annotations

import pytest
from services_helpers import SAM, YOU, submission

from bot.domain import referral as R
from bot.drafts import Drafts
from bot.services.context import ServiceContext
from bot.services.desk import ReferralDesk
from bot.services.types import Actor

SECRET = "divorce, spouse doesn't know"


def _desk(log, notifier, settings, clock) -> ReferralDesk:
    drafts = Drafts(settings.firm_name, None, settings.firm_timezone)
    ctx = ServiceContext(log, drafts, settings, notifier, now=clock.now, later=lambda t: t())
    return ReferralDesk(ctx)


def test_the_first_contact_the_owner_is_handed_keeps_the_context_out(desk, log, notifier):
    desk.refer(submission(context=SECRET, opening_line="Alex says you are moving house"), YOU)

    (_, _, _, first_contact) = notifier.of("owner_assigned")[0]
    (_, _, _, thanks) = notifier.of("thankyou_assigned")[0]
    assert first_contact.name == "first_contact"
    assert "Alex says you are moving house." in first_contact.body
    for draft in (first_contact, thanks):
        assert "divorce" not in draft.subject + draft.body + draft.mailto()
    assert log.referrals[0].context == SECRET  # kept for the owner, in the sheet
    assert log.referrals[0].opening_line == "Alex says you are moving house"


@pytest.mark.parametrize("stage", [R.WON, R.NO_RESPONSE])
def test_a_confidential_firm_s_close_the_loop_does_not_say_how_it_ended(
    log, notifier, settings, clock, stage
):
    desk = _desk(log, notifier, settings.replace(referrer_updates_disclose_outcome=False), clock)
    desk.refer(submission(), YOU)

    desk.close("R-0001", SAM, stage, "")

    (_, _, user, draft) = notifier.of("draft_ready")[0]
    assert (user, draft.name, draft.to) == (
        "UMAX",
        f"close_{stage.lower().replace(' ', '_')}",
        "alex@client.com",
    )
    assert "thank" in draft.body.casefold()
    for telling in ("working with", "haven't managed to connect"):
        assert telling not in draft.body


def test_by_default_the_close_the_loop_says_the_lead_became_a_client(desk, log, notifier):
    desk.refer(submission(), YOU)
    desk.close("R-0001", SAM, R.WON, "")
    (_, _, _, draft) = notifier.of("draft_ready")[0]
    assert "working with Jane" in draft.body


def test_a_lead_who_said_no_is_not_written_to_and_asking_the_referrer_is_no_touch(
    desk, log, notifier
):
    desk.refer(submission(lead_consent="No"), YOU)

    (_, _, _, draft) = notifier.of("owner_assigned")[0]
    assert (draft.name, draft.to) == ("ask_referrer_first", "alex@client.com")
    owner = log.referrals[0].owner_slack_id
    marked = desk.mark_sent("R-0001", Actor(owner), "ask_referrer_first")
    assert (marked.touches, marked.stage, marked.first_contact_at) == ("0", R.NEW, "")
    assert log.activity[-1].what == "Referrer asked"


def test_a_consent_answer_outside_the_choices_is_refused_in_plain_words(desk, log):
    outcome = desk.refer(submission(lead_consent="Maybe"), YOU)
    assert outcome.status == "invalid"
    assert "Yes, No, Not asked" in outcome.errors["lead_consent"]
    assert log.referrals == []
