"""Example submissions kept as data: a few graded cells over the released notebook.

A submission file ``<name>.py`` holds a docstring, then one ``# %% <grade_id>`` block per
answer cell it changes; every other answer cell keeps the solution's code::

    '''Differentiates the summed loss: every gradient is n times too large.

    expect: test_backward
    message: n=6 times too large
    '''
    # %% backward
    def backward(params, outputs, Y):
        ...

``expect`` lists the test cells that must lose points (``none`` for a right variant);
``message`` (optional) is text the first of them must show. ``blank: true`` keeps the
released skeletons instead of the solution's code for the cells not given.

This module owns that format (:func:`parse`) and filling a released notebook with it
(:func:`make_notebook`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.course.cells import grade_id, is_answer_cell

CELL = re.compile(r"^# %% (\w+)\s*$", re.MULTILINE)
META = re.compile(r"^(\w+):\s*(.*)$")


@dataclass
class Submission:
    name: str
    doc: str
    cells: dict[str, str]
    expect: list[str] = field(default_factory=list)
    message: str | None = None
    blank: bool = False
    meta: dict[str, str] = field(default_factory=dict)


def parse(path: Path) -> Submission:
    """Read a submission file (see the module docstring)."""
    text = path.read_text()
    head, *rest = CELL.split(text)
    doc = head.strip().strip('"').strip("'").strip()
    meta = {m.group(1): m.group(2).strip() for line in doc.splitlines() if (m := META.match(line.strip()))}
    cells = {rest[i]: rest[i + 1].strip("\n") + "\n" for i in range(0, len(rest), 2)}
    expect = [] if meta.get("expect", "none") == "none" else [e.strip() for e in meta["expect"].split(",")]
    return Submission(name=path.stem, doc=doc.splitlines()[0] if doc else "", cells=cells, expect=expect,
                      message=meta.get("message"), blank=meta.get("blank", "false") == "true", meta=meta)


def load_all(folder: Path) -> list[Submission]:
    return [parse(p) for p in sorted(folder.glob("*.py"))]


def answer_cells(nb: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    """The autograded answer cells of a notebook, by grade_id."""
    return {grade_id(c): c for c in nb.cells if is_answer_cell(c)}


def make_notebook(released: Path, solution: Path, submission: Submission) -> nbformat.NotebookNode:
    """The released notebook filled in as this submission's student would have."""
    nb = nbformat.read(released, as_version=4)
    solved = answer_cells(nbformat.read(solution, as_version=4))
    for gid, cell in answer_cells(nb).items():
        if gid in submission.cells:
            cell.source = submission.cells[gid]
        elif not submission.blank:
            cell.source = solved[gid].source
    unknown = set(submission.cells) - set(answer_cells(nb))
    if unknown:
        raise ValueError(f"{submission.name}: no answer cell {sorted(unknown)} in {released.name}")
    return nb
