"""The Referrals rows parsed as the answer arrives give the read that parsing the decoded grid
gives (tags, duplicates, cleared IDs, damage), without the tab's rows ever held as a grid."""

import json

import pytest

from bot.log import ops
from bot.log.grid_stream import stream_grids
from bot.log.reading import parse_grids, tab_grids
from bot.log.referral_rows import ReferralRows
from bot.schema import load_schema

SCHEMA = load_schema()
REFERRALS = SCHEMA.tab("referrals")


def _row(values: dict[str, str]) -> dict:
    return {"values": [{"formattedValue": values.get(c.key, "")} for c in REFERRALS.columns]}


def _tags(*pairs: tuple[int, str]) -> dict:
    found = [{"metadataId": i, "metadataKey": ops.ID_TAG, "metadataValue": v} for i, v in pairs]
    return {"developerMetadata": found}


def _sheet(sheet_id: int, title: str, data: dict) -> dict:
    props = {"sheetId": sheet_id, "title": title, "gridProperties": {"rowCount": 50}}
    return {"properties": props, "data": [data]}


def _answer(referrals_data: dict) -> dict:
    header = {"values": [{"formattedValue": c.header} for c in REFERRALS.columns]}
    other = [
        _sheet(2, SCHEMA.tab(key).title, {"rowData": [header_of(key)]})
        for key in ("team", "activity")
    ]
    referrals_data = {
        "rowData": [header, *referrals_data["rowData"]],
        **{k: v for k, v in referrals_data.items() if k != "rowData"},
    }
    return {"sheets": [_sheet(1, REFERRALS.title, referrals_data), *other]}


def header_of(key: str) -> dict:
    return {"values": [{"formattedValue": c.header} for c in SCHEMA.tab(key).columns]}


ROWS = {
    "rowData": [
        _row({"id": "R-0001", "lead_name": "Ada Lovelace", "stage": "New"}),
        _row({"id": "R-0002", "lead_name": "Grace Hopper", "stage": "New"}),
        {},
        _row({"id": "", "lead_name": "No ID here"}),
        _row({"id": "R-0002", "lead_name": "Grace Hopper again", "stage": "New"}),
        _row({"id": "R-0003", "lead_name": "Typed by hand", "stage": "Nonsense stage"}),
    ],
    "rowMetadata": [
        {},
        _tags((11, "R-0001")),
        {},
        {},
        _tags((14, "R-0009")),
        _tags((15, "R-0002")),
    ],
}


def _read(grids):
    read = parse_grids(grids, SCHEMA, at=1.0)
    return {
        "ids": [r.id for r in read.referrals],
        "names": [r.lead_name for r in read.referrals],
        "rows": read.rows,
        "tagged": read.tagged,
        "untagged": read.untagged,
        "deletes": sorted(json.dumps(d, sort_keys=True) for d in read.tag_deletes),
        "untracked": [(i, r.lead_name) for i, r in read.untracked],
        "problems": sorted(str(p) for p in read.problems),
        "data_end": read.data_end,
        "row_count": read.row_count,
    }


def test_rows_parsed_as_they_arrive_read_as_the_decoded_grid_does():
    answer = _answer(ROWS)
    body = json.dumps(answer).encode()
    chunks = [body[i : i + 97] for i in range(0, len(body), 97)]
    parser = ReferralRows(REFERRALS)
    grids = stream_grids(chunks, {REFERRALS.title.casefold(): parser})
    assert grids[REFERRALS.title.casefold()].rows == []  # never held as a grid
    assert grids[REFERRALS.title.casefold()].streamed is parser
    streamed, decoded = _read(grids), _read(tab_grids(answer))
    assert streamed == decoded
    # The tagged second row is the referral; the untagged first is reported and retagged.
    assert streamed["rows"]["R-0002"] == 5
    assert streamed["names"][1] == "Grace Hopper again"
    assert streamed["untracked"] == [(4, "No ID here")]
    assert "R-0003" in streamed["untagged"] and "R-0001" in streamed["tagged"]
    assert any("14" in d for d in streamed["deletes"])  # the cleared row's tag goes
    assert streamed["data_end"] == 7 and streamed["row_count"] == 50
    assert any("Nonsense stage" in p for p in streamed["problems"])


def test_rows_placed_after_they_arrived_are_refused_not_misplaced():
    data = {"rowData": ROWS["rowData"], "startRow": 3}
    body = json.dumps(_answer(data)).encode()
    with pytest.raises(ValueError, match="unexpectedly"):
        stream_grids([body], {REFERRALS.title.casefold(): ReferralRows(REFERRALS)})
