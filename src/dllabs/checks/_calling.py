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

from ._frames import student_line
from ._outcome import CheckFailed, MetaUnsupported, mistake_of, named
from ._references import GradedOnly


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence warnings: nbgrader scores a test cell 0 if it writes to stderr."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


ERROR_HINTS: dict[str, str] = {
    "cannot be multiplied": named("mismatched-matrix-product", " A matrix product has mismatched shapes:"
                                  " check each factor's shape and where a transpose (.T) is needed."),
    "must match the size of tensor": named("shapes-do-not-broadcast", " Two shapes do not broadcast: a sum, mean or"
                                           " max over a dim drops it unless keepdim=True."),
    "Got: Bool": named("mean-of-bools", " A boolean tensor has no mean: convert it first (.float())."),
}
"""Text found in an exception's message -> the hint added to it (after a check's own ``hints``), each naming its
mistake (:func:`named`; a check's own hints may too)."""


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
                          " code.", mistake="not-implemented") from None
    except (CheckFailed, GradedOnly):
        raise
    except Exception as exc:  # noqa: BLE001  (the student's bug, reported as feedback)
        text = str(exc)
        if "to numpy" in text:
            text, hint = text.rstrip("."), (" On a GPU .numpy() fails the same way: keep the computation in torch"
                                            " (e.g. (pred == y).float().mean()), or copy with .cpu() first.")
            mistake = "numpy-on-device"
        elif "meta" in text or "device" in text:
            hint = (" A tensor you create must follow its inputs' device and dtype"
                    " (device=X.device, dtype=X.dtype, or torch.zeros_like).")
            mistake = "ignores-device"
        else:
            hint = next((h for key, h in [*(hints or {}).items(), *ERROR_HINTS.items()] if key in text), "")
            mistake = mistake_of(hint)
        raise CheckFailed(f"{name}{where} raised {type(exc).__name__}: {text.splitlines()[0] if text else ''}.{hint}"
                          f"{student_line(exc.__traceback__)}", mistake=mistake) from None
