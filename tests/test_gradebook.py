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
