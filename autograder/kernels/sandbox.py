"""Grading kernels in a bubblewrap sandbox (Linux): no network, the course unreadable.

nbgrader runs each submission in a Jupyter kernel. Here that kernel is started by
``bwrap`` with its own network, process and IPC namespaces, and sees only:

- read-only: the system (``/usr``, ``/etc``, ...), Python and its packages, the
  course's ``dllabs`` package (``src/``) and the datasets folder (``$DLLABS_DATA``);
- the grader's references (``autograder/references``, the answers some checks compare with):
  hidden from a warm kernel, whose zygote imported them before it entered the sandbox;
  read-only for a cold one, which imports them itself;
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

from autograder.course.env import kernel_pythonpath
from autograder.course.settings import GradingSettings, data_folder


UNSANDBOXED = "Grading kernels run UNSANDBOXED"


def mode(settings: GradingSettings | None = None) -> str:
    """``auto``, ``on`` or ``off``: ``settings.sandbox`` (default: from the environment, ``$DLLABS_SANDBOX``)."""
    return (settings or GradingSettings.from_environment()).sandbox


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


def enabled(settings: GradingSettings | None = None) -> bool:
    """Whether grading kernels are sandboxed; raises RuntimeError when ``on`` cannot be honoured."""
    if mode(settings) == "off":
        return False
    why = unavailable()
    if why and mode(settings) == "on":
        raise RuntimeError(f"DLLABS_SANDBOX=on but {why}")
    return why is None


def describe(settings: GradingSettings | None = None) -> str:
    """One line for the instructor: sandboxed or not, and why."""
    if mode(settings) == "off":
        return f"{UNSANDBOXED} (DLLABS_SANDBOX=off): submissions can read and write what you can."
    why = unavailable()
    if why:
        return f"{UNSANDBOXED}: {why}. Submissions can read and write what you can."
    return ("Grading kernels run in a bubblewrap sandbox: no network, only the submission's folder writable, "
            "the course unreadable.")


def _readable() -> list[str]:
    """Folders a kernel reads: the system, Python and its packages, dllabs, the datasets."""
    paths = ["/usr", "/etc", "/opt", sys.prefix, sys.base_prefix, sys.exec_prefix, *kernel_pythonpath(),
             *site.getsitepackages(), site.getusersitepackages()]
    # dllabs.data.data_root()'s rule, not called: importing dllabs.data imports torch
    data = data_folder()
    paths.append(data)
    for name in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        paths.append(name)
    return [p for p in dict.fromkeys(os.path.abspath(p) for p in paths) if os.path.exists(p)]


from autograder import PACKAGE  # noqa: E402  (the grader, and in ``references/`` the answers the checks compare with)


def _hide_or_show_references(readable: list[str], cold: bool) -> list[tuple[str, str, str]]:
    """A warm kernel's zygote imported the references before the sandbox: their folder is hidden
    (an empty tmpfs over it, where a readable folder such as site-packages holds it). A cold kernel
    imports them itself: the package is mounted read-only (a notebook cell still cannot import it)."""
    inside = any(PACKAGE == p or PACKAGE.startswith(p + os.sep) for p in readable)
    if cold:
        return [] if inside else [("ro", PACKAGE, PACKAGE)]
    return [("tmpfs", "", os.path.join(PACKAGE, "references"))] if inside else []


def mounts(workdir: str, private: str, cold: bool = False) -> list[tuple[str, str, str]]:
    """The kernel's whole file system, as (kind, source, destination) in the order made.

    Kinds: ``dev`` (a minimal /dev), ``proc``, ``tmpfs``, ``dir`` (an empty folder),
    ``symlink`` (source is the link's text), ``ro`` and ``rw`` (bind mounts), ``ro-try``
    (read-only when it exists), ``device`` (a GPU device node, read-write). bwrap is given
    this list (:func:`bwrap_command`), and a warm kernel makes it itself (``namespaces.py``)."""
    view = [("dev", "", "/dev"), ("proc", "", "/proc"), ("tmpfs", "", "/tmp"), ("tmpfs", "", "/dev/shm"),
            ("dir", "", "/home/student")]
    readable = _readable()
    for path in readable:
        view.append(("symlink", os.readlink(path), path) if os.path.islink(path) else ("ro", path, path))
    view += _hide_or_show_references(readable, cold)
    view.append(("ro-try", "/sys", "/sys"))
    for device in sorted(glob.glob("/dev/nvidia*")) + (["/dev/dri"] if os.path.exists("/dev/dri") else []):
        view.append(("device", device, device))  # CUDA in the sandbox when there is a GPU
    view += [("rw", workdir, workdir), ("rw", private, private)]
    return view


def kernel_env() -> dict[str, str | None]:
    """What the sandbox changes in a kernel's environment (None: unset)."""
    return {"HOME": "/home/student", "MPLCONFIGDIR": "/tmp/matplotlib", "TMPDIR": "/tmp",
            "PYTHONPATH": os.pathsep.join(kernel_pythonpath()),
            "JPY_PARENT_PID": None}  # its parent is the sandbox, pid 1 there: --die-with-parent does the job


def bwrap_command(cmd: list[str], workdir: str, private: str) -> list[str]:
    """``cmd`` run by bubblewrap in :func:`mounts`, with :func:`kernel_env`."""
    flags = {"dev": "--dev", "proc": "--proc", "tmpfs": "--tmpfs", "dir": "--dir"}
    args = ["bwrap", "--unshare-all", "--die-with-parent"]
    for kind, src, dst in mounts(workdir, private, cold=True):
        if kind in flags:
            args += [flags[kind], dst]
        else:
            option = {"symlink": "--symlink", "ro": "--ro-bind", "ro-try": "--ro-bind-try", "rw": "--bind",
                      "device": "--dev-bind"}[kind]
            args += [option, src, dst]
    args += ["--chdir", workdir]
    for name, value in kernel_env().items():
        if name == "PYTHONPATH":  # a cold kernel imports the references itself (see _hide_or_show_references)
            value = os.pathsep.join([value, os.path.dirname(PACKAGE)]) if value else os.path.dirname(PACKAGE)
        args += ["--unsetenv", name] if value is None else ["--setenv", name, value]
    # bwrap itself must outlive the SIGINT that interrupts a cell (it is sent to the whole
    # process group); the kernel sets its own SIGINT handler while it runs a cell.
    return ["/bin/sh", "-c", 'trap "" INT; exec "$0" "$@"', *args, "--", *cmd]

