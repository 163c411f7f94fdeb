"""Lab 1's source notebook follows the contract of LABS.md: graded cells and their
tests by grade_id, theory questions q01-q10 as manually graded answers, starred ones marked."""

from __future__ import annotations

import contextlib
import io
import re

import matplotlib
import torch

from lab_cells import not_given_above, pasted_solution_lines, run_until
from notebook_harness import meta, source_cells

LAB = "lab1_backprop"


def cells():
    return source_cells(LAB)


def test_training_is_short_in_grading_mode():
    # the summary cell last: test_lab_contracts.test_checks_are_imported_first_and_summarised_last
    assert any("grading_mode()" in c.source and "epochs" in c.source for c in cells())


def _counting(calls: list):
    def wrap(fn):
        def spy(*args, **kwargs):
            calls.append(args)
            return fn(*args, **kwargs)
        return spy
    return wrap


def test_part_3_trains_with_the_students_train_epoch(monkeypatch):
    """Every epoch of the loop is one call of the student's train_epoch, and without it nothing learns."""
    calls: list = []
    namespace, _ = run_until(LAB, "code-015", monkeypatch, wrap={"train_epoch": _counting(calls)})
    assert len(calls) == namespace["epochs"] == len(namespace["history"]["test_acc"])
    idle, _ = run_until(LAB, "code-015", monkeypatch, wrap={"train_epoch": lambda fn: lambda params, *a, **k: params})
    assert len(set(idle["history"]["train_loss"])) == 1  # the loop itself neither shuffles nor steps


def test_students_run_gradient_check_on_their_own_backward(monkeypatch):
    checked, backwards = [], []
    namespace, printed = run_until(LAB, "code-gc3", monkeypatch, wrap={"gradient_check": _counting(checked),
                                                                       "backward": _counting(backwards)})
    [(_, params, grads)] = checked
    assert backwards and all(p.dtype == torch.float64 for p in params.values())
    assert grads is not None and all(e < 1e-6 for e in namespace["own_errors"].values()), printed


def test_questions_are_not_answered_next_to_them():
    assert not_given_above(LAB, "q02") == []  # the forward equations
    backward_md = next(c.source for c in cells()
                       if c.cell_type == "markdown" and c.source.startswith("### 2.4 Backward"))
    shown = re.sub(r"<details>.*?</details>", "", backward_md, flags=re.S)
    # backward's answer stays folded in its hints
    assert backward_md.count("<details>") >= 2 and "\\delta^h = (" not in shown and "(\\delta^y)^\\top H" not in shown


def test_merged_questions_keep_the_labs_points_and_extensions_are_marked():
    """Issue 26 merged lab 1's eleven recall questions into four: the hand-graded points stay 17,
    and the questions outside the core say they are optional."""
    answers = {meta(c)["grade_id"]: c for c in cells() if meta(c).get("grade") and meta(c).get("solution")}
    assert sum(meta(c)["points"] for c in answers.values()) == 17
    prompts = [c.source for c in cells() if c.cell_type == "markdown" and c.source.startswith("**Question")]
    optional = [p.split(".", 1)[0] for p in prompts if "extension, optional" in p]
    assert optional == [f"**Question {n} (extension, optional, graded)" for n in (5, 6)]
    assert all(re.search(r"^## Part \d .*\(≈ \d+ min", c.source, flags=re.M) for c in cells()
               if c.cell_type == "markdown" and c.source.startswith("## Part"))


def test_svm_bonus_runs_without_a_warning(monkeypatch):
    """The bonus (skipped while grading) with every warning an error: no deprecated option of scikit-learn."""
    import warnings

    namespace, _ = run_until(LAB, "code-008", monkeypatch)  # the data; the MLP's history is not the bonus's
    monkeypatch.delenv("NBGRADER_EXECUTION")
    namespace.update(ready=lambda *args: True, history={"test_acc": [0.5]})
    bonus = next(c.source for c in cells() if c.id == "code-019")
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()) as out:
        warnings.simplefilter("error")
        exec(compile(bonus, "<code-019>", "exec"), namespace)
    matplotlib.pyplot.close("all")
    assert 0.5 < namespace["svm_acc"] <= 1 and "SVM (RBF kernel) test accuracy" in out.getvalue()


def test_stated_training_figures_carry_expected_tags():
    text = "".join(c.source for c in cells() if c.cell_type == "markdown")
    tags = set(re.findall(r"<!-- expected: (\w+) in \[", text))
    assert {"final_test_acc", "epoch_above_95", "final_train_acc"} <= tags


def test_hints_point_and_the_forward_pass_is_derived_from_question_2():
    """Issue 26: no hint or text holds a line of a solution; the batched forward equations are
    the student's (from question 2), the text gives their shapes; backprop costs about twice a
    forward pass, not about as much."""
    assert pasted_solution_lines(LAB) == []
    forward_md = next(c.source for c in cells() if c.id == "md-010")
    assert "W_h^\\top" not in forward_md and "question 2" in forward_md
    costs = [" ".join(c.source.split()) for c in cells() if c.id in ("q05", "md-020")]
    assert all("about twice" in s and "about the cost of a forward pass" not in s for s in costs)
