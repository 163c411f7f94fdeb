"""Grading on a real Dask cluster (issue 14): a ``dask scheduler`` and two ``dask worker``
processes started by the ``dask_cluster`` fixture, as on a grading machine: in a folder
outside the course, with the course's distribution installed by pip and the repository not
on their import path (issue 24). The same class graded through the scheduler and by local
``grade`` gives the same gradebook rows; a worker killed in the middle of a submission loses
nothing and grades nothing twice; the Slurm section parses."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from autograder.engine import coordinator

from autograder.engine import distributed
from autograder.kernels import sandbox

from autograder.records import gradebook

from autograder.records import commands
from autograder.__main__ import main

pytestmark = pytest.mark.nbgrader

# Every lab: a wrong example (it loses points on its test only), and for labs 0 and 1 the solution too.
EVERY_LAB = {"lab0_perceptron": {"ada": "solution", "bob": "wrong_bce_with_logits_sum_not_mean"},
         "lab1_backprop": {"ada": "solution", "bob": "wrong_backward_sum_not_mean"},
         "lab2_autograd": {"bob": "wrong_init_params_autograd_ignores_device"},
         "lab3_modules": {"bob": "wrong_MLP_layers_out_of_order"},
         "lab4_optim": {"bob": "wrong_init_model_optim_lr_ignored"},
         "lab5_mnist": {"bob": "wrong_LinearClassifier_flattens_batch"},
         "lab6_cifar10": {"bob": "wrong_add_noise_ignores_device"},
         "lab7_sequences": {"ada": "solution", "bob": "wrong_attention_no_scale"}}
# By default lab 1 (a right and a wrong submission); every lab with `-m slow` (about 130 s).
QUICK = {lab: EVERY_LAB[lab] for lab in ("lab1_backprop",)}
LIMITS = dict(timeout=240, cell_timeout=120, progress=False)


def submit_class(course: Path, example, labs: dict[str, dict[str, str]]) -> None:
    for lab, students in labs.items():
        for student, name in students.items():
            commands.submit(course, lab, student, example(lab, name))


def said_and_scored(course: Path, lab: str, student: str) -> dict[str, tuple]:
    """test grade_id -> (score, max score, the lines it printed): streams may come in other chunks."""
    return {g: (c.score, c.max_score, [line for line in c.output.splitlines() if line.strip()])
            for g, c in commands.cell_scores(course, lab, student).items()}


def autograded_sources(course: Path, lab: str, student: str) -> list[str]:
    """The cells of the autograded notebook: the graders' model answers are among them when the
    grading configuration (``autograder.records.grading_config``) was applied."""
    import nbformat

    nb = nbformat.read(course / "autograded" / student / lab / f"{lab}.ipynb", as_version=4)
    return [cell.source for cell in nb.cells]


def test_the_wrong_examples_exist():
    from conftest import EXAMPLES

    for lab, students in EVERY_LAB.items():
        for name in students.values():
            assert (EXAMPLES / lab / f"{name}.py").exists(), (lab, name)


def test_the_workers_run_outside_the_course_on_the_installed_distribution(dask_cluster, installed_course):
    from distributed import Client

    from autograder.course.layout import ROOT

    with Client(dask_cluster.address, timeout=60) as client:
        # (a lambda goes by value: the workers cannot import this test module)
        where = client.run(lambda: (os.getcwd(), __import__("autograder").__file__, __import__("dllabs").__file__))
    assert len(where) == 2
    for cwd, autograder_file, dllabs_file in where.values():
        assert not Path(cwd).is_relative_to(ROOT), cwd
        assert Path(autograder_file).is_relative_to(installed_course), autograder_file
        assert Path(dllabs_file).is_relative_to(installed_course), dllabs_file


def test_installed_the_grader_digests_the_checks_it_has_as_the_course_folder_does(installed_course, tmp_path):
    import subprocess
    import sys

    from autograder.engine.digests import checks_digest

    code = ("from autograder.course import env; from autograder.engine import digests;"
            " print(env.SRC); print(digests.checks_digest())")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(installed_course)})
    assert done.returncode == 0, done.stderr[-2000:]
    src, digest = done.stdout.split()
    assert Path(src) == installed_course  # where its kernels import dllabs from
    assert digest == checks_digest()  # so a worker accepts the jobs of a coordinator of the same version


@pytest.mark.parametrize("labs", [pytest.param(QUICK, id="lab-1"),
                                  pytest.param(EVERY_LAB, id="every-lab", marks=pytest.mark.slow)])
def test_a_class_graded_through_the_scheduler_matches_local_grade(dask_cluster, tmp_path, example, capsys, labs):
    local, remote = tmp_path / "local", tmp_path / "remote"
    submit_class(local, example, labs)
    submit_class(remote, example, labs)
    for lab, students in labs.items():
        mine = {o.student: o for o in coordinator.grade(local, lab, jobs=2, **LIMITS)}
        assert all(o.status == "graded" for o in mine.values()), mine
        assert 0 < mine["bob"].score < (mine["ada"].score if "ada" in mine else mine["bob"].max_score)
        assert main(["grade", lab, "--course", str(remote), "--scheduler", dask_cluster.address,
                     "--timeout", "240", "--cell-timeout", "120"]) == 0
        said = capsys.readouterr().out
        assert f"grading on the Dask cluster at {dask_cluster.address}" in said, said
        assert f"{len(students)} graded" in said, said
    assert gradebook.all_rows(gradebook.url(remote)) == gradebook.all_rows(gradebook.url(local))
    for lab, students in labs.items():
        for student in students:
            assert said_and_scored(remote, lab, student) == said_and_scored(local, lab, student)
            # the workers graded with the same configuration (no course folder there to read it from)
            assert autograded_sources(remote, lab, student) == autograded_sources(local, lab, student)
    with gradebook.opened(gradebook.url(remote)) as gb:  # where the checks ran is in the comment
        notebook = gb.find_submission_notebook("lab1_backprop", "lab1_backprop", "ada")
        comments = [c.auto_comment for c in notebook.comments]
    assert "checks ran on cpu" in comments[0]
    assert main(["grade", "lab1_backprop", "--course", str(remote), "--scheduler", dask_cluster.address]) == 0
    assert "0 graded, 2 unchanged" in capsys.readouterr().out  # a re-run resumes like local grade


@pytest.mark.slow
def test_every_fault_and_cheat_fixture_keeps_its_result_on_dask(dask_cluster, tmp_path):
    """tests/faults graded through the scheduler: each fixture gets the outcome and loses exactly the
    cells it names, as local grading gives them (tests/test_class_grading.py::test_faults_and_cheats;
    ``ignores_interrupts``, which needs a short limit of its own, is left to that test)."""
    from autograder.course import submissions
    from autograder.course.layout import LABS, ROOT, SOLUTIONS

    lab = "lab1_backprop"
    faults = [s for s in submissions.load_all(ROOT / "tests" / "faults" / lab)
              if (s.meta.get("needs") != "sandbox" or sandbox.enabled()) and s.name != "ignores_interrupts"]
    for sub in faults:
        commands.submit(tmp_path, lab, sub.name, submissions.make_notebook(LABS / lab / f"{lab}.ipynb",
                                                                          SOLUTIONS / lab / f"{lab}.ipynb", sub))
    executor = distributed.connect(dask_cluster.address)
    try:
        outcomes = {o.student: o for o in coordinator.grade(tmp_path, lab, executor=executor,
                                                            timeout=45, cell_timeout=6, progress=False)}
    finally:
        executor.close()
    wrong = {}
    for sub in faults:
        cells = commands.cell_scores(tmp_path, lab, sub.name)
        if sub.meta.get("outcome") == "ungradable":
            ok = outcomes[sub.name].status.startswith("ungradable: ") and all(c.score == 0 for c in cells.values())
        else:
            lost = {g for g, c in cells.items() if c.score < c.max_score}
            ok = outcomes[sub.name].status == "graded" and lost == set(sub.expect)
        if not ok:
            wrong[sub.name] = outcomes[sub.name].status
    assert not wrong, wrong


def test_a_worker_killed_mid_submission_loses_nothing_and_grades_nothing_twice(dask_cluster, tmp_path, example,
                                                                                 monkeypatch):
    lab, course = "lab1_backprop", tmp_path / "course"
    wrong = "wrong_backward_sum_not_mean"
    names = {"ada": "solution", "bob": wrong, "cy": "solution", "dee": wrong}
    for student, name in names.items():
        commands.submit(course, lab, student, example(lab, name))
    writes: list[str] = []
    real_write = gradebook.Writer.write

    def counted_write(self, student, rows):
        writes.append(student)
        return real_write(self, student, rows)

    monkeypatch.setattr(gradebook.Writer, "write", counted_write)
    executor = distributed.connect(dask_cluster.address)
    outcomes: list[coordinator.Outcome] = []
    grader = threading.Thread(
        target=lambda: outcomes.extend(coordinator.grade(course, lab, executor=executor, **LIMITS)))
    grader.start()
    killed, client = None, executor.client  # (a second Client in this process would share, and close, its loop)
    deadline = time.monotonic() + 180
    while killed is None and time.monotonic() < deadline and grader.is_alive():
        workers = client.scheduler_info()["workers"]
        busy = [workers[a]["name"] for a, keys in client.processing().items() if keys and a in workers]
        if "w1" in busy:
            time.sleep(3)  # in the middle of its submission
            dask_cluster.kill_worker("w1")
            killed = "w1"
        time.sleep(0.2)
    grader.join(600)
    executor.close()
    dask_cluster.start_worker("w1")  # (for the next tests of the module)
    assert killed == "w1", "w1 never got a submission"
    assert sorted(o.student for o in outcomes) == sorted(names)  # nothing lost
    assert all(o.status == "graded" for o in outcomes), outcomes
    assert sorted(writes) == sorted(names)  # each written once: nothing graded twice
    full = {s: sum(c.score for c in commands.cell_scores(course, lab, s).values()) for s in names}
    assert full["ada"] == full["cy"] > full["bob"] == full["dee"] > 0


def test_the_slurm_section_builds_a_slurm_cluster(tmp_path):
    pytest.importorskip("dask_jobqueue")
    (tmp_path / "pyproject.toml").write_text(
        "[tool.dllabs.slurm]\nworkers = 3\nqueue = \"gpu\"\naccount = \"dl-course\"\ncores = 4\nprocesses = 2\n"
        "memory = \"16GB\"\nwalltime = \"01:00:00\"\njob_extra_directives = [\"--gres=gpu:1\"]\n")
    workers, kwargs = distributed.slurm_config(tmp_path)
    assert workers == 3 and kwargs["queue"] == "gpu" and kwargs["processes"] == 2
    from dask_jobqueue import SLURMCluster

    # (nothing is submitted: the cluster is not scaled)
    with SLURMCluster(**kwargs, scheduler_options={"dashboard_address": ":0"}) as cluster:
        script = cluster.job_script()
    assert "#SBATCH -p gpu" in script and "#SBATCH -A dl-course" in script and "#SBATCH --gres=gpu:1" in script
    assert "--nworkers 2" in script and "#SBATCH -t 01:00:00" in script
    (tmp_path / "pyproject.toml").write_text("[tool.dllabs]\n")
    with pytest.raises(ValueError, match=r"needs a \[tool.dllabs.slurm\] section"):
        distributed.slurm_config(tmp_path)


def test_the_readme_slurm_example_parses():
    import re
    import tomllib

    from autograder.course.layout import ROOT

    text = (ROOT / "README.md").read_text()
    block = re.search(r"```toml\n(\[tool\.dllabs\.slurm\].*?)```", text, re.S)
    assert block, "the README shows a [tool.dllabs.slurm] example"
    section = tomllib.loads(block.group(1))["tool"]["dllabs"]["slurm"]
    assert section["workers"] >= 1 and "cores" in section and "memory" in section
