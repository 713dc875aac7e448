"""A real gspread client for the local stand-in: anonymous credentials (the stand-in checks tokens
only when it is given a service account), and its requests rerouted to the stand-in's address."""

from __future__ import annotations

import gspread
from google.auth.credentials import AnonymousCredentials

from bot.log.reroute import GOOGLE_SHEETS_BASE


def local_client(stand_in, timeout: float | None = None) -> gspread.Client:
    """A gspread client whose requests reach `stand_in` instead of Google."""
    client = gspread.Client(auth=AnonymousCredentials())
    client.http_client.session.mount(GOOGLE_SHEETS_BASE, stand_in.adapter())
    client.http_client.set_timeout(timeout)
    return client
