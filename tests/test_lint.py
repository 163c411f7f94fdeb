"""The code keeps one style: ruff, configured in pyproject.toml ([tool.ruff]: 120 columns,
pyflakes, pycodestyle, bugbear), finds nothing in the library, the tests or the benchmarks."""

from __future__ import annotations

import subprocess
import sys

from autograder.course import ROOT


def ruff() -> list[str]:
    """The pinned ruff of this environment (the course extra installs it)."""
    return [sys.executable, "-m", "ruff"]


def test_does_ruff_find_nothing_to_fix():
    done = subprocess.run([*ruff(), "check", "--output-format", "concise", "."], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-500:]


def test_would_ruff_notice_a_line_over_the_limit(tmp_path):
    """The check can fail: a 121-column line in a file under the project's configuration is reported."""
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    (tmp_path / "long.py").write_text("x = " + repr("a" * 115) + "\n")
    done = subprocess.run([*ruff(), "check", "--output-format", "concise", "."], cwd=tmp_path, capture_output=True,
                          text=True)
    assert done.returncode == 1 and "E501" in done.stdout, done.stdout
