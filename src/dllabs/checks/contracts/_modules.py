"""What labs 2-4's contracts share: numbers that may be tensors, losses still attached to their graph,
a returned network judged by what it computes on generated inputs, a returned loss judged on
generated logits, parameters judged after a step, and small models with every kind of layer the
text's words cover ("every parameter", "every nn.Linear": a subclass of nn.Linear, a Linear without
bias, layers of other types)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch
import torch.nn as nn
import torch.nn.functional as F

from ...language import say
from .._harness import _to
from .._compare import PLAIN_TENSORS, close, max_error, shape_str
from .._kinds import Broken, Kind, Tensor, describe_value
from .._references import References

DTYPES = (torch.float32, torch.float64)
REF = References("lab3")
"""The network lab 3's ``init_model`` builds (an answer until lab 3 is due: it lives with the grader)."""

LOSSES = ("mean", "sum", "weighted sum", "smoothing")  # not shown to students: keys, the same in every language
"""The kinds of cross-entropy loss a contract tries: reductions, class weights, label smoothing."""


def make_criterion(kind: str, ny: int, g: torch.Generator, dtype: torch.dtype) -> nn.Module:
    """The cross-entropy loss of kind ``kind`` (one of :data:`LOSSES`) for ``ny`` classes (labs 3 and 4)."""
    if kind == "weighted sum":  # not shown to students
        # class weights with the sum only: indices and one-hot targets then agree
        weight = (0.5 + 2 * torch.rand(ny, generator=g, dtype=torch.float64)).to(dtype)
        return nn.CrossEntropyLoss(weight=weight, reduction="sum")
    if kind == "smoothing":
        return nn.CrossEntropyLoss(label_smoothing=0.1)
    return nn.CrossEntropyLoss(reduction=kind)


def gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


class Number(Kind):
    """A number: a Python float (or int) or a 0-dim tensor (any graph), equal to the reference's value."""

    text = "a number"

    def __init__(self, rtol: float = 1e-4, atol: float = 1e-6) -> None:
        self.rtol, self.atol = rtol, atol

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        if isinstance(found, torch.Tensor):
            if type(found) not in PLAIN_TENSORS or found.dim() != 0:
                raise broken(_not_a_number(label, found))
            if device is not None:
                if found.device.type != device.type:
                    got, want = found.device.type, device.type
                    raise broken(say(f"{label} is on '{got}', expected '{want}' like the inputs",
                                     f"{label} est sur '{got}', on attend '{want}' comme les entrées"))
                return
            value = found.item()
        elif type(found) in (float, int):
            if device is not None:
                return
            value = float(found)
        else:
            raise broken(_not_a_number(label, found))
        want = float(expected)
        if not (math.isfinite(value) or not math.isfinite(want)) or abs(value - want) > self.atol + self.rtol * abs(
                want):
            raise broken(say(f"{label} is {value:.6g}, expected {want:.6g}",
                             f"{label} vaut {value:.6g}, on attend {want:.6g}"))


def _not_a_number(label: str, found: Any) -> str:
    what = describe_value(found)
    return say(f"{label} is {what}, the text says a number (a 0-dim tensor or a float)",
               f"{label} est {what}, l'énoncé demande un nombre (un tenseur à 0 dimension ou un float)")


class Attached(Tensor):
    """A tensor as :class:`Tensor` judges it, still attached to the graph (``requires_grad``): the caller
    calls ``backward()`` on it."""

    def __init__(self) -> None:
        super().__init__(detached=False)

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        super().judge(label, found, expected, broken, device)
        if not found.requires_grad:
            raise broken(say(f"{label} is detached from the graph (requires_grad=False): the text returns it as the"
                             " loss computes it, since the caller calls backward() on it",
                             f"{label} est détaché du graphe (requires_grad=False) : l'énoncé le renvoie tel que la"
                             " perte le calcule, car l'appelant appelle backward() dessus"))


class Nothing(Kind):
    """``None`` (the text says the function returns None)."""

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        if found is not None:
            what = describe_value(found)
            raise broken(say(f"{label} is {what}, the text says None (the update is in place)",
                             f"{label} est {what}, l'énoncé dit None (la mise à jour se fait en place)"))


# --------------------------------------------------------------------------- a network, a loss, built and returned
def linears(model: nn.Module) -> list[nn.Linear]:
    return [m for m in model.modules() if isinstance(m, nn.Linear)]


def probe(nx: int, ny: int, n: int, seed: int, scale: float = 1.0) -> tuple[torch.Tensor, torch.Tensor]:
    g = gen(seed)
    return scale * torch.randn(n, nx, generator=g), torch.randint(ny, (n,), generator=g)


def judge_network(label: str, model: Any, sizes: tuple[int, int, int], broken: Broken) -> None:
    """``model`` computes tanh(X W_h^T + b_h) W_y^T + b_y with its own two nn.Linear layers, on batches of 1 and 5
    rows, each layer called through its module (its hooks run), the output attached to the parameters."""
    nx, nh, ny = sizes
    if not isinstance(model, nn.Module):
        what = describe_value(model)
        raise broken(say(f"{label} is {what}, the text says an nn.Module",
                         f"{label} est {what}, l'énoncé demande un nn.Module"))
    layers = linears(model)
    if len(layers) != 2:
        k = len(layers)
        raise broken(say(f"{label} has {k} nn.Linear layers, the text says 2 (nx={nx} -> nh={nh} -> ny={ny})",
                         f"{label} a {k} couches nn.Linear, l'énoncé dit 2 (nx={nx} -> nh={nh} -> ny={ny})"))
    if any(m.bias is None for m in layers):
        raise broken(say(f"{label} has an nn.Linear without bias: the layers compute X W^T + b (keep bias=True)",
                         f"{label} a un nn.Linear sans biais : les couches calculent X W^T + b (gardez bias=True)"))
    odd = next((n for n, p in model.named_parameters() if p.dtype != torch.float32 or not p.requires_grad), None)
    if odd is not None:
        raise broken(say(f"{label}'s parameter {odd} is not a float32 parameter requiring grad: build the layers with"
                         " torch's defaults",
                         f"le paramètre {odd} de {label} n'est pas un paramètre float32 qui requiert un gradient :"
                         " construisez les couches avec les réglages par défaut de torch"))
    calls = {id(m): 0 for m in layers}
    handles = [m.register_forward_pre_hook(lambda m, _: calls.__setitem__(id(m), calls[id(m)] + 1)) for m in layers]
    try:
        for n, seed in ((1, nx), (5, nx + 1)):
            X, _ = probe(nx, ny, n, seed)
            for key in calls:
                calls[key] = 0
            with torch.enable_grad():
                out = model(X)
            if any(c != 1 for c in calls.values()):
                counts = sorted(calls.values())
                raise broken(say(f"{label}(X) called its nn.Linear layers {counts} times each, the text"
                                 " says once: call each layer as a module, layer(X) (layer.forward(X) skips its hooks)",
                                 f"{label}(X) a appelé ses couches nn.Linear {counts} fois chacune, l'énoncé"
                                 " demande un seul appel : appelez chaque couche comme un module, layer(X)"
                                 " (layer.forward(X) saute ses hooks)"))
            if type(out) not in PLAIN_TENSORS or tuple(out.shape) != (n, ny):
                shape = shape_str(tuple(out.shape)) if isinstance(out, torch.Tensor) else describe_value(out)
                raise broken(say(f"{label}(X) for X of shape ({n}, {nx}) gave {shape}, expected logits ({n}, {ny})",
                                 f"{label}(X) pour X de forme ({n}, {nx}) a donné {shape}, on attend des logits"
                                 f" ({n}, {ny})"))
            if not out.requires_grad:
                raise broken(say(f"{label}(X) is detached from its parameters: no gradient can reach them",
                                 f"{label}(X) est détaché de ses paramètres : aucun gradient ne peut les atteindre"))
            with torch.no_grad():
                wants = [F.linear(torch.tanh(F.linear(X, a.weight, a.bias)), b.weight, b.bias) for a, b in
                         (layers, layers[::-1]) if a.in_features == nx and b.out_features == ny]
            if not any(close(out.detach(), want) for want in wants):
                err = min((max_error(out, w) for w in wants), default=float("inf"))
                raise broken(say(f"{label}(X) (X of shape ({n}, {nx})) differs from Linear, tanh, Linear computed with"
                                 f" its own layers by up to {err:.3g}: logits, no softmax",
                                 f"{label}(X) (X de forme ({n}, {nx})) s'écarte de Linear, tanh, Linear calculé avec"
                                 f" ses propres couches de {err:.3g} au plus : des logits, sans softmax"))
    finally:
        for h in handles:
            h.remove()


def judge_loss(label: str, loss: Any, ny: int, broken: Broken) -> None:
    """``loss(logits, y)`` and ``loss(logits, Y one-hot)`` equal ``F.cross_entropy`` (the mean, no smoothing, no
    weights) on generated logits, batches of 1 and 6 rows, scales 1 and 1000, attached to the logits."""
    if not callable(loss):
        what = describe_value(loss)
        raise broken(say(f"{label} is {what}, the text says nn.CrossEntropyLoss()",
                         f"{label} est {what}, l'énoncé dit nn.CrossEntropyLoss()"))
    for n, scale, seed in ((1, 1.0, 0), (6, 3.0, 1), (6, 1000.0, 2)):
        g = gen(ny * 100 + seed)
        logits = (scale * torch.randn(n, ny, generator=g)).requires_grad_()
        y = torch.randint(ny, (n,), generator=g)
        for targets, indices in ((y, True), (F.one_hot(y, ny).float(), False)):
            with torch.enable_grad():
                found = loss(logits, targets)
            want = F.cross_entropy(logits.detach(), targets)
            where = _on_logits(n, ny, scale, indices)
            if type(found) not in PLAIN_TENSORS or found.dim() != 0:
                what = describe_value(found)
                raise broken(say(f"{label}(logits, targets) {where} is {what}, expected a 0-dim tensor",
                                 f"{label}(logits, targets) {where} est {what}, on attend un tenseur à 0 dimension"))
            if not found.requires_grad:
                raise broken(say(f"{label}(logits, targets) is detached from the logits: backward() could not train",
                                 f"{label}(logits, targets) est détaché des logits : backward() ne pourrait pas"
                                 " entraîner le réseau"))
            if not close(found.detach(), want):
                got, ref = found.item(), want.item()
                raise broken(say(f"{label}(logits, targets) {where} is {got:.6g}, nn.CrossEntropyLoss() gives"
                                 f" {ref:.6g} (the mean cross-entropy: no label smoothing, no class weights)",
                                 f"{label}(logits, targets) {where} vaut {got:.6g}, nn.CrossEntropyLoss() donne"
                                 f" {ref:.6g} (l'entropie croisée moyenne : sans lissage des étiquettes, sans poids"
                                 " de classes)"))


def _on_logits(n: int, ny: int, scale: float, indices: bool) -> str:
    """Which generated logits and targets a loss was judged on, in words."""
    if indices:
        return say(f"on logits ({n}, {ny}) of scale {scale:g} and class indices",
                   f"sur des logits ({n}, {ny}) d'échelle {scale:g} et des indices de classes")
    return say(f"on logits ({n}, {ny}) of scale {scale:g} and one-hot probabilities",
               f"sur des logits ({n}, {ny}) d'échelle {scale:g} et des probabilités one-hot")


class Network(Kind):
    """An nn.Module computing the text's network (:func:`judge_network`); the reference gives (nx, nh, ny)."""

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        judge_network(label, found, expected, broken)


class Loss(Kind):
    """A loss equal to nn.CrossEntropyLoss() on generated logits (:func:`judge_loss`); the reference gives ny."""

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        judge_loss(label, found, expected, broken)


# --------------------------------------------------------------------------- models with every kind of layer
class Scaled(nn.Linear):
    """A subclass of nn.Linear (an nn.Linear all the same: "every nn.Linear" includes it)."""

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        return 0.5 * super().forward(X)


def mixed_model(nx: int, nh: int, ny: int, kind: str, dtype: torch.dtype, seed: int, training: bool = True,
                grads: float | None = None) -> nn.Module:
    """``"mlp"``: the text's Linear, Tanh, Linear; ``"mixed"``: nested, with a subclass of nn.Linear, a
    LayerNorm, a Linear without bias and a Conv1d-free ReLU block. Parameters drawn from ``seed`` (the
    global generator is left as it was); ``grads``: each parameter holds a gradient of that scale."""
    with torch.random.fork_rng():
        if kind == "mlp":
            model = REF.init_model(nx, nh, ny)[0]
        else:
            block = nn.Sequential(Scaled(nh, nh), nn.LayerNorm(nh), nn.ReLU())
            model = nn.Sequential(nn.Linear(nx, nh), nn.Tanh(), block, nn.Linear(nh, ny, bias=False))
    g = gen(seed)
    model = model.to(dtype)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(0.5 * torch.randn(p.shape, generator=g, dtype=torch.float64))
            if grads is not None:
                p.grad = (grads * torch.randn(p.shape, generator=g, dtype=torch.float64)).to(dtype)
    return model.train(training)


def judge_parameters(label: str, found: nn.Module, wanted: nn.Module, grads: str = "reset") -> str | None:
    """How the parameters of ``found`` differ from ``wanted``'s (values up to rounding, still leaves requiring
    grad, module modes); ``grads="reset"``: each .grad None or zero; ``"free"``: not compared."""
    mine, theirs = dict(found.named_parameters()), dict(wanted.named_parameters())
    if set(mine) != set(theirs):
        got, want = sorted(mine), sorted(theirs)
        return say(f"{label}'s parameters are {got}, expected {want}",
                   f"les paramètres de {label} sont {got}, on attend {want}")
    for name, p in mine.items():
        q = theirs[name]
        if not (p.is_leaf and p.requires_grad):
            return say(f"{label}.{name} is no longer a leaf requiring grad: update it in place, under torch.no_grad()",
                       f"{label}.{name} n'est plus une feuille qui requiert un gradient : mettez-le à jour en place,"
                       " sous torch.no_grad()")
        if p.device.type != "meta" and not close(p.detach(), q.detach()):
            err = max_error(p, q)
            return say(f"{label}.{name} differs from the step's by up to {err:.3g}",
                       f"{label}.{name} s'écarte du résultat du pas de {err:.3g} au plus")
        if grads == "reset" and p.grad is not None and p.grad.device.type != "meta" and p.grad.abs().max() != 0:
            return say(f"{label}.{name}.grad was not reset after the step (None or zeros)",
                       f"{label}.{name}.grad n'a pas été remis à zéro après le pas (None ou des zéros)")
    for (name, m), (_, w) in zip(found.named_modules(), wanted.named_modules()):
        if m.training != w.training:
            where, mode = f"{label}.{name}" if name else label, "train" if m.training else "eval"
            return say(f"{where} was left in {mode} mode", f"{where} a été laissé en mode {mode}")
    return None


def rerun(build: Callable[..., dict[str, Any]], reference: Callable[..., Any], params: dict[str, Any],
          device: torch.device) -> dict[str, Any]:
    """Fresh arguments of the problem ``params`` on ``device``, after the reference ran on them."""
    args = {k: _to(v, device) for k, v in build(**params).items()}
    reference(*args.values())
    return args


def device_of(x: Any) -> torch.device:
    if isinstance(x, nn.Module):
        return next(x.parameters()).device
    if isinstance(x, dict):
        return next(iter(x.values())).device
    return x.device
