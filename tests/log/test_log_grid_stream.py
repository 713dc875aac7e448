"""The streamed decoding of a grid read gives what decoding the whole answer gives, however the
answer is cut into chunks and however it is laid out."""

import json

import pytest
import requests

from bot.log import ops
from bot.log.grid_stream import stream_grids
from bot.log.reading import compact_cell, tab_grids


def _tag(metadata_id: int, value: str) -> dict:
    return {"metadataId": metadata_id, "metadataKey": ops.ID_TAG, "metadataValue": value}


ANSWER = {
    "spreadsheetId": "abc",
    "sheets": [
        {
            "properties": {
                "sheetId": 7,
                "title": "Referrals",
                "gridProperties": {"rowCount": 10, "columnCount": 4},
            },
            "data": [
                {
                    "rowData": [
                        {"values": [{"formattedValue": "ID"}, {"formattedValue": "Lead name"}]},
                        {"values": [{"formattedValue": "R-0001"}, {"formattedValue": 'Zoë "Q"'}]},
                        {},
                        {"values": [{}, {"formattedValue": "no id, 1.5e3"}]},
                    ],
                    "rowMetadata": [
                        {},
                        {"developerMetadata": [_tag(11, "R-0001"), {"metadataKey": "other"}]},
                        {"pixelSize": 21},
                    ],
                },
                {
                    "rowData": [{"values": [{"formattedValue": "late"}]}],
                    "startColumn": 2,
                    "startRow": 6,
                },
            ],
        },
        {"properties": {"sheetId": 8, "title": "Team"}, "data": [{"rowData": []}]},
        {"properties": {"sheetId": 9, "title": "Activity"}, "data": [{}]},
    ],
}


def _chunks(text: str, size: int) -> list[bytes]:
    data = text.encode("utf-8")
    return [data[i : i + size] for i in range(0, len(data), size)]


def _whole(text: str) -> dict:
    return tab_grids(json.loads(text, object_hook=compact_cell))


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64, 1 << 20])
@pytest.mark.parametrize("indent", [None, 2])
def test_every_chunking_and_layout_decodes_as_the_whole_answer(size, indent):
    text = json.dumps(ANSWER, indent=indent, ensure_ascii=False)
    streamed = stream_grids(_chunks(text, size))
    assert streamed == _whole(text)
    referrals = streamed["referrals"]
    assert referrals.rows[1] == ["R-0001", 'Zoë "Q"']
    assert referrals.rows[6] == ["", "", "late"]  # startRow and startColumn after the rows
    assert [t["metadataValue"] for t in referrals.tags[1]] == ["R-0001"]
    assert (referrals.sheet_id, referrals.row_count) == (7, 10)


def test_an_answer_cut_short_is_a_connection_error_that_is_retried():
    text = json.dumps(ANSWER)
    with pytest.raises(requests.exceptions.ConnectionError):
        stream_grids(_chunks(text[: len(text) // 2], 100))


def test_a_large_grid_is_decoded_row_by_row():
    rows = [{"values": [{"formattedValue": f"R-{i:05d}"}, {}]} for i in range(5000)]
    answer = {"sheets": [{"properties": {"title": "Referrals"}, "data": [{"rowData": rows}]}]}
    grid = stream_grids(_chunks(json.dumps(answer), 4096))["referrals"]
    assert len(grid.rows) == 5000
    assert grid.rows[4999] == ["R-04999", ""]
