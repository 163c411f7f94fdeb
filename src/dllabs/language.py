"""The language of what a student reads from the package: the checks' messages, ``summary``, the data sets' errors.

Every such message is written twice, beside the code that shows it: ``say("w has the wrong shape",
"w n'a pas la bonne forme")``. The edition a notebook came from picks the language, not the machine's
locale: the set-up cell that ``python -m autograder build --lang fr`` writes at the top of a French
notebook calls ``dllabs.set_language("fr")``, and it runs again when the notebook is graded, so the
graded outputs and the feedback are in the student's language. Nothing else changes with the language:
the mistake names (``mistake: sum-not-mean``), scores and grade ids are the same in every edition.

``say`` picks when it is called: a message is built when it is shown, never at import (the grader's
warm kernels import the checks before a notebook has said its language; ``tests/test_messages.py``
fails on a ``say`` run at import).
"""

from __future__ import annotations

LANGUAGES = ("en", "fr")
"""The languages a message exists in: English first (the source notebooks' language)."""

_language = "en"


def set_language(lang: str) -> None:
    """Show every message from now on in ``lang`` ("en" or "fr"): the French edition's set-up cell calls it."""
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"no {lang!r} messages: the languages are {', '.join(LANGUAGES)}")
    _language = lang


def language() -> str:
    """The language messages are shown in: "en" unless ``set_language`` said otherwise."""
    return _language


def say(en: str, fr: str) -> str:
    """The message in the current language: ``en`` (English) or ``fr`` (French, French typography)."""
    return fr if _language == "fr" else en
