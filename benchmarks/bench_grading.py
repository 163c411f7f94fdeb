"""Class-scale grading figures: a generated class of lab-1 submissions (right and wrong
mixed, cycled from tests/submissions), graded by `grade --jobs J` and by plain serial
`nbgrader autograde` on the same class, in one run: wall times, the ratio, and whether the
scores are identical; then seconds per submission as the class grows.

    PYTHONPATH=src python benchmarks/bench_grading.py --students 100 --jobs 2 --sizes 10,50,100
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder import classgrade, grading, submissions  # noqa: E402
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
        classgrade.grade(parallel, LAB, jobs=jobs, progress=False)
        t_parallel = time.perf_counter() - t
        same = totals(serial, names) == totals(parallel, names)
        print(f"{n} lab-1 submissions: plain serial nbgrader autograde {t_serial:.1f} s, "
              f"grade --jobs {jobs} {t_parallel:.1f} s, speed-up {t_serial / t_parallel:.2f}x, identical scores: {same}")


def per_submission(sizes: list[int], jobs: int) -> None:
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            course = Path(tmp)
            grading.prepare_course(course, [LAB])
            make_class(course, n)
            t = time.perf_counter()
            classgrade.grade(course, LAB, jobs=jobs, progress=False)
            wall = time.perf_counter() - t
            print(f"  {n:4d} submissions: {wall:7.1f} s wall, {wall / n:.2f} s per submission (grade --jobs {jobs})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sizes", default="10,50,100")
    args = parser.parse_args()
    compare(args.students, args.jobs)
    print("seconds per submission as the class grows (sandbox: none; kernels run unsandboxed):")
    per_submission([int(s) for s in args.sizes.split(",") if s], args.jobs)
