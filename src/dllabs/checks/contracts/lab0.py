"""The contracts of lab 0's graded functions (see ``_harness``): what the notebook's docstrings
promise, as data. Problems are generated: sizes from one row up, float32 and float64, scales
up to 1000 (where an unstable formula overflows), runs long enough to stop early."""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F

from .._harness import Contract
from .._kinds import Float, Int, List, Tensor, Tuple
from ..lab0 import REF, TORCH_OWN, _autograd_grads

DTYPES = (torch.float32, torch.float64)


def _gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _pairwise(n: int, m: int, d: int, dtype: torch.dtype, scale: float, seed: int) -> dict[str, Any]:
    g = _gen(seed)
    return {"A": (scale * torch.randn(n, d, generator=g, dtype=torch.float64)).to(dtype),
            "B": (scale * torch.randn(m, d, generator=g, dtype=torch.float64)).to(dtype)}


def _perceptron(n: int, d: int, dtype: torch.dtype, start: str, seed: int) -> dict[str, Any]:
    """Integer-valued rows (exact sums, frequent points on the line), labels in {-1, +1}."""
    g = _gen(seed)
    X = torch.randint(-3, 4, (n, d), generator=g)
    y = torch.randint(0, 2, (n,), generator=g) * 2 - 1
    w = torch.zeros(d) if start == "zero" else torch.randint(-2, 3, (d,), generator=g)
    b = torch.zeros(()) if start == "zero" else torch.randint(-2, 3, (), generator=g)
    return {"w": w.to(dtype), "b": b.to(dtype), "X": X.to(dtype), "y": y.to(dtype)}


def _perceptron_train(n: int, d: int, dtype: torch.dtype, separable: bool, max_epochs: int,
                      seed: int) -> dict[str, Any]:
    """Separable data (the run stops early) or random labels (it runs max_epochs epochs)."""
    g = _gen(seed)
    X = torch.randint(-3, 4, (n, d), generator=g).to(dtype)
    if separable:
        w_true = torch.randint(1, 3, (d,), generator=g).to(dtype)
        s = X @ w_true + 0.5
        y = torch.where(s > 0, 1.0, -1.0).to(dtype)
    else:
        y = (torch.randint(0, 2, (n,), generator=g) * 2 - 1).to(dtype)
    return {"X": X, "y": y, "max_epochs": max_epochs}


def _scores(n: int, dtype: torch.dtype, scale: float, seed: int) -> dict[str, Any]:
    g = _gen(seed)
    return {"z": (scale * torch.randn(n, generator=g, dtype=torch.float64)).to(dtype)}


def _bce(n: int, dtype: torch.dtype, scale: float, seed: int) -> dict[str, Any]:
    g = _gen(seed)
    z = scale * torch.randn(n, generator=g, dtype=torch.float64)
    return {"z": z.to(dtype), "t": torch.randint(0, 2, (n,), generator=g).to(dtype)}


def _logreg(n: int, d: int, dtype: torch.dtype, scale: float, seed: int) -> dict[str, Any]:
    g = _gen(seed)
    return {"w": (scale * torch.randn(d, generator=g, dtype=torch.float64)).to(dtype),
            "b": torch.randn((), generator=g, dtype=torch.float64).to(dtype),
            "X": torch.randn(n, d, generator=g, dtype=torch.float64).to(dtype),
            "t": torch.randint(0, 2, (n,), generator=g).to(dtype)}


def _train_logreg(n: int, d: int, dtype: torch.dtype, eta: float, epochs: int, seed: int,
                  overlap: bool = False) -> dict[str, Any]:
    """Random points and targets; with ``overlap``, each point has a neighbour of the other target: the loss has
    an interior minimum that a long run approaches, its steps shrinking until an early stop would trigger."""
    g = _gen(seed)
    X = torch.randn(n, d, generator=g, dtype=torch.float64)
    t = torch.randint(0, 2, (n,), generator=g).double()
    if overlap:
        X, t = torch.cat([X, X + 0.3 * torch.randn(n, d, generator=g, dtype=torch.float64)]), torch.cat([t, 1 - t])
    return {"X": X.to(dtype), "t": t.to(dtype), "eta": eta, "epochs": epochs}


def _torch_own(name: str) -> Any:
    return lambda: TORCH_OWN[name]


ALONE = {name: _torch_own(name) for name in TORCH_OWN}

CONTRACTS = {c.name: c for c in [
    Contract(
        "pairwise_sq_dists",
        params=lambda st: {"n": st.integers(1, 12), "m": st.integers(1, 12), "d": st.integers(1, 6),
                           "dtype": st.sampled_from(DTYPES), "scale": st.sampled_from([0.1, 1.0, 1000.0]),
                           "seed": st.integers(0, 9999)},
        build=_pairwise, reference=lambda A, B: REF.pairwise_sq_dists(A, B), returns=Tensor(),
        corners=({"n": 1, "m": 1, "d": 1, "dtype": torch.float64, "scale": 1.0, "seed": 0},
                 {"n": 1, "m": 7, "d": 3, "dtype": torch.float32, "scale": 1000.0, "seed": 1}),
        loop_free="n",
        clauses=("D (n, m) of squared distances, in A's dtype, on A's device", "A and B unchanged",
                 "by broadcasting: as many torch calls for 2n + 1 rows as for n"),
    ),
    Contract(
        "perceptron_epoch",
        params=lambda st: {"n": st.integers(1, 14), "d": st.integers(1, 4), "dtype": st.sampled_from(DTYPES),
                           "start": st.sampled_from(["zero", "random"]), "seed": st.integers(0, 9999)},
        build=_perceptron, reference=lambda w, b, X, y: REF.perceptron_epoch(w, b, X, y),
        returns=Tuple(Tensor(), Tensor(), Int(), names=("w", "b", "mistakes")),
        corners=({"n": 1, "d": 1, "dtype": torch.float64, "start": "zero", "seed": 0},
                 {"n": 9, "d": 2, "dtype": torch.float32, "start": "random", "seed": 3}),
        clauses=("returns (w, b, mistakes): new w (d,) and b (0-dim) of the inputs' dtype and device, mistakes an int",
                 "the w, b, X and y passed in stay unchanged", "one row at a time, in order, <= 0 is a mistake"),
    ),
    Contract(
        "perceptron_train",
        params=lambda st: {"n": st.integers(1, 12), "d": st.integers(1, 3), "dtype": st.sampled_from(DTYPES),
                           "separable": st.booleans(), "max_epochs": st.integers(1, 40),
                           "seed": st.integers(0, 9999)},
        build=_perceptron_train, reference=lambda X, y, max_epochs: REF.perceptron_train(X, y, max_epochs),
        alone={"perceptron_epoch": lambda: REF.lend("perceptron_epoch")},
        returns=Tuple(Tensor(), Tensor(), List(Int()), names=("w", "b", "history")),
        corners=({"n": 1, "d": 1, "dtype": torch.float64, "separable": True, "max_epochs": 5, "seed": 0},
                 {"n": 8, "d": 2, "dtype": torch.float32, "separable": False, "max_epochs": 30, "seed": 1}),
        clauses=("from w = 0, b = 0; stops after the first epoch without a mistake, or after max_epochs",
                 "history: a list of ints, one per epoch", "X and y unchanged"),
    ),
    Contract(
        "sigmoid",
        params=lambda st: {"n": st.integers(1, 20), "dtype": st.sampled_from(DTYPES),
                           "scale": st.sampled_from([1.0, 10.0, 1000.0]), "seed": st.integers(0, 9999)},
        build=_scores, reference=torch.sigmoid, returns=Tensor(),
        corners=({"n": 1, "dtype": torch.float32, "scale": 1000.0, "seed": 0},),
        clauses=("elementwise, same shape, dtype and device as z", "finite and right for |z| up to 1000",
                 "z unchanged"),
    ),
    Contract(
        "bce_with_logits",
        params=lambda st: {"n": st.integers(1, 20), "dtype": st.sampled_from(DTYPES),
                           "scale": st.sampled_from([1.0, 30.0, 1000.0]), "seed": st.integers(0, 9999)},
        build=_bce, reference=F.binary_cross_entropy_with_logits, returns=Tensor(),
        corners=({"n": 1, "dtype": torch.float32, "scale": 1000.0, "seed": 0},
                 {"n": 5, "dtype": torch.float64, "scale": 1000.0, "seed": 1}),
        clauses=("a 0-dim tensor: the mean over the n samples", "finite and right for |z| up to 1000",
                 "z and t unchanged"),
    ),
    Contract(
        "logreg_grad",
        params=lambda st: {"n": st.integers(1, 20), "d": st.integers(1, 6), "dtype": st.sampled_from(DTYPES),
                           "scale": st.sampled_from([1.0, 30.0]), "seed": st.integers(0, 9999)},
        build=_logreg, reference=_autograd_grads, alone=ALONE, no_autograd=True,
        returns=Tuple(Tensor(), Tensor(), names=("dw", "db")),
        corners=({"n": 1, "d": 1, "dtype": torch.float64, "scale": 1.0, "seed": 0},
                 {"n": 6, "d": 3, "dtype": torch.float32, "scale": 30.0, "seed": 1}),
        clauses=("(dw (d,), db 0-dim) equal to autograd's gradients of the mean BCE", "by hand, no autograd",
                 "w, b, X and t unchanged"),
    ),
    Contract(
        "train_logreg",
        params=lambda st: {"n": st.integers(1, 16), "d": st.integers(1, 4), "dtype": st.sampled_from(DTYPES),
                           "eta": st.sampled_from([0.05, 0.5, 2.0]), "epochs": st.integers(1, 25),
                           "seed": st.integers(0, 9999), "overlap": st.just(False)},
        build=_train_logreg, reference=lambda X, t, eta, epochs: REF.logreg_descent(X, t, eta, epochs),
        alone=ALONE, calls={"logreg_grad": lambda p: p["epochs"]},
        returns=Tuple(Tensor(), Tensor(), List(Float(rtol=1e-4, atol=1e-6)), names=("w", "b", "losses")),
        corners=({"n": 1, "d": 1, "dtype": torch.float64, "eta": 0.5, "epochs": 1, "seed": 0},
                 {"n": 12, "d": 3, "dtype": torch.float32, "eta": 2.0, "epochs": 25, "seed": 1},
                 {"n": 4, "d": 1, "dtype": torch.float64, "eta": 2.0, "epochs": 80, "seed": 2, "overlap": True}),
        clauses=("from w = 0, b = 0, `epochs` steps of full-batch descent, each with one call of logreg_grad",
                 "losses: a list of `epochs` Python floats, the mean BCE before each step", "X and t unchanged"),
    ),
]}
"""grade_id -> its contract."""
