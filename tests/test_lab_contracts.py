"""Every lab's source notebook follows the contract of LABS.md: each graded name has its
answer cell then its test cell (visible check, hidden tests, points), the theory questions
are manually graded answers, the checks are imported first and summarised last, and the
source is stored with stable ids and no outputs. What is particular to a lab is tested in
its own ``test_labN_notebook.py``."""

from __future__ import annotations

import importlib

import pytest

from notebook_harness import meta, source_cells

# Lab -> graded name -> text its answer cell must hold (the signature of LABS.md).
SIGNATURES = {
    "lab1_backprop": {n: [f"def {n}("] for n in ["init_params", "forward", "loss_accuracy", "backward", "sgd"]},
    "lab2_autograd": {
        "init_params_autograd": ["def init_params_autograd(nx, nh, ny, device=None, dtype=torch.float32):"],
        "sgd_autograd": ["def sgd_autograd(params, eta):"],
        "train_step": ["def train_step(params, X, Y, eta):"],
    },
    "lab3_modules": {"init_model": ["def init_model("], "loss_accuracy": ["def loss_accuracy("], "sgd": ["def sgd("],
                     "MLP": ["class MLP(nn.Module)"]},
    "lab4_optim": {n: [f"def {n}("] for n in ["init_model_optim", "train_step_optim", "make_optimizer", "init_weights_"]},
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
    },
}
# Lab -> (number of theory questions, least number of starred ones).
QUESTIONS = {"lab1_backprop": (17, 5), "lab2_autograd": (3, 0), "lab3_modules": (5, 1), "lab4_optim": (4, 2),
             "lab5_mnist": (4, 3), "lab6_cifar10": (5, 0)}


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
    assert not meta(first) and f"from dllabs.checks import {mod}, summary" in first.source
    assert f"summary(globals(), {mod}.VISIBLE)" in cs[-1].source


@pytest.mark.parametrize("lab", sorted(SIGNATURES))
def test_source_cells_have_stable_ids_and_no_outputs(lab):
    cs = source_cells(lab)
    assert len({c.id for c in cs}) == len(cs)
    assert all(not c.get("outputs") and not c.get("execution_count") for c in cs if c.cell_type == "code")
