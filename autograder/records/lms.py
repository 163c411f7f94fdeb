"""Grades back into the LMS: Canvas's gradebook import CSV and Moodle's grade import CSV, as nbgrader
``ExportPlugin``s, so that ``nbgrader export --exporter=autograder.records.lms.CanvasExport`` and
``python -m autograder export --format canvas`` write the same file.

Canvas (Grades > Import): the columns ``Student``, ``ID``, ``SIS User ID``, ``SIS Login ID``, ``Section``,
then one column per assignment, and a second row ``Points Possible``. Moodle (Grades > Import > CSV file):
a column that identifies the user (``ID number`` or ``Email address``, chosen as "Map from" on import) and
one column per grade item.

``roster``: the LMS's own export of its gradebook (Canvas's "Export Entire Gradebook", Moodle's "Export >
Plain text file"). Given, the file has one row per roster student with its identifying columns as the LMS
wrote them (an assignment column the LMS already has keeps its header), matched to the gradebook's students by
the identifiers ``collect`` recorded: Canvas's user id (``ID``, nbgrader's ``Student.lms_user_id``) or the
student id as ``SIS Login ID`` / ``SIS User ID``; for Moodle, the student id as ``ID number`` or the e-mail.
Without one, the rows are the gradebook's students. Either way every student missing on one side is named
(:attr:`LmsExport.unmatched`); a roster student with no grade keeps its row with empty grades.
"""

from __future__ import annotations

import csv
from pathlib import Path

from nbgrader.plugins import ExportPlugin
from traitlets import Unicode


def lab_scores(gb) -> tuple[list[tuple[str, float]], dict[str, dict[str, float]], dict[str, object]]:
    """The gradebook's labs (name, max score), each student's score per lab (late penalty taken off, 0
    without a submission, as nbgrader's own export), and its students by id."""
    from nbgrader.api import MissingEntry

    labs = [(a.name, float(a.max_score or 0)) for a in gb.assignments]
    students = {s.id: s for s in gb.students}
    scores: dict[str, dict[str, float]] = {}
    for who in students:
        scores[who] = {}
        for lab, _ in labs:
            try:
                sub = gb.find_submission(lab, who)
                scores[who][lab] = max(0.0, float(sub.score or 0) - float(sub.late_submission_penalty or 0))
            except MissingEntry:
                scores[who][lab] = 0.0
    return labs, scores, students


class LmsExport(ExportPlugin):
    """What the Canvas and Moodle exporters share: the roster, the matching, the file."""

    roster = Unicode("", help="the LMS's own gradebook export (CSV), whose students the file lists").tag(config=True)
    IDENTITY: list[str] = []
    DEFAULT = ""

    def keys(self, row: dict[str, str]) -> set[str]:
        """The identifiers of a roster row that name a gradebook student (see the module docstring)."""
        raise NotImplementedError

    def student_keys(self, student) -> set[str]:
        raise NotImplementedError

    def identity(self, student) -> dict[str, str]:
        """A row's identifying columns for a gradebook student (no roster)."""
        raise NotImplementedError

    def extra_rows(self, labs: list[tuple[str, float]], headers: dict[str, str]) -> list[list[str]]:
        return []

    def export(self, gradebook) -> None:
        labs, scores, students = lab_scores(gradebook)
        labs = [(lab, top) for lab, top in labs if not self.assignment or lab in self.assignment]
        if self.roster:
            path = Path(self.roster)
            if not path.is_file():
                raise FileNotFoundError(f"{path} does not exist: give the CSV the LMS exported of its gradebook")
            with path.open(newline="", encoding="utf-8-sig") as f:
                rows = [r for r in csv.DictReader(f)]
            if not rows or not set(self.IDENTITY[:1]) <= set(rows[0]):
                raise ValueError(f"{path}: not a {type(self).__name__[:-6]} gradebook export "
                                 f"(expected the columns {', '.join(self.IDENTITY)})")
            rows = [r for r in rows if self.keys(r)]
            columns = [c for c in self.IDENTITY if c in rows[0]]
        else:
            rows = [self.identity(students[who]) for who in sorted(students)]
            columns = self.IDENTITY
        owner = {k: who for who, s in students.items() for k in self.student_keys(s)}
        matched = {id(r): next((owner[k] for k in sorted(self.keys(r)) if k in owner), None) for r in rows}
        heads = rows[0] if rows and self.roster else {}
        headers = {lab: next((h for h in heads if h.split(" (")[0].split(": ")[-1] == lab), lab) for lab, _ in labs}
        self.unmatched = [f"{who} (graded, not in the roster)"
                          for who in sorted(set(students) - set(matched.values())) if self.roster] + [
            f"{' / '.join(r[c] for c in columns if r.get(c))} (in the roster, not graded)"
            for r in rows if matched[id(r)] is None]
        dest = Path(self.to or self.DEFAULT)
        with dest.open("w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow([*columns, *headers.values()])
            writer.writerows(self.extra_rows(labs, headers))
            for r in rows:
                who = matched[id(r)]
                writer.writerow([r.get(c, "") for c in columns]
                                + [f"{scores[who][lab]:g}" if who else "" for lab, _ in labs])
        for line in self.unmatched:
            self.log.warning("not matched: %s", line)


class CanvasExport(LmsExport):
    """Canvas's gradebook import CSV (see the module docstring)."""

    IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    DEFAULT = "canvas_grades.csv"

    def keys(self, row):
        if (row.get("Student") or "").strip() == "Points Possible":
            return set()
        return ({f"id:{row['ID']}"} if row.get("ID") else set()) | {
            f"student:{row[c]}" for c in ("SIS Login ID", "SIS User ID") if row.get(c)}

    def student_keys(self, student):
        return {f"student:{student.id}"} | ({f"id:{student.lms_user_id}"} if student.lms_user_id else set())

    def identity(self, student):
        name = ", ".join(n for n in (student.last_name, student.first_name) if n) or student.id
        return {"Student": name, "ID": student.lms_user_id or "", "SIS User ID": "", "SIS Login ID": student.id,
                "Section": ""}

    def extra_rows(self, labs, headers):
        return [["Points Possible", "", "", "", "", *[f"{top:g}" for _, top in labs]]]


class MoodleExport(LmsExport):
    """Moodle's grade import CSV (see the module docstring)."""

    IDENTITY = ["First name", "Last name", "ID number", "Email address"]
    DEFAULT = "moodle_grades.csv"

    def keys(self, row):
        return ({f"student:{row['ID number']}"} if row.get("ID number") else set()) | (
            {f"email:{row['Email address'].lower()}"} if row.get("Email address") else set())

    def student_keys(self, student):
        return {f"student:{student.id}", f"email:{(student.email or student.id).lower()}"}

    def identity(self, student):
        return {"First name": student.first_name or "", "Last name": student.last_name or "",
                "ID number": student.id, "Email address": student.email or ""}


EXPORTERS = {"canvas": CanvasExport, "moodle": MoodleExport}
"""``export --format`` -> its exporter (``csv``: ``report.export``, the course's own table)."""


def export(db_url: str, fmt: str, to: Path, roster: Path | None = None) -> tuple[int, list[str]]:
    """Write ``fmt``'s file to ``to`` from the gradebook at ``db_url``; returns its rows of students and the
    students missing on one side (named)."""
    from autograder.records import gradebook

    plugin = EXPORTERS[fmt](to=str(to), roster=str(roster) if roster else "")
    with gradebook.opened(db_url) as gb:
        plugin.export(gb)
    with to.open(newline="") as f:
        rows = sum(1 for _ in csv.reader(f)) - 1 - (fmt == "canvas")
    return rows, plugin.unmatched
