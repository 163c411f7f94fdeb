"""Lab 5's source notebook follows the contract of LABS.md: the three models and the two
loops as graded cells with their tests by grade_id, theory questions as manually graded
answers; its data and training cells run through torchvision's real MNIST loader on tiny
files in the real format (grading mode), and skip cleanly, with one line, when MNIST is
absent."""

from __future__ import annotations

import copy
import os

import nbformat
import torch

from autograder.build import solution_notebook
from autograder.course import ROOT
from notebook_harness import meta, source_cells
from dllabs.checks import lab5
from tiny_datasets import write_tiny_mnist

LAB = "lab5_mnist"
SOURCE = ROOT / "source" / LAB / f"{LAB}.ipynb"
DATA_CELLS = ["load-data", "show-batch", "fit", "train-linear", "train-mlp", "train-cnn", "misclassified", "confusion-matrix"]


def cells():
    return source_cells(LAB)


def test_notebook_states_targets_and_explains_the_loss_and_ends_with_the_summary():
    cs = cells()
    text = "\n".join(c.source for c in cs)
    assert "92%" in text and "98–99%" in text
    demo = next(c for c in cs if c.id == "nll-demo")
    assert "F.nll_loss(F.softmax(" in demo.source and "F.nll_loss(F.log_softmax(" in demo.source
    load = next(c for c in cs if c.id == "load-data")
    assert "except DataUnavailableError" in load.source and "have_data" in load.source
    assert "grading_mode()" in load.source and "Subset" in load.source
    fit = next(c for c in cs if c.id == "fit")
    assert "disable=grading_mode()" in fit.source and "train_epoch(" in fit.source and "evaluate(" in fit.source
    for cid in DATA_CELLS[1:]:
        if cid != "fit":
            assert "if have_data:" in next(c for c in cs if c.id == cid).source, cid
    assert any("show_images(" in c.source and "mistakes" in c.source for c in cs)
    assert any("plot_confusion_matrix(" in c.source for c in cs)
    assert "summary(globals(), lab5.VISIBLE)" in cs[-1].source


def test_plain_sgd_of_the_loop_checks_is_torch_optim_sgd():
    """The loop checks hand the student a written-out SGD (torch.optim's first use imports
    torch._dynamo, seconds): it must step exactly as torch.optim.SGD."""
    for momentum in (0.0, 0.9):
        torch.manual_seed(0)
        model = torch.nn.Sequential(torch.nn.Linear(5, 4), torch.nn.ReLU(), torch.nn.Linear(4, 3))
        twin = copy.deepcopy(model)
        plain = lab5.PlainSGD(model.parameters(), lr=0.1, momentum=momentum)
        reference = torch.optim.SGD(twin.parameters(), lr=0.1, momentum=momentum)
        for step in range(4):
            X, y = torch.randn(6, 5), torch.randint(3, (6,))
            for m, opt in ((model, plain), (twin, reference)):
                opt.zero_grad()
                torch.nn.functional.cross_entropy(m(X), y).backward()
                opt.step()
        for p, q in zip(model.parameters(), twin.parameters()):
            torch.testing.assert_close(p, q)


def _data_notebook() -> nbformat.NotebookNode:
    """The solution notebook without its test cells and summary: imports, answers, data,
    training and plots."""
    nb = solution_notebook(SOURCE, LAB)
    keep = [c for c in nb.cells if c.cell_type == "code" and not meta(c).get("grade") and c.id != "summary"]
    nb.cells = keep
    return nb


def _execute(nb: nbformat.NotebookNode, env: dict[str, str], tmp_path) -> nbformat.NotebookNode:
    from nbclient import NotebookClient

    saved = dict(os.environ)
    os.environ.update(env)
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), saved.get("PYTHONPATH", "")])
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    try:
        NotebookClient(nb, kernel_name="python3", timeout=300, allow_errors=True, resources={"metadata": {"path": str(tmp_path)}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return nb


def _errors(nb):
    return {c.id: f"{o.ename}: {o.evalue}" for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"}


def _text(cell, stream="stdout"):
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream" and o.name == stream)


def _has_image(cell):
    return any("image/png" in o.get("data", {}) for o in cell.outputs)


def test_data_and_training_cells_run_on_tiny_mnist_through_torchvision(tmp_path):
    root = write_tiny_mnist(tmp_path / "data", n_train=200, n_test=100, seed=0)
    nb = _execute(_data_notebook(), {"DLLABS_DATA": str(root), "NBGRADER_EXECUTION": "autograde"}, tmp_path)
    assert _errors(nb) == {}
    by_id = {c.id: c for c in nb.cells}
    assert all(not _text(c, "stderr") for c in nb.cells), {c.id: _text(c, "stderr") for c in nb.cells if _text(c, "stderr")}
    assert "200 training images, 100 test images" in _text(by_id["load-data"])
    assert "a batch: X (64, 1, 28, 28) torch.float32" in _text(by_id["show-batch"]) and _has_image(by_id["show-batch"])
    for cid, name in [("train-linear", "LinearClassifier"), ("train-mlp", "MLPClassifier"), ("train-cnn", "MnistCNN")]:
        out = _text(by_id[cid])
        assert f"{name}: test accuracy" in out and "after 1 epoch(s)" in out, out
        assert _has_image(by_id[cid])
    assert "test digits misclassified" in _text(by_id["misclassified"])
    assert _has_image(by_id["confusion-matrix"])


def test_no_mnist_prints_one_line_and_skips_the_training(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    nb = _execute(_data_notebook(), {"DLLABS_DATA": str(empty), "NBGRADER_EXECUTION": "autograde"}, tmp_path)
    assert _errors(nb) == {}
    by_id = {c.id: c for c in nb.cells}
    lines = _text(by_id["load-data"]).strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("MNIST unavailable, the training cells are skipped: MNIST is not in")
    assert str(empty) in lines[0] and not _text(by_id["load-data"], "stderr")
    for cid in DATA_CELLS[1:]:
        assert not _has_image(by_id[cid]), cid
    for cid in ["train-linear", "train-mlp", "train-cnn", "misclassified", "confusion-matrix"]:
        assert _text(by_id[cid]).strip() == "Skipped: no MNIST (see the data cell).", cid


def test_questions_are_answered_at_length_and_ask_what_the_lab_shows():
    cs = cells()
    answers = [c for c in cs if meta(c).get("grade") and meta(c).get("solution")]
    assert all(len(c.source) > 200 for c in answers)
    prompts = [c.source for c in cs if c.cell_type == "markdown" and c.source.startswith("**Question")]
    assert sum("★" in p for p in prompts) == 3
    assert "nll_loss" in prompts[0] and "model.eval()" in prompts[1] and "samples" in prompts[2]


def test_the_data_cells_are_there():
    assert set(DATA_CELLS) <= {c.id for c in cells()}
