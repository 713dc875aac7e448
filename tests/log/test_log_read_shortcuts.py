"""The read's shortcuts give what the plain ways gave: rows decoded without a hook per cell read
as decoding with `compact_cell` reads them, whatever shape a cell has; an unchanged row is told
from a changed one as comparing each cell to the referral's field told it."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.referral import REFERRAL_KEYS, Referral
from bot.log.grid_stream import stream_grids
from bot.log.reading import compact_cell, tab_grids
from bot.log.referral_rows import same_cells

texts = st.text(max_size=50)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), texts)
odd = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["formattedValue", "note", "x"]), inner, max_size=2),
    ),
    max_leaves=6,
)
cells = st.one_of(
    st.just({}),
    st.builds(lambda t: {"formattedValue": t}, texts),
    odd,
)
rows = st.one_of(
    st.builds(lambda values: {"values": values}, st.lists(cells, max_size=6)),
    st.just({}),
    odd,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(rows, max_size=5))
def test_rows_decoded_plainly_read_as_the_hook_reads_them(row_data):
    answer = {
        "sheets": [
            {
                "properties": {"sheetId": 1, "title": "Referrals"},
                "data": [{"rowData": row_data}],
            }
        ]
    }
    text = json.dumps(answer)
    expected = tab_grids(json.loads(text, object_hook=compact_cell))
    assert stream_grids([text.encode()]) == expected


def _all_the_same(old: Referral, values: dict) -> bool:
    return all(getattr(old, key, text) == text for key, text in values.items())


keys = st.sampled_from([*REFERRAL_KEYS, "a_persons_column", "value", "is_open"])


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.sampled_from(REFERRAL_KEYS), st.sampled_from(["", "a", "Won"])),
    st.dictionaries(keys, st.sampled_from(["", "a", "Won"]), max_size=8),
)
def test_an_unchanged_row_is_told_as_each_cell_compared_told_it(fields, values):
    old = Referral(**fields)
    full = {**old.to_row(), **values}
    assert same_cells(old, values) == _all_the_same(old, values)
    assert same_cells(old, full) == _all_the_same(old, full)
