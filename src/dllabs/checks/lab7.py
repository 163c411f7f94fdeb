"""Checks of lab 7 (sequences: a recurrent network by hand, then attention): each compares a student's
function with torch (``torch.autograd``, ``F.scaled_dot_product_attention``) and names known mistakes.

Every check takes the student's function and the sizes, dtype, device and seed of a random problem; the
visible tests call them with small fixed sizes, the hidden tests with others. ``device=None`` means CUDA
when available, else CPU; ``device="meta"`` runs shapes only and catches tensors created on a fixed
device, even without a GPU.

``rnn_backward`` is computed by hand (backpropagation through time): a use of torch.autograd, by any
route, fails its check (see ``_no_autograd``).

The references (the RNN over time and its gradients by autograd, attention by
``F.scaled_dot_product_attention``) are the grader's, reached through ``REF`` (see ``_references``).

Notation (a batch of n sequences of T steps): params {"Wxh" (nh, nx), "Whh" (nh, nh), "bh" (nh,)};
X (n, T, nx); h0 (n, nh); h_t = tanh(x_t Wxh^T + h_{t-1} Whh^T + bh), t = 1..T; H (n, T, nh).
Attention: Q (..., Lq, d), K (..., Lk, d), V (..., Lk, dv); weights = softmax(Q K^T / sqrt(d)) over the
keys, masked where ``mask`` is False; a fully masked row gives zero weights and a zero output.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch

from ._calling import call
from ._compare import dtype_on, expect_keys, expect_tensor, shape_str
from ._device import call_on_meta, resolve_device, values_device
from ._harness import contract_checker
from ._no_autograd import call_without_autograd
from ._outcome import CheckFailed, passed
from ._references import References

KEYS = ["Wxh", "Whh", "bh"]
GRAD_KEYS = ["Wxh", "Whh", "bh", "X", "h0"]
CACHE_KEYS = ["X", "h0", "H"]

REF = References("lab7")
"""The RNN over time, its gradients by autograd, and attention (see ``_references``)."""


def rnn_problem(n: int, T: int, nx: int, nh: int, dtype: torch.dtype, device: torch.device, seed: int,
                scale: float = 0.5) -> tuple[dict, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Random params (weights of std ``scale``), X (n, T, nx), h0 (n, nh) and dH (n, T, nh), drawn on the CPU
    from ``seed`` then moved (kept on the CPU for 'meta', which holds no values)."""
    device = values_device(device)
    g = torch.Generator().manual_seed(seed)

    def rnd(*shape: int, s: float = 1.0) -> torch.Tensor:
        return (s * torch.randn(*shape, generator=g, dtype=torch.float64)).to(device=device, dtype=dtype)

    params = {"Wxh": rnd(nh, nx, s=scale), "Whh": rnd(nh, nh, s=scale), "bh": rnd(nh, s=scale)}
    return params, rnd(n, T, nx), rnd(n, nh), rnd(n, T, nh)


def _problem_text(n: int, T: int, nx: int, nh: int, dtype: torch.dtype, device: torch.device) -> str:
    return f"n={n}, T={T}, nx={nx}, nh={nh}, {dtype_on(dtype, device)}"


def _on_meta(*items: Any) -> list[Any]:
    """Each tensor (or dict of tensors) of ``items`` moved to 'meta'."""
    return [{k: v.to("meta") for k, v in x.items()} if isinstance(x, dict) else x.to("meta") for x in items]


def _unchanged(name: str, before: dict[str, torch.Tensor], now: dict[str, torch.Tensor]) -> None:
    __tracebackhide__ = True
    changed = [k for k in before if not torch.equal(before[k], now[k])]
    if changed:
        raise CheckFailed(f"{name} changed its input {changed[0]} in place: it must leave its arguments as they are"
                          " (use out-of-place operations: a = b + c, not b += c).")


# --------------------------------------------------------------------------- rnn_forward
FORWARD_HINTS = {
    "cannot be multiplied": " Shapes: X[:, t] (n, nx), Wxh (nh, nx), h (n, nh), Whh (nh, nh):"
                            " h = tanh(X[:, t] @ Wxh.T + h @ Whh.T + bh).",
}


def _forward_mistakes(params: dict, X: torch.Tensor, h0: torch.Tensor) -> dict[str, torch.Tensor]:
    """What known wrong forward passes give, each with the message that names it."""
    Wxh, Whh, bh = (params[k] for k in KEYS)
    return {
        "it starts from zeros: the first step takes the h0 it is given.": REF.rnn_forward(params, X, 0 * h0),
        "the recurrence uses h @ Whh, not h @ Whh.T (Whh maps h_{t-1} to the next pre-activation as Wxh maps"
        " x_t).": REF.rnn_forward({**params, "Whh": Whh.T}, X, h0),
        "you forgot the bias bh.": REF.rnn_forward({**params, "bh": 0 * bh}, X, h0),
        "the recurrence is missing: each step ignores h_{t-1} (h_t = tanh(x_t Wxh^T + bh)).":
            REF.rnn_forward({**params, "Whh": 0 * Whh}, X, h0),
    }


def check_rnn_forward(rnn_forward: Callable, n: int = 3, T: int = 5, nx: int = 2, nh: int = 4,
                      dtype: torch.dtype = torch.float64, device: str | torch.device | None = None,
                      seed: int = 0) -> None:
    """H (n, T, nh) against the RNN computed by torch, naming common slips; the cache holds X, h0 and H."""
    __tracebackhide__ = True
    device = resolve_device(device)
    params, X, h0, _ = rnn_problem(n, T, nx, nh, dtype, device, seed)
    expected = REF.rnn_forward(params, X, h0)
    mistakes = _forward_mistakes(params, X, h0) if device.type != "meta" else {}
    if device.type == "meta":
        params, X, h0, expected = _on_meta(params, X, h0, expected)
    before = {**{f"params[{k!r}]": v.clone() for k, v in params.items()}, "X": X.clone(), "h0": h0.clone()}
    caller = call_on_meta if device.type == "meta" else call
    result = caller("rnn_forward", rnn_forward, dict(params), X, h0, where=f" (on {device.type})", hints=FORWARD_HINTS)
    if device.type != "meta":
        _unchanged("rnn_forward", before, {**{f"params[{k!r}]": v for k, v in params.items()}, "X": X, "h0": h0})
    if not (isinstance(result, tuple) and len(result) == 2):
        raise CheckFailed(f"rnn_forward returned a {type(result).__name__}, expected a pair (H, cache).")
    H, cache = result
    if isinstance(H, torch.Tensor) and tuple(H.shape) == (n, T + 1, nh):
        raise CheckFailed(f"H has shape {shape_str(H.shape)}, expected {shape_str(expected.shape)}: it holds h0"
                          " too; H holds h_1 .. h_T, one per input step.")
    if isinstance(H, torch.Tensor) and tuple(H.shape) == (T, n, nh) and n != T:
        raise CheckFailed(f"H has shape {shape_str(H.shape)}, expected {shape_str(expected.shape)}: the batch comes"
                          " first (batch-first, like X): stack the states along dim=1.")
    expect_tensor("H (the first value returned)", H, expected, mistakes)
    if not isinstance(cache, dict):
        raise CheckFailed(f"cache is a {type(cache).__name__}, expected a dict with at least the keys {CACHE_KEYS}.")
    missing = [k for k in CACHE_KEYS if k not in cache]
    if missing:
        raise CheckFailed(f"cache has the keys {sorted(cache)}, but rnn_backward needs {CACHE_KEYS}: missing"
                          f" {missing}.")
    for key, value in [("X", X), ("h0", h0), ("H", expected)]:
        expect_tensor(f"cache[{key!r}]", cache[key], value)
    passed("rnn_forward", f"every hidden state equals torch's ({_problem_text(n, T, nx, nh, dtype, device)})")


# --------------------------------------------------------------------------- rnn_backward
BACKWARD_HINTS = {
    "cannot be multiplied": " Shapes: da_t (n, nh), X[:, t] (n, nx), h_{t-1} (n, nh): dWxh += da_t.T @ X[:, t],"
                            " dWhh += da_t.T @ h_{t-1}, dX[:, t] = da_t @ Wxh, dh_{t-1} = da_t @ Whh.",
}


def _step_mistakes(H: torch.Tensor, h0: torch.Tensor, da: torch.Tensor) -> dict[str, torch.Tensor]:
    """dWhh of two known slips, from autograd's dL/da_t (n, T, nh): h_t in place of h_{t-1}, h0 left out."""
    previous = torch.cat([h0[:, None], H[:, :-1]], dim=1)
    return {"dWhh pairs da_t with h_t: the step t multiplies h_{t-1} by Whh, so dWhh = sum_t da_t^T h_{t-1}.":
            torch.einsum("nti,ntj->ij", da, H),
            "dWhh leaves out the first step: its h_{t-1} is h0 (given, not zero), so it counts too.":
            torch.einsum("nti,ntj->ij", da[:, 1:], previous[:, 1:])}


def _backward_mistakes(params: dict, X: torch.Tensor, h0: torch.Tensor, dH: torch.Tensor,
                       H: torch.Tensor) -> dict[str, dict[str, torch.Tensor]]:
    """Per gradient key, what known wrong BPTT passes give, each with the message that names it."""
    variants = {
        "the tanh derivative is missing: multiply by (1 - h_t**2) elementwise.": "missing",
        "the derivative of tanh is 1 - tanh(a_t)**2 = 1 - h_t**2, not 1 - a_t**2.": "of_a",
        "no gradient flows back through time: dL/dh_{t-1} gets da_t @ Whh from step t, added to dH[:, t-1]"
        " (iterate t from T down to 1, carrying it).": "no_carry",
        "the gradient sent back through time uses Whh.T: h_{t-1} enters as h_{t-1} @ Whh.T, so dL/dh_{t-1} ="
        " da_t @ Whh.": "carry_transposed",
    }
    mistakes: dict[str, dict[str, torch.Tensor]] = {k: {} for k in GRAD_KEYS}
    for message, variant in variants.items():
        for k, v in REF.rnn_grads(params, X, h0, dH, variant).items():
            mistakes[k][message] = v
    last = torch.zeros_like(dH)
    last[:, -1] = dH[:, -1]
    for k, v in REF.rnn_grads(params, X, h0, last).items():
        mistakes[k]["it uses dH at the last step only: every step's dH[:, t] is added to the gradient carried"
                    " back from step t+1."] = v
    mistakes["Whh"].update(_step_mistakes(H, h0, REF.rnn_step_errors(params, X, h0, dH)))
    return mistakes


def check_rnn_backward(rnn_backward: Callable, n: int = 3, T: int = 6, nx: int = 2, nh: int = 4,
                       dtype: torch.dtype = torch.float64, device: str | torch.device | None = None,
                       seed: int = 0) -> None:
    """The five gradients (Wxh, Whh, bh, X, h0) against torch.autograd's, on a cache computed by torch."""
    __tracebackhide__ = True
    device = resolve_device(device)
    params, X, h0, dH = rnn_problem(n, T, nx, nh, dtype, device, seed)
    with torch.no_grad():
        H = REF.rnn_forward(params, X, h0)
    expected = REF.rnn_grads(params, X, h0, dH)
    mistakes = _backward_mistakes(params, X, h0, dH, H) if device.type != "meta" else {k: {} for k in GRAD_KEYS}
    if device.type == "meta":
        params, X, h0, dH, H, expected = _on_meta(params, X, h0, dH, H, expected)
    cache = {"X": X, "h0": h0, "H": H}
    before = {**{f"params[{k!r}]": v.clone() for k, v in params.items()},
              **{f"cache[{k!r}]": v.clone() for k, v in cache.items()}, "dH": dH.clone()}
    grads = call_without_autograd("rnn_backward", rnn_backward, dict(params), dict(cache), dH,
                                  where=f" (on {device.type})", hints=BACKWARD_HINTS)
    if device.type != "meta":
        _unchanged("rnn_backward", before, {**{f"params[{k!r}]": v for k, v in params.items()},
                                            **{f"cache[{k!r}]": v for k, v in cache.items()}, "dH": dH})
    expect_keys("grads", grads, GRAD_KEYS)
    for key in ["bh", "Wxh", "Whh", "X", "h0"]:
        expect_tensor(f"grads[{key!r}]", grads[key], expected[key], mistakes[key])
    passed("rnn_backward", f"the 5 gradients equal torch.autograd's ({_problem_text(n, T, nx, nh, dtype, device)})")


# --------------------------------------------------------------------------- attention
MASKS = ("none", "causal", "padding")


def attention_problem(n: int, Lq: int, Lk: int, d: int, dv: int, dtype: torch.dtype, device: torch.device, seed: int,
                      masked: str = "none", scale: float = 1.0) -> tuple[torch.Tensor, ...]:
    """Q (n, Lq, d), K (n, Lk, d), V (n, Lk, dv) and a boolean mask (or None): "causal" (query i sees keys
    j <= i), "padding" (each sequence's last keys hidden; the first query of the first sequence sees no key:
    a fully masked row). ``scale`` multiplies Q and K (scores of size scale^2 sqrt(d))."""
    device = values_device(device)
    g = torch.Generator().manual_seed(seed)

    def rnd(*shape: int) -> torch.Tensor:
        return (scale * torch.randn(*shape, generator=g, dtype=torch.float64)).to(device=device, dtype=dtype)

    Q, K = rnd(n, Lq, d), rnd(n, Lk, d)
    V = (torch.randn(n, Lk, dv, generator=g, dtype=torch.float64)).to(device=device, dtype=dtype)
    mask = None
    if masked == "causal":
        mask = torch.ones(Lq, Lk, dtype=torch.bool, device=device).tril()
    elif masked == "padding":
        lengths = torch.randint(1, Lk + 1, (n,), generator=g)
        mask = (torch.arange(Lk)[None, None, :] < lengths[:, None, None]).expand(n, Lq, Lk).clone()
        mask[0, 0] = False
        mask = mask.to(device)
    return Q, K, V, mask


def _attention_mistakes(Q: torch.Tensor, K: torch.Tensor, V: torch.Tensor,
                        mask: torch.Tensor | None) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    """(out, weights) of known wrong attentions, each with the message that names it."""
    d, dv, Lk = Q.shape[-1], V.shape[-1], K.shape[-2]
    mistakes = {
        "the scores are not scaled: divide Q K^T by sqrt(d) (d = Q.shape[-1]).":
            REF.attention_scaled(Q, K, V, mask, 1.0),
        "the scores are divided by d: the scale is 1 / sqrt(d).": REF.attention_scaled(Q, K, V, mask, 1 / d),
    }
    if dv != d:
        mistakes["the scores are divided by sqrt(dv) (V's width): the scale is 1 / sqrt(d), d = Q.shape[-1]."] = \
            REF.attention_scaled(Q, K, V, mask, 1 / math.sqrt(dv))
    scores = Q @ K.transpose(-2, -1) / math.sqrt(d)
    if mask is None:
        over_queries = torch.softmax(scores, dim=-2)
        mistakes["softmax over the wrong axis: each query's weights (a row, over the keys) sum to 1; use"
                 " dim=-1."] = (over_queries @ V, over_queries)
        return mistakes
    inverted = REF.attention(Q, K, V, ~mask)
    mistakes["the mask is inverted: True marks the keys a query MAY look at (as in"
             " F.scaled_dot_product_attention), so fill the scores where mask is False."] = inverted
    empty = ~mask.any(dim=-1, keepdim=True)
    if bool(empty.any()):
        out, weights = REF.attention(Q, K, V, mask)
        uniform = torch.full_like(weights, 1 / Lk)
        mistakes["a fully masked row gets uniform weights (masked_fill with -1e9, then softmax): the lab's"
                 " convention is zero weights and a zero output for a query that sees no key."] = \
            (torch.where(empty, V.mean(dim=-2, keepdim=True).expand_as(out), out), torch.where(empty, uniform, weights))
    return mistakes


def _judge_attention(result: Any, expected: tuple[torch.Tensor, torch.Tensor], mask: torch.Tensor | None,
                     mistakes: dict[str, tuple[torch.Tensor, torch.Tensor]], where: str, large: bool) -> None:
    __tracebackhide__ = True
    if not (isinstance(result, tuple) and len(result) == 2):
        raise CheckFailed(f"attention returned a {type(result).__name__}{where}, expected a pair (out, weights).")
    for i, name in enumerate(["weights", "out"]):
        j = 1 - i
        found = result[j]
        if isinstance(found, torch.Tensor) and found.device.type != "meta" and mask is not None \
                and found.shape == expected[j].shape and not torch.isfinite(found.detach()).all():
            empty = ~mask.any(dim=-1)
            bad = ~torch.isfinite(found.detach()).reshape(*found.shape[:-1], -1).all(dim=-1)
            if bool(empty.any()) and bool((bad <= empty.expand_as(bad)).all()):
                raise CheckFailed(f"{name} holds NaN in the rows of queries that see no key{where}: softmax of a row"
                                  " that is all -inf is 0/0. The lab's convention (and"
                                  " F.scaled_dot_product_attention's) is zero weights and a zero output there: zero"
                                  " those rows (torch.nan_to_num, or"
                                  " weights.masked_fill(~mask.any(-1, keepdim=True), 0)).")
        if large and isinstance(found, torch.Tensor) and found.device.type != "meta" \
                and found.shape == expected[j].shape and not torch.isfinite(found.detach()).all():
            raise CheckFailed(f"{name} holds NaN or inf{where}: exp() of scores in the thousands overflows float32"
                              " (past about 88). Subtract each row's max from the scores before exp (the weights do"
                              " not change), or use torch.softmax, which does.")
        expect_tensor(f"{name}{where}", found, expected[j], {m: w[j] for m, w in mistakes.items()})


def check_attention(attention: Callable, n: int = 2, Lq: int = 3, Lk: int = 4, d: int = 6, dv: int = 2,
                    dtype: torch.dtype = torch.float64, device: str | torch.device | None = None,
                    seed: int = 0, masks: tuple[str, ...] = MASKS, large: bool = True) -> None:
    """(out, weights) against F.scaled_dot_product_attention: without a mask, with a causal mask, with a
    padding mask that leaves a query no key (zeros there), and with large float32 scores (no overflow)."""
    __tracebackhide__ = True
    device = resolve_device(device)
    cases = [(masked, 1.0, dtype) for masked in masks]
    if large:
        cases.append(("causal", 30.0, torch.float32))
    for masked, scale, dt in cases:
        Q, K, V, mask = attention_problem(n, Lq, Lk, d, dv, dt, device, seed, masked, scale)
        expected = REF.attention(Q, K, V, mask)
        mistakes = _attention_mistakes(Q, K, V, mask) if device.type != "meta" else {}
        if device.type == "meta":
            Q, K, V, *expected = _on_meta(Q, K, V, *expected)
            mask = None if mask is None else mask.to("meta")
        what = f"mask {masked}" + (f", scores up to {scale**2 * math.sqrt(d):.0f}" if scale > 1 else "")
        where = f" ({what}, {dtype_on(dt, device)})"
        args = [t.clone() for t in (Q, K, V)]
        result = (call_on_meta if device.type == "meta" else call)("attention", attention, Q, K, V, mask, where=where)
        if device.type != "meta":
            _unchanged("attention", dict(zip("QKV", args)), dict(zip("QKV", (Q, K, V))))
        _judge_attention(result, tuple(expected), mask, mistakes, where, scale > 1)
    passed("attention", f"out and weights equal F.scaled_dot_product_attention's (n={n}, Lq={Lq}, Lk={Lk}, d={d},"
                        f" dv={dv}; masks: {', '.join(masks)}{'; large float32 scores' if large else ''};"
                        f" {dtype_on(dtype, device)})")


VISIBLE: dict[str, Callable[[Callable], None]] = {
    "rnn_forward": check_rnn_forward,
    "rnn_backward": check_rnn_backward,
    "attention": check_attention,
}
"""The visible check of each graded function, by its grade_id."""

check_contract = contract_checker("lab7")
"""``check_contract(name, fn)``: ``fn`` held to its whole contract on generated problems (hidden tests)."""


from ._visible import make_visible  # noqa: E402  (after every check is defined)

make_visible(globals())
