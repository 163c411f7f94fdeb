"""ScrubHiddenTests (generate_feedback, before nbgrader's ClearHiddenTests): no hidden test
code in the lines a failing test's traceback quotes.

IPython's traceback quotes the lines around the failure (``----> 12 assert ...``), which can
be hidden test code; ClearHiddenTests only clears the cell's source. Those lines are removed
from the traceback of every cell that holds hidden tests.
"""

from __future__ import annotations

import re
from typing import Any

from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor

from autograder.course.cells import BEGIN_HIDDEN, END_HIDDEN, hidden_tests

ANSI = re.compile(r"\x1b\[[0-9;]*m")
CONTEXT = re.compile(r"^\s*(-*>)?\s*\d+\s?")  # IPython's "----> 12 " / "     13 " before a quoted line


class ScrubHiddenTests(NbGraderPreprocessor):
    """Remove the hidden-test lines (and the markers) a cell's error tracebacks quote."""

    def preprocess_cell(self, cell: NotebookNode, resources: dict[str, Any], index: int
                        ) -> tuple[NotebookNode, dict[str, Any]]:
        if "HIDDEN TESTS" not in cell.get("source", ""):
            return cell, resources
        hidden = {line.strip() for block in hidden_tests(cell.source) for line in block.splitlines()}
        hidden = {line for line in hidden | {BEGIN_HIDDEN, END_HIDDEN} if line}
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                output.traceback = [self._scrub(entry, hidden) for entry in output.traceback]
        return cell, resources

    @staticmethod
    def _scrub(entry: str, hidden: set[str]) -> str:
        kept = [line for line in entry.split("\n") if CONTEXT.sub("", ANSI.sub("", line)).strip() not in hidden]
        return "\n".join(kept)
