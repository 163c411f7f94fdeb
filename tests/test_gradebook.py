"""gradebook.py: a new gradebook is stamped with the schema version nbgrader's own
``alembic heads`` gives, without running it (quick_new_gradebooks)."""

from __future__ import annotations

import sqlite3
import subprocess

from autograder.records import gradebook
from autograder.course.env import nbgrader_env


def test_is_a_new_gradebook_stamped_with_the_version_alembic_gives(tmp_path):
    from nbgrader.dbutil import _temp_alembic_ini

    with _temp_alembic_ini(f"sqlite:///{tmp_path / 'unused.db'}") as ini:  # what nbgrader runs for a new gradebook
        heads = subprocess.check_output(["alembic", "-c", ini, "heads"], env=nbgrader_env(), text=True)
    assert gradebook.alembic_head() == heads.split()[0]
    with gradebook.opened(gradebook.url(tmp_path)):
        pass
    with sqlite3.connect(tmp_path / "gradebook.db") as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [(heads.split()[0],)]



def test_are_sqlalchemys_notes_about_nbgraders_objects_silenced_in_every_thread(tmp_path, recwarn):
    """Grading threads open gradebooks at once: one leaving its gradebook must not bring SQLAlchemy's
    notes back for another still inside (warnings.catch_warnings, not thread-safe, did)."""
    import threading
    import warnings

    from sqlalchemy.exc import SAWarning

    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()

    def first() -> None:
        with gradebook.opened(url):
            first_in.set()
            second_in.wait(30)
        first_out.set()

    thread = threading.Thread(target=first)
    thread.start()
    assert first_in.wait(30)
    with gradebook.opened(url):
        second_in.set()
        assert first_out.wait(30)
        warnings.warn_explicit(SAWarning("Object of type <SubmittedNotebook> not in session, add operation along"
                                         " 'Notebook.submissions' will not proceed"), SAWarning,
                               filename="nbgrader/api.py", lineno=149, module="nbgrader.api")
    thread.join(30)
    assert [str(w.message)[:40] for w in recwarn if issubclass(w.category, SAWarning)] == []


def test_is_the_filter_for_sqlalchemys_notes_installed_once_and_never_moved(tmp_path):
    """Opening a gradebook again must not remove and re-insert its warnings filter (``filterwarnings``
    does: between the two, another thread inside a gradebook would see SQLAlchemy's notes)."""
    import warnings

    from sqlalchemy.exc import SAWarning

    def ours() -> list[tuple[int, tuple]]:
        return [(i, f) for i, f in enumerate(warnings.filters)
                if f[0] == "ignore" and f[2] is SAWarning and f[3] is not None and f[3].pattern == r"nbgrader\."]

    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with warnings.catch_warnings():
        with gradebook.opened(url):
            pass
        [(_, entry)] = ours()
        warnings.simplefilter("default", UserWarning)  # another filter in front of it since
        [(where, _)] = ours()
        with gradebook.opened(url):
            [(now, again)] = ours()
    assert again is entry and now == where


LAB = "lab1_backprop"


def lab_rows(db: str) -> gradebook.Rows:
    """Rows as a grading returns them: full marks on the tests, hand-graded cells without a score."""
    with gradebook.opened(db) as gb:
        nb = gb.find_notebook(LAB, LAB)
        grades = {g.name: float(g.max_score) for g in nb.grade_cells}
        comments = {c.name: f"said about {c.name}" for c in nb.solution_cells}
    return gradebook.Rows({g: m if g.startswith("test_") else None for g, m in grades.items()}, grades, comments,
                          "2026-12-01 10:00:00")


def rows_of(db: str, student: str) -> list[tuple]:
    return [row[2:] for row in gradebook.all_rows(db) if row[1] == student]


def test_does_the_writer_make_the_rows_nbgraders_own_add_submission_makes(tmp_path):
    """The writer inserts a submission's rows itself (one insert per table): they must be the rows that
    nbgrader's ``add_submission`` and ``SaveAutoGrades`` make, and its scores nbgrader's SQL ones."""
    from autograder.records import commands

    commands.prepare_course(tmp_path, [LAB])
    db = gradebook.url(tmp_path)
    rows = lab_rows(db)
    with gradebook.Writer(db, LAB) as writer:
        written = writer.write("ada", rows)
        writer.commit()
    with gradebook.opened(db) as gb:  # nbgrader's way
        gb.add_student("bob")
        gb.add_submission(LAB, "bob", timestamp=rows.timestamp)
        nb = gb.find_submission_notebook(LAB, LAB, "bob")
        for g in nb.grades:
            g.auto_score = rows.scores[g.name]
            g.needs_manual_grade = g.auto_score is None
        for c in nb.comments:
            c.auto_comment = rows.comments.get(c.name)
        gb.db.commit()
    assert rows_of(db, "ada") == rows_of(db, "bob") and len(rows_of(db, "ada")) > 10
    assert (written.score, written.max_score, written.complete) == gradebook.scores(db, LAB, "bob")
    assert 0 < written.score < written.max_score  # (the hand-graded questions have no score yet)


def test_does_a_regrade_keep_what_a_grader_gave_by_hand_and_the_extension(tmp_path):
    from datetime import timedelta

    from nbgrader.api import Grade

    from autograder.records import commands

    commands.prepare_course(tmp_path, [LAB])
    db = gradebook.url(tmp_path)
    rows = lab_rows(db)
    question = next(g for g, score in rows.scores.items() if score is None)
    with gradebook.Writer(db, LAB) as writer:
        writer.write("ada", rows)
        writer.commit()
    with gradebook.opened(db) as gb:  # a grader's hand, then the lab's cells changed (a grade row gone)
        sub = gb.find_submission(LAB, "ada")
        sub.extension = timedelta(days=2)
        nb = gb.find_submission_notebook(LAB, LAB, "ada")
        next(g for g in nb.grades if g.name == question).manual_score = 1.0
        gb.db.commit()
    for changed in (False, True):
        if changed:
            with gradebook.opened(db) as gb:
                nb = gb.find_submission_notebook(LAB, LAB, "ada")
                gb.db.delete(next(g for g in nb.grades if g.name.startswith("test_")))
                gb.db.commit()
        with gradebook.Writer(db, LAB) as writer:
            written = writer.write("ada", rows)
            writer.commit()
        with gradebook.opened(db) as gb:
            nb = gb.find_submission_notebook(LAB, LAB, "ada")
            assert gb.find_submission(LAB, "ada").extension == timedelta(days=2), changed
            assert {g.name: g.manual_score for g in nb.grades}[question] == 1.0, changed
            assert gb.db.query(Grade).count() == len(rows.scores)  # made again, not added beside
        assert written.score == gradebook.scores(db, LAB, "ada")[0]


def test_is_nothing_written_visible_before_the_commit_and_a_rollback_forgets_it(tmp_path):
    from autograder.records import commands

    commands.prepare_course(tmp_path, [LAB])
    db = gradebook.url(tmp_path)
    rows = lab_rows(db)
    with gradebook.Writer(db, LAB) as writer:
        writer.write("ada", rows)
        assert writer.has_submission("ada") and not rows_of(db, "ada")
        writer.rollback()
        assert not writer.has_submission("ada")
        max_score = writer.write_zero("ada", "not a notebook")
        writer.commit()
    assert gradebook.scores(db, LAB, "ada") == (0.0, max_score, True) and max_score > 0
    assert any(row[2] == "ungradable: not a notebook" for row in rows_of(db, "ada"))
