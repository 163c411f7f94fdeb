"""The instructor's command line: ``python -m autograder COMMAND``."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="regenerate labs/ and solutions/ from source/")
    b.add_argument("--check", action="store_true", help="change nothing; fail if labs/ or solutions/ drift from source/")
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
    return 2


if __name__ == "__main__":
    sys.exit(main())
