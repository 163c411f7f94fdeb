"""Tests of dllabs.device and dllabs.grading."""

import random

import numpy as np
import pytest
import torch

from dllabs.device import check_device, get_device, set_seed
from dllabs.grading import grading_mode


def test_get_device_is_a_usable_torch_device():
    device = get_device()
    assert isinstance(device, torch.device)
    assert device.type in {"cuda", "mps", "cpu"}
    assert torch.zeros(2, device=device).device.type == device.type
    if torch.cuda.is_available():
        assert device.type == "cuda"


def test_check_device_is_never_mps_and_supports_float64():
    device = check_device()
    assert device.type == ("cuda" if torch.cuda.is_available() else "cpu")
    assert torch.ones(3, dtype=torch.float64, device=device).sum().item() == 3.0


def test_set_seed_makes_draws_reproducible():
    set_seed(123)
    first = (torch.randn(5), np.random.rand(3), random.random())
    set_seed(123)
    second = (torch.randn(5), np.random.rand(3), random.random())
    assert torch.equal(first[0], second[0])
    assert np.array_equal(first[1], second[1])
    assert first[2] == second[2]
    set_seed(124)
    assert not torch.equal(torch.randn(5), first[0])


@pytest.mark.parametrize("value, expected", [("autograde", True), ("validate", True), ("", False)])
def test_grading_mode_follows_nbgrader_execution(monkeypatch, value, expected):
    monkeypatch.setenv("NBGRADER_EXECUTION", value)
    assert grading_mode() is expected


def test_grading_mode_is_off_without_the_variable(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert grading_mode() is False
