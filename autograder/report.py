"""The gradebook as a table: one row per student, one column per test cell, and the total."""

from __future__ import annotations

from pathlib import Path

from .grading import CellScore


def table(scores: dict[str, dict[str, CellScore]]) -> str:
    """Plain-text table of ``{student: {test grade_id: CellScore}}``."""
    if not scores:
        return "(no submission graded)"
    tests = sorted({gid for cells in scores.values() for gid in cells},
                   key=lambda g: min(list(c).index(g) for c in scores.values() if g in c))
    maxima = {gid: next(c[gid].max_score for c in scores.values() if gid in c) for gid in tests}
    heads = ["student", *[f"{g.removeprefix('test_')} /{maxima[g]:g}" for g in tests], f"total /{sum(maxima.values()):g}"]
    rows = []
    for student, cells in sorted(scores.items()):
        values = [cells[g].score if g in cells else 0.0 for g in tests]
        rows.append([student, *[f"{v:g}" for v in values], f"{sum(values):g}"])
    widths = [max(len(r[i]) for r in [heads, *rows]) for i in range(len(heads))]
    fmt = lambda r: "  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(r, widths)))  # noqa: E731
    return "\n".join([fmt(heads), fmt(["-" * w for w in widths]), *map(fmt, rows)])


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
