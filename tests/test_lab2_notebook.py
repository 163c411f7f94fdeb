"""Lab 2's source notebook follows the contract of LABS.md: graded cells and their
tests by grade_id, the three theory questions as manually graded answers, lab 1's
forward and loss_accuracy given (not graded), a short training in grading mode."""

from __future__ import annotations

import re

from notebook_harness import meta, source_cells

LAB = "lab2_autograd"


def cells():
    return source_cells(LAB)


def test_lab1_functions_are_given_in_the_import_cell_and_not_graded():
    cs = cells()
    first = next(c for c in cs if c.cell_type == "code")
    assert not meta(first) and "from dllabs.checks import lab2, ready, summary" in first.source
    assert "def forward(params, X):" in first.source and "def loss_accuracy(Yhat, Y):" in first.source
    assert "### BEGIN SOLUTION" not in first.source
    ids = {meta(c).get("grade_id") for c in cs}
    assert not ids & {"forward", "loss_accuracy", "backward", "sgd", "init_params"}


def test_autograd_is_compared_with_lab1_backward():
    cs = cells()
    assert any("def backward(params, outputs, Y):" in c.source and not meta(c) for c in cs if c.cell_type == "code")
    assert any("L.backward()" in c.source and "backward(params, outputs, Y)" in c.source and "max" in c.source
               for c in cs if c.cell_type == "code" and not meta(c))


def test_training_is_short_in_grading_mode_and_ends_with_the_summary():
    cs = cells()
    assert any("grading_mode()" in c.source and "epochs" in c.source and "train_step(" in c.source
               and "disable=grading_mode()" in c.source for c in cs)
    assert any("plot_curves(" in c.source for c in cs) and any("plot_decision_boundary(" in c.source for c in cs)
    assert "summary(globals(), lab2.VISIBLE)" in cs[-1].source


def test_questions_ask_about_accumulation_leaves_and_no_grad():
    prompts = [c.source for c in cells() if c.cell_type == "markdown" and c.source.startswith("**Question")]
    assert "accumulate" in prompts[0] and "leaf" in prompts[1] and "torch.no_grad()" in prompts[2]


def test_students_check_gradients_with_gradcheck():
    cs = cells()
    code = [c.source for c in cs if c.cell_type == "code" and not meta(c)]
    assert any("torch.autograd.gradcheck(" in s and "gradcheck_ok" in s for s in code)
    text = "".join(c.source for c in cs if c.cell_type == "markdown")
    assert "<!-- expected: gradcheck_ok in [" in text and "<!-- expected: max_autograd_error in [" in text


def test_lab1_and_lab2_state_the_same_training_figures():
    def tags(lab):
        text = "".join(c.source for c in source_cells(lab) if c.cell_type == "markdown")
        return {t for t in re.findall(r"<!-- expected: (\w+ in \[[^\]]*\]) -->", text) if "acc" in t or "epoch" in t}

    assert tags(LAB) and tags(LAB) == tags("lab1_backprop")


def test_train_step_test_runs_it_with_a_non_default_eta():
    test = next(c.source for c in cells() if meta(c).get("grade_id") == "test_train_step")
    assert "eta=" in test
