"""The model answer and rubric of each theory question, for the graders only.

- :class:`AddModelAnswers` (autograde, last): after each manually graded answer cell of
  the autograded notebook, a read-only markdown cell with the question's model answer and
  rubric, read from the course's ``source/`` (the gradebook keeps only the released
  "YOUR ANSWER HERE"). Formgrader shows the autograded notebook, so whoever grades the
  question by hand reads the rubric beside the student's answer.
- :class:`RemoveModelAnswers` (feedback, first): those cells are taken out again, so a
  student's feedback never shows a model answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor

from autograder.course.cells import grade_id, is_manual_cell

MARK = "dllabs_model_answer"
"""Cell metadata key of an inserted model-answer cell."""
HEADING = "**Model answer and rubric** (graders only: removed from the feedback)"


class AddModelAnswers(NbGraderPreprocessor):
    """After each theory question's answer, its model answer and rubric from ``source/`` (read-only)."""

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict[str, Any]]:
        info = resources["nbgrader"]
        answers = self.model_answers(info["assignment"], info["notebook"])
        cells = []
        for cell in nb.cells:
            if cell.get("metadata", {}).get(MARK):
                continue  # graded again: one model answer per question
            cells.append(cell)
            source = answers.get(grade_id(cell)) if is_manual_cell(cell) else None
            if source:
                answer = new_markdown_cell(f"{HEADING}\n\n{source}")
                answer.metadata = {MARK: True, "deletable": False, "editable": False}
                cells.append(answer)
        nb.cells = cells
        return nb, resources

    def model_answers(self, assignment: str, notebook: str) -> dict[str, str]:
        """{grade_id: model answer} of the manually graded cells of the course's source notebook."""
        coursedir = CourseDirectory(config=self.config)
        path = Path(coursedir.format_path(coursedir.source_directory, ".", assignment)) / f"{notebook}.ipynb"
        if not path.exists():
            self.log.warning("no source notebook %s: no model answers added", path)
            return {}
        source = nbformat.read(path, as_version=4)
        return {grade_id(c): c.source for c in source.cells if is_manual_cell(c)}


class RemoveModelAnswers(NbGraderPreprocessor):
    """Take out the cells :class:`AddModelAnswers` put in."""

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict[str, Any]]:
        nb.cells = [c for c in nb.cells if not c.get("metadata", {}).get(MARK)]
        return nb, resources
