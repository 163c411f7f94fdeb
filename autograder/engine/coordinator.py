"""The grading engine's coordinator: grade a whole class of a lab. ``demo``, ``selftest``,
the CLI's ``grade`` and the tests all grade through :func:`grade`.

    preflight (read, repair, refuse) -> digest and state -> a pure job per submission
    (``job.run_job``: notebook bytes + lab in, autograded files + rows + outcome out)
    -> an executor (local fork servers, ``jobs`` at a time, or a Dask cluster:
    ``distributed.py``) -> this module, the single writer of the gradebook

Each job grades in a scratch course of its own under the engine's limits, so no
submission can stop the batch or take another's grade with it; only this coordinator
writes the course's gradebook (SQLite by default, or ``db``: a PostgreSQL URL) and its
``autograded/`` folder, one result at a time, in the order they come back.

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
import threading
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
        self.lock = threading.Lock()
        self.data = json.loads(self.path.read_text()) if self.path.exists() else {}

    def get(self, lab: str, student: str) -> dict | None:
        return self.data.get(lab, {}).get(student)

    def put(self, lab: str, student: str, record: dict) -> None:
        with self.lock:
            self.data.setdefault(lab, {})[student] = record
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


def grade(course: Path, lab: str, jobs: int | None = None, student: str | None = None, force: bool = False,
          timeout: float | None = None, cell_timeout: float | None = None, memory_gb: float | None = None,
          progress: bool = True, root: Path = ROOT, db: str | None = None, executor=None,
          settings: GradingSettings | None = None) -> list[Outcome]:
    """Grade every submission of ``lab`` in ``course`` (or one student's); see the module docstring.

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
    db_url = gradebook.url(course, db)
    folders = submission_folders(course, lab, student)
    if executor is None:  # (the CLI has reserved them already: then they are idle, and kept)
        reserve_for(len(folders), jobs)
    updated = ensure_assignment(course, lab, root, db)
    if updated:
        print(updated)
    state, labs, ref_digest = State(course), lab_names(root), course_digest(lab, root)
    # (a worker elsewhere must grade with these checks; local jobs share this checkout's, whatever it holds now)
    master, checks = (root / "source" / lab / f"{lab}.ipynb").read_bytes(), "" if executor is None else checks_digest()
    todo, outcomes = [], []
    for folder in folders:
        name = folder.parent.name
        checked = preflight.check(folder, lab, labs, root)
        text = nbformat.writes(checked.notebook) if checked.notebook is not None else (checked.problem or "")
        raw = text.encode()
        key = digest(raw, ref_digest.encode())
        previous = state.get(lab, name) or {}
        if previous.get("digest") == key and not force:
            outcomes.append(Outcome(name, "unchanged", previous["score"], previous["max_score"], 0.0,
                                    previous.get("notes", ""), device=previous.get("device", "")))
            continue
        job = None if checked.notebook is None else Job(
            lab, name, raw, master, checks, submission_files(folder), settings)
        todo.append((name, checked, key, previous.get("retry", ""), job))
    for name, _, _, why, _ in todo:
        if why:
            print(f"retrying {name}: the last run could not grade it ({why})")

    bar = tqdm(total=len(todo), desc=f"grading {lab}", unit="submission", disable=not progress or not todo)

    def record(item: tuple, result: Result | Exception | None, alone: bool = False) -> Outcome | None:
        """Write one submission's result (the single writer); None: it timed out, to be graded again alone."""
        name, checked, key, retried, _ = item
        seconds, device = (result.seconds, result.device or "") if isinstance(result, Result) else (0.0, "")
        empty = ""
        try:
            if isinstance(result, Exception):
                raise result
            problem = checked.problem if result is None else result.problem
            if result is not None and result.timed_out:
                if not alone:
                    return None
                problem += ", also when graded alone"
            if problem is None:
                graded = course / "autograded" / name / lab
                shutil.rmtree(graded, ignore_errors=True)
                for path, data in result.files.items():
                    (graded / path).parent.mkdir(parents=True, exist_ok=True)
                    (graded / path).write_bytes(data)
                gradebook.write_result(db_url, lab, name, with_device(result.rows, result.device))
                score, max_score, complete = scores(course, lab, name, **({"db": db} if db else {}))
                if not complete:
                    problem = "nbgrader left some cells without a score"
            if problem is not None:
                max_score = gradebook.record_zero_max_score(db_url, lab, name, problem)
                score, status = 0.0, f"ungradable: {problem}"
            else:
                status = "graded"
            record = {"digest": key}
        except Exception as exc:  # noqa: BLE001  (whatever failed here is ours, not the submission's)
            why = str(exc) if isinstance(exc, GraderFault) else f"{type(exc).__name__}: {str(exc)[:200]}"
            score, max_score, status, record = 0.0, 0.0, f"not graded: {why} ({RETRY})", {"digest": None, "retry": why}
            try:  # no row left empty: a zero row, unless an earlier grade is there
                if not gradebook.has_submission(db_url, lab, name):
                    max_score = gradebook.record_zero_max_score(db_url, lab, name, f"not graded yet: {why}")
            except Exception as failed:  # noqa: BLE001  (the gradebook itself may be what failed: said in the summary)
                empty = f"{type(failed).__name__}: {str(failed)[:200]}"
        timing = (kernel_timing(result.log) if isinstance(result, Result) else None) or {}
        outcome = Outcome(name, status, score, max_score, seconds, "; ".join(checked.repairs), retried, device,
                          timing.get("kernel", ""), timing.get("start", 0.0), timing.get("cells", 0.0), empty)
        state.put(lab, name, {**record, **asdict(outcome)})
        bar.update(1)
        return outcome

    items = {item[4]: item for item in todo if item[4] is not None}
    outcomes += [record(item, None) for item in todo if item[4] is None]  # type: ignore[misc]
    owned = executor is None
    if owned and items:
        executor = LocalExecutor(course, lab, jobs)
    try:
        again = []
        for job, result in (executor.results(list(items)) if items else []):
            outcome = record(items[job], result)
            if outcome is None:
                again.append(job)
            else:
                outcomes.append(outcome)
        for job in again:  # time-outs under load: once more, alone
            for _, result in executor.results([job]):
                outcomes.append(record(items[job], result, alone=True))  # type: ignore[arg-type]
    finally:
        if owned and executor is not None:
            executor.close()
    bar.close()
    return sorted(outcomes, key=lambda o: o.student)


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
