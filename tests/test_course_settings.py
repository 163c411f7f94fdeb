"""course.py's Settings: the due dates of ``[tool.dllabs.due]`` are read once into aware datetimes,
a bad one is refused in one line that names its key, and grading records them in the gradebook,
where nbgrader marks a submission stamped after its lab's due date as late."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from autograder.engine import coordinator

from autograder.records import gradebook

from autograder.records import commands
from autograder.course.layout import ROOT, lab_names, settings

LABS = ["lab0_perceptron", "lab1_backprop"]


def course_root(tmp_path: Path, due: str) -> Path:
    """A repository with two labs and ``due`` as the body of its ``[tool.dllabs.due]``."""
    for lab in LABS:
        (tmp_path / "source" / lab).mkdir(parents=True)
        (tmp_path / "source" / lab / f"{lab}.ipynb").write_text("{}")
    (tmp_path / "pyproject.toml").write_text('[tool.dllabs]\nrepository = "https://github.com/o/r"\n\n'
                                             f"[tool.dllabs.due]\n{due}\n")
    return tmp_path


@pytest.fixture
def local_utc_plus_3(monkeypatch):
    """This machine's local time is UTC+3 (POSIX TZ: the offset's sign is reversed)."""
    monkeypatch.setenv("TZ", "XYZ-03")
    time.tzset()
    yield timezone(timedelta(hours=3))
    monkeypatch.undo()
    time.tzset()


def test_does_every_lab_of_the_course_have_a_due_date_a_week_after_the_last():
    due = settings().due
    assert list(due) == lab_names()
    assert all(d.tzinfo is not None for d in due.values())
    dates = list(due.values())  # (in the course's own time: summer time ends between lab 4 and lab 5)
    assert all(later.date() - earlier.date() == timedelta(weeks=1) for earlier, later in zip(dates, dates[1:]))
    assert {d.time().isoformat() for d in dates} == {"23:59:00"}
    assert due["lab0_perceptron"] == datetime(2026, 9, 21, 21, 59, tzinfo=timezone.utc)


def test_are_a_date_alone_and_a_time_without_offset_read_as_local_time(tmp_path, local_utc_plus_3):
    root = course_root(tmp_path, 'lab0_perceptron = "2026-09-21"\nlab1_backprop = "2026-09-28T12:00"')
    due = settings(root).due
    assert due["lab0_perceptron"] == datetime(2026, 9, 21, 23, 59, 59, tzinfo=local_utc_plus_3)
    assert due["lab1_backprop"] == datetime(2026, 9, 28, 9, 0, tzinfo=timezone.utc)


def test_are_tomls_own_dates_read_as_the_strings_are(tmp_path):
    root = course_root(tmp_path, "lab0_perceptron = 2026-09-21T23:59:00+02:00\nlab1_backprop = 2026-09-28")
    due = settings(root).due
    assert due["lab0_perceptron"] == datetime(2026, 9, 21, 21, 59, tzinfo=timezone.utc)
    assert (due["lab1_backprop"].date(), due["lab1_backprop"].time().isoformat()) == (
        datetime(2026, 9, 28).date(), "23:59:59")


@pytest.mark.parametrize("line, said", [
    ('lab0_perceptron = "next monday"', "pyproject.toml [tool.dllabs.due] lab0_perceptron = 'next monday': "
                                        "expected an ISO 8601 date or date-time"),
    ('lab0_perceptron = "2026-09-31"', "[tool.dllabs.due] lab0_perceptron = '2026-09-31': expected an ISO 8601"),
    ("lab0_perceptron = 7", "[tool.dllabs.due] lab0_perceptron = 7: expected an ISO 8601 date"),
    ('lab9_gans = "2026-12-01"', "pyproject.toml [tool.dllabs.due] lab9_gans: not a lab of source/ "
                                 "(the labs: lab0_perceptron, lab1_backprop)"),
])
def test_is_a_bad_due_date_refused_in_one_line_naming_its_key(tmp_path, line, said):
    with pytest.raises(ValueError) as refused:
        settings(course_root(tmp_path, line))
    assert said in str(refused.value) and "\n" not in str(refused.value)


def test_are_the_editions_read_with_the_courses_language_first_and_a_wrong_one_refused(tmp_path):
    root = course_root(tmp_path, "")
    text = (root / "pyproject.toml").read_text()
    assert settings(root).editions == ("en",)  # the course's language alone by default
    (root / "pyproject.toml").write_text(text.replace("[tool.dllabs]\n", '[tool.dllabs]\nlanguage = "fr"\n'
                                                      'editions = ["en", "fr"]\n'))
    assert (settings(root).language, settings(root).editions) == ("fr", ("fr", "en"))
    for wrong in ('editions = ["de"]', 'editions = ["en"]\nlanguage = "fr"', 'editions = "fr"'):
        (root / "pyproject.toml").write_text(text.replace("[tool.dllabs]\n", f"[tool.dllabs]\n{wrong}\n"))
        with pytest.raises(ValueError, match=r"\[tool.dllabs\] editions = .*: a list of en, fr that holds"):
            settings(root)


@pytest.mark.nbgrader
def test_is_a_submission_stamped_after_its_labs_due_date_marked_late_in_the_gradebook(tmp_path, example):
    """Graded through the engine (the job's scratch course reads timestamp.txt, the coordinator
    writes the course's gradebook): one hour late is 3600 s late, one hour early is not late."""
    from nbgrader.api import Gradebook

    lab = "lab0_perceptron"
    due = settings().due[lab]
    for student, hours in [("late", 1), ("early", -1)]:
        path = commands.submit(tmp_path, lab, student, example(lab, "blank"))
        (path.parent / "timestamp.txt").write_text((due + timedelta(hours=hours)).isoformat())
    outcomes = coordinator.grade(tmp_path, lab, jobs=2, timeout=120, cell_timeout=30, progress=False)
    assert sorted(o.status for o in outcomes) == ["graded", "graded"]
    with Gradebook(gradebook.url(tmp_path)) as gb:
        assert gb.find_assignment(lab).duedate == due.astimezone(timezone.utc).replace(tzinfo=None)
        late = {s: gb.find_submission(lab, s).total_seconds_late for s in ("late", "early")}
    assert late == {"late": 3600, "early": 0}


@pytest.mark.nbgrader
def test_is_a_changed_due_date_recorded_and_a_removed_one_cleared(tmp_path):
    """The gradebook follows pyproject.toml on every grade (``ensure_assignment``), not only when
    source/ changed."""
    root = course_root(tmp_path / "repo", "")
    (root / "source" / "lab1_backprop" / "lab1_backprop.ipynb").write_bytes(
        (ROOT / "source" / "lab1_backprop" / "lab1_backprop.ipynb").read_bytes())
    course, url = tmp_path / "course", gradebook.url(tmp_path / "course")
    course.mkdir()
    for due, want in [('"2026-09-28T23:59:00+02:00"', datetime(2026, 9, 28, 21, 59)),
                      ('"2026-10-01T08:00:00+00:00"', datetime(2026, 10, 1, 8, 0)), (None, None)]:
        body = f"lab1_backprop = {due}" if due else ""
        (root / "pyproject.toml").write_text('[tool.dllabs]\nrepository = "https://github.com/o/r"\n\n'
                                             f"[tool.dllabs.due]\n{body}\n")
        commands.ensure_assignment(course, "lab1_backprop", root)
        with gradebook.opened(url) as gb:
            assert gb.find_assignment("lab1_backprop").duedate == want
