"""One ``nbgrader autograde`` per submission without paying nbgrader's start-up each time.

Importing nbgrader's apps takes seconds (it loads Jupyter's server machinery). A
:class:`ForkServer` is a process that imports them once, then forks a fresh child per
submission: the child runs ``nbgrader autograde`` in its own process group, under a
memory limit (:func:`limit_memory`), with its output in a log file; the server waits for
it and, when it is done or runs past its time limit, kills everything it started. Each
submission still gets its own process, so a crash or a runaway loop costs that
submission only.

"Everything it started" includes the Jupyter kernel, which jupyter_client starts in a
new session (so a kill of the child's process group misses it): the server is a child
subreaper (Linux), so whatever the child leaves behind becomes the server's child, and
the server kills its whole tree of descendants after each submission, sandbox or not.

Each server also owns a zygote (``zygote.py``): a process that imported torch and the
course once, from which the submission's kernel is forked warm instead of started cold.
The zygote is spared when the tree is killed (its kernels are not), and started again if
it died. ``DLLABS_WARM=off`` starts every kernel cold.

A process keeps its servers between grading runs (``pool.local_pool``): a second run in the
same process (the tests, a Dask worker, ``demo``) starts none; they are started by a thread
that lives as long as the process, since a server dies with the thread that started it.

The children run in the server's folder and environment. Protocol (one JSON line each
way per submission): ``{"argv", "log", "settings", "result"}`` in (``settings``: the job's
``GradingSettings``; ``result``: where the child writes its outcome, ``records/outcome.py``),
``{"status", "timed_out", "spawned"}`` out. A server that runs more than one thread (a ``sitecustomize``
on its path that imports torch starts some) cannot fork safely: it spawns each child instead,
a fresh Python that imports nbgrader (seconds slower, as safe).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.course.settings import GradingSettings

if TYPE_CHECKING:
    from autograder.kernels.zygote import Zygote

REPLY_MARGIN = 60.0
"""Seconds past a submission's time limit that the client waits for the server's reply (the
server kills the submission at the limit, then reaps what it started)."""


class ForkServer:
    """The client side: start the server, then :meth:`run` one nbgrader command at a time."""

    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        """A server whose nbgrader children run in ``cwd`` with ``env``.

        Its zygote's socket and files live in a temp folder owned here, removed by :meth:`close`
        (or when this process exits): the server itself may be killed (it dies with its parent)."""
        import tempfile
        import weakref

        self.folder = tempfile.mkdtemp(prefix="dllabs-zygote-")
        self._remove = weakref.finalize(self, shutil.rmtree, self.folder, True)
        self.proc = subprocess.Popen([sys.executable, "-m", "autograder.engine.forkserver", self.folder], cwd=cwd,
                                     env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def run(self, argv: list[str], log: Path, settings: GradingSettings, result: Path) -> tuple[int, bool]:
        """(exit status, whether it was killed at ``settings.timeout``) of ``nbgrader ARGV`` run with
        ``settings``; its output goes to ``log`` and what it found to ``result`` (``records.outcome``).

        Raises RuntimeError when the server stopped, or gave no reply within the
        submission's time limit and :data:`REPLY_MARGIN` seconds (it is killed then)."""
        import select

        assert self.proc.stdin and self.proc.stdout
        request = {"argv": argv, "log": str(log), "settings": settings.to_json(), "result": str(result)}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        wait = settings.timeout + REPLY_MARGIN
        if not select.select([self.proc.stdout], [], [], wait)[0]:
            self.proc.kill()
            self.proc.wait()
            raise RuntimeError(f"no reply in {wait:g} s: the server was stuck and is stopped")
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the grading fork server stopped")
        reply = json.loads(line)
        return reply["status"], reply["timed_out"]

    def close(self) -> None:
        """Stop the server (it stops its zygote) and remove its folder."""
        if self.proc.poll() is None:
            self.proc.stdin.close()  # type: ignore[union-attr]
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._remove()


BOOKKEEPING_NICE = 5


def yield_to_kernels() -> None:
    """Lower this thread's priority (nice +5; the threads and processes it starts inherit it).

    For grading's bookkeeping (the coordinator, the fork servers and the nbgrader processes
    they fork): the zygotes' imports and the students' kernels are what a submission waits
    for, so on a busy machine they get the CPU first."""
    try:
        os.nice(BOOKKEEPING_NICE)
    except (OSError, AttributeError):
        pass


def die_with_parent() -> None:
    """Linux: this process is killed when its parent dies (a killed grading run leaves nothing behind)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def memory_limit_note(memory: int) -> str:
    """One line for the instructor: the per-submission memory limit and how it is counted."""
    if hasattr(resource, "RLIMIT_DATA") and sys.platform.startswith("linux"):
        return (f"Memory limit: {memory / 2**30:g} GiB per submission (RLIMIT_DATA: memory the submission writes to; "
                "the address space CUDA reserves is not counted).")
    return (f"Memory limit: {memory / 2**30:g} GiB of address space per submission "
            "(RLIMIT_AS: CUDA may not start under it).")


def limit_memory(memory: int) -> None:
    """Limit this process and its children to ``memory`` bytes of memory really used.

    RLIMIT_DATA (Linux >= 4.7) counts private writable mappings: the heap and every
    malloc/mmap'd buffer, not the PROT_NONE address space CUDA reserves at start-up
    (far more than any RLIMIT_AS that would still stop a runaway submission). An allocation
    past it raises MemoryError in the cell that made it, so the other cells keep their
    points. (A cgroup's ``memory.max`` would also count shared memory, but its OOM killer
    ends the whole kernel, and it needs a writable cgroup v2 tree: not used here.)
    """
    linux = hasattr(resource, "RLIMIT_DATA") and sys.platform.startswith("linux")
    which = resource.RLIMIT_DATA if linux else resource.RLIMIT_AS
    resource.setrlimit(which, (memory, memory))


def be_subreaper() -> None:
    """Linux: orphaned descendants (a kernel whose nbgrader died) become this process's children."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def children_map() -> dict[int, list[int]]:
    """{parent pid: [child pids]} of every process, from /proc (empty where there is no /proc)."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().decode(errors="replace")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def kill_tree(root: int, spare: int | None = None) -> int:
    """SIGKILL every descendant of ``root`` (not ``root`` itself, nor ``spare``, but ``spare``'s
    descendants); returns how many were killed."""
    tree, found = children_map(), []
    todo = list(tree.get(root, []))
    while todo:
        pid = todo.pop()
        if pid != spare:
            found.append(pid)
        todo += tree.get(pid, [])
    for pid in found:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    return len(found)


def reap_all(seconds: float = 5.0, spare: int | None = None) -> None:
    """Collect this process's dead children (the killed ones included, not ``spare``), for up to ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            if not [p for p in children_map().get(os.getpid(), []) if p != spare]:
                return
            time.sleep(0.02)


def warm_note(settings: GradingSettings) -> str:
    """One line for the instructor: whether grading kernels start warm, and why not."""
    if not settings.warm:
        return "Kernels start cold (DLLABS_WARM=off): each imports torch and the course anew."
    from autograder.kernels import namespaces

    from autograder.kernels import sandbox
    why = namespaces.supported()
    if why and sandbox.enabled(settings):
        return f"Kernels start cold: a forked kernel cannot enter the sandbox here ({why})."
    return ("Kernels start warm: forked from a process that imported torch and the course once "
            "(DLLABS_WARM=off starts them cold).")


def start_zygote(folder: str) -> "Zygote":
    """A zygote for this server's kernels, with the environment a kernel would import with."""
    from autograder.course.env import kernel_pythonpath, scratch_root
    from autograder.kernels.zygote import Zygote

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(kernel_pythonpath())  # a kernel's imports, and its sitecustomize
    env["OMP_NUM_THREADS"] = "1"  # no BLAS or OpenMP pool thread in the zygote (zygote._thread_pools)
    # matplotlib's defaults, not the instructor's settings; its font list is kept there between zygotes
    # (rebuilding it, which every fresh folder did, lists the system's fonts)
    env["MPLCONFIGDIR"] = str(scratch_root() / "matplotlib")
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # (zygote.WARM: its debugger, imported without the warning)
    return Zygote(folder, env)


def _child(request: dict, zygote: str) -> None:
    """In the forked child: become a process group, limit memory, run nbgrader with the request's
    settings (kernels forked from the server's ``zygote``, if any), write its outcome, exit."""
    settings = GradingSettings.from_json(request["settings"])
    os.setsid()
    die_with_parent()
    limit_memory(settings.memory)
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
        from traitlets.config import Config

        from autograder.records.grading_config import configure
        from autograder.records.outcome import recording

        sys.argv = ["nbgrader", *request["argv"]]
        with recording(Path(request["result"])):
            NbGraderApp.launch_instance(argv=request["argv"], config=configure(Config(), settings, zygote))
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


def _serve(folder: str) -> None:
    """Serve requests on stdin; ``folder`` (the client's, which removes it) holds the zygote's files."""
    import gc
    import tempfile

    gc.disable()  # while it imports (see zygote.serve): frozen below, before the first fork
    from autograder.course.env import skip_iri_grammar
    from autograder.kernels.zygote import single_threaded

    skip_iri_grammar()  # (before nbgrader imports jsonschema)
    die_with_parent()
    be_subreaper()
    zygote = None
    if GradingSettings.from_environment().warm:  # it imports torch while this server imports nbgrader
        zygote = start_zygote(tempfile.mkdtemp(dir=folder))
    yield_to_kernels()  # (after the zygote is started: it and its kernels keep their priority)
    import nbgrader.apps.nbgraderapp  # noqa: F401  (the seconds saved on every submission)
    import nbgrader.converters.autograde  # noqa: F401
    import nbclient  # noqa: F401
    import jupyter_client.manager  # noqa: F401
    from autograder.records import grading_config  # noqa: F401  (what each child's configuration imports)
    from autograder import preprocessors  # noqa: F401
    from autograder.records import outcome  # noqa: F401
    from autograder.kernels import sandbox

    sandbox.unavailable()  # probed once here (cached): every child inherits the answer
    gc.freeze()  # each nbgrader child collects only what it makes
    gc.enable()

    for line in sys.stdin:
        request = json.loads(line)
        if zygote is not None and zygote.proc.poll() is not None:  # it died: a new one
            zygote = start_zygote(tempfile.mkdtemp(dir=folder))
        spare, address = (zygote.pid, zygote.address) if zygote else (None, "")
        spawned = not single_threaded()
        if not spawned:
            pid = os.fork()
            if pid == 0:
                _child(request, address)
        else:  # a fork copies one thread: a lock another thread held would stay locked in the child
            pid = os.posix_spawn(sys.executable, [sys.executable, "-m", "autograder.engine.forkserver", "--child",
                                                  json.dumps(request), address], os.environ)
        deadline = time.monotonic() + request["settings"]["timeout"]
        timed_out, status = False, None
        while status is None:
            done, code = os.waitpid(pid, os.WNOHANG)
            if done:
                status = os.waitstatus_to_exitcode(code)
            elif time.monotonic() > deadline and not timed_out:
                timed_out = True
                kill_tree(pid)  # the kernel first: it is in a session of its own
                os.killpg(pid, signal.SIGKILL)
            else:
                time.sleep(0.05)
        try:  # whatever the submission started in that group goes too
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        kill_tree(os.getpid(), spare)  # what it started elsewhere (orphaned to this server) and its kernels
        reap_all(spare=spare)
        reply({"status": status, "timed_out": timed_out, "spawned": spawned})
    if zygote is not None:
        zygote.close()


def reply(message: dict) -> None:
    """One JSON line to the client."""
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


if __name__ == "__main__" and sys.argv[1] == "--child":  # spawned, not forked: see _serve
    from autograder.course.env import skip_iri_grammar

    skip_iri_grammar()
    _child(json.loads(sys.argv[2]), sys.argv[3])
if __name__ == "__main__":
    _serve(sys.argv[1])
    sys.stdout.flush()
    os._exit(0)  # its zygote is stopped and its folder is the client's: no interpreter teardown
