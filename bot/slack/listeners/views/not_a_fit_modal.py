"""The reason for closing a referral as Not a fit, then the DM it came from updated in place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.domain.referral import NOT_A_FIT
from bot.errors import PermissionDeniedError, ReferralNotFoundError, ValidationError
from bot.slack import answers
from bot.slack.blocks.common import title
from bot.slack.blocks.owner_dm import owner_dm
from bot.slack.context import FirmTime, actor_of
from bot.slack.forms import CloseMetadata, close_reason
from bot.slack.ids import NOT_A_FIT_REASON
from bot.slack.morning import redraw_mornings
from bot.slack.post import fetch_message
from bot.slack.updates import publish_home, update_message

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def not_a_fit_modal_callback(
    ack: Ack, body: dict, view: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
) -> None:
    meta = CloseMetadata.load(view.get("private_metadata", ""))
    actor = actor_of(body)
    try:
        answered = answers.close(desk, actor, meta.referral_id, NOT_A_FIT, close_reason(view))
    except ValidationError as exc:
        ack(response_action="errors", errors={NOT_A_FIT_REASON: " ".join(exc.errors.values())})
        return
    except (PermissionDeniedError, ReferralNotFoundError) as exc:
        # The form is still open in front of them: say it there.
        ack(response_action="errors", errors={NOT_A_FIT_REASON: str(exc)})
        return
    ack()
    redraw_where_closed(client, desk, clock, actor.user_id, meta, answered)


def redraw_where_closed(
    client: WebClient,
    desk: ReferralDesk,
    clock: FirmTime,
    user_id: str,
    meta: CloseMetadata,
    answered,
) -> None:
    """Redraw the surface the close form was opened from: the owner's DM, or their App Home."""
    if not meta.channel:
        publish_home(client, desk, clock, user_id)
        redraw_mornings(client, desk, clock, answered.referral.id)
        return
    # Read the DM back so its drafts survive the redraw; without it, draw the referral afresh.
    message = fetch_message(client, meta.channel, meta.ts) or {
        "ts": meta.ts,
        "blocks": owner_dm(answered.referral, title(answered.referral)),
    }
    update_message(client, desk, clock, message, meta.channel, answered)
