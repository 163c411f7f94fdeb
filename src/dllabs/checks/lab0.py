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
from ..language import say

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


def _check_on_meta(name: str, fn: Callable, args: tuple, returns: tuple[str, ...], expected: list[torch.Tensor],
                   detail: str, replacements: Mapping[str, Callable] | None = None,
                   names: tuple[str, str] | None = None, **kwargs: Any) -> None:
    """``fn(*args, **kwargs)`` with its inputs on the 'meta' device (see ``_device.call_on_meta``), the
    notebook's ``replacements`` in place: it returns a tuple of the values named ``returns`` (e.g. ("w", "b",
    "history")), whose first values have the device, dtype and shape of ``expected``."""
    __tracebackhide__ = True
    with _graded_alone(fn, replacements or {}):
        result = call_on_meta(name, fn, *args, **kwargs)
    size, text, kind = len(returns), f"({', '.join(returns)})", type(result).__name__
    if not (isinstance(result, tuple) and len(result) == size):
        raise CheckFailed(say(f"{name} returned a {kind}, expected a pair {text}.",
                              f"{name} a renvoyé un {kind}, on attend une paire {text}.") if size == 2 else
                          say(f"{name} returned a {kind}, expected a triple {text}.",
                              f"{name} a renvoyé un {kind}, on attend un triplet {text}."), mistake="not-a-tuple")
    labels = names or (say("w (the first value returned)", "w (la première valeur renvoyée)"),
                       say("b (the second value returned)", "b (la deuxième valeur renvoyée)"))
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
        raise CheckFailed(say(f"{name} called torch's {spy.used}: {why}",
                              f"{name} a appelé {spy.used} de torch : {why}"), mistake="calls-torch-function")
    return result


def _unchanged(name: str, before: Mapping[str, torch.Tensor], after: Mapping[str, torch.Tensor], what: str) -> None:
    __tracebackhide__ = True
    for key, value in before.items():
        if not torch.equal(value, after[key]):
            raise CheckFailed(say(f"{name} changed its input {key} in place{what}: compute new tensors"
                                  f" ({key} = {key} + ..., not {key} += ... or {key}.add_(...)), the"
                                  f" caller's {key} stays as it was.",
                                  f"{name} a modifié son entrée {key} en place{what} : calculez de nouveaux tenseurs"
                                  f" ({key} = {key} + ..., et non {key} += ... ou {key}.add_(...)), afin que le {key}"
                                  " de l'appelant reste inchangé."), mistake="changes-input-in-place")


# --------------------------------------------------------------------------- pairwise_sq_dists
def _pairwise_hints() -> dict[str, str]:
    """Text of torch's error (not shown) -> the hint added to it, naming the mistake (built when shown)."""
    return {
        "must match the size of tensor":  # not shown to students
            named("shapes-do-not-broadcast",
                  say(" Two shapes do not broadcast: A[:, None, :] is (n, 1, d) and B[None, :, :] is (1, m, d), their"
                      " difference (n, m, d); a vector of n squared norms must be a column (n, 1) (keepdim=True or"
                      " [:, None]) and one of m a row (1, m).",
                      " Deux formes ne se combinent pas par broadcasting : A[:, None, :] est de forme (n, 1, d) et"
                      " B[None, :, :] de forme (1, m, d), leur différence (n, m, d) ; un vecteur de n normes au carré"
                      " doit être une colonne (n, 1) (keepdim=True ou [:, None]), un vecteur de m normes une ligne"
                      " (1, m).")),
        "cannot be multiplied":  # not shown to students
            named("mismatched-matrix-product",
                  say(" A is (n, d) and B (m, d): their dot products are A @ B.T, of shape (n, m).",
                      " A est de forme (n, d) et B (m, d) : leurs produits scalaires sont A @ B.T, de forme (n, m).")),
    }


def _pairwise_mistakes(A: torch.Tensor, B: torch.Tensor, ref: torch.Tensor) -> dict[str, torch.Tensor]:
    """Known wrong results of pairwise_sq_dists (float64, CPU), each with the message naming it."""
    a2, b2, AB = (A**2).sum(1), (B**2).sum(1), A @ B.T
    mistakes = {
        named("not-squared",
              say("these are the distances ||a_i - b_j||, not their squares: do not take the square root.",
                  "ce sont les distances ||a_i - b_j||, et non leurs carrés : ne prenez pas de racine carrée.")):
            ref.sqrt(),
        named("cross-term-once",
              say("the cross term is -2 A B^T: ||a - b||^2 = ||a||^2 - 2 a.b + ||b||^2.",
                  "le terme croisé vaut -2 A B^T : ||a - b||^2 = ||a||^2 - 2 a.b + ||b||^2.")):
            a2[:, None] + b2[None, :] - AB,
        named("cross-term-sign",
              say("the cross term has the wrong sign: ||a - b||^2 = ||a||^2 - 2 a.b + ||b||^2.",
                  "le terme croisé a le mauvais signe : ||a - b||^2 = ||a||^2 - 2 a.b + ||b||^2.")):
            a2[:, None] + b2[None, :] + 2 * AB,
        named("missing-norms", say("the squared norms of B are missing.", "il manque les normes au carré de B.")):
            a2[:, None] - 2 * AB,
        named("missing-norms", say("the squared norms of A are missing.", "il manque les normes au carré de A.")):
            b2[None, :] - 2 * AB,
    }
    if A.shape[0] == B.shape[0]:  # these broadcasting slips only run when n == m
        mistakes.update({
            named("norms-as-row",
                  say("the squared norms of A were added as a row: a vector of shape (n,) broadcasts as (1, n), along"
                      " the columns. Make it a column (n, 1): (A**2).sum(dim=1, keepdim=True) or [:, None].",
                      "les normes au carré de A ont été ajoutées en ligne : par broadcasting, un vecteur de forme (n,)"
                      " devient (1, n), le long des colonnes. Faites-en une colonne (n, 1) :"
                      " (A**2).sum(dim=1, keepdim=True) ou [:, None].")):
                a2[None, :] + b2[None, :] - 2 * AB,
            named("norms-as-column",
                  say("the squared norms of B were added as a column: they must be a row (1, m), one per column.",
                      "les normes au carré de B ont été ajoutées en colonne : elles doivent former une ligne (1, m),"
                      " une par colonne.")):
                a2[:, None] + b2[:, None] - 2 * AB,
            named("norms-swapped",
                  say("the squared norms of A and B are swapped: ||a_i||^2 goes down the rows (n, 1), ||b_j||^2 along"
                      " the columns (1, m).",
                      "les normes au carré de A et de B sont interverties : ||a_i||^2 varie d'une ligne à l'autre"
                      " (n, 1), ||b_j||^2 d'une colonne à l'autre (1, m).")):
                a2[None, :] + b2[:, None] - 2 * AB,
        })
    if A.shape[1] == B.shape[0]:
        mistakes[named("sum-over-wrong-dim",
                       say("the squares are summed over dim 1 (the rows of B), not over the coordinates:"
                           " .sum(dim=-1).",
                           "les carrés sont sommés selon dim 1 (les lignes de B), et non selon les coordonnées :"
                           " .sum(dim=-1)."))] = \
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
        D = call_on_meta("pairwise_sq_dists", pairwise_sq_dists, *_meta(A.to(dtype), B.to(dtype)),
                         hints=_pairwise_hints())
        expect_tensor("D", D, ref.to(device="meta", dtype=dtype), compare_values=False)
        passed("pairwise_sq_dists", say(f"shape, device and dtype follow A (n={n}, m={m}, d={d},"
                                        f" {dtype_on(dtype, device)})",
                                        f"forme, device et dtype suivent ceux de A (n={n}, m={m}, d={d},"
                                        f" {dtype_on(dtype, device)})"))
        return
    mistakes = {k: v.to(device=device, dtype=dtype) for k, v in _pairwise_mistakes(A, B, ref).items()}
    A, B, ref = (t.to(device=device, dtype=dtype) for t in (A, B, ref))
    before = {"A": A.clone(), "B": B.clone()}
    spy = _Spy(frozenset({"cdist", "pdist", "pairwise_distance"}))
    with spy:
        D = call("pairwise_sq_dists", pairwise_sq_dists, A, B, hints=_pairwise_hints())
    if spy.used:
        raise CheckFailed(say(f"pairwise_sq_dists called torch.{spy.used}: compute the distances yourself, by"
                              " broadcasting; torch.cdist is what the test compares them with.",
                              f"pairwise_sq_dists a appelé torch.{spy.used} : calculez les distances vous-même, par"
                              " broadcasting ; torch.cdist sert de référence au test : il est donc interdit ici."),
                          mistake="calls-torch-function")
    if isinstance(D, torch.Tensor) and D.shape == (n,) and n == m:
        raise CheckFailed(say(f"D has shape {shape_str(D.shape)}, expected ({n}, {m}): A - B pairs row i of A with"
                              " row i of B only. Broadcast every row of A against every row of B: A[:, None, :] -"
                              " B[None, :, :] is (n, m, d).",
                              f"D est de forme {shape_str(D.shape)}, on attend ({n}, {m}) : A - B n'associe la"
                              " ligne i de A qu'à la ligne i de B. Combinez par broadcasting chaque ligne de A avec"
                              " chaque ligne de B : A[:, None, :] - B[None, :, :] est de forme (n, m, d)."),
                          mistake="rows-paired")
    expect_tensor("D", D, ref, mistakes)
    _unchanged("pairwise_sq_dists", before, {"A": A, "B": B}, "")
    # No Python loop: the number of torch calls must not grow with n and m.
    A2, B2 = (torch.randn(2 * n + 3, d, generator=g, dtype=dtype).to(device),
              torch.randn(2 * m + 3, d, generator=g, dtype=dtype).to(device))
    bigger = _Spy()
    with bigger:
        call("pairwise_sq_dists", pairwise_sq_dists, A2, B2, hints=_pairwise_hints())
    if bigger.calls > spy.calls:
        raise CheckFailed(say(f"pairwise_sq_dists made {spy.calls} torch calls for n={n}, m={m} and {bigger.calls} for"
                              f" n={2 * n + 3}, m={2 * m + 3}: it loops over the rows in Python. Compute every pair at"
                              " once by broadcasting (no for loop, no list comprehension).",
                              f"pairwise_sq_dists a fait {spy.calls} appels à torch pour n={n}, m={m} et {bigger.calls}"
                              f" pour n={2 * n + 3}, m={2 * m + 3} : elle parcourt les lignes dans une boucle Python."
                              " Calculez toutes les paires d'un coup par broadcasting (pas de boucle for, pas de liste"
                              " en compréhension)."), mistake="python-loop")
    passed("pairwise_sq_dists", say(f"D equals torch.cdist(A, B)**2, without a loop (n={n}, m={m}, d={d},"
                                    f" {dtype_on(dtype, device)})",
                                    f"D est égal à torch.cdist(A, B)**2, sans boucle (n={n}, m={m}, d={d},"
                                    f" {dtype_on(dtype, device)})"))


# --------------------------------------------------------------------------- the perceptron rule
EPOCH_VARIANTS: dict[str, Callable[[], str]] = {
    "strict": lambda: named("strict-inequality", say(
        "a point ON the line, y_i (w.x_i + b) = 0, is a mistake too: update when y_i (w.x_i + b) <= 0,"
        " not < 0 (from w = 0, b = 0 every point is on the line: nothing would ever be learned).",
        "un point SUR la droite, y_i (w.x_i + b) = 0, est aussi une erreur : mettez à jour quand"
        " y_i (w.x_i + b) <= 0, et non < 0 (à partir de w = 0, b = 0, tous les points sont sur la droite : rien ne"
        " serait jamais appris).")),
    "every_row": lambda: named("updates-every-row", say(
        "it updates on every row: update only on a mistake, when y_i (w.x_i + b) <= 0.",
        "la mise à jour a lieu à chaque ligne : ne mettez à jour qu'en cas d'erreur, quand y_i (w.x_i + b) <= 0.")),
    "labels01": lambda: named("labels-01", say(
        "the update used labels in {0, 1}: the perceptron rule needs y_i in {-1, +1} (a mistake on a"
        " negative point must move w by -x_i, not by 0).",
        "la mise à jour utilise des étiquettes dans {0, 1} : la règle du perceptron demande y_i dans {-1, +1}"
        " (une erreur sur un point négatif doit déplacer w de -x_i, et non de 0).")),
    "sign": lambda: named("wrong-sign", say(
        "it goes the wrong way: on a mistake w <- w + y_i x_i and b <- b + y_i.",
        "la mise à jour va dans le mauvais sens : en cas d'erreur, w <- w + y_i x_i et b <- b + y_i.")),
    "no_bias": lambda: named("no-bias-update", say(
        "b was not updated: on a mistake b <- b + y_i too.",
        "b n'a pas été mis à jour : en cas d'erreur, b <- b + y_i aussi.")),
    "reversed": lambda: named("rows-out-of-order", say(
        "the rows were visited in another order: go through them in order, i = 0, 1, ..., n-1.",
        "les lignes ont été parcourues dans un autre ordre : parcourez-les dans l'ordre, i = 0, 1, ..., n-1.")),
    "batch": lambda: named("batch-update", say(
        "every row was judged with the w of the start of the epoch, then all updates added at once: the"
        " perceptron updates w at each mistake, and the next row is judged with the new w.",
        "chaque ligne a été jugée avec le w du début de l'époque, puis toutes les mises à jour ont été ajoutées"
        " d'un coup : le perceptron met w à jour à chaque erreur, et la ligne suivante est jugée avec le nouveau w.")),
}
"""Each wrong variant of the perceptron rule (a name of ``REF.perceptron_pass``) -> its message, built when shown."""


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
        why = say(" It counts every row: count only the rows where an update happened.",
                  " Votre fonction compte toutes les lignes : ne comptez que celles où une mise à jour a eu lieu.")
        mistake = "counts-every-row"
    elif value == n - expected:
        why = say(" It counts the rows classified right: count the mistakes (the updates).",
                  " Votre fonction compte les lignes bien classées : comptez les erreurs (les mises à jour).")
        mistake = "counts-right-rows"
    raise CheckFailed(say(f"{name} = {value:g}, expected {expected} ({what}).{why}",
                          f"{name} = {value:g}, on attend {expected} ({what}).{why}"), mistake=mistake)


def _check_one_epoch(perceptron_epoch: Callable, w: torch.Tensor, b: torch.Tensor, X: torch.Tensor, y: torch.Tensor,
                     dtype: torch.dtype, device: torch.device) -> None:
    __tracebackhide__ = True
    n, d = X.shape
    w_ref, b_ref, count = REF.perceptron_pass(w, b, X, y)
    wrong = {v: REF.perceptron_pass(w, b, X, y, v) for v in EPOCH_VARIANTS}
    message = {v: make() for v, make in EPOCH_VARIANTS.items()}
    w, b, X, y, w_ref, b_ref = (t.to(device=device, dtype=dtype) for t in (w, b, X, y, w_ref, b_ref))
    before = {"w": w.clone(), "b": b.clone(), "X": X.clone(), "y": y.clone()}
    result = call("perceptron_epoch", perceptron_epoch, w, b, X, y)
    if not (isinstance(result, tuple) and len(result) == 3):
        kind = type(result).__name__
        raise CheckFailed(say(f"perceptron_epoch returned a {kind}, expected a triple (w, b, mistakes).",
                              f"perceptron_epoch a renvoyé un {kind}, on attend un triplet (w, b, mistakes)."),
                          mistake="not-a-tuple")
    w_new, b_new, mistakes = result
    start_w, start_b = before["w"].tolist(), before["b"].item()
    setting = say(f" (n={n}, d={d}, start w={start_w}, b={start_b:g})",
                  f" (n={n}, d={d}, au départ w={start_w}, b={start_b:g})")
    if not (close(w_new, w_ref) and close(b_new, b_ref)):  # name the variant that gives both w and b, if any
        for v, (w_v, b_v, _) in wrong.items():
            if close(w_new, w_v.to(device=device, dtype=dtype)) and close(b_new, b_v.to(device=device, dtype=dtype)):
                raise CheckFailed(say(f"w and b{setting} are wrong: {message[v]}",
                                      f"w et b{setting} sont faux : {message[v]}"), mistake=mistake_of(message[v]))
    expect_tensor(f"w{setting}", w_new, w_ref,
                  {message[v]: r[0].to(device=device, dtype=dtype) for v, r in wrong.items()})
    expect_tensor(f"b{setting}", b_new, b_ref,
                  {message[v]: r[1].to(device=device, dtype=dtype) for v, r in wrong.items()})
    _expect_count(f"mistakes{setting}", mistakes, count, n,
                  say("the number of updates made in this pass", "le nombre de mises à jour faites pendant ce passage"))
    _unchanged("perceptron_epoch", before, {"w": w, "b": b, "X": X, "y": y}, "")


def check_perceptron_epoch(perceptron_epoch: Callable, n: int = 8, d: int = 2, dtype: torch.dtype = torch.float64,
                           device: str | torch.device | None = None, seed: int = 0, start: str = "zero") -> None:
    """One pass over the rows in order, updating on y_i (w.x_i + b) <= 0; the w passed in stays unchanged."""
    __tracebackhide__ = True
    device = resolve_device(device)
    w, b, X, y = _integer_problem(n, d, seed, start)
    if device.type == "meta":
        _check_on_meta("perceptron_epoch", perceptron_epoch, _meta(*(t.to(dtype) for t in (w, b, X, y))),
                       ("w", "b", "mistakes"), [w.to(device="meta", dtype=dtype), b.to(device="meta", dtype=dtype)],
                       say(f"w and b stay on the device and in the dtype of the inputs ({dtype_on(dtype, device)})",
                           f"w et b restent sur le device et dans le dtype des entrées ({dtype_on(dtype, device)})"))
        return
    problems = [(w, b, X, y)]
    if start == "zero":  # from w = 0 every row is on the line; a random start first tells more variants apart
        problems.insert(0, _integer_problem(n, d, seed + 1, "random"))
    for w, b, X, y in problems:
        _check_one_epoch(perceptron_epoch, w, b, X, y, dtype, device)
    passed("perceptron_epoch", say(f"w, b and the number of mistakes right (n={n}, d={d}, {dtype_on(dtype, device)})",
                                   f"w, b et le nombre d'erreurs sont justes (n={n}, d={d},"
                                   f" {dtype_on(dtype, device)})"))


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
        kind = type(found).__name__
        raise CheckFailed(say(f"history is a {kind}, expected a list: the number of mistakes of each epoch.",
                              f"history est un {kind}, on attend une liste : le nombre d'erreurs de chaque époque."),
                          mistake="history-not-a-list")
    what = say(" (the mistakes of one epoch)", " (le nombre d'erreurs d'une époque)")
    return [as_number(f"history[{i}]", v, what) for i, v in enumerate(found)]


def _train(perceptron_train: Callable, X: torch.Tensor, y: torch.Tensor, budget: int,
           **kwargs: Any) -> tuple[Any, Any, list[float]]:
    """perceptron_train(X, y, **kwargs), stopped if it makes more than ``budget`` torch calls."""
    __tracebackhide__ = True
    spy = _Spy(budget=budget)
    try:
        with spy, _graded_alone(perceptron_train, {"perceptron_epoch": REF.lend("perceptron_epoch")}):
            result = call("perceptron_train", perceptron_train, X, y, **kwargs)
    except _OverBudget:
        given = (f"max_epochs={kwargs['max_epochs']}" if "max_epochs" in kwargs
                 else say("the default max_epochs=100", "max_epochs=100 par défaut"))
        raise CheckFailed(say(f"perceptron_train never stopped on the XOR points with {given}: no line separates them,"
                              " so an epoch without mistakes never comes. Stop after max_epochs epochs in any case.",
                              f"perceptron_train ne s'est jamais arrêtée sur les points du XOR avec {given} : aucune"
                              " droite ne les sépare, donc une époque sans erreur n'arrive jamais. Arrêtez-vous après"
                              " max_epochs époques dans tous les cas."), mistake="never-stops") from None
    if not (isinstance(result, tuple) and len(result) == 3):
        kind = type(result).__name__
        raise CheckFailed(say(f"perceptron_train returned a {kind}, expected a triple (w, b, history).",
                              f"perceptron_train a renvoyé un {kind}, on attend un triplet (w, b, history)."),
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
        _check_on_meta("perceptron_train", perceptron_train, _meta(X.to(dtype), y.to(dtype)), ("w", "b", "history"),
                       _meta_wb(d, dtype),
                       say(f"w and b are created on the device and in the dtype of X ({dtype_on(dtype, device)})",
                           f"w et b sont créés sur le device et dans le dtype de X ({dtype_on(dtype, device)})"),
                       {"perceptron_epoch": REF.lend("perceptron_epoch")}, max_epochs=3)
        return
    w_ref, b_ref, hist_ref = REF.perceptron_train(X, y, 100)
    budget = 400 * (n + 4) * 110 + 10_000
    Xd, yd = X.to(device=device, dtype=dtype), y.to(device=device, dtype=dtype)
    w, b, history = _train(perceptron_train, Xd, yd, budget)
    where = say(f" on linearly separable data (n={n}, d={d})",
                f" sur des données linéairement séparables (n={n}, d={d})")
    if history != hist_ref:
        why, mistake = "", None
        if history[:len(hist_ref)] == hist_ref:
            why = say(" It goes on after an epoch without mistakes: stop as soon as an epoch makes none"
                      " (0 ends the history).",
                      " Votre fonction continue après une époque sans erreur : arrêtez-vous dès qu'une époque n'en fait"
                      " aucune (0 termine l'historique).")
            mistake = "goes-on-after-zero"
        elif history == hist_ref[:-1]:
            why = say(" The last epoch, the one with 0 mistakes, is missing: append every epoch's count,"
                      " then stop after a 0.",
                      " La dernière époque, celle à 0 erreur, manque : ajoutez le nombre d'erreurs de chaque époque,"
                      " puis arrêtez-vous après un 0.")
            mistake = "drops-last-zero"
        elif history and history[0] != hist_ref[0]:
            why = say(" The first epoch already differs: start from w = 0, b = 0 (and run the perceptron rule).",
                      " La première époque diffère déjà : partez de w = 0, b = 0 (et appliquez la règle du"
                      " perceptron).")
            mistake = "wrong-start"
        shown = [int(h) if h == int(h) else h for h in history][:12]
        raise CheckFailed(say(f"history = {shown}, expected {hist_ref}{where}"
                              f" (mistakes per epoch, until an epoch makes none).{why}",
                              f"history = {shown}, on attend {hist_ref}{where}"
                              f" (les erreurs de chaque époque, jusqu'à une époque sans erreur).{why}"),
                          mistake=mistake)
    expect_tensor(f"w{where}", w, w_ref.to(device=device, dtype=dtype))
    expect_tensor(f"b{where}", b, b_ref.to(device=device, dtype=dtype))
    # Not separable: XOR never converges; max_epochs must stop it.
    Xx, yx = torch.tensor(XOR_X, dtype=dtype, device=device), torch.tensor(XOR_Y, dtype=dtype, device=device)
    for kwargs, expected in (({"max_epochs": max_epochs}, max_epochs), ({}, 100)):
        _, _, history = _train(perceptron_train, Xx, yx, 400 * 8 * (expected + 10) + 10_000, **kwargs)
        given = (say(f"with max_epochs={max_epochs}", f"avec max_epochs={max_epochs}") if kwargs
                 else say("with no max_epochs (default 100)", "sans max_epochs (100 par défaut)"))
        if len(history) != expected:
            why = (say(" It ignores max_epochs: run at most max_epochs epochs.",
                       " Votre fonction ignore max_epochs : faites au plus max_epochs époques.")
                   if kwargs and len(history) > expected
                   else say(" The default is max_epochs=100.", " La valeur par défaut est max_epochs=100.")
                   if not kwargs else "")
            mistake = ("ignores-max-epochs" if kwargs and len(history) > expected
                       else "wrong-default-max-epochs" if not kwargs else None)
            raise CheckFailed(say(f"on the XOR points {given}, history has {len(history)} entries, expected {expected}"
                                  f" (XOR is not linearly separable: every epoch makes mistakes).{why}",
                                  f"sur les points du XOR {given}, history a {len(history)} entrées, on attend"
                                  f" {expected} (le XOR n'est pas linéairement séparable : chaque époque fait des"
                                  f" erreurs).{why}"), mistake=mistake)
    passed("perceptron_train", say(f"converges as the rule says, stops at max_epochs on XOR (n={n}, d={d},"
                                   f" {dtype_on(dtype, device)})",
                                   f"converge comme le dit la règle, s'arrête à max_epochs sur le XOR (n={n}, d={d},"
                                   f" {dtype_on(dtype, device)})"))


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
        passed("sigmoid", say(f"shape, device and dtype follow z ({dtype_on(dtype, device)})",
                              f"forme, device et dtype suivent ceux de z ({dtype_on(dtype, device)})"))
        return
    z = z.to(device=device, dtype=dtype)
    before = z.clone()
    s = _forbid("sigmoid", sigmoid, FORBIDDEN_SIGMOID,
                say("write it with torch.exp, 1 / (1 + exp(-z)); torch.sigmoid is what the test compares it with.",
                    "écrivez-la avec torch.exp, 1 / (1 + exp(-z)) ; torch.sigmoid sert de référence au test :"
                    " elle est donc interdite ici."),
                z)
    ref = torch.sigmoid(z)
    if isinstance(s, torch.Tensor) and s.shape == z.shape and not torch.isfinite(s.detach()).all():
        bad = z[~torch.isfinite(s.detach())]
        at = bad[0].item()
        raise CheckFailed(say(f"sigmoid(z) is nan or inf at z = {at:g}: exp of a large number overflows to inf"
                              " (exp(1000) = inf, and inf / inf = nan). 1 / (1 + exp(-z)) stays finite everywhere: at"
                              " z = 1000, exp(-z) = 0 gives 1; at z = -1000, exp(-z) = inf gives 1 / inf = 0.",
                              f"sigmoid(z) vaut nan ou inf en z = {at:g} : l'exponentielle d'un grand nombre déborde"
                              " vers inf (exp(1000) = inf, et inf / inf = nan). 1 / (1 + exp(-z)) reste fini partout :"
                              " en z = 1000, exp(-z) = 0 donne 1 ; en z = -1000, exp(-z) = inf donne"
                              " 1 / inf = 0."), mistake="overflows")
    expect_tensor("sigmoid(z)", s, ref, {
        named("wrong-sign",
              say("that is 1 / (1 + exp(z)) = sigmoid(-z): the sign in the exponent is wrong (a common slip,"
                  " found in some notes). sigmoid(z) = 1 / (1 + exp(-z)) goes to 1 when z goes to +infinity.",
                  "c'est 1 / (1 + exp(z)) = sigmoid(-z) : le signe dans l'exponentielle est faux (une erreur"
                  " courante, présente dans certains supports de cours). sigmoid(z) = 1 / (1 + exp(-z)) tend vers 1"
                  " quand z tend vers +infini.")): torch.sigmoid(-z),
        named("one-minus-sigmoid",
              say("that is exp(-z) / (1 + exp(-z)) = 1 - sigmoid(z): sigmoid(z) = 1 / (1 + exp(-z)).",
                  "c'est exp(-z) / (1 + exp(-z)) = 1 - sigmoid(z) : sigmoid(z) = 1 / (1 + exp(-z)).")): 1 - ref,
        named("exp-only", say("that is exp(-z), without 1 / (1 + ...).", "c'est exp(-z), sans 1 / (1 + ...).")):
            torch.exp(-z),
    })
    _unchanged("sigmoid", {"z": before}, {"z": z}, "")
    passed("sigmoid", say(f"equals torch.sigmoid, finite at z = +-1000 (shape {shape_str(tuple(z.shape))},"
                          f" {dtype_on(dtype, device)})",
                          f"égale à torch.sigmoid, finie en z = +-1000 (forme {shape_str(tuple(z.shape))},"
                          f" {dtype_on(dtype, device)})"))


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
        passed("bce_with_logits", say(f"a 0-dim tensor on the device and in the dtype of z ({dtype_on(dtype, device)})",
                                      f"un tenseur de dimension 0 sur le device et dans le dtype de z"
                                      f" ({dtype_on(dtype, device)})"))
        return
    why = say("write it with torch.exp, torch.log and abs; F.binary_cross_entropy_with_logits is what it is compared"
              " with.",
              "écrivez-la avec torch.exp, torch.log et abs ; F.binary_cross_entropy_with_logits sert de référence au"
              " test : elle est donc interdite ici.")
    # Moderate logits.
    ref = F.binary_cross_entropy_with_logits(z, t)
    mistakes = {
        named("sum-not-mean", say(f"it is n={n} times too large: take the mean over the samples, not the sum.",
                                  f"la valeur est n={n} fois trop grande : prenez la moyenne sur les exemples, et non"
                                  " la somme.")): n * ref,
        named("wrong-sign",
              say("it has the wrong sign: the cross-entropy -[t log p + (1 - t) log(1 - p)] is positive.",
                  "le signe est faux : l'entropie croisée -[t log p + (1 - t) log(1 - p)] est positive.")): -ref,
        named("sigmoid-of-minus-z",
              say("it is computed with sigmoid(-z): the sign of the logit is wrong (sigmoid(z) = 1 / (1 + exp(-z))).",
                  "la valeur est calculée avec sigmoid(-z) : le signe du logit est faux"
                  " (sigmoid(z) = 1 / (1 + exp(-z))).")):
            F.binary_cross_entropy_with_logits(-z, t),
        named("missing-negative-term",
              say("the (1 - t) log(1 - sigmoid(z)) term is missing: the samples with t = 0 count too.",
                  "il manque le terme (1 - t) log(1 - sigmoid(z)) : les exemples où t = 0 comptent aussi.")):
            (t * F.softplus(-z)).mean(),
    }
    zd, td = z.to(device=device, dtype=dtype), t.to(device=device, dtype=dtype)
    before = {"z": zd.clone(), "t": td.clone()}
    L = _forbid("bce_with_logits", bce_with_logits, FORBIDDEN_BCE, why, zd, td)
    if isinstance(L, torch.Tensor) and L.shape == (n,) and n > 1:
        raise CheckFailed(say(f"L has shape {shape_str(L.shape)}, expected a 0-dim tensor: average the"
                              " per-sample losses (.mean()).",
                              f"L est de forme {shape_str(L.shape)}, on attend un tenseur de dimension 0 : faites la"
                              " moyenne des pertes des exemples (.mean())."), mistake="per-sample-loss")
    expect_tensor(say(f"L (n={n}, moderate z)", f"L (n={n}, z modérés)"), L, ref.to(device=device, dtype=dtype),
                  {k: v.to(device=device, dtype=dtype) for k, v in mistakes.items()})
    _unchanged("bce_with_logits", before, {"z": zd, "t": td}, "")
    # Huge logits, wrong and right: the naive log(sigmoid(z)) gives log(0) = -inf.
    zb = torch.tensor([-1000.0, 1000.0, 1000.0, -1000.0, 2.0], dtype=torch.float64)
    tb = torch.tensor([1.0, 0.0, 1.0, 0.0, 1.0], dtype=torch.float64)
    ref_b = F.binary_cross_entropy_with_logits(zb, tb).to(device=device, dtype=dtype)
    L = _forbid("bce_with_logits", bce_with_logits, FORBIDDEN_BCE, why, zb.to(device=device, dtype=dtype),
                tb.to(device=device, dtype=dtype))
    if isinstance(L, torch.Tensor) and L.numel() == 1 and not torch.isfinite(L.detach()).all():
        found, zs, ts, wanted = L.item(), zb.tolist(), tb.tolist(), ref_b.item()
        raise CheckFailed(say(f"L = {found} for z = {zs}, t = {ts}: expected {wanted:.6g}. At z = -1000"
                              " sigmoid(z) rounds to 0 and log(sigmoid(z)) = log(0) = -inf (and exp(-z) = exp(1000) ="
                              " inf): use the stable form max(z, 0) - z t + log(1 + exp(-|z|)), which never"
                              " exponentiates a large positive number.",
                              f"L = {found} pour z = {zs}, t = {ts} : on attend {wanted:.6g}. En z = -1000,"
                              " sigmoid(z) s'arrondit à 0 et log(sigmoid(z)) = log(0) = -inf (et exp(-z) = exp(1000) ="
                              " inf) : utilisez la forme stable max(z, 0) - z t + log(1 + exp(-|z|)), qui ne calcule"
                              " jamais l'exponentielle d'un grand nombre positif."), mistake="naive-log-sigmoid")
    if not close(L, ref_b):
        try:
            zs, ts = zb.tolist(), tb.tolist()
            expect_tensor(say(f"L for z = {zs}, t = {ts}", f"L pour z = {zs}, t = {ts}"), L, ref_b)
        except CheckFailed as exc:
            raise CheckFailed(say(f"{exc} Right for moderate z, wrong at |z| = 1000: a clamped log(max(p, eps)) is"
                                  " finite but wrong there; the stable form max(z, 0) - z t + log(1 + exp(-|z|)) is"
                                  " exact.",
                                  f"{exc} Juste pour des z modérés, faux en |z| = 1000 : un log(max(p, eps)) tronqué y"
                                  " est fini mais faux ; la forme stable max(z, 0) - z t + log(1 + exp(-|z|)) est"
                                  " exacte."), mistake="clamped-log") from None
    passed("bce_with_logits", say(f"equals F.binary_cross_entropy_with_logits, finite at |z| = 1000 (n={n},"
                                  f" {dtype_on(dtype, device)})",
                                  f"égale à F.binary_cross_entropy_with_logits, finie en |z| = 1000 (n={n},"
                                  f" {dtype_on(dtype, device)})"))


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
        _check_on_meta("logreg_grad", logreg_grad, _meta(*(v.to(dtype) for v in (w, b, X, t))), ("dw", "db"),
                       _meta_wb(d, dtype),
                       say(f"dw and db on the device and in the dtype of the inputs ({dtype_on(dtype, device)})",
                           f"dw et db sur le device et dans le dtype des entrées ({dtype_on(dtype, device)})"),
                       TORCH_OWN, names=("dw", "db"))
        return
    dw_ref, db_ref = _autograd_grads(w, b, X, t)
    dw_flip, db_flip = _autograd_grads(w, b, X, t, sign=-1.0)  # gradients of L(-s): minus those with sigmoid(-s)
    dw_nob, db_nob = _autograd_grads(w, torch.zeros_like(b), X, t)
    sum_msg = named("sum-not-mean",
                    say(f"it is n={n} times too large: the loss is the MEAN over the samples, divide by n.",
                        f"la valeur est n={n} fois trop grande : la perte est la MOYENNE sur les exemples, divisez"
                        " par n."))
    sign_msg = named("wrong-sign", say("it has the wrong sign: the gradient is X^T (sigmoid(s) - t) / n, not (t -"
                                       " sigmoid(s)).",
                                       "le signe est faux : le gradient est X^T (sigmoid(s) - t) / n, et non"
                                       " (t - sigmoid(s))."))
    sig_msg = named("sigmoid-of-minus-s", say("it is computed with 1 / (1 + exp(+s)): the sigmoid's sign is wrong"
                                              " (sigmoid(s) = 1 / (1 + exp(-s))).",
                                              "la valeur est calculée avec 1 / (1 + exp(+s)) : le signe de la sigmoïde"
                                              " est faux (sigmoid(s) = 1 / (1 + exp(-s)))."))
    nob_msg = named("no-bias", say("the bias is missing from the scores: s = X w + b.",
                                   "il manque le biais dans les scores : s = X w + b."))
    dw_mistakes = {sum_msg: n * dw_ref, sign_msg: -dw_ref, sig_msg: -dw_flip, nob_msg: dw_nob}
    db_mistakes = {sum_msg: n * db_ref, sign_msg: -db_ref, sig_msg: -db_flip, nob_msg: db_nob}
    w, b, X, t, dw_ref, db_ref = (v.to(device=device, dtype=dtype) for v in (w, b, X, t, dw_ref, db_ref))
    before = {"w": w.clone(), "b": b.clone(), "X": X.clone(), "t": t.clone()}
    with _graded_alone(logreg_grad, TORCH_OWN):
        result = call_without_autograd("logreg_grad", logreg_grad, w, b, X, t)
    if not (isinstance(result, tuple) and len(result) == 2):
        kind = type(result).__name__
        raise CheckFailed(say(f"logreg_grad returned a {kind}, expected a pair (dw, db).",
                              f"logreg_grad a renvoyé un {kind}, on attend une paire (dw, db)."), mistake="not-a-tuple")
    dw, db = result
    if isinstance(dw, torch.Tensor) and dw.dim() == 2 and n in dw.shape:
        raise CheckFailed(say(f"dw has shape {shape_str(dw.shape)}, expected ({d},): a column (n, 1) minus a vector"
                              " (n,) broadcasts to an (n, n) matrix. Keep the scores s = X @ w + b of shape (n,)"
                              " (w is (d,), not (d, 1)), like t.",
                              f"dw est de forme {shape_str(dw.shape)}, on attend ({d},) : une colonne (n, 1) moins un"
                              " vecteur (n,) donne, par broadcasting, une matrice (n, n). Gardez les scores"
                              " s = X @ w + b de forme (n,) (w est de forme (d,), et non (d, 1)), comme t."),
                          mistake="column-weights")
    expect_tensor("dw", dw, dw_ref, {k: v.to(device=device, dtype=dtype) for k, v in dw_mistakes.items()})
    if isinstance(db, torch.Tensor) and db.dim() >= 1 and db.numel() > 1:
        raise CheckFailed(say(f"db has shape {shape_str(db.shape)}, expected a 0-dim tensor: average"
                              " (sigmoid(s) - t) over the samples.",
                              f"db est de forme {shape_str(db.shape)}, on attend un tenseur de dimension 0 : faites la"
                              " moyenne de (sigmoid(s) - t) sur les exemples."), mistake="per-sample-grad")
    expect_tensor("db", db, db_ref, {k: v.to(device=device, dtype=dtype) for k, v in db_mistakes.items()})
    _unchanged("logreg_grad", before, {"w": w, "b": b, "X": X, "t": t}, "")
    passed("logreg_grad", say(f"dw and db equal torch.autograd's (n={n}, d={d}, {dtype_on(dtype, device)})",
                              f"dw et db sont égaux à ceux de torch.autograd (n={n}, d={d},"
                              f" {dtype_on(dtype, device)})"))


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
        _check_on_meta("train_logreg", train_logreg, (*_meta(X.to(dtype), t.to(dtype)), eta, 2),
                       ("w", "b", "losses"), _meta_wb(d, dtype),
                       say(f"w and b are created on the device and in the dtype of X ({dtype_on(dtype, device)})",
                           f"w et b sont créés sur le device et dans le dtype de X ({dtype_on(dtype, device)})"),
                       TORCH_OWN)
        return
    Xd, td = X.to(device=device, dtype=dtype), t.to(device=device, dtype=dtype)
    for run_eta, run_epochs in ((eta, epochs), (eta / 5, epochs + 3)):
        w_ref, b_ref, losses_ref = REF.logreg_descent(X, t, run_eta, run_epochs)
        setting = f" (eta={run_eta:g}, epochs={run_epochs}, n={n}, d={d})"
        with _graded_alone(train_logreg, TORCH_OWN):
            result = call("train_logreg", train_logreg, Xd, td, run_eta, run_epochs)
        if not (isinstance(result, tuple) and len(result) == 3):
            kind = type(result).__name__
            raise CheckFailed(say(f"train_logreg returned a {kind}, expected a triple (w, b, losses).",
                                  f"train_logreg a renvoyé un {kind}, on attend un triplet (w, b, losses)."),
                              mistake="not-a-tuple")
        w, b, losses = result
        if isinstance(losses, torch.Tensor) and losses.dim() == 1:
            losses = losses.tolist()
        if not isinstance(losses, (list, tuple)):
            kind = type(losses).__name__
            raise CheckFailed(say(f"losses is a {kind}, expected a list of {run_epochs} numbers (one per step).",
                                  f"losses est un {kind}, on attend une liste de {run_epochs} nombres (un par pas)."),
                              mistake="losses-not-a-list")
        if len(losses) != run_epochs:
            raise CheckFailed(say(f"losses has {len(losses)} entries, expected {run_epochs}{setting}: one loss per"
                                  f" step, recorded before the step (epochs = {run_epochs} steps: do not ignore the"
                                  " argument epochs).",
                                  f"losses a {len(losses)} entrées, on attend {run_epochs}{setting} : une perte par"
                                  f" pas, enregistrée avant le pas (epochs = {run_epochs} pas : n'ignorez pas"
                                  " l'argument epochs)."), mistake="ignores-epochs")
        what = say(" (a mean loss)", " (une perte moyenne)")
        values = [as_number(f"losses[{i}]", v, what) for i, v in enumerate(losses)]
        w_up, b_up, _ = REF.logreg_descent(X, t, run_eta, run_epochs, direction=-1.0)
        w_mistakes = {named("uphill", say("it goes uphill: descent is w <- w - eta dw, not w + eta dw.",
                                          "la mise à jour remonte la pente : la descente est w <- w - eta dw, et non"
                                          " w + eta dw.")): w_up.to(device=device, dtype=dtype)}
        for other in (0.1, 0.01, 1.0):
            if other != run_eta:
                w_mistakes[named("fixed-eta",
                                 say(f"it is what eta={other:g} gives: use the argument eta, not a constant.",
                                     f"c'est ce que donne eta={other:g} : utilisez l'argument eta, et non une"
                                     " constante."))] = \
                    REF.logreg_descent(X, t, other, run_epochs)[0].to(device=device, dtype=dtype)
        expect_tensor(f"w{setting}", w, w_ref.to(device=device, dtype=dtype), w_mistakes)
        expect_tensor(f"b{setting}", b, b_ref.to(device=device, dtype=dtype),
                      {named("uphill", say("it goes uphill: descent is b <- b - eta db, not b + eta db.",
                                           "la mise à jour remonte la pente : la descente est b <- b - eta db, et non"
                                           " b + eta db.")): b_up.to(device=device, dtype=dtype)})
        rtol = 1e-4 if dtype == torch.float32 else 1e-7
        if any(abs(v - r) > rtol * max(1.0, abs(r)) for v, r in zip(values, losses_ref)):
            after = REF.logreg_descent(X, t, run_eta, run_epochs, shift=1)[2]
            why, mistake = "", None
            if all(abs(v - r) <= rtol * max(1.0, abs(r)) for v, r in zip(values, after)):
                mistake = "loss-after-step"
                why = say(f" These are the losses AFTER each step: record the loss before the step (losses[0] is the"
                          f" loss at w = 0, b = 0: log 2 = {math.log(2):.4f}).",
                          f" Ce sont les pertes APRÈS chaque pas : enregistrez la perte avant le pas (losses[0] est la"
                          f" perte en w = 0, b = 0 : log 2 = {math.log(2):.4f}).")
            elif all(abs(v - n * r) <= rtol * max(1.0, abs(n * r)) for v, r in zip(values, losses_ref)):
                why = say(f" They are n={n} times too large: record the MEAN loss, bce_with_logits(X @ w + b, t).",
                          f" Elles sont n={n} fois trop grandes : enregistrez la perte MOYENNE,"
                          " bce_with_logits(X @ w + b, t).")
                mistake = "sum-not-mean"
            found, wanted = [round(v, 4) for v in values[:4]], [round(r, 4) for r in losses_ref[:4]]
            raise CheckFailed(say(f"losses = {found}..., expected {wanted}...{setting}: the mean BCE of the data before"
                                  f" each step.{why}",
                                  f"losses = {found}..., on attend {wanted}...{setting} : la BCE moyenne des données"
                                  f" avant chaque pas.{why}"), mistake=mistake)
    passed("train_logreg", say(f"w, b and the losses of gradient descent right (n={n}, d={d},"
                               f" {dtype_on(dtype, device)})",
                               f"w, b et les pertes de la descente de gradient sont justes (n={n}, d={d},"
                               f" {dtype_on(dtype, device)})"))


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
