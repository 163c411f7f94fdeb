"""The contracts of lab 2's graded functions (see ``_harness``): what the notebook's docstrings and
markdown promise, as data. Problems are generated: sizes from 1, float32 and float64, gradients up to
1000 (where a hidden clipping acts), the caller's grad mode on and off."""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F

from .._compare import close, max_error
from .._harness import Contract
from .._kinds import Broken, Dict, Kind, Tensor, Tuple, describe_value
from ..lab2 import REF
from ._modules import DTYPES, Number, device_of, gen, rerun
from ...language import say

KEYS = ("Wh", "bh", "Wy", "by")


def _shapes(nx: int, nh: int, ny: int) -> dict[str, tuple[int, ...]]:
    return {"Wh": (nh, nx), "bh": (nh,), "Wy": (ny, nh), "by": (ny,)}


class Leaves(Kind):
    """A plain dict {"Wh", "bh", "Wy", "by"} of leaves requiring grad, of the reference's shapes, dtype and
    device, the biases zero (the weights are random: their law is the named check's)."""

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        if type(found) is not dict or set(found) != set(KEYS):
            keys = sorted(found) if isinstance(found, dict) else describe_value(found)
            raise broken(say(f"{label} is {keys}, the text says a dict with the keys {list(KEYS)}",
                             f"{label} vaut {keys}, l'énoncé demande un dictionnaire aux clés {list(KEYS)}"))
        for k in KEYS:
            p, want = found[k], expected[k]
            if k.startswith("b"):
                Tensor(detached=False).judge(f"{label}[{k!r}]", p, want, broken, device)
            if not isinstance(p, torch.Tensor) or tuple(p.shape) != tuple(want.shape) or p.dtype != want.dtype:
                raise broken(say(f"{label}[{k!r}] is {describe_value(p)}, expected shape {tuple(want.shape)},"
                                 f" {want.dtype}",
                                 f"{label}[{k!r}] est {describe_value(p)}, attendu de forme {tuple(want.shape)},"
                                 f" {want.dtype}"))
            if p.device.type != (device or want.device).type:
                raise broken(say(f"{label}[{k!r}] is on '{p.device.type}', expected the device asked for",
                                 f"{label}[{k!r}] est sur '{p.device.type}', attendu sur le device demandé"))
            if not (p.is_leaf and p.requires_grad):
                raise broken(say(f"{label}[{k!r}] is not a leaf requiring grad (is_leaf={p.is_leaf},"
                                 f" requires_grad={p.requires_grad}): backward() would leave its .grad None",
                                 f"{label}[{k!r}] n'est pas une feuille qui requiert un gradient"
                                 f" (is_leaf={p.is_leaf}, requires_grad={p.requires_grad}) : backward() laisserait"
                                 " son .grad à None"))


def _init(nx: int, nh: int, ny: int, dtype: torch.dtype) -> dict[str, Any]:
    return {"nx": nx, "nh": nh, "ny": ny, "device": torch.device("cpu"), "dtype": dtype}


def _init_expected(nx: int, nh: int, ny: int, device: Any, dtype: torch.dtype) -> dict[str, torch.Tensor]:
    """Only what is not random: shapes, dtype, device, zero biases."""
    return {k: torch.zeros(s, dtype=dtype, device=device) for k, s in _shapes(nx, nh, ny).items()}


def _leaves(nx: int, nh: int, ny: int, dtype: torch.dtype, g: torch.Generator, scale: float = 0.3,
            grads: float | None = None) -> dict[str, torch.Tensor]:
    params = {}
    for k, shape in _shapes(nx, nh, ny).items():
        p = (scale * torch.randn(shape, generator=g, dtype=torch.float64)).to(dtype).requires_grad_()
        if grads is not None:
            p.grad = (grads * torch.randn(shape, generator=g, dtype=torch.float64)).to(dtype)
        params[k] = p
    return params


def _sgd(nx: int, nh: int, ny: int, dtype: torch.dtype, eta: float, gscale: float, grad_enabled: bool,
         seed: int) -> dict[str, Any]:
    return {"params": _leaves(nx, nh, ny, dtype, gen(seed), grads=gscale), "eta": eta}


def _judge_leaves_after(label: str, found: dict[str, torch.Tensor], wanted: dict[str, torch.Tensor]) -> str | None:
    """The same dict's tensors updated in place as ``wanted``'s: values, leaves requiring grad, .grad None or 0."""
    for k in KEYS:
        p, q = found[k], wanted[k]
        if not isinstance(p, torch.Tensor):
            return say(f"{label}[{k!r}] was replaced by {describe_value(p)}",
                       f"{label}[{k!r}] a été remplacé par {describe_value(p)}")
        if not (p.is_leaf and p.requires_grad):
            return say(f"{label}[{k!r}] is no longer a leaf requiring grad: update it in place under torch.no_grad()",
                       f"{label}[{k!r}] n'est plus une feuille qui requiert un gradient : mettez-le à jour en place"
                       " sous torch.no_grad()")
        if p.device.type != "meta":
            if not close(p.detach(), q.detach()):
                return say(f"{label}[{k!r}] differs from p - eta * p.grad by up to {max_error(p, q):.3g}",
                           f"{label}[{k!r}] s'écarte de p - eta * p.grad de {max_error(p, q):.3g} au plus")
            if p.grad is not None and p.grad.abs().max() != 0:
                return say(f"{label}[{k!r}].grad was not reset after the step (None or zeros)",
                           f"{label}[{k!r}].grad n'a pas été remis à zéro après le pas (None ou des zéros)")
    return None


def _sgd_after(params: dict[str, Any], args: dict[str, Any]) -> str | None:
    wanted = rerun(_sgd, lambda *a: REF.sgd_autograd(*a), params, device_of(args["params"]))
    return _judge_leaves_after("params", args["params"], wanted["params"])


def _train_step(n: int, nx: int, nh: int, ny: int, dtype: torch.dtype, eta: float, seed: int) -> dict[str, Any]:
    """Moderate logits (weights of std 0.15): some predictions right, some wrong, the given loss finite."""
    g = gen(seed)
    params = _leaves(nx, nh, ny, dtype, g, scale=0.15)
    X = torch.randn(n, nx, generator=g, dtype=torch.float64).to(dtype)
    Y = F.one_hot(torch.randint(ny, (n,), generator=g), ny).to(dtype)
    return {"params": params, "X": X, "Y": Y, "eta": eta}


def _train_step_after(params: dict[str, Any], args: dict[str, Any]) -> str | None:
    wanted = rerun(_train_step, lambda *a: REF.train_step_in_place(*a), params, device_of(args["params"]))
    return _judge_leaves_after("params", args["params"], wanted["params"])


def _step_alone() -> Any:
    """sgd_autograd as train_step's text calls it, for train_step to be graded alone (the grader's, lent)."""
    return REF.lend("sgd_autograd")


CONTRACTS = {c.name: c for c in [
    Contract(
        "init_params_autograd",
        params=lambda st: {"nx": st.integers(1, 6), "nh": st.integers(1, 6), "ny": st.integers(1, 5),
                           "dtype": st.sampled_from(DTYPES), "seed": st.integers(0, 9999)},
        build=lambda nx, nh, ny, dtype, seed: _init(nx, nh, ny, dtype),
        reference=_init_expected, returns=Leaves(), global_rng="free", on_meta=False,
        corners=({"nx": 1, "nh": 1, "ny": 1, "dtype": torch.float64, "seed": 0},),
        clauses=("a dict of 4 leaves requiring grad, of the shapes, dtype and device asked for, biases zero",
                 "the caller's grad mode left as it was"),
    ),
    Contract(
        "sgd_autograd",
        params=lambda st: {"nx": st.integers(1, 5), "nh": st.integers(1, 5), "ny": st.integers(1, 4),
                           "dtype": st.sampled_from(DTYPES), "eta": st.sampled_from([1e-3, 0.37, 1.0]),
                           "gscale": st.sampled_from([1.0, 1000.0]), "grad_enabled": st.booleans(),
                           "seed": st.integers(0, 9999)},
        build=_sgd, reference=lambda *a: REF.sgd_autograd(*a), returns=Dict(Tensor(detached=False)),
        may_change=frozenset({"params"}), after=_sgd_after, on_meta=False,
        corners=({"nx": 1, "nh": 1, "ny": 1, "dtype": torch.float64, "eta": 0.37, "gscale": 1000.0,
                  "grad_enabled": False, "seed": 0},
                 {"nx": 3, "nh": 4, "ny": 2, "dtype": torch.float32, "eta": 1.0, "gscale": 1.0,
                  "grad_enabled": True, "seed": 1}),
        clauses=("p <- p - eta p.grad in place for every key, grads reset (None or zeros), params returned",
                 "the caller's grad mode left as it was (on or off): a with block, not torch.set_grad_enabled",
                 "the step is not clipped: gradients of 1000 give steps of 1000 eta"),
    ),
    Contract(
        "train_step",
        params=lambda st: {"n": st.integers(1, 8), "nx": st.integers(1, 4), "nh": st.integers(1, 5),
                           "ny": st.integers(2, 4), "dtype": st.sampled_from(DTYPES),
                           "eta": st.sampled_from([0.05, 0.5]), "seed": st.integers(0, 9999)},
        build=_train_step, reference=lambda *a: REF.train_step_in_place(*a),
        returns=Tuple(Number(), Number(), names=("L", "acc")),
        may_change=frozenset({"params"}), after=_train_step_after, on_meta=False,
        alone={"sgd_autograd": _step_alone},
        calls={"forward": lambda p: 1, "loss_accuracy": lambda p: 1, "sgd_autograd": lambda p: 1},
        corners=({"n": 1, "nx": 1, "nh": 1, "ny": 2, "dtype": torch.float64, "eta": 0.5, "seed": 0},
                 {"n": 7, "nx": 3, "nh": 4, "ny": 3, "dtype": torch.float32, "eta": 0.05, "seed": 1}),
        clauses=("one forward(params, X), one loss_accuracy, L.backward(), one sgd_autograd(params, eta)",
                 "returns (L, acc) of the batch before the update", "params updated in place; X and Y unchanged"),
    ),
]}
"""grade_id -> its contract."""
