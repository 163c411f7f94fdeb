"""The sandbox of ``sandbox.py`` entered by a running process (Linux), for warm kernels.

A cold grading kernel is started by ``bwrap``. A warm one is a fork of a process that
has already imported torch (``zygote.py``), so it cannot be exec'ed by bwrap: it enters
the same sandbox itself, with the same system calls bwrap makes, in this order:

1. ``unshare`` a user, mount, PID, network, IPC and UTS namespace (a process may do
   this unprivileged once it is single-threaded, which a fresh fork is), and map its
   own uid and gid into the new user namespace;
2. fork once more, so that the kernel is PID 1 of its own PID namespace (it sees no other
   process, and when it exits everything it started dies with it);
3. build a new root on a tmpfs from the :class:`sandbox.Mount` list (the one list bwrap
   is given too), ``pivot_root`` into it and detach the old root;
4. bring up the loopback interface of its empty network namespace, then drop every
   capability and set ``no_new_privs`` (mounts made before this are locked: the kernel
   cannot undo them, nor gain capabilities back).

Only the standard library is used (ctypes), so that the zygote imports nothing of the
course's beyond this module.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import platform
import socket
import struct
from typing import Iterable, Sequence

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_NOATIME, MS_NODIRATIME, MS_BIND, MS_REC = 32, 1024, 2048, 4096, 16384
MS_SILENT, MS_SLAVE, MS_RELATIME, MS_STRICTATIME = 32768, 1 << 19, 1 << 21, 1 << 24
MNT_DETACH = 2
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT = 1, 24, 38, 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}
# statvfs's f_flag bits -> the mount flags a read-only remount must keep (the kernel refuses
# to clear nosuid/nodev/noexec/atime flags of a mount inherited from a more privileged namespace)
ST_TO_MS = {2: MS_NOSUID, 4: MS_NODEV, 8: MS_NOEXEC, 1024: MS_NOATIME, 2048: MS_NODIRATIME, 4096: MS_RELATIME}
DEVICES = ("null", "zero", "full", "random", "urandom", "tty")

_libc = ctypes.CDLL(None, use_errno=True)


class SandboxError(OSError):
    """A system call of the sandbox failed (the message names it and its arguments)."""


def supported() -> str | None:
    """Why a running process cannot enter the sandbox here, or None when it can."""
    if platform.system() != "Linux":
        return f"entering a sandbox needs Linux (this is {platform.system()})"
    if platform.machine() not in SYS_PIVOT_ROOT:
        return f"pivot_root's system call number is not known for {platform.machine()}"
    return None


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise SandboxError(err, f"{what}: {os.strerror(err)}")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    def enc(s: str | None) -> bytes | None:
        return s.encode() if s is not None else None

    _check(_libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)),
           f"mount {source} on {target}")


def _pivot_root(new: str, old: str) -> None:
    _check(_libc.syscall(SYS_PIVOT_ROOT[platform.machine()], new.encode(), old.encode()), f"pivot_root {new}")


def die_with_parent() -> None:
    """This process gets SIGKILL when its parent dies."""
    _libc.prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0)


def enter_namespaces() -> None:
    """Step 1: new user, mount, PID, network, IPC and UTS namespaces, own uid/gid mapped.

    The PID namespace applies to this process's next child (step 2: :func:`os.fork`)."""
    uid, gid = os.geteuid(), os.getegid()
    flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
    _check(_libc.unshare(flags), "unshare (user namespaces may be disabled on this host)")
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as f:
            f.write(text)


def _keep_flags(path: str) -> int:
    flags = os.statvfs(path).f_flag
    return sum(ms for st, ms in ST_TO_MS.items() if flags & st)


def _make_point(path: str, like: str | None) -> None:
    """Create ``path`` (a folder, or an empty file when ``like`` is a file) for a mount."""
    if like is not None and os.path.exists(like) and not os.path.isdir(like):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if not os.path.exists(path):
            open(path, "w").close()
    else:
        os.makedirs(path, exist_ok=True)


def _bind(source: str, target: str, read_only: bool, recursive: bool = False) -> None:
    _make_point(target, source)
    _mount(source, target, None, MS_BIND | (MS_REC if recursive else 0))
    if read_only:
        _mount(None, target, None, MS_BIND | MS_REMOUNT | MS_RDONLY | _keep_flags(target))


def _dev(target: str, old: str, extra: Iterable[str]) -> None:
    """bwrap's ``--dev``: a tmpfs with the harmless devices, /dev/shm and the std links; plus ``extra`` (GPUs)."""
    _make_point(target, None)
    _mount("tmpfs", target, "tmpfs", MS_NOSUID, "mode=0755")
    for name in DEVICES:
        if os.path.exists(f"{old}/dev/{name}"):
            _bind(f"{old}/dev/{name}", f"{target}/{name}", read_only=False)
    for name, to in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
                     ("stderr", "/proc/self/fd/2"), ("core", "/proc/kcore")):
        os.symlink(to, f"{target}/{name}")
    os.makedirs(f"{target}/shm")
    for device in extra:
        _bind(old + device, target + device[len("/dev"):], read_only=False, recursive=True)


def build_root(mounts: Sequence[tuple[str, str, str]], base: str = "/tmp") -> None:
    """Step 3: make ``mounts`` the whole file system (see :func:`sandbox.mounts` for the kinds).

    The host's root stays reachable under ``/oldroot`` while the new root is built in
    ``/newroot``, on a tmpfs mounted over ``base`` in this mount namespace only."""
    _mount(None, "/", None, MS_SILENT | MS_SLAVE | MS_REC)  # nothing propagates back to the host
    _mount("tmpfs", base, "tmpfs", MS_NODEV | MS_NOSUID, "mode=0755")
    os.chdir(base)
    os.mkdir("newroot")
    _mount("newroot", "newroot", None, MS_BIND | MS_REC)
    os.mkdir("oldroot")
    _pivot_root(base, "oldroot")
    os.chdir("/")
    old, new = "/oldroot", "/newroot"
    devices = [dst for kind, _, dst in mounts if kind == "device"]
    for kind, src, dst in mounts:
        target = new + dst
        if kind == "ro":
            _bind(old + src, target, read_only=True)
        elif kind == "ro-try":
            if os.path.exists(old + src):
                _bind(old + src, target, read_only=True, recursive=True)
        elif kind == "rw":
            _bind(old + src, target, read_only=False)
        elif kind == "symlink":
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.symlink(src, target)
        elif kind == "dir":
            os.makedirs(target, exist_ok=True)
        elif kind == "tmpfs":
            _make_point(target, None)
            _mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777")
        elif kind == "proc":
            _make_point(target, None)
            _mount("proc", target, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        elif kind == "dev":
            _dev(target, old, devices)
        elif kind != "device":
            raise ValueError(f"unknown mount kind {kind!r}")
    os.chdir(new)
    _pivot_root(".", ".")  # the old root is stacked on the new one ...
    _check(_libc.umount2(b".", MNT_DETACH), "umount the host's root")  # ... and detached
    os.chdir("/")


def loopback_up() -> None:
    """Bring up ``lo`` in this (new, empty) network namespace, as bwrap does."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        ifreq = struct.pack("16sH14x", b"lo", 0)
        flags = struct.unpack("16sH14x", fcntl.ioctl(s, 0x8913, ifreq))[1]  # SIOCGIFFLAGS
        fcntl.ioctl(s, 0x8914, struct.pack("16sH14x", b"lo", flags | 1))  # SIOCSIFFLAGS, IFF_UP


def drop_capabilities() -> None:
    """Step 4: no capability left (bounding, ambient, effective, permitted), and no way back."""
    for cap in range(64):
        if _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            break  # past the last capability this kernel knows
    _libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    header = struct.pack("Ii", 0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    data = ctypes.create_string_buffer(24)  # two (effective, permitted, inheritable) words, all zero
    _check(_libc.capset(ctypes.c_char_p(header), data), "capset")
    _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(no_new_privs)")
