"""Lab 3's source notebook follows the contract of LABS.md: graded functions and the MLP
class with their tests by grade_id, theory questions as manually graded answers, the
softmax kept outside the model, a short training while grading, the summary last."""

from __future__ import annotations

from notebook_harness import meta, source_cells

LAB = "lab3_modules"


def cells():
    return source_cells(LAB)


def test_first_code_cell_imports_what_the_answers_use():
    first = next(c for c in cells() if c.cell_type == "code").source
    for line in ["import torch.nn as nn", "from dllabs.checks import lab3, ready, summary", "grading_mode"]:
        assert line in first


def test_softmax_is_taken_outside_the_model():
    cs = cells()
    answers = [c.source for c in cs if meta(c).get("solution") and c.cell_type == "code"]
    assert not any("softmax" in s.lower() for s in answers)
    assert any("torch.softmax(model(data.Xgrid)" in c.source and "plot_decision_boundary" in c.source for c in cs)


def test_training_is_short_in_grading_mode_and_ends_with_the_summary():
    cs = cells()
    assert any("grading_mode()" in c.source and "epochs" in c.source for c in cs)
    assert any("disable=grading_mode()" in c.source for c in cs)
    assert "summary(globals(), lab3.VISIBLE)" in cs[-1].source


def test_questions_ask_about_logits_sequential_and_state_dict():
    text = "\n".join(c.source for c in cells() if c.cell_type == "markdown" and c.source.startswith("**Question"))
    assert "logits" in text and "nn.Sequential" in text and "state_dict" in text


def test_every_question_has_a_model_answer_and_a_rubric():
    answers = [c.source for c in cells() if meta(c).get("solution") and c.cell_type == "markdown"]
    assert len(answers) == 5
    assert all("YOUR ANSWER HERE" not in a and "**Rubric.** Full marks:" in a and "Half marks:" in a for a in answers)


def test_the_mlp_run_draws_nothing_between_the_seed_and_the_training():
    """Question 5 holds on every device: the MLP run builds its loss directly, not with another init_model."""
    cell = next(c.source for c in cells() if "history_mlp = train(" in c.source)
    assert "init_model(" not in cell and "set_seed(0)" in cell and "history_mlp == history" in cell
