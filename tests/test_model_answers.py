"""The graders' model answers: inserted after each theory question of an autograded notebook
(from the course's source/), once, read-only; taken out of the feedback."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from traitlets.config import Config

from autograder.model_answers import MARK, AddModelAnswers, RemoveModelAnswers


def question(grade_id: str, text: str) -> nbformat.NotebookNode:
    cell = new_markdown_cell(text)
    cell.metadata.nbgrader = {"grade": True, "solution": True, "grade_id": grade_id, "points": 1, "schema_version": 3}
    return cell


def test_each_question_gets_its_model_answer_once_and_the_feedback_none(tmp_path):
    source = new_notebook(cells=[new_markdown_cell("**Question 1.** Why?"), question("q01", "Because.\n\n**Rubric.** Full marks: x. Half marks: y."),
                                 new_code_cell("x = 1"), question("q02", "Since.")])
    (tmp_path / "source" / "lab").mkdir(parents=True)
    nbformat.write(source, tmp_path / "source" / "lab" / "lab.ipynb")
    submitted = new_notebook(cells=[source.cells[0], question("q01", "My answer"), source.cells[2], question("q02", "Mine")])
    config = Config()
    config.CourseDirectory.root = str(tmp_path)
    resources = {"nbgrader": {"assignment": "lab", "notebook": "lab"}}

    graded, _ = AddModelAnswers(config=config).preprocess(submitted, resources)
    graded, _ = AddModelAnswers(config=config).preprocess(graded, resources)  # graded again
    texts = [c.source for c in graded.cells]
    assert len(graded.cells) == 6
    assert "My answer" == texts[1] and "Because." in texts[2] and "**Rubric.**" in texts[2] and "Since." in texts[5]
    assert graded.cells[2].metadata[MARK] and graded.cells[2].metadata["editable"] is False

    feedback, _ = RemoveModelAnswers().preprocess(graded, resources)
    assert [c.source for c in feedback.cells] == ["**Question 1.** Why?", "My answer", "x = 1", "Mine"]


def test_a_course_without_its_source_gets_no_model_answer(tmp_path):
    config = Config()
    config.CourseDirectory.root = str(tmp_path)
    nb = new_notebook(cells=[question("q01", "My answer")])
    graded, _ = AddModelAnswers(config=config).preprocess(nb, {"nbgrader": {"assignment": "lab", "notebook": "lab"}})
    assert [c.source for c in graded.cells] == ["My answer"]
