"""A lab's editions: one source notebook (``source/<lab>/<lab>.ipynb``, in English) and, per other
language, a translation file beside it (``source/<lab>/<lab>.<lang>.md``) that gives each markdown
cell's text in that language. Code cells, grade ids, tests and points exist once, in the notebook:
an edition swaps the text of markdown cells and nothing else, so every edition's code cells are
the notebook's, byte for byte, and one gradebook grades them all.

The translation file is plain markdown a translator edits beside the notebook, one block per cell::

    <!-- cell: md-001 from: 3f2a9c1b0d4e -->
    # TP 0 — Tenseurs, perceptron et régression logistique
    ...

``from`` is :func:`text_hash` of the English text the block was translated from: when the English
changes, the block is *stale* (:func:`edition` says so) until a translator updates it.
``python -m autograder translate LAB --lang fr`` adds a block, in English, for each cell that has none.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "fr")
"""The editions a course can build: the source notebook's language first."""

BLOCK = re.compile(r"^<!-- cell: (?P<id>\S+) from: (?P<hash>[0-9a-f]+)(?P<todo> todo)? -->\n", re.M)


@dataclass(frozen=True)
class Translation:
    """One cell's text in another language, the hash of the English it was translated from, and
    whether it is still the English copied by ``translate`` (``todo``)."""

    text: str
    source_hash: str
    todo: bool = False


def text_hash(text: str) -> str:
    """12 hex digits of the SHA-256 of a cell's English text: what a translation was made from."""
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def translation_file(notebook: Path, lang: str) -> Path:
    """The translation file of ``notebook`` (``source/<lab>/<lab>.ipynb``) into ``lang``."""
    return notebook.with_suffix(f".{lang}.md")


def read_translations(path: Path) -> dict[str, Translation]:
    """cell id -> its translation, from a translation file (empty if there is none)."""
    if not path.exists():
        return {}
    text = path.read_text()
    marks = list(BLOCK.finditer(text))
    return {m["id"]: Translation(text[m.end(): nxt.start() if nxt else len(text)].rstrip("\n"), m["hash"],
                                 bool(m["todo"]))
            for m, nxt in zip(marks, [*marks[1:], None])}


def write_translations(path: Path, translations: dict[str, Translation]) -> None:
    """Write a translation file, one block per cell, in the order given."""
    path.write_text("".join(f"<!-- cell: {cid} from: {t.source_hash}{' todo' if t.todo else ''} -->\n{t.text}\n\n"
                            for cid, t in translations.items()))


def language_of(nb: nbformat.NotebookNode) -> str:
    """The edition a notebook (a student's copy, as submitted) was built in: ``metadata.dllabs.language``,
    written by :func:`edition`; the source language when it has none."""
    found = nb.metadata.get("dllabs", {}).get("language", SOURCE_LANGUAGE)
    return found if found in LANGUAGES else SOURCE_LANGUAGE


def in_language(lang: str, en: str, fr: str) -> str:
    """A line the grader writes into a student's notebook (read on the feedback page), in that notebook's
    language ``lang``: ``en`` or ``fr``."""
    return fr if lang == "fr" else en


def edition_folder(folder: str, lang: str, main: str) -> str:
    """Where an edition's notebooks go in a release: ``folder`` (``labs``) for the course's language ``main``,
    ``<lang>/<folder>`` for another edition published beside it. The notebook's own name is the same in every
    edition, so a submission from either is collected and graded as one lab."""
    return folder if lang == main else f"{lang}/{folder}"


def translated_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """The cells an edition translates: every markdown cell with text."""
    return [c for c in nb.cells if c.cell_type == "markdown" and c.source.strip()]


def edition(nb: nbformat.NotebookNode, notebook: Path, lang: str) -> tuple[nbformat.NotebookNode, list[str]]:
    """The notebook ``nb`` (read from ``notebook``) in ``lang``, and what is wrong with its
    translation (one line each: a cell with no text in ``lang``, still in English, or translated
    from an English text that has changed since). Its metadata says its language (:func:`language_of`)."""
    if lang not in LANGUAGES:
        raise ValueError(f"no {lang!r} edition: the languages are {', '.join(LANGUAGES)}")
    out = nbformat.from_dict(nb)
    out.metadata.setdefault("dllabs", {})["language"] = lang  # (what the set-up cell and the grader read)
    if lang == SOURCE_LANGUAGE:
        return out, []
    path = translation_file(notebook, lang)
    translations, problems = read_translations(translation_file(notebook, lang)), []
    for cell in translated_cells(out):
        found = translations.get(cell.get("id", ""))
        if found is None:
            problems.append(f"{path.name}: cell {cell.get('id')} has no {lang} text "
                            f"(`python -m autograder translate {notebook.stem} --lang {lang}` adds it)")
            continue
        if found.todo:
            problems.append(f"{path.name}: cell {cell.id} is still the English text (marked todo)")
        elif found.source_hash != text_hash(cell.source):
            problems.append(f"{path.name}: cell {cell.id}'s English text changed since it was translated "
                            f"(update the {lang} text, then its `from:` to {text_hash(cell.source)})")
        cell.source = found.text
    return out, problems


def add_missing(notebook: Path, lang: str) -> list[str]:
    """Add to ``notebook``'s ``lang`` translation file a block for each cell that has none: the
    English text, marked ``todo``, for a translator. Returns the ids added (in notebook order)."""
    nb = nbformat.read(notebook, as_version=4)
    path = translation_file(notebook, lang)
    translations = read_translations(path)
    added = [c.id for c in translated_cells(nb) if c.id not in translations]
    wanted = {c.id: translations.get(c.id) or Translation(c.source, text_hash(c.source), todo=True)
              for c in translated_cells(nb)}
    write_translations(path, {**wanted, **{k: v for k, v in translations.items() if k not in wanted}})
    return added
