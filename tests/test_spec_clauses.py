"""Every clause of every graded function's spec has a check that fails when it is broken
and a wrong example submission that proves it (issue 16): the table of docs/spec/<lab>.md

    | function | clause | check | fixture |
    |---|---|---|---|
    | `backward` | gradients of the MEAN loss (1/n) | `check_backward` | `wrong_backward_sum_not_mean` |

covers every graded function of the lab (the keys of dllabs.checks.labN.VISIBLE); each
row's check is a function of dllabs.checks.labN, and its fixture a file of
tests/submissions/<lab>/ whose ``expect:`` names the function's test cell."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from autograder.course.layout import ROOT, lab_names
from autograder.course.submissions import parse

HEADER = ["function", "clause", "check", "fixture"]
SEPARATOR = re.compile(r"^\|(\s*:?-+:?\s*\|)+$")


def cells(line: str) -> list[str]:
    """The cells of a markdown table row, stripped of spaces and of the backticks around a name."""
    return [c.strip().strip("`").strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def spec_table(path: Path) -> list[dict[str, str]]:
    """The rows of a spec file's clause table, as dicts keyed by HEADER (plus "line": file:line)."""
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    assert path.is_file(), f"no {name}: the lab's clause table (function | clause | check | fixture) is not written"
    lines = path.read_text().splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("|") and cells(line) == HEADER), None)
    assert start is not None, f"{name}: no table with the header `| {' | '.join(HEADER)} |`"
    assert start + 1 < len(lines) and SEPARATOR.match(lines[start + 1].strip()), \
        f"{name}:{start + 2}: the header must be followed by `|---|---|---|---|`"
    rows = []
    for number, line in enumerate(lines[start + 2:], start + 3):
        if not line.lstrip().startswith("|"):
            break
        values = cells(line)
        assert len(values) == len(HEADER), f"{name}:{number}: {len(values)} cells, expected {len(HEADER)}: {line}"
        rows.append({**dict(zip(HEADER, values)), "line": f"{name}:{number}"})
    assert rows, f"{name}: the clause table has no row"
    return rows


def names_test_of(expect: list[str], function: str, graded: set[str]) -> bool:
    """Whether an ``expect:`` list names ``function``'s test cell (``test_<f>`` or ``test_<f>_<what>``)."""
    return any(e == f"test_{function}" or (e.startswith(f"test_{function}_") and e[5:] not in graded) for e in expect)


def problems(lab: str, rows: list[dict[str, str]]) -> list[str]:
    """What is wrong with a lab's clause rows: uncovered graded functions, unknown checks, bad fixtures."""
    module_name = f"dllabs.checks.{lab.split('_')[0]}"
    checks = importlib.import_module(module_name)
    graded = set(checks.VISIBLE)
    found = []
    uncovered = sorted(graded - {r["function"] for r in rows})
    if uncovered:
        found.append(f"graded functions with no clause row: {', '.join(uncovered)}")
    fixtures = ROOT / "tests" / "submissions" / lab
    for r in rows:
        where, fn = r["line"], r["function"]
        if fn not in graded:
            found.append(f"{where}: `{fn}` is not a graded function of {lab} ({module_name}.VISIBLE:"
                         f" {', '.join(sorted(graded))})")
        if not r["clause"]:
            found.append(f"{where}: `{fn}`: the clause is empty")
        if not r["check"].startswith("check_") or not callable(getattr(checks, r["check"], None)):
            found.append(f"{where}: `{r['check']}` is not a check_ function of {module_name}")
        path = fixtures / f"{r['fixture']}.py"
        if not r["fixture"] or not path.is_file():
            found.append(f"{where}: fixture `{r['fixture']}`: no {path.relative_to(ROOT)}")
        elif not names_test_of(parse(path).expect, fn, graded):
            found.append(f"{where}: fixture `{r['fixture']}` does not expect test_{fn} to lose points "
                         f"(its expect: {', '.join(parse(path).expect) or 'none'})")
    return found


@pytest.mark.parametrize("lab", lab_names())
def test_every_clause_of_every_graded_function_has_a_check_and_a_wrong_fixture(lab):
    found = problems(lab, spec_table(ROOT / "docs" / "spec" / f"{lab}.md"))
    assert not found, f"{lab}: {len(found)} problem(s) in docs/spec/{lab}.md:\n  " + "\n  ".join(found)


def test_the_table_reader_and_the_rules_catch_what_they_should(tmp_path):
    assert cells("| `backward` | mean loss, `a \\| b` | `check_backward` | `wrong_x` |") == \
        ["backward", "mean loss, `a \\| b", "check_backward", "wrong_x"]
    assert names_test_of(["test_sgd"], "sgd", {"sgd"}) and names_test_of(["test_fgsm_state"], "fgsm", {"fgsm"})
    assert (not names_test_of(["test_sgd_autograd"], "sgd", {"sgd", "sgd_autograd"})
            and not names_test_of([], "sgd", {"sgd"}))
    spec = tmp_path / "lab1_backprop.md"
    spec.write_text("Intro.\n\n| function | clause | check | fixture |\n|---|---|---|---|\n"
                    "| `backward` | gradients of the MEAN loss | `check_backward` | `wrong_backward_sum_not_mean` |\n"
                    "| `sgd` | a step downhill | `check_sgd` | `wrong_backward_sum_not_mean` |\n"
                    "| `sgd` | returns params | `check_nothing` | `right_sgd_in_place` |\n"
                    "| `softmax` | rows sum to 1 | `check_forward` | `no_such_file` |\n\nAfter the table.\n")
    rows = spec_table(spec)
    assert [r["function"] for r in rows] == ["backward", "sgd", "sgd", "softmax"] and rows[0]["line"].endswith(":5")
    found = "\n".join(problems("lab1_backprop", rows))
    uncovered = next(line for line in found.splitlines() if "no clause row:" in line)
    assert "forward" in uncovered and "init_params" in uncovered and "backward" not in uncovered
    assert ":6: fixture `wrong_backward_sum_not_mean` does not expect test_sgd" in found
    assert (":7: `check_nothing` is not a check_ function" in found
            and "right_sgd_in_place` does not expect test_sgd" in found)
    assert (":8: `softmax` is not a graded function" in found
            and "no tests/submissions/lab1_backprop/no_such_file.py" in found)
    spec.write_text("| a | b |\n|---|---|\n")
    with pytest.raises(AssertionError, match="no table with the header"):
        spec_table(spec)
