"""Lab 7's references: the tanh RNN over time (and its known wrong backward passes), its gradients
by autograd, and scaled dot-product attention by ``F.scaled_dot_product_attention``.

Notation (a batch of n sequences of T steps): params {"Wxh" (nh, nx), "Whh" (nh, nh), "bh" (nh,)};
X (n, T, nx); h0 (n, nh); h_t = tanh(x_t Wxh^T + h_{t-1} Whh^T + bh) for t = 1..T; H (n, T, nh) holds
h_1..h_T. ``dH`` (n, T, nh) is dL/dH, the loss's direct gradient at every hidden state; the gradients
are those of L = sum(dH * H) (what backpropagation through time computes).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import torch
import torch.nn.functional as F

from autograder.references.lab1 import TanhWith

KEYS = ["Wxh", "Whh", "bh"]
GRAD_KEYS = ["Wxh", "Whh", "bh", "X", "h0"]


class _CarryTransposed(torch.autograd.Function):
    """h @ Whh^T forward; backward sends dL/dh_{t-1} = delta @ Whh^T (the transposed matrix: a known slip)."""

    @staticmethod
    def forward(ctx: Any, h: torch.Tensor, Whh: torch.Tensor) -> torch.Tensor:
        ctx.save_for_backward(h, Whh)
        return h @ Whh.T

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h, Whh = ctx.saved_tensors
        return grad @ Whh.T, grad.T @ h


def rnn_forward(params: Mapping[str, torch.Tensor], X: torch.Tensor, h0: torch.Tensor,
                variant: str | None = None) -> torch.Tensor:
    """H (n, T, nh): the hidden states h_1..h_T of the batch X (n, T, nx) from h0 (n, nh).

    ``variant`` gives autograd a known wrong backward pass (the values are the same): "missing" or "of_a"
    (a wrong tanh derivative), "no_carry" (h_{t-1} treated as a constant), "carry_transposed" (the
    gradient sent back through Whh instead of Whh^T)."""
    h, states = h0, []
    for t in range(X.shape[1]):
        carry = h.detach() if variant == "no_carry" else h
        recurrent = _CarryTransposed.apply(carry, params["Whh"]) if variant == "carry_transposed" else \
            carry @ params["Whh"].T
        a = X[:, t] @ params["Wxh"].T + recurrent + params["bh"]
        h = TanhWith.apply(a, {"of_a": "of_htilde"}.get(variant, variant)) if variant in ("missing", "of_a") \
            else torch.tanh(a)
        states.append(h)
    return torch.stack(states, dim=1)


def rnn_forward_pair(params: Mapping[str, torch.Tensor], X: torch.Tensor,
                     h0: torch.Tensor) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    """(H, cache) as the graded ``rnn_forward`` returns them: cache {"X", "h0", "H"}."""
    H = rnn_forward(params, X, h0)
    return H, {"X": X, "h0": h0, "H": H}


def rnn_grads(params: Mapping[str, torch.Tensor], X: torch.Tensor, h0: torch.Tensor, dH: torch.Tensor,
              variant: str | None = None) -> dict[str, torch.Tensor]:
    """{"Wxh", "Whh", "bh", "X", "h0"}: the gradients of L = sum(dH * H) by torch.autograd (backpropagation
    through time); ``variant``: a known wrong backward pass (see :func:`rnn_forward`)."""
    leaves = {k: params[k].detach().clone().requires_grad_(True) for k in KEYS}
    x, h = X.detach().clone().requires_grad_(True), h0.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        H = rnn_forward(leaves, x, h, variant)
        found = torch.autograd.grad(H, [*(leaves[k] for k in KEYS), x, h], dH, allow_unused=True)
    inputs = [*(params[k] for k in KEYS), X, h0]
    return {k: torch.zeros_like(i) if g is None else g for k, g, i in zip(GRAD_KEYS, found, inputs)}


def attention(Q: torch.Tensor, K: torch.Tensor, V: torch.Tensor,
              mask: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """(out (..., Lq, dv), weights (..., Lq, Lk)) of scaled dot-product attention, by
    ``F.scaled_dot_product_attention``: Q (..., Lq, d), K (..., Lk, d), V (..., Lk, dv); mask boolean,
    broadcastable to (..., Lq, Lk), True where a query may look at a key. The weights are the same
    function applied to the identity as values. A fully masked row gives zeros (weights and output)."""
    eye = torch.eye(K.shape[-2], dtype=Q.dtype, device=Q.device).expand(*K.shape[:-1], K.shape[-2])
    out = F.scaled_dot_product_attention(Q, K, V, attn_mask=mask)
    weights = F.scaled_dot_product_attention(Q, K, eye, attn_mask=mask)
    if mask is not None:
        empty = ~mask.any(dim=-1, keepdim=True)  # fully masked rows: zeros, whatever the backend gives
        out, weights = out.masked_fill(empty, 0.0), weights.masked_fill(empty, 0.0)
    return out, weights


def attention_scaled(Q: torch.Tensor, K: torch.Tensor, V: torch.Tensor, mask: torch.Tensor | None,
                     scale: float) -> tuple[torch.Tensor, torch.Tensor]:
    """:func:`attention` with the scores multiplied by ``scale`` instead of 1/sqrt(d) (a known slip's result)."""
    d = Q.shape[-1]
    return attention(Q * (scale * math.sqrt(d)), K, V, mask)


def rnn_step_errors(params: Mapping[str, torch.Tensor], X: torch.Tensor, h0: torch.Tensor,
                    dH: torch.Tensor) -> torch.Tensor:
    """dL/da_t (n, T, nh) by torch.autograd, with a_t = x_t Wxh^T + h_{t-1} Whh^T + bh the pre-activations and
    L = sum(dH * H)."""
    leaves = {k: params[k].detach().clone().requires_grad_(True) for k in KEYS}
    with torch.enable_grad():
        h, pre, states = h0.detach(), [], []
        for t in range(X.shape[1]):
            a = X[:, t].detach() @ leaves["Wxh"].T + h @ leaves["Whh"].T + leaves["bh"]
            pre.append(a)
            h = torch.tanh(a)
            states.append(h)
        return torch.stack(torch.autograd.grad(torch.stack(states, dim=1), pre, dH), dim=1)


def greedy_decode(model: Any, X: torch.Tensor, steps: int, bos: int,
                  variant: str | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """(tokens (n, steps) long, weights (n, steps, L)): greedy decoding with ``model.encode(X) -> (memory, state,
    mask)`` and ``model.step(y_prev, state, memory, mask) -> (logits, state, weights)``, starting from ``bos``,
    each step fed the argmax of the previous one, without gradients. ``variant``, a known slip: "always_bos"
    (every step fed bos), "start_zero" (the first step fed token 0), "no_state" (the state never updated)."""
    with torch.no_grad():
        memory, state, mask = model.encode(X)
        first = state
        y = torch.full((X.shape[0],), 0 if variant == "start_zero" else bos, dtype=torch.long, device=X.device)
        tokens, weights = [], []
        for _ in range(steps):
            logits, new_state, w = model.step(y, state, memory, mask)
            state = first if variant == "no_state" else new_state
            best = logits.argmax(dim=-1)
            y = torch.full_like(best, bos) if variant == "always_bos" else best
            tokens.append(best)
            weights.append(w)
        return torch.stack(tokens, dim=1), torch.stack(weights, dim=1)
