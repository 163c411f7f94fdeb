"""Public self-checks used by the labs' visible tests.

Each lab has a module (``dllabs.checks.lab1``, ...) with one ``check_<name>`` per
graded function. A check compares the student's function with torch's own result
(autograd, ``torch.nn.functional``) and raises :class:`CheckFailed` with a message
that says what is wrong and, for known mistakes, why (while a student works in their
own kernel the message is printed instead: see ``_visible``).

``summary`` sums up a lab's visible tests (the lab's last cell); ``ready`` lets a cell that
needs the student's functions (training, plots) skip with one line until they pass.

What the lab modules are built on, one owner each (``tests/test_checks_layout.py`` keeps
their imports free of cycles): ``_outcome`` (``CheckFailed``, the ✓ line), ``_frames`` (the
student's code told from the library's), ``_calling`` (calling a student's function),
``_device`` (calling it on a simulated device), ``_no_autograd`` (calling it with autograd
forbidden), ``_compare`` (comparing its results with torch's), ``_shared`` (what several
labs' checks use), ``_references`` (the grader's answers or their recordings), ``_harness``
with ``_kinds`` and ``contracts`` (the contracts as data) and ``_visible`` (how a visible
test fails).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..language import say
from ._calling import quiet
from ._outcome import CheckFailed
from ._references import GradedOnly
from ._visible import one_thread, raising

__all__ = ["CheckFailed", "ready", "summary"]


def _run_quietly(check: Callable[[Callable], None], fn: Callable) -> str:
    """"ok", or the first problem ``check`` finds with ``fn`` (its printed lines are dropped)."""
    import contextlib
    import io

    import torch

    try:
        with contextlib.redirect_stdout(io.StringIO()), quiet(), raising(), one_thread(), torch.random.fork_rng():
            check(fn)
        return "ok"
    except GradedOnly:
        return "ok"  # the rest runs when graded (see _references)
    except AssertionError as exc:
        return str(exc)
    except Exception as exc:  # a check must never stop the summary
        return f"{type(exc).__name__}: {exc}"


def summary(namespace: Mapping[str, Any], checks: Mapping[str, Callable[[Callable], None]]) -> dict[str, str]:
    """Run the visible check of every graded function found in ``namespace``.

    Prints one line per function (pass, or the first problem found) and returns
    ``{name: "ok" | message}``. Use it as ``summary(globals(), lab1.VISIBLE)``. While nbgrader
    runs the notebook it prints one line and checks nothing (returns {}): the test cells
    above have just run the same checks, and they are what is graded.
    """
    from ..grading import grading_mode

    if grading_mode():
        print(say("No summary while grading: the test cells above are what count.",
                  "Pas de bilan pendant la notation : ce sont les cellules de test ci-dessus qui comptent."))
        return {}
    results: dict[str, str] = {}
    for name, check in checks.items():
        fn = namespace.get(name)
        missing = say(f"{name} is not defined: run its cell.", f"{name} n'est pas définie : exécutez sa cellule.")
        results[name] = missing if fn is None else _run_quietly(check, fn)
    width = max(len(n) for n in results)
    done = sum(r == "ok" for r in results.values())
    print(say(f"Visible tests passed: {done}/{len(results)}", f"Tests visibles réussis : {done}/{len(results)}"))
    for name, result in results.items():
        mark = "\u2713" if result == "ok" else "\u2717"
        print(f"  {mark} {name:<{width}}  {'' if result == 'ok' else result}")
    return results


def ready(namespace: Mapping[str, Any], checks: Mapping[str, Callable[[Callable], None]], *names: str) -> bool:
    """Whether a cell that uses the functions ``names`` can run: each passes its visible check.

    When one does not, prints one line naming it and returns False, so that a training or
    plotting cell written ``if ready(globals(), lab1.VISIBLE, "forward", ...):`` is skipped
    and "Run All" still reaches the end. Always True while nbgrader runs the notebook (the
    short training runs; the graded test cells are what count).
    """
    from ..grading import grading_mode

    if grading_mode():
        return True
    for name in names:
        fn = namespace.get(name)
        problem = say(f"{name} is not defined: run its cell", f"{name} n'est pas définie : exécutez sa cellule") \
            if fn is None else _run_quietly(checks[name], fn)
        if problem != "ok":
            first = problem.splitlines()[0] if problem else ""
            why = first.rstrip(".")
            print(say(f"Skipped until {name} passes its test ({why}).",
                      f"Cellule ignorée tant que {name} n'a pas réussi son test ({why})."))
            return False
    return True
