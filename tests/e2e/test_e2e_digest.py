"""The weekly digest end to end in the local workspace: posted with its chart to the digest
channel when its slot comes (Monday 08:00 London), once, also across a restart; `/refer digest`
for coordinators only, through signed requests to the bot."""

from __future__ import annotations

import json
from datetime import timedelta

from e2e_support import COMPLETE

from sandbox.workspace import LocalWorkspace

DIGEST = "C0DIGEST"


def digests(ws: LocalWorkspace) -> list[dict]:
    return [m for m in ws.channel_messages(DIGEST) if not m.get("files")]


def charts(ws: LocalWorkspace) -> list[dict]:
    return [f for m in ws.channel_messages(DIGEST) for f in m.get("files") or []]


def test_the_digest_and_its_chart_arrive_once_when_the_slot_comes(ws):
    ws.refer(COMPLETE)  # Monday 2 March, 09:30: this morning's slot came before the bot started
    assert ws.channel_messages(DIGEST) == []

    ws.advance(timedelta(days=6, hours=22))  # Monday 9 March, 07:30
    assert ws.channel_messages(DIGEST) == []
    _, seen = ws.advance(timedelta(minutes=30))  # 08:00 in London
    (digest,) = digests(ws)
    shown = json.dumps(digest["blocks"], ensure_ascii=False)
    assert digest["blocks"][0]["text"]["text"] == "Weekly referral digest — 2 Mar – 8 Mar 2026"
    assert "Source recorded?* 0 of 1 — not yet: R-0001" in shown  # How introduced not given
    assert "*Submissions*\\n1 (last week 0)" in shown
    (chart,) = charts(ws)
    assert ws.file_content(chart["id"]).startswith(b"\x89PNG")
    assert {p.where for p in seen.posted} >= {"#referral-digest"}

    ws.advance(timedelta(hours=3))
    assert len(ws.channel_messages(DIGEST)) == 2  # the digest and its chart, nothing more


def test_a_restart_after_the_slot_sends_nothing_twice(ws):
    ws.advance(timedelta(days=7))  # Monday 9 March, 09:30: the digest goes out
    assert len(ws.channel_messages(DIGEST)) == 2
    ws.stop()
    ws.start()
    ws.advance(timedelta(hours=1))
    assert len(ws.channel_messages(DIGEST)) == 2


def test_refer_digest_shows_coordinators_the_digest_and_refuses_everyone_else(ws):
    ws.refer(COMPLETE)
    ws.as_user("Ana Ruiz")
    seen = ws.refer("digest")
    assert not seen.problem
    (shown,) = [e for e in ws.ephemerals() if "Weekly referral digest" in e.get("text", "")]
    assert shown["blocks"][0]["type"] == "header"
    (chart,) = [f for m in ws.dms() for f in m.get("files") or []]  # in Ana's DM with the bot
    assert ws.file_content(chart["id"]).startswith(b"\x89PNG")
    assert ws.channel_messages(DIGEST) == []  # showing it posts nothing

    ws.as_user("Sam Lee")
    ws.refer("digest")
    (refused,) = [e["text"] for e in ws.ephemerals() if "coordinator" in e.get("text", "")]
    assert "Only coordinators and admins" in refused
    assert not [e for e in ws.ephemerals() if "Weekly referral digest" in e.get("text", "")]
    assert not [m for m in ws.dms() if m.get("files")]
