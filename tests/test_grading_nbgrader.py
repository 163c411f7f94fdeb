"""Every lab graded by nbgrader itself: the solution gets full marks, the blank notebook 0
without crashing, a notebook with one mistake per test cell loses points on every test cell
(naming each mistake its files say), a right example full marks. Under ``-m slow``, each of
those mistakes is graded in a notebook of its own too."""

from __future__ import annotations

import os
from collections import Counter

import nbformat
import pytest

from autograder.records import commands

from autograder.course import submissions
from autograder.course.layout import ROOT

from conftest import GradedExamples

FOLDER = ROOT / "tests" / "submissions"
LAB_NAMES = sorted(p.name for p in FOLDER.iterdir() if p.is_dir())
DATA_LABS = {"lab4_optim", "lab5_mnist", "lab6_cifar10"}  # they must train on the tiny files, not skip
ALL = os.environ.get("DLLABS_ALL_EXAMPLES") == "1"  # opt-in, with -m slow: every example of every lab alone
MERGED = "one_mistake_per_test_cell"


def mistakes(lab: str) -> list[submissions.Submission]:
    """The first wrong example of each test cell of ``lab`` (those naming their mistake first)."""
    subs = submissions.load_all(FOLDER / lab)
    wrong = sorted((s for s in subs if s.expect and not s.blank), key=lambda s: (s.message is None, s.name))
    first = {t: s for s in reversed(wrong) for t in s.expect}
    return sorted({s.name: s for s in first.values()}.values(), key=lambda s: s.name)


def merged(lab: str) -> submissions.Submission:
    """One notebook holding every one of :func:`mistakes` (each changes cells no other one does): it
    must lose the points of every test cell each of them loses, and no other (a student with several
    mistakes). It costs one grading where the mistakes alone cost one each."""
    subs, cells = mistakes(lab), {}
    for s in subs:
        assert not cells.keys() & s.cells.keys(), f"{s.name} changes a cell another mistake of {lab} changes"
        cells.update(s.cells)
    return submissions.Submission(MERGED, "", cells, sorted({t for s in subs for t in s.expect}))


def graded_here(lab: str) -> list[submissions.Submission]:
    """The examples of ``lab`` graded by nbgrader in the default run: the solution, the blank notebook,
    :func:`merged` and a right one. Every example is graded in process by test_submissions.py, and
    by `python -m autograder selftest`."""
    subs = submissions.load_all(FOLDER / lab)
    right = [s for s in subs if not s.expect and s.name != "solution"]
    return [s for s in subs if s.name in ("solution", "blank")] + [merged(lab)] + right[:1]


def graded_alone(lab: str) -> list[submissions.Submission]:
    """Under ``-m slow``: each of :func:`mistakes` in a notebook of its own (all examples with
    ``DLLABS_ALL_EXAMPLES=1``)."""
    return submissions.load_all(FOLDER / lab) if ALL else mistakes(lab)


CASES = [(lab, s) for lab in LAB_NAMES for s in graded_here(lab)]
ALONE = [(lab, s) for lab in LAB_NAMES for s in graded_alone(lab)]

# One xdist worker grades the examples (its module-scoped course is graded once).
pytestmark = [pytest.mark.nbgrader, pytest.mark.xdist_group("nbgrader_examples")]


@pytest.fixture(scope="module")
def graded(graded_examples):
    """``graded(lab)``: {student: {test grade_id: CellScore}} of the lab's examples, graded once by ``grade``."""
    return lambda lab: graded_examples(lab, graded_here(lab))


@pytest.fixture(scope="module")
def graded_one_by_one(tmp_path_factory):
    """``graded_one_by_one(lab)``: as ``graded``, for :func:`graded_alone` (a course of its own)."""
    course = GradedExamples(tmp_path_factory.mktemp("alone"))
    return lambda lab: course(lab, graded_alone(lab))


@pytest.mark.parametrize("lab", LAB_NAMES)
def test_the_sample_fails_every_test_cell_and_keeps_right_ones(lab):
    subs = graded_here(lab)
    every_test = {t for s in submissions.load_all(FOLDER / lab) if s.expect for t in s.expect}
    assert {t for s in subs if s.expect and not s.blank for t in s.expect} == every_test
    assert {"solution", "blank", MERGED} <= {s.name for s in subs} and sum(not s.expect for s in subs) >= 2


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


def assert_scores_as_said(cells: dict, sub: submissions.Submission, messages: dict[str, str]) -> None:
    """``sub`` lost the points of exactly the test cells it expects, each ``messages`` {test cell: text} shown."""
    lost = {g for g, c in cells.items() if c.score < c.max_score}
    assert lost == set(sub.expect), {g: cells[g].output[-300:] for g in lost ^ set(sub.expect)}
    for test, message in messages.items():
        assert message in cells[test].output, (test, message, cells[test].output[-300:])


@pytest.mark.parametrize("lab, sub", CASES, ids=[f"{lab}-{s.name}" for lab, s in CASES])
def test_each_submission_scores_as_its_file_says(graded, lab, sub):
    said = mistakes(lab) if sub.name == MERGED else [sub]
    assert_scores_as_said(graded(lab)[sub.name], sub, {s.expect[0]: s.message for s in said if s.message})


@pytest.mark.slow
@pytest.mark.parametrize("lab, sub", ALONE, ids=[f"{lab}-{s.name}" for lab, s in ALONE])
def test_each_mistake_alone_scores_as_its_file_says(graded_one_by_one, lab, sub):
    assert_scores_as_said(graded_one_by_one(lab)[sub.name], sub, {sub.expect[0]: sub.message} if sub.message else {})


@pytest.mark.parametrize("lab", LAB_NAMES)
def test_the_report_counts_the_known_mistakes_of_the_example_class(graded, graded_examples, lab):
    """`report` on the class graded above: each test cell lost by the blank notebook (not implemented) and by
    the notebook of one mistake per test cell, named as the mistake's file says (``mistake:``), or unrecognised."""
    from autograder.records import mistakes as class_mistakes

    graded(lab)
    report = class_mistakes.collect(graded_examples.course, lab)
    known = {s.expect[0]: s.meta.get("mistake", "unrecognised") for s in mistakes(lab)}
    assert {f.grade_id: {m: len(s) for m, s in [*f.named(), *[("unrecognised", s) for _, s in f.unrecognised()]]}
            for f in report.functions} == {t: Counter(["not-implemented", known.get(t, "unrecognised")]) for t in
                                           {t for s in mistakes(lab) for t in s.expect}}
    assert all(set(f.failures) == {"blank", MERGED} for f in report.functions)
    assert report.uncovered() == sum(m == "unrecognised" for m in known.values())
    text, page = class_mistakes.write(graded_examples.course, lab)  # what `report LAB` prints and writes
    assert f"({100 * report.uncovered() / report.failures():.0f}%)" in text.splitlines()[-1]
    assert page.read_text().count("<img ") == len(report.functions)  # a bar chart per function
    assert sum(report.questions[q].total() for q in report.questions) == len(report.students) * len(report.questions)


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
