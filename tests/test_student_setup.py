"""The student's set-up from the student release's README, on a fresh machine: one `pip install` of
the package with its `lab` extra gives a working `jupyter lab`, the widgets that draw tqdm's
bar in a notebook, and a kernel that runs a lab's first cells.

Slow (it installs torch into a new environment: a few GB, cached in
~/.cache/dllabs/wheelhouse after the first run)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from datetime import datetime, timezone
from pathlib import Path

import pytest

from autograder.course.layout import LABS, ROOT
from autograder.authoring.publish import publish

pytestmark = pytest.mark.slow


def run(*cmd: str, **kw) -> subprocess.CompletedProcess:
    done = subprocess.run(list(cmd), capture_output=True, text=True, **kw)
    assert done.returncode == 0, (cmd, done.stdout[-2000:], done.stderr[-2000:])
    return done


def test_the_readme_install_line_gives_jupyterlab_widgets_and_a_kernel_that_runs_a_lab(tmp_path):
    wheelhouse = Path.home() / ".cache" / "dllabs" / "wheelhouse"
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["course"]
    torch_pins = [p for p in pins if p.split("==")[0] in ("torch", "torchvision")]
    work = tmp_path / "checkout"  # a clone of the student repository: what publish writes
    publish(work, now=datetime(2027, 1, 1, tzinfo=timezone.utc))
    readme = (work / "README.md").read_text()
    assert 'pip install -e ".[lab]"' in readme  # the one command the README gives students

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", str(venv))
    py = str(venv / "bin" / "python")
    wheelhouse.mkdir(parents=True, exist_ok=True)
    run(sys.executable, "-m", "pip", "download", "-q", "-d", str(wheelhouse), *torch_pins)  # torch from the cache
    run(py, "-m", "pip", "install", "-q", "--find-links", str(wheelhouse), *torch_pins)
    run(py, "-m", "pip", "install", "-q", "--find-links", str(wheelhouse), "-e", f"{work}[lab]")

    assert "4." in run(str(venv / "bin" / "jupyter"), "lab", "--version").stdout
    run(py, "-c", "import ipywidgets, jupyterlab_widgets, tqdm.auto, dllabs.checks")
    first_cells = tmp_path / "first_cells.py"
    first_cells.write_text(
        "import nbformat\nfrom nbclient import NotebookClient\n"
        f"nb = nbformat.read({str(LABS / 'lab1_backprop' / 'lab1_backprop.ipynb')!r}, as_version=4)\n"
        "code = [c for c in nb.cells if c.cell_type == 'code']\n"
        "nb.cells = code[:3]\n"
        "NotebookClient(nb, kernel_name='python3', timeout=300).execute()\n"
        "print('ran', len(nb.cells))\n")
    assert "ran 3" in run(py, str(first_cells), env={"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(Path.home()),
                                                      "MPLBACKEND": "Agg"}).stdout
