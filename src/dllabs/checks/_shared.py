"""The helpers more than one lab's checks use, so that no lab imports another's private names.

- :class:`InPlaceOf` puts spies in a student's module namespace while a check runs (lab 1's
  ``train_epoch``, lab 2's ``train_step``);
- :class:`OnHost` and :func:`plain` tell a batch that was moved to the device from one that
  was not (lab 5's and lab 6's loops over a loader).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch


class InPlaceOf:
    """Puts names in a function's module namespace for the duration of a ``with`` block."""

    def __init__(self, fn: Callable, **names: Any) -> None:
        self.ns = getattr(fn, "__globals__", {})
        self.names = names
        self.saved: dict[str, Any] = {}

    def __enter__(self) -> None:
        missing = object()
        self.saved = {k: self.ns.get(k, missing) for k in self.names}
        self.missing = missing
        self.ns.update(self.names)

    def __exit__(self, *exc: Any) -> None:
        for k, v in self.saved.items():
            if v is self.missing:
                self.ns.pop(k, None)
            else:
                self.ns[k] = v


class OnHost(torch.Tensor):
    """A batch as the check's loader yields it: still "in host memory". ``.to(...)`` (and
    ``.cuda()``) return a plain tensor, so a model or a loss that receives an ``OnHost``
    tensor was given a batch that was not moved to the device (detectable on a CPU too)."""

    def to(self, *args: Any, **kwargs: Any) -> torch.Tensor:  # type: ignore[override]
        return torch.Tensor.to(self.as_subclass(torch.Tensor), *args, **kwargs)

    def cuda(self, *args: Any, **kwargs: Any) -> torch.Tensor:  # type: ignore[override]
        return torch.Tensor.cuda(self.as_subclass(torch.Tensor), *args, **kwargs)


def plain(t: torch.Tensor) -> torch.Tensor:
    """A tensor the check's loader made (an ``OnHost``) as a plain tensor; any other as it is."""
    return t.as_subclass(torch.Tensor) if isinstance(t, OnHost) else t
