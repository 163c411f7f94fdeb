"""Did a submission tamper with the grading? A fingerprint of what the tests rely on.

A test cell runs in the same kernel as the student's code, so that code could change
what the test uses: replace a check (``lab1.check_backward = ...``, a fake module in
``sys.modules``), patch torch (``torch.allclose = ...``) or builtins, or change how
IPython reports errors (an input transformer that wraps later cells in ``try``, an
overridden ``showtraceback``). The grader takes a fingerprint of all of these when the
kernel starts, before any cell, and again before and after every graded test cell;
a test cell run while any part differs scores 0, with a message naming the part.

The fingerprint is computed in the kernel by code the grader sends each time (as a
``user_expressions`` entry, which IPython evaluates without its input transformers),
salted with a fresh nonce: ``integrity_probe.py``, a plain module read here as text.
This module owns the round trip: what is sent (:func:`expression`), what came back
(:func:`parse`) and what differs (:func:`changed`). Code running in the same process could
still defeat this with enough effort; the sandbox (``sandbox.py``) bounds what it could reach.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from autograder.course.layout import ROOT, lab_names
from autograder.kernels.integrity_probe import BINDINGS

PROBE_FILE = Path(__file__).with_name("integrity_probe.py")
"""The probe's source: a plain module, read as text and sent to the kernel."""


def probe_source() -> str:
    """The text of :data:`PROBE_FILE` (read when sent: a probe edited between runs is the one sent)."""
    return PROBE_FILE.read_text(encoding="utf-8")


def bound_names(root: Path = ROOT) -> list[str]:
    """The names a lab's cells bind to the course's own objects: each lab's checks (``lab1`` for
    ``source/lab1_backprop``: every lab of the course, a new one included), ``summary``, ``ready``
    and ``torch``. Computed here: the probe runs in the kernel, which cannot import this package."""
    return [lab.partition("_")[0] for lab in lab_names(root)] + ["summary", "ready", "torch"]


def expression(nonce: str, modules: list[str] | None, names: list[str] | None = None) -> str:
    """The ``user_expressions`` entry that returns ``nonce|(modules, parts)`` from the kernel;
    ``names``: those the probe checks are still bound to the course's own (default :func:`bound_names`)."""
    names = bound_names() if names is None else names
    code = probe_source() + f"\nresult = probe({nonce!r}, {modules!r}, {names!r})\n"
    return f"(lambda g: (exec({code!r}, g), g['result'])[1])({{}})"


def new_nonce() -> str:
    return secrets.token_hex(8)


def parse(reply: dict, nonce: str) -> tuple[list[str], dict[str, str]] | None:
    """(modules, parts) from an execute_reply's content, or None when it is missing or forged."""
    import ast

    if reply.get("status") != "ok":
        return None
    value = reply.get("user_expressions", {}).get("dllabs", {})
    if value.get("status") != "ok":
        return None
    text = value.get("data", {}).get("text/plain", "")
    try:
        text = ast.literal_eval(text)
        head, _, body = text.partition("|")
        if head != nonce:
            return None
        modules, parts = ast.literal_eval(body)
    except (ValueError, SyntaxError, TypeError):
        return None
    return modules, parts


def changed(baseline: dict[str, str], now: dict[str, str] | None) -> list[str]:
    """What differs from the baseline (empty when nothing does)."""
    if now is None:
        return ["the kernel's answer to the grader's integrity check (it was missing or altered)"]
    problems = [part for part, value in baseline.items() if part != BINDINGS and now.get(part) != value]
    if now.get(BINDINGS):
        problems.append(f"the names the tests use ({now[BINDINGS]} no longer the course's own)")
    return problems
