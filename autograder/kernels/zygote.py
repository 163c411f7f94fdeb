"""Grading kernels that start warm: forked from a process that has already imported torch.

A fresh grading kernel spends seconds before the notebook's first line (the README's
benchmark figures say how many): Python and ipykernel start, then torch, matplotlib, the
course's ``dllabs`` and ``torch._dynamo`` (which the checks on the 'meta' device import) are
imported. Every submission repeats it.

The zygote is a process (one per fork server: ``forkserver.py``) that imports all of that
once (:data:`WARM`: what every lab imports), then waits on a Unix socket. For each kernel
the provisioner (``provisioner.py``) asks it, and it forks a child that becomes the kernel:
it enters the sandbox itself when the kernel is sandboxed (``namespaces.py``: the same file
system as bwrap's), takes the environment, folder and memory limit it was sent, reseeds
Python's, numpy's and torch's random generators as a fresh process would have, and runs
ipykernel exactly as ``python -m ipykernel_launcher -f CONNECTION_FILE`` would. Each
submission still gets a process of its own, with nothing of another submission in it.

Why forking here is safe:
- the zygote never runs a student's code, and nothing in it depends on a submission:
  a request names paths and an environment, built by nbgrader from the course;
- it is single-threaded when it forks (it checks, and refuses otherwise): importing torch
  starts no thread pool, and no CUDA context (CUDA starts in the kernel, after the fork);
- no socket of Jupyter's exists yet (ipykernel makes its own in the child), and the
  child closes the zygote's.

Protocol, per kernel, on one connection: the request (one JSON line) with the kernel's
stdout and stderr as passed file descriptors; the reply ``{"pid": N}`` (or ``{"error"}``);
later ``{"exit": code}`` when the kernel ends. Closing the connection kills the kernel.
"""

from __future__ import annotations

import gc
import json
import os
import select
import signal
import socket
import sys
import threading
import time
import traceback
from typing import Any

from autograder import ROOT
from autograder.kernels import namespaces

# What every lab's kernel imports: its notebook, the checks, the integrity probe, and torch._dynamo,
# which the checks on the 'meta' device import (torch's meta kernels are wrapped by it) as torch.optim does.
WARM = ["numpy", "torch", "torch.nn", "torch.nn.functional", "torch._dynamo", "torchvision", "matplotlib",
        "matplotlib.pyplot", "tqdm.auto", "ipykernel.kernelapp", "ipykernel.ipkernel",
        "ipykernel.zmqshell", "IPython", "dllabs", "dllabs.checks", "dllabs.data", "dllabs.device",
        "dllabs.grading", "dllabs.checks.contracts", "hypothesis", "hypothesis.strategies",
        "torch.utils.flop_counter",  # the contract harness of the hidden tests
        # not dllabs.plots: importing it sets up how figures show, from the kernel's environment
        # what ipykernel imports as it starts a kernel (its debugger, debugpy with it, on each start);
        # pydevd's warning about frozen modules, on import, is turned off by the zygote's environment
        "ipykernel.debugger", "IPython.core.debugger", "IPython.core.oinspect", "IPython.core.completerlib",
        "IPython.extensions.storemagic", "IPython.core.logger", "sqlite3", "psutil", "tornado.gen", "tornado.locks",
        "tornado.queues", "tornado.platform.asyncio", "faulthandler", "pdb", "pydoc", "http.server", "xmlrpc.server"]
INLINE = "module://matplotlib_inline.backend_inline"  # the backend ipykernel sets when $MPLBACKEND is unset


def warm_up(names: list[str] = WARM) -> list[str]:
    """Import ``names`` (and every check and contract module, once their packages are among them); returns
    the modules that could not be imported."""
    import importlib
    import pkgutil

    missing = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001  (a module missing here is imported cold by the kernel)
            missing.append(name)
    checks = sys.modules.get("dllabs.checks") if "dllabs.checks" in names else None
    contracts = sys.modules.get("dllabs.checks.contracts") if "dllabs.checks.contracts" in names else None
    modules = [*(f"dllabs.checks.{i.name}" for i in pkgutil.iter_modules(getattr(checks, "__path__", []))),
               *(f"dllabs.checks.contracts.{i.name}" for i in pkgutil.iter_modules(getattr(contracts, "__path__", [])))]
    for name in modules:
        module = importlib.import_module(name)
        references = getattr(module, "REF", None)
        if references is not None:  # the grader's answers, loaded here: the sandbox hides their files
            references.loaded()
    return missing


def single_threaded() -> bool:
    """Whether this process runs one thread (the condition for forking it safely)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return threading.active_count() == 1


def _reseed() -> None:
    """New random states, as a fresh process would draw them (the fork copied the zygote's)."""
    import random

    random.seed()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()
    if "torch" in sys.modules:
        sys.modules["torch"].seed()


def _thread_pools(wanted: str | None) -> None:
    """Size torch's and numpy's thread pools as ``OMP_NUM_THREADS=wanted`` would have at start.

    The zygote loads them with one thread (no pool thread exists when it forks); a kernel
    whose environment asks for more gets them here, after the fork."""
    threads = int(wanted) if wanted and wanted.isdigit() and int(wanted) > 0 else (os.cpu_count() or 1)
    if threads == 1:
        return
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(threads)
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(threads)
    except Exception:  # noqa: BLE001  (numpy then keeps one BLAS thread)
        pass


def _exit_code(status: int) -> int:
    code = os.waitstatus_to_exitcode(status)
    return code if code >= 0 else 128 - code


def _become_kernel(request: dict[str, Any], out: int, err: int, close: list[int], sys_path: list[str]) -> None:
    """In the forked child: sandbox, environment, limits, then ipykernel. Never returns."""
    code = 1
    try:
        os.setpgid(0, 0)  # its own process group (the zygote sets it too): the provisioner signals the group
        namespaces.die_with_parent()
        for fd in close:
            os.close(fd)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(out, 1)
        os.dup2(err, 2)
        for fd in {null, out, err} - {0, 1, 2}:
            os.close(fd)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        if request.get("mounts") is not None:
            namespaces.enter_namespaces()
            pid = os.fork()  # the kernel: PID 1 of the new PID namespace
            if pid:  # here, in the host's PID namespace, mirror it (as bwrap does)
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # the kernel handles interrupts
                os._exit(_exit_code(os.waitpid(pid, 0)[1]))
            namespaces.die_with_parent()
            namespaces.build_root([tuple(m) for m in request["mounts"]])
            namespaces.loopback_up()
            namespaces.drop_capabilities()
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        if request.get("memory"):
            import resource

            resource.setrlimit(resource.RLIMIT_DATA, (request["memory"], request["memory"]))
        wanted = [os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
        sys.path[:] = list(dict.fromkeys(wanted + sys_path))  # as Python sets it from $PYTHONPATH
        _thread_pools(os.environ.get("OMP_NUM_THREADS"))
        if "matplotlib" in sys.modules:  # it read $MPLBACKEND when the zygote imported it; ipykernel's default
            sys.modules["matplotlib"].rcParams["backend"] = os.environ.get("MPLBACKEND") or INLINE
        for name in [n for n in sys.modules if n == "autograder" or n.startswith("autograder.")]:
            del sys.modules[name]  # the kernel sees the same modules a cold one would
        _reseed()
        sys.argv = ["ipykernel_launcher", *request["argv"]]
        from ipykernel.kernelapp import launch_new_instance

        launch_new_instance(argv=request["argv"])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except BaseException:  # noqa: BLE001  (reported on the kernel's stderr: the submission's log)
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _read_request(conn: socket.socket) -> tuple[dict[str, Any], list[int]]:
    data, fds, _, _ = socket.recv_fds(conn, 1 << 20, 2)
    while not data.endswith(b"\n"):
        more = conn.recv(1 << 20)
        if not more:
            raise ConnectionError("the request ended early")
        data += more
    return json.loads(data), fds


def serve(address: str) -> None:
    """Import :data:`WARM`, then fork one kernel per request on the socket ``address``, for ever.

    The cyclic garbage collector is off while it imports, and what was imported is frozen
    (``gc.freeze``: moved to a generation no collection looks at) before the first fork. The
    imports make hundreds of thousands of objects and little garbage, yet the collections run
    among them slow the imports down by a quarter. In each kernel, a collection would walk them
    all again, writing to each one's header and so copying every page the zygote shares with
    it. Kernels collect what they make."""
    gc.disable()
    namespaces.die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    listener.listen(16)  # requests wait here while the imports run
    own = {os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p}
    own.add(ROOT)  # the course folder: not a kernel's
    sys_path = [p for p in sys.path if p and os.path.abspath(p) not in own]  # the kernel's $PYTHONPATH goes first
    missing = warm_up(WARM)
    gc.freeze()
    gc.enable()  # for what the zygote and its kernels make from now on
    if missing:  # said at once: a zygote that never forks still says it
        print(f"zygote: not imported warm: {', '.join(missing)}", file=sys.stderr, flush=True)
    kernels: dict[int, socket.socket] = {}  # pid -> its connection
    while True:
        ready, _, _ = select.select([listener, *kernels.values()], [], [], 0.05)
        for conn in ready:
            if conn is listener:
                _launch(listener, kernels, sys_path)
            else:  # the provisioner hung up (its nbgrader ended): the kernel goes too
                pid = next(p for p, c in kernels.items() if c is conn)
                _kill_group(pid)
        while kernels:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            conn = kernels.pop(pid, None)
            if conn is not None:
                _send(conn, {"exit": _exit_code(status)})
                conn.close()


def _launch(listener: socket.socket, kernels: dict[int, socket.socket], sys_path: list[str]) -> None:
    """Fork the kernel a request on ``listener`` asks for, and reply with its pid or the error."""
    conn, _ = listener.accept()
    fds: list[int] = []
    try:
        request, fds = _read_request(conn)
        if len(fds) != 2:
            raise ValueError("a request passes the kernel's stdout and stderr")
        if not single_threaded():
            raise RuntimeError("the zygote runs more than one thread: it cannot fork safely")
        pid = os.fork()
        if pid == 0:
            _become_kernel(request, fds[0], fds[1], [listener.fileno(), conn.fileno(),
                                                    *(c.fileno() for c in kernels.values())], sys_path)
        try:
            os.setpgid(pid, pid)
        except OSError:
            pass  # it did so itself already
        kernels[pid] = conn
        _send(conn, {"pid": pid})
    except Exception as exc:  # noqa: BLE001  (the provisioner then starts the kernel cold)
        _send(conn, {"error": f"{type(exc).__name__}: {exc}"})
        conn.close()
    finally:
        for fd in fds:
            os.close(fd)


def _send(conn: socket.socket, message: dict[str, Any]) -> None:
    try:
        conn.sendall((json.dumps(message) + "\n").encode())
    except OSError:
        pass


def _kill_group(pid: int) -> None:
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
            return
        except OSError:
            continue


class WarmKernel:
    """The provisioner's handle on a kernel the zygote forked: what ``subprocess.Popen`` offers."""

    stdin = stdout = stderr = None

    def __init__(self, conn: socket.socket, pid: int) -> None:
        self.conn, self.pid, self.returncode = conn, pid, None
        self._buffer = b""

    def poll(self) -> int | None:
        """The kernel's exit code once it ended (the zygote sends it), else None."""
        while self.returncode is None and select.select([self.conn], [], [], 0)[0]:
            chunk = self.conn.recv(4096)
            if not chunk:  # the zygote is gone, and its kernels with it
                self.returncode = -signal.SIGKILL
                break
            self._buffer += chunk
            if self._buffer.endswith(b"\n"):
                self.returncode = int(json.loads(self._buffer.splitlines()[-1]).get("exit", 1))
        if self.returncode is not None and self.conn.fileno() >= 0:
            self.conn.close()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"kernel {self.pid} still runs")
            time.sleep(0.02)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ZygoteUnavailable(RuntimeError):
    """The zygote could not fork this kernel (the provisioner then starts it cold)."""


def fork_kernel(address: str, request: dict[str, Any], timeout: float = 120) -> WarmKernel:
    """Ask the zygote at ``address`` for a kernel; its stdout and stderr are this process's."""
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.settimeout(timeout)  # the zygote may still be importing
        conn.connect(address)
        socket.send_fds(conn, [(json.dumps(request) + "\n").encode()], [1, 2])
        line = b""
        while not line.endswith(b"\n"):
            chunk = conn.recv(4096)
            if not chunk:
                raise ZygoteUnavailable("the zygote closed the connection")
            line += chunk
        conn.settimeout(None)
    except OSError as exc:
        conn.close()
        raise ZygoteUnavailable(f"no zygote at {address} ({exc})") from exc
    reply = json.loads(line)
    if "pid" not in reply:
        conn.close()
        raise ZygoteUnavailable(reply.get("error", "no pid in the reply"))
    return WarmKernel(conn, reply["pid"])


class Zygote:
    """The fork server's side: start a zygote on a fresh socket, and :meth:`close` it."""

    def __init__(self, folder: str, env: dict[str, str]) -> None:
        import subprocess

        self.address = os.path.join(folder, "zygote.sock")
        self.proc = subprocess.Popen([sys.executable, "-m", "autograder.kernels.zygote", self.address], cwd=ROOT,
                                     env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 30  # it listens before it imports: a fraction of a second
        while not os.path.exists(self.address) and self.proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


if __name__ == "__main__":
    serve(sys.argv[1])
