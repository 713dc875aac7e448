"""Issue 7's scripted console scenario, several weeks long: three referrers claim one lead, the
owner snoozes while a separate thank-you owner keeps their own reminders, a coordinator decides
the credit on the conflict card, the lead is won, and a reassign attempt on the Won referral is
refused. Each person's DMs and the review channel show who was told what, and when."""

from __future__ import annotations

import re

from test_workspace_console import run
from test_workspace_console import ws as ws

ALEX = "/refer Jane Doe <jane@acme.com> from Alex Kim <alex@client.com>: needs payroll help"
BEA = "/refer Jane Doe <jane@acme.com> from Bea Tran <bea@partner.com>: met her at a fair"
CHRIS = "/refer Jane Doe <jane@acme.com> from Chris Park <chris@partner.com>: she asked us too"
SCRIPT = [
    ALEX,  # Monday 10:00: You log it (and thank Alex); Sam owns the lead
    "as Sam Lee",
    BEA,
    "as Priya Shah",
    CHRIS,
    "as Sam Lee",
    "reply snooze 3d",  # the owner holds the lead's reminders until Thursday
    "clock +1d",  # Tuesday
    "clock +1d",  # Wednesday
    "as Ana Ruiz",
    "channel",
    "press-credit Bea Tran",
    "clock +1d",  # Thursday: Sam's snooze is over
    "as Sam Lee",
    "reply won",
    "clock +7d",
    "clock +14d",  # weeks later
    "as Ana Ruiz",
    "reply R-0001 reassign <@U0PRIYA>",
    "as You",
    "dms",
    "quit",
]


def credit(label: str):
    def step(screen: str) -> str:
        numbers = re.findall(rf"\[(\d+)\] Credit {re.escape(label)}", screen)
        assert numbers, f"no [N] Credit {label} on screen"
        return f"press {numbers[-1]}"

    return step


def steps() -> list:
    return [credit(s.split(" ", 1)[1]) if s.startswith("press-credit") else s for s in SCRIPT]


def segments(screen: str) -> list[tuple[str, str]]:
    """(command, what the screen showed after it) in the order typed."""
    parts = re.split(r"^(?:You|Ana Ruiz|Sam Lee|Priya Shah)> (.*)$", screen, flags=re.M)
    return list(zip(parts[1::2], parts[2::2], strict=True))


def told(shown: str) -> list[str]:
    """The new messages a step sent ("-> DM to Sam Lee: …", "-> #referral-review: …")."""
    return [line for line in shown.split("\n") if line.startswith("-> ")]


def test_three_referrers_a_snoozing_owner_and_a_reassign_on_a_won_referral(ws):
    screen = run(ws, steps())
    seen = segments(screen)
    said = dict(seen)  # each command below is typed once
    clocks = [shown for command, shown in seen if command == "clock +1d"]
    tuesday, wednesday, thursday = clocks

    # Monday: the owner gets the lead, the thank-you owner (You) the thank-you, nobody else.
    assert told(said[ALEX]) == ["-> DM to Sam Lee: New referral for you: R-0001 Jane Doe"]
    assert "DM from Referral Desk to You:\n  Please thank Alex Kim" in said[ALEX]
    # Two more referrers: one card each; the older card is redrawn to point to the newer.
    assert told(said[BEA]) == [
        "-> #referral-review: Conflict on R-0001 Jane Doe: 2 people say they referred this lead."
    ]
    assert told(said[CHRIS]) == [
        "-> #referral-review: Conflict on R-0001 Jane Doe: 3 people say they referred this lead."
    ]
    assert "~> #referral-review (updated): Conflict on R-0001 Jane Doe: 2 people" in said[CHRIS]
    # Sam snoozes the lead: no new message to anyone; the thank-you DM is redrawn in place.
    assert told(said["reply snooze 3d"]) == []
    # Tuesday: the thank-you owner's morning list comes (the snooze holds only the lead); Sam's
    # does not.
    assert "Clock moved to Tue 2026-03-03 10:00" in tuesday
    assert told(tuesday) == [
        "-> DM to You: Your referral reminders for Tue 3 Mar: 1 step, 1 overdue. R-0001 Thank "
        "Alex Kim for the introduction"
    ]
    # Wednesday: the overdue thank-you reaches the coordinators' review, naming who owes it (You).
    assert "-> #referral-review: Morning review for Wed 4 Mar: 1 overdue step." in wednesday
    assert "DM to Sam Lee" not in wednesday
    review = ws.find_channel("referral-review")
    (morning,) = [m for m in ws.channel_messages(review) if "Wed 4 Mar" in m["text"]]
    (line,) = [b for b in morning["blocks"] if b.get("block_id") == "mline|R-0001|thank_you"]
    assert "U0YOU" in str(line) and "U0SAM" not in str(line)
    # Ana credits the second referrer on the newest card: the claimants' outcome drafts go to
    # the thank-you owner; both cards and every DM about R-0001 are redrawn in place.
    pressed = next(shown for command, shown in seen if command.startswith("press "))
    assert (
        told(pressed)
        == [
            "-> DM to You: A draft is ready for R-0001 Jane Doe: the outcome of a claim, to the "
            "claimant. Send it yourself, then press M…"
        ]
        * 2
    )
    assert pressed.count("~> #referral-review (updated): Conflict on R-0001") == 2
    assert "~> DM to Sam Lee (updated): New referral for you: R-0001" in pressed
    # Thursday: Sam's snooze is over and his first reminder list comes, with the first contact.
    before_thursday = screen.split("Clock moved to Thu 2026-03-05", 1)[0]
    assert "-> DM to Sam Lee: Your referral reminders" not in before_thursday
    assert (
        "-> DM to Sam Lee: Your referral reminders for Thu 5 Mar: 1 step, 1 overdue. R-0001 "
        "First contact with Jane Doe"
    ) in told(thursday)
    # Won: the close-the-loop draft to the thank-you owner; the DMs about it redrawn in place.
    assert told(said["reply won"]) == [
        "-> DM to You: A draft is ready for R-0001 Jane Doe: close the loop: won. Send it "
        "yourself, then press Mark sent."
    ]
    assert "~> DM to You (updated)" in said["reply won"]
    # Weeks later a coordinator tries to reassign the Won referral: refused, nobody is told.
    refused = said["reply R-0001 reassign <@U0PRIYA>"]
    assert "R-0001 is closed (Won), so it cannot be reassigned" in refused
    assert told(refused) == []
    assert "DM to Priya Shah" not in screen  # Priya was never sent anything about R-0001

    headers, grid = ws.sheet_rows("Referrals")
    (jane,) = [dict(zip(headers, row, strict=True)) for row in grid]
    assert (jane["Referred by"], jane["Owner"], jane["Stage"]) == ("Bea Tran", "Sam Lee", "Won")
