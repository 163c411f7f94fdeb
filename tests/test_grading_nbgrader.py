"""Every lab graded by nbgrader itself: the solution gets full marks, the blank notebook 0
without crashing, every wrong example submission loses points on the test of the
function it breaks (naming the mistake where its file says so), every right one full marks."""

from __future__ import annotations

import os

import nbformat
import pytest

from autograder.records import commands

from autograder.course import submissions
from autograder.course.layout import ROOT

FOLDER = ROOT / "tests" / "submissions"
LAB_NAMES = sorted(p.name for p in FOLDER.iterdir() if p.is_dir())
DATA_LABS = {"lab4_optim", "lab5_mnist", "lab6_cifar10"}  # they must train on the tiny files, not skip
ALL = os.environ.get("DLLABS_ALL_EXAMPLES") == "1"  # opt-in: nbgrader grades every example of every lab


def graded_here(lab: str) -> list[submissions.Submission]:
    """The examples of ``lab`` graded by nbgrader in this suite: the solution, the blank notebook,
    the first wrong one of each test cell (those naming their mistake first) and a right one;
    with ``DLLABS_ALL_EXAMPLES=1``, all of them. All of them are graded in process by
    test_submissions.py, and by `python -m autograder selftest`."""
    subs = submissions.load_all(FOLDER / lab)
    if ALL:
        return subs
    wrong = sorted((s for s in subs if s.expect and not s.blank), key=lambda s: (s.message is None, s.name))
    right = [s for s in subs if not s.expect and s.name != "solution"]
    first = {t: s for s in reversed(wrong) for t in s.expect}  # the first wrong one of each test cell
    picked = sorted({s.name: s for s in first.values()}.values(), key=lambda s: s.name)
    return [s for s in subs if s.name in ("solution", "blank")] + picked + right[:1]


CASES = [(lab, s) for lab in LAB_NAMES for s in graded_here(lab)]

# One xdist worker grades the examples (its module-scoped course is graded once).
pytestmark = [pytest.mark.nbgrader, pytest.mark.xdist_group("nbgrader_examples")]


@pytest.fixture(scope="module")
def graded(graded_examples):
    """``graded(lab)``: {student: {test grade_id: CellScore}} of the lab's examples, graded once by ``grade``."""
    return lambda lab: graded_examples(lab, graded_here(lab))


@pytest.mark.parametrize("lab", LAB_NAMES)
def test_the_sample_fails_every_test_cell_and_keeps_right_ones(lab):
    subs = graded_here(lab)
    every_test = {t for s in submissions.load_all(FOLDER / lab) if s.expect for t in s.expect}
    assert {t for s in subs if s.expect and not s.blank for t in s.expect} == every_test
    assert {"solution", "blank"} <= {s.name for s in subs} and sum(not s.expect for s in subs) >= 2


@pytest.mark.parametrize("lab", LAB_NAMES)
def test_every_example_is_graded_by_the_engine(graded, graded_examples, lab):
    graded(lab)
    outcomes = graded_examples.outcomes[lab]
    assert set(outcomes) == {s.name for s in graded_here(lab)}
    assert {s: o.status for s, o in outcomes.items() if o.status != "graded"} == {}


@pytest.mark.parametrize("lab", sorted(DATA_LABS & set(LAB_NAMES)))
def test_data_labs_train_on_the_tiny_files_while_graded(graded, graded_examples, lab):
    graded(lab)
    course = graded_examples.course
    nb = nbformat.read(course / "autograded" / "solution" / lab / f"{lab}.ipynb", as_version=4)
    text = "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert "skipped" not in text.lower() and "unavailable" not in text.lower(), text[-500:]
    assert errors == []


@pytest.mark.parametrize("lab", LAB_NAMES)
def test_solution_gets_full_marks(graded, lab):
    cells = graded(lab)["solution"]
    assert cells and {g: c.score for g, c in cells.items()} == {g: c.max_score for g, c in cells.items()}


@pytest.mark.parametrize("lab", LAB_NAMES)
def test_blank_notebook_gets_zero_without_crashing(graded, graded_examples, lab):
    scores = graded(lab)
    assert (graded_examples.course / "autograded" / "blank" / lab / f"{lab}.ipynb").exists()
    assert scores["blank"] and all(c.score == 0 for c in scores["blank"].values())


@pytest.mark.parametrize("lab, sub", CASES, ids=[f"{lab}-{s.name}" for lab, s in CASES])
def test_each_submission_scores_as_its_file_says(graded, lab, sub):
    cells = graded(lab)[sub.name]
    lost = {g for g, c in cells.items() if c.score < c.max_score}
    assert lost == set(sub.expect), {g: cells[g].output[-300:] for g in lost ^ set(sub.expect)}
    if sub.message:
        assert sub.message in cells[sub.expect[0]].output, cells[sub.expect[0]].output[-300:]


def test_feedback_html_is_generated(graded, graded_examples):
    lab = LAB_NAMES[0]
    cells = graded(lab)["solution"]
    course = graded_examples.course
    commands.nbgrader("generate_feedback", lab, "--force", "--student=solution", course=course)
    html = (course / "feedback" / "solution" / lab / f"{lab}.html").read_text()
    full = [f'<a href="#{g}">Test cell</a> (Score: {float(c.max_score)} / {float(c.max_score)})'
            for g, c in cells.items()]
    assert cells and [line for line in full if line not in html] == []  # every test cell, with its full score


@pytest.mark.parametrize("sandboxed", [pytest.param(True, id="sandboxed"),
                                       pytest.param(False, id="unsandboxed", marks=pytest.mark.slow)])
def test_plain_nbgrader_autograde_grades_with_the_graders_references(tmp_path, monkeypatch, sandboxed):
    """``nbgrader autograde`` itself (cold kernels, no zygote) reaches the grader's references, as
    ``grade`` does: the solution keeps full marks on the tests that compare with them (forward,
    backward, train_epoch), a wrong forward loses its own, and the references import from nowhere else."""
    from autograder.kernels import sandbox

    if sandboxed and not sandbox.enabled():
        pytest.skip(sandbox.describe())
    monkeypatch.setenv("DLLABS_SANDBOX", "on" if sandboxed else "off")
    monkeypatch.setenv("PYTHONPATH", str(ROOT / "src"))  # as in an instructor's shell: the course root is not on it
    lab = "lab1_backprop"
    commands.prepare_course(tmp_path, [lab])
    for name in ("solution", "wrong_forward_sigmoid_hidden"):
        sub = submissions.parse(FOLDER / lab / f"{name}.py")
        commands.submit(tmp_path, lab, name, submissions.make_notebook(
            ROOT / "labs" / lab / f"{lab}.ipynb", ROOT / "solutions" / lab / f"{lab}.ipynb", sub))
    done = commands.nbgrader("autograde", lab, "--force", course=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    right = commands.cell_scores(tmp_path, lab, "solution")
    assert {g: c.score for g, c in right.items() if c.score < c.max_score} == {}
    wrong = commands.cell_scores(tmp_path, lab, "wrong_forward_sigmoid_hidden")
    assert {g for g, c in wrong.items() if c.score < c.max_score} == {"test_forward"}
