"""Import an LMS download (a zip of notebooks, one per student) into submitted/, through
``nbgrader zip_collect`` with a collector that knows this course's naming.

A notebook in the archive belongs to the student its path names:
- ``<student>/<anything>.ipynb`` (a folder per student), or
- ``<student>_<anything>.ipynb`` / ``<student>.ipynb`` (the student id is what comes before
  the first "_", "-", " " or ".").
Whatever its name, it is stored as ``submitted/<student>/<lab>/<lab>.ipynb`` ("renamed" in
the report when its name was another). Not a notebook, no student id, or a second
notebook of the same student: rejected, with the reason.

When it was submitted (:func:`submitted_at`) is kept where nbgrader keeps it, the submission's
``timestamp.txt`` (``zip_collect`` writes what the collector returns): the time the LMS put in its
name (Blackboard's ``_attempt_2026-09-21-23-59-00_``, taken as UTC), else the file's time in the
zip (its UTC time when the archive has Info-ZIP's extended timestamp, else the zip's local time,
taken as this machine's, as a due date without an offset is).
"""

from __future__ import annotations

import re
import shutil
import struct
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from nbgrader.plugins import FileNameCollectorPlugin
from traitlets import Unicode

STUDENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9.@]*?)(?:[_\- .]|$)")
ATTEMPT = re.compile(r"_attempt_(\d{4})-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)")
"""The submission time an LMS writes in a file's name (Blackboard's, in UTC)."""
UNSET = (1980, 1, 1, 0, 0, 0)
"""A zip entry's time when its writer gave none (the format's earliest)."""


@dataclass
class Verdict:
    path: str
    student: str | None
    action: str  # "matched", "renamed from X", or "rejected: why"
    submitted: datetime | None = None  # when, if the archive says (:func:`submitted_at`)


def submitted_at(info: zipfile.ZipInfo) -> datetime | None:
    """When the file of ``info`` was submitted (aware): the LMS's time in its name, else its time in the
    zip (see the module docstring); None when neither says."""
    m = ATTEMPT.search(info.filename)
    if m:
        return datetime(*map(int, m.groups()), tzinfo=timezone.utc)
    extra = info.extra
    while len(extra) >= 4:  # Info-ZIP's extended timestamp (0x5455): flags, then the UTC mtime first
        tag, size = struct.unpack("<HH", extra[:4])
        if tag == 0x5455 and size >= 5 and extra[4] & 1:
            return datetime.fromtimestamp(struct.unpack("<i", extra[5:9])[0], timezone.utc)
        extra = extra[4 + size:]
    return None if info.date_time[:6] == UNSET else datetime(*info.date_time).astimezone()


def sort_out(names: list[str], lab: str) -> list[Verdict]:
    """What happens to every file of an archive (paths relative to its root).

    A student with several notebooks keeps the one named after the lab (else the first
    in name order); the others are rejected.
    """
    verdicts, chosen = [], {}
    for name in sorted(names):
        p = PurePosixPath(name)
        if name.endswith("/") or p.name.startswith(".") or "__MACOSX" in p.parts:
            continue
        if p.suffix != ".ipynb":
            verdicts.append(Verdict(name, None, "rejected: not a notebook"))
            continue
        parts = [x for x in p.parts[:-1] if x != lab]
        m = STUDENT.match(parts[0]) if parts else STUDENT.match(p.stem)
        student = m.group(1).rstrip(".") if m else None
        if not student or student == lab:
            verdicts.append(Verdict(name, None, "rejected: no student id in its name"))
            continue
        verdict = Verdict(name, student, "matched" if p.name == f"{lab}.ipynb" else f"renamed from {p.name}")
        verdicts.append(verdict)
        first = chosen.get(student)
        if first is None or (lab not in first.path and lab in name):
            chosen[student] = verdict
    for v in verdicts:
        if v.student and chosen.get(v.student) is not v and not v.action.startswith("rejected"):
            kept = PurePosixPath(chosen[v.student].path).name
            v.action = f"rejected: a second notebook for {v.student} (kept {kept})"
    return verdicts


class LabCollector(FileNameCollectorPlugin):
    """nbgrader collector plugin applying :func:`sort_out` to the extracted files."""

    extracted = Unicode("").tag(config=True)
    archive = Unicode("", help="the LMS zip, whose entries' times are the submissions' times").tag(config=True)
    lab = Unicode("").tag(config=True)

    def collect(self, submitted_file: str) -> dict | None:
        # zip_collect extracts <archive>.zip into extracted/<archive>/: names are relative to that
        top = Path(self.extracted) / Path(submitted_file).relative_to(self.extracted).parts[0]
        rel = Path(submitted_file).relative_to(top).as_posix()
        files = [p.relative_to(top).as_posix() for p in top.rglob("*") if p.is_file()]
        verdict = {v.path: v for v in sort_out(files, self.lab)}.get(rel)
        if verdict is None or verdict.action.startswith("rejected"):
            return None
        found = {"student_id": verdict.student, "file_id": f"{self.lab}.ipynb"}
        if self.archive:
            with zipfile.ZipFile(self.archive) as z:
                when = submitted_at(z.getinfo(rel)) if rel in z.NameToInfo else None
            if when is not None:
                found["timestamp"] = when.astimezone(timezone.utc).isoformat()
        return found


def collect(course: Path, lab: str, archive: Path) -> list[Verdict]:
    """Extract ``archive`` into submitted/ with nbgrader zip_collect; returns the report."""
    from autograder.records.commands import GradingError, nbgrader

    if not archive.is_file():
        raise GradingError(f"{archive} does not exist: give the zip downloaded from the LMS")
    if not zipfile.is_zipfile(archive):
        raise GradingError(f"{archive} is not a zip archive: download the submissions as one zip file")
    with zipfile.ZipFile(archive) as z:
        bad = z.testzip()
        if bad is not None:
            raise GradingError(f"{archive} is damaged ({bad} does not read back): download it again")
        verdicts = sort_out(z.namelist(), lab)
        for v in verdicts:
            v.submitted = submitted_at(z.getinfo(v.path))
    inbox = course / "downloaded" / lab
    shutil.rmtree(inbox, ignore_errors=True)
    (inbox / "archive").mkdir(parents=True)
    shutil.copy(archive, inbox / "archive" / archive.name)
    extracted = inbox / "extracted"
    nbgrader("zip_collect", lab, "--force", "--collector=autograder.records.collect.LabCollector",
             f"--LabCollector.extracted={extracted}", f"--LabCollector.lab={lab}",
             f"--LabCollector.archive={inbox / 'archive' / archive.name}", course=course)
    return verdicts


def report(verdicts: list[Verdict]) -> str:
    lines = [f"{v.path}: {v.action}"
             + (f" -> submitted/{v.student}/" if v.student and not v.action.startswith("rejected") else "")
             + (f" (submitted {v.submitted.isoformat(' ', 'seconds')})" if v.submitted else "")
             for v in verdicts]
    ok = sum(not v.action.startswith("rejected") for v in verdicts)
    return "\n".join(lines + [f"{ok} notebooks collected, {len(verdicts) - ok} rejected"])
