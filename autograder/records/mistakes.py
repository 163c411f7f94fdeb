"""The class's mistakes after grading a lab (``python -m autograder report LAB``).

For each graded function (its test cell): how many students lost its points, the mistakes its check named,
ranked by count with two example students each, and the failures no name covers ("unrecognised"), grouped
by their message; for each hand-graded question, the distribution of its scores; and the share of failures
that no mistake name covers (what the checks' naming should improve on). As text for the terminal, and as
an HTML page with one bar chart per function (matplotlib).

Every number comes from what grading recorded: the test cells' scores in the gradebook, and the line each
failed check writes in its cell's error, ``mistake: <name>`` (``dllabs.checks._outcome``; kept by
``cells.output_text``). The messages' wording is never matched: a failure whose output names no mistake
(the cell raised outside a check, or the notebook could not run) is unrecognised.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from autograder.course.cells import MISTAKE_PREFIX
from autograder.records import commands, gradebook

UNRECOGNISED = "unrecognised"
"""The name a failure gets when its output names no mistake (``dllabs.checks._outcome.UNRECOGNISED``)."""
EXAMPLES = 2
"""How many example students the report names per mistake."""


def mistake_in(output: str) -> str:
    """The mistake a failed test cell's output names (its last ``mistake: <name>`` line), or ``unrecognised``."""
    names = [line[len(MISTAKE_PREFIX):].strip() for line in output.splitlines() if line.startswith(MISTAKE_PREFIX)]
    return names[-1] if names and names[-1] else UNRECOGNISED


def message_of(output: str, width: int = 160) -> str:
    """What a failed test cell said, as a group's label: its error line (``CheckFailed: ...`` without the
    exception's name), numbers replaced by ``#`` (a max error, a shape: they differ from student to student)."""
    lines = [line for line in output.strip().splitlines() if line.strip() and not line.startswith(MISTAKE_PREFIX)]
    if not lines:
        return "(no output: the cell did not run, or printed nothing)"
    last = re.sub(r"^\w+(Error|Failed|Exception): ", "", lines[-1].strip())
    last = re.sub(r"\d+(\.\d+)?(e[-+]?\d+)?", "#", last)
    return last if len(last) <= width else last[: width - 3] + "..."


@dataclass
class Function:
    """One graded function's test cell: who lost its points, and what their checks named."""

    grade_id: str
    max_score: float
    graded: int = 0
    failures: dict[str, tuple[str, str]] = field(default_factory=dict)
    """student -> (mistake name, message) of each student who lost points."""

    @property
    def name(self) -> str:
        return self.grade_id.removeprefix("test_")

    def named(self) -> list[tuple[str, list[str]]]:
        """(mistake, its students) for every named mistake, the most frequent first."""
        return _ranked((m, s) for s, (m, _) in self.failures.items() if m != UNRECOGNISED)

    def unrecognised(self) -> list[tuple[str, list[str]]]:
        """(message, its students) for the failures no mistake name covers, the most frequent first."""
        return _ranked((msg, s) for s, (m, msg) in self.failures.items() if m == UNRECOGNISED)


def _ranked(pairs) -> list[tuple[str, list[str]]]:
    groups: dict[str, list[str]] = {}
    for key, student in pairs:
        groups.setdefault(key, []).append(student)
    return sorted(((k, sorted(v)) for k, v in groups.items()), key=lambda kv: (-len(kv[1]), kv[0]))


@dataclass
class ClassReport:
    """A lab's graded class: its functions (test cells, in notebook order) and its hand-graded questions."""

    lab: str
    students: list[str]
    functions: list[Function]
    questions: dict[str, Counter] = field(default_factory=dict)
    """grade_id -> Counter of scores ("not graded" for a question no one has graded yet)."""

    def failures(self) -> int:
        return sum(len(f.failures) for f in self.functions)

    def uncovered(self) -> int:
        """Failures that no mistake name covers."""
        return sum(len(f.failures) - sum(len(s) for _, s in f.named()) for f in self.functions)


def collect(course: Path, lab: str, db: str | None = None) -> ClassReport:
    """The report of ``lab`` from what grading recorded in ``course`` (every student with an autograded notebook)."""
    students = sorted(p.parent.parent.name for p in (course / "autograded").glob(f"*/{lab}/{lab}.ipynb"))
    if not students:
        raise ValueError(f"no graded submission of {lab} in {course}: run `python -m autograder grade {lab}` first")
    functions: dict[str, Function] = {}
    for student in students:
        for gid, cell in commands.cell_scores(course, lab, student, db).items():
            function = functions.setdefault(gid, Function(gid, cell.max_score))
            function.graded += 1
            if cell.score < cell.max_score:
                function.failures[student] = (mistake_in(cell.output), message_of(cell.output))
    order = list(commands.gradebook_cells(course, lab, db) or {})
    ranked = sorted(functions.values(), key=lambda f: order.index(f.grade_id) if f.grade_id in order else len(order))
    return ClassReport(lab, students, ranked, _questions(gradebook.url(course, db), lab, students))


def _questions(db_url: str, lab: str, students: list[str]) -> dict[str, Counter]:
    """grade_id -> Counter of the scores of each hand-graded (markdown) question."""
    questions: dict[str, Counter] = {}
    with gradebook.opened(db_url) as gb:
        for student in students:
            for grade in gb.find_submission_notebook(lab, lab, student).grades:
                if grade.cell.cell_type == "markdown":
                    score = grade.manual_score if grade.manual_score is not None else grade.auto_score
                    questions.setdefault(grade.name, Counter())["not graded" if score is None else float(score)] += 1
    return dict(sorted(questions.items()))


def _share(report: ClassReport) -> str:
    failures, uncovered = report.failures(), report.uncovered()
    if not failures:
        return "No failure: every student got every test cell's points."
    return (f"Failures no mistake name covers: {uncovered} of {failures} ({100 * uncovered / failures:.0f}%)"
            " - each is a mistake the checks could learn to name.")


def text(report: ClassReport) -> str:
    """The report for the terminal."""
    n = len(report.students)
    lines = [f"{report.lab}: the class's mistakes ({n} graded submission{'s' * (n != 1)})", ""]
    for f in report.functions:
        lines.append(f"{f.name}: {len(f.failures)} of {f.graded} lost its {f.max_score:g} point"
                     f"{'s' * (f.max_score != 1)}")
        for mistake, students in f.named():
            lines.append(f"  {len(students):4d}  {mistake}  (e.g. {', '.join(students[:EXAMPLES])})")
        for message, students in f.unrecognised():
            lines.append(f"  {len(students):4d}  {UNRECOGNISED}: {message}  (e.g. {', '.join(students[:EXAMPLES])})")
    if report.questions:
        lines += ["", "Hand-graded questions (score: students):"]
        for gid, scores in report.questions.items():
            lines.append(f"  {gid}: " + ", ".join(f"{_score(s)}: {c}" for s, c in _score_order(scores)))
    return "\n".join([*lines, "", _share(report)])


def _score(score: float | str) -> str:
    return score if isinstance(score, str) else f"{score:g}"


def _score_order(scores: Counter) -> list[tuple[float | str, int]]:
    return sorted(scores.items(), key=lambda kv: (isinstance(kv[0], str), kv[0] if not isinstance(kv[0], str) else 0))


def _chart(f: Function) -> str:
    """One bar per named mistake and one for the unrecognised failures, as a base64 PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bars = [(m, len(s)) for m, s in f.named()] + ([(UNRECOGNISED, len(f.failures) - sum(len(s) for _, s in f.named()))]
                                                  if any(m == UNRECOGNISED for m, _ in f.failures.values()) else [])
    fig, ax = plt.subplots(figsize=(6, 0.4 * len(bars) + 1.2))
    labels, counts = [b[0] for b in bars][::-1], [b[1] for b in bars][::-1]
    ax.barh(labels, counts, color=["#999999" if label == UNRECOGNISED else "#3b75af" for label in labels])
    ax.set_xlabel("students")
    ax.set_title(f"{f.name}: {len(f.failures)} of {f.graded} lost its points")
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80)
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


def html_page(report: ClassReport) -> str:
    """The report as one HTML page: per function a bar chart, then the same lists as :func:`text`."""
    e = html.escape
    parts = [f"<!doctype html><meta charset='utf-8'><title>{e(report.lab)}: the class's mistakes</title>",
             "<style>body{font-family:sans-serif;max-width:60em;margin:auto}td{padding:0 .6em}</style>",
             f"<h1>{e(report.lab)}: the class's mistakes</h1>",
             f"<p>{len(report.students)} graded submissions. {e(_share(report))}</p>"]
    for f in report.functions:
        parts.append(f"<h2 id='{e(f.grade_id)}'>{e(f.name)}: {len(f.failures)} of {f.graded} lost its points</h2>")
        if f.failures:
            parts.append(f"<img alt='mistakes of {e(f.name)}' src='data:image/png;base64,{_chart(f)}'>")
            rows = [(str(len(s)), m, ", ".join(s[:EXAMPLES])) for m, s in f.named()]
            rows += [(str(len(s)), f"{UNRECOGNISED}: {m}", ", ".join(s[:EXAMPLES])) for m, s in f.unrecognised()]
            parts.append("<table><tr><th>students</th><th>mistake</th><th>for example</th></tr>"
                         + "".join(f"<tr><td>{e(a)}</td><td>{e(b)}</td><td>{e(c)}</td></tr>" for a, b, c in rows)
                         + "</table>")
    if report.questions:
        parts.append("<h2>Hand-graded questions</h2><table><tr><th>question</th><th>score: students</th></tr>")
        parts += [f"<tr><td>{e(gid)}</td><td>{e(', '.join(f'{_score(s)}: {c}' for s, c in _score_order(scores)))}"
                  "</td></tr>" for gid, scores in report.questions.items()]
        parts.append("</table>")
    return "\n".join(parts) + "\n"


def write(course: Path, lab: str, db: str | None = None, to: Path | None = None) -> tuple[str, Path]:
    """The terminal text of ``lab``'s report, and the HTML page written to ``to`` (default
    ``feedback/<lab>-mistakes.html`` of the course)."""
    report = collect(course, lab, db)
    path = to or course / "feedback" / f"{lab}-mistakes.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html_page(report))
    return text(report), path
