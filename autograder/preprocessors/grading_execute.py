"""GradingExecute (autograde, in place of nbgrader's Execute): nbgrader's Execute step as
this course runs it, with the kernel started by ``provisioner.kernel_manager_class()`` (a
bubblewrap sandbox where the OS allows it) and an integrity check (``integrity.py``) around
every graded test cell."""

from __future__ import annotations

import time
import typing as t
from queue import Empty

from jupyter_core.utils import ensure_async, run_sync
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Unicode, default

from autograder.kernels import integrity

from autograder.kernels import provisioner
from autograder.course.cells import is_test_cell
from autograder.course.editions import in_language, language_of
from autograder.course.settings import GradingSettings
from autograder.course.timing import timing_line


class GradingExecute(Execute):
    """Execute with the kernel sandboxed when possible, and tampering scored 0.

    Before the first cell the kernel's fingerprint is taken; before and after each
    graded test cell it is taken again, and a test cell run while it differs gets an
    error output (first, so nbgrader gives it 0) that names what was changed.
    """

    sandbox = Unicode(config=True, help="auto, on or off: the job's GradingSettings.sandbox")

    @default("sandbox")
    def _sandbox_from_environment(self) -> str:
        return GradingSettings.from_environment().sandbox

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        if "kernel_manager_class" not in kwargs:
            self.kernel_manager_class = provisioner.kernel_manager_class(GradingSettings(sandbox=self.sandbox))
        self._baseline: tuple[list[str], dict[str, str]] | None = None
        self._started = False

    def preprocess(self, nb: NotebookNode, resources: t.Any = None, km: t.Any = None) -> t.Any:
        self._baseline, self._started = None, False
        self._t0, self._ready, self._warm = time.perf_counter(), None, False
        try:
            return super().preprocess(nb, resources, km)
        finally:
            if self._ready is not None:  # read by the grading engine, averaged over a class
                self.log.info(timing_line(self._warm, self._ready - self._t0, time.perf_counter() - self._ready))

    async def async_start_new_kernel_client(self) -> t.Any:
        kc = await super().async_start_new_kernel_client()
        self._ready = time.perf_counter()
        self._warm = bool(getattr(getattr(self.km, "provisioner", None), "warm", False))
        return kc

    start_new_kernel_client = run_sync(async_start_new_kernel_client)  # the sync path nbconvert takes

    async def _async_probe(self, modules: list[str] | None, timeout: float) -> tuple[list[str], dict[str, str]] | None:
        assert self.kc is not None
        nonce = integrity.new_nonce()
        msg_id = self.kc.execute("", silent=True, store_history=False, allow_stdin=False,
                                 user_expressions={"dllabs": integrity.expression(nonce, modules)})
        deadline = time.monotonic() + timeout
        while True:
            try:
                msg = await ensure_async(self.kc.shell_channel.get_msg(timeout=max(0.1, deadline - time.monotonic())))
            except Empty:
                return None
            if msg["parent_header"].get("msg_id") == msg_id:
                return integrity.parse(msg["content"], nonce)

    _probe = run_sync(_async_probe)

    def _tampering(self) -> list[str]:
        assert self._baseline is not None
        now = self._probe(self._baseline[0], 60)
        return integrity.changed(self._baseline[1], now[1] if now else None)

    def preprocess_cell(self, cell: NotebookNode, resources: t.Any, index: int) -> tuple[NotebookNode, t.Any]:
        if cell.cell_type == "code" and cell.source.strip() and not self._started:
            self._started = True  # before any of the notebook's code: what is genuine
            self._baseline = self._probe(None, max(120, self.timeout or 0))
            if self._baseline is None:
                self.log.warning("The grading kernel could not take its integrity fingerprint; tests run unchecked.")
        if not (is_test_cell(cell) and self._baseline is not None):
            return super().preprocess_cell(cell, resources, index)
        problems = self._tampering()
        cell, resources = super().preprocess_cell(cell, resources, index)
        problems = problems or self._tampering()
        if problems:
            text = in_language(language_of(self.nb), "This test was not trusted: the notebook changed "
                               + "; ".join(problems) + ". Code that alters the grading earns no points.",
                               "Ce test n'a pas été retenu\u00a0: le notebook a modifié " + "\u00a0; ".join(problems)
                               + ". Un code qui altère la notation ne rapporte aucun point.")
            cell.outputs.insert(0, NotebookNode(output_type="error", ename="GradingIntegrityError", evalue=text,
                                                traceback=[f"GradingIntegrityError: {text}"]))
        return cell, resources
