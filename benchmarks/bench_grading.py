"""Class-scale grading figures: a generated class of lab-1 submissions (right and wrong
mixed, cycled from tests/submissions), graded by `grade --jobs J` and by plain serial
`nbgrader autograde` on the same class, in one run: wall times, the ratio, and whether the
scores are identical. Then seconds per submission as the class grows (within that run,
and for a class of each of ``--sizes``), and the sandbox's cost per submission.

    PYTHONPATH=src:. python benchmarks/bench_grading.py --students 100 --jobs 2 --sizes 10
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder import classgrade, grading, sandbox, submissions  # noqa: E402
from autograder.course import LABS, SOLUTIONS  # noqa: E402

LAB = "lab1_backprop"


def make_class(course: Path, n: int) -> list[str]:
    subs = submissions.load_all(ROOT / "tests" / "submissions" / LAB)
    names = []
    for i in range(n):
        sub = subs[i % len(subs)]
        name = f"s{i:03d}"
        nb = submissions.make_notebook(LABS / LAB / f"{LAB}.ipynb", SOLUTIONS / LAB / f"{LAB}.ipynb", sub)
        grading.submit(course, LAB, name, nb)
        names.append(name)
    return names


def totals(course: Path, names: list[str]) -> dict[str, float]:
    return {s: sum(c.score for c in grading.cell_scores(course, LAB, s).values()) for s in names}


def compare(n: int, jobs: int) -> None:
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        serial, parallel = Path(a), Path(b)
        for course in (serial, parallel):
            grading.prepare_course(course, [LAB])
        names = make_class(serial, n)
        make_class(parallel, n)
        t = time.perf_counter()
        grading.nbgrader("autograde", LAB, "--force", course=serial)
        t_serial = time.perf_counter() - t
        t = time.perf_counter()
        curve = timed_grade(parallel, jobs)
        t_parallel = time.perf_counter() - t
        same = totals(serial, names) == totals(parallel, names)
        print(f"{n} lab-1 submissions: plain serial nbgrader autograde {t_serial:.1f} s, "
              f"grade --jobs {jobs} {t_parallel:.1f} s, speed-up {t_serial / t_parallel:.2f}x, identical scores: {same}")
        print(f"  serial nbgrader: {t_serial / n:.2f} s per submission; grade --jobs {jobs}: {t_parallel / n:.2f} s")
        print("  within that grade run, wall time when the k-th submission was done:")
        for k in sorted({k for k in (10, 25, 50, 75, n) if k <= n}):
            done = next((t for count, t in curve if count >= k), None)
            if done:
                print(f"    k={k:4d}: {done:7.1f} s, {done / k:.2f} s per submission")


def timed_grade(course: Path, jobs: int) -> list[tuple[int, float]]:
    """Grade, noting (submissions done, seconds) as grading.json grows."""
    state = course / classgrade.STATE / "grading.json"
    curve: list[tuple[int, float]] = []
    t0 = time.perf_counter()
    worker = threading.Thread(target=classgrade.grade, args=(course, LAB), kwargs=dict(jobs=jobs, progress=False))
    worker.start()
    while worker.is_alive():
        time.sleep(0.5)
        try:
            count = len(json.loads(state.read_text()).get(LAB, {}))
        except (OSError, ValueError):
            continue
        if not curve or count > curve[-1][0]:
            curve.append((count, time.perf_counter() - t0))
    worker.join()
    return curve


def grade_new_class(n: int, jobs: int) -> float:
    """Seconds ``grade --jobs`` takes on a new class of ``n`` generated submissions."""
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp)
        grading.prepare_course(course, [LAB])
        make_class(course, n)
        t = time.perf_counter()
        classgrade.grade(course, LAB, jobs=jobs, progress=False)
        return time.perf_counter() - t


def per_submission(sizes: list[int], jobs: int) -> None:
    for n in sizes:
        wall = grade_new_class(n, jobs)
        print(f"  {n:4d} submissions: {wall:7.1f} s wall, {wall / n:.2f} s per submission (grade --jobs {jobs})")


def sandbox_cost(n: int, jobs: int) -> None:
    """The same class graded with the sandbox and without it."""
    if sandbox.unavailable():
        print(f"sandbox overhead: not measured ({sandbox.unavailable()})")
        return
    saved, walls = os.environ.get("DLLABS_SANDBOX"), {}
    for setting in ("off", "on"):
        os.environ["DLLABS_SANDBOX"] = setting
        walls[setting] = grade_new_class(n, jobs)
    if saved is None:
        os.environ.pop("DLLABS_SANDBOX")
    else:
        os.environ["DLLABS_SANDBOX"] = saved
    print(f"sandbox overhead ({n} submissions, grade --jobs {jobs}): unsandboxed {walls['off'] / n:.2f} s, "
          f"sandboxed {walls['on'] / n:.2f} s per submission, {(walls['on'] - walls['off']) / n:+.2f} s each")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sizes", default="10")
    parser.add_argument("--sandbox-class", type=int, default=10, help="class size for the sandbox overhead (0: skip)")
    args = parser.parse_args()
    print(sandbox.describe())
    compare(args.students, args.jobs)
    print("seconds per submission for smaller classes:")
    per_submission([int(s) for s in args.sizes.split(",") if s], args.jobs)
    if args.sandbox_class:
        sandbox_cost(args.sandbox_class, args.jobs)
