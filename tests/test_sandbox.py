"""The grading kernels' sandbox (autograder/kernels/sandbox.py): what a kernel can and cannot reach,
and what the instructor is told when there is no sandbox."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.kernels import sandbox
from conftest import assert_sandbox_probe, sandbox_probe
from autograder.course.layout import ROOT

needs_bwrap = pytest.mark.skipif(sandbox.unavailable() is not None, reason=str(sandbox.unavailable()))


def in_sandbox(code: str, workdir: Path, private: Path) -> subprocess.CompletedProcess:
    cmd = sandbox.bwrap_command([sys.executable, "-c", code], str(workdir), str(private))
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


@needs_bwrap
def test_a_sandboxed_kernel_writes_only_its_folder_and_reads_no_course_file(tmp_path):
    work, private = tmp_path / "work", tmp_path / "private"
    work.mkdir(), private.mkdir()
    code = sandbox_probe(tmp_path)
    done = in_sandbox(code, work, private)
    assert done.returncode == 0, done.stderr
    assert_sandbox_probe(done.stdout.splitlines(), work)


@needs_bwrap
def test_a_sandboxed_kernel_has_no_network(tmp_path):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    code = f"""
import socket
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=5)
    print("connected")
except OSError as exc:
    print("refused")
"""
    done = in_sandbox(code, tmp_path, tmp_path)
    server.close()
    assert done.stdout.strip() == "refused", done.stderr


def grade_command(course: Path, *options: str, **env: str) -> subprocess.CompletedProcess:
    """``python -m autograder grade lab1_backprop OPTIONS`` on ``course``, with ``env`` added to the environment."""
    return subprocess.run([sys.executable, "-m", "autograder", "grade", "lab1_backprop", "--course", str(course),
                           *options], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True)


def test_grading_says_when_kernels_run_unsandboxed(tmp_path):
    done = grade_command(tmp_path, DLLABS_SANDBOX="off")
    assert done.returncode == 0, done.stderr[-500:]
    assert "Grading kernels run UNSANDBOXED (DLLABS_SANDBOX=off)" in done.stdout
    assert "Memory limit: 6 GiB per submission (RLIMIT_DATA" in done.stdout  # the limit in force, said
    assert "no submission found" in done.stdout
    assert "Kernels start warm: forked from a process that imported torch" in done.stdout
    cold = grade_command(tmp_path, "--memory-gb", "2.5", DLLABS_SANDBOX="off", DLLABS_WARM="off")
    assert "Kernels start cold (DLLABS_WARM=off)" in cold.stdout
    assert "Memory limit: 2.5 GiB per submission" in cold.stdout


def test_sandbox_on_without_bubblewrap_is_one_clear_line(tmp_path):
    done = grade_command(tmp_path, DLLABS_SANDBOX="on", PATH=str(Path(sys.executable).parent))  # no bwrap there
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "bubblewrap is not installed" in done.stderr
    assert not (tmp_path / "gradebook.db").exists()  # nothing started


def gpu_check(tmp_path: Path, nvidia_smi_status: int) -> subprocess.CompletedProcess:
    """benchmarks/gpu_check.sh with a stand-in ``nvidia-smi`` that exits with ``nvidia_smi_status``."""
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    (fake / "nvidia-smi").write_text(f"#!/bin/sh\nexit {nvidia_smi_status}\n")
    (fake / "nvidia-smi").chmod(0o755)
    env = {**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}", "PYTHON": sys.executable,
           "CUDA_VISIBLE_DEVICES": ""}  # torch sees no GPU, even on a GPU host
    return subprocess.run(["bash", str(ROOT / "benchmarks" / "gpu_check.sh")], env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("status, said", [(9, "no NVIDIA GPU here"), (0, "torch cannot use it")])
def test_gpu_check_stops_in_one_line_without_a_gpu(tmp_path, status, said):
    done = gpu_check(tmp_path, status)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("gpu_check: ") and said in done.stderr


RESERVE_THEN_USE = """
import ctypes, resource, sys
from autograder.engine.forkserver import limit_memory
if sys.argv[1] == "address-space":  # the limit grading used before: RLIMIT_AS
    resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))
else:
    limit_memory(2**30)
libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
# what CUDA does when it starts: reserve a huge address space, PROT_NONE, backed by nothing
addr = libc.mmap(None, 64 * 2**30, 0, 0x02 | 0x20 | 0x4000, -1, 0)  # MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE
print("reserve", "refused" if addr in (None, ctypes.c_void_p(-1).value) else "ok")
try:
    hoard = bytearray(2 * 2**30)
    print("use", "ok")
except MemoryError:
    print("use", "MemoryError")
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_DATA counts writable mappings on Linux")
@pytest.mark.parametrize("limit, expected", [("data", "reserve ok\nuse MemoryError"),
                                             ("address-space", "reserve refused\nuse MemoryError")])
def test_the_memory_limit_stops_real_use_but_lets_cuda_reserve_address_space(limit, expected):
    done = subprocess.run([sys.executable, "-c", RESERVE_THEN_USE, limit], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip() == expected, done.stderr[-500:]
