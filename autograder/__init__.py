"""Instructor side of the course: build the labs, grade them with nbgrader, report.

Run it as ``python -m autograder --help`` from the course's root folder.
"""

import os
import sys

# nbgrader's gradebook runs the `alembic` command of its own environment, activated or not.
if os.path.dirname(sys.executable) not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")])
