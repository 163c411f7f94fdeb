"""ColabHeader (generate_assignment, and the solutions' build): every generated notebook
opens with its "Open in Colab" badge and the set-up cell that installs the student package
on Colab (and, in the French edition, sets the checks' messages to French). Owns the two
cells' ids and text, in the notebook's language (``metadata.dllabs.language``)."""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from autograder.course.editions import edition_folder, in_language, language_of

BADGE_ID = "colab-badge"
SETUP_ID = "colab-setup"

INSTALL_ON_COLAB = '''\
try:
    import google.colab  # noqa: F401  ({colab_only})
    ON_COLAB = True
except ImportError:
    ON_COLAB = False
if ON_COLAB:
    import subprocess, sys
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "{{pip_spec}}"], check=True)
'''
"""What both editions' set-up cells run: on Colab, install the course package (Colab's torch is kept)."""

SETUP_CODE = '''\
# Set-up, written by the course build (edit [tool.dllabs] in pyproject.toml, not this cell).
# On Colab it installs the course package and keeps Colab's own torch; elsewhere it does nothing.
''' + INSTALL_ON_COLAB.format(colab_only="only exists on Colab")

SETUP_CODE_FR = '''\
# Cellule de mise en place, écrite par la construction du cours : ne la modifiez pas.
# Sur Colab, elle installe le paquet du cours (en conservant le torch de Colab) ; dans tous les cas, elle affiche
# en français les messages des tests.
''' + INSTALL_ON_COLAB.format(colab_only="n'existe que sur Colab") + '''\
import dllabs
dllabs.set_language("fr")
'''
"""The French edition's set-up cell: it also sets the checks' language, and runs again when the notebook is graded
(it is no nbgrader cell), so the graded outputs and the feedback are in French too."""


def badge_markdown(url: str, lang: str = "en") -> str:
    alt = in_language(lang, "Open In Colab", "Ouvrir dans Colab")
    return (f'<a href="{url}" target="_parent"><img src="https://colab.research.google.com/assets/colab-badge.svg"'
            f' alt="{alt}"/></a>')


class ColabHeader(NbGraderPreprocessor):
    """Insert (or replace) the badge and set-up cells at the top of a notebook."""

    colab_base = Unicode("", help="https://colab.research.google.com/github/OWNER/REPO/blob/BRANCH").tag(config=True)
    pip_spec = Unicode("", help="pip requirement of the student package").tag(config=True)
    folder = Unicode("labs", help="folder of the generated notebooks: labs or solutions").tag(config=True)
    main_language = Unicode("en", help="the course's language: its edition is at folder/, another at "
                                       "<lang>/folder/").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict[str, Any]]:
        info = resources.get("nbgrader", {})
        lab, notebook, lang = info.get("assignment"), info.get("notebook"), language_of(nb)
        url = f"{self.colab_base}/{edition_folder(self.folder, lang, self.main_language)}/{lab}/{notebook}.ipynb"
        badge = new_markdown_cell(badge_markdown(url, lang))
        badge["id"] = BADGE_ID
        setup = new_code_cell((SETUP_CODE_FR if lang == "fr" else SETUP_CODE).format(pip_spec=self.pip_spec))
        setup["id"] = SETUP_ID
        cells = [c for c in nb.cells if c.get("id") not in (BADGE_ID, SETUP_ID)]
        nb.cells = [badge, setup, *cells]
        return nb, resources
