"""Does a student release hold answers? Callables that pass hidden checks, and text that gives them away.

Two searches, both run by the leak test on what ``publish`` wrote:

- :func:`callable_leaks`: every callable a student gets (the student package's functions and
  classes, at any depth of its modules, and the functions and classes defined in the
  published notebooks' given cells) is put in, as the student's answer, for every graded
  function whose signature it fits, and graded by that function's test cells, hidden tests
  included, run in this process with the grader's references. None may pass. Renaming a
  reference does not fool it: it looks at what a callable does, not at its name.
- :func:`text_leaks` (in ``release.py``'s terms: solution lines, hidden tests, model answers)
  is the cheap part, run by ``publish`` itself.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import inspect
import io
import math
import pkgutil
import signal
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from autograder.course.cells import SOLUTION_MARKER, grade_id, is_answer_cell, is_test_cell
from autograder.course.layout import ROOT

HIDDEN_MARKER = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")


@dataclass(frozen=True)
class Graded:
    """A graded function or class of a lab: its name, whether it is a class, and its required arity."""

    lab: str
    name: str
    is_class: bool
    required: int
    tests: tuple[str, ...]
    """The code of its test cells, visible and hidden tests together (markers removed)."""


def _strip_markers(source: str) -> str:
    return "\n".join(line for line in source.split("\n")
                     if not SOLUTION_MARKER.match(line) and line.strip() not in HIDDEN_MARKER)


def _required(node: ast.FunctionDef) -> int:
    """How many positional arguments a call must give (those without a default, ``self`` excluded)."""
    args = node.args.posonlyargs + node.args.args
    names = [a.arg for a in args if a.arg != "self"]
    return len(names) - len(node.args.defaults)


def lab_cells(lab: str, root: Path = ROOT) -> tuple[str, dict[str, str], list[nbformat.NotebookNode]]:
    """(the import cell, the solution of every answer cell by grade_id, the test cells) of a source notebook."""
    nb = nbformat.read(root / "source" / lab / f"{lab}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    answers = {grade_id(c): _strip_markers(c.source) for c in code if is_answer_cell(c)}
    return code[0].source, answers, [c for c in code if is_test_cell(c)]


def graded(lab: str, root: Path = ROOT) -> list[Graded]:
    """The graded functions and classes of ``lab``, from its source notebook's answer cells."""
    _, answers, tests = lab_cells(lab, root)
    found = []
    for gid, source in answers.items():
        for node in ast.parse(source).body:
            if getattr(node, "name", None) != gid:
                continue
            if isinstance(node, ast.ClassDef):
                init = next((n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
                required, is_class = (_required(init) if init else 0), True
            elif isinstance(node, ast.FunctionDef):
                required, is_class = _required(node), False
            else:
                continue
            cells = tuple(_strip_markers(c.source) for c in tests
                          if (grade_id(c) or "") == f"test_{gid}" or (grade_id(c) or "").startswith(f"test_{gid}_"))
            if cells:
                found.append(Graded(lab, gid, is_class, required, cells))
    return found


def _fits(candidate: Callable, target: Graded) -> bool:
    """Whether ``candidate`` can be called (or, for a class, built) as ``target`` is by its tests."""
    import torch

    if target.is_class != isinstance(candidate, type):
        return False
    if target.is_class and not issubclass(candidate, torch.nn.Module):
        return False
    try:
        sig = inspect.signature(candidate)
    except (TypeError, ValueError):
        return False
    try:
        sig.bind(*([None] * target.required))
    except TypeError:
        return False
    return True


def package_callables(package: str = "dllabs") -> dict[str, Callable]:
    """Every function and class defined in ``package``'s modules (private ones too) and every function
    held in a module-level dict or list of them, by qualified name."""
    root = importlib.import_module(package)
    modules = [root] + [importlib.import_module(m.name)
                        for m in pkgutil.walk_packages(root.__path__, prefix=f"{package}.")]
    found: dict[str, Callable] = {}
    for module in modules:
        for key, value in vars(module).items():
            values = [value]
            if isinstance(value, dict):
                values = list(value.values())
            elif isinstance(value, (list, tuple)):
                values = list(value)
            for v in values:
                if (inspect.isfunction(v) or inspect.isclass(v)) and getattr(v, "__module__", "").startswith(package):
                    found.setdefault(f"{v.__module__}.{getattr(v, '__qualname__', key)}", v)
                    if inspect.isclass(v):
                        for name, member in vars(v).items():
                            if isinstance(member, staticmethod):
                                found.setdefault(f"{v.__module__}.{v.__qualname__}.{name}", member.__func__)
    return found


def notebook_callables(path: Path, imports: str) -> dict[str, Callable]:
    """The functions and classes defined at the top level of a published notebook's given code cells
    (answer and test cells excluded), defined after ``imports`` ran."""
    nb = nbformat.read(path, as_version=4)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    with _quiet():
        exec(compile(imports, "<imports>", "exec"), namespace)
    found: dict[str, Callable] = {}
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or is_answer_cell(cell) or is_test_cell(cell):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        defs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
        if not defs:
            continue
        try:
            with _quiet():
                exec(compile(ast.Module(body=defs, type_ignores=[]), f"<{path.name} cell {i}>", "exec"), namespace)
        except Exception:
            continue
        for node in defs:
            found[f"{path.stem}:{node.name}"] = namespace[node.name]
    return found


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        yield


class _TookTooLong(BaseException):
    pass


@contextlib.contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    def stop(*_: Any) -> None:
        raise _TookTooLong()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


class LabRunner:
    """Runs one lab's test cells in this process, with any callable in place of a graded function."""

    def __init__(self, lab: str, root: Path = ROOT) -> None:
        imports, answers, _ = lab_cells(lab, root)
        self.lab, self.imports = lab, imports
        self.namespace: dict[str, Any] = {"__name__": "__main__"}
        with _quiet():
            exec(compile(imports, "<imports>", "exec"), self.namespace)
            for gid, source in answers.items():
                exec(compile(source, f"<{gid}>", "exec"), self.namespace)

    def passes(self, target: Graded, candidate: Callable, seconds: int = 30) -> bool:
        """Whether every test cell of ``target`` passes with ``candidate`` as the student's answer."""
        import torch

        namespace = dict(self.namespace)
        namespace[target.name] = candidate
        try:
            with _quiet(), _time_limit(seconds), torch.random.fork_rng():
                for code in target.tests:
                    exec(compile(code, f"<test_{target.name}>", "exec"), namespace)
        except (Exception, _TookTooLong):
            return False
        return True


def callable_leaks(labs: list[str], candidates: dict[str, Callable], root: Path = ROOT,
                   exempt: Callable[[str, str], bool] = lambda where, lab: False) -> list[str]:
    """One line per (candidate, graded function) where the candidate passes every test cell of the function.

    Each function's own solution runs first (it must pass, or the search proves nothing); a candidate gets
    three times the solution's time, plus 2 s: a slower one is taken for a wrong answer.

    ``exempt(candidate_name, lab)`` spares a candidate for a lab (a later lab's given cells hold an
    earlier lab's solution once that lab is past due: ``release.py`` decides).
    """
    found = []
    for lab in labs:
        runner = LabRunner(lab, root)
        for target in graded(lab, root):
            start = time.perf_counter()
            if not runner.passes(target, runner.namespace[target.name], seconds=600):
                raise RuntimeError(f"{lab}.{target.name}: the solution fails its own tests here; the search"
                                   " would prove nothing")
            limit = math.ceil(3 * (time.perf_counter() - start)) + 2  # a right answer takes about as long
            for name, candidate in candidates.items():
                if exempt(name, lab) or not _fits(candidate, target):
                    continue
                if runner.passes(target, candidate, seconds=limit):
                    found.append(f"{name} passes every test of {lab}.{target.name}")
    return found


def release_candidates(release_dir: Path, root: Path = ROOT) -> tuple[dict[str, Callable], dict[str, str]]:
    """Every callable a student of ``release_dir`` gets: the student package's (imported here: it must be
    the course's own ``dllabs``, as the leak test checks) and the published notebooks' given cells';
    and, for the latter, the lab each comes from."""
    from autograder.course.layout import lab_names

    candidates = package_callables("dllabs")
    origin: dict[str, str] = {}
    for lab in lab_names(root):
        notebook = release_dir / "labs" / lab / f"{lab}.ipynb"
        if notebook.exists():
            found = notebook_callables(notebook, lab_cells(lab, root)[0])
            candidates.update(found)
            origin.update({name: lab for name in found})
    return candidates, origin


def main(argv: list[str] | None = None) -> int:
    """``python -m autograder.authoring.leaks RELEASE [LAB ...]``: print each callable of the release that passes a
    graded function's tests (the labs given, or every lab), then exit 1 if any did."""
    import argparse

    from autograder.authoring import release
    from autograder.course.layout import lab_names

    parser = argparse.ArgumentParser(prog="python -m autograder.authoring.leaks", description=main.__doc__)
    parser.add_argument("release", type=Path)
    parser.add_argument("labs", nargs="*")
    args = parser.parse_args(argv)
    candidates, origin = release_candidates(args.release)
    borrowers = release.solution_borrowers()
    found = callable_leaks(args.labs or lab_names(), candidates,
                           exempt=lambda name, lab: lab in borrowers.get(origin.get(name, ""), {}))
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
