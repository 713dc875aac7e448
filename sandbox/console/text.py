"""Every sentence the console prints on its own, in one place."""

from __future__ import annotations

EXAMPLE = "/refer Jane Doe <jane@acme.com> from Alex Kim: needs payroll help"

HELP = f"""\
Referral Desk, local workspace. Slack and Google Sheets are simulated on this machine.

  /refer <text>          log a referral as in Slack, e.g.
                           {EXAMPLE}
  /refer                 open the referral form and fill it in field by field
  /refer list | find <text> | help
  dms  (or inbox)        your DMs from the bot, buttons numbered [1] [2] ...
  dms all                every DM, not just the latest
  press N                press button N of the last listing
  reply <text>           type in your DM with the bot, e.g. reply sent, reply snooze 2d
  home                   your App Home tab
  channel [name]         a channel's messages (default: the review channel), buttons numbered
  post <text>            say something in #general, as in Slack
  log [N]                use the message shortcut *Log as referral* on the newest message in
                           #general (or the Nth newest): the form opens prefilled from it
  as <name>              act as someone else: as Sam Lee, as coordinator, as me
  who                    the team and their roles
  sheet [Referrals|Activity|Team|Dashboard|R-0001]
                         print a tab of the sheet (or one referral)
  clock                  what time the bot thinks it is
  clock +2h | +3d | +1w  move the bot's clock forward and run a sweep: nudges arrive
  clock 09:00            move forward to the next 09:00 (your time zone)
  clock monday 09:30     move forward to the next Monday 09:30 (scripts start there)
  fresh                  stop a script here unless the workspace has no referrals yet
  help, quit

In a form: type a value, press Enter to keep the one shown, '-' to clear it,
'done' to submit now, 'cancel' to abandon. Lines starting with # are comments."""


def banner(data_dir: str, you: str, team: str) -> str:
    return (
        "Referral Desk — local workspace\n"
        f"Slack and Google Sheets are simulated on this machine; everything is kept in {data_dir}.\n"
        f"You are {you}. The team: {team}.\n"
        f"Try:  {EXAMPLE}\n"
        "Type help for everything you can do, quit to leave."
    )


def no_message_to_log() -> str:
    return "There is no message in #general to log; say something with post <text> first."


def posted(channel: str) -> str:
    return f"Posted in #{channel}. Type log to turn it into a referral."


def how_to_leave() -> str:
    return "\n(Type quit to leave.)"


def interrupted() -> str:
    return "(Interrupted.)"


def unknown(command: str) -> str:
    return f"I don't know '{command}'. Type help to see the commands."


def did_you_mean_refer(text: str) -> str:
    return f"Slash commands start with '/': did you mean /refer {text}?"


def only_refer(command: str) -> str:
    return f"{command} is not installed here; Referral Desk has /refer."


def now_acting(name: str, role: str) -> str:
    return f"You are now {name} ({role})."


WHO_HEADERS = ("Name", "Role", "Expertise", "Territory", "Time zone", "Hours")


def name_of(name: str, is_you: bool) -> str:
    return f"{name} (you)" if is_you else name


def who_hint() -> str:
    return "(as <name> switches who you are)"


def from_bot() -> str:
    return "Referral Desk:"


def typed(name: str, text: str) -> str:
    return f"{name}: {text}"


def channel_empty(name: str) -> str:
    return f"#{name}: no messages yet."


def in_channel(name: str, sender: str) -> str:
    return f"#{name} — {sender}:"


def home_heading(name: str) -> str:
    return f"App Home — {name}"


def no_dms(name: str) -> str:
    return f"No DMs for {name} yet."


def older_dms(count: int) -> str:
    return f"({count} older message{'s' if count != 1 else ''}; dms all shows them)"


def no_button(number: str) -> str:
    return f"There is no button [{number}] in the last listing. Type dms or home to list them."


def press_usage() -> str:
    return "Say which button: press 2 (the numbers are in the last listing)."


def button_gone(label: str) -> str:
    return f"'{label}' is no longer there (the message changed). Type dms or home to see it now."


def opens_link(url: str) -> str:
    return f"Opens {url} (in Slack your browser would open it)."


def opens_email(to: str, subject: str) -> str:
    who = f"to {to}" if to else "(add the address yourself: the log has none)"
    return f'Opens a new email {who}, subject "{subject}", with the draft as its body.'


def cannot_use(kind: str) -> str:
    return f"The console cannot use a {kind} element."


def reply_usage() -> str:
    return "Say what to type: reply sent, reply snooze 2d, reply not a fit: budget."


def nothing_happened() -> str:
    return "(No reply from the bot.)"


def only_you() -> str:
    return "Only visible to you:"


def dm_heading(name: str) -> str:
    return f"DM from Referral Desk to {name}:"


def updated_heading() -> str:
    return "Updated in place:"


def news(where: str, line: str) -> str:
    return f"-> {where}: {line}"


def news_updated(where: str, line: str) -> str:
    return f"~> {where} (updated): {line}"


def see_as(name: str) -> str:
    return f"   (type: as {name}, then dms)"


def sheet_unknown(tab: str, tabs: str) -> str:
    return f"No tab '{tab}'. Try one of: {tabs}, or a referral ID like R-0001."


def sheet_empty(tab: str) -> str:
    return f"{tab}: no rows yet."


def sheet_rows(tab: str, count: int) -> str:
    return f"{tab}: {count} row{'s' if count != 1 else ''}"


def sheet_dropped(count: int) -> str:
    return f"({count} empty column{'s' if count != 1 else ''} not shown)"


def sheet_earlier(count: int) -> str:
    return f"({count} earlier row{'s' if count != 1 else ''}; sheet activity all shows them)"


def no_referral(referral_id: str) -> str:
    return f"There is no {referral_id} in the sheet."


def not_flushed() -> str:
    return "(Some writes are still on their way to the sheet; it may lag a moment.)"


def clock_now(when: str, offset: str) -> str:
    return f"The bot's clock: {when}" + (f" ({offset} ahead of real time)" if offset else "")


def clock_usage() -> str:
    return (
        "Move the clock like this: clock +2h, clock +3d, clock +1w, clock +1d4h, clock 09:00, "
        "clock monday 09:30."
    )


def fresh_workspace() -> str:
    return "A fresh workspace: no referrals yet."


def not_fresh(folder: str, count: int) -> str:
    return (
        f"This workspace ({folder}) already has {count} referral{'s' if count != 1 else ''}, and "
        "this script expects none, so it stops here. Run it on a fresh folder "
        "(DATA_DIR=$(mktemp -d) make run < docs/demo.txt) or delete that folder first."
    )


def clock_moved(when: str) -> str:
    return f"Clock moved to {when}. Sweep ran."


def no_nudges(local: str, hours: str) -> str:
    return (
        f"No reminders right now. It is {local} for the team; each person gets one list of what "
        f"they owe per working morning, within their hours ({hours}), and an urgent first "
        "contact comes at once."
    )


def sweep_summary(lists: int, urgent: int, reviewed: int, failed: int) -> str:
    parts = [f"{lists} morning list{'s' if lists != 1 else ''}"]
    if urgent:
        parts.append(f"{urgent} urgent first-contact nudge{'s' if urgent != 1 else ''}")
    if reviewed:
        parts.append(f"a review post of {reviewed} line{'s' if reviewed != 1 else ''}")
    if failed:
        parts.append(f"{failed} not sent (tried again on the next sweep)")
    return "Sweep: " + ", ".join(parts) + "."


def form_heading(title: str) -> str:
    return f"Form: {title}  (Enter keeps a value, '-' clears, 'done' submits, 'cancel' abandons)"


def form_cancelled() -> str:
    return "Form closed; nothing was submitted."


def form_fix(count: int) -> str:
    return f"The form has {count} problem{'s' if count != 1 else ''}; fix {'it' if count == 1 else 'them'}:"


def form_required() -> str:
    return "This one is required."


def form_too_long(length: int, limit: int) -> str:
    return f"That is {length} characters; at most {limit} fit."


def form_pick(count: int) -> str:
    return f"Type a number from 1 to {count}, or Enter to keep."


def form_date() -> str:
    return "Type a date as YYYY-MM-DD, or +3d for three days from today."


def form_submitted() -> str:
    return "Submitted."


def bot_error(detail: str) -> str:
    return f"That did not work: {detail}"


def unexpected(detail: str, log_file: str) -> str:
    detail = detail if len(detail) <= 120 else detail[:119] + "…"
    return f"Something went wrong ({detail}). The details are in {log_file}."


def sheet_link() -> str:
    return "type: sheet"


def bye() -> str:
    return "Bye. Everything is saved; run python run.py again to carry on."
