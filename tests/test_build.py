"""The build: labs/ and solutions/ are exactly what source/ builds, sources are stored
clean, and nothing a student gets holds a solution or a hidden test."""

from __future__ import annotations

import json
import re
import shutil

import nbformat
import pytest

from autograder.authoring.build import build, differences, dirty_sources, solution_notebook
from autograder.course.cells import hidden_tests, is_answer_cell, is_manual_cell
from autograder.course.layout import CANARY_HIDDEN, CANARY_SOLUTION, ROOT, lab_names, settings

LABS = lab_names()
MARKERS = re.compile(r"BEGIN SOLUTION|END SOLUTION|BEGIN HIDDEN TESTS|END HIDDEN TESTS")


def regions(lab: str, kind: str) -> list[str]:
    """Code lines between ### BEGIN <kind> / ### END <kind> in a source notebook."""
    nb = nbformat.read(ROOT / "source" / lab / f"{lab}.ipynb", as_version=4)
    found = []
    for cell in nb.cells:
        found += re.findall(rf"### BEGIN {kind}\n(.*?)### END {kind}", cell.source, flags=re.S)
    lines = [line.strip() for block in found for line in block.splitlines()]
    return [line for line in lines
            if len(line) > 12 and not line.startswith(("import ", "from ", "for _ in range(", "# canary:"))]


@pytest.mark.parametrize("lab", lab_names())
def test_every_answer_and_hidden_test_block_carries_its_canary(lab):
    nb = nbformat.read(ROOT / "source" / lab / f"{lab}.ipynb", as_version=4)
    answers = [c for c in nb.cells if is_answer_cell(c) or is_manual_cell(c)]
    assert answers and all(CANARY_SOLUTION in c.source for c in answers)
    blocks = [b for c in nb.cells for b in hidden_tests(c.source)]
    assert blocks and all(CANARY_HIDDEN in b for b in blocks)
    assert all(c.source.count("### BEGIN SOLUTION") == c.source.count(f"# canary: {CANARY_SOLUTION}")
               for c in answers if c.cell_type == "code")


def test_no_canary_reaches_what_students_get():
    """labs/ and the student package (src/) hold neither canary; solutions/ holds none either."""
    files = [p for folder in ("labs", "src", "solutions") for p in (ROOT / folder).rglob("*") if p.is_file()]
    assert len(files) > 10
    found = [str(p) for p in files
             if CANARY_SOLUTION.encode() in p.read_bytes() or CANARY_HIDDEN.encode() in p.read_bytes()]
    assert found == []


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
    hidden = regions(lab, "HIDDEN TESTS")
    assert hidden and [line for line in hidden if json.dumps(line)[1:-1] in text] == []
    source = nbformat.read(ROOT / "source" / lab / f"{lab}.ipynb", as_version=4)
    released = {c.id: c.source for c in nbformat.read(ROOT / "labs" / lab / f"{lab}.ipynb", as_version=4).cells}
    answers = [c for c in source.cells if "### BEGIN SOLUTION" in c.source and c.cell_type == "code"]
    assert answers
    for cell in answers:
        block = "".join(re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, flags=re.S))
        lines = [ln.strip() for ln in block.splitlines() if len(ln.strip()) > 12]
        assert [ln for ln in lines if ln in released[cell.id]] == [], cell.id  # the skeleton keeps no solution line


@pytest.mark.parametrize("lab", LABS)
def test_solution_notebook_is_complete_without_hidden_tests(lab):
    text = (ROOT / "solutions" / lab / f"{lab}.ipynb").read_text()
    assert not MARKERS.search(text)
    assert all(json.dumps(line)[1:-1] in text for line in regions(lab, "SOLUTION"))
    assert not any(json.dumps(line)[1:-1] in text for line in regions(lab, "HIDDEN TESTS"))


def code_only(source: str) -> str:
    """Python source without its strings and comments: messages may quote a hint, code must not solve."""
    import io
    import tokenize

    kept = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type not in (tokenize.STRING, tokenize.COMMENT) and tok.string.strip():
                kept.append((tok.start[0], tok.string))
    except tokenize.TokenError:  # a line cut inside brackets: its tokens so far are what counts
        pass
    lines: dict[int, list[str]] = {}
    for row, text in kept:
        lines.setdefault(row, []).append(text)
    return "\n".join(" ".join(parts) for parts in lines.values())


def normal(line: str) -> str:
    """One line of a solution as code_only writes it (a line inside brackets is taken as it is)."""
    return " ".join(code_only(line.strip() + "\n").split())


def leaked_blocks(lab: str, files: dict[str, str]) -> list[str]:
    """Solution blocks whose every code line stands in one file's code (strings and comments
    aside), and hidden-test lines found anywhere: both mean a student could read the answer."""
    nb = nbformat.read(ROOT / "source" / lab / f"{lab}.ipynb", as_version=4)
    codes = {name: {" ".join(line.split()) for line in code_only(text).splitlines()} for name, text in files.items()}
    leaked = []
    for cell in nb.cells:
        for block in re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, flags=re.S):
            lines = {normal(ln) for ln in block.splitlines()
                     if len(ln.strip()) > 12 and not ln.strip().startswith(("import ", "from ", "#"))} - {""}
            if len(lines) >= 2 and any(lines <= code for code in codes.values()):
                leaked.append(f"{lab}/{cell.id}")
    everything = "\n".join(files.values())
    return leaked + [ln for ln in regions(lab, "HIDDEN TESTS") if ln in everything]


def test_student_package_holds_no_solution_and_no_hidden_test():
    files = {str(p): p.read_text() for p in (ROOT / "src").rglob("*.py")}
    assert not MARKERS.search("\n".join(files.values()))
    assert [leak for lab in LABS for leak in leaked_blocks(lab, files)] == []


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
