"""What a check ends with: :class:`CheckFailed` and its one-line message, or the ✓ line of :func:`passed`.

A failure carries the name of the mistake it recognised (``mistake="sum-not-mean"``: lower case words joined
by hyphens, stable across versions of the message), or :data:`UNRECOGNISED`. When nbgrader runs the notebook
the name is the failure's second line, ``mistake: sum-not-mean`` (:data:`MISTAKE_PREFIX`): the class's report
(``python -m autograder report``) counts the names, never the messages' wording.

Every other module of the checks raises these, so this one imports nothing of the checks (only
``dllabs.language``).
"""

from __future__ import annotations

from ..language import say

UNRECOGNISED = "unrecognised"
"""The mistake of a failure no known mistake explains."""
MISTAKE_PREFIX = "mistake: "
"""How the line naming a failure's mistake begins, in the test cell's error output."""


class CheckFailed(AssertionError):
    """A check found a wrong result; the message says what and, when it can, why; ``mistake`` names it.

    IPython shows it as its message alone (``_render_traceback_``) and the line naming its mistake: the
    check's own frames say nothing to a student, and nbgrader still sees an error.
    """

    def __init__(self, message: str = "", mistake: str | None = None) -> None:
        super().__init__(message)
        self.mistake = mistake or UNRECOGNISED

    def _render_traceback_(self) -> list[str]:
        return [f"\x1b[31m\u2717 {self}\x1b[0m", f"{MISTAKE_PREFIX}{self.mistake}"]


class Named(str):
    """A message (a key of a check's table of known mistakes) that carries its mistake's name: see :func:`named`."""

    mistake: str


def named(mistake: str, message: str) -> Named:
    """``message``, carrying the name ``mistake``: a table of known mistakes keyed by messages names each one so,
    and the check that finds it raises ``CheckFailed(..., mistake=mistake_of(message))``."""
    text = Named(message)
    text.mistake = mistake
    return text


def mistake_of(message: str) -> str | None:
    """The name a message of a table of known mistakes carries (:func:`named`), or None."""
    return getattr(message, "mistake", None)


class MetaUnsupported(Exception):
    """The student's function uses an operation that the 'meta' device cannot run (boolean
    masks, ``nonzero``...): a check on 'meta' can say nothing about it, and does not count it
    as a failure (see ``_visible``)."""


def passed(name: str, detail: str) -> None:
    """Print the one-line success message of a visible check."""
    print(say(f"\u2713 {name}: {detail}", f"\u2713 {name}\u00a0: {detail}"))
