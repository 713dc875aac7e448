"""Driver: sends the bot the requests Slack sends when people use it, signed as Slack signs them.

    driver = Driver(slack, bot_url="http://127.0.0.1:PORT/slack/events")
    driver = Driver(slack, transport=SocketModeTransport(slack.socket_mode))   # or Socket Mode
    response = driver.slash_command("U01", "Jane Doe <jane@acme.com>")   # the bot's ack

Every method returns the bot's HTTP response. What Slack would then do with the ack is applied to
the stand-in: a slash command's reply is shown, a view_submission's response_action updates the
modal stack. An answer Slack would refuse raises SlackRejected; asking the driver for something a
person could not do in Slack raises DriverError.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import requests

from sandbox.slack import payloads
from sandbox.slack.api_error import ApiError
from sandbox.slack.signing import signed_headers
from sandbox.slack.standin import SlackStandIn
from sandbox.slack.transport import HttpTransport, SocketModeTransport, Transport
from sandbox.slack.view_state import DriverError, build_state, element_state

__all__ = ["Driver", "DriverError", "SlackRejected", "SocketModeTransport"]


class SlackRejected(Exception):
    """Slack would refuse the bot's answer; the person would see an error instead."""

    def __init__(self, error: ApiError):
        super().__init__(f"{error.error}: {'; '.join(error.messages)}")
        self.error = error.error
        self.messages = error.messages


class Driver:
    def __init__(
        self,
        slack: SlackStandIn,
        bot_url: str = "",
        *,
        transport: Transport | None = None,
        clock: Callable[[], float] = time.time,
        ack_timeout: float = 3.0,
        verification_token: str = "local-verification-token",
    ):
        """Requests go to `bot_url` over HTTP, or over `transport` (e.g. Socket Mode)."""
        self.slack = slack
        self.bot_url = bot_url
        self.clock = clock
        self.ack_timeout = ack_timeout  # Slack gives up on an ack after 3 seconds
        self.verification_token = verification_token
        self.transport = transport or HttpTransport(bot_url, ack_timeout)
        self._last: tuple[bytes, dict[str, str]] | None = None

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> Driver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- signing and sending -----------------------------------------------------------------

    def sign(
        self, body: bytes, timestamp: int | None = None, secret: str | None = None
    ) -> dict[str, str]:
        """X-Slack-Signature and X-Slack-Request-Timestamp; override either to forge or age."""
        when = int(self.clock()) if timestamp is None else timestamp
        return signed_headers(self.slack.signing_secret if secret is None else secret, when, body)

    def send_raw(self, body: bytes, headers: dict[str, str]) -> requests.Response:
        self._last = (body, {k: v for k, v in headers.items() if not k.startswith("X-Slack")})
        return self.transport.send(body, headers)

    def retry_last(self, attempt: int = 1, reason: str = "http_timeout") -> requests.Response:
        """Send the last request again, as Slack does when it thinks the app missed the
        3-second ack: the same body, signed anew, with X-Slack-Retry-Num and -Reason."""
        if self._last is None:
            raise DriverError("nothing has been sent yet")
        body, headers = self._last
        return self.transport.send(body, {**headers, **self.sign(body)}, retry=(attempt, reason))

    def _send_form(self, fields: dict[str, str]) -> requests.Response:
        body = urlencode(fields).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", **self.sign(body)}
        return self.send_raw(body, headers)

    def _send_payload(self, payload: dict[str, Any]) -> requests.Response:
        return self._send_form({"payload": json.dumps(payload)})

    def _send_json(self, document: dict[str, Any]) -> requests.Response:
        body = json.dumps(document).encode()
        return self.send_raw(body, {"Content-Type": "application/json", **self.sign(body)})

    # -- commands and shortcuts --------------------------------------------------------------

    def slash_command(
        self, user_id: str, text: str, command: str = "/refer", channel_id: str = "C0GENERAL"
    ) -> requests.Response:
        fields = payloads.slash_command(
            self.slack.team,
            self._user(user_id),
            self._channel_ref(channel_id),
            command=command,
            text=text,
            response_url=self.slack.mint_response_url(user_id, channel_id),
            trigger_id=self.slack.mint_trigger(user_id),
            verification_token=self.verification_token,
        )
        response = self._send_form(fields)
        reply = _command_reply(response)
        if reply is not None:
            _as_slack(lambda: self.slack.reply_to_command(user_id, channel_id, reply))
        return response

    def open_shortcut(
        self, user_id: str, callback_id: str, message: dict[str, Any], channel_id: str
    ) -> requests.Response:
        """A message shortcut (`message_action`) used on `message`."""
        payload = self._base("message_action", user_id)
        original = {"channel": channel_id, "ts": message["ts"], "is_ephemeral": False}
        payload.update(
            callback_id=callback_id,
            action_ts=self._action_ts(),
            channel=self._channel_ref(channel_id),
            message_ts=message["ts"],
            message=message,
            response_url=self.slack.mint_response_url(user_id, channel_id, original),
        )
        return self._send_payload(payload)

    # -- interactive components --------------------------------------------------------------

    def block_action(
        self,
        user_id: str,
        action_id: str,
        value: Any = None,
        *,
        container_message: dict[str, Any] | None = None,
        view: dict[str, Any] | None = None,
        block_id: str | None = None,
        selected_option: Any = None,
        selected_user: str | None = None,
        selected_date: str | None = None,
    ) -> requests.Response:
        """A click or a choice on an element of a message (or ephemeral) or of a view."""
        if (container_message is None) == (view is None):
            raise DriverError("give exactly one of container_message, view")
        if view is not None:
            part, blocks = self._view_container(user_id, view)
        else:
            part, blocks = self._message_container(user_id, container_message or {})
        found = payloads.find_element(blocks, action_id, block_id)
        if found is None:
            raise DriverError(f"no element with action_id {action_id!r} to act on")
        chosen = next(
            (c for c in (selected_option, selected_user, selected_date, value) if c is not None),
            None,
        )
        payload = self._base("block_actions", user_id)
        payload["actions"] = [self._action(*found, chosen)]
        payload.update(part)
        return self._send_payload(payload)

    def _action(self, block: dict, element: dict, chosen: Any) -> dict[str, Any]:
        action: dict[str, Any] = {"action_id": element["action_id"], "block_id": block["block_id"]}
        if element["type"] == "button":
            own = element.get("value")
            if chosen is not None and chosen != own:
                raise DriverError(f"the button's value is {own!r}, not {chosen!r}")
            action.update(type="button", text=element["text"])
            if own is not None:
                action["value"] = own
        else:
            action.update(element_state(element, chosen))
        action["action_ts"] = self._action_ts()
        return action

    def _view_container(self, user_id: str, view: dict[str, Any]) -> tuple[dict, list[dict]]:
        """Payload fields for an action in a view, and the blocks as they are shown now."""
        live = self._live_view(user_id, view["id"])
        part = {
            "container": {"type": "view", "view_id": live["id"]},
            "view": live,
            "state": live.get("state", {"values": {}}),
        }
        return part, live["blocks"]

    def _message_container(self, user_id: str, message: dict[str, Any]) -> tuple[dict, list[dict]]:
        """Payload fields for an action in a message, and its blocks as they are shown now."""
        located = self.slack.locate_message(message.get("ts", ""))
        if located is None:
            raise DriverError(f"no message or ephemeral with ts {message.get('ts')} is shown")
        channel_id, is_ephemeral, shown = located
        original = {"channel": channel_id, "ts": shown["ts"], "is_ephemeral": is_ephemeral}
        part: dict[str, Any] = {
            "container": {
                "type": "message",
                "message_ts": shown["ts"],
                "channel_id": channel_id,
                "is_ephemeral": is_ephemeral,
            },
            "channel": self._channel_ref(channel_id),
            "state": {"values": {}},
            "response_url": self.slack.mint_response_url(user_id, channel_id, original),
        }
        if not is_ephemeral:  # Slack leaves the message out for ephemeral containers
            part["message"] = shown
        return part, shown.get("blocks", [])

    # -- modals ------------------------------------------------------------------------------

    def submit_view(
        self, user_id: str, view: dict[str, Any], values: dict[str, dict[str, Any]]
    ) -> requests.Response:
        """The person fills the modal's inputs with `values` and presses its submit button."""
        stack = self.slack.views(user_id)
        if not stack or stack[-1]["id"] != view["id"]:
            raise DriverError("only the modal on top of the user's stack can be submitted")
        current = stack[-1]
        if not current.get("submit"):
            raise DriverError("the modal has no submit button")
        state = build_state(current, values)
        self.slack.set_view_state(user_id, current["id"], state)
        payload = self._base("view_submission", user_id)
        payload.update(view={**current, "state": state}, response_urls=[])
        response = self._send_payload(payload)
        if response.status_code == 200:
            answer = _json_object(response)
            _as_slack(lambda: self.slack.apply_submission_answer(user_id, answer))
        return response

    def close_view(self, user_id: str) -> requests.Response | None:
        """The person closes the top modal; the bot hears of it only with notify_on_close."""
        stack = self.slack.views(user_id)
        if not stack:
            raise DriverError("the user has no open modal")
        top = stack[-1]
        self.slack.close_view(user_id)
        if not top.get("notify_on_close"):
            return None
        payload = self._base("view_closed", user_id)
        payload.update(view=top, is_cleared=bool(top.get("clear_on_close")))
        return self._send_payload(payload)

    # -- events ------------------------------------------------------------------------------

    def event(self, event: dict[str, Any]) -> requests.Response:
        envelope = payloads.event_envelope(
            self.slack.team, event, int(self.clock()), self.verification_token
        )
        return self._send_json(envelope)

    def app_home_opened(self, user_id: str) -> requests.Response:
        event: dict[str, Any] = {
            "type": "app_home_opened",
            "user": user_id,
            "channel": self.slack.open_dm(user_id),
            "tab": "home",
            "event_ts": self._action_ts(),
        }
        home = self.slack.home_view(user_id)
        if home is not None:
            event["view"] = home
        return self.event(event)

    def message_im(
        self, user_id: str, text: str, thread_ts: str | None = None
    ) -> requests.Response:
        """The person types `text` in their DM with the bot (`message.im`), in the thread of the
        DM message `thread_ts` when given."""
        channel_id = self.slack.open_dm(user_id)
        parent = self._thread_parent(channel_id, thread_ts) if thread_ts else None
        message = self.slack.post_as_user(
            user_id, channel_id, text, thread_ts=parent["ts"] if parent else None
        )
        event = {
            **message,
            "channel": channel_id,
            "event_ts": message["ts"],
            "channel_type": "im",
            "client_msg_id": str(uuid.uuid4()),
        }
        if parent is not None and parent.get("user"):
            event["parent_user_id"] = parent["user"]
        return self.event(event)

    def _thread_parent(self, channel_id: str, ts: str) -> dict[str, Any]:
        """The message a thread hangs off; replying to a reply replies in its thread, as in Slack."""
        messages = {m["ts"]: m for m in self.slack.messages(channel_id)}
        if ts not in messages:
            raise DriverError(f"no message {ts} in {channel_id} to reply in the thread of")
        return messages.get(messages[ts].get("thread_ts") or ts, messages[ts])

    # -- helpers -----------------------------------------------------------------------------

    def _base(self, kind: str, user_id: str) -> dict[str, Any]:
        return payloads.interaction_base(
            kind,
            self.slack.team,
            self._user(user_id),
            self.slack.mint_trigger(user_id),
            self.verification_token,
        )

    def _user(self, user_id: str) -> dict[str, Any]:
        user = self.slack.user(user_id)
        if user is None:
            raise DriverError(f"no user {user_id} in the stand-in; add_user() first")
        return user

    def _channel_ref(self, channel_id: str) -> dict[str, str]:
        channel = self.slack.channel(channel_id)
        if channel is None:
            return {"id": channel_id, "name": "privategroup"}  # what Slack sends for unseen ones
        if channel["is_im"]:
            return {"id": channel_id, "name": "directmessage"}
        return {"id": channel_id, "name": channel["name"]}

    def _live_view(self, user_id: str, view_id: str) -> dict[str, Any]:
        home = self.slack.home_view(user_id)
        if home is not None and home["id"] == view_id:
            return home
        for view in self.slack.views(user_id):
            if view["id"] == view_id:
                return view
        raise DriverError(f"view {view_id} is not open for {user_id}")

    def _action_ts(self) -> str:
        # Slack's action_ts is unique per action (the bot tells replays by it), even when a test
        # has frozen the clock.
        when = max(self.clock(), getattr(self, "_last_action_ts", 0.0) + 0.000001)
        self._last_action_ts = when
        return f"{when:.6f}"


def _as_slack(apply: Callable[[], None]) -> None:
    try:
        apply()
    except ApiError as error:
        raise SlackRejected(error) from None


def _json_object(response: requests.Response) -> dict[str, Any] | None:
    if not response.content.strip():
        return None
    try:
        answer = response.json()
    except ValueError:
        raise SlackRejected(ApiError("invalid_response", messages=[response.text[:200]])) from None
    return answer if isinstance(answer, dict) else None


def _command_reply(response: requests.Response) -> dict[str, Any] | None:
    """The message a slash command's ack carries, if any (plain text or a JSON message)."""
    if response.status_code != 200 or not response.content.strip():
        return None
    try:
        reply = response.json()
    except ValueError:
        return {"text": response.text}
    return reply if isinstance(reply, dict) else {"text": response.text}
