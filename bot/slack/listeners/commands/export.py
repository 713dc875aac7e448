"""`/refer export`: the log as a CSV file, sent to the coordinator who asked, in the bot's DM
(Slack's external upload flow: files.getUploadURLExternal, the upload, files.completeUploadExternal)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.slack import messages as msg
from bot.slack.context import actor_of

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def export_to_dm(command: dict, client: WebClient, respond: Respond, desk: ReferralDesk) -> None:
    actor = actor_of(command)
    export = desk.export(actor)  # refuses anyone but coordinators and admins
    channel = client.conversations_open(users=actor.user_id)["channel"]["id"]
    client.files_upload_v2(
        channel=channel,
        content=export.content,
        filename=export.filename,
        title=export.filename,
        initial_comment=msg.export_comment(export.count),
    )
    respond(text=msg.export_sent(export.count), response_type="ephemeral")
