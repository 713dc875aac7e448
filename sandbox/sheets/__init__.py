"""A local stand-in for the Google Sheets API v4: the subset Referral Desk uses, over real HTTP.

    stand_in = SheetsStandIn().start()            # or SheetsStandIn(db_path="sheets.sqlite")
    sid = stand_in.create_spreadsheet("Referral log", ["Referrals", "Activity"])
    client = gspread.Client(auth=AnonymousCredentials())
    client.http_client.session.mount(GOOGLE_SHEETS_BASE, stand_in.adapter())
    book = client.open_by_key(sid)

Requests Google would refuse are refused the same way (400 INVALID_ARGUMENT with Google's
wording); real Sheets features the stand-in does not model are refused too, never ignored.
``stand_in.faults`` injects latency, quota, errors, hangs and outages; ``stand_in.person(sid)``
edits the sheet the way a person in the browser would; ``stand_in.calls`` counts API calls.
"""

from .adapter import GOOGLE_SHEETS_BASE, LoopbackAdapter
from .errors import ApiError
from .faults import Faults
from .person import Person
from .server import RecordedRequest, SheetsStandIn

__all__ = [
    "GOOGLE_SHEETS_BASE",
    "ApiError",
    "Faults",
    "LoopbackAdapter",
    "Person",
    "RecordedRequest",
    "SheetsStandIn",
]
