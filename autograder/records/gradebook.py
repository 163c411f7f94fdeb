"""The one owner of nbgrader's gradebook: every ``nbgrader.api.Gradebook`` we open is opened here.

A gradebook is named by its SQLAlchemy URL (nbgrader's own ``CourseDirectory.db_url``):
``sqlite:///<course>/gradebook.db`` by default (:func:`url`), or a PostgreSQL server
(``postgresql://user@host/db``, or ``postgresql://user@/db?host=/socket/dir``) so that several
graders can use formgrader while ``grade`` writes. nbgrader's own commands get the same URL
through :func:`nbgrader_args`.

Who writes: the coordinator (the instructor's ``grade``) is the single writer of a course's
gradebook (:func:`write_result`, :func:`record_zero_max_score`, a lab's :func:`set_due_date`);
a grading job writes only the gradebook of its scratch course (nbgrader's ``autograde`` does)
and reads it back with :func:`submission_rows`.
"""

from __future__ import annotations

import contextlib
import re
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator


def url(course: Path, db: str | None = None) -> str:
    """The gradebook's URL: ``db`` if given, else the course's ``gradebook.db`` (nbgrader's default)."""
    return db or f"sqlite:///{Path(course).resolve() / 'gradebook.db'}"


def nbgrader_args(db: str | None) -> list[str]:
    """The arguments that point one of nbgrader's own commands at ``db`` (none for the default)."""
    return [f"--CourseDirectory.db_url={db}"] if db else []


def alembic_head() -> str:
    """The newest schema version of nbgrader's gradebook: the one revision of its migration
    scripts (``nbgrader/alembic/versions``) that no other revises."""
    import nbgrader

    revisions, revised = set(), set()
    for script in (Path(nbgrader.__file__).parent / "alembic" / "versions").glob("*.py"):
        text = script.read_text()
        revisions.update(re.findall(r"^revision\s*=\s*['\"](\w+)['\"]", text, re.M))
        revised.update(re.findall(r"^down_revision\s*=\s*['\"](\w+)['\"]", text, re.M))
    [head] = revisions - revised
    return head


def quick_new_gradebooks() -> None:
    """A new gradebook without nbgrader's ``alembic heads`` subprocess (a new Python that imports
    alembic, seconds for every gradebook created; the version it prints is :func:`alembic_head`,
    read here from the same scripts). For this process: the coordinator and ``nbgrader_cli``."""
    import nbgrader.api

    if not getattr(nbgrader.api.get_alembic_version, "dllabs", False):
        head = alembic_head()

        def get_alembic_version() -> str:
            return head

        get_alembic_version.dllabs = True  # type: ignore[attr-defined]
        nbgrader.api.get_alembic_version = get_alembic_version


def silence_notes() -> None:
    """SQLAlchemy's notes about nbgrader's objects (its autoflush skipping an object not yet in the
    session) silenced by a filter for the whole process, installed where it is missing and never
    touched again: ``warnings.catch_warnings`` is not thread-safe (one grading thread leaving it took
    the filter away from another still inside), and ``filterwarnings`` called again removes the
    filter before inserting it anew (another thread in between would see the notes)."""
    from sqlalchemy.exc import SAWarning

    if not any(f[0] == "ignore" and f[2] is SAWarning and f[3] is not None and f[3].pattern == r"nbgrader\."
               for f in warnings.filters):
        warnings.filterwarnings("ignore", category=SAWarning, module=r"nbgrader\.")


@contextlib.contextmanager
def opened(db_url: str) -> Iterator:
    """nbgrader's ``Gradebook`` on ``db_url``, SQLAlchemy's notes about nbgrader's objects silenced
    (:func:`silence_notes`)."""
    from nbgrader.api import Gradebook

    quick_new_gradebooks()
    silence_notes()
    with Gradebook(db_url) as gb:
        yield gb


def recorded_cells(db_url: str, lab: str) -> dict[str, tuple[str, float]] | None:
    """The lab's graded cells as the gradebook holds them, grade_id -> (test code, points),
    the code for autograded test cells only; None if the lab is not in the gradebook."""
    from nbgrader.api import MissingEntry

    with opened(db_url) as gb:
        try:
            nb = gb.find_notebook(lab, lab)
        except MissingEntry:
            return None
        sources, answers = {c.name: c.source for c in nb.source_cells}, {c.name for c in nb.solution_cells}
        return {g.name: (sources.get(g.name, "") if g.cell_type == "code" and g.name not in answers else "",
                         float(g.max_score)) for g in nb.grade_cells}


def set_due_date(db_url: str, lab: str, due: datetime | None) -> None:
    """Record ``due`` (aware; None: no due date) as the lab's due date in the gradebook, where nbgrader
    keeps it (naive UTC): a submission stamped later is late (``SubmittedAssignment.total_seconds_late``,
    formgrader, ``nbgrader export``). Written only when it differs."""
    want = due.astimezone(timezone.utc).replace(tzinfo=None) if due else None
    with opened(db_url) as gb:
        assignment = gb.find_assignment(lab)
        if assignment.duedate != want:
            assignment.duedate = want
            gb.db.commit()


@dataclass
class Rows:
    """One submission's rows: grade_id -> auto score (None: graded by hand) and max score,
    comment cell -> auto comment, and the submission's timestamp (None if it had none)."""

    scores: dict[str, float | None]
    max_scores: dict[str, float]
    comments: dict[str, str | None] = field(default_factory=dict)
    timestamp: str | None = None


def submission_rows(db_url: str, lab: str, student: str) -> Rows:
    """What ``nbgrader autograde`` recorded of one submission (read back from a scratch gradebook)."""
    with opened(db_url) as gb:
        sub = gb.find_submission(lab, student)
        nb = gb.find_submission_notebook(lab, lab, student)
        return Rows({g.name: g.auto_score for g in nb.grades}, {g.name: float(g.max_score) for g in nb.grades},
                    {c.name: c.auto_comment for c in nb.comments},
                    sub.timestamp.isoformat() if sub.timestamp else None)


def _fresh_submission(gb, lab: str, student: str, names: set[str], timestamp: str | None):
    """The student's submission of ``lab`` with a row per cell of ``names``; the hand-given
    scores and comments of an existing one are kept (it is made again only if cells changed)."""
    from nbgrader.api import MissingEntry
    from nbgrader import utils

    gb.update_or_create_student(student)
    kept: dict[str, dict] = {}
    try:
        sub = gb.find_submission(lab, student)
        nb = gb.find_submission_notebook(lab, lab, student)
        if {g.name for g in nb.grades} >= names:
            if timestamp:
                sub.timestamp = utils.parse_utc(timestamp)
            return sub
        kept = {g.name: dict(manual_score=g.manual_score, extra_credit=g.extra_credit) for g in nb.grades}
        kept.update({f"comment:{c.name}": dict(manual_comment=c.manual_comment) for c in nb.comments})
        gb.remove_submission(lab, student)
    except MissingEntry:
        pass
    sub = gb.add_submission(lab, student, **({"timestamp": timestamp} if timestamp else {}))
    nb = gb.find_submission_notebook(lab, lab, student)
    for g in nb.grades:
        for key, value in kept.get(g.name, {}).items():
            setattr(g, key, value)
    for c in nb.comments:
        for key, value in kept.get(f"comment:{c.name}", {}).items():
            setattr(c, key, value)
    return sub


def write_result(db_url: str, lab: str, student: str, rows: Rows) -> None:
    """Record a graded submission's rows (as nbgrader's ``SaveAutoGrades`` does): each cell's auto
    score and comment; a cell given a score by hand, or one with no auto score, needs manual grading."""
    with opened(db_url) as gb:
        _fresh_submission(gb, lab, student, set(rows.scores), rows.timestamp)
        nb = gb.find_submission_notebook(lab, lab, student)
        for g in nb.grades:
            g.auto_score = rows.scores.get(g.name)
            g.needs_manual_grade = g.manual_score is not None or g.auto_score is None
        for c in nb.comments:
            c.auto_comment = rows.comments.get(c.name)
        gb.db.commit()


def record_zero_max_score(db_url: str, lab: str, student: str, reason: str) -> float:
    """An ungradable submission: 0 on every graded cell, the reason as the first cell's comment.
    Returns the submission's max score."""
    from nbgrader.api import MissingEntry

    with opened(db_url) as gb:
        gb.update_or_create_student(student)
        try:
            gb.remove_submission(lab, student)
        except MissingEntry:
            pass
        submission = gb.add_submission(lab, student)
        total = 0.0
        for nb in submission.notebooks:
            for grade in nb.grades:
                grade.auto_score = 0.0
                total += grade.max_score
            for i, comment in enumerate(nb.comments):
                comment.auto_comment = f"ungradable: {reason}" if i == 0 else None
        gb.db.commit()
    return total


def scores(db_url: str, lab: str, student: str) -> tuple[float, float, bool]:
    """(score, max score, every autograded cell has a score) of a submission."""
    with opened(db_url) as gb:
        sub = gb.find_submission(lab, student)
        complete = all(g.auto_score is not None for nb in sub.notebooks for g in nb.grades
                       if g.cell.cell_type == "code")
        return float(sub.score or 0), float(sub.max_score or 0), complete


def has_submission(db_url: str, lab: str, student: str) -> bool:
    """Whether the gradebook holds a submission of ``student`` for ``lab``."""
    from nbgrader.api import MissingEntry

    with opened(db_url) as gb:
        try:
            gb.find_submission(lab, student)
            return True
        except MissingEntry:
            return False


def test_scores(db_url: str, lab: str, student: str) -> dict[str, tuple[float, float]]:
    """grade_id -> (score, max score) of the submission's test cells (``test_*``)."""
    with opened(db_url) as gb:
        nb = gb.find_submission_notebook(lab, lab, student)
        return {g.cell.name: (float(g.score), float(g.max_score)) for g in nb.grades if g.cell.name.startswith("test_")}


def all_rows(db_url: str) -> list[tuple]:
    """Every grade and comment row of every submission, sorted, as plain values: what two
    gradebooks of the same class must agree on (student, lab, cell, scores, comments)."""
    from nbgrader.api import Comment, Grade

    with opened(db_url) as gb:
        rows = [("grade", g.student.id, g.assignment.name, g.name, g.auto_score, g.manual_score, g.max_score,
                 g.needs_manual_grade) for g in gb.db.query(Grade)]
        rows += [("comment", c.student.id, c.assignment.name, c.name, c.auto_comment, c.manual_comment, None, None)
                 for c in gb.db.query(Comment)]
    return sorted(rows, key=repr)
