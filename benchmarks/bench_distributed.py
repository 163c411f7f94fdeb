"""The cost of grading through Dask: a class of N lab-1 submissions (right and wrong mixed,
cycled from tests/submissions) graded by local `grade --jobs 2` and through a real `dask
scheduler` with two local `dask worker` processes (one thread each, so the same two
submissions at once; started in a temp folder on the course installed there by pip, as on a
grading machine: tests/conftest.py's DaskCluster), in one run. Prints seconds per submission
both ways, the overhead of the distribution, whether the scores are identical, and a
projection for a big class.

    PYTHONPATH=src:. python benchmarks/bench_distributed.py --students 40

Projection: with ``c`` the measured seconds of one submission on one worker slot (local
wall time x 2 slots / N) and ``o`` the measured overhead per submission of the scheduler
path (its wall time minus local, / N, spread over the 2 slots), ``S`` submissions on
``W`` workers take about ``ceil(S / W) * (c + 2 o)`` plus the per-worker start-up (the
template course: one ``nbgrader generate_assignment``, measured here as the first job's
seconds, paid before the clock starts). The coordinator records the results serially (the
gradebook's rows, ``autograded/``, the state): ``w``, measured by replaying the graded results
``S`` times into a fresh course as fast as the coordinator takes them, makes ``S * w`` a floor
the projection also reports.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from autograder.engine import coordinator  # noqa: E402
from autograder.records import commands, gradebook  # noqa: E402

from autograder.engine import distributed  # noqa: E402

from bench_grading import make_class  # noqa: E402

LAB = "lab1_backprop"


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def captured(results: list) -> None:
    """Keep every result the local executor gives back (to replay them: :func:`replay_seconds`)."""
    real = coordinator.LocalExecutor.results

    def results_kept(self, jobs):
        for job, result in real(self, jobs):
            results.append(result)
            yield job, result
    coordinator.LocalExecutor.results = results_kept


class Commits:
    """How many times the writer committed (the progress bar's place: ``update`` is called per commit)."""

    def __init__(self) -> None:
        self.n = 0

    def update(self, _: int) -> None:
        self.n += 1


def replay_seconds(course: Path, results: list, n: int) -> tuple[float, int]:
    """(seconds, commits) the coordinator's :class:`Recorder` takes to record ``n`` results that come
    as fast as it takes them (a big cluster's case): the graded results cycled under new names, into
    a fresh course: the gradebook's rows, ``autograded/`` and the state, as in a run."""
    from dataclasses import replace

    from autograder.engine.preflight import Checked

    commands.prepare_course(course, [LAB])
    commits = Commits()
    with gradebook.Writer(gradebook.url(course), LAB) as writer:
        recorder = coordinator.Recorder(course, LAB, writer, coordinator.State(course), commits)
        t = time.perf_counter()
        for i in range(n):
            name = f"student{i:05d}"
            planned = coordinator.Planned(name, Checked(None), f"digest {i}", "", None)
            recorder.record(planned, replace(results[i % len(results)], student=name))
        recorder.flush()
        return time.perf_counter() - t, commits.n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--submissions", type=int, default=3000, help="projected class size")
    parser.add_argument("--workers", type=int, default=50, help="projected number of worker slots")
    parser.add_argument("--rounds", type=int, default=2, help="each way is timed this many times, alternately")
    args = parser.parse_args()
    from conftest import DaskCluster, install_course

    n = args.students
    print(f"before: {load()}")
    from autograder.engine.job import template

    master = (ROOT / "source" / LAB / f"{LAB}.ipynb").read_bytes()
    times: dict[str, list[float]] = {"local": [], "dask": []}
    scores: dict[str, dict] = {}
    graded: list = []
    captured(graded)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ["DLLABS_SCRATCH"] = str(tmp / "scratch-local")
        t = time.perf_counter()
        template(LAB, master)  # paid once per machine
        t_template = time.perf_counter() - t
        (tmp / "dask").mkdir()
        cluster = DaskCluster(tmp / "dask", install_course(tmp / "installed"))
        try:
            executor = distributed.connect(cluster.address)
            executor.client.wait_for_workers(2, timeout=120)
            # the workers' template courses (one generate_assignment each) before the clock starts,
            # as on a cluster that graded the lab before
            executor.client.run(template, LAB, master)
            # local, dask, dask, local, ...: the machine's load drifts, both ways see the same drift
            order = [w for r in range(args.rounds) for w in (("local", "dask") if r % 2 == 0 else ("dask", "local"))]
            for i, way in enumerate(order):
                course = tmp / f"{way}{i}"
                make_class(course, LAB, n)
                commands.ensure_assignment(course, LAB)
                t = time.perf_counter()
                done = coordinator.grade(course, LAB, jobs=2, progress=False,
                                        executor=executor if way == "dask" else None)
                times[way].append(time.perf_counter() - t)
                scores.setdefault(way, {o.student: o.score for o in done})
                print(f"  {way}: {times[way][-1]:.1f} s ({load()})", flush=True)
            executor.close()
        finally:
            cluster.close()
        ok = [r for r in graded if r.problem is None and r.rows is not None]
        recorded, commits = replay_seconds(tmp / "replay", ok, args.submissions)
    same = scores["local"] == scores["dask"]
    per_local, per_remote = sum(times["local"]) / len(times["local"]) / n, sum(times["dask"]) / len(times["dask"]) / n
    c = 2 * per_local  # one submission on one slot
    o = max(0.0, per_remote - per_local) * 2  # the distribution's cost per submission on one slot
    w = recorded / args.submissions
    # the workers grade in rounds; the coordinator records the results serially: the slower of the two
    wall = max(math.ceil(args.submissions / args.workers) * (c + o), args.submissions * w) + t_template
    print(f"{n} lab-1 submissions, 2 slots each way (template course: {t_template:.1f} s once per machine)")
    print(f"local grade --jobs 2:           {per_local:6.2f} s/submission (mean of {len(times['local'])} runs)")
    print(f"Dask, 2 workers x 1 thread:     {per_remote:6.2f} s/submission (mean of {len(times['dask'])} runs)")
    print(f"overhead of the distribution:   {100 * (per_remote / per_local - 1):+.1f} % per submission")
    print(f"scores identical: {same}")
    print(f"recording by the coordinator (gradebook rows, autograded/, state), {args.submissions} graded results"
          f" streamed as fast as it takes them: {w * 1000:.1f} ms per submission, {recorded:.1f} s in all"
          f" ({commits} commits)")
    print(f"projection: {args.submissions} submissions on {args.workers} workers ~ {wall / 60:.1f} min"
          f" (the longer of {math.ceil(args.submissions / args.workers)} rounds x {c + o:.1f} s and the coordinator's"
          f" {args.submissions * w / 60:.1f} min of writes, + {t_template:.0f} s of start-up)")
    print(f"after: {load()}")


if __name__ == "__main__":
    main()
