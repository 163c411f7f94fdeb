"""Where a graded notebook's time goes: every cell of a lab run as nbgrader's autograde runs it.

The notebook run is ``source/<lab>/<lab>.ipynb``: the solutions and the hidden tests, i.e.
what autograde executes for a submission of the solution (it puts the source's test cells,
hidden tests included, back into every submission). The kernel gets
``NBGRADER_EXECUTION=autograde`` (training cells run their short version), one thread
(``OMP_NUM_THREADS=1``, as ``nbgrader_config.py`` sets), and matplotlib's inline backend
(``MPLBACKEND`` removed), so figures are rendered to PNG as they are in a graded notebook.

    PYTHONPATH=src python benchmarks/cell_times.py [lab ...] [--top 3] [--tiny-data]

``--tiny-data`` writes tiny MNIST/CIFAR-10 files (tests/tiny_datasets.py) into a temporary
folder and points ``DLLABS_DATA`` at it, so that the data cells of labs 5 and 6 train instead
of printing their skip line. Prints, per lab, the kernel start, the total of the cells and
the slowest cells (wall seconds, the kernel's CPU seconds, cell id, first line). On a
shared machine compare the CPU seconds: the wall-clock ones grow with the load.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil
from jupyter_core.utils import run_sync
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
LABS = ["lab0_perceptron", "lab1_backprop", "lab2_autograd", "lab3_modules", "lab4_optim",
        "lab5_mnist", "lab6_cifar10"]


class TimedClient(NotebookClient):
    """An nbclient run that records each code cell's wall-clock seconds (request to reply and outputs)
    and the CPU seconds the kernel process spent on it (user + system: what a busy machine does not inflate)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.seconds: list[tuple[float, int, str, str]] = []
        self.cpu: dict[int, float] = {}
        self.kernel: psutil.Process | None = None

    def _cpu(self) -> float:
        if self.kernel is None:
            self.kernel = psutil.Process(self.km.provisioner.process.pid)
        t = self.kernel.cpu_times()
        return t.user + t.system

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        start, cpu = time.perf_counter(), self._cpu()
        out = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        if cell.cell_type == "code" and cell.source.strip():
            first = next((line for line in cell.source.splitlines() if line.strip() and not line.startswith("#")), "")
            self.seconds.append((time.perf_counter() - start, cell_index, cell.get("id", "?"), first[:60]))
            self.cpu[cell_index] = self._cpu() - cpu
        return out

    execute_cell = run_sync(async_execute_cell)


def run_lab(lab: str, workdir: Path) -> tuple[float, TimedClient]:
    """Execute the lab's source notebook in a fresh kernel; returns (kernel start seconds, client)."""
    nb = nbformat.read(ROOT / "source" / lab / f"{lab}.ipynb", as_version=4)
    client = TimedClient(nb, timeout=600, kernel_name="python3", allow_errors=False,
                         resources={"metadata": {"path": str(workdir)}})
    start = time.perf_counter()
    with client.setup_kernel(cwd=str(workdir)):
        started = time.perf_counter() - start
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
    return started, client


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labs", nargs="*", default=LABS)
    parser.add_argument("--top", type=int, default=3)
    parser.add_argument("--tiny-data", action="store_true")
    parser.add_argument("--data", type=Path, default=None, help="DLLABS_DATA for the kernel (staged MNIST / CIFAR-10)")
    parser.add_argument("--mpl-backend", default=None,
                        help="MPLBACKEND for the kernel, e.g. Agg (figures made but never rendered); default: inline")
    parser.add_argument("--csv", type=Path, default=None, help="append lab,index,id,wall,cpu rows to this file")
    parser.add_argument("--save", type=Path, default=None, help="write each executed notebook into this folder")
    args = parser.parse_args(argv)
    os.environ["NBGRADER_EXECUTION"] = "autograde"
    os.environ["OMP_NUM_THREADS"] = "1"
    os.environ.pop("MPLBACKEND", None)
    if args.mpl_backend:
        os.environ["MPLBACKEND"] = args.mpl_backend
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")])
    with tempfile.TemporaryDirectory() as tmp:
        if args.tiny_data:
            sys.path.insert(0, str(ROOT / "tests"))
            from tiny_datasets import write_tiny_cifar10, write_tiny_mnist

            write_tiny_mnist(Path(tmp) / "data")
            write_tiny_cifar10(Path(tmp) / "data")
            os.environ["DLLABS_DATA"] = str(Path(tmp) / "data")
        if args.data:
            os.environ["DLLABS_DATA"] = str(args.data)
        print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
        for lab in args.labs:
            work = Path(tmp) / lab
            work.mkdir()
            started, client = run_lab(lab, work)
            total = sum(s for s, *_ in client.seconds)
            if args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                nbformat.write(client.nb, args.save / f"{lab}.ipynb")
            cpu = sum(client.cpu.values())
            if args.csv:
                with args.csv.open("a") as f:
                    f.writelines(f"{lab},{index},{cid},{s:.4f},{client.cpu[index]:.4f}\n"
                                 for s, index, cid, _ in client.seconds)
            print(f"{lab}: kernel start {started:.2f} s, {len(client.seconds)} code cells {total:.2f} s"
                  f" (kernel CPU {cpu:.2f} s)")
            for s, index, cid, first in sorted(client.seconds, reverse=True)[: args.top]:
                print(f"  {s:6.2f} s  CPU {client.cpu[index]:5.2f} s  cell {index:2d} [{cid}]  {first}")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
