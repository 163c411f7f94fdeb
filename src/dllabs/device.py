"""Devices and seeds: where to train, where to check gradients, how to reproduce a run."""

from __future__ import annotations

import random

import numpy as np
import torch


def get_device() -> torch.device:
    """The device to train on: CUDA if available, then Apple's MPS, else the CPU."""
    if torch.cuda.is_available():
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def check_device() -> torch.device:
    """The device gradient checks run on: CUDA if available, else the CPU.

    Never MPS: gradient checks compare in float64, which MPS does not support.
    """
    return torch.device("cuda") if torch.cuda.is_available() else torch.device("cpu")


def set_seed(seed: int) -> None:
    """Seed Python's ``random``, NumPy and torch (every CUDA device too).

    After ``set_seed(s)``, the same code draws the same numbers again (on the same
    device and library versions).
    """
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)
