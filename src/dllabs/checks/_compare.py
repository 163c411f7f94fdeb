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

from ..language import say
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
    dtype_name = str(dtype).replace('torch.', '')
    return say(f"{dtype_name} on {device.type}", f"{dtype_name} sur {device.type}")



def float32_hint(found: Any, expected: torch.Tensor) -> str:
    """A sentence naming float32 when a float64 ``found`` is off from ``expected`` by float32 rounding only."""
    if expected.dtype != torch.float64 or not isinstance(found, torch.Tensor) or found.shape != expected.shape:
        return ""
    rtol, atol = tolerance(torch.float32)
    f, e = float64_cpu(found), float64_cpu(expected)
    if not _allclose(f, e, rtol=rtol, atol=atol * max(1.0, _largest(e))):
        return ""
    return say(" That is the rounding error of float32, not of float64: part of the computation ran in float32"
               " (a tensor created without dtype=..., a .float(), or a float32 constant) although the inputs are"
               " float64. Keep the inputs' dtype all along.",
               " C'est l'erreur d'arrondi du float32, pas du float64 : une partie du calcul s'est faite en float32"
               " (un tenseur créé sans dtype=..., un .float(), ou une constante float32) alors que les entrées sont"
               " en float64. Gardez le dtype des entrées tout du long.")



def expect_tensor(name: str, found: Any, expected: torch.Tensor,
                  mistakes: Mapping[str, torch.Tensor] | None = None,
                  compare_values: bool = True) -> None:
    """Check type, shape, device, dtype then values of ``found`` against ``expected``.

    ``mistakes`` maps a message to the tensor a known wrong computation gives: when
    ``found`` matches one, that message is the feedback.
    """
    __tracebackhide__ = True
    if isinstance(found, torch.Tensor) and type(found) not in PLAIN_TENSORS:
        kind = type(found).__name__
        raise CheckFailed(say(f"{name} is a {kind}, a subclass of torch.Tensor: return a plain torch.Tensor.",
                              f"{name} est un {kind}, une sous-classe de torch.Tensor : renvoyez un torch.Tensor"
                              " ordinaire."))
    if not isinstance(found, torch.Tensor):
        kind, shape = type(found).__name__, shape_str(expected.shape)
        raise CheckFailed(say(f"{name} is a {kind}, expected a torch.Tensor of shape {shape}.",
                              f"{name} est un {kind}, on attend un torch.Tensor de forme {shape}."))
    mistakes = dict(mistakes or {})
    if found.shape != expected.shape:
        got, want = shape_str(found.shape), shape_str(expected.shape)
        if found.dim() == 2 and found.shape == expected.shape[::-1]:
            raise CheckFailed(say(f"{name} has shape {got}, expected {want}: it is transposed.",
                                  f"{name} a la forme {got}, on attend {want} : c'est la transposée."),
                              mistake="transposed")
        raise CheckFailed(say(f"{name} has shape {got}, expected {want}.",
                              f"{name} a la forme {got}, on attend {want}."))
    if found.device.type != expected.device.type:
        got, want = found.device.type, expected.device.type
        raise CheckFailed(say(f"{name} is on device '{got}', expected '{want}' like the inputs:"
                              " create tensors with device=... from the inputs (or *_like functions).",
                              f"{name} est sur le device '{got}', on attend '{want}' comme les entrées :"
                              " créez les tenseurs avec device=... pris sur les entrées (ou les fonctions *_like)."),
                          mistake="ignores-device")
    if found.dtype != expected.dtype:
        got, want = found.dtype, expected.dtype
        raise CheckFailed(say(f"{name} has dtype {got}, expected {want} like the inputs:"
                              " do not hard-code the dtype of the tensors you create.",
                              f"{name} a le dtype {got}, on attend {want} comme les entrées :"
                              " n'écrivez pas en dur le dtype des tenseurs que vous créez."),
                          mistake="hard-coded-dtype")
    if not compare_values or close(found, expected):
        return
    if not _isfinite(found.detach()).all():
        top = expected.detach().abs().max().item()
        raise CheckFailed(say(f"{name} contains NaN or inf values (expected finite values, max |expected| = "
                              f"{top:.3g}).",
                              f"{name} contient des valeurs NaN ou inf (valeurs finies attendues, max |attendu| ="
                              f" {top:.3g})."))
    err = max_error(found, expected)
    for message, wrong in mistakes.items():
        if close(found, wrong):
            raise CheckFailed(say(f"{name} is wrong (max error {err:.3g}): {message}",
                                  f"{name} est faux (écart max {err:.3g}) : {message}"), mistake=mistake_of(message))
    hint = float32_hint(found, expected)
    top = expected.detach().abs().max().item()
    raise CheckFailed(say(f"{name} is wrong: max error {err:.3g} against torch's result"
                          f" (max |expected| = {top:.3g}).{hint}",
                          f"{name} est faux : écart max {err:.3g} par rapport au résultat de torch (max |attendu| ="
                          f" {top:.3g}).{hint}"),
                      mistake="float32-intermediate" if hint else None)



def expect_keys(name: str, found: Any, keys: list[str]) -> None:
    """``found`` must be a dict holding every key of ``keys``."""
    __tracebackhide__ = True
    if not isinstance(found, Mapping):
        kind = type(found).__name__
        raise CheckFailed(say(f"{name} is a {kind}, expected a dict with keys {keys}.",
                              f"{name} est un {kind}, on attend un dict de clés {keys}."))
    missing = [k for k in keys if k not in found]
    if missing:
        key, present = missing[0], sorted(found)
        raise CheckFailed(say(f"{name} has no key {key!r} (keys found: {present}; expected {keys}).",
                              f"{name} n'a pas de clé {key!r} (clés présentes : {present} ; attendues : {keys})."))



def as_number(name: str, value: Any, what: str = "") -> float:
    """``value``, a Python number or a one-element tensor, as a float; ``what`` says which number."""
    __tracebackhide__ = True
    if isinstance(value, torch.Tensor):
        if value.numel() != 1:
            shape = shape_str(value.shape)
            raise CheckFailed(say(f"{name} has shape {shape}, expected one number{what}.",
                                  f"{name} a la forme {shape}, on attend un seul nombre{what}."))
        return float64_cpu(value).item()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        kind = type(value).__name__
        raise CheckFailed(say(f"{name} is a {kind}, expected a number{what} (a float, or a 0-dim tensor).",
                              f"{name} est un {kind}, on attend un nombre{what} (un float, ou un tenseur à 0"
                              " dimension)."))
    return float(value)



def expect_accuracy(acc: Any, acc_ref: float, n: int, outputs: str = "Yhat",
                    mistakes: Mapping[str, float] | None = None) -> None:
    """``acc`` (a number or a one-element tensor) must equal ``acc_ref``, the fraction of the
    n rows where argmax(outputs) == argmax(Y); known wrong values are named."""
    __tracebackhide__ = True
    acc = as_number("acc", acc, say(" in [0, 1] (the fraction of right predictions)",
                                    " dans [0, 1] (la proportion de prédictions justes)"))
    if abs(acc - acc_ref) <= 1e-6:
        return
    known = {
        named("accuracy-in-percent", say("It is in percent: return a fraction in [0, 1].",
                                         "C'est un pourcentage : renvoyez une proportion dans [0, 1].")): 100 * acc_ref,
        named("accuracy-count", say("It is the number of right predictions: divide by n.",
                                    "C'est le nombre de prédictions justes : divisez par n.")): n * acc_ref,
        named("error-rate", say(f"It is the error rate: count the rows where argmax {outputs} == argmax Y.",
                                f"C'est le taux d'erreur : comptez les lignes où argmax {outputs} == argmax Y.")):
            1 - acc_ref,
        **(mistakes or {}),
    }
    why = next((message for message, value in known.items() if abs(acc - value) < 1e-4 * max(1.0, abs(value))), "")
    sep = " " * bool(why)
    raise CheckFailed(say(f"acc = {acc:.4g}, expected {acc_ref:.4g} (fraction of rows where argmax({outputs}) =="
                          f" argmax(Y)).{sep}{why}",
                          f"acc = {acc:.4g}, attendu {acc_ref:.4g} (proportion des lignes où argmax({outputs}) =="
                          f" argmax(Y)).{sep}{why}"), mistake=mistake_of(why))



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
