"""Block Kit elements: where each may sit, and the limits slack_sdk's models leave unchecked."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from slack_sdk.models.blocks.block_elements import BlockElement

from sandbox.slack.blockkit_objects import Problems

_SELECTS = {"static_select", "external_select", "users_select", "conversations_select"}
_SELECTS |= {"channels_select"}
SELECTS = _SELECTS | {f"multi_{kind}" for kind in _SELECTS}

ACTIONS_ELEMENTS = SELECTS | {
    "button",
    "checkboxes",
    "datepicker",
    "datetimepicker",
    "overflow",
    "radio_buttons",
    "timepicker",
    "workflow_button",
}
SECTION_ACCESSORIES = (ACTIONS_ELEMENTS - {"datetimepicker"}) | {"image"}
INPUT_ELEMENTS = SELECTS | {
    "checkboxes",
    "datepicker",
    "datetimepicker",
    "email_text_input",
    "file_input",
    "number_input",
    "plain_text_input",
    "radio_buttons",
    "rich_text_input",
    "timepicker",
    "url_text_input",
}
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def check_element(
    problems: Problems, element: Any, pointer: str, allowed: set[str], action_ids: set[str]
) -> None:
    """One element inside a block; `action_ids` collects the block's ids to catch repeats."""
    if not isinstance(element, dict):
        problems.add(pointer, "must be an element object")
        return
    kind = element.get("type")
    if kind not in allowed:
        problems.add(f"{pointer}/type", f"unsupported type here: {kind}")
        return
    before = len(problems.messages)
    if kind != "image":
        _action_id(problems, element, pointer, action_ids)
    _CHECKS.get(kind, _no_extra_checks)(problems, element, pointer)
    if len(problems.messages) == before:  # the models would only repeat what we found
        _sdk_validation(problems, element, pointer)


def _action_id(problems: Problems, element: dict, pointer: str, action_ids: set[str]) -> None:
    problems.string(element, "action_id", pointer, 255)
    action_id = element.get("action_id")
    if isinstance(action_id, str):
        if action_id in action_ids:
            problems.add(f"{pointer}/action_id", f"duplicate action_id in block: {action_id}")
        action_ids.add(action_id)


def _sdk_validation(problems: Problems, element: dict, pointer: str) -> None:
    try:
        parsed = BlockElement.parse(dict(element))
        if parsed is not None:
            parsed.validate_json()
    except Exception as error:  # the models raise several types for malformed input
        problems.add(pointer, str(error))


def _no_extra_checks(problems: Problems, element: dict, pointer: str) -> None:
    return None


def _button(problems: Problems, element: dict, pointer: str) -> None:
    problems.required_text(element, "text", pointer, 75, plain_only=True)
    problems.string(element, "value", pointer, 2000)
    problems.string(element, "url", pointer, 3000)
    problems.string(element, "accessibility_label", pointer, 75)
    if element.get("style") not in (None, "primary", "danger"):
        problems.add(f"{pointer}/style", "must be one of primary, danger")
    problems.confirm(element, pointer)


def _placeholder(problems: Problems, element: dict, pointer: str) -> None:
    problems.optional_text(element, "placeholder", pointer, 150, plain_only=True)


def _static_select(problems: Problems, element: dict, pointer: str) -> None:
    _placeholder(problems, element, pointer)
    has_options, has_groups = "options" in element, "option_groups" in element
    if has_options == has_groups:
        problems.add(pointer, "must provide exactly one of options, option_groups")
        return
    if has_options:
        options = problems.options(element, "options", pointer, (1, 100))
    else:
        options = _option_groups(problems, element, pointer)
    problems.initial_options(element, "initial_option", options, pointer)
    problems.initial_options(element, "initial_options", options, pointer)
    problems.confirm(element, pointer)


def _option_groups(problems: Problems, element: dict, pointer: str) -> list[dict]:
    groups = element.get("option_groups")
    if not isinstance(groups, list) or not 1 <= len(groups) <= 100:
        problems.add(f"{pointer}/option_groups", "must provide 1 to 100 items")
        return []
    options: list[dict] = []
    for index, group in enumerate(groups):
        where = f"{pointer}/option_groups/{index}"
        if not isinstance(group, dict):
            problems.add(where, "must be an option group object")
            continue
        problems.required_text(group, "label", where, 75, plain_only=True)
        options += problems.options(group, "options", where, (1, 100))
    return options


def _choice_list(problems: Problems, element: dict, pointer: str) -> None:
    """Checkboxes and radio buttons: up to 10 options, mrkdwn allowed in their text."""
    options = problems.options(element, "options", pointer, (1, 10), plain_only=False)
    problems.initial_options(element, "initial_option", options, pointer)
    problems.initial_options(element, "initial_options", options, pointer)
    problems.confirm(element, pointer)


def _overflow(problems: Problems, element: dict, pointer: str) -> None:
    problems.options(element, "options", pointer, (1, 5))
    problems.confirm(element, pointer)


def _datepicker(problems: Problems, element: dict, pointer: str) -> None:
    _placeholder(problems, element, pointer)
    initial = element.get("initial_date")
    if initial is not None:
        try:
            dt.date.fromisoformat(str(initial))
            valid = len(str(initial)) == 10
        except ValueError:
            valid = False
        if not valid:
            problems.add(f"{pointer}/initial_date", "must be a date in the format YYYY-MM-DD")


def _timepicker(problems: Problems, element: dict, pointer: str) -> None:
    _placeholder(problems, element, pointer)
    initial = element.get("initial_time")
    if initial is not None and not _TIME.match(str(initial)):
        problems.add(f"{pointer}/initial_time", "must be a time in the format HH:mm")


def _plain_text_input(problems: Problems, element: dict, pointer: str) -> None:
    _placeholder(problems, element, pointer)
    low, high = element.get("min_length", 0), element.get("max_length", 3000)
    if not isinstance(low, int) or not 0 <= low <= 3000:
        problems.add(f"{pointer}/min_length", "must be an integer from 0 to 3000")
    if not isinstance(high, int) or not 1 <= high <= 3000:
        problems.add(f"{pointer}/max_length", "must be an integer from 1 to 3000")
    elif isinstance(low, int) and low > high:
        problems.add(f"{pointer}/min_length", "must not be more than max_length")
    problems.string(element, "initial_value", pointer, high if isinstance(high, int) else 3000)


def _number_input(problems: Problems, element: dict, pointer: str) -> None:
    _placeholder(problems, element, pointer)
    if not isinstance(element.get("is_decimal_allowed"), bool):
        problems.add(pointer, "missing required field: is_decimal_allowed")


def _image(problems: Problems, element: dict, pointer: str) -> None:
    if "image_url" not in element and "slack_file" not in element:
        problems.add(pointer, "must provide one of image_url, slack_file")
    problems.string(element, "image_url", pointer, 3000)
    problems.string(element, "alt_text", pointer, 2000, required=True)


_CHECKS: dict[str, Callable[[Problems, dict, str], None]] = {
    "button": _button,
    "static_select": _static_select,
    "multi_static_select": _static_select,
    "checkboxes": _choice_list,
    "radio_buttons": _choice_list,
    "overflow": _overflow,
    "datepicker": _datepicker,
    "timepicker": _timepicker,
    "plain_text_input": _plain_text_input,
    "number_input": _number_input,
    "email_text_input": _placeholder,
    "url_text_input": _placeholder,
    "image": _image,
    **{kind: _placeholder for kind in SELECTS - {"static_select", "multi_static_select"}},
}
