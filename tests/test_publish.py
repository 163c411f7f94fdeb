"""The student release: ``publish`` writes it from the course, and it holds no answer.

One release of every lab is published once for the module (at a date when every lab is due, so
none is held back), then searched: as text (no hidden test, marker, canary, solution or model
answer line, no instructor-only folder) and by behaviour (every callable a student gets, put in
as the answer of every graded function it fits, fails that function's tests, hidden ones included).
The release's own package then runs the visible tests in a process where the grader is not
importable, as on a student's machine.
"""

from __future__ import annotations

import json
import re
import os
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import pytest

from autograder.course import cells

from autograder.authoring import leaks

from autograder.authoring import publish

from autograder.authoring import release
from autograder.course.layout import CANARY_SOLUTION, ROOT, lab_names, settings
from autograder.course.submissions import load_all

# One xdist worker runs this module: its release (a few minutes of CPU) is published once.
pytestmark = pytest.mark.xdist_group("publish")
AFTER_EVERY_DUE_DATE = datetime(2027, 1, 1, tzinfo=timezone.utc)
BEFORE_ANY_DUE_DATE = datetime(2026, 9, 1, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("student-release")
    publish.publish(dest, now=AFTER_EVERY_DUE_DATE)
    return dest


def test_the_release_holds_the_notebooks_the_package_and_a_readme(released: Path) -> None:
    for lab in lab_names():
        assert (released / "labs" / lab / f"{lab}.ipynb").is_file()
    assert (released / "src" / "dllabs" / "checks" / "lab0.py").is_file()
    assert sorted(p.name for p in (released / "src" / "dllabs" / "checks" / "recorded").glob("*.pt"))
    readme = (released / "README.md").read_text()
    conf = settings()
    assert f"{conf.colab_base}/labs/lab0_perceptron/lab0_perceptron.ipynb" in readme
    assert "Download .ipynb" in readme
    assert (released / "LICENSE").read_text() == (ROOT / "LICENSE").read_text()  # the licence and the credits
    assert (released / "CREDITS.md").read_text() == (ROOT / "CREDITS.md").read_text()
    assert "CC BY-SA 4.0" in readme and "CREDITS.md" in readme
    setup = nbformat.read(released / "labs" / "lab1_backprop" / "lab1_backprop.ipynb", as_version=4).cells[1].source
    assert conf.pip_spec in setup and '"pip", "install"' in setup
    assert 'name = "dllabs"' in (released / "pyproject.toml").read_text()
    log = subprocess.run(["git", "-C", str(released), "log", "--oneline"], capture_output=True, text=True).stdout
    assert "Publish lab0_perceptron" in log


def test_the_package_is_the_course_package(released: Path) -> None:
    """So that the behaviour search below, run on the course's own ``dllabs``, searches the release's."""
    course = {p.relative_to(ROOT / "src"): p.read_bytes() for p in (ROOT / "src" / "dllabs").rglob("*.py")}
    shipped = {p.relative_to(released / "src"): p.read_bytes() for p in (released / "src" / "dllabs").rglob("*.py")}
    assert shipped == course


def test_no_answer_is_found_as_text_in_the_release(released: Path) -> None:
    allowed = {lab: set(owners) for lab, owners in release.solution_borrowers().items()}
    assert publish.text_leaks(released, allowed=allowed) == []
    assert not any(p.name in publish.INSTRUCTOR_ONLY for p in released.rglob("*") if p.is_dir())


def test_the_text_search_finds_a_planted_answer(released: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(released, copy, ignore=shutil.ignore_patterns(".git"))
    nb = nbformat.read(ROOT / "source" / "lab1_backprop" / "lab1_backprop.ipynb", as_version=4)
    backward = next(c.source for c in nb.cells if cells.grade_id(c) == "backward")
    (copy / "src" / "dllabs" / "helpers.py").write_text("def _unrelated_name(params, outputs, Y):\n" + backward)
    (copy / "labs" / "notes.md").write_text(f"<!-- {CANARY_SOLUTION} -->\n")
    (copy / "source").mkdir()
    found = "\n".join(publish.text_leaks(copy))
    assert "helpers.py: holds" in found and "lab1_backprop's answer backward" in found
    assert "notes.md: holds" in found and "source: an instructor-only folder" in found


def test_no_callable_of_the_release_passes_any_hidden_test(released: Path) -> None:
    """The package's functions and classes, and those of the notebooks' given cells: none passes
    the tests of a graded function it fits. A lab's given cells may hold the answers of a lab that
    was due before its release (lab 2 gives lab 1's forward): those are spared for that lab only.
    Two processes (``python -m autograder.authoring.leaks``), the labs split by how long they take."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]), "MPLBACKEND": "Agg",
           "CUDA_VISIBLE_DEVICES": "", "OMP_NUM_THREADS": "1"}
    halves = [["lab4_optim", "lab5_mnist", "lab3_modules", "lab7_sequences"],
              ["lab0_perceptron", "lab1_backprop", "lab2_autograd", "lab6_cifar10"]]
    assert sorted(sum(halves, [])) == lab_names()
    runs = [subprocess.Popen([sys.executable, "-m", "autograder.authoring.leaks", str(released), *labs], cwd=ROOT,
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for labs in halves]
    outputs = [run.communicate(timeout=900) for run in runs]
    for run, (out, err) in zip(runs, outputs):
        assert run.returncode == 0, out + err[-2000:]


def test_the_behaviour_search_finds_a_renamed_reference() -> None:
    from autograder.references import lab0

    def innocent_helper(a, b, c, d):  # a reference under another name, as a student might find one
        return lab0.perceptron_pass(a, b, c, d)

    found = leaks.callable_leaks(["lab0_perceptron"], {"innocent_helper": innocent_helper})
    assert found == ["innocent_helper passes every test of lab0_perceptron.perceptron_epoch"]


def test_a_lab_that_gives_an_earlier_labs_answer_waits_for_its_due_date(tmp_path: Path) -> None:
    with pytest.raises(publish.PublishError, match="lab1_backprop's solution .* due 2026-09-28"):
        publish.publish(tmp_path / "early", ["lab2_autograd"], now=BEFORE_ANY_DUE_DATE)
    assert not (tmp_path / "early").exists()


def test_publish_refuses_an_unknown_lab_and_a_folder_inside_the_course(tmp_path: Path) -> None:
    with pytest.raises(publish.PublishError, match="no lab lab9"):
        publish.publish(tmp_path, ["lab9"])
    with pytest.raises(publish.PublishError, match="inside the course folder"):
        publish.publish(ROOT / "release", ["lab0_perceptron"])


def test_publishing_again_updates_in_place_and_says_what_changed(released: Path, tmp_path: Path) -> None:
    copy = tmp_path / "again"
    shutil.copytree(released, copy)
    (copy / "README.md").write_text("stale\n")
    git = ["git", "-C", str(copy), "-c", "user.name=t", "-c", "user.email=t@localhost"]
    subprocess.run([*git, "commit", "-qam", "an edit made in the release by hand"], check=True)
    changes = publish.publish(copy, ["lab0_perceptron"], now=AFTER_EVERY_DUE_DATE)
    assert "changed README.md" in changes and any(c.startswith("committed ") for c in changes)
    assert (copy / "labs" / "lab6_cifar10" / "lab6_cifar10.ipynb").is_file()  # published earlier: kept
    status = subprocess.run(["git", "-C", str(copy), "status", "--porcelain"], capture_output=True, text=True)
    assert status.stdout == ""  # every change committed


def _student_job(lab: str) -> dict:
    imports, answers, tests = leaks.lab_cells(lab)
    subs = [{"name": "solution", "cells": {}, "expect": None}]
    subs += [{"name": s.name, "cells": s.cells, "expect": s.expect}
             for s in load_all(ROOT / "tests" / "submissions" / lab) if s.expect and not s.blank]
    return {"imports": imports, "answers": answers, "tests": {c.metadata.nbgrader.grade_id: c.source for c in tests},
            "submissions": subs}


STUDENT_RUN = '''
import contextlib, io, json, sys, warnings, importlib.util
student = sys.argv[3] == "student"
assert (importlib.util.find_spec("autograder") is None) == student, "the grader is importable"
import torch
job = json.load(open(sys.argv[1]))
out = {}
for sub in job["submissions"]:
    ns = {"__name__": "__main__"}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(job["imports"], ns)
    for gid, src in job["answers"].items():
        try:
            exec(sub["cells"].get(gid, src), ns)
        except Exception:
            pass
    for gid, src in job["tests"].items():
        if sub["expect"] is not None and gid not in sub["expect"]:
            continue
        buf = io.StringIO()
        try:
            with contextlib.redirect_stdout(buf), warnings.catch_warnings(), torch.random.fork_rng():
                warnings.simplefilter("ignore")
                exec(src.split("### BEGIN HIDDEN TESTS")[0], ns)
            out[sub["name"] + "/" + gid] = "pass " + buf.getvalue()
        except Exception as e:
            out[sub["name"] + "/" + gid] = f"FAIL {e}"
json.dump(out, open(sys.argv[2], "w"))
'''


def _visible_verdicts(tmp_path: Path, lab: str, src: list[Path], mode: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(PYTHONPATH=os.pathsep.join(map(str, src)), CUDA_VISIBLE_DEVICES="", MPLBACKEND="Agg")
    return subprocess.Popen([sys.executable, "run.py", "job.json", f"{mode}.json", mode], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("lab", ["lab0_perceptron", "lab1_backprop"])
def test_the_release_alone_runs_the_visible_tests(released: Path, tmp_path: Path, lab: str) -> None:
    """In a process that cannot import the grader (as on a student's machine), the visible tests give the
    verdicts and messages they give in the course (where the references are real), for the solution and
    every wrong example; where a wrong example needs an answer the release does not hold, its test says
    that it runs when graded, and it never passes the solution's own tests that way."""
    (tmp_path / "job.json").write_text(json.dumps(_student_job(lab)))
    (tmp_path / "run.py").write_text(STUDENT_RUN)
    runs = {"student": _visible_verdicts(tmp_path, lab, [released / "src"], "student"),
            "course": _visible_verdicts(tmp_path, lab, [ROOT / "src", ROOT], "course")}
    for mode, proc in runs.items():
        assert proc.wait(timeout=600) == 0, (mode, proc.stderr.read()[-2000:])
    student, course = (json.loads((tmp_path / f"{m}.json").read_text()) for m in ("student", "course"))
    assert student.keys() == course.keys()
    differ = {k: (student[k], course[k]) for k in course if student[k] != course[k]}
    assert all("runs when your notebook is graded" in s for s, _ in differ.values()), differ
    assert not any(k.startswith("solution/") for k in differ)
    assert len(differ) <= 0.1 * len(course), differ


def test_both_editions_are_published_side_by_side(tmp_path: Path) -> None:
    """``--editions en,fr``: lab 0 in English at labs/ and in French at fr/labs/, the same notebook name and
    code (the French set-up cell also sets the messages' language), a README in each language with a Colab
    badge per edition, and no French model answer in the release (the leak search knows them)."""
    from autograder.course.editions import language_of

    dest = tmp_path / "release"
    publish.publish(dest, ["lab0_perceptron"], now=AFTER_EVERY_DUE_DATE, editions=("en", "fr"))
    en, fr = (nbformat.read(dest / folder / "lab0_perceptron" / "lab0_perceptron.ipynb", as_version=4)
              for folder in ("labs", "fr/labs"))
    assert (language_of(en), language_of(fr)) == ("en", "fr")
    code = [[c.source for c in nb.cells if c.cell_type == "code"] for nb in (en, fr)]
    assert code[0][1:] == code[1][1:] and 'dllabs.set_language("fr")' in code[1][0] not in code[0][0]
    assert "Tenseurs" in fr.cells[2].source and "YOUR ANSWER HERE" in "".join(c.source for c in fr.cells)
    readme, readme_fr = (dest / "README.md").read_text(), (dest / "README.fr.md").read_text()
    for text in (readme, readme_fr):
        assert "/blob/main/labs/lab0_perceptron/lab0_perceptron.ipynb" in text
        assert "/blob/main/fr/labs/lab0_perceptron/lab0_perceptron.ipynb" in text
    assert "(README.fr.md)" in readme and "(README.md)" in readme_fr and "Ouvrir dans Colab" in readme_fr
    prose = re.sub(r"```.*?```|`[^`]*`|<[^>]*>|\([^)]*\.md\)", " ", readme_fr, flags=re.S)
    assert re.findall(r"\b(the|and|with|which|this|that|should|your|when|what)\b", prose) == []
    assert publish.text_leaks(dest) == []
    from autograder.course.editions import read_translations  # a French model answer pasted into a file is found

    model = read_translations(ROOT / "source" / "lab0_perceptron" / "lab0_perceptron.fr.md")["q01"].text
    (dest / "notes.md").write_text("\n".join(line for line in model.splitlines() if "canary" not in line))
    assert [line for line in publish.text_leaks(dest) if "lab0_perceptron's answer q01" in line]
