"""Filling a modal in the terminal, field by field, as a person fills it in Slack.

Each input shows its label, whether it is optional, and its current value; Enter keeps it, '-'
clears it, 'done' submits at once, 'cancel' closes the form. Selects and user pickers show
numbered choices. When the bot answers with inline errors, only those fields are asked again;
when it answers with a new view (update or push), that view is walked in turn."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sandbox.console import text as say
from sandbox.console.render import Listing, Renderer
from sandbox.console.terminal import Terminal
from sandbox.listening import Seen
from sandbox.workspace import LocalWorkspace

KEEP, CLEAR, DONE, CANCEL = "keep", "clear", "done", "cancel"
MAX_ROUNDS = 10
"""A bot that keeps answering with errors or new views should not trap the person forever."""


@dataclass(frozen=True)
class Field:
    block: dict[str, Any]

    @property
    def block_id(self) -> str:
        return self.block["block_id"]

    @property
    def element(self) -> dict[str, Any]:
        return self.block["element"]

    @property
    def kind(self) -> str:
        return self.element.get("type", "")

    @property
    def action_id(self) -> str:
        return self.element.get("action_id", "")

    @property
    def label(self) -> str:
        return (self.block.get("label") or {}).get("text", self.block_id)

    @property
    def optional(self) -> bool:
        return bool(self.block.get("optional"))

    def options(self) -> list[dict[str, Any]]:
        if "option_groups" in self.element:
            return [o for g in self.element["option_groups"] for o in g.get("options", [])]
        return list(self.element.get("options", []))


def fields_of(view: dict[str, Any]) -> list[Field]:
    return [Field(b) for b in view.get("blocks", []) if b.get("type") == "input"]


def initial_value(field: Field, view: dict[str, Any]) -> Any:
    """What the input holds now: what was typed (view state), else the builder's initial value."""
    entry = view.get("state", {}).get("values", {}).get(field.block_id, {}).get(field.action_id)
    if entry:
        for key in ("value", "selected_user", "selected_date", "selected_time"):
            if key in entry:
                return entry[key]
        if "selected_option" in entry:
            return (entry["selected_option"] or {}).get("value")
        if "selected_options" in entry:
            return [o.get("value") for o in entry["selected_options"]]
    element = field.element
    if "initial_option" in element:
        return element["initial_option"].get("value")
    if "initial_options" in element:
        return [o.get("value") for o in element["initial_options"]]
    for key in ("initial_value", "initial_user", "initial_date", "initial_time"):
        if key in element:
            return element[key]
    return [] if field.kind in ("checkboxes", "multi_static_select") else None


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


class Form:
    def __init__(self, term: Terminal, workspace: LocalWorkspace, renderer: Renderer):
        self.term = term
        self.ws = workspace
        self.render = renderer

    def walk(self, view: dict[str, Any]) -> Seen | None:
        """Fill and submit `view`; the Seen of the final submission, or None if abandoned."""
        values = {f.block_id: initial_value(f, view) for f in fields_of(view)}
        to_ask = [f.block_id for f in fields_of(view)]
        errors: dict[str, str] = {}
        self._show_view(view)
        for _ in range(MAX_ROUNDS):
            outcome = self._ask_all(view, values, to_ask, errors)
            if outcome == CANCEL:
                self.ws.close_modal()
                self.term.say(say.form_cancelled())
                return None
            seen = self.ws.submit(view, _submission(view, values))
            answer = seen.answer or {}
            if seen.problem:  # the bot failed; Slack would show its error and keep the form
                self.ws.close_modal()
                return seen
            if answer.get("response_action") == "errors":
                errors = {str(k): str(v) for k, v in (answer.get("errors") or {}).items()}
                self.term.say(say.form_fix(len(errors)))
                to_ask = [f.block_id for f in fields_of(view) if f.block_id in errors]
                if not to_ask:  # errors beside no field we know: show them, ask everything
                    self.term.lines([f"  ! {text}" for text in errors.values()])
                    to_ask = [f.block_id for f in fields_of(view)]
                continue
            if seen.modal is not None:  # the bot updated the form or pushed another one
                view = seen.modal
                values = {f.block_id: initial_value(f, view) for f in fields_of(view)}
                to_ask, errors = [f.block_id for f in fields_of(view)], {}
                self._show_view(view)
                continue
            return seen
        self.ws.close_modal()
        self.term.say(say.form_cancelled())
        return None

    # -- showing -------------------------------------------------------------------------------

    def _show_view(self, view: dict[str, Any]) -> None:
        title = (view.get("title") or {}).get("text", "Form")
        self.term.say()
        self.term.say(self.term.style.bold(say.form_heading(title)))
        notes = [b for b in view.get("blocks", []) if b.get("type") != "input"]
        self.term.lines(self.render.blocks(notes, Listing(), view, "modal"))

    # -- asking --------------------------------------------------------------------------------

    def _ask_all(
        self, view: dict, values: dict[str, Any], to_ask: list[str], errors: dict[str, str]
    ) -> str:
        fields = [f for f in fields_of(view) if f.block_id in to_ask]
        for field in fields:
            if field.block_id in errors:
                self.term.say(self.term.style.bold(f"  ! {errors[field.block_id]}"))
            outcome = self._ask_field(field, values)
            if outcome in (CANCEL, DONE):
                break
        else:
            outcome = DONE
        if outcome == CANCEL:
            return CANCEL
        missing = [f for f in fields_of(view) if not f.optional and is_empty(values[f.block_id])]
        for field in missing:  # Slack will not submit with a required input empty
            self.term.say(f"  {field.label}: {say.form_required()}")
            if self._ask_field(field, values) == CANCEL:
                return CANCEL
        return DONE

    def _ask_field(self, field: Field, values: dict[str, Any]) -> str:
        """Ask until the answer fits the field; KEEP/CLEAR/DONE/CANCEL or the value set."""
        while True:
            self._show_choices(field)
            hint = (field.block.get("hint") or {}).get("text")
            if hint:
                self.term.say(self.term.style.dim(f"    {hint}"))
            line = self.term.ask(self._prompt(field, values.get(field.block_id)))
            if line is None or line.strip().casefold() == CANCEL:
                return CANCEL
            text = line.strip()
            if text.casefold() == DONE:
                return DONE
            if text == "":
                if not field.optional and is_empty(values.get(field.block_id)):
                    self.term.say(f"    {say.form_required()}")
                    continue
                return KEEP
            if text == "-":
                if not field.optional:
                    self.term.say(f"    {say.form_required()}")
                    continue
                values[field.block_id] = (
                    [] if isinstance(values.get(field.block_id), list) else None
                )
                return CLEAR
            parsed, problem = self._parse(field, line)
            if problem:
                self.term.say(f"    {problem}")
                continue
            values[field.block_id] = parsed
            return "set"

    def _prompt(self, field: Field, current: Any) -> str:
        need = "optional" if field.optional else "required"
        shown = self._shown(field, current)
        return f"  {field.label} ({need})" + (f" [{shown}]" if shown else "") + ": "

    def _shown(self, field: Field, value: Any) -> str:
        if is_empty(value):
            return ""
        if field.kind in ("users_select",):
            return self.ws.name_of(value)
        if field.options():
            chosen = value if isinstance(value, list) else [value]
            texts = {o.get("value"): (o.get("text") or {}).get("text", "") for o in field.options()}
            return ", ".join(texts.get(v, str(v)) for v in chosen)
        text = str(value).replace("\n", "\\n")
        return text if len(text) <= 60 else text[:59] + "…"

    def _show_choices(self, field: Field) -> None:
        choices = self._choices(field)
        if choices:
            listed = "  ".join(f"{i}) {label}" for i, (label, _) in enumerate(choices, 1))
            self.term.say(f"    {listed}")

    def _choices(self, field: Field) -> list[tuple[str, Any]]:
        if field.kind == "users_select":
            return [(p.name, p.user_id) for p in self.ws.team]
        return [((o.get("text") or {}).get("text", ""), o.get("value")) for o in field.options()]

    def _parse(self, field: Field, line: str) -> tuple[Any, str]:
        """(value, "") or (None, what is wrong)."""
        text = line.strip()
        choices = self._choices(field)
        if choices:
            many = field.kind in ("checkboxes", "multi_static_select", "multi_users_select")
            picks = [p.strip() for p in text.split(",")] if many else [text]
            chosen = [_pick(choices, p) for p in picks]
            if any(c is None for c in chosen):
                return None, say.form_pick(len(choices))
            return (chosen if many else chosen[0]), ""
        if field.kind == "datepicker":
            return _date(text, self.ws.now().date())
        value = line.replace("\\n", "\n").strip() if field.element.get("multiline") else text
        limit = field.element.get("max_length")
        if limit and len(value) > limit:
            return None, say.form_too_long(len(value), limit)
        return value, ""


def _pick(choices: list[tuple[str, Any]], text: str) -> Any:
    """By number, by exact label (any case), or by the only label starting with the text."""
    if text.isdigit():
        index = int(text)
        return choices[index - 1][1] if 1 <= index <= len(choices) else None
    wanted = text.casefold()
    exact = [v for label, v in choices if label.casefold() == wanted]
    if exact:
        return exact[0]
    if wanted in ("y", "yes") and len(choices) == 1:
        return choices[0][1]
    starts = [v for label, v in choices if label.casefold().startswith(wanted)]
    return starts[0] if len(starts) == 1 else None


def _date(text: str, today: date) -> tuple[Any, str]:
    """YYYY-MM-DD, or +3d / +1w from `today` (the bot's clock, which may have been moved)."""
    if text.startswith("+") and text[1:-1].isdigit() and text[-1:] in ("d", "w"):
        days = int(text[1:-1]) * (7 if text[-1] == "w" else 1)
        return (today + timedelta(days=days)).isoformat(), ""
    try:
        return date.fromisoformat(text).isoformat(), ""
    except ValueError:
        return None, say.form_date()


def _submission(view: dict[str, Any], values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The Driver's {block_id: {action_id: value}} for the inputs that hold something."""
    return {
        f.block_id: {f.action_id: values[f.block_id]}
        for f in fields_of(view)
        if not is_empty(values.get(f.block_id))
    }


def ask_date(term: Terminal, prompt: str, today: date) -> str | None:
    """A date for a datepicker outside a form (e.g. Snooze until...); None when abandoned."""
    while True:
        line = term.ask(prompt)
        if line is None or line.strip().casefold() in ("", CANCEL):
            return None
        value, problem = _date(line.strip(), today)
        if not problem:
            return value
        term.say(f"    {problem}")


def ask_choice(term: Terminal, prompt: str, choices: list[tuple[str, Any]]) -> Any:
    """One of numbered choices; None when abandoned."""
    term.say("    " + "  ".join(f"{i}) {label}" for i, (label, _) in enumerate(choices, 1)))
    while True:
        line = term.ask(prompt)
        if line is None or line.strip().casefold() in ("", CANCEL):
            return None
        chosen = _pick(choices, line.strip())
        if chosen is not None:
            return chosen
        term.say(f"    {say.form_pick(len(choices))}")
