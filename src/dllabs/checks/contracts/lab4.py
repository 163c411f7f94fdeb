"""The contracts of lab 4's graded functions (see ``_harness``): what the notebook's docstrings and
markdown promise, as data. Built objects are judged by what they do on generated inputs; the training
step runs on models with layers of other types, each loss and optimizer the text names (one already
holding a state), batches of one row; the initialisation on models with a subclass of nn.Linear, a
Linear without bias, a LayerNorm, parameters holding gradients, in train or eval mode."""

from __future__ import annotations

import math
from typing import Any

import torch
import torch.nn as nn
import torch.nn.functional as F

from .._compare import float64_cpu
from .._harness import Contract
from .._kinds import Broken, Kind, Tensor, Tuple, describe_value
from ...language import say
from ..lab4 import REF
from ._modules import DTYPES, LOSSES, Number, device_of, gen, judge_loss, judge_network, judge_parameters, \
    linears, make_criterion, mixed_model, rerun
from .lab3 import SIZES

OPTIMIZERS = {"sgd": (torch.optim.SGD, {}), "momentum": (torch.optim.SGD, {"momentum": 0.9}),
              "adam": (torch.optim.Adam, {})}
"""The text's names -> torch's optimizer (torch's own defaults otherwise)."""
FLAGS = {"params", "foreach", "fused", "capturable", "differentiable"}
"""Entries of a param group that say how torch runs the step, not which step: not compared."""


def _judge_optimizer(label: str, found: Any, expected: torch.optim.Optimizer, params: list[torch.Tensor],
                     broken: Broken) -> None:
    """``found`` is an optimizer of ``expected``'s class and hyper-parameters, over exactly ``params``."""
    if type(found) is not type(expected):
        shown, kind = describe_value(found), type(expected).__name__
        raise broken(say(f"{label} is {shown}, expected a torch.optim.{kind}",
                         f"{label} est {shown}, on attend un torch.optim.{kind}"))
    held = [p for group in found.param_groups for p in group["params"]]
    if len(held) != len(params) or {id(p) for p in held} != {id(p) for p in params}:
        raise broken(say(f"{label} does not hold exactly the parameters it was meant for ({len(held)} tensors, expected"
                         f" {len(params)}): give it the parameters themselves",
                         f"{label} ne contient pas exactement les paramètres qui lui étaient destinés ({len(held)}"
                         f" tenseurs, {len(params)} attendus) : donnez-lui les paramètres eux-mêmes"))
    for group in found.param_groups:
        for key, want in expected.param_groups[0].items():
            if key not in FLAGS and group.get(key) != want:
                found_value = group.get(key)
                raise broken(say(f"{label} has {key}={found_value!r}, expected {want!r}",
                                 f"{label} a {key}={found_value!r}, on attend {want!r}"))


class ModelLossOptim(Kind):
    """(model, loss, optim): lab 3's network, nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr=eta);
    the reference gives ((nx, nh, ny), eta)."""

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        if type(found) is not tuple or len(found) != 3:
            shown = describe_value(found)
            raise broken(say(f"{label} is {shown}, the text says a tuple (model, loss, optim)",
                             f"{label} est {shown}, l'énoncé dit un tuple (model, loss, optim)"))
        (nx, nh, ny), eta = expected
        model, loss, optim = found
        judge_network("model", model, (nx, nh, ny), broken)
        judge_loss("loss", loss, ny, broken)
        params = list(model.parameters())
        _judge_optimizer("optim", optim, torch.optim.SGD(params, lr=eta), params, broken)


class Optimizer(Kind):
    """An optimizer of the reference's class and hyper-parameters, over tensors like the reference's."""

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        if not isinstance(found, torch.optim.Optimizer):
            shown = describe_value(found)
            raise broken(say(f"{label} is {shown}, the text says a torch.optim optimizer",
                             f"{label} est {shown}, l'énoncé dit un optimiseur torch.optim"))
        held = [p for group in found.param_groups for p in group["params"]]
        _judge_optimizer(label, found, expected, held, broken)
        want = [p for group in expected.param_groups for p in group["params"]]
        if [tuple(p.shape) for p in held] != [tuple(p.shape) for p in want]:
            shapes, wanted = [tuple(p.shape) for p in held], [tuple(p.shape) for p in want]
            raise broken(say(f"{label} holds tensors of shapes {shapes}, expected the parameters given, {wanted}",
                             f"{label} contient des tenseurs de formes {shapes}, on attend les paramètres donnés,"
                             f" {wanted}"))


def _optimizer(name: str, model: nn.Module, lr: float, warm: bool, g: torch.Generator) -> torch.optim.Optimizer:
    cls, options = OPTIMIZERS[name]
    optim = cls(model.parameters(), lr=lr, **options)
    if warm:  # one earlier step: momentum buffers and Adam's averages hold a state
        for p in model.parameters():
            p.grad = torch.randn(p.shape, generator=g, dtype=torch.float64).to(p.dtype)
        optim.step()
        optim.zero_grad()
    return optim


def _train_step(n: int, nx: int, nh: int, ny: int, kind: str, dtype: torch.dtype, optimizer: str, loss: str,
                eta: float, warm: bool, seed: int) -> dict[str, Any]:
    g = gen(seed)
    model = mixed_model(nx, nh, ny, kind, dtype, seed)
    criterion = make_criterion(loss, ny, g, dtype)
    optim = _optimizer(optimizer, model, eta, warm, g)
    X = torch.randn(n, nx, generator=g, dtype=torch.float64).to(dtype)
    Y = F.one_hot(torch.randint(ny, (n,), generator=g), ny).to(dtype)
    return {"model": model, "loss": criterion, "optim": optim, "X": X, "Y": Y}


def _train_step_after(params: dict[str, Any], args: dict[str, Any]) -> str | None:
    wanted = rerun(_train_step, lambda *a: REF.train_step_optim_once(*a), params, device_of(args["model"]))
    return judge_parameters("model", args["model"], wanted["model"], grads="free")


def _make(name: str, count: int, dtype: torch.dtype, lr: float, seed: int) -> dict[str, Any]:
    """Parameters holding gradients (an optimizer built over them must leave them as they are)."""
    g = gen(seed)
    params = []
    for i in range(count):
        p = torch.randn(*(i + 2, 3)[:2 - i % 2], generator=g, dtype=torch.float64).to(dtype).requires_grad_()
        p.grad = torch.randn(p.shape, generator=g, dtype=torch.float64).to(dtype)
        params.append(p)
    return {"name": name, "params": params, "lr": lr}


SCHEMES = {"xavier": lambda m: math.sqrt(2.0 / (m.in_features + m.out_features)),
           "he": lambda m: math.sqrt(2.0 / m.in_features)}
"""The law of each scheme, as the text states it: Glorot's std, He's std of an nn.Linear's weights."""


def _init(width: int, dtype: torch.dtype, scheme: str, training: bool, seed: int) -> dict[str, Any]:
    """A nested model with a subclass of nn.Linear, a LayerNorm and a Linear without bias; its parameters hold
    gradients."""
    return {"model": mixed_model(width, width, 4, "mixed", dtype, seed, training, grads=1.0), "scheme": scheme}


def _init_after(params: dict[str, Any], args: dict[str, Any]) -> str | None:
    """Every nn.Linear (subclasses too) re-initialised by the scheme's law, its bias (if any) zero; every other
    parameter, every .grad, requires_grad and mode left as they were."""
    model, scheme = args["model"], params["scheme"]
    before = _init(params["width"], params["dtype"], scheme, params["training"], params["seed"])["model"]
    olds = dict(before.named_parameters())
    touched = {id(p) for m in linears(model) for p in m.parameters()}
    for name, p in model.named_parameters():
        old = olds[name]
        if not isinstance(p, nn.Parameter) or not p.requires_grad:
            return say(f"model.{name} is no longer a parameter requiring grad: initialise it in place, in a no_grad"
                       " block",
                       f"model.{name} n'est plus un paramètre qui requiert un gradient : initialisez-le en place,"
                       " dans un bloc no_grad")
        if p.dtype != old.dtype:
            return say(f"model.{name} is now {p.dtype}, it was {old.dtype}: keep the model's dtype",
                       f"model.{name} est maintenant en {p.dtype}, il était en {old.dtype} : gardez le dtype du"
                       " modèle")
        if p.device.type == "meta":
            continue
        if (p.grad is None) or not torch.equal(float64_cpu(p.grad), float64_cpu(old.grad)):
            return say(f"model.{name}.grad was wiped or changed: the text re-initialises the weights and biases only",
                       f"model.{name}.grad a été effacé ou modifié : l'énoncé ne réinitialise que les poids et les"
                       " biais")
        if id(p) not in touched and not torch.equal(float64_cpu(p), float64_cpu(old)):
            return say(f"model.{name} was changed: it is not a parameter of an nn.Linear (those only are"
                       " re-initialised)",
                       f"model.{name} a été modifié : ce n'est pas un paramètre d'un nn.Linear (seuls ceux-là sont"
                       " réinitialisés)")
    for (name, m), (_, w) in zip(model.named_modules(), before.named_modules()):
        if m.training != w.training:
            mode = "train" if m.training else "eval"
            return say(f"model.{name} was left in {mode} mode", f"model.{name} a été laissé en mode {mode}")
        if not isinstance(m, nn.Linear) or m.weight.device.type == "meta":
            continue
        where = f"model.{name} = {type(m).__name__}({m.in_features}, {m.out_features})"
        if torch.equal(float64_cpu(m.weight), float64_cpu(w.weight)):
            return say(f"{where} was not re-initialised: every nn.Linear, at any depth, subclasses too (isinstance)",
                       f"{where} n'a pas été réinitialisé : chaque nn.Linear, à toute profondeur, sous-classes"
                       " comprises (isinstance)")
        if m.bias is not None and m.bias.detach().abs().max() != 0:
            return say(f"{where}: its bias is not zero", f"{where} : son biais n'est pas nul")
        if m.weight.numel() < 256:  # too few weights for their std to say which law
            continue
        want = SCHEMES[scheme](m)
        std = float64_cpu(m.weight).std().item()
        if abs(std / want - 1) > 0.25:
            return say(f"{where}: its weights have std {std:.3g}, the {scheme!r} law gives {want:.3g}",
                       f"{where} : ses poids ont un écart-type de {std:.3g}, la loi {scheme!r} donne {want:.3g}")
    return None


def _same_module(model: nn.Module, scheme: str) -> nn.Module:
    """What init_weights_ returns: the model given (its values are judged after the call)."""
    return model


class Module(Kind):
    """An nn.Module of the reference's class, with the same parameter names and shapes."""

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        if type(found) is not type(expected):
            shown = describe_value(found)
            raise broken(say(f"{label} is {shown}, the text says the model given",
                             f"{label} est {shown}, l'énoncé dit le modèle donné"))
        shapes = {k: tuple(p.shape) for k, p in found.named_parameters()}
        if shapes != {k: tuple(p.shape) for k, p in expected.named_parameters()}:
            raise broken(say(f"{label} has other parameters than the model given: return that model",
                             f"{label} a d'autres paramètres que le modèle donné : renvoyez ce modèle"))


def _init_model_optim_expected(nx: int, nh: int, ny: int, eta: float) -> tuple[tuple[int, int, int], float]:
    """The sizes and eta the triple is judged by; an SGD built first (torch imports what its first one needs, which
    must not read as a change of torch's namespace in the student's call)."""
    torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=eta)
    return (nx, nh, ny), eta


CONTRACTS = {c.name: c for c in [
    Contract(
        "init_model_optim",
        params=lambda st: {**{k: s(st) for k, s in SIZES.items()}, "eta": st.sampled_from([0.01, 0.37, 1.5])},
        build=lambda nx, nh, ny, eta: {"nx": nx, "nh": nh, "ny": ny, "eta": eta},
        reference=_init_model_optim_expected, returns=ModelLossOptim(), global_rng="free",
        on_meta=False, examples=6,
        corners=({"nx": 1, "nh": 1, "ny": 2, "eta": 0.37},),
        clauses=("model computes lab 3's network; loss equals nn.CrossEntropyLoss() on generated logits",
                 "optim is torch.optim.SGD over exactly model.parameters(), lr=eta, torch's other defaults"),
    ),
    Contract(
        "train_step_optim",
        params=lambda st: {"n": st.integers(1, 8), **{k: s(st) for k, s in SIZES.items()},
                           "kind": st.sampled_from(["mlp", "mixed"]), "dtype": st.sampled_from(DTYPES),
                           "optimizer": st.sampled_from(sorted(OPTIMIZERS)), "loss": st.sampled_from(LOSSES),
                           "eta": st.sampled_from([0.05, 0.5]), "warm": st.booleans(), "seed": st.integers(0, 9999)},
        build=_train_step, reference=lambda *a: REF.train_step_optim_once(*a),
        returns=Tuple(Tensor(), Number(), names=("L", "acc")),
        may_change=frozenset({"model", "optim"}), after=_train_step_after, forward_calls=lambda p: 1,
        corners=({"n": 1, "nx": 1, "nh": 1, "ny": 2, "kind": "mixed", "dtype": torch.float64, "optimizer": "momentum",
                  "loss": "smoothing", "eta": 0.5, "warm": True, "seed": 0},
                 {"n": 6, "nx": 3, "nh": 4, "ny": 3, "kind": "mlp", "dtype": torch.float32, "optimizer": "adam",
                  "loss": "weighted sum", "eta": 0.05, "warm": False, "seed": 1}),  # not shown to students

        on_meta=False,
        clauses=("one forward pass model(X) (its hooks run), L from the loss given, one step of the optim given",
                 "returns (L, acc) before the step: L a 0-dim tensor, detached; acc a number in [0, 1]",
                 "the loss, X and Y left as they were"),
    ),
    Contract(
        "make_optimizer",
        params=lambda st: {"name": st.sampled_from(sorted(OPTIMIZERS)), "count": st.integers(1, 3),
                           "dtype": st.sampled_from(DTYPES), "lr": st.sampled_from([1e-3, 0.2, 1.0]),
                           "seed": st.integers(0, 9999)},
        build=_make, reference=lambda name, params, lr: REF.make_optimizer(name, params, lr), returns=Optimizer(),
        on_meta=False,
        corners=({"name": "momentum", "count": 1, "dtype": torch.float32, "lr": 0.2, "seed": 0},
                 {"name": "adam", "count": 3, "dtype": torch.float64, "lr": 1e-3, "seed": 1}),
        clauses=("the optimizer the name stands for, over the parameters given, lr given, torch's other defaults",
                 "the parameters given left as they were (values, .grad): building an optimizer changes nothing"),
    ),
    Contract(
        "init_weights_",
        params=lambda st: {"width": st.sampled_from([16, 24, 32]), "dtype": st.sampled_from(DTYPES),
                           "scheme": st.sampled_from(sorted(SCHEMES)), "training": st.booleans(),
                           "seed": st.integers(0, 9999)},
        build=_init, reference=_same_module, returns=Module(), may_change=frozenset({"model"}), after=_init_after,
        global_rng="free", examples=6,
        corners=({"width": 16, "dtype": torch.float32, "scheme": "he", "training": False, "seed": 0},
                 {"width": 32, "dtype": torch.float64, "scheme": "xavier", "training": True, "seed": 1}),
        clauses=("every nn.Linear at any depth (a subclass, a Linear without bias): weights by the scheme's law,"
                 " bias (if any) zero, in place; returns the model",
                 "every other parameter, every .grad, requires_grad and mode left as they were"),
    ),
]}
"""grade_id -> its contract."""
