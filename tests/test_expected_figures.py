"""The *Expected* figures of the notebooks come from a run: the tag format
(autograder/authoring/figures.py), a kernel that measures them, and the cheap labs' solution
notebooks (Circles and scikit-learn data) executed in full mode with every stated range
holding."""

from __future__ import annotations

import math

import nbformat
import pytest

from autograder.course.layout import ROOT, SOLUTIONS
from autograder.authoring.figures import Run, TagError, claim_of, measure, notebook_tags, parse_cell

CHEAP_LABS = ["lab0_perceptron", "lab1_backprop", "lab2_autograd", "lab3_modules"]


def test_an_expected_tag_gives_its_expression_range_and_claim():
    cell = ("Train for 30 epochs.\n\n*Expected:* the test accuracy climbs above 95% and ends near 97-99%. "
            '<!-- expected: history["test_acc"][-1] in [0.97, 0.99] -->\nThen plot it.')
    [tag] = parse_cell(cell, 4)
    assert (tag.kind, tag.expr, tag.lo, tag.hi, tag.cell) == ("expected", 'history["test_acc"][-1]', 0.97, 0.99, 4)
    assert tag.claim == "the test accuracy climbs above 95% and ends near 97-99%."
    assert tag.holds(0.97) and tag.holds(0.99) and not tag.holds(0.9699) and not tag.holds(math.nan)


def test_the_range_is_the_last_in_of_the_tag_and_numbers_may_be_scientific():
    [tag] = parse_cell("Max error tiny. <!-- expected: max(e for e in errs if e in [1, 2]) in [0, 1e-12] -->")
    assert (tag.expr, tag.lo, tag.hi) == ("max(e for e in errs if e in [1, 2])", 0.0, 1e-12)


def test_an_elsewhere_tag_says_where_and_several_tags_keep_their_order():
    cell = ("Linear: about 92%. <!-- expected-elsewhere: the course's own figures on real MNIST -->\n"
            "CNN std: about 0.9 <!-- expected: s in [0.86, 0.99] -->")
    first, second = parse_cell(cell)
    assert (first.kind, first.where, first.claim) == ("elsewhere", "the course's own figures on real MNIST",
                                                      "Linear: about 92%.")
    assert (second.kind, second.expr, second.claim) == ("expected", "s", "CNN std: about 0.9")


@pytest.mark.parametrize("bad", [
    "<!-- expected: acc -->",                      # no range
    "<!-- expected: acc in [0.9] -->",             # one bound
    "<!-- expected: acc in [high, 1] -->",         # not a number
    "<!-- expected: acc in [0.99, 0.9] -->",       # empty range
    "<!-- expected: acc\n+ 1 in [0.9, 1] -->",     # over two lines
])
def test_a_malformed_tag_is_an_error_that_quotes_it(bad):
    with pytest.raises(TagError, match="expected"):
        parse_cell(f"Accuracy 95%. {bad}", 3)


def test_tags_stacked_under_a_paragraph_each_find_the_clause_of_their_figure():
    cell = ("*Expected:* the test accuracy first passes 95% at about epoch 15 (between epochs 10 and 20), "
            "then ends between 97% and 100% after 100 epochs (99% in our run; train accuracy 98%). "
            "While grading, this cell runs only a few epochs.\n"
            "<!-- expected: epoch_above_95 in [10, 20] -->\n<!-- expected: final_test_acc in [0.97, 1.0] -->\n"
            "<!-- expected: final_train_acc in [0.96, 1.0] -->")
    claims = [t.claim for t in parse_cell(cell)]
    assert "between epochs 10 and 20" in claims[0] and "97% and 100%" in claims[1] and "train accuracy 98%" in claims[2]
    assert all(len(c) <= 70 for c in claims)


def test_a_long_claim_keeps_its_figure_and_other_comments_are_not_tags():
    text = "word " * 40 + "ends near 0.9"
    claim = claim_of(text + " <!-- expected: x in [0, 1] -->", len(text) + 1)
    assert claim.startswith("...") and claim.endswith("ends near 0.9") and len(claim) <= 70
    assert parse_cell("An answer. <!-- canary: dllabs-canary-solution-3f9c1e -->") == []


def test_tags_are_read_from_markdown_cells_only():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("# <!-- expected: x in [0, 1] -->"),
        nbformat.v4.new_markdown_cell("x is about a half <!-- expected: x in [0.4, 0.6] -->"),
    ])
    [tag] = notebook_tags(nb)
    assert tag.cell == 1


def _notebook(tmp_path, *cells: str, markdown: str):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells]
                                  + [nbformat.v4.new_markdown_cell(markdown)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_kernel_measures_each_tag_in_full_mode_and_names_the_failing_cell(tmp_path, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")  # the kernel must not see it
    path = _notebook(tmp_path, "import os, torch\nfull = not os.environ.get('NBGRADER_EXECUTION')",
                     "acc = torch.tensor(0.5)",
                     markdown="Full. <!-- expected: full in [1, 1] --> Half. <!-- expected: acc in [0.4, 0.6] -->\n"
                              "Off. <!-- expected: acc * 2 in [0, 0.5] --> Typo. <!-- expected: acx in [0, 1] -->\n"
                              "Real data. <!-- expected-elsewhere: a GPU -->")
    run = measure(path, timeout=120)
    assert not run.error
    assert [(f.status, f.value) for f in run.figures] == [("OK", 1.0), ("OK", 0.5), ("OUT", 1.0), ("ERR", None),
                                                          ("ELSEWHERE", None)]
    assert "NameError" in run.figures[3].note and run.figures[4].note == "a GPU"

    broken = _notebook(tmp_path, "x = 1", "def f():\n    raise ValueError('bad thing')\nf()",
                       markdown="<!-- expected: x in [0, 2] -->")
    run = measure(broken, timeout=120)
    assert run.error.startswith("cell 1 (") and "ValueError: bad thing" in run.error and "\n" not in run.error
    assert [f.status for f in run.figures] == ["NOT RUN"]


def test_a_tag_that_needs_data_not_staged_is_skipped_not_failed(tmp_path):
    path = _notebook(tmp_path, "def mnist(train=True):\n    raise OSError('no data')\n"
                               "try:\n    mnist()\nexcept OSError:\n    pass",
                     markdown="92% <!-- expected: linear_acc in [0.9, 0.94] -->")
    [figure] = measure(path, timeout=120, missing_data=frozenset({"MNIST"})).figures
    assert figure.status == "SKIP" and not figure.failed


# about 5 minutes for the four labs on a shared 2-core machine:
# `python -m pytest -m slow tests/test_expected_figures.py`
@pytest.mark.slow
@pytest.mark.parametrize("lab", CHEAP_LABS)
def test_the_cheap_labs_stated_figures_hold_when_their_solution_runs_in_full_mode(lab):
    path = SOLUTIONS / lab / f"{lab}.ipynb"
    if not path.is_file():
        pytest.skip(f"{lab} is not built yet")
    tags = notebook_tags(nbformat.read(path, as_version=4))
    if not any(t.kind == "expected" for t in tags):
        pytest.skip(f"{lab}'s notebook has no `expected:` tag yet")
    run: Run = measure(path, timeout=900)
    assert not run.error, f"{lab}: the solution notebook failed at {run.error}"
    wrong = [f"{f.tag.expr} = {f.value} outside {f.tag.stated} ({f.tag.claim})" if f.status == "OUT"
             else f"{f.tag.expr}: {f.note}" for f in run.figures if f.failed]
    assert not wrong, f"{lab} ({run.seconds:.0f} s): " + "; ".join(wrong)


def test_the_script_refuses_an_unknown_lab_in_one_line(capsys):
    import runpy

    script = runpy.run_path(str(ROOT / "benchmarks" / "expected_figures.py"))
    with pytest.raises(SystemExit) as exit_:
        script["main"](["--labs", "lab9_nothing"])
    assert exit_.value.code == 2 and "no lab lab9_nothing: the labs are" in capsys.readouterr().err
