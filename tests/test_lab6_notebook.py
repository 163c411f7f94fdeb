"""Lab 6's source notebook follows the contract of LABS.md (graded cells and their tests by
grade_id, theory questions as manually graded answers), and its data cells work offline:
run in a Jupyter kernel on tiny CIFAR-10 batches in the real on-disk format (read by
torchvision's own loader), and with no CIFAR-10 at all (one line, then every data cell skips)."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from autograder.authoring.build import solution_notebook
from autograder.course.layout import ROOT
from dllabs.plots import GRADING_FIGURE_NOTE
from lab_cells import pasted_solution_lines
from notebook_harness import _strip, meta, source_cells
from tiny_datasets import write_tiny_cifar10

LAB = "lab6_cifar10"
SOURCE = ROOT / "source" / LAB / f"{LAB}.ipynb"

# Put on the kernel's PYTHONPATH by these tests only: the tiny batches are not the real
# files, so torchvision's MD5 check is bypassed; DLLABS_TEST_NO_NETWORK makes a download
# fail as it does offline.
SITECUSTOMIZE = '''
import os
import torchvision.datasets.cifar as _cifar

_cifar.CIFAR10._check_integrity = lambda self: True
if os.environ.get("DLLABS_TEST_NO_NETWORK"):
    from urllib.error import URLError

    def _offline(*args, **kwargs):
        raise URLError("[Errno -3] Temporary failure in name resolution")

    _cifar.download_and_extract_archive = _offline
'''


def cells():
    return source_cells(LAB)


# ----------------------------------------------------------------------------- contract


def test_training_is_short_when_grading_and_the_test_set_is_read_once():
    """What the source says and no run shows: the sizes while grading, validation without augmentation,
    the test set read once. Ids, outputs, imports, summary: test_lab_contracts; every data cell skipping
    without CIFAR-10, the download, the figures, no progress bar while grading: the runs below."""
    code = [c.source for c in cells() if c.cell_type == "code" and not meta(c)]
    loading = next(s for s in code if "cifar10(" in s)
    assert "Subset(" in loading and "Subset(val_full, val_idx)" in loading
    assert "cifar_transforms(train=False), download=False" in loading
    training = next(s for s in code if "train_epoch(model, train_loader" in s)
    assert "epochs = 1 if grading_mode()" in training and training.count("test_loader") == 1
    assert any("fooling_image(model, c" in s and "steps=10 if grading_mode() else 200" in s for s in code)


# ----------------------------------------------------------------------------- execution
def _execute(tmp_path: Path, monkeypatch, data: Path, grading: bool, offline: bool = False) -> nbformat.NotebookNode:
    """The solution notebook run top to bottom in a fresh kernel reading CIFAR-10 from ``data``."""
    from nbclient import NotebookClient

    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    # the course's kernel: the grader's references (autograder.references.lab6) importable, as when grading
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(site), str(ROOT / "src"), str(ROOT)]))
    monkeypatch.setenv("DLLABS_DATA", str(data))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend: figures become outputs
    for name, on in (("NBGRADER_EXECUTION", grading), ("DLLABS_TEST_NO_NETWORK", offline)):
        if on:
            monkeypatch.setenv(name, "autograde" if name == "NBGRADER_EXECUTION" else "1")
        else:
            monkeypatch.delenv(name, raising=False)
    nb = solution_notebook(SOURCE, LAB)
    NotebookClient(nb, kernel_name="python3", timeout=300, allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    return nb


def _text(cell, stream: str = "stdout") -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.output_type == "stream" and o.name == stream)


def _errors(nb) -> dict[str, str]:
    return {c.id: f"{o.ename}: {o.evalue}" for c in nb.cells if c.cell_type == "code"
            for o in c.get("outputs", []) if o.output_type == "error"}


def _cell(nb, needle: str):
    """The first plain (not graded) code cell holding ``needle``."""
    return next(c for c in nb.cells if c.cell_type == "code" and not meta(c) and needle in c.source)


def _images(cell) -> int:
    """Figures the cell showed: images, or while grading the one line that stands for each."""
    return sum("image/png" in o.get("data", {}) or o.get("data", {}).get("text/plain") == GRADING_FIGURE_NOTE
               for o in cell.get("outputs", []) if o.output_type == "display_data")


def _tests_pass_quietly(nb, grading: bool) -> None:
    tests = [c for c in nb.cells if meta(c).get("grade") and c.cell_type == "code"]
    assert len(tests) == 6
    for c in tests:
        assert "\u2713" in _text(c) and not _text(c, "stderr"), (c.id, c.outputs)
    summary = "No summary while grading" if grading else "Visible tests passed: 6/6"
    assert summary in _text(nb.cells[-1])


def _fooling_images_shown(nb) -> None:
    """One fooling image per class, with its confidence (10 steps while grading: any value)."""
    cell = _cell(nb, "fooling_image(model, c")
    assert _images(cell) == 1
    confidences = [float(t.rsplit(" ", 1)[1]) for t in _text(cell).split(": ", 1)[1].split(", ")]
    assert len(confidences) == 10 and all(0 <= c <= 1 for c in confidences), confidences


def test_notebook_runs_on_tiny_cifar10_through_torchvision_in_grading_mode(tmp_path, monkeypatch):
    data = write_tiny_cifar10(tmp_path / "data", n_per_batch=20, seed=1)
    nb = _execute(tmp_path, monkeypatch, data, grading=True)
    assert _errors(nb) == {}
    assert "90 training, 10 validation and 20 test images" in _text(_cell(nb, "HAVE_DATA = True"))
    training = _cell(nb, "train_epoch(model, train_loader")
    assert "epoch  1: train loss" in _text(training) and _images(training) == 1
    assert "val loss" in _text(training) and "kept epoch 1" in _text(training) and "test accuracy" in _text(training)
    assert not _text(training, "stderr")  # no progress bar while grading
    for needle in ("shown = [train_set[i]", "most_confident_mistakes(model", "plot_confusion_matrix(", "sigmas = ",
                   "epsilons = ", "plot_reliability(", "noisy_model"):
        assert _images(_cell(nb, needle)) >= 1, needle
    assert "σ=0.8:" in _text(_cell(nb, "sigmas = ")) and "ε=0.1:" in _text(_cell(nb, "epsilons = "))
    assert "trained with noise: σ=0.0:" in _text(_cell(nb, "noisy_model"))
    _fooling_images_shown(nb)
    assert "skipped" not in "".join(_text(c) for c in nb.cells if c.cell_type == "code")
    _tests_pass_quietly(nb, grading=True)


@pytest.mark.parametrize("grading", [True, False], ids=["grading", "student"])
def test_notebook_without_cifar10_says_so_in_one_line_and_skips(tmp_path, monkeypatch, grading):
    empty = tmp_path / "empty"
    empty.mkdir()
    nb = _execute(tmp_path, monkeypatch, empty, grading=grading, offline=True)
    assert _errors(nb) == {}
    loading = _cell(nb, "HAVE_DATA = True")
    lines = _text(loading).strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("CIFAR-10 is not in") and str(empty) in lines[0]
    assert ("download=False" if grading else "could not be downloaded") in lines[0]
    assert not _text(loading, "stderr")
    skipped = [c for c in nb.cells if c.cell_type == "code" and "if HAVE_DATA:" in c.source and c is not loading]
    assert len(skipped) >= 8 and all(_text(c).strip() == "skipped: no CIFAR-10 (see above)" for c in skipped)
    assert not any(_images(c) for c in nb.cells if c.cell_type == "code")
    _tests_pass_quietly(nb, grading)


def test_questions_are_answered_at_length_before_their_rubric():
    # six questions, rubrics: test_lab_contracts; canaries: test_build
    answers = [c for c in cells() if meta(c).get("grade") and meta(c).get("solution")]
    assert answers and all(c.source.index("**Rubric.**") > 200 for c in answers)


def test_every_expected_figure_names_where_it_comes_from():
    for source in (c.source for c in cells() if c.cell_type == "markdown"):
        if "*Expected" in source or "**Expected" in source:
            assert "<!-- expected: " in source or "<!-- expected-elsewhere: " in source, source[:80]


def test_fgsm_changes_the_loss_by_eps_times_the_gradients_l1_norm_to_first_order():
    """q05's model answer, on the solution's fgsm: L(X_adv) - L(X) ~ eps * ||dL/dX||_1."""
    import torch
    import torch.nn.functional as F

    from notebook_harness import graded_cells

    namespace = {"torch": torch, "F": F}
    exec(_strip(graded_cells(LAB)[1]["fgsm"]), namespace)
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(12, 10)).double()
    X, y = torch.randn(4, 3, 2, 2, dtype=torch.float64), torch.randint(10, (4,))
    Xg = X.clone().requires_grad_()
    loss = F.cross_entropy(model(Xg), y, reduction="sum")
    (grad,) = torch.autograd.grad(loss, Xg)
    for eps in (1e-3, 1e-4):
        change = F.cross_entropy(model(namespace["fgsm"](model, X, y, eps)), y, reduction="sum") - loss
        assert abs(change.item() / (eps * grad.abs().sum().item()) - 1) < 20 * eps


def test_fgsm_hints_are_progressive_and_do_not_give_the_code_up_front():
    # a hint's advice (no model.zero_grad()) as behaviour:
    # tests/submissions/lab6_cifar10/wrong_fgsm_zero_grad_wipes_grads.py
    fgsm_text = next(c.source for c in cells() if c.cell_type == "markdown" and "### 5.1 `fgsm`" in c.source)
    before_hints = fgsm_text.split("<details>")[0]
    assert fgsm_text.count("<details>") == 2 and "torch.autograd.grad" not in before_hints
    first, second = fgsm_text.split("<details>")[1:]
    assert "torch.autograd.grad(" not in first and "torch.autograd.grad(" in second


def test_add_noise_hint_holds_randn_like_with_the_generator_passes_without_it_fails():
    """The add_noise hint asks which argument routes the draw: torch.randn_like takes generator= too (issue 26),
    so an answer written with it passes the visible check, and one that leaves it out fails."""
    import torch

    from dllabs.checks import lab6

    text = next(c.source for c in cells() if c.id == "md-019")
    assert "torch.randn_like(images)" not in text and "generator=generator" not in text  # a requirement, not the call

    def routed(images, sigma, generator=None):
        return images + sigma * torch.randn_like(images, generator=generator)

    def global_draw(images, sigma, generator=None):
        return images + sigma * torch.randn_like(images)

    lab6.check_add_noise(routed)
    with pytest.raises(AssertionError, match="ignores its `generator` argument"):
        lab6.check_add_noise(global_draw)


def test_fooling_check_is_fast_on_its_tiny_network():
    """The visible and hidden fooling_image tests on the solution take a few seconds at most."""
    import time

    import torch
    import torch.nn.functional as F

    from dllabs.checks import lab6
    from notebook_harness import graded_cells

    namespace = {"torch": torch, "F": F}
    exec(graded_cells(LAB)[1]["fooling_image"], namespace)
    lab6.check_fooling_image(namespace["fooling_image"], target=1, seed=9)  # warm-up: torch.optim's first step imports
    start = time.perf_counter()
    lab6.check_fooling_image(namespace["fooling_image"])
    lab6.check_fooling_image(namespace["fooling_image"], target=7, seed=3, dtype=torch.float64, shape=(3, 12, 10),
                             steps=150, lr=0.1)
    lab6.check_fooling_image(namespace["fooling_image"], device="meta")
    assert time.perf_counter() - start < 6.0


def test_review_fixes_hints_points_and_the_untrained_network():
    """Issue 26's instructor review: no text or hint is a solution line, the header says what the optional
    Part 6 is worth (computed from the grades), and no cell says an untrained network is fooled as easily."""
    cs = cells()
    by_id = {c.id: c.source for c in cs}
    assert pasted_solution_lines(LAB) == []
    total = sum(meta(c).get("points", 0) for c in cs)
    part6 = sum(meta(c)["points"] for c in cs if meta(c).get("grade_id") in ("test_fooling_image", "q06"))
    assert f"{part6} of the lab's {total} points" in by_id["md-001"] and f"at most {total - part6}" in by_id["md-001"]
    assert "can be fooled too" not in by_id["md-035"] and "hundreds of times larger" in by_id["md-035"]
    assert "the solution's choice" not in by_id["md-034"] and "model.train(was_training)" not in by_id["md-034"]
    assert "retrain with" not in by_id["md-001"]  # Question 4's remedy is not given before it is asked


def test_second_review_fixes_diagram_transforms_hint_and_q06():
    """Issue 26's second review: 3.2 does not read the diagram for Question 3, the transforms' Hint 2 asks
    instead of listing the calls, and Question 6 no longer asks what 5.1 and 6.1 already set out (start,
    objective, constraint, steps): it asks what each tells us and why a trained network is fooled."""
    by_id = {c.id: c.source for c in cells()}
    assert "below the diagonal" not in by_id["md-030"] and "which confidence bins" in by_id["q03-prompt"]
    assert "T.RandomCrop(" not in by_id["md-003"] and "help(T)" in by_id["md-003"]
    assert "where each starts" not in by_id["q06-prompt"] and "untrained network" in by_id["q06-prompt"]
    assert "linearly with the input's scale" not in by_id["md-035"]  # the why is Question 6's
