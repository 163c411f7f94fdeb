"""Fixtures shared by the grading tests (tests do not import each other):

- ``example``: a bundled example submission (tests/submissions/<lab>/<name>.py) as the
  notebook its student would hand in;
- ``new_course``: an empty course folder with lab 1 recorded in its gradebook;
- ``graded_examples``: every lab's example class graded ONCE per test module by the engine
  (``classgrade.grade``), with tiny MNIST / CIFAR-10 files as the data sets.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import nbformat
import pytest

from autograder import classgrade, grading, submissions
from autograder.course import LABS, ROOT, SOLUTIONS

EXAMPLES = ROOT / "tests" / "submissions"
# The tiny CIFAR-10 batches are not the real files: torchvision's MD5 check is bypassed in
# the grading processes of these tests only.
BYPASS_MD5 = "import torchvision.datasets.cifar as c\nc.CIFAR10._check_integrity = lambda self: True\n"


def example_notebook(lab: str, name: str, folder: Path = EXAMPLES) -> nbformat.NotebookNode:
    """The released notebook of ``lab`` filled in as example ``folder/<lab>/<name>.py`` says."""
    sub = submissions.parse(folder / lab / f"{name}.py")
    return submissions.make_notebook(LABS / lab / f"{lab}.ipynb", SOLUTIONS / lab / f"{lab}.ipynb", sub)


@pytest.fixture
def example():
    return example_notebook


@pytest.fixture
def new_course(tmp_path):
    """A course folder whose gradebook holds lab 1 (no submission yet)."""
    grading.prepare_course(tmp_path, ["lab1_backprop"])
    return tmp_path


@contextlib.contextmanager
def tiny_data(course: Path):
    """Grading kernels (sandboxed or not) read the tiny data sets written in ``course``."""
    from tiny_datasets import write_tiny_cifar10, write_tiny_mnist

    data, site = course / "data", course / "site"
    if not data.exists():
        write_tiny_mnist(data, n_train=64, n_test=32)
        write_tiny_cifar10(data, n_per_batch=16)
        site.mkdir()
        (site / "sitecustomize.py").write_text(BYPASS_MD5)
    saved = dict(os.environ)
    os.environ["DLLABS_DATA"] = str(data)
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in [str(site), saved.get("PYTHONPATH", "")] if p)
    os.environ["DLLABS_KERNEL_PYTHONPATH"] = str(site)  # the sandbox's kernels see it too
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


class GradedExamples:
    """Each lab's example class (a list of submissions), submitted and graded once, on demand."""

    def __init__(self, course: Path) -> None:
        self.course = course
        self.outcomes: dict[str, dict[str, classgrade.Outcome]] = {}
        self.cells: dict[str, dict[str, dict[str, grading.CellScore]]] = {}

    def __call__(self, lab: str, subs: list[submissions.Submission]) -> dict[str, dict[str, grading.CellScore]]:
        """{student: {test grade_id: CellScore}} of ``subs``, graded by ``classgrade.grade`` (2 at a time)."""
        if lab not in self.cells:
            for sub in subs:
                nb = submissions.make_notebook(LABS / lab / f"{lab}.ipynb", SOLUTIONS / lab / f"{lab}.ipynb", sub)
                grading.submit(self.course, lab, sub.name, nb)
            with tiny_data(self.course):
                outcomes = classgrade.grade(self.course, lab, jobs=2, progress=False)
            self.outcomes[lab] = {o.student: o for o in outcomes}
            self.cells[lab] = {s.name: grading.cell_scores(self.course, lab, s.name) for s in subs}
        return self.cells[lab]


@pytest.fixture(scope="module")
def graded_examples(tmp_path_factory):
    """``graded_examples(lab, subs)``: the example class of ``lab`` graded once for the module."""
    return GradedExamples(tmp_path_factory.mktemp("course"))
