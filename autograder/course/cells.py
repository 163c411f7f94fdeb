"""Which notebook cell is which: the one owner of reading a cell's nbgrader metadata and
the markers that delimit answers and hidden tests in a source notebook.

A lab's graded cells, as nbgrader marks them (``cell.metadata["nbgrader"]``):

- an autograded answer: a code cell with ``solution: true`` (the student's function);
- its test: a code cell with ``grade: true, solution: false`` (``grade_id`` ``test_<name>``);
- a manually graded answer: a markdown cell with ``solution: true, grade: true`` (q01, ...).

Hidden tests sit between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS`` in a test
cell; answers between ``### BEGIN SOLUTION`` and ``### END SOLUTION``. The canaries planted
in both are :data:`autograder.course.layout.CANARY_SOLUTION` and ``CANARY_HIDDEN``.
"""

from __future__ import annotations

import re
from typing import Any

from nbformat import NotebookNode

BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
HIDDEN_TESTS = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", flags=re.DOTALL)
"""A hidden-test block; group 1 is its code, markers excluded."""
SOLUTION_MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")
"""One line that opens or closes an answer block."""
SOLUTION_BLOCK = re.compile(r"^[ \t]*### BEGIN SOLUTION[ \t]*\n(.*?)^[ \t]*### END SOLUTION[ \t]*$",
                            flags=re.DOTALL | re.MULTILINE)
"""An answer block; group 1 is its code, markers excluded."""


def nbgrader_meta(cell: NotebookNode) -> dict[str, Any]:
    """The cell's nbgrader metadata, ``{}`` when it has none (or something that is not a dict)."""
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def grade_id(cell: NotebookNode) -> str | None:
    """The cell's nbgrader ``grade_id``, or None for a cell nbgrader does not track."""
    return nbgrader_meta(cell).get("grade_id")


def is_test_cell(cell: NotebookNode) -> bool:
    """An autograded test cell: code, graded, not an answer."""
    meta = nbgrader_meta(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def is_answer_cell(cell: NotebookNode) -> bool:
    """An autograded answer cell: code the student writes (nbgrader ``solution``)."""
    return cell.get("cell_type") == "code" and bool(nbgrader_meta(cell).get("solution"))


def is_manual_cell(cell: NotebookNode) -> bool:
    """A manually graded answer (a theory question): markdown, nbgrader ``solution`` and ``grade``."""
    meta = nbgrader_meta(cell)
    return cell.get("cell_type") == "markdown" and bool(meta.get("solution")) and bool(meta.get("grade"))


def cells_by_grade_id(nb: NotebookNode) -> dict[str, NotebookNode]:
    """Every cell that has a ``grade_id``, by it (the last one wins when a notebook repeats one)."""
    return {gid: c for c in nb.cells if (gid := grade_id(c)) is not None}


def hidden_tests(source: str) -> list[str]:
    """The code of each hidden-test block of a cell's source, markers excluded."""
    return HIDDEN_TESTS.findall(source)


def solutions(source: str) -> list[str]:
    """The code of each answer block of a cell's source, markers excluded."""
    return SOLUTION_BLOCK.findall(source)


def cell_outputs(raw: bytes) -> dict[str, str]:
    """grade_id -> the text a graded code cell of the autograded notebook printed (and its error)."""
    import nbformat

    if not raw:
        return {}
    outputs = {}
    for cell in nbformat.reads(raw.decode(), as_version=4).cells:
        if grade_id(cell) and cell.cell_type == "code":
            outputs[grade_id(cell)] = "\n".join(output_text(o) for o in cell.get("outputs", []))
    return outputs


MISTAKE_PREFIX = "mistake: "
"""How the line naming a failed check's mistake begins in a test cell's error (``dllabs.checks._outcome``
writes it as the last line of the traceback it renders): :func:`output_text` keeps that line."""


def output_text(output) -> str:
    """What one output of a code cell says: its text; for an error, ``ename: evalue`` and the line naming the
    failed check's mistake, when the traceback ends with one."""
    if output.output_type == "stream":
        return output.text
    if output.output_type == "error":
        last = (output.get("traceback") or [""])[-1]
        return f"{output.ename}: {output.evalue}" + (f"\n{last}" if last.startswith(MISTAKE_PREFIX) else "")
    return str(output.get("data", {}).get("text/plain", ""))
