"""The grader sees the student's own figures: nbgrader's autograde (with the course's configuration)
puts the images a figure question's cells held in the notebook as submitted just before its answer,
in the autograded notebook (formgrader's view) and in the feedback HTML; a notebook handed in
without them gets one line; either way the scores are the same. On a one-question lab made here
(quick), and under ``-m slow`` on lab 4's solution (its learning-rate sweep and Question 1)."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from autograder.course import submissions
from autograder.course.cells import grade_id, nbgrader_meta
from autograder.course.layout import LABS, ROOT, SOLUTIONS
from autograder.preprocessors.submitted_figures import MARK, NO_FIGURE
from autograder.records import commands

LAB = "lab4_optim"
QUESTION, FIGURE = "q01", "code-011"  # the learning-rate sweep and the question that reads it
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

pytestmark = [pytest.mark.nbgrader, pytest.mark.xdist_group("nbgrader_figures")]


def graded_twice(folder, lab: str, handed_in: nbformat.NotebookNode):
    """``handed_in`` submitted as it is and with the figure cell's PNG, autograded, feedback made."""
    for student, png in (("with_figures", True), ("without_figures", False)):
        nb = nbformat.from_dict(handed_in)
        cell = next(c for c in nb.cells if c.id == FIGURE)
        cell.outputs = [new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"})] if png else []
        commands.submit(folder, lab, student, nb)
    done = commands.nbgrader("autograde", lab, "--force", course=folder)
    assert done.returncode == 0, done.stderr[-2000:]
    commands.nbgrader("generate_feedback", lab, "--force", course=folder)
    return folder, lab


def tiny_source() -> nbformat.NotebookNode:
    """A lab of one figure cell, one question that reads it, one graded function and its test."""
    def graded(cell, gid: str, **meta):
        cell.metadata.nbgrader = {"grade_id": gid, "schema_version": 3, "locked": False, **meta}
        return cell
    question = graded(new_markdown_cell("The curve goes down.", id=QUESTION), QUESTION, grade=True, solution=True,
                      points=1)
    question.metadata.dllabs = {"figures": [FIGURE]}
    code = "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION"
    nb = new_notebook(cells=[new_code_cell("x = [3, 2, 1]", id=FIGURE), new_markdown_cell("**Question 1.** Read it."),
                             question, graded(new_code_cell(code, id="f"), "f", grade=False, solution=True),
                             graded(new_code_cell("assert f() == 1", id="test_f"), "test_f", grade=True,
                                    solution=False, points=1, locked=True)])
    nb.metadata = nbformat.read(SOLUTIONS / LAB / f"{LAB}.ipynb", as_version=4).metadata
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The one-question lab's released notebook, answered, handed in with the figure and without."""
    folder = tmp_path_factory.mktemp("figures")
    (folder / "source" / "tiny").mkdir(parents=True)
    nbformat.write(tiny_source(), folder / "source" / "tiny" / "tiny.ipynb")
    commands.generate_assignment(folder, "tiny", release="release")
    nb = nbformat.read(folder / "release" / "tiny" / "tiny.ipynb", as_version=4)
    for cell in nb.cells:
        cell.source = {"f": "def f():\n    return 1", QUESTION: "It goes down."}.get(grade_id(cell), cell.source)
    return graded_twice(folder, "tiny", nb)


@pytest.fixture(scope="module")
def lab4_course(tmp_path_factory):
    """Lab 4's solution handed in with the sweep's figure in its outputs and without, autograded."""
    folder = tmp_path_factory.mktemp("lab4_figures")
    commands.prepare_course(folder, [LAB])
    solution = submissions.parse(ROOT / "tests" / "submissions" / LAB / "solution.py")
    return graded_twice(folder, LAB, submissions.make_notebook(LABS / LAB / f"{LAB}.ipynb",
                                                               SOLUTIONS / LAB / f"{LAB}.ipynb", solution))


@pytest.fixture(params=["tiny", pytest.param(LAB, marks=pytest.mark.slow)])
def graded(request):
    """(course folder, lab) of each graded pair."""
    return request.getfixturevalue("course" if request.param == "tiny" else "lab4_course")


def autograded(graded, student: str) -> nbformat.NotebookNode:
    course, lab = graded
    return nbformat.read(course / "autograded" / student / lab / f"{lab}.ipynb", as_version=4)


def feedback(graded, student: str) -> str:
    course, lab = graded
    return (course / "feedback" / student / lab / f"{lab}.html").read_text()


def before(nb: nbformat.NotebookNode, gid: str) -> nbformat.NotebookNode:
    """The cell just before the answer cell ``gid``."""
    return nb.cells[next(i for i, c in enumerate(nb.cells) if grade_id(c) == gid) - 1]


def test_does_the_grader_see_the_submitted_png_before_the_question(graded):
    shown = before(autograded(graded, "with_figures"), QUESTION)
    assert shown.cell_type == "markdown" and shown.metadata.get(MARK) and not nbgrader_meta(shown)
    assert shown.attachments == {f"{FIGURE}-1.png": {"image/png": PNG}}
    assert f"data:image/png;base64,{PNG}" in feedback(graded, "with_figures")


def test_does_a_notebook_without_figures_get_one_line(graded):
    nb = autograded(graded, "without_figures")
    assert before(nb, QUESTION).source == NO_FIGURE and not before(nb, QUESTION).get("attachments")
    assert "no figure in the submitted notebook: run the cells above before submitting" in feedback(
        graded, "without_figures")


def test_are_the_scores_the_same_with_and_without_figures(graded):
    course, lab = graded
    scores = {s: {g: (c.score, c.max_score) for g, c in commands.cell_scores(course, lab, s).items()}
              for s in ("with_figures", "without_figures")}
    assert scores["with_figures"] and scores["with_figures"] == scores["without_figures"]
    assert all(score == most for score, most in scores["with_figures"].values())


def test_is_the_feedback_of_a_french_notebook_in_french(course):
    """A notebook handed in from the French edition (its metadata says so) gets its feedback page's labels and
    the grader's figures line in French; the English copies keep nbgrader's English labels."""
    from autograder.preprocessors.submitted_figures import NO_FIGURE_FR

    folder, lab = course
    nb = nbformat.read(folder / "submitted" / "without_figures" / lab / f"{lab}.ipynb", as_version=4)
    nb.metadata.setdefault("dllabs", {})["language"] = "fr"
    commands.submit(folder, lab, "en_francais", nb)
    for step in ("autograde", "generate_feedback"):
        done = commands.nbgrader(step, lab, "--force", "--student=en_francais", course=folder)
        assert done.returncode == 0, done.stderr[-2000:]
    page, english = feedback(course, "en_francais"), feedback(course, "without_figures")
    assert "Cellule de test" in page and "Note\u00a0:" in page and "Test cell" not in page
    assert NO_FIGURE_FR.split("\u00a0: ")[1][:30] in page.replace("&#39;", "'")
    assert "Test cell" in english and "Cellule de test" not in english
