"""`/refer`: no text opens the form; `help`, `list`, `find <text>`, `stats [period]`, `digest`,
`export`, `forget R-…`, `claim R-0012` (the claim form); anything else is a referral typed in one
line, logged at once when complete, else opened in the form prefilled."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.domain.referral import CHANNEL_MODAL, CHANNEL_SLASH
from bot.services.types import Submission
from bot.slack import messages as msg
from bot.slack.blocks.confirmation import (
    captured_blocks,
    help_blocks,
    outcome_text,
    referral_list,
)
from bot.slack.blocks.modal import refer_modal
from bot.slack.blocks.stats import stats_blocks, stats_text
from bot.slack.context import FirmTime, actor_of
from bot.slack.forms import (
    ModalMetadata,
    prefill_from_parse,
    prefill_from_submission,
    unslack,
    unsure_from_parse,
)
from bot.slack.listeners.commands.claim import open_claim_form
from bot.slack.listeners.commands.digest import show_digest
from bot.slack.listeners.commands.export import export_to_dm
from bot.slack.listeners.commands.forget import ask_to_forget

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def refer_callback(
    ack: Ack,
    command: dict,
    client: WebClient,
    respond: Respond,
    desk: ReferralDesk,
    clock: FirmTime,
) -> None:
    text = unslack(command.get("text", "")).strip()
    verb, _, rest = text.partition(" ")
    verb = verb.casefold()
    if not text:
        ack()  # the trigger lives 3 seconds: open the form before anything else
        metadata = ModalMetadata(channel=command.get("channel_id", ""), source=CHANNEL_MODAL)
        client.views_open(trigger_id=command["trigger_id"], view=refer_modal(metadata=metadata))
    elif verb == "help" and not rest:
        ack(text=msg.help_text(), blocks=help_blocks())
    elif verb == "stats":
        ack()  # the figures read the Activity tab: answer through response_url
        _stats(rest.strip(), respond, desk, clock)
    elif verb == "list" and not rest:
        ack()
        _list_mine(command, respond, desk, clock)
    elif verb == "claim":
        ack()  # the trigger lives 3 seconds: the form opens right after
        open_claim_form(rest.strip(), command, client, respond, desk)
    elif verb == "find":
        ack()
        _find(rest.strip(), respond, desk, clock)
    elif verb == "digest" and not rest:
        ack()  # the digest reads the Activity tab: answer through response_url
        show_digest(command, client, respond, desk)
    elif verb == "export" and not rest:
        ack()
        export_to_dm(command, client, respond, desk)
    elif verb == "forget":
        ack()
        ask_to_forget(rest, command, respond, desk)
    else:
        ack()
        _refer_text(text, command, client, respond, desk)


def _list_mine(command: dict, respond: Respond, desk: ReferralDesk, clock: FirmTime) -> None:
    mine = desk.my_open(actor_of(command))
    if not mine:
        respond(text=msg.nothing_open(), response_type="ephemeral")
        return
    heading = msg.my_open_header(len(mine))
    blocks = referral_list(heading, mine, clock.tz, clock.now())
    respond(text=heading, blocks=blocks, response_type="ephemeral")


def _stats(period_text: str, respond: Respond, desk: ReferralDesk, clock: FirmTime) -> None:
    figures = desk.stats(period_text)
    if figures is None:
        respond(text=msg.stats_unknown_period(period_text), response_type="ephemeral")
        return
    respond(
        text=stats_text(figures, clock.tz),
        blocks=stats_blocks(figures, clock.tz),
        response_type="ephemeral",
    )


def _find(query: str, respond: Respond, desk: ReferralDesk, clock: FirmTime) -> None:
    if not query:
        respond(text=msg.find_needs_text(), response_type="ephemeral")
        return
    found = desk.find(query)
    if not found:
        respond(text=msg.nothing_found(query), response_type="ephemeral")
        return
    heading = msg.found_header(len(found), query)
    respond(
        text=heading,
        blocks=referral_list(heading, found, clock.tz, clock.now()),
        response_type="ephemeral",
    )


def _refer_text(
    text: str, command: dict, client: WebClient, respond: Respond, desk: ReferralDesk
) -> None:
    parsed = desk.parse_refer_text(text)
    metadata = ModalMetadata(channel=command.get("channel_id", ""), source=CHANNEL_SLASH)
    if not isinstance(parsed, Submission):
        prefill, missing = prefill_from_parse(parsed)
        view = refer_modal(prefill, metadata, missing=missing, unsure=unsure_from_parse(parsed))
        client.views_open(trigger_id=command["trigger_id"], view=view)
        return
    # The trigger ID is unique per command, so a retried command logs nothing new.
    submission = replace(parsed, idempotency_key=command["trigger_id"])
    outcome = desk.refer(submission, actor_of(command))
    if outcome.status in ("invalid", "needs_confirmation"):
        view = refer_modal(
            prefill_from_submission(submission),
            metadata,
            problems=outcome.errors,
            duplicate=outcome.referral if outcome.status == "needs_confirmation" else None,
        )
        client.views_open(trigger_id=command["trigger_id"], view=view)
        return
    link = desk.row_link(outcome.referral)
    respond(
        text=outcome_text(outcome), blocks=captured_blocks(outcome, link), response_type="ephemeral"
    )
