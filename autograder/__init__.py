"""Instructor side of the course: build the labs, grade them with nbgrader, report.

Run it as ``python -m autograder --help`` from the course's root folder. The package is a
house of five rooms, each importing only the rooms below it (``tests/test_layout.py``
holds the rule; ``docs/architecture.md`` follows a submission through them):

- ``course/``: what the course is: its folders and settings, notebook cells, submissions,
  the grading settings and the environment nbgrader and kernels run in.
- ``kernels/``: where a student's code runs: the zygote that forks warm kernels, the kernel
  provisioner, the bubblewrap sandbox and its namespaces, the integrity probe.
- ``preprocessors/``: nbgrader's preprocessors of this course (grading, feedback, Colab header).
- ``records/``: nbgrader's commands and what they record: the gradebook, collect, feedback
  and export.
- ``engine/``: grading a class: the coordinator, a job per submission, the fork servers,
  preflight, Dask.
- ``authoring/``: the instructor's tools around it: build, docs, figures, release, publish.

``__main__``, ``demo`` and ``selftest`` sit on top; ``references/`` holds the grader's answers,
imported by the grading kernels only.

:data:`ROOT` and :data:`PACKAGE` are computed here, once, with ``os.path`` only (the zygote
imports this package before torch and must import nothing else).
"""

import os

PACKAGE = os.path.dirname(os.path.abspath(__file__))
"""This package's folder."""
ROOT = os.path.dirname(PACKAGE)
"""The course folder (or, when the package is installed, the folder it is installed in)."""
