"""A referral changed: every other place Slack shows it is redrawn in place, from the record kept
in bot/slack/shown.py, so no button anywhere acts on stale state (DESIGN.md "Who may act").

- A DM about it: redrawn for the new state with a line saying what happened; its follow-up
  buttons stay only in the DM of the lead's current owner while the referral is open.
- Its conflict cards: the newest stays live (redrawn with every claim as it stands); older ones
  lose their buttons and point to it; once decided, every card shows the decision.
- An App Home that lists it: published again.

Work done after the ack; a message that is gone is forgotten, any other Slack refusal is logged."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.domain import steps as S
from bot.domain.duplicates import open_conflict
from bot.domain.referral import Referral
from bot.drafts import Draft
from bot.slack.app_home import publish_home
from bot.slack.blocks.common import title
from bot.slack.blocks.owner_dm import refresh, with_details
from bot.slack.blocks.review import conflict_decided, conflict_review, conflict_superseded
from bot.slack.context import FirmTime
from bot.slack.post import fetch_message
from bot.slack.shown import CARD, DM, HOME, Place, Shown

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Corrected:
    """The referral as it was before an Edit, and its drafts drawn for the corrected details."""

    before: Referral
    drafts: Callable[[str], Draft | None]


GONE = ("message_not_found", "channel_not_found", "cant_update_message")


def redraw_cards(
    client: WebClient, shown: Shown, referral: Referral, note: str, skip: str = ""
) -> None:
    """Every conflict card of `referral` but the one at `skip` ("channel:ts")."""
    cards = shown.places(referral.id, CARD)
    newest = cards[-1] if cards else None
    for place in cards:
        if f"{place.channel}:{place.ts}" == skip:
            continue
        message = _message(client, shown, place)
        if message is None:
            continue
        if not open_conflict(referral):
            blocks = conflict_decided(message.get("blocks") or [], referral, note)
        elif place == newest:
            blocks = conflict_review(referral)
        else:
            blocks = conflict_superseded(message.get("blocks") or [], referral)
        _update(client, shown, place, message, blocks)


def redraw_elsewhere(
    client: WebClient,
    desk: ReferralDesk | None,
    clock: FirmTime,
    shown: Shown,
    referral: Referral,
    note: str,
    *,
    skip: str = "",
    skip_home: str = "",
    sent_draft: str = "",
    corrected: Corrected | None = None,
) -> None:
    """Every DM and App Home showing `referral`, but the message at `skip` ("channel:ts",
    already redrawn where it was answered) and the App Home of `skip_home` (just published).
    Conflict cards change only with a claim or a decision, which redraw them (redraw_cards).
    Without a desk (a notifier not yet told it) App Homes wait for their next opening.
    `corrected`: the details were corrected (Edit), so each DM shows them, drafts included."""
    for place in shown.places(referral.id):
        if place.kind == HOME and desk is not None and place.user_id != skip_home:
            _safely(lambda p=place: publish_home(client, desk, clock, p.user_id))
        elif place.kind == DM and f"{place.channel}:{place.ts}" != skip:
            _redraw_dm(client, desk, clock, shown, place, referral, note, sent_draft, corrected)


def _redraw_dm(
    client: WebClient,
    desk: ReferralDesk | None,
    clock: FirmTime,
    shown: Shown,
    place: Place,
    referral: Referral,
    note: str,
    sent_draft: str,
    corrected: Corrected | None = None,
) -> None:
    message = _message(client, shown, place)
    if message is None:
        return
    old = message.get("blocks") or []
    if corrected is not None:
        old = with_details(old, corrected.before, referral, _theirs(corrected, referral, place))
        # The notification text names the lead too ("New referral for you: R-0012 Jane Doe").
        said = (message.get("text") or "").replace(title(corrected.before), title(referral))
        message = {**message, "text": said}
    blocks = refresh(
        old,
        referral,
        note,
        tz=clock.tz,
        row_link=desk.row_link(referral) if desk is not None else "",
        sent_draft=sent_draft,
        keep_actions=place.user_id == referral.owner_slack_id,
        now=clock.now(),
    )
    _update(client, shown, place, message, blocks)


def _theirs(corrected: Corrected, referral: Referral, place: Place):
    """The drafts drawn again in this DM: only those its reader still owes (the old owner's DM
    keeps the draft it had, not one signed by the new owner)."""

    def draft(name: str) -> Draft | None:
        track = S.track_of_draft(name)
        if track is None or S.owner_id_of(referral, track) != place.user_id:
            return None
        return corrected.drafts(name)

    return draft


def _message(client: WebClient, shown: Shown, place: Place) -> dict | None:
    message = fetch_message(client, place.channel, place.ts)
    if message is None:
        shown.forget(place)
    return message


def _update(client: WebClient, shown: Shown, place: Place, message: dict, blocks: list) -> None:
    try:
        client.chat_update(
            channel=place.channel, ts=place.ts, text=message.get("text") or "", blocks=blocks
        )
    except SlackApiError as exc:
        error = exc.response.get("error")
        if error in GONE:
            shown.forget(place)
        log.warning("Could not redraw a message about %s: %s", place.referral_id, error)


def _safely(work) -> None:
    try:
        work()
    except SlackApiError as exc:
        log.warning("Could not publish an App Home again: %s", exc.response.get("error"))
