"""This process's fork servers (:class:`ServerPool`): started ahead of the submissions, kept
between grading runs, one per submission graded at once, replaced when the environment or the
checks change. The servers themselves are ``forkserver.py``; ``job.run_job`` takes one from here.

Grading's bookkeeping threads run at a lower priority (:func:`yield_to_kernels`)."""

from __future__ import annotations

import atexit
import json
import os
import queue
import threading
from concurrent.futures import ThreadPoolExecutor

from autograder.engine.forkserver import ForkServer


class ServerPool:
    """Idle fork servers of one environment (one per submission graded at once).

    Once closed, a server given back (it was busy when the pool closed) is stopped, not kept."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env, self.idle = env, queue.SimpleQueue()  # type: queue.SimpleQueue[ForkServer]
        self.closed = False

    def get(self) -> ForkServer:
        """An idle server that is still alive, else a new one."""
        while True:
            try:
                server = self.idle.get_nowait()
            except queue.Empty:
                return _start(self.env)
            if server.alive():
                return server
            server.close()  # it died (killed, or out of memory): its folder goes

    def put(self, server: ForkServer) -> None:
        self.idle.put(server)
        if self.closed:  # (after the put: a close() running now stops it either way)
            self.close()

    def reserve(self, n: int) -> None:
        """Have ``n`` live servers idle, starting what is missing (they import while the caller goes on)."""
        ready = [self.get() for _ in range(n)]
        for server in ready:
            self.put(server)

    def close(self) -> None:
        self.closed = True
        while True:
            try:
                self.idle.get_nowait().close()
            except queue.Empty:
                return


def reserve_for(submissions: int, jobs: int | None = None) -> None:
    """Have the fork servers ready that grading ``submissions`` submissions, ``jobs`` at a time
    (default: one per core), will use: one per submission graded at once. Called first thing,
    so that they and their zygotes import while the submissions are read."""
    local_pool().reserve(min(jobs or os.cpu_count() or 1, submissions))



_starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fork-server-starter")


_pools: dict[str, ServerPool] = {}


_pools_lock = threading.Lock()


def _start(env: dict[str, str]) -> ForkServer:
    """A new server, started by :data:`_starter`'s thread, which lives as long as this process
    (a server is killed when the thread that started it ends: ``die_with_parent``)."""
    from autograder.course.layout import ROOT

    return _starter.submit(ForkServer, ROOT, env).result()


def local_pool() -> ServerPool:
    """This process's pool of fork servers for the current environment and checks.

    Kept between grading runs; when the environment (``DLLABS_*`` settings, ``PATH``...) or the
    course's checks (``src/dllabs``, which the zygotes imported) changed, the old pool is closed
    and a new one made. (pytest's per-test ``PYTEST_CURRENT_TEST`` is not a change.)"""
    from autograder.course.env import nbgrader_env
    from autograder.engine.digests import checks_digest

    env = nbgrader_env()
    key = json.dumps({k: v for k, v in env.items() if k != "PYTEST_CURRENT_TEST"}, sort_keys=True) + checks_digest()
    with _pools_lock:
        if key not in _pools:
            for old in _pools.values():
                old.close()
            _pools.clear()
            _pools[key] = ServerPool(env)
        return _pools[key]


@atexit.register
def close_local_pools() -> None:
    """Stop this process's fork servers (at exit; a benchmark that times a run from a cold start)."""
    with _pools_lock:
        for pool in _pools.values():
            pool.close()
        _pools.clear()
