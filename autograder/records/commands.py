"""nbgrader's own commands on a course folder, and reading the results (a whole class is
graded by ``coordinator.grade``, the one grading engine).

A course folder holds ``source/`` (the instructor's notebooks), ``submitted/<student>/<lab>/``,
and nbgrader's outputs (``gradebook.db``, ``autograded/``, ``feedback/``). The course's
``nbgrader_config.py`` (next to this package) is used whatever folder is graded.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.course import cells
from autograder.course.env import nbgrader_env
from autograder.course.layout import ROOT, settings
from autograder.records import gradebook

RELEASE = ".dllabs/release"
"""nbgrader's release folder while grading (``generate_assignment`` writes the student version there):
never a course's ``labs/``."""


class GradingError(Exception):
    """An nbgrader command failed; the message is one line."""


COMMAND_TIMEOUT = 600.0
"""Seconds one of nbgrader's own commands may take (a stuck one must not hang a grading thread)."""


def nbgrader(command: str, *args: str, course: Path, check: bool = True,
             db: str | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run ``nbgrader COMMAND ARGS`` on the course folder ``course`` with the course's config
    (and the gradebook at URL ``db``, when it is not the course's ``gradebook.db``)."""
    cmd = [sys.executable, "-m", "autograder.records.nbgrader_cli", command, *args, f"--CourseDirectory.root={course}",
           *([f"--CourseDirectory.db_url={db}"] if db else [])]
    try:
        done = subprocess.run(cmd, cwd=cwd, env=nbgrader_env(), capture_output=True, text=True,
                              timeout=COMMAND_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise GradingError(f"nbgrader {command} {' '.join(args)} took more than {COMMAND_TIMEOUT:g} s: "
                           "stopped (run it again; if it hangs again, run it by hand to see where)") from None
    if check and done.returncode != 0:
        errors = [line for line in done.stderr.splitlines() if "ERROR" in line or "Error" in line]
        raise GradingError(f"nbgrader {command} {' '.join(args)} failed: {(errors or ['see its log'])[0].strip()}")
    return done


def generate_assignment(course: Path, lab: str, release: str = RELEASE, db: str | None = None,
                        root: Path = ROOT) -> None:
    """``nbgrader generate_assignment LAB --force`` in ``course``: record the lab's tests (and its
    stubs' checksums) in the gradebook and write the student version to ``course/release``, with the
    ``nbgrader_config.py`` of the course folder ``root``.
    The one place the grader, its templates and ``build`` make an assignment."""
    nbgrader("generate_assignment", lab, "--force", f"--CourseDirectory.release_directory={release}",
             "--log-level=WARN", course=course, db=db, cwd=root)


def prepare_course(course: Path, labs: list[str], root: Path = ROOT, db: str | None = None) -> None:
    """Record each lab of ``root``'s source/ in the gradebook of ``course`` (see :func:`ensure_assignment`)."""
    course.mkdir(parents=True, exist_ok=True)
    for lab in labs:
        ensure_assignment(course, lab, root, db)


def submit(course: Path, lab: str, student: str, nb: nbformat.NotebookNode) -> Path:
    """Place a student's notebook where nbgrader collects it."""
    folder = course / "submitted" / student / lab
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{lab}.ipynb"
    nbformat.write(nb, path)
    return path


@dataclass
class CellScore:
    grade_id: str
    score: float
    max_score: float
    output: str  # what the test printed, and its error if it failed


def cell_scores(course: Path, lab: str, student: str, db: str | None = None) -> dict[str, CellScore]:
    """Autograded test cells of one submission: score, max score and output, by grade_id
    (``db``: the gradebook's URL, default the course's ``gradebook.db``)."""
    path = course / "autograded" / student / lab / f"{lab}.ipynb"
    outputs = cells.cell_outputs(path.read_bytes()) if path.exists() else {}
    return {gid: CellScore(gid, score, max_score, outputs.get(gid, ""))
            for gid, (score, max_score) in gradebook.test_scores(gradebook.url(course, db), lab, student).items()}


def graded_cells(nb: nbformat.NotebookNode) -> dict[str, tuple[str, float]]:
    """What nbgrader records of a lab's graded cells: grade_id -> (test code, points).

    The code is kept for autograded test cells only (answers are recorded as stubs)."""
    graded = {}
    for cell in nb.cells:
        meta = cells.nbgrader_meta(cell)
        if meta.get("grade") and cells.grade_id(cell):
            code = cell.source if cells.is_test_cell(cell) else ""
            graded[cells.grade_id(cell)] = (code, float(meta.get("points", 0)))
    return graded


def gradebook_cells(course: Path, lab: str, db: str | None = None) -> dict[str, tuple[str, float]] | None:
    """:func:`graded_cells` as the course's gradebook holds them, or None if the lab is not in it."""
    return gradebook.recorded_cells(gradebook.url(course, db), lab)


def ensure_assignment(course: Path, lab: str, root: Path = ROOT, db: str | None = None) -> str | None:
    """Record the lab's tests in the course's gradebook, or update them if ``root``'s source changed,
    and its due date (``[tool.dllabs.due]`` of ``root``'s pyproject.toml; none without one).

    Returns the one line to print when tests already recorded were updated, else None.
    """
    master = nbformat.read(root / "source" / lab / f"{lab}.ipynb", as_version=4)
    want, have = graded_cells(master), gradebook_cells(course, lab, db)
    if have != want:
        if course.resolve() != root.resolve():
            shutil.rmtree(course / "source" / lab, ignore_errors=True)
            shutil.copytree(root / "source" / lab, course / "source" / lab)
        generate_assignment(course, lab, db=db)
    due = settings(root).due.get(lab) if (root / "pyproject.toml").is_file() else None
    gradebook.set_due_date(gradebook.url(course, db), lab, due)
    if have is None or have == want:
        return None
    changed = sorted(g for g in want.keys() | have.keys() if want.get(g) != have.get(g))
    return (f"{lab}: source/ changed since the gradebook recorded its tests ({', '.join(changed)}): "
            "updated them (nbgrader generate_assignment --force); every submission is graded again")
