"""nbgrader's own commands on a course folder, and reading the results (a whole class is
graded by ``classgrade.grade``, the one grading engine).

A course folder holds ``source/`` (the instructor's notebooks), ``submitted/<student>/<lab>/``,
and nbgrader's outputs (``gradebook.db``, ``autograded/``, ``feedback/``). The course's
``nbgrader_config.py`` (next to this package) is used whatever folder is graded.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .course import ROOT
from .env import nbgrader_env


class GradingError(Exception):
    """An nbgrader command failed; the message is one line."""


def nbgrader(command: str, *args: str, course: Path, check: bool = True,
             db: str | None = None) -> subprocess.CompletedProcess:
    """Run ``nbgrader COMMAND ARGS`` on the course folder ``course`` with the course's config
    (and the gradebook at URL ``db``, when it is not the course's ``gradebook.db``)."""
    cmd = [sys.executable, "-m", "autograder.nbgrader_cli", command, *args, f"--CourseDirectory.root={course}",
           *([f"--CourseDirectory.db_url={db}"] if db else [])]
    done = subprocess.run(cmd, cwd=ROOT, env=nbgrader_env(), capture_output=True, text=True)
    if check and done.returncode != 0:
        errors = [line for line in done.stderr.splitlines() if "ERROR" in line or "Error" in line]
        raise GradingError(f"nbgrader {command} {' '.join(args)} failed: {(errors or ['see its log'])[0].strip()}")
    return done


def prepare_course(course: Path, labs: list[str], root: Path = ROOT, db: str | None = None) -> None:
    """Record each lab of ``root``'s source/ in the gradebook of ``course`` (see ``classgrade.ensure_assignment``)."""
    from .classgrade import ensure_assignment

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


def autograde(course: Path, lab: str, student: str | None = None) -> subprocess.CompletedProcess:
    """``nbgrader autograde`` of one lab (every submission, or one student's), forced."""
    args = [lab, "--force"] + ([f"--student={student}"] if student else [])
    return nbgrader("autograde", *args, course=course)


@dataclass
class CellScore:
    grade_id: str
    score: float
    max_score: float
    output: str  # what the test printed, and its error if it failed


def cell_scores(course: Path, lab: str, student: str, db: str | None = None) -> dict[str, CellScore]:
    """Autograded test cells of one submission: score, max score and output, by grade_id
    (``db``: the gradebook's URL, default the course's ``gradebook.db``)."""
    from . import gradebook
    from .job import cell_outputs

    path = course / "autograded" / student / lab / f"{lab}.ipynb"
    outputs = cell_outputs(path.read_bytes()) if path.exists() else {}
    return {gid: CellScore(gid, score, max_score, outputs.get(gid, ""))
            for gid, (score, max_score) in gradebook.test_scores(gradebook.url(course, db), lab, student).items()}
