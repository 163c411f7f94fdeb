"""The student package on the oldest Python it claims (pyproject's requires-python, 3.10), for real.

A Python 3.10 virtual environment (built once, cached in ~/.cache/dllabs/py310-<key>) gets the
student package's dependencies as pip resolves them for 3.10, then the student package alone
(``dllabs`` with the recorded answers of its visible tests, as ``publish`` writes it). In it every module of
``dllabs`` imports, every visible check of lab 0 and lab 1 passes the solution's answers, and
wrong answers fail with their messages (the no-autograd rule naming the student's line among them).
Opt-in (``-m slow``): the first run installs torch (several GB). The cheap guard that runs
everywhere is in tests/test_lint.py (vermin)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tomllib
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import pytest

from autograder.course.layout import ROOT
from autograder.authoring.publish import publish
from autograder.course.submissions import parse

pytestmark = pytest.mark.slow

LABS = ["lab0_perceptron", "lab1_backprop"]
WRONG = [("lab0_perceptron", "wrong_sigmoid_exp_ratio"), ("lab1_backprop", "cheat_backward_func_grad")]
"""Example submissions (tests/submissions) whose visible check fails, with the message they quote."""
AUTOGRAD_BACKWARD = """def backward(params, outputs, Y):
    leaves = {k: v.detach().clone() for k, v in params.items()}
    L = sum((v ** 2).sum() for v in leaves.values())
    return dict(zip(leaves, torch.autograd.grad(L, list(leaves.values()))))
"""
AUTOGRAD_LINE = "line 4 (`return dict(zip(leaves, torch.autograd.grad(L, list(leaves.values()))))`)"
HIDDEN = re.compile(r"^\s*### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\s*$", re.S | re.M)
MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$", re.M)

CHILD = r'''
import contextlib, importlib, io, json, linecache, pkgutil, sys, traceback
import torch
import dllabs

def run(cells, tests):
    scope = {"__name__": "__main__"}
    results = {}
    for name, source in cells + tests:
        filename = f"<cell {name}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)  # as IPython does
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                exec(compile(source, filename, "exec"), scope)
            ok, text = True, out.getvalue()
        except Exception as exc:
            ok, text = False, out.getvalue() + f"{type(exc).__name__}: {exc}"
            if not isinstance(exc, AssertionError):
                text += "\n" + traceback.format_exc()[-2000:]
        if [name, source] in tests or not ok:
            results[name] = [ok, text]
    return results

job = json.load(sys.stdin)
modules = [m.name for m in pkgutil.walk_packages(dllabs.__path__, "dllabs.")]
for name in modules:
    importlib.import_module(name)
print(json.dumps({"python": sys.version.split()[0], "torch": torch.__version__, "dllabs": dllabs.__file__,
                  "modules": modules, "cases": {c["name"]: run(c["cells"], c["tests"]) for c in job}}))
'''


def python310() -> str:
    """A Python 3.10 that runs: $DLLABS_PYTHON310, python3.10 on PATH (not a pyenv shim with no 3.10 selected),
    or pyenv's."""
    found = [os.environ.get("DLLABS_PYTHON310"), shutil.which("python3.10"),
             *sorted(map(str, Path.home().glob(".pyenv/versions/3.10*/bin/python3.10")))]
    for python in filter(None, found):
        done = subprocess.run([python, "-c", "import sys; print(sys.version_info[:2] == (3, 10), sys.executable)"],
                              capture_output=True, text=True)
        if done.returncode == 0 and done.stdout.startswith("True "):
            return done.stdout.split(" ", 1)[1].strip()
    pytest.fail("no Python 3.10 found: install one (pyenv install 3.10) or set DLLABS_PYTHON310=/path/to/python3.10")


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def environment(python: str) -> Path:
    """The cached 3.10 environment with the student package's dependencies (built once per key)."""
    version = subprocess.run([python, "-VV"], capture_output=True, text=True, check=True).stdout
    dependencies = project()["dependencies"]
    key = hashlib.sha256("\n".join([version, *dependencies]).encode()).hexdigest()[:12]
    venv = Path.home() / ".cache" / "dllabs" / f"py310-{key}"
    if (venv / ".complete").exists():
        return venv
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    done = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "setuptools>=68", *dependencies],
                          capture_output=True, text=True)
    (venv / "install.log").write_text(done.stdout + done.stderr)
    if done.returncode != 0:
        pytest.fail(f"installing {dependencies} for Python 3.10 failed (is the package index reachable?); see "
                    f"{venv / 'install.log'}: {done.stderr.strip().splitlines()[-1:]}")
    (venv / ".complete").touch()
    return venv


def install_student_package(venv: Path, where: Path) -> None:
    """pip install of ``dllabs`` alone, from the student release ``publish`` writes (src/dllabs with the
    recorded answers of the labs' visible tests, not the grader's references; the student pyproject)."""
    publish(where, LABS, now=datetime(2027, 1, 1, tzinfo=timezone.utc))
    done = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--no-deps", "--no-build-isolation",
                           "--force-reinstall", "--no-cache-dir", str(where)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


def lab_cells(lab: str) -> tuple[list[list[str]], dict[str, str]]:
    """([name, source] of the imports cell and the solution's answer cells, {grade_id: visible test cell})."""
    nb = nbformat.read(ROOT / "solutions" / lab / f"{lab}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    imports = next(c.source for c in code if "from dllabs.checks import" in c.source)
    cells, tests = [["imports", imports]], {}
    for cell in code:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            cells.append([meta["grade_id"], MARKER.sub("", cell.source)])
        elif meta.get("grade"):
            tests[meta["grade_id"]] = HIDDEN.sub("", cell.source)
    return cells, tests


def wrong_case(lab: str, name: str, answers: dict[str, str]) -> dict:
    """The solution with ``answers`` in place of its answer cells, running only the test of the first one."""
    cells, tests = lab_cells(lab)
    cells = [[gid, answers.get(gid, source)] for gid, source in cells]
    test = f"test_{next(iter(answers))}"
    return {"name": name, "cells": cells, "tests": [[test, tests[test]]]}


def test_does_the_student_package_work_on_python_3_10(tmp_path):
    python = python310()
    venv = environment(python)
    install_student_package(venv, tmp_path / "student")
    job = [{"name": lab, "cells": lab_cells(lab)[0], "tests": [list(t) for t in lab_cells(lab)[1].items()]}
           for lab in LABS]
    expected = {}
    for lab, name in WRONG:
        submission = parse(ROOT / "tests" / "submissions" / lab / f"{name}.py")
        job.append(wrong_case(lab, name, submission.cells))
        expected[name] = submission.message
    job.append(wrong_case("lab1_backprop", "autograd_backward", {"backward": AUTOGRAD_BACKWARD}))
    expected["autograd_backward"] = AUTOGRAD_LINE
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NBGRADER_EXECUTION")}
    done = subprocess.run([str(venv / "bin" / "python"), "-I", "-c", CHILD], input=json.dumps(job), env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"Python {report['python']}, torch {report['torch']}, {len(report['modules'])} modules of dllabs")
    assert report["python"].startswith("3.10.") and str(venv) in report["dllabs"], report
    assert {f"dllabs.checks.{lab.split('_')[0]}" for lab in LABS} <= set(report["modules"]), report["modules"]
    for lab in LABS:
        results = report["cases"][lab]
        assert len(results) >= 5 and all(ok for ok, _ in results.values()), \
            {gid: text[-1500:] for gid, (ok, text) in results.items() if not ok}
    for name, message in expected.items():
        [(gid, (ok, text))] = report["cases"][name].items()
        assert not ok and message in text, (name, gid, text[-1500:])
