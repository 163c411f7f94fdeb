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

from .._harness import _to
from .._compare import PLAIN_TENSORS, close, max_error, shape_str
from .._kinds import Broken, Kind, Tensor, describe_value
from .._references import References

DTYPES = (torch.float32, torch.float64)
REF = References("lab3")
"""The network lab 3's ``init_model`` builds (an answer until lab 3 is due: it lives with the grader)."""

LOSSES = ("mean", "sum", "weighted sum", "smoothing")
"""The kinds of cross-entropy loss a contract tries: reductions, class weights, label smoothing."""


def make_criterion(kind: str, ny: int, g: torch.Generator, dtype: torch.dtype) -> nn.Module:
    """The cross-entropy loss of kind ``kind`` (one of :data:`LOSSES`) for ``ny`` classes (labs 3 and 4)."""
    if kind == "weighted sum":  # class weights with the sum only: indices and one-hot targets then agree
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
                raise broken(f"{label} is {describe_value(found)}, the text says a number (a 0-dim tensor or a float)")
            if device is not None:
                if found.device.type != device.type:
                    raise broken(f"{label} is on '{found.device.type}', expected '{device.type}' like the inputs")
                return
            value = found.item()
        elif type(found) in (float, int):
            if device is not None:
                return
            value = float(found)
        else:
            raise broken(f"{label} is {describe_value(found)}, the text says a number (a 0-dim tensor or a float)")
        want = float(expected)
        if not (math.isfinite(value) or not math.isfinite(want)) or abs(value - want) > self.atol + self.rtol * abs(
                want):
            raise broken(f"{label} is {value:.6g}, expected {want:.6g}")


class Attached(Tensor):
    """A tensor as :class:`Tensor` judges it, still attached to the graph (``requires_grad``): the caller
    calls ``backward()`` on it."""

    def __init__(self) -> None:
        super().__init__(detached=False)

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        super().judge(label, found, expected, broken, device)
        if not found.requires_grad:
            raise broken(f"{label} is detached from the graph (requires_grad=False): the text returns it as the loss"
                         " computes it, since the caller calls backward() on it")


class Nothing(Kind):
    """``None`` (the text says the function returns None)."""

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        if found is not None:
            raise broken(f"{label} is {describe_value(found)}, the text says None (the update is in place)")


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
        raise broken(f"{label} is {describe_value(model)}, the text says an nn.Module")
    layers = linears(model)
    if len(layers) != 2:
        raise broken(f"{label} has {len(layers)} nn.Linear layers, the text says 2 (nx={nx} -> nh={nh} -> ny={ny})")
    if any(m.bias is None for m in layers):
        raise broken(f"{label} has an nn.Linear without bias: the layers compute X W^T + b (keep bias=True)")
    odd = next((n for n, p in model.named_parameters() if p.dtype != torch.float32 or not p.requires_grad), None)
    if odd is not None:
        raise broken(f"{label}'s parameter {odd} is not a float32 parameter requiring grad: build the layers with"
                     " torch's defaults")
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
                raise broken(f"{label}(X) called its nn.Linear layers {sorted(calls.values())} times each, the text"
                             " says once: call each layer as a module, layer(X) (layer.forward(X) skips its hooks)")
            if type(out) not in PLAIN_TENSORS or tuple(out.shape) != (n, ny):
                shape = shape_str(tuple(out.shape)) if isinstance(out, torch.Tensor) else describe_value(out)
                raise broken(f"{label}(X) for X of shape ({n}, {nx}) gave {shape}, expected logits ({n}, {ny})")
            if not out.requires_grad:
                raise broken(f"{label}(X) is detached from its parameters: no gradient can reach them")
            with torch.no_grad():
                wants = [F.linear(torch.tanh(F.linear(X, a.weight, a.bias)), b.weight, b.bias) for a, b in
                         (layers, layers[::-1]) if a.in_features == nx and b.out_features == ny]
            if not any(close(out.detach(), want) for want in wants):
                err = min((max_error(out, w) for w in wants), default=float("inf"))
                raise broken(f"{label}(X) (X of shape ({n}, {nx})) differs from Linear, tanh, Linear computed with its"
                             f" own layers by up to {err:.3g}: logits, no softmax")
    finally:
        for h in handles:
            h.remove()


def judge_loss(label: str, loss: Any, ny: int, broken: Broken) -> None:
    """``loss(logits, y)`` and ``loss(logits, Y one-hot)`` equal ``F.cross_entropy`` (the mean, no smoothing, no
    weights) on generated logits, batches of 1 and 6 rows, scales 1 and 1000, attached to the logits."""
    if not callable(loss):
        raise broken(f"{label} is {describe_value(loss)}, the text says nn.CrossEntropyLoss()")
    for n, scale, seed in ((1, 1.0, 0), (6, 3.0, 1), (6, 1000.0, 2)):
        g = gen(ny * 100 + seed)
        logits = (scale * torch.randn(n, ny, generator=g)).requires_grad_()
        y = torch.randint(ny, (n,), generator=g)
        for targets, what in ((y, "class indices"), (F.one_hot(y, ny).float(), "one-hot probabilities")):
            with torch.enable_grad():
                found = loss(logits, targets)
            want = F.cross_entropy(logits.detach(), targets)
            where = f"on logits ({n}, {ny}) of scale {scale:g} and {what}"
            if type(found) not in PLAIN_TENSORS or found.dim() != 0:
                raise broken(f"{label}(logits, targets) {where} is {describe_value(found)}, expected a 0-dim tensor")
            if not found.requires_grad:
                raise broken(f"{label}(logits, targets) is detached from the logits: backward() could not train")
            if not close(found.detach(), want):
                raise broken(f"{label}(logits, targets) {where} is {found.item():.6g}, nn.CrossEntropyLoss() gives"
                             f" {want.item():.6g} (the mean cross-entropy: no label smoothing, no class weights)")


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
        return f"{label}'s parameters are {sorted(mine)}, expected {sorted(theirs)}"
    for name, p in mine.items():
        q = theirs[name]
        if not (p.is_leaf and p.requires_grad):
            return f"{label}.{name} is no longer a leaf requiring grad: update it in place, under torch.no_grad()"
        if p.device.type != "meta" and not close(p.detach(), q.detach()):
            return f"{label}.{name} differs from the step's by up to {max_error(p, q):.3g}"
        if grads == "reset" and p.grad is not None and p.grad.device.type != "meta" and p.grad.abs().max() != 0:
            return f"{label}.{name}.grad was not reset after the step (None or zeros)"
    for (name, m), (_, w) in zip(found.named_modules(), wanted.named_modules()):
        if m.training != w.training:
            return f"{label}{'.' + name if name else ''} was left in {'train' if m.training else 'eval'} mode"
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
