"""The machinery every lab's checks share: comparing tensors, naming known mistakes,
calling a student's function so that its errors read as feedback.

A check raises :class:`CheckFailed` (an ``AssertionError``) with one specific message:
what was expected, what was found, where (key, shape, max error). Expected values
always come from torch itself (autograd, ``torch.nn.functional``), never from a
hand-written copy of the answer.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import torch

from ..device import check_device
from ._no_autograd import AutogradTripwire, autograd_names
from ._references import GradedOnly

# Bound when the checks are imported (a lab's first cell), before any student code runs:
# a submission that later replaces torch.allclose does not change what the checks use.
_allclose = torch.allclose
_isfinite = torch.isfinite
PLAIN_TENSORS = (torch.Tensor, torch.nn.Parameter)


class CheckFailed(AssertionError):
    """A check found a wrong result; the message says what and, when it can, why.

    IPython shows it as its message alone (``_render_traceback_``): the check's own frames
    say nothing to a student, and nbgrader still sees an error.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"\x1b[31m\u2717 {self}\x1b[0m"]


class MetaUnsupported(Exception):
    """The student's function uses an operation that the 'meta' device cannot run (boolean
    masks, ``nonzero``...): a check on 'meta' can say nothing about it, and does not count it
    as a failure (see ``_visible``)."""


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence warnings: nbgrader scores a test cell 0 if it writes to stderr."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def resolve_device(device: str | torch.device | None) -> torch.device:
    """``None`` means the grading device: CUDA when available, else CPU."""
    return check_device() if device is None else torch.device(device)


def values_device(device: torch.device) -> torch.device:
    """Where a check computes the values of a problem on ``device``: there, or on the CPU for 'meta'
    (which holds no values; the inputs are moved to 'meta' afterwards)."""
    return torch.device("cpu") if device.type == "meta" else device


def tolerance(dtype: torch.dtype) -> tuple[float, float]:
    """(rtol, atol) for comparing a student's result with torch's in ``dtype``."""
    if dtype == torch.float64:
        return 1e-7, 1e-9
    return 1e-4, 1e-5


def float64_cpu(t: torch.Tensor) -> torch.Tensor:
    """``t`` detached, in float64 on the CPU: where the checks compare and measure values."""
    return t.detach().to(device="cpu", dtype=torch.float64)


def max_error(found: torch.Tensor, expected: torch.Tensor) -> float:
    """Largest absolute difference, computed in float64 on the CPU."""
    return (float64_cpu(found) - float64_cpu(expected)).abs().max().item()


def _largest(t: torch.Tensor) -> float:
    """max |t|, 0 for an empty tensor."""
    return t.abs().max().item() if t.numel() else 0.0


def close(found: Any, expected: torch.Tensor) -> bool:
    """Same shape and values equal within the tolerance of ``expected``'s dtype."""
    if type(found) not in PLAIN_TENSORS or found.shape != expected.shape:
        return False
    if found.device.type == "meta" or expected.device.type == "meta":
        return True
    rtol, atol = tolerance(expected.dtype)
    f, e = float64_cpu(found), float64_cpu(expected)
    return bool(_allclose(f, e, rtol=rtol, atol=atol * max(1.0, _largest(e))))


def shape_str(shape: torch.Size | tuple[int, ...]) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def dtype_on(dtype: torch.dtype, device: torch.device) -> str:
    """How the checks' messages name a problem's dtype and device: "float64 on cpu"."""
    return f"{str(dtype).replace('torch.', '')} on {device.type}"


ERROR_HINTS: dict[str, str] = {
    "cannot be multiplied": " A matrix product has mismatched shapes:"
                            " check each factor's shape and where a transpose (.T) is needed.",
    "must match the size of tensor": (" Two shapes do not broadcast: a sum, mean or max over a dim drops it unless"
                                      " keepdim=True."),
    "Got: Bool": " A boolean tensor has no mean: convert it first (.float()).",
}
"""Text found in an exception's message -> the hint added to it (after a check's own ``hints``)."""


def call(name: str, fn: Callable, *args: Any, where: str = "", hints: Mapping[str, str] | None = None,
         **kwargs: Any) -> Any:
    """Call a student's function, its warnings and stderr swallowed (a tqdm bar or a warning there
    would make nbgrader give 0 to the test cell); turn its exception into a one-line check failure.

    ``hints`` maps text found in the exception's message to a hint for this function,
    tried before the generic :data:`ERROR_HINTS`.
    """
    __tracebackhide__ = True
    try:
        with quiet(), contextlib.redirect_stderr(io.StringIO()):
            return fn(*args, **kwargs)
    except NotImplementedError as exc:
        if "Meta" in str(exc) or "meta" in str(exc):  # torch's: "Could not run 'aten::nonzero' ... 'Meta' backend"
            raise MetaUnsupported(f"{name} uses an operation the 'meta' device cannot run") from None
        if str(exc):
            raise CheckFailed(f"{name}{where} raised NotImplementedError: {str(exc).splitlines()[0]}."
                              f"{student_line(exc.__traceback__)}") from None
        raise CheckFailed(f"{name} is not implemented yet: replace `raise NotImplementedError()` with your"
                          " code.") from None
    except (CheckFailed, GradedOnly):
        raise
    except Exception as exc:  # noqa: BLE001  (the student's bug, reported as feedback)
        text = str(exc)
        if "to numpy" in text:
            text, hint = text.rstrip("."), (" On a GPU .numpy() fails the same way: keep the computation in torch"
                                            " (e.g. (pred == y).float().mean()), or copy with .cpu() first.")
        elif "meta" in text or "device" in text:
            hint = (" A tensor you create must follow its inputs' device and dtype"
                    " (device=X.device, dtype=X.dtype, or torch.zeros_like).")
        else:
            hint = next((h for key, h in [*(hints or {}).items(), *ERROR_HINTS.items()] if key in text), "")
        raise CheckFailed(f"{name}{where} raised {type(exc).__name__}: {text.splitlines()[0] if text else ''}.{hint}"
                          f"{student_line(exc.__traceback__)}") from None


def _is_library(filename: str) -> bool:
    """A file of Python, of an installed package or of this package (not a student's cell)."""
    import sysconfig
    from pathlib import Path

    roots = {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    roots.add(str(Path(__file__).resolve().parent.parent))
    return any(filename.startswith(r) for r in roots) or "site-packages" in filename or "dist-packages" in filename


def student_line(tb: Any) -> str:
    """`` (your code, line N: `source`)`` for the last line of the student's own code in a
    traceback, or "" when none is known (the student sees where their code failed)."""
    import traceback

    frames = [f for f in traceback.extract_tb(tb) if not _is_library(f.filename) and (f.line or "").strip()]
    if not frames:
        return ""
    frame = frames[-1]
    return f" (your code, line {frame.lineno}: `{frame.line.strip()}`)"


def call_without_autograd(name: str, fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """:func:`call`, failing if ``fn`` uses torch.autograd (a lab that asks for gradients by hand),
    by any route: its code (and the student's code it reaches) may not name autograd, and
    while it runs no thread of the process may build an autograd graph (see ``_no_autograd``)."""
    __tracebackhide__ = True
    rule = (": this lab asks for the gradients computed by hand, with the formulas above, with tensor operations"
            " only; torch.autograd is what they are checked against.")
    named = autograd_names(fn)
    if named:
        raise CheckFailed(f"{name} used torch.autograd, or a way to reach it out of the check's sight: {named}{rule}")
    tripwire = AutogradTripwire(fn)
    failure: Exception | None = None
    with tripwire:
        try:
            result = call(name, fn, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001  (CheckFailed, or the tripwire's error caught by nothing in between)
            failure = exc
    tripwire.saw(failure)
    if tripwire.used:
        raise CheckFailed(f"{name} used torch.autograd (through {tripwire.used}){rule}")
    if failure is not None:
        raise failure
    return result


def expect_tensor(name: str, found: Any, expected: torch.Tensor,
                  mistakes: Mapping[str, torch.Tensor] | None = None,
                  compare_values: bool = True) -> None:
    """Check type, shape, device, dtype then values of ``found`` against ``expected``.

    ``mistakes`` maps a message to the tensor a known wrong computation gives: when
    ``found`` matches one, that message is the feedback.
    """
    __tracebackhide__ = True
    if isinstance(found, torch.Tensor) and type(found) not in PLAIN_TENSORS:
        raise CheckFailed(f"{name} is a {type(found).__name__}, a subclass of torch.Tensor:"
                          " return a plain torch.Tensor.")
    if not isinstance(found, torch.Tensor):
        raise CheckFailed(f"{name} is a {type(found).__name__}, expected a torch.Tensor of shape"
                          f" {shape_str(expected.shape)}.")
    mistakes = dict(mistakes or {})
    if found.shape != expected.shape:
        if found.dim() == 2 and found.shape == expected.shape[::-1]:
            raise CheckFailed(f"{name} has shape {shape_str(found.shape)}, expected {shape_str(expected.shape)}:"
                              " it is transposed.")
        raise CheckFailed(f"{name} has shape {shape_str(found.shape)}, expected {shape_str(expected.shape)}.")
    if found.device.type != expected.device.type:
        raise CheckFailed(f"{name} is on device '{found.device.type}',"
                          f" expected '{expected.device.type}' like the inputs:"
                          " create tensors with device=... from the inputs (or *_like functions).")
    if found.dtype != expected.dtype:
        raise CheckFailed(f"{name} has dtype {found.dtype}, expected {expected.dtype} like the inputs:"
                          " do not hard-code the dtype of the tensors you create.")
    if not compare_values or close(found, expected):
        return
    if not _isfinite(found.detach()).all():
        raise CheckFailed(f"{name} contains NaN or inf values (expected finite values, max |expected| = "
                          f"{expected.detach().abs().max().item():.3g}).")
    err = max_error(found, expected)
    for message, wrong in mistakes.items():
        if close(found, wrong):
            raise CheckFailed(f"{name} is wrong (max error {err:.3g}): {message}")
    raise CheckFailed(f"{name} is wrong: max error {err:.3g} against torch's result"
                      f" (max |expected| = {expected.detach().abs().max().item():.3g}).{float32_hint(found, expected)}")


def expect_keys(name: str, found: Any, keys: list[str]) -> None:
    """``found`` must be a dict holding every key of ``keys``."""
    __tracebackhide__ = True
    if not isinstance(found, Mapping):
        raise CheckFailed(f"{name} is a {type(found).__name__}, expected a dict with keys {keys}.")
    missing = [k for k in keys if k not in found]
    if missing:
        raise CheckFailed(f"{name} has no key {missing[0]!r} (keys found: {sorted(found)}; expected {keys}).")


def as_number(name: str, value: Any, what: str = "") -> float:
    """``value``, a Python number or a one-element tensor, as a float; ``what`` says which number."""
    __tracebackhide__ = True
    if isinstance(value, torch.Tensor):
        if value.numel() != 1:
            raise CheckFailed(f"{name} has shape {shape_str(value.shape)}, expected one number{what}.")
        return float64_cpu(value).item()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CheckFailed(f"{name} is a {type(value).__name__}, expected a number{what} (a float, or a 0-dim tensor).")
    return float(value)


def expect_accuracy(acc: Any, acc_ref: float, n: int, outputs: str = "Yhat",
                    mistakes: Mapping[str, float] | None = None) -> None:
    """``acc`` (a number or a one-element tensor) must equal ``acc_ref``, the fraction of the
    n rows where argmax(outputs) == argmax(Y); known wrong values are named."""
    __tracebackhide__ = True
    acc = as_number("acc", acc, " in [0, 1] (the fraction of right predictions)")
    if abs(acc - acc_ref) <= 1e-6:
        return
    known = {
        "It is in percent: return a fraction in [0, 1].": 100 * acc_ref,
        "It is the number of right predictions: divide by n.": n * acc_ref,
        f"It is the error rate: count the rows where argmax {outputs} == argmax Y.": 1 - acc_ref,
        **(mistakes or {}),
    }
    why = next((" " + message for message, value in known.items() if abs(acc - value) < 1e-4 * max(1.0, abs(value))),
               "")
    raise CheckFailed(f"acc = {acc:.4g}, expected {acc_ref:.4g} (fraction of rows where argmax({outputs}) =="
                      f" argmax(Y)).{why}")


def passed(name: str, detail: str) -> None:
    """Print the one-line success message of a visible check."""
    print(f"\u2713 {name}: {detail}")


def float32_hint(found: Any, expected: torch.Tensor) -> str:
    """A sentence naming float32 when a float64 ``found`` is off from ``expected`` by float32 rounding only."""
    if expected.dtype != torch.float64 or not isinstance(found, torch.Tensor) or found.shape != expected.shape:
        return ""
    rtol, atol = tolerance(torch.float32)
    f, e = float64_cpu(found), float64_cpu(expected)
    if not _allclose(f, e, rtol=rtol, atol=atol * max(1.0, _largest(e))):
        return ""
    return (" That is the rounding error of float32, not of float64: part of the computation ran in float32"
            " (a tensor created without dtype=..., a .float(), or a float32 constant) although the inputs are"
            " float64. Keep the inputs' dtype all along.")


def _targets_cpu(args: tuple, kwargs: Mapping[str, Any]) -> bool:
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
                and (name in self.COPIES or (name == "to" and _targets_cpu(args[1:], kwargs)))):
            return func(torch.zeros(first.shape, dtype=first.dtype), *args[1:], **kwargs)
        if isinstance(first, torch.Tensor) and first.device.type == "meta" and name == "numpy":
            raise TypeError("can't convert meta device type tensor to numpy. Use Tensor.cpu() to copy the tensor to"
                            " host memory first.")
        result = func(*args, **kwargs)
        if (self.drawn is None and name in self.RANDOM and isinstance(result, torch.Tensor)
                and result.device.type == "cpu"):
            self.drawn = name
        if (self.created is None and isinstance(result, torch.Tensor) and result.device.type == "meta"
                and not any(isinstance(a, torch.Tensor) and a.device.type == "meta"
                            for a in [*args, *kwargs.values()])):
            self.created = name or str(func)
        return result


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
        raise CheckFailed(f"{name}{where} created a tensor with torch.{simulated.created}(...) on the default"
                          " device, not on the device of its inputs: on a GPU it would fail or compute on the"
                          " CPU. Create tensors"
                          " with device=X.device (and dtype=X.dtype), or with *_like functions.")
    if inputs_on_meta and simulated.drawn and failure is None:
        raise CheckFailed(f"{name}{where} drew random numbers on the CPU (torch.{simulated.drawn}) while its inputs"
                          " are on another device: on a GPU they would come from the CPU's generator and be copied"
                          " over. Draw them on the inputs' device (device=X.device, or torch.randn_like(X)).")
    if inputs_on_meta and isinstance(failure, CheckFailed):
        text = str(failure)
        if "not implemented yet" not in text and "raised" in text:
            failure = CheckFailed(f"{text} On a GPU it fails the same way: create every tensor on the inputs' device,"
                                  " never on a fixed one.")
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
    hints = {**(hints or {}), "incompatible tensor type": (" A tensor created on the CPU was put where a tensor of the"
                                                           " inputs' device belongs: create it on their device.")}
    return _call_simulated(name, fn, *args, where=where or " (inputs on the 'meta' device, standing in for a GPU)",
                           hints=hints, inputs_on_meta=True, **kwargs)


def linears(model: torch.nn.Module) -> list[tuple[str, torch.nn.Linear]]:
    """Every nn.Linear of ``model`` with its name as one writes it: ``model[0]``, ``model.head``."""
    out = []
    for path, module in model.named_modules():
        if isinstance(module, torch.nn.Linear):
            parts = "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in path.split("."))
            out.append((f"model{parts}", module))
    return out


def normal_distance(x: torch.Tensor, std: float | None = None) -> float:
    """Kolmogorov-Smirnov distance between the entries of ``x`` and the law N(0, std^2): the
    largest gap between their empirical CDF and the normal one (about 1/sqrt(numel) for a true
    sample). ``std=None``: ``x`` standardised by its own mean and std, against N(0, 1)."""
    v = float64_cpu(x).flatten()
    z = (v - v.mean()) / v.std(unbiased=False) if std is None else v / std
    z = z.sort().values
    m = z.numel()
    cdf = torch.special.ndtr(z)
    k = torch.arange(1, m + 1, dtype=torch.float64)
    return max((k / m - cdf).abs().max().item(), ((k - 1) / m - cdf).abs().max().item())
