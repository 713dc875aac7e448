"""`/refer digest`: the weekly digest now, for the coordinator who asked: the blocks as a reply
only they see, the chart as a file in the bot's DM with them (an ephemeral reply cannot carry a
file); Slack's external upload flow, as for the weekly post."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.digest_chart import weekly_chart
from bot.slack import messages as msg
from bot.slack.blocks.digest import digest_blocks, digest_text
from bot.slack.context import actor_of

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def show_digest(command: dict, client: WebClient, respond: Respond, desk: ReferralDesk) -> None:
    actor = actor_of(command)
    digest = desk.digest(actor)  # refuses anyone but coordinators and admins
    footer = msg.digest_on_demand_footer()
    respond(
        text=digest_text(digest),
        blocks=digest_blocks(digest, footer=footer),
        response_type="ephemeral",
    )
    channel = client.conversations_open(users=actor.user_id)["channel"]["id"]
    client.files_upload_v2(
        channel=channel,
        content=weekly_chart(digest.weeks, msg.digest_chart_title()),
        filename="referral-digest-now.png",
        title=msg.digest_chart_title(),
        initial_comment=msg.digest_chart_comment(digest.week.label),
    )
