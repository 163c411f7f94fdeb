"""The contracts of lab 7's graded functions (see ``_harness``): what the notebook's markdown and
docstrings promise, as data. Problems are generated: batches of one, sequences of one step and longer
ones, one hidden unit up, float32 and float64; attention with extra batch dimensions (heads), no mask,
causal masks, random masks with fully masked rows, and float32 scores large enough for an unshifted
exp() to overflow.

``rnn_backward`` is held to the no-autograd rule by result and by cost: a plain dict of plain, detached
tensors and at most :data:`BACKWARD_COST` times the forward pass's floating-point operations and
:data:`BACKWARD_WORK` times its tensor elements (finite differences need a forward pass per entry).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import torch

from .._harness import Contract, Work
from .._kinds import Broken, Dict, Kind, Tensor, Tuple, describe_value
from ..lab7 import CACHE_KEYS, REF, decode_problem
from ...language import say

DTYPES = (torch.float32, torch.float64)
BACKWARD_COST = 4
"""``rnn_backward`` may spend at most this many times the FLOPs of the forward pass (the formulas need 2)."""
BACKWARD_WORK = 16
"""``rnn_backward`` may produce at most this many times the tensor elements of the forward pass and the
inputs (measured: the formulas written step by step 2-6; finite differences far more)."""


def _gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _rnd(g: torch.Generator, dtype: torch.dtype, *shape: int, s: float = 1.0) -> torch.Tensor:
    return (s * torch.randn(*shape, generator=g, dtype=torch.float64)).to(dtype)


def _rnn(n: int, T: int, nx: int, nh: int, dtype: torch.dtype, seed: int) -> dict[str, Any]:
    g = _gen(seed)
    params = {"Wxh": _rnd(g, dtype, nh, nx, s=0.6), "Whh": _rnd(g, dtype, nh, nh, s=0.6), "bh": _rnd(g, dtype, nh)}
    return {"params": params, "X": _rnd(g, dtype, n, T, nx), "h0": _rnd(g, dtype, n, nh)}


def _backward(n: int, T: int, nx: int, nh: int, dtype: torch.dtype, seed: int) -> dict[str, Any]:
    problem = _rnn(n, T, nx, nh, dtype, seed)
    params, X, h0 = problem["params"], problem["X"], problem["h0"]
    with torch.no_grad():
        H = REF.rnn_forward(params, X, h0)
    dH = _rnd(_gen(seed + 1), dtype, n, T, nh)
    return {"params": params, "cache": {"X": X, "h0": h0, "H": H}, "dH": dH}


def _forward_flops(p: Mapping[str, Any]) -> int:
    """The forward pass's FLOPs as FlopCounterMode counts them (two matrix products per step)."""
    return 2 * p["n"] * p["T"] * (p["nx"] * p["nh"] + p["nh"] * p["nh"])


def _forward_work(p: Mapping[str, Any]) -> int:
    """What the forward pass and its inputs weigh, in tensor elements (``Work``)."""
    problem = _rnn(p["n"], p["T"], p["nx"], p["nh"], p["dtype"], p["seed"])
    params, X, h0 = problem["params"], problem["X"], problem["h0"]
    inputs = sum(v.numel() for v in params.values()) + X.numel() + h0.numel()
    return Work.of(REF.rnn_forward, params, X, h0) + inputs


class Cache(Kind):
    """A plain dict holding at least X, h0 and H (tensors equal to the reference's); other keys are the
    student's own (what their rnn_backward does not read is not judged)."""

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        if type(found) is not dict:
            raise broken(say(f"{label} is {describe_value(found)}, the text says a dict with at least {CACHE_KEYS}",
                             f"{label} est {describe_value(found)}, l'énoncé demande un dictionnaire avec au moins les"
                             f" clés {CACHE_KEYS}"))
        missing = [k for k in CACHE_KEYS if k not in found]
        if missing:
            raise broken(say(f"{label} lacks the keys {missing} (it has {sorted(found)})",
                             f"il manque à {label} les clés {missing} (il a {sorted(found)})"))
        for key in CACHE_KEYS:
            Tensor(detached=False).judge(f"{label}[{key!r}]", found[key], expected[key], broken, device)


def _attention(batch: tuple[int, ...], Lq: int, Lk: int, d: int, dv: int, dtype: torch.dtype, masked: str,
               scale: float, seed: int) -> dict[str, Any]:
    g = _gen(seed)
    Q, K = _rnd(g, dtype, *batch, Lq, d, s=scale), _rnd(g, dtype, *batch, Lk, d, s=scale)
    V = _rnd(g, dtype, *batch, Lk, dv)
    mask = None
    if masked == "causal":
        mask = torch.ones(Lq, Lk, dtype=torch.bool).tril()
    elif masked == "random":
        mask = torch.rand(*batch, Lq, Lk, generator=g) < 0.6
        mask.view(-1, Lk)[0] = False  # one query sees no key
    return {"Q": Q, "K": K, "V": V, "mask": mask}


def _decode(n: int, L: int, n_out: int, nh: int, steps: int, bos: int, dtype: torch.dtype, seed: int) -> dict[str, Any]:
    model, X = decode_problem(n, L, 6, n_out, nh, dtype, torch.device("cpu"), seed)
    return {"model": model, "X": X, "steps": steps, "bos": min(bos, n_out - 1)}


SIZES = {"n": (1, 4), "T": (1, 7), "nx": (1, 4), "nh": (1, 5)}


def _sizes(st: Any) -> dict[str, Any]:
    return {k: st.integers(*v) for k, v in SIZES.items()}


CONTRACTS = {c.name: c for c in [
    Contract(
        "rnn_forward",
        params=lambda st: {**_sizes(st), "dtype": st.sampled_from(DTYPES), "seed": st.integers(0, 9999)},
        build=_rnn, reference=lambda params, X, h0: REF.rnn_forward_pair(params, X, h0),
        returns=Tuple(Tensor(detached=False), Cache(), names=("H", "cache")),
        corners=({"n": 1, "T": 1, "nx": 1, "nh": 1, "dtype": torch.float32, "seed": 0},
                 {"n": 3, "T": 6, "nx": 2, "nh": 4, "dtype": torch.float64, "seed": 1}),
        clauses=("(H, cache): H (n, T, nh) holds h_1..h_T, batch first, in the inputs' dtype and device",
                 "cache a dict holding at least X, h0 and H", "params, X and h0 unchanged"),
    ),
    Contract(
        "rnn_backward",
        params=lambda st: {**_sizes(st), "dtype": st.sampled_from(DTYPES), "seed": st.integers(0, 9999)},
        build=_backward, reference=lambda params, cache, dH: REF.rnn_grads(params, cache["X"], cache["h0"], dH),
        returns=Dict(Tensor()), no_autograd=True, max_cost=lambda p: BACKWARD_COST * _forward_flops(p),
        max_work=lambda p: BACKWARD_WORK * _forward_work(p),
        corners=({"n": 1, "T": 1, "nx": 1, "nh": 1, "dtype": torch.float64, "seed": 0},
                 {"n": 2, "T": 7, "nx": 3, "nh": 3, "dtype": torch.float32, "seed": 1}),
        clauses=("a plain dict {Wxh, Whh, bh, X, h0} of plain, detached tensors", "equal to autograd's gradients"
                 " of L = sum(dH * H) (backpropagation through time)", "by hand: no autograd, and at most"
                 f" {BACKWARD_COST}x the forward pass's FLOPs and {BACKWARD_WORK}x its tensor elements",
                 "params, cache and dH unchanged"),
    ),
    Contract(
        "attention",
        params=lambda st: {"batch": st.sampled_from([(1,), (3,), (2, 2)]), "Lq": st.integers(1, 5),
                           "Lk": st.integers(1, 6), "d": st.integers(1, 6), "dv": st.integers(1, 4),
                           "dtype": st.sampled_from(DTYPES), "masked": st.sampled_from(["none", "causal", "random"]),
                           "scale": st.sampled_from([1.0, 30.0]), "seed": st.integers(0, 9999)},
        build=_attention, reference=lambda Q, K, V, mask: REF.attention(Q, K, V, mask),
        returns=Tuple(Tensor(detached=False), Tensor(detached=False), names=("out", "weights")),
        corners=({"batch": (1,), "Lq": 1, "Lk": 1, "d": 1, "dv": 1, "dtype": torch.float32, "masked": "none",
                  "scale": 1.0, "seed": 0},
                 {"batch": (2, 2), "Lq": 4, "Lk": 5, "d": 3, "dv": 2, "dtype": torch.float32, "masked": "random",
                  "scale": 30.0, "seed": 1},
                 {"batch": (3,), "Lq": 4, "Lk": 4, "d": 6, "dv": 2, "dtype": torch.float64, "masked": "causal",
                  "scale": 1.0, "seed": 2}),
        clauses=("(out (..., Lq, dv), weights (..., Lq, Lk)) for any leading batch dimensions",
                 "equal to F.scaled_dot_product_attention's, causal and random boolean masks included",
                 "a fully masked row: zero weights and a zero output", "finite for float32 scores in the thousands",
                 "Q, K, V and mask unchanged"),
    ),
    Contract(
        "greedy_decode",
        params=lambda st: {"n": st.integers(1, 4), "L": st.integers(1, 6), "n_out": st.integers(2, 5),
                           "nh": st.integers(1, 6), "steps": st.integers(1, 6), "bos": st.integers(0, 4),
                           "dtype": st.sampled_from(DTYPES), "seed": st.integers(0, 9999)},
        build=_decode, reference=lambda model, X, steps, bos: REF.greedy_decode(model, X, steps, bos),
        returns=Tuple(Tensor(), Tensor(), names=("tokens", "weights")),
        corners=({"n": 1, "L": 1, "n_out": 2, "nh": 1, "steps": 1, "bos": 0, "dtype": torch.float32, "seed": 0},
                 {"n": 3, "L": 5, "n_out": 5, "nh": 4, "steps": 6, "bos": 3, "dtype": torch.float64, "seed": 1}),
        clauses=("(tokens (n, steps) long, weights (n, steps, L)), batch first, detached",
                 "starts from bos; each step fed the argmax of the previous one, with the state model.step returned",
                 "the model's parameters, .grad and mode unchanged; X unchanged"),
    ),
]}
"""grade_id -> its contract."""
