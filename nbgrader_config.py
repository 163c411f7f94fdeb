"""nbgrader's configuration of the course: source/ -> labs/ (the release folder).

Plain nbgrader commands (generate_assignment, autograde, generate_feedback) work from
this folder; ``python -m autograder`` wraps them for a whole class. How grading is
configured (preprocessors, feedback, time limits) is the grader's own
(``autograder/records/grading_config.py``), applied here and wherever grading runs.
"""
import os
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, ROOT)
from autograder.records.grading_config import configure  # noqa: E402
from autograder.course.settings import GradingSettings  # noqa: E402
from autograder.course.layout import settings  # noqa: E402
from autograder.preprocessors import ColabHeader  # noqa: E402
from nbgrader.converters.generate_assignment import GenerateAssignment  # noqa: E402

c = get_config()  # noqa: F821 (injected by nbgrader)
# Grading as the grader does, with the course's late policy ([tool.dllabs.late] in pyproject.toml).
configure(c, GradingSettings.from_environment(**settings().late))
c.CourseDirectory.root = ROOT
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "labs"
# Every notebook opens with its Colab badge and set-up cell ([tool.dllabs] in pyproject.toml).
c.GenerateAssignment.preprocessors = [*GenerateAssignment.preprocessors.default(), ColabHeader]
c.ColabHeader.colab_base = settings().colab_base
c.ColabHeader.pip_spec = settings().pip_spec
c.ColabHeader.main_language = settings().language
