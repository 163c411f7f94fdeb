"""What an instructor meets in the middle of a semester, through the grading engine
(``autograder/engine/coordinator.py``): a lab edited after submissions were graded, the grader's
own failures, kernels that outlive their submission, the demo's folder, and the release."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path

import nbformat
import pytest

from autograder.engine import coordinator

from autograder.records import commands, gradebook

from autograder.course import submissions
from autograder.__main__ import main
from autograder.course.layout import LABS, ROOT, SOLUTIONS
from autograder.engine.forkserver import ForkServer

pytestmark = pytest.mark.nbgrader
LAB = "lab1_backprop"
QUICK = dict(jobs=2, timeout=120, cell_timeout=30, progress=False)


def course_root(tmp_path: Path) -> Path:
    """A copy of the course's masters (source/) and checks (src/): an instructor's repository
    that no one edits while the test runs (what a grade depends on is digested from it)."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copytree(ROOT / "src", root / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return root


def totals(course: Path, student: str) -> dict[str, float]:
    return {g: c.score for g, c in commands.cell_scores(course, LAB, student).items()}


def full_marks(course: Path, student: str) -> bool:
    cells = commands.cell_scores(course, LAB, student)
    return bool(cells) and all(c.score == c.max_score for c in cells.values())


def test_a_hidden_test_changed_in_source_is_used_when_regrading(tmp_path, example, capsys):
    root, course = course_root(tmp_path), tmp_path / "course"
    commands.submit(course, LAB, "ada", example(LAB, "solution"))
    first = coordinator.grade(course, LAB, root=root, **QUICK)
    assert first[0].status == "graded" and full_marks(course, "ada")
    path = root / "source" / LAB / f"{LAB}.ipynb"
    nb = nbformat.read(path, as_version=4)
    test = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_init_params")
    assert "### END HIDDEN TESTS" in test.source
    test.source = test.source.replace("### END HIDDEN TESTS",
                                      "assert False, 'a hidden test added mid-semester'\n### END HIDDEN TESTS")
    nbformat.write(nb, path)
    capsys.readouterr()
    again = coordinator.grade(course, LAB, root=root, **QUICK)
    said = capsys.readouterr().out
    assert again[0].status == "graded"
    scores = totals(course, "ada")
    assert scores["test_init_params"] == 0 and all(v > 0 for g, v in scores.items() if g != "test_init_params")
    assert [line for line in said.splitlines() if "source/ changed" in line] == [
        f"{LAB}: source/ changed since the gradebook recorded its tests (test_init_params): "
        "updated them (nbgrader generate_assignment --force); every submission is graded again"]
    capsys.readouterr()
    coordinator.grade(course, LAB, root=root, **QUICK)
    assert "source/ changed" not in capsys.readouterr().out  # updated once, not on every run


def test_grader_faults_are_retried_and_submission_faults_kept(tmp_path, example, monkeypatch, capsys):
    root, course = course_root(tmp_path), tmp_path / "course"
    for student, name in [("ada", "solution"), ("bob", "wrong_backward_sum_not_mean"), ("cy", "blank")]:
        commands.submit(course, LAB, student, example(LAB, name))
    (course / "submitted" / "dee" / LAB).mkdir(parents=True)
    (course / "submitted" / "dee" / LAB / f"{LAB}.ipynb").write_text("{not json")
    failed: set[str] = set()
    real_run, real_write = ForkServer.run, gradebook.Writer.write

    def once(student: str) -> bool:
        hit = student not in failed
        failed.add(student)
        return hit

    def run(self, argv, log, settings, result):
        student = next(a.split("=", 1)[1] for a in argv if a.startswith("--student="))
        if student == "ada" and once("ada"):
            self.proc.kill()  # the server dies under this submission
            self.proc.wait()
        if student == "bob" and once("bob"):
            return -9, True  # a time-out under load: graded again, alone
        return real_run(self, argv, log, settings, result)

    locked = {"cy"}  # for the whole first run (written alone again, it still fails)

    def write(self, student, rows):
        if student in locked:
            raise sqlite3.OperationalError("database is locked")
        return real_write(self, student, rows)

    monkeypatch.setattr(ForkServer, "run", run)
    monkeypatch.setattr(gradebook.Writer, "write", write)
    first = {o.student: o for o in coordinator.grade(course, LAB, root=root, **QUICK)}
    assert first["ada"].status.startswith("not graded: the grading fork server stopped"), first["ada"]
    assert first["cy"].status.startswith("not graded: OperationalError: database is locked"), first["cy"]
    # its time-out was not pinned
    assert first["bob"].status == "graded" and totals(course, "bob")["test_backward"] == 0
    assert first["dee"].status.startswith("ungradable: ")
    assert ("2 not graded (the grader's fault: retried on the next run): ada, cy"
            in coordinator.summary(list(first.values())))
    assert all(totals(course, s) for s in ("ada", "cy"))  # a zero row meanwhile: no row left empty
    locked.clear()
    capsys.readouterr()
    second = {o.student: o for o in coordinator.grade(course, LAB, root=root, **QUICK)}
    said = capsys.readouterr().out
    assert {s: o.status for s, o in second.items()} == {"ada": "graded", "bob": "unchanged", "cy": "graded",
                                                        "dee": "unchanged"}
    assert full_marks(course, "ada") and second["cy"].score == 0
    assert "retrying ada: the last run could not grade it (the grading fork server stopped" in said
    assert "retried after the grader's fault last run: ada, cy" in coordinator.summary(list(second.values()))


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_what_a_stuck_submission_started_is_killed_without_the_sandbox(new_course, monkeypatch, tmp_path):
    """Its kernel (started by jupyter_client in a session of its own) and a process the
    kernel started in yet another session: both gone when the submission's time is up."""
    monkeypatch.setenv("DLLABS_SANDBOX", "off")
    pids = tmp_path / "pids"
    stuck = submissions.Submission("stuck", "", {"backward": f"""def backward(params, outputs, Y):
    import os, signal, subprocess, sys
    helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"], start_new_session=True)
    with open({str(pids)!r}, "a") as f:
        print(os.getpid(), helper.pid, file=f)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        pass
"""})
    commands.submit(new_course, LAB, "stuck", submissions.make_notebook(
        LABS / LAB / f"{LAB}.ipynb", SOLUTIONS / LAB / f"{LAB}.ipynb", stuck))
    [outcome] = coordinator.grade(new_course, LAB, jobs=1, timeout=12, cell_timeout=120, progress=False)
    assert outcome.status.startswith("ungradable: ran past the 12 s limit"), outcome
    started = [int(p) for p in pids.read_text().split()]
    deadline = time.monotonic() + 5
    while [p for p in started if alive(p)] and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [p for p in started if alive(p)]
    for pid in left:  # (do not leave them running when the test fails)
        os.kill(pid, 9)
    assert started and left == []


def test_demo_refuses_a_folder_it_did_not_make(tmp_path, monkeypatch, capsys):
    from autograder import demo

    mine = tmp_path / "my course"
    mine.mkdir()
    (mine / "grades-2025.csv").write_text("keep me")
    monkeypatch.setattr(demo, "build", lambda: ["stop here (this test grades nothing)"])
    assert main(["demo", "--course", str(mine)]) == 1
    err = capsys.readouterr().err
    assert (mine / "grades-2025.csv").read_text() == "keep me"
    assert err.count("\n") == 1 and "is not empty and was not made by the demo" in err
    made = tmp_path / "demo"
    assert main(["demo", "--course", str(made)]) == 1  # (the build stops it) a new folder is taken...
    (made / "submitted").mkdir()
    assert main(["demo", "--course", str(made)]) == 1  # ...and emptied again by the next demo
    assert not (made / "submitted").exists() and "not made by the demo" not in capsys.readouterr().err


def test_grading_in_the_repository_leaves_the_release_alone(tmp_path):
    root = course_root(tmp_path)  # the course folder is the repository: labs/ is its tracked release
    release = root / "labs" / LAB / f"{LAB}.ipynb"
    release.parent.mkdir(parents=True, exist_ok=True)
    release.write_text("the release as committed")
    coordinator.grade(root, LAB, root=root, **QUICK)
    assert release.read_text() == "the release as committed"
    assert sorted(p.name for p in (root / "labs").rglob("*")) == [LAB, f"{LAB}.ipynb"]
    assert commands.gradebook_cells(root, LAB) == commands.graded_cells(
        nbformat.read(root / "source" / LAB / f"{LAB}.ipynb", as_version=4))
    assert not os.path.exists(root / "gradebook.db-journal")


def test_what_grading_left_in_the_scratch_folder_is_removed_once_unused_for_a_day(tmp_path, monkeypatch):
    """Each change of a lab's master or checks makes a new template course in the scratch folder,
    and a killed run leaves its jobs' courses there; making a template removes that lab's folders
    nothing used for a day (older templates, unfinished ones, old jobs' courses), and leaves
    the others: recent ones, another lab's."""
    from autograder.engine import job

    monkeypatch.setenv("DLLABS_SCRATCH", str(tmp_path / "scratch"))
    base = tmp_path / "scratch"
    base.mkdir()
    day_ago = time.time() - job.UNUSED_FOR - 60
    names = {"old": f"{LAB}-{'a' * 16}", "unfinished": f".{LAB}-{'b' * 16}-x1y2", "recent": f"{LAB}-{'c' * 16}",
             "other_lab": f"lab2_autograd-{'d' * 16}", "old_job": f"{LAB}-s000-qf_ez9h8",
             "job": f"{LAB}-s001-x8bz0ylm"}
    for key, name in names.items():
        (base / name).mkdir()
        (base / f"{name}.lock").touch()
        if key not in ("recent", "job"):
            os.utime(base / name, (day_ago, day_ago))
    master = (ROOT / "source" / LAB / f"{LAB}.ipynb").read_bytes()
    made = job.template(LAB, master)
    assert (made / "gradebook.db").exists()
    left = {p.name for p in base.iterdir()}
    assert not {names["old"], f"{names['old']}.lock", names["unfinished"], names["old_job"]} & left
    assert {names["recent"], names["other_lab"], names["job"], made.name} <= left
    os.utime(made, (day_ago, day_ago))
    assert job.template(LAB, master) == made and time.time() - made.stat().st_mtime < 60  # a use marks it used


# Results as data: whose fault a failure is comes from the exceptions' classes, not from words.

def _error(*types: str, message: str = "") -> dict:
    return {"step": "convert_single_notebook", "types": [*types, "Exception", "BaseException"], "message": message}


def test_is_a_gradebook_exception_the_graders_fault_and_the_words_alone_not():
    from autograder.course.settings import GradingSettings
    from autograder.engine.job import GraderFault, verdict

    settings = GradingSettings()
    with pytest.raises(GraderFault, match="gradebook"):
        verdict(1, False, {"errors": [_error("OperationalError", "DatabaseError", "SQLAlchemyError")]}, settings)
    words = "sqlalchemy.exc.OperationalError: database is locked; DeadKernelError; CellTimeoutError; Timeout"
    said = verdict(1, False, {"errors": [_error("CellExecutionError", message=words)]}, settings)
    assert said == "nbgrader could not grade it: CellExecutionError: " + words
    assert verdict(0, False, {"errors": []}, settings) is None
    assert "kernel died" in verdict(1, False, {"errors": [_error("DeadKernelError", "RuntimeError")]}, settings)
    assert "60 s limit" in verdict(1, False, {"errors": [_error("CellTimeoutError", "TimeoutError")]}, settings)
    assert verdict(1, False, None, settings).startswith("nbgrader could not grade it: exit status 1 before")
    assert verdict(-9, True, None, settings) == "ran past the 300 s limit of a submission"


def test_does_the_child_record_nbgraders_exceptions_by_class(tmp_path):
    """records.outcome in a process of its own: an exception escaping a step of nbgrader's converter
    is written with its classes; nbgrader's own handling (it logs and goes on) is unchanged."""
    import subprocess
    import sys

    code = ("import sqlite3, sys\nfrom pathlib import Path\nfrom nbgrader.converters.autograde import Autograde\n"
            "from autograder.records.outcome import recording\n"
            "def boom(self, *a, **k):\n    raise sqlite3.OperationalError('database is locked')\n"
            "Autograde.init_destination = boom\n"
            "with recording(Path(sys.argv[1])):\n"
            "    try:\n        Autograde.init_destination(object(), 'lab', 'ada')\n"
            "    except sqlite3.OperationalError:\n        pass\n")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "outcome.json")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    from autograder.records.outcome import read

    found = read(tmp_path / "outcome.json")
    assert found["errors"] == [{"step": "init_destination", "types": ["OperationalError", "DatabaseError", "Error",
                                                                      "Exception", "BaseException"],
                                "message": "database is locked"}]
    assert read(tmp_path / "missing.json") is None


def test_does_a_stuck_fork_server_time_out_and_stop(tmp_path):
    """ForkServer.run waits for the reply at most the submission's limit plus REPLY_MARGIN; the
    stuck server is killed and the job is the grader's fault (RuntimeError -> GraderFault)."""
    import subprocess
    import sys

    from autograder.course.settings import GradingSettings
    from autograder.engine import forkserver

    server = ForkServer.__new__(ForkServer)
    server.proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    server._remove = lambda: None
    margin, forkserver.REPLY_MARGIN = forkserver.REPLY_MARGIN, 0.5
    try:
        t0 = time.monotonic()
        with pytest.raises(RuntimeError, match="no reply in 1.5 s"):
            server.run(["autograde"], tmp_path / "log", GradingSettings(timeout=1), tmp_path / "outcome.json")
        assert time.monotonic() - t0 < 10
        assert server.proc.poll() is not None  # killed
    finally:
        forkserver.REPLY_MARGIN = margin
        if server.proc.poll() is None:
            server.proc.kill()


def test_are_the_settings_read_from_the_environment_once_and_carried_as_data():
    import pickle

    from autograder.course.settings import GradingSettings
    from autograder.records.grading_config import configure
    from traitlets.config import Config

    env = {"DLLABS_SANDBOX": "OFF", "DLLABS_WARM": "off"}
    settings = GradingSettings.from_environment(env, timeout=30.0, cell_timeout=None)
    assert (settings.sandbox, settings.warm, settings.timeout, settings.cell_timeout) == ("off", False, 30.0, 60.0)
    assert GradingSettings.from_json(settings.to_json()) == settings == pickle.loads(pickle.dumps(settings))
    with pytest.raises(ValueError, match="sandbox must be one of"):
        GradingSettings(sandbox="maybe")
    c = configure(Config(), GradingSettings(cell_timeout=7, memory=2**30, warm=True), zygote="/z.sock")
    assert (c.Execute.timeout, c.GradingKernelManager.memory, c.GradingKernelManager.zygote) == (7, 2**30, "/z.sock")
    cold = configure(Config(), settings, zygote="/z.sock")
    assert cold.GradingKernelManager.zygote == "" and cold.GradingExecute.sandbox == "off"


def test_does_a_fork_server_with_a_second_thread_spawn_instead_of_forking(tmp_path):
    """A fork copies one thread: a lock another thread held stays locked in the child. A server
    with a second thread (a sitecustomize that imports torch starts one) spawns a fresh Python
    for each child instead, which runs nbgrader and records its outcome all the same."""
    import json
    import subprocess
    import sys

    from autograder.course.settings import GradingSettings

    code = ("import sys, threading, time\nfrom autograder.engine import forkserver\n"
            "threading.Thread(target=time.sleep, args=(600,), daemon=True).start()\n"
            "forkserver._serve(sys.argv[1])\n")
    env = {**os.environ, "DLLABS_WARM": "off"}
    proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT, env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        request = {"argv": ["--version"], "log": str(tmp_path / "log"), "settings": GradingSettings().to_json(),
                   "result": str(tmp_path / "outcome.json")}
        out, _ = proc.communicate(json.dumps(request) + "\n", timeout=120)
    finally:
        proc.kill()
    assert json.loads(out.splitlines()[0]) == {"status": 0, "timed_out": False, "spawned": True}
    import nbgrader

    assert nbgrader.__version__ in (tmp_path / "log").read_text()
    assert json.loads((tmp_path / "outcome.json").read_text())["errors"] == []


def test_does_importing_the_grader_leave_path_alone():
    """Importing autograder changes nothing of the process; ``python -m autograder`` puts this
    Python's tools first on PATH itself (nbgrader's gradebook runs its ``alembic``)."""
    import subprocess
    import sys

    env = {**os.environ, "PATH": "/usr/bin:/bin"}
    code = "import os, autograder, autograder.engine.coordinator; print(os.environ['PATH'])"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "/usr/bin:/bin", done.stderr[-500:]
