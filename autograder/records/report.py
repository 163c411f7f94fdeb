"""What an instructor reads after grading: the gradebook as a table (one row per student,
one column per test cell, and the total), each student's first failed test, the feedback
HTML checked free of hidden tests, and the grades CSV."""

from __future__ import annotations

from pathlib import Path

from autograder.course.cells import BEGIN_HIDDEN, hidden_tests
from autograder.records.commands import CellScore
from autograder.course.tables import render


def table(scores: dict[str, dict[str, CellScore]]) -> str:
    """Plain-text table of ``{student: {test grade_id: CellScore}}``."""
    if not scores:
        return "(no submission graded)"
    tests = sorted({gid for cells in scores.values() for gid in cells},
                   key=lambda g: min(list(c).index(g) for c in scores.values() if g in c))
    maxima = {gid: next(c[gid].max_score for c in scores.values() if gid in c) for gid in tests}
    heads = ["student", *[f"{g.removeprefix('test_')} /{maxima[g]:g}" for g in tests],
             f"total /{sum(maxima.values()):g}"]
    rows = []
    for student, cells in sorted(scores.items()):
        values = [cells[g].score if g in cells else 0.0 for g in tests]
        rows.append([student, *[f"{v:g}" for v in values], f"{sum(values):g}"])
    return render([heads, *rows], align="l" + "r" * (len(heads) - 1), header=True)


def first_problems(scores: dict[str, dict[str, CellScore]], width: int = 110) -> str:
    """One line per student who lost points: the first failed test and what it said."""
    lines = []
    for student, cells in sorted(scores.items()):
        failed = [c for c in cells.values() if c.score < c.max_score]
        if failed:
            said = failed[0].output.strip().splitlines()[-1] if failed[0].output.strip() else "(no output)"
            line = f"{student}: {failed[0].grade_id}: {said}"
            lines.append(line if len(line) <= width else line[: width - 3] + "...")
    return "\n".join(lines)


def feedback_files(course: Path, lab: str) -> list[Path]:
    """The feedback HTML of every student for a lab."""
    return sorted((course / "feedback").glob(f"*/{lab}/*.html"))


def hidden_test_lines(lab: str, root: Path) -> list[str]:
    """Distinctive code lines of a lab's hidden tests (they must never reach a student)."""
    import nbformat

    nb = nbformat.read(root / "source" / lab / f"{lab}.ipynb", as_version=4)
    blocks = [b for c in nb.cells for b in hidden_tests(c.source)]
    lines = [line.strip() for b in blocks for line in b.splitlines()]
    distinctive = [line for line in lines if len(line) > 20 and not line.startswith(("import ", "from ", "for _ in"))]
    return [*distinctive, BEGIN_HIDDEN]


def feedback(course: Path, lab: str, db: str | None = None) -> list[Path]:
    """nbgrader's feedback HTML for every graded student of ``lab``, checked free of hidden tests
    (``db``: the gradebook's URL, default the course's ``gradebook.db``)."""
    import html

    from autograder.course.layout import ROOT
    from autograder.records.gradebook import nbgrader_args
    from autograder.records.commands import GradingError, nbgrader

    nbgrader("generate_feedback", lab, "--force", *nbgrader_args(db), course=course)
    files = feedback_files(course, lab)
    secret = hidden_test_lines(lab, ROOT)
    leaks = []
    for f in files:
        text = html.unescape(f.read_text(errors="replace"))
        leaked = [line for line in secret if line in text]
        if leaked:
            f.unlink()
            leaks.append((f, leaked[0]))
    if leaks:
        raise GradingError(f"{len(leaks)} feedback files showed hidden test code (e.g. {leaks[0][0]}: {leaks[0][1]!r});"
                           " they were deleted")
    return files


def export(course: Path, to: Path, db: str | None = None) -> int:
    """Grades CSV from ``nbgrader export``: one row per student, one column per lab (its score, any late
    penalty taken off), plus the total, and a ``<lab> late penalty`` column for each lab where one was
    given (``db``: the gradebook's URL, default the course's ``gradebook.db``)."""
    import csv
    import tempfile

    from autograder.course.layout import lab_names
    from autograder.records.gradebook import nbgrader_args
    from autograder.records.commands import nbgrader

    with tempfile.TemporaryDirectory() as tmp:
        long = Path(tmp) / "long.csv"
        nbgrader("export", f"--to={long}", *nbgrader_args(db), course=course)
        rows = list(csv.DictReader(long.open()))
    labs = [lab for lab in lab_names() if any(r["assignment"] == lab for r in rows)]
    labs += sorted({r["assignment"] for r in rows} - set(labs))
    students = sorted({r["student_id"] for r in rows})
    score = {(r["student_id"], r["assignment"]): float(r["score"] or 0) for r in rows}
    penalty = {(r["student_id"], r["assignment"]): float(r["late_submission_penalty"] or 0) for r in rows}
    penalised = [lab for lab in labs if any(penalty[k] for k in penalty if k[1] == lab)]
    to.parent.mkdir(parents=True, exist_ok=True)
    with to.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["student", *labs, "total", *[f"{lab} late penalty" for lab in penalised]])
        for s in students:
            values = [score.get((s, lab), 0.0) for lab in labs]
            writer.writerow([s, *[f"{v:g}" for v in values], f"{sum(values):g}",
                             *[f"{penalty.get((s, lab), 0.0):g}" for lab in penalised]])
    return len(students)
