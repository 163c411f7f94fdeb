"""Lab 1 graded by nbgrader itself: the solution gets full marks, the blank notebook 0
without crashing, every wrong example submission loses points on the test of the
function it breaks (naming the mistake where its file says so), every right one full marks."""

from __future__ import annotations

import pytest

from autograder import grading, submissions
from autograder.course import LABS, ROOT, SOLUTIONS

LAB = "lab1_backprop"
SUBMISSIONS = submissions.load_all(ROOT / "tests" / "submissions" / LAB)

pytestmark = pytest.mark.nbgrader


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The whole collection submitted as one class and autograded (2 nbgrader processes)."""
    course = tmp_path_factory.mktemp("course")
    grading.prepare_course(course, [LAB])
    for sub in SUBMISSIONS:
        nb = submissions.make_notebook(LABS / LAB / f"{LAB}.ipynb", SOLUTIONS / LAB / f"{LAB}.ipynb", sub)
        grading.submit(course, LAB, sub.name, nb)
    grading.autograde_class(course, LAB, [s.name for s in SUBMISSIONS], jobs=2)
    return course, {s.name: grading.cell_scores(course, LAB, s.name) for s in SUBMISSIONS}


def test_solution_gets_full_marks(graded):
    _, scores = graded
    cells = scores["solution"]
    assert len(cells) == 5
    assert {g: c.score for g, c in cells.items()} == {g: c.max_score for g, c in cells.items()}


def test_blank_notebook_gets_zero_without_crashing(graded):
    course, scores = graded
    assert (course / "autograded" / "blank" / LAB / f"{LAB}.ipynb").exists()
    assert len(scores["blank"]) == 5
    assert all(c.score == 0 for c in scores["blank"].values())


@pytest.mark.parametrize("sub", SUBMISSIONS, ids=lambda s: s.name)
def test_each_submission_scores_as_its_file_says(graded, sub):
    _, scores = graded
    cells = scores[sub.name]
    lost = {g for g, c in cells.items() if c.score < c.max_score}
    assert lost == set(sub.expect), {g: cells[g].output[-300:] for g in lost ^ set(sub.expect)}
    if sub.message:
        assert sub.message in cells[sub.expect[0]].output, cells[sub.expect[0]].output[-300:]


def test_feedback_html_is_generated(graded):
    course, _ = graded
    grading.nbgrader("generate_feedback", LAB, "--force", "--student=solution", course=course)
    html = (course / "feedback" / "solution" / LAB / f"{LAB}.html").read_text()
    assert "test_backward" in html or "backward" in html
