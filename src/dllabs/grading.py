"""Whether a notebook is being run by nbgrader (autograding or validation)."""

from __future__ import annotations

import os


def grading_mode() -> bool:
    """True when nbgrader executes the notebook.

    nbgrader sets the environment variable ``NBGRADER_EXECUTION`` (to ``"autograde"``
    or ``"validate"``) while it runs a notebook; it is absent (or empty) when a student
    runs it. Training cells use this to run a short version (few steps, small data)
    when graded, so that grading a whole lab takes seconds, not minutes::

        n_epochs = 1 if grading_mode() else 20
    """
    return bool(os.environ.get("NBGRADER_EXECUTION"))
