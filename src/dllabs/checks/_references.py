"""Where a check gets the answers it compares with: the instructor's references, or their recordings.

Some graded functions have no torch operation to compare with (one pass of the perceptron
rule, a CNN's forward written functionally, an epoch of training): their checks need a
reference implementation, and a reference implementation is an answer. So none ships in
this package. The references live with the grader (``autograder.references.<lab>``,
installed where grading runs, never in the student release); this module hands a check
either that module or, where it is absent (a student's laptop, Colab), a *replay* of it:
what each reference returned for the fixed problems of the visible tests, recorded when the
instructor published the release (``recorded/<lab>.pt``, data, not code).

A replay answers only the calls it has recorded, looked up by a digest of the arguments
(their values, dtypes and shapes, never their device: a problem drawn on the CPU and moved to
a GPU is the same problem). Any other call (the hidden tests' sizes and seeds, inputs that
come from the student's own code) raises :class:`GradedOnly`: that part of the check runs
when the notebook is graded, and the visible check says so in one line instead of failing.

While grading, the references are in the kernel next to the student's code (a warm kernel's
zygote imported them before the sandbox hid their files); a reference is refused to any caller
that is not a check (a notebook cell, code it ``exec``'d), and the ``autograder`` modules are not
importable from a notebook cell (see ``_guard``). Under ``nbgrader autograde`` a lab whose
references cannot be imported is an error, never a replay.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

from ..language import say

RECORDED = Path(__file__).with_name("recorded")
"""Folder of the recordings: ``<lab>.pt``, a dict {digest: returned value}, written by ``publish``."""

INSTRUCTOR = "autograder.references"
"""The package that holds the references, one module per lab, on the grader's side only."""

_PACKAGE_DIRS = (str(Path(__file__).resolve().parent.parent),)
"""Code in these folders (this package) may call a reference; see :func:`_from_check`."""


class GradedOnly(Exception):
    """This part of a check needs the grader's reference: it runs when the notebook is graded."""


def _feed(h: Any, x: Any) -> None:
    """Add ``x`` to the digest ``h``: values, dtypes and shapes; never devices nor object ids."""
    if isinstance(x, torch.Tensor):
        t = x.detach()
        h.update(f"T{t.dtype}{tuple(t.shape)}".encode())
        if t.device.type != "meta":
            t = t.cpu().contiguous()
            h.update((t.view(torch.uint8) if t.dim() else t.reshape(1).view(torch.uint8)).numpy().tobytes()
                     if t.dtype != torch.bool else t.numpy().tobytes())
    elif isinstance(x, torch.nn.Module):
        h.update(f"M{type(x).__name__}{x.training}".encode())
        for name, t in [*x.named_parameters(), *x.named_buffers()]:
            h.update(name.encode())
            _feed(h, t)
    elif isinstance(x, torch.Generator):
        h.update(b"G")
        _feed(h, x.get_state())
    elif isinstance(x, (list, tuple)):
        h.update(f"{type(x).__name__}{len(x)}(".encode())
        for item in x:
            _feed(h, item)
        h.update(b")")
    elif isinstance(x, dict):
        h.update(f"dict{len(x)}(".encode())
        for key in sorted(x, key=repr):
            _feed(h, key)
            _feed(h, x[key])
        h.update(b")")
    elif isinstance(x, (torch.dtype, torch.device)):
        h.update(f"D{x if isinstance(x, torch.dtype) else 'device'}".encode())
    elif x is None or isinstance(x, (bool, int, float, str)):
        h.update(f"{type(x).__name__}:{x!r}".encode())
    elif callable(x):
        h.update(f"F{getattr(x, '__qualname__', type(x).__name__)}".encode())
    else:
        h.update(f"O{type(x).__qualname__}".encode())


def digest(name: str, args: tuple, kwargs: dict[str, Any]) -> str:
    """The key of one call of reference ``name``: sha256 of its arguments' values (see :func:`_feed`)."""
    h = hashlib.sha256(name.encode())
    _feed(h, args)
    _feed(h, kwargs)
    return h.hexdigest()[:32]


def _device_of(args: tuple, kwargs: dict[str, Any]) -> torch.device | None:
    """The device of the first tensor (or module parameter) among the arguments, if any."""
    for x in (*args, *kwargs.values()):
        if isinstance(x, torch.Tensor):
            return x.device
        if isinstance(x, torch.nn.Module):
            p = next(iter(x.parameters()), None)
            if p is not None:
                return p.device
        if isinstance(x, (list, tuple, dict)):
            found = _device_of(tuple(x.values()) if isinstance(x, dict) else tuple(x), {})
            if found is not None:
                return found
    return None


def _to(x: Any, device: torch.device | None) -> Any:
    """``x`` with every tensor moved to ``device`` (containers rebuilt, numbers as they are)."""
    if isinstance(x, torch.Tensor):  # a copy: a check (or a student's code) may change what it was given
        return x.clone().to(device) if device is not None and device.type != "meta" else x.clone()
    if isinstance(x, tuple):
        return tuple(_to(v, device) for v in x)
    if isinstance(x, list):
        return [_to(v, device) for v in x]
    if isinstance(x, dict):
        return {k: _to(v, device) for k, v in x.items()}
    return x


class Replay:
    """The recorded answers of one lab's references: ``Replay("lab0").name(*args)`` is what the
    reference ``name`` returned for these arguments when the release was published."""

    def __init__(self, lab: str) -> None:
        self.lab = lab
        self.path = RECORDED / f"{lab}.pt"
        self._answers: dict[str, Any] | None = None

    def answers(self) -> dict[str, Any]:
        if self._answers is None:
            self._answers = torch.load(self.path, weights_only=True) if self.path.exists() else {}
        return self._answers

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)

        def replayed(*args: Any, **kwargs: Any) -> Any:
            key = digest(name, args, kwargs)
            answers = self.answers()
            if key not in answers:
                raise GradedOnly(say(f"{self.lab}: {name} on this problem", f"{self.lab} : {name} sur ce problème"))
            return _to(answers[key], _device_of(args, kwargs))

        replayed.__name__ = name
        return replayed

    def lend(self, name: str) -> Callable[..., Any]:
        """The replay of ``name``, bound by a check in the notebook's namespace (see ``Guarded.lend``)."""
        return getattr(self, name)


def _from_check(depth: int = 2) -> bool:
    """Whether the frame ``depth`` levels up runs code of this package (a check), not a notebook's."""
    filename = sys._getframe(depth).f_code.co_filename
    return filename.startswith(_PACKAGE_DIRS)


class Guarded:
    """A lab's reference module, whose functions answer checks only (see :func:`_from_check`)."""

    def __init__(self, module: Any) -> None:
        self._module = module

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        fn = getattr(self._module, name)

        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not _from_check():
                raise PermissionError(say(f"{name} is the grader's reference, not available to a submission",
                                          f"{name} est la référence du correcteur, hors de portée d'un rendu"))
            return fn(*args, **kwargs)

        guarded.__name__ = name
        return guarded

    def lend(self, name: str) -> Callable[..., Any]:
        """Reference ``name`` as a plain function (``References.lend`` says who may have it)."""
        return getattr(self._module, name)


def _load(lab: str) -> Guarded | Replay:
    """The grader's module of ``lab``'s references, guarded, or the release's recordings of it."""
    try:
        module = importlib.import_module(f"{INSTRUCTOR}.{lab}")
    except ImportError as exc:
        if os.environ.get("NBGRADER_EXECUTION") == "autograde":  # grading: never a replay, never a silent pass
            raise RuntimeError(say(f"the grader's references ({INSTRUCTOR}.{lab}) cannot be imported where this"
                                   f" notebook is graded ({exc}): grade where the course package is installed",
                                   f"les références du correcteur ({INSTRUCTOR}.{lab}) ne peuvent pas être importées"
                                   f" là où ce notebook est noté ({exc}) : notez-le là où le paquet du cours est"
                                   " installé")) from None
        return Replay(lab)
    for key in [k for k in sys.modules if k == INSTRUCTOR or k.startswith(INSTRUCTOR + ".")]:
        del sys.modules[key]
    _guard()
    return Guarded(module)


class References:
    """The references of one lab for its checks, loaded at their first use (the checks import fast):
    the grader's module where it is installed, else the release's recordings (:class:`Replay`).

    Every call goes through :class:`Guarded` or :class:`Replay`; the grader's module is taken out
    of ``sys.modules`` once loaded (a notebook cell cannot look it up there).
    """

    def __init__(self, lab: str) -> None:
        self.lab = lab
        self._loaded: Guarded | Replay | None = None

    def loaded(self) -> Guarded | Replay:
        if self._loaded is None:
            self._loaded = _load(self.lab)
        return self._loaded

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.loaded(), name)

    def lend(self, name: str) -> Callable[..., Any]:
        """Reference ``name`` as a plain function, for a check to bind in a notebook's namespace while it
        grades another function alone (the student's code calls it there). Only a check may borrow it."""
        if not _from_check():
            raise PermissionError(say(f"{name} is the grader's reference, not available to a submission",
                                      f"{name} est la référence du correcteur, hors de portée d'un rendu"))
        return self.loaded().lend(name)


class _RefuseGraderImports:
    """A ``sys.meta_path`` finder that refuses ``autograder`` modules to code outside the libraries."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> None:
        if fullname != "autograder" and not fullname.startswith("autograder."):
            return None
        frame = sys._getframe(1)
        while frame is not None and (frame.f_code.co_filename.startswith("<frozen importlib")  # not shown to students
                                     or frame.f_globals.get("__name__") == "importlib"):
            frame = frame.f_back
        filename = frame.f_code.co_filename if frame is not None else ""
        if _is_notebook_code(filename):
            raise ImportError(say(f"{fullname} is the grader's, not importable from a notebook",
                                  f"{fullname} appartient au correcteur : il ne s'importe pas depuis un notebook"))
        return None


def _is_notebook_code(filename: str) -> bool:
    """Code typed in a notebook: IPython's cell files, ``<ipython-input-...>``, or ``exec``'d text."""
    return (filename.startswith("<") or "ipykernel_" in filename or filename.endswith(".ipynb")) and \
        not filename.startswith("<frozen")


def _guard() -> None:
    """Install :class:`_RefuseGraderImports` once (in a grading kernel: the grader's modules are installed)."""
    if not any(isinstance(f, _RefuseGraderImports) for f in sys.meta_path):
        sys.meta_path.insert(0, _RefuseGraderImports())
