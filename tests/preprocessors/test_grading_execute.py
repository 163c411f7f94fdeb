"""GradingExecute: nbgrader's Execute with the integrity check around every graded test
cell. Runs a real (unsandboxed) kernel on a small notebook."""

from __future__ import annotations

import os

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from autograder.course import env
from autograder.preprocessors import GradingExecute

pytestmark = pytest.mark.nbgrader


def graded_cell(source: str, grade_id: str) -> object:
    cell = new_code_cell(source)
    cell.metadata.nbgrader = {"grade": True, "solution": False, "locked": True, "points": 1, "grade_id": grade_id,
                              "schema_version": 3}
    return cell


@pytest.fixture(scope="module")
def executed():
    """A notebook whose third cell patches torch, run by GradingExecute in a real kernel."""
    nb = new_notebook(cells=[
        new_code_cell("import torch\nx = torch.ones(2)"),
        graded_cell("assert torch.allclose(x, torch.ones(2))\nprint('honest')", "test_honest"),
        new_code_cell("torch.allclose = lambda *a, **k: True"),
        graded_cell("assert torch.allclose(x, torch.zeros(2))\nprint('fooled')", "test_after_patch"),
    ])
    saved = dict(os.environ)
    os.environ["DLLABS_SANDBOX"] = "off"
    env.with_kernel_pythonpath(os.environ)  # the probe imports the course's dllabs
    try:
        nb, _ = GradingExecute(timeout=120).preprocess(nb, {"metadata": {"path": "."}})
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return nb


def errors(cell) -> list:
    return [o for o in cell.outputs if o.output_type == "error"]


def test_does_an_honest_test_cell_run_unmarked(executed):
    cell = executed.cells[1]
    assert errors(cell) == []
    assert "honest" in "".join(o.get("text", "") for o in cell.outputs)


def test_does_a_test_cell_after_a_patched_torch_get_an_integrity_error_first(executed):
    cell = executed.cells[3]
    first = cell.outputs[0]
    assert first.output_type == "error" and first.ename == "GradingIntegrityError"
    assert "torch" in first.evalue and "earns no points" in first.evalue


def test_is_a_cell_that_is_not_a_test_left_unmarked(executed):
    assert errors(executed.cells[0]) == [] and errors(executed.cells[2]) == []


def test_does_it_log_how_the_kernel_started_and_how_long_the_cells_took(caplog):
    """The grading engine averages this line over a class (start, cells, bookkeeping)."""
    from autograder.course.timing import kernel_timing

    nb = new_notebook(cells=[new_code_cell("import time\ntime.sleep(0.3)")])
    saved = dict(os.environ)
    os.environ["DLLABS_SANDBOX"] = "off"
    os.environ.pop("DLLABS_ZYGOTE", None)  # no zygote here: a cold kernel
    try:
        with caplog.at_level("INFO"):
            GradingExecute(timeout=120).preprocess(nb, {"metadata": {"path": "."}})
    finally:
        os.environ.clear()
        os.environ.update(saved)
    timing = kernel_timing("\n".join(r.getMessage() for r in caplog.records))
    assert timing is not None and timing["kernel"] == "cold"
    assert 0 < timing["start"] < 60 and 0.3 <= timing["cells"] < 60
    assert kernel_timing("[AutogradeApp | INFO] nothing timed") is None
