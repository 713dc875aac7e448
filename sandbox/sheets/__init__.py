"""A local stand-in for the Google Sheets API v4: the subset Referral Desk uses, over real HTTP.

    stand_in = SheetsStandIn().start()            # or SheetsStandIn(db_path="sheets.sqlite")
    sid = stand_in.create_spreadsheet("Referral log", ["Referrals", "Activity"])
    book = local_client(stand_in).open_by_key(sid)   # gspread, rerouted to the stand-in

Requests Google would refuse are refused the same way (400 INVALID_ARGUMENT with Google's
wording); real Sheets features the stand-in does not model are refused too, never ignored.
``stand_in.faults`` injects latency, quota, errors, hangs and outages; ``stand_in.person(sid)``
edits the sheet the way a person in the browser would; ``stand_in.calls`` counts API calls.
"""

from bot.log.reroute import GOOGLE_SHEETS_BASE

from .errors import ApiError
from .faults import Faults
from .loopback import local_client
from .person import Person
from .server import RecordedRequest, SheetsStandIn

__all__ = [
    "GOOGLE_SHEETS_BASE",
    "ApiError",
    "Faults",
    "Person",
    "RecordedRequest",
    "SheetsStandIn",
    "local_client",
]
