"""One ``nbgrader autograde`` per submission without paying nbgrader's start-up each time.

Importing nbgrader's apps takes seconds (it loads Jupyter's server machinery). A
:class:`ForkServer` is a process that imports them once, then forks a fresh child per
submission: the child runs ``nbgrader autograde`` in its own process group, under a
memory limit, with its output in a log file; the server waits for it and kills the
group when it runs past its time limit. Each submission still gets its own process,
so a crash or a runaway loop costs that submission only.

The children run in the server's folder and environment. Protocol (one JSON line each
way per submission): ``{"argv", "log", "timeout", "memory"}`` in, ``{"status", "timed_out"}`` out.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path


class ForkServer:
    """The client side: start the server, then :meth:`run` one nbgrader command at a time."""

    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        """A server whose nbgrader children run in ``cwd`` with ``env``."""
        self.proc = subprocess.Popen([sys.executable, "-m", "autograder.forkserver"], cwd=cwd, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def run(self, argv: list[str], log: Path, timeout: float, memory: int) -> tuple[int, bool]:
        """(exit status, whether it was killed at ``timeout``) of ``nbgrader ARGV``, its output in ``log``."""
        assert self.proc.stdin and self.proc.stdout
        request = {"argv": argv, "log": str(log), "timeout": timeout, "memory": memory}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the grading fork server stopped")
        reply = json.loads(line)
        return reply["status"], reply["timed_out"]

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()  # type: ignore[union-attr]
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def die_with_parent() -> None:
    """Linux: this process is killed when its parent dies (a killed grading run leaves nothing behind)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _child(request: dict) -> None:
    """In the forked child: become a process group, limit memory, run nbgrader, exit."""
    os.setsid()
    die_with_parent()
    resource.setrlimit(resource.RLIMIT_AS, (request["memory"], request["memory"]))
    fd = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    status = 1
    try:
        from nbgrader.apps.nbgraderapp import NbGraderApp

        sys.argv = ["nbgrader", *request["argv"]]
        NbGraderApp.launch_instance(argv=request["argv"])
        status = 0
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def _serve() -> None:
    die_with_parent()
    import nbgrader.apps.nbgraderapp  # noqa: F401  (the seconds saved on every submission)
    import nbgrader.converters.autograde  # noqa: F401
    import nbclient  # noqa: F401
    import jupyter_client.manager  # noqa: F401

    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(request)
        deadline = time.monotonic() + request["timeout"]
        timed_out, status = False, None
        while status is None:
            done, code = os.waitpid(pid, os.WNOHANG)
            if done:
                status = os.waitstatus_to_exitcode(code)
            elif time.monotonic() > deadline and not timed_out:
                timed_out = True
                os.killpg(pid, signal.SIGKILL)
            else:
                time.sleep(0.05)
        try:  # whatever the submission started in that group goes too
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        sys.stdout.write(json.dumps({"status": status, "timed_out": timed_out}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    _serve()
