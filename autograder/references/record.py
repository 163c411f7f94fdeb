"""Record what a lab's references answer to its visible tests, for the student release.

``publish`` runs, for each lab, the visible part of every test cell against the solution and
against each bundled example submission (the wrong ones take the checks down the paths that
name mistakes), with the lab's references wrapped by :class:`Recorder`: each call's digest
and what it returned are kept. The result, ``{digest: value}``, is saved as
``dllabs/checks/recorded/<lab>.pt`` in the release, where ``dllabs.checks._references.Replay``
answers from it. Only tensors, numbers, strings and containers of them are recorded (data,
loaded with ``torch.load(weights_only=True)``); a reference that returns anything else is a
bug of the reference, reported as such.

Run as ``python -m autograder.references.record LAB OUT.pt [LAB OUT.pt ...]`` (``publish`` does, one
process per core, on the CPU: a problem recorded on the CPU replays on any device).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

from autograder.course.layout import EXAMPLES, ROOT, checks_module
from autograder.course.submissions import Submission, load_all


def _storable(value: Any, where: str) -> Any:
    """``value`` as recorded data: tensors detached on the CPU, containers rebuilt; else a ``TypeError``."""
    if isinstance(value, torch.Tensor):
        return value.detach().to("cpu").clone()
    if isinstance(value, (tuple, list)):
        return type(value)(_storable(v, where) for v in value)
    if isinstance(value, dict):
        return {k: _storable(v, where) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"{where} returned a {type(value).__name__}: a reference must return tensors, numbers or"
                    " containers of them to be recorded")


class Recorder:
    """A lab's reference module whose every call is kept in ``answers`` (digest -> returned value)."""

    def __init__(self, module: Any, answers: dict[str, Any]) -> None:
        self.module, self.answers = module, answers

    def __getattr__(self, name: str) -> Callable[..., Any]:
        from dllabs.checks._references import digest

        fn = getattr(self.module, name)

        def recorded(*args: Any, **kwargs: Any) -> Any:
            key = digest(name, args, kwargs)
            result = fn(*args, **kwargs)
            self.answers.setdefault(key, _storable(result, f"{self.module.__name__}.{name}"))
            return result

        recorded.__name__ = name
        return recorded

    def lend(self, name: str) -> Callable[..., Any]:
        return getattr(self, name)


def _visible(source: str) -> str:
    """A test cell's code before its hidden tests."""
    return source.split("### BEGIN HIDDEN TESTS")[0]


def _run(lab: str, submission: Submission | None, root: Path) -> None:
    """Exec the lab's imports, the answers (the solution's, or the submission's where it has one),
    then the visible part of the test cells (all for the solution, the expected failures for an example)."""
    from autograder.authoring.leaks import lab_cells

    imports, answers, tests = lab_cells(lab, root)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    exec(compile(imports, "<imports>", "exec"), namespace)
    for gid, source in answers.items():
        if submission is not None and gid in submission.cells:
            source = submission.cells[gid]
        with contextlib.suppress(Exception):
            exec(compile(source, f"<{gid}>", "exec"), namespace)
    for cell in tests:
        gid = cell.metadata["nbgrader"]["grade_id"]
        if submission is not None and gid not in submission.expect:
            continue
        with contextlib.suppress(Exception), torch.random.fork_rng():
            exec(compile(_visible(cell.source), f"<{gid}>", "exec"), namespace)


def record(lab: str, root: Path = ROOT, examples: Path = EXAMPLES) -> dict[str, Any]:
    """``{digest: value}`` of every reference call of ``lab``'s visible tests (see the module docstring)."""
    number = checks_module(lab)
    checks = importlib.import_module(f"dllabs.checks.{number}")
    answers: dict[str, Any] = {}
    if getattr(checks, "REF", None) is None:  # its visible checks use no reference (lab 3's: only its contracts)
        return answers
    real = importlib.import_module(f"autograder.references.{number}")
    saved = checks.REF._loaded
    checks.REF._loaded = Recorder(real, answers)
    subs = [s for s in load_all(examples / lab) if s.expect and not s.blank] if (examples / lab).is_dir() else []
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            for sub in [None, *subs]:
                _run(lab, sub, root)
    finally:
        checks.REF._loaded = saved
    return answers


def main(argv: list[str]) -> int:
    """``LAB OUT.pt [LAB OUT.pt ...]``: record each lab into its file."""
    for lab, out in zip(argv[::2], argv[1::2]):
        torch.save(record(lab), out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
