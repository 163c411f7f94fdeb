"""The instructor's command line: ``python -m autograder COMMAND`` (from the course folder).

    collect LAB ARCHIVE      import an LMS zip of notebooks into submitted/
    build [--check]          regenerate labs/ and solutions/ from source/ (or check they match)
                             (--lang fr|en: in that edition; default [tool.dllabs] language)
    translate LAB --lang fr  add to the lab's translation file the cells it lacks (English, marked todo)
    demo                     build, grade the example class of lab 1, print the gradebook
    grade LAB                autograde every submission of LAB, N at a time
    extend LAB STUDENT 2d    give a student an extension (or many: extend LAB --csv FILE)
    feedback LAB             feedback HTML per student (no hidden test code in it)
    export [--to FILE]       grades CSV: one row per student, one column per lab, and the total
                             (--format canvas|moodle [--roster LMS_EXPORT]: the LMS's grade import file)
    report LAB [--html FILE] the class's mistakes: per graded function, who lost its points and which mistakes
    selftest                 grade the bundled example submissions: wrong ones must lose points
    docs [--check]           regenerate docs/labs.md, the graded functions of every lab (or check it is current)
    publish DEST [--labs ...] write the student release into DEST (a git repository): notebooks, package, README
                             (--editions en,fr: both editions side by side; default [tool.dllabs] editions)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

from autograder.course.layout import ROOT


def main(argv: list[str] | None = None) -> int:
    import os

    from autograder.course.env import skip_iri_grammar, tools_path_first

    skip_iri_grammar()  # (each command that reads notebooks would compile that grammar first)
    tools_path_first(os.environ)  # nbgrader's gradebook runs the `alembic` of this Python, activated or not
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except Exception as exc:
        if not isinstance(exc, user_errors()):
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 1


def parser() -> argparse.ArgumentParser:
    """The command line's parser: a sub-parser per command of :data:`COMMANDS`."""
    from autograder.course.editions import LANGUAGES, SOURCE_LANGUAGE
    from autograder.course.settings import CELL_TIMEOUT, MEMORY, TIMEOUT

    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="regenerate labs/ and solutions/ from source/")
    b.add_argument("--check", action="store_true",
                   help="change nothing; fail if labs/ or solutions/ drift from source/")
    b.add_argument("--lang", choices=LANGUAGES, default=None,
                   help="the edition to build (default: [tool.dllabs] language in pyproject.toml)")
    t = sub.add_parser("translate", help="add to a lab's translation file the cells it lacks, for a translator")
    t.add_argument("lab")
    t.add_argument("--lang", choices=[lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE], required=True)
    d = sub.add_parser("demo", help="build, autograde the bundled example class of lab 1, print the gradebook")
    d.add_argument("--course", type=Path, default=Path(".demo"),
                   help="course folder to grade in (emptied first; default .demo)")
    g = sub.add_parser("grade", help="autograde every submission of a lab in submitted/")
    g.add_argument("lab")
    g.add_argument("--jobs", type=int, default=None, help="submissions graded at once (default: the number of cores)")
    g.add_argument("--student", default=None, help="grade only this student")
    g.add_argument("--force", action="store_true", help="grade again even what did not change")
    g.add_argument("--timeout", type=float, default=None, help=f"seconds a submission may take (default {TIMEOUT:g})")
    g.add_argument("--cell-timeout", type=float, default=None,
                   help=f"seconds a cell may take (default {CELL_TIMEOUT:g})")
    g.add_argument("--memory-gb", type=float, default=None,
                   help=f"memory a submission may use, in GiB (default {MEMORY / 2**30:g})")
    g.add_argument("--scheduler", default=None,
                   help="grade on a Dask cluster: a running scheduler (tcp://host:8786) "
                        "or 'slurm' ([tool.dllabs.slurm] in pyproject.toml)")
    c = sub.add_parser("collect", help="import an LMS zip of notebooks into submitted/")
    c.add_argument("lab")
    c.add_argument("archive", type=Path)
    x = sub.add_parser("extend", help="record a student's extension of a lab's due date (nbgrader's extension)")
    x.add_argument("lab")
    x.add_argument("student", nargs="?", default=None)
    x.add_argument("extension", nargs="?", default=None, help="2d, 36h, 1d12h, 90m (0: none)")
    x.add_argument("--csv", type=Path, default=None, help="a CSV of extensions, columns student,extension")
    f = sub.add_parser("feedback", help="feedback HTML for every graded student of a lab")
    f.add_argument("lab")
    e = sub.add_parser("export", help="grades CSV: a row per student, a column per lab, the total")
    e.add_argument("--to", type=Path, default=Path("grades.csv"))
    e.add_argument("--format", choices=["csv", "canvas", "moodle"], default="csv",
                   help="csv: this course's table; canvas, moodle: the LMS's grade import CSV")
    e.add_argument("--roster", type=Path, default=None,
                   help="canvas, moodle: the LMS's own export of its gradebook, whose students the file lists")
    r = sub.add_parser("report", help="the class's mistakes after grading a lab: terminal text and an HTML page")
    r.add_argument("lab")
    r.add_argument("--html", type=Path, default=None, help="the page to write (default feedback/LAB-mistakes.html)")
    s = sub.add_parser("selftest", help="grade the bundled example submissions of every lab with nbgrader")
    s.add_argument("--jobs", type=int, default=None)
    o = sub.add_parser("docs", help="regenerate docs/labs.md (every lab's graded functions) from source/")
    o.add_argument("--check", action="store_true",
                   help="change nothing; fail if docs/labs.md is not what source/ gives")
    u = sub.add_parser("publish", help="write the student release (notebooks, package, README) into DEST")
    u.add_argument("dest", type=Path, help="the student repository's clone (created if missing)")
    u.add_argument("--labs", default=None, help="comma-separated labs to publish (default: every lab)")
    u.add_argument("--force", action="store_true",
                   help="publish even a lab whose given cells hold the solution of a lab not yet due")
    u.add_argument("--editions", default=None,
                   help="comma-separated editions to publish side by side, e.g. en,fr (default: [tool.dllabs] "
                        "editions)")
    for p in (c, g, x, f, e, r):
        p.add_argument("--course", type=Path, default=ROOT, help="the course folder (default: this one)")
    for p in (g, x, f, e, r):
        p.add_argument("--db", default=None,
                       help="the gradebook's URL (default sqlite:///<course>/gradebook.db; e.g. postgresql://...)")
    return parser


def user_errors() -> tuple[type[Exception], ...]:
    """What a command reports in one line (a broken notebook, a missing file, a wrong setting)
    instead of a traceback. Imported when one is raised: ``grade`` starts its servers first."""
    from autograder.authoring.build import BuildError
    from autograder.records.commands import GradingError
    from autograder.authoring.publish import PublishError

    return BuildError, GradingError, PublishError, FileNotFoundError, ValueError, RuntimeError


def build_command(args: argparse.Namespace) -> int:
    from autograder.authoring.build import build

    problems = build(check=args.check, lang=args.lang)
    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    if problems:
        return 1
    print("labs/ and solutions/ are up to date with source/" if args.check
          else "built labs/ and solutions/ from source/")
    return 0


def translate_command(args: argparse.Namespace) -> int:
    from autograder.course.editions import add_missing, translation_file
    from autograder.course.layout import SOURCE

    notebook = SOURCE / known_lab(args.lab) / f"{args.lab}.ipynb"
    added = add_missing(notebook, args.lang)
    print(f"{translation_file(notebook, args.lang).relative_to(ROOT)}: {len(added)} cells added in English "
          f"(marked todo), to translate" if added else f"{translation_file(notebook, args.lang).relative_to(ROOT)}:"
          " every cell has its block")
    return 0


def demo_command(args: argparse.Namespace) -> int:
    from .demo import run as demo

    return demo(args.course.resolve())


def known_lab(lab: str) -> str:
    """``lab``, or ValueError (one line) naming the labs there are."""
    from autograder.course.layout import lab_names

    if lab not in lab_names():
        raise ValueError(f"no lab {lab!r}: the labs are {', '.join(lab_names())}")
    return lab


def grade_command(args: argparse.Namespace) -> int:
    from autograder.course.layout import submission_folders
    from autograder.engine.forkserver import yield_to_kernels
    from autograder.engine.pool import reserve_for

    known_lab(args.lab)
    if not args.scheduler:  # they import torch and nbgrader while the rest is imported and checked
        reserve_for(len(submission_folders(args.course.resolve(), args.lab, args.student)), args.jobs)
        yield_to_kernels()  # this thread's bookkeeping (the servers were started by another thread)
    from autograder.course.layout import settings as course_settings
    from autograder.course.settings import GradingSettings
    from autograder.engine.coordinator import grade, settings_note, summary

    memory = None if args.memory_gb is None else int(args.memory_gb * 2**30)
    settings = GradingSettings.from_environment(timeout=args.timeout, cell_timeout=args.cell_timeout, memory=memory,
                                                **course_settings().late)
    print(settings_note(settings))  # (DLLABS_SANDBOX=on without bubblewrap: one line, before anything is graded)
    executor = None
    if args.scheduler:
        from autograder.engine.distributed import connect

        executor = connect(args.scheduler)
        print(f"grading on the Dask cluster at {args.scheduler} ({executor.client.dashboard_link})")
    try:
        outcomes = grade(args.course.resolve(), args.lab, jobs=args.jobs, student=args.student, force=args.force,
                         settings=settings, db=args.db, executor=executor)
    finally:
        if executor is not None:
            executor.close()
    print(summary(outcomes))
    return 0


def collect_command(args: argparse.Namespace) -> int:
    from autograder.records.collect import collect, report

    print(report(collect(args.course.resolve(), known_lab(args.lab), args.archive.resolve())))
    return 0


def extend_command(args: argparse.Namespace) -> int:
    from autograder.records import gradebook, late
    from autograder.records.commands import ensure_assignment

    if args.csv is not None and (args.student or args.extension):
        raise ValueError("give either STUDENT EXTENSION or --csv FILE, not both")
    if args.csv is None and not (args.student and args.extension):
        raise ValueError("give STUDENT EXTENSION (e.g. alice 2d) or --csv FILE (columns student,extension)")
    given = late.read_extensions(args.csv) if args.csv else [(args.student, late.duration(args.extension))]
    course = args.course.resolve()
    ensure_assignment(course, known_lab(args.lab), db=args.db)
    for student, extension in given:
        made = late.extend(gradebook.url(course, args.db), args.lab, student, extension)
        print(f"{student}: " + (f"extension of {extension}" if extension else "no extension")
              + (" (no submission yet: an empty one holds it)" if made else ""))
    return 0


def feedback_command(args: argparse.Namespace) -> int:
    from autograder.records.report import feedback

    files = feedback(args.course.resolve(), args.lab, args.db)
    print(f"{len(files)} feedback files under {args.course.resolve() / 'feedback'}/<student>/{args.lab}/")
    return 0


def export_command(args: argparse.Namespace) -> int:
    from autograder.records import gradebook, lms
    from autograder.records.report import export

    if args.format == "csv":
        if args.roster:
            raise ValueError("--roster goes with --format canvas or moodle")
        print(f"wrote {export(args.course.resolve(), args.to, args.db)} students to {args.to}")
        return 0
    rows, unmatched = lms.export(gradebook.url(args.course.resolve(), args.db), args.format, args.to, args.roster)
    print(f"wrote {rows} students to {args.to} ({args.format})")
    for line in unmatched:
        print(f"not matched: {line}")
    return 0


def report_command(args: argparse.Namespace) -> int:
    from autograder.records.mistakes import write

    text, page = write(args.course.resolve(), known_lab(args.lab), args.db, args.html)
    print(text)
    print(f"\nwrote {page}")
    return 0


def docs_command(args: argparse.Namespace) -> int:
    from autograder.authoring import docs

    if not args.check:
        print(f"wrote {docs.write().relative_to(ROOT)}")
        return 0
    if docs.stale():
        print(f"error: {docs.TARGET} differs from what source/ gives: run `python -m autograder docs`", file=sys.stderr)
        return 1
    print(f"{docs.TARGET} is up to date with source/")
    return 0


def publish_command(args: argparse.Namespace) -> int:
    from autograder.authoring.publish import publish
    from autograder.course.editions import LANGUAGES

    labs = [lab.strip() for lab in args.labs.split(",") if lab.strip()] if args.labs else None
    editions = tuple(lang.strip() for lang in args.editions.split(",") if lang.strip()) if args.editions else None
    unknown = [lang for lang in editions or () if lang not in LANGUAGES]
    if unknown:
        print(f"error: no {', '.join(unknown)} edition: the languages are {', '.join(LANGUAGES)}", file=sys.stderr)
        return 2
    for line in publish(args.dest, labs, force=args.force, editions=editions):
        print(line)
    return 0


def selftest_command(args: argparse.Namespace) -> int:
    from .selftest import selftest

    return selftest(jobs=args.jobs)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "build": build_command, "translate": translate_command, "demo": demo_command, "grade": grade_command,
    "collect": collect_command,
    "extend": extend_command, "feedback": feedback_command, "export": export_command, "docs": docs_command,
    "publish": publish_command, "selftest": selftest_command, "report": report_command,
}
"""Each command of the parser, and the function that runs it (its exit status)."""


def exit_now(code: int) -> None:
    """End this command without the interpreter's teardown of what it imported (nbgrader, SQLAlchemy:
    not needed by a process about to end): its fork servers are stopped and its output flushed first."""
    import os

    if "autograder.engine.pool" in sys.modules:
        sys.modules["autograder.engine.pool"].close_local_pools()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    exit_now(main())
