"""Calling a student's function so that whatever goes wrong reads as one line of feedback.

:func:`call` swallows the function's warnings and stderr (nbgrader gives 0 to a test cell that
writes there) and turns its exception into a :class:`CheckFailed` that names the error, a hint
for known causes and the student's own line. Calling it on a simulated device is
:mod:`._device`'s; calling it with autograd forbidden is :mod:`._no_autograd`'s.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ..language import say
from ._frames import student_line
from ._outcome import CheckFailed, MetaUnsupported, mistake_of, named
from ._references import GradedOnly


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence warnings: nbgrader scores a test cell 0 if it writes to stderr."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def error_hints() -> dict[str, str]:
    """Text found in an exception's message -> the hint added to it (after a check's own ``hints``), each naming its
    mistake (:func:`named`; a check's own hints may too); built when shown, in the notebook's language."""
    return {
        "cannot be multiplied": named(  # not shown to students
            "mismatched-matrix-product",
            say(" A matrix product has mismatched shapes: check each factor's shape and where a transpose (.T) is"
                " needed.",
                " Un produit matriciel a des formes incompatibles : vérifiez la forme de chaque facteur, et où une"
                " transposée (.T) est nécessaire.")),
        "must match the size of tensor": named(  # not shown to students
            "shapes-do-not-broadcast",
            say(" Two shapes do not broadcast: a sum, mean or max over a dim drops it unless keepdim=True.",
                " Deux formes ne se combinent pas par broadcasting : une somme, une moyenne ou un max selon une"
                " dimension la supprime, sauf avec keepdim=True.")),
        "Got: Bool": named(  # not shown to students
            "mean-of-bools",
            say(" A boolean tensor has no mean: convert it first (.float()).",
                " Un tenseur booléen n'a pas de moyenne : convertissez-le d'abord (.float()).")),
        "same dtype": named(  # not shown to students
            "mixed-dtypes",
            say(" Two tensors of different dtypes met (float32 and float64): create your tensors in the dtype of the"
                " inputs (dtype=X.dtype, or torch.zeros_like).",
                " Deux tenseurs de dtypes différents se rencontrent (float32 et float64)\u00a0: créez vos tenseurs dans"
                " le dtype des entrées (dtype=X.dtype, ou torch.zeros_like).")),
        "is not defined": named(  # not shown to students
            "name-not-defined",
            say(" A name it uses is not defined: run the cell that defines it (or check its spelling).",
                " Un nom qu'elle utilise n'est pas défini\u00a0: exécutez la cellule qui le définit (ou vérifiez son"
                " orthographe).")),
    }


def call(name: str, fn: Callable, *args: Any, where: str = "", hints: Mapping[str, str] | None = None,
         **kwargs: Any) -> Any:
    """Call a student's function, its warnings and stderr swallowed (a tqdm bar or a warning there
    would make nbgrader give 0 to the test cell); turn its exception into a one-line check failure.

    ``hints`` maps text found in the exception's message to a hint for this function,
    tried before the generic :func:`error_hints`.
    """
    __tracebackhide__ = True
    try:
        with quiet(), contextlib.redirect_stderr(io.StringIO()):
            return fn(*args, **kwargs)
    except NotImplementedError as exc:
        if "Meta" in str(exc) or "meta" in str(exc):  # torch's: "Could not run 'aten::nonzero' ... 'Meta' backend"
            raise MetaUnsupported(say(f"{name} uses an operation the 'meta' device cannot run",
                                      f"{name} utilise une opération que le device 'meta' ne sait pas"
                                      " exécuter")) from None
        if str(exc):
            first, line = str(exc).splitlines()[0], student_line(exc.__traceback__)
            raise CheckFailed(say(f"{name}{where} raised NotImplementedError: {first}.{line}",
                                  f"{name}{where} a levé NotImplementedError : {first}.{line}")) from None
        raise CheckFailed(say(f"{name} is not implemented yet: replace `raise NotImplementedError()` with your code.",
                              f"{name} n'est pas encore écrite : remplacez `raise NotImplementedError()` par votre"
                              " code."), mistake="not-implemented") from None
    except (CheckFailed, GradedOnly):
        raise
    except Exception as exc:  # noqa: BLE001  (the student's bug, reported as feedback)
        text = str(exc)
        if "to numpy" in text:  # not shown to students
            text, hint = text.rstrip("."), say(" On a GPU .numpy() fails the same way: keep the computation in torch"
                                               " (e.g. (pred == y).float().mean()), or copy with .cpu() first.",
                                               " Sur un GPU, .numpy() échoue de la même façon : gardez le calcul dans"
                                               " torch (par exemple (pred == y).float().mean()), ou copiez d'abord"
                                               " avec .cpu().")
            mistake = "numpy-on-device"
        elif "meta" in text or "device" in text:
            hint = say(" A tensor you create must follow its inputs' device and dtype"
                       " (device=X.device, dtype=X.dtype, or torch.zeros_like).",
                       " Un tenseur que vous créez doit suivre le device et le dtype de ses entrées"
                       " (device=X.device, dtype=X.dtype, ou torch.zeros_like).")
            mistake = "ignores-device"
        else:
            hint = next((h for key, h in [*(hints or {}).items(), *error_hints().items()] if key in text), "")
            mistake = mistake_of(hint)
        kind, first, line = type(exc).__name__, text.splitlines()[0] if text else "", student_line(exc.__traceback__)
        raise CheckFailed(say(f"{name}{where} raised {kind}: {first}.{hint}{line}",
                              f"{name}{where} a levé une exception {kind} : {first}.{hint}{line}"),
                          mistake=mistake) from None
