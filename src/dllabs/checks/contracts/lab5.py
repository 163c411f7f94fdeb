"""The contracts of lab 5's loops (see ``_harness``): what the notebook's text promises about
``train_epoch`` and ``evaluate``, as data.

Problems are small and generated: a tiny model (a plain ``nn.Linear``, a subclass of it without
bias, or one with dropout and, for ``evaluate``, batch norm), images of 16 pixels, batches from one
sample up, and loaders whose samples seen differ from the data set's length (``drop_last=True``,
or a sampler over a subset): "averaged over the samples" is over what the loader yields. The
models, classes, are checked by their own named checks (``check_LinearClassifier`` ...).
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn as nn
from torch.utils.data import SubsetRandomSampler, TensorDataset

from .._harness import Contract, CountingLoader
from .._kinds import Float, Tuple
from ..lab5 import REF, PlainSGD, class_weights

DTYPES = (torch.float32, torch.float64)
PIXELS = 16
"""Images (n, 1, 4, 4): the loops take any model; small keeps the harness fast."""


class LinearNoBias(nn.Linear):
    """A subclass of nn.Linear, without bias: a loop must take any module it is given."""

    def __init__(self, d_in: int, d_out: int) -> None:
        super().__init__(d_in, d_out, bias=False)


def _model(kind: str, dtype: torch.dtype, seed: int) -> nn.Module:
    torch.manual_seed(seed)
    layers: dict[str, list[nn.Module]] = {
        "linear": [nn.Linear(PIXELS, 10)],
        "subclass": [LinearNoBias(PIXELS, 10)],
        "dropout": [nn.Linear(PIXELS, 12), nn.ReLU(), nn.Dropout(0.3), nn.Linear(12, 10)],
        "batchnorm": [nn.Linear(PIXELS, 12), nn.BatchNorm1d(12), nn.ReLU(), nn.Dropout(0.3), nn.Linear(12, 10)],
    }
    model = nn.Sequential(nn.Flatten(), *layers[kind]).to(dtype)
    if kind == "batchnorm":  # running statistics of its own: a batch's statistics give other numbers
        g = torch.Generator().manual_seed(seed)
        with torch.no_grad():
            model[2].running_mean.copy_(0.3 * torch.randn(12, generator=g))
            model[2].running_var.copy_(0.5 + torch.rand(12, generator=g))
    return model


def seen_samples(n: int, batch_size: int, loader: str) -> tuple[int, int]:
    """(the data set's length, the samples the loader yields) of a problem: at least one full batch
    when ``drop_last``, a subset of about two thirds under a sampler."""
    if loader == "drop_last":
        n = max(n, batch_size)
        return n, n - n % batch_size
    if loader == "subset":
        n = max(n, 2)
        return n, max(1, (2 * n) // 3)
    return n, n


def batches(p: dict[str, Any]) -> int:
    """How many batches the problem's loader yields."""
    _, seen = seen_samples(p["n"], p["batch_size"], p["loader"])
    return -(-seen // p["batch_size"])


def _loop_problem(n: int, batch_size: int, loader: str, dtype: torch.dtype, model: str, weighted: bool,
                  seed: int) -> tuple[nn.Module, CountingLoader, nn.Module]:
    """The model, a counting loader over (X, y) and the loss: labels right for about 2 samples in 3 (the
    model's own predictions), so that the accuracy is neither 0 nor 1."""
    net = _model(model, dtype, seed)
    n, seen = seen_samples(n, batch_size, loader)
    g = torch.Generator().manual_seed(seed + 1)
    X = torch.randn(n, 1, 4, 4, generator=g, dtype=torch.float64).to(dtype)
    net.eval()
    with torch.no_grad():
        pred = net(X).argmax(dim=1)
    other = (pred + torch.randint(1, 10, (n,), generator=g)) % 10
    y = torch.where(torch.arange(n) % 3 != 1, pred, other)
    data = TensorDataset(X, y)
    if loader == "subset":
        chosen = torch.randperm(n, generator=g)[:seen].tolist()
        batches_ = CountingLoader(data, batch_size=batch_size, generator=torch.Generator().manual_seed(seed),
                                  sampler=SubsetRandomSampler(chosen, generator=torch.Generator().manual_seed(seed)))
    else:  # a generator of its own: a pass over it draws nothing from torch's global one
        batches_ = CountingLoader(data, batch_size=batch_size, drop_last=loader == "drop_last",
                                  generator=torch.Generator().manual_seed(seed))
    weight = class_weights(dtype, torch.device("cpu")) if weighted else None
    return net, batches_, nn.CrossEntropyLoss(weight=weight)


def _train_epoch(n: int, batch_size: int, loader: str, dtype: torch.dtype, model: str, weighted: bool, lr: float,
                 momentum: float, seed: int, grad_enabled: bool = True) -> dict[str, Any]:
    net, batches_, loss = _loop_problem(n, batch_size, loader, dtype, model, weighted, seed)
    net.eval()  # as after an evaluate: train_epoch switches to train mode itself
    return {"model": net, "loader": batches_, "loss": loss, "optim": PlainSGD(net.parameters(), lr, momentum),
            "device": torch.device("cpu")}


def _evaluate(n: int, batch_size: int, loader: str, dtype: torch.dtype, model: str, weighted: bool,
              seed: int, grad_enabled: bool = True) -> dict[str, Any]:
    net, batches_, loss = _loop_problem(n, batch_size, loader, dtype, model, weighted, seed)
    g = torch.Generator().manual_seed(seed + 2)
    for p in net.parameters():  # gradients held by the caller (a training step in progress): evaluate keeps them
        p.grad = torch.randn(p.shape, generator=g, dtype=torch.float64).to(p.dtype)
    net.train()  # as after a train_epoch: evaluate switches to eval mode itself
    return {"model": net, "loader": batches_, "loss": loss, "device": torch.device("cpu")}


def _loop_params(st: Any, models: list[str]) -> dict[str, Any]:
    return {"n": st.integers(1, 11), "batch_size": st.integers(1, 5),
            "loader": st.sampled_from(["all", "drop_last", "subset"]), "dtype": st.sampled_from(DTYPES),
            "model": st.sampled_from(models), "weighted": st.booleans()}


PAIR = Tuple(Float(rtol=1e-4, atol=1e-7), Float(rtol=1e-5, atol=1e-7), names=("L", "acc"))

CONTRACTS = {c.name: c for c in [
    Contract(
        "train_epoch",
        params=lambda st: {**_loop_params(st, ["linear", "subclass", "dropout"]),
                           "lr": st.sampled_from([0.1, 0.5]), "momentum": st.sampled_from([0.0, 0.9]),
                           "seed": st.integers(1, 9999), "grad_enabled": st.just(True)},
        build=_train_epoch, reference=lambda *a: REF.train_epoch_loader(*a),
        returns=PAIR, changes=frozenset({"model"}), grad_free=frozenset({"model"}), may_change=frozenset({"optim"}),
        global_rng="as_reference", forward_calls=batches, loader_passes=1, on_meta=False, examples=8, shrink=False,
        corners=({"n": 1, "batch_size": 1, "loader": "all", "dtype": torch.float64, "model": "subclass",
                  "weighted": False, "lr": 0.5, "momentum": 0.0, "seed": 3, "grad_enabled": True},
                 {"n": 11, "batch_size": 4, "loader": "drop_last", "dtype": torch.float32, "model": "subclass",
                  "weighted": True, "lr": 0.1, "momentum": 0.9, "seed": 5, "grad_enabled": True},
                 {"n": 9, "batch_size": 2, "loader": "subset", "dtype": torch.float64, "model": "dropout",
                  "weighted": False, "lr": 0.5, "momentum": 0.0, "seed": 7, "grad_enabled": True}),
        clauses=("(L, acc) Python floats, averaged over the samples the loader yields (not len(loader.dataset))",
                 "one pass over the loader, one model(X) and one loss(logits, y) per batch",
                 "the parameters after: one step of the optim given per batch, in train mode; the model left in"
                 " train mode", "torch's global generator drawn only as the epoch draws it (no reseeding)",
                 "grad mode left as the caller had it"),
    ),
    Contract(
        "evaluate",
        params=lambda st: {**_loop_params(st, ["linear", "subclass", "dropout", "batchnorm"]),
                           "seed": st.integers(1, 9999), "grad_enabled": st.booleans()},
        build=_evaluate, reference=lambda *a: REF.evaluate_loader(*a),
        returns=PAIR, changes=frozenset({"model"}), global_rng="as_reference", forward_calls=batches,
        loader_passes=1, on_meta=False, examples=8, shrink=False,
        corners=({"n": 1, "batch_size": 1, "loader": "all", "dtype": torch.float64, "model": "batchnorm",
                  "weighted": False, "seed": 3, "grad_enabled": True},
                 {"n": 11, "batch_size": 4, "loader": "drop_last", "dtype": torch.float32, "model": "dropout",
                  "weighted": True, "seed": 5, "grad_enabled": False},
                 {"n": 10, "batch_size": 3, "loader": "subset", "dtype": torch.float64, "model": "subclass",
                  "weighted": False, "seed": 7, "grad_enabled": True}),
        clauses=("(L, acc) Python floats, averaged over the samples the loader yields (not len(loader.dataset))",
                 "one pass over the loader, one model(X) and one loss(logits, y) per batch",
                 "the model left in eval mode, its parameters, buffers and the .grad they held unchanged",
                 "grad mode left as the caller had it (on or off); torch's global generator not reseeded"),
    ),
]}
"""grade_id -> its contract."""
