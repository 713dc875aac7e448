"""Developer metadata: created on rows, moved by people's edits, and used to address writes."""

from __future__ import annotations

import gspread
import pytest


def tag_row(sheet_id: int, row_index: int, referral_id: str) -> dict:
    return {
        "createDeveloperMetadata": {
            "developerMetadata": {
                "metadataKey": "referral_id",
                "metadataValue": referral_id,
                "location": {
                    "dimensionRange": {
                        "sheetId": sheet_id,
                        "dimension": "ROWS",
                        "startIndex": row_index,
                        "endIndex": row_index + 1,
                    }
                },
                "visibility": "DOCUMENT",
            }
        }
    }


def by_id(referral_id: str) -> dict:
    return {"developerMetadataLookup": {"metadataKey": "referral_id", "metadataValue": referral_id}}


@pytest.fixture
def tagged(book):
    """Referrals with a frozen header and three rows, each tagged with its referral ID."""
    ws = book.worksheet("Referrals")
    ws.update(
        [
            ["ID", "Lead name", "Stage"],
            ["R-0001", "Cora", "New"],
            ["R-0002", "Abe", "New"],
            ["R-0003", "Bea", "New"],
        ],
        "A1",
    )
    ws.freeze(rows=1)
    book.batch_update({"requests": [tag_row(ws.id, i, f"R-000{i}") for i in (1, 2, 3)]})
    return ws


def rows_of(person) -> list[list[str]]:
    return person.rows("Referrals")


def test_create_replies_with_the_stored_metadata(book):
    ws = book.worksheet("Referrals")
    reply = book.batch_update({"requests": [tag_row(ws.id, 4, "R-0009")]})["replies"][0]
    meta = reply["createDeveloperMetadata"]["developerMetadata"]
    assert meta["metadataId"] > 0
    assert meta["location"] == {
        "locationType": "ROW",
        "dimensionRange": {"sheetId": ws.id, "dimension": "ROWS", "startIndex": 4, "endIndex": 5},
    }


def test_metadata_needs_a_key_a_visibility_and_a_location_in_the_grid(book):
    good = tag_row(book.worksheet("Referrals").id, 1, "R-1")["createDeveloperMetadata"][
        "developerMetadata"
    ]
    for broken, message in [
        ({**good, "metadataKey": ""}, "key"),
        ({k: v for k, v in good.items() if k != "visibility"}, "visibility"),
        ({k: v for k, v in good.items() if k != "location"}, "location"),
        (
            {
                **good,
                "location": {
                    "dimensionRange": {
                        **good["location"]["dimensionRange"],
                        "startIndex": 1000,
                        "endIndex": 1001,
                    }
                },
            },
            "dimensionRange",
        ),
    ]:
        with pytest.raises(gspread.exceptions.APIError, match=message):
            book.batch_update(
                {"requests": [{"createDeveloperMetadata": {"developerMetadata": broken}}]}
            )


def test_metadata_moves_with_sorting_and_the_write_lands_on_the_right_row(
    sheets, book, tagged, person
):
    person.sort_rows("Referrals", "Lead name")
    assert [r[0] for r in rows_of(person)] == ["ID", "R-0002", "R-0003", "R-0001"]
    body = {
        "valueInputOption": "RAW",
        "data": [{"dataFilter": by_id("R-0003"), "values": [[None, None, "Contacted"]]}],
    }
    result = sheets_request(book, "values:batchUpdateByDataFilter", body)
    assert rows_of(person)[2] == ["R-0003", "Bea", "Contacted"]
    assert result["totalUpdatedCells"] == 1
    assert result["responses"] == [
        {
            "updatedRange": "Referrals!A3:C3",
            "updatedRows": 1,
            "updatedColumns": 1,
            "updatedCells": 1,
            "dataFilter": by_id("R-0003"),
        }
    ]


def sheets_request(book, verb: str, body: dict) -> dict:
    url = f"https://sheets.googleapis.com/v4/spreadsheets/{book.id}/{verb}"
    return book.client.request("post", url, json=body).json()


def test_metadata_moves_with_inserted_and_deleted_rows(book, tagged, person):
    person.insert_rows("Referrals", 2, count=2)
    person.delete_rows("Referrals", 5)  # R-0002, now on row 5
    assert rows_of(person) == [
        ["ID", "Lead name", "Stage"],
        [],
        [],
        ["R-0001", "Cora", "New"],
        ["R-0003", "Bea", "New"],
    ]
    values = {
        m["metadataValue"]: m["location"]["dimensionRange"]["startIndex"]
        for m in person.developer_metadata()
    }
    assert values == {"R-0001": 3, "R-0003": 4}
    body = {
        "valueInputOption": "RAW",
        "data": [{"dataFilter": by_id("R-0003"), "values": [["", None, "Won"]]}],
    }
    sheets_request(book, "values:batchUpdateByDataFilter", body)
    assert rows_of(person)[4] == ["", "Bea", "Won"]


def test_metadata_moves_with_a_moved_row(book, tagged, person):
    ws = tagged
    book.batch_update(
        {
            "requests": [
                {
                    "moveDimension": {
                        "source": {
                            "sheetId": ws.id,
                            "dimension": "ROWS",
                            "startIndex": 3,
                            "endIndex": 4,
                        },
                        "destinationIndex": 1,
                    }
                }
            ]
        }
    )
    assert [r[0] for r in rows_of(person)] == ["ID", "R-0003", "R-0001", "R-0002"]
    rows = {
        m["metadataValue"]: m["location"]["dimensionRange"]["startIndex"]
        for m in person.developer_metadata()
    }
    assert rows == {"R-0003": 1, "R-0001": 2, "R-0002": 3}


def test_a_filter_that_matches_nothing_writes_nothing(book, tagged, person):
    before = rows_of(person)
    body = {"valueInputOption": "RAW", "data": [{"dataFilter": by_id("R-9999"), "values": [["x"]]}]}
    result = sheets_request(book, "values:batchUpdateByDataFilter", body)
    assert result == {"spreadsheetId": book.id}
    assert rows_of(person) == before


def test_values_wider_than_the_matched_row_are_refused(book, tagged, person):
    body = {
        "valueInputOption": "RAW",
        "data": [{"dataFilter": by_id("R-0001"), "values": [["x"] * 27]}],
    }
    with pytest.raises(gspread.exceptions.APIError, match="tried writing to column"):
        sheets_request(book, "values:batchUpdateByDataFilter", body)


def test_get_by_data_filter_reads_the_tagged_row(book, tagged, person):
    person.sort_rows("Referrals", "Lead name", descending=True)
    result = sheets_request(book, "values:batchGetByDataFilter", {"dataFilters": [by_id("R-0002")]})
    assert result["valueRanges"] == [
        {
            "valueRange": {
                "range": "Referrals!A4:Z4",
                "majorDimension": "ROWS",
                "values": [["R-0002", "Abe", "New"]],
            },
            "dataFilters": [by_id("R-0002")],
        }
    ]


def test_search_by_key_and_by_range(book, tagged):
    found = sheets_request(
        book,
        "developerMetadata:search",
        {"dataFilters": [{"developerMetadataLookup": {"metadataKey": "referral_id"}}]},
    )
    assert sorted(
        m["developerMetadata"]["metadataValue"] for m in found["matchedDeveloperMetadata"]
    ) == ["R-0001", "R-0002", "R-0003"]
    found = sheets_request(
        book, "developerMetadata:search", {"dataFilters": [{"a1Range": "Referrals!B3:C3"}]}
    )
    assert [m["developerMetadata"]["metadataValue"] for m in found["matchedDeveloperMetadata"]] == [
        "R-0002"
    ]
    location = {
        "dimensionRange": {
            "sheetId": tagged.id,
            "dimension": "ROWS",
            "startIndex": 1,
            "endIndex": 2,
        }
    }
    exact = {
        "developerMetadataLookup": {
            "metadataLocation": location,
            "locationMatchingStrategy": "EXACT_LOCATION",
        }
    }
    found = sheets_request(book, "developerMetadata:search", {"dataFilters": [exact]})
    assert [m["developerMetadata"]["metadataValue"] for m in found["matchedDeveloperMetadata"]] == [
        "R-0001"
    ]
    assert sheets_request(book, "developerMetadata:search", {"dataFilters": [by_id("nope")]}) == {}


def test_update_and_delete_metadata(book, tagged, person):
    reply = book.batch_update(
        {
            "requests": [
                {
                    "updateDeveloperMetadata": {
                        "dataFilters": [by_id("R-0001")],
                        "developerMetadata": {"metadataValue": "R-0100"},
                        "fields": "metadataValue",
                    }
                }
            ]
        }
    )
    assert (
        reply["replies"][0]["updateDeveloperMetadata"]["developerMetadata"][0]["metadataValue"]
        == "R-0100"
    )
    reply = book.batch_update(
        {"requests": [{"deleteDeveloperMetadata": {"dataFilter": by_id("R-0002")}}]}
    )
    assert [
        m["metadataValue"]
        for m in reply["replies"][0]["deleteDeveloperMetadata"]["deletedDeveloperMetadata"]
    ] == ["R-0002"]
    assert sorted(m["metadataValue"] for m in person.developer_metadata()) == ["R-0003", "R-0100"]


def test_row_metadata_comes_back_in_grid_data(book, tagged):
    fields = "sheets(properties(title),data(rowMetadata(developerMetadata(metadataValue)),rowData(values(formattedValue))))"
    result = book.fetch_sheet_metadata({"ranges": "Referrals!A1:A3", "fields": fields})
    data = result["sheets"][0]["data"][0]
    assert data["rowMetadata"] == [
        {},
        {"developerMetadata": [{"metadataValue": "R-0001"}]},
        {"developerMetadata": [{"metadataValue": "R-0002"}]},
    ]
    assert data["rowData"] == [
        {"values": [{"formattedValue": "ID"}]},
        {"values": [{"formattedValue": "R-0001"}]},
        {"values": [{"formattedValue": "R-0002"}]},
    ]
    assert len(result["sheets"]) == 1


def test_deleting_a_sheet_deletes_its_metadata(book, tagged, person):
    book.del_worksheet(tagged)
    assert person.developer_metadata() == []


def test_column_metadata_and_protected_ranges_follow_moved_and_inserted_columns(
    book, tagged, person
):
    ws = tagged
    column_tag = {
        "metadataKey": "column",
        "metadataValue": "stage",
        "location": {
            "dimensionRange": {
                "sheetId": ws.id,
                "dimension": "COLUMNS",
                "startIndex": 2,
                "endIndex": 3,
            }
        },
        "visibility": "DOCUMENT",
    }
    protect = {
        "range": {"sheetId": ws.id, "startColumnIndex": 0, "endColumnIndex": 1},
        "warningOnly": True,
    }
    book.batch_update(
        {
            "requests": [
                {"createDeveloperMetadata": {"developerMetadata": column_tag}},
                {"addProtectedRange": {"protectedRange": protect}},
            ]
        }
    )
    person.move_column("Referrals", "Stage", 1)
    ws.insert_cols([["Notes"]], col=1)
    assert person.rows("Referrals")[0] == ["Notes", "Stage", "ID", "Lead name"]
    stage = next(m for m in person.developer_metadata() if m["metadataKey"] == "column")
    assert stage["location"]["dimensionRange"]["startIndex"] == 1
    assert person.protected_ranges("Referrals")[0]["range"] == {
        "sheetId": ws.id,
        "startColumnIndex": 2,
        "endColumnIndex": 3,
    }
    found = sheets_request(
        book,
        "values:batchGetByDataFilter",
        {"dataFilters": [{"developerMetadataLookup": {"metadataValue": "stage"}}]},
    )
    assert found["valueRanges"][0]["valueRange"]["values"] == [["Stage"], ["New"], ["New"], ["New"]]


def test_a_batch_over_the_size_limit_is_refused_whole(book, sheets):
    """The per-location limit (30,000 characters) is checked once after a batch of creates; the
    batch is all or nothing, as Google's is."""
    ws = book.worksheet("Referrals")
    before = len(sheets.spreadsheet(book.id).metadata)
    big = "x" * 10_000
    batch = [tag_row(ws.id, 1, "R-1")] + [tag_row(ws.id, 2, big) for _ in range(3)]
    with pytest.raises(gspread.exceptions.APIError, match="may not exceed 30000 characters"):
        book.batch_update({"requests": batch})
    assert len(sheets.spreadsheet(book.id).metadata) == before
    many = [tag_row(ws.id, 1 + i % 50, f"R-{i:04d}") for i in range(2000)]
    replies = book.batch_update({"requests": many})["replies"]
    assert len(replies) == 2000
