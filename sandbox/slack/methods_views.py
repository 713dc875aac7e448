"""views.open and views.publish, and what Slack does with a view_submission's answer (update,
push, errors, clear): modal stacks and Home tabs."""

from __future__ import annotations

import copy
import json
import secrets
import time
from typing import Any

from sandbox.slack.api_error import ApiError, invalid_arguments, missing_field
from sandbox.slack.args import Args
from sandbox.slack.blockkit import HOME, MODAL, view_problems
from sandbox.slack.context import Context
from sandbox.slack.messages import stamp_ids

MAX_VIEW_BYTES = 250_000
MAX_STACK = 3


def views_open(ctx: Context, args: Args) -> dict[str, Any]:
    spec = _view_spec(args, MODAL)
    _refuse_duplicate_external_id(ctx, spec)
    user_id = _exchange_trigger(ctx, args)
    view = _build_view(ctx, spec, root=None, previous=None)
    ctx.workspace.modal_stacks[user_id] = [view]
    return {"view": copy.deepcopy(view)}


def views_publish(ctx: Context, args: Args) -> dict[str, Any]:
    user_id = args.text("user_id")
    if not user_id or user_id not in ctx.workspace.users:
        raise invalid_arguments("invalid `user_id`")
    spec = _view_spec(args, HOME)
    existing = ctx.workspace.home_views.get(user_id)
    if existing is not None:
        _check_hash(args, existing)
    view = _build_view(ctx, spec, root=None, previous=None)
    if existing is not None:
        view["id"] = view["root_view_id"] = existing["id"]
    ctx.workspace.home_views[user_id] = view
    return {"view": copy.deepcopy(view)}


def _view_spec(args: Args, surface: str) -> dict[str, Any]:
    if args.get("view") in (None, ""):
        raise missing_field("view")
    spec = args.structured("view", error="invalid_arguments")
    if len(json.dumps(spec)) > MAX_VIEW_BYTES:
        raise ApiError("view_too_large")
    problems = view_problems(spec, surface)
    if problems:
        raise invalid_arguments(*problems)
    return spec


def _exchange_trigger(ctx: Context, args: Args) -> str:
    return ctx.triggers.exchange(args.text("trigger_id") or args.text("interactivity_pointer"))


def _check_hash(args: Args, current: dict[str, Any]) -> None:
    supplied = args.text("hash")
    if supplied is not None and supplied != current["hash"]:
        raise ApiError("hash_conflict")


def _all_views(ctx: Context) -> list[dict[str, Any]]:
    views = [view for stack in ctx.workspace.modal_stacks.values() for view in stack]
    return views + list(ctx.workspace.home_views.values())


def _refuse_duplicate_external_id(ctx: Context, spec: dict) -> None:
    external_id = spec.get("external_id")
    if not external_id:
        return
    for view in _all_views(ctx):
        if view.get("external_id") == external_id:
            raise ApiError("duplicate_external_id")


def _build_view(ctx: Context, spec: dict, root: str | None, previous: str | None) -> dict:
    team = ctx.workspace.team
    view_id = ctx.workspace.mint_id("V")
    return {
        "id": view_id,
        "team_id": team.team_id,
        "type": spec["type"],
        "title": spec.get("title"),
        "submit": spec.get("submit"),
        "close": spec.get("close"),
        "blocks": stamp_ids(spec["blocks"], seed=view_id),
        "private_metadata": spec.get("private_metadata", ""),
        "callback_id": spec.get("callback_id", ""),
        "external_id": spec.get("external_id", ""),
        "state": {"values": {}},
        "hash": f"{int(time.time())}.{secrets.token_hex(4)}",
        "clear_on_close": bool(spec.get("clear_on_close", False)),
        "notify_on_close": bool(spec.get("notify_on_close", False)),
        "root_view_id": root or view_id,
        "previous_view_id": previous,
        "app_id": team.app_id,
        "app_installed_team_id": team.team_id,
        "bot_id": team.bot_id,
    }


def _kept_state(current: dict[str, Any], updated: dict[str, Any]) -> dict[str, Any]:
    """Slack keeps what a person typed into inputs whose block_id and action_id survive."""
    kept: dict[str, Any] = {}
    values = current.get("state", {}).get("values", {})
    for block in updated["blocks"]:
        if block.get("type") != "input":
            continue
        action_id = block["element"].get("action_id")
        entry = values.get(block["block_id"], {})
        if action_id in entry:
            kept[block["block_id"]] = {action_id: entry[action_id]}
    return {"values": kept}


def apply_submission_answer(ctx: Context, user_id: str, answer: dict[str, Any] | None) -> None:
    """What Slack does with an app's answer to a view_submission (an empty ack closes the view)."""
    stack = ctx.workspace.modal_stacks.setdefault(user_id, [])
    action = (answer or {}).get("response_action")
    if not stack:
        raise ApiError("not_found", messages=["[ERROR] the user has no open modal"])
    if action is None:
        stack.pop()
    elif action == "clear":
        stack.clear()
    elif action == "errors":
        _check_errors(stack[-1], (answer or {}).get("errors"))
    elif action in ("update", "push"):
        _apply_view_action(ctx, stack, action, (answer or {}).get("view"))
    else:
        raise invalid_arguments(f"[ERROR] unknown response_action: {action}")


def _check_errors(view: dict[str, Any], errors: Any) -> None:
    """Slack shows errors only beside input blocks of the submitted view."""
    if not isinstance(errors, dict) or not errors:
        raise invalid_arguments("[ERROR] errors must be an object of block_id: message")
    inputs = {b["block_id"] for b in view["blocks"] if b.get("type") == "input"}
    for block_id, message in errors.items():
        if block_id not in inputs:
            raise invalid_arguments(f"[ERROR] {block_id} is not an input block in the view")
        if not isinstance(message, str) or not message:
            raise invalid_arguments(f"[ERROR] the error for {block_id} must be text")


def _apply_view_action(ctx: Context, stack: list[dict], action: str, spec: Any) -> None:
    problems = view_problems(spec, MODAL)
    if problems:
        raise invalid_arguments(*problems)
    top = stack[-1]
    if action == "update":
        view = _build_view(ctx, spec, root=top["root_view_id"], previous=top["previous_view_id"])
        view["id"] = top["id"]
        view["state"] = _kept_state(top, view)
        stack[-1] = view
        return
    if len(stack) >= MAX_STACK:
        raise ApiError("push_limit_reached")
    stack.append(_build_view(ctx, spec, root=stack[0]["id"], previous=top["id"]))


def close_top_view(ctx: Context, user_id: str) -> dict[str, Any] | None:
    """The person closes the visible modal; clear_on_close closes the whole stack."""
    stack = ctx.workspace.modal_stacks.get(user_id) or []
    if not stack:
        return None
    top = stack.pop()
    if top.get("clear_on_close"):
        stack.clear()
    return top
