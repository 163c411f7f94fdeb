"""Calling a student's function on a simulated device: a GPU's device rules, seen on a CPU.

A check grades the same on a laptop and on a GPU: :class:`SimulatedDevice` makes the 'meta'
device a stand-in accelerator, and :func:`call_on_meta` / :func:`call_following_inputs` call
a student's function so that a tensor created on a fixed device (the CPU), or a random draw
made there, fails as it would on a GPU. It also says where a check runs (:func:`resolve_device`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from typing import Any

import torch

from ..device import check_device
from ..language import say
from ._calling import call
from ._outcome import UNRECOGNISED, CheckFailed


def resolve_device(device: str | torch.device | None) -> torch.device:
    """``None`` means the grading device: CUDA when available, else CPU."""
    return check_device() if device is None else torch.device(device)



def values_device(device: torch.device) -> torch.device:
    """Where a check computes the values of a problem on ``device``: there, or on the CPU for 'meta'
    (which holds no values; the inputs are moved to 'meta' afterwards)."""
    return torch.device("cpu") if device.type == "meta" else device



def targets_cpu(args: tuple, kwargs: Mapping[str, Any]) -> bool:
    """Whether ``Tensor.to(*args, **kwargs)`` copies to the CPU."""
    for a in (*args, kwargs.get("device"), kwargs.get("other")):
        if isinstance(a, str) and a.split(":")[0] == "cpu":
            return True
        if isinstance(a, torch.device) and a.type == "cpu":
            return True
        if isinstance(a, torch.Tensor) and a.device.type == "cpu":
            return True
    return False



class SimulatedDevice(torch.overrides.TorchFunctionMode):
    """The ``meta`` device as a stand-in accelerator on a CPU-only machine.

    Tensors on ``meta`` have a shape, a dtype and a device but no data: an operation that
    mixes them with a tensor created on the CPU fails as it would on a GPU ("Tensor on
    device cpu is not on the expected device meta"). What a GPU allows and meta cannot do,
    a copy to the host (``.item()``, ``float()``, ``.tolist()``, ``.cpu()``, ``.to("cpu")``),
    gives zeros of the right shape and dtype here, so that only code that really ignores its
    inputs' device fails; ``.numpy()`` of a device tensor raises, as it does on a GPU. Values
    are meaningless: a check run under this mode looks at devices, dtypes, shapes and
    identities only.

    It also notes in ``created`` the first torch call that made a tensor on 'meta' from no
    tensor on 'meta' (with 'meta' as torch's default device and the inputs on the CPU, a
    tensor created without ``device=``), and in ``drawn`` the first random draw made on the
    CPU (with the inputs on 'meta': random numbers drawn on the host, then moved or mixed in).
    """

    COPIES = frozenset({"item", "tolist", "cpu", "__float__", "__int__", "__index__", "__bool__"})
    RANDOM = frozenset({"rand", "randn", "randint", "randperm", "normal", "bernoulli", "multinomial", "poisson",
                        "rand_like", "randn_like", "randint_like", "normal_", "uniform_", "random_", "bernoulli_",
                        "exponential_", "cauchy_", "log_normal_", "geometric_"})

    def __init__(self) -> None:
        super().__init__()
        self.created: str | None = None
        self.drawn: str | None = None

    def __torch_function__(self, func: Callable, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        kwargs = kwargs or {}
        name = getattr(func, "__name__", "")
        first = args[0] if args else None
        if (isinstance(first, torch.Tensor) and first.device.type == "meta"
                and (name in self.COPIES or (name == "to" and targets_cpu(args[1:], kwargs)))):
            return func(torch.zeros(first.shape, dtype=first.dtype), *args[1:], **kwargs)
        if isinstance(first, torch.Tensor) and first.device.type == "meta" and name == "numpy":
            raise TypeError("can't convert meta device type tensor to numpy. Use Tensor.cpu() to copy the tensor to"
                            " host memory first.")  # not shown to students as ours: torch's own words on a GPU
        result = func(*args, **kwargs)
        if (self.drawn is None and name in self.RANDOM and isinstance(result, torch.Tensor)
                and result.device.type == "cpu"):
            self.drawn = name
        if (self.created is None and isinstance(result, torch.Tensor) and result.device.type == "meta"
                and not any(isinstance(a, torch.Tensor) and a.device.type == "meta"
                            for a in [*args, *kwargs.values()])):
            self.created = name or str(func)
        return result



NOT_YET = ("not implemented yet", "pas encore écrite")  # not shown to students
"""How :func:`call` says, in each language, that a function is still the notebook's stub."""
RAISED = ("raised", "a levé")
"""How :func:`call` says, in each language, that a function raised an exception."""


def _call_simulated(name: str, fn: Callable, *args: Any, where: str, hints: Mapping[str, str] | None,
                    inputs_on_meta: bool, **kwargs: Any) -> Any:
    """:func:`call` under :class:`SimulatedDevice`, with the inputs on 'meta' (``inputs_on_meta``)
    or with 'meta' as torch's default device and the inputs where they are: either way a tensor
    the function creates on another device than its inputs' fails as it would on a GPU."""
    __tracebackhide__ = True
    simulated = SimulatedDevice()
    failure: Exception | None = None
    result = None
    with contextlib.nullcontext() if inputs_on_meta else torch.device("meta"), simulated:
        try:
            result = call(name, fn, *args, where=where, hints=hints, **kwargs)
        except Exception as exc:  # noqa: BLE001  (CheckFailed, or MetaUnsupported from an op on 'meta')
            failure = exc
    if not inputs_on_meta and simulated.created:
        made = simulated.created
        raise CheckFailed(say(f"{name}{where} created a tensor with torch.{made}(...) on the default"
                              " device, not on the device of its inputs: on a GPU it would fail or compute on the"
                              " CPU. Create tensors with device=X.device (and dtype=X.dtype), or with *_like"
                              " functions.",
                              f"{name}{where} a créé un tenseur avec torch.{made}(...) sur le device par défaut, pas"
                              " sur celui de ses entrées : sur un GPU, le calcul échouerait ou se ferait sur le CPU."
                              " Créez les tenseurs avec device=X.device (et dtype=X.dtype), ou avec les fonctions"
                              " *_like."),
                          mistake="creates-on-default-device")
    if inputs_on_meta and simulated.drawn and failure is None:
        drawn = simulated.drawn
        raise CheckFailed(say(f"{name}{where} drew random numbers on the CPU (torch.{drawn}) while its inputs"
                              " are on another device: on a GPU they would come from the CPU's generator and be copied"
                              " over. Draw them on the inputs' device (device=X.device, or torch.randn_like(X)).",
                              f"{name}{where} a tiré des nombres aléatoires sur le CPU (torch.{drawn}) alors que ses"
                              " entrées sont sur un autre device : sur un GPU, ils viendraient du générateur du CPU"
                              " puis seraient copiés. Tirez-les sur le device des entrées (device=X.device, ou"
                              " torch.randn_like(X))."),
                          mistake="draws-on-cpu")
    if inputs_on_meta and isinstance(failure, CheckFailed):
        text = str(failure)
        if not any(words in text for words in NOT_YET) and any(words in text for words in RAISED):
            failure = CheckFailed(say(f"{text} On a GPU it fails the same way: create every tensor on the inputs'"
                                      " device, never on a fixed one.",
                                      f"{text} Sur un GPU, l'échec est le même : créez chaque tenseur sur le device"
                                      " des entrées, jamais sur un device fixe."),
                                  mistake=failure.mistake if failure.mistake != UNRECOGNISED else "ignores-device")
    if failure is not None:
        raise failure
    return result



def call_following_inputs(name: str, fn: Callable, *args: Any, where: str = "", hints: Mapping[str, str] | None = None,
                          **kwargs: Any) -> Any:
    """:func:`call` with 'meta' as torch's default device, the inputs staying where they are (the CPU).

    A tensor the student creates without ``device=`` (``torch.zeros(n)``, ``torch.randperm(n)``,
    ``torch.tensor(x.tolist())``) lands on 'meta', not on the inputs' device: what a GPU
    would show, seen on a CPU. The failure names the torch function that did it.
    """
    __tracebackhide__ = True
    return _call_simulated(name, fn, *args, where=where, hints=hints, inputs_on_meta=False, **kwargs)



def call_on_meta(name: str, fn: Callable, *args: Any, where: str = "", hints: Mapping[str, str] | None = None,
                 **kwargs: Any) -> Any:
    """:func:`call` with the inputs on the ``meta`` device, under :class:`SimulatedDevice`:
    a tensor the function creates on a fixed device (the CPU) instead of its inputs' makes
    it fail here as it would on a GPU."""
    __tracebackhide__ = True
    hints = {**(hints or {}),
             "incompatible tensor type": say(  # not shown to students
                 " A tensor created on the CPU was put where a tensor of the inputs' device belongs: create it on"
                 " their device.",
                 " Un tenseur créé sur le CPU a été placé là où on attend un tenseur du device des entrées : créez-le"
                 " sur ce device.")}
    where = where or say(" (inputs on the 'meta' device, standing in for a GPU)",
                         " (entrées sur le device 'meta', qui tient lieu de GPU)")
    return _call_simulated(name, fn, *args, where=where, hints=hints, inputs_on_meta=True, **kwargs)
