"""Warm grading kernels (autograder/kernels/zygote.py, provisioner.py, namespaces.py): a kernel forked
from the zygote is as isolated as one bwrap starts cold, and as fresh as a new process."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
import tempfile
import time
from pathlib import Path

import pytest

from autograder.engine import forkserver
from autograder.engine import pool as pools

from autograder.kernels import namespaces

from autograder.kernels import provisioner

from autograder.kernels import sandbox

from autograder.kernels import zygote
from conftest import assert_sandbox_probe, sandbox_probe
from autograder.course.layout import ROOT

needs_sandbox = pytest.mark.skipif(sandbox.unavailable() is not None or namespaces.supported() is not None,
                                   reason=str(sandbox.unavailable() or namespaces.supported()))


@pytest.fixture(scope="module")
def zygote_address():
    """A zygote serving this test process's kernels, as a fork server starts it."""
    folder = tempfile.mkdtemp(prefix="dllabs-test-zygote-")
    z = forkserver.start_zygote(folder)
    yield z.address
    z.close()


def run_in_kernel(code: str, workdir: Path, sandboxed: bool, address: str | None,
                  env: dict[str, str | None] | None = None) -> tuple[dict, list[dict]]:
    """Start a grading kernel (warm when ``address`` is a zygote's), run ``code``, stop it.

    ``env``: changes to the kernel's environment (None: unset). Returns ({"warm", "pid"}, the
    cell's output messages' contents)."""
    saved = dict(os.environ)
    for name, value in (env or {}).items():
        os.environ.pop(name, None) if value is None else os.environ.__setitem__(name, value)
    cls = provisioner.SandboxedKernelManager if sandboxed else provisioner.GradingKernelManager

    async def go() -> tuple[dict, list[dict]]:
        km = cls(kernel_name="python3", zygote=address or "")
        await km.start_kernel(cwd=str(workdir))
        kc = km.client()
        kc.start_channels()
        outputs: list[dict] = []
        kept = ("stream", "error", "display_data")
        try:
            await kc.wait_for_ready(timeout=60)
            await kc.execute_interactive(code, timeout=120, output_hook=lambda m: outputs.append(
                {"type": m["msg_type"], **m["content"]}) if m["msg_type"] in kept else None)
            info = {"warm": km.provisioner.warm, "pid": km.provisioner.pid}
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)
        return info, outputs

    try:
        return asyncio.run(go())
    finally:
        os.environ.clear()
        os.environ.update(saved)


def printed(outputs: list[dict]) -> list[str]:
    errors = [o for o in outputs if o["type"] == "error"]
    assert not errors, errors
    return "".join(o.get("text", "") for o in outputs if o["type"] == "stream").splitlines()


@needs_sandbox
def test_does_a_warm_sandboxed_kernel_see_only_what_a_cold_one_sees(zygote_address, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    code = sandbox_probe(tmp_path) + """import ctypes
print("pid", os.getpid(), "processes", sum(p.isdigit() for p in os.listdir("/proc")))
print("capabilities", [l.split()[1] for l in open("/proc/self/status") if l.startswith("CapEff")][0])
libc = ctypes.CDLL(None, use_errno=True)
print("mount", libc.mount(b"tmpfs", b"/tmp", b"tmpfs", 0, None), os.strerror(ctypes.get_errno()))
print("home", os.environ["HOME"], "zygote" in " ".join(os.environ))
"""
    info, outputs = run_in_kernel(code, work, sandboxed=True, address=zygote_address)
    lines = printed(outputs)
    assert info["warm"] is True
    assert_sandbox_probe(lines, work)
    assert lines[5] == "pid 1 processes 1", lines[5]  # alone in its PID namespace
    assert lines[6] == "capabilities 0000000000000000"
    assert lines[7] == "mount -1 Operation not permitted"
    assert lines[8] == "home /home/student False"


@needs_sandbox
def test_can_a_warm_kernel_undo_its_sandbox_from_a_new_user_namespace(zygote_address, tmp_path):
    # A kernel is multithreaded (it cannot unshare); a process it starts can, and gets every
    # capability in a new user namespace: the sandbox's mounts must still hold (they are locked).
    script = tmp_path / "escape.py"
    script.write_text(f"""
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
print("unshare", libc.unshare(0x10000000 | 0x00020000))
print("umount", libc.umount2(b"/tmp", 2), libc.umount2(b"/", 2), os.strerror(ctypes.get_errno()))
print("course", os.path.exists({str(ROOT / "source")!r}))
""")
    work = tmp_path
    code = (f"import subprocess, sys; "
            f"print(subprocess.run([sys.executable, {str(script)!r}], capture_output=True, text=True).stdout)")
    info, outputs = run_in_kernel(code, work, sandboxed=True, address=zygote_address)
    lines = printed(outputs)
    assert info["warm"] is True
    assert lines[0] == "unshare 0"
    assert lines[1].startswith("umount -1 -1"), lines
    assert lines[2] == "course False"


def test_is_a_grading_kernel_ready_though_its_iopub_is_never_silent(tmp_path, monkeypatch):
    """jupyter_client's client is ready once IOPub was silent for 0.2 s (0.2 s of every start);
    the grading client, once the kernel answered (nbclient keeps only its requests' outputs):
    a kernel that never stops publishing still starts, and runs a cell."""
    startup = tmp_path / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-chatty.py").write_text(
        "import threading, time\nfrom IPython.display import display\n"
        "def chat():\n    while True:\n        display('chatter')\n        time.sleep(0.05)\n"
        "threading.Thread(target=chat, daemon=True).start()\n")
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))

    async def go() -> str:
        km = provisioner.GradingKernelManager(kernel_name="python3")
        await km.start_kernel(cwd=str(tmp_path))
        kc = km.client()
        kc.start_channels()
        try:
            await asyncio.wait_for(kc.wait_for_ready(timeout=60), 20)
            printed: list[str] = []
            reply = await kc.execute_interactive("print('mine')", timeout=30, output_hook=lambda m: printed.append(
                m["content"].get("text", "")) if m["msg_type"] == "stream" else None)
            return reply["content"]["status"] + " " + "".join(printed).strip()
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)

    assert isinstance(provisioner.SandboxedKernelManager().client(), provisioner.GradingKernelClient)
    assert asyncio.run(go()) == "ok mine"


@needs_sandbox
def test_has_a_warm_sandboxed_kernel_no_network(zygote_address, tmp_path):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    code = f"""
import socket
try:
    socket.create_connection(("127.0.0.1", {server.getsockname()[1]}), timeout=5)
    print("connected")
except OSError:
    print("refused")
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
print("loopback", socket.create_connection(s.getsockname(), timeout=5) is not None)
"""
    info, outputs = run_in_kernel(code, tmp_path, sandboxed=True, address=zygote_address)
    server.close()
    assert info["warm"] is True
    assert printed(outputs) == ["refused", "loopback True"]  # its own loopback works, the host is not there


@pytest.mark.parametrize("sandboxed", [False, pytest.param(True, marks=needs_sandbox)])
def test_do_two_warm_kernels_draw_different_random_numbers(zygote_address, tmp_path, sandboxed):
    code = "import random, numpy, torch; print(random.random(), numpy.random.rand(), torch.initial_seed())"
    draws = [printed(run_in_kernel(code, tmp_path, sandboxed, zygote_address)[1])[0] for _ in range(2)]
    assert len(set(draws[0].split()) & set(draws[1].split())) == 0, draws


def test_does_a_warm_kernel_collect_its_own_garbage_and_never_walk_the_zygotes(zygote_address, tmp_path):
    """The zygote imports with the collector off and freezes what it imported: its kernel's collector
    is on (a student's cycles are freed) and leaves the frozen objects alone."""
    code = """
import gc, weakref
print(gc.isenabled(), gc.get_freeze_count() > 300_000, end=" ")
class Node: pass
cycles = []
for _ in range(1000):
    a, b = Node(), Node()
    a.other, b.other = b, a
    cycles.append(weakref.ref(a))
del a, b
gc.collect()
print(all(ref() is None for ref in cycles))
"""  # (whoever collected them: counting what one gc.collect() found raced with the kernel's own threads)
    assert printed(run_in_kernel(code, tmp_path, False, zygote_address)[1]) == ["True True True"]


GRADING = {"NBGRADER_EXECUTION": "autograde", "MPLBACKEND": None}  # the zygote itself has MPLBACKEND=Agg


@pytest.mark.parametrize("env", [{}, GRADING], ids=["as-set", "grading-inline"])
def test_does_a_warm_kernel_run_a_notebook_as_a_cold_one_does(zygote_address, tmp_path, env):
    """The same outputs (a plot, while grading too, an error) cold and warm, the same modules to import."""
    code = """
import sys, matplotlib, matplotlib.pyplot as plt, torch, dllabs
from dllabs import plots
plt.plot([1, 2]); plt.show()
print(matplotlib.get_backend(), torch.get_num_threads(), 'autograder' in sys.modules)
print(sorted(p for p in sys.path if p and 'site-packages' not in p and 'python3' not in p))
1 / 0
"""
    cold_info, cold = run_in_kernel(code, tmp_path, sandboxed=False, address=None, env=env)
    warm_info, warm = run_in_kernel(code, tmp_path, sandboxed=False, address=zygote_address, env=env)
    assert (cold_info["warm"], warm_info["warm"]) == (False, True)
    def shape(outs: list[dict]) -> list[tuple]:
        return [(o["type"], o.get("name"), o.get("ename"), sorted(o.get("data", {})), o.get("text")) for o in outs]

    assert shape(cold) == shape(warm)


def test_does_a_kernel_start_cold_when_the_zygote_is_gone(tmp_path):
    info, outputs = run_in_kernel("print(6 * 7)", tmp_path, sandboxed=False, address=str(tmp_path / "none.sock"))
    assert info["warm"] is False
    assert printed(outputs) == ["42"]


def test_does_a_kernel_die_when_its_provisioner_hangs_up(zygote_address, tmp_path):
    request = {"argv": ["-f", str(tmp_path / "kernel.json")], "cwd": str(tmp_path), "env": dict(os.environ),
               "memory": None, "mounts": None}
    kernel = zygote.fork_kernel(zygote_address, request)
    assert kernel.poll() is None
    os.kill(kernel.pid, 0)  # alive
    kernel.conn.close()  # nbgrader died
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(kernel.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail("the kernel outlived its provisioner's connection")


def test_does_the_zygote_refuse_a_request_without_the_kernels_output(zygote_address):
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(zygote_address)
    conn.sendall(json.dumps({"argv": [], "cwd": "/", "env": {}}).encode() + b"\n")
    reply = json.loads(conn.recv(4096))
    conn.close()
    assert "stdout and stderr" in reply["error"]


def test_does_the_fork_server_spare_the_zygote_but_not_its_kernels():
    """kill_tree(server, spare=zygote) kills the zygote's children (kernels), not the zygote."""
    import subprocess

    nest = "import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', {!r}]); time.sleep(60)"
    server = subprocess.Popen([sys.executable, "-c", nest.format(nest.format("import time; time.sleep(60)"))])
    try:
        def child_of(pid: int) -> int | None:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                kids = forkserver.children_map().get(pid)
                if kids:
                    return kids[0]
                time.sleep(0.05)
            return None

        the_zygote = child_of(server.pid)
        kernel = child_of(the_zygote)
        assert forkserver.kill_tree(server.pid, spare=the_zygote) == 1
        time.sleep(0.3)
        assert Path(f"/proc/{the_zygote}").exists()
        stat = Path(f"/proc/{kernel}/stat")
        state = stat.read_text().split(") ")[1][0] if stat.exists() else "gone"
        assert state in ("Z", "gone")
    finally:
        forkserver.kill_tree(server.pid)
        server.kill()
        server.wait()


def test_are_a_process_fork_servers_kept_between_runs_and_renewed_when_a_setting_changes(monkeypatch):
    """A second grading run in the same process starts no fork server; a killed server is
    replaced, a changed setting gets a new pool, and what old servers left in the temp folder goes
    (a server busy at the renewal is stopped when it is given back)."""
    from autograder.course.env import nbgrader_env

    pool = pools.ServerPool(nbgrader_env())
    try:
        pool.reserve(1)
        first = pool.get()
        pool.put(first)
        pool.reserve(1)
        assert pool.get() is first and first.alive()  # kept, not started again
        pool.put(first)
        first.proc.kill()
        first.proc.wait()
        replaced = pool.get()  # a dead server is replaced, and its folder removed
        assert replaced is not first and replaced.alive() and not Path(first.folder).exists()
        pool.put(replaced)
    finally:
        pool.close()
    assert not replaced.alive() and not Path(replaced.folder).exists()
    shared = pools.local_pool()
    shared.reserve(1)
    monkeypatch.setenv("PYTEST_CURRENT_TEST", "another test")  # pytest's own variable: not a setting
    assert pools.local_pool() is shared
    server = shared.get()  # busy grading while the setting changes
    monkeypatch.setenv("DLLABS_WARM", "off")
    renewed = pools.local_pool()
    assert renewed is not shared and renewed.env["DLLABS_WARM"] == "off"
    assert server.alive()  # not killed under its submission
    shared.put(server)  # given back to the old pool: stopped, not kept in it for ever
    assert not server.alive() and not Path(server.folder).exists()


def test_does_the_zygote_name_what_it_could_not_import_before_any_kernel(tmp_path):
    """The modules a kernel will import cold are named as soon as the warm imports end, not
    at the first fork (a zygote that never forks would say nothing)."""
    import subprocess

    address = str(tmp_path / "z.sock")
    code = ("import sys; from autograder.kernels import zygote; zygote.WARM[:] = ['json', 'dllabs_no_such_module'];"
            f" zygote.serve({address!r})")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        import select

        said = select.select([proc.stderr], [], [], 30)[0]  # no request is ever sent
        line = proc.stderr.readline() if said else "(nothing in 30 s)"
    finally:
        proc.kill()
        proc.wait()
    assert line.strip() == "zygote: not imported warm: dllabs_no_such_module"


def test_does_the_bookkeeping_yield_the_cpu_to_the_zygote_and_its_kernels(tmp_path):
    """A fork server (and the nbgrader processes it forks) runs at nice +5 after it started its
    zygote, which keeps this process's priority, as do the kernels it forks."""
    pool = pools.ServerPool(dict(os.environ))
    try:
        server = pool.get()
        deadline = time.monotonic() + 30
        while not (kids := forkserver.children_map().get(server.proc.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)

        def nice(pid: int) -> int:
            return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])

        lowered = min(os.nice(0) + forkserver.BOOKKEEPING_NICE, 19)
        while nice(server.proc.pid) != lowered and time.monotonic() < deadline:  # right after starting the zygote
            time.sleep(0.05)
        assert kids and nice(kids[0]) == os.nice(0)
        assert nice(server.proc.pid) == lowered
        pool.put(server)
    finally:
        pool.close()
