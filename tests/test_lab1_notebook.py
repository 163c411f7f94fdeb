"""Lab 1's source notebook follows the contract of LABS.md: graded cells and their
tests by grade_id, theory questions q01-q17 as manually graded answers, starred ones marked."""

from __future__ import annotations

import nbformat

from autograder.course import ROOT

LAB = "lab1_backprop"
FUNCTIONS = ["init_params", "forward", "loss_accuracy", "backward", "sgd"]


def cells():
    return nbformat.read(ROOT / "source" / LAB / f"{LAB}.ipynb", as_version=4).cells


def meta(cell):
    return cell.metadata.get("nbgrader", {})


def test_each_graded_function_has_its_answer_cell_then_its_test_cell():
    cs = cells()
    ids = [meta(c).get("grade_id") for c in cs]
    for name in FUNCTIONS:
        i = ids.index(name)
        assert meta(cs[i])["solution"] and not meta(cs[i])["grade"] and f"def {name}(" in cs[i].source
        nxt = next(c for c in cs[i + 1:] if meta(c))
        assert meta(nxt)["grade_id"] == f"test_{name}" and meta(nxt)["grade"] and meta(nxt)["points"] > 0
        assert "### BEGIN HIDDEN TESTS" in nxt.source


def test_theory_questions_are_manually_graded_answers():
    cs = cells()
    answers = {meta(c)["grade_id"]: c for c in cs if meta(c).get("grade") and meta(c).get("solution")}
    assert sorted(answers) == [f"q{i:02d}" for i in range(1, 18)]
    assert all(c.cell_type == "markdown" for c in answers.values())
    prompts = [c.source for c in cs if c.cell_type == "markdown" and c.source.startswith("**Question")]
    assert len(prompts) == 17 and sum("★" in p for p in prompts) >= 5


def test_source_cells_have_stable_ids_and_no_outputs():
    cs = cells()
    assert len({c.id for c in cs}) == len(cs)
    assert all(not c.get("outputs") and not c.get("execution_count") for c in cs if c.cell_type == "code")


def test_training_is_short_in_grading_mode_and_ends_with_the_summary():
    cs = cells()
    assert any("grading_mode()" in c.source and "epochs" in c.source for c in cs)
    assert "summary(globals(), lab1.VISIBLE)" in cs[-1].source
