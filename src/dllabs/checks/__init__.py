"""Public self-checks used by the labs' visible tests.

Each lab has a module (``dllabs.checks.lab1``, ...) with one ``check_<name>`` per
graded function. A check compares the student's function with torch's own result
(autograd, ``torch.nn.functional``) and raises :class:`CheckFailed` with a message
that says what is wrong and, for known mistakes, why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ._core import CheckFailed, quiet

__all__ = ["CheckFailed", "summary"]


def summary(namespace: Mapping[str, Any], checks: Mapping[str, Callable[[Callable], None]]) -> dict[str, str]:
    """Run the visible check of every graded function found in ``namespace``.

    Prints one line per function (pass, or the first problem found) and returns
    ``{name: "ok" | message}``. Use it as ``summary(globals(), lab1.VISIBLE)``.
    """
    import contextlib
    import io

    results: dict[str, str] = {}
    for name, check in checks.items():
        fn = namespace.get(name)
        if fn is None:
            results[name] = f"{name} is not defined: run its cell."
            continue
        try:
            with contextlib.redirect_stdout(io.StringIO()), quiet():
                check(fn)
            results[name] = "ok"
        except AssertionError as exc:
            results[name] = str(exc)
        except Exception as exc:  # a check must never stop the summary
            results[name] = f"{type(exc).__name__}: {exc}"
    width = max(len(n) for n in results)
    done = sum(r == "ok" for r in results.values())
    print(f"Visible tests passed: {done}/{len(results)}")
    for name, result in results.items():
        mark = "\u2713" if result == "ok" else "\u2717"
        print(f"  {mark} {name:<{width}}  {'' if result == 'ok' else result}")
    return results
