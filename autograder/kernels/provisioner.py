"""How a grading kernel is launched: jupyter_client's kernel provisioner, and its managers.

nbgrader's Execute step (``preprocessors/grading_execute.py``) starts each submission's
kernel through a kernel manager, and the manager through its *provisioner*, jupyter_client's
extension point for launching kernels. Ours, :class:`GradingProvisioner`, launches:

- warm, when the manager names a zygote (``GradingKernelManager.zygote``: the fork server's,
  given by nbgrader's configuration of the job):
  the kernel is forked from a process that already imported torch (``zygote.py``) and
  enters the sandbox itself;
- cold otherwise (or when the zygote cannot fork): ``python -m ipykernel_launcher``,
  under ``bwrap`` when sandboxed.

Either way the kernel sees the same file system (``sandbox.mounts``), environment
(``sandbox.kernel_env``), folder and memory limit, and nbgrader, nbclient and the
integrity checks talk to it the same way.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import typing as t
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from nbclient.exceptions import DeadKernelError
from traitlets import CaselessStrEnum, Integer, Type, Unicode

from autograder.course.settings import GradingSettings
from autograder.kernels import namespaces, sandbox, zygote


def warm_argv(cmd: list[str]) -> list[str] | None:
    """The ipykernel arguments of ``cmd`` when it is this Python's ``-m ipykernel_launcher``, else None."""
    if len(cmd) < 3 or cmd[1:3] != ["-m", "ipykernel_launcher"]:
        return None
    exe = shutil.which(cmd[0]) or cmd[0]
    if os.path.realpath(exe) != os.path.realpath(sys.executable):
        return None
    return cmd[3:]


class GradingProvisioner(LocalProvisioner):
    """Launch the kernel warm from the zygote when possible, else cold; sandboxed when its manager is."""

    warm = False  # whether this kernel was forked from the zygote

    async def launch_kernel(self, cmd: list[str], **kwargs: t.Any) -> KernelConnectionInfo:
        km = self.parent
        private = getattr(km, "private", "") if isinstance(km, SandboxedKernelManager) else ""
        cwd = os.path.abspath(kwargs.get("cwd") or os.getcwd())
        env = dict(kwargs.get("env") or os.environ)
        address, argv = getattr(km, "zygote", ""), warm_argv(cmd)
        if address and argv is not None and (not private or namespaces.supported() is None):
            if private:
                env = {k: v for k, v in env.items() if k not in sandbox.kernel_env()}
                env.update({k: v for k, v in sandbox.kernel_env().items() if v is not None})
            else:
                env["JPY_PARENT_PID"] = str(os.getpid())  # as jupyter_client's launcher sets it
            request = {"argv": argv, "cwd": cwd, "env": env, "memory": getattr(km, "memory", 0) or None,
                       "mounts": sandbox.mounts(cwd, private) if private else None}
            try:
                self.process = zygote.fork_kernel(address, request)
            except zygote.ZygoteUnavailable as exc:
                self.log.warning("Starting the kernel cold: %s", exc)
            else:
                self.warm, self.pid, self.pgid, self.cwd = True, self.process.pid, self.process.pid, cwd
                return self.connection_info
        if private:
            cmd = sandbox.bwrap_command(cmd, cwd, private)
        return await super().launch_kernel(cmd, **kwargs)


class GradingKernelClient(AsyncKernelClient):
    """The client nbclient talks to a grading kernel with: ready as jupyter_client's is, minus its wait.

    jupyter_client's ``wait_for_ready`` ends by reading IOPub until nothing came for 0.2 s, to
    drop what the kernel published before its first request: a wait on every submission, and
    not needed here, since nbclient and the integrity probe keep only the replies and outputs
    whose parent is their own request. The rest is jupyter_client's: ask ``kernel_info`` until
    the kernel replies, with a message on IOPub to show that IOPub is connected."""

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                msg = await self.shell_channel.get_msg(timeout=1)
                if msg["msg_type"] == "kernel_info_reply":
                    await self.iopub_channel.get_msg(timeout=0.2)
                    self._handle_kernel_info_reply(msg)
                    return
            except Empty:
                pass
            if not await self._async_is_alive():
                raise DeadKernelError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise TimeoutError(f"Kernel didn't respond in {timeout:g} seconds")

    wait_for_ready = _async_wait_for_ready


class GradingKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels are launched by :class:`GradingProvisioner` (unsandboxed)."""

    client_factory = Type(GradingKernelClient)  # what nbclient's km.client() makes
    zygote = Unicode("", config=True, help="the socket of the zygote to fork kernels from ('': start them cold)")
    memory = Integer(0, config=True, help="bytes of memory a kernel forked from the zygote may use (0: no limit)")

    async def _async_pre_start_kernel(self, **kw: t.Any) -> tuple[list[str], dict[str, t.Any]]:
        if self.provisioner is None:
            self.provisioner = GradingProvisioner(kernel_id=self.kernel_id or "", kernel_spec=self.kernel_spec,
                                                  parent=self)
        return await super()._async_pre_start_kernel(**kw)


class SandboxedKernelManager(GradingKernelManager):
    """Kernels in the sandbox (``sandbox.py``), talked to over ``ipc`` sockets in a private folder."""

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)
    private = Unicode("")  # the kernel's own folder: its connection file and ipc sockets

    async def _async_pre_start_kernel(self, **kw: t.Any) -> tuple[list[str], dict[str, t.Any]]:
        if not self.private:
            self.private = tempfile.mkdtemp(prefix="dllabs-kernel-")
        self.connection_file = os.path.join(self.private, "kernel.json")
        self.ip = os.path.join(self.private, "ipc")  # the ipc sockets' path prefix
        return await super()._async_pre_start_kernel(**kw)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self.private:
            shutil.rmtree(self.private, ignore_errors=True)


def kernel_manager_class(settings: GradingSettings | None = None) -> type:
    """The kernel manager grading kernels are started by: sandboxed when ``sandbox.enabled(settings)``.

    nbgrader's configuration (``records/grading_config.py``) gives it the settings of the job: the
    zygote to fork from (the fork server's, when kernels start warm) and the memory limit."""
    return SandboxedKernelManager if sandbox.enabled(settings) else GradingKernelManager
