"""Lab 3's source notebook follows the contract of LABS.md: graded functions and the MLP
class with their tests by grade_id, theory questions as manually graded answers, the
softmax kept outside the model, a short training while grading, the summary last."""

from __future__ import annotations

import nbformat

from autograder.course import ROOT
from dllabs.checks import lab3

LAB = "lab3_modules"
GRADED = {"init_model": "def init_model(", "loss_accuracy": "def loss_accuracy(", "sgd": "def sgd(",
          "MLP": "class MLP(nn.Module)"}


def cells():
    return nbformat.read(ROOT / "source" / LAB / f"{LAB}.ipynb", as_version=4).cells


def meta(cell):
    return cell.metadata.get("nbgrader", {})


def test_each_graded_name_has_its_answer_cell_then_its_test_cell():
    cs = cells()
    ids = [meta(c).get("grade_id") for c in cs]
    for name, header in GRADED.items():
        i = ids.index(name)
        assert meta(cs[i])["solution"] and not meta(cs[i])["grade"] and header in cs[i].source
        assert "### BEGIN SOLUTION" in cs[i].source
        nxt = next(c for c in cs[i + 1:] if meta(c))
        assert meta(nxt)["grade_id"] == f"test_{name}" and meta(nxt)["grade"] and meta(nxt)["points"] > 0
        assert f"lab3.check_{name}({name})" in nxt.source and "### BEGIN HIDDEN TESTS" in nxt.source


def test_visible_checks_cover_every_graded_name():
    assert list(lab3.VISIBLE) == list(GRADED)


def test_theory_questions_are_manually_graded_answers():
    cs = cells()
    answers = {meta(c)["grade_id"]: c for c in cs if meta(c).get("grade") and meta(c).get("solution")}
    assert sorted(answers) == [f"q{i:02d}" for i in range(1, len(answers) + 1)] and len(answers) >= 3
    assert all(c.cell_type == "markdown" for c in answers.values())
    prompts = [c.source for c in cs if c.cell_type == "markdown" and c.source.startswith("**Question")]
    assert len(prompts) == len(answers) and any("★" in p for p in prompts)
    text = "\n".join(prompts)
    assert "logits" in text and "nn.Sequential" in text and "state_dict" in text


def test_source_cells_have_stable_ids_and_no_outputs():
    cs = cells()
    assert len({c.id for c in cs}) == len(cs)
    assert all(not c.get("outputs") and not c.get("execution_count") for c in cs if c.cell_type == "code")


def test_first_code_cell_imports_what_the_answers_use():
    first = next(c for c in cells() if c.cell_type == "code").source
    for line in ["import torch.nn as nn", "from dllabs.checks import lab3, summary", "grading_mode"]:
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
