"""What a grade depends on, as SHA-256 digests: the submission, the lab's master and the
course's checks (``src/dllabs`` or the installed ``dllabs``, and ``autograder/references``).
A re-run grades a submission again when one changed; a Dask worker grades only with the
coordinator's checks; a fork server pool is kept only while the checks its zygotes imported
are the ones on disk.

Imports nothing heavy (the grading CLI reads them before it imports nbformat)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from autograder import PACKAGE
from autograder.course.layout import ROOT
from autograder.course.env import SRC


def digest(*parts: bytes) -> str:
    """SHA-256 over the SHA-256 of each part (so parts cannot run into each other)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


REFERENCES = Path(PACKAGE) / "references"


def checks_files(src: Path = SRC) -> list[Path]:
    """The checks the kernels import, their Python files in order: ``dllabs`` under ``src`` (the
    course's ``src/``, or where it is installed: ``env.dllabs_parent``), then the grader's references
    they compare with (``autograder/references``)."""
    return sorted((src / "dllabs").rglob("*.py")) + sorted(REFERENCES.rglob("*.py"))


def checks_digest(src: Path = SRC) -> str:
    """The checks the kernels import (:func:`checks_files`): a worker must grade with the coordinator's."""
    return digest(*(f.read_bytes() for f in checks_files(src)))


def course_digest(lab: str, root: Path = ROOT) -> str:
    """What a grade depends on besides the submission: the master notebook and the checks."""
    files = [root / "source" / lab / f"{lab}.ipynb", *checks_files()]
    return digest(*(f.read_bytes() for f in files))
