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
from autograder.course.settings import GradingSettings
from autograder.engine import coordinator
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
        z.writestr(entry(f"dave_late_4242_777_{LAB}.ipynb"), released())  # Canvas's naming: its user id 4242
    verdicts = collect(tmp_path, LAB, archive)
    with gradebook.opened(gradebook.url(tmp_path)) as gb:
        assert gb.find_student("dave").lms_user_id == "4242"
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


def test_percent_penalty_counts_each_day_begun_up_to_the_cap():
    assert late.penalty(8.0, 0, 10, 30) == 0
    assert late.penalty(8.0, 1, 10, 30) == pytest.approx(0.8)
    assert late.penalty(8.0, 36 * 3600, 10, 30) == pytest.approx(1.6)
    assert late.penalty(8.0, 9 * 86400, 10, 30) == pytest.approx(2.4)


def test_a_wrong_late_policy_is_refused_in_one_line():
    from autograder.course.layout import late_policy

    assert late_policy({"policy": "percent", "percent_per_day": 10, "cap": 30}) == {
        "late": "percent", "late_percent_per_day": 10.0, "late_cap": 30.0}
    with pytest.raises(ValueError, match=r"\[tool.dllabs.late\].*expected policy"):
        late_policy({"policy": "halve"})


# --- The class: a due date, two extensions, three late submissions, graded both ways ---
POLICY = dict(late="percent", late_percent_per_day=10.0, late_cap=30.0)
CLASS = {  # student: (example submission, timestamp (UTC), extension); lab 1 is due 2026-09-28 21:59 UTC
    "ontime": ("solution", "2026-09-28 20:00:00", None),
    "late_1_5d": ("wrong_forward_sigmoid_hidden", "2026-09-30 09:59:00", None),  # 2 days begun: 20%
    "late_5d": ("solution", "2026-10-03 22:00:00", None),  # 6 days begun: 60%, capped at 30%
    "extended": ("solution", "2026-09-30 22:00:00", "3d"),  # within its extension: none
    "extended_late": ("solution", "2026-09-30 10:00:00", "1d"),  # 12 h past its extension: 10%
}
SHARE = {"ontime": 0.0, "late_1_5d": 0.2, "late_5d": 0.3, "extended": 0.0, "extended_late": 0.1}


def penalised(course) -> dict[str, tuple[float, float]]:
    """student -> (raw score, late penalty) of the lab, as nbgrader's gradebook holds them."""
    with gradebook.opened(gradebook.url(course)) as gb:
        return {s.student.id: (round(s.score, 6), round(s.late_submission_penalty or 0.0, 6))
                for s in gb.assignment_submissions(LAB)}


@pytest.fixture(scope="module")
def late_class(tmp_path_factory):
    """The class submitted into two courses: one graded by ``grade``, one by plain ``nbgrader autograde``."""
    from autograder.course import submissions
    from autograder.course.layout import ROOT, SOLUTIONS

    courses = [tmp_path_factory.mktemp(name) for name in ("ours", "plain")]
    for course in courses:
        commands.prepare_course(course, [LAB])
        for student, (example, stamp, extension) in CLASS.items():
            nb = submissions.make_notebook(LABS / LAB / f"{LAB}.ipynb", SOLUTIONS / LAB / f"{LAB}.ipynb",
                                           submissions.parse(ROOT / "tests" / "submissions" / LAB / f"{example}.py"))
            commands.submit(course, LAB, student, nb).with_name("timestamp.txt").write_text(stamp)
            if extension:
                late.extend(gradebook.url(course), LAB, student, late.duration(extension))
    ours, plain = courses
    outcomes = coordinator.grade(ours, LAB, jobs=2, progress=False, settings=GradingSettings(**POLICY))
    done = commands.nbgrader("autograde", LAB, "--force", "--LatePenalty.penalty_method=percent",
                             "--LatePenalty.percent_per_day=10", "--LatePenalty.cap=30", course=plain)
    assert done.returncode == 0, done.stderr[-2000:]
    return ours, plain, {o.student: o for o in outcomes}


@pytest.mark.nbgrader
def test_grade_and_plain_nbgrader_give_the_same_penalised_scores(late_class):
    """Three late submissions lose their share of the score, the extended one on time loses none, and
    ``grade`` records exactly what nbgrader's own autograde does; its outcome is the penalised score."""
    ours, plain, outcomes = late_class
    assert penalised(ours) == penalised(plain)
    for student, (raw, penalty) in penalised(ours).items():
        assert penalty == pytest.approx(raw * SHARE[student]), student
        assert outcomes[student].score == pytest.approx(raw - penalty), student
    assert sum(1 for _, penalty in penalised(ours).values() if penalty) == 3


@pytest.mark.nbgrader
def test_the_export_shows_the_late_penalty(late_class, tmp_path):
    import csv

    from autograder.records import report

    ours, _, _ = late_class
    report.export(ours, tmp_path / "grades.csv")
    rows = {r["student"]: r for r in csv.DictReader((tmp_path / "grades.csv").open())}
    for student, (raw, penalty) in penalised(ours).items():
        assert float(rows[student][LAB]) == pytest.approx(raw - penalty)
        assert float(rows[student][f"{LAB} late penalty"]) == pytest.approx(penalty)


# --- Grades back into the LMS ---
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]  # Canvas's gradebook import CSV


def read(path) -> list[list[str]]:
    import csv

    with open(path, newline="") as f:
        return list(csv.reader(f))


@pytest.mark.nbgrader
def test_canvas_file_matches_the_roster_by_lms_ids_and_names_who_is_missing(late_class, tmp_path, capsys):
    """Canvas's columns, its Points Possible row, the penalised scores, students matched by Canvas's user id
    (recorded by collect) or the SIS login; a student on one side only is named; nbgrader export writes the same."""
    ours, _, _ = late_class
    with gradebook.opened(gradebook.url(ours)) as gb:
        gb.update_or_create_student("ontime", lms_user_id="101")
        gb.update_or_create_student("late_5d", lms_user_id="105")
    roster = tmp_path / "canvas_export.csv"
    roster.write_text("Student,ID,SIS User ID,SIS Login ID,Section,Current Score,lab1_backprop (5501)\n"
                      "    Points Possible,,,,,,10\n"
                      "\"Time, On\",101,,,Sec A,90,\n\"Five, Late\",105,,,Sec A,80,\n"
                      "\"Half, Late\",103,,late_1_5d,Sec B,70,\n\"Ext, Ended\",104,,extended,Sec B,60,\n"
                      "\"New, Comer\",199,,newcomer,Sec B,0,\n")
    to = tmp_path / "canvas.csv"
    assert main(["export", "--format", "canvas", "--roster", str(roster), "--to", str(to), "--course", str(ours)]) == 0
    said = capsys.readouterr().out
    assert "not matched: extended_late" in said and "not matched: New, Comer / 199 / newcomer / Sec B" in said
    rows = read(to)
    assert rows[0] == [*CANVAS_COLUMNS, "lab1_backprop (5501)"] and rows[1][0] == "Points Possible"
    raw = penalised(ours)
    by = {r[0]: r[-1] for r in rows[2:]}
    for name, student in (("Time, On", "ontime"), ("Five, Late", "late_5d"), ("Half, Late", "late_1_5d")):
        assert float(by[name]) == pytest.approx(raw[student][0] - raw[student][1]), student
    assert by["New, Comer"] == ""
    again = tmp_path / "nbgrader.csv"
    done = commands.nbgrader("export", "--exporter=autograder.records.lms.CanvasExport",
                             f"--CanvasExport.roster={roster}", f"--to={again}", course=ours)
    assert done.returncode == 0, done.stderr[-2000:]
    assert again.read_bytes() == to.read_bytes()


@pytest.mark.nbgrader
def test_moodle_file_lists_every_student_by_id_number_or_matches_its_roster_by_email(late_class, tmp_path, capsys):
    """Moodle's columns (ID number, Email address and a column per grade item); with Moodle's own export as
    the roster, students are matched by e-mail or ID number, and the one missing is named."""
    ours, _, _ = late_class
    to = tmp_path / "moodle.csv"
    assert main(["export", "--format", "moodle", "--to", str(to), "--course", str(ours)]) == 0
    rows = read(to)
    assert rows[0] == ["First name", "Last name", "ID number", "Email address", LAB]
    raw = penalised(ours)
    assert {r[2]: float(r[4]) for r in rows[1:]} == pytest.approx({s: a - b for s, (a, b) in raw.items()})
    with gradebook.opened(gradebook.url(ours)) as gb:
        gb.update_or_create_student("ontime", email="On.Time@uni.example")
    roster = tmp_path / "moodle_export.csv"
    roster.write_text("First name,Last name,ID number,Institution,Department,Email address,"
                      "Assignment: lab1_backprop (Real),Last downloaded from this course\n"
                      "On,Time,,,,on.time@uni.example,-,\nLate,Five,late_5d,,,,-,\n")
    assert main(["export", "--format", "moodle", "--roster", str(roster), "--to", str(to),
                 "--course", str(ours)]) == 0
    rows = read(to)
    assert rows[0] == ["First name", "Last name", "ID number", "Email address", "Assignment: lab1_backprop (Real)"]
    assert [float(r[4]) for r in rows[1:]] == pytest.approx([raw[s][0] - raw[s][1] for s in ("ontime", "late_5d")])
    assert "not matched: extended" in capsys.readouterr().out


@pytest.mark.nbgrader
def test_the_feedback_shows_the_late_penalty(late_class):
    """nbgrader's feedback says what a late submission lost, read from the gradebook ``grade`` wrote."""
    from autograder.records import report

    ours, _, _ = late_class
    pages = {p.parts[-3]: p.read_text() for p in report.feedback(ours, LAB)}
    penalty = penalised(ours)["late_5d"][1]
    assert f"Late submission penalty (Score: -{round(penalty, 2)})" in pages["late_5d"]
    assert "Late submission penalty" not in pages["ontime"]
