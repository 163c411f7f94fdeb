"""Run a lab's plain cells in this process, as a student's Run All would, to test what a
cell does rather than how the notebook words it: the import cell, the solution's answers,
then the ungraded code cells up to one cell id, in one namespace, matplotlib on Agg."""

from __future__ import annotations

import contextlib
import io
import re

import matplotlib

from notebook_harness import _strip, graded_cells, meta, source_cells


def run_until(lab: str, last: str, monkeypatch, grading: bool = True, wrap: dict | None = None) -> tuple[dict, str]:
    """(namespace, what was printed) after the plain code cells of ``lab`` up to cell ``last``;
    ``wrap`` maps an answer's name to a function of it whose result replaces it (a spy)."""
    matplotlib.use("Agg")
    if grading:
        monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    else:
        monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    plain = [c for c in source_cells(lab) if c.cell_type == "code" and not meta(c)][1:]
    ids = [c.id for c in plain]
    if last not in ids:
        raise ValueError(f"{lab} has no plain code cell {last!r}: its cells are {ids}")
    namespace, out = answered(lab, wrap)
    with contextlib.redirect_stdout(out):
        for cell in plain[:ids.index(last) + 1]:
            exec(compile(cell.source, f"<{cell.id}>", "exec"), namespace)
    matplotlib.pyplot.close("all")
    return namespace, out.getvalue()


def answered(lab: str, wrap: dict | None = None) -> tuple[dict, io.StringIO]:
    """(namespace, what was printed so far) after ``lab``'s import cell and the solution's answers;
    ``wrap`` as in :func:`run_until`."""
    imports, answers, _ = graded_cells(lab)
    namespace: dict = {"__name__": "__main__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(imports, "<imports>", "exec"), namespace)
        for source in answers.values():
            exec(compile(_strip(source), "<answer>", "exec"), namespace)
        for name, wrapper in (wrap or {}).items():
            namespace[name] = wrapper(namespace[name])
    return namespace, out


def not_given_above(lab: str, question: str, min_chars: int = 10) -> list[str]:
    """The formulas of ``question``'s model answer that the markdown above its prompt already
    shows outside a folded hint (spaces ignored): [] when the student must work them out."""
    cells = source_cells(lab)
    i = next(k for k, c in enumerate(cells) if meta(c).get("grade_id") == question)
    above = "".join(re.sub(r"<details>.*?</details>", "", c.source, flags=re.S)
                    for c in cells[:i - 1] if c.cell_type == "markdown")
    answer = cells[i].source.split("**Rubric.**")[0]
    formulas = {f.replace(" ", "") for f in re.findall(r"\$+([^$]+)\$+", answer)}
    return sorted(f for f in formulas if len(f) >= min_chars and f in above.replace(" ", ""))


def pasted_solution_lines(lab: str, min_chars: int = 12) -> list[tuple[str, str]]:
    """(grade id, line) for each line of a graded function's solution that the markdown between
    the previous graded cell and the function shows, hints included (spaces and backticks ignored):
    [] when no text or hint can be pasted as the answer."""
    cells = source_cells(lab)
    found = []
    for i, cell in enumerate(cells):
        solution = re.search(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, flags=re.S)
        if cell.cell_type != "code" or not meta(cell).get("solution") or not solution:
            continue
        text, j = "", i - 1
        while j >= 0 and not meta(cells[j]):
            text = (cells[j].source if cells[j].cell_type == "markdown" else "") + text
            j -= 1
        shown = text.replace(" ", "").replace("`", "")
        for line in solution.group(1).splitlines():
            squeezed = line.strip().replace(" ", "")
            if len(squeezed) >= min_chars and not squeezed.startswith("#") and squeezed in shown:
                found.append((meta(cell)["grade_id"], line.strip()))
    return found
