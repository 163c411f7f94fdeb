"""What a check ends with: :class:`CheckFailed` and its one-line message, or the ✓ line of :func:`passed`.

Every other module of the checks raises these, so this one imports nothing of the package.
"""

from __future__ import annotations


class CheckFailed(AssertionError):
    """A check found a wrong result; the message says what and, when it can, why.

    IPython shows it as its message alone (``_render_traceback_``): the check's own frames
    say nothing to a student, and nbgrader still sees an error.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"\x1b[31m\u2717 {self}\x1b[0m"]


class MetaUnsupported(Exception):
    """The student's function uses an operation that the 'meta' device cannot run (boolean
    masks, ``nonzero``...): a check on 'meta' can say nothing about it, and does not count it
    as a failure (see ``_visible``)."""


def passed(name: str, detail: str) -> None:
    """Print the one-line success message of a visible check."""
    print(f"\u2713 {name}: {detail}")
