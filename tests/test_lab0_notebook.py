"""What is particular to lab 0 (the perceptron and logistic regression): hints folded in
two steps under every graded function, the slide's cross-entropy slip corrected, the
breast-cancer figure tagged to be measured, the training cells short while graded; its
checks' perceptron rule agrees with scikit-learn's Perceptron, tells every named mistake
apart on the visible problems, and grades each function alone without leaving a trace in the notebook's namespace."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402

from autograder.references import lab0 as lab0_references  # noqa: E402
from dllabs.checks import lab0  # noqa: E402
from dllabs.checks._outcome import CheckFailed  # noqa: E402
from dllabs.plots import plot_linear_boundary  # noqa: E402
from lab_cells import not_given_above, pasted_solution_lines  # noqa: E402
from notebook_harness import meta, source_cells  # noqa: E402

LAB = "lab0_perceptron"


def cells():
    return source_cells(LAB)


def test_training_is_short_in_grading_mode():
    # the summary cell last: test_lab_contracts.test_checks_are_imported_first_and_summarised_last
    assert any("grading_mode()" in c.source and "train_logreg(" in c.source for c in cells())


def test_every_graded_function_has_two_folded_hints_pointer_first():
    cs = cells()
    for name in lab0.VISIBLE:
        i = next(k for k, c in enumerate(cs) if meta(c).get("grade_id") == name)
        text = next(c.source for c in reversed(cs[:i]) if c.cell_type == "markdown" and "<details>" in c.source)
        hints = re.findall(r"<details><summary>(Hint \d)</summary>(.*?)</details>", text, flags=re.S)
        assert [h for h, _ in hints] == ["Hint 1", "Hint 2"], name
        assert len(hints[1][1]) > 40, name


def test_the_slides_cross_entropy_slip_is_corrected_and_the_figure_is_measured():
    """LABS.md: the seeds' slips are corrected, not copied. The sigmoid's is judged by behaviour
    (test_a_function_is_graded_alone_and_the_namespace_is_restored: the check names the slide);
    CE = KL + H has no function to run, so the text's correction is the contract. Rubrics:
    test_lab_contracts.test_every_question_has_a_model_answer_and_a_rubric_that_students_never_see."""
    text = "\n".join(c.source for c in cells() if c.cell_type == "markdown")
    assert r"\mathrm{KL}(y \,\|\, \hat y) + H(y)" in text and "has the sign wrong" in text
    assert "test_acc" in re.findall(r"<!-- expected: (.+?) in \[", text)  # measured by benchmarks/expected_figures.py


def test_the_checks_perceptron_rule_agrees_with_scikit_learn():
    """The checks' rule is the notebook's formula; scikit-learn's Perceptron (eta0=1, no
    shuffle, one epoch) is an independent implementation of the same rule."""
    import warnings

    from sklearn.linear_model import Perceptron

    for seed in range(20):
        w, b, X, y = lab0._integer_problem(12, 3, seed, "random" if seed % 2 else "zero")
        if len(set(y.tolist())) < 2:
            continue
        w_ref, b_ref, _ = lab0_references.perceptron_epoch(w, b, X, y)
        clf = Perceptron(eta0=1.0, shuffle=False, max_iter=1, tol=None)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # one epoch: scikit-learn warns it may not have converged
            clf.fit(X.numpy(), y.numpy(), coef_init=w.numpy()[None], intercept_init=np.array([b.item()]))
        assert np.array_equal(clf.coef_[0], w_ref.numpy()) and clf.intercept_[0] == b_ref.item(), seed


def test_the_visible_perceptron_problem_tells_every_named_mistake_apart():
    w, b, X, y = lab0._integer_problem(8, 2, 1, "random")  # the first problem check_perceptron_epoch grades
    results = {v: lab0_references.perceptron_pass(w, b, X, y, v) for v in ["rule", *lab0.EPOCH_VARIANTS]}
    keys = {v: (tuple(r[0].tolist()), r[1].item()) for v, r in results.items()}
    assert len(set(keys.values())) == len(keys), keys


def _notebook_namespace():
    namespace = {"torch": torch}
    exec("def sigmoid(z):\n    return 1 / (1 + torch.exp(z))\n"  # the slide's slip
         "def logreg_grad(w, b, X, t):\n    r = sigmoid(X @ w + b) - t\n    return X.T @ r / len(t), r.mean()\n",
         namespace)
    return namespace


def test_a_function_is_graded_alone_and_the_namespace_is_restored():
    namespace = _notebook_namespace()
    wrong_sigmoid = namespace["sigmoid"]
    with pytest.raises(CheckFailed, match="a common slip"):
        lab0.check_sigmoid(wrong_sigmoid)
    lab0.check_logreg_grad(namespace["logreg_grad"])  # graded with torch's sigmoid: full marks
    lab0.check_logreg_grad(namespace["logreg_grad"], device="meta")
    assert namespace["sigmoid"] is wrong_sigmoid


def test_an_endless_perceptron_is_stopped_and_named():
    def perceptron_train(X, y, max_epochs=100):
        w, b, history = torch.zeros_like(X[0]), torch.zeros_like(X[0, 0]), []
        while not history or history[-1] > 0:
            w, b, m = lab0_references.perceptron_epoch(w, b, X, y)
            history.append(m)
        return w, b, history

    with pytest.raises(CheckFailed, match="never stopped on the XOR points"):
        lab0.check_perceptron_train(perceptron_train)


def test_plot_linear_boundary_draws_points_and_line_and_rejects_bad_shapes():
    X = torch.tensor([[0.0, 0.0], [1.0, 1.0], [-1.0, 0.5]], requires_grad=True)
    y = torch.tensor([-1.0, 1.0, 1.0])
    fig = plot_linear_boundary(X, y, torch.tensor([1.0, -1.0]), torch.tensor(0.2), title="t")
    ax = fig.axes[0]
    assert sum(isinstance(c, PathCollection) for c in ax.collections) == 2 and ax.get_title() == "t"
    assert plot_linear_boundary(X, y).axes  # no classifier: points only
    with pytest.raises(ValueError, match="expected \\(n, 2\\)"):
        plot_linear_boundary(torch.zeros(3, 3), y)
    matplotlib.pyplot.close("all")


def shown(cell_id: str) -> str:
    """A markdown cell's text outside its folded hints."""
    return re.sub(r"<details>.*?</details>", "", next(c.source for c in cells() if c.id == cell_id), flags=re.S)


def test_students_derive_what_the_questions_and_functions_ask():
    """Issue 26: no hint or text holds a line of a solution; q07's prompt asks for the sign it
    does not give; the text gives the ingredients of logreg_grad's gradient (q05's dl/dz, the
    shapes) and of the stable BCE, not the results, which a folded Hint 2 may give at most."""
    assert pasted_solution_lines(LAB) == []
    assert not_given_above(LAB, "q07") == [] and r"\mathrm{KL}(y \,\|\, \hat y) + H(y)" not in shown("q07-prompt")
    assert "X^\\top" not in shown("md-024") and "question 5" in shown("md-024")
    assert "\\lvert z \\rvert" not in shown("md-021") + shown("md-023")
