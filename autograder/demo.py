"""The main job on its embedded default: build the labs, autograde a small example class
of lab-1 submissions with nbgrader, print the gradebook and where the feedback is."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from . import grading, report, sandbox, submissions
from .build import build
from .course import LABS, ROOT, SOLUTIONS

LAB = "lab1_backprop"
# The example class: a student name for some of the bundled example submissions.
CLASS = {
    "ada": "solution",
    "blaise": "wrong_backward_sum_not_mean",
    "carl": "right_einsum_everywhere",
    "dora": "wrong_forward_softmax_dim0",
    "emmy": "wrong_loss_accuracy_accuracy_percent",
    "felix": "blank",
}


def run(course: Path, jobs: int = 2) -> int:
    t0 = time.perf_counter()
    problems = build()
    if problems:
        print("\n".join(f"error: {p}" for p in problems))
        return 1
    print(f"built labs/ and solutions/ from source/ ({time.perf_counter() - t0:.1f} s)")
    shutil.rmtree(course, ignore_errors=True)
    grading.prepare_course(course, [LAB])
    folder = ROOT / "tests" / "submissions" / LAB
    for student, name in CLASS.items():
        sub = submissions.parse(folder / f"{name}.py")
        nb = submissions.make_notebook(LABS / LAB / f"{LAB}.ipynb", SOLUTIONS / LAB / f"{LAB}.ipynb", sub)
        grading.submit(course, LAB, student, nb)
    t1 = time.perf_counter()
    grading.autograde_class(course, LAB, list(CLASS), jobs=jobs)
    print(sandbox.describe())
    print(f"autograded {len(CLASS)} submissions of {LAB} with nbgrader in {time.perf_counter() - t1:.1f} s ({jobs} in parallel)")
    grading.nbgrader("generate_feedback", LAB, "--force", course=course)
    scores = {s: grading.cell_scores(course, LAB, s) for s in CLASS}
    print()
    print(report.table(scores))
    print()
    print(report.first_problems(scores))
    print()
    files = report.feedback_files(course, LAB)
    print(f"feedback: {len(files)} HTML files under {course / 'feedback'}/<student>/{LAB}/, e.g. {files[0] if files else '-'}")
    print(f"gradebook: {course / 'gradebook.db'}")
    return 0
