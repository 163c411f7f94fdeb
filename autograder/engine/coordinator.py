"""The grading engine's coordinator: grade a whole class of a lab. ``demo``, ``selftest``,
the CLI's ``grade`` and the tests all grade through :func:`grade`.

    preflight (read, repair, refuse) -> digest and state -> a pure job per submission
    (``job.run_job``: notebook bytes + lab in, autograded files + rows + outcome out)
    -> an executor (local fork servers, ``jobs`` at a time, or a Dask cluster:
    ``distributed.py``) -> this module, the single writer of the gradebook

Each job grades in a scratch course of its own under the engine's limits, so no
submission can stop the batch or take another's grade with it; only this coordinator
writes the course's gradebook (SQLite by default, or ``db``: a PostgreSQL URL) and its
``autograded/`` folder, in the order results come back, through one open gradebook and at
most one commit a second (:class:`Recorder`).

For every student the outcome is recorded: graded, or "ungradable: <reason>" with 0 on
every graded cell in the gradebook (no row left empty; where even that zero cannot be
written, the gradebook being what failed, the summary names the row and why). A re-run
grades only the submissions whose notebook, lab or checks changed since their last grading.

Whose fault: a submission's own faults (not a notebook, a crash, a cell that ignores its
time limit) are recorded and kept. The grader's (a dead fork server or worker, a locked
database, any exception of ours) are not: the submission is retried on the next run,
which says so. A submission that runs past its time limit is graded once more, alone, at
the end of the run (a time-out under load is the grader's); only a second time-out is its own.

The lab's tests: ``commands.ensure_assignment`` records them in the gradebook from
``source/`` and updates them when ``source/`` changed (nbgrader's ``generate_assignment
--force``); its release goes to ``.dllabs/release``, never to the course's ``labs/``.

State lives in ``<course>/.dllabs/``: nbgrader's log of each submission (``logs/``) and
``grading.json`` (written atomically after each submission, so a killed run resumes).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Iterator

import nbformat


from autograder.records import gradebook

from autograder.engine import preflight
from autograder.course.timing import kernel_timing
from autograder.course.tables import render
from autograder.course.layout import ROOT, lab_names, submission_folders
from autograder.engine.pool import local_pool, reserve_for
from autograder.engine.digests import checks_digest, course_digest, digest
from autograder.engine.job import GraderFault, Job, Result, run_job
from autograder.records.commands import ensure_assignment
from autograder.course.settings import GradingSettings

__all__ = ["GraderFault", "Outcome", "grade", "summary", "scores", "digest"]

STATE = ".dllabs"
BATCH, BATCH_SECONDS = 64, 1.0
"""At most one commit of the gradebook every this many seconds, unless this many results are waiting."""
RETRY = "the grader's fault: retried on the next run"


@dataclass
class Outcome:
    student: str
    status: str  # "graded", "unchanged", or "ungradable: <reason>"
    score: float
    max_score: float
    seconds: float
    notes: str = ""
    retried: str = ""  # why the previous run could not grade it (a grader's fault), if it could not
    device: str = ""  # where the checks ran ("cuda", "cpu") when their output says so
    kernel: str = ""  # how its kernel started ("warm", "cold"), and the seconds of that start and of its cells
    start: float = 0.0
    cells: float = 0.0
    empty: str = ""  # why its gradebook row is left empty (even the zero row could not be written), if it is


class State:
    """``grading.json``: per lab and student, the digest graded and the outcome."""

    def __init__(self, course: Path) -> None:
        self.path = course / STATE / "grading.json"
        self.data = json.loads(self.path.read_text()) if self.path.exists() else {}

    def get(self, lab: str, student: str) -> dict | None:
        return self.data.get(lab, {}).get(student)

    def put(self, lab: str, records: dict[str, dict]) -> None:
        """Record students' outcomes (student -> record), written at once, atomically."""
        self.data.setdefault(lab, {}).update(records)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data, indent=1, sort_keys=True))
        os.replace(tmp, self.path)


def scores(course: Path, lab: str, student: str, db: str | None = None) -> tuple[float, float, bool]:
    """(score, max score, every autograded cell has a score) of a submission in the gradebook."""
    return gradebook.scores(gradebook.url(course, db), lab, student)


class LocalExecutor:
    """Jobs graded on this machine, ``jobs`` at a time, each by a fork server of one pool."""

    def __init__(self, course: Path, lab: str, jobs: int) -> None:
        self.course, self.lab, self.servers = course, lab, local_pool()  # reserved by grade, kept after it
        self.pool = ThreadPoolExecutor(max_workers=jobs)

    def results(self, jobs: list[Job]) -> Iterator[tuple[Job, Result | Exception]]:
        """(job, its result or the exception that stopped it), as they finish."""
        logs = self.course / STATE / "logs"
        futures = {self.pool.submit(run_job, job, self.servers, logs / f"{self.lab}-{job.student}.log"): job
                   for job in jobs}
        for future in as_completed(futures):
            try:
                yield futures[future], future.result()
            except Exception as exc:  # noqa: BLE001  (the engine's fault, recorded as such)
                yield futures[future], exc

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def submission_files(folder: Path) -> dict[str, bytes]:
    """The files of a submission folder other than notebooks (data a notebook reads, timestamp.txt)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix != ".ipynb" and ".ipynb_checkpoints" not in p.parts}


def with_device(rows: gradebook.Rows, device: str | None) -> gradebook.Rows:
    """The rows with "checks ran on <device>" added to the first comment (where the gradebook keeps notes)."""
    if not device or not rows.comments:
        return rows
    first = next(iter(rows.comments))
    said = rows.comments[first]
    return replace(rows, comments={**rows.comments, first: (f"{said}\n" if said else "") + f"checks ran on {device}"})


@dataclass
class Planned:
    """A submission to grade: its student, what preflight made of it, the digest that will say it
    is unchanged next time, why the last run could not grade it (if it could not), and its job
    (None: preflight refused it, ``checked.problem`` says why)."""

    student: str
    checked: preflight.Checked
    digest: str
    retried: str
    job: Job | None


def plan(course: Path, lab: str, root: Path, student: str | None, force: bool, settings: GradingSettings,
         remote: bool, state: State) -> tuple[list[Outcome], list[Planned]]:
    """The outcomes of the submissions unchanged since they were graded (not graded again) and the
    submissions to grade. ``remote``: the jobs carry the checks' digest (a worker elsewhere must grade
    with these checks; local jobs share this checkout's, whatever it holds now)."""
    labs, ref_digest = lab_names(root), course_digest(lab, root)
    master, checks = (root / "source" / lab / f"{lab}.ipynb").read_bytes(), checks_digest() if remote else ""
    unchanged, todo = [], []
    for folder in submission_folders(course, lab, student):
        name = folder.parent.name
        checked = preflight.check(folder, lab, labs, root)
        text = nbformat.writes(checked.notebook) if checked.notebook is not None else (checked.problem or "")
        raw = text.encode()
        key = digest(raw, ref_digest.encode())
        previous = state.get(lab, name) or {}
        if previous.get("digest") == key and not force:
            unchanged.append(Outcome(name, "unchanged", previous["score"], previous["max_score"], 0.0,
                                     previous.get("notes", ""), device=previous.get("device", "")))
            continue
        job = None if checked.notebook is None else Job(
            lab, name, raw, master, checks, submission_files(folder), settings)
        todo.append(Planned(name, checked, key, previous.get("retry", ""), job))
    return unchanged, todo


class Recorder:
    """The single writer of a course's gradebook, ``autograded/`` and state for one run of one lab.

    Results are written as they come back, at most one commit every :data:`BATCH_SECONDS`: a result
    that comes sooner waits for the next one (or :data:`BATCH` waiting, or the end of the run), so
    that results coming one by one are committed one by one, and a cluster's stream in batches. The
    state (``grading.json``) is written after each commit, with what it committed: a run killed
    between two commits loses only the uncommitted results, graded again by the next run. When a
    batch cannot be committed, each of its results is written alone; one that still fails is the
    grader's fault (retried on the next run), with a zero row where the gradebook has none."""

    def __init__(self, course: Path, lab: str, writer: gradebook.Writer, state: State, progress) -> None:
        self.course, self.lab, self.writer, self.state, self.progress = course, lab, writer, state, progress
        self.outcomes: list[Outcome] = []
        self.pending: list[tuple[Planned, Result | Exception | None]] = []
        self.committed = -BATCH_SECONDS  # (the first result is committed as it comes)

    def record(self, planned: Planned, result: Result | Exception | None, alone: bool = False) -> bool:
        """Take one submission's result (None: preflight refused it). False: it timed out, and is to
        be graded again, alone (``alone``: this was that second grading)."""
        if isinstance(result, Result) and result.timed_out:
            if not alone:
                return False
            result = replace(result, problem=f"{result.problem}, also when graded alone")
        self.pending.append((planned, result))
        if len(self.pending) >= BATCH or time.monotonic() - self.committed >= BATCH_SECONDS:
            self.flush()
        return True

    def flush(self) -> None:
        """Commit the waiting results (see the class docstring), then record them in the state."""
        pending, self.pending = self.pending, []
        if not pending:
            return
        self.committed = time.monotonic()
        try:
            written = [self._write(planned, result) for planned, result in pending]
            self.writer.commit()
        except Exception:  # noqa: BLE001  (the gradebook failed: each result alone, to know whose)
            self.writer.rollback()
            written = [self._write_alone(planned, result) for planned, result in pending]
        self.state.put(self.lab, {o.student: {**entry, **asdict(o)} for o, entry in written})
        self.outcomes += [o for o, _ in written]
        self.progress.update(len(written))

    def _write_alone(self, planned: Planned, result: Result | Exception | None) -> tuple[Outcome, dict]:
        """Write one result and commit it; when the gradebook fails, the grader's fault (a zero row
        where there is none, or the outcome says why its row is empty)."""
        try:
            written = self._write(planned, result)
            self.writer.commit()
            return written
        except Exception as exc:  # noqa: BLE001  (ours: the gradebook's)
            self.writer.rollback()
            fault = result if isinstance(result, Exception) else exc
        try:
            written = self._not_graded(planned, result, fault)
            self.writer.commit()
            return written
        except Exception as failed:  # noqa: BLE001  (the gradebook itself may be what failed: said in the summary)
            self.writer.rollback()
            return self._not_graded(planned, result, fault, empty=f"{type(failed).__name__}: {str(failed)[:200]}")

    def _write(self, planned: Planned, result: Result | Exception | None) -> tuple[Outcome, dict]:
        """Write one result (uncommitted); returns its outcome and state entry. Raises when the
        gradebook fails."""
        if isinstance(result, Exception):
            return self._not_graded(planned, result, result)
        problem = planned.checked.problem if result is None else result.problem
        score = max_score = 0.0
        if problem is None:
            graded = self.course / "autograded" / planned.student / self.lab
            shutil.rmtree(graded, ignore_errors=True)
            for path, data in result.files.items():
                (graded / path).parent.mkdir(parents=True, exist_ok=True)
                (graded / path).write_bytes(data)
            written = self.writer.write(planned.student, with_device(result.rows, result.device))
            score, max_score = written.score, written.max_score
            if not written.complete:
                problem = "nbgrader left some cells without a score"
        if problem is not None:
            score, max_score = 0.0, self.writer.write_zero(planned.student, problem)
        return self._outcome(planned, result, f"ungradable: {problem}" if problem else "graded",
                             score, max_score), {"digest": planned.digest}

    def _not_graded(self, planned: Planned, result: Result | Exception | None, exc: Exception,
                    empty: str = "") -> tuple[Outcome, dict]:
        """The grader's fault: not graded, retried on the next run. A zero row (uncommitted) keeps the
        student's place where the gradebook has none (an earlier grade is kept), unless ``empty`` says
        why even that could not be written."""
        why = str(exc) if isinstance(exc, GraderFault) else f"{type(exc).__name__}: {str(exc)[:200]}"
        max_score = 0.0
        if not empty and not self.writer.has_submission(planned.student):
            max_score = self.writer.write_zero(planned.student, f"not graded yet: {why}")
        outcome = self._outcome(planned, result, f"not graded: {why} ({RETRY})", 0.0, max_score)
        outcome.empty = empty
        return outcome, {"digest": None, "retry": why}

    def _outcome(self, planned: Planned, result: Result | Exception | None, status: str, score: float,
                 max_score: float) -> Outcome:
        ran = result if isinstance(result, Result) else None
        timing = (kernel_timing(ran.log) if ran is not None else None) or {}
        return Outcome(planned.student, status, score, max_score, ran.seconds if ran else 0.0,
                       "; ".join(planned.checked.repairs), planned.retried, (ran.device or "") if ran else "",
                       timing.get("kernel", ""), timing.get("start", 0.0), timing.get("cells", 0.0))


def grade(course: Path, lab: str, jobs: int | None = None, student: str | None = None, force: bool = False,
          timeout: float | None = None, cell_timeout: float | None = None, memory_gb: float | None = None,
          progress: bool = True, root: Path = ROOT, db: str | None = None, executor=None,
          settings: GradingSettings | None = None) -> list[Outcome]:
    """Grade every submission of ``lab`` in ``course`` (or one student's): :func:`plan`, run the jobs
    on ``executor``, :class:`Recorder`; see the module docstring.

    ``root`` holds the lab's master (``source/``) and the checks; ``db`` the gradebook's URL
    (default: ``course``'s ``gradebook.db``); ``executor`` where jobs run (default: this
    machine, ``jobs`` at a time; ``distributed.DaskExecutor`` for a Dask cluster). Prints one
    line when the gradebook's tests were updated from ``root``, and one per submission retried.

    ``settings``: how to grade (default: from the environment), with ``timeout``, ``cell_timeout``
    (seconds) and ``memory_gb`` over it when given; decided here once, carried by every job."""
    from tqdm.auto import tqdm

    memory = None if memory_gb is None else int(memory_gb * 2**30)
    settings = replace(settings or GradingSettings.from_environment(), **{
        k: v for k, v in dict(timeout=timeout, cell_timeout=cell_timeout, memory=memory).items() if v is not None})
    jobs = jobs or os.cpu_count() or 1
    if executor is None:  # (the CLI has reserved them already: then they are idle, and kept)
        reserve_for(len(submission_folders(course, lab, student)), jobs)
    updated = ensure_assignment(course, lab, root, db)
    if updated:
        print(updated)
    state = State(course)
    outcomes, todo = plan(course, lab, root, student, force, settings, executor is not None, state)
    for planned in todo:
        if planned.retried:
            print(f"retrying {planned.student}: the last run could not grade it ({planned.retried})")
    bar = tqdm(total=len(todo), desc=f"grading {lab}", unit="submission", disable=not progress or not todo)
    jobs_of = {planned.job: planned for planned in todo if planned.job is not None}
    owned = executor is None and bool(jobs_of)
    if owned:
        executor = LocalExecutor(course, lab, jobs)
    try:
        with gradebook.Writer(gradebook.url(course, db), lab) as writer:
            recorder = Recorder(course, lab, writer, state, bar)
            for planned in todo:
                if planned.job is None:
                    recorder.record(planned, None)
            again = [job for job, result in (executor.results(list(jobs_of)) if jobs_of else [])
                     if not recorder.record(jobs_of[job], result)]
            for job in again:  # time-outs under load: once more, alone
                for _, result in executor.results([job]):
                    recorder.record(jobs_of[job], result, alone=True)
            recorder.flush()
    finally:
        if owned:
            executor.close()
    bar.close()
    return sorted(outcomes + recorder.outcomes, key=lambda o: o.student)


def settings_note(settings: GradingSettings) -> str:
    """Three lines for the instructor before grading: the sandbox, the memory limit, warm kernels.
    Raises RuntimeError (one line) when the sandbox is required and cannot be had."""
    from autograder.engine.forkserver import memory_limit_note, warm_note
    from autograder.kernels import sandbox

    sandbox.enabled(settings)
    return "\n".join([sandbox.describe(settings), memory_limit_note(settings.memory), warm_note(settings)])


def summary(outcomes: list[Outcome]) -> str:
    """The table printed at the end of a grading run."""
    if not outcomes:
        return "no submission found"
    rows = [["student", "score", "status", "seconds"]]
    for o in outcomes:
        status = o.status + (f" ({o.notes})" if o.notes else "")
        rows.append([o.student, f"{o.score:g}/{o.max_score:g}", status, f"{o.seconds:.1f}"])
    lines = render(rows, align="lrlr").splitlines()
    timed = seconds_per_submission(outcomes)
    graded = sum(o.status == "graded" for o in outcomes)
    bad = sum(o.status.startswith("ungradable") for o in outcomes)
    same = sum(o.status == "unchanged" for o in outcomes)
    again = [o.student for o in outcomes if o.status.startswith("not graded")]
    retried = [o.student for o in outcomes if o.retried]
    empty = [f"{o.student} ({o.empty})" for o in outcomes if o.empty]
    return "\n".join(lines + [f"{graded} graded, {same} unchanged since last time, {bad} ungradable"]
                     + ([timed] if timed else [])
                     + ([f"retried after the grader's fault last run: {', '.join(retried)}"] if retried else [])
                     + ([f"{len(again)} not graded ({RETRY}): {', '.join(again)}"] if again else [])
                     + ([f"{len(empty)} rows left empty in the gradebook (not even a zero written): {'; '.join(empty)}"]
                        if empty else []))


def seconds_per_submission(outcomes: list[Outcome]) -> str | None:
    """Where a graded submission's seconds went, averaged over the class (None: none was timed).

    "start": its kernel ready to run (warm: forked from the zygote; cold: a new Python);
    "cells": the notebook's cells, the integrity checks included; "the rest": nbgrader's own
    work (reading, the scratch gradebook, writing the autograded notebook) and the fork."""
    timed = [o for o in outcomes if o.status == "graded" and o.kernel]
    if not timed:
        return None
    n = len(timed)
    total, start, ran = (sum(getattr(o, f) for o in timed) / n for f in ("seconds", "start", "cells"))
    kinds = ", ".join(f"{sum(o.kernel == k for o in timed)} {k}" for k in ("warm", "cold")
                      if any(o.kernel == k for o in timed))
    return (f"seconds per graded submission (average of {n}, kernels {kinds}): {total:.2f} s = "
            f"kernel start {start:.2f} s + cells {ran:.2f} s + the rest {max(0.0, total - start - ran):.2f} s")
