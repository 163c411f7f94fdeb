"""Seconds the graded test cells (visible and hidden tests) take per lab, for this tree and for another
commit side by side in one run: what the checks cost a grader, without kernels or nbgrader around them.

Each tree runs in its own process (its own ``dllabs`` and ``autograder``), grading in-process every example
submission of each lab (tests/notebook_harness.py), and prints the seconds per submission and the ratio.

    PYTHONPATH=src:. python benchmarks/bench_test_cells.py --base b3a3b2c [--labs lab0_perceptron lab1_backprop]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MEASURE = """
import json, sys, time
from pathlib import Path
from autograder.course.submissions import load_all
from notebook_harness import run
out = {}
for lab in sys.argv[2:]:
    subs = load_all(Path(sys.argv[1]) / lab)
    start = time.perf_counter()
    for s in subs:
        run(lab, s)
    out[lab] = [time.perf_counter() - start, len(subs)]
print("RESULT " + json.dumps(out))
"""


def seconds_per_lab(tree: Path, labs: list[str], submissions: Path) -> dict[str, list[float]]:
    """{lab: [seconds, number of submissions]} grading ``submissions``' examples with ``tree``'s checks."""
    env = {**os.environ, "PYTHONPATH": f"{tree / 'src'}:{tree}:{tree / 'tests'}", "MPLBACKEND": "Agg"}
    done = subprocess.run([sys.executable, "-c", MEASURE, str(submissions), *labs], env=env, cwd=tree,
                          capture_output=True, text=True)
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        sys.exit(f"measuring {tree} failed: {(done.stderr.strip().splitlines() or ['no output'])[-1]}")
    return json.loads(line.removeprefix("RESULT "))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the commit to compare with (e.g. main before a change)")
    parser.add_argument("--labs", nargs="*", default=None)
    args = parser.parse_args()
    labs = args.labs or sorted(p.name for p in (ROOT / "source").iterdir() if p.is_dir())
    with tempfile.TemporaryDirectory(prefix="dllabs-base-") as tmp:
        base = Path(tmp) / "base"
        subprocess.run(["git", "worktree", "add", "-q", "--detach", str(base), args.base], cwd=ROOT, check=True)
        try:
            # Both trees grade the same examples (this tree's): only the checks differ.
            t0 = time.perf_counter()
            before = seconds_per_lab(base, labs, ROOT / "tests" / "submissions")
            after = seconds_per_lab(ROOT, labs, ROOT / "tests" / "submissions")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, check=False)
    print(f"{'lab':<16} {'examples':>8} {'base s/sub':>10} {'this s/sub':>10} {'ratio':>6}")
    for lab in labs:
        (b, n), (a, _) = before[lab], after[lab]
        print(f"{lab:<16} {n:>8} {b / n:>10.3f} {a / n:>10.3f} {a / b:>6.2f}")
    total_b, total_a = sum(v[0] for v in before.values()), sum(v[0] for v in after.values())
    print(f"{'all':<16} {'':>8} {total_b:>9.1f}s {total_a:>9.1f}s {total_a / total_b:>6.2f}"
          f"   ({time.perf_counter() - t0:.0f} s in all)")


if __name__ == "__main__":
    main()
