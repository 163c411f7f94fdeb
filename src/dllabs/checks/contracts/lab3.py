"""The contracts of lab 3's graded functions (see ``_harness``): what the notebook's docstrings and
markdown promise, as data. A built model is judged by what it computes on generated inputs (batches of
one row and more, its layers called as modules), a built loss by its values on generated logits (up to
1000: label smoothing, weights or an unstable formula show); the update runs on models with every kind
of layer "every parameter" covers, gradients up to 1000, the caller's grad mode on and off."""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F

from .._harness import Contract
from .._kinds import Tuple
from ._modules import REF, DTYPES, LOSSES, Attached, Loss, Network, Nothing, Number, device_of, gen, \
    judge_parameters, make_criterion, mixed_model, rerun


def _sizes(nx: int, nh: int, ny: int) -> dict[str, int]:
    return {"nx": nx, "nh": nh, "ny": ny}


def _loss_accuracy(n: int, ny: int, dtype: torch.dtype, loss: str, scale: float, held: bool,
                   seed: int) -> dict[str, Any]:
    """Logits (a leaf requiring grad, holding a gradient when ``held``) with about 60% right predictions."""
    g = gen(seed)
    Ytilde = scale * torch.randn(n, ny, generator=g, dtype=torch.float64)
    pred = Ytilde.argmax(dim=1)
    wrong = torch.rand(n, generator=g) < 0.4
    y = torch.where(wrong, (pred + 1 + torch.randint(max(1, ny - 1), (n,), generator=g)) % ny, pred)
    criterion = make_criterion(loss, ny, g, dtype)
    Ytilde = Ytilde.to(dtype).requires_grad_()
    if held:
        Ytilde.grad = torch.randn(n, ny, generator=g, dtype=torch.float64).to(dtype)
    return {"loss": criterion, "Ytilde": Ytilde, "Y": F.one_hot(y, ny).to(dtype)}


def _sgd(nx: int, nh: int, ny: int, kind: str, dtype: torch.dtype, eta: float, gscale: float, training: bool,
         grad_enabled: bool, seed: int) -> dict[str, Any]:
    return {"model": mixed_model(nx, nh, ny, kind, dtype, seed, training, grads=gscale), "eta": eta}


def _sgd_after(params: dict[str, Any], args: dict[str, Any]) -> str | None:
    wanted = rerun(_sgd, lambda *a: REF.sgd(*a), params, device_of(args["model"]))
    return judge_parameters("model", args["model"], wanted["model"])


SIZES = {"nx": lambda st: st.integers(1, 6), "nh": lambda st: st.integers(1, 8), "ny": lambda st: st.integers(2, 5)}

CONTRACTS = {c.name: c for c in [
    Contract(
        "init_model",
        params=lambda st: {k: s(st) for k, s in SIZES.items()},
        build=_sizes, reference=lambda nx, nh, ny: ((nx, nh, ny), ny),
        returns=Tuple(Network(), Loss(), names=("model", "loss")), global_rng="free", on_meta=False,
        corners=({"nx": 1, "nh": 1, "ny": 2}, {"nx": 2, "nh": 10, "ny": 2}),
        clauses=("model(X) computes Linear, tanh, Linear (logits) with its own two nn.Linear, for 1 row or more",
                 "loss equals nn.CrossEntropyLoss() on generated logits up to 1000 (mean, no smoothing, no weights)"),
    ),
    Contract(
        "loss_accuracy",
        params=lambda st: {"n": st.integers(1, 12), "ny": st.integers(2, 5), "dtype": st.sampled_from(DTYPES),
                           "loss": st.sampled_from(LOSSES), "scale": st.sampled_from([1.0, 30.0, 1000.0]),
                           "held": st.booleans(), "seed": st.integers(0, 9999)},
        build=_loss_accuracy, reference=lambda *a: REF.loss_accuracy(*a),
        returns=Tuple(Attached(), Number(), names=("L", "acc")),
        corners=({"n": 1, "ny": 2, "dtype": torch.float32, "loss": "mean", "scale": 1000.0, "held": True, "seed": 0},
                 {"n": 9, "ny": 3, "dtype": torch.float64, "loss": "smoothing", "scale": 1.0, "held": False,
                  "seed": 1},
                 {"n": 6, "ny": 4, "dtype": torch.float32, "loss": "weighted sum",  # not shown to students
                  "scale": 30.0, "held": True, "seed": 2}),
        clauses=("L from the loss given (its reduction, weights, smoothing), still attached to the graph",
                 "acc the fraction of argmax matches, a number in [0, 1]",
                 "Ytilde (its .grad, requires_grad), Y and the loss left as they were: no backward() here"),
    ),
    Contract(
        "sgd",
        params=lambda st: {**{k: s(st) for k, s in SIZES.items()}, "kind": st.sampled_from(["mlp", "mixed"]),
                           "dtype": st.sampled_from(DTYPES), "eta": st.sampled_from([1e-3, 0.37, 1.0]),
                           "gscale": st.sampled_from([1.0, 1000.0]), "training": st.booleans(),
                           "grad_enabled": st.booleans(), "seed": st.integers(0, 9999)},
        build=_sgd, reference=lambda *a: REF.sgd(*a), returns=Nothing(), may_change=frozenset({"model"}),
        after=_sgd_after,
        on_meta=False,
        corners=({"nx": 1, "nh": 1, "ny": 2, "kind": "mixed", "dtype": torch.float64, "eta": 0.37, "gscale": 1000.0,
                  "training": False, "grad_enabled": False, "seed": 0},
                 {"nx": 3, "nh": 4, "ny": 2, "kind": "mlp", "dtype": torch.float32, "eta": 1.0, "gscale": 1.0,
                  "training": True, "grad_enabled": True, "seed": 1}),
        clauses=("p <- p - eta p.grad for every parameter of any model (a subclass of nn.Linear, a Linear without"
                 " bias, a LayerNorm), in place; grads reset (None or zeros); returns None",
                 "the caller's grad mode and the model's modes left as they were"),
    ),
    Contract(
        "MLP",
        params=lambda st: {k: s(st) for k, s in SIZES.items()},
        build=_sizes, reference=lambda nx, nh, ny: (nx, nh, ny), returns=Network(), global_rng="free", on_meta=False,
        corners=({"nx": 1, "nh": 1, "ny": 2}, {"nx": 3, "nh": 3, "ny": 3}),
        clauses=("MLP(nx, nh, ny)(X) computes Linear, tanh, Linear (logits) with its own two nn.Linear",
                 "each layer called as a module, layer(X): its hooks run (not layer.forward(X))"),
    ),
]}
"""grade_id -> its contract."""
