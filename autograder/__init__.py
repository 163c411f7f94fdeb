"""Instructor side of the course: build the labs, grade them with nbgrader, report.

Run it as ``python -m autograder --help`` from the course's root folder. Importing the
package puts this Python's tools first on PATH (``env.py``): nbgrader's gradebook runs the
``alembic`` command of its own environment, activated or not.
"""

import os

from .env import tools_path_first

tools_path_first(os.environ)
