"""Grading a class with ``python -m autograder grade``: broken files, faults and cheats
each end with the batch finished, that submission scored as its honest cells deserve
or "ungradable: <reason>" with 0, the others graded normally, and no grade row lost,
duplicated or left empty. Also: re-runs, an interrupted run, collect, feedback, export."""

from __future__ import annotations

import copy
import csv
import json
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.engine import coordinator

from autograder.records import commands

from autograder.records import report

from autograder.kernels import sandbox

from autograder.course import submissions
from autograder.course.cells import cells_by_grade_id, grade_id
from autograder.records.collect import collect
from autograder.course.layout import CANARY_HIDDEN, CANARY_SOLUTION, LABS, ROOT, SOLUTIONS

# One xdist worker runs this module (its module-scoped class is graded once).
pytestmark = [pytest.mark.nbgrader, pytest.mark.xdist_group("class_grading")]
LAB = "lab1_backprop"
# Cheats that read or write outside their folder run only sandboxed (unsandboxed, they would succeed).
FAULTS = [s for s in submissions.load_all(ROOT / "tests" / "faults" / LAB)
          if s.meta.get("needs") != "sandbox" or sandbox.enabled()]
MARKER = "PWNED-by-cheat_write_outside"
LIMITS = dict(timeout=45, cell_timeout=6, progress=False)
STUCK = "ignores_interrupts"  # only the submission's time limit ends it: graded on its own, under a short one
STUCK_LIMITS = dict(LIMITS, timeout=7)


def released() -> nbformat.NotebookNode:
    return nbformat.read(LABS / LAB / f"{LAB}.ipynb", as_version=4)


def solved() -> nbformat.NotebookNode:
    return submissions.make_notebook(LABS / LAB / f"{LAB}.ipynb", SOLUTIONS / LAB / f"{LAB}.ipynb",
                                     submissions.parse(ROOT / "tests" / "submissions" / LAB / "solution.py"))


def without(nb, grade_id):
    nb.cells = [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") != grade_id]
    return nb


def cell(nb, grade_id):
    return next(c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id)


def edited(nb, grade_id, **changes):
    c = cell(nb, grade_id)
    for key, value in changes.items():
        if key == "points":
            c.metadata.nbgrader["points"] = value
        elif key == "schema_version":
            for other in nb.cells:
                if "nbgrader" in other.get("metadata", {}):
                    other.metadata.nbgrader["schema_version"] = value
        else:
            c[key] = value
    return nb


def duplicated(nb, grade_id):
    i = nb.cells.index(cell(nb, grade_id))
    twin = copy.deepcopy(nb.cells[i])
    twin["id"] = "twin"
    nb.cells.insert(i + 1, twin)
    return nb


def as_markdown(nb, grade_id):
    c = cell(nb, grade_id)
    nb.cells[nb.cells.index(c)] = nbformat.v4.new_markdown_cell(c.source, metadata=c.metadata, id=c.id)
    return nb


# name -> (files to write in submitted/<name>/lab1_backprop/, expected: "full", "zero" or "ungradable")
STRUCTURE = {
    "not_json": ({f"{LAB}.ipynb": b"{this is not json"}, "ungradable"),
    "empty_file": ({f"{LAB}.ipynb": b""}, "ungradable"),
    "renamed": ({"my lab (1).ipynb": lambda: solved()}, "full"),
    "test_deleted": ({f"{LAB}.ipynb": lambda: without(solved(), "test_backward")}, "full"),
    "test_duplicated": ({f"{LAB}.ipynb": lambda: duplicated(solved(), "test_forward")}, "full"),
    "test_as_markdown": ({f"{LAB}.ipynb": lambda: as_markdown(solved(), "test_sgd")}, "full"),
    "test_source_edited": ({f"{LAB}.ipynb": lambda: edited(solved(), "test_init_params", source="pass")}, "full"),
    "test_points_edited": ({f"{LAB}.ipynb": lambda: edited(solved(), "test_backward", points=100)}, "full"),
    "future_schema": ({f"{LAB}.ipynb": lambda: edited(solved(), "test_backward", schema_version=99)}, "full"),
    "blank_edited_test": ({f"{LAB}.ipynb": lambda: edited(released(), "test_forward", source="print('ok')")}, "zero"),
}


def write_case(folder: Path, files: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        content = content() if callable(content) else content
        if isinstance(content, bytes):
            (folder / name).write_bytes(content)
        else:
            nbformat.write(content, folder / name)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """One class: the structure cases, the fault and cheat fixtures, a right and a wrong submission."""
    folder = tmp_path_factory.mktemp("class")
    commands.prepare_course(folder, [LAB])
    for name, (files, _) in STRUCTURE.items():
        write_case(folder / "submitted" / name / LAB, files)
    subs = FAULTS + [submissions.parse(ROOT / "tests" / "submissions" / LAB / f"{n}.py")
                     for n in ("solution", "wrong_backward_sum_not_mean")]
    def submit(sub):
        nb = submissions.make_notebook(LABS / LAB / f"{LAB}.ipynb", SOLUTIONS / LAB / f"{LAB}.ipynb", sub)
        commands.submit(folder, LAB, sub.name, nb)

    for sub in subs:
        if sub.name != STUCK:
            submit(sub)
    t0 = time.perf_counter()
    outcomes = coordinator.grade(folder, LAB, jobs=2, **LIMITS)
    print(f"graded {len(outcomes)} submissions in {time.perf_counter() - t0:.0f} s")
    submit(next(s for s in subs if s.name == STUCK))  # graded on its own, under a short limit (twice: once alone)
    outcomes += coordinator.grade(folder, LAB, jobs=1, student=STUCK, **STUCK_LIMITS)
    return folder, {o.student: o for o in outcomes}


def gradebook_rows(folder: Path) -> list[tuple]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{folder / 'gradebook.db'}") as gb:
        return sorted((s.student.id, g.cell.name, g.auto_score, g.manual_score)
                      for a in gb.assignments for s in a.submissions for nb in s.notebooks for g in nb.grades)


def test_were_the_kernels_warm_and_does_the_summary_say_where_the_seconds_went(course):
    """Every graded submission's kernel was forked from a zygote (the sandbox and every fault and
    cheat above hold for warm kernels), and the summary averages start, cells and the rest."""
    _, outcomes = course
    graded = [o for o in outcomes.values() if o.status == "graded"]
    assert graded and all(o.kernel == "warm" for o in graded), [(o.student, o.kernel) for o in graded]
    assert all(0 < o.start < o.seconds and 0 < o.cells < o.seconds for o in graded)
    [line] = [line for line in coordinator.summary(list(outcomes.values())).splitlines() if line.startswith("seconds")]
    assert line.startswith(f"seconds per graded submission (average of {len(graded)}, kernels {len(graded)} warm): ")
    assert "kernel start" in line and "+ cells" in line and "+ the rest" in line


def test_every_submission_has_an_outcome_and_complete_rows(course):
    folder, outcomes = course
    names = set(STRUCTURE) | {s.name for s in FAULTS} | {"solution", "wrong_backward_sum_not_mean"}
    assert set(outcomes) == names
    rows = gradebook_rows(folder)
    per_student = {}
    for student, name, _auto, _ in rows:
        per_student.setdefault(student, []).append(name)
    assert set(per_student) == names
    assert all(sorted(v) == sorted(per_student["solution"]) for v in per_student.values())  # none lost or duplicated
    assert all(auto is not None for _, name, auto, _ in rows if name.startswith("test_"))  # none left empty


@pytest.mark.parametrize("name", list(STRUCTURE))
def test_structure_cases(course, name):
    folder, outcomes = course
    expected = STRUCTURE[name][1]
    cells = commands.cell_scores(folder, LAB, name)
    if expected == "ungradable":
        assert outcomes[name].status.startswith("ungradable: ") and outcomes[name].score == 0
        assert all(c.score == 0 for c in cells.values())
    elif expected == "full":
        assert outcomes[name].status == "graded", outcomes[name]
        assert {g: c.score for g, c in cells.items()} == {g: c.max_score for g, c in cells.items()}
        assert cell_points(cells) == cell_points(commands.cell_scores(folder, LAB, "solution"))
    else:
        assert outcomes[name].status == "graded" and all(c.score == 0 for c in cells.values())


def cell_points(cells):
    return {g: c.max_score for g, c in cells.items()}


@pytest.mark.parametrize("sub", FAULTS, ids=lambda s: s.name)
def test_faults_and_cheats(course, sub):
    folder, outcomes = course
    cells = commands.cell_scores(folder, LAB, sub.name)
    if sub.meta.get("outcome") == "ungradable":
        assert outcomes[sub.name].status.startswith("ungradable: "), outcomes[sub.name]
        assert all(c.score == 0 for c in cells.values())
    else:
        assert outcomes[sub.name].status == "graded", outcomes[sub.name]
        lost = {g for g, c in cells.items() if c.score < c.max_score}
        assert lost == set(sub.expect), {g: cells[g].output[-300:] for g in lost}


@pytest.mark.skipif(not sandbox.enabled(), reason=sandbox.describe())
def test_nothing_was_written_outside_the_submissions_folders(course):
    folder, outcomes = course
    assert outcomes["cheat_write_outside"].status == "graded"
    places = [ROOT / "src" / "dllabs", Path.home(), Path("/tmp")]  # where it tried, besides the course folder
    found = [*folder.glob(f"**/{MARKER}"), *(p / MARKER for p in places if (p / MARKER).exists())]
    assert not found


@pytest.mark.skipif(not sandbox.enabled(), reason=sandbox.describe())
def test_the_gradebook_test_cells_survive_a_submission_that_rewrites_them(course):
    import sqlite3

    folder, _ = course
    with sqlite3.connect(folder / "gradebook.db") as db:
        sources = dict(db.execute("SELECT name, source FROM source_cell WHERE name LIKE 'test_%'").fetchall())
    assert sources and all("check_" in source for source in sources.values())


def test_outputs_are_capped_in_bytes(course):
    folder, _ = course
    assert (folder / "autograded" / "huge_output" / LAB / f"{LAB}.ipynb").stat().st_size < 2_000_000


def test_rerun_grades_only_what_changed_and_forced_reruns_are_identical(course):
    folder, _ = course
    again = coordinator.grade(folder, LAB, jobs=2, student="solution", **LIMITS)
    assert [o.status for o in again] == ["unchanged"]
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{folder / 'gradebook.db'}") as gb:  # a manual grade must survive re-runs
        grade = gb.find_grade("q01", LAB, LAB, "solution")
        grade.manual_score = 0.5
        gb.db.commit()
    before = gradebook_rows(folder)
    for _ in range(3):
        coordinator.grade(folder, LAB, jobs=2, student="solution", force=True, **LIMITS)
        assert gradebook_rows(folder) == before


def run_and_kill(cmd: list[str], folder: Path, finished: int) -> int:
    """Start ``cmd`` and SIGKILL its process group once ``finished`` submissions are recorded
    (0: once the first is being graded); returns how many were recorded when it was killed."""
    import json
    import os

    state, logs = folder / coordinator.STATE / "grading.json", folder / coordinator.STATE / "logs"
    count = lambda: len(json.loads(state.read_text()).get(LAB, {})) if state.exists() else 0  # noqa: E731
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if count() >= finished and (finished or any(logs.glob("*.log"))):
            break
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    time.sleep(1)  # the forked nbgrader and its kernel die with their parent
    return count()


def test_runs_killed_after_n_finished_submissions_resume_to_the_same_grades(tmp_path):
    """A run killed (SIGKILL, whole process group) while grading its first submission, then
    runs killed after 1 and 2 recorded submissions, then one to the end."""
    folder = tmp_path
    commands.prepare_course(folder, [LAB])
    names = ["solution", "wrong_backward_sum_not_mean", "blank"]
    for name in names:
        sub = submissions.parse(ROOT / "tests" / "submissions" / LAB / f"{name}.py")
        commands.submit(folder, LAB, name,
                       submissions.make_notebook(LABS / LAB / f"{LAB}.ipynb", SOLUTIONS / LAB / f"{LAB}.ipynb", sub))
    cmd = [sys.executable, "-m", "autograder", "grade", LAB, "--course", str(folder), "--jobs", "1"]
    assert [run_and_kill(cmd, folder, n) for n in (0, 1, 2)] == [0, 1, 2]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-500:]
    assert "0 ungradable" in done.stdout  # (the 2 recorded ones are "unchanged" unless src/ was edited meanwhile)
    lost = {s: {g for g, c in commands.cell_scores(folder, LAB, s).items() if c.score < c.max_score} for s in names}
    blank = {g for g in commands.cell_scores(folder, LAB, "blank")}
    assert lost == {"solution": set(), "wrong_backward_sum_not_mean": {"test_backward"}, "blank": blank} and blank
    assert len(gradebook_rows(folder)) == 3 * len(gradebook_rows_of(folder, "solution"))


def gradebook_rows_of(folder: Path, student: str) -> list[tuple]:
    return [row for row in gradebook_rows(folder) if row[0] == student]


def test_feedback_shows_no_hidden_test_code(course):
    folder, _ = course
    files = report.feedback(folder, LAB)
    assert len(files) >= 5
    secret = report.hidden_test_lines(LAB, ROOT)
    text = "\n".join(f.read_text() for f in files)
    assert secret and not [line for line in secret if line in text]
    assert CANARY_HIDDEN not in text and CANARY_SOLUTION not in text
    graded = (folder / "autograded" / "solution" / LAB / f"{LAB}.ipynb").read_text()
    assert CANARY_HIDDEN in graded  # the hidden tests did run: the feedback removed them


def test_export_has_a_row_per_student_and_a_column_per_lab(course, tmp_path):
    folder, outcomes = course
    from nbgrader.api import Gradebook

    # a manual grade is exported (as the re-run test sets it)
    with Gradebook(f"sqlite:///{folder / 'gradebook.db'}") as gb:
        gb.find_grade("q01", LAB, LAB, "solution").manual_score = 0.5
        gb.db.commit()
    rows = report.export(folder, tmp_path / "grades.csv")
    table = list(csv.DictReader((tmp_path / "grades.csv").open()))
    assert rows == len(outcomes) == len(table)
    assert list(table[0]) == ["student", LAB, "total"]
    by = {r["student"]: r for r in table}
    full = sum(c.max_score for c in commands.cell_scores(folder, LAB, "solution").values())
    assert float(by["solution"][LAB]) == full + 0.5 and float(by["not_json"][LAB]) == 0


def test_collect_reports_matched_renamed_and_rejected(tmp_path):
    commands.prepare_course(tmp_path, [LAB])
    archive = tmp_path / "moodle.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(f"alice_{LAB}.ipynb", nbformat.writes(released()))
        z.writestr(f"bob/{LAB}.ipynb", nbformat.writes(released()))
        z.writestr("carol-final (2).ipynb", nbformat.writes(released()))
        z.writestr("alice-old.ipynb", nbformat.writes(released()))
        z.writestr("readme.txt", "hello")
    verdicts = {v.path: v.action for v in collect(tmp_path, LAB, archive)}
    assert verdicts[f"bob/{LAB}.ipynb"] == "matched"
    assert verdicts["carol-final (2).ipynb"].startswith("renamed")
    assert verdicts["alice-old.ipynb"].startswith("rejected: a second notebook")
    assert verdicts["readme.txt"] == "rejected: not a notebook"
    found = sorted(p.relative_to(tmp_path / "submitted").as_posix() for p in (tmp_path / "submitted").rglob("*.ipynb"))
    assert found == [f"{s}/{LAB}/{LAB}.ipynb" for s in ("alice", "bob", "carol")]


def test_collect_refuses_a_wrong_zip_in_one_line(tmp_path):
    bad = tmp_path / "x.zip"
    bad.write_text("not a zip")
    done = subprocess.run([sys.executable, "-m", "autograder", "collect", LAB, str(bad), "--course", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "not a zip archive" in done.stderr


# --- Hand-in from Colab: File > Download > Download .ipynb, uploaded to the LMS ---
COLAB_LAB = "lab0_perceptron"


def colab_download(nb: nbformat.NotebookNode, minor: int = 5) -> str:
    """The text of ``nb`` as Colab's File > Download > Download .ipynb writes it, after a Run All.

    Imitates Colab-saved notebooks as found in public repositories (e.g. any notebook with an
    "Open In Colab" link saved back from Colab) and Colab's own word on nbformat
    (googlecolab/colabtools#5402, sagemathinc/cocalc#5504: Colab writes nbformat 4.0, its cell
    ids in ``metadata.id``, and keeps a 4.5 notebook's top-level cell ids when it opened one):
    - notebook metadata replaced by Colab's: ``colab`` {"provenance": [], "name", "gpuType"},
      ``accelerator``, ``kernelspec`` {"name": "python3", "display_name": "Python 3"} (no
      "language"), ``language_info`` {"name": "python"};
    - every cell's id also in ``metadata.id``; cell metadata Colab does not know (``nbgrader``,
      ``deletable``, ``editable``) kept, as courses that check it on Colab rely on
      (DeepLearning.AI's Colab metadata check reads cell ``tags`` through ``get_ipynb``);
    - a code cell that ran: ``execution_count`` set, a stdout output, ``metadata.colab``
      {"base_uri": "https://localhost:8080/", "height": ...} and an ``outputId``;
    - ``minor=0``: nbformat 4.0, cell ids only in ``metadata.id`` (a notebook Colab made);
    - JSON indented by 2, keys in Colab's order, sources as lists of lines.
    """
    cells, count = [], 0
    for i, cell in enumerate(nb.cells):
        meta = {**copy.deepcopy(dict(cell.metadata)), "id": cell.get("id", f"cell{i:04d}")}
        out = {"cell_type": cell.cell_type, "source": cell.source.splitlines(keepends=True), "metadata": meta}
        if minor >= 5:
            out["id"] = cell.id
        if cell.cell_type == "code":
            count += 1
            meta.update(colab={"base_uri": "https://localhost:8080/", "height": 35},
                        outputId=f"{i:08x}-0000-4000-8000-c0ffee000000")
            out["execution_count"] = count
            out["outputs"] = [{"output_type": "stream", "name": "stdout", "text": [f"ran on Colab ({count})\n"]}]
        cells.append(out)
    colab = {"colab": {"provenance": [], "name": f"{COLAB_LAB}.ipynb", "gpuType": "T4"}, "accelerator": "GPU",
             "kernelspec": {"name": "python3", "display_name": "Python 3"}, "language_info": {"name": "python"}}
    return json.dumps({"nbformat": 4, "nbformat_minor": minor, "metadata": colab, "cells": cells}, indent=2,
                      ensure_ascii=False)


def colab_solved() -> nbformat.NotebookNode:
    """The lab 0 student notebook with every answer cell holding the solution's code."""
    name = f"{COLAB_LAB}/{COLAB_LAB}.ipynb"
    return submissions.make_notebook(LABS / name, SOLUTIONS / name, submissions.Submission("colab", "", {}))


def pasted(nb: nbformat.NotebookNode, *grade_ids: str) -> nbformat.NotebookNode:
    """``nb`` with these cells (all: none given) pasted into new cells: same source, new ids, no
    nbgrader marks (Colab's "Copy cell" / "Paste" into another notebook keeps neither)."""
    for i, c in enumerate(nb.cells):
        if not grade_ids or grade_id(c) in grade_ids:
            c.metadata = {}
            c.id = f"pasted{i:04d}"
    return nb


def nbgrader_cells(nb) -> dict:
    return {gid: c.metadata["nbgrader"] for gid, c in cells_by_grade_id(nb).items()}


@pytest.fixture(scope="module")
def colab_class(tmp_path_factory):
    """An LMS zip of Colab downloads of lab 0, collected and graded once:
    alice and bob complete (a 4.5 notebook round-tripped, and Colab's 4.0 form, saved as
    "Copy of ..."), carol with two answers pasted into new cells, dave with the whole lab pasted
    into a new Colab notebook."""
    folder = tmp_path_factory.mktemp("colab")
    commands.prepare_course(folder, [COLAB_LAB])
    archive = folder / "lms.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(f"alice_{COLAB_LAB}.ipynb", colab_download(colab_solved()))
        z.writestr(f"bob/Copy of {COLAB_LAB}.ipynb", colab_download(colab_solved(), minor=0))
        z.writestr(f"carol_{COLAB_LAB}.ipynb", colab_download(pasted(colab_solved(), "perceptron_epoch", "q01")))
        z.writestr("dave_Untitled0.ipynb", colab_download(pasted(colab_solved()), minor=0))
    verdicts = collect(folder, COLAB_LAB, archive)
    t0 = time.perf_counter()
    outcomes = {o.student: o for o in coordinator.grade(folder, COLAB_LAB, jobs=2, **LIMITS)}
    print(f"graded {len(outcomes)} Colab downloads in {time.perf_counter() - t0:.0f} s")
    return folder, verdicts, outcomes


def test_a_colab_download_is_collected_and_graded_in_full(colab_class):
    """What Colab changes (its metadata, ids, outputs, 4.0 form) loses no grading mark and no point."""
    folder, verdicts, outcomes = colab_class
    assert sorted((v.student, v.action) for v in verdicts) == [
        ("alice", f"renamed from alice_{COLAB_LAB}.ipynb"), ("bob", f"renamed from Copy of {COLAB_LAB}.ipynb"),
        ("carol", f"renamed from carol_{COLAB_LAB}.ipynb"), ("dave", "renamed from dave_Untitled0.ipynb")]
    released = nbgrader_cells(nbformat.read(LABS / COLAB_LAB / f"{COLAB_LAB}.ipynb", as_version=4))
    for student, minor in (("alice", 5), ("bob", 0)):
        path = folder / "submitted" / student / COLAB_LAB / f"{COLAB_LAB}.ipynb"
        assert json.loads(path.read_text())["nbformat_minor"] == minor  # Colab's own bytes, as downloaded
        got = nbformat.read(path, as_version=4)
        assert got.metadata.get("colab") and nbgrader_cells(got) == released  # a Colab file, its marks kept
        assert outcomes[student].status == "graded" and not outcomes[student].notes, outcomes[student]
        cells = commands.cell_scores(folder, COLAB_LAB, student)
        assert cells and {g: c.score for g, c in cells.items()} == {g: c.max_score for g, c in cells.items()}, \
            {g: c.output[-300:] for g, c in cells.items() if c.score < c.max_score}


def test_colab_cells_pasted_into_new_ones_are_reported_in_one_line(colab_class):
    """Answers pasted into new cells: graded, and named in the student's line of the summary;
    the whole lab pasted into a new notebook: ungradable, saying why and what to do."""
    folder, _, outcomes = colab_class
    carol, dave = outcomes["carol"], outcomes["dave"]
    note = ("answer cells without their grading marks (pasted into new cells?): q01, perceptron_epoch; "
            "the tests ran on the code as it is, grade q01 by hand from the submitted notebook")
    assert carol.status == "graded" and carol.notes == note
    cells = commands.cell_scores(folder, COLAB_LAB, "carol")
    assert cells and all(c.score == c.max_score for c in cells.values())  # the pasted code was graded
    [line] = [line for line in coordinator.summary(list(outcomes.values())).splitlines() if line.startswith("carol")]
    assert note in line
    assert dave.status == (f"ungradable: no graded cell of {COLAB_LAB} in this notebook (cells pasted into a new "
                           "notebook lose their grading marks): the student must hand in the lab's own notebook")
    assert dave.score == 0


class LostJobs:
    """An executor whose every job is lost (a worker gone): the grader's fault, retried next run."""

    def results(self, jobs):
        for job in jobs:
            yield job, coordinator.GraderFault("the worker grading it was lost")


def test_does_the_summary_name_every_row_left_empty_and_why(tmp_path, monkeypatch):
    """A job lost, then the zero row that keeps its student's place failing too (the gradebook
    locked): the row stays empty, and the run's summary says whose and why."""
    import sqlite3

    from autograder.records import gradebook

    commands.prepare_course(tmp_path, [LAB])
    for name in ("alice", "bob"):
        commands.submit(tmp_path, LAB, name, released())
    zero_row = gradebook.Writer.write_zero

    def locked_for_alice(self, student, reason):
        if student == "alice":
            raise sqlite3.OperationalError("database is locked")
        return zero_row(self, student, reason)

    monkeypatch.setattr(gradebook.Writer, "write_zero", locked_for_alice)
    outcomes = coordinator.grade(tmp_path, LAB, executor=LostJobs(), **LIMITS)
    assert [o.status.startswith("not graded") for o in outcomes] == [True, True]
    score, max_score, _ = coordinator.scores(tmp_path, LAB, "bob")  # bob's zero row keeps his place
    assert score == 0 and max_score > 0
    with gradebook.Writer(gradebook.url(tmp_path), LAB) as writer:
        assert writer.has_submission("bob") and not writer.has_submission("alice")
    [line] = [line for line in coordinator.summary(outcomes).splitlines() if "left empty" in line]
    assert "alice" in line and "OperationalError: database is locked" in line and "bob" not in line
