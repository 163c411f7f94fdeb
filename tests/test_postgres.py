"""A PostgreSQL gradebook (issue 14), on a real server the ``postgres`` fixture starts on a
local socket: the same class graded into it gives the same rows as into SQLite, and two
writers at once (``grade``, and a grader setting scores by hand through nbgrader's API in
another process) lose nothing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from autograder.engine import coordinator

from autograder.records import gradebook

from autograder.records import commands
from autograder.course.layout import ROOT

pytestmark = pytest.mark.nbgrader

LAB = "lab1_backprop"
CLASS = {"ada": "solution", "bob": "wrong_backward_sum_not_mean"}
LIMITS = dict(jobs=2, timeout=240, cell_timeout=120, progress=False)


@pytest.fixture(scope="module")
def graded(postgres, tmp_path_factory):
    """The class graded twice: into SQLite (the default) and into a PostgreSQL database."""
    from conftest import example_notebook

    lite, pg = tmp_path_factory.mktemp("sqlite"), tmp_path_factory.mktemp("postgres")
    url = postgres.new_db()
    for course in (lite, pg):
        for student, name in CLASS.items():
            commands.submit(course, LAB, student, example_notebook(LAB, name))
    outcomes = {"sqlite": coordinator.grade(lite, LAB, **LIMITS),
                "postgres": coordinator.grade(pg, LAB, db=url, **LIMITS)}
    return lite, pg, url, outcomes


def test_the_same_class_gives_the_same_rows_in_postgres_as_in_sqlite(graded):
    lite, pg, url, outcomes = graded
    assert [(o.student, o.status, o.score) for o in outcomes["postgres"]] == [
        (o.student, o.status, o.score) for o in outcomes["sqlite"]]
    assert all(o.status == "graded" for o in outcomes["postgres"]), outcomes["postgres"]
    rows = gradebook.all_rows(url)
    assert rows == gradebook.all_rows(gradebook.url(lite)) and len(rows) > 2 * 10
    assert not (pg / "gradebook.db").exists()  # nothing went to a SQLite file beside it
    for student in CLASS:
        assert ({g: c.score for g, c in commands.cell_scores(pg, LAB, student, db=url).items()}
                == {g: c.score for g, c in commands.cell_scores(lite, LAB, student).items()})


def test_feedback_and_export_read_the_postgres_gradebook(graded, tmp_path):
    """`feedback LAB --db URL` and `export --db URL` read the grades ``grade --db`` wrote (without
    --db they would read a SQLite gradebook.db beside it, which does not exist)."""
    import csv

    _, pg, url, outcomes = graded
    to = tmp_path / "grades.csv"
    for command in (["export", "--to", str(to)], ["feedback", LAB]):
        done = subprocess.run([sys.executable, "-m", "autograder", *command, "--course", str(pg), "--db", url],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
    rows = {r["student"]: float(r[LAB]) for r in csv.DictReader(to.open())}
    assert rows == {o.student: o.score for o in outcomes["postgres"]} and len(rows) == len(CLASS)
    assert sorted(p.parent.parent.name for p in (pg / "feedback").glob(f"*/{LAB}/{LAB}.html")) == sorted(CLASS)
    assert not (pg / "gradebook.db").exists()


MANUAL = """
import os, sys, time
from nbgrader.api import Gradebook
url, lab, students, stop = sys.argv[1], sys.argv[2], sys.argv[3].split(","), sys.argv[4]
round = -1
while not os.path.exists(stop):  # while grade writes, a grader gives q01 a score by hand, again and again
    round += 1
    for i, student in enumerate(students):
        with Gradebook(url) as gb:
            grade = gb.find_grade("q01", lab, lab, student)
            grade.manual_score = min(grade.max_score, 0.5 * ((round + i) % 3))
            gb.find_comment("q01", lab, lab, student).manual_comment = f"round {round}"
            gb.db.commit()
    time.sleep(0.05)
print(round)
"""


def test_grade_and_a_grader_writing_at_once_lose_nothing(graded, tmp_path):
    _, pg, url, outcomes = graded
    before = {o.student: o.score for o in outcomes["postgres"]}
    stop = tmp_path / "stop"
    manual = subprocess.Popen([sys.executable, "-c", MANUAL, url, LAB, ",".join(CLASS), str(stop)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    grader = subprocess.Popen([sys.executable, "-m", "autograder", "grade", LAB, "--course", str(pg), "--db", url,
                               "--force", "--jobs", "2", "--timeout", "240", "--cell-timeout", "120"],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out, _ = grader.communicate(timeout=900)  # every row grade wrote, it wrote while the grader was writing
    stop.touch()
    said, err = manual.communicate(timeout=120)
    assert manual.returncode == 0 and said.strip().isdigit(), err
    assert grader.returncode == 0 and "2 graded" in out, out
    last = int(said)
    assert last > 10  # (the grader kept writing all along)
    with gradebook.opened(url) as gb:
        for i, student in enumerate(CLASS):
            q01 = gb.find_grade("q01", LAB, LAB, student)
            assert q01.manual_score == min(q01.max_score, 0.5 * ((last + i) % 3))  # the grader's last word
            assert gb.find_comment("q01", LAB, LAB, student).manual_comment == f"round {last}"
            auto = {g.name: g.auto_score for g in gb.find_submission_notebook(LAB, LAB, student).grades
                    if g.name.startswith("test_")}
            assert None not in auto.values() and sum(auto.values()) == before[student]  # and grade's too
