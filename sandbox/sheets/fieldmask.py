"""Field masks: the ``fields`` partial-response parameter and the ``fields`` of update requests.

Grammar (Google's partial-response syntax): ``a,b(c,d/e),f.g`` where ``/`` and ``.`` both step into
a sub-field, parentheses select several sub-fields and ``*`` selects everything.
A mask is parsed into a tree: ``{name: subtree}``, where a subtree of ``None`` means "all of it".
"""

from __future__ import annotations

from typing import Any

from .errors import invalid

Mask = dict[str, Any] | None


def parse(text: str) -> Mask:
    """Parse a mask string into a tree; an empty or ``*`` mask selects everything."""
    text = text.strip()
    if text in ("", "*"):
        return None
    tree, pos = _parse_list(text, 0, text)
    if pos != len(text):
        raise invalid(f"Invalid field selection {text}")
    return tree


def _parse_list(text: str, pos: int, whole: str) -> tuple[dict, int]:
    tree: dict[str, Any] = {}
    while True:
        path, pos = _parse_path(text, pos, whole)
        sub: Mask = None
        if pos < len(text) and text[pos] == "(":
            sub, pos = _parse_list(text, pos + 1, whole)
            if pos >= len(text) or text[pos] != ")":
                raise invalid(f"Invalid field selection {whole}")
            pos += 1
        _insert(tree, path, sub)
        if pos < len(text) and text[pos] == ",":
            pos += 1
            continue
        return tree, pos


def _parse_path(text: str, pos: int, whole: str) -> tuple[list[str], int]:
    names, current = [], []
    while pos < len(text) and text[pos] not in ",()":
        ch = text[pos]
        if ch in "./":
            names.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
        pos += 1
    names.append("".join(current).strip())
    if any(not n for n in names):
        raise invalid(f"Invalid field selection {whole}")
    return names, pos


def _insert(tree: dict, path: list[str], sub: Mask) -> None:
    node = tree
    for name in path[:-1]:
        if name in node and node[name] is None:
            return  # already selects everything below
        node = node.setdefault(name, {})
    last = path[-1]
    if sub is None or node.get(last, {}) is None:
        node[last] = None
    else:
        existing = node.setdefault(last, {})
        for key, value in sub.items():
            _insert(existing, [key], value)


def child(mask: Mask, name: str) -> tuple[bool, Mask]:
    """Whether ``name`` is selected by ``mask`` and the sub-mask that applies below it."""
    if mask is None:
        return True, None
    if name in mask:
        return True, mask[name]
    if "*" in mask:
        return True, mask["*"]
    return False, None


def apply(value: Any, mask: Mask) -> Any:
    """Keep only the selected fields of a JSON value (lists are filtered item by item)."""
    if mask is None:
        return value
    if isinstance(value, list):
        return [apply(item, mask) for item in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        selected, sub = child(mask, key)
        if selected:
            out[key] = apply(item, sub)
    return out


def names(mask: Mask) -> set[str]:
    """Every field name mentioned anywhere in the mask."""
    found: set[str] = set()
    if mask:
        for key, sub in mask.items():
            found.add(key)
            found |= names(sub)
    return found


def check_known(mask: Mask, known: frozenset[str]) -> None:
    """Refuse names the resource does not have, as Google refuses a bad field selection."""
    for name in sorted(names(mask)):
        if name != "*" and name not in known:
            raise invalid(f"Invalid field selection {name}")


def update(target: dict, source: dict, mask: Mask) -> dict:
    """Apply an update mask: copy selected fields from ``source`` over ``target`` (new dict).

    A selected field missing from ``source`` is cleared, as Google resets it to its default.
    """
    if mask is None:
        return dict(source)
    out = dict(target)
    for key, sub in mask.items():
        if key == "*":
            return dict(source)
        if key not in source:
            out.pop(key, None)
        elif sub is None or not isinstance(source[key], dict):
            out[key] = source[key]
        else:
            out[key] = update(target.get(key) or {}, source[key], sub)
    return out
