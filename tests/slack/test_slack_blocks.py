"""The Block Kit builders as pure functions, each result validated by slack_sdk's models and by
the Slack stand-in's own limits."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View
from slack_support import COORD, OWNER, THANKER, TZ, draft, referral

from bot.domain import referral as R
from bot.domain.conflicts import claim_key
from bot.drafts import Draft
from bot.services.types import Escalation, ReferOutcome
from bot.slack import ids
from bot.slack.blocks.confirmation import outcome_blocks, outcome_text, referral_list
from bot.slack.blocks.home import home_view
from bot.slack.blocks.modal import not_a_fit_modal, refer_modal
from bot.slack.blocks.owner_dm import draft_dm, draft_to_mark, owner_dm, refresh
from bot.slack.blocks.review import conflict_decided, conflict_review, escalation, needs_owner
from bot.slack.forms import CloseMetadata, ModalMetadata
from sandbox.slack.blockkit import HOME, MESSAGE, MODAL, block_problems, view_problems

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo(TZ))


def valid_message(blocks):
    for block in blocks:
        Block.parse(block).validate_json()
    assert block_problems(blocks, MESSAGE) == []
    return blocks


def valid_view(view, surface):
    View(**view).validate_json()
    assert view_problems(view, surface) == []
    return view


def by_id(blocks, block_id):
    return next(b for b in blocks if b.get("block_id") == block_id)


def texts(blocks) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def action_ids(blocks) -> list[str]:
    found = []
    for block in blocks:
        found += [e["action_id"] for e in block.get("elements", []) if "action_id" in e]
        if "accessory" in block:
            found.append(block["accessory"]["action_id"])
    return found


# --- the modal -----------------------------------------------------------------------------------


def test_empty_modal_has_every_field_and_valid_metadata():
    view = valid_view(refer_modal(metadata=ModalMetadata(channel="C1")), MODAL)
    inputs = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    assert inputs == [
        "lead_name", "company", "lead_email", "lead_phone", "referred_by", "referrer_email",
        "referrer_type", "how_introduced", "lead_consent", "context", "opening_line", "est_value",
        "owner", "thankyou_owner",
    ]  # fmt: skip
    assert view["callback_id"] == ids.REFER_MODAL
    assert ModalMetadata.load(view["private_metadata"]).channel == "C1"
    assert by_id(view["blocks"], "referrer_type")["element"]["type"] == "static_select"
    assert by_id(view["blocks"], "owner")["element"]["type"] == "users_select"
    assert by_id(view["blocks"], "context")["element"]["multiline"] is True
    required = [b["block_id"] for b in view["blocks"] if b["type"] == "input" and not b["optional"]]
    assert required == ["lead_name", "referred_by"]


def test_prefilled_modal_keeps_values_and_says_what_is_missing():
    prefill = {
        "lead_name": "Jane Doe",
        "referrer_type": "client",  # matched to the offered choice whatever the case
        "how_introduced": "Carrier pigeon",  # not a choice: left unselected
        "owner": OWNER,
        "context": "x" * 5000,  # longer than the input allows: clipped so Slack accepts the view
    }
    view = valid_view(refer_modal(prefill, missing=["referred_by", "lead_email"]), MODAL)
    blocks = view["blocks"]
    assert by_id(blocks, "lead_name")["element"]["initial_value"] == "Jane Doe"
    assert by_id(blocks, "referrer_type")["element"]["initial_option"]["value"] == "Client"
    assert "initial_option" not in by_id(blocks, "how_introduced")["element"]
    assert by_id(blocks, "owner")["element"]["initial_user"] == OWNER
    context = by_id(blocks, "context")["element"]
    assert len(context["initial_value"]) == context["max_length"]
    assert "Still needed: referred by, their email." in texts(blocks[:1])


def test_duplicate_modal_names_the_existing_referral_and_asks_to_confirm():
    existing = referral()
    view = valid_view(refer_modal({"lead_name": "Jane Doe"}, duplicate=existing), MODAL)
    shown = texts(view["blocks"])
    assert "*R-0012* Jane Doe, Acme" in shown and f"<@{OWNER}>" in shown
    question = by_id(view["blocks"], ids.CONFIRM_NEW_LEAD)
    assert "optional" not in question  # an answer is needed: same person, or someone else
    options = question["element"]["options"]
    assert [(o["value"], o["text"]["text"]) for o in options] == [
        (ids.SAME_PERSON, "Same person — add my referral to R-0012"),
        (ids.SOMEONE_ELSE, "Someone else — log a new lead"),
    ]


def test_modal_escapes_what_people_typed_in_the_duplicate_note():
    existing = referral(lead_name="<!channel> Jane", company="A&B")
    view = valid_view(refer_modal(duplicate=existing), MODAL)
    shown = texts(view["blocks"])
    assert "<!channel>" not in shown and "&lt;!channel&gt; Jane, A&amp;B" in shown


def test_not_a_fit_modal_asks_for_a_required_reason():
    view = valid_view(not_a_fit_modal(CloseMetadata("R-0012", "D1", "1.2")), MODAL)
    reason = by_id(view["blocks"], ids.NOT_A_FIT_REASON)
    assert reason["type"] == "input" and not reason.get("optional")
    assert CloseMetadata.load(view["private_metadata"]) == CloseMetadata("R-0012", "D1", "1.2")


# --- owner and thank-you DMs ---------------------------------------------------------------------


def test_owner_dm_has_summary_state_draft_and_every_button():
    blocks = valid_message(
        owner_dm(
            referral(), "New for you", draft=draft(), row_link="https://sheet/x", tz=TZ, now=NOW
        )
    )
    shown = texts(blocks)
    assert "Referred by Alex Kim" in shown and "Email intro" in shown
    assert "https://sheet/x" in shown
    assert "Alex Kim suggested we talk" in shown
    assert action_ids(blocks) == [
        ids.OPEN_EMAIL, ids.MARK_SENT,
        ids.FOLLOWUP_SENT, ids.WAITING_REPLY, ids.SNOOZE_1D, ids.SNOOZE_3D, ids.SNOOZE_PICK,
        ids.IN_CONVERSATION, ids.CLOSE_WON, ids.CLOSE_NOT_A_FIT, ids.CLOSE_NO_RESPONSE, ids.NO_FURTHER_ACTION, ids.REASSIGN,
    ]  # fmt: skip
    drafts = by_id(blocks, "draftact|R-0012|first_contact")["elements"]
    assert drafts[0]["url"].startswith("mailto:jane@acme.com?subject=")
    assert drafts[1]["value"] == "R-0012|first_contact"


def test_owner_dm_marks_an_overdue_step():
    late = referral(next_followup_due="2026-03-01 09:00")
    assert "overdue" in texts(owner_dm(late, "x", tz=TZ, now=NOW))
    assert "overdue" not in texts(owner_dm(referral(), "x", tz=TZ, now=NOW))


def test_closed_referral_dm_has_no_followup_buttons():
    blocks = valid_message(owner_dm(referral(stage=R.WON), "x", tz=TZ))
    assert action_ids(blocks) == []


def test_a_long_draft_is_clipped_and_still_valid():
    long = Draft("first_contact", "jane@acme.com", "Hello", "line\n" * 2000)
    blocks = valid_message(owner_dm(referral(), "x", draft=long, tz=TZ))
    assert len(by_id(blocks, "draft|R-0012|first_contact")["text"]["text"]) <= 3000


def test_thankyou_dm_has_the_draft_and_mark_sent_only():
    blocks = valid_message(draft_dm(referral(), "Thank Alex", draft("acknowledgment"), "https://s"))
    assert action_ids(blocks) == [ids.OPEN_EMAIL, ids.MARK_SENT]


def test_refresh_redraws_state_keeps_drafts_and_adds_the_note():
    before = owner_dm(referral(), "New", draft=draft(), tz=TZ)
    after_referral = referral(stage=R.CONTACTED, followup_status=R.FOLLOWUP_SENT)
    blocks = valid_message(refresh(before, after_referral, "done by sam", tz=TZ))
    assert "Stage: *Contacted*" in texts(blocks) and "Follow-up: Follow-up sent" in texts(blocks)
    assert by_id(blocks, "draft|R-0012|first_contact")  # the draft text stays
    assert blocks[-1]["elements"][0]["text"] == "done by sam"
    assert action_ids(blocks).count(ids.FOLLOWUP_SENT) == 1
    again = valid_message(refresh(blocks, after_referral, "second note", tz=TZ))
    assert "done by sam" not in texts(again) and "second note" in texts(again)


def test_refresh_after_mark_sent_removes_only_that_drafts_buttons():
    before = draft_dm(referral(), "Thank", draft("acknowledgment"))
    blocks = valid_message(refresh(before, referral(), "sent", sent_draft="acknowledgment"))
    assert action_ids(blocks) == []
    assert by_id(blocks, "draft|R-0012|acknowledgment")


def test_refresh_when_closed_or_handed_over_drops_the_buttons():
    before = owner_dm(referral(), "New", tz=TZ)
    closed = refresh(before, referral(stage=R.WON), "closed", tz=TZ)
    handed = refresh(before, referral(), "reassigned", tz=TZ, keep_actions=False)
    assert action_ids(closed) == [] and action_ids(handed) == []


# --- review channel ------------------------------------------------------------------------------


THREE_CLAIMS = (
    "Also referred by Bea Tran <bea@partner.com> on 2026-03-02 11:00 (logged by Sam Lee via "
    "Slack modal, evidence: https://firm.slack.com/archives/C1/p1); "
    "Also referred by Chris Park on 2026-03-02 12:00 (evidence: none given); "
    "Also referred by Pat Lee <pat@partner.com> on 2026-02-20 (claimed by Tia Thanks on "
    "2026-03-03 09:00, evidence: Pat emailed Ana on 20 Feb)"
)


def test_a_conflict_card_shows_every_claim_with_its_time_evidence_and_own_button():
    blocks = valid_message(conflict_review(referral(conflict=THREE_CLAIMS), OWNER))
    shown = texts(blocks)
    assert "4 people say they referred" in shown and f"<@{OWNER}>" in shown
    for seen in ("2026-03-02 11:00", "https://firm.slack.com/archives/C1/p1", "2026-02-20"):
        assert seen in shown
    assert "claimed by Tia Thanks" in shown and "Pat emailed Ana on 20 Feb" in shown
    credit = [b["accessory"] for b in blocks if "accessory" in b]
    assert [(b["text"]["text"], b["action_id"], b["value"]) for b in credit] == [
        ("Credit Alex Kim", ids.CONFLICT_CREDIT, f"R-0012|{claim_key('Alex Kim', '')}"),
        (
            "Credit Bea Tran",
            ids.CONFLICT_CREDIT,
            f"R-0012|{claim_key('Bea Tran', 'bea@partner.com')}",
        ),
        ("Credit Chris Park", ids.CONFLICT_CREDIT, f"R-0012|{claim_key('Chris Park', '')}"),
        (
            "Credit Pat Lee",
            ids.CONFLICT_CREDIT,
            f"R-0012|{claim_key('Pat Lee', 'pat@partner.com')}",
        ),
    ]


def test_a_decided_conflict_card_keeps_its_claims_ticks_the_credited_and_loses_its_buttons():
    before = conflict_review(referral(conflict=THREE_CLAIMS), OWNER)
    bea = claim_key("Bea Tran", "bea@partner.com")
    decided = referral(
        referred_by="Bea Tran",
        conflict=f"{THREE_CLAIMS}; Resolved 2026-03-04 10:00 by Cy: credit to Bea Tran [{bea}]",
    )
    blocks = valid_message(conflict_decided(before, decided, f"Decided by <@{COORD}>"))
    assert action_ids(blocks) == [] and f"Decided by <@{COORD}>" in texts(blocks)
    claims = [b["text"]["text"] for b in blocks if b["block_id"].startswith("claim|")]
    ticked = [text for text in claims if text.startswith(":white_check_mark:")]
    assert len(ticked) == 1 and "Bea Tran" in ticked[0]
    # The heading states the outcome: not "credit stays with Alex Kim until a coordinator decides".
    heading = blocks[0]["text"]["text"]
    assert "credit goes to *Bea Tran*" in heading and "decided" in heading
    assert "stays with" not in heading and "until a coordinator decides" not in heading


def test_a_conflict_card_counts_one_person_and_several_people_in_good_english():
    typed = referral(conflict="check with Pat first")  # free text a person typed in the cell
    assert "1 person says they referred" in texts(conflict_review(typed))
    two = referral(conflict="Also referred by Chris Park on 2026-03-02 12:00")
    assert "2 people say they referred" in texts(conflict_review(two))


def test_refresh_on_a_withdrawn_or_handed_over_referral_leaves_no_draft_to_mark_sent():
    owner = owner_dm(referral(), "New", draft=draft(), tz=TZ)
    thanks = draft_dm(referral(), "Thank", draft("acknowledgment"))
    withdrawn = referral(stage=R.WITHDRAWN)
    assert action_ids(refresh(owner, withdrawn, "withdrawn", tz=TZ)) == []
    assert action_ids(refresh(thanks, withdrawn, "withdrawn", tz=TZ)) == []
    # Handed to someone else: the old owner's first contact is no longer theirs to send.
    assert action_ids(refresh(owner, referral(), "moved", tz=TZ, keep_actions=False)) == []
    # Won: the thank-you is still owed, so its Mark sent stays.
    won = refresh(thanks, referral(stage=R.WON), "won", tz=TZ)
    assert ids.MARK_SENT in action_ids(won)


def test_needs_owner_offers_an_owner_picker():
    unowned = referral(owner="", owner_slack_id="")
    blocks = needs_owner(unowned, "Est. value 30000 is above 25000", TZ, "https://s")
    valid_message(blocks)
    assert action_ids(blocks) == [ids.REASSIGN]


def _escalation(step: str, owes: str, due: datetime) -> Escalation:
    return Escalation(step=step, owes_id=owes, owes_name="", due_at=due)


def test_an_overdue_first_contact_escalation_names_the_owner_and_fits_the_lead():
    blocks = escalation(referral(), _escalation("first_contact", OWNER, NOW), [COORD], TZ)
    valid_message(blocks)
    assert action_ids(blocks) == [ids.REMIND, ids.SNOOZE_TRACK, ids.MARK_SENT, ids.REASSIGN]
    shown = texts(blocks)
    assert f"<@{COORD}>" in shown and f"owed by <@{OWNER}>" in shown
    assert "First contact with Jane Doe" in shown


def test_an_overdue_thank_you_names_the_thank_you_owner_and_its_own_due_time():
    # The lead's next follow-up is 3 March; the thank-you fell due on 2 March at 13:00.
    due = datetime(2026, 3, 2, 13, 0, tzinfo=ZoneInfo(TZ))
    blocks = escalation(referral(), _escalation("thank_you", THANKER, due), [COORD], TZ)
    valid_message(blocks)
    shown = texts(blocks)
    assert f"owed by <@{THANKER}>" in shown and f"<@{OWNER}>" not in shown.split("Stage:")[0]
    assert f"<!date^{int(due.timestamp())}^" in shown
    assert "Thank Alex Kim for the introduction" in shown
    assert action_ids(blocks) == [
        ids.REMIND,
        ids.SNOOZE_TRACK,
        ids.MARK_SENT,
        ids.REASSIGN_THANKS,
    ]
    done = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert {"R-0012|acknowledgment", "R-0012|thank_you"} & {e.get("value") for e in done}


def test_a_closed_referrals_escalation_offers_no_reassign():
    won = referral(stage=R.WON)
    blocks = escalation(won, _escalation("referrer_update", THANKER, NOW), [COORD], TZ)
    valid_message(blocks)
    assert ids.REASSIGN not in action_ids(blocks) and ids.REASSIGN_THANKS not in action_ids(blocks)
    values = [e.get("value") for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert "R-0012|close_won" in values


# --- confirmations and lists ---------------------------------------------------------------------


def test_outcome_texts_say_what_happened():
    logged = ReferOutcome("logged", referral=referral())
    assert "Logged *R-0012* Jane Doe, Acme" in outcome_text(logged)
    assert f"<@{OWNER}>" in outcome_text(logged)
    to_coordinators = ReferOutcome(
        "logged", referral=referral(owner_slack_id=""), to_coordinators=True
    )
    assert "Coordinators will assign an owner" in outcome_text(to_coordinators)
    merged = ReferOutcome("merged", referral=referral())
    assert "already logged as *R-0012*" in outcome_text(merged) and "added a note" in outcome_text(
        merged
    )
    conflict = ReferOutcome("conflict", referral=referral())
    assert "already referred by Alex Kim" in outcome_text(conflict)
    assert "review who gets credit" in outcome_text(conflict)
    blocks = valid_message(outcome_blocks(logged, "https://sheet/row"))
    assert "<https://sheet/row|Open the row in the sheet>" in texts(blocks)


def test_long_lists_are_cut_with_a_count():
    many = [referral(id=f"R-{n:04d}") for n in range(40)]
    blocks = valid_message(referral_list("Yours", many, TZ, NOW))
    assert "…and 25 more" in texts(blocks)


# --- App Home ------------------------------------------------------------------------------------


def test_home_for_an_owner_lists_their_referrals_with_buttons():
    view = valid_view(home_view([referral()], now=NOW, tz=TZ), HOME)
    assert "*R-0012* Jane Doe, Acme" in texts(view["blocks"])
    assert ids.FOLLOWUP_SENT in action_ids(view["blocks"])
    assert "Unassigned" not in texts(view["blocks"])


def test_home_with_nothing_open_says_how_to_log():
    view = valid_view(home_view([], now=NOW, tz=TZ), HOME)
    assert "/refer" in texts(view["blocks"])


def test_home_for_a_coordinator_stays_within_100_blocks_whatever_the_load():
    many = [referral(id=f"R-{n:04d}") for n in range(300)]
    unowned = [replace(r, owner_slack_id="") for r in many]
    view = valid_view(
        home_view(many, now=NOW, tz=TZ, is_coordinator=True, unassigned=unowned, overdue=many), HOME
    )
    shown = texts(view["blocks"])
    assert len(view["blocks"]) <= 100
    assert "Unassigned" in shown and "Overdue across the team" in shown
    assert "…and 280 more" in shown and "…and 290 more" in shown


def test_a_typed_sent_means_the_draft_only_in_a_dm_without_followup_buttons():
    assert draft_to_mark(draft_dm(referral(), "Thank", draft("acknowledgment"))) == "acknowledgment"
    assert draft_to_mark(owner_dm(referral(), "New", draft=draft(), tz=TZ)) == ""
    sent = refresh(
        draft_dm(referral(), "Thank", draft("acknowledgment")),
        referral(),
        "x",
        sent_draft="acknowledgment",
    )
    assert draft_to_mark(sent) == ""
