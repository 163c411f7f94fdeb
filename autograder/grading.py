"""nbgrader's own commands on a course folder, and reading the results (a whole class is
graded by ``classgrade.grade``, the one grading engine).

A course folder holds ``source/`` (the instructor's notebooks), ``submitted/<student>/<lab>/``,
and nbgrader's outputs (``gradebook.db``, ``autograded/``, ``feedback/``). The course's
``nbgrader_config.py`` (next to this package) is used whatever folder is graded.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .course import ROOT


class GradingError(Exception):
    """An nbgrader command failed; the message is one line."""


def nbgrader_env() -> dict[str, str]:
    """The environment of an nbgrader process: this Python's tools (``alembic``) first on PATH."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def nbgrader(command: str, *args: str, course: Path, check: bool = True) -> subprocess.CompletedProcess:
    """Run ``nbgrader COMMAND ARGS`` on the course folder ``course`` with the course's config."""
    cmd = [sys.executable, "-m", "nbgrader", command, *args, f"--CourseDirectory.root={course}"]
    done = subprocess.run(cmd, cwd=ROOT, env=nbgrader_env(), capture_output=True, text=True)
    if check and done.returncode != 0:
        errors = [line for line in done.stderr.splitlines() if "ERROR" in line or "Error" in line]
        raise GradingError(f"nbgrader {command} {' '.join(args)} failed: {(errors or ['see its log'])[0].strip()}")
    return done


def prepare_course(course: Path, labs: list[str], root: Path = ROOT) -> None:
    """Record each lab of ``root``'s source/ in the gradebook of ``course`` (see ``classgrade.ensure_assignment``)."""
    from .classgrade import ensure_assignment

    course.mkdir(parents=True, exist_ok=True)
    for lab in labs:
        ensure_assignment(course, lab, root)


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


def cell_scores(course: Path, lab: str, student: str) -> dict[str, CellScore]:
    """Autograded test cells of one submission: score, max score and output, by grade_id."""
    from nbgrader.api import Gradebook

    path = course / "autograded" / student / lab / f"{lab}.ipynb"
    outputs = {}
    if path.exists():
        for cell in nbformat.read(path, as_version=4).cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id and cell.cell_type == "code":
                outputs[grade_id] = "\n".join(_output_text(o) for o in cell.get("outputs", []))
    result = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        submission = gb.find_submission_notebook(lab, lab, student)
        for grade in submission.grades:
            if grade.cell.name.startswith("test_"):
                result[grade.cell.name] = CellScore(grade.cell.name, grade.score, grade.max_score,
                                                    outputs.get(grade.cell.name, ""))
    return result


def _output_text(output: nbformat.NotebookNode) -> str:
    if output.output_type == "stream":
        return output.text
    if output.output_type == "error":
        return f"{output.ename}: {output.evalue}"
    return str(output.get("data", {}).get("text/plain", ""))
