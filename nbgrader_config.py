"""nbgrader's configuration of the course: source/ -> labs/ (the release folder).

Plain nbgrader commands (generate_assignment, autograde, generate_feedback) work from
this folder; ``python -m autograder`` wraps them for a whole class.
"""
import os
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, ROOT)
from autograder import env  # noqa: E402

# This Python's tools first on PATH (nbgrader runs `alembic`), grading kernels import the
# course's own dllabs (src/) whatever else is installed, one thread per kernel.
env.configure_grading()

from autograder.preprocessors import (  # noqa: E402
    AddModelAnswers, CapOutputs, ColabHeader, GradingExecute, RemoveModelAnswers, ScrubHiddenTests)
from nbgrader.converters.autograde import Autograde  # noqa: E402
from nbgrader.converters.generate_feedback import GenerateFeedback  # noqa: E402
from nbgrader.preprocessors import ClearHiddenTests  # noqa: E402
from autograder.course import settings  # noqa: E402
from nbgrader.converters.generate_assignment import GenerateAssignment  # noqa: E402

c = get_config()  # noqa: F821 (injected by nbgrader)
c.CourseDirectory.course_id = "dllabs"
c.CourseDirectory.root = ROOT
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "labs"
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
# Every notebook opens with its Colab badge and set-up cell ([tool.dllabs] in pyproject.toml).
c.GenerateAssignment.preprocessors = [*GenerateAssignment.preprocessors.default(), ColabHeader]
c.ColabHeader.colab_base = settings().colab_base
c.ColabHeader.pip_spec = settings().pip_spec
# Grading: outputs are capped in bytes (one 20 MB line passes nbgrader's line limit).
_autograde = Autograde.autograde_preprocessors.default()
_at = next(i for i, pp in enumerate(_autograde) if pp.__name__ == "LimitOutput") + 1
_autograde = [*_autograde[:_at], CapOutputs, *_autograde[_at:]]
# Grading kernels run in a bubblewrap sandbox where the OS allows it (autograder/sandbox.py),
# and a test cell run after the notebook tampered with the grading scores 0 (autograder/integrity.py,
# autograder/preprocessors/grading_execute.py).
# Formgrader shows each theory question's model answer and rubric next to the student's answer.
c.Autograde.autograde_preprocessors = [*(GradingExecute if pp.__name__ == "Execute" else pp for pp in _autograde),
                                       AddModelAnswers]
# Feedback shows no hidden test code (nbgrader shows it by default: its issue #917), in the
# test cells or in the lines a failing test's traceback quotes.
# Nor the graders' model answers.
c.GenerateFeedback.preprocessors = [RemoveModelAnswers, *GenerateFeedback.preprocessors.default(), ScrubHiddenTests,
                                    ClearHiddenTests]
# Grading: a stuck cell or notebook must not stop a class.
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True
