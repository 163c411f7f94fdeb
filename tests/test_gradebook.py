"""gradebook.py: a new gradebook is stamped with the schema version nbgrader's own
``alembic heads`` gives, without running it (quick_new_gradebooks)."""

from __future__ import annotations

import sqlite3
import subprocess

from autograder import gradebook
from autograder.env import nbgrader_env


def test_is_a_new_gradebook_stamped_with_the_version_alembic_gives(tmp_path):
    from nbgrader.dbutil import _temp_alembic_ini

    with _temp_alembic_ini(f"sqlite:///{tmp_path / 'unused.db'}") as ini:  # what nbgrader runs for a new gradebook
        heads = subprocess.check_output(["alembic", "-c", ini, "heads"], env=nbgrader_env(), text=True)
    assert gradebook.alembic_head() == heads.split()[0]
    with gradebook.opened(gradebook.url(tmp_path)):
        pass
    with sqlite3.connect(tmp_path / "gradebook.db") as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [(heads.split()[0],)]
