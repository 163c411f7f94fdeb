"""The log line that says how a submission's kernel started and how long its cells took:
written by ``preprocessors.GradingExecute`` in nbgrader's log, read back by the coordinator
(``coordinator.seconds_per_submission``). Imports nothing heavy."""

from __future__ import annotations

import typing as t

TIMING = "dllabs-timing:"


def timing_line(warm: bool, start: float, cells: float) -> str:
    """The line: ``dllabs-timing: kernel=warm|cold start=S cells=S``."""
    return f"{TIMING} kernel={'warm' if warm else 'cold'} start={start:.3f} cells={cells:.3f}"


def kernel_timing(log: str) -> dict[str, t.Any] | None:
    """From an nbgrader log, the kernel's start and its cells' seconds: {"kernel": "warm"|"cold", "start", "cells"}."""
    line = next((line for line in reversed(log.splitlines()) if TIMING in line), None)
    if line is None:
        return None
    fields = dict(item.split("=", 1) for item in line.split(TIMING, 1)[1].split())
    return {"kernel": fields.get("kernel", "cold"), "start": float(fields.get("start", 0)),
            "cells": float(fields.get("cells", 0))}
