"""course/editions.py: a lab's other-language edition swaps the text of its markdown cells from a
translation file beside the notebook, and nothing else; build writes labs/ and solutions/ in it."""

from __future__ import annotations

import re
import shutil

import nbformat
import pytest

from autograder.authoring.build import BuildError, build_into, differences
from autograder.course import editions
from autograder.course.layout import ROOT
from autograder.preprocessors.colab_header import SETUP_ID

LAB = "lab2_autograd"


def tiny_notebook(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# The goal", id="md-goal"),
        nbformat.v4.new_code_cell("x = 1  # a comment stays as it is", id="code-x"),
        nbformat.v4.new_markdown_cell("What does $x$ hold?", id="md-q")])
    path = tmp_path / "lab.ipynb"
    nbformat.write(nb, path)
    return nb, path


def test_does_an_edition_swap_the_markdown_and_keep_the_code_byte_for_byte(tmp_path):
    nb, path = tiny_notebook(tmp_path)
    editions.write_translations(editions.translation_file(path, "fr"), {
        "md-goal": editions.Translation("# Le but", editions.text_hash("# The goal")),
        "md-q": editions.Translation("Que contient $x$\u202f?", editions.text_hash("What does $x$ hold?"))})
    fr, problems = editions.edition(nb, path, "fr")
    assert problems == []
    assert [c.source for c in fr.cells] == ["# Le but", "x = 1  # a comment stays as it is", "Que contient $x$\u202f?"]
    assert [c.source for c in nb.cells][0] == "# The goal"  # (the source notebook is left as it is)
    en, problems = editions.edition(nb, path, "en")
    assert problems == [] and en.cells == nb.cells
    assert (editions.language_of(en), editions.language_of(fr), editions.language_of(nb)) == ("en", "fr", "en")


def test_does_an_edition_name_each_missing_stale_or_untranslated_cell(tmp_path):
    nb, path = tiny_notebook(tmp_path)
    assert [p.split(": ", 1)[1][:25] for p in editions.edition(nb, path, "fr")[1]] == [
        "cell md-goal has no fr te", "cell md-q has no fr text "]
    assert editions.add_missing(path, "fr") == ["md-goal", "md-q"]
    assert editions.add_missing(path, "fr") == []  # (once)
    problems = editions.edition(nb, path, "fr")[1]
    assert len(problems) == 2 and all("still the English text" in p for p in problems)
    blocks = editions.read_translations(editions.translation_file(path, "fr"))
    blocks["md-goal"] = editions.Translation("# Le but", blocks["md-goal"].source_hash)
    blocks["md-q"] = editions.Translation("Que contient $x$\u202f?", blocks["md-q"].source_hash)
    editions.write_translations(editions.translation_file(path, "fr"), blocks)
    assert editions.edition(nb, path, "fr")[1] == []
    nb.cells[0].source = "# The goal, reworded"
    [stale] = editions.edition(nb, path, "fr")[1]
    assert "md-goal's English text changed since it was translated" in stale


def test_is_a_translation_file_read_back_as_written(tmp_path):
    blocks = {"a": editions.Translation("Texte\n\nsur deux paragraphes", "0123456789ab"),
              "b": editions.Translation("<!-- a comment inside -->\nfin", "ba9876543210", todo=True)}
    path = tmp_path / "x.fr.md"
    editions.write_translations(path, blocks)
    assert editions.read_translations(path) == blocks


def test_does_a_lab_build_in_french_with_the_same_code_and_no_translation_file_released(tmp_path):
    """Lab 2 with a (machine-made) French text for every cell: labs/ and solutions/ hold its text,
    their code cells are the English edition's byte for byte, and the translation file stays out."""
    root = tmp_path / "root"
    root.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    (root / "pyproject.toml").write_text('[tool.dllabs]\nrepository = "https://github.com/o/r"\n')
    shutil.copytree(ROOT / "source" / LAB, root / "source" / LAB)
    notebook = root / "source" / LAB / f"{LAB}.ipynb"
    editions.add_missing(notebook, "fr")
    blocks = editions.read_translations(editions.translation_file(notebook, "fr"))
    editions.write_translations(editions.translation_file(notebook, "fr"), {
        cid: editions.Translation(f"(fr) {t.text}", t.source_hash) for cid, t in blocks.items()})
    built = {lang: build_into(tmp_path / lang, [LAB], root, lang) and tmp_path / lang for lang in ("en", "fr")}
    for folder in ("labs", "solutions"):
        en, fr = (nbformat.read(built[lang] / folder / LAB / f"{LAB}.ipynb", as_version=4) for lang in ("en", "fr"))
        code = [[c.source for c in nb.cells if c.cell_type == "code" and c.get("id") != SETUP_ID] for nb in (en, fr)]
        assert code[0] == code[1] and len(code[0]) > 10  # the build's set-up cell aside, which sets the language:
        setup = [next(c.source for c in nb.cells if c.get("id") == SETUP_ID) for nb in (en, fr)]
        assert 'dllabs.set_language("fr")' in setup[1] and "set_language" not in setup[0]
        text = [c for c in fr.cells if c.get("id") in blocks  # (not the build's Colab header; not an answer
                and not (folder == "labs" and c.metadata.get("nbgrader", {}).get("solution"))]  # nbgrader empties)
        assert len(text) >= len(blocks) - 3 and all(c.source.startswith("(fr) ") for c in text)
        assert differences(built["en"] / folder, built["fr"] / folder) == [f"{LAB}/{LAB}.ipynb"]
    editions.write_translations(editions.translation_file(notebook, "fr"), dict(list(blocks.items())[1:]))
    with pytest.raises(BuildError, match=f"no fr edition of {LAB}: .* has no fr text"):
        build_into(tmp_path / "again", [LAB], root, "fr")


def test_does_a_french_course_build_in_french_from_its_setting(tmp_path):
    """An instructor sets ``[tool.dllabs] language = "fr"`` and runs build: labs/ and solutions/ are the French
    edition, and their set-up cell sets the messages' language."""
    from autograder.authoring.build import build

    lab, root = "lab0_perceptron", tmp_path / "course"
    shutil.copytree(ROOT / "source" / lab, root / "source" / lab)
    shutil.copy(ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    (root / "pyproject.toml").write_text('[tool.dllabs]\nrepository = "https://github.com/o/r"\nlanguage = "fr"\n')
    assert build(root=root) == []
    for folder in ("labs", "solutions"):
        nb = nbformat.read(root / folder / lab / f"{lab}.ipynb", as_version=4)
        assert editions.language_of(nb) == "fr" and nb.cells[2].source.startswith("# TP 0 — Tenseurs")
        assert 'dllabs.set_language("fr")' in nb.cells[1].source


ENGLISH = re.compile(r"\b(the|and|with|which|this|that|should|your|when|what)\b", re.I)
"""A few English words that French prose never uses."""
NOT_PROSE = re.compile(r"<!--.*?-->|```.*?```|`[^`]*`|\$\$.*?\$\$|\$[^$]*\$|<[^>\n]*>", re.S)
"""Code, LaTeX, HTML tags and comments: left as they are by a translation."""
TRANSLATED = sorted(p.parent.name for p in (ROOT / "source").glob("*/*.fr.md"))


def english_cells(nb: nbformat.NotebookNode) -> dict[str, list[str]]:
    """cell id -> the English words in its markdown prose (nbgrader's answer stub is the same in every
    edition: the gradebook's checksums of the released answer cells must not depend on the edition)."""
    prose = {c.get("id"): NOT_PROSE.sub(" ", c.source.replace("YOUR ANSWER HERE", ""))
             for c in nb.cells if c.cell_type == "markdown"}
    return {cid: sorted(set(ENGLISH.findall(text))) for cid, text in prose.items() if ENGLISH.search(text)}


@pytest.mark.parametrize("lab", TRANSLATED)
def test_is_a_translated_lab_complete_with_no_english_sentence_left(lab):
    """Every markdown cell of the lab has its French text, none stale or still English (what ``build --lang fr``
    requires), and that text holds none of the English words (model answers and rubrics included: the
    solutions' text); the same scan finds them in most cells of the English notebook, so it is no empty check.
    (Building a French edition through nbgrader is tested above, on lab 2, and on lab 0 below.)"""
    path = ROOT / "source" / lab / f"{lab}.ipynb"
    english = nbformat.read(path, as_version=4)
    french, problems = editions.edition(english, path, "fr")
    assert problems == []
    assert english_cells(french) == {}
    assert len(english_cells(english)) > len(editions.translated_cells(english)) // 2


MIXED_CLASS = {"lab0_perceptron": ["solution", "blank", "wrong_sigmoid_slide_sign", "wrong_logreg_grad_sign"],
               "lab1_backprop": ["solution", "blank", "wrong_forward_softmax_dim0", "wrong_backward_sum_not_mean"]}
"""The example submissions each lab's mixed class hands in from both editions."""


@pytest.mark.slow
@pytest.mark.nbgrader
@pytest.mark.parametrize("lab", sorted(MIXED_CLASS))
def test_are_both_editions_graded_into_one_gradebook_with_the_same_scores(tmp_path, lab):
    """A lab's example submissions, each handed in once from the English edition and once from the French
    one, graded together into one course: every pair gets the same score on every cell and the same mistake
    names, and the French copy's graded outputs (what its feedback shows) are in French."""
    from autograder.course import submissions
    from autograder.course.cells import cell_outputs
    from autograder.engine import coordinator
    from autograder.records import commands
    from test_submissions import english_left, mistake_of

    names = MIXED_CLASS[lab]
    build_into(tmp_path / "fr", [lab], ROOT, "fr")
    course = tmp_path / "course"
    for edition, built in (("en", ROOT), ("fr", tmp_path / "fr")):
        for name in names:
            sub = submissions.parse(ROOT / "tests" / "submissions" / lab / f"{name}.py")
            commands.submit(course, lab, f"{name}-{edition}", submissions.make_notebook(
                built / "labs" / lab / f"{lab}.ipynb", built / "solutions" / lab / f"{lab}.ipynb", sub))
    outcomes = {o.student: o for o in coordinator.grade(course, lab, jobs=2, progress=False)}
    assert all(o.status == "graded" for o in outcomes.values()), outcomes
    for name in names:
        en, fr = (commands.cell_scores(course, lab, f"{name}-{edition}") for edition in ("en", "fr"))
        assert {g: c.score for g, c in en.items()} == {g: c.score for g, c in fr.items()}, name
        said = [cell_outputs((course / "autograded" / f"{name}-{edition}" / lab / f"{lab}.ipynb").read_bytes())
                for edition in ("en", "fr")]
        for gid, english in said[0].items():
            if english.strip() and name != "blank":
                french = said[1][gid]
                assert french != english and mistake_of(french) == mistake_of(english), (name, gid, french)
                assert english_left(french, english) == [], (name, gid, french)
    assert outcomes["solution-fr"].score == outcomes["solution-en"].score > outcomes["blank-fr"].score


def test_does_the_grader_write_its_lines_in_the_notebooks_language():
    """What the grader adds to a student's graded notebook (read on the feedback page) follows the edition the
    notebook came from: the figures cell before a figure question, in French for a French notebook."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from autograder.preprocessors.submitted_figures import HEADING_FR, NO_FIGURE, NO_FIGURE_FR, ShowSubmittedFigures

    def handed_in(lang: str, png: bool) -> nbformat.NotebookNode:
        figure = new_code_cell("plot()", id="fig", outputs=[new_output(
            "display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})] if png else [])
        answer = new_markdown_cell("YOUR ANSWER HERE", id="q01", metadata={
            "nbgrader": {"solution": True, "grade": True, "grade_id": "q01", "points": 2, "locked": False},
            "dllabs": {"figures": ["fig"]}})
        return new_notebook(cells=[figure, answer], metadata={"dllabs": {"language": lang}})

    texts = {(lang, png): ShowSubmittedFigures().preprocess(handed_in(lang, png), {})[0].cells[1].source
             for lang in ("en", "fr") for png in (True, False)}
    assert (texts["en", False], texts["fr", False]) == (NO_FIGURE, NO_FIGURE_FR)
    assert texts["fr", True].startswith(HEADING_FR) and "tracée par la cellule fig" in texts["fr", True]
    assert english_cells(new_notebook(cells=[new_markdown_cell(texts["fr", k]) for k in (True, False)])) == {}
