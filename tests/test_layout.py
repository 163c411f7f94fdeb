"""The grader's house: each room (a folder of ``autograder/``) imports only the rooms below it, and
no module imports itself back through others. The order, bottom first, is the one
``autograder/__init__.py`` and ``docs/architecture.md`` describe."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "autograder"
ROOMS = ["course", "kernels", "preprocessors", "records", "engine", "authoring"]
"""Bottom first. ``references/`` (the grader's answers, imported by kernels by name) imports no room."""
TOP = len(ROOMS)
TOOLS = {"autograder.references.record"}
"""Tools that live beside what they serve and sit on top (recording the references runs the labs)."""


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def level(module: str) -> int:
    """A module's floor: its room's index; ``__main__``, ``demo``, ``selftest`` and the tools are on top."""
    parts = module.split(".")
    if module in TOOLS:
        return TOP
    if len(parts) > 2 and parts[1] == "references":
        return -1
    return ROOMS.index(parts[1]) if len(parts) > 1 and parts[1] in ROOMS else TOP


def imports() -> dict[str, set[str]]:
    """module -> the modules of ``autograder`` it imports (anywhere in its body: lazy imports count)."""
    modules = {module_name(p) for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        here = module_name(path)
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.ImportFrom) and node.level:
                base = here.split(".")[: -node.level + (1 if path.name == "__init__.py" else 0) or None]
                mod = ".".join([*base, *([node.module] if node.module else [])])
                names = [mod, *(f"{mod}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            graph.setdefault(here, set()).update(n for n in names if n in modules and n != here)
    return graph


def test_do_rooms_import_only_rooms_below_them():
    upward = sorted(f"{a} -> {b}" for a, bs in imports().items() for b in bs
                    if b != "autograder" and level(b) > level(a) and not (level(b) == -1))
    sideways = sorted(f"{a} -> {b}" for a, bs in imports().items() for b in bs
                      if level(a) == level(b) < TOP and a.split(".")[1] != b.split(".")[1])
    assert not upward, "a room imports one above it:\n" + "\n".join(upward)
    assert not sideways, "\n".join(sideways)


def test_is_there_no_import_cycle():
    graph = imports()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for other in sorted(graph.get(module, ())):
            if other == "autograder" or other.endswith(".__main__"):
                continue
            if state.get(other) == 1:
                cycles.append([*path[path.index(other):], other])
            elif other not in state:
                visit(other, [*path, other])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


def test_does_the_rule_see_an_upward_import(tmp_path):
    """The checker itself: a kernels module importing the engine is an upward import."""
    assert level("autograder.kernels.sandbox") < level("autograder.engine.job")
    assert level("autograder.demo") == TOP and level("autograder.references.lab1") == -1


def used_names() -> set[str]:
    """Every name the code loads (a name, an attribute, an import) or spells in a string (a dotted
    path nbgrader's configuration names a class by), in the grader, the student package, the
    tests, the benchmarks and nbgrader_config.py; a definition itself is no use of its name."""
    files = [p for d in ("autograder", "src", "tests", "benchmarks") for p in (ROOT / d).rglob("*.py")]
    used: set[str] = set()
    for path in [*files, ROOT / "nbgrader_config.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Name):
                used.add(node.id)
            elif isinstance(node, ast.Attribute):
                used.add(node.attr)
            elif isinstance(node, ast.ImportFrom):
                used.update(a.name for a in node.names)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                used.update(word.rpartition(".")[2] for word in re.findall(r"autograder\.[\w.]+", node.value))
    return used


def test_is_every_function_and_class_of_the_grader_used_somewhere():
    """Dead code goes: each module-level function and class of ``autograder/`` is used by some code."""
    used = used_names()
    unused = sorted(f"{module_name(path)}.{node.name}" for path in PACKAGE.rglob("*.py")
                    for node in ast.parse(path.read_text()).body
                    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                    and node.name not in used and not node.name.startswith("__"))
    assert not unused, "defined but used nowhere (remove it):\n" + "\n".join(unused)


def test_does_every_command_of_the_parser_have_its_function_and_no_other():
    import argparse

    from autograder.__main__ import COMMANDS, parser

    [commands] = [a for a in parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(commands.choices) == set(COMMANDS)
    assert parser().parse_args(["grade", "lab0_perceptron", "--memory-gb", "2"]).memory_gb == 2.0
