"""Tagging a row that a read found, without trusting that it is still where the read saw it.

A hand-typed row (no ID yet) or a row whose ID a person retyped has no tag, and a tag can only be
created at a row index. A sort between the read and the tag would put it on another row, so the
index is never trusted for more than the tag itself:
1. create the tag at the row index of the read (nothing else is written there);
2. confirm it by reading the row it landed on (values:batchGetByDataFilter): it must still be the
   row that was read, every cell the same (its fingerprint);
3. a tag on any other row is deleted by its metadata ID, which follows that row wherever it went.
Cells are written afterwards, by the tag (the caller's values:batchUpdateByDataFilter), so they
reach the confirmed row or none.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass

import gspread
from gspread.exceptions import APIError
from gspread.urls import SPREADSHEETS_API_V4_BASE_URL

from bot.domain.referral import Referral
from bot.log import ops
from bot.log.mapping import HeaderMap
from bot.log.retry import RetryPolicy, api_message

log = logging.getLogger(__name__)

VALUES_GET_BY_FILTER_URL = SPREADSHEETS_API_V4_BASE_URL + "/%s/values:batchGetByDataFilter"


@dataclass(frozen=True)
class Claim:
    """A row to tag: the ID its tag will carry, where the read saw it, and what it was."""

    referral_id: str
    index: int
    row: Referral
    metadata_id: int
    """Chosen by us, so a copy of the tag batch applied late is refused rather than doubled."""


def spare_tag_id() -> int:
    """A metadata ID below the born-tag range (ops.TAG_ID_BASE), for a tag that is not born."""
    return random.randrange(1, ops.TAG_ID_BASE)


def tag_and_confirm(
    spreadsheet: gspread.Spreadsheet,
    retry: RetryPolicy,
    sheet_id: int,
    header: HeaderMap,
    claims: list[Claim],
    deletes: list[dict] | None = None,
) -> set[str]:
    """Tag each claimed row (after `deletes`, requests removing stale tags); returns the IDs
    whose tag is confirmed on the row that was read. The others are untagged again."""
    if not claims and not deletes:
        return set()
    requests = list(deletes or [])
    requests += [ops.create_tag(sheet_id, c.index, c.referral_id, c.metadata_id) for c in claims]
    try:
        retry.call(lambda: spreadsheet.batch_update({"requests": requests}), "tagging rows")
    except APIError as exc:
        # A retried copy whose first copy landed late: its tag IDs exist. Step 2 tells.
        if exc.response.status_code != 400 or not ops.is_tag_conflict(api_message(exc)):
            raise
    if not claims:
        return set()
    found = _tagged_rows(spreadsheet, retry, [c.referral_id for c in claims])
    confirmed = {c.referral_id for c in claims if _is_the_row(header, found, c)}
    wrong = [c for c in claims if c.referral_id not in confirmed]
    if wrong:
        log.warning(
            "%s row(s) moved before they could be tagged; left for the next read", len(wrong)
        )
        undo = [ops.delete_tag(c.metadata_id) for c in wrong]
        retry.call(lambda: spreadsheet.batch_update({"requests": undo}), "untagging rows")
    return confirmed


def _is_the_row(header: HeaderMap, found: dict[str, list[list[str]]], claim: Claim) -> bool:
    rows = found.get(claim.referral_id, [])
    if len(rows) != 1:
        return False
    values = header.row_values([str(c) for c in rows[0]])
    values["id"] = values["id"].strip()
    return Referral.from_row(values) == claim.row


def _tagged_rows(
    spreadsheet: gspread.Spreadsheet, retry: RetryPolicy, referral_ids: list[str]
) -> dict[str, list[list[str]]]:
    """{referral ID: the rows (cell texts) its tag is on}, from one data-filter read."""
    body = {
        "dataFilters": [ops.row_filter(rid) for rid in referral_ids],
        "majorDimension": "ROWS",
        "valueRenderOption": "FORMATTED_VALUE",
    }
    url = VALUES_GET_BY_FILTER_URL % spreadsheet.id
    client = spreadsheet.client
    answer = retry.call(
        lambda: client.request("post", url, json=body).json(), "confirming row tags"
    )
    found: dict[str, list[list[str]]] = {}
    for matched in answer.get("valueRanges", []):
        for data_filter in matched.get("dataFilters", []):
            rid = data_filter.get("developerMetadataLookup", {}).get("metadataValue", "")
            values = matched.get("valueRange", {}).get("values") or [[]]
            found.setdefault(rid, []).extend(values[:1])
    return found
