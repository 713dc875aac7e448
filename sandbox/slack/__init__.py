"""A local Slack: the Web API subset the bot uses, and a driver sending what Slack sends."""

from sandbox.slack.api_error import ApiError
from sandbox.slack.driver import Driver, DriverError, SlackRejected
from sandbox.slack.faults import Faults
from sandbox.slack.gateway import RecordedCall
from sandbox.slack.standin import SlackStandIn
from sandbox.slack.transport import HttpTransport, SocketModeTransport
from sandbox.slack.workspace import Team

__all__ = [
    "ApiError",
    "Driver",
    "DriverError",
    "Faults",
    "HttpTransport",
    "RecordedCall",
    "SlackRejected",
    "SlackStandIn",
    "SocketModeTransport",
    "Team",
]
