"""A requests transport adapter that sends Google Sheets API calls to another address.

`GOOGLE_SHEETS_API_URL` (offline tests) and the local stand-in use it: mounted on gspread's session
(``session.mount(GOOGLE_SHEETS_BASE, RerouteAdapter(url))``), requests still go over real HTTP, so
gspread, google-auth and requests behave as they do against Google.
"""

from __future__ import annotations

from typing import Any

from requests import PreparedRequest, Response
from requests.adapters import HTTPAdapter

GOOGLE_SHEETS_BASE = "https://sheets.googleapis.com/"


class RerouteAdapter(HTTPAdapter):
    def __init__(self, base_url: str):
        super().__init__()
        self.base_url = base_url.rstrip("/") + "/"

    def send(self, request: PreparedRequest, **kwargs: Any) -> Response:
        url = request.url or ""
        if not url.startswith(GOOGLE_SHEETS_BASE):
            raise ValueError(f"RerouteAdapter only serves {GOOGLE_SHEETS_BASE}, not {url}")
        local = request.copy()
        local.url = self.base_url + url[len(GOOGLE_SHEETS_BASE) :]
        kwargs["proxies"] = {}  # never route loopback traffic through an environment proxy
        response = super().send(local, **kwargs)
        response.url = url
        return response
