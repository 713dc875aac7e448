"""Block Kit and mrkdwn for a terminal: headers, sections, context lines, and every interactive
element numbered [1] [2] ... so `press N` can find it again."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Names = Callable[[str], str]
"""Slack user ID -> the person's name."""
LinkHint = Callable[[str], str | None]
"""A URL -> what to show instead (e.g. the console command that shows it), or None."""

_LINK = re.compile(r"<(?P<target>[^<>|]+)(?:\|(?P<label>[^<>]*))?>")
_BOLD = re.compile(r"(?<!\w)\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"(?<![\w~])~(?=\S)([^~\n]+?)(?<=\S)~(?![\w~])")
_EMOJI = re.compile(r"(?:(?<=\s)|^):(?=[a-z0-9_+-]*[a-z])[a-z0-9_+-]+:(?=\s|$)[ \t]*", re.MULTILINE)
URL_SHOWN = 70
INTERACTIVE = {
    "button",
    "static_select",
    "users_select",
    "conversations_select",
    "channels_select",
    "datepicker",
    "overflow",
    "radio_buttons",
    "checkboxes",
}
KIND_HINTS = {
    "datepicker": "pick a date",
    "users_select": "pick a person",
    "static_select": "choose",
    "overflow": "more",
    "radio_buttons": "choose",
    "checkboxes": "tick",
}


@dataclass(frozen=True)
class Style:
    """ANSI emphasis for a real terminal; plain text for transcripts and pipes."""

    color: bool = False

    def bold(self, text: str) -> str:
        return f"\033[1m{text}\033[0m" if self.color and text else text

    def dim(self, text: str) -> str:
        return f"\033[2m{text}\033[0m" if self.color and text else text


@dataclass(frozen=True)
class Control:
    """One interactive element shown with a number."""

    number: int
    label: str
    element: dict[str, Any]
    block_id: str
    container: dict[str, Any]
    """The message, ephemeral or view the element is in, as it was shown."""
    place: str
    """"dm", "ephemeral", "home", "channel" or "modal": where to look for its live copy."""

    @property
    def kind(self) -> str:
        return self.element.get("type", "")

    @property
    def action_id(self) -> str:
        return self.element.get("action_id", "")


@dataclass
class Listing:
    """The numbered controls of the last output that showed any."""

    controls: list[Control] = field(default_factory=list)

    def add(self, element: dict, block_id: str, container: dict, place: str, label: str) -> Control:
        control = Control(len(self.controls) + 1, label, element, block_id, container, place)
        self.controls.append(control)
        return control

    def get(self, number: int) -> Control | None:
        return self.controls[number - 1] if 1 <= number <= len(self.controls) else None


# --- mrkdwn ---------------------------------------------------------------------------------


def clean_mrkdwn(
    text: str, names: Names, style: Style = Style(), links: LinkHint | None = None
) -> str:
    """Slack mrkdwn as plain terminal text: links as `label (url)`, mentions as @Name,
    dates as their fallback, *bold* and _italic_ markers dropped, quotes indented."""
    text = text.replace("```", "")
    lines = []
    for line in text.split("\n"):
        if line.startswith(">"):  # a quote; typed ">" arrives escaped as &gt;
            line = "  | " + line[1:].lstrip()
        lines.append(line)
    text = "\n".join(lines)
    text = _LINK.sub(lambda m: _link(m.group("target"), m.group("label"), names, links), text)
    text = _EMOJI.sub("", text)
    for _ in range(3):  # bold inside bold (`*Conflict on *R-0001* Jane*`) unwraps inside out
        text, count = _BOLD.subn(lambda m: style.bold(m.group(1)), text)
        if not count:
            break
    text = _ITALIC.sub(lambda m: m.group(1), text)
    text = _STRIKE.sub(lambda m: m.group(1), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def _link(target: str, label: str | None, names: Names, links: LinkHint | None) -> str:
    if target.startswith("@"):
        return "@" + names(target[1:])
    if target.startswith("#"):
        return "#" + (label or target[1:])
    if target.startswith("!"):
        special = target[1:].split("^", 1)[0]
        return label or ("@" + special if special in ("here", "channel", "everyone") else "")
    shown = (links(target) if links else None) or short_url(target)
    if not label or label == target or label == target.removeprefix("mailto:"):
        return shown
    return f"{label} ({shown})"


def short_url(url: str) -> str:
    if url.startswith("mailto:"):
        return url.split("?", 1)[0]
    return url if len(url) <= URL_SHOWN else url[: URL_SHOWN - 1] + "…"


def first_line(message: dict[str, Any], names: Names, limit: int = 110) -> str:
    """A one-line summary of a message, for news about other people's DMs."""
    text = message.get("text") or _blocks_text(message.get("blocks") or [])
    line = next((ln for ln in clean_mrkdwn(text, names).splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _blocks_text(blocks: list[dict[str, Any]]) -> str:
    for block in blocks:
        text = (block.get("text") or {}).get("text")
        if text:
            return text
    return ""


# --- blocks ---------------------------------------------------------------------------------


@dataclass
class Renderer:
    names: Names
    style: Style = field(default_factory=Style)
    width: int = 100
    links: LinkHint | None = None

    def blocks(
        self,
        blocks: list[dict[str, Any]],
        listing: Listing,
        container: dict[str, Any],
        place: str,
        indent: str = "  ",
    ) -> list[str]:
        lines: list[str] = []
        for block in blocks:
            lines += self._block(block, listing, container, place, indent)
        return lines

    def message(
        self, message: dict[str, Any], listing: Listing, place: str, indent: str = "  "
    ) -> list[str]:
        blocks = message.get("blocks")
        if blocks:
            return self.blocks(blocks, listing, message, place, indent)
        return self.text(message.get("text", ""), indent) + _files(message, indent)

    def text(self, mrkdwn: str, indent: str = "  ") -> list[str]:
        cleaned = clean_mrkdwn(mrkdwn, self.names, self.style, self.links)
        return [
            wrapped
            for line in cleaned.split("\n")
            for wrapped in (_wrap(line, self.width, indent) if line.strip() else [""])
        ]

    def _block(
        self, block: dict, listing: Listing, container: dict, place: str, indent: str
    ) -> list[str]:
        kind = block.get("type")
        if kind == "header":
            title = _plain(block.get("text"))
            return ["", indent + self.style.bold(f"== {title} ==")]
        if kind == "divider":
            return [indent + "-" * min(40, self.width)]
        if kind == "context":
            parts = [_element_text(e) for e in block.get("elements", [])]
            text = clean_mrkdwn("  ".join(p for p in parts if p), self.names, links=self.links)
            return [self.style.dim(line) for line in _wrap(text, self.width, indent + "~ ")]
        if kind == "section":
            return self._section(block, listing, container, place, indent)
        if kind == "actions":
            labels = [
                self._control(e, block, listing, container, place)
                for e in block.get("elements", [])
                if e.get("type") in INTERACTIVE
            ]
            return _flow(labels, self.width, indent)
        if kind == "image":
            return [indent + f"[image: {block.get('alt_text', '')}]"]
        if kind == "rich_text":
            return self.text(_rich_text(block), indent)
        if kind == "input":
            return [indent + f"{_plain(block.get('label'))}: (a form field)"]
        return []

    def _section(
        self, block: dict, listing: Listing, container: dict, place: str, indent: str
    ) -> list[str]:
        lines = self.text((block.get("text") or {}).get("text", ""), indent)
        for item in block.get("fields") or []:
            lines += self.text(item.get("text", ""), indent + "  ")
        accessory = block.get("accessory")
        if accessory and accessory.get("type") in INTERACTIVE:
            lines += _flow(
                [self._control(accessory, block, listing, container, place)], self.width, indent
            )
        return lines

    def _control(
        self, element: dict, block: dict, listing: Listing, container: dict, place: str
    ) -> str:
        label = control_label(element)
        control = listing.add(element, block.get("block_id", ""), container, place, label)
        hint = KIND_HINTS.get(element.get("type", ""))
        shown = f"[{control.number}] {label}" + (f" ({hint})" if hint else "")
        return self.style.bold(shown) if element.get("style") == "primary" else shown


def _files(message: dict[str, Any], indent: str) -> list[str]:
    """Files shared with the message (an upload), named with their size."""
    return [
        f"{indent}[file deleted]"
        if f.get("mode") == "tombstone"
        else f"{indent}[file] {f.get('name', '')} ({f.get('size', 0):,} bytes)"
        for f in message.get("files") or []
    ]


def control_label(element: dict[str, Any]) -> str:
    text = _plain(element.get("text")) or _plain(element.get("placeholder"))
    return text or element.get("action_id", "?")


def _plain(obj: Any) -> str:
    return (obj or {}).get("text", "") if isinstance(obj, dict) else str(obj or "")


def _element_text(element: dict[str, Any]) -> str:
    if element.get("type") == "image":
        return ""
    return element.get("text", "")


def _rich_text(block: dict[str, Any]) -> str:
    def walk(node: Any) -> str:
        if isinstance(node, dict):
            if node.get("type") == "text":
                return node.get("text", "")
            if node.get("type") == "link":
                return node.get("text") or node.get("url", "")
            return "".join(walk(child) for child in node.get("elements", []))
        return ""

    return walk(block)


def _wrap(line: str, width: int, indent: str) -> list[str]:
    if len(indent) + len(line) <= width:
        return [indent + line]
    extra = indent + " " * (len(line) - len(line.lstrip()))
    return textwrap.wrap(
        line,
        width=max(width, 40),
        initial_indent=indent,
        subsequent_indent=extra,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent]


def _flow(items: list[str], width: int, indent: str) -> list[str]:
    """Controls side by side, wrapped between controls."""
    lines: list[str] = []
    current = indent
    for item in items:
        if current.strip() and len(current) + 2 + len(item) > width:
            lines.append(current.rstrip())
            current = indent
        current += ("  " if current.strip() else "") + item
    if current.strip():
        lines.append(current.rstrip())
    return lines
