"""The whole bot as a firm would run it, on this machine: the local workspace (real gspread,
slack_sdk and Bolt over HTTP to the stand-ins, signed requests from the driver)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sandbox.workspace import LocalWorkspace

COMPLETE = "Jane Doe <jane@acme.com> from Alex Kim <alex@client.com>: needs payroll help"


def buttons(message: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(label, block_id, action_id) of every button in a message or view."""
    found = []
    for block in message.get("blocks", []):
        elements = block.get("elements", []) if block.get("type") == "actions" else []
        accessory = block.get("accessory")
        for element in [*elements, *([accessory] if accessory else [])]:
            if element.get("type") == "button":
                found.append((element["text"]["text"], block["block_id"], element["action_id"]))
    return found


def press(ws: LocalWorkspace, label: str, about: str = "", **picked: Any):
    """Press the newest button with this label in the current person's DMs (about a referral)."""
    for message in reversed(ws.dms()):
        if about and about not in str(message.get("blocks", "")):
            continue
        for text, block_id, action_id in buttons(message):
            if text == label:
                return ws.press(message, block_id, action_id, **picked)
    raise AssertionError(f"no button {label!r} in the DMs of {ws.current.name}")


def rows(ws: LocalWorkspace, tab: str = "Referrals") -> list[dict[str, str]]:
    headers, grid = ws.sheet_rows(tab)
    return [dict(zip(headers, row, strict=True)) for row in grid]


def row(ws: LocalWorkspace, referral_id: str) -> dict[str, str]:
    (found,) = [r for r in rows(ws) if r["ID"] == referral_id]
    return found


def history(ws: LocalWorkspace, referral_id: str) -> list[str]:
    return [r["What"] for r in rows(ws, "Activity") if r["Referral ID"] == referral_id]


def dm_texts(ws: LocalWorkspace, name: str) -> list[str]:
    ws.as_user(name)
    return [m.get("text", "") for m in ws.dms()]


def days(n: float) -> timedelta:
    return timedelta(days=n)
