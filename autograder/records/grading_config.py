"""nbgrader's configuration of grading, owned by this package: the preprocessors that grade
(sandboxed kernel, tampering scored 0, outputs capped, model answers for the graders), the
feedback that shows no hidden test, the cells' time limits.

Every nbgrader process of the grader applies it (``nbgrader_cli`` and the fork server's
children), whatever folder it runs in: a Dask worker, where this package is installed
and no course folder exists, grades exactly as the instructor's machine does. The course's
``nbgrader_config.py`` applies it too (plain ``nbgrader`` commands, formgrader), and adds
what belongs to the course folder: its folders and the Colab header of its notebooks.
"""

from __future__ import annotations

from pathlib import Path

from traitlets.config import Config

from autograder.course.settings import GradingSettings


def configure(c: Config, settings: GradingSettings | None = None, zygote: str = "") -> Config:
    """Set grading's options on ``c`` for ``settings`` (default: from the environment), with kernels
    forked from the zygote at ``zygote`` when there is one (the fork server's), and what the
    nbgrader process needs in its environment (``env.configure_grading``); returns ``c``."""
    settings = settings or GradingSettings.from_environment()
    from nbgrader.converters.autograde import Autograde
    from nbgrader.converters.generate_feedback import GenerateFeedback
    from nbgrader.preprocessors import ClearHiddenTests

    from autograder.course.env import configure_grading
    from autograder.records.late import LatePenalty
    from autograder.preprocessors import (AddModelAnswers, CapOutputs, GradingExecute, RemoveModelAnswers,
                                          ScrubHiddenTests, ShowSubmittedFigures)

    # This Python's tools first on PATH (nbgrader runs `alembic`), grading kernels import the
    # course's dllabs whatever else is installed, one thread per kernel.
    configure_grading()
    c.CourseDirectory.course_id = "dllabs"
    # The stubs a released notebook holds: the gradebook records their checksums (an answer left as
    # released scores 0), so every machine that records a lab's tests uses these same ones.
    c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
    c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
    # A question that asks students to read their own figures shows the images of the notebook as
    # submitted (copied first: sanitizing clears the outputs, and grading re-runs on a small subset).
    c.Autograde.sanitize_preprocessors = [ShowSubmittedFigures, *Autograde.sanitize_preprocessors.default()]
    # Grading: outputs are capped in bytes (one 20 MB line passes nbgrader's line limit).
    autograde = Autograde.autograde_preprocessors.default()
    at = next(i for i, pp in enumerate(autograde) if pp.__name__ == "LimitOutput") + 1
    autograde = [*autograde[:at], CapOutputs, *autograde[at:]]
    # Grading kernels run in a bubblewrap sandbox where the OS allows it (sandbox.py), and a test
    # cell run after the notebook tampered with the grading scores 0 (integrity.py,
    # preprocessors/grading_execute.py). Formgrader shows each theory question's model answer and
    # rubric next to the student's answer.
    c.Autograde.autograde_preprocessors = [*(GradingExecute if pp.__name__ == "Execute" else pp for pp in autograde),
                                           AddModelAnswers]
    # Feedback shows no hidden test code (nbgrader shows it by default: its issue #917), in the
    # test cells or in the lines a failing test's traceback quotes. Nor the graders' model answers.
    c.GenerateFeedback.preprocessors = [RemoveModelAnswers, *GenerateFeedback.preprocessors.default(),
                                        ScrubHiddenTests, ClearHiddenTests]
    # The feedback page is nbgrader's, its labels in the notebook's language (templates/dllabs_feedback).
    import nbgrader

    c.HTMLExporter.template_name, c.HTMLExporter.template_file = "dllabs_feedback", "feedback.html.j2"
    c.HTMLExporter.extra_template_basedirs = [str(Path(__file__).parent.parent / "templates"),
                                              str(Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
                                                  / "templates")]

    # Grading: a stuck cell or notebook must not stop a class.
    c.Execute.timeout = int(settings.cell_timeout)
    c.Execute.interrupt_on_timeout = True
    c.GradingExecute.sandbox = settings.sandbox
    c.GradingKernelManager.zygote = zygote if settings.warm else ""
    c.GradingKernelManager.memory = settings.memory
    # Late work: the course's policy, applied by nbgrader's own AssignLatePenalties while autograding.
    c.AssignLatePenalties.plugin_class = LatePenalty
    c.LatePenalty.penalty_method = settings.late
    c.LatePenalty.percent_per_day = settings.late_percent_per_day
    c.LatePenalty.cap = settings.late_cap
    return c
