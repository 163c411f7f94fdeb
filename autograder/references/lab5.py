"""Lab 5's references: MnistCNN's forward pass (and its known slips), and one training epoch
(train_epoch's steps, and the steps of its known wrong variants).

Notation: images X (n, 1, 28, 28); class indices y (n,); the CNN's parameters, in order, conv1's
weight (32, 1, 3, 3) and bias (32,), conv2's (64, 32, 3, 3) and (64,), fc1's (128, 9216) and
(128,), fc2's (10, 128) and (10,).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F

from dllabs.checks.lab5 import PlainSGD, fp32_convolutions, labels_for, right_mask


def mnist_cnn(params: Sequence[torch.Tensor], X: torch.Tensor, relu1: bool = True, relu2: bool = True,
              pool: str = "max", relu_fc: bool = True, drop: tuple[float, float] = (0.0, 0.0),
              drop_before_pool: bool = False, drop_logits: bool = False, seed: int | None = None,
              masks: str | None = None) -> torch.Tensor:
    """The logits (n, 10) of conv1 -> ReLU -> conv2 -> ReLU -> max-pool 2 -> dropout -> flatten -> fc1
    -> ReLU -> dropout -> fc2 from ``params``, optionally with a slip: ``relu1``, ``relu2``, ``relu_fc``
    off, ``pool="avg"``, ``drop_before_pool`` (the first dropout before the max-pool), ``drop_logits``
    (the second after fc2).

    ``drop``: the rates of the two dropouts (0: off, as in eval mode), drawn from torch's global
    generator after ``torch.manual_seed(seed)``, in the order of the forward pass: a right model in
    train mode, seeded alike, draws the very same masks. The masks differ between devices, so a call
    with dropout names the device type that draws them (``masks``, e.g. ``X.device.type``).
    """
    if any(drop) and masks != X.device.type:
        raise ValueError(f"dropout masks are drawn on {X.device.type}: pass masks={X.device.type!r}")
    if seed is not None:
        torch.manual_seed(seed)
    w1, b1, w2, b2, w3, b3, w4, b4 = params
    with torch.no_grad(), fp32_convolutions():
        h = F.conv2d(X, w1, b1)
        h = F.relu(h) if relu1 else h
        h = F.conv2d(h, w2, b2)
        h = F.relu(h) if relu2 else h
        if drop[0] and drop_before_pool:
            h = F.dropout(h, drop[0], training=True)
        h = (F.max_pool2d if pool == "max" else F.avg_pool2d)(h, 2)
        if drop[0] and not drop_before_pool:
            h = F.dropout(h, drop[0], training=True)
        h = F.linear(h.flatten(1), w3, b3)
        h = F.relu(h) if relu_fc else h
        if drop[1] and not drop_logits:
            h = F.dropout(h, drop[1], training=True)
        h = F.linear(h, w4, b4)
        return F.dropout(h, drop[1], training=True) if drop[1] and drop_logits else h


def _epoch(model: nn.Module, batches: Sequence[tuple[torch.Tensor, torch.Tensor]], lr: float, momentum: float,
           zero_grad: bool = True, weight: torch.Tensor | None = None
           ) -> tuple[list[torch.Tensor], list[float], list[float]]:
    """One epoch on a deep copy of ``model`` in train mode, SGD(lr, momentum), the cross-entropy with class
    weights ``weight``: (parameters after, per-batch losses, per-batch accuracies), each taken before its step.
    ``zero_grad=False`` lets the gradients of the batches add up."""
    twin = copy.deepcopy(model).train()
    optim = PlainSGD(twin.parameters(), lr=lr, momentum=momentum)
    losses, accs = [], []
    with torch.enable_grad():
        for X, y in batches:
            if zero_grad:
                optim.zero_grad()
            logits = twin(X)
            L = F.cross_entropy(logits, y, weight=weight)
            L.backward()
            optim.step()
            losses.append(L.item())
            accs.append((logits.argmax(dim=1) == y).double().mean().item())
    return [p.detach().clone() for p in twin.parameters()], losses, accs


def train_epoch(model: nn.Module, X: torch.Tensor, batch_size: int, lr: float, momentum: float,
                weight: torch.Tensor | None = None) -> dict[str, object]:
    """train_epoch's problem and answer for the images X (n, 1, 28, 28) in batches of ``batch_size``
    (the last one ragged), SGD(lr, momentum) and the cross-entropy with class weights ``weight`` (10,).

    The labels ``y`` (n,) are drawn batch by batch from the predictions of a copy of ``model`` trained
    as it goes (2 in 3 right, see ``right_mask``), so that the epoch's accuracy is neither 0 nor 1.
    Then, on copies of ``model``: ``after``, ``losses``, ``accs`` (the right epoch: parameters after,
    per-batch loss and accuracy before each step); ``accumulated`` (the parameters without
    zero_grad); ``unweighted`` (the parameters with the plain cross-entropy)."""
    twin = copy.deepcopy(model).train()
    optim = PlainSGD(twin.parameters(), lr=lr, momentum=momentum)
    right, ys = right_mask(len(X)), []
    with torch.enable_grad():
        for start in range(0, len(X), batch_size):
            Xb = X[start:start + batch_size]
            with torch.no_grad():
                yb = labels_for(twin(Xb).argmax(dim=1), right[start:start + batch_size])
            ys.append(yb)
            optim.zero_grad()
            F.cross_entropy(twin(Xb), yb, weight=weight).backward()
            optim.step()
    y = torch.cat(ys)
    batches = [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X), batch_size)]
    after, losses, accs = _epoch(model, batches, lr, momentum, weight=weight)
    accumulated = _epoch(model, batches, lr, momentum, zero_grad=False, weight=weight)[0]
    unweighted = _epoch(model, batches, lr, momentum)[0] if weight is not None else after
    return {"y": y, "after": after, "losses": losses, "accs": accs, "accumulated": accumulated,
            "unweighted": unweighted}


def train_epoch_loader(model: nn.Module, loader: object, loss: nn.Module, optim: object,
                       device: torch.device) -> tuple[float, float]:
    """train_epoch itself, for the contract harness: one pass over ``loader``, one step of ``optim`` per batch
    on ``loss``, the model in train mode; (L, acc) Python floats averaged over the samples the loader yields."""
    model.train()
    total, right, count = 0.0, 0, 0
    with torch.enable_grad():
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            optim.zero_grad()
            logits = model(X)
            L = loss(logits, y)
            L.backward()
            optim.step()
            total += L.item() * len(y)
            right += (logits.argmax(dim=1) == y).sum().item()
            count += len(y)
    return total / count, right / count


def evaluate_loader(model: nn.Module, loader: object, loss: nn.Module, device: torch.device) -> tuple[float, float]:
    """evaluate itself, for the contract harness: one pass over ``loader`` in eval mode without gradients;
    (L, acc) Python floats averaged over the samples the loader yields."""
    model.eval()
    total, right, count = 0.0, 0, 0
    with torch.no_grad():
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            logits = model(X)
            total += loss(logits, y).item() * len(y)
            right += (logits.argmax(dim=1) == y).sum().item()
            count += len(y)
    return total / count, right / count
