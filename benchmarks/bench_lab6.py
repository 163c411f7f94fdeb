"""Lab-6 figures, on this machine's CPU:

1. training throughput (images/s) of the solution's CifarCNN (forward, backward, Adam
   step) on synthetic 3x32x32 batches;
2. the input pipeline the notebook uses (torchvision CIFAR10, a per-image PIL transform
   from the solution's cifar_transforms(train=True), a DataLoader) against the same
   augmentation done on whole batches of pre-tensorised images (uint8 tensor in memory,
   random shifts and flips by indexing), and the ratio between the two;
3. the time of each visible check (and of fooling_image's hidden ones) on the solution,
   after one warm-up call (torch.optim's first step imports torch._dynamo: seconds, once).

The CIFAR-10 files are tiny fakes in the real format (tests/tiny_datasets.py), so the
torchvision MD5 check is bypassed here, in this process only.

    PYTHONPATH=src python benchmarks/bench_lab6.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import torch
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "tests")]

from autograder.course.cells import SOLUTION_MARKER, is_answer_cell  # noqa: E402
from tiny_datasets import write_tiny_cifar10  # noqa: E402

LAB = "lab6_cifar10"


def solution_namespace() -> dict:
    """The source notebook's import cell and answer cells (the solution), executed."""
    nb = nbformat.read(ROOT / "source" / LAB / f"{LAB}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    ns: dict = {"__name__": "bench"}
    exec(code[0].source, ns)
    for c in code:
        if is_answer_cell(c):
            exec("\n".join(line for line in c.source.split("\n") if not SOLUTION_MARKER.match(line)), ns)
    return ns


def bench_training(ns: dict, batch: int = 64, steps: int = 4, threads: int | None = None) -> float:
    if threads:
        torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = ns["CifarCNN"]().train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    X, y = torch.randn(batch, 3, 32, 32), torch.randint(10, (batch,))

    def step() -> None:
        opt.zero_grad()
        F.cross_entropy(model(X), y).backward()
        opt.step()

    step()  # warm-up
    times = []
    for _ in range(steps):
        t = time.perf_counter()
        step()
        times.append(time.perf_counter() - t)
    rate = batch / statistics.median(times)
    n = sum(p.numel() for p in model.parameters())
    print(f"CifarCNN ({n:,} parameters) training on CPU ({torch.get_num_threads()} threads), batch {batch}:"
          f" {rate:,.0f} images/s (median of {steps} steps)")
    print(f"  one epoch of 50,000 images at that rate: {50_000 / rate / 60:.1f} min")
    return rate


def batched_augment(x: torch.Tensor, mean: torch.Tensor, std: torch.Tensor, g: torch.Generator) -> torch.Tensor:
    """RandomCrop(32, padding=4) + RandomHorizontalFlip + ToTensor + Normalize on a uint8 batch (n, 3, 32, 32)."""
    n = x.shape[0]
    x = (x.float() / 255 - mean) / std
    x = torch.where((torch.rand(n, generator=g) < 0.5)[:, None, None, None], x.flip(-1), x)
    windows = F.pad(x, (4, 4, 4, 4)).unfold(2, 32, 1).unfold(3, 32, 1)  # (n, 3, 9, 9, 32, 32), a view
    dy, dx = torch.randint(0, 9, (2, n), generator=g)  # pads with 0 after normalising: same shifts, other grey
    return windows[torch.arange(n), :, dy, dx]


def bench_pipeline(ns: dict, n_per_batch: int = 400, batch: int = 128) -> tuple[float, float]:
    import torchvision
    from torch.utils.data import DataLoader

    from dllabs.data import cifar10

    torchvision.datasets.CIFAR10._check_integrity = lambda self: True  # tiny fake files: no MD5 to match
    with tempfile.TemporaryDirectory() as tmp:
        write_tiny_cifar10(tmp, n_per_batch=n_per_batch, seed=0)
        train = cifar10(train=True, transform=ns["cifar_transforms"](True), root=tmp, download=False)
        t = time.perf_counter()
        count = sum(len(y) for _, y in DataLoader(train, batch_size=batch, shuffle=True, num_workers=0))
        pil_rate = count / (time.perf_counter() - t)

        data = torch.as_tensor(train.data).permute(0, 3, 1, 2).contiguous()  # (N, 3, 32, 32) uint8, once
        labels = torch.as_tensor(train.targets)
        mean = torch.tensor((0.4914, 0.4822, 0.4465))[:, None, None]
        std = torch.tensor((0.2470, 0.2435, 0.2616))[:, None, None]
        g = torch.Generator().manual_seed(0)
        t = time.perf_counter()
        order = torch.randperm(len(data), generator=g)
        count = 0
        for start in range(0, len(data), batch):
            idx = order[start:start + batch]
            xb, yb = batched_augment(data[idx], mean, std, g), labels[idx]
            count += len(yb)
        tensor_rate = count / (time.perf_counter() - t)
    assert xb.shape[1:] == (3, 32, 32)
    print(f"input pipeline over {count:,} images, batch {batch}, one process:")
    print(f"  per-image PIL transforms + DataLoader (the notebook's): {pil_rate:,.0f} images/s")
    print(f"  pre-tensorised uint8 + batched shifts/flips by indexing: {tensor_rate:,.0f} images/s")
    print(f"  ratio batched / per-image: {tensor_rate / pil_rate:.1f}x")
    return pil_rate, tensor_rate


def bench_checks(ns: dict, repeats: int = 3) -> dict[str, float]:
    """Median seconds of each lab-6 check on the solution (the checks run on one thread)."""
    from dllabs.checks import lab6

    calls = {name: (check, {}) for name, check in lab6.VISIBLE.items()}
    calls["fooling_image (hidden: float64, (3, 12, 10), 150 steps)"] = (
        lab6.check_fooling_image, dict(target=7, seed=3, dtype=torch.float64, shape=(3, 12, 10), steps=150, lr=0.1))
    calls["fooling_image (hidden: meta)"] = (lab6.check_fooling_image, dict(device="meta"))
    times = {}
    import contextlib
    import io
    for name, (check, kwargs) in calls.items():
        fn = ns[name.split(" ")[0]]
        with contextlib.redirect_stdout(io.StringIO()):
            check(fn, **kwargs)  # warm-up
            runs = []
            for _ in range(repeats):
                t = time.perf_counter()
                check(fn, **kwargs)
                runs.append(time.perf_counter() - t)
        times[name] = statistics.median(runs)
        print(f"  check {name}: {times[name]:.2f} s (median of {repeats})")
    return times


def main() -> None:
    start = time.perf_counter()
    ns = solution_namespace()
    print("lab-6 checks on the solution:")
    bench_checks(ns)
    default = torch.get_num_threads()
    rates = [bench_training(ns, threads=t) for t in sorted({1, default})]
    torch.set_num_threads(default)
    train_rate = max(rates)
    pil_rate, _ = bench_pipeline(ns)
    verdict = "does not limit" if pil_rate > train_rate else "limits"
    print(f"on this CPU the per-image pipeline ({pil_rate:,.0f} images/s, one worker) {verdict} training"
          f" ({train_rate:,.0f} images/s); the notebook uses 2 workers")
    print(f"benchmark took {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
