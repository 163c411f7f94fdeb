"""What an nbgrader child found, as data: a small JSON file the fork server's child writes and
``job.run_job`` reads, so that whose fault a failure is never depends on words in a log.

nbgrader's converter catches what goes wrong with a submission and logs it; :func:`recording`
wraps the steps of ``nbgrader autograde``'s converter in the child process and keeps each exception that escapes one of
them: its class and base classes (names), and its message (for the instructor, never matched on).
The log keeps what nbgrader printed, for reading; nothing decides from it.

File: ``{"errors": [{"step", "types", "message"}], "seconds"}``."""

from __future__ import annotations

import contextlib
import functools
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

STEPS = ("init_destination", "init_assignment", "convert_single_notebook", "set_permissions")
"""The steps of nbgrader's ``convert_notebooks`` (``Autograde``'s, as it resolves them) whose
exceptions it catches and logs."""


def error_record(step: str, exc: BaseException) -> dict[str, Any]:
    """One failure: the step, the exception's class names (its MRO, most specific first), its message."""
    return {"step": step, "types": [c.__name__ for c in type(exc).__mro__ if c is not object],
            "message": str(exc)[:500]}


@contextlib.contextmanager
def recording(path: Path) -> Iterator[list[dict[str, Any]]]:
    """Within it, nbgrader's converters record the exceptions of their steps; on leaving, write
    them to ``path`` (also when nbgrader exits or raises). Meant for a process of its own (the fork
    server's child): the converter class is patched for the rest of the process."""
    from nbgrader.converters.autograde import Autograde

    errors: list[dict[str, Any]] = []
    t0 = time.perf_counter()

    def watched(step: str, method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return method(*args, **kwargs)
            except Exception as exc:
                errors.append(error_record(step, exc))
                raise
        return run

    for step in STEPS:
        setattr(Autograde, step, watched(step, getattr(Autograde, step)))
    try:
        yield errors
    finally:
        path.write_text(json.dumps({"errors": errors, "seconds": round(time.perf_counter() - t0, 3)}))


def read(path: Path) -> dict[str, Any] | None:
    """The outcome written at ``path``, or None when the child wrote none (it died first)."""
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None
