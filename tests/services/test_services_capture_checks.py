"""Capture's part of issue 7's "capture you can check": a guess is never logged, amounts follow
the firm's way of writing them."""

from __future__ import annotations

from services_helpers import YOU, submission

from bot.services.types import Submission


def test_a_line_without_a_colon_is_not_logged_but_opened_in_the_form(desk, log):
    parsed = desk.parse_refer_text("Jane Doe jane@acme.com from Alex Kim needs payroll help")
    assert not isinstance(parsed, Submission)
    assert parsed["referred_by"] == "Alex Kim" and parsed["context"] == "needs payroll help"
    assert parsed["_unsure"] == "referred_by"
    assert log.referrals == []


def test_a_clear_line_is_a_submission(desk):
    parsed = desk.parse_refer_text("Smith, John <john@smith.com> from Alex Kim: tax")
    assert isinstance(parsed, Submission)
    assert parsed.fields["lead_name"] == "John Smith" and "company" not in parsed.fields


def test_an_amount_typed_with_a_decimal_comma_is_kept_as_a_number(desk, log, settings):
    desk.ctx.settings = settings.replace(decimal_separator=",")
    outcome = desk.refer(submission(est_value="5.000,50"), YOU)
    assert outcome.status == "logged"
    assert log.referrals[0].est_value == "5000.5"
    assert log.referrals[0].value == 5000.5


def test_a_point_decimal_firm_reads_the_same_typing_as_typed(desk, log):
    desk.refer(submission(est_value="5,000"), YOU)
    assert log.referrals[0].est_value == "5000"
