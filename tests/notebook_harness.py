"""Run a lab's graded cells in this process, fast, without nbgrader or a kernel.

It executes the source notebook's import cell, the answer cells (the solution's code,
or a submission's), then each test cell with its hidden tests, and reports per test
cell whether it passed and what it printed. The nbgrader tests check the same
submissions end to end; this one lets the whole collection run in seconds.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import nbformat

from autograder.course.cells import MISTAKE_PREFIX
from autograder.course.submissions import Submission

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^\s*### (BEGIN|END) (SOLUTION|HIDDEN TESTS)\s*$")


def source_cells(lab: str) -> list[nbformat.NotebookNode]:
    """The cells of a lab's source notebook."""
    return nbformat.read(ROOT / "source" / lab / f"{lab}.ipynb", as_version=4).cells


def meta(cell: nbformat.NotebookNode) -> dict:
    """A cell's nbgrader metadata ({} for an ordinary cell)."""
    return cell.metadata.get("nbgrader", {})


def _strip(source: str) -> str:
    return "\n".join(line for line in source.split("\n") if not MARKER.match(line))


def graded_cells(lab: str) -> tuple[str, dict[str, str], dict[str, str]]:
    """(import cell source, answer cells by grade_id, test cells by grade_id) of a source notebook."""
    nb = nbformat.read(ROOT / "source" / lab / f"{lab}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    answers, tests = {}, {}
    for cell in code:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            answers[meta["grade_id"]] = cell.source
        elif meta.get("grade"):
            tests[meta["grade_id"]] = _strip(cell.source)
    return code[0].source, answers, tests


def run(lab: str, submission: Submission, only: set[str] | None = None,
        lang: str = "en") -> dict[str, tuple[bool, str]]:
    """{test grade_id: (passed, output)} for a submission, graded in this process (the test cells ``only``, when
    given), its messages in ``lang`` (as the set-up cell of that edition sets it); torch's grad mode and the
    language are restored after it, as a kernel of its own would leave the next submission's (one that switches
    grad mode off for good loses its own points, not the next one's)."""
    import torch

    from dllabs.language import set_language

    set_language(lang)
    try:
        with torch.set_grad_enabled(True):
            return _run(lab, submission, only)
    finally:
        set_language("en")


def _run(lab: str, submission: Submission, only: set[str] | None) -> dict[str, tuple[bool, str]]:
    imports, answers, tests = graded_cells(lab)
    namespace: dict = {"__name__": "__main__"}
    exec(compile(imports, "<imports>", "exec"), namespace)
    for grade_id, source in answers.items():
        if grade_id in submission.cells:
            source = submission.cells[grade_id]
        elif submission.blank:
            source = re.sub(r"### BEGIN SOLUTION.*?### END SOLUTION", "raise NotImplementedError()", source, flags=re.S)
        else:
            source = _strip(source)
        try:
            exec(compile(source, f"<{grade_id}>", "exec"), namespace)
        except Exception:
            pass  # a broken answer cell fails its tests below, as in a notebook
    results = {}
    for grade_id, source in tests.items():
        if only is not None and grade_id not in only:
            continue
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                exec(compile(source, f"<{grade_id}>", "exec"), namespace)
            results[grade_id] = (True, out.getvalue())
        except Exception as exc:
            named = f"\n{MISTAKE_PREFIX}{exc.mistake}" if hasattr(exc, "mistake") else ""  # as cells.output_text
            results[grade_id] = (False, out.getvalue() + f"{type(exc).__name__}: {exc}{named}")
    return results
