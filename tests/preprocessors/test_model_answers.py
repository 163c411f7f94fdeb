"""AddModelAnswers / RemoveModelAnswers: the graders' model answers are inserted after each
theory question of an autograded notebook (from the course's source/), once, read-only,
and taken out of the feedback."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from traitlets.config import Config

from autograder.preprocessors import AddModelAnswers, RemoveModelAnswers
from autograder.preprocessors.model_answers import MARK

RESOURCES = {"nbgrader": {"assignment": "lab", "notebook": "lab"}}


def question(grade_id: str, text: str) -> nbformat.NotebookNode:
    cell = new_markdown_cell(text)
    cell.metadata.nbgrader = {"grade": True, "solution": True, "grade_id": grade_id, "points": 1, "schema_version": 3}
    return cell


def answer(grade_id: str, code: str) -> nbformat.NotebookNode:
    cell = new_code_cell(code)
    cell.metadata.nbgrader = {"grade": False, "solution": True, "grade_id": grade_id, "schema_version": 3}
    return cell


@pytest.fixture
def course(tmp_path):
    """A course whose source notebook holds two questions (q01 with a rubric) and an autograded answer."""
    source = new_notebook(cells=[new_markdown_cell("**Question 1.** Why?"),
                                 question("q01", "Because.\n\n**Rubric.** Full marks: x. Half marks: y."),
                                 answer("f", "def f():\n    return 1"), question("q02", "Since.")])
    (tmp_path / "source" / "lab").mkdir(parents=True)
    nbformat.write(source, tmp_path / "source" / "lab" / "lab.ipynb")
    config = Config()
    config.CourseDirectory.root = str(tmp_path)
    return config


def submitted() -> nbformat.NotebookNode:
    return new_notebook(cells=[new_markdown_cell("**Question 1.** Why?"), question("q01", "My answer"),
                               answer("f", "def f():\n    return 2"), question("q02", "Mine")])


def test_does_each_question_get_its_model_answer_once_even_when_graded_twice(course):
    graded, _ = AddModelAnswers(config=course).preprocess(submitted(), RESOURCES)
    graded, _ = AddModelAnswers(config=course).preprocess(graded, RESOURCES)  # graded again
    texts = [c.source for c in graded.cells]
    assert len(graded.cells) == 6
    assert texts[1] == "My answer" and "Because." in texts[2] and "**Rubric.**" in texts[2] and "Since." in texts[5]
    assert graded.cells[2].metadata[MARK] and graded.cells[2].metadata["editable"] is False


def test_does_an_autograded_answer_cell_get_no_model_answer(course):
    graded, _ = AddModelAnswers(config=course).preprocess(submitted(), RESOURCES)
    after = graded.cells[[c.source for c in graded.cells].index("def f():\n    return 2") + 1]
    assert after.source == "Mine" and not after.metadata.get(MARK)
    assert "return 1" not in "".join(c.source for c in graded.cells)


def test_does_the_feedback_keep_the_students_cells_and_no_model_answer(course):
    graded, _ = AddModelAnswers(config=course).preprocess(submitted(), RESOURCES)
    feedback, _ = RemoveModelAnswers().preprocess(graded, RESOURCES)
    assert [c.source for c in feedback.cells] == ["**Question 1.** Why?", "My answer", "def f():\n    return 2", "Mine"]


def test_does_a_course_without_its_source_get_no_model_answer(tmp_path):
    config = Config()
    config.CourseDirectory.root = str(tmp_path)
    graded, _ = AddModelAnswers(config=config).preprocess(new_notebook(cells=[question("q01", "My answer")]), RESOURCES)
    assert [c.source for c in graded.cells] == ["My answer"]
