"""The build: labs/ and solutions/ are exactly what source/ builds, sources are stored
clean, and nothing a student gets holds a solution or a hidden test."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from autograder.build import build, differences, dirty_sources, solution_notebook
from autograder.course import ROOT, lab_names, settings

LABS = lab_names()
MARKERS = re.compile(r"BEGIN SOLUTION|END SOLUTION|BEGIN HIDDEN TESTS|END HIDDEN TESTS")


def regions(lab: str, kind: str) -> list[str]:
    """Code lines between ### BEGIN <kind> / ### END <kind> in a source notebook."""
    nb = nbformat.read(ROOT / "source" / lab / f"{lab}.ipynb", as_version=4)
    found = []
    for cell in nb.cells:
        found += re.findall(rf"### BEGIN {kind}\n(.*?)### END {kind}", cell.source, flags=re.S)
    lines = [line.strip() for block in found for line in block.splitlines()]
    return [line for line in lines if len(line) > 12 and not line.startswith(("import ", "from ", "for _ in range("))]


def test_there_is_a_lab():
    assert "lab1_backprop" in LABS


def test_generated_notebooks_match_source():
    """CI fails here when labs/ or solutions/ drift from source/, or a source holds outputs."""
    assert build(check=True) == []


def test_drift_and_dirty_sources_are_reported(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(ROOT / "labs", a)
    shutil.copytree(ROOT / "labs", b)
    assert differences(a, b) == []
    nb_path = b / "lab1_backprop" / "lab1_backprop.ipynb"
    nb_path.write_text(nb_path.read_text().replace("Lab 1", "Lab one", 1))
    (b / "lab1_backprop" / "extra.txt").write_text("x")
    assert differences(a, b) == ["lab1_backprop/extra.txt", "lab1_backprop/lab1_backprop.ipynb"]

    (tmp_path / "source" / "lab1_backprop").mkdir(parents=True)
    nb = nbformat.read(ROOT / "source" / "lab1_backprop" / "lab1_backprop.ipynb", as_version=4)
    assert dirty_sources(tmp_path) == []
    nbformat.write(nb, tmp_path / "source" / "lab1_backprop" / "lab1_backprop.ipynb")
    assert dirty_sources(tmp_path) == []
    next(c for c in nb.cells if c.cell_type == "code").execution_count = 3
    nbformat.write(nb, tmp_path / "source" / "lab1_backprop" / "lab1_backprop.ipynb")
    assert dirty_sources(tmp_path) == ["source/lab1_backprop/lab1_backprop.ipynb"]


@pytest.mark.parametrize("lab", LABS)
def test_student_notebook_holds_no_solution_and_no_hidden_test(lab):
    text = (ROOT / "labs" / lab / f"{lab}.ipynb").read_text()
    assert not MARKERS.search(text)
    solution_lines, hidden_lines = regions(lab, "SOLUTION"), regions(lab, "HIDDEN TESTS")
    assert solution_lines and hidden_lines
    leaked = [line for line in solution_lines + hidden_lines if json.dumps(line)[1:-1] in text]
    assert leaked == []


@pytest.mark.parametrize("lab", LABS)
def test_solution_notebook_is_complete_without_hidden_tests(lab):
    text = (ROOT / "solutions" / lab / f"{lab}.ipynb").read_text()
    assert not MARKERS.search(text)
    assert all(json.dumps(line)[1:-1] in text for line in regions(lab, "SOLUTION"))
    assert not any(json.dumps(line)[1:-1] in text for line in regions(lab, "HIDDEN TESTS"))


def test_student_package_holds_no_solution_and_no_hidden_test():
    package = "\n".join(p.read_text() for p in (ROOT / "src").rglob("*.py"))
    assert not MARKERS.search(package)
    for lab in LABS:
        assert [line for line in regions(lab, "SOLUTION") + regions(lab, "HIDDEN TESTS") if line in package] == []


@pytest.mark.parametrize("folder", ["labs", "solutions"])
@pytest.mark.parametrize("lab", LABS)
def test_notebooks_open_with_their_colab_badge_and_setup(folder, lab):
    nb = nbformat.read(ROOT / folder / lab / f"{lab}.ipynb", as_version=4)
    badge, setup = nb.cells[0], nb.cells[1]
    assert f"{settings().colab_base}/{folder}/{lab}/{lab}.ipynb" in badge.source
    assert "colab-badge.svg" in badge.source
    assert setup.cell_type == "code" and settings().pip_spec in setup.source and "google.colab" in setup.source


def test_solution_notebook_is_built_from_source_alone():
    nb = solution_notebook(ROOT / "source" / "lab1_backprop" / "lab1_backprop.ipynb", "lab1_backprop")
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    assert nb.cells[0].id == "colab-badge"
