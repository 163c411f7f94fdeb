"""Checks of lab 1 (forward and backward by hand): each compares a student's function
with torch (``torch.nn.functional`` and ``torch.autograd``) and names known mistakes.

Every check takes the student's function and the sizes, dtype, device and seed of a
random problem; the visible tests call them with small fixed sizes, the hidden tests
with others. ``device=None`` means CUDA when available, else CPU; ``device="meta"``
runs shapes only and catches tensors created on a fixed device, even without a GPU.

``backward`` is computed by hand: by whatever route it takes (``.backward()``, ``torch.autograd``,
``torch.func``, another thread...), a use of torch.autograd fails its check (see ``_no_autograd``).

``gradient_check`` is checked on a float64 function whose gradients autograd knows, with
gradients to check that are off by a known relative amount, through an ``f`` that notes
which entries are moved at each call (central differences, eps, each entry restored).
``train_epoch`` runs with the reference forward, backward and sgd in place of the
student's (so it is graded on its own), which note the batches, targets and eta they get;
its result is compared with the reference epoch over torch.randperm(n, generator=generator,
device=X.device). Device-following is judged by what reaches the result: the hidden tests'
``check_contract`` runs each function with its inputs on 'meta' (a stand-in GPU, see
``_harness.hold_on_meta``); a tensor made on the host and used only as Python numbers (indices
enumerated with ``torch.arange(n).tolist()``) is not a fault.

The references (the network's forward pass and its gradients by autograd, the step, the epoch)
are the grader's, reached through ``REF`` (see ``_references``): none ships in this package.

Notation (a batch of n samples): X (n, nx); htilde = X Wh^T + bh (n, nh);
h = tanh(htilde); ytilde = h Wy^T + by (n, ny); yhat = softmax(ytilde) row-wise;
L = -(1/n) sum_i sum_j Y_ij log yhat_ij.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import torch
import torch.nn.functional as F

from ._calling import call, quiet
from ._compare import as_number, dtype_on, expect_accuracy, expect_keys, expect_tensor, normal_distance, shape_str
from ._device import resolve_device, values_device
from ._no_autograd import call_without_autograd
from ._outcome import CheckFailed, mistake_of, named, passed
from ._harness import contract_checker
from ._references import GradedOnly, References
from ._shared import InPlaceOf
from ..language import say

KEYS = ["Wh", "bh", "Wy", "by"]
OUTPUT_KEYS = ["X", "htilde", "h", "ytilde", "yhat"]

REF = References("lab1")
"""The network's forward pass, its gradients, the SGD step and an epoch of it (see ``_references``)."""


def random_problem(n: int, nx: int, nh: int, ny: int, dtype: torch.dtype, device: torch.device,
                   seed: int) -> tuple[dict, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Random params (dict of KEYS), X (n, nx), one-hot Y (n, ny) and class indices y (n,).

    Drawn on the CPU from ``seed`` then moved, so every device sees the same numbers; kept on
    the CPU for 'meta' (which holds no values: a check moves its inputs there afterwards).
    """
    device = values_device(device)
    g = torch.Generator().manual_seed(seed)

    def rnd(*shape: int) -> torch.Tensor:
        return torch.randn(*shape, generator=g, dtype=torch.float64).to(device=device, dtype=dtype)

    params = {"Wh": rnd(nh, nx), "bh": rnd(nh), "Wy": rnd(ny, nh), "by": rnd(ny)}
    X = rnd(n, nx)
    y = torch.randint(ny, (n,), generator=g)
    Y = F.one_hot(y, ny).to(device=device, dtype=dtype)
    return params, X, Y, y.to(device)


def _problem_text(n: int, nx: int, nh: int, ny: int, dtype: torch.dtype, device: torch.device) -> str:
    return f"n={n}, nx={nx}, nh={nh}, ny={ny}, {dtype_on(dtype, device)}"


# --------------------------------------------------------------------------- init_params
def _expect_param(k: str, found: Any, shape: tuple[int, ...], device: torch.device, dtype: torch.dtype,
                  call_text: str) -> None:
    """params[k] of init_params(..., device, dtype): shape, then the device and dtype it was asked for."""
    __tracebackhide__ = True
    if isinstance(found, torch.Tensor) and found.shape == shape:
        if found.device.type != device.type:
            raise CheckFailed(say(f"params[{k!r}] is on device '{found.device.type}', but {call_text}"
                                  f" asked for {device.type!r}:"
                                  " pass device=device to every tensor you create.",
                                  f"params[{k!r}] est sur le device '{found.device.type}', alors que {call_text}"
                                  f" demandait {device.type!r} :"
                                  " passez device=device à chaque tenseur que vous créez."), mistake="ignores-device")
        if found.dtype != dtype:
            raise CheckFailed(say(f"params[{k!r}] has dtype {found.dtype}, but {call_text} asked for {dtype}:"
                                  " pass dtype=dtype to every tensor you create.",
                                  f"params[{k!r}] a le dtype {found.dtype}, alors que {call_text} demandait {dtype} :"
                                  " passez dtype=dtype à chaque tenseur que vous créez."), mistake="ignores-dtype")
    expect_tensor(f"params[{k!r}]", found, torch.empty(shape, device=device, dtype=dtype), compare_values=False)


def expect_init_law(name: str, big: Mapping[str, torch.Tensor], again: Mapping[str, torch.Tensor]) -> None:
    """Weights of ``big`` (sizes 300, 200, 100) ~ N(0, 0.3^2): mean, std and the shape of the law;
    biases exactly zero (or drawn from the same N(0, 0.3^2)); ``again`` (a second call) differs."""
    __tracebackhide__ = True
    for k in ["Wh", "Wy"]:
        w = big[k].detach().double()
        mean, std = w.mean().item(), w.std().item()
        if std == 0:
            raise CheckFailed(say(f"params[{k!r}] has all its entries equal: hidden units would stay identical"
                                  " (symmetry); draw the weights at random with torch.randn.",
                                  f"params[{k!r}] a tous ses coefficients égaux : les neurones cachés resteraient"
                                  " identiques (symétrie) ; tirez les poids au hasard avec torch.randn."),
                              mistake="constant-weights")
        if abs(mean) > 0.05 or not 0.25 < std < 0.35:
            hint = ""
            if mean > 0.1:
                hint = say(" torch.rand is uniform on [0, 1); use torch.randn (normal).",
                           " torch.rand est uniforme sur [0, 1) ; utilisez torch.randn (loi normale).")
            elif abs(std - 0.09) < 0.01:
                hint = say(" 0.3 is the standard deviation (N(0, 0.3^2) has variance 0.09): multiply by 0.3,"
                           " not 0.3**2.",
                           " 0.3 est l'écart-type (N(0, 0.3^2) a pour variance 0.09) : multipliez par 0.3,"
                           " pas par 0.3**2.")
            raise CheckFailed(say(f"params[{k!r}] has mean {mean:.3f} and std {std:.3f}, expected weights ~"
                                  f" N(0, 0.3^2) (mean 0, std 0.3): multiply torch.randn(...) by 0.3.{hint}",
                                  f"params[{k!r}] a pour moyenne {mean:.3f} et pour écart-type {std:.3f}, on attend"
                                  f" des poids ~ N(0, 0.3^2) (moyenne 0, écart-type 0.3) : multipliez"
                                  f" torch.randn(...) par 0.3.{hint}"), mistake="wrong-std")
        gap = normal_distance(w, 0.3)
        if gap > 0.02:
            shape = (say(" (all within +-%.2f: a uniform law?)", " (tous compris dans +-%.2f : une loi uniforme ?)")
                     % w.abs().max().item() if w.abs().max().item() < 0.6 else "")
            raise CheckFailed(say(f"params[{k!r}] has mean {mean:.3f} and std {std:.3f} but is not drawn from a"
                                  f" normal law: its empirical CDF is {gap:.3f} away from N(0, 0.3^2)'s{shape}."
                                  " Mean and std are not enough: use torch.randn(...) * 0.3.",
                                  f"params[{k!r}] a pour moyenne {mean:.3f} et pour écart-type {std:.3f}, mais ne"
                                  f" suit pas une loi normale : sa fonction de répartition empirique est à {gap:.3f}"
                                  f" de celle de N(0, 0.3^2){shape}. La moyenne et l'écart-type ne suffisent pas :"
                                  " utilisez torch.randn(...) * 0.3."), mistake="not-normal")
        if torch.equal(big[k].detach(), again[k].detach()):
            raise CheckFailed(say(f"two calls of {name} gave the same {k!r}: draw it at random at each call.",
                                  f"deux appels de {name} ont donné le même {k!r} : tirez-le au hasard à chaque"
                                  " appel."), mistake="not-random")
    for k in ["bh", "by"]:
        b = big[k].detach().double()
        if b.abs().max().item() == 0:
            continue
        std = b.std().item() if b.numel() > 1 else 0.0
        if abs(b.mean().item()) > 0.1 or not 0.2 < std < 0.4 or normal_distance(b, 0.3) > 0.2:
            raise CheckFailed(say(f"params[{k!r}] has mean {b.mean().item():.3g} and std {std:.3g}, max |b| ="
                                  f" {b.abs().max().item():.3g}: the biases start at exactly zero (torch.zeros), as the"
                                  " notebook says, not drawn at random.",
                                  f"params[{k!r}] a pour moyenne {b.mean().item():.3g} et pour écart-type {std:.3g},"
                                  f" max |b| = {b.abs().max().item():.3g} : les biais doivent valoir exactement zéro au"
                                  " départ (torch.zeros), comme le demande l'énoncé, et non être tirés au"
                                  " hasard."), mistake="small-random-biases")


def shapes(nx: int, nh: int, ny: int) -> dict[str, tuple[int, ...]]:
    """The parameters' shapes: Wh (nh, nx), bh (nh,), Wy (ny, nh), by (ny,)."""
    return {"Wh": (nh, nx), "bh": (nh,), "Wy": (ny, nh), "by": (ny,)}


def expect_init(name: str, init: Callable, nx: int, nh: int, ny: int, dtype: torch.dtype, device: torch.device,
                seed: int, statistics: bool, hints: Mapping[str, str] | None = None,
                each: Callable[[str, torch.Tensor, str], None] | None = None) -> None:
    """``init(nx, nh, ny[, device, dtype])`` (init_params of lab 1, init_params_autograd of lab 2): keys,
    shapes, then the default float32 on the default device, the dtype and device asked for, and the
    N(0, 0.3^2) law of the weights; ``each(key, tensor, "(in <call>)")`` checks more of every tensor."""
    __tracebackhide__ = True
    torch.manual_seed(seed)
    want = shapes(nx, nh, ny)
    plain = f"{name}(nx, nh, ny)"
    calls = [(plain, say(f"(in {plain})", f"(dans {plain})"), {})] if device.type != "meta" else []
    calls.append((f"{name}(..., device={device.type!r}, dtype={dtype})",
                  say(f"(in {name}(..., dtype={dtype}))", f"(dans {name}(..., dtype={dtype}))"),
                  {"device": device, "dtype": dtype}))
    for text, where, kwargs in calls:
        params = call(name, init, nx, nh, ny, hints=hints, **kwargs)
        expect_keys(f"{name}(...)" if kwargs else text, params, KEYS)
        for k in KEYS:
            _expect_param(k, params[k], want[k], kwargs.get("device", torch.empty(0).device),
                          kwargs.get("dtype", torch.float32), text)
            if each is not None:
                each(k, params[k], where)
    if statistics and device.type != "meta":
        big = call(name, init, 300, 200, 100, device=device, dtype=dtype, hints=hints)
        again = call(name, init, 300, 200, 100, device=device, dtype=dtype, hints=hints)
        expect_init_law(name, big, again)


def check_init_params(init_params: Callable, nx: int = 3, nh: int = 5, ny: int = 4,
                      dtype: torch.dtype = torch.float64, device: str | torch.device | None = None,
                      seed: int = 0, statistics: bool = True) -> None:
    """Keys, shapes, dtype, device and the N(0, 0.3^2) law of the weights."""
    __tracebackhide__ = True
    device = resolve_device(device)
    expect_init("init_params", init_params, nx, nh, ny, dtype, device, seed, statistics)
    passed("init_params", say(f"keys, shapes, dtype and device right (nx={nx}, nh={nh}, ny={ny},"
                              f" {dtype_on(dtype, device)})",
                              f"clés, formes, dtype et device corrects (nx={nx}, nh={nh}, ny={ny},"
                              f" {dtype_on(dtype, device)})"))


# --------------------------------------------------------------------------- forward
def _forward_hints() -> dict[str, str]:
    """Hints for the errors a forward pass commonly raises (see ``call``), in the language of the moment: each
    key is a piece of torch's error message."""
    return {
        "cannot be multiplied": named(  # not shown to students (torch's message, matched)
            "mismatched-matrix-product",
            say(" Wh is (nh, nx) and Wy (ny, nh): htilde = X @ Wh.T + bh, ytilde = h @ Wy.T + by.",
                " Wh est de forme (nh, nx) et Wy de forme (ny, nh) : htilde = X @ Wh.T + bh,"
                " ytilde = h @ Wy.T + by.")),
        "must match the size of tensor": named(  # not shown to students (torch's message, matched)
            "shapes-do-not-broadcast",
            say(" Check the shapes you combine: a bias (nh,) broadcasts over the rows as it is;"
                " to divide each row by its own sum, keep the summed dim: e.sum(dim=1, keepdim=True).",
                " Vérifiez les formes que vous combinez : un biais (nh,) s'ajoute tel quel à chaque ligne"
                " (broadcasting) ; pour diviser chaque ligne par sa propre somme, gardez la dimension sommée :"
                " e.sum(dim=1, keepdim=True).")),
    }


def check_forward(forward: Callable, n: int = 6, nx: int = 3, nh: int = 5, ny: int = 4,
                  dtype: torch.dtype = torch.float64, device: str | torch.device | None = None, seed: int = 0) -> None:
    """Every intermediate output against torch's, in order, naming common slips."""
    __tracebackhide__ = True
    device = resolve_device(device)
    params, X, _, _ = random_problem(n, nx, nh, ny, dtype, device, seed)
    ref = REF.forward(params, X)
    if device.type == "meta":
        params = {k: v.to("meta") for k, v in params.items()}
        ref = {k: v.to("meta") for k, v in ref.items()}
        X = X.to("meta")
    before = {k: v.clone() for k, v in [*params.items(), ("X", X)]}
    result = call("forward", forward, dict(params), X, where=say(f" (on {device.type})", f" (sur {device.type})"),
                  hints=_forward_hints())
    if device.type != "meta":
        changed = [k for k, v in [*params.items(), ("X", X)] if not torch.equal(before[k], v)]
        if changed:
            what = "X" if changed[0] == "X" else f"params[{changed[0]!r}]"
            raise CheckFailed(say(f"forward changed its input {what} in place:"
                                  " it must leave params and X as they are (use out-of-place operations: a = b + c,"
                                  " not b += c).",
                                  f"forward a modifié son entrée {what} en place : elle doit laisser params et X"
                                  " tels quels (utilisez des opérations qui créent un nouveau tenseur : a = b + c,"
                                  " pas b += c)."), mistake="changes-input-in-place")
    if not (isinstance(result, tuple) and len(result) == 2):
        raise CheckFailed(say(f"forward returned a {type(result).__name__}, expected a pair (Yhat, outputs).",
                              f"forward a renvoyé un {type(result).__name__}, on attend une paire (Yhat, outputs)."),
                          mistake="not-a-tuple")
    Yhat, outputs = result
    expect_keys("outputs", outputs, OUTPUT_KEYS)
    Wh, bh, Wy, by = (params[k] for k in KEYS)
    ht, h = ref["htilde"], ref["h"]
    htilde_mistakes = {named("no-hidden-bias", say("you forgot the bias bh.", "vous avez oublié le biais bh.")):
                       X @ Wh.T}
    if nx == nh:  # X @ Wh only runs when Wh is square
        htilde_mistakes[named("wh-not-transposed",
                              say("X @ Wh gives the wrong product: use X @ Wh.T (Wh is (nh, nx)).",
                                  "X @ Wh donne le mauvais produit : utilisez X @ Wh.T (Wh est de forme"
                                  " (nh, nx))."))] = X @ Wh + bh
    expect_tensor("outputs['htilde']", outputs["htilde"], ht, htilde_mistakes)
    expect_tensor("outputs['h']", outputs["h"], h,
                  {named("no-tanh", say("h = htilde: you forgot the tanh activation.",
                                        "h = htilde : vous avez oublié l'activation tanh.")): ht,
                   named("sigmoid-hidden",
                         say("that is a sigmoid; the hidden activation of this network is tanh.",
                             "c'est une sigmoïde ; l'activation cachée de ce réseau est tanh.")): torch.sigmoid(ht),
                   named("relu-hidden",
                         say("that is a ReLU; the hidden activation of this network is tanh.",
                             "c'est une ReLU ; l'activation cachée de ce réseau est tanh.")): torch.relu(ht)})
    ytilde_mistakes = {named("ytilde-from-htilde", say("it is computed from htilde; the output layer takes h ="
                                                       " tanh(htilde).",
                                                       "calculé à partir de htilde ; la couche de sortie prend h ="
                                                       " tanh(htilde).")): F.linear(ht, Wy, by),
                       named("no-output-bias", say("you forgot the bias by.", "vous avez oublié le biais by.")):
                           h @ Wy.T}
    if nh == ny:  # h @ Wy only runs when Wy is square
        ytilde_mistakes[named("wy-not-transposed",
                              say("h @ Wy gives the wrong product: use h @ Wy.T (Wy is (ny, nh)).",
                                  "h @ Wy donne le mauvais produit : utilisez h @ Wy.T (Wy est de forme"
                                  " (ny, nh))."))] = h @ Wy + by
    expect_tensor("outputs['ytilde']", outputs["ytilde"], ref["ytilde"], ytilde_mistakes)
    yt = ref["ytilde"]
    softmax_mistakes = {
        named("softmax-wrong-axis", say("softmax over the wrong axis: each row (one sample) must sum to 1;"
                                        " normalise over dim=1.",
                                        "softmax sur le mauvais axe : la somme de chaque ligne (un exemple) doit"
                                        " valoir 1 ; normalisez selon dim=1.")): torch.softmax(yt, dim=0),
        named("no-softmax", say("yhat = ytilde: you forgot the softmax.",
                                "yhat = ytilde : vous avez oublié le softmax.")): yt,
        named("sigmoid-output",
              say("that is a sigmoid; the output activation is a softmax (rows sum to 1).",
                  "c'est une sigmoïde ; l'activation de sortie est un softmax (la somme de chaque ligne vaut 1).")):
            torch.sigmoid(yt),
        named("softmax-not-normalised",
              say("exp(ytilde) is not normalised: divide by its sum over each row.",
                  "exp(ytilde) n'est pas normalisé : divisez par sa somme sur chaque ligne.")): torch.exp(yt),
        named("softmax-whole-batch",
              say("exp(ytilde) is divided by its sum over the whole batch: divide by the sum over each row"
                  " (dim=1, keepdim=True).",
                  "exp(ytilde) est divisé par sa somme sur tout le mini-lot : divisez par la somme de chaque ligne"
                  " (dim=1, keepdim=True).")): torch.softmax(yt.flatten(), dim=0).view_as(yt),
    }
    expect_tensor("outputs['yhat']", outputs["yhat"], ref["yhat"], softmax_mistakes)
    expect_tensor(say("Yhat (the first value returned)", "Yhat (la première valeur renvoyée)"), Yhat, ref["yhat"],
                  softmax_mistakes)
    problem = _problem_text(n, nx, nh, ny, dtype, device)
    passed("forward", say(f"every output equals torch's ({problem})",
                          f"chaque sortie est égale à celle de torch ({problem})"))


# --------------------------------------------------------------------------- loss_accuracy
def check_loss_accuracy(loss_accuracy: Callable, n: int = 10, ny: int = 4,
                        dtype: torch.dtype = torch.float64, device: str | torch.device | None = None,
                        seed: int = 0) -> None:
    """L against ``F.nll_loss(log Yhat, y)``; acc against the fraction of argmax matches."""
    __tracebackhide__ = True
    device = resolve_device(device)
    g = torch.Generator().manual_seed(seed)
    Yhat = torch.softmax(2 * torch.randn(n, ny, generator=g, dtype=torch.float64), dim=1)
    pred = Yhat.argmax(dim=1)
    right = torch.zeros(n, dtype=torch.bool)
    k = min(max(1, round(0.6 * n)), max(1, n - 1))  # about 60% right: neither 0% nor 100% when n > 1
    right[torch.randperm(n, generator=g)[:k]] = True
    y = torch.where(right, pred, (pred + 1 + torch.randint(ny - 1, (n,), generator=g)) % ny)
    Y = F.one_hot(y, ny).to(torch.float64)
    L_ref = F.nll_loss(torch.log(Yhat), y)
    acc_ref = (pred == y).double().mean().item()
    acc_elementwise = (Yhat == Y).double().mean().item()
    no_targets = -torch.log(Yhat).sum(dim=1)
    loss_mistakes = {
        named("sum-not-mean",
              say(f"it is n={n} times too large: average over the samples (.mean()), do not sum.",
                  f"n={n} fois trop grand : faites la moyenne sur les exemples (.mean()), pas la somme.")): n * L_ref,
        named("mean-over-all-entries",
              say(f"it is ny={ny} times too small: sum over the classes (dim=1), then average over the"
                  " samples.",
                  f"ny={ny} fois trop petit : sommez sur les classes (dim=1), puis faites la moyenne sur les"
                  " exemples.")): L_ref / ny,
        named("missing-minus", say("it has the wrong sign: L = -mean_i sum_j Y_ij log(Yhat_ij) is positive.",
                                   "mauvais signe : L = -mean_i sum_j Y_ij log(Yhat_ij) est positive.")): -L_ref,
        named("log10", say("log base 10? use the natural logarithm torch.log.",
                           "log en base 10 ? Utilisez le logarithme népérien torch.log.")): L_ref / math.log(10),
        named("cross-entropy-on-probabilities",
              say("F.cross_entropy takes logits (ytilde) and applies its own softmax: on the probabilities Yhat"
                  " that is a second softmax. Compute it from torch.log(Yhat).",
                  "F.cross_entropy prend des logits (ytilde) et applique son propre softmax : sur les probabilités"
                  " Yhat, cela fait un second softmax. Calculez la perte à partir de torch.log(Yhat).")):
            F.cross_entropy(Yhat, y),
        named("forgets-targets", say("it sums -log(Yhat) over every class: multiply by the one-hot Y so that"
                                     " only the true class counts.",
                                     "somme de -log(Yhat) sur toutes les classes : multipliez par le Y one-hot pour"
                                     " que seule la vraie classe compte.")): no_targets.mean(),
        named("forgets-targets", say("it averages -log(Yhat) over every entry: multiply by the one-hot Y so that"
                                     " only the true class counts.",
                                     "moyenne de -log(Yhat) sur tous les coefficients : multipliez par le Y one-hot"
                                     " pour que seule la vraie classe compte.")): no_targets.mean() / ny,
    }
    Yhat, Y, L_ref = (t.to(device=device, dtype=dtype) for t in (Yhat, Y, L_ref))
    loss_mistakes = {m: t.to(device=device, dtype=dtype) for m, t in loss_mistakes.items()}
    Yhat_before, Y_before = Yhat.clone(), Y.clone()
    result = call("loss_accuracy", loss_accuracy, Yhat, Y)
    for what, t, t0 in [("Yhat", Yhat, Yhat_before), ("Y", Y, Y_before)]:
        if not torch.equal(t, t0):
            raise CheckFailed(say(f"loss_accuracy changed its input {what} in place (an in-place operation such as"
                                  f" {what}.log_() or {what}.clamp_()): it must leave Yhat and Y as they"
                                  " are; use torch.log(Yhat).",
                                  f"loss_accuracy a modifié son entrée {what} en place (une opération en place comme"
                                  f" {what}.log_() ou {what}.clamp_()) : elle doit laisser Yhat et Y tels quels ;"
                                  " utilisez torch.log(Yhat)."), mistake="changes-input-in-place")
    if not (isinstance(result, tuple) and len(result) == 2):
        raise CheckFailed(say(f"loss_accuracy returned a {type(result).__name__}, expected a pair (L, acc).",
                              f"loss_accuracy a renvoyé un {type(result).__name__}, on attend une paire (L, acc)."),
                          mistake="not-a-tuple")
    L, acc = result
    if isinstance(L, torch.Tensor) and L.shape == (n,):
        raise CheckFailed(say(f"L has shape {shape_str(L.shape)}, expected a 0-dim tensor: average the"
                              " per-sample losses (.mean()).",
                              f"L a la forme {shape_str(L.shape)}, on attend un tenseur de dimension 0 : faites la"
                              " moyenne des pertes par exemple (.mean())."), mistake="per-sample-loss")
    expect_tensor("L", L, L_ref, loss_mistakes)
    expect_accuracy(acc, acc_ref, n, "Yhat", {
        named("accuracy-elementwise", say("It compares the probabilities Yhat with the one-hot Y entry by entry:"
                                          " compare the predicted classes, Yhat.argmax(dim=1) == Y.argmax(dim=1).",
                                          "Votre calcul compare les probabilités Yhat au Y one-hot coefficient par"
                                          " coefficient : comparez les classes prédites,"
                                          " Yhat.argmax(dim=1) == Y.argmax(dim=1).")): acc_elementwise,
    })
    problem = f"n={n}, ny={ny}, {dtype_on(dtype, device)}"
    passed("loss_accuracy", say(f"L equals F.nll_loss(log Yhat, y) and acc = {acc_ref:.2f} ({problem})",
                                f"L est égale à F.nll_loss(log Yhat, y) et acc = {acc_ref:.2f} ({problem})"))


# --------------------------------------------------------------------------- backward
def _output_error(ytilde: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """delta_y = dL/dytilde (n, ny) of the mean cross-entropy of the logits ytilde, by torch.autograd."""
    with torch.enable_grad():
        ytilde = ytilde.detach().requires_grad_(True)
        return torch.autograd.grad(F.cross_entropy(ytilde, y), ytilde)[0]


def _gradient_mistakes(key: str, ref: torch.Tensor, n: int, wrong_derivatives: Mapping[str, dict],
                       wrong_inputs: Mapping[str, torch.Tensor] | None = None) -> dict[str, torch.Tensor]:
    """Known wrong results for the gradient ``key``, each with the message that names it."""
    mistakes = {
        named("sum-not-mean", say(f"it is n={n} times too large: did you differentiate the summed loss instead of"
                                  " the mean (divide by n once)?",
                                  f"n={n} fois trop grand : avez-vous dérivé la perte sommée au lieu de la moyenne"
                                  " (divisez par n une seule fois) ?")): n * ref,
        named("divided-twice", say(f"it is n={n} times too small: did you divide by n twice?",
                                   f"n={n} fois trop petit : avez-vous divisé deux fois par n ?")): ref / n,
        named("wrong-sign",
              say("it has the wrong sign: the gradient of L w.r.t. ytilde is (Yhat - Y) / n, not (Y - Yhat) / n.",
                  "mauvais signe : le gradient de L par rapport à ytilde est (Yhat - Y) / n, pas (Y - Yhat) / n.")):
            -ref,
    }
    if ref.dim() == 2 and ref.shape[0] == ref.shape[1]:
        mistakes[named("transposed", say("it is transposed.", "c'est la transposée."))] = ref.T
    if key == "Wy" and wrong_inputs is not None:
        mistakes[named("dwy-from-htilde", say("it is computed from htilde: the output layer takes h = tanh(htilde),"
                                              " so dL/dWy = delta_y.T @ h.",
                                              "calculé à partir de htilde : la couche de sortie prend"
                                              " h = tanh(htilde), donc dL/dWy = delta_y.T @ h."))] = wrong_inputs["Wy"]
    if key in ("Wh", "bh"):
        mistakes.update({
            named("no-tanh-derivative",
                  say("the tanh derivative is missing: multiply by (1 - h**2) elementwise.",
                      "il manque la dérivée de tanh : multipliez par (1 - h**2) élément par élément.")):
                wrong_derivatives["missing"][key],
            named("sigmoid-derivative",
                  say("that is the sigmoid's derivative h (1 - h); tanh's is 1 - h**2.",
                      "c'est la dérivée de la sigmoïde, h (1 - h) ; celle de tanh est 1 - h**2.")):
                wrong_derivatives["sigmoid"][key],
            named("derivative-of-htilde", say("the derivative of tanh is 1 - tanh(htilde)**2 = 1 - h**2, not 1 -"
                                              " htilde**2.",
                                              "la dérivée de tanh est 1 - tanh(htilde)**2 = 1 - h**2, pas"
                                              " 1 - htilde**2.")): wrong_derivatives["of_htilde"][key],
        })
    return mistakes


def _backward_hints() -> dict[str, str]:
    """Hints for the errors a backward pass commonly raises (see ``call``), in the language of the moment: each
    key is a piece of torch's error message."""
    return {
        "cannot be multiplied": named(  # not shown to students (torch's message, matched)
            "mismatched-matrix-product",
            say(" Shapes: delta_y (n, ny), Wy (ny, nh), h (n, nh), X (n, nx);"
                " delta_h = (delta_y @ Wy) * (1 - h**2), dWy = delta_y.T @ h, dWh = delta_h.T @ X.",
                " Formes : delta_y (n, ny), Wy (ny, nh), h (n, nh), X (n, nx) ;"
                " delta_h = (delta_y @ Wy) * (1 - h**2), dWy = delta_y.T @ h, dWh = delta_h.T @ X.")),
    }


def check_backward(backward: Callable, n: int = 6, nx: int = 3, nh: int = 5, ny: int = 4,
                   dtype: torch.dtype = torch.float64, device: str | torch.device | None = None, seed: int = 0) -> None:
    """The four gradients against torch.autograd's, on outputs computed by torch."""
    __tracebackhide__ = True
    device = resolve_device(device)
    params, X, Y, y = random_problem(n, nx, nh, ny, dtype, device, seed)
    with quiet(), torch.no_grad():
        outputs = REF.forward(params, X)
    expected = REF.backward(params, X, y)
    wrong = {d: REF.backward(params, X, y, d) for d in ("missing", "sigmoid", "of_htilde")}
    wrong_inputs = {"Wy": _output_error(outputs["ytilde"], y).T @ outputs["htilde"]}
    if device.type == "meta":
        params, outputs, Y, expected = ({k: v.to("meta") for k, v in d.items()}
                                        for d in (params, outputs, {"Y": Y}, expected))
        Y = Y["Y"]
    before = {k: v.clone() for k, v in params.items()}
    grads = call_without_autograd("backward", backward, dict(params), dict(outputs), Y,
                                  where=say(f" (on {device.type})", f" (sur {device.type})"), hints=_backward_hints())
    expect_keys("grads", grads, KEYS)
    for key in ["Wy", "by", "Wh", "bh"]:
        found = grads[key]
        summed_over_units = (key in ("by", "bh") and isinstance(found, torch.Tensor) and found.shape == (n,)
                             and n != expected[key].shape[0])
        if summed_over_units:
            raise CheckFailed(say(f"grads[{key!r}] has shape {shape_str(found.shape)}, expected"
                                  f" {shape_str(expected[key].shape)}:"
                                  " sum over the samples (dim=0), not over the units.",
                                  f"grads[{key!r}] a la forme {shape_str(found.shape)}, on attend"
                                  f" {shape_str(expected[key].shape)} :"
                                  " sommez sur les exemples (dim=0), pas sur les neurones."),
                              mistake="bias-summed-over-units")
        expect_tensor(f"grads[{key!r}]", found, expected[key],
                      _gradient_mistakes(key, expected[key], n, wrong, wrong_inputs))
    if device.type != "meta" and any(not torch.equal(before[k], params[k]) for k in KEYS):
        raise CheckFailed(say("backward modified the parameters: it must only compute gradients (sgd updates).",
                              "backward a modifié les paramètres : elle doit seulement calculer les gradients"
                              " (c'est sgd qui les met à jour)."), mistake="changes-params")
    problem = _problem_text(n, nx, nh, ny, dtype, device)
    passed("backward", say(f"the 4 gradients equal torch.autograd's ({problem})",
                           f"les 4 gradients sont égaux à ceux de torch.autograd ({problem})"))


# --------------------------------------------------------------------------- sgd
def sgd_problem(nx: int, nh: int, ny: int, eta: float, dtype: torch.dtype, device: torch.device, seed: int,
                g: str, unchanged: str, ref: Any = REF) -> tuple[dict, dict, dict, dict[str, dict[str, torch.Tensor]]]:
    """One descent step to check: (params, grads, expected p - eta * grads, mistakes) on ``device``.

    ``mistakes[key]`` maps a message to what a known wrong step gives (uphill, no eta, not
    updated: the ``unchanged`` message); ``g`` names the gradient in the messages. ``expected``
    is the reference ``sgd`` of ``ref`` (the references of the lab that checks the step).
    """
    params, _, _, _ = random_problem(1, nx, nh, ny, dtype, device, seed)
    grads, _, _, _ = random_problem(1, nx, nh, ny, dtype, device, seed + 1)
    expected = ref.sgd(params, grads, eta)
    uphill = named("uphill", say(f"it goes uphill: descent is p - eta * {g}, not p + eta * {g}.",
                                 f"le pas monte au lieu de descendre : la descente est p - eta * {g},"
                                 f" pas p + eta * {g}."))
    no_eta = named("no-eta", say(f"the learning rate eta is missing: p - eta * {g}.",
                                 f"il manque le taux d'apprentissage eta : p - eta * {g}."))
    mistakes = {k: {uphill: params[k] + eta * grads[k], no_eta: params[k] - grads[k], unchanged: params[k]}
                for k in KEYS}
    if device.type == "meta":
        params, grads, expected = ({k: v.to("meta") for k, v in d.items()} for d in (params, grads, expected))
    return params, grads, expected, mistakes


def check_sgd(sgd: Callable, nx: int = 3, nh: int = 5, ny: int = 4, eta: float = 0.1,
              dtype: torch.dtype = torch.float64, device: str | torch.device | None = None, seed: int = 0) -> None:
    """p <- p - eta * g for every key, returned."""
    __tracebackhide__ = True
    device = resolve_device(device)
    params, grads, expected, mistakes = sgd_problem(
        nx, nh, ny, eta, dtype, device, seed, "g", named(
            "rebinds-loop-variable", say("it was not updated: store each new tensor in the dict you return"
                                         " (params[key] = ...); assigning to a loop variable changes nothing.",
                                         "non mis à jour : rangez chaque nouveau tenseur dans le dict que vous"
                                         " renvoyez (params[key] = ...) ; affecter une variable de boucle ne change"
                                         " rien.")))
    grads_before = {k: v.clone() for k, v in grads.items()}
    result = call("sgd", sgd, dict(params), grads, eta, where=say(f" (on {device.type})", f" (sur {device.type})"))
    if result is None:
        raise CheckFailed(say("sgd returned None: return the (updated) params dict.",
                              "sgd a renvoyé None : renvoyez le dict params (mis à jour)."), mistake="returns-none")
    expect_keys("sgd(...)", result, KEYS)
    for k in KEYS:
        expect_tensor(f"sgd(...)[{k!r}]", result[k], expected[k], mistakes[k])
    if device.type != "meta" and any(not torch.equal(grads_before[k], grads[k]) for k in KEYS):
        raise CheckFailed(say("sgd modified the gradients: only the parameters change.",
                              "sgd a modifié les gradients : seuls les paramètres changent."), mistake="changes-grads")
    passed("sgd", say(f"p - eta * g for every parameter (eta={eta}, {dtype_on(dtype, device)})",
                      f"p - eta * g pour chaque paramètre (eta={eta}, {dtype_on(dtype, device)})"))


# --------------------------------------------------------------------------- gradient_check
def _then(hit: str) -> str:
    """The known mistake ``hit`` as a sentence appended to a message: a space, then a capital ("" if none)."""
    return f" {hit[:1].upper()}{hit[1:]}" if hit else ""


RMAX = {"Wh": 0.3, "bh": 0.1, "Wy": 0.5, "by": 0.05}
"""Per key, the largest relative perturbation put into the gradients given to gradient_check."""


def gradient_check_problem(nx: int, nh: int, ny: int, seed: int) -> tuple[dict, Callable, dict, dict]:
    """(params, f, grads, true_grads) in float64 on the CPU.

    f(params) = sum_k sum_i (c_ki p_ki + sin p_ki) + 0.1 (sum_k sum_i w_ki p_ki)^2 has gradients
    c + cos p + 0.2 w S, all of size at least 0.3, so relative errors are well defined; the
    last term couples the entries (an entry left perturbed changes the others' gradients).
    ``grads`` are the true (autograd) gradients scaled entry by entry by 1 + r, r in [-RMAX[k], RMAX[k]].
    """
    g = torch.Generator().manual_seed(seed)
    shape = shapes(nx, nh, ny)
    params = {k: torch.randn(*shape[k], generator=g, dtype=torch.float64) for k in KEYS}
    c = {k: 1.5 + torch.rand(*shape[k], generator=g, dtype=torch.float64) for k in KEYS}
    total = max(1, sum(p.numel() for p in params.values()))
    w = {k: torch.rand(*shape[k], generator=g, dtype=torch.float64) / total for k in KEYS}

    def f(p: Mapping[str, torch.Tensor]) -> torch.Tensor:
        s = sum((w[k].to(p[k].device) * p[k]).sum() for k in KEYS)
        return sum((c[k].to(p[k].device) * p[k] + torch.sin(p[k])).sum() for k in KEYS) + 0.1 * s**2

    leaves = {k: v.clone().requires_grad_(True) for k, v in params.items()}
    with torch.enable_grad():
        true = dict(zip(KEYS, torch.autograd.grad(f(leaves), [leaves[k] for k in KEYS])))
    grads = {}
    for k in KEYS:
        r = RMAX[k] * (2 * torch.rand(*shape[k], generator=g, dtype=torch.float64) - 1)
        extremes = torch.tensor([RMAX[k], -RMAX[k]], dtype=torch.float64)
        r.view(-1)[torch.randperm(r.numel(), generator=g)[:2]] = extremes[:r.numel()]
        grads[k] = true[k] * (1 + r)
    return params, f, grads, true


class _RecordingLoss:
    """f for gradient_check: the loss, noting which entries differ from ``params`` at each call."""

    def __init__(self, f: Callable, params: Mapping[str, torch.Tensor], eps: float) -> None:
        self.f, self.params, self.eps = f, {k: v.clone() for k, v in params.items()}, eps
        self.calls: list[list[tuple[str, int, float]]] = []  # per call: (key, flat index, delta) of every moved entry
        self.bad_input: str | None = None

    def __call__(self, p: Mapping[str, torch.Tensor]) -> torch.Tensor:
        moved = []
        for k in KEYS:
            not_original = (not isinstance(p, Mapping) or k not in p or not isinstance(p[k], torch.Tensor)
                            or p[k].shape != self.params[k].shape)
            if not_original:
                self.bad_input = self.bad_input or say(f"f was called with something other than a params dict of"
                                                       f" the original shapes (key {k!r})",
                                                       f"f a été appelée avec autre chose qu'un dict params aux formes"
                                                       f" d'origine (clé {k!r})")
                continue
            d = (p[k].detach().double().cpu() - self.params[k]).flatten()
            for i in (d.abs() > 1e-3 * self.eps).nonzero().flatten().tolist():
                moved.append((k, i, d[i].item()))
        self.calls.append(moved)
        return self.f(p)


def _entry(k: str, i: int, shape: torch.Size) -> str:
    idx = torch.unravel_index(torch.tensor(i), shape)
    return f"params[{k!r}][{', '.join(str(int(j)) for j in idx)}]"


def _expect_central_differences(rec: _RecordingLoss) -> None:
    """Every entry evaluated at p + eps and at p - eps, one entry at a time, each restored."""
    __tracebackhide__ = True
    eps = rec.eps
    if rec.bad_input:
        raise CheckFailed(say(f"gradient_check: {rec.bad_input}: pass params (with one entry moved) to f.",
                              f"gradient_check : {rec.bad_input} : passez params (avec un coefficient déplacé) à f."),
                          mistake="wrong-f-argument")
    if not rec.calls:
        raise CheckFailed(say("gradient_check never called f: the numerical gradient needs f(params) with"
                              " each entry moved by +-eps.",
                              "gradient_check n'a jamais appelé f : le gradient numérique demande f(params) avec"
                              " chaque coefficient déplacé de +-eps."), mistake="never-calls-f")
    seen: dict[tuple[str, int], set[int]] = {}
    for moved in rec.calls:
        if len(moved) > 1:
            (k1, i1, d1), (k2, i2, d2) = moved[0], moved[1]
            e1, e2 = _entry(k1, i1, rec.params[k1].shape), _entry(k2, i2, rec.params[k2].shape)
            raise CheckFailed(say(f"gradient_check moved several entries at once: f was called with"
                                  f" {e1} moved by {d1:.3g} and {e2}"
                                  f" by {d2:.3g}. Restore each entry (p[i] = old value) before moving the next one.",
                                  f"gradient_check a déplacé plusieurs coefficients à la fois : f a été appelée avec"
                                  f" {e1} déplacé de {d1:.3g} et {e2} de {d2:.3g}. Restaurez chaque coefficient"
                                  " (p[i] = ancienne valeur) avant de déplacer le suivant."),
                              mistake="entry-not-restored")
        for k, i, d in moved:
            if abs(abs(d) - eps) > 1e-3 * eps:
                entry = _entry(k, i, rec.params[k].shape)
                raise CheckFailed(say(f"gradient_check moved {entry} by"
                                      f" {d:.3g}, but eps = {eps:g}:"
                                      " move each entry by +eps and -eps, with the eps it is given"
                                      " (not a number of your own).",
                                      f"gradient_check a déplacé {entry} de {d:.3g}, alors que eps = {eps:g} :"
                                      " déplacez chaque coefficient de +eps et de -eps, avec l'eps reçu en argument"
                                      " (pas un nombre de votre choix)."), mistake="ignores-eps")
            seen.setdefault((k, i), set()).add(1 if d > 0 else -1)
    for k in KEYS:
        for i in range(rec.params[k].numel()):
            signs = seen.get((k, i), set())
            entry = _entry(k, i, rec.params[k].shape)
            if not signs:
                raise CheckFailed(say("gradient_check never moved"
                                      f" {entry}: check every entry of"
                                      " every parameter (loop over the keys, then over p.numel() entries).",
                                      f"gradient_check n'a jamais déplacé {entry} : vérifiez chaque coefficient de"
                                      " chaque paramètre (une boucle sur les clés, puis sur les p.numel()"
                                      " coefficients)."), mistake="misses-entries")
            if signs != {1, -1}:
                unmoved = any(not m for m in rec.calls)
                sign = "+" if 1 in signs else "-"
                also = say(" (and at p itself): that is a forward difference",
                           " (et en p lui-même) : c'est une différence décentrée") if unmoved else ""
                raise CheckFailed(say(f"gradient_check evaluated f only at p {sign} eps for"
                                      f" {entry}"
                                      f"{also}."
                                      " Use central"
                                      " differences, (f(p + eps) - f(p - eps)) / (2 eps): their error"
                                      " is O(eps^2), not O(eps).",
                                      f"gradient_check n'a évalué f qu'en p {sign} eps pour {entry}{also}."
                                      " Utilisez des différences centrées, (f(p + eps) - f(p - eps)) / (2 eps) :"
                                      " leur erreur est en O(eps^2), pas en O(eps)."), mistake="forward-difference")


def check_gradient_check(gradient_check: Callable, nx: int = 3, nh: int = 4, ny: int = 3, eps: float | None = None,
                         seed: int = 0) -> None:
    """gradient_check(f, params, grads[, eps]) on a float64 problem whose gradients are known
    (autograd) and deliberately wrong by a known relative amount per key; every entry moved by
    +-eps one at a time and restored; params and grads left as they were."""
    __tracebackhide__ = True
    params, f, grads, true = gradient_check_problem(nx, nh, ny, seed)
    used_eps = 1e-6 if eps is None else eps
    rec = _RecordingLoss(f, params, used_eps)
    grads_before = {k: v.clone() for k, v in grads.items()}
    args = () if eps is None else (eps,)
    result = call("gradient_check", gradient_check, rec, params, grads, *args)
    _expect_central_differences(rec)
    for k in KEYS:
        if not torch.allclose(params[k], rec.params[k], rtol=0, atol=1e-3 * used_eps):  # restored up to rounding
            i = int((params[k] - rec.params[k]).abs().flatten().argmax())
            entry, after, before = (_entry(k, i, params[k].shape), params[k].flatten()[i].item(),
                                    rec.params[k].flatten()[i].item())
            raise CheckFailed(say(f"gradient_check did not restore {entry}: it is"
                                  f" {after:.17g} after the call,"
                                  f" {before:.17g}"
                                  " before. Save the entry's value and put it back after its two evaluations.",
                                  f"gradient_check n'a pas restauré {entry} : il vaut {after:.17g} après l'appel,"
                                  f" {before:.17g} avant. Gardez la valeur du coefficient et remettez-la après ses"
                                  " deux évaluations."), mistake="entry-not-restored")
        if not torch.equal(grads[k], grads_before[k]):
            raise CheckFailed(say(f"gradient_check changed grads[{k!r}]: it must only read the gradients it checks.",
                                  f"gradient_check a modifié grads[{k!r}] : elle doit seulement lire les gradients"
                                  " qu'elle vérifie."), mistake="changes-grads")
    if result is None:
        raise CheckFailed(say("gradient_check returned None: return a dict {key: max relative error}.",
                              "gradient_check a renvoyé None : renvoyez un dict {clé: erreur relative max}."),
                          mistake="returns-none")
    expect_keys("gradient_check(...)", result, KEYS)

    def per_key(error: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]) -> dict[str, float]:
        return {k: error(grads[k], true[k]).max().item() for k in KEYS}

    expected = per_key(lambda g, n: (g - n).abs() / torch.clamp(g.abs() + n.abs(), min=1e-12))
    mistakes = {
        named("absolute-error",
              say("it is the absolute error abs(g - g_num), not the relative one.",
                  "c'est l'erreur absolue abs(g - g_num), pas l'erreur relative.")):
            per_key(lambda g, n: (g - n).abs()),
        named("relative-to-g-only", say("it divides by abs(g) only: the relative error divides by abs(g) +"
                                        " abs(g_num).",
                                        "division par abs(g) seul : l'erreur relative divise par abs(g) +"
                                        " abs(g_num).")): per_key(lambda g, n: (g - n).abs() / g.abs()),
        named("max-denominator", say("it divides by max(abs(g), abs(g_num)): the formula divides by abs(g) +"
                                     " abs(g_num).",
                                     "division par max(abs(g), abs(g_num)) : la formule divise par abs(g) +"
                                     " abs(g_num).")):
            per_key(lambda g, n: (g - n).abs() / torch.maximum(g.abs(), n.abs())),
        named("divides-by-eps",
              say("the numerical gradient is twice too large: central differences divide by 2 eps, not eps.",
                  "le gradient numérique est deux fois trop grand : les différences centrées divisent par 2 eps,"
                  " pas par eps.")):
            per_key(lambda g, n: (g - 2 * n).abs() / (g.abs() + 2 * n.abs())),
        named("divides-by-4-eps",
              say("the numerical gradient is twice too small: divide by 2 eps, not 4 eps or (2 eps)^2.",
                  "le gradient numérique est deux fois trop petit : divisez par 2 eps, pas par 4 eps ni par"
                  " (2 eps)^2.")):
            per_key(lambda g, n: (g - n / 2).abs() / (g.abs() + n.abs() / 2)),
        named("mean-not-max", say("it is the mean relative error over the entries: take the max.",
                                  "c'est l'erreur relative moyenne sur les coefficients : prenez le max.")):
            {k: ((grads[k] - true[k]).abs() / (grads[k].abs() + true[k].abs())).mean().item() for k in KEYS},
    }
    largest = max(expected.values())
    mistakes[named("global-max", say("every key gets the max over all the parameters: return one max per"
                                     " key.",
                                     "chaque clé reçoit le max sur tous les paramètres : renvoyez un max par"
                                     " clé."))] = {k: largest for k in KEYS}
    for k in KEYS:
        found = as_number(f"gradient_check(...)[{k!r}]", result[k],
                          say(" (the max relative error of that parameter)",
                              " (l'erreur relative max de ce paramètre)"))
        if abs(found - expected[k]) <= 1e-5:
            continue
        hit = next((m for m, v in mistakes.items() if abs(found - v[k]) <= 1e-5 * max(1.0, abs(v[k]))), "")
        why = _then(hit)
        raise CheckFailed(say(f"gradient_check(...)[{k!r}] = {found:.6g}, expected {expected[k]:.6g}:"
                              " the max over the entries"
                              " of abs(g - g_num) / max(abs(g) + abs(g_num), 1e-12), with g ="
                              f" grads[{k!r}] (given off by up"
                              f" to {RMAX[k]:.0%} here on purpose).{why}",
                              f"gradient_check(...)[{k!r}] = {found:.6g}, attendu {expected[k]:.6g} : le max sur les"
                              " coefficients de abs(g - g_num) / max(abs(g) + abs(g_num), 1e-12), avec g ="
                              f" grads[{k!r}] (faussé ici exprès, jusqu'à {100 * RMAX[k]:.0f} %).{why}"),
                          mistake=mistake_of(hit))
    problem = f"eps={used_eps:g}, nx={nx}, nh={nh}, ny={ny}, float64"
    passed("gradient_check", say(f"central differences, one entry at a time, restored; max relative errors right"
                                 f" ({problem})",
                                 f"différences centrées, un coefficient à la fois, restauré ; erreurs relatives max"
                                 f" correctes ({problem})"))


# --------------------------------------------------------------------------- train_epoch
def _batches(count: int) -> str:
    """``count`` mini-batches in the current language: "1 batch", "5 batches" ("1 mini-lot", "5 mini-lots")."""
    return say(f"{count} batch{'es' * (count != 1)}", f"{count} mini-lot{'s' * (count != 1)}")


class _Spies:
    """The references' forward, backward and sgd, put in place of the student's own while their
    train_epoch runs (so it is graded on its own, whatever theirs do); they note what they get.

    Where a reference has no answer (a student release replays only the recorded problems:
    ``_references.GradedOnly``), a spy gives zeros of the right shapes instead and notes it in
    ``missed``: the batches, eta and targets it saw are still checked, the values when graded."""

    def __init__(self, X: torch.Tensor, Y: torch.Tensor) -> None:
        self.X, self.Y = X, Y
        self.rows: list[list[int] | None] = []  # the rows of X in each batch given to forward
        self.targets_ok: list[bool] = []
        self.etas: list[Any] = []
        self.missed = False

    def _rows(self, Xb: Any) -> list[int] | None:
        not_rows = (not isinstance(Xb, torch.Tensor) or Xb.dim() != 2 or Xb.shape[1] != self.X.shape[1]
                    or Xb.device.type == "meta")
        if not_rows:
            return None
        eq = (Xb.detach()[:, None, :] == self.X[None, :, :]).all(dim=2)
        if not bool(eq.any(dim=1).all()):
            return None
        return eq.float().argmax(dim=1).tolist()

    def forward(self, params: Mapping[str, torch.Tensor], X: torch.Tensor) -> tuple[torch.Tensor, dict]:
        self.rows.append(self._rows(X))
        try:
            outputs = REF.forward(params, X)
        except GradedOnly:
            self.missed = True
            n, nh, ny = X.shape[0], params["Wh"].shape[0], params["Wy"].shape[0]
            zeros = {m: torch.zeros(n, m, dtype=X.dtype, device=X.device) for m in {nh, ny}}
            outputs = {"X": X, "htilde": zeros[nh], "h": zeros[nh], "ytilde": zeros[ny], "yhat": zeros[ny] + 1 / ny}
        return outputs["yhat"], outputs

    def backward(self, params: Mapping[str, torch.Tensor], outputs: Mapping[str, torch.Tensor],
                 Y: torch.Tensor) -> dict:
        rows = self._rows(outputs["X"])
        self.targets_ok.append(rows is not None and isinstance(Y, torch.Tensor) and Y.shape == self.Y[rows].shape
                               and torch.equal(Y, self.Y[rows]))
        try:
            return REF.backward(params, outputs["X"], Y)
        except GradedOnly:
            self.missed = True
            return {k: torch.zeros_like(params[k]) for k in KEYS}

    def sgd(self, params: Mapping[str, torch.Tensor], grads: Mapping[str, torch.Tensor], eta: Any) -> dict:
        self.etas.append(eta)
        try:
            return REF.sgd(params, grads, eta)
        except GradedOnly:
            self.missed = True
            return dict(params)


def _chunks(order: list[int], size: int) -> list[list[int]]:
    return [order[i:i + size] for i in range(0, len(order), size)]


def _batch_mistakes(n: int, batch_size: int, expected: list[list[int]], seed: int, global_seed: int,
                    device: torch.device) -> dict[str, list[list[int]]]:
    """Batches a known wrong epoch gives, each with the message that names it."""
    g = torch.Generator(device=device).manual_seed(seed)
    per_batch = []
    for start in range(0, n, batch_size):
        per_batch.append(torch.randperm(n, generator=g, device=device)[start:start + batch_size].tolist())
    torch_global = torch.Generator(device=device).manual_seed(global_seed)
    mistakes = {
        named("no-shuffle", say("the rows are taken in their stored order: shuffle them once per epoch with"
                                " torch.randperm(n, generator=generator, device=X.device).",
                                "les lignes sont prises dans l'ordre où elles sont rangées : mélangez-les une fois"
                                " par époque avec torch.randperm(n, generator=generator, device=X.device).")):
            _chunks(list(range(n)), batch_size),
        named("ignores-generator",
              say("the order comes from torch's global generator, not from `generator`: pass generator=generator to"
                  " torch.randperm.",
                  "l'ordre vient du générateur global de torch, pas de `generator` : passez generator=generator à"
                  " torch.randperm.")):
            _chunks(torch.randperm(n, generator=torch_global, device=device).tolist(), batch_size),
        named("shuffles-every-batch",
              say("a new permutation is drawn for every batch: draw the order once, before the loop over the"
                  " batches.",
                  "une nouvelle permutation est tirée à chaque mini-lot : tirez l'ordre une seule fois, avant la"
                  " boucle sur les mini-lots.")): per_batch,
        named("reverse-order",
              say("the batches are taken in reverse order: go through the permutation from its start.",
                  "les mini-lots sont pris dans l'ordre inverse : parcourez la permutation depuis son début.")):
            expected[::-1],
    }
    if n % batch_size:
        mistakes[named("drops-last-batch", say(f"the last, smaller batch ({n % batch_size} rows) is dropped:"
                                               " range(0, n, batch_size) keeps it, and order[start:start + batch_size]"
                                               " cuts it short by itself.",
                                               f"le dernier mini-lot, plus petit ({n % batch_size} lignes), est"
                                               " abandonné : range(0, n, batch_size) le garde, et"
                                               " order[start:start + batch_size] le raccourcit de lui-même."))] = \
            expected[:-1]
    return mistakes


def check_train_epoch(train_epoch: Callable, n: int = 23, nx: int = 3, nh: int = 5, ny: int = 4, eta: float = 0.37,
                      batch_size: int = 5, dtype: torch.dtype = torch.float64, device: str | torch.device | None = None,
                      seed: int = 0, generator: bool = True) -> None:
    """One epoch against the reference epoch (autograd's gradients, p - eta g) over the batches of
    torch.randperm(n, generator=generator, device=X.device); the batches, eta and targets that
    reach forward, backward and sgd (replaced during the call by the references) are checked first."""
    __tracebackhide__ = True
    device = resolve_device(device)
    params, X, Y, y = random_problem(n, nx, nh, ny, dtype, device, seed)
    params = {k: v / 2 for k, v in params.items()}
    global_seed = 10_000 + seed
    order = torch.randperm(n, generator=torch.Generator(device=device).manual_seed(seed), device=device) if generator \
        else torch.randperm(n, generator=torch.Generator(device=device).manual_seed(global_seed), device=device)
    expected_batches = _chunks(order.tolist(), batch_size)
    try:
        ref = REF.train_epoch(params, X, y, eta, expected_batches)
    except GradedOnly:  # a problem the student release has no recording of: the batches are still checked
        ref = None
    spies = _Spies(X, Y)
    before = {"X": X.clone(), "Y": Y.clone()}
    kwargs = {"generator": torch.Generator(device=device).manual_seed(seed)} if generator else {}
    torch.manual_seed(global_seed)
    if device.type == "cuda":
        torch.cuda.manual_seed(global_seed)
    with InPlaceOf(train_epoch, forward=spies.forward, backward=spies.backward, sgd=spies.sgd):
        result = call("train_epoch", train_epoch, dict(params), X, Y, eta, batch_size, **kwargs)
    for what, t in [("X", X), ("Y", Y)]:
        if not torch.equal(t, before[what]):
            raise CheckFailed(say(f"train_epoch changed {what} in place: shuffle the row indices"
                                  " (torch.randperm), not the data.",
                                  f"train_epoch a modifié {what} en place : mélangez les indices des lignes"
                                  " (torch.randperm), pas les données."), mistake="shuffles-data-in-place")
    if spies.etas and any(not isinstance(e, (int, float, torch.Tensor)) or float(e) != eta for e in spies.etas):
        bad = next(e for e in spies.etas if not isinstance(e, (int, float, torch.Tensor)) or float(e) != eta)
        raise CheckFailed(say(f"train_epoch called sgd with eta = {bad!r}, but it was given eta ="
                              f" {eta}: pass its own eta on.",
                              f"train_epoch a appelé sgd avec eta = {bad!r}, alors qu'elle a reçu eta = {eta} :"
                              " transmettez cet eta à sgd."), mistake="ignores-eta")
    if spies.rows and all(r is not None for r in spies.rows) and spies.rows != expected_batches:
        found = spies.rows
        mistakes = _batch_mistakes(n, batch_size, expected_batches, seed if generator else global_seed, global_seed,
                                   device)
        if not generator:
            mistakes.pop(next(m for m in mistakes if mistake_of(m) == "ignores-generator"))
        hit = next((m for m, b in mistakes.items() if b == found), "")
        why, mistake = _then(hit), mistake_of(hit)
        sizes = {len(b) for b in found[:-1]}
        if not why and len(found) > 1 and sizes == {len(found[0])} and len(found[0]) != batch_size:
            why = say(f" The batches have {len(found[0])} rows, but batch_size = {batch_size}: use the batch_size"
                      " argument.",
                      f" Les mini-lots ont {len(found[0])} lignes, alors que batch_size = {batch_size} : utilisez"
                      " l'argument batch_size.")
            mistake = "ignores-batch-size"
        k = next((i for i, (a, b) in enumerate(zip(found, expected_batches)) if a != b),
                 min(len(found), len(expected_batches)))
        where = (say(f" (batch {k + 1} holds rows {found[k]}, expected {expected_batches[k]})",
                     f" (le mini-lot {k + 1} contient les lignes {found[k]}, attendu {expected_batches[k]})")
                 if k < min(len(found), len(expected_batches)) else "")
        ran = (say(f"train_epoch called forward on {_batches(len(found))} instead of {len(expected_batches)}{where}",
                   f"train_epoch a appelé forward sur {_batches(len(found))} au lieu de"
                   f" {len(expected_batches)}{where}")
               if len(found) != len(expected_batches) else
               say(f"train_epoch ran forward on {_batches(len(found))} in the wrong order{where}",
                   f"train_epoch a appelé forward sur {_batches(len(found))} dans le mauvais ordre{where}"))
        raise CheckFailed(say(f"{ran}: the order is torch.randperm(n, generator=generator, device=X.device), drawn"
                              f" once, cut in batches of batch_size rows (n={n}, batch_size={batch_size}; the last"
                              f" batch may be smaller).{why}",
                              f"{ran} : l'ordre est torch.randperm(n, generator=generator, device=X.device), tiré"
                              f" une seule fois, découpé en mini-lots de batch_size lignes (n={n},"
                              f" batch_size={batch_size} ; le dernier mini-lot peut être plus petit).{why}"),
                          mistake=mistake)
    if spies.targets_ok and not all(spies.targets_ok):
        raise CheckFailed(say("train_epoch gave backward targets that are not those of the batch's rows: index Y with"
                              " the same rows as X (Y[batch]).",
                              "train_epoch a donné à backward des cibles qui ne sont pas celles des lignes du"
                              " mini-lot : indexez Y avec les mêmes lignes que X (Y[batch])."),
                          mistake="targets-not-shuffled")
    if result is None:
        raise CheckFailed(say("train_epoch returned None: return params (the dict sgd returned after the last batch).",
                              "train_epoch a renvoyé None : renvoyez params (le dict renvoyé par sgd après le dernier"
                              " mini-lot)."), mistake="returns-none")
    expect_keys("train_epoch(...)", result, KEYS)
    if ref is None or spies.missed:
        raise GradedOnly("lab1: train_epoch on this problem")  # not shown to students
    passed_in = say("it is the params passed in: keep what sgd returns (params = sgd(params,"
                    " grads, eta)) and return it.",
                    "ce sont les params reçus en argument : gardez ce que renvoie sgd (params = sgd(params,"
                    " grads, eta)) et renvoyez-le.")
    for k in KEYS:
        expect_tensor(f"train_epoch(...)[{k!r}]", result[k], ref[k], {passed_in: params[k]})
    batches, problem = len(expected_batches), f"n={n}, batch_size={batch_size}, eta={eta:g}"
    passed("train_epoch", say(f"{_batches(batches)} in the order of torch.randperm, the params of the reference"
                              f" loop ({problem}, {'a' if generator else 'no'} generator,"
                              f" {dtype_on(dtype, device)})",
                              f"{_batches(batches)} dans l'ordre de torch.randperm, les paramètres de la boucle de"
                              f" référence ({problem}, {'avec' if generator else 'sans'} générateur,"
                              f" {dtype_on(dtype, device)})"))


VISIBLE: dict[str, Callable[[Callable], None]] = {
    "init_params": check_init_params,
    "forward": check_forward,
    "loss_accuracy": check_loss_accuracy,
    "backward": check_backward,
    "sgd": check_sgd,
    "gradient_check": check_gradient_check,
    "train_epoch": check_train_epoch,
}
"""The visible check of each graded function, by its grade_id."""

check_contract = contract_checker("lab1")
"""``check_contract(name, fn)``: ``fn`` held to its whole contract on generated problems (hidden tests)."""


from ._visible import make_visible  # noqa: E402  (after every check is defined)

make_visible(globals())
