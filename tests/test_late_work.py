"""Late work, the way nbgrader keeps it: ``collect`` stores each submission's time from the LMS zip
in ``timestamp.txt``; ``extend`` records ``SubmittedAssignment.extension``; the course's late policy
(``[tool.dllabs.late]``) is nbgrader's ``LateSubmissionPlugin``, so ``grade`` and plain
``nbgrader autograde`` give the same penalised scores."""

from __future__ import annotations

import struct
import zipfile
from datetime import datetime, timedelta, timezone

import nbformat
import pytest

from autograder.course.layout import LABS
from autograder.__main__ import main
from autograder.records import commands, gradebook, late
from autograder.records.collect import collect, report, submitted_at

LAB = "lab1_backprop"


def released() -> str:
    return nbformat.writes(nbformat.read(LABS / LAB / f"{LAB}.ipynb", as_version=4))


def entry(name: str, when: tuple | None = None, utc: datetime | None = None) -> zipfile.ZipInfo:
    """A zip entry stamped with ``when`` (the zip's local time) and/or Info-ZIP's UTC time ``utc``."""
    info = zipfile.ZipInfo(name, date_time=when or (1980, 1, 1, 0, 0, 0))
    if utc is not None:
        info.extra = struct.pack("<HHBi", 0x5455, 5, 1, int(utc.timestamp()))
    return info


def test_submitted_at_reads_the_lms_name_then_the_zip_times():
    """Blackboard's name wins; then Info-ZIP's UTC time; then the zip's local time; else nothing."""
    utc = datetime(2026, 9, 29, 8, 30, tzinfo=timezone.utc)
    named = entry(f"dave/x_attempt_2026-09-30-10-00-00_{LAB}.ipynb", (2026, 1, 1, 0, 0, 0))
    assert submitted_at(named) == datetime(2026, 9, 30, 10, tzinfo=timezone.utc)
    assert submitted_at(entry("a.ipynb", (2026, 1, 1, 0, 0, 0), utc)) == utc
    assert submitted_at(entry("a.ipynb", (2026, 9, 28, 12, 0, 0))) == datetime(2026, 9, 28, 12).astimezone()
    assert submitted_at(entry("a.ipynb")) is None


@pytest.mark.nbgrader
def test_collect_keeps_each_submission_time_in_timestamp_txt(tmp_path):
    """nbgrader's timestamp.txt holds the time the archive gave; a file without one gets none."""
    commands.prepare_course(tmp_path, [LAB])
    archive = tmp_path / "lms.zip"
    late = datetime(2026, 9, 30, 10, 0, tzinfo=timezone.utc)
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(entry(f"alice_{LAB}.ipynb", utc=late), released())
        z.writestr(entry(f"bob/x_attempt_2026-09-27-09-15-00_{LAB}.ipynb"), released())
        z.writestr(entry(f"carol_{LAB}.ipynb"), released())
    verdicts = collect(tmp_path, LAB, archive)
    stamp = {s: (tmp_path / "submitted" / s / LAB / "timestamp.txt") for s in ("alice", "bob", "carol")}
    assert stamp["alice"].read_text().startswith("2026-09-30 10:00:00")
    assert stamp["bob"].read_text().startswith("2026-09-27 09:15:00")
    assert not stamp["carol"].exists()
    assert "(submitted 2026-09-30 10:00:00+00:00)" in report(verdicts)


def test_duration_reads_days_hours_minutes_and_refuses_the_rest():
    assert late.duration("2d") == timedelta(days=2)
    assert late.duration("1d12h") == timedelta(hours=36) == late.duration("36h")
    assert late.duration("90m") == timedelta(minutes=90) and late.duration("0") == timedelta(0)
    with pytest.raises(ValueError, match="expected days, hours or minutes"):
        late.duration("2 weeks")


def extensions(course) -> dict[str, timedelta | None]:
    from nbgrader.api import SubmittedAssignment

    with gradebook.opened(gradebook.url(course)) as gb:
        return {s.student_id: s.extension for s in gb.db.query(SubmittedAssignment)}


@pytest.mark.nbgrader
def test_extend_records_nbgrader_extensions_one_or_from_a_csv(tmp_path, capsys):
    """``extend`` writes SubmittedAssignment.extension; a student with no submission yet gets an empty
    one holding it; a CSV gives several; a bad CSV is refused in one line, changing nothing."""
    commands.prepare_course(tmp_path, [LAB])
    assert main(["extend", LAB, "alice", "2d", "--course", str(tmp_path)]) == 0
    assert "alice: extension of 2 days, 0:00:00 (no submission yet: an empty one holds it)" in capsys.readouterr().out
    table = tmp_path / "extensions.csv"
    table.write_text("student,extension\nalice,3d\nbob,36h\n")
    assert main(["extend", LAB, "--csv", str(table), "--course", str(tmp_path)]) == 0
    assert extensions(tmp_path) == {"alice": timedelta(days=3), "bob": timedelta(hours=36)}
    table.write_text("student,extension\nalice,1d\ncarol,soon\n")
    assert main(["extend", LAB, "--csv", str(table), "--course", str(tmp_path)]) == 1
    said = capsys.readouterr().err
    assert said.count("\n") == 1 and "line 3" in said and "expected days, hours or minutes" in said
    assert extensions(tmp_path)["alice"] == timedelta(days=3)
    assert main(["extend", LAB, "bob", "0", "--course", str(tmp_path)]) == 0
    assert extensions(tmp_path)["bob"] is None
