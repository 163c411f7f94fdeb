"""Class-scale grading figures: a generated class of submissions (right and wrong mixed,
cycled from tests/submissions/<lab>), graded by `grade --jobs J` and by plain serial
`nbgrader autograde` on the same class, in one run: wall times, the ratio, whether the
scores are identical, and where a submission's seconds go (kernel start, cells, the rest:
nbgrader's own work and the gradebook). Then seconds per submission as the class grows,
warm kernels against cold ones, one submission graded by a fresh `grade --student` process,
every lab, and the sandbox's cost.

    PYTHONPATH=src:. python benchmarks/bench_grading.py --students 40 --jobs 2 --sizes 10,100 --all-labs 8
    PYTHONPATH=src:. python benchmarks/bench_grading.py --one-every-lab   # only the fresh single submissions
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.engine import coordinator  # noqa: E402

from autograder.engine import pool  # noqa: E402

from autograder.records import commands  # noqa: E402

from autograder.kernels import sandbox  # noqa: E402

from autograder.course import submissions  # noqa: E402
from autograder.course.layout import LABS, SOLUTIONS, lab_names  # noqa: E402
from autograder.course.timing import kernel_timing  # noqa: E402


def make_class(course: Path, lab: str, n: int, only: str | None = None) -> list[str]:
    """``n`` submissions of ``lab`` in ``course``'s submitted/, cycling through the lab's examples
    (or the example named ``only``)."""
    subs = [s for s in submissions.load_all(ROOT / "tests" / "submissions" / lab) if only in (None, s.name)]
    names = []
    for i in range(n):
        name = f"s{i:03d}"
        released, solution = LABS / lab / f"{lab}.ipynb", SOLUTIONS / lab / f"{lab}.ipynb"
        nb = submissions.make_notebook(released, solution, subs[i % len(subs)])
        commands.submit(course, lab, name, nb)
        names.append(name)
    return names


def new_course(lab: str, n: int, only: str | None = None) -> tuple[Path, list[str]]:
    course = Path(tempfile.mkdtemp(prefix="dllabs-bench-"))
    commands.prepare_course(course, [lab])
    return course, make_class(course, lab, n, only)


def totals(course: Path, lab: str, names: list[str]) -> dict[str, float]:
    return {s: sum(c.score for c in commands.cell_scores(course, lab, s).values()) for s in names}


@contextmanager
def setting(name: str, value: str):
    saved = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        os.environ.pop(name) if saved is None else os.environ.__setitem__(name, saved)


def breakdown(course: Path, lab: str, outcomes: list) -> str:
    """Average seconds per submission: kernel start, cells, and the rest (nbgrader, gradebook), from the logs."""
    logs = (course / coordinator.STATE / "logs").glob(f"{lab}-*.log")
    timings = [kernel_timing(p.read_text(errors="replace")) for p in logs]
    timings = [t for t in timings if t]
    graded = [o.seconds for o in outcomes if o.status == "graded"]
    if not timings or not graded:
        return "no timing found"
    start, cells = statistics.mean(t["start"] for t in timings), statistics.mean(t["cells"] for t in timings)
    kinds = sorted({t["kernel"] for t in timings})
    return (f"a submission took {statistics.mean(graded):.2f} s in its process: kernel start {start:.2f} s "
            f"({'/'.join(kinds)}), cells {cells:.2f} s, the rest {statistics.mean(graded) - start - cells:.2f} s")


def timed_grade(course: Path, lab: str, jobs: int) -> tuple[list, list[tuple[int, float]]]:
    """Grade, noting (submissions done, seconds) as grading.json grows; returns (outcomes, that curve)."""
    state = course / coordinator.STATE / "grading.json"
    curve: list[tuple[int, float]] = []
    result: list = []
    t0 = time.perf_counter()
    worker = threading.Thread(target=lambda: result.extend(coordinator.grade(course, lab, jobs=jobs, progress=False)))
    worker.start()
    while worker.is_alive():
        time.sleep(0.5)
        try:
            count = len(json.loads(state.read_text()).get(lab, {}))
        except (OSError, ValueError):
            continue
        if not curve or count > curve[-1][0]:
            curve.append((count, time.perf_counter() - t0))
    worker.join()
    return result, curve


def compare(lab: str, n: int, jobs: int, curve_points: bool = True) -> float:
    """Plain serial nbgrader against ``grade --jobs``, on two copies of one class; returns the speed-up."""
    serial, names = new_course(lab, n)
    parallel, _ = new_course(lab, n)
    t = time.perf_counter()
    commands.nbgrader("autograde", lab, "--force", course=serial)
    t_serial = time.perf_counter() - t
    pool.close_local_pools()  # timed as a `grade` run: its fork servers start in it
    t = time.perf_counter()
    outcomes, curve = timed_grade(parallel, lab, jobs)
    t_parallel = time.perf_counter() - t
    same = totals(serial, lab, names) == totals(parallel, lab, names)
    print(f"{lab}, {n} submissions: plain serial nbgrader autograde {t_serial:.1f} s ({t_serial / n:.2f} s each), "
          f"grade --jobs {jobs} {t_parallel:.1f} s ({t_parallel / n:.2f} s each): "
          f"speed-up {t_serial / t_parallel:.2f}x, "
          f"identical scores: {same}")
    print(f"  {breakdown(parallel, lab, outcomes)}")
    if curve_points:
        print("  within that grade run, wall time when the k-th submission was done:")
        for k in sorted({k for k in (10, 25, 50, 75, n) if k <= n}):
            done = next((t for count, t in curve if count >= k), None)
            if done:
                print(f"    k={k:4d}: {done:7.1f} s, {done / k:.2f} s per submission")
    return t_serial / t_parallel


def grade_new_class(lab: str, n: int, jobs: int) -> float:
    """Seconds ``grade --jobs`` takes on a new class of ``n`` generated submissions."""
    course, _ = new_course(lab, n)
    pool.close_local_pools()  # timed as a `grade` run: its fork servers start in it
    t = time.perf_counter()
    coordinator.grade(course, lab, jobs=jobs, progress=False)
    return time.perf_counter() - t


def one_submission(lab: str, runs: int = 3) -> str:
    """Seconds of ``python -m autograder grade LAB --student s000 --force`` in a fresh process (the lab
    already recorded), ``runs`` times each for the solution (every check runs to its end) and the blank
    notebook (every check stops at once)."""
    said = []
    for example in ("solution", "blank"):
        course, _ = new_course(lab, 1, only=example)
        walls = []
        for _ in range(runs):
            t = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "autograder", "grade", lab, "--course", str(course),
                                   "--student", "s000", "--force"], cwd=ROOT, capture_output=True, text=True)
            walls.append(time.perf_counter() - t)
            if done.returncode != 0:
                print(done.stdout[-500:], done.stderr[-500:])
        said.append(f"{example} {', '.join(f'{w:.1f}' for w in walls)} s")
    return "; ".join(said)


def per_submission(lab: str, sizes: list[int], jobs: int) -> None:
    for n in sizes:
        wall = grade_new_class(lab, n, jobs)
        print(f"  {n:4d} submissions: {wall:7.1f} s wall, {wall / n:.2f} s per submission (grade --jobs {jobs})")


def warm_against_cold(lab: str, n: int, jobs: int) -> None:
    walls = {}
    for warm in ("off", "on"):
        with setting("DLLABS_WARM", warm):
            walls[warm] = grade_new_class(lab, n, jobs)
    print(f"warm kernels ({n} submissions, grade --jobs {jobs}): cold {walls['off'] / n:.2f} s, "
          f"warm {walls['on'] / n:.2f} s "
          f"per submission ({walls['off'] / walls['on']:.2f}x)")


def sandbox_cost(lab: str, n: int, jobs: int) -> None:
    """The same class graded with the sandbox and without it."""
    if sandbox.unavailable():
        print(f"sandbox overhead: not measured ({sandbox.unavailable()})")
        return
    walls = {}
    for value in ("off", "on"):
        with setting("DLLABS_SANDBOX", value):
            walls[value] = grade_new_class(lab, n, jobs)
    print(f"sandbox overhead ({n} submissions, grade --jobs {jobs}): unsandboxed {walls['off'] / n:.2f} s, "
          f"sandboxed {walls['on'] / n:.2f} s per submission, {(walls['on'] - walls['off']) / n:+.2f} s each")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--lab", default="lab1_backprop")
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sizes", default="10", help="class sizes for seconds per submission (empty: skip)")
    parser.add_argument("--warm-class", type=int, default=10, help="class size for warm against cold kernels (0: skip)")
    parser.add_argument("--all-labs", type=int, default=0,
                        help="class size for the same figures on every lab (0: skip)")
    parser.add_argument("--one-every-lab", action="store_true",
                        help="only one fresh `grade --student` of every lab's solution and blank notebook")
    parser.add_argument("--sandbox-class", type=int, default=0, help="class size for the sandbox overhead (0: skip)")
    args = parser.parse_args()
    print(sandbox.describe(), f"load average {os.getloadavg()[0]:.1f}")
    if args.one_every_lab:
        for lab in lab_names():
            print(f"{lab}: one submission, a fresh `grade --student` process: {one_submission(lab)}")
        sys.exit(0)
    if args.students:
        compare(args.lab, args.students, args.jobs)
    print(f"one submission, a fresh `grade --student` process: {one_submission(args.lab)}")
    if args.sizes:
        print("seconds per submission as the class grows:")
        per_submission(args.lab, [int(s) for s in args.sizes.split(",") if s], args.jobs)
    if args.warm_class:
        warm_against_cold(args.lab, args.warm_class, args.jobs)
    if args.all_labs:
        for lab in lab_names():
            compare(lab, args.all_labs, args.jobs, curve_points=False)
            print(f"  one submission, a fresh `grade --student` process: {one_submission(lab)}")
    if args.sandbox_class:
        sandbox_cost(args.lab, args.sandbox_class, args.jobs)
