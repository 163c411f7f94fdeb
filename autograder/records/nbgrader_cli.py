"""``python -m autograder.records.nbgrader_cli COMMAND ARGS``: nbgrader's own command line, quicker
to start (``env.skip_iri_grammar``) and to create a gradebook (``gradebook.quick_new_gradebooks``),
configured for grading (``grading_config``) in whatever folder it runs. ``commands.nbgrader`` runs it."""

from autograder.course.env import skip_iri_grammar

skip_iri_grammar()

from nbgrader.apps.nbgraderapp import NbGraderApp  # noqa: E402  (after the line above)
from traitlets.config import Config  # noqa: E402

from autograder.records.gradebook import quick_new_gradebooks  # noqa: E402
from autograder.records.grading_config import configure  # noqa: E402

quick_new_gradebooks()

if __name__ == "__main__":
    NbGraderApp.launch_instance(config=configure(Config()))
