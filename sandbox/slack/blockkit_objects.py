"""Block Kit composition objects (text, option, confirm) and the problem list they report into.

Each problem reads as Slack writes it in `response_metadata.messages`:
`[ERROR] <what is wrong> [json-pointer:<where>]`.
"""

from __future__ import annotations

from typing import Any

PLAIN_KEYS = {"type", "text", "emoji"}
MRKDWN_KEYS = {"type", "text", "verbatim"}


class Problems:
    """Collects what is wrong with one message's blocks or one view."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, pointer: str, what: str) -> None:
        self.messages.append(f"[ERROR] {what} [json-pointer:{pointer}]")

    def extra_keys(self, node: dict[str, Any], allowed: set[str], pointer: str) -> None:
        for key in sorted(set(node) - allowed):
            self.add(pointer, f"invalid additional property: {key}")

    def string(self, node: dict, key: str, pointer: str, max_len: int, required=False) -> None:
        value = node.get(key)
        if value is None:
            if required:
                self.add(pointer, f"missing required field: {key}")
            return
        if not isinstance(value, str):
            self.add(f"{pointer}/{key}", "must be a string")
        elif required and not value:
            self.add(f"{pointer}/{key}", "must be more than 0 characters")
        elif len(value) > max_len:
            self.add(f"{pointer}/{key}", f"must be less than {max_len + 1} characters")

    def text(self, node: Any, pointer: str, max_len: int, plain_only: bool = False) -> None:
        """A text object; `plain_only` where Slack accepts plain_text and nothing else."""
        if not isinstance(node, dict):
            self.add(pointer, "must be a text object")
            return
        kind = node.get("type")
        if kind not in ("plain_text", "mrkdwn"):
            self.add(f"{pointer}/type", "must be one of plain_text, mrkdwn")
            return
        if plain_only and kind != "plain_text":
            self.add(f"{pointer}/type", "must be plain_text")
        self.extra_keys(node, PLAIN_KEYS if kind == "plain_text" else MRKDWN_KEYS, pointer)
        value = node.get("text")
        if not isinstance(value, str) or not value:
            self.add(f"{pointer}/text", "must be more than 0 characters")
        elif len(value) > max_len:
            self.add(f"{pointer}/text", f"must be less than {max_len + 1} characters")

    def optional_text(self, node: dict, key: str, pointer: str, max_len: int, plain_only=False):
        if key in node:
            self.text(node[key], f"{pointer}/{key}", max_len, plain_only)

    def required_text(self, node: dict, key: str, pointer: str, max_len: int, plain_only=False):
        if key not in node:
            self.add(pointer, f"missing required field: {key}")
        else:
            self.text(node[key], f"{pointer}/{key}", max_len, plain_only)

    def options(self, node: dict, key: str, pointer: str, bounds: tuple[int, int], plain_only=True):
        """An options array; returns the valid options so callers can check initial ones."""
        options = node.get(key)
        if not isinstance(options, list):
            self.add(pointer, f"missing required field: {key}")
            return []
        low, high = bounds
        if len(options) < low:
            self.add(f"{pointer}/{key}", f"must provide at least {low} items")
        if len(options) > high:
            self.add(f"{pointer}/{key}", f"no more than {high} items allowed")
        for index, option in enumerate(options):
            self.option(option, f"{pointer}/{key}/{index}", plain_only)
        return [o for o in options if isinstance(o, dict)]

    def option(self, option: Any, pointer: str, plain_only: bool) -> None:
        if not isinstance(option, dict):
            self.add(pointer, "must be an option object")
            return
        self.extra_keys(option, {"text", "value", "description", "url"}, pointer)
        self.required_text(option, "text", pointer, 75, plain_only)
        self.string(option, "value", pointer, 150, required=True)
        self.optional_text(option, "description", pointer, 75, plain_only)
        self.string(option, "url", pointer, 3000)

    def initial_options(self, node: dict, key: str, options: list[dict], pointer: str) -> None:
        """Slack refuses an initial option that is not exactly one of the options."""
        initial = node.get(key)
        if initial is None:
            return
        chosen = initial if isinstance(initial, list) else [initial]
        offered = [_option_identity(o) for o in options]
        for index, option in enumerate(chosen):
            if _option_identity(option) not in offered:
                where = (
                    f"{pointer}/{key}/{index}" if isinstance(initial, list) else f"{pointer}/{key}"
                )
                self.add(where, "must match one of the provided options")

    def confirm(self, node: dict, pointer: str) -> None:
        if "confirm" not in node:
            return
        dialog = node["confirm"]
        where = f"{pointer}/confirm"
        if not isinstance(dialog, dict):
            self.add(where, "must be a confirm object")
            return
        self.required_text(dialog, "title", where, 100, plain_only=True)
        self.required_text(dialog, "text", where, 300)
        self.required_text(dialog, "confirm", where, 30, plain_only=True)
        self.required_text(dialog, "deny", where, 30, plain_only=True)


def _option_identity(option: Any) -> tuple[Any, Any]:
    if not isinstance(option, dict):
        return (None, None)
    text = option.get("text")
    return (option.get("value"), text.get("text") if isinstance(text, dict) else text)
