"""CapOutputs (autograde, after nbgrader's LimitOutput): what a graded cell's outputs may hold.

nbgrader's LimitOutput counts lines, and one line of 20 MB passes it. This one keeps the
first ``max_bytes`` of every text output and drops oversized images, saying so.
"""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Int


class CapOutputs(NbGraderPreprocessor):
    """Cap each text output of a cell at ``max_bytes`` (UTF-8), and empty any value 50 times larger."""

    max_bytes = Int(20_000, help="bytes kept of each text output of a cell").tag(config=True)

    def preprocess_cell(self, cell: NotebookNode, resources: dict[str, Any], index: int
                        ) -> tuple[NotebookNode, dict[str, Any]]:
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
