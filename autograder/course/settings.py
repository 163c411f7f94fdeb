"""The grading settings: one object (:class:`GradingSettings`) that the coordinator decides once and
every process of a job receives: the ``Job``, the fork server's request, the nbgrader child's
configuration and, from it, the kernel manager and the provisioner.

Environment variables are the user's way to set them, and are read here only: the policy
(``DLLABS_SANDBOX``, ``DLLABS_WARM``) by :meth:`GradingSettings.from_environment`, this machine's
folders (``DLLABS_SCRATCH``, ``DLLABS_DATA``, ``DLLABS_KERNEL_PYTHONPATH``) by the functions
below, since a Dask worker's folders are its own. Imports nothing of the grader."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass

TIMEOUT = 300.0
"""Seconds a submission may take, all cells together (``grade --timeout``)."""
CELL_TIMEOUT = 60.0
"""Seconds one cell may take before it is interrupted (``grade --cell-timeout``)."""
MEMORY = 6 * 2**30
"""Bytes of memory a submission's nbgrader process and kernel may each use (RLIMIT_DATA)."""
SANDBOX_MODES = ("auto", "on", "off")
LATE_POLICIES = ("none", "zero", "percent")
OFF = ("off", "0", "no", "false")


@dataclass(frozen=True)
class GradingSettings:
    """How a class is graded. ``sandbox``: ``auto`` (sandbox kernels when bubblewrap works),
    ``on`` (refuse to grade without it) or ``off``; ``warm``: fork kernels from a zygote that
    imported torch once (else each kernel starts cold). ``late``: the course's late policy (``none``,
    ``zero``, ``percent``: ``late_percent_per_day`` of the score per day begun, at most ``late_cap``
    percent), nbgrader's late penalty while autograding (``records.late.LatePenalty``)."""

    timeout: float = TIMEOUT
    cell_timeout: float = CELL_TIMEOUT
    memory: int = MEMORY
    sandbox: str = "auto"
    warm: bool = True
    late: str = "none"
    late_percent_per_day: float = 0.0
    late_cap: float = 100.0

    def __post_init__(self) -> None:
        if self.sandbox not in SANDBOX_MODES:
            raise ValueError(f"sandbox must be one of {', '.join(SANDBOX_MODES)}, not {self.sandbox!r}")
        if self.late not in LATE_POLICIES:
            raise ValueError(f"the late policy must be one of {', '.join(LATE_POLICIES)}, not {self.late!r}")
        if self.timeout <= 0 or self.cell_timeout <= 0 or self.memory <= 0:
            raise ValueError("time limits and the memory limit must be positive")

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None, **chosen: object) -> GradingSettings:
        """The settings ``$DLLABS_SANDBOX`` and ``$DLLABS_WARM`` give, with ``chosen`` (the command
        line's options; None: not chosen) over them."""
        env = os.environ if environ is None else environ
        sandbox = env.get("DLLABS_SANDBOX", "auto").strip().lower() or "auto"
        found: dict[str, object] = {"sandbox": sandbox if sandbox in SANDBOX_MODES else "auto",
                                    "warm": env.get("DLLABS_WARM", "on").strip().lower() not in OFF}
        found.update({k: v for k, v in chosen.items() if v is not None})
        return cls(**found)  # type: ignore[arg-type]

    def to_json(self) -> dict[str, object]:
        """A plain dict, for a JSON request (the fork server's)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> GradingSettings:
        return cls(**data)  # type: ignore[arg-type]


def scratch_folder() -> str | None:
    """``$DLLABS_SCRATCH``: where this machine keeps grading's scratch files (None: the temp folder)."""
    return os.environ.get("DLLABS_SCRATCH") or None


def data_folder() -> str:
    """Where this machine keeps the labs' datasets: ``$DLLABS_DATA``, else ``~/.cache/dllabs/data``
    (``dllabs.data.data_root``'s rule, for the student's side)."""
    return os.environ.get("DLLABS_DATA") or os.path.expanduser("~/.cache/dllabs/data")


def extra_kernel_folders() -> list[str]:
    """``$DLLABS_KERNEL_PYTHONPATH``: more folders grading kernels import from (existing ones, absolute)."""
    extra = os.environ.get("DLLABS_KERNEL_PYTHONPATH", "").split(os.pathsep)
    return [os.path.abspath(p) for p in extra if p and os.path.isdir(p)]
