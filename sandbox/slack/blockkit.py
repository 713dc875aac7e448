"""Block Kit checks Slack makes before it accepts a message's blocks or a view.

slack_sdk's models (`Block.parse(...).validate_json()`, `View(...).validate_json()`) check part of
the limits; the rest the bot could trip over (text object types and lengths, element placement,
option counts, unique block_ids, input blocks outside modals) are checked here. Both functions
return Slack-style explanations for `response_metadata.messages`; an empty list means accepted.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from sandbox.slack.blockkit_elements import (
    ACTIONS_ELEMENTS,
    INPUT_ELEMENTS,
    SECTION_ACCESSORIES,
    check_element,
)
from sandbox.slack.blockkit_objects import Problems

MESSAGE, MODAL, HOME = "message", "modal", "home"
MAX_BLOCKS = {MESSAGE: 50, MODAL: 100, HOME: 100}

_BLOCK_KEYS = {
    "section": {"type", "block_id", "text", "fields", "accessory", "expand"},
    "header": {"type", "block_id", "text"},
    "divider": {"type", "block_id"},
    "actions": {"type", "block_id", "elements"},
    "context": {"type", "block_id", "elements"},
    "input": {"type", "block_id", "label", "element", "dispatch_action", "hint", "optional"},
    "image": {"type", "block_id", "image_url", "slack_file", "alt_text", "title"},
}
# Stricter than Slack on purpose: Slack lets a message carry an input block only for
# dispatch_action flows the bot never uses, so one in a message is a bug to surface.
_NOT_ON = {"input": {MESSAGE}, "file": {MODAL, HOME}}


def block_problems(blocks: Any, surface: str, pointer: str = "/blocks") -> list[str]:
    problems = Problems()
    _check_blocks(problems, blocks, surface, pointer)
    return problems.messages


def view_problems(view: Any, surface: str) -> list[str]:
    """A modal (views.open/push/update) or a Home tab (views.publish)."""
    problems = Problems()
    if not isinstance(view, dict):
        problems.add("/view", "must be a view object")
        return problems.messages
    if view.get("type") != surface:
        problems.add("/view/type", f"must be {surface}")
        return problems.messages
    if surface == MODAL:
        _check_modal_fields(problems, view)
    _check_common_fields(problems, view)
    _check_blocks(problems, view.get("blocks"), surface, "/view/blocks")
    if not problems.messages:  # the models would only repeat what we found
        _sdk_view_validation(problems, view)
    return problems.messages


def _check_modal_fields(problems: Problems, view: dict) -> None:
    problems.required_text(view, "title", "/view", 24, plain_only=True)
    problems.optional_text(view, "submit", "/view", 24, plain_only=True)
    problems.optional_text(view, "close", "/view", 24, plain_only=True)
    blocks = view.get("blocks") if isinstance(view.get("blocks"), list) else []
    has_input = any(isinstance(b, dict) and b.get("type") == "input" for b in blocks)
    if has_input and "submit" not in view:
        problems.add("/view", "must provide a submit property when using input blocks")


def _check_common_fields(problems: Problems, view: dict) -> None:
    problems.string(view, "private_metadata", "/view", 3000)
    problems.string(view, "callback_id", "/view", 255)
    problems.string(view, "external_id", "/view", 255)


def _sdk_view_validation(problems: Problems, view: dict) -> None:
    try:
        View(**view).validate_json()
    except Exception as error:  # the models raise several types for malformed input
        problems.add("/view", str(error))


def _check_blocks(problems: Problems, blocks: Any, surface: str, pointer: str) -> None:
    if not isinstance(blocks, list):
        problems.add(pointer, "must be an array")
        return
    if len(blocks) > MAX_BLOCKS[surface]:
        problems.add(pointer, f"no more than {MAX_BLOCKS[surface]} items allowed")
    block_ids: set[str] = set()
    for index, block in enumerate(blocks):
        _check_block(problems, block, surface, f"{pointer}/{index}", block_ids)


def _check_block(
    problems: Problems, block: Any, surface: str, pointer: str, block_ids: set[str]
) -> None:
    if not isinstance(block, dict) or not isinstance(block.get("type"), str):
        problems.add(pointer, "must be a block object with a type")
        return
    kind = block["type"]
    if surface in _NOT_ON.get(kind, set()):
        problems.add(f"{pointer}/type", f"{kind} blocks are not allowed in a {surface}")
        return
    _check_block_id(problems, block, pointer, block_ids)
    before = len(problems.messages)
    if kind in _BLOCK_KEYS:
        problems.extra_keys(block, _BLOCK_KEYS[kind], pointer)
        _BLOCK_CHECKS.get(kind, _no_extra_checks)(problems, block, pointer)
    if len(problems.messages) == before:
        _sdk_block_validation(problems, block, pointer)


def _check_block_id(problems: Problems, block: dict, pointer: str, block_ids: set[str]) -> None:
    problems.string(block, "block_id", pointer, 255)
    block_id = block.get("block_id")
    if isinstance(block_id, str):
        if block_id in block_ids:
            problems.add(f"{pointer}/block_id", f"duplicate block_id: {block_id}")
        block_ids.add(block_id)


def _sdk_block_validation(problems: Problems, block: dict, pointer: str) -> None:
    try:
        parsed = Block.parse(dict(block))
        if parsed is None:
            problems.add(f"{pointer}/type", f"unsupported type: {block['type']}")
        else:
            parsed.validate_json()
    except Exception as error:  # the models raise several types for malformed input
        problems.add(pointer, str(error))


def _no_extra_checks(problems: Problems, block: dict, pointer: str) -> None:
    return None


def _section(problems: Problems, block: dict, pointer: str) -> None:
    if "text" not in block and "fields" not in block:
        problems.add(pointer, "must provide one of text, fields")
    problems.optional_text(block, "text", pointer, 3000)
    fields = block.get("fields")
    if fields is not None:
        if not isinstance(fields, list) or not 1 <= len(fields) <= 10:
            problems.add(f"{pointer}/fields", "must provide 1 to 10 items")
        else:
            for index, field in enumerate(fields):
                problems.text(field, f"{pointer}/fields/{index}", 2000)
    if "accessory" in block:
        where = f"{pointer}/accessory"
        check_element(problems, block["accessory"], where, SECTION_ACCESSORIES, set())


def _header(problems: Problems, block: dict, pointer: str) -> None:
    problems.required_text(block, "text", pointer, 150, plain_only=True)


def _actions(problems: Problems, block: dict, pointer: str) -> None:
    elements = _element_list(problems, block, pointer, 25)
    action_ids: set[str] = set()
    for index, element in enumerate(elements):
        check_element(
            problems, element, f"{pointer}/elements/{index}", ACTIONS_ELEMENTS, action_ids
        )


def _context(problems: Problems, block: dict, pointer: str) -> None:
    for index, element in enumerate(_element_list(problems, block, pointer, 10)):
        where = f"{pointer}/elements/{index}"
        if isinstance(element, dict) and element.get("type") == "image":
            check_element(problems, element, where, {"image"}, set())
        else:
            problems.text(element, where, 3000)


def _element_list(problems: Problems, block: dict, pointer: str, most: int) -> list[Any]:
    elements = block.get("elements")
    if not isinstance(elements, list) or not elements:
        problems.add(f"{pointer}/elements", "must provide at least 1 items")
        return []
    if len(elements) > most:
        problems.add(f"{pointer}/elements", f"no more than {most} items allowed")
    return elements


def _input(problems: Problems, block: dict, pointer: str) -> None:
    problems.required_text(block, "label", pointer, 2000, plain_only=True)
    problems.optional_text(block, "hint", pointer, 2000, plain_only=True)
    if "element" not in block:
        problems.add(pointer, "missing required field: element")
    else:
        check_element(problems, block["element"], f"{pointer}/element", INPUT_ELEMENTS, set())
    for flag in ("optional", "dispatch_action"):
        if flag in block and not isinstance(block[flag], bool):
            problems.add(f"{pointer}/{flag}", "must be a boolean")


def _image(problems: Problems, block: dict, pointer: str) -> None:
    if "image_url" not in block and "slack_file" not in block:
        problems.add(pointer, "must provide one of image_url, slack_file")
    problems.string(block, "image_url", pointer, 3000)
    problems.string(block, "alt_text", pointer, 2000, required=True)
    problems.optional_text(block, "title", pointer, 2000, plain_only=True)


_BLOCK_CHECKS = {
    "section": _section,
    "header": _header,
    "actions": _actions,
    "context": _context,
    "input": _input,
    "image": _image,
}
