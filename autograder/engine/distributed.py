"""Grading on a Dask cluster: the executor ``grade --scheduler ADDRESS`` uses.

The coordinator (``coordinator.grade``) sends each submission's :class:`~autograder.engine.job.Job`
to the cluster, where a worker runs the same :func:`~autograder.engine.job.run_job` as local
grading (a scratch course of its own, the fork server's limits and sandbox): workers need
no shared file system and never touch the gradebook. The coordinator writes each result
as it comes back.

Faults: a worker lost mid-job (killed, its node gone) is the scheduler's to handle: it
runs the job again on another worker, at most ``distributed.scheduler.allowed-failures``
times (Dask's default: 3), then the job fails with ``KilledWorker``. A job that raises (a
grader's fault on the worker) is retried ``retries`` times (Dask's ``retries=``). What
still fails is recorded as the grader's fault, and, like a killed scheduler or a crash of
``grade`` itself, is graded by the next run (``grading.json`` says what is done).

``ADDRESS`` is a running scheduler (``tcp://host:8786``), or ``slurm``: a
``dask_jobqueue.SLURMCluster`` made from the ``[tool.dllabs.slurm]`` section of the
course's ``pyproject.toml`` (:func:`slurm_config`; every key but ``workers`` is a
``SLURMCluster`` argument)::

    [tool.dllabs.slurm]
    workers = 8                  # Slurm jobs to start (one Dask worker each here)
    queue = "gpu"                # the partition
    account = "dl-course"
    cores = 4                    # per job; nthreads is cores / processes
    processes = 4                # Dask worker processes per job: submissions graded at once
    memory = "32GB"
    walltime = "02:00:00"
    job_extra_directives = ["--gres=gpu:1"]
    python = "/shared/dllabs/venv/bin/python"   # an environment with dllabs-course installed
    local_directory = "$TMPDIR"
"""

from __future__ import annotations

import itertools
import tomllib
from pathlib import Path
from typing import Iterator

from autograder.course.layout import ROOT
from autograder.engine.job import Job, Result, run_job

RETRIES = 2  # a job that raised (a grader's fault on its worker) runs again at most this often


def slurm_config(root: Path = ROOT) -> tuple[int, dict]:
    """(number of Slurm jobs to start, ``SLURMCluster`` keyword arguments) from ``[tool.dllabs.slurm]``."""
    data = tomllib.loads((root / "pyproject.toml").read_text())
    section = dict(data.get("tool", {}).get("dllabs", {}).get("slurm", {}))
    if not section:
        raise ValueError(f"--scheduler slurm needs a [tool.dllabs.slurm] section in {root / 'pyproject.toml'} "
                         "(see the README)")
    workers = int(section.pop("workers", 1))
    section.setdefault("processes", 1)
    return workers, section


class DaskExecutor:
    """Jobs graded by the workers of a Dask cluster, as many at once as it has threads."""

    def __init__(self, client, cluster=None, retries: int = RETRIES) -> None:
        self.client, self.cluster, self.retries = client, cluster, retries
        self.count = itertools.count()

    def results(self, jobs: list[Job]) -> Iterator[tuple[Job, Result | Exception]]:
        """(job, its result or the exception that stopped it), as they finish."""
        from distributed import as_completed

        futures = {self.client.submit(run_job, job, key=f"grade-{job.lab}-{job.student}-{next(self.count)}",
                                      retries=self.retries, pure=False): job for job in jobs}
        for future in as_completed(list(futures)):
            try:
                yield futures[future], future.result()
            except Exception as exc:  # noqa: BLE001  (a lost worker or scheduler: the grader's fault)
                yield futures[future], exc
            finally:
                future.release()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def connect(scheduler: str, root: Path = ROOT, timeout: float = 30) -> DaskExecutor:
    """An executor on the scheduler at ``scheduler`` (``tcp://host:port``), or on a Slurm cluster (``slurm``)."""
    from distributed import Client

    if scheduler == "slurm":
        from dask_jobqueue import SLURMCluster

        workers, kwargs = slurm_config(root)
        cluster = SLURMCluster(**kwargs)
        cluster.scale(jobs=workers)
        return DaskExecutor(Client(cluster), cluster)
    try:
        return DaskExecutor(Client(scheduler, timeout=timeout))
    except OSError as exc:
        raise RuntimeError(f"no Dask scheduler at {scheduler} ({exc})") from exc
