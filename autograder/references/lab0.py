"""Lab 0's references: the perceptron rule (and its known wrong variants), the perceptron's
training, and gradient descent on the mean binary cross-entropy.

Notation: X (n, d) rows x_i; perceptron labels y_i in {-1, +1}; targets t_i in {0, 1}.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F


def perceptron_pass(w: torch.Tensor, b: torch.Tensor, X: torch.Tensor, y: torch.Tensor,
                    variant: str = "rule") -> tuple[torch.Tensor, torch.Tensor, int]:
    """One pass of the perceptron rule over the rows of X in order: a row is a mistake when
    y_i (w.x_i + b) <= 0, then w += y_i x_i, b += y_i. Returns (w (d,), b 0-dim, mistakes).

    A known wrong ``variant`` instead, for the messages: ``strict`` (< 0), ``every_row``,
    ``labels01`` (updates with (y + 1) / 2), ``sign`` (w -= y_i x_i), ``no_bias``, ``reversed``
    (rows from the last), ``batch`` (every row judged by the w of the start, one update)."""
    label = (y + 1) / 2 if variant == "labels01" else y
    direction = -1.0 if variant == "sign" else 1.0
    if variant == "batch":
        hit = y * (X @ w + b) <= 0
        return w + (label[hit, None] * X[hit]).sum(0), b + label[hit].sum(), int(hit.sum())
    order = range(X.shape[0] - 1, -1, -1) if variant == "reversed" else range(X.shape[0])
    count = 0
    for i in order:
        margin = float(y[i] * (torch.dot(X[i], w) + b))
        if variant == "every_row" or margin < 0 or (margin == 0 and variant != "strict"):
            count += 1
            w = w + direction * label[i] * X[i]
            b = b + (0 if variant == "no_bias" else direction * label[i])
    return w, b, count


def perceptron_epoch(w: torch.Tensor, b: torch.Tensor, X: torch.Tensor,
                     y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, int]:
    """The rule the notebook states, standing in for the student's ``perceptron_epoch`` while
    ``perceptron_train`` is checked."""
    return perceptron_pass(w, b, X, y)


def perceptron_train(X: torch.Tensor, y: torch.Tensor, max_epochs: int) -> tuple[torch.Tensor, torch.Tensor, list[int]]:
    """From w = 0, b = 0, passes until one makes no mistake or ``max_epochs``: (w, b, mistakes per epoch)."""
    w, b, history = torch.zeros_like(X[0]), torch.zeros_like(X[0, 0]), []
    while len(history) < max_epochs and (not history or history[-1] > 0):
        w, b, count = perceptron_pass(w, b, X, y)
        history.append(count)
    return w, b, history


def logreg_descent(X: torch.Tensor, t: torch.Tensor, eta: float, epochs: int, shift: int = 0,
                   direction: float = 1.0) -> tuple[torch.Tensor, torch.Tensor, list[float]]:
    """Full-batch gradient descent on the mean BCE from w = 0, b = 0, gradients by autograd:
    (w (d,), b 0-dim, the loss before each step). ``shift=1`` records the loss after each step and
    ``direction=-1`` climbs, as known wrong variants do."""
    w, b, losses = torch.zeros_like(X[0]), torch.zeros_like(X[0, 0]), []
    for _ in range(epochs):
        if not shift:
            losses.append(F.binary_cross_entropy_with_logits(X @ w + b, t).item())
        wl, bl = w.detach().clone().requires_grad_(True), b.detach().clone().requires_grad_(True)
        with torch.enable_grad():
            dw, db = torch.autograd.grad(F.binary_cross_entropy_with_logits(X @ wl + bl, t), [wl, bl])
        w, b = w - direction * eta * dw, b - direction * eta * db
        if shift:
            losses.append(F.binary_cross_entropy_with_logits(X @ w + b, t).item())
    return w, b, losses


def pairwise_sq_dists(A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
    """D (n, m), D[i, j] = sum_k (A[i, k] - B[j, k])^2, computed in float64 and given in A's dtype."""
    return ((A.double()[:, None, :] - B.double()[None, :, :]) ** 2).sum(-1).to(A.dtype)
