"""ShowSubmittedFigures: a question that asks to read the student's own figures shows, just before
the answer, the images the named cells held in the notebook as submitted (bounded), or one line
saying there were none; graded again, it does not pile up."""

from __future__ import annotations

import base64

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from autograder.preprocessors import ShowSubmittedFigures
from autograder.preprocessors.submitted_figures import MARK, NO_CELL, NO_FIGURE

PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>'
RESOURCES = {"nbgrader": {"assignment": "lab", "notebook": "lab"}}


def figure_cell(cell_id: str, *data: dict) -> nbformat.NotebookNode:
    cell = new_code_cell("plt.plot(history)", id=cell_id)
    cell.outputs = [new_output("display_data", data={**d, "text/plain": "<Figure>"}) for d in data]
    return cell


def answer(grade_id: str, figures: list[str] | None) -> nbformat.NotebookNode:
    cell = new_markdown_cell("My reading of the curves", id=grade_id)
    cell.metadata.nbgrader = {"grade": True, "solution": True, "grade_id": grade_id, "points": 1, "schema_version": 3}
    if figures is not None:
        cell.metadata.dllabs = {"figures": figures}
    return cell


def submitted(*figure_data: dict) -> nbformat.NotebookNode:
    return new_notebook(cells=[figure_cell("sweep", *figure_data), new_markdown_cell("**Question 1.** Read it."),
                               answer("q01", ["sweep"]), answer("q02", None)])


def test_does_the_answer_get_the_submitted_png_and_svg_just_before_it():
    graded, _ = ShowSubmittedFigures().preprocess(submitted({"image/png": PNG}, {"image/svg+xml": SVG}), RESOURCES)
    shown = graded.cells[2]
    assert graded.cells[3].id == "q01" and shown.cell_type == "markdown" and shown.metadata[MARK]
    assert "nbgrader" not in shown.metadata and shown.id == "q01-figures"
    assert shown.attachments == {"sweep-1.png": {"image/png": PNG},
                                 "sweep-2.svg": {"image/svg+xml": base64.b64encode(SVG.encode()).decode()}}
    assert "(attachment:sweep-1.png)" in shown.source and "(attachment:sweep-2.svg)" in shown.source
    assert len(graded.cells) == 5  # q02 names no figure: nothing before it
    nbformat.validate(graded)


def test_does_a_notebook_run_without_its_figures_get_one_line():
    graded, _ = ShowSubmittedFigures().preprocess(submitted(), RESOURCES)
    assert graded.cells[2].source == NO_FIGURE and not graded.cells[2].get("attachments")
    assert "run the cells above before submitting" in NO_FIGURE


def test_does_a_deleted_figure_cell_say_so():
    nb = submitted({"image/png": PNG})
    del nb.cells[0]
    graded, _ = ShowSubmittedFigures().preprocess(nb, RESOURCES)
    assert graded.cells[1].source == NO_CELL


def test_are_images_over_the_limits_left_out_saying_so():
    big = {"image/png": PNG}
    pp = ShowSubmittedFigures(max_image_bytes=len(PNG), max_total_bytes=2 * len(PNG))
    graded, _ = pp.preprocess(submitted(big, {"image/png": PNG + "AAAA"}, big, big), RESOURCES)
    shown = graded.cells[2]
    assert list(shown.attachments) == ["sweep-1.png", "sweep-2.png"]
    assert "(2 figure(s) left out: over the grader's size limit.)" in shown.source


def test_graded_again_it_shows_the_figures_once():
    pp = ShowSubmittedFigures()
    graded, _ = pp.preprocess(submitted({"image/png": PNG}), RESOURCES)
    graded, _ = pp.preprocess(graded, RESOURCES)
    assert [c.metadata.get(MARK, False) for c in graded.cells] == [False, False, True, False, False]


def test_does_formgraders_page_show_the_png():
    from nbconvert.exporters import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers
    from traitlets.config import Config

    graded, _ = ShowSubmittedFigures().preprocess(submitted({"image/png": PNG}), RESOURCES)
    config = Config()  # as nbgrader's formgrader renders a submission (formgrader.py, handlers.py)
    config.HTMLExporter.template_name = "formgrade"
    config.HTMLExporter.extra_template_basedirs = [handlers.template_path]
    page = dict(assignment_id="lab", notebook_id="lab", submission_id="s", index=0, total=1, base_url="",
                student="s", last_name="", first_name="", notebook_path="")
    html, _ = HTMLExporter(config=config).from_notebook_node(graded, resources=page)
    assert f"data:image/png;base64,{PNG}" in html
