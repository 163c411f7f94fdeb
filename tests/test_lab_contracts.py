"""Every lab's source notebook follows the contract of LABS.md: each graded name has its
answer cell then its test cell (visible check, hidden tests, points), the theory questions
are manually graded answers, the checks are imported first and summarised last, and the
source is stored with stable ids and no outputs. What is particular to a lab is tested in
its own ``test_labN_notebook.py``."""

from __future__ import annotations

import importlib
import re

import nbformat
import pytest

from autograder.course.layout import LABS, lab_names
from notebook_harness import meta, source_cells

# Lab -> graded name -> text its answer cell must hold (the signature of LABS.md).
SIGNATURES = {
    "lab0_perceptron": {
        "pairwise_sq_dists": ["def pairwise_sq_dists(A, B):"],
        "perceptron_epoch": ["def perceptron_epoch(w, b, X, y):"],
        "perceptron_train": ["def perceptron_train(X, y, max_epochs=100):"],
        "sigmoid": ["def sigmoid(z):"],
        "bce_with_logits": ["def bce_with_logits(z, t):"],
        "logreg_grad": ["def logreg_grad(w, b, X, t):"],
        "train_logreg": ["def train_logreg(X, t, eta, epochs):"],
    },
    "lab1_backprop": {**{n: [f"def {n}("] for n in ["init_params", "forward", "loss_accuracy", "backward", "sgd"]},
                      "gradient_check": ["def gradient_check(f, params, grads, eps=1e-6):"],
                      "train_epoch": ["def train_epoch(params, X, Y, eta, batch_size, generator=None):"]},
    "lab2_autograd": {
        "init_params_autograd": ["def init_params_autograd(nx, nh, ny, device=None, dtype=torch.float32):"],
        "sgd_autograd": ["def sgd_autograd(params, eta):"],
        "train_step": ["def train_step(params, X, Y, eta):"],
    },
    "lab3_modules": {"init_model": ["def init_model("], "loss_accuracy": ["def loss_accuracy("], "sgd": ["def sgd("],
                     "MLP": ["class MLP(nn.Module)"]},
    "lab4_optim": {n: [f"def {n}("]
                   for n in ["init_model_optim", "train_step_optim", "make_optimizer", "init_weights_"]},
    "lab5_mnist": {
        "LinearClassifier": ["class LinearClassifier(nn.Module):", "def __init__(self):", "def forward(self, X):"],
        "MLPClassifier": ["class MLPClassifier(nn.Module):", "def __init__(self, nh=128):", "def forward(self, X):"],
        "MnistCNN": ["class MnistCNN(nn.Module):", "def __init__(self):", "def forward(self, X):"],
        "train_epoch": ["def train_epoch(model, loader, loss, optim, device):"],
        "evaluate": ["def evaluate(model, loader, loss, device):"],
    },
    "lab6_cifar10": {
        "CifarCNN": ["class CifarCNN(nn.Module):"],
        "cifar_transforms": ["def cifar_transforms(train: bool):"],
        "most_confident_mistakes": ["def most_confident_mistakes(model, loader, device, k):"],
        "add_noise": ["def add_noise(images, sigma, generator=None):"],
        "fgsm": ["def fgsm(model, X, y, eps):"],
        "fooling_image": ["def fooling_image(model, target, steps=200, lr=0.05, shape=(3, 32, 32), generator=None):"],
    },
    "lab7_sequences": {
        "rnn_forward": ["def rnn_forward(params, X, h0):"],
        "rnn_backward": ["def rnn_backward(params, cache, dH):"],
        "attention": ["def attention(Q, K, V, mask=None):"],
        "greedy_decode": ["def greedy_decode(model, X, steps, bos):"],
    },
}
# Lab -> (number of theory questions, least number of starred ones).
QUESTIONS = {"lab0_perceptron": (7, 3), "lab1_backprop": (10, 5), "lab2_autograd": (3, 0), "lab3_modules": (5, 1),
             "lab4_optim": (4, 2), "lab5_mnist": (6, 4), "lab6_cifar10": (6, 3), "lab7_sequences": (6, 3)}


def checks_of(lab: str) -> str:
    return lab.split("_")[0]  # lab1_backprop -> lab1 (dllabs.checks.lab1)


@pytest.mark.parametrize("lab", sorted(SIGNATURES))
def test_each_graded_name_has_its_answer_cell_then_its_test_cell(lab):
    cs, mod = source_cells(lab), checks_of(lab)
    ids = [meta(c).get("grade_id") for c in cs]
    for name, signature in SIGNATURES[lab].items():
        i = ids.index(name)
        assert meta(cs[i])["solution"] and not meta(cs[i])["grade"]
        assert all(s in cs[i].source for s in signature), name
        assert "### BEGIN SOLUTION" in cs[i].source and "### END SOLUTION" in cs[i].source
        nxt = next(c for c in cs[i + 1:] if meta(c))
        assert meta(nxt)["grade_id"] == f"test_{name}" and meta(nxt)["grade"] and meta(nxt)["points"] > 0
        assert f"{mod}.check_{name}(" in nxt.source and "### BEGIN HIDDEN TESTS" in nxt.source
    graded = sorted(meta(c)["grade_id"] for c in cs if meta(c).get("grade") and not meta(c).get("solution"))
    assert graded == sorted(f"test_{name}" for name in SIGNATURES[lab])
    assert set(importlib.import_module(f"dllabs.checks.{mod}").VISIBLE) == set(SIGNATURES[lab])


@pytest.mark.parametrize("lab", sorted(QUESTIONS))
def test_theory_questions_are_manually_graded_answers(lab):
    cs = source_cells(lab)
    count, stars = QUESTIONS[lab]
    answers = {meta(c)["grade_id"]: c for c in cs if meta(c).get("grade") and meta(c).get("solution")}
    assert sorted(answers) == [f"q{i:02d}" for i in range(1, count + 1)]
    assert all(c.cell_type == "markdown" and c.source.strip() for c in answers.values())
    prompts = [c.source for c in cs if c.cell_type == "markdown" and c.source.startswith("**Question")]
    assert len(prompts) == count and sum("★" in p for p in prompts) >= stars


@pytest.mark.parametrize("lab", sorted(SIGNATURES))
def test_checks_are_imported_first_and_summarised_last(lab):
    cs, mod = source_cells(lab), checks_of(lab)
    first = next(c for c in cs if c.cell_type == "code")
    assert not meta(first) and f"from dllabs.checks import {mod}, ready, summary" in first.source
    assert f"summary(globals(), {mod}.VISIBLE)" in cs[-1].source


@pytest.mark.parametrize("lab", sorted(SIGNATURES))
def test_cells_that_run_a_graded_function_wait_until_it_passes(lab):
    """A fresh notebook's Run All reaches the summary: a cell that calls a graded function at its
    top level (not inside a def) starts with ``if ready(globals(), labN.VISIBLE, ...)``."""
    import ast

    cs, mod = source_cells(lab), checks_of(lab)
    graded = set(SIGNATURES[lab])
    unguarded = []
    for c in cs:
        if c.cell_type != "code" or meta(c) or "except Exception" in c.source:
            continue
        tree = ast.parse(c.source)
        calls = {n.func.id for stmt in tree.body if not isinstance(stmt, (ast.FunctionDef, ast.ClassDef))
                 for n in ast.walk(stmt) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        needed = sorted(calls & graded)
        if needed and not c.source.startswith(f"if ready(globals(), {mod}.VISIBLE, "):
            unguarded.append((c.id, needed))
        elif needed:
            assert all(f'"{name}"' in c.source.split("\n")[0] for name in needed), (c.id, needed)
    assert unguarded == []


@pytest.mark.parametrize("lab", sorted(SIGNATURES))
def test_source_cells_have_stable_ids_and_no_outputs(lab):
    cs = source_cells(lab)
    assert len({c.id for c in cs}) == len(cs)
    assert all(not c.get("outputs") and not c.get("execution_count") for c in cs if c.cell_type == "code")


RUBRIC = re.compile(r"^\*\*Rubric\.\*\* Full marks: \S.*?\. Half marks: \S.*\.$", re.MULTILINE)


@pytest.mark.parametrize("lab", lab_names())
def test_every_question_has_a_model_answer_and_a_rubric_that_students_never_see(lab):
    unanswered, short, no_rubric = [], [], []
    for cell in source_cells(lab):
        if cell.cell_type != "markdown" or not (meta(cell).get("grade") and meta(cell).get("solution")):
            continue
        q = meta(cell)["grade_id"]
        answer = re.sub(r"<!--.*?-->", "", cell.source.split("**Rubric.**")[0], flags=re.S).strip()
        if "YOUR ANSWER HERE" in cell.source:
            unanswered.append(q)
        elif len(answer) < 40:
            short.append(f"{q} ({len(answer)} characters)")
        if not RUBRIC.search(cell.source):
            no_rubric.append(q)
    problems = [f"{what}: {', '.join(qs)}" for what, qs in [
        ("still reading YOUR ANSWER HERE (write the model answer)", unanswered),
        ("a model answer under 40 characters before the rubric", short),
        ("no line `**Rubric.** Full marks: <what earns all>. Half marks: <what earns half>.`", no_rubric)] if qs]
    released = LABS / lab / f"{lab}.ipynb"
    if not released.is_file():
        problems.append(f"no {released.relative_to(LABS.parent)}: run `python -m autograder build`")
    else:
        shown = [str(i) for i, c in enumerate(nbformat.read(released, as_version=4).cells) if "Rubric" in c.source]
        if shown:
            problems.append(f"labs/{lab}/{lab}.ipynb shows a rubric to students in cells {', '.join(shown)}")
    assert not problems, f"{lab}: " + "; ".join(problems)
