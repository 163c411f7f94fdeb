"""Lab 2's references: lab 1's network, its gradients and step (the same answers, here for lab 2's
checks and its own recordings), and one training step as ``train_step`` takes it.

Notation as in ``lab1``: params {"Wh" (nh, nx), "bh" (nh,), "Wy" (ny, nh), "by" (ny,)}; X (n, nx);
y class indices (n,); L the mean cross-entropy of the logits ytilde (n, ny).
"""

from __future__ import annotations

from collections.abc import Mapping

import torch
import torch.nn.functional as F

from .lab1 import KEYS, backward, forward, sgd

__all__ = ["backward", "forward", "sgd", "sgd_autograd", "train_step", "train_step_in_place"]


def train_step(params: Mapping[str, torch.Tensor], X: torch.Tensor, y: torch.Tensor,
               eta: float) -> tuple[torch.Tensor, float, dict[str, torch.Tensor]]:
    """(L 0-dim, acc in [0, 1], the params after the step): L and acc of the batch X (n, nx) before the
    step, then one SGD step with autograd's gradients of L."""
    ytilde = forward(params, X)["ytilde"]
    L, acc = F.cross_entropy(ytilde, y), (ytilde.argmax(dim=1) == y).double().mean().item()
    grads = backward(params, X, y)
    return L.detach(), acc, {k: params[k] - eta * grads[k] for k in KEYS}


def sgd_autograd(params: Mapping[str, torch.Tensor], eta: float) -> Mapping[str, torch.Tensor]:
    """torch.optim.SGD's step on the leaves of ``params`` (p <- p - eta p.grad, in place), the gradients zeroed;
    returns ``params``."""
    optim = torch.optim.SGD(list(params.values()), lr=eta)
    optim.step()
    optim.zero_grad(set_to_none=False)
    return params


def train_step_in_place(params: Mapping[str, torch.Tensor], X: torch.Tensor, Y: torch.Tensor,
                        eta: float) -> tuple[torch.Tensor, float]:
    """:func:`train_step` with one-hot Y (n, ny), its parameters after the step written into the leaves of
    ``params`` (gradients reset to None): (L, acc) before the step."""
    L, acc, after = train_step({k: p.detach() for k, p in params.items()}, X, Y.argmax(dim=1), eta)
    with torch.no_grad():
        for k, p in params.items():
            p.copy_(after[k])
            p.grad = None
    return L, acc
