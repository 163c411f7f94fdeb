"""What a grade depends on, as SHA-256 digests: the submission, the lab's master and the
course's checks (``src/dllabs``). A re-run grades a submission again when one changed; a
Dask worker grades only with the coordinator's checks; a fork server pool is kept only
while the checks its zygotes imported are the ones on disk.

Imports nothing heavy (the grading CLI reads them before it imports nbformat)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .course import ROOT


def digest(*parts: bytes) -> str:
    """SHA-256 over the SHA-256 of each part (so parts cannot run into each other)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


def checks_digest(root: Path = ROOT) -> str:
    """The checks the kernels import (``src/dllabs``): a worker must grade with the coordinator's."""
    return digest(*(f.read_bytes() for f in sorted((root / "src" / "dllabs").rglob("*.py"))))


def course_digest(lab: str, root: Path = ROOT) -> str:
    """What a grade depends on besides the submission: the master notebook and the checks."""
    files = [root / "source" / lab / f"{lab}.ipynb", *sorted((root / "src" / "dllabs").rglob("*.py"))]
    return digest(*(f.read_bytes() for f in files))
