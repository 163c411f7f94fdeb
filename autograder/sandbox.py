"""Grading kernels in a bubblewrap sandbox (Linux): no network, the course unreadable.

nbgrader runs each submission in a Jupyter kernel. Here that kernel is started by
``bwrap`` with its own network, process and IPC namespaces, and sees only:

- read-only: the system (``/usr``, ``/etc``, ...), Python and its packages, the
  course's ``dllabs`` package (``src/``) and the datasets folder (``$DLLABS_DATA``);
- read-write: the submission's own folder, and an empty ``/tmp`` and home.

The course (``source/``, ``solutions/``, the gradebook, other students' folders) is not
there at all. The kernel talks to nbgrader over Unix sockets (ZeroMQ's ``ipc``
transport) in a private folder, since TCP cannot cross network namespaces.

``DLLABS_SANDBOX``: ``auto`` (default: sandbox when bwrap works), ``on`` (refuse to
grade without it) or ``off``. ``DLLABS_KERNEL_PYTHONPATH``: more folders the sandboxed
kernel imports from (read-only), e.g. a ``sitecustomize`` of the instructor's.
"""

from __future__ import annotations

import functools
import glob
import os
import shutil
import site
import subprocess
import sys
import tempfile
import typing as t
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import CaselessStrEnum, Unicode

SRC = Path(__file__).resolve().parents[1] / "src"
UNSANDBOXED = "Grading kernels run UNSANDBOXED"


def mode() -> str:
    """``auto``, ``on`` or ``off``, from ``$DLLABS_SANDBOX``."""
    value = os.environ.get("DLLABS_SANDBOX", "auto").strip().lower() or "auto"
    return value if value in ("auto", "on", "off") else "auto"


@functools.lru_cache(maxsize=1)
def unavailable() -> str | None:
    """Why kernels cannot be sandboxed here, or None when bubblewrap works."""
    if not sys.platform.startswith("linux"):
        return f"bubblewrap sandboxes need Linux (this is {sys.platform})"
    if shutil.which("bwrap") is None:
        return "bubblewrap is not installed (Debian/Ubuntu: apt install bubblewrap)"
    try:
        done = subprocess.run(["bwrap", "--ro-bind", "/", "/", "--unshare-all", "--dev", "/dev", "true"],
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bwrap could not start ({exc})"
    if done.returncode != 0:
        return f"bwrap cannot create namespaces here ({done.stderr.strip()[:120] or done.returncode})"
    return None


def enabled() -> bool:
    """Whether grading kernels are sandboxed; raises RuntimeError when ``on`` cannot be honoured."""
    if mode() == "off":
        return False
    why = unavailable()
    if why and mode() == "on":
        raise RuntimeError(f"DLLABS_SANDBOX=on but {why}")
    return why is None


def describe() -> str:
    """One line for the instructor: sandboxed or not, and why."""
    if mode() == "off":
        return f"{UNSANDBOXED} (DLLABS_SANDBOX=off): submissions can read and write what you can."
    why = unavailable()
    if why:
        return f"{UNSANDBOXED}: {why}. Submissions can read and write what you can."
    return "Grading kernels run in a bubblewrap sandbox: no network, only the submission's folder writable, the course unreadable."


def kernel_pythonpath() -> list[str]:
    """Where the sandboxed kernel imports from besides Python's own: dllabs, then $DLLABS_KERNEL_PYTHONPATH."""
    extra = os.environ.get("DLLABS_KERNEL_PYTHONPATH", "").split(os.pathsep)
    return [str(SRC), *(os.path.abspath(p) for p in extra if p and os.path.isdir(p))]


def _readable() -> list[str]:
    """Folders a kernel reads: the system, Python and its packages, dllabs, the datasets."""
    paths = ["/usr", "/etc", "/opt", sys.prefix, sys.base_prefix, sys.exec_prefix, *kernel_pythonpath(),
             *site.getsitepackages(), site.getusersitepackages()]
    # dllabs.data.data_root()'s rule, not called: importing dllabs.data imports torch
    data = os.environ.get("DLLABS_DATA") or os.path.expanduser("~/.cache/dllabs/data")
    paths.append(data)
    for name in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        paths.append(name)
    return [p for p in dict.fromkeys(os.path.abspath(p) for p in paths) if os.path.exists(p)]


def bwrap_command(cmd: list[str], workdir: str, private: str) -> list[str]:
    """``cmd`` run by bubblewrap, ``workdir`` and ``private`` writable, the rest as described above."""
    args = ["bwrap", "--unshare-all", "--die-with-parent", "--dev", "/dev", "--proc", "/proc",
            "--tmpfs", "/tmp", "--tmpfs", "/dev/shm", "--dir", "/home/student"]
    for path in _readable():
        if os.path.islink(path):  # /bin -> usr/bin on merged-/usr systems
            args += ["--symlink", os.readlink(path), path]
        else:
            args += ["--ro-bind", path, path]
    args += ["--ro-bind-try", "/sys", "/sys"]
    for device in sorted(glob.glob("/dev/nvidia*")) + (["/dev/dri"] if os.path.exists("/dev/dri") else []):
        args += ["--dev-bind", device, device]  # CUDA in the sandbox when there is a GPU
    args += ["--bind", workdir, workdir, "--bind", private, private, "--chdir", workdir,
             "--setenv", "HOME", "/home/student", "--setenv", "MPLCONFIGDIR", "/tmp/matplotlib",
             "--setenv", "PYTHONPATH", os.pathsep.join(kernel_pythonpath()), "--setenv", "TMPDIR", "/tmp",
             "--unsetenv", "JPY_PARENT_PID"]  # its parent is the sandbox, pid 1 there: --die-with-parent does the job
    # bwrap itself must outlive the SIGINT that interrupts a cell (it is sent to the whole
    # process group); the kernel sets its own SIGINT handler while it runs a cell.
    return ["/bin/sh", "-c", 'trap "" INT; exec "$0" "$@"', *args, "--", *cmd]


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels run under :func:`bwrap_command`, over ``ipc`` sockets."""

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)
    private = Unicode("")  # the kernel's own folder: its connection file and ipc sockets

    async def _async_pre_start_kernel(self, **kw: t.Any) -> tuple[list[str], dict[str, t.Any]]:
        if not self.private:
            self.private = tempfile.mkdtemp(prefix="dllabs-kernel-")
        self.connection_file = os.path.join(self.private, "kernel.json")
        self.ip = os.path.join(self.private, "ipc")  # the ipc sockets' path prefix
        return await super()._async_pre_start_kernel(**kw)

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: t.Any) -> None:
        workdir = os.path.abspath(kw.get("cwd") or os.getcwd())
        await super()._async_launch_kernel(bwrap_command(kernel_cmd, workdir, self.private), **kw)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self.private:
            shutil.rmtree(self.private, ignore_errors=True)

