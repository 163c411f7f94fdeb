"""Every figure a notebook states as *Expected*, measured: executes each solution notebook
(solutions/<lab>/<lab>.ipynb) in full mode (not nbgrader's grading mode), one kernel per
notebook, then evaluates each ``<!-- expected: EXPR in [LO, HI] -->`` tag of its markdown
cells in that kernel (format: autograder/authoring/figures.py) and prints, per claim, the stated
range against the measured value. ``<!-- expected-elsewhere: WHERE -->`` tags are listed
as not measured here.

    ./course.sh env                      # once, for the environment
    PYTHONPATH=src python benchmarks/expected_figures.py [--labs lab1_backprop lab2_autograd] [--timeout 1800]

Runs on what this machine has: Circles and scikit-learn's data always; MNIST and CIFAR-10
when ``python -m dllabs.data check`` finds them staged (else their notebooks' data cells
skip, and a figure that needs them is SKIP). Exit status 1 when a measured value is out
of its range, a tag cannot be evaluated or is malformed, or a notebook fails (one line:
which cell, which error); 0 otherwise.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from autograder.course.layout import SOLUTIONS, lab_names  # noqa: E402
from autograder.course.env import with_kernel_pythonpath  # noqa: E402
from autograder.authoring.figures import Figure, TagError, measure, notebook_tags  # noqa: E402

COLUMNS = [("lab", 15), ("claim", 70), ("stated", 15), ("measured", 9), ("status", 0)]


def missing_data() -> frozenset[str]:
    """The data sets ``python -m dllabs.data check`` does not find (MNIST, CIFAR-10)."""
    done = subprocess.run([sys.executable, "-m", "dllabs.data", "check"], capture_output=True, text=True,
                          env=with_kernel_pythonpath(dict(os.environ)))
    return frozenset(line.split()[0] for line in done.stdout.splitlines() if line.strip() and "missing" in line)


def row(lab: str, figure: Figure) -> str:
    tag = figure.tag
    if figure.status == "ELSEWHERE":
        cells = [lab, tag.claim, "-", "-", f"not measured here: {figure.note}"]
    else:
        value = "-" if figure.value is None else f"{figure.value:.4g}"
        cells = [lab, tag.claim, tag.stated, value, figure.status + (f" ({figure.note})" if figure.note else "")]
    return "  ".join(c.ljust(w) for c, (_, w) in zip(cells, COLUMNS)).rstrip()


def main(argv: list[str] | None = None) -> int:
    labs = lab_names()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labs", nargs="+", metavar="LAB", default=labs,
                        help=f"labs to measure (default: all: {' '.join(labs)})")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds a cell may run (default 1800)")
    args = parser.parse_args(argv)
    unknown = [lab for lab in args.labs if lab not in labs]
    if unknown:
        parser.error(f"no lab {', '.join(unknown)}: the labs are {', '.join(labs)}")
    os.environ.pop("NBGRADER_EXECUTION", None)  # full mode: the notebooks' long trainings

    absent = missing_data()
    print(f"data: {', '.join(sorted(absent)) + ' not staged' if absent else 'MNIST and CIFAR-10 staged'} "
          "(python -m dllabs.data check); full mode, one kernel per notebook")
    rows, problems = [], []
    for lab in args.labs:
        path = SOLUTIONS / lab / f"{lab}.ipynb"
        if not path.is_file():
            problems.append(f"{lab}: no {path.relative_to(ROOT)}: run `python -m autograder build`")
            continue
        try:
            tags = notebook_tags(nbformat.read(path, as_version=4))
        except TagError as exc:
            problems.append(f"{lab}: malformed tag: {exc}")
            continue
        if not any(t.kind == "expected" for t in tags):
            print(f"{lab}: nothing to measure (no `expected:` tag)")
            rows += [row(lab, Figure(t, "ELSEWHERE", note=t.where)) for t in tags]
            continue
        print(f"{lab}: executing {path.relative_to(ROOT)} ...", flush=True)
        run = measure(path, timeout=args.timeout, missing_data=absent)
        print(f"{lab}: {'failed' if run.error else 'executed'} in {run.seconds:.0f} s")
        if run.error:
            problems.append(f"{lab}: the notebook failed at {run.error}")
        problems += [f"{lab}: {f.tag.expr} = {f.value:.4g}, outside the stated {f.tag.stated} ({f.tag.claim})"
                     for f in run.figures if f.status == "OUT"]
        problems += [f"{lab}: {f.tag.expr} could not be evaluated: {f.note}" for f in run.figures if f.status == "ERR"]
        rows += [row(lab, f) for f in run.figures]

    print()
    print("  ".join(name.ljust(w) for name, w in COLUMNS).rstrip())
    print("\n".join(rows) if rows else "(no tags)")
    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
