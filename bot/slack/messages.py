"""Every sentence a Slack user reads, as a tiny function, so wording lives in one place.

Arguments that come from people (names, companies, reasons) arrive already escaped for mrkdwn;
the builders in bot/slack/blocks/ do that."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.slack.ids import COMMAND

# --- The /refer modal ----------------------------------------------------------------------------

MODAL_TITLE = "Log a referral"
MODAL_SUBMIT = "Log referral"
MODAL_CLOSE = "Cancel"

FIELD_LABELS = {
    "lead_name": "Name of the person referred",
    "company": "Their company",
    "lead_email": "Their email",
    "lead_phone": "Their phone",
    "referred_by": "Referred by",
    "referrer_email": "Referrer's email",
    "referrer_type": "Referrer type",
    "how_introduced": "How they were introduced",
    "lead_consent": "Lead agreed to be introduced",
    "context": "Context (internal)",
    "opening_line": "Opening line for the lead",
    "est_value": "Estimated value",
    "owner": "Owner",
    "thankyou_owner": "Who thanks the referrer",
}

FIELD_HINTS = {
    "context": "What they need, and anything the owner should know. Internal: never in a draft.",
    "opening_line": "Optional. The first-contact draft may say this to the lead, e.g. "
    '"Alex mentioned you are looking for help with payroll."',
    "lead_consent": "Did they agree to hear from us? If not, the bot drafts no first contact.",
    "est_value": "A rough figure is fine, e.g. 5000.",
    "owner": "Leave empty and the bot picks an owner from the Team tab.",
    "thankyou_owner": "Leave empty and you thank the referrer yourself.",
}

FIELD_PLACEHOLDERS = {
    "lead_name": "Jane Doe",
    "company": "Acme Ltd",
    "lead_email": "jane@acme.com",
    "referred_by": "Alex Kim",
}


def still_needed(labels: list[str]) -> str:
    return f"Still needed: {', '.join(labels)}."


def possible_duplicate(title: str, owner: str) -> str:
    return (
        f":mag: This may already be logged: {title}, owner {owner}.\n"
        "Is it the same person? If so, your referral is added to that record (a note, or a claim "
        "for the coordinators when someone else referred them first); if not, it is logged as a "
        "new lead."
    )


SAME_PERSON_QUESTION = "Same person?"


def same_person(referral_id: str) -> str:
    return f"Same person — add my referral to {referral_id}"


SOMEONE_ELSE_LABEL = "Someone else — log a new lead"


MODAL_EDIT_TITLE = "Correct the referral"
UNDO_MINUTES = 10


def understood(fields: list[tuple[str, str]]) -> str:
    """What a one-line /refer was read as, one `label: value` per line (values already escaped)."""
    lines = [f"*{label}:* {value or '—'}" for label, value in fields]
    return "This is what I understood:\n" + "\n".join(lines)


def check_and_undo() -> str:
    return (
        f"Not right? *Edit* corrects this row; *Undo* (within {UNDO_MINUTES} minutes) withdraws it."
    )


def withdrawn(referral_id: str, lead: str) -> str:
    return (
        f":leftwards_arrow_with_hook: Withdrew *{referral_id}* {lead}: it stays in the sheet as "
        "Withdrawn (nothing is deleted) and nobody will be reminded about it."
    )


def edited(title: str) -> str:
    return f":pencil2: Corrected {title} in the same row."


def edited_moved(title: str, owner: str) -> str:
    """`owner` blank: nobody on the Team tab fits; the coordinators are asked."""
    to = f"it now goes to *{owner}*, who has the DM" if owner else "the coordinators pick an owner"
    return f":pencil2: Corrected {title} in the same row. By the routing rules {to}."


def edited_onto(title: str, existing: str, conflict: bool) -> str:
    how = (
        "as a second claim, for a coordinator to decide who gets credit"
        if conflict
        else "as a note (the same referrer)"
    )
    return (
        f":pencil2: Corrected: {title} is the lead of {existing}, so your referral is recorded "
        f"there {how}. This row is kept as Withdrawn, linked to it."
    )


def please_check(labels: list[str]) -> str:
    return (
        f":eyes: Check {', '.join(labels)}: the bot could not tell where it ends. "
        "Put what they need after a colon next time (`... from Alex Kim: needs payroll help`)."
    )


def fix_these(problems: list[str]) -> str:
    return ":warning: " + " ".join(problems)


NOT_A_FIT_TITLE = "Not a fit"
NOT_A_FIT_SUBMIT = "Close referral"
NOT_A_FIT_LABEL = "Why is it not a fit?"
NOT_A_FIT_HINT = (
    "A few words, e.g. budget or outside our practice. It goes to the sheet and the decline draft."
)


def not_a_fit_intro(title: str) -> str:
    return f"Close {title} as *Not a fit*."


# --- Capture outcomes ----------------------------------------------------------------------------


def logged(title: str, owner: str, linked_to: str = "") -> str:
    who = (
        f"Owner: {owner}, who has a DM with a drafted first contact."
        if owner
        else "Coordinators will assign an owner."
    )
    earlier = f" Linked to the earlier record {linked_to}." if linked_to else ""
    return f":white_check_mark: Logged {title}. {who}{earlier}"


def merged(lead: str, referral_id: str, owner: str) -> str:
    owned = f", owned by {owner}" if owner else ""
    return f"{lead} is already logged as *{referral_id}*{owned} — I added a note that you referred them again."


def conflict(lead: str, referral_id: str, first_referrer: str) -> str:
    return (
        f"{lead} (*{referral_id}*) was already referred by {first_referrer or 'someone else'}. "
        "Coordinators will review who gets credit; until then it stays with the first referrer."
    )


def open_row(link: str) -> str:
    return f"<{link}|Open the row in the sheet>"


def saved_not_confirmed() -> str:
    return "I could not log that. Check the form and try again."


# --- /refer list, find, help, stats --------------------------------------------------------------


def my_open_header(count: int) -> str:
    return f"Your open referrals ({count}), overdue first:"


def nothing_open() -> str:
    return f"You have no open referrals. Log one with `{COMMAND}`."


def found_header(count: int, query: str) -> str:
    return f"{count} referral{'s' if count != 1 else ''} match “{query}”:"


def nothing_found(query: str) -> str:
    return (
        f"No referral matches “{query}”. Try part of a name, company, email or an ID like R-0012."
    )


def find_needs_text() -> str:
    return f"Say what to look for, e.g. `{COMMAND} find acme`."


def and_more(count: int) -> str:
    return f"…and {count} more — see the sheet."


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.0%}"


def stats_heading(period, tz: str) -> str:
    """ "Referrals — This week (16 Mar – 22 Mar)"; the end of a period is exclusive."""
    if period.start is None:
        return f"Referrals — {period.label}"
    start = period.start.astimezone(ZoneInfo(tz))
    last = (period.end - timedelta(days=1)).astimezone(ZoneInfo(tz))
    return f"Referrals — {period.label} ({start:%-d %b} – {last:%-d %b %Y})"


def stats_unknown_period(text: str) -> str:
    return (
        f"I can't read “{text}” as a period. Try `{COMMAND} stats`, `{COMMAND} stats last week`, "
        f"`{COMMAND} stats last 4 weeks`, `{COMMAND} stats month`, `{COMMAND} stats 2026-03` or "
        f"`{COMMAND} stats all`."
    )


def stats_by_referrer() -> str:
    return "Top referrers (submissions · won · conversion)"


def stats_by_type() -> str:
    return "By referrer type (submissions · won · conversion)"


def stats_row(name: str, submissions: int, won: int, conversion: float | None) -> str:
    return f"• {name}: {submissions} · {won} · {_percent(conversion)}"


def nothing_in_period() -> str:
    return "No referrals in this period."


def overloaded_owners(loads) -> str:
    names = ", ".join(f"{o.name} ({o.active} open, max {o.max_active})" for o in loads)
    return f":warning: Over their Max active: {names}."


def stats_footer() -> str:
    return (
        "Volume counts every submission, duplicates merged into a record too; rates are of the "
        "referrals received in the period, as they stand now. The Dashboard tab has every table."
    )


def help_text() -> str:
    return (
        "*Log a referral*\n"
        f"• `{COMMAND}` opens the form.\n"
        f"• `{COMMAND} Jane Doe <jane@acme.com> from Alex Kim: needs payroll help` logs it at once; "
        "anything missing opens the form prefilled. Add `consent: yes` (or `no`, `not asked`) "
        "to say whether the lead agreed to be introduced.\n"
        "• On any message, *⋯ → Log as referral* opens the form with the message as context.\n"
        "*Look things up*\n"
        f"• `{COMMAND} list` — your open referrals, overdue first.\n"
        f"• `{COMMAND} find acme` — search the log.\n"
        f"• `{COMMAND} stats [this week|last week|last 4 weeks|month|2026-03|all]` — the figures.\n"
        f"• `{COMMAND} export` — the log as a CSV file in your DM (coordinators).\n"
        f"• `{COMMAND} digest` — this week's digest: the five questions, the figures against "
        "last week, who is overloaded, who has gone quiet (coordinators).\n"
        f"• `{COMMAND} forget R-0012` — erase a lead's personal data on request (coordinators).\n"
        f"• `{COMMAND} claim R-0012` — someone referred it but is not credited: say who, when, "
        "and the evidence; coordinators decide.\n"
        "*Answer your reminders* in the bot's DM with a button, or type "
        f"{reply_forms()}."
    )


def reply_forms() -> str:
    return (
        "`sent`, `waiting`, `replied`, `snooze 2d`, `snooze until 2026-12-01`, `won` (or `won 12000`), "
        "`not a fit: budget`, "
        "`no response`, `no further action`, `reassign @name` or, for coordinators, "
        "`reopen R-0012`"
    )


# --- Owner and thank-you DMs ---------------------------------------------------------------------


def new_for_you(title: str) -> str:
    return f":bell: *New referral for you:* {title}"


def now_yours(title: str, previous: str) -> str:
    was = f" (was {previous})" if previous else ""
    return f":arrows_counterclockwise: {title} is now yours{was}."


def reminder(step: str, title: str, due: str, escalated: bool) -> str:
    """`step` is the step's label for people: "Thank Alex Kim for the introduction"."""
    when = f", due {due}" if due else ""
    told = "\nIt is overdue, so coordinators have been told too." if escalated else ""
    return f":alarm_clock: *Reminder: {step}* ({title}){when}.{told}"


# --- The morning list and the morning review post ----------------------------------------------


def morning_list_intro(day: str, steps: int, overdue: int) -> str:
    late = f", {overdue} overdue" if overdue else ""
    noun = "step" if steps == 1 else "steps"
    return f":sunrise: *Your referral reminders for {day}*: {steps} {noun}{late}."


MORNING_LIST_HINT = (
    "Each line's buttons act on that step, and the list updates as you go. "
    "You get one list each working morning; App Home shows everything, any time."
)


def morning_review_intro(day: str, overdue: int, rewards: int) -> str:
    parts = []
    if overdue:
        parts.append(f"{overdue} overdue {'step' if overdue == 1 else 'steps'}")
    if rewards:
        parts.append(f"{rewards} {'reward' if rewards == 1 else 'rewards'} to review")
    return f":clipboard: *Morning review for {day}*: {' and '.join(parts) or 'nothing'}."


def morning_line(title: str, step: str, when: str) -> str:
    return f"{title} — *{step}* · {when}"


def overdue_since(due: str) -> str:
    return f":warning: overdue since {due}"


def due_at(due: str) -> str:
    return f"due {due}"


def morning_line_done(title: str, step: str) -> str:
    return f"~{title} — {step}~ :white_check_mark: no longer waiting on you"


def review_line(title: str, step: str, due: str, owes: str, new: bool) -> str:
    fresh = ":new: " if new else ""
    return f"{fresh}{title} — *{step}* was due {due}, owed by {owes or 'nobody yet'}."


def review_line_done(title: str, step: str) -> str:
    return f"~{title} — {step}~ :white_check_mark: done or moved"


def reward_line(title: str, state: str, facts: str) -> str:
    return f":gift: {title} — reward *{state}*\n{facts}"


def morning_more(count: int) -> str:
    noun = "line" if count == 1 else "lines"
    return f"…and {count} more {noun}: App Home lists them all."


def morning_for(coordinators: list[str]) -> str:
    return f"For {' '.join(coordinators)}." if coordinators else ""


def morning_retired(kind: str) -> str:
    return f"_A newer {kind} replaces this one; its buttons are gone._"


def thank_referrer(referrer: str, title: str) -> str:
    return (
        f":pray: Please thank *{referrer or 'the referrer'}* for referring {title}. "
        "Send the draft below yourself, then press *Mark sent*."
    )


def draft_ready_intro(label: str, title: str) -> str:
    return (
        f":memo: A draft is ready for {title}: *{label}*. Send it yourself, then press *Mark sent*."
    )


def referral_details(referrer: str, extras: list[str]) -> str:
    parts = [f"Referred by {referrer}" if referrer else "Referrer not recorded", *extras]
    return " · ".join(parts)


def est_value(value: str) -> str:
    return f"Est. value {value}"


def state_line(stage: str, status: str, next_step: str, due: str, overdue: bool) -> str:
    parts = [f"Stage: *{stage or 'New'}*"]
    if status:
        parts.append(f"Follow-up: {status}")
    if next_step:
        when = f", due {due}" if due else ""
        late = " :warning: overdue" if overdue else ""
        parts.append(f"Next: {next_step}{when}{late}")
    return " · ".join(parts)


def draft_heading(label: str, to: str) -> str:
    recipient = f" to {to}" if to else ""
    return f"*Draft — {label}*{recipient}"


DRAFT_LABELS = {
    "first_contact": "first contact",
    "second_touch": "second touch",
    "third_touch": "third touch",
    "decline": "polite decline",
    "acknowledgment": "thank-you to the referrer",
    "thank_you": "thank-you to the referrer",
    "status_update": "status update to the referrer",
    "periodic_update": "update to the referrer",
    "close_won": "close the loop: won",
    "close_not_a_fit": "close the loop: not a fit",
    "close_no_response": "close the loop: no response",
    "claim_outcome": "the outcome of a claim, to the claimant",
    "ask_referrer_first": "to the referrer: the lead has not agreed to be introduced, so ask first",
}


def draft_label(name: str) -> str:
    return DRAFT_LABELS.get(name, name.replace("_", " "))


BUTTONS = {
    "capture_edit": "Edit",
    "capture_undo": "Undo",
    "followup_sent": "Follow-up sent",
    "waiting_reply": "Waiting for reply",
    "in_conversation": "They replied",
    "snooze_1d": "Snooze 1 day",
    "snooze_3d": "Snooze 3 days",
    "snooze_pick": "Snooze until…",
    "reassign": "Reassign to…",
    "close_won": "Won",
    "close_not_a_fit": "Not a fit",
    "close_no_response": "No response",
    "no_further_action": "No further action",
    "mark_sent": "Mark sent",
    "open_email": "Open in email",
    "snooze_track": "Snooze 1 day",
    "sent_step": "Sent",
    "reassign_thanks": "Reassign the thank-you and updates to…",
}


def remind(name: str) -> str:
    return f"Remind {name or 'them'} again"


def mark_done(label: str) -> str:
    return f"Mark done: {label}"


NO_EMAIL_LINK = "Too long for an email link: copy the text above."


# --- What an answer did (the note on an updated DM, and the typed-reply answer) -----------------


def did_followup(user: str, status: str) -> str:
    return f":white_check_mark: {user} marked *{status}*."


def did_start_conversation(user: str) -> str:
    return f":speech_balloon: {user} says the lead replied: *In conversation*."


def did_reopen(user: str, stage: str) -> str:
    return f":leftwards_arrow_with_hook: {user} reopened this as *{stage}*."


def did_snooze(user: str, until: str) -> str:
    return f":zzz: {user} snoozed this until {until}."


def did_reassign(user: str, new_owner: str) -> str:
    return f":arrows_counterclockwise: {user} reassigned this to {new_owner}."


def did_close(user: str, stage: str, reason: str = "") -> str:
    why = f" ({reason})" if reason else ""
    return f":checkered_flag: {user} closed this as *{stage}*{why}."


def already_closed(stage: str) -> str:
    return f":checkered_flag: This is already closed as *{stage}*; nothing changed."


def did_mark_sent(user: str, label: str) -> str:
    return f":envelope_with_arrow: {user} marked the {label} as sent."


def did_resolve(user: str, credited: str) -> str:
    return f":scales: Decided by {user}: credit goes to *{credited}*."


# --- Typed replies in the DM ---------------------------------------------------------------------


def reply_unclear() -> str:
    return (
        f"I didn't catch that. Reply with {reply_forms()}. "
        "If you have several open referrals, start with the ID, e.g. `R-0012 sent`."
    )


def reply_which(count: int) -> str:
    return (
        f"You have {count} open referrals — which one? Reply in the thread of its message, "
        "or start with its ID, e.g. `R-0012 sent`."
    )


def reply_none_open() -> str:
    return "You have no open referrals to update."


def reply_done(referral_id: str, note: str) -> str:
    return f"*{referral_id}* updated. {note}"


# --- Review channel ------------------------------------------------------------------------------


def people(count: int) -> str:
    """ "1 person says", "3 people say"."""
    return f"{count} person says" if count == 1 else f"{count} people say"


def conflict_review(title: str, first: str, newest: str, submitter: str, count: int) -> str:
    by = f" (logged by {submitter})" if submitter else ""
    return (
        f":warning: Conflict on {title}: {people(count)} they referred this lead.\n"
        f"Newest claim: *{newest or 'unknown'}*{by}. Credit stays with "
        f"*{first or 'the first referrer'}* until a coordinator decides; rewards stay frozen. "
        "Each claim below has its own button."
    )


def conflict_decided(title: str, credited: str) -> str:
    """A card's heading once its conflict is decided: the outcome, not the wait for it."""
    return (
        f":scales: Conflict on {title} decided: credit goes to *{credited or 'the referrer'}*. "
        "Rewards follow this decision."
    )


def conflict_claim(label: str, when: str, source: str, evidence: str, standing: bool) -> str:
    credited = " — _credited now_" if standing else ""
    how = f"\n{source}" if source else ""
    shown = f"\nEvidence: {evidence}" if evidence else "\nEvidence: none given"
    return f"*{label}*{credited}\nReferred on {when or 'an unknown date'}{how}{shown}"


def credit_claim(name: str) -> str:
    return f"Credit {name or 'this claim'}"


CREDITED_MARK = ":white_check_mark: "


FILE_CLAIM = "File a claim for someone else"


def card_superseded() -> str:
    return "A newer card below lists every claim on this referral; decide there."


def conflict_card_changed() -> str:
    return (
        "This card was out of date, so I redrew it with every claim as it stands now. "
        "Pick the claim to credit again."
    )


def needs_owner(title: str, reason: str) -> str:
    why = f"\nWhy: {reason}" if reason else ""
    return f":busts_in_silhouette: {title} needs an owner.{why}\nPick one below."


def escalation(title: str, step: str, due: str, owes: str, coordinators: list[str]) -> str:
    when = f" was due {due}" if due else " is overdue"
    who = f" {' '.join(coordinators)}, can you help?" if coordinators else ""
    return (
        f":rotating_light: {title}: *{step}*{when} — owed by {owes or 'nobody yet'}.{who} "
        "Remind, reassign, snooze or mark it done below."
    )


def changed_by_other(title: str, who: str, what: str) -> str:
    return f":information_source: {who} changed {title}: {what}."


def changed_elsewhere(who: str, what: str) -> str:
    """The line a message ends with when it is redrawn after a change made outside it."""
    return f":information_source: {who} {what}."


def did_remind(user: str, owes: str) -> str:
    return f":bell: {user} reminded {owes} again."


PICK_OWNER = "Pick an owner"


# --- App Home ------------------------------------------------------------------------------------

HOME_MINE = "Your open referrals"
HOME_UNASSIGNED = "Unassigned (coordinators)"
HOME_OVERDUE = "Overdue across the team (coordinators)"


def home_nothing_open() -> str:
    return (
        f"Nothing open for you. Log a referral with `{COMMAND}` or *Log as referral* on a message."
    )


def home_updated(now: str) -> str:
    return f"Updated {now}. Type `{COMMAND} help` for everything the bot does."


def none_in_list() -> str:
    return "None right now."


# --- Data in and out -----------------------------------------------------------------------------


def export_comment(count: int) -> str:
    return (
        f"The referral log as CSV: {count} referral(s). It holds leads' contact details; "
        "keep it where only the firm can read it."
    )


def export_sent(count: int) -> str:
    return f"Sent you the export ({count} referral(s)) as a file in our DM."


# --- Rewards (the coordinators' review) ------------------------------------------------------

REWARD_BUTTONS = {
    "approve": "Approve",
    "decline": "Decline",
    "amount": "Edit amount",
    "confirm": "Confirm attribution",
    "paid": "Mark paid",
}
HOME_REWARDS_AWAITING = "Rewards awaiting approval"
HOME_REWARDS_UNPAID = "Rewards approved, not yet paid"
HOME_DISPUTES = "Open disputes"
REWARD_DECLINE_TITLE = "Decline the reward"
REWARD_DECLINE_LABEL = "Why is the reward declined?"
REWARD_DECLINE_HINT = "Kept in the sheet's Activity, e.g. already a client, or the firm's rules."
REWARD_DECLINE_SUBMIT = "Decline"
REWARD_AMOUNT_TITLE = "Reward amount"
REWARD_AMOUNT_LABEL = "Amount"
REWARD_AMOUNT_SUBMIT = "Save"
WON_TITLE = "Close as Won"
WON_SUBMIT = "Close as Won"
WON_VALUE_LABEL = "Won value (optional)"
WON_VALUE_HINT = "The value of the work won, e.g. 12000. A referral fee is worked out from it."


def won_intro(referral_id: str) -> str:
    return (
        f"Closing {referral_id} as Won. If you know the value of the work won, enter it: a "
        "referral fee is worked out from it (else from Est. value), for coordinators to approve."
    )


def reward_review(title: str, state: str) -> str:
    return f":gift: Reward to review for {title} ({state})."


def reward_facts(
    referrer: str,
    confidence: str,
    evidence: str,
    dispute: str,
    policy: str,
    amount: str,
    basis: str,
) -> str:
    lines = [
        f"*Referred by:* {referrer or 'not recorded'}",
        f"*Attribution:* {confidence or 'not labelled'}",
        f"*Evidence:* {evidence or 'none recorded'}",
        f"*Dispute:* {dispute or 'none'}",
        f"*Policy:* {policy}",
        f"*Amount:* {amount or 'not set yet: use Edit amount'}{basis}",
    ]
    return "\n".join(lines)


def reward_basis(kind: str, value: str) -> str:
    return f" (from the {kind} {value})" if value else ""


def reward_blocked(why: str) -> str:
    return f":no_entry: Not approvable yet: {why}"


def reward_approvals(names: list[str], complete: bool) -> str:
    if not names:
        return ""
    return ("Approved by " if complete else "Approved so far by ") + ", ".join(names) + "."


def reward_state_line(state: str, detail: str = "") -> str:
    return f"*Reward:* {state}" + (f" — {detail}" if detail else "")


def did_reward(who: str, what: str, note: str = "") -> str:
    return f"{who} {what}." + (f" {note}" if note else "")


def reward_paid_detail(when: str) -> str:
    return f"paid {when}"


def reward_declined_detail(reason: str) -> str:
    return f"declined: {reason}"


def reward_decline_intro(referral_id: str) -> str:
    return f"Declining the reward for {referral_id}. The referrer is not told by the bot."


def reward_amount_intro(referral_id: str, policy: str) -> str:
    return f"The reward for {referral_id}. {policy}. Changing it needs a fresh approval."


def forget_usage() -> str:
    return f"Say which referral: `{COMMAND} forget R-0012`."


def forget_confirm(referral_id: str, lead: str) -> str:
    return (
        f"Forget *{referral_id}* ({lead})? Its lead's name, company, email, phone and context are "
        "erased from the sheet, from every Activity line and from the bot's messages; dates, "
        "stage, owner, referrer and outcome stay, so the figures stay true. This cannot be undone."
    )


def forget_button(referral_id: str) -> str:
    return f"Forget {referral_id}"


def forget_dialog() -> tuple[str, str, str, str]:
    """(title, text, confirm, deny) of the are-you-sure dialog."""
    return (
        "Erase this lead?",
        "Their personal data is erased everywhere the bot keeps it. This cannot be undone.",
        "Erase",
        "Keep",
    )


def forgotten(referral_id: str, cells: int, messages: int, files: int) -> str:
    parts = [f"Erased the lead of *{referral_id}*: the sheet row, {cells} Activity cell(s)"]
    parts.append(f", {messages} bot message(s)")
    if files:
        parts.append(f" and {files} export file(s) in Slack")
    return (
        "".join(parts)
        + ". Copies kept outside Slack and the sheet (saved exports, email) are not reached."
    )


def erased_message(referral_id: str) -> str:
    return f"{referral_id}: the lead's personal data was erased on request."


# --- Claims for a missed referral ---------------------------------------------------------------

CLAIM_TITLE = "Claim a referral"
CLAIM_SUBMIT = "File the claim"
CLAIM_REFERRER_LABEL = "Who referred the lead?"
CLAIM_EMAIL_LABEL = "Their email (optional)"
CLAIM_WHEN_LABEL = "When did they introduce the lead?"
CLAIM_EVIDENCE_LABEL = "Evidence"
CLAIM_EVIDENCE_HINT = "A link to the message (⋯ → Copy link), or what was said, where and when."


def claim_intro(title: str, credited: str, window_days: int) -> str:
    return (
        f"{title} is credited to *{credited or 'nobody yet'}*. If someone else introduced the "
        f"lead, say so here: coordinators decide, and the reward (if any) waits until they do. "
        f"Claims are accepted for {window_days} days after a referral is logged."
    )


def claim_needs_id() -> str:
    return "Say which referral: `/refer claim R-0012` (find its ID with `/refer find`)."


def claim_filed(title: str, referrer: str) -> str:
    return (
        f"Claim filed: {title}, introduced by *{referrer}*. The coordinators have it in the review "
        "channel; the thank-you owner will get a draft telling the claimant what they decide."
    )


# --- Errors --------------------------------------------------------------------------------------


def not_allowed() -> str:
    return "Only the owner, the thank-you owner or a coordinator can do that."


def not_found() -> str:
    return "That referral is not in the log any more. Check the sheet, or use `/refer find`."


def not_valid(problems: list[str]) -> str:
    return "That didn't work: " + " ".join(problems)


def sheet_unavailable() -> str:
    return (
        "The referral log (Google Sheets) is not answering right now. Anything already confirmed "
        "is safe; try again in a minute."
    )


def sheet_notice(kind: str, waiting: int, problems: list[str]) -> str:
    """To coordinators in the review channel, once per change (bot/log/health.py)."""
    queued = f"{waiting} change{'s' if waiting != 1 else ''}"
    if kind == "down":
        return (
            ":warning: The referral log (Google Sheets) is not answering. Referrals logged now "
            f"are confirmed as usual and kept safe on the bot's machine ({queued} waiting); "
            "they reach the sheet when it is back. If this lasts, check that the sheet is still "
            "shared with the bot and Google's status page."
        )
    if kind == "back":
        return f":white_check_mark: The referral log answers again; {queued} still to write."
    listed = "\n".join(f"• {p}" for p in problems)
    return (
        ":construction: The referral log needs a fix by hand. Until then the bot does not "
        f"guess:\n{listed}"
    )


def sheet_damaged(detail: str) -> str:
    """The sheet itself needs a person (a column renamed or deleted): said as the log says it."""
    return (
        f"Nothing was changed: the referral log needs a fix first. {detail}. "
        "The coordinators have been told in the review channel."
    )


def sheet_access() -> str:
    return (
        "The bot cannot open the referral log. Ask your admin to check the sheet is shared with it."
    )


def unexpected() -> str:
    return (
        "Something went wrong on my side. Try again in a minute; if it keeps happening, "
        "tell your Referral Desk admin (the details are in the bot's log)."
    )


def other_workspace() -> str:
    return (
        "Referral Desk only takes requests from members of the workspace it is installed in. "
        "Ask someone there to log the referral."
    )


def unknown_action() -> str:
    return (
        "That button or form is not one I know any more (it may be from an older message). "
        "Use `/refer list` to see your referrals with fresh buttons."
    )


def broken_request() -> str:
    return (
        "Slack sent that without something I need to act on it, so nothing was changed. "
        "Try again from a fresh message, or use `/refer`."
    )


# --- The weekly digest ---------------------------------------------------------------------------


def digest_heading(week_label: str) -> str:
    return f"Weekly referral digest — {week_label}"


def digest_summary(week_label: str, failing: int, questions: int) -> str:
    return f"{digest_heading(week_label)}: {failing} of {questions} questions need work."


def digest_intro(previous_label: str) -> str:
    return (
        f"Compared with {previous_label}. Figures are of the referrals received in each week, as "
        "they stand now; open work, disputes and rewards are as of now."
    )


def digest_questions() -> str:
    return "*The five questions*"


def digest_question(question: str, passing: int, asked: int, failing: str) -> str:
    mark = ":white_check_mark:" if not failing else ":warning:"
    line = f"{mark} *{question}* {passing} of {asked}"
    return f"{line} — not yet: {failing}" if failing else line


def digest_figures() -> str:
    return "*This week against last week*"


TRENDS = {"better": " :arrow_up_small: better", "worse": " :arrow_down_small: worse", "same": ""}


def digest_figure(label: str, this_week: str, last_week: str, trend: str) -> str:
    return f"*{label}*\n{this_week} (last week {last_week}){TRENDS.get(trend, '')}"


def digest_overloaded() -> str:
    return "*Owners above Max active*"


def digest_owner(name: str, active: int, max_active: int) -> str:
    return f"• {name}: {active} open, Max active {max_active}"


def digest_quiet() -> str:
    return "*Referrers gone quiet* (referred before, nothing for 60 days)"


def digest_quiet_referrer(name: str, submissions: int, last: str) -> str:
    return f"• {name}: {submissions} referral(s), the last on {last}"


def digest_disputes() -> str:
    return "*Open disputes* (rewards frozen until a coordinator decides)"


def digest_rewards_waiting() -> str:
    return "*Rewards waiting for a coordinator*"


def digest_reward_waiting(referral_id: str, state: str) -> str:
    return f"{referral_id} ({state})"


def digest_paid() -> str:
    return "*Rewards paid, by referrer (all time)*"


def digest_paid_row(name: str, total: str) -> str:
    return f"• {name}: {total}"


def digest_none() -> str:
    return "None."


def digest_footer() -> str:
    return (
        "The chart of referrals per week follows; the Dashboard tab in the sheet has every table."
    )


def digest_on_demand_footer() -> str:
    return (
        "The seven days before today. The chart is in our DM; the Dashboard tab in the sheet "
        "has every table."
    )


def digest_chart_comment(week_label: str) -> str:
    return f"Referrals per week by where they stand now, up to {week_label}."


def digest_chart_title() -> str:
    return "Referrals per week, by where they stand now"


def digest_chart_alt(weeks: int, total: int) -> str:
    return f"Stacked columns: referrals received in each of the last {weeks} weeks ({total} in all), by outcome."
