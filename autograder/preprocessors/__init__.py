"""The course's nbgrader preprocessors, one per file (nbgrader's own layout), wired in
``nbgrader_config.py``:

- :class:`ColabHeader` (generate_assignment): the Colab badge and set-up cell on top;
- :class:`GradingExecute` (autograde): sandboxed kernel, tampering scored 0;
- :class:`CapOutputs` (autograde): outputs capped in bytes;
- :class:`AddModelAnswers` (autograde) / :class:`RemoveModelAnswers` (feedback): the graders'
  model answers and rubrics, in the autograded notebook only;
- :class:`ScrubHiddenTests` (feedback): no hidden test code in quoted tracebacks;
- :class:`ShowSubmittedFigures` (autograde, first): the student's own figures before the
  questions that ask to read them (outputs of the notebook as submitted).
"""

from .cap_outputs import CapOutputs
from .colab_header import ColabHeader
from .grading_execute import GradingExecute
from .model_answers import AddModelAnswers, RemoveModelAnswers
from .scrub_hidden_tests import ScrubHiddenTests
from .submitted_figures import ShowSubmittedFigures

__all__ = ["AddModelAnswers", "CapOutputs", "ColabHeader", "GradingExecute", "RemoveModelAnswers",
           "ScrubHiddenTests", "ShowSubmittedFigures"]
