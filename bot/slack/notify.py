"""SlackNotifier: the messages services send on their own (the Notifier in bot/services/types.py).

DMs carry message metadata naming the referral, so a typed reply in their thread finds it. Each
method returns where the message went as "channel:ts" (to update it in place later), or "" when
Slack refused it: the failure is logged and the caller decides whether to try again (the sweep
does, on its next run). The referral is already in the log by then, so a refused DM never undoes it."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.digest_chart import weekly_chart
from bot.domain import steps as S
from bot.domain.digest import Digest
from bot.domain.referral import Referral
from bot.domain.rewards import RewardPolicy
from bot.drafts import Draft
from bot.log.health import SheetNotice
from bot.services.types import Escalation, MorningList
from bot.slack import messages as msg
from bot.slack.blocks import morning as morning_blocks
from bot.slack.blocks import review
from bot.slack.blocks.common import Block, esc, referral_due, section, title
from bot.slack.blocks.digest import chart_filename, digest_blocks, digest_text
from bot.slack.blocks.owner_dm import draft_dm, owner_dm
from bot.slack.context import FirmTime
from bot.slack.morning import redraw_mornings
from bot.slack.post import dm, fetch_message, morning_metadata, referral_metadata
from bot.slack.redraw import Corrected, redraw_cards, redraw_elsewhere
from bot.slack.shown import CARD, DM, Shown

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk

log = logging.getLogger(__name__)

CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")
DIGEST_EVENT = "referral_desk_digest"


class SlackNotifier:
    def __init__(
        self,
        client: WebClient,
        settings: Settings,
        row_link: Callable[[Referral], str] | None = None,
        clock: Callable[[], datetime] | None = None,
        shown: Shown | None = None,
    ):
        self.client = client
        self.clock = clock
        """The bot's clock (the local workspace moves it): what counts as overdue in a list."""
        self.settings = settings
        self.shown = shown or Shown()
        """Where each referral is shown, so a change elsewhere redraws it (bot/slack/redraw.py)."""
        self.row_link = row_link
        """Where a referral's "open the row" link points (bot/services/links.py `RowLinks`)."""
        self.desk: ReferralDesk | None = None
        """Set after the desk exists (it needs the notifier first): App Homes and morning lists are drawn
        from it when a referral changes outside a Slack answer (`redraw`)."""
        self._channel_ids: dict[str, str] = {}
        """Channel names in the settings -> their IDs, looked up once."""
        self._time_zones: dict[str, str] = {}

    # --- to owners and thank-you owners ---------------------------------------------------------

    def owner_assigned(self, referral: Referral, owner_id: str, draft: Draft) -> str:
        """The new referral with its drafted first contact and the follow-up buttons."""
        intro = msg.new_for_you(title(referral))
        blocks = owner_dm(referral, intro, draft=draft, row_link=self._link(referral), tz=self._tz)
        return self._dm(owner_id, referral, intro, blocks)

    def owner_changed(self, referral: Referral, user_id: str, previous_owner: str = "") -> str:
        """Tell the new owner, e.g. after someone changed the Owner cell in the sheet."""
        intro = msg.now_yours(title(referral), previous_owner)
        blocks = owner_dm(referral, intro, row_link=self._link(referral), tz=self._tz)
        return self._dm(user_id, referral, intro, blocks)

    def thankyou_assigned(self, referral: Referral, user_id: str, draft: Draft) -> str:
        """The drafted acknowledgment to the referrer, with Mark sent."""
        intro = msg.thank_referrer(esc(referral.referred_by), title(referral))
        return self._dm(
            user_id, referral, intro, draft_dm(referral, intro, draft, self._link(referral))
        )

    def draft_ready(self, referral: Referral, user_id: str, draft: Draft) -> str:
        """A draft to send (status update, close-the-loop, decline), with Mark sent."""
        intro = msg.draft_ready_intro(msg.draft_label(draft.name), title(referral))
        return self._dm(
            user_id, referral, intro, draft_dm(referral, intro, draft, self._link(referral))
        )

    def nudge(
        self, referral: Referral, step: str, user_id: str, draft: Draft | None, escalate: bool
    ) -> str:
        """A reminder that `step` is due, with its draft and the follow-up buttons; `escalate` says
        coordinators were told as well."""
        declared = S.step(step)
        referrer_step = declared.track != S.LEAD
        # Next follow-up due is the lead's clock; the referrer's steps run on their own.
        due = "" if referrer_step else referral_due(referral, self._tz)
        intro = msg.reminder(esc(declared.says(referral)), title(referral), due, escalate)
        if referrer_step and draft is not None:
            # The referrer's steps belong to the thank-you owner: their draft and Mark sent,
            # not the owner's follow-up buttons.
            blocks = draft_dm(referral, intro, draft, self._link(referral))
        else:
            blocks = owner_dm(
                referral, intro, draft=draft, row_link=self._link(referral), tz=self._tz
            )
        return self._dm(user_id, referral, intro, blocks, step=step)

    def nudge_sent(self, referral: Referral, step: str, user_id: str, since: str) -> bool:
        """Whether the DM with `user_id` holds a nudge for `step` of `referral` posted at or after
        `since` (an ISO time): a sweep killed after sending it must not send it twice."""
        try:
            channel = self.client.conversations_open(users=user_id)["channel"]["id"]
            oldest = datetime.fromisoformat(since).timestamp() - 1
            found = self.client.conversations_history(
                channel=channel, oldest=f"{oldest:.6f}", limit=200, include_all_metadata=True
            )
        except (SlackApiError, ValueError) as exc:
            log.warning("Could not read the DM to check for a nudge already sent: %s", exc)
            return False
        wanted = {"id": referral.id, "step": step}
        return any(
            ((m.get("metadata") or {}).get("event_payload") or {}) == wanted
            for m in found.get("messages") or []
        )

    # --- the morning messages -------------------------------------------------------------------

    def reminder_list(self, user_id: str, morning: MorningList) -> str:
        """The person's one reminder DM of the morning."""
        now = datetime.now(UTC) if self.clock is None else self.clock()
        blocks = morning_blocks.reminder_list(morning, now)
        text = morning_blocks.fallback_text(blocks, morning)
        return self._post_dm(
            user_id, text, blocks, morning_metadata(morning_blocks.LIST, morning.day)
        )

    def reminder_list_sent(self, user_id: str, day: date, since: str) -> str:
        try:
            channel = self.client.conversations_open(users=user_id)["channel"]["id"]
        except SlackApiError as exc:
            log.warning("Could not open the DM to look for a list already sent: %s", exc)
            return ""
        return self._find_morning(channel, morning_blocks.LIST, day, since)

    def morning_review(self, morning: MorningList, coordinators: list[str]) -> str:
        """The coordinators' one review post of the morning."""
        policy = RewardPolicy.from_settings(self.settings)
        blocks = morning_blocks.morning_review(morning, policy, coordinators)
        metadata = morning_metadata(morning_blocks.REVIEW, morning.day)
        return self._review(blocks[0]["text"]["text"], blocks, metadata)

    def morning_review_sent(self, day: date, since: str) -> str:
        return self._find_morning(self._review_channel_id(), morning_blocks.REVIEW, day, since)

    def retire_list(self, where: str) -> bool:
        """Yesterday's message loses its buttons: today's replaces it."""
        channel, _, ts = where.partition(":")
        message = fetch_message(self.client, channel, ts)
        if message is None:
            return True  # gone (deleted, erased): nothing left to press
        kind, _ = morning_blocks.morning_kind(message.get("blocks") or [])
        blocks = morning_blocks.retired(
            message.get("blocks") or [], "review" if kind == morning_blocks.REVIEW else "list"
        )
        try:
            self.client.chat_update(
                channel=channel, ts=ts, text=message.get("text") or "", blocks=blocks
            )
        except SlackApiError as exc:
            log.warning(
                "Could not retire an earlier morning message: %s", exc.response.get("error")
            )
            return False
        return True

    def _find_morning(self, channel: str, kind: str, day: date, since: str) -> str:
        """Where the morning message of `kind` and `day` is in `channel`, posted since `since`."""
        try:
            oldest = datetime.fromisoformat(since).timestamp() - 1
            found = self.client.conversations_history(
                channel=channel, oldest=f"{oldest:.6f}", limit=200, include_all_metadata=True
            )
        except (SlackApiError, ValueError) as exc:
            log.warning("Could not read the history to look for a morning message: %s", exc)
            return ""
        wanted = morning_metadata(kind, day)
        for message in found.get("messages") or []:
            if message.get("metadata") == wanted:
                return f"{channel}:{message['ts']}"
        return ""

    # --- to the coordinators' review channel ----------------------------------------------------

    def needs_owner(self, referral: Referral, reason: str) -> str:
        blocks = review.needs_owner(referral, reason, self._tz, self._link(referral))
        return self._review(msg.needs_owner(title(referral), esc(reason)), blocks)

    def conflict_flagged(self, existing: Referral, second_referrer: str, submitter_id: str) -> str:
        """The conflict card: every claim on `existing` (its Conflict cell already holds the new
        one, `second_referrer`'s), each with its own button."""
        blocks = review.conflict_review(existing, submitter_id)
        where = self._review(blocks[0]["text"]["text"], blocks)
        self.shown.add(existing.id, CARD, where)
        if where:  # the older cards of this referral now point to this one
            redraw_cards(self.client, self.shown, existing, "", skip=where)
        return where

    def escalate(self, referral: Referral, escalation: Escalation, coordinators: list[str]) -> str:
        """A step a working day overdue: names who owes that step and its own due time, with
        buttons that fit it (remind, reassign that step, snooze it, mark it done)."""
        blocks = review.escalation(
            referral, escalation, coordinators, self._tz, self._link(referral)
        )
        return self._review(blocks[0]["text"]["text"], blocks)

    def sheet_notice(self, notice: SheetNotice) -> str:
        """The sheet unreachable, back, or damaged by hand: one post each (bot/log/health.py
        decides when), so coordinators hear it once, not with every capture."""
        text = msg.sheet_notice(notice.kind, notice.waiting, [esc(p) for p in notice.problems])
        return self._review(text, [section(text, f"sheet|{notice.kind}")])

    def changed_by_other(self, referral: Referral, user_id: str, who: str, what: str) -> str:
        """Tell the owner of a track that someone else changed it."""
        text = msg.changed_by_other(title(referral), esc(who), esc(what))
        blocks = [section(text, f"note|{referral.id}|changed")]
        return self._dm(user_id, referral, text, blocks)

    def redraw(
        self,
        referral: Referral,
        who: str,
        what: str,
        skip: str = "",
        before: Referral | None = None,
        drafts: Callable[[str], Draft | None] | None = None,
    ) -> None:
        """Every DM, morning list and App Home showing `referral`, redrawn for its new state;
        with `before` and `drafts` (an Edit), each DM shows the corrected details and drafts."""
        clock = FirmTime(self._tz, self.clock)
        note = msg.changed_elsewhere(esc(who), esc(what))
        corrected = Corrected(before, drafts) if before is not None and drafts else None
        if self.desk is not None:
            redraw_mornings(self.client, self.desk, clock, referral.id)
        redraw_elsewhere(
            self.client,
            self.desk,
            clock,
            self.shown,
            referral,
            note,
            skip=skip,
            corrected=corrected,
        )

    def forget(
        self, referral_id: str, scrub: Callable[[str], str], user_ids: list[str]
    ) -> tuple[int, int]:
        """Erase the lead from the bot's DMs with `user_ids` and the review channel."""
        from bot.slack.erase import erase_from_slack

        channels = [self._review_channel_id()] if self.settings.review_channel else []
        return erase_from_slack(self.client, referral_id, scrub, user_ids, channels)

    # --- to the digest channel ------------------------------------------------------------------

    def post_digest(self, digest: Digest, slot: str) -> str:
        """The weekly digest, tagged with its slot so a restart can find it in the channel."""
        try:
            posted = self.client.chat_postMessage(
                channel=self._channel_id(self.settings.digest_channel),
                text=digest_text(digest),
                blocks=digest_blocks(digest),
                metadata={"event_type": DIGEST_EVENT, "event_payload": {"slot": slot}},
                unfurl_links=False,
            )
        except SlackApiError as exc:
            log.error("Digest post failed: %s", exc.response.get("error"))
            return ""
        return f"{posted['channel']}:{posted['ts']}"

    def share_chart(self, digest: Digest, slot: str) -> str:
        """The digest's chart into the digest channel (Slack's external upload: an upload URL,
        the bytes, then completing it with the channel); the file's ID, or ""."""
        weeks = digest.weeks
        total = sum(w.won + w.not_a_fit + w.no_response + w.open for w in weeks)
        try:
            shared = self.client.files_upload_v2(
                channel=self._channel_id(self.settings.digest_channel),
                content=weekly_chart(weeks, msg.digest_chart_title()),
                filename=chart_filename(slot),
                title=msg.digest_chart_title(),
                alt_txt=msg.digest_chart_alt(len(weeks), total),
                initial_comment=msg.digest_chart_comment(digest.week.label),
            )
        except SlackApiError as exc:
            log.error("Digest chart upload failed: %s", exc.response.get("error"))
            return ""
        return shared["file"]["id"]

    def digest_found(self, slot: str, since: datetime) -> tuple[str, str]:
        """(where the digest message for `slot` is, the file ID of a chart named after it) in
        the digest channel since `since`; "" for what is not there (a run that died part-way)."""
        channel = self._channel_id(self.settings.digest_channel)
        try:
            found = self.client.conversations_history(
                channel=channel,
                oldest=f"{since.timestamp() - 1:.6f}",
                limit=200,
                include_all_metadata=True,
            )
        except SlackApiError as exc:
            log.warning("Could not read the digest channel: %s", exc.response.get("error"))
            return "", ""
        message = chart = ""
        for m in found.get("messages") or []:
            meta = m.get("metadata") or {}
            if meta.get("event_type") == DIGEST_EVENT and meta.get("event_payload") == {
                "slot": slot
            }:
                message = f"{channel}:{m['ts']}"
            for file in m.get("files") or []:
                if file.get("name") == chart_filename(slot):
                    chart = file.get("id", "")
        return message, chart

    # --- about people ---------------------------------------------------------------------------

    def user_tz(self, user_id: str) -> str:
        """The time zone in the person's Slack profile, or "" when unknown."""
        if not user_id:
            return ""
        if user_id not in self._time_zones:
            try:
                user = self.client.users_info(user=user_id)["user"]
                self._time_zones[user_id] = user.get("tz") or ""
            except SlackApiError as exc:
                log.warning("users.info failed for %s: %s", user_id, exc.response.get("error"))
                return ""
        return self._time_zones[user_id]

    # --- plumbing -------------------------------------------------------------------------------

    @property
    def _tz(self) -> str:
        return self.settings.firm_timezone

    def _link(self, referral: Referral) -> str:
        return self.row_link(referral) if self.row_link else ""

    def _dm(
        self, user_id: str, referral: Referral, text: str, blocks: list[Block], step: str = ""
    ) -> str:
        where = self._post_dm(user_id, text, blocks, referral_metadata(referral.id, step))
        self.shown.add(referral.id, DM, where, user_id)
        return where

    def _post_dm(self, user_id: str, text: str, blocks: list[Block], metadata: dict) -> str:
        if not user_id:
            return ""
        try:
            channel, ts = dm(self.client, user_id, text, blocks, metadata)
        except SlackApiError as exc:
            about = (metadata.get("event_payload") or {}).get("id") or "a morning list"
            log.error("DM about %s to %s failed: %s", about, user_id, exc.response.get("error"))
            return ""
        return f"{channel}:{ts}"

    def _review(self, text: str, blocks: list[Block], metadata: dict | None = None) -> str:
        try:
            channel = self._review_channel_id()
            extra = {"metadata": metadata} if metadata else {}
            posted = self.client.chat_postMessage(
                channel=channel, text=text, blocks=blocks, unfurl_links=False, **extra
            )
        except SlackApiError as exc:
            log.error("Review channel post failed: %s", exc.response.get("error"))
            return ""
        return f"{posted['channel']}:{posted['ts']}"

    def _review_channel_id(self) -> str:
        """REVIEW_CHANNEL may be a name; Slack wants the ID, looked up once."""
        return self._channel_id(self.settings.review_channel)

    def _channel_id(self, setting: str) -> str:
        name = setting.strip().lstrip("#")
        if name not in self._channel_ids:
            found = name if CHANNEL_ID.match(name) else self._find_channel(name)
            if not found:
                # Let Slack answer for the name itself; its error (channel_not_found) is logged.
                return name
            self._channel_ids[name] = found
        return self._channel_ids[name]

    def _find_channel(self, name: str) -> str:
        cursor = None
        while True:
            page = self.client.conversations_list(
                types="public_channel,private_channel",
                exclude_archived=True,
                limit=200,
                cursor=cursor,
            )
            for channel in page.get("channels") or []:
                if channel.get("name") == name:
                    return channel["id"]
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return ""
