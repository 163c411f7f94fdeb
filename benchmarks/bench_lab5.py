"""Lab-5 figures, on this machine's CPU, with the solution's own code (exec'd from the source
notebook's answer cells):

1. training throughput (images/s) of the solution's ``train_epoch`` for the MLP and the CNN on
   synthetic 28x28 tensors (Adam, batches of 64);
2. the input pipeline the notebook uses (torchvision's MNIST dataset with per-sample
   ToTensor + Normalize, here on MNIST-format files written by ``write_tiny_mnist``) against a
   pre-tensorised ``TensorDataset``: time of one pass of the loader alone, and of one MLP epoch;
3. a sanity figure on real handwriting: test accuracy of the three models on scikit-learn's
   digits (1,797 8x8 images, upsampled x3 to 24x24 and padded to 28x28), after a short training.

    PYTHONPATH=src python benchmarks/bench_lab5.py          # about 1-3 minutes on 2 idle CPU cores
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from autograder.course.cells import SOLUTION_MARKER, is_answer_cell  # noqa: E402
from tiny_datasets import write_tiny_mnist  # noqa: E402

MEAN, STD = 0.1307, 0.3081


def solution_namespace() -> dict:
    """The source notebook's import cell and answer cells (solutions), executed."""
    nb = nbformat.read(ROOT / "source" / "lab5_mnist" / "lab5_mnist.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    ns: dict = {"__name__": "bench"}
    exec(code[0].source, ns)
    for cell in code:
        if is_answer_cell(cell):
            exec(re.sub(SOLUTION_MARKER.pattern, "", cell.source, flags=re.M), ns)
    return ns


def images_per_second(ns: dict, model: nn.Module, loader: DataLoader, repeats: int = 2) -> float:
    """Images per second of the solution's train_epoch: the best of ``repeats`` timed epochs
    (the least disturbed by other processes), after a warm-up epoch."""
    optim = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss = nn.CrossEntropyLoss()
    ns["train_epoch"](model, loader, loss, optim, torch.device("cpu"))  # warm-up (allocations, first calls)
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        ns["train_epoch"](model, loader, loss, optim, torch.device("cpu"))
        best = min(best, time.perf_counter() - t)
    return len(loader.dataset) / best


def bench_throughput(ns: dict) -> None:
    g = torch.Generator().manual_seed(0)
    print(f"1. train_epoch throughput, synthetic 28x28 images, batch 64, Adam, CPU ({torch.get_num_threads()} threads)")
    for name, model, n in [("MLPClassifier(128)", ns["MLPClassifier"](), 2048), ("MnistCNN", ns["MnistCNN"](), 192)]:
        data = TensorDataset(torch.randn(n, 1, 28, 28, generator=g), torch.randint(10, (n,), generator=g))
        ips = images_per_second(ns, model, DataLoader(data, batch_size=64, shuffle=True))
        print(f"   {name:<20s} {ips:9.0f} images/s  -> one MNIST epoch (60,000) in about {60000 / ips:5.0f} s")


def bench_pipeline(ns: dict) -> None:
    from dllabs.data import mnist
    from torchvision import transforms

    n = 1024
    with tempfile.TemporaryDirectory() as tmp:
        write_tiny_mnist(tmp, n_train=n, n_test=16, seed=0)
        transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((MEAN,), (STD,))])
        per_sample = mnist(train=True, transform=transform, root=tmp, download=False)
        X = ((per_sample.data.float() / 255 - MEAN) / STD).unsqueeze(1)
        tensors = TensorDataset(X, per_sample.targets)
        loaders = {"torchvision + ToTensor/Normalize per image": DataLoader(per_sample, batch_size=64, shuffle=True),
                   "pre-tensorised TensorDataset": DataLoader(tensors, batch_size=64, shuffle=True)}
        print(f"2. input pipeline, {n} MNIST-format images read by torchvision, batch 64")
        iterate, epoch = {}, {}
        for name, loader in loaders.items():
            iterate[name] = float("inf")
            for _ in range(2):
                t = time.perf_counter()
                for _ in loader:
                    pass
                iterate[name] = min(iterate[name], time.perf_counter() - t)
            torch.manual_seed(0)
            epoch[name] = n / images_per_second(ns, ns["MLPClassifier"](), loader)
            print(f"   {name:<44s} loader alone {n / iterate[name]:8.0f} images/s,"
                  f" MLP epoch {n / epoch[name]:7.0f} images/s")
        a, b = loaders
        print(f"   pre-tensorised is {iterate[a] / iterate[b]:.0f}x faster to iterate,"
              f" {epoch[a] / epoch[b]:.1f}x faster per MLP epoch")


def digits_28x28() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    X = torch.tensor(digits.images, dtype=torch.float32).unsqueeze(1) / 16  # (1797, 1, 8, 8) in [0, 1]
    X = F.pad(F.interpolate(X, scale_factor=3, mode="bilinear", align_corners=False), (2, 2, 2, 2))
    X = (X.clamp(0, 1) - MEAN) / STD
    y = torch.tensor(digits.target)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
    return Xtr, Xte, ytr, yte


def bench_digits(ns: dict) -> None:
    Xtr, Xte, ytr, yte = digits_28x28()
    train = DataLoader(TensorDataset(Xtr, ytr), batch_size=64, shuffle=True)
    test = DataLoader(TensorDataset(Xte, yte), batch_size=500)
    print(f"3. scikit-learn digits as 28x28 images: {len(Xtr)} train, {len(Xte)} test, Adam lr 1e-3, batch 64")
    for name, cls, epochs in [("LinearClassifier", ns["LinearClassifier"], 12),
                              ("MLPClassifier", ns["MLPClassifier"], 12), ("MnistCNN", ns["MnistCNN"], 4)]:
        torch.manual_seed(0)
        model = cls()
        optim = torch.optim.Adam(model.parameters(), lr=1e-3)
        loss = nn.CrossEntropyLoss()
        t = time.perf_counter()
        for _ in range(epochs):
            ns["train_epoch"](model, train, loss, optim, torch.device("cpu"))
        L, acc = ns["evaluate"](model, test, loss, torch.device("cpu"))
        print(f"   {name:<17s} {epochs:2d} epochs: test accuracy {acc:6.2%}, test loss {L:.3f} "
              f"({time.perf_counter() - t:4.1f} s)")


def main() -> None:
    import os

    start = time.perf_counter()
    print(f"CPU: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (figures scale with what else runs)")
    ns = solution_namespace()
    bench_throughput(ns)
    bench_pipeline(ns)
    bench_digits(ns)
    print(f"total {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
