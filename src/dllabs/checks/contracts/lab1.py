"""The contracts of lab 1's graded functions (see ``_harness``): what the notebook's markdown and
docstrings promise, as data. Problems are generated: sizes from one row (and one unit) up, float32
and float64, logits large enough for an unshifted softmax to overflow, gradients large enough for
hidden clipping to act, batches of one, batches cut short and batches larger than the data.

``backward`` is held to the no-autograd rule by result and by cost: a plain dict of plain, detached
tensors, nothing left running, and at most :data:`BACKWARD_COST` times the floating-point operations
of the forward pass (finite or complex-step differences need one forward pass per entry).
``gradient_check`` gets a black-box ``f`` (its loss goes through Python floats: autograd cannot
differentiate it) that counts its calls: two per entry, one entry moved at a time, each restored.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import torch
import torch.nn.functional as F

from .._compare import PLAIN_TENSORS, shape_str
from .._device import resolve_device
from .._harness import Contract, Work
from .._kinds import Broken, Dict, Float, Kind, Tensor, Tuple, describe_value
from ..lab1 import REF
from ...language import say

DTYPES = (torch.float32, torch.float64)
BACKWARD_COST = 4
"""``backward`` may spend at most this many times the FLOPs of the forward pass (the formulas need 2)."""
BACKWARD_WORK = 12
"""``backward`` may produce at most this many times the tensor elements of the forward pass and the parameters
(see ``_forward_work``). Measured over the contract's sizes: the formulas with matrix products 0.8-2, written
sample by sample with outer products up to 8.8; central or complex-step differences 20-420 (two forward passes
per parameter entry), with or without matrix products."""


def _gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _params(nx: int, nh: int, ny: int, dtype: torch.dtype, g: torch.Generator, scale: float = 1.0) -> dict:
    """Random parameters; ``scale`` multiplies the output layer (logits of that size)."""

    def rnd(*shape: int, s: float = 1.0) -> torch.Tensor:
        return (s * torch.randn(*shape, generator=g, dtype=torch.float64)).to(dtype)

    return {"Wh": rnd(nh, nx), "bh": rnd(nh), "Wy": rnd(ny, nh, s=scale), "by": rnd(ny, s=scale)}


def _one_hot(n: int, ny: int, dtype: torch.dtype, g: torch.Generator) -> torch.Tensor:
    return F.one_hot(torch.randint(ny, (n,), generator=g), ny).to(dtype)


class Shaped(Kind):
    """A plain tensor of the reference's shape, dtype and device; its values are not compared (drawn at random)."""

    text = "a torch.Tensor"

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        if type(found) not in PLAIN_TENSORS:
            shape = shape_str(tuple(expected.shape))
            raise broken(say(f"{label} is {describe_value(found)}, the text says a torch.Tensor of shape"
                             f" {shape}",
                             f"{label} est {describe_value(found)}, l'énoncé dit un torch.Tensor de forme {shape}"))
        for what, f, e in [(say("shape", "la forme"), shape_str(tuple(found.shape)), shape_str(tuple(expected.shape))),
                           (say("dtype", "le dtype"), found.dtype, expected.dtype),
                           (say("device", "le device"), found.device.type, expected.device.type)]:
            if f != e:
                raise broken(say(f"{label} has {what} {f}, the call asked for {e}",
                                 f"{label} a {what} {f}, l'appel demandait {e}"))


class Accuracy(Kind):
    """A number in [0, 1]: a Python float (or int), or a 0-dim floating tensor on the inputs' device, equal to the
    reference's fraction within ``atol``."""

    text = "a float or a 0-dim tensor"  # not shown to students (no message reads a Kind's text)

    def __init__(self, atol: float = 1e-6) -> None:
        self.atol = atol

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        if type(found) in PLAIN_TENSORS:
            if found.dim() != 0:
                raise broken(say(f"{label} has shape {shape_str(tuple(found.shape))}, the text says a number (a float"
                                 " or a 0-dim tensor)",
                                 f"{label} a la forme {shape_str(tuple(found.shape))}, l'énoncé dit un nombre (un"
                                 " float ou un tenseur de dimension 0)"))
            if device is not None:
                if found.device.type != device.type:
                    raise broken(say(f"{label} is on '{found.device.type}', expected '{device.type}' like the inputs",
                                     f"{label} est sur '{found.device.type}', on attend '{device.type}' comme les"
                                     " entrées"))
                return
            value = found.detach().double().cpu().item()
        elif type(found) in (float, int):
            if device is not None:
                return
            value = float(found)
        else:
            raise broken(say(f"{label} is {describe_value(found)}, the text says a number in [0, 1] (a float or a"
                             " 0-dim tensor)",
                             f"{label} est {describe_value(found)}, l'énoncé dit un nombre dans [0, 1] (un float ou"
                             " un tenseur de dimension 0)"))
        if not abs(value - expected) <= self.atol:
            raise broken(say(f"{label} is {value:.6g}, expected {expected:.6g}",
                             f"{label} vaut {value:.6g}, attendu {expected:.6g}"))


# --------------------------------------------------------------------------- init_params
def _init(nx: int, nh: int, ny: int, dtype: str | torch.dtype, device: str) -> dict[str, Any]:
    """The call's arguments: the defaults left out (or None), else the grading device and the dtype."""
    args: dict[str, Any] = {"nx": nx, "nh": nh, "ny": ny}
    if device == "given":
        args["device"] = resolve_device(None)
    elif dtype != "default":
        args["device"] = None
    if dtype != "default":
        args["dtype"] = dtype
    return args


def _init_expected(nx: int, nh: int, ny: int, device: Any = None, dtype: torch.dtype = torch.float32) -> dict:
    return {k: torch.zeros(s, device=device, dtype=dtype)
            for k, s in {"Wh": (nh, nx), "bh": (nh,), "Wy": (ny, nh), "by": (ny,)}.items()}


# --------------------------------------------------------------------------- forward, loss_accuracy, backward
def _big(dtype: torch.dtype) -> float:
    """An output-layer scale whose logits overflow exp() unshifted: exp(100) in float32, exp(1000) in float64."""
    return 100.0 if dtype == torch.float32 else 1000.0


def _forward(n: int, nx: int, nh: int, ny: int, dtype: torch.dtype, logits: str, seed: int) -> dict[str, Any]:
    g = _gen(seed)
    params = _params(nx, nh, ny, dtype, g, _big(dtype) if logits == "large" else 1.0)
    return {"params": params, "X": torch.randn(n, nx, generator=g, dtype=torch.float64).to(dtype)}


def _loss(n: int, ny: int, dtype: torch.dtype, scale: float, right: str, seed: int) -> dict[str, Any]:
    """Yhat a softmax of random scores (no exact zero); Y one-hot: random classes, or all right, or all wrong."""
    g = _gen(seed)
    Yhat = torch.softmax(scale * torch.randn(n, ny, generator=g, dtype=torch.float64), dim=1)
    y = torch.randint(ny, (n,), generator=g)
    if right == "all":
        y = Yhat.argmax(dim=1)
    elif right == "none":
        y = (Yhat.argmax(dim=1) + 1) % ny
    return {"Yhat": Yhat.to(dtype), "Y": F.one_hot(y, ny).to(dtype)}


def _backward(n: int, nx: int, nh: int, ny: int, dtype: torch.dtype, seed: int) -> dict[str, Any]:
    g = _gen(seed)
    params = _params(nx, nh, ny, dtype, g)
    X = torch.randn(n, nx, generator=g, dtype=torch.float64).to(dtype)
    Y = _one_hot(n, ny, dtype, g)
    with torch.no_grad():
        outputs = REF.forward(params, X)
    return {"params": params, "outputs": outputs, "Y": Y}


def _forward_work(p: Mapping[str, Any]) -> int:
    """What the forward pass and the parameters weigh, in tensor elements (``Work``): the scale of the most
    work ``backward`` may do (finite differences redo the forward pass twice per parameter entry)."""
    problem = _backward(**p)
    params = problem["params"]
    return Work.of(REF.forward, params, problem["outputs"]["X"]) + sum(v.numel() for v in params.values())


def _forward_flops(p: Mapping[str, Any]) -> int:
    """The forward pass's FLOPs as FlopCounterMode counts them (its two matrix products)."""
    return 2 * p["n"] * (p["nx"] * p["nh"] + p["nh"] * p["ny"])


# --------------------------------------------------------------------------- sgd
def _sgd(nx: int, nh: int, ny: int, dtype: torch.dtype, eta: float, grad_scale: float, seed: int) -> dict[str, Any]:
    g = _gen(seed)
    return {"params": _params(nx, nh, ny, dtype, g), "grads": {k: grad_scale * v for k, v in
                                                                _params(nx, nh, ny, dtype, g).items()}, "eta": eta}


# --------------------------------------------------------------------------- gradient_check
class BlackBoxLoss:
    """f for gradient_check: f(p) = sum_k sum_i (c p + sin p) + 0.1 (sum_k sum_i w p)^2, computed in Python floats
    (autograd cannot differentiate it), returned as a 0-dim tensor on the parameters' device. It notes, for each
    call, which entries differ from the original parameters and by how much."""

    def __init__(self, params: Mapping[str, torch.Tensor], g: torch.Generator) -> None:
        total = sum(p.numel() for p in params.values())
        self.original = {k: p.flatten().tolist() for k, p in params.items()}
        self.c = {k: (1.5 + torch.rand(p.numel(), generator=g, dtype=torch.float64)).tolist()
                  for k, p in params.items()}
        self.w = {k: (torch.rand(p.numel(), generator=g, dtype=torch.float64) / total).tolist()
                  for k, p in params.items()}
        self.moves: list[list[tuple[str, int, float]]] = []
        self.bad: str | None = None

    def value(self, values: Mapping[str, list[float]]) -> float:
        s = sum(w * v for k in values for w, v in zip(self.w[k], values[k]))
        return sum(c * v + math.sin(v) for k in values for c, v in zip(self.c[k], values[k])) + 0.1 * s * s

    def __call__(self, p: Mapping[str, torch.Tensor]) -> torch.Tensor:
        ok = isinstance(p, Mapping) and all(isinstance(p.get(k), torch.Tensor) and p[k].numel() == len(v)
                                            for k, v in self.original.items())
        if not ok:
            self.bad = self.bad or say("f was called with something other than a params dict of the original shapes",
                                       "f a été appelée avec autre chose qu'un dict params aux formes d'origine")
            return torch.zeros((), dtype=torch.float64)
        values = {k: p[k].detach().flatten().tolist() for k in self.original}
        self.moves.append([(k, i, v - o) for k in values for i, (v, o) in enumerate(zip(values[k], self.original[k]))
                           if v != o])
        first = next(iter(p.values()))
        return torch.tensor(self.value(values), dtype=torch.float64, device=first.device)

    def central(self, eps: float) -> dict[str, torch.Tensor]:
        """The exact central differences (f(p + eps e_i) - f(p - eps e_i)) / 2 eps: c + cos(p) sin(eps) / eps
        + 0.2 w S (the quadratic term's difference is exact)."""
        s = sum(w * v for k in self.original for w, v in zip(self.w[k], self.original[k]))
        return {k: torch.tensor([c + math.cos(v) * math.sin(eps) / eps + 0.2 * w * s
                                 for c, v, w in zip(self.c[k], self.original[k], self.w[k])], dtype=torch.float64)
                for k in self.original}

    def gradient(self) -> dict[str, torch.Tensor]:
        s = sum(w * v for k in self.original for w, v in zip(self.w[k], self.original[k]))
        return {k: torch.tensor([c + math.cos(v) + 0.2 * w * s for c, v, w in
                                 zip(self.c[k], self.original[k], self.w[k])], dtype=torch.float64)
                for k in self.original}


RMAX = {"Wh": 0.3, "bh": 0.1, "Wy": 0.5, "by": 0.05}
"""Per key, the largest relative error put into the gradients given to gradient_check."""


def _gradient_check(nx: int, nh: int, ny: int, eps: float | None, seed: int) -> dict[str, Any]:
    """float64 params, a black-box f, and f's gradients off by up to RMAX[k] (relative), entry by entry."""
    g = _gen(seed)
    params = _params(nx, nh, ny, torch.float64, g)
    f = BlackBoxLoss(params, g)
    grads = {}
    for k, true in f.gradient().items():
        r = RMAX[k] * (2 * torch.rand(true.numel(), generator=g, dtype=torch.float64) - 1)
        r[torch.randint(true.numel(), (1,), generator=g)] = RMAX[k]
        grads[k] = (true * (1 + r)).view_as(params[k])
    return {"f": f, "params": params, "grads": grads, **({} if eps is None else {"eps": eps})}


def _gradient_check_after(p: Mapping[str, Any], args: Mapping[str, Any]) -> str | None:
    """Two calls of f per entry, each with that one entry moved by +eps or -eps; every entry restored."""
    f, params = args["f"], args["params"]
    eps = p["eps"] if p["eps"] is not None else 1e-6
    if f.bad:
        return f.bad + say(" (pass params, with one entry moved, to f)",
                           " (passez params, avec un coefficient déplacé, à f)")
    entries = sum(len(v) for v in f.original.values())
    if len(f.moves) != 2 * entries:
        return say(f"it called f {len(f.moves)} times for {entries} entries; the text's central differences call it"
                   " twice per entry, at p + eps and at p - eps, and nothing else (no autograd, no extra evaluation)",
                   f"elle a appelé f {len(f.moves)} fois pour {entries} coefficients ; les différences centrées de"
                   " l'énoncé l'appellent deux fois par coefficient, en p + eps et en p - eps, et rien d'autre (pas"
                   " d'autograd, pas d'évaluation en plus)")
    seen = set()
    for moved in f.moves:
        moved = [m for m in moved if abs(m[2]) > 1e-3 * eps]  # an entry restored by -eps after +eps: off by rounding
        if len(moved) != 1:
            return say(f"it called f with {len(moved)} entries moved (each call moves one entry by +eps or -eps, the"
                       " others as they were)",
                       f"elle a appelé f avec {len(moved)} coefficients déplacés (chaque appel déplace un coefficient"
                       " de +eps ou de -eps, les autres restant tels quels)")
        k, i, d = moved[0]
        if abs(abs(d) - eps) > 1e-3 * eps:
            return say(f"it moved params[{k!r}] entry {i} by {d:.3g}, but eps = {eps:g}",
                       f"elle a déplacé le coefficient {i} de params[{k!r}] de {d:.3g}, alors que eps = {eps:g}")
        seen.add((k, i, d > 0))
    if len(seen) != 2 * entries:
        return say("it evaluated some entry twice on the same side: each entry at p + eps once and at p - eps once",
                   "elle a évalué un coefficient deux fois du même côté : chaque coefficient une fois en p + eps et"
                   " une fois en p - eps")
    for k, original in f.original.items():
        now = params[k].detach().flatten().tolist()
        i = next((i for i, (a, b) in enumerate(zip(now, original)) if abs(a - b) > 1e-3 * eps), None)
        if i is not None:
            return say(f"params[{k!r}] entry {i} is {now[i]!r} after the call, {original[i]!r} before: restore each"
                       " entry",
                       f"le coefficient {i} de params[{k!r}] vaut {now[i]!r} après l'appel, {original[i]!r} avant :"
                       " restaurez chaque coefficient")
    return None


# --------------------------------------------------------------------------- train_epoch
def _train_epoch(n: int, nx: int, nh: int, ny: int, dtype: torch.dtype, eta: float, batch_size: int, generator: bool,
                 seed: int) -> dict[str, Any]:
    g = _gen(seed)
    params = {k: v / 2 for k, v in _params(nx, nh, ny, dtype, g).items()}
    X = torch.randn(n, nx, generator=g, dtype=torch.float64).to(dtype)
    gen = torch.Generator(device=resolve_device(None)).manual_seed(seed) if generator else None
    if gen is not None:  # a generator already in use (epochs before this one): reseeding it shows
        torch.randperm(5, generator=gen, device=gen.device)
    return {"params": params, "X": X, "Y": _one_hot(n, ny, dtype, g), "eta": eta, "batch_size": batch_size,
            "generator": gen}


def _alone_forward() -> Callable:
    outputs_of = REF.lend("forward")

    def forward(params: Mapping[str, torch.Tensor], X: torch.Tensor) -> tuple[torch.Tensor, dict]:
        outputs = outputs_of(params, X)
        return outputs["yhat"], outputs

    return forward


def _alone_backward() -> Callable:
    grads_of = REF.lend("backward")

    def backward(params: Mapping[str, torch.Tensor], outputs: Mapping[str, torch.Tensor], Y: torch.Tensor) -> dict:
        return grads_of(params, outputs["X"], Y)

    return backward


def _batches(p: Mapping[str, Any]) -> int:
    return -(-p["n"] // p["batch_size"])


SIZES = {"nx": (1, 5), "nh": (1, 6), "ny": (2, 5)}


def _sizes(st: Any, **limits: tuple[int, int]) -> dict[str, Any]:
    return {k: st.integers(*limits.get(k, v)) for k, v in SIZES.items()}


CONTRACTS = {c.name: c for c in [
    Contract(
        "init_params",
        params=lambda st: {**_sizes(st, ny=(1, 5)), "dtype": st.sampled_from(["default", *DTYPES]),
                           "device": st.sampled_from(["default", "given"])},
        build=_init, reference=_init_expected, returns=Dict(Shaped()), global_rng="free", on_meta=False,
        corners=({"nx": 1, "nh": 1, "ny": 1, "dtype": "default", "device": "default"},
                 {"nx": 3, "nh": 5, "ny": 2, "dtype": torch.float64, "device": "given"}),
        clauses=("a plain dict: Wh (nh, nx), bh (nh,), Wy (ny, nh), by (ny,), sizes from 1",
                 "float32 on the default device by default; the device and dtype asked for otherwise"),
    ),
    Contract(
        "forward",
        params=lambda st: {"n": st.integers(1, 12), **_sizes(st), "dtype": st.sampled_from(DTYPES),
                           "logits": st.sampled_from(["small", "large"]), "seed": st.integers(0, 9999)},
        build=_forward, reference=lambda params, X: REF.forward_pair(params, X),
        returns=Tuple(Tensor(detached=False), Dict(Tensor(detached=False)), names=("Yhat", "outputs")),
        corners=({"n": 1, "nx": 1, "nh": 1, "ny": 2, "dtype": torch.float32, "logits": "large", "seed": 0},
                 {"n": 5, "nx": 3, "nh": 4, "ny": 3, "dtype": torch.float64, "logits": "large", "seed": 1}),
        clauses=("(Yhat, outputs): outputs a plain dict with X, htilde, h, ytilde, yhat of the inputs' dtype and"
                 " device", "rows of Yhat sum to 1, finite for logits large enough to overflow exp() unshifted",
                 "params and X unchanged"),
    ),
    Contract(
        "loss_accuracy",
        params=lambda st: {"n": st.integers(1, 12), "ny": st.integers(2, 5), "dtype": st.sampled_from(DTYPES),
                           "scale": st.sampled_from([1.0, 5.0]), "right": st.sampled_from(["random", "all", "none"]),
                           "seed": st.integers(0, 9999)},
        build=_loss, reference=lambda Yhat, Y: REF.loss_accuracy(Yhat, Y),
        returns=Tuple(Tensor(detached=False), Accuracy(), names=("L", "acc")),
        corners=({"n": 1, "ny": 2, "dtype": torch.float32, "scale": 1.0, "right": "all", "seed": 0},
                 {"n": 7, "ny": 3, "dtype": torch.float64, "scale": 5.0, "right": "none", "seed": 1}),
        clauses=("L: a 0-dim tensor, the mean cross-entropy over the n samples",
                 "acc: a float or a 0-dim tensor, the fraction of argmax matches, in [0, 1]", "Yhat and Y unchanged"),
    ),
    Contract(
        "backward",
        params=lambda st: {"n": st.integers(1, 10), **_sizes(st), "dtype": st.sampled_from(DTYPES),
                           "seed": st.integers(0, 9999)},
        build=_backward, reference=lambda params, outputs, Y: REF.backward(params, outputs["X"], Y),
        returns=Dict(Tensor()), no_autograd=True, max_cost=lambda p: BACKWARD_COST * _forward_flops(p),
        max_work=lambda p: BACKWARD_WORK * _forward_work(p),
        corners=({"n": 1, "nx": 1, "nh": 1, "ny": 2, "dtype": torch.float64, "seed": 0},
                 {"n": 3, "nx": 3, "nh": 3, "ny": 3, "dtype": torch.float32, "seed": 1}),
        clauses=("a plain dict of plain, detached tensors, complete when it returns (nothing lazy, nothing left"
                 " running)", "equal to autograd's gradients of the mean loss", "by hand: no autograd, and at most"
                 f" {BACKWARD_COST}x the forward pass's FLOPs and {BACKWARD_WORK}x its tensor elements (no finite or"
                 " complex-step differences)",
                 "params, outputs and Y unchanged"),
    ),
    Contract(
        "sgd",
        params=lambda st: {**_sizes(st), "dtype": st.sampled_from(DTYPES),
                           "eta": st.sampled_from([1e-3, 0.1, 1.0, 5.0]), "grad_scale": st.sampled_from([1.0, 1e6]),
                           "seed": st.integers(0, 9999)},
        build=_sgd, reference=lambda params, grads, eta: REF.sgd(params, grads, eta), returns=Dict(Tensor()),
        may_change=frozenset({"params"}),
        corners=({"nx": 1, "nh": 1, "ny": 2, "dtype": torch.float32, "eta": 0.1, "grad_scale": 1e6, "seed": 0},),
        clauses=("returns params: p - eta * g for every key, for gradients of any size (no clipping)",
                 "grads unchanged"),
    ),
    Contract(
        "gradient_check",
        params=lambda st: {"nx": st.integers(1, 3), "nh": st.integers(1, 3), "ny": st.integers(1, 3),
                           "eps": st.sampled_from([None, 1e-3, 1e-4, 1e-5]), "seed": st.integers(0, 9999)},
        build=_gradient_check,
        reference=lambda f, params, grads, eps=1e-6: REF.gradient_check_errors(f.central(eps), grads),
        returns=Dict(Float(rtol=1e-6, atol=1e-7)),
        may_change=frozenset({"params"}), no_autograd=True, after=_gradient_check_after, examples=6, shrink=False,
        corners=({"nx": 1, "nh": 1, "ny": 1, "eps": None, "seed": 0},
                 {"nx": 2, "nh": 3, "ny": 2, "eps": 1e-3, "seed": 1}),
        clauses=("{key: max relative error} as Python floats, with the central difference of f, eps as given"
                 " (1e-6 by default)", "f called twice per entry, one entry moved by +-eps at a time, each restored:"
                 " function evaluations only, no autograd", "grads unchanged"),
    ),
    Contract(
        "train_epoch",
        params=lambda st: {"n": st.integers(1, 12), "nx": st.integers(1, 3), "nh": st.integers(1, 4),
                           "ny": st.integers(2, 3), "dtype": st.sampled_from(DTYPES),
                           "eta": st.sampled_from([0.05, 0.5, 2.0]), "batch_size": st.integers(1, 14),
                           "generator": st.booleans(), "seed": st.integers(0, 9999)},
        build=_train_epoch, reference=lambda *a: REF.train_epoch_shuffled(*a), returns=Dict(Tensor()),
        may_change=frozenset({"params"}), changes=frozenset({"generator"}), global_rng="as_reference",
        alone={"forward": _alone_forward, "backward": _alone_backward, "sgd": lambda: REF.lend("sgd")},
        calls={"forward": _batches, "backward": _batches, "sgd": _batches}, examples=6, shrink=False,
        corners=({"n": 1, "nx": 1, "nh": 1, "ny": 2, "dtype": torch.float64, "eta": 0.5, "batch_size": 1,
                  "generator": True, "seed": 0},
                 {"n": 7, "nx": 2, "nh": 3, "ny": 2, "dtype": torch.float32, "eta": 0.5, "batch_size": 3,
                  "generator": True, "seed": 1},
                 {"n": 5, "nx": 2, "nh": 2, "ny": 3, "dtype": torch.float64, "eta": 2.0, "batch_size": 8,
                  "generator": False, "seed": 2}),
        clauses=("the order: one torch.randperm(n, generator=generator, device=X.device), the generator advanced by"
                 " it alone (torch's global one when None)", "forward, backward and sgd once per batch of batch_size"
                 " rows, the last one smaller, batch_size >= n in one batch", "returns the params after the last"
                 " step", "X and Y unchanged"),
    ),
]}
"""grade_id -> its contract."""
