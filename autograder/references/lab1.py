"""Lab 1's references: the 2-layer network's forward pass (and its known wrong tanh derivatives),
its gradients by autograd, one gradient-descent step and one epoch of mini-batch SGD.

Notation (a batch of n samples): params {"Wh" (nh, nx), "bh" (nh,), "Wy" (ny, nh), "by" (ny,)};
X (n, nx); htilde = X Wh^T + bh (n, nh); h = tanh(htilde); ytilde = h Wy^T + by (n, ny);
yhat = softmax(ytilde) row-wise; L the mean cross-entropy of ytilde against the targets.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import torch
import torch.nn.functional as F

KEYS = ["Wh", "bh", "Wy", "by"]


class TanhWith(torch.autograd.Function):
    """tanh forward, with a chosen (possibly wrong) derivative backward: autograd then
    gives the gradients a student gets with that derivative ("missing": 1; "sigmoid": h (1 - h);
    "of_htilde": 1 - htilde**2, taken at the pre-activation instead of at h). Lab 7's RNN cell too."""

    @staticmethod
    def forward(ctx: Any, htilde: torch.Tensor, derivative: str) -> torch.Tensor:
        h = torch.tanh(htilde)
        ctx.save_for_backward(htilde, h)
        ctx.derivative = derivative
        return h

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> tuple[torch.Tensor, None]:
        htilde, h = ctx.saved_tensors
        local = {"missing": torch.ones_like(h), "sigmoid": h * (1 - h), "of_htilde": 1 - htilde**2}[ctx.derivative]
        return grad * local, None


def forward(params: Mapping[str, torch.Tensor], X: torch.Tensor,
            derivative: str | None = None) -> dict[str, torch.Tensor]:
    """The outputs {"X", "htilde" (n, nh), "h" (n, nh), "ytilde" (n, ny), "yhat" (n, ny)} of the
    batch X (n, nx), computed by torch. ``derivative`` ("missing", "sigmoid", "of_htilde") gives h a
    known wrong tanh derivative for autograd (see :func:`backward`); the values are the same."""
    htilde = F.linear(X, params["Wh"], params["bh"])
    h = torch.tanh(htilde) if derivative is None else TanhWith.apply(htilde, derivative)
    ytilde = F.linear(h, params["Wy"], params["by"])
    return {"X": X, "htilde": htilde, "h": h, "ytilde": ytilde, "yhat": torch.softmax(ytilde, dim=1)}


def backward(params: Mapping[str, torch.Tensor], X: torch.Tensor, Y: torch.Tensor,
             derivative: str | None = None) -> dict[str, torch.Tensor]:
    """Gradients {key: same shape as params[key]} of the mean cross-entropy of the batch X (n, nx)
    w.r.t. every parameter, by torch.autograd. Y: class indices (n,) or one-hot targets (n, ny).
    ``derivative``: a known wrong tanh derivative instead of 1 - h**2 (see :func:`forward`)."""
    leaves = {k: params[k].detach().clone().requires_grad_(True) for k in KEYS}
    with torch.enable_grad():
        L = F.cross_entropy(forward(leaves, X, derivative)["ytilde"], Y)
        return dict(zip(KEYS, torch.autograd.grad(L, [leaves[k] for k in KEYS])))


def sgd(params: Mapping[str, torch.Tensor], grads: Mapping[str, torch.Tensor], eta: float) -> dict[str, torch.Tensor]:
    """One gradient-descent step {key: params[key] - eta * grads[key]} for every key of ``params``."""
    return {k: params[k] - eta * grads[k] for k in params}


def train_epoch(params: Mapping[str, torch.Tensor], X: torch.Tensor, y: torch.Tensor, eta: float,
                batches: list[list[int]]) -> dict[str, torch.Tensor]:
    """The params after one SGD step (autograd's gradients) per batch of rows of X (n, nx), in the
    order given; y: class indices (n,)."""
    params = dict(params)
    for rows in batches:
        grads = backward(params, X[rows], y[rows])
        params = {k: params[k] - eta * grads[k] for k in KEYS}
    return params


def forward_pair(params: Mapping[str, torch.Tensor], X: torch.Tensor) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    """(Yhat (n, ny), the outputs of :func:`forward`), as the graded ``forward`` returns them."""
    outputs = forward(params, X)
    return outputs["yhat"], outputs


def loss_accuracy(Yhat: torch.Tensor, Y: torch.Tensor) -> tuple[torch.Tensor, float]:
    """(the mean cross-entropy of the probabilities Yhat (n, ny) against one-hot Y, the fraction of argmax matches)."""
    y = Y.argmax(dim=1)
    return F.nll_loss(torch.log(Yhat), y), (Yhat.argmax(dim=1) == y).double().mean().item()


def train_epoch_shuffled(params: Mapping[str, torch.Tensor], X: torch.Tensor, Y: torch.Tensor, eta: float,
                         batch_size: int, generator: torch.Generator | None = None) -> dict[str, torch.Tensor]:
    """:func:`train_epoch` as the graded one takes it: one-hot Y, the order torch.randperm(n, generator, X's device),
    batches of ``batch_size`` in that order."""
    order = torch.randperm(X.shape[0], generator=generator, device=X.device).tolist()
    batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    return train_epoch(params, X, Y.argmax(dim=1), eta, batches)


def gradient_check_errors(numerical: Mapping[str, torch.Tensor],
                          grads: Mapping[str, torch.Tensor]) -> dict[str, float]:
    """Per key, max |g - g_num| / max(|g| + |g_num|, 1e-12) over the entries, with g_num the flat float64
    numerical gradient and g the gradient checked."""
    out = {}
    for k, n in numerical.items():
        g = grads[k].detach().double().cpu().flatten()
        out[k] = ((g - n).abs() / torch.clamp(g.abs() + n.abs(), min=1e-12)).max().item()
    return out
