"""ColabHeader: every generated notebook opens with its "Open in Colab" badge, then the
set-up cell that installs the student package on Colab, once."""

from __future__ import annotations

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.preprocessors import ColabHeader
from autograder.preprocessors.colab_header import BADGE_ID, SETUP_ID

BASE = "https://colab.research.google.com/github/someone/course/blob/main"
RESOURCES = {"nbgrader": {"assignment": "lab1_backprop", "notebook": "lab1_backprop"}}


def header(folder: str = "labs") -> ColabHeader:
    return ColabHeader(colab_base=BASE, pip_spec="dllabs @ git+https://example.invalid/course@main", folder=folder)


def test_does_the_notebook_open_with_the_badge_then_the_setup_cell():
    nb = new_notebook(cells=[new_markdown_cell("# Lab 1"), new_code_cell("import torch")])
    nb, _ = header().preprocess(nb, RESOURCES)
    assert [c.id for c in nb.cells[:2]] == [BADGE_ID, SETUP_ID]
    assert [c.cell_type for c in nb.cells] == ["markdown", "code", "markdown", "code"]
    assert [c.source for c in nb.cells[2:]] == ["# Lab 1", "import torch"]


def test_does_the_badge_link_to_this_notebook_in_the_given_folder():
    nb, _ = header("solutions").preprocess(new_notebook(cells=[]), RESOURCES)
    assert f'href="{BASE}/solutions/lab1_backprop/lab1_backprop.ipynb"' in nb.cells[0].source


def test_does_the_setup_cell_install_the_configured_package_only_on_colab():
    nb, _ = header().preprocess(new_notebook(cells=[]), RESOURCES)
    setup = nb.cells[1].source
    assert '"dllabs @ git+https://example.invalid/course@main"' in setup
    assert "import google.colab" in setup and "if ON_COLAB:" in setup
    compile(setup, "<setup>", "exec")  # valid Python once the spec is filled in


def test_does_a_second_run_replace_the_header_rather_than_add_one():
    nb, _ = header().preprocess(new_notebook(cells=[new_markdown_cell("# Lab 1")]), RESOURCES)
    nb, _ = ColabHeader(colab_base="https://elsewhere.invalid", pip_spec="other").preprocess(nb, RESOURCES)
    assert [c.get("id") for c in nb.cells].count(BADGE_ID) == 1 and [c.get("id") for c in nb.cells].count(SETUP_ID) == 1
    assert "elsewhere.invalid" in nb.cells[0].source and '"other"' in nb.cells[1].source
    assert len(nb.cells) == 3
