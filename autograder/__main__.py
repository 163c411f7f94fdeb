"""The instructor's command line: ``python -m autograder COMMAND``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="regenerate labs/ and solutions/ from source/")
    b.add_argument("--check", action="store_true", help="change nothing; fail if labs/ or solutions/ drift from source/")
    d = sub.add_parser("demo", help="build, autograde the bundled example class of lab 1, print the gradebook")
    d.add_argument("--course", type=Path, default=Path(".demo"), help="course folder to grade in (emptied first; default .demo)")
    args = parser.parse_args(argv)

    if args.command == "build":
        from .build import BuildError, build
        try:
            problems = build(check=args.check)
        except BuildError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        for p in problems:
            print(f"error: {p}", file=sys.stderr)
        if problems:
            return 1
        print("labs/ and solutions/ are up to date with source/" if args.check else "built labs/ and solutions/ from source/")
        return 0
    if args.command == "demo":
        from .demo import run
        from .grading import GradingError
        try:
            return run(args.course.resolve())
        except GradingError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
