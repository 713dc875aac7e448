"""view.state.values built from plain test values, shaped by each element's type."""

from __future__ import annotations

import pytest

from sandbox.slack.view_state import DriverError, build_state


def plain(text: str) -> dict:
    return {"type": "plain_text", "text": text}


def option(value: str) -> dict:
    return {"text": plain(value.title()), "value": value}


def field(block_id: str, element: dict, optional: bool = False) -> dict:
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(block_id),
        "element": element,
        "optional": optional,
    }


VIEW = {
    "type": "modal",
    "blocks": [
        {"type": "section", "block_id": "intro", "text": {"type": "mrkdwn", "text": "Log it"}},
        field("lead", {"type": "plain_text_input", "action_id": "name", "initial_value": "Jane"}),
        field(
            "kind",
            {
                "type": "static_select",
                "action_id": "v",
                "options": [option("client"), option("partner")],
            },
        ),
        field("owner", {"type": "users_select", "action_id": "v"}, optional=True),
        field("due", {"type": "datepicker", "action_id": "v"}, optional=True),
        field(
            "flags",
            {"type": "checkboxes", "action_id": "v", "options": [option("urgent"), option("vip")]},
            optional=True,
        ),
    ],
}


def test_values_take_the_shape_of_their_elements():
    state = build_state(
        VIEW,
        {
            "lead": {"name": "Jane Doe"},
            "kind": {"v": "partner"},
            "owner": {"v": "U02"},
            "due": {"v": "2024-06-03"},
            "flags": {"v": ["vip"]},
        },
    )["values"]
    assert state["lead"]["name"] == {"type": "plain_text_input", "value": "Jane Doe"}
    assert state["kind"]["v"] == {"type": "static_select", "selected_option": option("partner")}
    assert state["owner"]["v"] == {"type": "users_select", "selected_user": "U02"}
    assert state["due"]["v"] == {"type": "datepicker", "selected_date": "2024-06-03"}
    assert state["flags"]["v"] == {"type": "checkboxes", "selected_options": [option("vip")]}
    assert "intro" not in state


def test_untouched_inputs_keep_their_prefill_and_optional_ones_stay_empty():
    state = build_state(VIEW, {"kind": {"v": "client"}})["values"]
    assert state["lead"]["name"]["value"] == "Jane"
    assert state["owner"]["v"]["selected_user"] is None
    assert state["flags"]["v"]["selected_options"] == []


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"lead": {"name": ""}, "kind": {"v": "client"}}, "required"),
        ({"kind": {"v": "friend"}}, "no option"),
        ({"kind": {"v": "client"}, "intro": {"x": "y"}}, "no input block"),
        ({"kind": {"wrong": "client"}}, "no element"),
    ],
)
def test_what_a_person_could_not_submit_raises(values, message):
    with pytest.raises(DriverError, match=message):
        build_state(VIEW, values)
