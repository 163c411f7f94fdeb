"""The one owner of nbgrader's gradebook: every ``nbgrader.api.Gradebook`` we open is opened here.

A gradebook is named by its SQLAlchemy URL (nbgrader's own ``CourseDirectory.db_url``):
``sqlite:///<course>/gradebook.db`` by default (:func:`url`), or a PostgreSQL server
(``postgresql://user@host/db``, or ``postgresql://user@/db?host=/socket/dir``) so that several
graders can use formgrader while ``grade`` writes. nbgrader's own commands get the same URL
through :func:`nbgrader_args`.

Who writes: the coordinator (the instructor's ``grade``) is the single writer of a course's
gradebook (a run's :class:`Writer`, a lab's :func:`set_due_date`);
a grading job writes only the gradebook of its scratch course (nbgrader's ``autograde`` does)
and reads it back with :func:`submission_rows`.
"""

from __future__ import annotations

import contextlib
import re
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
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
    comment cell -> auto comment, the submission's timestamp (None if it had none), and the late
    penalty nbgrader's ``AssignLatePenalties`` gave its notebook (None: none)."""

    scores: dict[str, float | None]
    max_scores: dict[str, float]
    comments: dict[str, str | None] = field(default_factory=dict)
    timestamp: str | None = None
    late_penalty: float | None = None


def submission_rows(db_url: str, lab: str, student: str) -> Rows:
    """What ``nbgrader autograde`` recorded of one submission (read back from a scratch gradebook)."""
    with opened(db_url) as gb:
        sub = gb.find_submission(lab, student)
        nb = gb.find_submission_notebook(lab, lab, student)
        return Rows({g.name: g.auto_score for g in nb.grades}, {g.name: float(g.max_score) for g in nb.grades},
                    {c.name: c.auto_comment for c in nb.comments},
                    sub.timestamp.isoformat() if sub.timestamp else None, nb.late_submission_penalty)


def deadlines(db_url: str, lab: str) -> tuple[datetime | None, dict[str, timedelta]]:
    """The lab's due date (naive UTC, as nbgrader keeps it) and each student's extension of it."""
    from nbgrader.api import SubmittedAssignment

    with opened(db_url) as gb:
        assignment = gb.find_assignment(lab)
        return assignment.duedate, {who: ext for who, ext in gb.db.query(
            SubmittedAssignment.student_id, SubmittedAssignment.extension).filter(
            SubmittedAssignment.assignment_id == assignment.id, SubmittedAssignment.extension.isnot(None))}


def set_deadline(db_url: str, lab: str, student: str, due: datetime | None, extension: timedelta | None) -> None:
    """Record the course's due date and ``student``'s extension in a job's scratch gradebook (before
    ``nbgrader autograde``, whose ``AssignLatePenalties`` reads them)."""
    with opened(db_url) as gb:
        gb.find_assignment(lab).duedate = due
        if extension:
            gb.update_or_create_student(student)
            gb.update_or_create_submission(lab, student, extension=extension)
        gb.db.commit()


@dataclass
class Scores:
    """A submission's score, its max score, and whether every autograded cell has a score."""

    score: float
    max_score: float
    complete: bool


def grade_score(manual: float | None, auto: float | None, extra: float | None) -> float:
    """A grade's score as nbgrader computes ``Grade.score`` in SQL: the manual score if given, else
    the auto score, else 0, plus any extra credit (computed here: the row may not be flushed yet)."""
    given = manual if manual is not None else auto
    return 0.0 if given is None else given + (extra or 0.0)


@dataclass(frozen=True)
class Cell:
    """What the gradebook says of one of the lab's cells: its id and name, its max score (graded
    cells), whether it is code, and its notebook's id."""

    id: str
    name: str
    max_score: float
    code: bool
    notebook: str


class Writer:
    """The coordinator's gradebook for one grading run of one lab: opened once, every result written
    into its one session, committed by the caller in batches (:meth:`commit`). A first grading costs
    one insert per table (SQLAlchemy Core, the rows nbgrader's ``add_submission`` makes); a regrade
    updates the rows in place; neither reads the score back (:class:`Scores` is computed from the
    rows written).

    Until :meth:`commit` nothing is visible to other readers (formgrader, nbgrader's commands), and
    :meth:`rollback` forgets everything written since the last commit. The lab's cells, students and
    submissions are read once; each submission written is read afresh first."""

    def __init__(self, db_url: str, lab: str) -> None:
        self.db_url, self.lab = db_url, lab
        self._opened = contextlib.ExitStack()

    def __enter__(self) -> "Writer":
        self.gb = self._opened.enter_context(opened(self.db_url))
        self.db = self.gb.db
        self.assignment = self.gb.find_assignment(self.lab)
        self.notebooks = [nb.id for nb in self.assignment.notebooks]
        cell = lambda c, nb: Cell(c.id, c.name, float(getattr(c, "max_score", 0) or 0),  # noqa: E731
                                  getattr(c, "cell_type", "") == "code", nb.id)
        self.grade_cells = [cell(c, nb) for nb in self.assignment.notebooks for c in [*nb.grade_cells, *nb.task_cells]]
        self.comment_cells = [cell(c, nb) for nb in self.assignment.notebooks
                              for c in [*nb.solution_cells, *nb.task_cells]]
        self.cells = {c.id: c for c in [*self.grade_cells, *self.comment_cells]}
        self._read_who()
        return self

    def _read_who(self) -> None:
        """The students the gradebook holds, and those with a submission of the lab."""
        from nbgrader.api import Student, SubmittedAssignment

        self.students = {who for (who,) in self.db.query(Student.id)}
        self.submitted = {who for (who,) in self.db.query(SubmittedAssignment.student_id)
                          .filter(SubmittedAssignment.assignment_id == self.assignment.id)}

    def __exit__(self, *exc) -> None:
        self.db.rollback()  # (what the caller did not commit)
        self._opened.close()

    def commit(self) -> None:
        self.db.commit()

    def rollback(self) -> None:
        """Forget what was written since the last commit."""
        self.db.rollback()
        self._read_who()

    def has_submission(self, student: str) -> bool:
        """Whether the gradebook holds a submission of ``student`` for the lab (written here or before)."""
        return student in self.submitted

    def _submission(self, student: str):
        """The student's submission of the lab with its notebooks' rows, read afresh, or None."""
        from nbgrader.api import SubmittedAssignment, SubmittedNotebook
        from sqlalchemy.orm import selectinload

        if student not in self.submitted:  # (no query, no flush: a first grading writes in batches)
            return None
        notebooks = selectinload(SubmittedAssignment.notebooks)
        return (self.db.query(SubmittedAssignment)
                .options(notebooks.selectinload(SubmittedNotebook.grades),
                         notebooks.selectinload(SubmittedNotebook.comments))
                .filter(SubmittedAssignment.assignment_id == self.assignment.id,
                        SubmittedAssignment.student_id == student)
                .populate_existing().one_or_none())

    def _remove(self, sub) -> dict[str, dict]:
        """Delete a submission and its rows; returns what a grader gave by hand (grade name or
        ``comment:<name>`` -> its columns; ``extension`` -> the submission's), kept in the one that replaces it."""
        kept: dict[str, dict] = {"extension": dict(extension=sub.extension)}
        for nb in sub.notebooks:
            for g in nb.grades:
                kept[self.cells[g.cell_id].name] = dict(manual_score=g.manual_score, extra_credit=g.extra_credit)
                self.db.delete(g)
            for c in nb.comments:
                kept[f"comment:{self.cells[c.cell_id].name}"] = dict(manual_comment=c.manual_comment)
                self.db.delete(c)
            self.db.delete(nb)
        self.db.delete(sub)
        self.db.flush()  # (the new submission takes the same student and lab)
        self.submitted.discard(sub.student_id)
        return kept

    def _insert(self, student: str, timestamp: str | None, grades: list[dict], comments: list[dict],
                kept: dict[str, dict], late_penalty: float | None = None) -> None:
        """A new submission of ``student``: its rows (``grades`` and ``comments``: one dict of columns per
        cell of :attr:`grade_cells` and :attr:`comment_cells`, in order; its notebooks' late penalty),
        one insert per table."""
        from nbgrader import utils
        from nbgrader.api import Comment, Grade, Student, SubmittedAssignment, SubmittedNotebook, new_uuid
        from sqlalchemy import insert

        if student not in self.students:
            self.db.execute(insert(Student), [{"id": student}])
            self.students.add(student)
        sub = new_uuid()
        self.db.execute(insert(SubmittedAssignment), [{
            "id": sub, "assignment_id": self.assignment.id, "student_id": student,
            "timestamp": utils.parse_utc(timestamp) if timestamp else None, **kept.get("extension", {})}])
        notebooks = {nb: new_uuid() for nb in self.notebooks}
        self.db.execute(insert(SubmittedNotebook), [{"id": i, "assignment_id": sub, "notebook_id": nb,
                                                     "late_submission_penalty": late_penalty}
                                                    for nb, i in notebooks.items()])
        for table, cells, values, prefix in ((Grade, self.grade_cells, grades, ""),
                                             (Comment, self.comment_cells, comments, "comment:")):
            if cells:
                self.db.execute(insert(table), [
                    {"id": new_uuid(), "notebook_id": notebooks[c.notebook], "cell_id": c.id, **v,
                     **kept.get(prefix + c.name, {})} for c, v in zip(cells, values)])
        self.submitted.add(student)

    def write(self, student: str, rows: Rows) -> Scores:
        """Record a graded submission's rows (as nbgrader's ``SaveAutoGrades`` and ``AssignLatePenalties``
        do): each cell's auto score and comment, the late penalty; a cell given a score by hand, or one with
        no auto score, needs manual grading. Kept from an earlier grading: what a grader gave by hand, and
        the extension. Returns its scores (the penalty taken off, as nbgrader's export does)."""
        from nbgrader import utils

        sub = self._submission(student)
        graded = [(self.cells[g.cell_id], g) for nb in sub.notebooks for g in nb.grades] if sub is not None else []
        if sub is not None and {cell.name for cell, _ in graded} >= set(rows.scores):
            if rows.timestamp:
                sub.timestamp = utils.parse_utc(rows.timestamp)
            for g_cell, g in graded:
                g.auto_score = rows.scores.get(g_cell.name)
                g.needs_manual_grade = g.manual_score is not None or g.auto_score is None
            for c in (c for nb in sub.notebooks for c in nb.comments):
                c.auto_comment = rows.comments.get(self.cells[c.cell_id].name)
            for nb in sub.notebooks:
                nb.late_submission_penalty = rows.late_penalty
            values = [(cell, g.auto_score, g.manual_score, g.extra_credit) for cell, g in graded]
        else:
            kept = self._remove(sub) if sub is not None else {}
            grades = [{"auto_score": rows.scores.get(c.name),
                       "needs_manual_grade": kept.get(c.name, {}).get("manual_score") is not None
                       or rows.scores.get(c.name) is None} for c in self.grade_cells]
            self._insert(student, rows.timestamp, grades,
                         [{"auto_comment": rows.comments.get(c.name)} for c in self.comment_cells], kept,
                         rows.late_penalty)
            values = [(c, g["auto_score"], kept.get(c.name, {}).get("manual_score"),
                       kept.get(c.name, {}).get("extra_credit")) for c, g in zip(self.grade_cells, grades)]
        raw = sum(grade_score(manual, auto, extra) for _, auto, manual, extra in values)
        return Scores(max(0.0, raw - (rows.late_penalty or 0.0)), sum(c.max_score for c, *_ in values),
                      all(auto is not None or not c.code for c, auto, *_ in values))

    def write_zero(self, student: str, reason: str) -> float:
        """An ungradable submission: 0 on every graded cell, the reason as the first cell's comment
        (an earlier submission replaced, its extension kept). Returns the submission's max score."""
        sub = self._submission(student)
        kept = {"extension": self._remove(sub)["extension"]} if sub is not None else {}
        self._insert(student, None, [{"auto_score": 0.0} for _ in self.grade_cells],
                     [{"auto_comment": f"ungradable: {reason}" if i == 0 else None}
                      for i, _ in enumerate(self.comment_cells)], kept)
        return sum(c.max_score for c in self.grade_cells)


def scores(db_url: str, lab: str, student: str) -> tuple[float, float, bool]:
    """(score, max score, every autograded cell has a score) of a submission."""
    with opened(db_url) as gb:
        sub = gb.find_submission(lab, student)
        complete = all(g.auto_score is not None for nb in sub.notebooks for g in nb.grades
                       if g.cell.cell_type == "code")
        return float(sub.score or 0), float(sub.max_score or 0), complete


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
