"""Fixtures shared by the grading tests (tests do not import each other):

- ``example``: a bundled example submission (tests/submissions/<lab>/<name>.py) as the
  notebook its student would hand in;
- ``new_course``: an empty course folder with lab 1 recorded in its gradebook;
- ``graded_examples``: every lab's example class graded ONCE per test module by the engine
  (``coordinator.grade``), with tiny MNIST / CIFAR-10 files as the data sets.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import nbformat
import pytest

from autograder.engine import coordinator

from autograder.records import commands

from autograder.course import submissions
from autograder.course.layout import LABS, ROOT, SOLUTIONS

EXAMPLES = ROOT / "tests" / "submissions"
# The tiny CIFAR-10 batches are not the real files: torchvision's MD5 check is bypassed in
# the grading processes of these tests only.
BYPASS_MD5 = "import torchvision.datasets.cifar as c\nc.CIFAR10._check_integrity = lambda self: True\n"


def example_notebook(lab: str, name: str, folder: Path = EXAMPLES) -> nbformat.NotebookNode:
    """The released notebook of ``lab`` filled in as example ``folder/<lab>/<name>.py`` says."""
    sub = submissions.parse(folder / lab / f"{name}.py")
    return submissions.make_notebook(LABS / lab / f"{lab}.ipynb", SOLUTIONS / lab / f"{lab}.ipynb", sub)


@pytest.fixture
def example():
    return example_notebook


@pytest.fixture
def new_course(tmp_path):
    """A course folder whose gradebook holds lab 1 (no submission yet)."""
    commands.prepare_course(tmp_path, ["lab1_backprop"])
    return tmp_path


@contextlib.contextmanager
def tiny_data(course: Path):
    """Grading kernels (sandboxed or not) read the tiny data sets written in ``course``."""
    from tiny_datasets import write_tiny_cifar10, write_tiny_mnist

    data, site = course / "data", course / "site"
    if not data.exists():
        write_tiny_mnist(data, n_train=64, n_test=32)
        write_tiny_cifar10(data, n_per_batch=16)
        site.mkdir()
        (site / "sitecustomize.py").write_text(BYPASS_MD5)
    saved = dict(os.environ)
    os.environ["DLLABS_DATA"] = str(data)
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in [str(site), saved.get("PYTHONPATH", "")] if p)
    os.environ["DLLABS_KERNEL_PYTHONPATH"] = str(site)  # the sandbox's kernels see it too
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


class GradedExamples:
    """Each lab's example class (a list of submissions), submitted and graded once, on demand."""

    def __init__(self, course: Path) -> None:
        self.course = course
        self.outcomes: dict[str, dict[str, coordinator.Outcome]] = {}
        self.cells: dict[str, dict[str, dict[str, commands.CellScore]]] = {}

    def __call__(self, lab: str, subs: list[submissions.Submission]) -> dict[str, dict[str, commands.CellScore]]:
        """{student: {test grade_id: CellScore}} of ``subs``, graded by ``coordinator.grade`` (2 at a time)."""
        if lab not in self.cells:
            for sub in subs:
                nb = submissions.make_notebook(LABS / lab / f"{lab}.ipynb", SOLUTIONS / lab / f"{lab}.ipynb", sub)
                commands.submit(self.course, lab, sub.name, nb)
            with tiny_data(self.course):
                outcomes = coordinator.grade(self.course, lab, jobs=2, progress=False)
            self.outcomes[lab] = {o.student: o for o in outcomes}
            self.cells[lab] = {s.name: commands.cell_scores(self.course, lab, s.name) for s in subs}
        return self.cells[lab]


@pytest.fixture(scope="module")
def graded_examples(tmp_path_factory):
    """``graded_examples(lab, subs)``: the example class of ``lab`` graded once for the module."""
    return GradedExamples(tmp_path_factory.mktemp("course"))


# --- What a sandboxed kernel sees (cold from bwrap: test_sandbox.py; warm: test_zygote.py) ---

def sandbox_probe(tmp_path: Path) -> str:
    """Code for a kernel run in ``tmp_path/work``: it writes ``answer.txt`` there, then prints
    whether the course's ``source/``, ``solutions/``, ``tests/`` and a secret file next to its
    folder exist, and whether the course package is writable (:func:`assert_sandbox_probe`)."""
    (tmp_path / "secret.txt").write_text("the gradebook")
    hidden = [str(ROOT / "source"), str(ROOT / "solutions"), str(ROOT / "tests"), str(tmp_path / "secret.txt")]
    return f"""
import os, pathlib
pathlib.Path("answer.txt").write_text("mine")
import dllabs, torch  # the course package and torch are there, read-only
for path in {hidden!r}:
    print(path, os.path.exists(path))
try:
    open(dllabs.__file__, "a").write("# changed")
    print("package writable")
except OSError:
    print("package read-only")
"""


def assert_sandbox_probe(lines: list[str], work: Path) -> None:
    """What :func:`sandbox_probe` printed (its first 5 lines) when the sandbox holds."""
    assert (work / "answer.txt").read_text() == "mine"
    assert all(line.endswith(" False") for line in lines[:4]), lines
    assert lines[4] == "package read-only"


# --- Dask and PostgreSQL, started by the tests (issue 14) -----------------------------------

from autograder.engine.forkserver import die_with_parent  # noqa: E402  (a killed test run leaves no cluster behind)

def _newest_postgres() -> Path:
    """Debian's newest PostgreSQL binaries (/usr/lib/postgresql/<version>/bin)."""
    found = Path("/usr/lib/postgresql").glob("*/bin")
    return max(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
               default=Path("/usr/lib/postgresql/15/bin"))


PG_BIN = Path(os.environ.get("DLLABS_PG_BIN") or _newest_postgres())


def install_course(folder: Path) -> Path:
    """The course's distribution as a grading machine gets it (``pip install`` of the course, no
    repository): a wheel built from a copy of the packaged folders (src/, autograder/), installed
    with pip into ``folder/site``, which is returned. A machine with it on ``PYTHONPATH`` imports
    the course's packages from there only."""
    import shutil
    import subprocess
    import sys

    work = folder / "course"
    work.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, work / name)
    for name in ("src", "autograder"):
        shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    # (no build isolation: the environment's setuptools builds it, offline)
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(folder / "wheel"), str(work)],
                   check=True, capture_output=True)
    wheel = next((folder / "wheel").glob("*.whl"))
    subprocess.run([*pip, "install", "--no-deps", "--target", str(folder / "site"), str(wheel)],
                   check=True, capture_output=True)
    return folder / "site"


@pytest.fixture(scope="session")
def installed_course(tmp_path_factory) -> Path:
    """:func:`install_course` once per test session: the folder the course's packages are installed in."""
    return install_course(tmp_path_factory.mktemp("installed"))


class DaskCluster:
    """A ``dask scheduler`` and two ``dask worker`` processes (no nanny) on this machine, each
    worker with a scratch folder of its own (no shared file system between workers).

    They run as on a grading machine where the course was installed with pip: in ``folder``
    (outside the course), importing the course's packages from ``site`` (:func:`install_course`)
    and never from the repository, which is not on their ``PYTHONPATH``."""

    def __init__(self, folder: Path, site: Path) -> None:
        import subprocess
        import sys

        self.folder, self.env = folder, dict(os.environ)
        self.env["PYTHONPATH"] = str(site)
        dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
        info = folder / "scheduler.json"
        self.scheduler = subprocess.Popen([*dask, "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                           "--scheduler-file", str(info)], env=self.env, cwd=folder,
                                          start_new_session=True, preexec_fn=die_with_parent,
                                          stdout=(folder / "scheduler.log").open("w"), stderr=subprocess.STDOUT)
        import time

        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        import json

        self.address = json.loads(info.read_text())["address"]
        self.workers: dict[str, subprocess.Popen] = {}
        for name in ("w1", "w2"):
            self.start_worker(name)

    def start_worker(self, name: str):
        import subprocess
        import sys

        env = {**self.env, "DLLABS_SCRATCH": str(self.folder / f"scratch-{name}")}
        self.workers[name] = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", self.address, "--name", name, "--nthreads", "1",
             "--no-nanny", "--no-dashboard", "--memory-limit", "0", "--local-directory", str(self.folder / name)],
            env=env, cwd=self.folder, start_new_session=True, preexec_fn=die_with_parent,
            stdout=(self.folder / f"{name}.log").open("w"), stderr=subprocess.STDOUT)

    def kill_worker(self, name: str) -> None:
        """SIGKILL the worker and all it started (its fork server, nbgrader, the kernel)."""
        import signal

        os.killpg(self.workers[name].pid, signal.SIGKILL)
        self.workers[name].wait()

    def close(self) -> None:
        import signal

        for proc in [*self.workers.values(), self.scheduler]:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory, installed_course):
    """A real Dask scheduler and two worker processes, outside the course with the course
    installed (:class:`DaskCluster`); ``.address`` is the scheduler's."""
    from distributed import Client

    cluster = DaskCluster(tmp_path_factory.mktemp("dask"), installed_course)
    try:
        with Client(cluster.address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield cluster
    finally:
        cluster.close()


class PostgresServer:
    """Debian's PostgreSQL started on a Unix socket in a temp folder, as an unprivileged user
    when this runs as root (postgres refuses root); :meth:`new_db` makes an empty database."""

    def __init__(self) -> None:
        import shutil
        import subprocess
        import tempfile
        import time

        self.folder = Path(tempfile.mkdtemp(prefix="dllabs-pg-"))
        user = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "nobody")
            user = ["runuser", "-u", "nobody", "--"]
        data = self.folder / "data"
        subprocess.run([*user, str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8"],
                       check=True, capture_output=True)
        self.proc = subprocess.Popen([*user, str(PG_BIN / "postgres"), "-D", str(data), "-k", str(self.folder),
                                      "-c", "listen_addresses=", "-c", "fsync=off"],
                                     stdout=(Path(tempfile.gettempdir()) / f"{self.folder.name}.log").open("w"),
                                     stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=die_with_parent)
        deadline = time.monotonic() + 60
        while subprocess.run([str(PG_BIN / "pg_isready"), "-h", str(self.folder), "-U", "postgres"],
                             capture_output=True).returncode != 0:
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError("PostgreSQL did not start")
            time.sleep(0.2)
        self.count = 0

    def new_db(self) -> str:
        """The SQLAlchemy URL of a new, empty database."""
        import psycopg

        self.count += 1
        name = f"gradebook{self.count}"
        with psycopg.connect(host=str(self.folder), user="postgres", dbname="postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return f"postgresql+psycopg://postgres@/{name}?host={self.folder}"

    def close(self) -> None:
        import shutil

        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except Exception:  # noqa: BLE001
            self.proc.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def postgres():
    """A real PostgreSQL server for the module. Skipped only when its binaries are missing
    (failed instead where DLLABS_REQUIRE_POSTGRES=1: .ci/run installs them)."""
    if not (PG_BIN / "postgres").exists():
        if os.environ.get("DLLABS_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"no PostgreSQL in {PG_BIN} (DLLABS_REQUIRE_POSTGRES=1)")
        pytest.skip(f"no PostgreSQL binaries in {PG_BIN} (Debian's postgresql package; or set DLLABS_PG_BIN)")
    server = PostgresServer()
    try:
        yield server
    finally:
        server.close()
