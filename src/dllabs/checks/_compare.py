"""Comparing what a student's function returned with torch's answer, and saying how it differs.

Every comparison is made in float64 on the CPU with a tolerance set by the expected dtype; a
failure names what differs first (type, shape, device, dtype, then values, with the max
error) and, when the found value matches a known wrong computation, that mistake.
Expected values always come from torch itself (autograd, ``torch.nn.functional``), never
from a hand-written copy of the answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import torch

from ._outcome import CheckFailed, mistake_of, named

# Bound when the checks are imported (a lab's first cell), before any student code runs:
# a submission that later replaces torch.allclose does not change what the checks use.
_allclose = torch.allclose
_isfinite = torch.isfinite
PLAIN_TENSORS = (torch.Tensor, torch.nn.Parameter)


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
                              " it is transposed.", mistake="transposed")
        raise CheckFailed(f"{name} has shape {shape_str(found.shape)}, expected {shape_str(expected.shape)}.")
    if found.device.type != expected.device.type:
        raise CheckFailed(f"{name} is on device '{found.device.type}',"
                          f" expected '{expected.device.type}' like the inputs:"
                          " create tensors with device=... from the inputs (or *_like functions).",
                          mistake="ignores-device")
    if found.dtype != expected.dtype:
        raise CheckFailed(f"{name} has dtype {found.dtype}, expected {expected.dtype} like the inputs:"
                          " do not hard-code the dtype of the tensors you create.", mistake="hard-coded-dtype")
    if not compare_values or close(found, expected):
        return
    if not _isfinite(found.detach()).all():
        raise CheckFailed(f"{name} contains NaN or inf values (expected finite values, max |expected| = "
                          f"{expected.detach().abs().max().item():.3g}).")
    err = max_error(found, expected)
    for message, wrong in mistakes.items():
        if close(found, wrong):
            raise CheckFailed(f"{name} is wrong (max error {err:.3g}): {message}", mistake=mistake_of(message))
    hint = float32_hint(found, expected)
    raise CheckFailed(f"{name} is wrong: max error {err:.3g} against torch's result"
                      f" (max |expected| = {expected.detach().abs().max().item():.3g}).{hint}",
                      mistake="float32-intermediate" if hint else None)



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
        named("accuracy-in-percent", "It is in percent: return a fraction in [0, 1]."): 100 * acc_ref,
        named("accuracy-count", "It is the number of right predictions: divide by n."): n * acc_ref,
        named("error-rate", f"It is the error rate: count the rows where argmax {outputs} == argmax Y."): 1 - acc_ref,
        **(mistakes or {}),
    }
    why = next((message for message, value in known.items() if abs(acc - value) < 1e-4 * max(1.0, abs(value))), "")
    raise CheckFailed(f"acc = {acc:.4g}, expected {acc_ref:.4g} (fraction of rows where argmax({outputs}) =="
                      f" argmax(Y)).{' ' * bool(why)}{why}", mistake=mistake_of(why))



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
