"""Lab 3's source notebook follows the contract of LABS.md: graded functions and the MLP
class with their tests by grade_id, theory questions as manually graded answers, the
softmax kept outside the model, a short training while grading, the summary last."""

from __future__ import annotations

import contextlib
import io

from notebook_harness import _strip, graded_cells, source_cells

LAB = "lab3_modules"


def cells():
    return source_cells(LAB)


def test_first_code_cell_imports_what_the_answers_use():
    """Each answer cell runs after the import cell alone and defines its graded name."""
    imports, answers, _ = graded_cells(LAB)
    for name, source in answers.items():
        namespace: dict = {}
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(imports, "<imports>", "exec"), namespace)
            exec(compile(_strip(source), f"<{name}>", "exec"), namespace)
        assert callable(namespace[name]), name


def test_softmax_is_taken_outside_the_model():
    # a model ending in softmax fails its check: tests/submissions/lab3_modules/wrong_MLP_softmax_in_forward.py
    # and wrong_init_model_softmax_last_layer.py, graded by test_submissions.test_submission_scores_as_expected
    assert any("torch.softmax(model(data.Xgrid)" in c.source and "plot_decision_boundary" in c.source for c in cells())


def test_training_is_short_in_grading_mode():
    # the summary cell last: test_lab_contracts.test_checks_are_imported_first_and_summarised_last;
    # the five questions, starred, with model answers and rubrics: test_lab_contracts
    cs = cells()
    assert any("grading_mode()" in c.source and "epochs" in c.source for c in cs)
    assert any("disable=grading_mode()" in c.source for c in cs)


def test_the_mlp_run_draws_nothing_between_the_seed_and_the_training():
    """Question 5 holds on every device: the MLP run builds its loss directly, not with another init_model."""
    cell = next(c.source for c in cells() if "history_mlp = train(" in c.source)
    assert "init_model(" not in cell and "set_seed(0)" in cell and "history_mlp == history" in cell


def test_the_plain_list_module_shows_what_question_3_explains(monkeypatch):
    """The cell before question 3: layers in a plain list compute, yet nn.Module sees no parameter."""
    from lab_cells import run_until

    namespace, printed = run_until(LAB, "code-list", monkeypatch)
    listed = namespace["listed"]
    assert sum(p.numel() for p in listed.parameters()) == 0 and listed.state_dict() == {}, printed
    assert "logits of 3 points: (3, 2)" in printed, printed
