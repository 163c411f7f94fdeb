"""release.py: which lab's given cells hold another lab's answers (compared line by line, trivial
lines ignored), and which of them stop a lab's release before the other lab is due."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import release
from autograder.course.layout import Settings, lab_names, settings


def test_which_labs_give_away_another_labs_answers():
    """Lab 2 gives lab 1's forward, loss and backward; lab 6 gives a train_epoch and an evaluate
    written from lab 5's. No other pair (lab 4's optimiser steps share only idioms with lab 5's)."""
    found = release.solution_borrowers()
    assert {lab: held for lab, held in found.items() if held} == {
        "lab2_autograd": {"lab1_backprop": ["forward", "loss_accuracy", "backward"]},
        "lab6_cifar10": {"lab5_mnist": ["train_epoch", "evaluate"]},
    }
    assert list(found) == lab_names()


def test_is_lab2_held_back_until_lab1_is_due():
    due = settings().due["lab1_backprop"]
    [line] = release.release_blockers("lab2_autograd", due - timedelta(minutes=1), settings())
    assert line == ("lab2_autograd's given cells hold lab1_backprop's solution (forward, loss_accuracy, backward), "
                    "due 2026-09-28 23:59 +02:00: release it after that date, or pass --force")
    assert release.release_blockers("lab2_autograd", due, settings()) == []
    assert release.release_blockers("lab2_autograd", datetime(2026, 12, 1, tzinfo=timezone.utc), settings()) == []


def test_is_lab0_never_held_back_even_without_due_dates():
    for course in (settings(), replace(settings(), due={})):
        assert release.release_blockers("lab0_perceptron", datetime(2020, 1, 1, tzinfo=timezone.utc), course) == []


def test_does_a_lab_without_a_due_date_count_as_not_yet_due():
    undated = replace(settings(), due={k: v for k, v in settings().due.items() if k != "lab5_mnist"})
    [line] = release.release_blockers("lab6_cifar10", datetime(2030, 1, 1, tzinfo=timezone.utc), undated)
    assert line.startswith("lab6_cifar10's given cells hold lab5_mnist's solution (train_epoch, evaluate), "
                           "and lab5_mnist has no due date ([tool.dllabs.due] in pyproject.toml)")
    assert line.endswith("or pass --force")


def test_are_trivial_lines_and_spacing_and_comments_ignored():
    code = ("    pass\n    return x\n    grads = {}\n    optim.step()\n    # a comment that is long enough\n"
            "    delta_y = (outputs['yhat']-Y)  /  n   # the error\n")
    assert release.code_lines(code) == {"delta_y = ( outputs [ ' yhat ' ] - Y ) / n"}


def write_lab(root: Path, lab: str, answer: str, given: str) -> None:
    """A lab whose one answer cell ``f`` has ``answer`` as its solution, and one given cell."""
    meta = {"nbgrader": {"solution": True, "grade": False, "grade_id": "f", "locked": False, "schema_version": 3}}
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(f"def f(x):\n    ### BEGIN SOLUTION\n{answer}    ### END SOLUTION\n", metadata=meta),
        nbformat.v4.new_code_cell(given)])
    (root / "source" / lab).mkdir(parents=True)
    nbformat.write(nb, root / "source" / lab / f"{lab}.ipynb")


@pytest.mark.parametrize("given, held", [
    ("y = torch.tanh(x @ W.T)\n", {}),  # one line in common: a coincidence
    ("y = torch.tanh(x @ W.T)\nz = y.sum(dim=1).mean()\n", {"lab_a": ["f"]}),
    ("def f(x):\n    y = torch.tanh( x@W.T )  # given\n    z = y.sum(dim = 1).mean()\n", {"lab_a": ["f"]}),
    ("for x in xs:\n    optim.step()\n    return x\n", {}),  # trivial lines only
])
def test_does_a_lab_hold_another_labs_answer_from_two_lines_on(tmp_path, given, held):
    write_lab(tmp_path, "lab_a", "    y = torch.tanh(x @ W.T)\n    z = y.sum(dim=1).mean()\n    for x in xs:\n"
              "    optim.step()\n    return z\n", "print('lab a')\n")
    write_lab(tmp_path, "lab_b", "    return x\n", given)
    assert release.solution_borrowers(tmp_path) == {"lab_a": {}, "lab_b": held}
    course = Settings("https://github.com/o/r", "main", due={"lab_a": datetime(2026, 9, 28, tzinfo=timezone.utc)})
    blockers = release.release_blockers("lab_b", datetime(2026, 9, 1, tzinfo=timezone.utc), course, tmp_path)
    assert len(blockers) == len(held) and all("lab_a's solution (f), due 2026-09-28 00:00 +00:00" in b
                                              for b in blockers)
