"""Edit and Undo on the confirmation of a one-line `/refer`: correct what the parser understood in
the same row, or withdraw a referral logged by mistake (never deleted: marked Withdrawn)."""

from __future__ import annotations

from bot.domain.amounts import amount_text
from bot.domain.corrections import CannotUndo, withdrawal
from bot.domain.intake import parse_amount, validate_submission
from bot.domain.normalise import normalise_email, normalise_phone
from bot.domain.referral import Referral
from bot.errors import PermissionDeniedError, ValidationError
from bot.log.base import Snapshot
from bot.services.context import ServiceContext
from bot.services.types import SUBMISSION_FIELDS, Actor, Submission

EDITABLE = SUBMISSION_FIELDS
"""What the form holds; routing, owners and stages are changed by their own actions."""


def edit_capture(
    ctx: ServiceContext, referral_id: str, submission: Submission, actor: Actor
) -> Referral:
    """Write what the form now says into the referral's own row; returns the updated record."""
    snapshot = ctx.snapshot(fresh=True)
    referral = correctable(ctx, referral_id, actor, snapshot)
    if not referral.is_open:
        raise ValidationError(
            {"lead_name": f"{referral.id} is closed; it can no longer be edited."}
        )
    settings = ctx.settings
    errors = validate_submission(
        submission.fields, settings.default_phone_region, decimal_comma=settings.decimal_comma
    )
    if errors:
        raise ValidationError(errors)
    typed = _normalised(ctx, submission)
    cells = {k: v for k, v in typed.items() if v != getattr(referral, k)}
    if not cells:
        return referral
    who = ctx.who(actor, snapshot)
    changed = ", ".join(k.replace("_", " ") for k in cells)
    activity = ctx.activity(referral.id, who, "Edited", f"corrected after logging: {changed}")
    cells["updated_at"] = ctx.stamp()
    ctx.log.update({referral.id: cells}, [activity])
    return referral.with_changes(cells)


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
    for user_id in sorted(told):
        ctx.later(
            lambda user_id=user_id: ctx.notifier.changed_by_other(
                withdrawn, user_id, who, "withdrew it: it was logged in error, nothing to send"
            )
        )
    return withdrawn


def correctable(
    ctx: ServiceContext, referral_id: str, actor: Actor, snapshot: Snapshot | None = None
) -> Referral:
    snapshot = snapshot or ctx.snapshot()
    referral = ctx.referral(referral_id, snapshot)
    member = snapshot.member(actor.user_id)
    if referral.logged_by_slack_id != actor.user_id and not (member and member.is_coordinator):
        raise PermissionDeniedError(
            f"Only the person who logged {referral.id}, or a coordinator, can edit or undo it."
        )
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
