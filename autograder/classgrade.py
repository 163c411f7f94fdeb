"""Grade a whole class: every submission of a lab in its own ``nbgrader autograde``
process (forked from a server that imported nbgrader once: ``forkserver.py``), ``jobs``
at a time, each under a time and memory limit, so that no submission
can stop the batch or take another's grade with it.

For every student the outcome is recorded: graded, or "ungradable: <reason>" with 0 on
every graded cell in the gradebook (no row left empty). A re-run grades only the
submissions whose notebook, lab or checks changed since their last grading.
State lives in ``<course>/.dllabs/``: the repaired copies nbgrader grades, and
``grading.json`` (written atomically after each submission, so a killed run resumes).
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat

from . import preflight
from .forkserver import ForkServer
from .course import ROOT, lab_names
from .grading import nbgrader_env

STATE = ".dllabs"
GRADED_FROM = f"{STATE}/graded"  # nbgrader's submitted_directory while grading: the repaired copies


@dataclass
class Outcome:
    student: str
    status: str  # "graded", "unchanged", or "ungradable: <reason>"
    score: float
    max_score: float
    seconds: float
    notes: str = ""


def digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


def course_digest(lab: str, root: Path = ROOT) -> str:
    """What a grade depends on besides the submission: the master notebook and the checks."""
    files = [root / "source" / lab / f"{lab}.ipynb", *sorted((root / "src" / "dllabs").rglob("*.py"))]
    return digest(*(f.read_bytes() for f in files))


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


def ensure_assignment(course: Path, lab: str) -> None:
    """Record the lab in the course's gradebook if it is not there yet."""
    from nbgrader.api import Gradebook, MissingEntry

    from .grading import nbgrader

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        try:
            gb.find_assignment(lab)
            return
        except MissingEntry:
            pass
    if course.resolve() != ROOT.resolve():
        shutil.rmtree(course / "source" / lab, ignore_errors=True)
        shutil.copytree(ROOT / "source" / lab, course / "source" / lab)
    nbgrader("generate_assignment", lab, "--force", course=course)


def record_zero(course: Path, lab: str, student: str, reason: str) -> float:
    """An ungradable submission: 0 on every graded cell, the reason as the first cell's comment."""
    import warnings

    from nbgrader.api import Gradebook, MissingEntry

    with warnings.catch_warnings(), Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        warnings.simplefilter("ignore")  # SQLAlchemy's autoflush notes about nbgrader's own objects
        gb.update_or_create_student(student)
        try:
            gb.remove_submission(lab, student)
        except MissingEntry:
            pass
        submission = gb.add_submission(lab, student)
        total = 0.0
        for nb in submission.notebooks:
            for grade in nb.grades:
                grade.auto_score = 0.0
                total += grade.max_score
            for i, comment in enumerate(nb.comments):
                comment.auto_comment = f"ungradable: {reason}" if i == 0 else None
        gb.db.commit()
    return total


def scores(course: Path, lab: str, student: str) -> tuple[float, float, bool]:
    """(score, max score, every autograded cell has a score) of a submission in the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        sub = gb.find_submission(lab, student)
        complete = all(g.auto_score is not None for nb in sub.notebooks for g in nb.grades if g.cell.cell_type == "code")
        return float(sub.score or 0), float(sub.max_score or 0), complete


def autograde_one(server: ForkServer, course: Path, lab: str, student: str, timeout: float, cell_timeout: float,
                  memory_bytes: int) -> str | None:
    """``nbgrader autograde`` of one submission, forked by ``server``; returns why it failed, or None."""
    argv = ["autograde", lab, f"--student={student}", "--force",
            f"--CourseDirectory.root={course}", f"--CourseDirectory.submitted_directory={GRADED_FROM}",
            f"--Execute.timeout={int(cell_timeout)}", "--Execute.interrupt_on_timeout=True"]
    log = course / STATE / "logs" / f"{lab}-{student}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    status, timed_out = server.run(argv, log, timeout, memory_bytes)
    if timed_out:
        return f"ran past the {timeout:g} s limit of a submission"
    err = log.read_text(errors="replace") if log.exists() else ""
    if status != 0 or "There was an error processing" in err:
        # ("ERROR | Interrupting kernel" alone is a cell stopped at its time limit: graded normally)
        lines = [line for line in err.splitlines() if ("Error" in line or "error" in line.lower()) and "Interrupting kernel" not in line]
        if any("DeadKernel" in line or "Kernel died" in line for line in lines):
            return "the notebook's kernel died while grading (it exited, crashed or ran out of memory)"
        if any(word in err for word in ("CellTimeoutError", "UnresponsiveKernel", "didn't respond", "Timeout")):
            return f"a cell ran past its {cell_timeout:g} s limit and did not stop when interrupted"
        lines = [line for line in lines if "Please see the" not in line]
        return "nbgrader could not grade it: " + (lines[-1].strip()[:200] if lines else f"exit status {status}")
    return None


def grade(course: Path, lab: str, jobs: int | None = None, student: str | None = None, force: bool = False,
          timeout: float = 300, cell_timeout: float = 60, memory_gb: float = 6, progress: bool = True) -> list[Outcome]:
    """Grade every submission of ``lab`` in ``course`` (or one student's); see the module docstring."""
    from tqdm.auto import tqdm

    jobs = jobs or os.cpu_count() or 1
    ensure_assignment(course, lab)
    folders = sorted(p for p in (course / "submitted").glob(f"*/{lab}") if p.is_dir())
    if student:
        folders = [f for f in folders if f.parent.name == student]
    state, labs, ref_digest = State(course), lab_names(), course_digest(lab)
    todo, outcomes = [], []
    for folder in folders:
        name = folder.parent.name
        checked = preflight.check(folder, lab, labs)
        staged = course / GRADED_FROM / name / lab
        shutil.rmtree(staged, ignore_errors=True)
        raw = nbformat.writes(checked.notebook).encode() if checked.notebook is not None else (checked.problem or "").encode()
        key = digest(raw, ref_digest.encode())
        previous = state.get(lab, name)
        if previous and previous["digest"] == key and not force:
            outcomes.append(Outcome(name, "unchanged", previous["score"], previous["max_score"], 0.0, previous.get("notes", "")))
            continue
        if checked.notebook is not None:
            shutil.copytree(folder, staged, ignore=shutil.ignore_patterns("*.ipynb"))
            nbformat.write(checked.notebook, staged / f"{lab}.ipynb")
        todo.append((name, checked, key))

    bar = tqdm(total=len(todo), desc=f"grading {lab}", unit="submission", disable=not progress or not todo)
    servers: queue.Queue[ForkServer] = queue.Queue()
    for _ in range(min(jobs, sum(c.problem is None for _, c, _ in todo))):
        servers.put(ForkServer(ROOT, nbgrader_env()))  # (nbgrader_config.py sets one thread per kernel)

    def graded_by_a_server(name: str) -> str | None:
        server = servers.get()
        try:
            return autograde_one(server, course, lab, name, timeout, cell_timeout, int(memory_gb * 2**30))
        finally:
            servers.put(server)

    def run(item: tuple[str, preflight.Checked, str]) -> Outcome:
        name, checked, key = item
        t0 = time.perf_counter()
        problem = checked.problem or graded_by_a_server(name)
        if problem is None:
            score, max_score, complete = scores(course, lab, name)
            if not complete:
                problem = "nbgrader left some cells without a score"
        if problem is not None:
            max_score = record_zero(course, lab, name, problem)
            score, status = 0.0, f"ungradable: {problem}"
        else:
            status = "graded"
        outcome = Outcome(name, status, score, max_score, time.perf_counter() - t0, "; ".join(checked.repairs))
        state.put(lab, name, {"digest": key, **asdict(outcome)})
        bar.update(1)
        return outcome

    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            outcomes += list(pool.map(run, todo))
    finally:
        while not servers.empty():
            servers.get().close()
    bar.close()
    return sorted(outcomes, key=lambda o: o.student)


def summary(outcomes: list[Outcome]) -> str:
    """The table printed at the end of a grading run."""
    if not outcomes:
        return "no submission found"
    rows = [["student", "score", "status", "seconds"]]
    for o in outcomes:
        rows.append([o.student, f"{o.score:g}/{o.max_score:g}", o.status + (f" ({o.notes})" if o.notes else ""), f"{o.seconds:.1f}"])
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join([r[0].ljust(widths[0]), r[1].rjust(widths[1]), r[2].ljust(widths[2]), r[3].rjust(7)]) for r in rows]
    graded = sum(o.status == "graded" for o in outcomes)
    bad = sum(o.status.startswith("ungradable") for o in outcomes)
    same = sum(o.status == "unchanged" for o in outcomes)
    return "\n".join(lines + [f"{graded} graded, {same} unchanged since last time, {bad} ungradable"])
