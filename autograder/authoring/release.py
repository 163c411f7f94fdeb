"""When a lab may be released: not while its given code holds the answers of a lab not yet due.

A lab's *given* code is what students receive complete: its code cells that are neither answers
nor tests. Lab 2, say, gives lab 1's ``forward`` so that students can build on it; released before
lab 1 is due, it hands lab 1's class the answer. :func:`solution_borrowers` finds such pairs by
comparing lines, :func:`release_blockers` says which of them stop a release on a given day.

Lines are compared as their tokens (words, numbers and single symbols, so spacing does not count;
a ``#`` and what follows it dropped). A line is *trivial*, and never counted, when it has fewer
than :data:`MIN_TOKENS` tokens: blank lines, comments, ``pass``, ``return x``, ``grads = {}``,
``for x in xs:``, and the idioms of every training loop (``optim.step()``, ``loss.backward()``,
``model.eval()``), which say too little to be anyone's answer. The solution of an answer cell
is the non-trivial lines of its ``### BEGIN SOLUTION`` blocks, less those its own lab shows
students anyway (in its given cells). A lab's given cells hold another lab's answer cell when
they contain at least :data:`MIN_LINES` of its solution lines (one line in common is a
coincidence: ``logits = model(X)``), so an answer of fewer non-trivial lines is never detected.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import nbformat

from autograder.course import cells
from autograder.course.layout import ROOT, Settings, lab_names

MIN_TOKENS = 6
"""A line of fewer tokens is trivial (``return x`` has 2, ``grads = {}`` 4, ``optim.step()`` 5)."""
MIN_LINES = 2
"""Solution lines of one answer cell that given code must contain to hold that answer."""
TOKEN = re.compile(r"\w+|[^\w\s]")


def code_lines(code: str) -> set[str]:
    """The non-trivial lines of ``code``, each as its tokens joined by one space (see the module docstring)."""
    lines = set()
    for line in code.splitlines():
        tokens = TOKEN.findall(line)
        tokens = tokens[:tokens.index("#")] if "#" in tokens else tokens
        if len(tokens) >= MIN_TOKENS:
            lines.add(" ".join(tokens))
    return lines


def given_lines(nb: nbformat.NotebookNode) -> set[str]:
    """The non-trivial lines of the lab's given code cells (not answers, not tests)."""
    return {line for cell in nb.cells if cell.get("cell_type") == "code"
            and not cells.is_answer_cell(cell) and not cells.is_test_cell(cell) for line in code_lines(cell.source)}


def solution_lines(nb: nbformat.NotebookNode) -> dict[str, set[str]]:
    """Each answer cell's solution lines, by grade_id, less the lines the lab's given cells show anyway."""
    shown = given_lines(nb)
    return {cells.grade_id(cell) or f"cell {i}": set().union(*map(code_lines, cells.solutions(cell.source))) - shown
            for i, cell in enumerate(nb.cells) if cells.is_answer_cell(cell)}


def solution_borrowers(root: Path = ROOT) -> dict[str, dict[str, list[str]]]:
    """For every lab of ``root``'s source/: the other labs whose answers its given cells hold, each with
    those answers' grade_ids, ``{"lab2_autograd": {"lab1_backprop": ["forward", ...]}, "lab0_...": {}}``."""
    notebooks = {lab: nbformat.read(root / "source" / lab / f"{lab}.ipynb", as_version=4) for lab in lab_names(root)}
    answers = {lab: solution_lines(nb) for lab, nb in notebooks.items()}
    found: dict[str, dict[str, list[str]]] = {}
    for lab, nb in notebooks.items():
        given = given_lines(nb)
        held = {owner: [name for name, lines in by_cell.items() if len(lines & given) >= MIN_LINES]
                for owner, by_cell in answers.items() if owner != lab}
        found[lab] = {owner: names for owner, names in held.items() if names}
    return found


def release_blockers(lab: str, now: datetime, settings: Settings, root: Path = ROOT) -> list[str]:
    """One line for each other lab whose answers ``lab``'s given cells hold and that is not due by
    ``now`` (aware; a naive one is this machine's local time), or has no due date. Empty: ``lab`` may
    be released."""
    now = now.astimezone()
    lines = []
    for owner, names in solution_borrowers(root).get(lab, {}).items():
        due = settings.due.get(owner)
        held = f"{lab}'s given cells hold {owner}'s solution ({', '.join(names)})"
        if due is None:
            lines.append(f"{held}, and {owner} has no due date ([tool.dllabs.due] in pyproject.toml): "
                         "give it one, or pass --force")
        elif due > now:
            lines.append(f"{held}, due {when(due)}: release it after that date, or pass --force")
    return lines


def when(due: datetime) -> str:
    """``2026-09-28 23:59 +02:00``: a due date as the course gave it."""
    offset = due.strftime("%z")
    return f"{due:%Y-%m-%d %H:%M} {offset[:3]}:{offset[3:5]}" if offset else f"{due:%Y-%m-%d %H:%M}"
