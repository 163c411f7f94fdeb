"""What each statement of a lab's test cells costs, and which wrong example submissions it alone catches.

For every test cell, each top-level statement (the visible check, each hidden call, each
loop of hidden calls) is timed on the solution and run on every wrong submission of
tests/submissions/<lab>/ that names the cell in its ``expect:``. A statement that catches
no submission the cell's other statements miss adds no coverage the collection can show:
a candidate to trim when it is also slow. (A statement kept for a clause the collection
has no fixture for is not found this way: read it before removing it.)

    PYTHONPATH=src:. python benchmarks/hidden_test_coverage.py lab4_optim [--min-seconds 0.05]
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("NBGRADER_EXECUTION", "autograde")
os.environ.setdefault("MPLBACKEND", "Agg")

from notebook_harness import _strip, graded_cells  # noqa: E402  (tests/ is put on the path above)

from autograder.course.submissions import load_all  # noqa: E402


def namespace_for(lab: str, cells: dict[str, str], answers: dict[str, str], imports: str) -> dict:
    """The notebook's namespace after its import cell and answer cells (the submission's where it has them)."""
    ns: dict = {"__name__": "__main__"}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(imports, "<imports>", "exec"), ns)
        for grade_id, source in answers.items():
            try:
                exec(compile(cells.get(grade_id, _strip(source)), f"<{grade_id}>", "exec"), ns)
            except Exception:
                pass
    return ns


def statements(source: str) -> list[tuple[str, object]]:
    """(first line, code object) of each top-level statement of a test cell."""
    tree = ast.parse(source)
    return [(ast.get_source_segment(source, st).splitlines()[0], compile(ast.Module([st], []), "<test>", "exec"))
            for st in tree.body]


def run_statements(stmts, ns) -> list[tuple[bool, float]]:
    """(raised, seconds) of each statement, run in order in ``ns``."""
    out = []
    for _, code in stmts:
        start = time.perf_counter()
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(code, ns)
            raised = False
        except Exception:
            raised = True
        out.append((raised, time.perf_counter() - start))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lab")
    parser.add_argument("--min-seconds", type=float, default=0.0, help="list only test cells slower than this")
    args = parser.parse_args(argv)
    import torch

    torch.empty(1, device="meta").normal_()  # torch._dynamo imported once, outside the timings
    imports, answers, tests = graded_cells(args.lab)
    subs = load_all(ROOT / "tests" / "submissions" / args.lab)
    solution_ns = namespace_for(args.lab, {}, answers, imports)
    for test_id, source in tests.items():
        stmts = statements(source)
        timing = run_statements(stmts, solution_ns)
        total = sum(t for _, t in timing)
        if total < args.min_seconds:
            continue
        wrong = [s for s in subs if test_id in s.expect and not s.blank]
        caught: list[set[str]] = [set() for _ in stmts]
        for s in wrong:
            ns = namespace_for(args.lab, s.cells, answers, imports)
            for i, (raised, _) in enumerate(run_statements(stmts, ns)):
                if raised:
                    caught[i].add(s.name)
        missed = [s.name for s in wrong if not any(s.name in c for c in caught)]
        print(f"{test_id}: {total:.3f} s on the solution, {len(wrong)} wrong submissions"
              + (f", MISSED: {missed}" if missed else ""))
        for i, ((line, _), (_, seconds)) in enumerate(zip(stmts, timing)):
            others = set().union(*(c for j, c in enumerate(caught) if j != i))
            alone = sorted(caught[i] - others)
            print(f"  {seconds:6.3f} s  catches {len(caught[i]):2d}, alone {len(alone):2d} "
                  f"{alone if alone else ''}  {line[:90]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
