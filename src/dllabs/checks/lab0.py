"""Checks of lab 0 (tensors, the perceptron, logistic regression): each compares a
student's function with torch (``torch.cdist``, ``torch.sigmoid``,
``F.binary_cross_entropy_with_logits``, ``torch.autograd``) and names known mistakes.

Every check takes the student's function and the sizes, dtype, device and seed of a
random problem; the visible tests call them with small fixed sizes, the hidden tests
with others. ``device=None`` means CUDA when available, else CPU; ``device="meta"``
runs the function on inputs of the ``meta`` device (see ``_device.call_on_meta``): a
tensor created on a fixed device fails there as it would on a GPU.

Each function is graded alone: while a check runs the student's ``logreg_grad`` (or
``train_logreg``, ``perceptron_train``), the names ``sigmoid``, ``bce_with_logits``,
``logreg_grad`` and ``perceptron_epoch`` of the notebook are bound to torch's own (or to
the rule below), so that a mistake in one function costs the points of that function only.

Notation: X (n, d) rows x_i; perceptron labels y_i in {-1, +1}; logistic-regression
targets t_i in {0, 1}; scores s = X w + b (n,); sigmoid(s) = 1 / (1 + exp(-s));
L = mean BCE = F.binary_cross_entropy_with_logits(s, t).
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import torch
import torch.nn.functional as F

from ._harness import contract_checker
from ._references import References
from ._calling import call
from ._compare import as_number, close, dtype_on, expect_tensor, shape_str
from ._device import call_on_meta, resolve_device
from ._no_autograd import call_without_autograd
from ._outcome import CheckFailed, mistake_of, named, passed

REF = References("lab0")
"""The references of the perceptron rule, its training and gradient descent (see ``_references``)."""

XOR_X = ((0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0))
XOR_Y = (-1.0, 1.0, 1.0, -1.0)



def _meta(*tensors: torch.Tensor) -> tuple[torch.Tensor, ...]:
    return tuple(t.to("meta") for t in tensors)


class _Spy(torch.overrides.TorchFunctionMode):
    """Counts torch calls, notes the first call of a forbidden function, stops an endless loop."""

    def __init__(self, forbidden: frozenset[str] = frozenset(), budget: int | None = None) -> None:
        super().__init__()
        self.forbidden, self.budget, self.calls, self.used = forbidden, budget, 0, None

    def __torch_function__(self, func: Callable, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        self.calls += 1
        name = getattr(func, "__name__", "")
        if self.used is None and name in self.forbidden:
            self.used = name
        if self.budget is not None and self.calls > self.budget:
            raise _OverBudget()
        return func(*args, **(kwargs or {}))


class _OverBudget(BaseException):
    """Raised inside a student's function that runs far longer than it should (an endless loop)."""


@contextlib.contextmanager
def _graded_alone(fn: Callable, replacements: Mapping[str, Callable]) -> Iterator[None]:
    """Bind, while the block runs, the notebook names of ``replacements`` that ``fn`` can see to
    the reference functions (restored after): ``fn`` is graded without the student's others."""
    namespace = getattr(fn, "__globals__", None)
    saved: dict[str, Any] = {}
    if isinstance(namespace, dict):
        for key, value in replacements.items():
            if key in namespace:
                saved[key] = namespace[key]
                namespace[key] = value
    try:
        yield
    finally:
        if isinstance(namespace, dict):
            namespace.update(saved)


def _meta_wb(d: int, dtype: torch.dtype) -> list[torch.Tensor]:
    """What w (d,) and b (0-dim), or dw and db, look like on the 'meta' device."""
    return [torch.zeros(d, device="meta", dtype=dtype), torch.zeros((), device="meta", dtype=dtype)]


def _check_on_meta(name: str, fn: Callable, args: tuple, returns: str, expected: list[torch.Tensor], detail: str,
                   replacements: Mapping[str, Callable] | None = None, names: tuple[str, str] | None = None,
                   **kwargs: Any) -> None:
    """``fn(*args, **kwargs)`` with its inputs on the 'meta' device (see ``_device.call_on_meta``), the
    notebook's ``replacements`` in place: it returns the tuple ``returns`` (its text, e.g. "(w, b, history)"),
    whose first values have the device, dtype and shape of ``expected``."""
    __tracebackhide__ = True
    with _graded_alone(fn, replacements or {}):
        result = call_on_meta(name, fn, *args, **kwargs)
    size = returns.count(",") + 1
    if not (isinstance(result, tuple) and len(result) == size):
        raise CheckFailed(f"{name} returned a {type(result).__name__}, expected a {'pair' if size == 2 else 'triple'}"
                          f" {returns}.", mistake="not-a-tuple")
    labels = names or ("w (the first value returned)", "b (the second value returned)")
    for label, found, like in zip(labels, result, expected):
        expect_tensor(label, found, like, compare_values=False)
    passed(name, detail)


def _forbid(name: str, fn: Callable, forbidden: frozenset[str], why: str, *args: Any, **kwargs: Any) -> Any:
    """:func:`call`, failing if ``fn`` calls one of the ``forbidden`` torch functions."""
    __tracebackhide__ = True
    spy = _Spy(forbidden)
    with spy:
        result = call(name, fn, *args, **kwargs)
    if spy.used:
        raise CheckFailed(f"{name} called torch's {spy.used}: {why}", mistake="calls-torch-function")
    return result


def _unchanged(name: str, before: Mapping[str, torch.Tensor], after: Mapping[str, torch.Tensor], what: str) -> None:
    __tracebackhide__ = True
    for key, value in before.items():
        if not torch.equal(value, after[key]):
            raise CheckFailed(f"{name} changed its input {key} in place{what}: compute new tensors"
                              f" ({key} = {key} + ..., not {key} += ... or {key}.add_(...)), the"
                              f" caller's {key} stays as it was.", mistake="changes-input-in-place")


# --------------------------------------------------------------------------- pairwise_sq_dists
PAIRWISE_HINTS = {
    "must match the size of tensor": named("shapes-do-not-broadcast",
                                           (" Two shapes do not broadcast: A[:, None, :] is (n, 1, d) and B[None, :,"
                                            " :] is"
                                      " (1, m, d), their difference (n, m, d); a vector of n"
                                      " squared norms must be a column"
                                      " (n, 1) (keepdim=True or [:, None]) and one of m a row (1, m).")),
    "cannot be multiplied": named("mismatched-matrix-product",
                                  " A is (n, d) and B (m, d): their dot products are A @ B.T, of shape (n, m)."),
}


def _pairwise_mistakes(A: torch.Tensor, B: torch.Tensor, ref: torch.Tensor) -> dict[str, torch.Tensor]:
    """Known wrong results of pairwise_sq_dists (float64, CPU), each with the message naming it."""
    a2, b2, AB = (A**2).sum(1), (B**2).sum(1), A @ B.T
    mistakes = {
        named("not-squared",
              "these are the distances ||a_i - b_j||, not their squares: do not take the square root."): ref.sqrt(),
        named("cross-term-once",
              "the cross term is -2 A B^T: ||a - b||^2 = ||a||^2 - 2 a.b + ||b||^2."): a2[:, None] + b2[None, :] - AB,
        named("cross-term-sign", "the cross term has the wrong sign: ||a - b||^2 = ||a||^2 - 2 a.b +"
        " ||b||^2."): a2[:, None] + b2[None, :] + 2 * AB,
        named("missing-norms", "the squared norms of B are missing."): a2[:, None] - 2 * AB,
        named("missing-norms", "the squared norms of A are missing."): b2[None, :] - 2 * AB,
    }
    if A.shape[0] == B.shape[0]:  # these broadcasting slips only run when n == m
        mistakes.update({
            named("norms-as-row",
                  "the squared norms of A were added as a row: a vector of shape (n,) broadcasts as (1, n), along the"
            " columns. Make it a column (n, 1): (A**2).sum(dim=1, keepdim=True) or [:,"
            " None]."): a2[None, :] + b2[None, :] - 2 * AB,
            named("norms-as-column", "the squared norms of B were added as a column: they must be a row"
            " (1, m), one per column."): a2[:, None] + b2[:, None] - 2 * AB,
            named("norms-swapped",
                  "the squared norms of A and B are swapped: ||a_i||^2 goes down the rows (n, 1), ||b_j||^2 along the"
            " columns (1, m)."): a2[None, :] + b2[:, None] - 2 * AB,
        })
    if A.shape[1] == B.shape[0]:
        mistakes[named("sum-over-wrong-dim",
                       "the squares are summed over dim 1 (the rows of B), not over the coordinates:"
                      " .sum(dim=-1).")] = \
            ((A[:, None, :] - B[None, :, :]) ** 2).sum(1)
    return mistakes


def check_pairwise_sq_dists(pairwise_sq_dists: Callable, n: int = 5, m: int = 4, d: int = 3,
                            dtype: torch.dtype = torch.float64, device: str | torch.device | None = None,
                            seed: int = 0) -> None:
    """D (n, m) against ``torch.cdist(A, B) ** 2``; computed by broadcasting (no loop over rows)."""
    __tracebackhide__ = True
    device = resolve_device(device)
    g = torch.Generator().manual_seed(seed)
    A, B = torch.randn(n, d, generator=g, dtype=torch.float64), torch.randn(m, d, generator=g, dtype=torch.float64)
    ref = torch.cdist(A, B, compute_mode="donot_use_mm_for_euclid_dist") ** 2
    if device.type == "meta":
        D = call_on_meta("pairwise_sq_dists", pairwise_sq_dists, *_meta(A.to(dtype), B.to(dtype)), hints=PAIRWISE_HINTS)
        expect_tensor("D", D, ref.to(device="meta", dtype=dtype), compare_values=False)
        passed("pairwise_sq_dists", f"shape, device and dtype follow A (n={n}, m={m}, d={d},"
                                    f" {dtype_on(dtype, device)})")
        return
    mistakes = {k: v.to(device=device, dtype=dtype) for k, v in _pairwise_mistakes(A, B, ref).items()}
    A, B, ref = (t.to(device=device, dtype=dtype) for t in (A, B, ref))
    before = {"A": A.clone(), "B": B.clone()}
    spy = _Spy(frozenset({"cdist", "pdist", "pairwise_distance"}))
    with spy:
        D = call("pairwise_sq_dists", pairwise_sq_dists, A, B, hints=PAIRWISE_HINTS)
    if spy.used:
        raise CheckFailed(f"pairwise_sq_dists called torch.{spy.used}: compute the distances yourself, by broadcasting;"
                          " torch.cdist is what the test compares them with.", mistake="calls-torch-function")
    if isinstance(D, torch.Tensor) and D.shape == (n,) and n == m:
        raise CheckFailed(f"D has shape {shape_str(D.shape)}, expected ({n}, {m}): A - B pairs"
                          " row i of A with row i of B"
                          " only. Broadcast every row of A against every row of B: A[:, None, :] -"
                          " B[None, :, :] is (n, m, d).", mistake="rows-paired")
    expect_tensor("D", D, ref, mistakes)
    _unchanged("pairwise_sq_dists", before, {"A": A, "B": B}, "")
    # No Python loop: the number of torch calls must not grow with n and m.
    A2, B2 = (torch.randn(2 * n + 3, d, generator=g, dtype=dtype).to(device),
              torch.randn(2 * m + 3, d, generator=g, dtype=dtype).to(device))
    bigger = _Spy()
    with bigger:
        call("pairwise_sq_dists", pairwise_sq_dists, A2, B2, hints=PAIRWISE_HINTS)
    if bigger.calls > spy.calls:
        raise CheckFailed(f"pairwise_sq_dists made {spy.calls} torch calls for n={n}, m={m} and {bigger.calls} for"
                          f" n={2 * n + 3}, m={2 * m + 3}: it loops over the rows in Python. Compute every pair at once"
                          " by broadcasting (no for loop, no list comprehension).", mistake="python-loop")
    passed("pairwise_sq_dists", f"D equals torch.cdist(A, B)**2, without a loop (n={n}, m={m}, d={d},"
                                f" {dtype_on(dtype, device)})")


# --------------------------------------------------------------------------- the perceptron rule
EPOCH_VARIANTS = {
    "strict": named("strict-inequality",
                    "a point ON the line, y_i (w.x_i + b) = 0, is a mistake too: update when y_i (w.x_i + b) <= 0,"
                    " not < 0 (from w = 0, b = 0 every point is on the line: nothing would ever be learned)."),
    "every_row": named("updates-every-row",
                       "it updates on every row: update only on a mistake, when y_i (w.x_i + b) <= 0."),
    "labels01": named("labels-01",
                      "the update used labels in {0, 1}: the perceptron rule needs y_i in {-1, +1} (a mistake on a"
                " negative point must move w by -x_i, not by 0)."),
    "sign": named("wrong-sign", "it goes the wrong way: on a mistake w <- w + y_i x_i and b <- b + y_i."),
    "no_bias": named("no-bias-update", "b was not updated: on a mistake b <- b + y_i too."),
    "reversed": named("rows-out-of-order",
                      "the rows were visited in another order: go through them in order, i = 0, 1, ..., n-1."),
    "batch": named("batch-update",
                   "every row was judged with the w of the start of the epoch, then all updates added at once: the"
             " perceptron updates w at each mistake, and the next row is judged with the new w."),
}


def _integer_problem(n: int, d: int, seed: int, start: str) -> tuple[torch.Tensor, ...]:
    """Integer-valued X (n, d) in [-3, 3], y (n,) in {-1, +1}, and a start (w, b): every sum is
    exact in float32 and float64, and points on the line (y (w.x + b) = 0) are frequent."""
    g = torch.Generator().manual_seed(seed)
    X = torch.randint(-3, 4, (n, d), generator=g).double()
    y = torch.randint(0, 2, (n,), generator=g).double() * 2 - 1
    if start == "zero":
        w, b = torch.zeros(d, dtype=torch.float64), torch.zeros((), dtype=torch.float64)
    else:
        w, b = torch.randint(-2, 3, (d,), generator=g).double(), torch.randint(-2, 3, (), generator=g).double()
    return w, b, X, y


def _expect_count(name: str, found: Any, expected: int, n: int, what: str) -> None:
    __tracebackhide__ = True
    value = as_number(name, found, f" ({what})")
    if value == expected:
        return
    why, mistake = "", None
    if value == n and expected != n:
        why, mistake = " It counts every row: count only the rows where an update happened.", "counts-every-row"
    elif value == n - expected:
        why, mistake = " It counts the rows classified right: count the mistakes (the updates).", "counts-right-rows"
    raise CheckFailed(f"{name} = {value:g}, expected {expected} ({what}).{why}", mistake=mistake)


def _check_one_epoch(perceptron_epoch: Callable, w: torch.Tensor, b: torch.Tensor, X: torch.Tensor, y: torch.Tensor,
                     dtype: torch.dtype, device: torch.device) -> None:
    __tracebackhide__ = True
    n, d = X.shape
    w_ref, b_ref, count = REF.perceptron_pass(w, b, X, y)
    wrong = {v: REF.perceptron_pass(w, b, X, y, v) for v in EPOCH_VARIANTS}
    w, b, X, y, w_ref, b_ref = (t.to(device=device, dtype=dtype) for t in (w, b, X, y, w_ref, b_ref))
    before = {"w": w.clone(), "b": b.clone(), "X": X.clone(), "y": y.clone()}
    result = call("perceptron_epoch", perceptron_epoch, w, b, X, y)
    if not (isinstance(result, tuple) and len(result) == 3):
        raise CheckFailed(f"perceptron_epoch returned a {type(result).__name__}, expected a triple (w, b, mistakes).",
                          mistake="not-a-tuple")
    w_new, b_new, mistakes = result
    setting = f" (n={n}, d={d}, start w={before['w'].tolist()}, b={before['b'].item():g})"
    if not (close(w_new, w_ref) and close(b_new, b_ref)):  # name the variant that gives both w and b, if any
        for v, (w_v, b_v, _) in wrong.items():
            if close(w_new, w_v.to(device=device, dtype=dtype)) and close(b_new, b_v.to(device=device, dtype=dtype)):
                raise CheckFailed(f"w and b{setting} are wrong: {EPOCH_VARIANTS[v]}",
                                  mistake=mistake_of(EPOCH_VARIANTS[v]))
    expect_tensor(f"w{setting}", w_new, w_ref,
                  {EPOCH_VARIANTS[v]: r[0].to(device=device, dtype=dtype) for v, r in wrong.items()})
    expect_tensor(f"b{setting}", b_new, b_ref,
                  {EPOCH_VARIANTS[v]: r[1].to(device=device, dtype=dtype) for v, r in wrong.items()})
    _expect_count(f"mistakes{setting}", mistakes, count, n, "the number of updates made in this pass")
    _unchanged("perceptron_epoch", before, {"w": w, "b": b, "X": X, "y": y}, "")


def check_perceptron_epoch(perceptron_epoch: Callable, n: int = 8, d: int = 2, dtype: torch.dtype = torch.float64,
                           device: str | torch.device | None = None, seed: int = 0, start: str = "zero") -> None:
    """One pass over the rows in order, updating on y_i (w.x_i + b) <= 0; the w passed in stays unchanged."""
    __tracebackhide__ = True
    device = resolve_device(device)
    w, b, X, y = _integer_problem(n, d, seed, start)
    if device.type == "meta":
        _check_on_meta("perceptron_epoch", perceptron_epoch, _meta(*(t.to(dtype) for t in (w, b, X, y))),
                       "(w, b, mistakes)", [w.to(device="meta", dtype=dtype), b.to(device="meta", dtype=dtype)],
                       f"w and b stay on the device and in the dtype of the inputs ({dtype_on(dtype, device)})")
        return
    problems = [(w, b, X, y)]
    if start == "zero":  # from w = 0 every row is on the line; a random start first tells more variants apart
        problems.insert(0, _integer_problem(n, d, seed + 1, "random"))
    for w, b, X, y in problems:
        _check_one_epoch(perceptron_epoch, w, b, X, y, dtype, device)
    passed("perceptron_epoch", f"w, b and the number of mistakes right (n={n}, d={d}, {dtype_on(dtype, device)})")


# --------------------------------------------------------------------------- perceptron_train
def _separable_integer_problem(n: int, d: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Integer-valued X (n, d) and y = sign(w*.x + b*), with no point on the true line (separable)."""
    g = torch.Generator().manual_seed(seed)
    w_true = torch.randint(-2, 3, (d,), generator=g).double()
    w_true[0] = 2.0 if w_true[0] == 0 else w_true[0]
    b_true = torch.randint(-1, 2, (), generator=g).double() + 0.5  # a half: no integer point is on the line
    X = torch.randint(-3, 4, (n, d), generator=g).double()
    return X, torch.sign(X @ w_true + b_true)


def _history(found: Any) -> list[float]:
    __tracebackhide__ = True
    if isinstance(found, torch.Tensor) and found.dim() == 1:
        found = found.tolist()
    if not isinstance(found, (list, tuple)):
        raise CheckFailed(f"history is a {type(found).__name__}, expected a list: the number of"
                          " mistakes of each epoch.", mistake="history-not-a-list")
    return [as_number(f"history[{i}]", v, " (the mistakes of one epoch)") for i, v in enumerate(found)]


def _train(perceptron_train: Callable, X: torch.Tensor, y: torch.Tensor, budget: int,
           **kwargs: Any) -> tuple[Any, Any, list[float]]:
    """perceptron_train(X, y, **kwargs), stopped if it makes more than ``budget`` torch calls."""
    __tracebackhide__ = True
    spy = _Spy(budget=budget)
    try:
        with spy, _graded_alone(perceptron_train, {"perceptron_epoch": REF.lend("perceptron_epoch")}):
            result = call("perceptron_train", perceptron_train, X, y, **kwargs)
    except _OverBudget:
        given = f"max_epochs={kwargs['max_epochs']}" if "max_epochs" in kwargs else "the default max_epochs=100"
        raise CheckFailed(f"perceptron_train never stopped on the XOR points with {given}: no line separates them, so"
                          " an epoch without mistakes never comes. Stop after max_epochs epochs in any case.",
                              mistake="never-stops") from None
    if not (isinstance(result, tuple) and len(result) == 3):
        raise CheckFailed(f"perceptron_train returned a {type(result).__name__}, expected a triple (w, b, history).",
                          mistake="not-a-tuple")
    return result[0], result[1], _history(result[2])


def check_perceptron_train(perceptron_train: Callable, n: int = 10, d: int = 2, max_epochs: int = 7,
                           dtype: torch.dtype = torch.float64, device: str | torch.device | None = None,
                           seed: int = 0) -> None:
    """From w = 0, b = 0, epochs until one makes no mistake (separable data) or ``max_epochs`` (XOR)."""
    __tracebackhide__ = True
    device = resolve_device(device)
    X, y = _separable_integer_problem(n, d, seed)
    if device.type == "meta":
        _check_on_meta("perceptron_train", perceptron_train, _meta(X.to(dtype), y.to(dtype)), "(w, b, history)",
                       _meta_wb(d, dtype),
                       f"w and b are created on the device and in the dtype of X ({dtype_on(dtype, device)})",
                       {"perceptron_epoch": REF.lend("perceptron_epoch")}, max_epochs=3)
        return
    w_ref, b_ref, hist_ref = REF.perceptron_train(X, y, 100)
    budget = 400 * (n + 4) * 110 + 10_000
    Xd, yd = X.to(device=device, dtype=dtype), y.to(device=device, dtype=dtype)
    w, b, history = _train(perceptron_train, Xd, yd, budget)
    where = f" on linearly separable data (n={n}, d={d})"
    if history != hist_ref:
        why, mistake = "", None
        if history[:len(hist_ref)] == hist_ref:
            why = (" It goes on after an epoch without mistakes: stop as soon as an epoch makes none"
                   " (0 ends the history).")
            mistake = "goes-on-after-zero"
        elif history == hist_ref[:-1]:
            why = (" The last epoch, the one with 0 mistakes, is missing: append every epoch's count,"
                   " then stop after a 0.")
            mistake = "drops-last-zero"
        elif history and history[0] != hist_ref[0]:
            why = " The first epoch already differs: start from w = 0, b = 0 (and run the perceptron rule)."
            mistake = "wrong-start"
        raise CheckFailed(f"history = {[int(h) if h == int(h) else h for h in history][:12]},"
                          f" expected {hist_ref}{where}"
                          f" (mistakes per epoch, until an epoch makes none).{why}", mistake=mistake)
    expect_tensor(f"w{where}", w, w_ref.to(device=device, dtype=dtype))
    expect_tensor(f"b{where}", b, b_ref.to(device=device, dtype=dtype))
    # Not separable: XOR never converges; max_epochs must stop it.
    Xx, yx = torch.tensor(XOR_X, dtype=dtype, device=device), torch.tensor(XOR_Y, dtype=dtype, device=device)
    for kwargs, expected in (({"max_epochs": max_epochs}, max_epochs), ({}, 100)):
        _, _, history = _train(perceptron_train, Xx, yx, 400 * 8 * (expected + 10) + 10_000, **kwargs)
        given = f"max_epochs={max_epochs}" if kwargs else "no max_epochs (default 100)"
        if len(history) != expected:
            why = (" It ignores max_epochs: run at most max_epochs epochs." if kwargs and len(history) > expected
                   else " The default is max_epochs=100." if not kwargs else "")
            mistake = ("ignores-max-epochs" if kwargs and len(history) > expected
                       else "wrong-default-max-epochs" if not kwargs else None)
            raise CheckFailed(f"on the XOR points with {given}, history has {len(history)} entries, expected {expected}"
                              f" (XOR is not linearly separable: every epoch makes mistakes).{why}", mistake=mistake)
    passed("perceptron_train", f"converges as the rule says, stops at max_epochs on XOR (n={n}, d={d},"
                               f" {dtype_on(dtype, device)})")


# --------------------------------------------------------------------------- sigmoid
FORBIDDEN_SIGMOID = frozenset({"sigmoid", "sigmoid_", "expit", "special_expit", "logsigmoid"})


def check_sigmoid(sigmoid: Callable, n: int = 7, dtype: torch.dtype = torch.float64,
                  device: str | torch.device | None = None, seed: int = 0,
                  shape: tuple[int, ...] | None = None) -> None:
    """1 / (1 + exp(-z)) elementwise against ``torch.sigmoid``, finite and right at z = +-1000."""
    __tracebackhide__ = True
    device = resolve_device(device)
    g = torch.Generator().manual_seed(seed)
    z = torch.cat([4 * torch.randn(n, generator=g, dtype=torch.float64),
                   torch.tensor([-1000.0, 1000.0, 0.0], dtype=torch.float64)])
    if shape is not None:
        z = 4 * torch.randn(shape, generator=g, dtype=torch.float64)
    if device.type == "meta":
        s = call_on_meta("sigmoid", sigmoid, z.to(device="meta", dtype=dtype))
        expect_tensor("sigmoid(z)", s, z.to(device="meta", dtype=dtype), compare_values=False)
        passed("sigmoid", f"shape, device and dtype follow z ({dtype_on(dtype, device)})")
        return
    z = z.to(device=device, dtype=dtype)
    before = z.clone()
    s = _forbid("sigmoid", sigmoid, FORBIDDEN_SIGMOID, "write it with torch.exp, 1 / (1 + exp(-z));"
                " torch.sigmoid is what the test compares it with.", z)
    ref = torch.sigmoid(z)
    if isinstance(s, torch.Tensor) and s.shape == z.shape and not torch.isfinite(s.detach()).all():
        bad = z[~torch.isfinite(s.detach())]
        raise CheckFailed(f"sigmoid(z) is nan or inf at z = {bad[0].item():g}: exp of a large number overflows to inf"
                          " (exp(1000) = inf, and inf / inf = nan). 1 / (1 + exp(-z)) stays finite: exp(-z) = inf"
                          " there gives 1 / inf = 0.", mistake="overflows")
    expect_tensor("sigmoid(z)", s, ref, {
        named("wrong-sign",
              "that is 1 / (1 + exp(z)) = sigmoid(-z): the sign in the exponent is wrong (a common slip,"
        " found in some notes). sigmoid(z) = 1 / (1 + exp(-z)) goes to 1 when z goes to +infinity."): torch.sigmoid(-z),
        named("one-minus-sigmoid",
              "that is exp(-z) / (1 + exp(-z)) = 1 - sigmoid(z): sigmoid(z) = 1 / (1 + exp(-z))."): 1 - ref,
        named("exp-only", "that is exp(-z), without 1 / (1 + ...)."): torch.exp(-z),
    })
    _unchanged("sigmoid", {"z": before}, {"z": z}, "")
    passed("sigmoid", f"equals torch.sigmoid, finite at z = +-1000 (shape {shape_str(tuple(z.shape))},"
                      f" {dtype_on(dtype, device)})")


# --------------------------------------------------------------------------- bce_with_logits
FORBIDDEN_BCE = frozenset({"binary_cross_entropy_with_logits", "binary_cross_entropy"})


def _targets(n: int, g: torch.Generator) -> torch.Tensor:
    t = torch.randint(0, 2, (n,), generator=g).double()
    if n >= 2:  # both classes
        t[0], t[1] = 0.0, 1.0
    return t


def check_bce_with_logits(bce_with_logits: Callable, n: int = 8, dtype: torch.dtype = torch.float64,
                          device: str | torch.device | None = None, seed: int = 0) -> None:
    """The mean binary cross-entropy of logits z against ``F.binary_cross_entropy_with_logits``, at moderate z
    and at |z| = 1000 (finite, by the stable form)."""
    __tracebackhide__ = True
    device = resolve_device(device)
    g = torch.Generator().manual_seed(seed)
    z, t = 3 * torch.randn(n, generator=g, dtype=torch.float64), _targets(n, g)
    if device.type == "meta":
        L = call_on_meta("bce_with_logits", bce_with_logits, *_meta(z.to(dtype), t.to(dtype)))
        expect_tensor("L", L, torch.zeros((), device="meta", dtype=dtype), compare_values=False)
        passed("bce_with_logits", f"a 0-dim tensor on the device and in the dtype of z ({dtype_on(dtype, device)})")
        return
    why = "write it with torch.exp, torch.log and abs; F.binary_cross_entropy_with_logits is what it is compared with."
    # Moderate logits.
    ref = F.binary_cross_entropy_with_logits(z, t)
    mistakes = {
        named("sum-not-mean", f"it is n={n} times too large: take the mean over the samples, not the sum."): n * ref,
        named("wrong-sign",
              "it has the wrong sign: the cross-entropy -[t log p + (1 - t) log(1 - p)] is positive."): -ref,
        named("sigmoid-of-minus-z",
              "it is computed with sigmoid(-z): the sign of the logit is wrong (sigmoid(z) = 1 / (1 + exp(-z)))."):
            F.binary_cross_entropy_with_logits(-z, t),
        named("missing-negative-term",
              "the (1 - t) log(1 - sigmoid(z)) term is missing: the samples with t = 0 count too."):
            (t * F.softplus(-z)).mean(),
    }
    zd, td = z.to(device=device, dtype=dtype), t.to(device=device, dtype=dtype)
    before = {"z": zd.clone(), "t": td.clone()}
    L = _forbid("bce_with_logits", bce_with_logits, FORBIDDEN_BCE, why, zd, td)
    if isinstance(L, torch.Tensor) and L.shape == (n,) and n > 1:
        raise CheckFailed(f"L has shape {shape_str(L.shape)}, expected a 0-dim tensor: average the"
                          " per-sample losses (.mean()).", mistake="per-sample-loss")
    expect_tensor(f"L (n={n}, moderate z)", L, ref.to(device=device, dtype=dtype),
                  {k: v.to(device=device, dtype=dtype) for k, v in mistakes.items()})
    _unchanged("bce_with_logits", before, {"z": zd, "t": td}, "")
    # Huge logits, wrong and right: the naive log(sigmoid(z)) gives log(0) = -inf.
    zb = torch.tensor([-1000.0, 1000.0, 1000.0, -1000.0, 2.0], dtype=torch.float64)
    tb = torch.tensor([1.0, 0.0, 1.0, 0.0, 1.0], dtype=torch.float64)
    ref_b = F.binary_cross_entropy_with_logits(zb, tb).to(device=device, dtype=dtype)
    L = _forbid("bce_with_logits", bce_with_logits, FORBIDDEN_BCE, why, zb.to(device=device, dtype=dtype),
                tb.to(device=device, dtype=dtype))
    if isinstance(L, torch.Tensor) and L.numel() == 1 and not torch.isfinite(L.detach()).all():
        raise CheckFailed(f"L = {L.item()} for z = {zb.tolist()}, t = {tb.tolist()}: expected"
                          f" {ref_b.item():.6g}. At z = -1000"
                          " sigmoid(z) rounds to 0 and log(sigmoid(z)) = log(0) = -inf (and exp(-z) = exp(1000) = inf):"
                          " use the stable form max(z, 0) - z t + log(1 + exp(-|z|)), which never exponentiates a"
                          " large positive number.", mistake="naive-log-sigmoid")
    if not close(L, ref_b):
        try:
            expect_tensor(f"L for z = {zb.tolist()}, t = {tb.tolist()}", L, ref_b)
        except CheckFailed as exc:
            raise CheckFailed(f"{exc} Right for moderate z, wrong at |z| = 1000: a clamped"
                              " log(max(p, eps)) is finite but"
                              " wrong there; the stable form max(z, 0) - z t + log(1 + exp(-|z|)) is exact.",
                                  mistake="clamped-log") from None
    passed("bce_with_logits", f"equals F.binary_cross_entropy_with_logits, finite at |z| = 1000 (n={n},"
                              f" {dtype_on(dtype, device)})")


# --------------------------------------------------------------------------- logreg_grad
def _autograd_grads(w: torch.Tensor, b: torch.Tensor, X: torch.Tensor, t: torch.Tensor,
                    sign: float = 1.0) -> tuple[torch.Tensor, torch.Tensor]:
    """d/dw, d/db of F.binary_cross_entropy_with_logits(sign * (X w + b), t), by torch.autograd."""
    wl, bl = w.detach().clone().requires_grad_(True), b.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        L = F.binary_cross_entropy_with_logits(sign * (X @ wl + bl), t)
        dw, db = torch.autograd.grad(L, [wl, bl])
    return dw, db


TORCH_OWN = {"sigmoid": torch.sigmoid, "bce_with_logits": F.binary_cross_entropy_with_logits,
             "logreg_grad": _autograd_grads}
"""What the notebook's own functions are bound to while another one is graded (see ``_graded_alone``):
torch's sigmoid and BCE, and the gradients of the mean BCE by torch.autograd."""


def check_logreg_grad(logreg_grad: Callable, n: int = 6, d: int = 3, dtype: torch.dtype = torch.float64,
                      device: str | torch.device | None = None, seed: int = 0) -> None:
    """dw (d,) and db (0-dim) against torch.autograd's gradients of the mean BCE, computed by hand."""
    __tracebackhide__ = True
    device = resolve_device(device)
    g = torch.Generator().manual_seed(seed)
    w, b = torch.randn(d, generator=g, dtype=torch.float64), torch.randn((), generator=g, dtype=torch.float64)
    X, t = torch.randn(n, d, generator=g, dtype=torch.float64), _targets(n, g)
    if device.type == "meta":
        _check_on_meta("logreg_grad", logreg_grad, _meta(*(v.to(dtype) for v in (w, b, X, t))), "(dw, db)",
                       _meta_wb(d, dtype),
                       f"dw and db on the device and in the dtype of the inputs ({dtype_on(dtype, device)})",
                       TORCH_OWN, names=("dw", "db"))
        return
    dw_ref, db_ref = _autograd_grads(w, b, X, t)
    dw_flip, db_flip = _autograd_grads(w, b, X, t, sign=-1.0)  # gradients of L(-s): minus those with sigmoid(-s)
    dw_nob, db_nob = _autograd_grads(w, torch.zeros_like(b), X, t)
    sum_msg = named("sum-not-mean", f"it is n={n} times too large: the loss is the MEAN over the samples, divide by n.")
    sign_msg = named("wrong-sign", "it has the wrong sign: the gradient is X^T (sigmoid(s) - t) / n, not (t -"
                     " sigmoid(s)).")
    sig_msg = named("sigmoid-of-minus-s", "it is computed with 1 / (1 + exp(+s)): the sigmoid's sign is wrong"
                    " (sigmoid(s) = 1 / (1 + exp(-s))).")
    nob_msg = named("no-bias", "the bias is missing from the scores: s = X w + b.")
    dw_mistakes = {sum_msg: n * dw_ref, sign_msg: -dw_ref, sig_msg: -dw_flip, nob_msg: dw_nob}
    db_mistakes = {sum_msg: n * db_ref, sign_msg: -db_ref, sig_msg: -db_flip, nob_msg: db_nob}
    w, b, X, t, dw_ref, db_ref = (v.to(device=device, dtype=dtype) for v in (w, b, X, t, dw_ref, db_ref))
    before = {"w": w.clone(), "b": b.clone(), "X": X.clone(), "t": t.clone()}
    with _graded_alone(logreg_grad, TORCH_OWN):
        result = call_without_autograd("logreg_grad", logreg_grad, w, b, X, t)
    if not (isinstance(result, tuple) and len(result) == 2):
        raise CheckFailed(f"logreg_grad returned a {type(result).__name__}, expected a pair (dw, db).",
                          mistake="not-a-tuple")
    dw, db = result
    if isinstance(dw, torch.Tensor) and dw.dim() == 2 and n in dw.shape:
        raise CheckFailed(f"dw has shape {shape_str(dw.shape)}, expected ({d},): a column (n, 1) minus a vector (n,)"
                          " broadcasts to an (n, n) matrix. Keep the scores s = X @ w + b of shape (n,) (w is (d,),"
                          " not (d, 1)), like t.", mistake="column-weights")
    expect_tensor("dw", dw, dw_ref, {k: v.to(device=device, dtype=dtype) for k, v in dw_mistakes.items()})
    if isinstance(db, torch.Tensor) and db.dim() >= 1 and db.numel() > 1:
        raise CheckFailed(f"db has shape {shape_str(db.shape)}, expected a 0-dim tensor: average"
                          " (sigmoid(s) - t) over the samples.", mistake="per-sample-grad")
    expect_tensor("db", db, db_ref, {k: v.to(device=device, dtype=dtype) for k, v in db_mistakes.items()})
    _unchanged("logreg_grad", before, {"w": w, "b": b, "X": X, "t": t}, "")
    passed("logreg_grad", f"dw and db equal torch.autograd's (n={n}, d={d}, {dtype_on(dtype, device)})")


# --------------------------------------------------------------------------- train_logreg
def check_train_logreg(train_logreg: Callable, n: int = 20, d: int = 3, eta: float = 0.5, epochs: int = 6,
                       dtype: torch.dtype = torch.float64, device: str | torch.device | None = None,
                       seed: int = 0) -> None:
    """Full-batch gradient descent from w = 0, b = 0 (final w, b, and the loss before each step),
    against the same descent with torch.autograd's gradients; eta and epochs are not ignored."""
    __tracebackhide__ = True
    device = resolve_device(device)
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, generator=g, dtype=torch.float64)
    t = ((X @ torch.randn(d, generator=g, dtype=torch.float64)
          + 0.5 * torch.randn(n, generator=g, dtype=torch.float64)) > 0).double()
    if device.type == "meta":
        _check_on_meta("train_logreg", train_logreg, (*_meta(X.to(dtype), t.to(dtype)), eta, 2), "(w, b, losses)",
                       _meta_wb(d, dtype),
                       f"w and b are created on the device and in the dtype of X ({dtype_on(dtype, device)})",
                       TORCH_OWN)
        return
    Xd, td = X.to(device=device, dtype=dtype), t.to(device=device, dtype=dtype)
    for run_eta, run_epochs in ((eta, epochs), (eta / 5, epochs + 3)):
        w_ref, b_ref, losses_ref = REF.logreg_descent(X, t, run_eta, run_epochs)
        setting = f" (eta={run_eta:g}, epochs={run_epochs}, n={n}, d={d})"
        with _graded_alone(train_logreg, TORCH_OWN):
            result = call("train_logreg", train_logreg, Xd, td, run_eta, run_epochs)
        if not (isinstance(result, tuple) and len(result) == 3):
            raise CheckFailed(f"train_logreg returned a {type(result).__name__}, expected a triple (w, b, losses).",
                              mistake="not-a-tuple")
        w, b, losses = result
        if isinstance(losses, torch.Tensor) and losses.dim() == 1:
            losses = losses.tolist()
        if not isinstance(losses, (list, tuple)):
            raise CheckFailed(f"losses is a {type(losses).__name__}, expected a list of {run_epochs}"
                              " numbers (one per step).", mistake="losses-not-a-list")
        if len(losses) != run_epochs:
            raise CheckFailed(f"losses has {len(losses)} entries, expected {run_epochs}{setting}: one"
                              " loss per step, recorded"
                              f" before the step (epochs = {run_epochs} steps: do not ignore the argument epochs).",
                                  mistake="ignores-epochs")
        values = [as_number(f"losses[{i}]", v, " (a mean loss)") for i, v in enumerate(losses)]
        w_up, b_up, _ = REF.logreg_descent(X, t, run_eta, run_epochs, direction=-1.0)
        w_mistakes = {named("uphill", "it goes uphill: descent is w <- w - eta dw, not w + eta"
                      " dw."): w_up.to(device=device, dtype=dtype)}
        for other in (0.1, 0.01, 1.0):
            if other != run_eta:
                w_mistakes[named("fixed-eta",
                                 f"it is what eta={other:g} gives: use the argument eta, not a constant.")] = \
                    REF.logreg_descent(X, t, other, run_epochs)[0].to(device=device, dtype=dtype)
        expect_tensor(f"w{setting}", w, w_ref.to(device=device, dtype=dtype), w_mistakes)
        expect_tensor(f"b{setting}", b, b_ref.to(device=device, dtype=dtype),
                      {named("uphill", "it goes uphill: descent is b <- b - eta db, not b + eta"
                       " db."): b_up.to(device=device, dtype=dtype)})
        rtol = 1e-4 if dtype == torch.float32 else 1e-7
        if any(abs(v - r) > rtol * max(1.0, abs(r)) for v, r in zip(values, losses_ref)):
            after = REF.logreg_descent(X, t, run_eta, run_epochs, shift=1)[2]
            why, mistake = "", None
            if all(abs(v - r) <= rtol * max(1.0, abs(r)) for v, r in zip(values, after)):
                mistake = "loss-after-step"
                why = (f" These are the losses AFTER each step: record the loss before the step (losses[0] is the loss"
                       f" at w = 0, b = 0: log 2 = {math.log(2):.4f}).")
            elif all(abs(v - n * r) <= rtol * max(1.0, abs(n * r)) for v, r in zip(values, losses_ref)):
                why = f" They are n={n} times too large: record the MEAN loss, bce_with_logits(X @ w + b, t)."
                mistake = "sum-not-mean"
            raise CheckFailed(f"losses = {[round(v, 4) for v in values[:4]]}..., expected"
                              f" {[round(r, 4) for r in losses_ref[:4]]}..."
                              f"{setting}: the mean BCE of the data before each step.{why}", mistake=mistake)
    passed("train_logreg", f"w, b and the losses of gradient descent right (n={n}, d={d}, {dtype_on(dtype, device)})")


VISIBLE: dict[str, Callable[[Callable], None]] = {
    "pairwise_sq_dists": check_pairwise_sq_dists,
    "perceptron_epoch": check_perceptron_epoch,
    "perceptron_train": check_perceptron_train,
    "sigmoid": check_sigmoid,
    "bce_with_logits": check_bce_with_logits,
    "logreg_grad": check_logreg_grad,
    "train_logreg": check_train_logreg,
}
"""The visible check of each graded function, by its grade_id."""

check_contract = contract_checker("lab0")
"""``check_contract(name, fn)``: ``fn`` held to its whole contract on generated problems (hidden tests)."""


from ._visible import make_visible  # noqa: E402  (after every check is defined)

make_visible(globals())
