"""Before nbgrader sees a submission: read it, say in one line why it cannot be graded,
or repair what a student broke around the graded cells, so that its honest cells are scored.

The student's file is never modified: the repaired copy is what nbgrader grades.
Repairs, from the instructor's source notebook (the master):
- a test cell deleted: put back after its answer cell (nbgrader restores its code anyway);
- a test cell duplicated: the copies lose their nbgrader metadata and their code;
- a test cell turned into markdown: turned back into code;
- nbgrader metadata from another schema version: replaced by the master's.
An answer cell that lost its marks (pasted into a new cell) is named in a note, not repaired.
An edited test cell (source or points) needs no repair: nbgrader overwrites it from the gradebook.

Owns the verdicts on a submission before grading (:func:`check`); which cell is which is
``cells.py``'s.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.course.cells import cells_by_grade_id, grade_id, is_manual_cell, nbgrader_meta
from autograder.course.layout import ROOT


@dataclass
class Checked:
    """A submission after the pre-flight: the notebook to grade, or why there is none."""

    notebook: nbformat.NotebookNode | None
    problem: str | None = None
    repairs: list[str] = field(default_factory=list)


def master(lab: str, root: Path = ROOT) -> nbformat.NotebookNode:
    return nbformat.read(root / "source" / lab / f"{lab}.ipynb", as_version=4)


def find_notebook(folder: Path, lab: str) -> tuple[Path | None, str | None]:
    """The submitted notebook of ``lab`` in ``folder``; a single notebook of another name counts."""
    expected = folder / f"{lab}.ipynb"
    if expected.exists():
        return expected, None
    others = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    if len(others) == 1:
        return others[0], f"graded {others[0].name} as {lab}.ipynb"
    if not others:
        return None, f"no notebook in {folder.name}/: expected {lab}.ipynb"
    return None, f"{len(others)} notebooks and none named {lab}.ipynb: {', '.join(p.name for p in others)}"


def read(path: Path) -> tuple[nbformat.NotebookNode | None, str | None]:
    raw = path.read_bytes()
    if not raw.strip():
        return None, f"{path.name} is empty"
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, f"{path.name} is not a notebook (not JSON: {str(exc).splitlines()[0]})"
    try:
        nb = nbformat.reads(json.dumps(data), as_version=4)
        if not isinstance(nb.get("cells"), list):
            raise ValueError("no cells")
    except Exception as exc:  # any nbformat failure is the same verdict
        return None, f"{path.name} is not a readable notebook ({type(exc).__name__})"
    return nb, None


def wrong_lab_problem(nb: nbformat.NotebookNode, lab: str, labs: list[str], root: Path = ROOT) -> str | None:
    """Why the notebook is not one of ``lab`` (naming the lab it is from), or None when it holds a graded cell of it."""
    mine = set(cells_by_grade_id(nb))
    if mine & set(cells_by_grade_id(master(lab, root))) - {f"q{i:02d}" for i in range(1, 100)}:
        return None
    for other in labs:
        if other != lab and mine & set(cells_by_grade_id(master(other, root))) - {f"q{i:02d}" for i in range(1, 100)}:
            return f"this is the notebook of {other}, not {lab}"
    return (f"no graded cell of {lab} in this notebook (cells pasted into a new notebook lose their grading marks):"
            f" the student must hand in the lab's own notebook")


def lost_answers(nb: nbformat.NotebookNode, ref: nbformat.NotebookNode) -> str | None:
    """One line naming the answer cells of the master ``ref`` that no cell of ``nb`` is marked as
    (a student who pasted them into new cells, which keeps the code and loses the marks), or None."""
    mine, answers = cells_by_grade_id(nb), cells_by_grade_id(ref)
    lost = [gid for gid, c in answers.items() if nbgrader_meta(c).get("solution") and gid not in mine]
    if not lost:
        return None
    manual = [gid for gid in lost if is_manual_cell(answers[gid])]
    todo = (["the tests ran on the code as it is"] if len(manual) < len(lost) else []) + (
        [f"grade {', '.join(manual)} by hand from the submitted notebook"] if manual else [])
    return f"answer cells without their grading marks (pasted into new cells?): {', '.join(lost)}; {', '.join(todo)}"


def repair(nb: nbformat.NotebookNode, ref: nbformat.NotebookNode) -> list[str]:
    """Mend the graded cells of ``nb`` from the master ``ref``, in place; returns what was done."""
    done: list[str] = []
    ref_ids = cells_by_grade_id(ref)
    seen: set[str] = set()
    cells = []
    for cell in nb.cells:
        meta, gid = nbgrader_meta(cell), grade_id(cell)
        if gid is None:
            cells.append(cell)
            continue
        if gid not in ref_ids:
            del cell.metadata["nbgrader"]
            done.append(f"dropped the grading metadata of unknown cell {gid!r}")
            cells.append(cell)
            continue
        if gid in seen:
            done.append(f"removed a duplicate of {gid}")
            continue
        seen.add(gid)
        want = ref_ids[gid]
        if (meta != want.metadata["nbgrader"]
                and meta.get("schema_version") != want.metadata["nbgrader"].get("schema_version")):
            done.append(f"reset the grading metadata of {gid} (schema {meta.get('schema_version')})")
            cell.metadata["nbgrader"] = copy.deepcopy(want.metadata["nbgrader"])
        if cell.cell_type != want.cell_type:
            done.append(f"turned {gid} back into a {want.cell_type} cell")
            fresh = copy.deepcopy(want)
            if want.cell_type == "code" and want.metadata["nbgrader"].get("solution"):
                fresh.source = cell.source
            cell = fresh
        cells.append(cell)
    for gid, want in ref_ids.items():
        if gid in seen:
            continue
        if nbgrader_meta(want).get("grade") and not nbgrader_meta(want).get("solution"):
            name = gid.removeprefix("test_")
            position = next((i + 1 for i in reversed(range(len(cells)))
                             if (g := grade_id(cells[i]))
                             and (g == name or name.startswith(g + "_") or g.startswith(gid))), len(cells))
            fresh = copy.deepcopy(want)
            if fresh.cell_type == "code":
                fresh.outputs, fresh.execution_count = [], None
            cells.insert(position, fresh)
            done.append(f"put back the deleted test cell {gid}")
    nb.cells = cells
    return done


def check(folder: Path, lab: str, labs: list[str], root: Path = ROOT) -> Checked:
    """Read and repair one student's submission folder of ``lab``."""
    path, note = find_notebook(folder, lab)
    if path is None:
        return Checked(None, note)
    nb, problem = read(path)
    if nb is None:
        return Checked(None, problem)
    problem = wrong_lab_problem(nb, lab, labs, root)
    if problem:
        return Checked(None, problem)
    ref = master(lab, root)
    lost = lost_answers(nb, ref)
    repairs = ([note] if note else []) + repair(nb, ref) + ([lost] if lost else [])
    return Checked(nb, None, repairs)
