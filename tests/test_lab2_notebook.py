"""Lab 2's source notebook follows the contract of LABS.md: graded cells and their
tests by grade_id, the three theory questions as manually graded answers, lab 1's
forward and loss_accuracy given (not graded), a short training in grading mode."""

from __future__ import annotations

import nbformat

from autograder.course import ROOT

LAB = "lab2_autograd"
FUNCTIONS = ["init_params_autograd", "sgd_autograd", "train_step"]
SIGNATURES = {
    "init_params_autograd": "def init_params_autograd(nx, nh, ny, device=None, dtype=torch.float32):",
    "sgd_autograd": "def sgd_autograd(params, eta):",
    "train_step": "def train_step(params, X, Y, eta):",
}


def cells():
    return nbformat.read(ROOT / "source" / LAB / f"{LAB}.ipynb", as_version=4).cells


def meta(cell):
    return cell.metadata.get("nbgrader", {})


def test_each_graded_function_has_its_answer_cell_then_its_test_cell():
    cs = cells()
    ids = [meta(c).get("grade_id") for c in cs]
    for name in FUNCTIONS:
        i = ids.index(name)
        assert meta(cs[i])["solution"] and not meta(cs[i])["grade"] and SIGNATURES[name] in cs[i].source
        assert "### BEGIN SOLUTION" in cs[i].source and "### END SOLUTION" in cs[i].source
        nxt = next(c for c in cs[i + 1:] if meta(c))
        assert meta(nxt)["grade_id"] == f"test_{name}" and meta(nxt)["grade"] and meta(nxt)["points"] > 0
        assert f"lab2.check_{name}({name})" in nxt.source
        assert "### BEGIN HIDDEN TESTS" in nxt.source
    graded = sorted(meta(c)["grade_id"] for c in cs if meta(c).get("grade") and not meta(c).get("solution"))
    assert graded == sorted(f"test_{name}" for name in FUNCTIONS)


def test_theory_questions_are_manually_graded_answers():
    cs = cells()
    answers = {meta(c)["grade_id"]: c for c in cs if meta(c).get("grade") and meta(c).get("solution")}
    assert sorted(answers) == ["q01", "q02", "q03"]
    assert all(c.cell_type == "markdown" for c in answers.values())
    prompts = [c.source for c in cs if c.cell_type == "markdown" and c.source.startswith("**Question")]
    assert len(prompts) == 3
    assert "accumulate" in prompts[0] and "leaf" in prompts[1] and "torch.no_grad()" in prompts[2]


def test_lab1_functions_are_given_in_the_import_cell_and_not_graded():
    cs = cells()
    first = next(c for c in cs if c.cell_type == "code")
    assert not meta(first) and "from dllabs.checks import lab2, summary" in first.source
    assert "def forward(params, X):" in first.source and "def loss_accuracy(Yhat, Y):" in first.source
    assert "### BEGIN SOLUTION" not in first.source
    ids = {meta(c).get("grade_id") for c in cs}
    assert not ids & {"forward", "loss_accuracy", "backward", "sgd", "init_params"}


def test_autograd_is_compared_with_lab1_backward():
    cs = cells()
    assert any("def backward(params, outputs, Y):" in c.source and not meta(c) for c in cs if c.cell_type == "code")
    assert any("L.backward()" in c.source and "backward(params, outputs, Y)" in c.source and "max" in c.source
               for c in cs if c.cell_type == "code" and not meta(c))


def test_source_cells_have_stable_ids_and_no_outputs():
    cs = cells()
    assert len({c.id for c in cs}) == len(cs)
    assert all(not c.get("outputs") and not c.get("execution_count") for c in cs if c.cell_type == "code")


def test_training_is_short_in_grading_mode_and_ends_with_the_summary():
    cs = cells()
    assert any("grading_mode()" in c.source and "epochs" in c.source and "train_step(" in c.source
               and "disable=grading_mode()" in c.source for c in cs)
    assert any("plot_curves(" in c.source for c in cs) and any("plot_decision_boundary(" in c.source for c in cs)
    assert "summary(globals(), lab2.VISIBLE)" in cs[-1].source
