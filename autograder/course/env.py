"""The environment nbgrader and grading kernels run in: the one owner of PATH and of the
kernel's import path.

- PATH: this Python's own tools first (:func:`tools_path_first`). nbgrader's gradebook runs
  the ``alembic`` command of its environment, activated or not.
- The kernel's import path (:func:`kernel_pythonpath`): the course's ``dllabs`` (``src/``, or
  where it is installed when this package is: :func:`dllabs_parent`), whatever else is
  installed, then ``$DLLABS_KERNEL_PYTHONPATH`` (more folders, e.g. an instructor's
  ``sitecustomize``). The sandbox binds these folders read-only; an unsandboxed kernel gets
  them on ``PYTHONPATH`` (:func:`with_kernel_pythonpath`).
- :func:`skip_iri_grammar`: the second ``import nbformat`` spends for nothing, spared in the
  grading processes.
- :func:`nbgrader_env`: the environment of an nbgrader process; :func:`configure_grading`:
  what grading's configuration (``grading_config.py``) sets in the nbgrader process (and so in
  the kernels it starts).
- :func:`scratch_root`: where grading keeps its scratch files on this machine (scratch
  courses, templates, the zygotes' matplotlib cache).

Reads ``os.environ`` only; imports nothing heavy (no torch, no nbgrader).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, MutableMapping
from pathlib import Path

from autograder.course.layout import ROOT
from autograder.course.settings import extra_kernel_folders, scratch_folder


def dllabs_parent() -> Path:
    """The folder that holds the ``dllabs`` grading kernels import: the course's ``src/`` when this
    package runs from a course folder, else where ``dllabs`` is installed (next to this package on a
    Dask worker: ``pip install`` of the course put both there)."""
    if (ROOT / "src" / "dllabs").is_dir():
        return ROOT / "src"
    from importlib.util import find_spec

    spec = find_spec("dllabs")
    if spec is None or not spec.submodule_search_locations:
        return ROOT / "src"  # (nowhere: a kernel's `import dllabs` says so)
    return Path(list(spec.submodule_search_locations)[0]).parent


SRC = dllabs_parent()


def scratch_root() -> Path:
    """Where grading's scratch files live on this machine: ``$DLLABS_SCRATCH``, else a folder of
    this user's in the temp folder (made if missing)."""
    import tempfile

    base = Path(scratch_folder() or Path(tempfile.gettempdir()) / f"dllabs-scratch-{os.getuid()}")
    base.mkdir(parents=True, exist_ok=True)
    return base


def tools_path_first(env: MutableMapping[str, str]) -> MutableMapping[str, str]:
    """Put this Python's ``bin`` folder first on ``env["PATH"]`` (unless it is first already); returns ``env``."""
    tools = os.path.dirname(sys.executable)
    path = env.get("PATH", "")
    if path.split(os.pathsep)[0] != tools:
        env["PATH"] = os.pathsep.join([tools, path]) if path else tools
    return env


def kernel_pythonpath() -> list[str]:
    """Where a grading kernel imports from besides Python's own: dllabs, then $DLLABS_KERNEL_PYTHONPATH."""
    return [str(SRC), *extra_kernel_folders()]


def with_kernel_pythonpath(env: MutableMapping[str, str], also: Iterable[str | Path] = ()
                           ) -> MutableMapping[str, str]:
    """``env["PYTHONPATH"]``: :func:`kernel_pythonpath`, then ``also``, then what it held (no repeats)."""
    held = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys([*kernel_pythonpath(), *map(str, also), *held]))
    return env


def skip_iri_grammar() -> None:
    """Spare this process most of ``import nbformat``: jsonschema, which nbformat imports, builds
    an Earley grammar for the ``iri`` string format when ``rfc3987_syntax`` is installed (most of
    the import's time, as ``python -X importtime`` shows). Neither nbformat's schema nor nbgrader
    checks string formats, so jsonschema is told the module is absent: its ``iri`` format goes
    unchecked, in this process only. Call it before anything imports jsonschema."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]  (import raises ImportError)


def nbgrader_env() -> dict[str, str]:
    """The environment of an nbgrader process: this one's, with this Python's tools (``alembic``) first
    on PATH, and without the folders only kernels import from (``$DLLABS_KERNEL_PYTHONPATH``) on its
    PYTHONPATH: a ``sitecustomize`` there is the kernels' (``configure_grading`` gives it to them),
    and one that imports torch would start threads in a fork server, which could then not fork."""
    env = dict(tools_path_first(dict(os.environ)))
    kernels_only = set(extra_kernel_folders())
    if kernels_only and "PYTHONPATH" in env:
        env["PYTHONPATH"] = os.pathsep.join(p for p in env["PYTHONPATH"].split(os.pathsep)
                                            if p and os.path.abspath(p) not in kernels_only)
    return env


def configure_grading() -> None:
    """What ``grading_config.configure`` sets in the nbgrader process, and so in the kernels it starts:
    tools first on PATH, the course's dllabs and the grader's references importable (a sandboxed kernel
    sees only what ``sandbox.mounts`` shows it), one thread per kernel (unless set)."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # the labs' tensors are small, and N kernels share the cores
    tools_path_first(os.environ)
    with_kernel_pythonpath(os.environ, also=[ROOT])


def full_mode_kernel_env() -> dict[str, str]:
    """A kernel that runs a notebook in full mode (no ``NBGRADER_EXECUTION``): tools first on
    PATH, the course's packages importable (``src/`` and the course root), Agg plots."""
    env = {k: v for k, v in os.environ.items() if k != "NBGRADER_EXECUTION"}
    tools_path_first(env)
    with_kernel_pythonpath(env, also=[ROOT])
    env.setdefault("MPLBACKEND", "Agg")
    return env
