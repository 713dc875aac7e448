"""The local workspace's terminal console: type `/refer ...`, fill the form, read DMs, press
buttons by number, act as another member of the team, print the sheet, move the clock forward.

When standard input is not a terminal the same commands are read from it and echoed, so
`python run.py < demo.txt` prints a readable transcript."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import IO, Any
from urllib.parse import parse_qs, unquote
from zoneinfo import ZoneInfo

from bot.errors import ReferralDeskError
from bot.log.base import format_id, id_number
from bot.slack.ids import REFERRAL_ID
from sandbox.clock_moves import describe, parse_move
from sandbox.console import text as say
from sandbox.console.modal import Form, ask_choice, ask_date
from sandbox.console.render import Control, Listing, Renderer, first_line, short_url
from sandbox.console.table import card, drop_empty_columns, table
from sandbox.console.terminal import Terminal
from sandbox.demo_firm import GENERAL
from sandbox.listening import Seen
from sandbox.workspace import LOG_FILE, LocalWorkspace, WorkspaceError

log = logging.getLogger(__name__)

TABS = ("Referrals", "Activity", "Team", "Dashboard")
RECENT_DMS = 8
RECENT_ACTIVITY = 15
QUIT = ("quit", "exit", "q", "bye")


def run_console(workspace: LocalWorkspace, stdin: IO[str], stdout: IO[str]) -> int:
    return Console(workspace, Terminal(stdin, stdout)).run()


class Console:
    def __init__(self, workspace: LocalWorkspace, term: Terminal):
        self.ws = workspace
        self.term = term
        self.render = Renderer(
            names=workspace.name_of, style=term.style, width=term.width, links=self._link_hint
        )
        self.form = Form(term, workspace, self.render)
        self.listing = Listing()
        self.commands: dict[str, Callable[[str], None]] = {
            "help": self.help,
            "?": self.help,
            "dms": self.dms,
            "inbox": self.dms,
            "press": self.press,
            "reply": self.reply,
            "home": self.home,
            "as": self.act_as,
            "who": self.who,
            "sheet": self.sheet,
            "clock": self.clock,
            "channel": self.channel,
            "post": self.post,
            "log": self.log_message,
            "fresh": self.fresh,
        }
        self.stopped = False
        """Set by `fresh` on a used workspace: the rest of a script would not make sense."""

    def _link_hint(self, url: str) -> str | None:
        """Links to the local sheet lead nowhere in a browser; say which command shows it."""
        return say.sheet_link() if self.ws.is_sheet_link(url) else None

    # -- the loop ------------------------------------------------------------------------------

    def run(self) -> int:
        team = ", ".join(f"{p.name} ({p.role})" for p in self.ws.team if p != self.ws.current)
        you = f"{self.ws.current.name} ({self.ws.current.role})"
        self.term.say(say.banner(str(self.ws.data_dir.resolve()), you, team))
        while True:
            try:
                line = self.term.ask(f"\n{self.ws.current.name}> ")
            except KeyboardInterrupt:
                self.term.say(say.how_to_leave())
                continue
            if line is None or line.strip().casefold() in QUIT:
                break
            self.handle(line.strip())
            if self.stopped:
                return 1
        self.term.say(say.bye())
        return 0

    def handle(self, line: str) -> None:
        """One command; whatever goes wrong becomes one clear line, never a traceback."""
        if not line or line.startswith("#"):
            return
        try:
            self.dispatch(line)
        except (WorkspaceError, ReferralDeskError) as exc:
            self.term.say(say.bot_error(str(exc)))
        except KeyboardInterrupt:
            self.term.say(say.interrupted())
        except Exception as exc:  # the console must outlive any bug behind it
            log.exception("console command failed: %s", line.split(" ", 1)[0])
            self.term.say(say.unexpected(f"{type(exc).__name__}: {exc}", LOG_FILE))

    def dispatch(self, line: str) -> None:
        if line.startswith("/"):
            command, _, text = line.partition(" ")
            if command.casefold() != "/refer":
                self.term.say(say.only_refer(command))
                return
            self.show(self.ws.refer(text.strip()))
            return
        verb, _, rest = line.partition(" ")
        handler = self.commands.get(verb.casefold())
        if handler is not None:
            handler(rest.strip())
        elif verb.casefold() == "refer":
            self.term.say(say.did_you_mean_refer(rest.strip()))
        else:
            self.term.say(say.unknown(verb))

    # -- what the person sees after an action ----------------------------------------------------

    def show(self, seen: Seen, quiet: bool = False) -> None:
        """What the action made appear; `quiet` says nothing when nothing appeared."""
        listing = Listing()
        shown = self._show_own(seen, listing)
        shown = self._show_news(seen) or shown
        if seen.problem:
            self.term.say(say.bot_error(seen.problem))
            shown = True
        if listing.controls:
            self.listing = listing
        if seen.modal is not None:
            after = self.form.walk(seen.modal)
            if after is not None:
                self.term.say(say.form_submitted())
                self.show(after)
            return
        if not shown and not quiet:
            self.term.say(say.nothing_happened())

    def _show_own(self, seen: Seen, listing: Listing) -> bool:
        me = self.ws.current
        shown = False
        for ephemeral in seen.ephemerals:
            self.term.say(self.term.style.dim(say.only_you()))
            self.term.lines(self.render.message(ephemeral, listing, "ephemeral"))
            shown = True
        for heading, posts in (
            (say.dm_heading(me.name), seen.posted),
            (say.updated_heading(), seen.updated),
        ):
            for post in posts:
                if post.person == me:
                    self.term.say(self.term.style.bold(heading))
                    self.term.lines(self.render.message(post.message, listing, "dm"))
                    shown = True
        return shown

    def _show_news(self, seen: Seen) -> bool:
        """One line for each message that reached someone else, or a channel."""
        me = self.ws.current
        hints: list[str] = []
        for posts, line in ((seen.posted, say.news), (seen.updated, say.news_updated)):
            for post in posts:
                if post.person == me:
                    continue
                self.term.say(line(post.where, first_line(post.message, self.ws.name_of)))
                hint = say.see_as(post.person.name) if post.person else ""
                if hint and hint not in hints:
                    hints.append(hint)
        for hint in hints:
            self.term.say(self.term.style.dim(hint))
        return any(p.person != me for p in seen.posted + seen.updated)

    # -- commands --------------------------------------------------------------------------------

    def help(self, _: str) -> None:
        self.term.say(say.HELP)

    def dms(self, arg: str) -> None:
        messages = self.ws.dms()
        me = self.ws.current
        if not messages:
            self.term.say(say.no_dms(me.name))
            return
        shown = messages if arg.casefold() == "all" else messages[-RECENT_DMS:]
        if len(shown) < len(messages):
            self.term.say(self.term.style.dim(say.older_dms(len(messages) - len(shown))))
        listing = Listing()
        for message in shown:
            if message.get("bot_id"):
                self.term.say(self.term.style.bold(say.from_bot()))
                self.term.lines(self.render.message(message, listing, "dm"))
            else:
                self.term.say(
                    say.typed(self.ws.name_of(message.get("user", "")), message.get("text", ""))
                )
        self.listing = listing

    def channel(self, arg: str) -> None:
        channel_id = self.ws.find_channel(arg or self.ws.settings.review_channel)
        name = self.ws.channels()[channel_id]
        messages = self.ws.channel_messages(channel_id)
        if not messages:
            self.term.say(say.channel_empty(name))
            return
        listing = Listing()
        for message in messages[-RECENT_DMS:]:
            self.term.say(
                self.term.style.bold(say.in_channel(name, self.ws.name_of(message.get("user", ""))))
            )
            self.term.lines(self.render.message(message, listing, f"channel:{channel_id}"))
        self.listing = listing

    def post(self, text: str) -> None:
        if not text:
            self.term.say(say.unknown("post"))
            return
        self.ws.slack.post_as_user(self.ws.current.user_id, GENERAL, text)
        self.term.say(say.posted(self.ws.channels()[GENERAL]))

    def log_message(self, arg: str) -> None:
        """The message shortcut on one of #general's newest messages (1 = the newest)."""
        messages = self.ws.channel_messages(GENERAL)
        back = int(arg) if arg.isdigit() and int(arg) > 0 else 1
        if len(messages) < back:
            self.term.say(say.no_message_to_log())
            return
        self.show(self.ws.log_as_referral(messages[-back], GENERAL))

    def home(self, _: str) -> None:
        view = self.ws.open_home()
        self._show_home(view)

    def _show_home(self, view: dict[str, Any] | None) -> None:
        if view is None:
            self.term.say(say.nothing_happened())
            return
        listing = Listing()
        self.term.say(self.term.style.bold(say.home_heading(self.ws.current.name)))
        self.term.lines(self.render.blocks(view.get("blocks", []), listing, view, "home"))
        self.listing = listing

    def act_as(self, arg: str) -> None:
        if not arg:
            self.who("")
            return
        person = self.ws.as_user(arg)
        self.listing = Listing()  # the numbers belonged to someone else's screen
        self.term.say(say.now_acting(person.name, person.role))

    def who(self, _: str) -> None:
        me = self.ws.current
        rows = [
            [say.name_of(p.name, p == me), p.role, p.tags, p.territory, p.tz, p.hours]
            for p in self.ws.team
        ]
        headers = list(say.WHO_HEADERS)
        self.term.lines(table(headers, rows, self.term.width))
        self.term.say(self.term.style.dim(say.who_hint()))

    def reply(self, arg: str) -> None:
        if not arg:
            self.term.say(say.reply_usage())
            return
        self.show(self.ws.reply(arg))

    # -- press -----------------------------------------------------------------------------------

    def press(self, arg: str) -> None:
        number = arg.strip().lstrip("[").rstrip("]")
        if not number.isdigit():
            self.term.say(say.press_usage())
            return
        control = self.listing.get(int(number))
        if control is None:
            self.term.say(say.no_button(number))
            return
        container = self._live(control)
        if container is None:
            self.term.say(say.button_gone(control.label))
            return
        chosen = self._choose(control)
        if chosen is None:
            return
        in_view = control.place == "home"
        seen = self.ws.press(
            container, control.block_id, control.action_id, in_view=in_view, **chosen
        )
        self.show(seen, quiet=bool(control.element.get("url")))
        if in_view:
            home = self.ws.home_view()
            if home is not None and home.get("blocks") != container.get("blocks"):
                self._show_home(home)

    def _live(self, control: Control) -> dict[str, Any] | None:
        """The element's container as it is now, if it still holds the element."""
        place, ts = control.place, control.container.get("ts")
        if place == "home":
            current = self.ws.home_view()
        elif place == "ephemeral":
            current = _by_ts(self.ws.ephemerals(), ts)
        elif place.startswith("channel:"):
            current = _by_ts(self.ws.channel_messages(place.split(":", 1)[1]), ts)
        else:
            current = _by_ts(self.ws.dms(), ts)
        if current is None or not _holds(current, control):
            return None
        return current

    def _choose(self, control: Control) -> dict[str, Any] | None:
        """What the person picks for the element: {} for a button, None when they gave up."""
        element = control.element
        if control.kind == "button":
            if element.get("url"):
                self.term.lines(_link_preview(element["url"]))
            return {}
        if control.kind == "datepicker":
            picked = ask_date(
                self.term, f"  {control.label} (YYYY-MM-DD or +3d): ", self.ws.now().date()
            )
            return None if picked is None else {"selected_date": picked}
        if control.kind == "users_select":
            people = [(p.name, p.user_id) for p in self.ws.team]
            picked = ask_choice(self.term, f"  {control.label} (number or name): ", people)
            return None if picked is None else {"selected_user": picked}
        if control.kind in ("static_select", "radio_buttons", "overflow"):
            options = [
                ((o.get("text") or {}).get("text", ""), o.get("value"))
                for o in element.get("options", [])
            ]
            picked = ask_choice(self.term, f"  {control.label}: ", options)
            return None if picked is None else {"value": picked}
        self.term.say(say.cannot_use(control.kind))
        return None

    # -- the sheet -------------------------------------------------------------------------------

    def sheet(self, arg: str) -> None:
        words = arg.split()
        wanted = words[0] if words else "Referrals"
        show_all = len(words) > 1 and words[1].casefold() == "all"
        if REFERRAL_ID.fullmatch(wanted.strip()):
            self._referral_card(format_id(id_number(wanted.strip().upper())))
            return
        tab = next((t for t in TABS if t.casefold().startswith(wanted.casefold())), None)
        if tab is None:
            self.term.say(say.sheet_unknown(wanted, ", ".join(TABS)))
            return
        if not self.ws.flush():
            self.term.say(say.not_flushed())
        headers, rows = self.ws.sheet_rows(tab)
        rows = [row for row in rows if any(cell.strip() for cell in row)]
        if not rows:
            self.term.say(say.sheet_empty(tab))
            return
        self.term.say(self.term.style.bold(say.sheet_rows(tab, len(rows))))
        if tab == "Activity" and not show_all and len(rows) > RECENT_ACTIVITY:
            self.term.say(self.term.style.dim(say.sheet_earlier(len(rows) - RECENT_ACTIVITY)))
            rows = rows[-RECENT_ACTIVITY:]
        headers, rows, dropped = drop_empty_columns(headers, rows)
        self.term.lines(table(headers, rows, self.term.width))
        if dropped:
            self.term.say(self.term.style.dim(say.sheet_dropped(dropped)))

    def _referral_card(self, referral_id: str) -> None:
        headers, rows = self.ws.sheet_rows("Referrals")
        row = next((r for r in rows if r and r[0].strip().upper() == referral_id), None)
        if row is None:
            self.term.say(say.no_referral(referral_id))
            return
        self.term.say(self.term.style.bold(referral_id))
        self.term.lines(card(headers, row, self.term.width))

    # -- the clock -------------------------------------------------------------------------------

    def fresh(self, arg: str) -> None:
        """A script's first step: go on only in a workspace with no referrals yet."""
        _, referrals = self.ws.sheet_rows("Referrals")
        count = sum(1 for row in referrals if any(cell.strip() for cell in row))
        if count:
            self.term.say(say.not_fresh(str(self.ws.data_dir.resolve()), count))
            self.stopped = True
            return
        self.term.say(say.fresh_workspace())

    def clock(self, arg: str) -> None:
        if not arg:
            self.term.say(say.clock_now(self._when(self.ws.now()), describe(self.ws.clock_offset)))
            return
        delta = parse_move(arg, self.ws.now().astimezone(ZoneInfo(self.ws.current.tz)))
        if delta is None:
            self.term.say(say.clock_usage())
            return
        report, seen = self.ws.advance(delta)
        self.term.say(say.clock_moved(self._when(self.ws.now())))
        self.show_sweep(seen)
        self.term.say(
            say.sweep_summary(
                len(report.lists), len(report.nudged), len(report.reviewed), len(report.failed)
            )
        )
        if not seen.posted:
            me = self.ws.current
            local = self.ws.now().astimezone(ZoneInfo(me.tz)).strftime("%a %d %b %H:%M")
            self.term.say(say.no_nudges(f"{local} ({me.tz})", me.hours))

    def show_sweep(self, seen: Seen) -> None:
        listing = Listing()
        self._show_own(seen, listing)
        self._show_news(seen)
        if listing.controls:
            self.listing = listing

    def _when(self, moment: datetime) -> str:
        tz = self.ws.settings.firm_timezone
        return moment.astimezone(ZoneInfo(tz)).strftime("%a %Y-%m-%d %H:%M ") + tz


def _link_preview(url: str) -> list[str]:
    """What a link button would open; for an email, who it is to and its subject."""
    if not url.startswith("mailto:"):
        return [say.opens_link(short_url(url))]
    address, _, query = url.removeprefix("mailto:").partition("?")
    fields = parse_qs(query)
    subject = (fields.get("subject") or [""])[0]
    return [say.opens_email(unquote(address), subject)]


def _by_ts(messages: list[dict[str, Any]], ts: str | None) -> dict[str, Any] | None:
    return next((m for m in messages if m.get("ts") == ts), None)


def _holds(container: dict[str, Any], control: Control) -> bool:
    for block in container.get("blocks", []):
        if block.get("block_id") != control.block_id:
            continue
        elements = [*block.get("elements", []), block.get("accessory") or {}]
        if any(e.get("action_id") == control.action_id for e in elements):
            return True
    return False
