"""environment.yml creates the same environment as pyproject's pinned `course` extra, and
the Python versions stated agree: students (the `dllabs` package: Colab, laptops) need
3.10, the instructor's pinned course environment (course.sh, autograder/) needs 3.11."""

import os
import re
import stat
import subprocess
import tomllib

from autograder.course.layout import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def environment_yml_pins() -> tuple[str, list[str]]:
    """(python version, pip pins) of environment.yml, read as the plain list it is (no YAML library needed)."""
    text = (ROOT / "environment.yml").read_text()
    python = re.search(r"^\s*-\s*python\s*=\s*([\d.]+)\s*$", text, re.MULTILINE)
    pip = text.split("- pip:", 1)[1]
    pins = [m.group(1).strip().strip("'\"") for m in re.finditer(r"^\s+-\s+(.+)$", pip, re.MULTILINE)]
    assert python and pins, "environment.yml: no python line or no pip list"
    return python.group(1), pins


def test_environment_yml_pins_equal_pyproject_course_pins():
    python, pip = environment_yml_pins()
    course = PYPROJECT["project"]["optional-dependencies"]["course"]
    assert sorted(pip) == sorted(course)
    assert all("==" in pin for pin in course)
    assert tuple(map(int, python.split("."))) >= (3, 11)  # the course environment's Python


def test_student_dependencies_are_ranges_that_keep_colabs_torch():
    deps = PYPROJECT["project"]["dependencies"]
    torch_dep = next(d for d in deps if d.startswith("torch") and not d.startswith("torchvision"))
    assert "==" not in torch_dep and ">=" in torch_dep
    assert PYPROJECT["project"]["requires-python"] == ">=3.10"


def test_course_sh_refuses_an_old_python_in_one_line(tmp_path):
    fake = tmp_path / "python3.10"  # answers like a Python 3.10 (the check course.sh makes first)
    fake.write_text('#!/bin/sh\nif [ "$1" = -V ]; then echo "Python 3.10.12"; exit 0; fi\nexit 1\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    done = subprocess.run([str(ROOT / "course.sh"), "env"], env={**os.environ, "PYTHON": str(fake)},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stderr.count("\n") == 1, done.stderr
    assert "needs Python >= 3.11" in done.stderr and "Python 3.10.12" in done.stderr
