"""Socket Mode as Slack serves it, seen from the app's side of the WebSocket: the URL and its
token, hello, envelopes framed as Slack frames them, acks, disconnect messages, lost connections."""

from __future__ import annotations

import contextlib
import json
import threading
import time

import pytest
from slack_fixtures import ANA, GENERAL, TOKEN, client_for, seeded_standin
from slack_sdk.errors import SlackApiError
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from sandbox.slack import Driver, SocketModeTransport
from sandbox.slack.socket_mode import NotAcknowledged

APP_TOKEN = "xapp-1-A0LOCAL-0000"


@pytest.fixture
def slack():
    standin = seeded_standin()
    standin.add_app_token(APP_TOKEN)
    standin.socket_mode.ack_seconds = 0.5  # the tests that let an ack go missing wait this long
    yield standin
    standin.stop()


def open_url(slack) -> str:
    return client_for(slack, token=APP_TOKEN).apps_connections_open(app_token=APP_TOKEN)["url"]


class App:
    """The app's end of one connection: answers every envelope with `answer(envelope)`."""

    def __init__(self, url: str, answer=lambda envelope: None):
        self._exit = contextlib.ExitStack()
        self.socket = self._exit.enter_context(connect(url, open_timeout=5))
        self.hello = json.loads(self.socket.recv(timeout=5))
        self.seen: list[dict] = []
        self.answer = answer
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            for frame in self.socket:
                message = json.loads(frame)
                self.seen.append(message)
                if "envelope_id" in message:
                    ack = {"envelope_id": message["envelope_id"]}
                    payload = self.answer(message)
                    if payload is not None:
                        ack["payload"] = payload
                    self.socket.send(json.dumps(ack))
        except Exception:
            return

    def close(self) -> None:
        self._exit.close()
        self._thread.join(timeout=5)


def test_connections_open_needs_an_app_level_token(slack):
    with pytest.raises(SlackApiError) as caught:
        client_for(slack).apps_connections_open(app_token=TOKEN)
    assert caught.value.response["error"] == "not_allowed_token_type"
    with pytest.raises(SlackApiError) as caught:
        client_for(slack, token="xapp-1-unknown").apps_connections_open(app_token="xapp-1-unknown")
    assert caught.value.response["error"] == "invalid_auth"
    assert open_url(slack).startswith("ws://127.0.0.1:")


def test_a_connection_starts_with_hello_and_a_url_opens_one_connection_only(slack):
    url = open_url(slack)
    app = App(url)
    try:
        assert app.hello["type"] == "hello" and app.hello["num_connections"] == 1
        assert app.hello["connection_info"] == {"app_id": slack.team.app_id}
        assert set(app.hello["debug_info"]) == {
            "host",
            "build_number",
            "approximate_connection_time",
        }
        with pytest.raises(InvalidStatus) as refused, connect(url, open_timeout=5):
            pass
        assert refused.value.response.status_code == 401
    finally:
        app.close()


def test_a_slash_command_is_an_envelope_whose_ack_payload_is_the_reply(slack):
    app = App(open_url(slack), answer=lambda e: {"text": f"got {e['payload']['text']}"})
    try:
        driver = Driver(slack, transport=SocketModeTransport(slack.socket_mode))
        response = driver.slash_command(ANA, "help", channel_id=GENERAL)
        (envelope,) = [m for m in app.seen if m.get("type") == "slash_commands"]
        assert set(envelope) == {"envelope_id", "payload", "type", "accepts_response_payload"}
        assert envelope["accepts_response_payload"] is True
        assert envelope["payload"]["command"] == "/refer" and envelope["payload"]["user_id"] == ANA
        assert response.json() == {"text": "got help"}
        assert slack.ephemerals(ANA)[-1]["text"] == "got help"  # Slack showed the ack's reply
    finally:
        app.close()


def test_interactions_and_events_are_framed_as_slack_frames_them(slack):
    app = App(open_url(slack))
    try:
        driver = Driver(slack, transport=SocketModeTransport(slack.socket_mode))
        driver.message_im(ANA, "sent")
        driver.app_home_opened(ANA)
        events = [m for m in app.seen if m.get("type") == "events_api"]
        assert [e["payload"]["event"]["type"] for e in events] == ["message", "app_home_opened"]
        assert all(e["retry_attempt"] == 0 and e["retry_reason"] == "" for e in events)
        assert all(e["accepts_response_payload"] is False for e in events)
        assert events[0]["payload"]["type"] == "event_callback"
    finally:
        app.close()


def test_an_envelope_nobody_acknowledges_times_out_as_slack_gives_up(slack):
    app = App(open_url(slack))
    app.socket.send = lambda *a, **k: None  # the app never acks
    try:
        with pytest.raises(NotAcknowledged, match=r"no ack for slash_commands within 0\.5 seconds"):
            slack.socket_mode.deliver("slash_commands", {"text": "x"}, True)
    finally:
        app.close()


def test_with_no_app_connected_nothing_is_acknowledged(slack):
    with pytest.raises(NotAcknowledged, match="no app is connected"):
        slack.socket_mode.deliver("events_api", {"event": {}}, False)


def test_disconnect_warning_and_refresh_ask_the_app_to_reconnect(slack):
    first = App(open_url(slack))
    try:
        slack.socket_mode.warn_disconnect()
        slack.socket_mode.wait_connected()
        second = None

        def reconnect_on_refresh():
            nonlocal second
            second = App(open_url(slack))

        # The app reacts to refresh_requested by opening a new connection; Slack then closes the old.
        reconnecting = threading.Timer(0.1, reconnect_on_refresh)
        reconnecting.start()
        assert slack.socket_mode.refresh(timeout=5)
        reconnecting.join(
            5
        )  # Slack may see the new connection before the app's constructor returns
        kinds = [(m["type"], m.get("reason")) for m in first.seen]
        assert kinds == [("disconnect", "warning"), ("disconnect", "refresh_requested")]
        assert first.seen[0]["debug_info"]["host"]
        assert len(slack.socket_mode.connections()) == 1
        second.close()
    finally:
        first.close()


def wait_for(condition, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


@pytest.mark.parametrize("reason", ["warning", "refresh_requested"])
def test_a_command_caught_in_a_refresh_is_delivered_again_on_the_new_connection(slack, reason):
    """The envelope goes out, then the disconnect, before any ack counts: the ack of the first
    delivery is ignored and the command comes again, marked as a retry, on the new connection."""
    first = App(open_url(slack), answer=lambda e: {"text": "first"})
    second: list[App] = []

    def reconnect_when_asked() -> None:  # as slack_sdk's client does on a disconnect message
        wait_for(lambda: any(m["type"] == "disconnect" for m in first.seen))
        second.append(App(open_url(slack), lambda e: {"text": "new"}))

    reconnecting = threading.Thread(target=reconnect_when_asked, daemon=True)
    reconnecting.start()
    slack.socket_mode.refresh_before_next_ack(reason)
    try:
        ack = slack.socket_mode.deliver("slash_commands", {"text": "x", "trigger_id": "t1"}, True)
        reconnecting.join(5)  # Slack may see the new connection before the app object exists
        assert ack == {"text": "new"}
        assert [m["type"] for m in first.seen] == ["slash_commands", "disconnect"]
        assert first.seen[1]["reason"] == reason
        (again,) = [m for m in second[0].seen if m["type"] == "slash_commands"]
        assert (again["retry_attempt"], again["retry_reason"]) == (1, "timeout")
        assert again["payload"] == first.seen[0]["payload"]
        assert again["envelope_id"] != first.seen[0]["envelope_id"]
        assert len(slack.socket_mode.connections()) == 1
    finally:
        first.close()
        for app in second:
            app.close()


def test_an_event_nobody_reconnects_for_is_given_up_after_the_retry_wait(slack):
    slack.socket_mode.retry_wait_seconds = 0.2  # Slack's own wait is minutes; a setting here
    app = App(open_url(slack))
    slack.socket_mode.lose_next_ack()
    try:
        with pytest.raises(NotAcknowledged, match="no app reconnected to take the retry"):
            slack.socket_mode.deliver("events_api", {"event_id": "Ev2", "event": {}}, False)
    finally:
        app.close()


def test_an_event_whose_ack_is_lost_is_delivered_again_on_the_next_connection(slack):
    first = App(open_url(slack))
    slack.socket_mode.lose_next_ack()
    holder: list[App] = []
    reconnecting = threading.Timer(0.2, lambda: holder.append(App(open_url(slack))))
    reconnecting.start()
    try:
        slack.socket_mode.deliver("events_api", {"event_id": "Ev1", "event": {}}, False)
        reconnecting.join(5)  # the redelivery may be acked before the app's constructor returns
        retried = [m for m in holder[0].seen if m.get("type") == "events_api"]
        assert [
            (m["payload"]["event_id"], m["retry_attempt"], m["retry_reason"]) for m in retried
        ] == [("Ev1", 1, "timeout")]
    finally:
        first.close()
        for app in holder:
            app.close()


def test_a_command_whose_connection_drops_before_the_ack_is_not_retried(slack):
    first = App(open_url(slack))
    slack.socket_mode.lose_next_ack()
    try:
        with pytest.raises(NotAcknowledged, match="closed before slash_commands was acked"):
            slack.socket_mode.deliver("slash_commands", {"text": "x"}, True)
    finally:
        first.close()
