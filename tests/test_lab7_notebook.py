"""Lab 7's source notebook follows issue 29 (LABS.md has no lab 7 yet: the issue's names are the contract):
rnn_forward, rnn_backward, attention and greedy_decode graded, the plain cells compare the student's BPTT with autograd,
show the gradient vanishing over time steps, train nn.RNN against nn.GRU briefly while grading, and draw
an attention map, then train a date-normalising encoder-decoder with attention (teacher forcing, the
student's greedy_decode); the questions cover vanishing gradients, clipping, gating, the sqrt(d), teacher
forcing and what an attention map does not explain."""

from __future__ import annotations

import re

from lab_cells import pasted_solution_lines, run_until
from notebook_harness import graded_cells, source_cells

LAB = "lab7_sequences"


def _markdown() -> str:
    return "".join(c.source for c in source_cells(LAB) if c.cell_type == "markdown")


def test_the_graded_functions_are_the_issues():
    assert set(graded_cells(LAB)[1]) == {"rnn_forward", "rnn_backward", "attention", "greedy_decode"}


def test_the_students_bptt_equals_autograd_and_the_gradient_vanishes_over_time(monkeypatch):
    namespace, printed = run_until(LAB, "code-008", monkeypatch)
    assert namespace["max_bptt_error"] < 1e-12, printed
    assert namespace["decay_small"] > 1e3 and namespace["growth_large"] > 10, printed
    assert set(namespace["bptt_errors"]) == {"Wxh", "Whh", "bh", "X", "h0"}


def test_clipping_bounds_the_norm(monkeypatch):
    namespace, printed = run_until(LAB, "code-010", monkeypatch)
    assert namespace["before"] > 1.0 and abs(float(namespace["after"]) - 1.0) < 1e-4, printed


def test_the_recall_experiment_is_short_in_grading_mode(monkeypatch):
    namespace, printed = run_until(LAB, "code-013", monkeypatch)
    assert namespace["lags"] == [5] and namespace["steps"] == 20, printed
    assert set(namespace["recall"]) == {"rnn", "gru", "gru_default"}, printed  # the gate bias's effect is shown
    assert all(len(v) == 1 for v in namespace["recall"].values())
    source = next(c.source for c in source_cells(LAB) if c.id == "code-013")
    assert "[5, 20, 50, 100]" in source and "clip_grad_norm_" in source
    assert not source.startswith("if ready("), "part 2 uses nothing from part 1: it must not wait for it"


def test_hints_point_to_the_idea_without_the_solution_lines():
    text = _markdown()
    for line in ['masked_fill(~mask', 'torch.full((n,), bos', 'logits.argmax(dim=-1)', 'torch.stack(states, dim=1)',
                 'for t in reversed(range(T))', 'X[:, t] @ params["Wxh"].T']:
        assert line not in text, line
    forward = next(c.source for c in source_cells(LAB) if c.id == "rnn_forward")
    assert "tanh(X[:, t] @" not in forward.split("### BEGIN SOLUTION")[0], "the docstring dictates the loop body"


def test_the_attention_map_finds_the_copied_keys(monkeypatch):
    namespace, printed = run_until(LAB, "code-016", monkeypatch)
    assert namespace["mean_weight_on_copied_key"] > 0.9, printed


def test_the_date_model_trains_briefly_while_grading_and_decodes_greedily(monkeypatch):
    namespace, printed = run_until(LAB, "code-025", monkeypatch)
    assert namespace["steps"] == 30 and 0.0 <= namespace["date_test_acc"] <= 1.0, printed
    assert not namespace["model"].training and "6 décembre 2026" in printed, printed
    data = namespace["data"]
    assert len(set(data.iso_train) & set(data.iso_test)) == 0 and data.Ytest.shape == (1000, 10)
    assert data.decode(data.Ytest[:1]) == data.iso_test[:1]


def test_the_expected_figures_are_tagged_and_the_fully_masked_row_is_defined():
    tags = set(re.findall(r"<!-- expected: (\w+) in \[", _markdown()))
    assert {"max_bptt_error", "decay_small", "growth_large", "gru_acc_longest", "rnn_acc_longest",
            "mean_weight_on_copied_key", "date_test_acc"} <= tags
    assert "fully masked row" in _markdown() and "zero weights and a zero output" in _markdown()


def test_questions_cover_vanishing_clipping_gates_scaling_and_interpretability():
    prompts = [c.source for c in source_cells(LAB) if c.cell_type == "markdown" and c.source.startswith("**Question")]
    keys = ["geometrically", "clipping", "GRU", "sqrt{d}", "Teacher forcing", "explanation"]
    assert len(prompts) == len(keys) and all(k in p for k, p in zip(keys, prompts)), prompts


def test_does_no_text_or_hint_hold_a_line_of_a_graded_function():
    """No markdown before a graded function (hints and the decoder's interface included) shows a line
    of its solution that could be pasted as the answer (the interface is given as signatures)."""
    assert pasted_solution_lines(LAB, 8) == []
