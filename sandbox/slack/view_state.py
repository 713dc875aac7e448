"""`view.state.values` as the Slack client fills it when a person submits a modal.

Tests give plain values, `{block_id: {action_id: value}}`; the element types in the view decide
the shape (plain_text_input -> value, static_select -> selected_option, users_select ->
selected_user, datepicker -> selected_date, checkboxes -> selected_options, ...). An input left
out keeps the value the modal was prefilled with. What a person could not do in Slack (pick an option the menu does not offer, leave a required input empty,
type past max_length) raises DriverError instead.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any


class DriverError(Exception):
    """The driver was asked to do something a person in Slack could not do."""


def input_elements(view: dict[str, Any]) -> dict[str, tuple[dict, dict]]:
    """block_id -> (input block, its element)."""
    return {
        block["block_id"]: (block, block["element"])
        for block in view.get("blocks", [])
        if block.get("type") == "input"
    }


def build_state(view: dict[str, Any], values: dict[str, dict[str, Any]]) -> dict[str, Any]:
    inputs = input_elements(view)
    for block_id, given in values.items():
        if block_id not in inputs:
            raise DriverError(f"the view has no input block {block_id!r}")
        action_id = inputs[block_id][1].get("action_id")
        unknown = set(given) - {action_id}
        if unknown:
            raise DriverError(f"input block {block_id!r} has no element {sorted(unknown)}")
    state: dict[str, Any] = {}
    for block_id, (block, element) in inputs.items():
        action_id = element["action_id"]
        given = values.get(block_id, {})
        # An input the test leaves alone keeps what the modal was prefilled with.
        value = given[action_id] if action_id in given else initial_value(element)
        if _is_empty(value) and not block.get("optional", False):
            raise DriverError(f"input {block_id!r} is required; Slack would not submit")
        state[block_id] = {action_id: element_state(element, value)}
    return {"values": state}


def initial_value(element: dict[str, Any]) -> Any:
    """What an element shows before anyone touches it, as a plain value."""
    for key in _INITIAL_KEYS:
        if key in element:
            initial = element[key]
            if key == "initial_option":
                return initial["value"]
            if key == "initial_options":
                return [option["value"] for option in initial]
            return initial
    return None


def element_state(element: dict[str, Any], value: Any) -> dict[str, Any]:
    """One element's entry in state.values (or in a block_actions action) for a chosen value."""
    kind = element["type"]
    shape = _SHAPES.get(kind)
    if shape is None:
        raise DriverError(f"the driver cannot fill a {kind} element")
    return {"type": kind, **shape(element, value)}


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _text_value(element: dict[str, Any], value: Any) -> dict[str, Any]:
    if value is None:
        return {"value": None}
    text = str(value)
    low, high = element.get("min_length", 0), element.get("max_length", 3000)
    if text and not low <= len(text) <= high:
        raise DriverError(f"{len(text)} characters; the input takes {low} to {high}")
    return {"value": text}


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    if "option_groups" in element:
        return [o for group in element["option_groups"] for o in group["options"]]
    return list(element.get("options", []))


def find_option(element: dict[str, Any], chosen: Any) -> dict[str, Any]:
    """The offered option matching a value (or an option object)."""
    wanted = chosen.get("value") if isinstance(chosen, dict) else chosen
    for option in _options(element):
        if option["value"] == wanted:
            return copy.deepcopy(option)
    raise DriverError(f"no option with value {wanted!r} is offered")


def _one_option(element: dict[str, Any], value: Any) -> dict[str, Any]:
    return {"selected_option": None if value is None else find_option(element, value)}


def _many_options(element: dict[str, Any], value: Any) -> dict[str, Any]:
    chosen = [] if value is None else value if isinstance(value, list) else [value]
    return {"selected_options": [find_option(element, item) for item in chosen]}


def _keyed(key: str) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    def shape(element: dict[str, Any], value: Any) -> dict[str, Any]:
        return {key: value}

    return shape


def _keyed_list(key: str) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    def shape(element: dict[str, Any], value: Any) -> dict[str, Any]:
        return {key: [] if value is None else value if isinstance(value, list) else [value]}

    return shape


_INITIAL_KEYS = (
    "initial_value",
    "initial_option",
    "initial_options",
    "initial_user",
    "initial_users",
    "initial_conversation",
    "initial_conversations",
    "initial_channel",
    "initial_channels",
    "initial_date",
    "initial_time",
    "initial_date_time",
)

_SHAPES: dict[str, Callable[[dict[str, Any], Any], dict[str, Any]]] = {
    "plain_text_input": _text_value,
    "email_text_input": _text_value,
    "url_text_input": _text_value,
    "number_input": _text_value,
    "static_select": _one_option,
    "external_select": _keyed("selected_option"),
    "radio_buttons": _one_option,
    "overflow": _one_option,
    "multi_static_select": _many_options,
    "checkboxes": _many_options,
    "users_select": _keyed("selected_user"),
    "multi_users_select": _keyed_list("selected_users"),
    "conversations_select": _keyed("selected_conversation"),
    "multi_conversations_select": _keyed_list("selected_conversations"),
    "channels_select": _keyed("selected_channel"),
    "multi_channels_select": _keyed_list("selected_channels"),
    "datepicker": _keyed("selected_date"),
    "timepicker": _keyed("selected_time"),
    "datetimepicker": _keyed("selected_date_time"),
}
