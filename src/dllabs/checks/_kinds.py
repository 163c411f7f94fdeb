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

from ..language import say
from ._compare import PLAIN_TENSORS, close, max_error, shape_str

Broken = Callable[[str], Exception]


def describe_value(x: Any) -> str:
    """``a torch.Tensor of shape (3,)``, ``an int``, ``a dict``: what a value is, in words."""
    name = type(x).__name__
    if isinstance(x, torch.Tensor):
        shape = shape_str(tuple(x.shape))
        return say(f"a {name} of shape {shape}", f"un {name} de forme {shape}")
    if name == "list":
        return say(f"a {name}", f"une {name}")
    return say(f"an {name}", f"un {name}") if name[0] in "aeiou" else say(f"a {name}", f"un {name}")


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
            what, want = describe_value(found), shape_str(tuple(expected.shape))
            raise broken(say(f"{label} is {what}, the text says a torch.Tensor of shape {want}",
                             f"{label} est {what}, l'énoncé demande un torch.Tensor de forme {want}"))
        if found.shape != expected.shape:
            got, want = shape_str(tuple(found.shape)), shape_str(tuple(expected.shape))
            raise broken(say(f"{label} has shape {got}, expected {want}",
                             f"{label} a la forme {got}, on attend {want}"))
        if found.dtype != expected.dtype:
            raise broken(say(f"{label} has dtype {found.dtype}, expected {expected.dtype} like the inputs",
                             f"{label} a le dtype {found.dtype}, on attend {expected.dtype} comme les entrées"))
        where = (device or expected.device).type
        if found.device.type != where:
            raise broken(say(f"{label} is on '{found.device.type}', expected '{where}' like the inputs",
                             f"{label} est sur '{found.device.type}', on attend '{where}' comme les entrées"))
        if self.detached and (found.requires_grad or found.grad_fn is not None):
            raise broken(say(f"{label} still carries an autograd graph (requires_grad=True): the text says a plain"
                             " value; return it detached (.detach(), or compute it under torch.no_grad())",
                             f"{label} porte encore un graphe autograd (requires_grad=True) : l'énoncé demande une"
                             " simple valeur ; renvoyez-la détachée (.detach(), ou calculez-la sous torch.no_grad())"))
        if where != "meta" and not close(found, expected):
            top = expected.detach().abs().max().item()
            if not torch.isfinite(found.detach()).all() and torch.isfinite(expected.detach()).all():
                raise broken(say(f"{label} holds NaN or inf where the reference's is finite (max |expected| ="
                                 f" {top:.3g}): an unstable formula overflows here",
                                 f"{label} contient des NaN ou inf là où la référence est finie (max |attendu| ="
                                 f" {top:.3g}) : une formule instable déborde ici"))
            err = max_error(found, expected)
            raise broken(say(f"{label} differs from the reference's by up to {err:.3g} (max |expected| = {top:.3g})",
                             f"{label} est faux : écart maximal de {err:.3g} avec la référence"
                             f" (max |attendu| = {top:.3g})"))


class Int(Kind):
    """A Python ``int`` (not a bool, not a tensor) equal to the reference's."""

    text = "an int"  # not shown to students

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        if type(found) is not int:
            what = describe_value(found)
            raise broken(say(f"{label} is {what}, the text says a Python int (int(...) or .item())",
                             f"{label} est {what}, l'énoncé demande un int Python (int(...) ou .item())"))
        if device is None and found != expected:
            raise broken(say(f"{label} is {found}, expected {expected}", f"{label} vaut {found}, on attend {expected}"))


class Float(Kind):
    """A Python ``float`` equal to the reference's within ``rtol`` (``int`` accepted when ``ints``)."""

    text = "a float"

    def __init__(self, rtol: float = 1e-6, atol: float = 1e-9, ints: bool = False) -> None:
        self.rtol, self.atol, self.ints = rtol, atol, ints

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        allowed = (float, int) if self.ints else (float,)
        if type(found) not in allowed:
            what = describe_value(found)
            raise broken(say(f"{label} is {what}, the text says a Python float (float(...) or .item())",
                             f"{label} est {what}, l'énoncé demande un float Python (float(...) ou .item())"))
        if device is not None:
            return
        if math.isnan(found) != math.isnan(expected) or not (
                math.isnan(found) or abs(found - expected) <= self.atol + self.rtol * abs(expected)):
            raise broken(say(f"{label} is {found:.6g}, expected {expected:.6g}",
                             f"{label} vaut {found:.6g}, on attend {expected:.6g}"))


class Tuple(Kind):
    """A tuple of the given kinds, item by item."""

    def __init__(self, *kinds: Kind, names: tuple[str, ...] = ()) -> None:
        self.kinds, self.names = kinds, names

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        if type(found) is not tuple or len(found) != len(self.kinds):
            size = len(found) if isinstance(found, (tuple, list)) else None
            length = "" if size is None else say(f" of length {size}", f" de longueur {size}")
            names = f" ({', '.join(self.names)})" if self.names else ""
            what, k = describe_value(found), len(self.kinds)
            raise broken(say(f"{label} is {what}{length}, the text says a tuple of {k}{names}",
                             f"{label} est {what}{length}, l'énoncé demande un tuple de {k}{names}"))
        for i, (kind, f, e) in enumerate(zip(self.kinds, found, expected)):
            kind.judge(self.names[i] if self.names else f"{label}[{i}]", f, e, broken, device)


class List(Kind):
    """A list as long as the reference's, every item of ``kind``."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        if type(found) is not list:
            what = describe_value(found)
            raise broken(say(f"{label} is {what}, the text says a list",
                             f"{label} est {what}, l'énoncé demande une liste"))
        if device is None and len(found) != len(expected):
            got, want = len(found), len(expected)
            raise broken(say(f"{label} has {got} entries, expected {want}",
                             f"{label} a {got} éléments, on attend {want}"))
        for i, (f, e) in enumerate(zip(found, expected)):
            self.kind.judge(f"{label}[{i}]", f, e, broken, device)


class Dict(Kind):
    """A plain ``dict`` with the reference's keys, every value of ``kind``."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        if type(found) is not dict:
            what = describe_value(found)
            raise broken(say(f"{label} is {what}, the text says a plain dict (nothing computed later,"
                             " when a key is read)",
                             f"{label} est {what}, l'énoncé demande un dict ordinaire (rien de calculé plus tard, à la"
                             " lecture d'une clé)"))
        if set(found) != set(expected):
            got, want = sorted(found), sorted(expected)
            raise broken(say(f"{label} has the keys {got}, expected {want}",
                             f"{label} a les clés {got}, on attend {want}"))
        for key in expected:
            self.kind.judge(f"{label}[{key!r}]", found[key], expected[key], broken, device)


class Anything(Kind):
    """Not judged (what the function's other checks look at)."""

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        return None
