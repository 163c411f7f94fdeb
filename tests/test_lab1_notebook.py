"""Lab 1's source notebook follows the contract of LABS.md: graded cells and their
tests by grade_id, theory questions q01-q17 as manually graded answers, starred ones marked."""

from __future__ import annotations

import re

from notebook_harness import meta, source_cells

LAB = "lab1_backprop"


def cells():
    return source_cells(LAB)


def test_training_is_short_in_grading_mode_and_ends_with_the_summary():
    cs = cells()
    assert any("grading_mode()" in c.source and "epochs" in c.source for c in cs)
    assert "summary(globals(), lab1.VISIBLE)" in cs[-1].source


def test_part_3_trains_with_the_students_train_epoch():
    loop = next(c for c in cells() if c.cell_type == "code" and "grading_mode()" in c.source and "epochs" in c.source)
    assert "train_epoch(params, data.Xtrain, data.Ytrain, eta, batch_size)" in loop.source
    assert "randperm" not in loop.source and "backward(" not in loop.source  # the loop itself is the student's


def test_students_run_gradient_check_on_their_own_backward():
    cs = cells()
    i = next(i for i, c in enumerate(cs) if meta(c).get("grade_id") == "test_gradient_check")
    use = next(c for c in cs[i + 1:] if c.cell_type == "code")
    assert not meta(use) and "gradient_check(" in use.source and "backward(" in use.source and "float64" in use.source


def test_questions_are_not_answered_next_to_them():
    cs = cells()
    q07 = next(i for i, c in enumerate(cs) if meta(c).get("grade_id") == "q07")
    above = "".join(c.source for c in cs[:q07 - 1] if c.cell_type == "markdown")
    assert "= \\tanh(\\tilde h)" not in above and "W_h x + b_h,\\quad" not in above
    backward_md = next(c.source for c in cs if c.cell_type == "markdown" and c.source.startswith("### 2.4 Backward"))
    shown = re.sub(r"<details>.*?</details>", "", backward_md, flags=re.S)
    assert backward_md.count("<details>") >= 2 and "\\delta^h = (" not in shown and "(\\delta^y)^\\top H" not in shown


def test_svm_bonus_has_no_deprecated_probability_option():
    bonus = next(c.source for c in cells() if c.cell_type == "code" and "SVC(" in c.source)
    assert "probability=True" not in bonus and "decision_function" in bonus


def test_stated_training_figures_carry_expected_tags():
    text = "".join(c.source for c in cells() if c.cell_type == "markdown")
    for name in ["final_test_acc", "epoch_above_95", "final_train_acc"]:
        assert f"<!-- expected: {name} in [" in text, name
