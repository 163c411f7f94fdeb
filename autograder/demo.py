"""The main job on its embedded default: build the labs, autograde a small example class
of lab-1 submissions with ``grade`` (the engine of ``coordinator.py``), print the gradebook
and where the feedback is.

The demo's course folder is emptied first, so ``--course X`` refuses an X that holds
anything and was not made by a demo (it carries the file :data:`MARK`)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from autograder.engine import coordinator

from autograder.records import commands

from autograder.records import report


from autograder.course import submissions
from autograder.authoring.build import build
from autograder.course.layout import LABS, ROOT, SOLUTIONS
from autograder.course.settings import GradingSettings

LAB = "lab1_backprop"
MARK = ".dllabs-demo"  # in a folder the demo made: it may empty it again
# The example class: a student name for some of the bundled example submissions.
CLASS = {
    "ada": "solution",
    "blaise": "wrong_backward_sum_not_mean",
    "carl": "right_einsum_everywhere",
    "dora": "wrong_forward_softmax_dim0",
    "emmy": "wrong_loss_accuracy_accuracy_percent",
    "felix": "blank",
}


def claim(course: Path) -> None:
    """Empty ``course`` for the demo; ValueError (one line) if it holds files the demo did not put there."""
    if course.exists() and (not course.is_dir() or (any(course.iterdir()) and not (course / MARK).exists())):
        raise ValueError(f"{course} is not empty and was not made by the demo: "
                         "give --course a new or empty folder (or delete it)")
    shutil.rmtree(course, ignore_errors=True)
    course.mkdir(parents=True)
    (course / MARK).write_text("made by `python -m autograder demo`: the next demo empties this folder\n")


def run(course: Path, jobs: int = 2) -> int:
    claim(course)
    t0 = time.perf_counter()
    problems = build()
    if problems:
        print("\n".join(f"error: {p}" for p in problems))
        return 1
    print(f"built labs/ and solutions/ from source/ ({time.perf_counter() - t0:.1f} s)")
    folder = ROOT / "tests" / "submissions" / LAB
    for student, name in CLASS.items():
        sub = submissions.parse(folder / f"{name}.py")
        nb = submissions.make_notebook(LABS / LAB / f"{LAB}.ipynb", SOLUTIONS / LAB / f"{LAB}.ipynb", sub)
        commands.submit(course, LAB, student, nb)
    t1 = time.perf_counter()
    print(coordinator.settings_note(GradingSettings.from_environment()))
    outcomes = coordinator.grade(course, LAB, jobs=jobs)
    print(f"autograded {len(CLASS)} submissions of {LAB} with nbgrader in {time.perf_counter() - t1:.1f} s "
          f"({jobs} in parallel)")
    bad = [f"{o.student}: {o.status}" for o in outcomes if o.status != "graded"]
    if bad:
        print("\n".join(f"error: {line}" for line in bad))
        return 1
    report.feedback(course, LAB)
    scores = {s: commands.cell_scores(course, LAB, s) for s in CLASS}
    print()
    print(report.table(scores))
    print()
    print(report.first_problems(scores))
    print()
    files = report.feedback_files(course, LAB)
    print(f"feedback: {len(files)} HTML files under {course / 'feedback'}/<student>/{LAB}/, "
          f"e.g. {files[0] if files else '-'}")
    print(f"gradebook: {course / 'gradebook.db'}")
    return 0
