"""Lab 3's references: the network and loss that ``init_model`` builds (the contracts of labs 3 and 4
train and judge copies of it), ``loss_accuracy`` and one ``sgd`` step."""

from __future__ import annotations

import torch
import torch.nn as nn


def init_model(nx: int, nh: int, ny: int) -> tuple[nn.Sequential, nn.CrossEntropyLoss]:
    """Linear(nx, nh), Tanh, Linear(nh, ny) returning logits (n, ny) for X (n, nx), and the mean cross-entropy."""
    return nn.Sequential(nn.Linear(nx, nh), nn.Tanh(), nn.Linear(nh, ny)), nn.CrossEntropyLoss()


def loss_accuracy(loss: nn.Module, Ytilde: torch.Tensor, Y: torch.Tensor) -> tuple[torch.Tensor, float]:
    """The loss given, of the logits Ytilde (n, ny) and the class indices of the one-hot Y (n, ny); the fraction
    of rows where argmax Ytilde == argmax Y."""
    with torch.enable_grad():
        L = loss(Ytilde, Y.argmax(dim=1))
    return L, (Ytilde.argmax(dim=1) == Y.argmax(dim=1)).double().mean().item()


def sgd(model: nn.Module, eta: float) -> None:
    """One step p <- p - eta p.grad over every parameter (torch.optim.SGD's), then the gradients reset."""
    optim = torch.optim.SGD(model.parameters(), lr=eta)
    optim.step()
    optim.zero_grad()
