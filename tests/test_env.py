"""autograder/course/env.py: the one place PATH and the kernel's import path are set for nbgrader
and the grading kernels."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from autograder.course import env

TOOLS = os.path.dirname(sys.executable)


def test_does_tools_path_first_put_this_pythons_tools_first_once():
    e = {"PATH": os.pathsep.join(["/usr/bin", TOOLS])}
    env.tools_path_first(env.tools_path_first(e))
    assert e["PATH"].split(os.pathsep) == [TOOLS, "/usr/bin", TOOLS]
    assert env.tools_path_first({})["PATH"] == TOOLS


def test_does_an_nbgrader_process_find_this_pythons_alembic():
    e = env.nbgrader_env()
    assert e is not os.environ and e["PATH"].split(os.pathsep)[0] == TOOLS
    found = shutil.which("alembic", path=e["PATH"])
    assert found and os.path.dirname(found) == TOOLS


def test_does_the_kernel_import_path_hold_dllabs_then_existing_extra_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("DLLABS_KERNEL_PYTHONPATH", os.pathsep.join([str(tmp_path), str(tmp_path / "absent")]))
    assert env.kernel_pythonpath() == [str(env.SRC), str(tmp_path)]
    e = env.with_kernel_pythonpath({"PYTHONPATH": os.pathsep.join(["/elsewhere", str(env.SRC)])}, also=[env.ROOT])
    assert e["PYTHONPATH"].split(os.pathsep) == [str(env.SRC), str(tmp_path), str(env.ROOT), "/elsewhere"]


def test_does_a_kernel_started_with_that_path_import_the_courses_dllabs(monkeypatch):
    monkeypatch.delenv("DLLABS_KERNEL_PYTHONPATH", raising=False)
    e = env.with_kernel_pythonpath({k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    done = subprocess.run([sys.executable, "-c", "import dllabs; print(dllabs.__file__)"], env=e, check=False,
                          capture_output=True, text=True, cwd="/")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith(str(env.SRC))


def test_is_full_mode_free_of_nbgrader_execution(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    e = env.full_mode_kernel_env()
    assert "NBGRADER_EXECUTION" not in e and os.environ["NBGRADER_EXECUTION"] == "autograde"
    assert e["PYTHONPATH"].split(os.pathsep)[0] == str(env.SRC) and str(env.ROOT) in e["PYTHONPATH"].split(os.pathsep)


def test_does_an_nbgrader_process_leave_the_kernels_folders_to_the_kernels(tmp_path, monkeypatch):
    """A kernels-only folder (DLLABS_KERNEL_PYTHONPATH) is not on an nbgrader process's own path, but
    its kernels get it (configure_grading): a sitecustomize there runs in kernels, not fork servers."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.setenv("DLLABS_KERNEL_PYTHONPATH", str(site))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(site), "/elsewhere"]))
    assert env.nbgrader_env()["PYTHONPATH"] == "/elsewhere"
    assert str(site) in env.kernel_pythonpath()
