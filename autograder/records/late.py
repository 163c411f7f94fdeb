"""Late work, kept where nbgrader keeps it: a student's extension is ``SubmittedAssignment.extension``
in the course's gradebook (:func:`extend`), and the course's late policy (``[tool.dllabs.late]``) is
nbgrader's own ``LateSubmissionPlugin`` (:class:`LatePenalty`), which nbgrader's ``AssignLatePenalties``
applies while autograding: plain ``nbgrader autograde`` and ``python -m autograder grade`` both use it.

A student given an extension before handing anything in gets an empty submission (nbgrader's
``add_submission``: no scores) that holds it; grading their notebook fills that submission in and
keeps the extension.
"""

from __future__ import annotations

import csv
import re
from datetime import timedelta
from pathlib import Path

from autograder.records import gradebook

DURATION = re.compile(r"(\d+(?:\.\d+)?)([dhm])")
UNITS = {"d": "days", "h": "hours", "m": "minutes"}


def duration(text: str) -> timedelta:
    """``2d``, ``36h``, ``1d12h``, ``90m`` (``0``: no extension) as a timedelta; ValueError (one line) if not."""
    text = text.strip().lower()
    if text == "0":
        return timedelta(0)
    parts = DURATION.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ValueError(f"extension {text!r}: expected days, hours or minutes, e.g. 2d, 36h, 1d12h or 90m")
    return sum((timedelta(**{UNITS[u]: float(n)}) for n, u in parts), timedelta(0))


def extend(db_url: str, lab: str, student: str, extension: timedelta) -> bool:
    """Record ``extension`` (zero: none) as ``student``'s extension of ``lab`` in the gradebook at ``db_url``
    (the lab must be in it). Returns whether an empty submission was made to hold it (see the module docstring)."""
    from nbgrader.api import MissingEntry

    with gradebook.opened(db_url) as gb:
        given = extension if extension > timedelta(0) else None
        try:
            gb.find_submission(lab, student).extension = given
            gb.db.commit()
            return False
        except MissingEntry:
            gb.update_or_create_student(student)
            gb.add_submission(lab, student, extension=given)
            return True


def read_extensions(path: Path) -> list[tuple[str, timedelta]]:
    """The rows of a CSV of extensions, columns ``student`` and ``extension`` (``2d``, ``36h``...)."""
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist: give a CSV with the columns student,extension")
    with path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or not {"student", "extension"} <= set(rows[0]):
        raise ValueError(f"{path}: expected a header line with the columns student,extension (e.g. alice,2d)")
    found = []
    for i, row in enumerate(rows, start=2):
        if not (row["student"] or "").strip():
            raise ValueError(f"{path} line {i}: no student")
        try:
            found.append((row["student"].strip(), duration(row["extension"] or "")))
        except ValueError as exc:
            raise ValueError(f"{path} line {i}: {exc}") from None
    return found
