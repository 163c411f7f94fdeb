"""ShowSubmittedFigures (autograde, first, before ClearOutput): the student's own figures beside a question.

A question that asks students to read a figure their notebook drew is graded by hand from the
autograded notebook, which nbgrader runs again with its outputs cleared first (and, in grading
mode, a short training on a small subset): without this, the grader never sees the student's
curves. The question's answer cell in ``source/`` names the cells that draw those figures,
``metadata.dllabs.figures = ["<cell id>", ...]`` (generate_assignment keeps that metadata in
the released notebook). Before the outputs are cleared, this copies the images those cells
hold in the notebook as submitted (PNG, SVG) into a markdown cell with no nbgrader metadata,
just before the answer, as attachments; formgrader and the feedback HTML show them.

Bounded: an image over ``max_image_bytes`` (under the value :class:`CapOutputs` empties) or
beyond ``max_total_bytes`` for the notebook is left out, saying so. A question whose cells
hold no image gets one line asking the student to run them before submitting. Scores cannot
change: the cell has no grade id and no code.
"""

from __future__ import annotations

import base64
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Int

from autograder.course.cells import is_manual_cell
from autograder.course.editions import in_language, language_of

MARK = "dllabs_submitted_figures"
"""Cell metadata key of an inserted figures cell."""
HEADING = "**Your figures, as your notebook drew them** (not re-run by the grader)"
NO_FIGURE = f"{HEADING}: no figure in the submitted notebook: run the cells above before submitting."
NO_CELL = f"{HEADING}: the cells that draw them are not in the submitted notebook (deleted, or their ids lost)."
HEADING_FR = "**Vos figures, telles que votre notebook les a tracées** (non ré-exécutées par le correcteur)"
NO_FIGURE_FR = (f"{HEADING_FR}\u00a0: aucune figure dans le notebook rendu\u00a0: exécutez les cellules ci-dessus "
                "avant de rendre.")
NO_CELL_FR = (f"{HEADING_FR}\u00a0: les cellules qui les tracent ne sont pas dans le notebook rendu (supprimées, ou "
              "leurs identifiants perdus).")
"""The cell's text in the French edition (the notebook's ``metadata.dllabs.language``)."""
KINDS = {"image/png": "png", "image/svg+xml": "svg"}
"""The image outputs copied, and their attachments' file extensions."""


def figure_ids(cell: NotebookNode) -> list[str]:
    """The cell ids a question's answer cell names in ``metadata.dllabs.figures`` (``[]`` when none)."""
    named = cell.get("metadata", {}).get("dllabs", {})
    named = named.get("figures", []) if isinstance(named, dict) else []
    return [i for i in named if isinstance(i, str)] if isinstance(named, list) else []


def images(cell: NotebookNode) -> list[tuple[str, str]]:
    """(mime type, base64 data) of each image a cell's outputs hold, PNG preferred to SVG per output."""
    found = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        mime = next((m for m in KINDS if isinstance(data.get(m), (str, list)) and data.get(m)), None)
        if mime is None:
            continue
        value = data[mime] if isinstance(data[mime], str) else "".join(data[mime])
        if mime == "image/svg+xml":  # stored as text in outputs, as base64 in attachments
            value = base64.b64encode(value.encode("utf-8")).decode("ascii")
        found.append((mime, value.replace("\n", "")))
    return found


class ShowSubmittedFigures(NbGraderPreprocessor):
    """Before each answer cell naming figure cells, a markdown cell with those cells' submitted images."""

    max_image_bytes = Int(900_000, help="largest image copied, in base64 characters").tag(config=True)
    max_total_bytes = Int(4_000_000, help="all images copied into one notebook, in base64 characters"
                          ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict[str, Any]]:
        by_id = {c.get("id"): c for c in nb.cells if c.get("cell_type") == "code" and c.get("id")}
        left, cells = self.max_total_bytes, []
        for cell in nb.cells:
            if cell.get("metadata", {}).get(MARK):
                continue  # graded again, or copied in by the student: made afresh below
            ids = figure_ids(cell) if is_manual_cell(cell) else []
            if ids:
                shown, left = self.figures_cell(cell, [by_id[i] for i in ids if i in by_id], left, language_of(nb))
                cells.append(shown)
            cells.append(cell)
        nb.cells = cells
        return nb, resources

    def figures_cell(self, answer: NotebookNode, sources: list[NotebookNode], left: int,
                     lang: str = "en") -> tuple[NotebookNode, int]:
        """The markdown cell showing the images of ``sources`` (``left`` base64 characters at most), in the
        notebook's language ``lang``, and what is left of ``left``."""
        attachments, lines, skipped = {}, [], 0
        for source in sources:
            for mime, data in images(source):
                if len(data) > min(self.max_image_bytes, left):
                    skipped += 1
                    continue
                left -= len(data)
                name = f"{source.id}-{len(attachments) + 1}.{KINDS[mime]}"
                attachments[name] = {mime: data}
                lines.append(in_language(lang, f"![figure drawn by cell {source.id}](attachment:{name})",
                                         f"![figure tracée par la cellule {source.id}](attachment:{name})"))
        if not sources:
            text = in_language(lang, NO_CELL, NO_CELL_FR)
        elif not attachments and not skipped:
            text = in_language(lang, NO_FIGURE, NO_FIGURE_FR)
        else:
            text = "\n\n".join([in_language(lang, HEADING, HEADING_FR), *lines])
            if skipped:
                text += in_language(lang, f"\n\n({skipped} figure(s) left out: over the grader's size limit.)",
                                    f"\n\n({skipped} figure(s) laissée(s) de côté\u00a0: au-delà de la taille "
                                    "que le correcteur garde.)")
        cell = new_markdown_cell(text)
        if answer.get("id"):
            cell.id = f"{answer.id}-figures"[:64]
        else:  # a notebook older than nbformat 4.5 has no cell ids
            cell.pop("id", None)
        cell.metadata = {MARK: True, "deletable": False, "editable": False}
        if attachments:
            cell.attachments = attachments
        return cell, left
