"""Grade the bundled example submissions of every lab with nbgrader (through ``grade``):
a wrong one that keeps full marks on the test it targets, or a right one that loses a
point, fails the self-test."""

from __future__ import annotations

import tempfile
from pathlib import Path

from autograder.engine import coordinator

from autograder.records import commands

from autograder.course import submissions
from autograder.course.layout import EXAMPLES, LABS, SOLUTIONS


def verdicts(course: Path, lab: str, subs: list[submissions.Submission]) -> list[str]:
    """One line per submission whose scores contradict its file."""
    wrong = []
    for sub in subs:
        cells = commands.cell_scores(course, lab, sub.name)
        lost = {g for g, c in cells.items() if c.score < c.max_score}
        if not cells:
            wrong.append(f"{lab}/{sub.name}: not graded")
        elif lost != set(sub.expect):
            wrong.append(f"{lab}/{sub.name}: lost points on {sorted(lost) or 'nothing'}, "
                         f"expected {sorted(sub.expect) or 'nothing'}")
    return wrong


def selftest(jobs: int | None = None, labs: list[str] | None = None) -> int:
    labs = labs or sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp)
        for lab in labs:
            subs = submissions.load_all(EXAMPLES / lab)
            for sub in subs:
                nb = submissions.make_notebook(LABS / lab / f"{lab}.ipynb", SOLUTIONS / lab / f"{lab}.ipynb", sub)
                commands.submit(course, lab, sub.name, nb)
            outcomes = coordinator.grade(course, lab, jobs=jobs)
            bad = [o for o in outcomes if o.status != "graded"]
            problems += [f"{lab}/{o.student}: {o.status}" for o in bad]
            found = verdicts(course, lab, subs)
            problems += found
            print(f"{lab}: {len(subs)} example submissions, {len(subs) - len(found) - len(bad)} scored as expected")
    for p in problems:
        print(f"FAIL {p}")
    print("selftest passed" if not problems else f"selftest FAILED: {len(problems)} problems")
    return 1 if problems else 0
