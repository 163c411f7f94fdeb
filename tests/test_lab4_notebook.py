"""Lab 4's source notebook follows the contract of LABS.md: graded cells and their tests
by grade_id, theory questions as manually graded answers, short training while grading,
and an MNIST section that runs on real-format files and skips in one line without them."""

from __future__ import annotations

import contextlib
import io
import json
import re

import pytest

from autograder.course.layout import ROOT
from lab_cells import answered
from notebook_harness import meta, source_cells
from tiny_datasets import write_tiny_mnist

LAB = "lab4_optim"
REGION = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", flags=re.S)


def cells():
    return source_cells(LAB)


def test_training_is_short_in_grading_mode():
    # imports first, summary last: test_lab_contracts.test_checks_are_imported_first_and_summarised_last;
    # MNIST's 1 epoch while grading, 5 otherwise: test_mnist_section_trains_on_real_format_files
    assert "EPOCHS = 1 if grading_mode() else 50" in "\n".join(c.source for c in cells())


def test_no_solution_or_hidden_test_line_is_visible_elsewhere():
    """What a student gets (the notebook without its regions, the package) quotes no line of a region."""
    cs = cells()
    regions = [line.strip() for c in cs for _, block in REGION.findall(c.source) for line in block.splitlines()]
    regions = [line for line in regions
               if len(line) > 12 and not line.startswith(("import ", "from ", "for _ in range("))]
    visible = json.dumps([REGION.sub("", c.source) for c in cs])
    package = "\n".join(p.read_text() for p in (ROOT / "src").rglob("*.py"))
    assert regions
    assert [line for line in regions if json.dumps(line)[1:-1] in visible] == []
    assert [line for line in regions if line in package] == []


def run_mnist_cell(monkeypatch, data_root, grading: bool) -> str:
    """The import cell, the solution's answers, then the MNIST cell, in this process; what it prints."""
    monkeypatch.setenv("DLLABS_DATA", str(data_root))
    if grading:
        monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    else:
        monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    mnist_cell = next(c.source for c in cells() if c.id == "mnist-train")
    namespace, out = answered(LAB)
    with contextlib.redirect_stdout(out):
        exec(compile(mnist_cell, "<mnist-train>", "exec"), namespace)
    return out.getvalue()


@pytest.mark.parametrize("grading", [False, True])
def test_mnist_section_trains_on_real_format_files(tmp_path, monkeypatch, grading):
    write_tiny_mnist(tmp_path, n_train=40, n_test=20)
    printed = run_mnist_cell(monkeypatch, tmp_path, grading)
    epochs = re.findall(r"epoch (\d+): training loss ([\d.]+), validation accuracy ([\d.]+)%", printed)
    assert len(epochs) == (1 if grading else 5), printed
    assert all(0 <= float(acc) <= 100 for _, _, acc in epochs)
    tests = re.findall(r"test accuracy after (\d+) epochs: ([\d.]+)%", printed)
    assert len(tests) == 1 and 0 <= float(tests[0][1]) <= 100, printed  # the test set once, at the end
    assert "skipped" not in printed


@pytest.mark.parametrize("grading", [False, True])
def test_mnist_section_skips_in_one_line_without_data(tmp_path, monkeypatch, grading):
    if not grading:  # normal mode tries a download: only where there is surely no network to reach
        monkeypatch.setattr("torchvision.datasets.MNIST.mirrors", ["http://127.0.0.1:9/"])
    printed = run_mnist_cell(monkeypatch, tmp_path / "empty", grading)
    skipped = [line for line in printed.splitlines() if line.startswith("MNIST skipped:")]
    assert len(skipped) == 1 and "DLLABS_DATA" in skipped[0], printed
    assert "epoch" not in printed


def test_the_mnist_section_has_its_cell():
    assert "mnist-train" in {c.id for c in cells()}


def test_choices_are_made_on_validation_and_the_test_set_is_used_once():
    """Circles is split train/validation/test; the experiments record validation only; one cell reads the test set."""
    code = [c for c in cells() if c.cell_type == "code" and not meta(c)]
    assert any("data.Xval" in c.source for c in code)
    fit = next(c.source for c in code if "def fit(" in c.source)
    assert '"val_acc"' in fit and "Xtest" not in fit
    circles_test = [c.id for c in code if "data.Xtest" in c.source]
    assert circles_test == ["code-final-test"], circles_test


def test_ema_momentum_is_checked_against_torch():
    """Momentum as a moving average (with 1 - beta) matches torch.optim.SGD at lr (1 - beta) * lr_ema."""
    cell = next(c.source for c in cells() if c.id == "code-momentum")
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile("import torch\n" + cell, "<code-momentum>", "exec"), namespace)
    assert namespace["momentum_gap"] < 1e-12 < namespace["momentum_gap_same_lr"]


# Model answers and rubrics:
# test_lab_contracts.test_every_question_has_a_model_answer_and_a_rubric_that_students_never_see
