"""Checks of lab 4 (torch.optim and initialisation): each compares a student's function
with what torch itself does and names known mistakes.

- ``check_init_model_optim``: the network of lab 3 (logits), a cross-entropy loss and a
  plain ``torch.optim.SGD`` over *that* network's parameters, with the given rate.
- ``check_train_step_optim``: two calls against the same two steps taken by the reference on
  a deep copy of the network with its own optimizer of the same kind.
- ``check_make_optimizer``: type and hyper-parameters of each optimizer, then a few steps
  on a fixed quadratic against the reference's path of the same torch optimizer, and the
  ``ValueError`` for an unknown name.
- ``check_init_weights_``: on large layers, the empirical law of every ``nn.Linear``'s
  weights against the Glorot / He normal laws (std, centring, normal not uniform),
  biases exactly zero, in place, the model returned.

The steps a right train_step_optim takes and the path of each optimizer come from the
grader's references (``autograder.references.lab4``, replayed in a student release: see
``_references``). ``device=None`` means CUDA when available, else CPU. Two generic helpers
live here: ``expect_number`` (a float or a one-element tensor against a value) and
``excess_kurtosis``.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Sequence
from typing import Any

import torch
import torch.nn as nn
import torch.nn.functional as F

from ._calling import call, quiet
from ._compare import as_number, close, dtype_on, float64_cpu, linears, normal_distance, tolerance
from ._device import call_on_meta, resolve_device
from ._outcome import CheckFailed, mistake_of, named, passed
from ._harness import contract_checker
from ._references import References
from ..language import say

REF = References("lab4")
"""The paths of the optimizers and the steps of train_step_optim (see ``_references``)."""

NAMES = ("sgd", "momentum", "adam")
"""The optimizer names make_optimizer accepts, exactly."""


# --------------------------------------------------------------------------- generic helpers
def expect_number(name: str, found: Any, expected: float, dtype: torch.dtype,
                  mistakes: dict[str, float] | None = None, what: str = "") -> float:
    """``found`` (a number or a one-element tensor) equals ``expected`` within ``dtype``'s tolerance.

    ``mistakes`` maps a message to the value a known wrong computation gives. Returns the number.
    """
    __tracebackhide__ = True
    found = as_number(name, found, what)
    rtol, atol = tolerance(dtype)
    if not math.isclose(found, expected, rel_tol=rtol, abs_tol=atol):
        if not math.isfinite(found):
            raise CheckFailed(say(f"{name} = {found}, expected {expected:.6g}.",
                                  f"{name} = {found}, on attend {expected:.6g}."), mistake="not-finite")
        for message, wrong in (mistakes or {}).items():
            if math.isclose(found, wrong, rel_tol=rtol, abs_tol=atol):
                raise CheckFailed(say(f"{name} = {found:.6g}, expected {expected:.6g}: {message}",
                                      f"{name} = {found:.6g}, on attend {expected:.6g} : {message}"),
                                  mistake=mistake_of(message))
        raise CheckFailed(say(f"{name} = {found:.6g}, expected {expected:.6g}{what}.",
                              f"{name} = {found:.6g}, on attend {expected:.6g}{what}."))
    return found


def excess_kurtosis(x: torch.Tensor) -> float:
    """E[((x - mean) / std)^4] - 3: 0 for a normal law, -1.2 for a uniform one."""
    x = float64_cpu(x).flatten()
    z = (x - x.mean()) / x.std(unbiased=False)
    return (z**4).mean().item() - 3.0


def normality_distance(x: torch.Tensor) -> float:
    """sqrt(n) times the Kolmogorov distance between the standardised sample ``x`` and N(0, 1).

    A law test, not a moment test: a sample with the right mean and std (and even kurtosis)
    from another law is far. For a normal sample of any size it stays below about 1.1
    (Lilliefors: P(> 1.5) is negligible); a sum of three uniforms gives about 3.5 at
    n = 120,000, a normal truncated at 2 std about 5.8, a Laplace law 22.
    """
    return normal_distance(x) * math.sqrt(x.numel())


NORMALITY_LIMIT = 2.0
"""Largest normality_distance of a weight matrix accepted as normal."""


def _param_name(path: str) -> str:
    *mods, leaf = path.split(".")
    return "model" + "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in mods) + f".{leaf}"


def _holds_exactly(optim: torch.optim.Optimizer, params: Sequence[torch.Tensor]) -> bool:
    held = [p for group in optim.param_groups for p in group["params"]]
    return len(held) == len(params) and {id(p) for p in held} == {id(p) for p in params}


# --------------------------------------------------------------------------- the problems
def _fixture(nx: int, nh: int, ny: int, dtype: torch.dtype, device: torch.device, seed: int) -> nn.Module:
    """The model given to train_step_optim: Linear(nx, nh), Tanh, Linear(nh, ny), drawn from ``seed``."""
    g = torch.Generator().manual_seed(seed)
    net = nn.Sequential(nn.Linear(nx, nh), nn.Tanh(), nn.Linear(nh, ny))
    with quiet(), torch.no_grad():
        for p in net.parameters():
            p.copy_(torch.randn(p.shape, generator=g, dtype=torch.float64))
    return net.to(device=device, dtype=dtype)


def _batch(n: int, n_in: int, n_out: int, dtype: torch.dtype, device: torch.device,
           seed: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """X (n, n_in), one-hot Y (n, n_out) and class indices y (n,), drawn from ``seed``."""
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, n_in, generator=g, dtype=torch.float64).to(device=device, dtype=dtype)
    y = torch.randint(n_out, (n,), generator=g)
    return X, F.one_hot(y, n_out).to(device=device, dtype=dtype), y.to(device)


def _expect_model(model: Any, nx: int, nh: int, ny: int) -> None:
    """Linear(nx, nh) -> tanh -> Linear(nh, ny), returning logits."""
    __tracebackhide__ = True
    if not isinstance(model, nn.Module):
        kind = type(model).__name__
        raise CheckFailed(say(f"model is a {kind}, expected an nn.Module (an nn.Sequential of lab 3).",
                              f"model est un {kind}, on attend un nn.Module (un nn.Sequential du TP 3)."),
                          mistake="not-a-module")
    layers = linears(model)
    sizes = [(m.in_features, m.out_features) for _, m in layers]
    if sizes != [(nx, nh), (nh, ny)]:
        raise CheckFailed(say(f"model has the nn.Linear layers {sizes} (in, out), expected [({nx}, {nh}),"
                              f" ({nh}, {ny})]: Linear(nx, nh), Tanh, Linear(nh, ny).",

                              f"model a les couches nn.Linear {sizes} (entrées, sorties), on attend [({nx}, {nh}),"
                              f" ({nh}, {ny})] : Linear(nx, nh), Tanh, Linear(nh, ny)."), mistake="wrong-layer-sizes")
    (_, first), (_, last) = layers
    X = torch.randn(7, nx, generator=torch.Generator().manual_seed(3))
    X = X.to(device=first.weight.device, dtype=first.weight.dtype)
    with quiet(), torch.no_grad():
        out = call("model", model, X, where="(X)")
        hidden = F.linear(X, first.weight, first.bias)
        logits = F.linear(torch.tanh(hidden), last.weight, last.bias)
        mistakes = {
            named("softmax-output", say(
                "the model ends with a softmax: it must return logits (nn.CrossEntropyLoss applies log-softmax"
                " itself).",
                "le modèle se termine par un softmax : il doit renvoyer des logits (nn.CrossEntropyLoss applique"
                " lui-même le log-softmax).")):
                torch.softmax(logits, dim=1),
            named("log-softmax-output", say(
                "the model ends with a log-softmax: it must return logits (nn.CrossEntropyLoss applies log-softmax"
                " itself).",
                "le modèle se termine par un log-softmax : il doit renvoyer des logits (nn.CrossEntropyLoss applique"
                " lui-même le log-softmax).")):
                torch.log_softmax(logits, dim=1),
            named("no-activation", say("the tanh between the two layers is missing: Linear, Tanh, Linear.",
                                       "il manque la tanh entre les deux couches : Linear, Tanh, Linear.")):
                F.linear(hidden, last.weight, last.bias),
            named("relu-hidden", say("that is a ReLU between the layers; this network uses nn.Tanh().",
                                     "c'est une ReLU entre les couches ; ce réseau utilise nn.Tanh().")):
                F.linear(torch.relu(hidden), last.weight, last.bias),
            named("sigmoid-hidden", say("that is a sigmoid between the layers; this network uses nn.Tanh().",
                                        "c'est une sigmoïde entre les couches ; ce réseau utilise nn.Tanh().")):
                F.linear(torch.sigmoid(hidden), last.weight, last.bias),
        }
    if not isinstance(out, torch.Tensor) or out.shape != logits.shape:
        gave = getattr(out, "shape", type(out).__name__)
        raise CheckFailed(say(f"model(X) for X of shape (7, {nx}) gave {gave}, expected (7, {ny}) logits.",
                              f"model(X) pour X de forme (7, {nx}) a donné {gave}, on attend des logits de forme"
                              f" (7, {ny})."), mistake="wrong-output-shape")
    if not close(out, logits):
        message = next((m for m, wrong in mistakes.items() if close(out, wrong)),
                       say("expected Linear, Tanh, Linear (logits).", "on attend Linear, Tanh, Linear (logits)."))
        raise CheckFailed(say(f"model(X) is wrong: {message}", f"model(X) est faux : {message}"),
                          mistake=mistake_of(message))


def _expect_cross_entropy(loss: Any, ny: int) -> None:
    """``loss(logits, y)`` and ``loss(logits, Y one-hot)`` equal ``F.cross_entropy``."""
    __tracebackhide__ = True
    if not callable(loss):
        kind = type(loss).__name__
        raise CheckFailed(say(f"loss is a {kind}, expected nn.CrossEntropyLoss().",
                              f"loss est un {kind}, on attend nn.CrossEntropyLoss()."), mistake="loss-not-callable")
    logits, Y, y = _batch(6, ny, ny, torch.float32, torch.device("cpu"), seed=5)
    logits = 3 * logits
    expected = F.cross_entropy(logits, y).item()
    value = call("loss", loss, logits, y, where=say("(logits, class indices)", "(logits, indices de classes)"))
    expect_number("loss(logits, y)", value, expected, torch.float32, {
        named("nll-loss", say(
            "that is nn.NLLLoss, which takes log-probabilities; the model returns logits: use nn.CrossEntropyLoss().",
            "c'est nn.NLLLoss, qui prend des log-probabilités ; le modèle renvoie des logits : utilisez"
            " nn.CrossEntropyLoss().")):
            F.nll_loss(logits, y).item(),
        named("sum-reduction", say("the loss sums over the samples: use the default reduction (the mean).",
                                   "la perte somme sur les exemples : utilisez la réduction par défaut (la moyenne).")):
            6 * expected,
    }, say(" (F.cross_entropy of the logits)", " (F.cross_entropy des logits)"))



def check_init_model_optim(init_model_optim: Callable, nx: int = 3, nh: int = 5, ny: int = 4, eta: float = 0.1,
                           seed: int = 0) -> None:
    """Lab 3's network and loss, and torch.optim.SGD(its parameters, lr=eta): types, values, one step."""
    __tracebackhide__ = True
    torch.manual_seed(seed)
    result = call("init_model_optim", init_model_optim, nx, nh, ny, eta)
    if not (isinstance(result, tuple) and len(result) == 3):
        kind = type(result).__name__
        raise CheckFailed(say(f"init_model_optim returned a {kind}, expected a triple (model, loss, optim).",
                              f"init_model_optim a renvoyé un {kind}, on attend un triplet (model, loss, optim)."),
                          mistake="not-a-tuple")
    model, loss, optim = result
    _expect_model(model, nx, nh, ny)
    _expect_cross_entropy(loss, ny)
    if not isinstance(optim, torch.optim.Optimizer):
        kind = type(optim).__name__
        raise CheckFailed(say(f"optim is a {kind}, expected a torch.optim.SGD.",
                              f"optim est un {kind}, on attend un torch.optim.SGD."), mistake="not-sgd")
    if type(optim) is not torch.optim.SGD:
        kind = type(optim).__name__
        raise CheckFailed(say(f"optim is a torch.optim.{kind}, expected torch.optim.SGD (plain gradient descent).",
                              f"optim est un torch.optim.{kind}, on attend torch.optim.SGD (la descente de gradient"
                              " simple)."), mistake="not-sgd")
    params = list(model.parameters())
    if not _holds_exactly(optim, params):
        raise CheckFailed(say("optim does not update this model's parameters (was it built over another model, or"
                              " before the model was replaced?): give it model.parameters() of the model you return.",
                              "optim ne met pas à jour les paramètres de ce modèle (a-t-il été construit sur un autre"
                              " modèle, ou avant que le modèle ne soit remplacé ?) : donnez-lui model.parameters() du"
                              " modèle que vous renvoyez."), mistake="other-model")
    for group in optim.param_groups:
        if group["lr"] != eta:
            lr = group["lr"]
            raise CheckFailed(say(f"optim has lr={lr}, expected lr=eta={eta}: pass the learning rate, lr=eta.",
                                  f"optim a lr={lr}, on attend lr=eta={eta} : passez le taux d'apprentissage,"
                                  " lr=eta."), mistake="ignores-lr")
        if group["momentum"] != 0 or group["weight_decay"] != 0:
            momentum, decay = group["momentum"], group["weight_decay"]
            raise CheckFailed(say(f"optim has momentum={momentum} and weight_decay={decay}, expected plain SGD"
                                  " (both 0).",
                                  f"optim a momentum={momentum} et weight_decay={decay}, on attend une SGD simple"
                                  " (les deux à 0)."), mistake="momentum-or-weight-decay")
    # one step, against the same step taken by torch on a copy
    X, _, y = _batch(9, nx, ny, torch.float32, params[0].device, seed + 1)
    with quiet():
        twin = copy.deepcopy(model)
        twin_optim = torch.optim.SGD(twin.parameters(), lr=eta)
        F.cross_entropy(twin(X), y).backward()
        twin_optim.step()
        optim.zero_grad(set_to_none=True)
        F.cross_entropy(model(X), y).backward()
        optim.step()
    for (path, p), q in zip(model.named_parameters(), twin.parameters()):
        if not close(p, q.detach()):
            name = _param_name(path)
            raise CheckFailed(say(f"after one optim.step(), {name} differs from torch.optim.SGD's step (lr={eta}).",
                                  f"après un optim.step(), {name} diffère du pas de torch.optim.SGD (lr={eta})."))
    passed("init_model_optim", say(f"Linear({nx}, {nh}), Tanh, Linear({nh}, {ny}) -> logits, cross-entropy,"
                                   f" SGD(lr={eta}) over its parameters",
                                   f"Linear({nx}, {nh}), Tanh, Linear({nh}, {ny}) -> logits, entropie croisée,"
                                   f" SGD(lr={eta}) sur ses paramètres"))


# --------------------------------------------------------------------------- train_step_optim
def _train_step_hints() -> dict[str, str]:
    """Hints for the errors torch raises in a wrong training step (see ``call``), keyed by a text of torch's
    message; built when shown, in the notebook's language."""
    return {
        "element 0 of tensors does not require grad":  # not shown to students
            named("loss-without-grad", say(
                " Compute L from model(X) with gradients on (not under torch.no_grad(), not detached) before"
                " L.backward().",
                " Calculez L à partir de model(X) avec les gradients activés (hors de torch.no_grad(), sans"
                " détacher) avant L.backward().")),
        "Trying to backward through the graph a second time":  # not shown to students
            named("backward-twice", say(
                " Call model(X) again at each step: one forward pass, one backward.",
                " Appelez model(X) à nouveau à chaque étape : une propagation avant, une rétropropagation.")),
    }


def _check_train_step_on_meta(train_step_optim: Callable, n: int, nx: int, nh: int, ny: int, eta: float,
                              optimizer: str, reduction: str, dtype: torch.dtype) -> None:
    """train_step_optim with the model, loss, optimizer and batch on 'meta': it runs, L stays there."""
    __tracebackhide__ = True
    meta = torch.device("meta")
    model = nn.Sequential(nn.Linear(nx, nh), nn.Tanh(), nn.Linear(nh, ny)).to(device=meta, dtype=dtype)
    params = list(model.parameters())
    cls, options = EXPECTED[optimizer]  # torch's optimizer, every setting given
    optim = cls(model.parameters(), lr=eta, **options)
    X, Y = torch.empty(n, nx, dtype=dtype, device=meta), torch.empty(n, ny, dtype=dtype, device=meta)
    for which in _calls():
        where = say(f" ({which} call, everything on 'meta', standing in for a GPU)",
                    f" ({which} appel, tout sur 'meta', à la place d'un GPU)")
        result = call_on_meta("train_step_optim", train_step_optim, model, nn.CrossEntropyLoss(reduction=reduction),
                              optim, X, Y, where=where, hints=_train_step_hints())
        if not (isinstance(result, tuple) and len(result) == 2):
            raise CheckFailed(_not_a_pair(result), mistake="not-a-tuple")
        if isinstance(result[0], torch.Tensor) and result[0].device.type != "meta":
            on = result[0].device.type
            raise CheckFailed(say(f"L is on {on}, expected the device of the model and the batch ('meta' here).",
                                  f"L est sur {on}, on attend le device du modèle et du lot ('meta' ici)."),
                              mistake="ignores-device")
    if list(model.parameters()) != params or any(p.device.type != "meta" for p in params):
        raise CheckFailed(say("train_step_optim replaced or moved the model's parameters: only optim.step() updates"
                              " them.",
                              "train_step_optim a remplacé ou déplacé les paramètres du modèle : seul optim.step() les"
                              " met à jour."), mistake="replaces-params")
    passed("train_step_optim", say(f"runs with the model, loss, optimizer and batch on 'meta' (standing in for a GPU),"
                                   f" {optimizer}",
                                   f"s'exécute avec le modèle, la perte, l'optimiseur et le lot sur 'meta' (à la place"
                                   f" d'un GPU), {optimizer}"))


def _calls() -> tuple[str, str]:
    """The words for the first and the second call of train_step_optim, in the notebook's language."""
    return say("first", "premier"), say("second", "deuxième")


def _not_a_pair(result: Any) -> str:
    kind = type(result).__name__
    return say(f"train_step_optim returned a {kind}, expected a pair (L, acc).",
               f"train_step_optim a renvoyé un {kind}, on attend une paire (L, acc).")



def _judge_step(k: int, names: list[str], params: list[torch.Tensor], expected: list[torch.Tensor],
                known: tuple[list, list, list, list], optimizer: str) -> None:
    """The parameters after call ``k`` (0 or 1) of train_step_optim against the step of the optim given;
    ``known`` holds what known wrong steps give: (no step, two steps, gradients accumulated, a new optimizer)."""
    __tracebackhide__ = True
    which = _calls()[k]
    before, moved_twice, accumulated, fresh = known
    for name, p, want, p0, p2, pacc, pfresh in zip(names, params, expected, before, moved_twice, accumulated, fresh):
        if close(p, want):
            continue
        if k == 0 and close(p, p0):
            why = named("no-step", say(
                " the parameters did not move: call optim.step() after L.backward() (a step taken before backward"
                " finds no gradient).",
                " les paramètres n'ont pas bougé : appelez optim.step() après L.backward() (un pas fait avant"
                " backward ne trouve aucun gradient)."))
        elif k == 0 and close(p, p2):
            why = named("steps-twice", say(
                " the parameters moved twice as far: call optim.step() once per train step.",
                " les paramètres sont allés deux fois trop loin : appelez optim.step() une seule fois par étape"
                " d'apprentissage."))
        elif k == 1 and close(p, pacc):
            why = named("no-zero-grad", say(
                " the first call's gradients were added to the second's: .grad accumulates, so call zero_grad() on"
                " the optimizer before L.backward().",
                " les gradients du premier appel se sont ajoutés à ceux du deuxième : .grad s'accumule, appelez"
                " donc zero_grad() sur l'optimiseur avant L.backward()."))
        elif k == 1 and close(p, pfresh):
            why = named("own-optimizer", say(
                f" it is the step of a new optimizer, built at each call: the `optim` given ({optimizer}) keeps a"
                " state between steps (momentum, Adam's averages); call optim.step() on it, do not build your own.",
                f" c'est le pas d'un nouvel optimiseur, construit à chaque appel : l'`optim` fourni ({optimizer})"
                " garde un état d'un pas à l'autre (momentum, moyennes d'Adam) ; appelez optim.step() sur lui, ne"
                " construisez pas le vôtre."))
        else:
            why = say(" expected one step of the `optim` given, with the gradients of the `loss` given: zero_grad,"
                      " forward, loss, backward, step.",
                      " on attend un pas de l'`optim` fourni, avec les gradients de la `loss` fournie : zero_grad,"
                      " propagation avant, perte, rétropropagation, step.")
        raise CheckFailed(say(f"after the {which} call, {name} is wrong (it differs from the step of the optim"
                              f" given):{why}",
                              f"après le {which} appel, {name} est faux (il diffère du pas de l'optim fourni) :{why}"),
                          mistake=mistake_of(why))


def check_train_step_optim(train_step_optim: Callable, n: int = 8, nx: int = 3, nh: int = 5, ny: int = 4,
                           eta: float = 0.1,
                           dtype: torch.dtype = torch.float64, device: str | torch.device | None = None, seed: int = 0,
                           optimizer: str = "sgd", reduction: str = "mean", weighted: bool = False) -> None:
    """Two calls on two batches against two steps taken on a deep copy of the model.

    The loss and the optimizer given are used as they are: ``optimizer`` ("sgd", "momentum",
    "adam": the optimizer passed, built as make_optimizer does), ``reduction`` and
    ``weighted`` (class weights, with reduction="sum" only: there one-hot targets and class
    indices give the same L) make them differ from a default ``nn.CrossEntropyLoss()`` and a
    plain SGD, so that code building its own fails. On 'meta': devices only.
    """
    __tracebackhide__ = True
    device = resolve_device(device)
    if weighted and reduction == "mean":
        raise ValueError(say("class weights with reduction='sum' only (see the docstring)",
                             "des poids de classes avec reduction='sum' seulement (voir la docstring)"))
    if device.type == "meta":
        return _check_train_step_on_meta(train_step_optim, n, nx, nh, ny, eta, optimizer, reduction, dtype)
    model = _fixture(nx, nh, ny, dtype, device, seed)
    X1, Y1, y1 = _batch(n, nx, ny, dtype, device, seed + 1)
    X2, Y2, y2 = _batch(n, nx, ny, dtype, device, seed + 2)
    weight = (0.5 + 2 * torch.rand(ny, generator=torch.Generator().manual_seed(seed + 3), dtype=torch.float64)).to(
        device=device, dtype=dtype) if weighted else None
    criterion = nn.CrossEntropyLoss(weight=weight, reduction=reduction)
    before = [p.detach().clone() for p in model.parameters()]
    with quiet():
        ref = REF.train_step_optim(model, X1, y1, X2, y2, eta, optimizer, reduction, weight)
    right, after, after1, loss_after = ref["seen"], ref["after"], ref["after1"], ref["loss_after"]
    moved_twice, accumulated, fresh = ref["twice"], ref["accumulated"], ref["fresh"]
    with quiet(), torch.no_grad():
        default_loss = F.cross_entropy(model(X1), y1).item()
    cls, options = EXPECTED[optimizer]  # torch's optimizer, every setting given
    sgd = cls(model.parameters(), lr=eta, **options)
    weights = say(" and class weights", " et des poids de classes") if weighted else ""
    on = dtype_on(dtype, device)
    problem = say(f"n={n}, nx={nx}, nh={nh}, ny={ny}, eta={eta}, {optimizer}, loss with reduction={reduction!r}"
                  f"{weights}, {on}",
                  f"n={n}, nx={nx}, nh={nh}, ny={ny}, eta={eta}, {optimizer}, perte avec reduction={reduction!r}"
                  f"{weights}, {on}")
    names = [_param_name(path) for path, _ in model.named_parameters()]
    for k, (X, Y, expected, (L_ref, acc_ref)) in enumerate([(X1, Y1, after1, right[0]), (X2, Y2, after, right[1])]):
        which = _calls()[k]
        result = call("train_step_optim", train_step_optim, model, criterion, sgd, X, Y,
                      where=say(f" ({which} call)", f" ({which} appel)"), hints=_train_step_hints())
        if not (isinstance(result, tuple) and len(result) == 2):
            raise CheckFailed(_not_a_pair(result), mistake="not-a-tuple")
        L, acc = result
        ignored = {} if (reduction, weighted) == ("mean", False) else {
            named("ignores-loss-argument", say(
                f"that is the default mean cross-entropy, not the `loss` given (it has reduction={reduction!r}"
                f"{weights}): compute L = loss(model(X), ...) with the loss argument, not F.cross_entropy or a new"
                " nn.CrossEntropyLoss().",
                f"c'est l'entropie croisée moyenne par défaut, et non la `loss` fournie (elle a"
                f" reduction={reduction!r}{weights}) : calculez L = loss(model(X), ...) avec l'argument loss, et non"
                " F.cross_entropy ou un nouveau nn.CrossEntropyLoss().")): default_loss}
        expect_number(say(f"L ({which} call)", f"L ({which} appel)"), L, L_ref, dtype, ignored if k else {
            named("loss-after-step", say(
                "that is the loss after the step: return the loss of the forward pass made before optim.step().",
                "c'est la perte après le pas : renvoyez la perte de la propagation avant faite avant"
                " optim.step().")):
                loss_after,
            **ignored}, say(" (the `loss` given, of model(X) before the step)",
                            " (la `loss` fournie, de model(X) avant le pas)"))
        expect_number(say(f"acc ({which} call)", f"acc ({which} appel)"), acc, acc_ref, dtype, {
            named("accuracy-in-percent", say("it is in percent: return a fraction in [0, 1].",
                                             "elle est en pourcentage : renvoyez une proportion dans [0, 1].")):
                100 * acc_ref,
            named("accuracy-count", say("it is the number of right predictions: divide by n.",
                                        "c'est le nombre de prédictions justes : divisez par n.")):
                n * acc_ref,
            named("error-rate", say("it is the error rate: count the rows where argmax(logits) == argmax(Y).",
                                    "c'est le taux d'erreur : comptez les lignes où argmax(logits) == argmax(Y).")):
                1 - acc_ref,
        }, say(" (fraction of rows where argmax(model(X)) == argmax(Y), before the step)",
               " (proportion des lignes où argmax(model(X)) == argmax(Y), avant le pas)"))
        _judge_step(k, names, [p.detach() for p in model.parameters()], expected,
                    (before, moved_twice, accumulated, fresh), optimizer)
    passed("train_step_optim", say(f"2 calls give the 2 steps of the optim given, L and acc taken before each step"
                                   f" ({problem})",
                                   f"2 appels donnent les 2 pas de l'optim fourni, L et acc pris avant chaque pas"
                                   f" ({problem})"))



# --------------------------------------------------------------------------- make_optimizer
def _make_hints() -> dict[str, str]:
    """Hints for the errors torch raises in a wrong make_optimizer (see ``call``), keyed by a text of torch's
    message; built when shown, in the notebook's language."""
    return {
        "unexpected keyword argument 'momentum'":  # not shown to students
            named("adam-with-momentum", say(
                " Adam has no momentum argument (its betas=(0.9, 0.999) play that role): only SGD takes"
                " momentum=0.9.",
                " Adam n'a pas d'argument momentum (ses betas=(0.9, 0.999) jouent ce rôle) : seule SGD prend"
                " momentum=0.9.")),
        "optimizer got an empty parameter list":  # not shown to students
            named("params-consumed", say(
                " The parameters were consumed before the optimizer got them: model.parameters() is a generator,"
                " it can be read only once; pass params straight to the optimizer.",
                " Les paramètres ont été consommés avant d'arriver à l'optimiseur : model.parameters() est un"
                " générateur, qui ne se lit qu'une fois ; passez params directement à l'optimiseur.")),
    }


EXPECTED = {
    "sgd": (torch.optim.SGD, {"momentum": 0, "dampening": 0, "nesterov": False, "weight_decay": 0}),
    "momentum": (torch.optim.SGD, {"momentum": 0.9, "dampening": 0, "nesterov": False, "weight_decay": 0}),
    "adam": (torch.optim.Adam, {"betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0, "amsgrad": False}),
}
"""name -> (the optimizer's class, the hyper-parameters it must have besides lr)."""


def _quadratic(dtype: torch.dtype, device: torch.device,
               seed: int) -> tuple[list[nn.Parameter], list[torch.Tensor], list[torch.Tensor]]:
    """Two parameters (4, 3) and (3,), and the scales s_i and targets t_i of a fixed, ill-conditioned
    quadratic of them, f(ps) = sum_i 0.5 * sum(s_i * (p_i - t_i)^2)."""
    g = torch.Generator().manual_seed(seed)
    start = [torch.randn(4, 3, generator=g, dtype=torch.float64), torch.randn(3, generator=g, dtype=torch.float64)]
    scales = [torch.rand(4, 3, generator=g, dtype=torch.float64) * 10 + 0.1,
              torch.rand(3, generator=g, dtype=torch.float64) + 0.1]
    targets = [torch.randn(4, 3, generator=g, dtype=torch.float64), torch.randn(3, generator=g, dtype=torch.float64)]
    scales, targets = ([t.to(device=device, dtype=dtype) for t in ts] for ts in (scales, targets))
    return [nn.Parameter(s.to(device=device, dtype=dtype)) for s in start], scales, targets


def _f(ps: Sequence[torch.Tensor], scales: Sequence[torch.Tensor], targets: Sequence[torch.Tensor]) -> torch.Tensor:
    """The quadratic of ``_quadratic`` at ``ps``."""
    return sum(0.5 * (s * (p - t) ** 2).sum() for p, s, t in zip(ps, scales, targets))


def _run(opt: torch.optim.Optimizer, ps: Sequence[torch.Tensor], scales: Sequence[torch.Tensor],
         targets: Sequence[torch.Tensor], steps: int) -> list[list[torch.Tensor]]:
    """``steps`` steps of ``opt`` on the quadratic (see ``_quadratic``); the parameters after each step."""
    path = []
    with quiet():
        for _ in range(steps):
            opt.zero_grad()
            _f(ps, scales, targets).backward()
            opt.step()
            path.append([p.detach().clone() for p in ps])
    return path


def _expect_value_error(make_optimizer: Callable, bad: str, lr: float, dtype: torch.dtype,

                        device: torch.device) -> None:
    __tracebackhide__ = True
    ps, _, _ = _quadratic(dtype, device, 0)
    text = f"make_optimizer({bad!r}, params, lr)"
    accepted = ", ".join(map(repr, NAMES))
    try:
        with quiet():
            out = make_optimizer(bad, ps, lr)
    except ValueError as exc:
        missing = [name for name in NAMES if name not in str(exc)]
        if missing:
            said, misses = repr(str(exc)), ", ".join(map(repr, missing))
            raise CheckFailed(say(f"{text} raised ValueError({said}): its message should name the accepted names"
                                  f" {accepted} (it misses {misses}).",
                                  f"{text} a levé ValueError({said}) : son message doit nommer les noms acceptés"
                                  f" {accepted} (il manque {misses})."), mistake="vague-error") from None
        return
    except NotImplementedError:
        raise CheckFailed(say("make_optimizer is not implemented yet: replace `raise NotImplementedError()` with your"
                              " code.",
                              "make_optimizer n'est pas encore écrite : remplacez `raise NotImplementedError()`"
                              " par votre code."), mistake="not-implemented") from None
    except Exception as exc:
        hint = say(" A dict lookup of an unknown key raises KeyError: test `name in ...` first and raise ValueError.",
                   " Chercher une clé inconnue dans un dict lève KeyError : testez d'abord `name in ...`, puis levez"
                   " ValueError.") if isinstance(exc, KeyError) else ""
        mistake = "dict-keyerror" if isinstance(exc, KeyError) else "wrong-exception"
        kind = type(exc).__name__
        raise CheckFailed(say(f"{text} raised {kind} ({exc}), expected ValueError naming the accepted names"
                              f" {accepted}.{hint}",
                              f"{text} a levé {kind} ({exc}), on attend une ValueError qui nomme les noms acceptés"
                              f" {accepted}.{hint}"), mistake=mistake) from None
    if out is None:
        raise CheckFailed(say(f"{text} returned None: an unknown name must raise ValueError (naming the accepted names"
                              f" {accepted}), so that a typo fails loudly.",
                              f"{text} a renvoyé None : un nom inconnu doit lever ValueError (en nommant les noms"
                              f" acceptés {accepted}), pour qu'une faute de frappe ne passe pas inaperçue."),
                          mistake="unknown-returns-none")
    kind = type(out).__name__
    raise CheckFailed(say(f"{text} returned a {kind} instead of raising ValueError: an unknown name must not fall back"
                          f" silently on some optimizer (accepted: {accepted}, exactly).",
                          f"{text} a renvoyé un {kind} au lieu de lever ValueError : un nom inconnu ne doit pas se"
                          f" rabattre en silence sur un optimiseur quelconque (acceptés : {accepted}, exactement)."),
                      mistake="unknown-falls-back")


def check_make_optimizer(make_optimizer: Callable, lr: float = 0.01, unknown: Sequence[str] = ("rmsprop",),
                         dtype: torch.dtype = torch.float64, device: str | torch.device | None = None, seed: int = 0,
                         steps: int = 5, generator: bool = False) -> None:
    """Type, hyper-parameters and ``steps`` steps of each optimizer; ValueError for each name in ``unknown``.

    ``generator=True`` passes the parameters as a generator, as ``model.parameters()`` is.
    """
    __tracebackhide__ = True
    device = resolve_device(device)
    for name in NAMES:
        cls, options = EXPECTED[name]
        ps, scales, targets = _quadratic(dtype, device, seed)
        text = f"make_optimizer({name!r}, params, lr={lr})"
        if device.type == "meta":
            optim = call_on_meta(text, make_optimizer, name, (p for p in ps) if generator else ps, lr,
                                 hints=_make_hints(),
                                 where=say(" (parameters on 'meta', standing in for a GPU)",
                                           " (paramètres sur 'meta', à la place d'un GPU)"))
        else:
            optim = call(text, make_optimizer, name, (p for p in ps) if generator else ps, lr, hints=_make_hints())
        if optim is None:
            raise CheckFailed(say(f"{text} returned None: return the optimizer you build.",
                                  f"{text} a renvoyé None : renvoyez l'optimiseur que vous construisez."),
                              mistake="returns-none")
        kind, want_kind = type(optim).__name__, cls.__name__
        if not isinstance(optim, torch.optim.Optimizer):
            raise CheckFailed(say(f"{text} is a {kind}, expected a torch.optim.{want_kind}.",
                                  f"{text} est un {kind}, on attend un torch.optim.{want_kind}."),
                              mistake="wrong-optimizer-class")
        if type(optim) is not cls:
            extra = say(" with momentum=0.9 (momentum is an option of SGD)",
                        " avec momentum=0.9 (momentum est une option de SGD)") if name == "momentum" else ""
            raise CheckFailed(say(f"{text} is a torch.optim.{kind}, expected torch.optim.{want_kind}{extra}.",
                                  f"{text} est un torch.optim.{kind}, on attend torch.optim.{want_kind}{extra}."),
                              mistake="wrong-optimizer-class")
        if not _holds_exactly(optim, ps):
            where = say(" (they are on 'meta', standing in for a GPU: were they copied to another device?)",
                        " (ils sont sur 'meta', à la place d'un GPU : ont-ils été copiés sur un autre device ?)"
                        ) if device.type == "meta" else ""
            raise CheckFailed(say(f"{text} does not hold the parameters it was given{where}: pass params, as they"
                                  " are, to the optimizer.",
                                  f"{text} ne contient pas les paramètres qui lui ont été donnés{where} : passez"
                                  " params, tels quels, à l'optimiseur."), mistake="params-consumed")
        for group in optim.param_groups:
            if group["lr"] != lr:
                found_lr = group["lr"]
                raise CheckFailed(say(f"{text} has lr={found_lr}, expected {lr}: pass lr=lr.",
                                      f"{text} a lr={found_lr}, on attend {lr} : passez lr=lr."), mistake="ignores-lr")
            for key, want in options.items():
                found = tuple(group[key]) if key == "betas" else group[key]
                if found != want:
                    why = say(" (the usual 0.9: a velocity that averages about 10 gradients)",
                              " (le 0.9 habituel : une vitesse qui moyenne environ 10 gradients)"
                              ) if key == "momentum" and name == "momentum" else ""
                    mistake = f"wrong-{key}"
                    raise CheckFailed(say(f"{text} has {key}={found}, expected {key}={want}{why}.",
                                          f"{text} a {key}={found}, on attend {key}={want}{why}."), mistake=mistake)
        if device.type == "meta":
            continue
        start = [p.detach().clone() for p in ps]
        found_path = _run(optim, ps, scales, targets, steps)
        with quiet():
            want_path = REF.optimizer_path(name, start, scales, targets, lr, steps)
        for k, (found, want) in enumerate(zip(found_path, want_path)):
            if not all(close(a, b) for a, b in zip(found, want)):
                raise CheckFailed(say(f"{text}: after step {k + 1} on a quadratic, the parameters differ from"
                                      f" torch.optim.{cls.__name__}'s with the same settings.",
                                      f"{text} : après le pas {k + 1} sur une forme quadratique, les paramètres"
                                      f" diffèrent de ceux de torch.optim.{cls.__name__} avec les mêmes réglages."))
    for bad in unknown if device.type != "meta" else ():
        _expect_value_error(make_optimizer, bad, lr, dtype, device)
    if device.type == "meta":
        passed("make_optimizer", say("sgd, momentum and adam hold the parameters given, on 'meta' (standing in for a"
                                     " GPU)",
                                     "sgd, momentum et adam contiennent les paramètres donnés, sur 'meta' (à la place"
                                     " d'un GPU)"))
        return
    on, bad_names = dtype_on(dtype, device), ", ".join(map(repr, unknown))
    passed("make_optimizer", say(f"sgd, momentum (0.9) and adam take torch's {steps} steps on a quadratic (lr={lr},"
                                 f" {on}); {bad_names} raise ValueError",
                                 f"sgd, momentum (0.9) et adam font les {steps} pas de torch sur une forme quadratique"
                                 f" (lr={lr}, {on}) ; {bad_names} lèvent ValueError"))



# --------------------------------------------------------------------------- init_weights_
class _Nested(nn.Module):
    """A module like lab 3's MLP, not a flat Sequential: Linears inside a Sequential and as
    attributes, and a LayerNorm, whose parameters init_weights_ must leave alone."""

    def __init__(self) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(300, 400), nn.Tanh(), nn.Linear(400, 250), nn.LayerNorm(250), nn.Tanh())
        self.head = nn.Linear(250, 60)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(X))


def checked_model(kind: str) -> nn.Module:
    """The networks init_weights_ is checked on: large layers, so that the statistics are precise."""
    if kind == "shallow":
        built = nn.Sequential(nn.Linear(400, 300), nn.Tanh(), nn.Linear(300, 200))
        return built
    if kind == "deep":
        built = nn.Sequential(nn.Linear(256, 512), nn.ReLU(), nn.Linear(512, 384), nn.ReLU(),
                              nn.Linear(384, 256), nn.ReLU(), nn.Linear(256, 100))
        return built
    if kind == "nested":
        return _Nested()
    raise ValueError(say(f"unknown test model {kind!r}: 'shallow', 'deep' or 'nested'",
                         f"modèle de test inconnu {kind!r} : 'shallow', 'deep' ou 'nested'"))


def glorot_std(fan_in: int, fan_out: int) -> float:
    """Std of Glorot's normal law, sqrt(2 / (fan_in + fan_out)) (nn.init.xavier_normal_, gain 1)."""
    return math.sqrt(2.0 / (fan_in + fan_out))


def he_std(fan_in: int) -> float:
    """Std of He's normal law, sqrt(2 / fan_in) (nn.init.kaiming_normal_, mode 'fan_in', ReLU gain)."""
    return math.sqrt(2.0 / fan_in)


def _init_hints() -> dict[str, str]:
    """Hints for the errors torch raises in a wrong init_weights_ (see ``call``), keyed by a text of torch's
    message; built when shown, in the notebook's language."""
    return {
        "fewer than 2 dimensions":  # not shown to students
            named("init-on-bias", say(
                " Xavier and He laws need a 2-D weight (their fans): apply them to m.weight only, and set m.bias to"
                " zero (nn.init.zeros_).",
                " Les lois de Xavier et de He demandent un poids à 2 dimensions (pour ses fans) : appliquez-les à"
                " m.weight seulement, et mettez m.bias à zéro (nn.init.zeros_).")),
        "is not iterable":  # not shown to students
            named("iterates-module", say(
                " Only an nn.Sequential can be iterated: model.modules() visits every sub-module of any model, at any"
                " depth.",
                " Seul un nn.Sequential peut être parcouru : model.modules() visite chaque sous-module de n'importe"
                " quel modèle, à toute profondeur.")),
        "leaf Variable that requires grad":  # not shown to students
            named("init-not-in-place", say(
                " Initialise in place with the nn.init functions (they run without gradients), or under"
                " torch.no_grad().",
                " Initialisez en place avec les fonctions nn.init (elles s'exécutent sans gradients), ou sous"
                " torch.no_grad().")),
    }

SENTINEL_W, SENTINEL_B, SENTINEL_OTHER = 0.5, 0.25, 0.75
"""What the check fills weights and biases with before the call (a layer still holding them was
not initialised), and the parameters of the other layers (which must still hold it after)."""


def _init_problem(model: str, dtype: torch.dtype, device: torch.device
                  ) -> tuple[nn.Module, list[tuple[str, nn.Linear]], list[tuple[str, torch.Tensor]]]:
    """The test model on ``device``, its nn.Linear layers and the parameters of its other layers,
    every parameter filled with its sentinel (see :data:`SENTINEL_W`)."""
    net = checked_model(model).to(device=device, dtype=dtype)
    layers = linears(net)
    linear_params = {id(p) for _, layer in layers for p in layer.parameters()}
    others = [(_param_name(path), p) for path, p in net.named_parameters() if id(p) not in linear_params]
    with quiet(), torch.no_grad():
        for _, layer in layers:
            layer.weight.fill_(SENTINEL_W)
            layer.bias.fill_(SENTINEL_B)
        for _, p in others:
            p.fill_(SENTINEL_OTHER)
    return net, layers, others


def _judge_init_returned(text: str, out: Any, net: nn.Module, ids: list[int]) -> None:
    """init_weights_ returned the model it was given, holding the same parameter tensors."""
    __tracebackhide__ = True
    if out is None:
        raise CheckFailed(say(f"{text} returned None: return the model (initialised in place), as its trailing _"
                              " promises.",
                              f"{text} a renvoyé None : renvoyez le modèle (initialisé en place), comme le promet le _"
                              " final de son nom."), mistake="returns-none")
    if out is not net:
        kind = type(out).__name__
        raise CheckFailed(say(f"{text} returned a {kind} that is not the model it was given: initialise the given"
                              " model's own layers in place and return that model.",
                              f"{text} a renvoyé un {kind} qui n'est pas le modèle reçu : initialisez en place les"
                              " couches du modèle reçu et renvoyez ce modèle."), mistake="returns-copy")
    if [id(p) for p in net.parameters()] != ids:
        raise CheckFailed(say(f"{text} replaced the model's parameters by new ones: initialise the existing tensors in"
                              " place (the nn.init functions ending with _ do), so that an optimizer built on them"
                              " still sees them.",
                              f"{text} a remplacé les paramètres du modèle par de nouveaux : initialisez en place les"
                              " tenseurs existants (comme le font les fonctions nn.init dont le nom finit par _),"
                              " pour qu'un optimiseur construit sur eux les voie encore."), mistake="new-parameters")


def _std_mistake(std: float, want: float, rtol: float, fan_in: int, fan_out: int) -> str:
    """The known wrong law whose std ``std`` matches (and the right one does not), or ""."""
    candidates = {
        named("schemes-swapped", say(
            "the He std sqrt(2 / fan_in): scheme 'xavier' asks for Glorot's law (nn.init.xavier_normal_).",
            "l'écart-type de He, sqrt(2 / fan_in) : le schéma 'xavier' demande la loi de Glorot"
            " (nn.init.xavier_normal_).")):
            he_std(fan_in),
        named("schemes-swapped", say(
            "the Glorot std sqrt(2 / (fan_in + fan_out)): scheme 'he' asks for He's law (nn.init.kaiming_normal_).",
            "l'écart-type de Glorot, sqrt(2 / (fan_in + fan_out)) : le schéma 'he' demande la loi de He"
            " (nn.init.kaiming_normal_).")):
            glorot_std(fan_in, fan_out),
        named("he-fan-out", say(
            "sqrt(2 / fan_out): He's law uses fan_in (kaiming_normal_'s default mode='fan_in'), the number of inputs.",
            "sqrt(2 / fan_out) : la loi de He utilise fan_in (mode='fan_in', le mode par défaut de kaiming_normal_),"
            " le nombre d'entrées.")):
            math.sqrt(2.0 / fan_out),
        named("tanh-gain", say(
            "the tanh gain 5/3 was applied: the Glorot law asked for has gain 1 (xavier_normal_'s default).",
            "le gain 5/3 de tanh a été appliqué : la loi de Glorot demandée a un gain de 1 (celui de xavier_normal_"
            " par défaut).")):
            5 / 3 * glorot_std(fan_in, fan_out),
        named("no-relu-gain", say(
            "sqrt(1 / fan_in): He's law has the ReLU gain sqrt(2) (kaiming_normal_'s default nonlinearity).",
            "sqrt(1 / fan_in) : la loi de He a le gain sqrt(2) de la ReLU (la non-linéarité par défaut de"
            " kaiming_normal_).")):
            math.sqrt(1.0 / fan_in),
        named("default-init", say(
            "that is PyTorch's default initialisation of nn.Linear (uniform, std 1/sqrt(3 fan_in)).",
            "c'est l'initialisation par défaut de nn.Linear dans PyTorch (uniforme, écart-type 1/sqrt(3 fan_in)).")):
            1 / math.sqrt(3 * fan_in),
        named("variance-as-std", say("the variance was used as the std: std = sqrt(variance).",
                                     "la variance a été prise pour l'écart-type : std = sqrt(variance).")): want**2,
        named("standard-normal", say("that is N(0, 1): scale the weights to the law's std.",
                                     "c'est N(0, 1) : multipliez les poids par l'écart-type de la loi.")): 1.0,

    }
    return next((m for m, s in candidates.items() if abs(std / s - 1) <= rtol and abs(s / want - 1) > rtol), "")


def _judge_init_weights(where: str, layer: nn.Linear, scheme: str) -> None:
    """The weights of ``layer`` follow the law of ``scheme`` (std, mean, shape of the law); its bias is zero."""
    __tracebackhide__ = True
    fan_in, fan_out = layer.in_features, layer.out_features
    w = float64_cpu(layer.weight)
    if torch.all(w == SENTINEL_W):
        raise CheckFailed(say(f"{where} was not initialised: visit every nn.Linear of the model, at any depth"
                              " (model.modules(), or model.apply(fn)).",
                              f"{where} n'a pas été initialisé : visitez chaque nn.Linear du modèle, à toute profondeur"
                              " (model.modules(), ou model.apply(fn))."), mistake="misses-nested-linears")
    std, mean = w.std().item(), w.mean().item()
    glorot = scheme == "xavier"
    want = glorot_std(fan_in, fan_out) if glorot else he_std(fan_in)
    if glorot:
        law = say(f"Glorot: sqrt(2 / (fan_in + fan_out)) = {want:.4f}",
                  f"Glorot : sqrt(2 / (fan_in + fan_out)) = {want:.4f}")
    else:
        law = say(f"He: sqrt(2 / fan_in) = {want:.4f}", f"He : sqrt(2 / fan_in) = {want:.4f}")
    if std == 0:
        raise CheckFailed(say(f"{where} has all its weights equal to {mean:.3g}: draw them at random ({law}).",
                              f"{where} a tous ses poids égaux à {mean:.3g} : tirez-les au hasard ({law})."),
                          mistake="constant-weights")
    rtol = max(0.03, 6 / math.sqrt(2 * w.numel()))
    if abs(std / want - 1) > rtol:
        cause = _std_mistake(std, want, rtol, fan_in, fan_out)
        raise CheckFailed(say(f"{where}: the weights have std {std:.4f}, expected {want:.4f} ({law}). {cause}",
                              f"{where} : les poids ont un écart-type de {std:.4f}, on attend {want:.4f} ({law})."
                              f" {cause}").rstrip(), mistake=mistake_of(cause) or "wrong-std")
    if abs(mean) > 5 * want / math.sqrt(w.numel()):
        raise CheckFailed(say(f"{where}: the weights have mean {mean:.4f}, expected a centred law (mean 0,"
                              f" std {want:.4f}).",
                              f"{where} : les poids ont une moyenne de {mean:.4f}, on attend une loi centrée"
                              f" (moyenne 0, écart-type {want:.4f})."), mistake="not-centred")
    kurt = excess_kurtosis(w)
    if kurt < -0.6:
        bound = math.sqrt(3) * want
        top = w.abs().max().item()
        init = "xavier_normal_" if scheme == "xavier" else "kaiming_normal_"
        raise CheckFailed(say(f"{where}: the weights look uniform (excess kurtosis {kurt:.2f}, max |w| = {top:.4f}"
                              f" within the uniform bound {bound:.4f}), expected a normal law: use the *_normal_"
                              f" initialiser ({init}), not *_uniform_.",
                              f"{where} : les poids semblent uniformes (excès de kurtosis {kurt:.2f}, max |w| ="
                              f" {top:.4f} sous la borne de la loi uniforme, {bound:.4f}), on attend une loi normale :"
                              f" utilisez l'initialiseur *_normal_ ({init}), pas *_uniform_."),
                          mistake="uniform-not-normal")
    if abs(kurt) > 0.6:
        raise CheckFailed(say(f"{where}: the weights have excess kurtosis {kurt:.2f}, expected about 0 for a normal"
                              " law.",
                              f"{where} : les poids ont un excès de kurtosis de {kurt:.2f}, on attend environ 0 pour"
                              " une loi normale."), mistake="not-normal")
    distance = normality_distance(w)
    if distance > NORMALITY_LIMIT:
        per = distance / math.sqrt(w.numel())
        init = "nn.init.xavier_normal_" if scheme == "xavier" else "nn.init.kaiming_normal_"
        raise CheckFailed(say(f"{where}: the weights have the right mean and std ({std:.4f}) but not a normal law:"
                              f" their distribution is sqrt(n) * {per:.4f} = {distance:.2f} away from the normal one"
                              f" (Kolmogorov distance; a normal sample stays below {NORMALITY_LIMIT}). Draw them with"
                              f" {init} (or torch.randn times the std).",
                              f"{where} : les poids ont la bonne moyenne et le bon écart-type ({std:.4f}) mais pas une"
                              f" loi normale : leur distribution est à sqrt(n) * {per:.4f} = {distance:.2f} de la loi"
                              f" normale (distance de Kolmogorov ; un échantillon normal reste sous"
                              f" {NORMALITY_LIMIT}). Tirez-les avec {init} (ou torch.randn multiplié par"
                              " l'écart-type)."), mistake="not-normal")
    b = layer.bias.detach()
    if not torch.all(b == 0):
        if torch.all(b == SENTINEL_B):
            raise CheckFailed(say(f"{where}: its bias was left as it was, expected zeros: nn.init.zeros_(bias).",
                                  f"{where} : son biais a été laissé tel quel, on attend des zéros :"
                                  " nn.init.zeros_(bias)."), mistake="bias-not-zeroed")
        top = b.abs().max().item()
        raise CheckFailed(say(f"{where}: its bias has max |b| = {top:.3g}, expected exactly zero: the laws are for the"
                              " weights; biases start at 0 (nn.init.zeros_).",
                              f"{where} : son biais a max |b| = {top:.3g}, on attend exactement zéro : les lois sont"
                              " pour les poids ; les biais partent de 0 (nn.init.zeros_)."), mistake="bias-not-zero")


def check_init_weights_(init_weights_: Callable, scheme: str = "xavier", model: str = "shallow",
                        dtype: torch.dtype = torch.float32, device: str | torch.device | None = None,
                        seed: int = 0) -> None:
    """Every nn.Linear of a large test model: weights ~ the Glorot / He normal law, biases zero, in place."""
    __tracebackhide__ = True
    device = resolve_device(device)
    net, layers, others = _init_problem(model, dtype, device)
    ids = [id(p) for p in net.parameters()]
    torch.manual_seed(seed)
    text = f"init_weights_(model, {scheme!r})"
    if device.type == "meta":
        out = call_on_meta(text, init_weights_, net, scheme, hints=_init_hints())
    else:
        out = call(text, init_weights_, net, scheme, hints=_init_hints())
    _judge_init_returned(text, out, net, ids)
    for name, layer in layers:
        fan_in, fan_out = layer.in_features, layer.out_features
        where = f"{name} = Linear({fan_in}, {fan_out})"
        moved = next((p for p in (layer.weight, layer.bias) if p.device.type != device.type or p.dtype != dtype), None)
        if moved is not None:
            now, wanted = f"{moved.device.type}/{moved.dtype}", f"{device.type}/{dtype}"
            raise CheckFailed(say(f"{where} moved to {now}, expected {wanted}: keep the model's device and dtype"
                                  " (initialise the tensors in place, or create new values with"
                                  " device=m.weight.device, dtype=m.weight.dtype).",
                                  f"{where} a été déplacé vers {now}, on attend {wanted} : gardez le device et le"
                                  " dtype du modèle (initialisez les tenseurs en place, ou créez les nouvelles valeurs"
                                  " avec device=m.weight.device, dtype=m.weight.dtype)."), mistake="ignores-device")
        if device.type != "meta":
            _judge_init_weights(where, layer, scheme)
    if device.type != "meta":
        changed = next((name for name, p in others if not torch.all(p.detach() == SENTINEL_OTHER)), None)
        if changed is not None:
            raise CheckFailed(say(f"{text} changed {changed}, a parameter of a layer that is not an nn.Linear:"
                                  " re-initialise the nn.Linear layers only (isinstance(m, nn.Linear)), not every"
                                  " parameter of the model; other layers (here a LayerNorm, whose weight must stay 1)"
                                  " keep their parameters.",
                                  f"{text} a modifié {changed}, un paramètre d'une couche qui n'est pas un nn.Linear :"
                                  " ne réinitialisez que les couches nn.Linear (isinstance(m, nn.Linear)), pas tous"
                                  " les paramètres du modèle ; les autres couches (ici une LayerNorm, dont le poids"
                                  " doit rester à 1) gardent leurs paramètres."), mistake="changes-other-layers")
    author, on = "Glorot" if scheme == "xavier" else "He", dtype_on(dtype, device)
    passed("init_weights_", say(f"{scheme!r}: the {len(layers)} Linear layers of a {model} model have the {author}"
                                f" normal law, zero biases, in place ({on})",
                                f"{scheme!r} : les {len(layers)} couches Linear d'un modèle {model} suivent la loi"
                                f" normale de {author}, biais nuls, en place ({on})"))



def check_init_weights_both(init_weights_: Callable) -> None:
    """``check_init_weights_`` for both schemes (the summary's check)."""
    __tracebackhide__ = True
    check_init_weights_(init_weights_, "xavier")
    check_init_weights_(init_weights_, "he")


VISIBLE: dict[str, Callable[[Callable], None]] = {
    "init_model_optim": check_init_model_optim,
    "train_step_optim": check_train_step_optim,
    "make_optimizer": check_make_optimizer,
    "init_weights_": check_init_weights_both,
}
"""The visible check of each graded function, by its grade_id."""

check_contract = contract_checker("lab4")
"""Hold a graded function to its whole contract on generated problems (``contracts.lab4``)."""


from ._visible import make_visible  # noqa: E402  (after every check is defined)

make_visible(globals())
