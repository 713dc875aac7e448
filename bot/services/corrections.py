"""Edit and Undo on the confirmation of a one-line `/refer`: correct what the parser understood in
the same row, or withdraw a referral logged by mistake (never deleted: marked Withdrawn)."""

from __future__ import annotations

from bot.domain import steps as S
from bot.domain.amounts import amount_text
from bot.domain.corrections import CannotUndo, withdrawal, withdrawn_cells
from bot.domain.duplicates import decide_duplicate
from bot.domain.intake import parse_amount, validate_submission
from bot.domain.normalise import normalise_email, normalise_phone
from bot.domain.referral import Referral
from bot.domain.routing import route
from bot.drafts import Draft
from bot.errors import PermissionDeniedError, ReferralDeskError, ValidationError
from bot.log.base import Snapshot
from bot.services import messages as msg
from bot.services.capture import answered, check_duplicates
from bot.services.context import ServiceContext
from bot.services.schedule import plan_next
from bot.services.types import (
    SUBMISSION_FIELDS,
    Actor,
    Correction,
    SameLeadQuestion,
    Submission,
)

EDITABLE = SUBMISSION_FIELDS
"""What the form holds; routing, owners and stages are changed by their own actions."""


def edit_capture(
    ctx: ServiceContext, referral_id: str, submission: Submission, actor: Actor
) -> Correction:
    """Write what the form now says into the referral's own row, then check it again as a new
    capture would: the duplicate check (the corrected lead may be an earlier record's) and,
    while nobody has acted on it, the routing rules (it may belong to another owner)."""
    snapshot = ctx.snapshot(fresh=True)
    referral = correctable(ctx, referral_id, actor, snapshot)
    if not referral.is_open:
        raise ValidationError({"lead_name": msg.closed_not_editable(referral.id)})
    settings = ctx.settings
    errors = validate_submission(
        submission.fields, settings.default_phone_region, decimal_comma=settings.decimal_comma
    )
    if errors:
        raise ValidationError(errors)
    typed = _normalised(ctx, submission)
    cells = {k: v for k, v in typed.items() if v != getattr(referral, k)}
    if not cells:
        return Correction(referral, "unchanged")
    who = ctx.who(actor, snapshot)
    check = check_duplicates(ctx, referral.with_changes(cells), snapshot)
    check = answered(ctx, check, submission, referral.with_changes(cells), snapshot)
    decision = decide_duplicate(
        check, referral.with_changes(cells), ctx.now(), ctx.tz, settings.name_match_threshold
    )
    if decision.action == "confirm" and check.match is not None:
        raise SameLeadQuestion(check.match)
    if decision.action in ("merge", "conflict") and check.match is not None:
        return _onto_existing(ctx, referral, cells, check.match, decision, who, actor)
    cells |= decision.new_cells
    changed = ", ".join(k.replace("_", " ") for k in cells)
    activity = [ctx.activity(referral.id, who, "Edited", f"corrected after logging: {changed}")]
    routed, reason = _rerouted(ctx, referral, referral.with_changes(cells), snapshot)
    if routed:
        cells |= routed
        activity.append(ctx.activity(referral.id, who, "Assigned", f"after the edit: {reason}"))
    cells["updated_at"] = ctx.stamp()
    cells |= plan_next(ctx, referral.with_changes(cells), snapshot)
    ctx.log.update({referral.id: cells}, activity)
    corrected = referral.with_changes(cells)
    moved = routed and corrected.owner_slack_id != referral.owner_slack_id
    ctx.later(lambda: _tell_corrected(ctx, referral, corrected, who, reason if moved else ""))
    return Correction(corrected, previous_owner=referral.owner_slack_id if moved else "")


def _rerouted(
    ctx: ServiceContext, before: Referral, corrected: Referral, snapshot: Snapshot
) -> tuple[dict[str, str], str]:
    """The owner the routing rules now pick, as cells: none when it is the same one, or once
    the referral has been followed up (a touch: the owner is working on it)."""
    if before.touch_count or before.first_contact_at:
        return {}, ""
    counts = dict(snapshot.active_counts())
    if before.owner_slack_id and counts.get(before.owner_slack_id):
        counts[before.owner_slack_id] -= 1  # this referral is not yet anyone's load
    settings = ctx.settings
    decision = route(
        corrected,
        snapshot.team,
        counts,
        None,
        settings.high_value_threshold,
        settings.default_max_active,
    )
    owner = decision.owner
    owner_id = owner.slack_user_id if owner else ""
    if owner_id == before.owner_slack_id:
        return {}, ""
    return {"owner": owner.name if owner else "", "owner_slack_id": owner_id}, decision.reason


def _tell_corrected(
    ctx: ServiceContext, before: Referral, corrected: Referral, who: str, moved_because: str
) -> None:
    """Every DM showing the referral shows the corrected details; when routing moved it, the
    old owner's says so (no buttons: it is not theirs), and the new owner gets the new-referral
    DM (or, with nobody to route to, the coordinators are asked for an owner)."""
    notifier, where = ctx.notifier, ""
    if moved_because and corrected.owner_slack_id:
        draft = ctx.draft(S.FIRST_CONTACT.draft, corrected, sender=corrected.owner)
        where = notifier.owner_assigned(corrected, corrected.owner_slack_id, draft)
    elif moved_because:
        notifier.needs_owner(corrected, moved_because)
    if moved_because:
        to = corrected.owner or "the coordinators"
        what = f"corrected it, so the routing rules moved it to {to} ({moved_because})"
    else:
        what = "corrected the details after logging"
    redraw(ctx, corrected, who, what, where, before=before, drafts=_drafts_for(ctx, corrected))


def _drafts_for(ctx: ServiceContext, referral: Referral):
    """Each draft by name, for the corrected referral, signed by whoever owes it."""

    def draft(name: str) -> Draft | None:
        track = S.track_of_draft(name)
        if track is None:
            return None
        try:
            return ctx.draft(name, referral, sender=S.owner_name_of(referral, track))
        except ReferralDeskError:
            return None

    return draft


def _onto_existing(
    ctx: ServiceContext,
    referral: Referral,
    cells: dict[str, str],
    existing: Referral,
    decision,
    who: str,
    actor: Actor,
) -> Correction:
    """The corrected lead is `existing`'s: recorded there (a merge note or a conflict, as a
    capture of it would be), and this row withdrawn and linked to it, never deleted. A referral
    someone has already followed up stays as it is: a coordinator decides."""
    if referral.touch_count or referral.first_contact_at:
        raise ValidationError(
            {"lead_name": msg.lead_of_followed_up(existing.id, existing.owner, referral.id)}
        )
    now = ctx.now()
    mine = {**cells, **withdrawn_cells(referral, now, ctx.tz), "linked_to": existing.id}
    on_existing = ctx.activity(existing.id, who, decision.activity_what, decision.activity_details)
    withdrawn_note = ctx.activity(
        referral.id, who, "Withdrawn", f"corrected to the lead of {existing.id}; recorded there"
    )
    ctx.log.update({existing.id: decision.cells, referral.id: mine}, [on_existing, withdrawn_note])
    updated, withdrawn = existing.with_changes(decision.cells), referral.with_changes(mine)
    status = "conflict" if decision.action == "conflict" else "merged"
    what = f"corrected it to the lead of {existing.id}: recorded there, nothing to send"

    def tell() -> None:
        redraw(ctx, withdrawn, who, what)
        told = {referral.owner_slack_id, referral.thankyou_owner_slack_id} - {"", actor.user_id}
        for user_id in sorted(told):
            ctx.notifier.changed_by_other(withdrawn, user_id, who, what)
        if status == "conflict":
            ctx.notifier.conflict_flagged(updated, withdrawn.referred_by, actor.user_id)

    ctx.later(tell)
    return Correction(withdrawn, status, updated)


def undo_capture(ctx: ServiceContext, referral_id: str, actor: Actor) -> Referral:
    """Mark the referral withdrawn, within ten minutes of logging and before anyone acted on it;
    the owner and the thank-you owner are told, so their DMs are not followed up."""
    snapshot = ctx.snapshot(fresh=True)
    referral = correctable(ctx, referral_id, actor, snapshot)
    try:
        cells = withdrawal(referral, ctx.now(), ctx.tz)
    except CannotUndo as exc:
        raise ValidationError({"undo": str(exc)}) from exc
    who = ctx.who(actor, snapshot)
    activity = ctx.activity(
        referral.id, who, "Withdrawn", "undone after logging: logged in error; the row is kept"
    )
    ctx.log.update({referral.id: cells}, [activity])
    withdrawn = referral.with_changes(cells)
    told = {withdrawn.owner_slack_id, withdrawn.thankyou_owner_slack_id} - {"", actor.user_id}
    what = "withdrew it: it was logged in error, nothing to send"

    def tell() -> None:
        # The DMs already sent about it lose their buttons first; then its people are told.
        redraw(ctx, withdrawn, who, what)
        for user_id in sorted(told):
            ctx.notifier.changed_by_other(withdrawn, user_id, who, what)

    ctx.later(tell)
    return withdrawn


def redraw(
    ctx: ServiceContext, referral: Referral, who: str, what: str, skip: str = "", **corrected
) -> None:
    """Every message and App Home showing `referral`, redrawn (a notifier that keeps none of
    them, as in tests of the services alone, has nothing to redraw)."""
    redrawing = getattr(ctx.notifier, "redraw", None)
    if redrawing is not None:
        redrawing(referral, who, what, skip, **corrected)


def correctable(
    ctx: ServiceContext, referral_id: str, actor: Actor, snapshot: Snapshot | None = None
) -> Referral:
    snapshot = snapshot or ctx.snapshot()
    referral = ctx.referral(referral_id, snapshot)
    member = snapshot.member(actor.user_id)
    if referral.logged_by_slack_id != actor.user_id and not (member and member.is_coordinator):
        raise PermissionDeniedError(msg.logger_or_coordinator(referral.id))
    return referral


def _normalised(ctx: ServiceContext, submission: Submission) -> dict[str, str]:
    """The form's values as a capture writes them (emails, phones and amounts normalised)."""
    region, comma = ctx.settings.default_phone_region, ctx.settings.decimal_comma
    fields = {k: submission.get(k) for k in EDITABLE}
    for key in ("lead_email", "referrer_email"):
        fields[key] = normalise_email(fields[key]) or fields[key]
    fields["lead_phone"] = normalise_phone(fields["lead_phone"], region) or fields["lead_phone"]
    amount = parse_amount(fields["est_value"], comma)
    fields["est_value"] = "" if amount is None else amount_text(amount)
    return fields
