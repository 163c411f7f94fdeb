"""Lab 2's source notebook follows the contract of LABS.md: graded cells and their
tests by grade_id, the three theory questions as manually graded answers, lab 1's
forward and loss_accuracy given (not graded), a short training in grading mode."""

from __future__ import annotations

import contextlib
import io
import re

import torch

from lab_cells import run_until
from notebook_harness import graded_cells, meta, source_cells

LAB = "lab2_autograd"


def cells():
    return source_cells(LAB)


def test_lab1_functions_are_given_in_the_import_cell_and_not_graded():
    # the checks imported first, the summary last: test_lab_contracts.test_checks_are_imported_first_and_summarised_last
    cs = cells()
    first = next(c for c in cs if c.cell_type == "code")
    assert not meta(first) and "### BEGIN SOLUTION" not in first.source  # given, not an answer
    ids = {meta(c).get("grade_id") for c in cs}
    assert not ids & {"forward", "loss_accuracy", "backward", "sgd", "init_params"}
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(first.source, "<imports>", "exec"), namespace)
    g = torch.Generator().manual_seed(0)
    params = {"Wh": torch.randn(5, 3, generator=g), "bh": torch.randn(5, generator=g),
              "Wy": torch.randn(4, 5, generator=g), "by": torch.randn(4, generator=g)}
    X, y = torch.randn(7, 3, generator=g), torch.tensor([0, 1, 2, 3, 0, 1, 2])
    Yhat, outputs = namespace["forward"](params, X)
    logits = X @ params["Wh"].T + params["bh"]
    logits = torch.tanh(logits) @ params["Wy"].T + params["by"]
    torch.testing.assert_close(Yhat, torch.softmax(logits, dim=1))
    assert {"X", "htilde", "h", "ytilde", "yhat"} <= set(outputs)
    L, acc = namespace["loss_accuracy"](Yhat, torch.nn.functional.one_hot(y, 4).float())
    torch.testing.assert_close(L, torch.nn.functional.cross_entropy(logits, y))
    assert acc == (logits.argmax(1) == y).float().mean()


def test_autograd_is_compared_with_lab1_backward_and_gradients_accumulate(monkeypatch):
    namespace, printed = run_until(LAB, "code-011", monkeypatch)
    assert "backward" not in graded_cells(LAB)[1]  # lab 1's backward is given, not graded
    assert namespace["max_autograd_error"] < 1e-12, printed
    assert set(namespace["doubling"].values()) == {2.0}, printed


def test_training_is_short_in_grading_mode():
    # the summary cell last: test_lab_contracts.test_checks_are_imported_first_and_summarised_last
    cs = cells()
    assert any("grading_mode()" in c.source and "epochs" in c.source and "train_step(" in c.source
               and "disable=grading_mode()" in c.source for c in cs)
    assert any("plot_curves(" in c.source for c in cs) and any("plot_decision_boundary(" in c.source for c in cs)


def test_questions_ask_about_accumulation_leaves_and_no_grad():
    """LABS.md names lab 2's three questions."""
    prompts = [c.source for c in cells() if c.cell_type == "markdown" and c.source.startswith("**Question")]
    assert "accumulate" in prompts[0] and "leaf" in prompts[1] and "torch.no_grad()" in prompts[2]


def test_the_update_experiment_shows_what_question_3_explains(monkeypatch):
    """The cell before question 3: an in-place update of a leaf is refused while autograd records,
    and the out-of-place one gives a tensor that is no longer a leaf."""
    namespace, printed = run_until(LAB, "code-nograd", monkeypatch)
    assert namespace["refused"] and "leaf" in namespace["refused"], printed
    assert not namespace["moved"].is_leaf and namespace["moved"].grad_fn is not None, printed


def test_students_check_gradients_with_gradcheck(monkeypatch):
    namespace, printed = run_until(LAB, "code-gc2", monkeypatch)
    assert namespace["gradcheck_ok"] is True and namespace["wrong_tanh_ok"] is False, printed
    text = "".join(c.source for c in cells() if c.cell_type == "markdown")
    assert {"gradcheck_ok", "max_autograd_error"} <= set(re.findall(r"<!-- expected: (\w+) in \[", text))


def test_lab1_and_lab2_state_the_same_training_figures():
    def tags(lab):
        text = "".join(c.source for c in source_cells(lab) if c.cell_type == "markdown")
        return {t for t in re.findall(r"<!-- expected: (\w+ in \[[^\]]*\]) -->", text) if "acc" in t or "epoch" in t}

    assert tags(LAB) and tags(LAB) == tags("lab1_backprop")


# A train_step that ignores its eta fails test_train_step:
# tests/submissions/lab2_autograd/wrong_train_step_ignores_eta.py,
# graded by test_submissions.test_submission_scores_as_expected.
