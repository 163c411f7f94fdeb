"""Lab 4's references: the torch.optim optimizer each name of make_optimizer stands for, its path
on a quadratic, and train_step_optim's steps (and the steps of its known wrong variants).

Notation: parameters ps, a list of tensors; the quadratic f(ps) = sum_i 0.5 * sum(s_i * (p_i - t_i)^2);
a batch X (n, nx) with class indices y (n,).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

import torch
import torch.nn as nn


def make_optimizer(name: str, params: Sequence[torch.Tensor], lr: float) -> torch.optim.Optimizer:
    """``sgd``: SGD(lr); ``momentum``: SGD(lr, momentum=0.9); ``adam``: Adam(lr, betas=(0.9, 0.999))."""
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999))
    raise ValueError(f"unknown optimizer {name!r}: 'sgd', 'momentum' or 'adam'")


def optimizer_path(name: str, start: list[torch.Tensor], scales: list[torch.Tensor], targets: list[torch.Tensor],
                   lr: float, steps: int) -> list[list[torch.Tensor]]:
    """``steps`` steps of optimizer ``name`` (lr) on the quadratic of ``scales`` and ``targets``, from
    ``start`` (each p_i like s_i and t_i): the parameters after each step, one list per step."""
    ps = [p.detach().clone().requires_grad_(True) for p in start]
    opt = make_optimizer(name, ps, lr)
    path = []
    with torch.enable_grad():
        for _ in range(steps):
            opt.zero_grad()
            sum(0.5 * (s * (p - t) ** 2).sum() for p, s, t in zip(ps, scales, targets)).backward()
            opt.step()
            path.append([p.detach().clone() for p in ps])
    return path


def _steps(model: nn.Module, criterion: nn.Module, eta: float, optimizer: str,
           batches: Sequence[tuple[torch.Tensor, torch.Tensor]], zero_grad: bool = True, steps: int = 1,
           fresh: bool = False) -> tuple[list[tuple[float, float]], nn.Module]:
    """Train a deep copy of ``model`` with its own optimizer ``optimizer``, one batch per call:
    ([(loss, accuracy) before each step], the copy). ``zero_grad=False`` lets the gradients
    accumulate; ``steps`` is optim.step() per call; ``fresh=True`` builds a new optimizer at each call."""
    twin = copy.deepcopy(model)
    opt = make_optimizer(optimizer, twin.parameters(), eta)
    seen = []
    with torch.enable_grad():
        for X, y in batches:
            if fresh:
                opt = make_optimizer(optimizer, twin.parameters(), eta)
            if zero_grad:
                opt.zero_grad()
            logits = twin(X)
            L = criterion(logits, y)
            seen.append((L.item(), (logits.argmax(dim=1) == y).double().mean().item()))
            L.backward()
            for _ in range(steps):
                opt.step()
    return seen, twin


def _params(model: nn.Module) -> list[torch.Tensor]:
    return [p.detach().clone() for p in model.parameters()]


def train_step_optim(model: nn.Module, X1: torch.Tensor, y1: torch.Tensor, X2: torch.Tensor, y2: torch.Tensor,
                     eta: float, optimizer: str = "sgd", reduction: str = "mean",
                     weight: torch.Tensor | None = None) -> dict[str, object]:
    """Two calls of train_step_optim on a copy of ``model`` (batches X1 (n, nx), y1 (n,) then X2, y2)
    with the loss nn.CrossEntropyLoss(weight, reduction) and the optimizer ``optimizer`` (a name of
    make_optimizer, lr=eta), and what known wrong variants give. A dict of:

    - ``seen``: [(L, acc) before each step] of the two calls; ``after``: the parameters after both;
    - ``after1``: the parameters after the first call alone; ``loss_after``: the loss of X1 after it;
    - ``twice`` (two optim.step() in the first call), ``accumulated`` (no zero_grad), ``fresh``
      (a new optimizer at each call): the parameters these give (after one call, two, two).
    """
    criterion = nn.CrossEntropyLoss(weight=weight, reduction=reduction)
    first, second = (X1, y1), (X2, y2)
    seen, stepped = _steps(model, criterion, eta, optimizer, [first, second])
    _, stepped1 = _steps(model, criterion, eta, optimizer, [first])
    _, twice = _steps(model, criterion, eta, optimizer, [first], steps=2)
    _, accumulated = _steps(model, criterion, eta, optimizer, [first, second], zero_grad=False)
    _, fresh = _steps(model, criterion, eta, optimizer, [first, second], fresh=True)
    with torch.no_grad():
        loss_after = criterion(stepped1(X1), y1).item()
    return {"seen": seen, "after": _params(stepped), "after1": _params(stepped1), "loss_after": loss_after,
            "twice": _params(twice), "accumulated": _params(accumulated), "fresh": _params(fresh)}


def train_step_optim_once(model: nn.Module, loss: nn.Module, optim: torch.optim.Optimizer, X: torch.Tensor,
                          Y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """One call of train_step_optim, as its contract states it: (L detached, acc) of ``model(X)`` (X (n, nx),
    one-hot Y (n, ny)) before one step of ``optim`` with the gradients of ``loss``, model and optim updated."""
    with torch.enable_grad():
        optim.zero_grad()
        logits = model(X)
        L = loss(logits, Y.argmax(dim=1))
        L.backward()
        optim.step()
    return L.detach(), (logits.argmax(dim=1) == Y.argmax(dim=1)).double().mean()
