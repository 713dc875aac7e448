"""Capture: turn a submission into exactly one referral record, or a merge note, or a conflict."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict

from bot.domain import referral as R
from bot.domain import steps as S
from bot.domain.amounts import amount_text
from bot.domain.attribution import attribution_confidence
from bot.domain.cadence import STAGE_LAST
from bot.domain.duplicates import (
    DuplicateCheck,
    DuplicateDecision,
    confirm_possible,
    decide_duplicate,
    find_matches,
)
from bot.domain.intake import parse_amount, parse_refer_text, validate_submission
from bot.domain.normalise import normalise_email, normalise_phone
from bot.domain.referral import Referral
from bot.domain.rewards import RewardPolicy, initial_reward_state
from bot.domain.routing import route
from bot.log.base import Snapshot
from bot.services.context import ServiceContext
from bot.services.schedule import plan_next
from bot.services.types import SUBMISSION_FIELDS, Actor, ReferOutcome, Submission

_REMEMBERED_SUBMISSIONS = 500


class Capture:
    """The /refer use case. One lock makes check-then-append atomic within this process, so two
    people logging the same lead in the same second still produce one record."""

    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx
        self._lock = threading.Lock()
        self._seen: OrderedDict[str, ReferOutcome] = OrderedDict()

    def parse_text(self, text: str) -> Submission | dict[str, str]:
        parsed = parse_refer_text(text, self.ctx.settings.default_phone_region)
        fields = {key: getattr(parsed, key, "") or "" for key in SUBMISSION_FIELDS}
        fields = {k: v for k, v in fields.items() if v}
        if not parsed.certain:
            return {
                **fields,
                "_missing": ",".join(parsed.missing),
                "_unsure": ",".join(parsed.unsure),
            }
        return Submission(fields=fields, channel=R.CHANNEL_SLASH)

    def refer(self, submission: Submission, actor: Actor) -> ReferOutcome:
        settings = self.ctx.settings
        errors = validate_submission(
            submission.fields,
            settings.default_phone_region,
            limits=None,
            decimal_comma=settings.decimal_comma,
        )
        if errors:
            return ReferOutcome("invalid", errors=errors)
        with self._lock:
            key = submission.idempotency_key
            if key and key in self._seen:
                return self._seen[key]
            outcome = self._refer_once(submission, actor)
            if key and outcome.status != "needs_confirmation":
                self._remember(key, outcome)
        self.ctx.later(lambda: self._notify(outcome, submission, actor))
        return outcome

    def _remember(self, key: str, outcome: ReferOutcome) -> None:
        self._seen[key] = outcome
        while len(self._seen) > _REMEMBERED_SUBMISSIONS:
            self._seen.popitem(last=False)

    def _refer_once(self, submission: Submission, actor: Actor) -> ReferOutcome:
        ctx, settings = self.ctx, self.ctx.settings
        snapshot = ctx.snapshot()
        candidate = self._candidate(submission, actor, snapshot)
        check = answered(
            ctx, check_duplicates(ctx, candidate, snapshot), submission, candidate, snapshot
        )
        decision = decide_duplicate(
            check, candidate, ctx.now(), ctx.tz, settings.name_match_threshold
        )
        if decision.action == "confirm":
            return ReferOutcome("needs_confirmation", referral=check.match)
        if decision.action in ("merge", "conflict") and check.match is not None:
            return self._record_on_existing(check.match, decision, candidate.logged_by)
        return self._log_new(
            candidate.with_changes(decision.new_cells), submission, actor, snapshot
        )

    def _record_on_existing(
        self, existing: Referral, decision: DuplicateDecision, who: str
    ) -> ReferOutcome:
        """A repeat of a known lead: a note (same referrer) or a conflict (another referrer)."""
        activity = self.ctx.activity(
            existing.id, who, decision.activity_what, decision.activity_details
        )
        self.ctx.log.update({existing.id: decision.cells}, [activity])
        status = "conflict" if decision.action == "conflict" else "merged"
        return ReferOutcome(status, referral=existing.with_changes(decision.cells))

    def _candidate(self, submission: Submission, actor: Actor, snapshot: Snapshot) -> Referral:
        region = self.ctx.settings.default_phone_region
        fields = {k: submission.get(k) for k in SUBMISSION_FIELDS}
        fields["lead_email"] = normalise_email(fields["lead_email"]) or fields["lead_email"]
        fields["referrer_email"] = (
            normalise_email(fields["referrer_email"]) or fields["referrer_email"]
        )
        fields["lead_phone"] = normalise_phone(fields["lead_phone"], region) or fields["lead_phone"]
        # Written as the sheet reads numbers (5000.5), whatever the firm's way of typing them.
        amount = parse_amount(fields["est_value"], self.ctx.settings.decimal_comma)
        fields["est_value"] = "" if amount is None else amount_text(amount)
        return Referral(
            **fields,
            logged_by=self.ctx.who(actor, snapshot),
            logged_by_slack_id=actor.user_id,
            channel=submission.channel,
            evidence_link=submission.evidence_link,
        )

    def _log_new(
        self, candidate: Referral, submission: Submission, actor: Actor, snapshot: Snapshot
    ) -> ReferOutcome:
        ctx, settings = self.ctx, self.ctx.settings
        now = ctx.now()
        decision = route(
            candidate,
            snapshot.team,
            snapshot.active_counts(),
            submission.owner_id or None,
            settings.high_value_threshold,
            settings.default_max_active,
        )
        owner = decision.owner
        thankyou_id = submission.thankyou_owner_id or actor.user_id
        thankyou = snapshot.member(thankyou_id)
        logged_by_referrer = _is_referrer(candidate, actor, snapshot)
        record = candidate.with_changes(
            {
                "received": ctx.stamp(now),
                "stage": R.NEW,
                "nudge_state": json.dumps({STAGE_LAST: R.NEW}),
                "owner": owner.name if owner else "",
                "owner_slack_id": owner.slack_user_id if owner else "",
                "next_step": (S.FIRST_CONTACT if owner else S.ASSIGN_OWNER).name,
                "touches": "0",
                "thankyou_owner": (thankyou.name if thankyou else "")
                or (ctx.who(actor, snapshot) if thankyou_id == actor.user_id else thankyou_id),
                "thankyou_owner_slack_id": thankyou_id,
                "thankyou_status": R.THANKYOU_DRAFTED,
                "reward_state": initial_reward_state(_policy(settings)),
                "updated_at": ctx.stamp(now),
            }
        )
        record = record.with_changes(
            {
                "attribution_confidence": attribution_confidence(
                    record, logged_by_referrer=logged_by_referrer, has_open_conflict=False
                )
            }
        )
        record = record.with_changes(plan_next(ctx, record, snapshot))
        who = record.logged_by
        activity = [
            ctx.activity("", who, "Logged", f"via {submission.channel}"),
            ctx.activity("", who, "Assigned", decision.reason),
            ctx.activity("", who, "Draft made", "acknowledgment to the referrer"),
        ]
        if record.linked_to:
            activity.append(
                ctx.activity(
                    "", who, "Duplicate merged", f"new record linked to {record.linked_to}"
                )
            )
        stored = ctx.log.append_referral(record, activity)
        return ReferOutcome(
            "logged",
            referral=stored,
            owner=owner,
            to_coordinators=decision.to_coordinators,
            routing_reason=decision.reason,
            linked_to=record.linked_to,
        )

    def _notify(self, outcome: ReferOutcome, submission: Submission, actor: Actor) -> None:
        ctx, referral = self.ctx, outcome.referral
        if referral is None:
            return
        if outcome.status == "conflict":
            ctx.notifier.conflict_flagged(referral, submission.get("referred_by"), actor.user_id)
        if outcome.status != "logged":
            return
        if outcome.owner is not None:
            draft = ctx.draft(S.FIRST_CONTACT.draft, referral, sender=referral.owner)
            ctx.notifier.owner_assigned(referral, referral.owner_slack_id, draft)
        else:
            ctx.notifier.needs_owner(referral, outcome.routing_reason)
        ack = ctx.draft(S.THANK_YOU.draft, referral, sender=referral.thankyou_owner)
        ctx.notifier.thankyou_assigned(referral, referral.thankyou_owner_slack_id, ack)


def check_duplicates(
    ctx: ServiceContext,
    candidate: Referral,
    snapshot: Snapshot,
    confirmed_distinct: tuple[str, ...] = (),
) -> DuplicateCheck:
    """The best earlier record of `candidate`'s lead (its own row, when it has an ID, aside)."""
    settings = ctx.settings
    return find_matches(
        candidate,
        snapshot.same_lead_candidates(candidate, settings.default_phone_region),
        ctx.now(),
        lookback_days=settings.lookback_days,
        name_threshold=settings.name_match_threshold,
        default_region=settings.default_phone_region,
        tz=ctx.tz,
        confirmed_distinct=confirmed_distinct,
    )


def answered(
    ctx: ServiceContext,
    check: DuplicateCheck,
    submission: Submission,
    candidate: Referral,
    snapshot: Snapshot,
) -> DuplicateCheck:
    """A possible duplicate the submitter has answered about. Same person: the referral is
    recorded on that record (a merge note or a conflict, as for any duplicate). Someone else: it
    is a new lead (an older record may still need linking). An answer about another record than
    the one now found is no answer: they are asked again."""
    if check.kind != "possible" or check.match is None:
        return check
    if submission.same_lead_as and submission.same_lead_as == check.match.id:
        return confirm_possible(check)
    if submission.confirmed_new_lead:
        return check_duplicates(ctx, candidate, snapshot, confirmed_distinct=(check.match.id,))
    return check


def _policy(settings) -> RewardPolicy:
    return RewardPolicy(
        settings.reward_policy, settings.reward_gift_cap, settings.reward_second_approver_above
    )


def _is_referrer(candidate: Referral, actor: Actor, snapshot: Snapshot) -> bool:
    """The submitter is the referrer when their Team email or name matches the referrer's."""
    member = snapshot.member(actor.user_id)
    if member is None:
        return False
    same_email = bool(member.email) and normalise_email(member.email) == candidate.referrer_email
    same_name = member.name.casefold().strip() == candidate.referred_by.casefold().strip()
    return same_email or (bool(member.name) and same_name)
