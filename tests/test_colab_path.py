"""The Colab path, reproduced offline: a fresh virtual environment holding only what a
Colab runtime has (its own torch, torchvision, a Jupyter kernel) gets the built student
wheel through the notebooks' own set-up cell, with `google.colab` faked; the notebooks'
visible tests then run there with nbclient and say what they say locally.

Slow (it installs torch into a new environment: a few GB, cached in
~/.cache/dllabs/wheelhouse after the first run)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import pytest

from autograder.course import submissions
from autograder.course.cells import is_test_cell
from autograder.preprocessors.colab_header import SETUP_ID, ColabHeader
from autograder.authoring.publish import publish
from autograder.course.layout import CANARY_HIDDEN, CANARY_SOLUTION, LABS, ROOT, SOLUTIONS, lab_names
from notebook_harness import run as run_in_process
from test_build import leaked_blocks

pytestmark = pytest.mark.slow
WHEELHOUSE = Path.home() / ".cache" / "dllabs" / "wheelhouse"
RUNNER = '''
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, kernel_name="python3", timeout=600, allow_errors=True).execute()
nbformat.write(nb, sys.argv[2])
'''


def pip(python: Path | str, *args: str) -> str:
    done = subprocess.run([str(python), "-m", "pip", *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The student wheel, built from the student release that ``publish`` writes (what Colab installs)."""
    work = tmp_path_factory.mktemp("wheel")
    publish(work / "release", now=datetime(2027, 1, 1, tzinfo=timezone.utc))
    pip(sys.executable, "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(work / "release"))
    return next((work / "dist").glob("dllabs-*.whl"))


@pytest.fixture(scope="module")
def colab(tmp_path_factory) -> Path:
    """A fresh environment with Colab's stack only: torch, torchvision, a kernel, nbclient."""
    env = tmp_path_factory.mktemp("colab") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["course"]
    runtime = [p for p in pins if p.split("==")[0] in ("torch", "torchvision", "nbclient")] + ["ipykernel"]
    WHEELHOUSE.mkdir(parents=True, exist_ok=True)
    pip(sys.executable, "download", "-q", "-d", str(WHEELHOUSE), *runtime)
    pip(env / "bin" / "python", "install", "-q", "--find-links", str(WHEELHOUSE), *runtime)
    fake = env.parent / "fake_colab" / "google" / "colab"
    fake.mkdir(parents=True)
    (fake.parent / "__init__.py").write_text("")
    (fake / "__init__.py").write_text('"""Stands in for Colab\'s google.colab in tests."""\n')
    (env.parent / "run_notebook.py").write_text(RUNNER)
    return env


def torch_version(env: Path) -> str:
    packages = json.loads(pip(env / "bin" / "python", "list", "--format=json"))
    return next(p["version"] for p in packages if p["name"] == "torch")


def run_on_colab(env: Path, nb: nbformat.NotebookNode, wheel: Path, lab: str, name: str) -> nbformat.NotebookNode:
    """Run a notebook in the Colab-like environment, its set-up cell installing ``wheel``."""
    header = ColabHeader(colab_base="https://colab.invalid", pip_spec=str(wheel), folder="labs")
    nb, _ = header.preprocess(nb, {"nbgrader": {"assignment": lab, "notebook": lab}})
    src, out = env.parent / f"{name}.ipynb", env.parent / f"{name}.out.ipynb"
    nbformat.write(nb, src)
    environ = {"PATH": f"{env / 'bin'}:/usr/bin:/bin", "HOME": str(Path.home()), "MPLBACKEND": "Agg",
               "PYTHONPATH": str(env.parent / "fake_colab"), "NBGRADER_EXECUTION": "validate"}
    done = subprocess.run([str(env / "bin" / "python"), str(env.parent / "run_notebook.py"), str(src), str(out)],
                          capture_output=True, text=True, env=environ, cwd=env.parent)
    assert done.returncode == 0, done.stderr[-2000:]
    return nbformat.read(out, as_version=4)


def errors(nb: nbformat.NotebookNode) -> dict[str, str]:
    return {c.id: f"{o.ename}: {o.evalue}" for c in nb.cells if c.cell_type == "code"
            for o in c.get("outputs", []) if o.output_type == "error"}


def test_student_wheel_holds_only_the_package_and_no_solution(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert all(n.startswith(("dllabs/", "dllabs-")) for n in names), names
    assert "dllabs/checks/recorded/lab0.pt" in names  # the visible tests' recorded answers travel with it
    files = {n: zipfile.ZipFile(wheel).read(n).decode(errors="replace") for n in names if n.endswith(".py")}
    assert not re.search(r"BEGIN SOLUTION|BEGIN HIDDEN TESTS|END HIDDEN TESTS", "\n".join(files.values()))
    everything = b"".join(zipfile.ZipFile(wheel).read(n) for n in names)
    assert CANARY_SOLUTION.encode() not in everything and CANARY_HIDDEN.encode() not in everything
    assert [leak for lab in lab_names() for leak in leaked_blocks(lab, files)] == []


@pytest.mark.parametrize("lab", lab_names())
def test_solution_notebook_runs_on_colab_without_replacing_torch(colab, wheel, lab):
    before = torch_version(colab)
    nb = run_on_colab(colab, nbformat.read(SOLUTIONS / lab / f"{lab}.ipynb", as_version=4), wheel, lab,
                      f"{lab}-solution")
    assert errors(nb) == {}
    assert torch_version(colab) == before
    setup = next(c for c in nb.cells if c.id == SETUP_ID)
    assert str(wheel) in setup.source
    tests = [c for c in nb.cells if is_test_cell(c)]
    assert tests and all("\u2713" in "".join(o.get("text", "") for o in c.outputs) for c in tests)


def test_wrong_submission_gets_the_same_feedback_on_colab_as_locally(colab, wheel):
    lab = "lab1_backprop"
    sub = submissions.parse(ROOT / "tests" / "submissions" / lab / "wrong_backward_sum_not_mean.py")
    nb = submissions.make_notebook(LABS / lab / f"{lab}.ipynb", SOLUTIONS / lab / f"{lab}.ipynb", sub)
    on_colab = errors(run_on_colab(colab, nb, wheel, lab, "wrong"))["test_backward"]
    locally = run_in_process(lab, sub)["test_backward"][1].strip().splitlines()[-1]
    assert on_colab == locally and "summed loss" in on_colab
