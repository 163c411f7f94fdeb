"""ColabHeader (generate_assignment, and the solutions' build): every generated notebook
opens with its "Open in Colab" badge and the set-up cell that installs the student package
on Colab. Owns the two cells' ids and text."""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

BADGE_ID = "colab-badge"
SETUP_ID = "colab-setup"

SETUP_CODE = '''\
# Set-up, written by the course build (edit [tool.dllabs] in pyproject.toml, not this cell).
# On Colab it installs the course package and keeps Colab's own torch; elsewhere it does nothing.
try:
    import google.colab  # noqa: F401  (only exists on Colab)
    ON_COLAB = True
except ImportError:
    ON_COLAB = False
if ON_COLAB:
    import subprocess, sys
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "{pip_spec}"], check=True)
'''


def badge_markdown(url: str) -> str:
    return (f'<a href="{url}" target="_parent"><img src="https://colab.research.google.com/assets/colab-badge.svg"'
            ' alt="Open In Colab"/></a>')


class ColabHeader(NbGraderPreprocessor):
    """Insert (or replace) the badge and set-up cells at the top of a notebook."""

    colab_base = Unicode("", help="https://colab.research.google.com/github/OWNER/REPO/blob/BRANCH").tag(config=True)
    pip_spec = Unicode("", help="pip requirement of the student package").tag(config=True)
    folder = Unicode("labs", help="folder of the generated notebooks: labs or solutions").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict[str, Any]]:
        info = resources.get("nbgrader", {})
        lab, notebook = info.get("assignment"), info.get("notebook")
        url = f"{self.colab_base}/{self.folder}/{lab}/{notebook}.ipynb"
        badge = new_markdown_cell(badge_markdown(url))
        badge["id"] = BADGE_ID
        setup = new_code_cell(SETUP_CODE.format(pip_spec=self.pip_spec))
        setup["id"] = SETUP_ID
        cells = [c for c in nb.cells if c.get("id") not in (BADGE_ID, SETUP_ID)]
        nb.cells = [badge, setup, *cells]
        return nb, resources
