from bot.domain.referral import CHANNEL_MODAL, CHANNEL_SHORTCUT
from bot.services.types import Submission
from bot.slack.forms import (
    ModalMetadata,
    modal_errors,
    prefill_from_parse,
    prefill_from_view,
    submission_from_view,
    unslack,
)


def submitted_view(values: dict, metadata: ModalMetadata | None = None) -> dict:
    return {
        "id": "V123",
        "private_metadata": (metadata or ModalMetadata()).dump(),
        "state": {"values": values},
    }


def text(value):
    return {"type": "plain_text_input", "value": value}


def test_a_submitted_modal_becomes_a_submission():
    view = submitted_view(
        {
            "lead_name": {"lead_name": text("  Jane Doe ")},
            "lead_email": {"lead_email": text(None)},
            "referrer_type": {
                "referrer_type": {"type": "static_select", "selected_option": {"value": "Client"}}
            },
            "owner": {"owner": {"type": "users_select", "selected_user": "U1"}},
            "thankyou_owner": {"thankyou_owner": {"type": "users_select", "selected_user": None}},
            "confirm_new_lead": {
                "confirm_new_lead": {"type": "radio_buttons", "selected_option": {"value": "yes"}}
            },
        },
        ModalMetadata(channel="C1", evidence="https://x/p1", source=CHANNEL_SHORTCUT),
    )
    submission = submission_from_view(view)
    assert submission.fields["lead_name"] == "Jane Doe"
    assert submission.fields["lead_email"] == ""
    assert submission.fields["referrer_type"] == "Client"
    assert submission.owner_id == "U1" and submission.thankyou_owner_id == ""
    assert submission.confirmed_new_lead is True
    assert submission.evidence_link == "https://x/p1"
    assert submission.channel == CHANNEL_SHORTCUT
    assert submission.idempotency_key == "V123"
    assert prefill_from_view(view) == {
        "lead_name": "Jane Doe",
        "referrer_type": "Client",
        "owner": "U1",
    }


def test_unanswered_question_is_neither_answer():
    view = submitted_view(
        {
            "confirm_new_lead": {
                "confirm_new_lead": {"type": "radio_buttons", "selected_option": None}
            }
        }
    )
    submission = submission_from_view(view)
    assert (submission.confirmed_new_lead, submission.same_lead_as) == (False, "")


def test_same_person_names_the_referral_the_form_asked_about():
    view = submitted_view(
        {
            "confirm_new_lead": {
                "confirm_new_lead": {"type": "radio_buttons", "selected_option": {"value": "same"}}
            }
        },
        ModalMetadata(asked_about="R-0007"),
    )
    submission = submission_from_view(view)
    assert (submission.same_lead_as, submission.confirmed_new_lead) == ("R-0007", False)


def test_a_checkbox_ticked_on_a_form_opened_before_the_question_changed_still_means_someone_else():
    view = submitted_view(
        {
            "confirm_new_lead": {
                "confirm_new_lead": {"type": "checkboxes", "selected_options": [{"value": "yes"}]}
            }
        }
    )
    assert submission_from_view(view).confirmed_new_lead is True


def test_metadata_survives_a_round_trip_and_junk_reads_as_empty():
    meta = ModalMetadata(channel="C1", evidence="https://x", source=CHANNEL_MODAL)
    assert ModalMetadata.load(meta.dump()) == meta
    assert ModalMetadata.load("not json") == ModalMetadata()
    assert ModalMetadata.load('["a list"]') == ModalMetadata()


def test_metadata_never_passes_slacks_limit():
    meta = ModalMetadata(channel="C1", evidence="https://x/" + "p" * 4000)
    assert len(meta.dump()) <= 3000
    assert ModalMetadata.load(meta.dump()).channel == "C1"


def test_service_errors_map_to_block_ids():
    errors = modal_errors(
        {"lead_email": "Check the address.", "owner_id": "Not on the Team tab.", "form": "A"}
    )
    assert errors == {
        "lead_email": "Check the address.",
        "owner": "Not on the Team tab.",
        "lead_name": "A",
    }


def test_unslack_turns_slack_formatting_back_into_what_was_typed():
    typed = "Jane Doe &lt;<mailto:jane@acme.com|jane@acme.com>&gt; from <@U1> via <https://acme.com|Acme> &amp; co"
    assert unslack(typed) == "Jane Doe <jane@acme.com> from @U1 via Acme & co"
    assert unslack("<https://a.example/x>") == "https://a.example/x"


def test_prefill_from_parse_reads_both_shapes():
    assert prefill_from_parse(
        {"lead_name": "Jane", "company": "", "_missing": "referred_by, lead_email"}
    ) == (
        {"lead_name": "Jane"},
        ["referred_by", "lead_email"],
    )
    complete = Submission(
        fields={"lead_name": "Jane", "referred_by": "Alex"}, channel="Slash command", owner_id="U1"
    )
    assert prefill_from_parse(complete) == (
        {"lead_name": "Jane", "referred_by": "Alex", "owner": "U1"},
        [],
    )


def test_unslack_keeps_angle_brackets_that_are_not_slack_markup():
    assert unslack("Jane Doe <jane@acme.com> from Alex") == "Jane Doe <jane@acme.com> from Alex"
