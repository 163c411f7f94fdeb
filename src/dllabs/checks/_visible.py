"""How a visible test fails: out loud for nbgrader, in one line for a student at work.

A test cell calls a public check, ``lab1.check_forward(forward)``. When nbgrader runs the
notebook (autograde, or the Validate button: ``NBGRADER_EXECUTION`` is set) a failing check
raises :class:`CheckFailed`, so the cell is an error and scores 0. While a student works in
their own kernel (JupyterLab, Colab), the same failure is printed as one red line
(``✗ forward: ...``) and the cell does not raise: "Run All" goes on to the end, where
``summary`` sums up where the student stands. Anywhere else (pytest, a script) it raises.

A check that needs an answer the student release does not hold (``_references.GradedOnly``: a
problem it has no recording of) says so in one line and passes: the grader runs that part.
A hidden test on the 'meta' device that the student's (valid) operations cannot run there
passes: the test cannot judge it.
A check runs under ``torch.random.fork_rng``: the random problems it draws (and the seeds
it sets) leave the student's random state as it was. It runs with one CPU thread for torch (its
problems are tiny; on a busy grading machine the thread pool made them up to 10x slower).
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

import torch

from ..language import say
from ._outcome import CheckFailed, MetaUnsupported
from ._references import GradedOnly

_depth = 0
"""How many checks are running: a check called inside another (or inside ``raising``) raises."""


def in_student_kernel() -> bool:
    """True in a student's own Jupyter kernel; False under nbgrader, pytest or a plain script."""
    if os.environ.get("NBGRADER_EXECUTION"):
        return False
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


@contextlib.contextmanager
def one_thread() -> Iterator[None]:
    """torch on one CPU thread inside the block, restored after: a check's problems are tiny, and on a busy
    grading machine torch's thread pool made them up to 10x slower."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


@contextlib.contextmanager
def raising() -> Iterator[None]:
    """Inside this block every check raises its failure (``summary`` collects them so)."""
    global _depth
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1


def visible(check: Callable[..., Any]) -> Callable[..., Any]:
    """``check``, printing its failure instead of raising it when a student runs it in their kernel."""
    name = check.__name__.removeprefix("check_")

    @functools.wraps(check)
    def visible_check(*args: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True
        outermost = _depth == 0
        with raising(), one_thread(), torch.random.fork_rng():
            try:
                return check(*args, **kwargs)
            except CheckFailed as exc:
                if not (outermost and in_student_kernel()):
                    raise
                print(say(f"\x1b[31m\u2717 {name}: {exc}\x1b[0m", f"\x1b[31m\u2717 {name}\u00a0: {exc}\x1b[0m"))
                return None
            except MetaUnsupported:
                if not outermost:
                    raise
                return None  # a device test that cannot run on 'meta' is no failure of the student's
            except GradedOnly:
                if not outermost:
                    raise
                print(say(f"\u00b7 {name}: the rest of this test needs the grader's answers: it runs when your notebook"
                          " is graded.",
                          f"\u00b7 {name} : la suite de ce test utilise des résultats de référence que seul le"
                          " correcteur possède : elle s'exécutera lors de la notation."))
                return None

    visible_check.visible = True  # type: ignore[attr-defined]
    return visible_check


def make_visible(namespace: MutableMapping[str, Any]) -> None:
    """Wrap every public ``check_*`` function of a checks module's namespace with :func:`visible`.

    Called at the end of each ``dllabs.checks.labN``; its ``VISIBLE`` table keeps the bare
    checks (they raise), which is what ``summary`` needs.
    """
    for key, value in list(namespace.items()):
        if key.startswith("check_") and callable(value) and not getattr(value, "visible", False):
            namespace[key] = visible(value)
