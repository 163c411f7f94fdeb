"""Checks of lab 2 (the lab-1 network, gradients by torch.autograd): each compares a
student's function with torch's own behaviour and names known mistakes.

Every check takes the student's function and the sizes, dtype, device and seed of a
random problem; the visible tests call them with small fixed sizes, the hidden tests
with others. ``device=None`` means CUDA when available, else CPU; ``device="meta"``
runs shapes only and catches tensors created on a fixed device, even without a GPU.

What autograd needs from the parameters: each one is a *leaf* (a tensor created by
the user, not the result of an operation) with ``requires_grad=True``; ``L.backward()``
then *adds* dL/dp into ``p.grad``. A gradient step updates ``p`` in place under
``torch.no_grad()`` (so that it is not recorded and ``p`` stays the same leaf), then
resets ``p.grad`` (to zeros or None), as ``torch.optim.Optimizer.zero_grad`` does.

``train_step`` is checked with a reference ``sgd_autograd`` in place of the student's (so a
wrong ``sgd_autograd`` costs the points of its own test only), which notes the gradients
and eta it receives: a train_step that clips or scales the gradients, or hard-codes eta,
is blamed on train_step.

The references (the network's gradients by autograd, the step, a training step's loss, accuracy
and parameters) are the grader's, reached through ``REF`` (see ``_references``): none ships in
this package.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import torch

from ._calling import call
from ._compare import as_number, dtype_on, expect_keys, expect_tensor, max_error
from ._device import call_following_inputs, resolve_device
from ._outcome import CheckFailed, named, passed
from ._harness import contract_checker
from ._references import GradedOnly, References
from ._shared import InPlaceOf
from ..language import say
from .lab1 import KEYS, expect_init, random_problem, sgd_problem

REF = References("lab2")
"""The network's gradients, the SGD step and a training step's results (see ``_references``)."""

def _step_hints() -> dict[str, str]:
    """Hints for the errors autograd commonly raises in a training step (see ``call``), keyed by a text of torch's
    message; built when shown, in the notebook's language."""
    return {
        "leaf Variable that requires grad":  # not shown to students
            named("update-outside-no-grad", say(
                " Update the parameters inside a torch.no_grad() block: there autograd records nothing, and a leaf"
                " may be changed in place.",
                " Mettez à jour les paramètres dans un bloc torch.no_grad() : autograd n'y enregistre rien, et une"
                " feuille peut y être modifiée en place.")),
        "NoneType": named("grad-is-none", say(
            " A parameter's .grad is None: backward() has not filled it (yet), or it was reset before it was used."
            " Call L.backward() first, update p with p.grad, and only then reset p.grad.",
            " Le .grad d'un paramètre vaut None : backward() ne l'a pas (encore) rempli, ou il a été remis à zéro"
            " avant d'être utilisé. Appelez d'abord L.backward(), mettez p à jour avec p.grad, et remettez p.grad"
            " à zéro ensuite seulement.")),
        "does not require grad":  # not shown to students
            named("loss-without-grad", say(
                " L is not connected to the parameters: it was computed under torch.no_grad(), or from detached"
                " tensors (.detach(), .data, .item()), so backward() has nothing to differentiate.",
                " L n'est pas reliée aux paramètres : elle a été calculée sous torch.no_grad(), ou à partir de"
                " tenseurs détachés (.detach(), .data, .item()), si bien que backward() n'a rien à dériver.")),
        "has no attribute 'backward'":  # not shown to students
            named("backward-on-number", say(
                " L.item() (or float(L)) is a Python number: call backward() on the tensor L, and convert it only to"
                " record or print it.",
                " L.item() (ou float(L)) est un nombre Python : appelez backward() sur le tenseur L, et ne le"
                " convertissez que pour l'enregistrer ou l'afficher.")),
        "backward through the graph a second time":  # not shown to students
            named("backward-twice", say(" Call L.backward() once per step.",
                                        " Appelez L.backward() une seule fois par pas.")),
    }


def _init_hints() -> dict[str, str]:
    """The hint for the error autograd commonly raises in init_params_autograd (see ``call``), built when shown."""
    return {
        "leaf Variable that requires grad":  # not shown to students
            named("update-outside-no-grad", say(
                " Autograd refuses to change in place a leaf that requires grad: build the tensor first (scaled,"
                " zeroed), then call .requires_grad_() on the result.",
                " Autograd refuse de modifier en place une feuille qui requiert un gradient : construisez d'abord le"
                " tenseur (mis à l'échelle, mis à zéro), puis appelez .requires_grad_() sur le résultat.")),
    }


def leaves(params: Mapping[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Copies of ``params`` that are leaves requiring grad, as init_params_autograd returns them."""
    return {k: params[k].detach().clone().requires_grad_(True) for k in KEYS}


def _expect_leaf(name: str, p: torch.Tensor, what: str) -> None:
    """``p`` requires grad and is a leaf (autograd fills its .grad)."""
    __tracebackhide__ = True
    if not p.requires_grad:
        raise CheckFailed(say(f"{name} does not require grad {what}: autograd would not compute its gradient."
                              " Create it, then call .requires_grad_() (or pass requires_grad=True to the function"
                              " that creates it, with no operation after).",
                              f"{name} ne requiert pas de gradient {what} : autograd ne calculerait pas son gradient."
                              " Créez-le, puis appelez .requires_grad_() (ou passez requires_grad=True à la fonction"
                              " qui le crée, sans opération ensuite)."), mistake="no-requires-grad")
    if not p.is_leaf:
        grad_fn = type(p.grad_fn).__name__
        raise CheckFailed(say(f"{name} is not a leaf {what}: it is the result of an operation ({grad_fn}),"
                              " so backward() leaves its .grad None (gradients go to the leaves it was computed from)."
                              " 0.3 * torch.randn(..., requires_grad=True) is such a result: write"
                              " (0.3 * torch.randn(...)).requires_grad_() instead.",
                              f"{name} n'est pas une feuille {what} : c'est le résultat d'une opération ({grad_fn}),"
                              " si bien que backward() laisse son .grad à None (les gradients vont aux feuilles dont"
                              " il a été calculé). 0.3 * torch.randn(..., requires_grad=True) est un tel résultat :"
                              " écrivez plutôt (0.3 * torch.randn(...)).requires_grad_()."), mistake="not-a-leaf")


# --------------------------------------------------------------------------- init_params_autograd
def check_init_params_autograd(init_params_autograd: Callable, nx: int = 3, nh: int = 5, ny: int = 4,
                               dtype: torch.dtype = torch.float64, device: str | torch.device | None = None,
                               seed: int = 0, statistics: bool = True) -> None:
    """Keys, shapes, dtype, device, the N(0, 0.3^2) law of the weights, and leaves requiring grad."""
    __tracebackhide__ = True
    device = resolve_device(device)
    expect_init("init_params_autograd", init_params_autograd, nx, nh, ny, dtype, device, seed, statistics,
                hints=_init_hints(), each=lambda k, p, where: _expect_leaf(f"params[{k!r}]", p, where))
    passed("init_params_autograd", say(f"4 leaves requiring grad, right shapes, dtype and device (nx={nx}, nh={nh},"
                                       f" ny={ny}, {dtype_on(dtype, device)})",
                                       f"4 feuilles qui requièrent un gradient, formes, dtype et device justes"
                                       f" (nx={nx}, nh={nh}, ny={ny}, {dtype_on(dtype, device)})"))


# --------------------------------------------------------------------------- sgd_autograd
def _expect_same_leaves(what: str, found: Mapping[str, Any], originals: Mapping[str, torch.Tensor]) -> None:
    """Every found[k] is originals[k] itself, still a leaf requiring grad (updated in place)."""
    __tracebackhide__ = True
    for k in KEYS:
        p = found[k]
        if p is originals[k]:
            _expect_leaf(f"params[{k!r}]", p, say(f"after {what}", f"après {what}"))
            continue
        if isinstance(p, torch.Tensor) and not p.is_leaf:
            grad_fn = type(p.grad_fn).__name__
            raise CheckFailed(say(f"params[{k!r}] is no longer a leaf after {what}: it was replaced by the result of"
                                  f" an operation ({grad_fn}) recorded by autograd, whose .grad the next"
                                  " backward() leaves None. Update the tensor in place inside a torch.no_grad() block"
                                  " (p.sub_(eta * p.grad), or the -= operator).",
                                  f"params[{k!r}] n'est plus une feuille après {what} : il a été remplacé par le"
                                  f" résultat d'une opération ({grad_fn}) enregistrée par autograd, dont le"
                                  " backward() suivant laisse le .grad à None. Mettez le tenseur à jour en place dans"
                                  " un bloc torch.no_grad() (p.sub_(eta * p.grad), ou l'opérateur -=)."),
                              mistake="replaced-outside-no-grad")
        without_grad = isinstance(p, torch.Tensor) and not p.requires_grad
        why = say(" (that does not even require grad)", " (qui ne requiert même pas de gradient)") \
            if without_grad else ""
        raise CheckFailed(say(f"params[{k!r}] was replaced by a new tensor{why} in {what}: update the parameter in"
                              " place (p.sub_(eta * p.grad), or the -= operator) inside a torch.no_grad() block,"
                              " so that it stays the leaf tensor autograd computes gradients for (and the one an"
                              " optimiser would hold).",
                              f"params[{k!r}] a été remplacé par un nouveau tenseur{why} dans {what} : mettez le"
                              " paramètre à jour en place (p.sub_(eta * p.grad), ou l'opérateur -=) dans un bloc"
                              " torch.no_grad(), pour qu'il reste la feuille dont autograd calcule le gradient (celle"
                              " aussi que détiendrait un optimiseur)."),
                          mistake="replaced-without-grad" if without_grad else "replaced-not-in-place")


def _expect_grads_reset(what: str, params: Mapping[str, torch.Tensor], set_grads: Mapping[str, torch.Tensor]) -> None:
    """Every params[k].grad is None or zero."""
    __tracebackhide__ = True
    for k in KEYS:
        g = params[k].grad
        if g is None or g.device.type == "meta":
            continue
        if g.abs().max().item() != 0:
            same = k in set_grads and g.shape == set_grads[k].shape and torch.equal(g, set_grads[k])
            still = say(" (it still holds the gradient used for the step)",
                        " (il contient encore le gradient utilisé pour le pas)") if same else ""
            raise CheckFailed(say(f"params[{k!r}].grad was not reset after {what}{still}: backward() adds"
                                  " to .grad, so the next step would use the sum of all past gradients. After updating"
                                  " p, reset its gradient: call .zero_() on p.grad, or set p.grad = None.",
                                  f"params[{k!r}].grad n'a pas été remis à zéro après {what}{still} : backward()"
                                  " ajoute à .grad, si bien que le pas suivant utiliserait la somme de tous les"
                                  " gradients passés. Après avoir mis p à jour, remettez son gradient à zéro : appelez"
                                  " .zero_() sur p.grad, ou écrivez p.grad = None."),
                              mistake="grad-not-reset")


def check_sgd_autograd(sgd_autograd: Callable, nx: int = 3, nh: int = 5, ny: int = 4, eta: float = 0.1,
                       dtype: torch.dtype = torch.float64, device: str | torch.device | None = None,
                       seed: int = 0) -> None:
    """p <- p - eta * p.grad in place for every key, grads reset, params still the same leaves."""
    __tracebackhide__ = True
    device = resolve_device(device)
    values, grads, expected, mistakes = sgd_problem(
        nx, nh, ny, eta, dtype, device, seed, "p.grad",
        named("not-updated", say("it was not updated. (Did you zero p.grad before using it? Reset it after the"
                                 " update.)",
                                 "il n'a pas été mis à jour. (Avez-vous mis p.grad à zéro avant de l'utiliser ?"
                                 " Remettez-le à zéro après la mise à jour.)")), ref=REF)
    params = leaves(values)
    for k in KEYS:
        params[k].grad = grads[k].clone()
    originals = dict(params)
    result = call("sgd_autograd", sgd_autograd, params, eta, where=say(f" (on {device.type})", f" (sur {device.type})"),
                  hints=_step_hints())
    if result is None:
        raise CheckFailed(say("sgd_autograd returned None: return the params dict (updated in place).",
                              "sgd_autograd a renvoyé None : renvoyez le dictionnaire params (mis à jour en place)."),
                          mistake="returns-none")
    expect_keys("sgd_autograd(...)", result, KEYS)
    for k in KEYS:
        expect_tensor(f"sgd_autograd(...)[{k!r}]", result[k], expected[k], mistakes[k])
    _expect_same_leaves("sgd_autograd", result, originals)
    _expect_grads_reset("sgd_autograd", result, grads)
    passed("sgd_autograd", say(f"p - eta * p.grad in place, grads reset, same leaves (eta={eta:.3g},"
                               f" {dtype_on(dtype, device)})",
                               f"p - eta * p.grad en place, gradients remis à zéro, mêmes feuilles (eta={eta:.3g},"
                               f" {dtype_on(dtype, device)})"))


# --------------------------------------------------------------------------- train_step
class _StepSpy:
    """The reference step, put in place of the student's sgd_autograd while their train_step runs
    (train_step is graded on its own, whatever their sgd_autograd does); it notes what it gets.

    Each parameter with a gradient takes the reference ``sgd``'s value in place, its gradient then
    zeroed. Where the reference has no answer (a student release replays only the recorded
    problems: ``_references.GradedOnly``), the step of the check's own problem is taken if the spy
    got that problem up to rounding (gradients computed another way); else nothing changes and
    ``missed`` says so: what the spy got is still checked, the parameters after the step when graded."""

    def __init__(self, problem: tuple[dict, dict, dict, float]) -> None:
        self.problem = problem  # (values, gradients, the params after the step, eta) of the check's problem
        self.calls: list[tuple[dict[str, torch.Tensor | None], Any]] = []
        self.missed = False

    def _is_the_problem(self, params: Mapping[str, torch.Tensor], eta: Any) -> bool:
        values, grads, _, eta_ref = self.problem
        return isinstance(eta, (int, float)) and eta == eta_ref and all(
            params[k].grad is not None and params[k].shape == values[k].shape and values[k].device.type != "meta"
            and torch.equal(params[k].detach(), values[k])
            and torch.allclose(params[k].grad.double(), grads[k].double(), rtol=1e-9,
                               atol=1e-9 * grads[k].abs().max().item()) for k in KEYS)

    def __call__(self, params: Mapping[str, torch.Tensor], eta: Any) -> Mapping[str, torch.Tensor]:
        self.calls.append(({k: None if params[k].grad is None else params[k].grad.detach().clone() for k in KEYS}, eta))
        keys = [k for k in KEYS if params[k].grad is not None]
        try:
            new = REF.sgd({k: params[k].detach() for k in keys}, {k: params[k].grad for k in keys}, eta)
        except GradedOnly:
            if not self._is_the_problem(params, eta):
                self.missed = True
                return params
            new = self.problem[2]
        with torch.no_grad():
            for k in keys:
                params[k].copy_(new[k])
                params[k].grad.zero_()
        return params


def _expect_step_inputs(spy: _StepSpy, grads: Mapping[str, torch.Tensor], eta: float) -> None:
    """What train_step gave sgd_autograd: autograd's gradients of the batch's loss, once, and its eta."""
    __tracebackhide__ = True
    if not spy.calls:
        return  # an update written inline: the parameters after the step are checked
    if len(spy.calls) > 1:
        raise CheckFailed(say(f"train_step called sgd_autograd {len(spy.calls)} times: one step per call.",
                              f"train_step a appelé sgd_autograd {len(spy.calls)} fois : un seul pas par appel."),
                          mistake="wrong-sgd-calls")
    found, eta_found = spy.calls[0]
    if not isinstance(eta_found, (int, float, torch.Tensor)) or float(eta_found) != eta:
        raise CheckFailed(say(f"train_step called sgd_autograd with eta = {eta_found!r}, but it was given"
                              f" eta = {eta}: pass its own eta on.",
                              f"train_step a appelé sgd_autograd avec eta = {eta_found!r}, alors qu'il a reçu"
                              f" eta = {eta} : transmettez l'eta reçu."), mistake="ignores-eta")
    for k in KEYS:
        g, ref = found[k], grads[k]
        if g is None:
            raise CheckFailed(say(f"params[{k!r}].grad was None when train_step called sgd_autograd. Call"
                                  " L.backward() first, and do not reset the gradients before the update.",
                                  f"params[{k!r}].grad valait None quand train_step a appelé sgd_autograd. Appelez"
                                  " d'abord L.backward(), et ne remettez pas les gradients à zéro avant la mise à"
                                  " jour."), mistake="no-backward")
        if g.shape != ref.shape or not torch.allclose(g.double().cpu(), ref.double().cpu(), rtol=1e-5, atol=1e-7):
            g64, r64 = g.double().cpu(), ref.double().cpu()
            mistake = None
            if g64.abs().max().item() == 0:
                mistake = "zero-grad-before-update"
                why = say(" They are all zero: the gradients were reset between L.backward() and sgd_autograd, so"
                          " the parameters were not updated. Reset them after the update (sgd_autograd does).",
                          " Ils sont tous nuls : les gradients ont été remis à zéro entre L.backward() et"
                          " sgd_autograd, si bien que les paramètres n'ont pas été mis à jour. Remettez-les à zéro"
                          " après la mise à jour (sgd_autograd le fait).")
            elif torch.allclose(g64, 2 * r64, rtol=1e-5, atol=1e-7):
                why = say(" They are twice autograd's: backward() ran twice on the batch (gradients add up).",
                          " Ils valent le double de ceux d'autograd : backward() a été exécuté deux fois sur le lot"
                          " (les gradients s'additionnent).")
                mistake = "backward-twice"
            elif (g64 * r64).sum().item() > 0 and g64.norm().item() < r64.norm().item():
                mistake = "clips-gradients"
                why = say(" They point the same way but are smaller: train_step scaled or clipped them (e.g."
                          " clip_grad_norm_), which the step of this lab does not do; give sgd_autograd the gradients"
                          " as L.backward() leaves them.",
                          " Ils ont la bonne direction mais sont plus petits : train_step les a mis à l'échelle ou"
                          " écrêtés (par exemple avec clip_grad_norm_), ce que le pas de ce TP ne fait pas ; donnez à"
                          " sgd_autograd les gradients tels que L.backward() les laisse.")
            else:
                why = say(" Compute L from forward(params, X) and loss_accuracy, call L.backward() once, then"
                          " sgd_autograd.",
                          " Calculez L à partir de forward(params, X) et de loss_accuracy, appelez L.backward() une"
                          " fois, puis sgd_autograd.")
            off = max_error(g, ref)
            raise CheckFailed(say(f"train_step gave sgd_autograd gradients that are not autograd's gradients of the"
                                  f" batch's mean loss: params[{k!r}].grad is off by {off:.3g} when sgd_autograd is"
                                  f" called.{why} (The fault is in train_step: the test runs it with a reference"
                                  " sgd_autograd.)",
                                  f"train_step a donné à sgd_autograd des gradients qui diffèrent de ceux qu'autograd"
                                  f" calcule pour la perte moyenne du lot : params[{k!r}].grad s'en écarte de"
                                  f" {off:.3g} quand sgd_autograd est appelé.{why} (L'erreur vient de train_step : le"
                                  " test l'exécute avec un sgd_autograd de référence.)"), mistake=mistake)


def check_train_step(train_step: Callable, n: int = 8, nx: int = 3, nh: int = 5, ny: int = 4, eta: float = 0.5,
                     dtype: torch.dtype = torch.float64, device: str | torch.device | None = None,
                     seed: int = 0) -> None:
    """(L, acc) before the update from F.cross_entropy and argmax; params after = one SGD step
    with autograd's gradients; the same leaves, grads reset."""
    __tracebackhide__ = True
    device = resolve_device(device)
    values, X, Y, y = random_problem(n, nx, nh, ny, dtype, device, seed)
    values = {k: v / 2 for k, v in values.items()}  # moderate logits: some right, some wrong predictions
    grads = REF.backward(values, X, y)
    L_ref, acc_ref, expected = REF.train_step(values, X, y, eta)
    L_after, acc_after, _ = REF.train_step(expected, X, y, eta)  # what a loss taken after the step gives
    if device.type == "meta":
        values, expected = ({k: v.to("meta") for k, v in d.items()} for d in (values, expected))
        X, Y = X.to("meta"), Y.to("meta")
    params = leaves(values)
    originals = dict(params)
    spy = _StepSpy((values, grads, expected, eta))
    before = {"X": X.clone(), "Y": Y.clone()}
    caller = call if device.type == "meta" else call_following_inputs
    with InPlaceOf(train_step, sgd_autograd=spy):
        result = caller("train_step", train_step, params, X, Y, eta,
                        where=say(f" (on {device.type})", f" (sur {device.type})"), hints=_step_hints())
    if device.type != "meta":
        for what in ("X", "Y"):
            if not torch.equal(before[what], {"X": X, "Y": Y}[what]):
                raise CheckFailed(say(f"train_step changed {what} in place: it must leave the batch as it is.",
                                      f"train_step a modifié {what} en place : il doit laisser le lot tel quel."),
                                  mistake="changes-input-in-place")
        _expect_step_inputs(spy, grads, eta)
    if spy.missed:
        raise GradedOnly("lab2: train_step's step on this problem")  # not shown to students
    if not (isinstance(result, tuple) and len(result) == 2):
        kind = type(result).__name__
        raise CheckFailed(say(f"train_step returned a {kind}, expected a pair (L, acc).",
                              f"train_step a renvoyé un {kind}, on attend une paire (L, acc)."),
                          mistake="not-a-tuple")
    L, acc = result
    for k in KEYS:
        label = say(f"params[{k!r}] after train_step", f"params[{k!r}] après train_step")
        expect_tensor(label, params[k], expected[k], {
            named("no-update", say("it was not updated: after L.backward(), call sgd_autograd, and do not reset the"
                                   " gradients before it.",
                                   "il n'a pas été mis à jour : après L.backward(), appelez sgd_autograd, sans"
                                   " remettre les gradients à zéro avant.")): values[k],
            named("uphill", say("it goes uphill: descent is p - eta * p.grad.",
                                "il remonte la pente : la descente est p - eta * p.grad.")):
                values[k] + eta * grads[k].to(values[k].device),
        })
    _expect_same_leaves("train_step", params, originals)
    _expect_grads_reset("train_step", params, {})
    if device.type != "meta":
        L_found = as_number(say("L (the first value returned)", "L (la première valeur renvoyée)"), L)
        if abs(L_found - L_ref.item()) > 1e-6 * max(1.0, abs(L_ref.item())):
            loss_is_after = abs(L_found - L_after.item()) < 1e-6 * max(1.0, abs(L_after.item()))
            why = say(" It is the loss after the update: return the loss computed before sgd_autograd (the one you"
                      " called backward on).",
                      " C'est la perte après la mise à jour : renvoyez la perte calculée avant sgd_autograd (celle"
                      " sur laquelle vous avez appelé backward).") if loss_is_after else ""
            mistake = "loss-after-update" if loss_is_after else None
            raise CheckFailed(say(f"L = {L_found:.6g}, expected {L_ref.item():.6g} (the mean cross-entropy of the"
                                  f" batch before the update).{why}",
                                  f"L = {L_found:.6g}, attendu {L_ref.item():.6g} (l'entropie croisée moyenne du lot"
                                  f" avant la mise à jour).{why}"), mistake=mistake)
        acc_found = as_number(say("acc (the second value returned)", "acc (la deuxième valeur renvoyée)"), acc)
        if abs(acc_found - acc_ref) > 1e-6:
            after = abs(acc_found - acc_after) < 1e-6
            why = say(" It is the accuracy after the update: return the one computed before sgd_autograd.",
                      " C'est l'exactitude après la mise à jour : renvoyez celle calculée avant sgd_autograd.") \
                if after else ""
            raise CheckFailed(say(f"acc = {acc_found:.4g}, expected {acc_ref:.4g} (accuracy on the batch before the"
                                  f" update).{why}",
                                  f"acc = {acc_found:.4g}, attendu {acc_ref:.4g} (exactitude sur le lot avant la mise"
                                  f" à jour).{why}"), mistake="accuracy-after-update" if after else None)
    passed("train_step", say(f"(L, acc) before the step and the updated params equal torch's"
                             f" (n={n}, eta={eta:.3g}, {dtype_on(dtype, device)})",
                             f"(L, acc) avant le pas et les paramètres mis à jour égaux à ceux de torch"
                             f" (n={n}, eta={eta:.3g}, {dtype_on(dtype, device)})"))


VISIBLE: dict[str, Callable[[Callable], None]] = {
    "init_params_autograd": check_init_params_autograd,
    "sgd_autograd": check_sgd_autograd,
    "train_step": check_train_step,
}
"""The visible check of each graded function, by its grade_id."""

check_contract = contract_checker("lab2")
"""Hold a graded function to its whole contract on generated problems (``contracts.lab2``)."""


from ._visible import make_visible  # noqa: E402  (after every check is defined)

make_visible(globals())
