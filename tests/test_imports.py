"""The layers hold: no import circle in bot/ or sandbox/, and the bot never imports the stand-ins.

The imports are read from the source (every `import` and `from ... import`, also those inside
functions, which run later but still tie the modules), not by importing anything. Imports only for
type checkers (`if TYPE_CHECKING:`) never run, but a circle through them still ties two modules
into one: one test counts them too. Importing `a.b.c` also runs the
packages `a` and `a.b`, so those count as imported too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("bot", "sandbox")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {
        module_name(path): path for layer in LAYERS for path in sorted((ROOT / layer).rglob("*.py"))
    }


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported_names(
    tree: ast.AST, module: str, is_package: bool, typing: bool = False
) -> list[str]:
    """Dotted names this module imports when it runs (relative imports resolved); with
    `typing`, also those only type checkers see."""
    package = module if is_package else module.rpartition(".")[0]
    names: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node) and not typing:
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            names.extend(f"{base}.{alias.name}" for alias in node.names)
            names.append(base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return names


def _with_packages(name: str, modules: dict[str, Path]) -> set[str]:
    """The project modules that importing `name` runs: the module itself (or, for `from m import
    attr`, m) and every package above it."""
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts) + 1)} & modules.keys()


def import_graph(typing: bool = False) -> dict[str, set[str]]:
    modules = project_modules()
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        imported: set[str] = set()
        for name in _imported_names(tree, module, path.name == "__init__.py", typing):
            imported |= _with_packages(name, modules)
        imported.discard(module)
        # A package's own parents are run before it anyway; they are not its imports.
        graph[module] = {m for m in imported if not module.startswith(m + ".")}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_there_is_no_import_circle_in_bot_or_sandbox() -> None:
    assert circles(import_graph()) == []


def test_there_is_no_circle_even_through_imports_for_type_checkers() -> None:
    # A circle type checkers see is one class split across two files (as SheetLog and its
    # delivery once were): each module must be readable without the other.
    assert circles(import_graph(typing=True)) == []


def test_the_bot_never_imports_the_stand_ins() -> None:
    graph = import_graph()
    reaching = {
        module: sorted(t for t in targets if t.split(".")[0] == "sandbox")
        for module, targets in graph.items()
        if module.split(".")[0] == "bot"
    }
    assert {module: targets for module, targets in reaching.items() if targets} == {}


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_a_circle_is_found_wherever_it_closes(graph, expected) -> None:
    assert circles(graph) == expected


def test_imports_inside_functions_count_and_type_checking_ones_do_not() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from bot.b import X\n"
        "def f():\n    from . import c\n"
    )
    names = _imported_names(ast.parse(source), "bot.a", is_package=False)
    assert "bot.c" in names
    assert not any(name.startswith("bot.b") for name in names)
