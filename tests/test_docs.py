"""docs/labs.md, the reference of every lab's graded functions, is what source/ gives
(`python -m autograder docs` regenerates it), and lists every graded function of every lab;
docs/architecture.md names only files that exist."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys

import pytest

from autograder.authoring import docs
from autograder.course.layout import ROOT, lab_names


def test_docs_labs_md_is_up_to_date_with_source():
    assert not docs.stale(), "docs/labs.md differs from what source/ gives: run `python -m autograder docs`"


@pytest.mark.parametrize("lab", lab_names())
def test_every_graded_function_is_listed_with_its_signature_contract_and_points(lab):
    section = docs.lab_section(lab)
    rows = {line.split("|")[1].strip().strip("`"): line for line in section.splitlines() if line.startswith("| `")}
    graded = importlib.import_module(f"dllabs.checks.{lab.split('_')[0]}").VISIBLE
    assert set(rows) == set(graded), f"{lab}: docs rows {sorted(rows)} but graded functions {sorted(graded)}"
    for name, line in rows.items():
        _, sig, contract, points = (c.strip() for c in line.strip().strip("|").split(" | "))
        assert name in sig and "(?)" not in sig and "(no docstring)" not in contract and float(points) > 0, line


def test_signatures_keep_what_the_cell_says(tmp_path):
    cell = ('class Net(nn.Module):\n    """Doc line one\n    continued.\n\n    Details."""\n'
            '    def __init__(self, nh=128, *, eps=1e-6):\n        pass\n    def forward(self, X):\n        pass\n')
    assert docs.signature(cell, "Net") == ("`class Net(nn.Module)`: `Net(nh=128, *, eps=1e-6)`, `forward(X)`",
                                           "Doc line one continued.")
    function = "def f(a, train: bool = True) -> int:\n    pass\n"
    assert docs.signature(function, "f") == ("`f(a, train: bool = True) -> int`", "")
    assert "defines no `g`" in docs.signature("x = 1\n", "g")[1]


def test_the_docs_command_checks_and_writes():
    done = subprocess.run([sys.executable, "-m", "autograder", "docs", "--check"], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 0 and "up to date" in done.stdout, done.stderr


def test_does_the_architecture_page_name_only_files_that_exist():
    """A path in docs/architecture.md (``engine/job.py`` inside ``autograder/``, or from the repository root)
    is a file: a module moved or renamed cannot leave the page stale unnoticed."""
    page = (ROOT / "docs" / "architecture.md").read_text()
    named = set(re.findall(r"[\w/.]*\w\.py\b", page))
    missing = sorted(p for p in named if not (ROOT / p).is_file() and not (ROOT / "autograder" / p).is_file())
    assert len(named) > 20, f"docs/architecture.md names {len(named)} files: the pattern no longer finds them"
    assert not missing, f"docs/architecture.md names files that do not exist (update the page): {', '.join(missing)}"
