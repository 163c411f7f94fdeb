"""One submission graded as a pure job: :class:`Job` in (the repaired notebook's bytes, the
lab's master, the limits), :class:`Result` out (the autograded files, the rows nbgrader
recorded, the outcome). Local grading and Dask workers run the same :func:`run_job`.

A job grades in a scratch course of its own: a copy of a template course (the lab's
``source/`` and a gradebook where ``nbgrader generate_assignment`` recorded its tests),
made once per lab and master+checks digest on each machine (:func:`template`) and cached
under ``$DLLABS_SCRATCH`` (default: the temp folder). So a job needs no shared file system
and never touches the course's gradebook; the coordinator writes the result
(``coordinator.record``).

The kernel runs under the engine's limits through a ``forkserver.ForkServer`` (time,
memory, sandbox, everything it started killed). A submission's own faults come back as
``Result.problem``; the grader's (a dead fork server, a locked scratch gradebook, checks on
this machine that differ from the coordinator's) raise :class:`GraderFault`, and are retried.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import socket
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from autograder.records import gradebook
from autograder.engine.digests import checks_digest, digest
from autograder.course.env import scratch_root
from autograder.engine.pool import ServerPool, local_pool
from autograder.course import cells
from autograder.records import outcome
from autograder.records.commands import RELEASE, generate_assignment
from autograder.course.settings import GradingSettings

DEVICE = re.compile(r"\bon (cuda|cpu|mps)\b")


class GraderFault(Exception):
    """The grader failed on a submission (not the submission): it is retried."""


@dataclass(frozen=True, eq=False)
class Job:
    """One submission to grade. ``notebook``: the repaired notebook (preflight ran already);
    ``files``: the submission folder's other files (path relative to it -> bytes);
    ``master``: ``source/<lab>/<lab>.ipynb``, whose graded cells are the tests; ``checks``:
    :func:`checks_digest` on the coordinator ("" when the job runs in the coordinator's checkout);
    ``settings``: the limits and options the coordinator decided, the same for every job of a run;
    ``due`` and ``extension``: the lab's due date (naive UTC) and the student's extension, from the
    course's gradebook, recorded in the scratch gradebook so that nbgrader's late penalty sees them."""

    lab: str
    student: str
    notebook: bytes
    master: bytes
    checks: str
    files: dict[str, bytes] = field(default_factory=dict)
    settings: GradingSettings = field(default_factory=GradingSettings)
    due: datetime | None = None
    extension: timedelta | None = None


@dataclass
class Result:
    """What a job gives back. ``problem``: why the submission could not be graded (its own
    fault), else None; ``timed_out``: it ran past ``Job.settings.timeout`` (graded again alone);
    ``files``: the autograded folder (path -> bytes); ``rows``: nbgrader's rows of it;
    ``outputs``: test grade_id -> what the cell printed; ``device``: where the checks ran
    ("cuda", "cpu") when their output says so; ``log``: nbgrader's log."""

    student: str
    problem: str | None
    timed_out: bool = False
    files: dict[str, bytes] = field(default_factory=dict)
    rows: gradebook.Rows | None = None
    outputs: dict[str, str] = field(default_factory=dict)
    device: str | None = None
    log: str = ""
    seconds: float = 0.0
    host: str = ""


_template_lock = threading.Lock()
UNUSED_FOR = 24 * 3600  # seconds after which what grading left in the scratch folder, unused, is removed


def template(lab: str, master: bytes) -> Path:
    """The template course of ``lab`` for this master and these checks, made once (file-locked:
    several processes of one machine share it). Each use marks it used (its folder's time);
    making a new one removes what no job of the lab used for :data:`UNUSED_FOR` seconds
    (:func:`remove_stale_scratch`)."""
    base = scratch_root()
    folder = base / f"{lab}-{digest(master, checks_digest().encode())[:16]}"
    if (folder / "gradebook.db").exists():
        os.utime(folder)
        return folder
    with _template_lock, open(base / f"{folder.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "gradebook.db").exists():
            building = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=base))
            (building / "source" / lab).mkdir(parents=True)
            (building / "source" / lab / f"{lab}.ipynb").write_bytes(master)
            generate_assignment(building, lab)
            shutil.rmtree(building / RELEASE, ignore_errors=True)
            shutil.rmtree(folder, ignore_errors=True)
            os.rename(building, folder)
            remove_stale_scratch(base, lab)
    return folder


def remove_stale_scratch(base: Path, lab: str, unused_for: float = UNUSED_FOR) -> list[str]:
    """Remove the folders of ``lab`` in the scratch folder ``base`` that nothing used for
    ``unused_for`` seconds; returns their names. They are template courses of an older master or
    older checks (each change makes a new one; a run still grading with an older one keeps it,
    since each job marks its template used), unfinished ones, and the scratch courses of jobs
    whose process was killed (a job lasts its time limit at the most): a student's notebook."""
    now, removed = time.time(), []
    for path in sorted(base.iterdir()):
        if (path.name.startswith((f"{lab}-", f".{lab}-")) and path.is_dir()
                and now - path.stat().st_mtime > unused_for):
            shutil.rmtree(path, ignore_errors=True)
            base.joinpath(f"{path.name}.lock").unlink(missing_ok=True)
            removed.append(path.name)
    return removed


def run_job(job: Job, servers: ServerPool | None = None, log: Path | None = None) -> Result:
    """Grade ``job`` in a scratch course with a fork server of ``servers`` (this process's pool,
    ``pool.local_pool()``, if None). nbgrader's log is written to ``log`` when given (else
    in the scratch course), and comes back in ``Result.log`` either way. See the module docstring."""
    t0 = time.perf_counter()
    if job.checks and job.checks != checks_digest():
        raise GraderFault(f"the checks on {socket.gethostname()} differ from the coordinator's (dllabs, "
                          "autograder/references): install the coordinator's version of the course there")
    servers = servers or local_pool()
    course = Path(tempfile.mkdtemp(prefix=f"{job.lab}-{job.student}-", dir=scratch_root()))
    try:
        tmpl = template(job.lab, job.master)
        shutil.copy(tmpl / "gradebook.db", course / "gradebook.db")
        shutil.copytree(tmpl / "source", course / "source")
        if job.due is not None and "timestamp.txt" in job.files:  # (no time: never late, nothing to record)
            gradebook.set_deadline(gradebook.url(course), job.lab, job.student, job.due, job.extension)
        folder = course / "submitted" / job.student / job.lab
        folder.mkdir(parents=True)
        for name, data in job.files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
        (folder / f"{job.lab}.ipynb").write_bytes(job.notebook)
        here = log or course / "autograde.log"
        here.parent.mkdir(parents=True, exist_ok=True)
        argv = ["autograde", job.lab, f"--student={job.student}", "--force", f"--CourseDirectory.root={course}"]
        found = course / "outcome.json"
        server = servers.get()
        try:
            status, timed_out = server.run(argv, here, job.settings, found)
        except (OSError, ValueError, RuntimeError) as exc:
            raise GraderFault(f"the grading fork server stopped ({exc})") from exc
        finally:
            servers.put(server)
        err = here.read_text(errors="replace") if here.exists() else ""
        result = Result(job.student, None, log=err, host=socket.gethostname())
        result.problem = verdict(status, timed_out, outcome.read(found), job.settings)
        result.timed_out = timed_out
        graded = course / "autograded" / job.student / job.lab
        if result.problem is None:
            result.rows = gradebook.submission_rows(gradebook.url(course), job.lab, job.student)
            result.files = {str(p.relative_to(graded)): p.read_bytes() for p in sorted(graded.rglob("*"))
                            if p.is_file()}
            result.outputs = cells.cell_outputs(result.files.get(f"{job.lab}.ipynb", b""))
            found = {m for text in result.outputs.values() for m in DEVICE.findall(text)}
            result.device = "cuda" if "cuda" in found else next(iter(sorted(found)), None)
        result.seconds = time.perf_counter() - t0
        return result
    finally:
        shutil.rmtree(course, ignore_errors=True)


GRADER_FAULTS = {"SQLAlchemyError": "the gradebook was locked or unreadable while grading"}
"""Exception classes (by name, anywhere in the exception's MRO) that are the grader's fault, not the
submission's: the job is retried on the next run."""
KERNEL_DIED = ("DeadKernelError",)
TOO_SLOW = ("CellTimeoutError", "UnresponsiveKernelError", "TimeoutError")


def verdict(status: int, timed_out: bool, found: dict | None, settings: GradingSettings) -> str | None:
    """Why nbgrader could not grade the submission (None: it could); GraderFault if that was ours.

    Decided from data: the server's exit status and time-out, and the exceptions the child
    recorded (``records.outcome``: class names, never the words of a message or a log)."""
    if timed_out:
        return f"ran past the {settings.timeout:g} s limit of a submission"
    errors = (found or {}).get("errors", [])
    for error in errors:
        for name, why in GRADER_FAULTS.items():
            if name in error["types"]:
                raise GraderFault(why)
    if any(name in e["types"] for e in errors for name in KERNEL_DIED):
        return "the notebook's kernel died while grading (it exited, crashed or ran out of memory)"
    if any(name in e["types"] for e in errors for name in TOO_SLOW):
        return f"a cell ran past its {settings.cell_timeout:g} s limit and did not stop when interrupted"
    if errors:
        last = errors[-1]
        said = (last["message"].strip().splitlines() or [""])[0][:200]
        return f"nbgrader could not grade it: {last['types'][0]}" + (f": {said}" if said else "")
    if status != 0:
        return f"nbgrader could not grade it: exit status {status}" + (
            "" if found is not None else " before it recorded anything (its log says more)")
    return None

