"""course/editions.py: a lab's other-language edition swaps the text of its markdown cells from a
translation file beside the notebook, and nothing else; build writes labs/ and solutions/ in it."""

from __future__ import annotations

import shutil

import nbformat
import pytest

from autograder.authoring.build import BuildError, build_into, differences
from autograder.course import editions
from autograder.course.layout import ROOT

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
    assert editions.edition(nb, path, "en") == (nb, [])


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
    for name in ("pyproject.toml", "nbgrader_config.py"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "source" / LAB, root / "source" / LAB)
    notebook = root / "source" / LAB / f"{LAB}.ipynb"
    editions.add_missing(notebook, "fr")
    blocks = editions.read_translations(editions.translation_file(notebook, "fr"))
    editions.write_translations(editions.translation_file(notebook, "fr"), {
        cid: editions.Translation(f"(fr) {t.text}", t.source_hash) for cid, t in blocks.items()})
    built = {lang: build_into(tmp_path / lang, [LAB], root, lang) and tmp_path / lang for lang in ("en", "fr")}
    for folder in ("labs", "solutions"):
        en, fr = (nbformat.read(built[lang] / folder / LAB / f"{LAB}.ipynb", as_version=4) for lang in ("en", "fr"))
        assert [c.source for c in en.cells if c.cell_type == "code"] == [
            c.source for c in fr.cells if c.cell_type == "code"]
        text = [c for c in fr.cells if c.get("id") in blocks  # (not the build's Colab header; not an answer
                and not (folder == "labs" and c.metadata.get("nbgrader", {}).get("solution"))]  # nbgrader empties)
        assert len(text) >= len(blocks) - 3 and all(c.source.startswith("(fr) ") for c in text)
        assert differences(built["en"] / folder, built["fr"] / folder) == [f"{LAB}/{LAB}.ipynb"]
    editions.write_translations(editions.translation_file(notebook, "fr"), dict(list(blocks.items())[1:]))
    with pytest.raises(BuildError, match=f"no fr edition of {LAB}: .* has no fr text"):
        build_into(tmp_path / "again", [LAB], root, "fr")


def test_does_lab1_backprop_build_in_french_with_no_english_sentence_left(tmp_path):
    """Lab 1's French edition builds, and its markdown (outside code, LaTeX, HTML and the answer
    placeholder nbgrader writes) holds none of a few English words that French prose never uses; the
    same scan finds them in the English notebook, so it is no empty check."""
    import re

    lab = "lab1_backprop"
    words = re.compile(r"\b(the|and|with|which|this|that|should|your|when|what)\b", re.I)
    masked = re.compile(r"<!--.*?-->|```.*?```|`[^`]*`|\$\$.*?\$\$|\$[^$]*\$|<[^>\n]*>", re.S)

    def english(nb, folder):
        return [(c.get("id"), sorted(set(words.findall(masked.sub(" ", c.source))))) for c in nb.cells
                if c.cell_type == "markdown" and words.search(masked.sub(" ", c.source))
                and not (folder == "labs" and c.metadata.get("nbgrader", {}).get("solution"))]  # (YOUR ANSWER HERE)

    build_into(tmp_path, [lab], ROOT, "fr")
    for folder in ("labs", "solutions"):
        assert english(nbformat.read(tmp_path / folder / lab / f"{lab}.ipynb", as_version=4), folder) == []
    assert len(english(nbformat.read(ROOT / "source" / lab / f"{lab}.ipynb", as_version=4), "source")) > 20


def test_does_lab0_perceptron_build_in_french_with_no_english_sentence_left(tmp_path):
    """Lab 0's French edition builds, and the markdown of labs/ and solutions/ (outside code spans,
    LaTeX, HTML tags and comments) holds none of a few English words that French prose never uses;
    the same scan finds them in most cells of the English notebook, so it is no empty check."""
    import re

    lab = "lab0_perceptron"
    words = re.compile(r"\b(the|and|with|which|this|that|should|your|when|what)\b", re.I)
    masked = re.compile(r"<!--.*?-->|`[^`]*`|\$\$.*?\$\$|\$[^$]*\$|<[^>\n]*>", re.S)

    def english(nb):  # (nbgrader's answer stub stays English: it is not the translation's text)
        prose = {c.get("id"): masked.sub(" ", c.source.replace("YOUR ANSWER HERE", ""))
                 for c in nb.cells if c.cell_type == "markdown"}
        return {cid: sorted(set(words.findall(text))) for cid, text in prose.items() if words.search(text)}

    build_into(tmp_path, [lab], ROOT, "fr")
    for folder in ("labs", "solutions"):
        nb = nbformat.read(tmp_path / folder / lab / f"{lab}.ipynb", as_version=4)
        assert english(nb) == {}, folder
        assert next(c.source for c in nb.cells if c.get("id") == "md-001").startswith("# TP 0 — Tenseurs")
    assert len(english(nbformat.read(ROOT / "source" / lab / f"{lab}.ipynb", as_version=4))) > 20
