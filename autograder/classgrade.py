"""The grading engine: grade a whole class, one ``nbgrader autograde`` process per
submission (forked from a server that imported nbgrader once: ``forkserver.py``), ``jobs``
at a time, each under a time and memory limit, so that no submission can stop the batch
or take another's grade with it. ``demo``, ``selftest``, the CLI's ``grade`` and the
tests all grade through :func:`grade`.

For every student the outcome is recorded: graded, or "ungradable: <reason>" with 0 on
every graded cell in the gradebook (no row left empty). A re-run grades only the
submissions whose notebook, lab or checks changed since their last grading.

Whose fault: a submission's own faults (not a notebook, a crash, a cell that ignores its
time limit) are recorded and kept. The grader's (a dead fork server, a locked database,
any exception of ours) are not: the submission is retried on the next run, which says so.
A submission that runs past its time limit is graded once more, alone, at the end of the
run (a time-out under load is the grader's); only a second time-out is its own.

The lab's tests: :func:`ensure_assignment` records them in the gradebook from
``source/`` and updates them when ``source/`` changed (nbgrader's ``generate_assignment
--force``); its release goes to ``.dllabs/release``, never to the course's ``labs/``.

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
RELEASE = f"{STATE}/release"  # nbgrader's release_directory while grading: never the course's labs/
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


class GraderFault(Exception):
    """The grader failed on a submission (not the submission): it is retried on the next run."""


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


def graded_cells(nb: nbformat.NotebookNode) -> dict[str, tuple[str, float]]:
    """What nbgrader records of a lab's graded cells: grade_id -> (test code, points).

    The code is kept for autograded test cells only (answers are recorded as stubs)."""
    cells = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and meta.get("grade_id"):
            test = cell.cell_type == "code" and not meta.get("solution")
            cells[meta["grade_id"]] = (cell.source if test else "", float(meta.get("points", 0)))
    return cells


def gradebook_cells(course: Path, lab: str) -> dict[str, tuple[str, float]] | None:
    """:func:`graded_cells` as the course's gradebook holds them, or None if the lab is not in it."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        try:
            nb = gb.find_notebook(lab, lab)
        except MissingEntry:
            return None
        sources, answers = {c.name: c.source for c in nb.source_cells}, {c.name for c in nb.solution_cells}
        return {g.name: (sources.get(g.name, "") if g.cell_type == "code" and g.name not in answers else "",
                         float(g.max_score)) for g in nb.grade_cells}


def ensure_assignment(course: Path, lab: str, root: Path = ROOT) -> str | None:
    """Record the lab's tests in the course's gradebook, or update them if ``root``'s source changed.

    Returns the one line to print when tests already recorded were updated, else None.
    """
    from .grading import nbgrader

    master = nbformat.read(root / "source" / lab / f"{lab}.ipynb", as_version=4)
    want, have = graded_cells(master), gradebook_cells(course, lab)
    if have == want:
        return None
    if course.resolve() != root.resolve():
        shutil.rmtree(course / "source" / lab, ignore_errors=True)
        shutil.copytree(root / "source" / lab, course / "source" / lab)
    nbgrader("generate_assignment", lab, "--force", f"--CourseDirectory.release_directory={RELEASE}", course=course)
    if have is None:
        return None
    changed = sorted(g for g in want.keys() | have.keys() if want.get(g) != have.get(g))
    return (f"{lab}: source/ changed since the gradebook recorded its tests ({', '.join(changed)}): "
            "updated them (nbgrader generate_assignment --force); every submission is graded again")


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
                  memory_bytes: int) -> tuple[str | None, bool]:
    """``nbgrader autograde`` of one submission, forked by ``server``.

    Returns (why it could not be graded or None, whether it ran past ``timeout``); raises
    :class:`GraderFault` when the grader failed (a dead server, a locked gradebook)."""
    argv = ["autograde", lab, f"--student={student}", "--force",
            f"--CourseDirectory.root={course}", f"--CourseDirectory.submitted_directory={GRADED_FROM}",
            f"--Execute.timeout={int(cell_timeout)}", "--Execute.interrupt_on_timeout=True"]
    log = course / STATE / "logs" / f"{lab}-{student}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    try:
        status, timed_out = server.run(argv, log, timeout, memory_bytes)
    except (OSError, ValueError, RuntimeError) as exc:
        raise GraderFault(f"the grading fork server stopped ({exc})") from exc
    if timed_out:
        return f"ran past the {timeout:g} s limit of a submission", True
    err = log.read_text(errors="replace") if log.exists() else ""
    if "database is locked" in err or "OperationalError" in err:
        raise GraderFault("the gradebook was locked or unreadable while grading")
    if status != 0 or "There was an error processing" in err:
        # ("ERROR | Interrupting kernel" alone is a cell stopped at its time limit: graded normally)
        lines = [line for line in err.splitlines() if ("Error" in line or "error" in line.lower()) and "Interrupting kernel" not in line]
        if any("DeadKernel" in line or "Kernel died" in line for line in lines):
            return "the notebook's kernel died while grading (it exited, crashed or ran out of memory)", False
        if any(word in err for word in ("CellTimeoutError", "UnresponsiveKernel", "didn't respond", "Timeout")):
            return f"a cell ran past its {cell_timeout:g} s limit and did not stop when interrupted", False
        lines = [line for line in lines if "Please see the" not in line]
        return "nbgrader could not grade it: " + (lines[-1].strip()[:200] if lines else f"exit status {status}"), False
    return None, False


def has_grades(course: Path, lab: str, student: str) -> bool:
    """Whether the gradebook holds a submission of ``student`` for ``lab``."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        try:
            gb.find_submission(lab, student)
            return True
        except MissingEntry:
            return False


def grade(course: Path, lab: str, jobs: int | None = None, student: str | None = None, force: bool = False,
          timeout: float = 300, cell_timeout: float = 60, memory_gb: float = 6, progress: bool = True,
          root: Path = ROOT) -> list[Outcome]:
    """Grade every submission of ``lab`` in ``course`` (or one student's); see the module docstring.

    ``root`` holds the lab's master (``source/``) and the checks; prints one line when the
    gradebook's tests were updated from it, and one per submission retried."""
    from tqdm.auto import tqdm

    jobs = jobs or os.cpu_count() or 1
    updated = ensure_assignment(course, lab, root)
    if updated:
        print(updated)
    folders = sorted(p for p in (course / "submitted").glob(f"*/{lab}") if p.is_dir())
    if student:
        folders = [f for f in folders if f.parent.name == student]
    state, labs, ref_digest = State(course), lab_names(root), course_digest(lab, root)
    todo, outcomes = [], []
    for folder in folders:
        name = folder.parent.name
        checked = preflight.check(folder, lab, labs, root)
        staged = course / GRADED_FROM / name / lab
        shutil.rmtree(staged, ignore_errors=True)
        raw = nbformat.writes(checked.notebook).encode() if checked.notebook is not None else (checked.problem or "").encode()
        key = digest(raw, ref_digest.encode())
        previous = state.get(lab, name) or {}
        if previous.get("digest") == key and not force:
            outcomes.append(Outcome(name, "unchanged", previous["score"], previous["max_score"], 0.0, previous.get("notes", "")))
            continue
        if checked.notebook is not None:
            shutil.copytree(folder, staged, ignore=shutil.ignore_patterns("*.ipynb"))
            nbformat.write(checked.notebook, staged / f"{lab}.ipynb")
        todo.append((name, checked, key, previous.get("retry", "")))
    for name, _, _, why in todo:
        if why:
            print(f"retrying {name}: the last run could not grade it ({why})")

    bar = tqdm(total=len(todo), desc=f"grading {lab}", unit="submission", disable=not progress or not todo)
    servers: queue.Queue[ForkServer] = queue.Queue()
    for _ in range(min(jobs, sum(c.problem is None for _, c, _, _ in todo))):
        servers.put(ForkServer(ROOT, nbgrader_env()))  # (nbgrader_config.py sets one thread per kernel)

    def graded_by_a_server(name: str) -> tuple[str | None, bool]:
        server = servers.get()
        if server.proc.poll() is not None:  # it died (a server dies with the thread that started it, too)
            server = ForkServer(ROOT, nbgrader_env())
        try:
            return autograde_one(server, course, lab, name, timeout, cell_timeout, int(memory_gb * 2**30))
        finally:
            servers.put(server)

    def run(item: tuple[str, preflight.Checked, str, str], alone: bool = False) -> Outcome | None:
        """Grade one submission and record its outcome; None: it timed out, to be graded again alone."""
        name, checked, key, retried = item
        t0 = time.perf_counter()
        try:
            problem, timed_out = (checked.problem, False) if checked.problem else graded_by_a_server(name)
            if timed_out and not alone:
                return None
            if timed_out:
                problem += ", also when graded alone"
            if problem is None:
                score, max_score, complete = scores(course, lab, name)
                if not complete:
                    problem = "nbgrader left some cells without a score"
            if problem is not None:
                max_score = record_zero(course, lab, name, problem)
                score, status = 0.0, f"ungradable: {problem}"
            else:
                status = "graded"
            record = {"digest": key}
        except Exception as exc:  # noqa: BLE001  (whatever failed here is ours, not the submission's)
            why = str(exc) if isinstance(exc, GraderFault) else f"{type(exc).__name__}: {str(exc)[:200]}"
            score, max_score, status, record = 0.0, 0.0, f"not graded: {why} ({RETRY})", {"digest": None, "retry": why}
            try:  # no row left empty: a zero row, unless an earlier grade is there
                if not has_grades(course, lab, name):
                    max_score = record_zero(course, lab, name, f"not graded yet: {why}")
            except Exception:  # noqa: BLE001  (the gradebook itself may be what failed)
                pass
        outcome = Outcome(name, status, score, max_score, time.perf_counter() - t0, "; ".join(checked.repairs), retried)
        state.put(lab, name, {**record, **asdict(outcome)})
        bar.update(1)
        return outcome

    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            first = list(pool.map(run, todo))
        outcomes += [o for o in first if o is not None]
        for item, o in zip(todo, first):  # time-outs under load: once more, alone
            if o is None:
                outcomes.append(run(item, alone=True))  # type: ignore[arg-type]
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
    again = [o.student for o in outcomes if o.status.startswith("not graded")]
    retried = [o.student for o in outcomes if o.retried]
    return "\n".join(lines + [f"{graded} graded, {same} unchanged since last time, {bad} ungradable"]
                     + ([f"retried after the grader's fault last run: {', '.join(retried)}"] if retried else [])
                     + ([f"{len(again)} not graded ({RETRY}): {', '.join(again)}"] if again else []))
