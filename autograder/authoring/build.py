"""Build the student notebooks (labs/) and the solutions (solutions/) from source/.

labs/ is nbgrader's release folder: ``nbgrader generate_assignment`` writes it, run in a
throwaway course folder so that building touches no gradebook. solutions/ is the
source with the solution markers and the hidden tests taken out. Both are generated:
``build --check`` rebuilds them aside and fails on any difference. Both are in the course's
language (``[tool.dllabs] language``, or ``build --lang``): the source notebook's markdown in
that edition (``course/editions.py``), its code as it is.
"""

from __future__ import annotations

import filecmp
import re
import shutil
import tempfile
from pathlib import Path

import nbformat

from autograder.course.cells import SOLUTION_MARKER
from autograder.course.editions import LANGUAGES, edition
from autograder.course.layout import CANARY_SOLUTION, ROOT, lab_names, settings
from autograder.records.commands import GradingError, generate_assignment

CANARY = re.compile(rf"^\s*(# canary: {CANARY_SOLUTION}|<!-- canary: {CANARY_SOLUTION} -->)\s*$")


class BuildError(Exception):
    """A build step failed; the message says which and why, in one line."""


def dirty_sources(root: Path = ROOT) -> list[str]:
    """Source notebooks that hold outputs or execution counts (they must be stored clean)."""
    dirty = []
    for path in sorted((root / "source").glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if any(c.get("outputs") or c.get("execution_count") for c in nb.cells if c.cell_type == "code"):
            dirty.append(str(path.relative_to(root)))
    return dirty


TRANSLATIONS = [f"*.{lang}.md" for lang in LANGUAGES]
"""The translation files beside a source notebook: read by the build, never released."""


def in_language(path: Path, lang: str) -> nbformat.NotebookNode:
    """The source notebook at ``path`` in ``lang``; BuildError (one line) when its translation is incomplete."""
    nb, problems = edition(nbformat.read(path, as_version=4), path, lang)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise BuildError(f"no {lang} edition of {path.parent.name}: {problems[0]}{more}")
    return nb


def generate_labs(out: Path, labs: list[str], root: Path = ROOT, lang: str = "en") -> None:
    """``nbgrader generate_assignment`` of every lab, in ``lang``, into ``out/labs/<lab>/``."""
    course = out / "course"
    shutil.copytree(root / "source", course / "source", ignore=shutil.ignore_patterns(*TRANSLATIONS))
    for lab in labs:
        for notebook in sorted((root / "source" / lab).glob("*.ipynb")):
            nbformat.write(in_language(notebook, lang), course / "source" / lab / notebook.name)
        try:
            generate_assignment(course, lab, release="labs", root=root)
        except GradingError as e:
            raise BuildError(str(e)) from None
    shutil.move(course / "labs", out / "labs")


def solution_notebook(source: Path, lab: str, lang: str = "en", root: Path = ROOT) -> nbformat.NotebookNode:
    """The complete notebook in ``lang``: solutions kept (markers and canaries removed), hidden tests
    and outputs removed; its Colab header from ``root``'s settings."""
    nb = in_language(source, lang)
    for cell in nb.cells:
        lines = [line for line in cell.source.split("\n") if not (SOLUTION_MARKER.match(line) or CANARY.match(line))]
        cell.source = "\n".join(lines).rstrip("\n") if cell.cell_type == "markdown" else "\n".join(lines)
    from nbgrader.preprocessors import ClearHiddenTests, ClearOutput  # (imported here: the CLI starts quickly)

    from autograder.preprocessors import ColabHeader

    resources, conf = {"nbgrader": {"assignment": lab, "notebook": source.stem}}, settings(root)
    for pp in (ClearHiddenTests(), ClearOutput(),
               ColabHeader(colab_base=conf.colab_base, pip_spec=conf.pip_spec, folder="solutions",
                           main_language=conf.language)):
        nb, resources = pp.preprocess(nb, resources)
    return nb


def generate_solutions(out: Path, labs: list[str], root: Path = ROOT, lang: str = "en") -> None:
    """The solution notebooks in ``lang`` (and any data file next to them) into ``out/solutions/<lab>/``."""
    for lab in labs:
        src_dir, dst_dir = root / "source" / lab, out / "solutions" / lab
        shutil.copytree(src_dir, dst_dir, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__",
                                                                        *TRANSLATIONS))
        for notebook in sorted(src_dir.glob("*.ipynb")):
            nbformat.write(solution_notebook(notebook, lab, lang, root), dst_dir / notebook.name)


def build_into(out: Path, labs: list[str] | None = None, root: Path = ROOT, lang: str = "en") -> list[str]:
    """Build labs/ and solutions/ in ``lang`` under ``out``; returns the labs built."""
    labs = labs or lab_names(root)
    generate_labs(out, labs, root, lang)
    generate_solutions(out, labs, root, lang)
    return labs


def differences(a: Path, b: Path) -> list[str]:
    """Files that differ between two trees, or stand in one only (paths relative to them)."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + name for name in cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b, ignore=[".ipynb_checkpoints", "__pycache__"]), "")
    return sorted(found)


def build(check: bool = False, root: Path = ROOT, lang: str | None = None) -> list[str]:
    """Regenerate labs/ and solutions/ in ``lang`` (default: the course's language), or, with
    ``check``, list what drifted. Returns problems."""
    problems = [f"{p} holds outputs: clear them (Edit > Clear All Outputs) and save" for p in dirty_sources(root)]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        labs = build_into(out, root=root, lang=lang or settings(root).language)
        for folder in ("labs", "solutions"):
            target = root / folder
            if check:
                if not target.exists():
                    problems.append(f"{folder}/ is missing: run `python -m autograder build`")
                    continue
                problems += [f"{folder}/{p} differs from what source/ builds: run `python -m autograder build`"
                             for p in differences(out / folder, target)]
            else:
                for lab in labs:
                    shutil.rmtree(target / lab, ignore_errors=True)
                    shutil.copytree(out / folder / lab, target / lab)
    return problems
