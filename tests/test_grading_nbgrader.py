"""Every lab graded by nbgrader itself: the solution gets full marks, the blank notebook 0
without crashing, every wrong example submission loses points on the test of the
function it breaks (naming the mistake where its file says so), every right one full marks."""

from __future__ import annotations

import contextlib
import os

import nbformat
import pytest

from autograder import grading, submissions
from autograder.course import LABS, ROOT, SOLUTIONS
from tiny_datasets import write_tiny_cifar10, write_tiny_mnist

FOLDER = ROOT / "tests" / "submissions"
LAB_NAMES = sorted(p.name for p in FOLDER.iterdir() if p.is_dir())
def graded_here(lab: str) -> list[submissions.Submission]:
    """The examples of ``lab`` graded by nbgrader in this suite: for lab 1, at least 25 wrong
    (every test cell among them) and 8 right; for the others a sample. All of them are graded
    in process by test_submissions.py, and by `python -m autograder selftest`."""
    subs = submissions.load_all(FOLDER / lab)
    wrong = sorted((s for s in subs if s.expect and not s.blank), key=lambda s: (s.message is None, s.name))
    right = [s for s in subs if not s.expect and s.name != "solution"]
    if lab == "lab1_backprop":
        picked = wrong[::2]
        picked += [s for s in wrong if not set(s.expect) <= {t for p in picked for t in p.expect}]
        return [s for s in subs if s.name in ("solution", "blank")] + picked[:max(25, len(picked))] + right[:8]
    first = {t: s for s in reversed(wrong) for t in s.expect}  # the first wrong one of each test cell
    one_per_test = sorted({s.name: s for s in first.values()}.values(), key=lambda s: s.name)
    return [s for s in subs if s.name in ("solution", "blank")] + one_per_test + right[:2]


CASES = [(lab, s) for lab in LAB_NAMES for s in graded_here(lab)]

pytestmark = pytest.mark.nbgrader


DATA_LABS = {"lab4_optim", "lab5_mnist", "lab6_cifar10"}  # graded on tiny MNIST / CIFAR-10 files
# The tiny CIFAR-10 batches are not the real files: torchvision's MD5 check is bypassed in
# the grading processes of this test only.
BYPASS_MD5 = "import torchvision.datasets.cifar as c\nc.CIFAR10._check_integrity = lambda self: True\n"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    folder = tmp_path_factory.mktemp("course")
    grading.prepare_course(folder, LAB_NAMES)
    data = folder / "data"
    write_tiny_mnist(data, n_train=64, n_test=32)
    write_tiny_cifar10(data, n_per_batch=16)
    (folder / "site").mkdir()
    (folder / "site" / "sitecustomize.py").write_text(BYPASS_MD5)
    return folder


@contextlib.contextmanager
def tiny_data(course):
    saved = dict(os.environ)
    os.environ["DLLABS_DATA"] = str(course / "data")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in [str(course / "site"), saved.get("PYTHONPATH", "")] if p)
    os.environ["DLLABS_KERNEL_PYTHONPATH"] = str(course / "site")  # the sandbox's kernels see it too
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


_graded: dict = {}


def graded(course, lab):
    """A lab's examples, submitted as one class and autograded (2 nbgrader processes), once."""
    if lab not in _graded:
        subs = graded_here(lab)
        for sub in subs:
            nb = submissions.make_notebook(LABS / lab / f"{lab}.ipynb", SOLUTIONS / lab / f"{lab}.ipynb", sub)
            grading.submit(course, lab, sub.name, nb)
        with tiny_data(course) if lab in DATA_LABS else contextlib.nullcontext():
            grading.autograde_class(course, lab, [s.name for s in subs], jobs=2)
        _graded[lab] = {s.name: grading.cell_scores(course, lab, s.name) for s in subs}
    return _graded[lab]


@pytest.mark.parametrize("lab", sorted(DATA_LABS & set(LAB_NAMES)))
def test_data_labs_train_on_the_tiny_files_while_graded(course, lab):
    graded(course, lab)
    nb = nbformat.read(course / "autograded" / "solution" / lab / f"{lab}.ipynb", as_version=4)
    text = "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert "skipped" not in text.lower() and "unavailable" not in text.lower(), text[-500:]
    assert errors == []


@pytest.mark.parametrize("lab", LAB_NAMES)
def test_solution_gets_full_marks(course, lab):
    cells = graded(course, lab)["solution"]
    assert cells and {g: c.score for g, c in cells.items()} == {g: c.max_score for g, c in cells.items()}


@pytest.mark.parametrize("lab", LAB_NAMES)
def test_blank_notebook_gets_zero_without_crashing(course, lab):
    scores = graded(course, lab)
    assert (course / "autograded" / "blank" / lab / f"{lab}.ipynb").exists()
    assert scores["blank"] and all(c.score == 0 for c in scores["blank"].values())


@pytest.mark.parametrize("lab, sub", CASES, ids=[f"{lab}-{s.name}" for lab, s in CASES])
def test_each_submission_scores_as_its_file_says(course, lab, sub):
    cells = graded(course, lab)[sub.name]
    lost = {g for g, c in cells.items() if c.score < c.max_score}
    assert lost == set(sub.expect), {g: cells[g].output[-300:] for g in lost ^ set(sub.expect)}
    if sub.message:
        assert sub.message in cells[sub.expect[0]].output, cells[sub.expect[0]].output[-300:]


def test_feedback_html_is_generated(course):
    lab = LAB_NAMES[0]
    graded(course, lab)
    grading.nbgrader("generate_feedback", lab, "--force", "--student=solution", course=course)
    html = (course / "feedback" / "solution" / lab / f"{lab}.html").read_text()
    assert "test_" in html and "Score" in html or "score" in html
