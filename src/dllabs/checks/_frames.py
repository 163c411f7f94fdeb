"""Telling the student's code from the library's in a traceback or a code object.

Two owners need it and neither may import the other: :mod:`._calling` names the student's
line where their function failed, and :mod:`._no_autograd` follows only the student's own
functions when it scans for autograd. So it lives here, importing nothing of the package.
"""

from __future__ import annotations

import sysconfig
import traceback
from pathlib import Path
from typing import Any

from ..language import say

_ROOTS = frozenset({*(sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")),
                    str(Path(__file__).resolve().parent.parent)})
"""Python's own folders, the installed packages' and this package's (``dllabs``)."""


def is_library(filename: str) -> bool:
    """A file of Python, of an installed package or of this package (not a student's cell)."""
    return any(filename.startswith(r) for r in _ROOTS) or "site-packages" in filename or "dist-packages" in filename


def student_line(tb: Any) -> str:
    """`` (your code, line N: `source`)`` for the last line of the student's own code in a
    traceback, or "" when none is known (the student sees where their code failed)."""
    frames = [f for f in traceback.extract_tb(tb) if not is_library(f.filename) and (f.line or "").strip()]
    if not frames:
        return ""
    frame = frames[-1]
    code = frame.line.strip()
    return say(f" (your code, line {frame.lineno}: `{code}`)", f" (votre code, ligne {frame.lineno} : `{code}`)")
