"""The student-side checks package keeps a shape a reader can follow: its modules import one
another without a cycle, no lab imports another lab's private names, and no function of a
check module is longer than a screen (a long check is split into set-up, run and judge)."""

import ast
from pathlib import Path

import pytest

CHECKS = Path(__file__).resolve().parent.parent / "src" / "dllabs" / "checks"
LONGEST = 80
"""Lines of the longest function allowed in ``src/dllabs/checks/*.py``, its docstring included."""


def _modules() -> dict[str, ast.Module]:
    """Every module of ``dllabs.checks`` (sub-packages included), by dotted name under it."""
    out = {}
    for path in sorted(CHECKS.rglob("*.py")):
        parts = path.relative_to(CHECKS).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return out


def _is_package(name: str) -> bool:
    return (CHECKS.joinpath(*name.split(".")) / "__init__.py").is_file() if name else True


def _imports(name: str, tree: ast.Module, known: set[str]) -> dict[str, set[str]]:
    """The modules of ``dllabs.checks`` that module ``name`` imports -> the names it takes from each."""
    package = name if _is_package(name) else name.rpartition(".")[0]
    parts = package.split(".") if package else []
    out: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            if node.level - 1 > len(parts):
                continue  # above dllabs.checks
            target = ".".join([*parts[:len(parts) - node.level + 1], *filter(None, [node.module])])
            for alias in node.names:
                sub = f"{target}.{alias.name}".strip(".")
                if sub in known:  # `from . import lab1`
                    out.setdefault(sub, set())
                elif target in known:
                    out.setdefault(target, set()).add(alias.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")]:
                target = alias.name.removeprefix("dllabs.checks").strip(".")
                if alias.name.startswith("dllabs.checks") and target in known:
                    out.setdefault(target, set())
    return out


def _graph() -> dict[str, dict[str, set[str]]]:
    modules = _modules()
    return {name: _imports(name, tree, set(modules)) for name, tree in modules.items()}


def _cycle(graph: dict[str, dict[str, set[str]]]) -> list[str]:
    """One import cycle of ``graph`` as the list of its modules, or [] when there is none."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, {})):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        stack.pop()
        return []

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b": set()}, "b": {"c": set()}, "c": {"a": set()}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b": set()}, "b": {}, "c": {"a": set(), "b": set()}}) == []


def test_the_graph_sees_the_package_imports():
    graph = _graph()
    assert "_outcome" in graph["_compare"] and "CheckFailed" in graph["_compare"]["_outcome"]
    assert "_harness" in graph["contracts.lab1"] and "lab1" in graph["contracts.lab1"]


def test_no_import_cycle_between_the_modules_of_the_checks():
    cycle = _cycle({name: {m: n for m, n in deps.items() if m != name} for name, deps in _graph().items()})
    assert not cycle, "import cycle in dllabs.checks: " + " -> ".join(cycle)


def _lab(name: str) -> str | None:
    """``labN`` for the checks of lab N and for its contracts, else None."""
    last = name.rpartition(".")[2]
    return last if last.startswith("lab") else None


@pytest.mark.parametrize("module", sorted(n for n in _modules() if _lab(n)))
def test_a_lab_borrows_no_private_name_of_another_lab(module):
    borrowed = {f"{other}.{n}" for other, names in _graph()[module].items() if _lab(other) not in (None, _lab(module))
                for n in names if n.startswith("_")}
    assert not borrowed, (f"{module} imports private names of another lab ({sorted(borrowed)}): move them to"
                          " _shared.py (contracts/_modules.py for the contracts)")


def french_lines(function: ast.AST) -> set[int]:
    """The lines of a function that hold only the French of its messages (the second argument of each
    ``say(en, fr)`` that starts on a line of its own): the same message again, in the other language."""
    found = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "say" and len(node.args) == 2:
            en, fr = node.args
            if fr.lineno > en.end_lineno:
                found.update(range(fr.lineno, fr.end_lineno + 1))
    return found


def test_no_function_of_the_checks_is_longer_than_a_screen():
    """A function of the checks fits a screen, its messages counted in one language."""
    long = []
    for path in sorted(CHECKS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1 - len(french_lines(node))
                if lines > LONGEST:
                    long.append(f"{path.name}:{node.lineno} {node.name} ({lines} lines)")
    assert not long, f"functions over {LONGEST} lines (split them into set-up, run and judge): {long}"
