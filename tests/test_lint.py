"""The code keeps one style: ruff, configured in pyproject.toml ([tool.ruff]: 120 columns,
pyflakes, pycodestyle, bugbear), finds nothing in the library, the tests or the benchmarks.
The student package runs on the oldest Python that pyproject claims (requires-python): vermin and a
scan of the syntax tree find no syntax, module or name newer than that (a real 3.10 environment runs
the checks in tests/test_python310.py, under -m slow)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from autograder.course.layout import ROOT

STUDENT_PACKAGE = ROOT / "src" / "dllabs"
NEWER_NAMES = {
    "Self": "3.11", "LiteralString": "3.11", "Never": "3.11", "assert_never": "3.11", "assert_type": "3.11",
    "reveal_type": "3.11", "TypeVarTuple": "3.11", "Unpack": "3.11", "Required": "3.11", "NotRequired": "3.11",
    "dataclass_transform": "3.11", "override": "3.12", "tomllib": "3.11", "ExceptionGroup": "3.11",
    "BaseExceptionGroup": "3.11", "TaskGroup": "3.11", "StrEnum": "3.11", "UTC": "3.11", "file_digest": "3.11",
    "batched": "3.12",
}
"""Names (imported, or read as a name or an attribute) that Python 3.10 lacks, some of which vermin
cannot tell apart from a user's own name."""
NEWER_ATTRIBUTES = {"positions": "3.11", "co_positions": "3.11", "co_qualname": "3.11", "add_note": "3.11",
                    "__notes__": "3.11", "line_number": "3.13"}
"""Attributes of objects whose type vermin cannot know (``dis.Instruction.positions``, a code
object's ``co_qualname``): read as ``x.name`` they need that Python; ``getattr(x, name, None)`` is the
guarded way."""


def ruff() -> list[str]:
    """The pinned ruff of this environment (the course extra installs it)."""
    return [sys.executable, "-m", "ruff"]


def test_does_ruff_find_nothing_to_fix():
    done = subprocess.run([*ruff(), "check", "--output-format", "concise", "."], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-500:]


def test_would_ruff_notice_a_line_over_the_limit(tmp_path):
    """The check can fail: a 121-column line in a file under the project's configuration is reported."""
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    (tmp_path / "long.py").write_text("x = " + repr("a" * 115) + "\n")
    done = subprocess.run([*ruff(), "check", "--output-format", "concise", "."], cwd=tmp_path, capture_output=True,
                          text=True)
    assert done.returncode == 1 and "E501" in done.stdout, done.stdout


def oldest_python() -> tuple[int, int]:
    """The oldest Python the student package claims: pyproject's requires-python (">=3.10")."""
    claim = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    found = re.fullmatch(r">=\s*(\d+)\.(\d+)", claim.strip())
    assert found, f"requires-python is {claim!r}; this guard reads only '>=X.Y'"
    return int(found[1]), int(found[2])


def newer_than(target: tuple[int, int], folder: Path) -> list[str]:
    """'file:line: what (needs X.Y)' for each thing in ``folder``'s Python files that ``target`` lacks."""
    version = "%d.%d" % target

    def newer(needs: str | None) -> bool:
        return needs is not None and tuple(map(int, needs.split("."))) > target
    done = subprocess.run(
        [sys.executable, "-c", "import sys, vermin; sys.argv[0] = 'vermin'; sys.exit(vermin.main())",
         f"-t={version}-", "--violations", "--no-tips", "--eval-annotations", "--pessimistic", "--no-config-file",
         "--format", "parsable", str(folder)], capture_output=True, text=True)
    assert done.returncode in (0, 1), f"vermin failed: {done.stderr[-1000:]}"
    found = []
    for row in done.stdout.splitlines():  # file:line:column:py2:py3:feature; rows with no line are totals
        path, line, _column, _py2, py3, feature = row.split(":", 5)
        if path and line:
            found.append(f"{Path(path).relative_to(folder)}:{line}: {feature.strip()} (needs {py3})")
    for path in sorted(folder.rglob("*.py")):
        name = path.relative_to(folder)
        try:
            tree = ast.parse(path.read_text(), str(path), feature_version=target)
        except SyntaxError as error:
            found.append(f"{name}:{error.lineno}: syntax that Python {version} lacks ({error.msg})")
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                names = {node.attr: NEWER_ATTRIBUTES.get(node.attr) or NEWER_NAMES.get(node.attr)}
            elif isinstance(node, ast.Name):
                names = {node.id: NEWER_NAMES.get(node.id)}
            elif isinstance(node, ast.alias):
                names = {part: NEWER_NAMES.get(part) for part in node.name.split(".")}
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = {part: NEWER_NAMES.get(part) for part in node.module.split(".")}
            else:
                continue
            found += [f"{name}:{node.lineno}: `{n}` (needs {v})" for n, v in names.items() if newer(v)]
    return sorted(set(found), key=lambda f: (f.split(":")[0], int(f.split(":")[1])))


def test_does_the_student_package_need_nothing_newer_than_the_oldest_python_claimed():
    target = oldest_python()
    found = newer_than(target, STUDENT_PACKAGE)
    assert not found, (f"src/dllabs must run on Python {target[0]}.{target[1]} (pyproject's requires-python); "
                       "use what that Python has, or guard the newer name:\n" + "\n".join(found))


OLD_ENOUGH = """import dis
from typing import Any

def line_of(ins: dis.Instruction) -> Any:
    positions = getattr(ins, "positions", None)
    return positions.lineno if positions is not None else ins.starts_line
"""
TOO_NEW = {
    "from typing import Any, Self": "`Self`",
    "line = ins.positions.lineno": "`positions`",
    "import tomllib": "tomllib",
    "group = ExceptionGroup('two', [ValueError(), KeyError()])": "ExceptionGroup",
    "code_name = f.__code__.co_qualname": "`co_qualname`",
    "from enum import StrEnum": "StrEnum",
    "type Pair = tuple[int, int]": "syntax",
}


def test_would_the_guard_notice_each_name_and_syntax_newer_than_3_10(tmp_path):
    """The guard can fail: each line of 3.11+ (what _no_autograd.py once had, among others) is named by
    file and line; a file that reads a newer attribute only through getattr passes."""
    (tmp_path / "ok.py").write_text(OLD_ENOUGH)
    for i, line in enumerate(TOO_NEW):
        (tmp_path / f"new{i}.py").write_text(f"x = 1\n{line}\n")
    found = newer_than((3, 10), tmp_path)
    for i, what in enumerate(TOO_NEW.values()):
        assert any(f.startswith(f"new{i}.py:2:") and what in f for f in found), (what, found)
    assert not any(f.startswith("ok.py") for f in found), found
