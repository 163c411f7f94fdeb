"""The kinds of what a graded function returns, as its contract states them.

A :class:`Kind` judges a value the student's function returned against the reference's value
for the same problem: its exact type (a Python ``int`` where the text says a count, a ``float``
where it says a number, a plain ``dict`` of plain tensors), then its shape, dtype and device,
whether it still carries an autograd graph, then its values. ``judge`` raises what ``broken``
makes of a sentence saying what differs.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch

from ._compare import PLAIN_TENSORS, close, max_error, shape_str

Broken = Callable[[str], Exception]


def describe_value(x: Any) -> str:
    """``a torch.Tensor of shape (3,)``, ``an int``, ``a dict``: what a value is, in words."""
    if isinstance(x, torch.Tensor):
        return f"a {type(x).__name__} of shape {shape_str(tuple(x.shape))}"
    name = type(x).__name__
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"


class Kind:
    """What one returned value must be."""

    text = "a value"

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        raise NotImplementedError


class Tensor(Kind):
    """A plain ``torch.Tensor`` of the reference's shape and dtype, on the inputs' device (``device``
    when given: the 'meta' run), with the reference's values; ``detached``: without an autograd graph."""

    def __init__(self, detached: bool = True) -> None:
        self.detached = detached
        self.text = "a torch.Tensor"

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        if type(found) not in PLAIN_TENSORS:
            raise broken(f"{label} is {describe_value(found)}, the text says a torch.Tensor"
                         f" of shape {shape_str(tuple(expected.shape))}")
        if found.shape != expected.shape:
            raise broken(f"{label} has shape {shape_str(tuple(found.shape))}, expected"
                         f" {shape_str(tuple(expected.shape))}")
        if found.dtype != expected.dtype:
            raise broken(f"{label} has dtype {found.dtype}, expected {expected.dtype} like the inputs")
        where = (device or expected.device).type
        if found.device.type != where:
            raise broken(f"{label} is on '{found.device.type}', expected '{where}' like the inputs")
        if self.detached and (found.requires_grad or found.grad_fn is not None):
            raise broken(f"{label} still carries an autograd graph (requires_grad=True): the text says a plain"
                         " value; return it detached (.detach(), or compute it under torch.no_grad())")
        if where != "meta" and not close(found, expected):
            if not torch.isfinite(found.detach()).all() and torch.isfinite(expected.detach()).all():
                raise broken(f"{label} holds NaN or inf where the reference's is finite (max |expected| ="
                             f" {expected.detach().abs().max().item():.3g}): an unstable formula overflows here")
            raise broken(f"{label} differs from the reference's by up to {max_error(found, expected):.3g}"
                         f" (max |expected| = {expected.detach().abs().max().item():.3g})")


class Int(Kind):
    """A Python ``int`` (not a bool, not a tensor) equal to the reference's."""

    text = "an int"

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        if type(found) is not int:
            raise broken(f"{label} is {describe_value(found)}, the text says a Python int (int(...) or .item())")
        if device is None and found != expected:
            raise broken(f"{label} is {found}, expected {expected}")


class Float(Kind):
    """A Python ``float`` equal to the reference's within ``rtol`` (``int`` accepted when ``ints``)."""

    text = "a float"

    def __init__(self, rtol: float = 1e-6, atol: float = 1e-9, ints: bool = False) -> None:
        self.rtol, self.atol, self.ints = rtol, atol, ints

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        allowed = (float, int) if self.ints else (float,)
        if type(found) not in allowed:
            raise broken(f"{label} is {describe_value(found)}, the text says a Python float (float(...) or .item())")
        if device is not None:
            return
        if math.isnan(found) != math.isnan(expected) or not (
                math.isnan(found) or abs(found - expected) <= self.atol + self.rtol * abs(expected)):
            raise broken(f"{label} is {found:.6g}, expected {expected:.6g}")


class Tuple(Kind):
    """A tuple of the given kinds, item by item."""

    def __init__(self, *kinds: Kind, names: tuple[str, ...] = ()) -> None:
        self.kinds, self.names = kinds, names

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        if type(found) is not tuple or len(found) != len(self.kinds):
            length = f" of length {len(found)}" if isinstance(found, (tuple, list)) else ""
            names = f" ({', '.join(self.names)})" if self.names else ""
            raise broken(f"{label} is {describe_value(found)}{length}, the text says a tuple of"
                         f" {len(self.kinds)}{names}")
        for i, (kind, f, e) in enumerate(zip(self.kinds, found, expected)):
            kind.judge(self.names[i] if self.names else f"{label}[{i}]", f, e, broken, device)


class List(Kind):
    """A list as long as the reference's, every item of ``kind``."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        if type(found) is not list:
            raise broken(f"{label} is {describe_value(found)}, the text says a list")
        if device is None and len(found) != len(expected):
            raise broken(f"{label} has {len(found)} entries, expected {len(expected)}")
        for i, (f, e) in enumerate(zip(found, expected)):
            self.kind.judge(f"{label}[{i}]", f, e, broken, device)


class Dict(Kind):
    """A plain ``dict`` with the reference's keys, every value of ``kind``."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        if type(found) is not dict:
            raise broken(f"{label} is {describe_value(found)}, the text says a plain dict (nothing computed later,"
                         " when a key is read)")
        if set(found) != set(expected):
            raise broken(f"{label} has the keys {sorted(found)}, expected {sorted(expected)}")
        for key in expected:
            self.kind.judge(f"{label}[{key!r}]", found[key], expected[key], broken, device)


class Anything(Kind):
    """Not judged (what the function's other checks look at)."""

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        return None
