"""Lab-1 figures: autograding one submission with nbgrader (and where the time goes),
and the manual backward of the solution against torch.autograd on a 512x784 -> 256 -> 10 batch.

    ./course.sh env                      # once, for the environment
    PYTHONPATH=src python benchmarks/bench_lab1.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.records import commands  # noqa: E402

from autograder.course import submissions  # noqa: E402
from autograder.authoring.build import solution_notebook  # noqa: E402
from autograder.course.cells import is_answer_cell  # noqa: E402
from autograder.course.layout import LABS, SOLUTIONS  # noqa: E402

LAB = "lab1_backprop"


def cell_seconds(cell: nbformat.NotebookNode) -> float:
    t = cell.metadata.get("execution", {})
    if "iopub.execute_input" not in t:
        return 0.0
    parse = lambda s: dt.datetime.fromisoformat(s.replace("Z", "+00:00"))  # noqa: E731
    return (parse(t["shell.execute_reply"]) - parse(t["iopub.execute_input"])).total_seconds()


def bench_autograde(repeats: int = 3) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp)
        commands.prepare_course(course, [LAB])
        sub = submissions.parse(ROOT / "tests" / "submissions" / LAB / "solution.py")
        commands.submit(course, LAB, "s",
                       submissions.make_notebook(LABS / LAB / f"{LAB}.ipynb", SOLUTIONS / LAB / f"{LAB}.ipynb", sub))
        walls, imports, lab_cells = [], [], []
        for _ in range(repeats):
            t = time.perf_counter()
            commands.nbgrader("autograde", LAB, "--force", "--student=s", course=course)
            walls.append(time.perf_counter() - t)
            nb = nbformat.read(course / "autograded" / "s" / LAB / f"{LAB}.ipynb", as_version=4)
            code = [c for c in nb.cells if c.cell_type == "code"]
            seconds = [cell_seconds(c) for c in code]
            first = next(i for i, c in enumerate(code) if "import torch" in c.source)
            imports.append(seconds[first])
            lab_cells.append(sum(seconds) - seconds[first])
        wall, imp, cells = (statistics.median(x) for x in (walls, imports, lab_cells))
        print(f"autograde one lab-1 submission (nbgrader 0.9.6, median of {repeats}): {wall:.2f} s wall")
        print(f"  import cell (torch, matplotlib, dllabs): {imp:.2f} s")
        print(f"  the lab's own cells (tests, short training, plots): {cells:.2f} s")
        print(f"  nbgrader + kernel start-up and bookkeeping: {wall - imp - cells:.2f} s")
        print(f"  our cells in all (import cell + lab cells): {imp + cells:.2f} s")


def bench_backward(repeats: int = 50) -> None:
    torch.set_num_threads(torch.get_num_threads())
    nb = solution_notebook(ROOT / "source" / LAB / f"{LAB}.ipynb", LAB)
    namespace: dict = {"torch": torch}
    for cell in nb.cells:
        if is_answer_cell(cell):
            exec(cell.source, namespace)
    init_params, forward, backward = namespace["init_params"], namespace["forward"], namespace["backward"]
    torch.manual_seed(0)
    n, nx, nh, ny = 512, 784, 256, 10
    X = torch.randn(n, nx)
    Y = torch.nn.functional.one_hot(torch.randint(ny, (n,)), ny).float()
    params = init_params(nx, nh, ny)

    def manual() -> None:
        _, outputs = forward(params, X)
        backward(params, outputs, Y)

    leaves = {k: v.clone().requires_grad_(True) for k, v in params.items()}

    def auto() -> None:
        Yhat, _ = forward(leaves, X)
        L = -(Y * torch.log(Yhat)).sum(dim=1).mean()
        L.backward()
        for p in leaves.values():
            p.grad = None

    def timeit(fn) -> float:
        for _ in range(5):
            fn()
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    tm, ta = timeit(manual), timeit(auto)
    print(f"forward + backward, batch {n}x{nx} -> {nh} -> {ny}, float32 on CPU ({torch.get_num_threads()} threads), "
          f"median of {repeats}:")
    print(f"  manual backward: {tm * 1e3:.2f} ms   autograd: {ta * 1e3:.2f} ms   ratio autograd/manual: {ta / tm:.2f}")


if __name__ == "__main__":
    bench_backward()
    bench_autograde()
