"""What a graded cell's outputs may hold: nbgrader preprocessors.

- :class:`CapOutputs` (autograde): nbgrader's LimitOutput counts lines, and one line of
  20 MB passes it. This one keeps the first ``max_bytes`` of every text output and drops
  oversized images, saying so.
- :class:`ScrubHiddenTests` (feedback, before ClearHiddenTests): a failing test's
  traceback quotes the lines around the failure, which can be hidden test code; those
  lines are removed from the traceback.
"""

from __future__ import annotations

import re
from typing import Any

from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Int


class CapOutputs(NbGraderPreprocessor):
    max_bytes = Int(20_000, help="bytes kept of each text output of a cell").tag(config=True)

    def preprocess_cell(self, cell: NotebookNode, resources: dict[str, Any], index: int) -> tuple[NotebookNode, dict[str, Any]]:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                output.text = self._cap(output.text)
            elif output.get("output_type") == "error":
                output.evalue = self._cap(output.evalue)
                output.traceback = [self._cap(line) for line in output.traceback[-100:]]
            for mime, value in list(output.get("data", {}).items()):
                if isinstance(value, str) and len(value) > 50 * self.max_bytes:
                    output.data[mime] = "" if mime != "text/plain" else self._cap(value)
                elif isinstance(value, str) and mime.startswith("text/"):
                    output.data[mime] = self._cap(value)
        return cell, resources

    def _cap(self, text: str) -> str:
        data = text.encode("utf-8", errors="replace")
        if len(data) <= self.max_bytes:
            return text
        kept = data[: self.max_bytes].decode("utf-8", errors="ignore")
        return f"{kept}\n[... {len(data) - self.max_bytes} more bytes of output cut by the grader]\n"


ANSI = re.compile(r"\x1b\[[0-9;]*m")
CONTEXT = re.compile(r"^\s*(-*>)?\s*\d+\s?")  # IPython's "----> 12 " / "     13 " before a quoted line
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", flags=re.S)


class ScrubHiddenTests(NbGraderPreprocessor):
    def preprocess_cell(self, cell: NotebookNode, resources: dict[str, Any], index: int) -> tuple[NotebookNode, dict[str, Any]]:
        if "HIDDEN TESTS" not in cell.get("source", ""):
            return cell, resources
        hidden = {line.strip() for block in HIDDEN.findall(cell.source) for line in block.splitlines()}
        hidden = {line for line in hidden | {"### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"} if line}
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                output.traceback = [self._scrub(entry, hidden) for entry in output.traceback]
        return cell, resources

    @staticmethod
    def _scrub(entry: str, hidden: set[str]) -> str:
        kept = [line for line in entry.split("\n") if CONTEXT.sub("", ANSI.sub("", line)).strip() not in hidden]
        return "\n".join(kept)
