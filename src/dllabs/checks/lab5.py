"""Checks of lab 5 (MNIST: linear, MLP and CNN classifiers, a training epoch, an evaluation).

Model checks build the student's class, count its parameters, run it on synthetic
batches of shape (n, 1, 28, 28) and (n, 784), and compare its output with the same
network computed by ``torch.nn.functional`` from the model's own layers (never real
data). Loop checks (``train_epoch``, ``evaluate``) give the student's function a tiny
model holding a *probe* layer, which records at each forward pass whether the model was
in train mode, whether gradients were on and whether the batch had been moved to the
device; the expected loss, accuracy and parameters come from the same epoch run on a
deep copy of the model with its own optimizer.

The CNN's forward pass and the training epoch are the grader's references
(``autograder.references.lab5``, replayed in a student release: see ``_references``); a
convolution compared with them runs in full float32 (:func:`fp32_convolutions`).
``device=None`` means CUDA when available, else CPU. The data sets have a ragged last
batch (10 samples in batches of 4: 4, 4, 2), so that an average over batches differs
from the average over samples.
"""

from __future__ import annotations

import contextlib
import copy
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset, default_collate

from ._calling import call, quiet
from ._compare import as_number, close, dtype_on, expect_tensor, linears, shape_str
from ._device import call_on_meta, resolve_device, targets_cpu
from ._outcome import CheckFailed, mistake_of, named, passed
from ._harness import contract_checker
from ._references import References
from ._shared import OnHost, plain
from ..language import language, say

REF = References("lab5")
"""The CNN's forward pass and the training epoch (see ``_references``)."""

N_PIXELS = 28 * 28
N_CLASSES = 10
LINEAR_PARAMETERS = N_PIXELS * N_CLASSES + N_CLASSES  # 7,850
CNN_PARAMETERS = 1_199_882


def mlp_parameters(nh: int) -> int:
    """Parameters of 784 -> nh -> 10: 784 nh + nh + 10 nh + 10."""
    return N_PIXELS * nh + nh + nh * N_CLASSES + N_CLASSES



def _images(n: int, dtype: torch.dtype, device: torch.device, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """X (n, 1, 28, 28) ~ N(0, 1) (normalised images) and labels y (n,), drawn on the CPU from ``seed``."""
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 1, 28, 28, generator=g, dtype=torch.float64).to(device=device, dtype=dtype)
    y = torch.randint(N_CLASSES, (n,), generator=g).to(device)
    return X, y


def _layers_text(model: nn.Module) -> str:
    """The layers holding parameters, as torch prints them."""
    leaves = [f"{type(m).__name__}({m.extra_repr()})" for m in model.modules()
              if not list(m.children()) and list(m.parameters(recurse=False))]
    return ", ".join(leaves) if leaves else say("none", "aucune")


def _count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def _thousands(n: int) -> str:
    """``n`` with its thousands apart: 7,850 in English, 7 850 in French."""
    return f"{n:,}".replace(",", "\u202f") if language() == "fr" else f"{n:,}"


def _module_hints() -> dict[str, str]:
    """Text of the error building or calling a model raised -> the hint added to it, in the notebook's language."""
    return {
        "__init__() takes 1 positional argument but 2 were given": named(  # not shown to students
            "nh-keyword-only",
            say(" __init__ takes nh as an ordinary argument, by position or by name: def __init__(self, nh=128).",
                " __init__ prend nh comme un argument ordinaire, par position ou par nom : def __init__(self,"
                " nh=128).")),
        "cannot assign module before Module.__init__() call": named(  # not shown to students
            "no-super-init",
            say(" Call super().__init__() first in __init__, then create the layers.",
                " Appelez d'abord super().__init__() dans __init__, puis créez les couches.")),
        "takes 1 positional argument but 2 were given": named(  # not shown to students
            "forward-signature",
            say(" forward takes the batch: def forward(self, X).",
                " forward prend le lot : def forward(self, X).")),
        "missing 1 required positional argument": named(  # not shown to students
            "wrong-signature",
            say(" Check the signature: __init__(self) / __init__(self, nh=128), forward(self, X).",
                " Vérifiez la signature : __init__(self) / __init__(self, nh=128), forward(self, X).")),
    }


def _build(name: str, cls: Callable, args_text: str = "", *args: Any, **kwargs: Any) -> nn.Module:
    """``cls(*args, **kwargs)``: an nn.Module with parameters."""
    __tracebackhide__ = True
    model = call(f"{name}({args_text})", cls, *args, hints=_module_hints(), **kwargs)
    if not isinstance(model, nn.Module):
        kind = type(model).__name__
        raise CheckFailed(say(f"{name}({args_text}) is a {kind}, expected an nn.Module: class {name}(nn.Module).",
                              f"{name}({args_text}) est un {kind}, on attend un nn.Module : class"
                              f" {name}(nn.Module)."), mistake="not-a-module")
    if not list(model.parameters()):
        raise CheckFailed(say(f"{name} has no parameters: create its layers as attributes in __init__ (self.fc ="
                              " nn.Linear(...)), after super().__init__(), so that parameters() finds them.",
                              f"{name} n'a aucun paramètre : créez ses couches comme attributs dans __init__"
                              " (self.fc = nn.Linear(...)), après super().__init__(), pour que parameters() les"
                              " trouve."), mistake="no-parameters")
    return model


@contextlib.contextmanager
def fp32_convolutions() -> Iterator[None]:
    """cuDNN's convolutions in full float32 (TF32 off) while the block runs: on a recent GPU they
    otherwise round their inputs to 10 bits of mantissa (2e-4 apart from the CPU's, more than the
    float32 tolerance), and a reference recorded on the CPU would not match a right answer."""
    saved = torch.backends.cudnn.allow_tf32
    torch.backends.cudnn.allow_tf32 = False
    try:
        yield
    finally:
        torch.backends.cudnn.allow_tf32 = saved


def _forward(name: str, model: nn.Module, X: torch.Tensor, hints: Mapping[str, str]) -> torch.Tensor:
    """model(X) with gradients on (convolutions in full float32), checked to be a (n, 10) tensor."""
    __tracebackhide__ = True
    shape = shape_str(X.shape)
    label = f"{name}(X)" if X.dim() == 4 else say(f"{name}(X) for X of shape {shape}",
                                                  f"{name}(X) pour X de forme {shape}")
    with torch.enable_grad(), fp32_convolutions():
        out = call(label, model, X, hints={**hints, **_module_hints()})
    if not isinstance(out, torch.Tensor):
        kind = type(out).__name__
        raise CheckFailed(say(f"{name}(X) returned a {kind}, expected a tensor of logits (n, 10).",
                              f"{name}(X) a renvoyé un {kind}, on attend un tenseur de logits (n, 10)."),
                          mistake="not-a-tensor")
    n = X.shape[0]
    if out.shape != (n, N_CLASSES):
        why = ""
        if out.shape == (N_CLASSES,) or out.numel() == N_CLASSES:
            why = _batch_flattened()
        got = shape_str(out.shape)
        raise CheckFailed(say(f"{name}(X) has shape {got} for X of shape {shape}, expected ({n}, {N_CLASSES}):"
                              f" one row of 10 logits per image.{why}",
                              f"{name}(X) a la forme {got} pour X de forme {shape}, on attend ({n}, {N_CLASSES}) :"
                              f" une ligne de 10 logits par image.{why}"),
                          mistake=mistake_of(why) or "wrong-output-shape")
    return out


def _batch_flattened() -> str:
    """The hint for a batch flattened into one vector (named flattens-batch)."""
    return named("flattens-batch",
                 say(" The whole batch was flattened into one vector: flatten each image, keeping the batch dim"
                     " (X.flatten(start_dim=1), X.view(len(X), -1) or nn.Flatten()).",
                     " Tout le lot a été aplati en un seul vecteur : aplatissez chaque image en gardant la"
                     " dimension du lot (X.flatten(start_dim=1), X.view(len(X), -1) ou nn.Flatten())."))


def _end_mistakes(ref: torch.Tensor) -> dict[str, torch.Tensor]:
    """Wrong endings of a classifier: softmax, log-softmax, sigmoid after the last layer."""
    return {
        say("the outputs are probabilities (each row sums to 1): the model ends with a softmax. Return the logits:"
            " nn.CrossEntropyLoss applies log_softmax itself, and a softmax before it squashes the gradients.",
            "les sorties sont des probabilités (chaque ligne somme à 1) : le modèle se termine par un softmax."
            " Renvoyez les logits : nn.CrossEntropyLoss applique lui-même log_softmax, et un softmax placé avant"
            " lui écrase les gradients."): torch.softmax(ref, dim=1),
        say("the outputs are log-probabilities (a log_softmax ends the model): return the logits of the last layer;"
            " nn.CrossEntropyLoss applies log_softmax itself.",
            "les sorties sont des log-probabilités (un log_softmax termine le modèle) : renvoyez les logits de la"
            " dernière couche ; nn.CrossEntropyLoss applique lui-même log_softmax."): torch.log_softmax(ref, dim=1),
        say("a sigmoid is applied to the outputs: return the logits of the last layer.",
            "une sigmoïde est appliquée aux sorties : renvoyez les logits de la dernière couche."): torch.sigmoid(ref),
    }


def _expect_trainable(name: str, model: nn.Module, X: torch.Tensor, y: torch.Tensor) -> None:
    """Every parameter gets a gradient, and one SGD step on (X, y) lowers the cross-entropy
    (eval mode: the same function before and after; the largest lr in a short list that works)."""
    __tracebackhide__ = True
    model.eval()
    with torch.enable_grad(), quiet():
        model.zero_grad(set_to_none=True)
        L0 = F.cross_entropy(model(X), y)
        if not L0.requires_grad:
            raise CheckFailed(say(f"{name}(X) does not depend on the parameters (computed under torch.no_grad(),"
                                  " or detached): no gradient can reach them, the model cannot learn.",
                                  f"{name}(X) ne dépend pas des paramètres (calculé sous torch.no_grad(), ou"
                                  " détaché) : aucun gradient ne peut les atteindre, le modèle ne peut pas"
                                  " apprendre."), mistake="detached-output")
        L0.backward()
    for pname, p in model.named_parameters():
        if p.grad is None:
            raise CheckFailed(say(f"parameter {pname!r} of {name} gets no gradient: it is not used to compute"
                                  f" {name}(X) (a layer created but not called in forward?).",
                                  f"le paramètre {pname!r} de {name} ne reçoit aucun gradient : il ne sert pas"
                                  f" au calcul de {name}(X) (une couche créée mais jamais appelée dans"
                                  " forward ?)."), mistake="unused-layer")
    grads = [p.grad.detach().clone() for p in model.parameters()]
    for lr in (1e-3, 0.01, 0.1, 1e-4):
        twin = copy.deepcopy(model)
        with torch.no_grad(), quiet():
            for p, grad in zip(twin.parameters(), grads):
                p -= lr * grad
            if F.cross_entropy(twin(X), y).item() < L0.item():
                model.zero_grad(set_to_none=True)
                return
    start = L0.item()
    raise CheckFailed(say(f"one gradient step on a fixed batch did not lower the cross-entropy of {name} (from"
                          f" {start:.4f}, for any learning rate from 0.1 to 1e-4): is the output computed from the"
                          " parameters?",
                          f"un pas de gradient sur un lot fixe n'a pas fait baisser l'entropie croisée de {name}"
                          f" (depuis {start:.4f}, quel que soit le pas d'apprentissage de 0.1 à 1e-4) : la sortie"
                          " est-elle calculée à partir des paramètres ?"), mistake="does-not-learn")


def _expect_count(name: str, model: nn.Module, expected: int, how: str) -> None:
    __tracebackhide__ = True
    found = _count(model)
    if found != expected:
        layers = _layers_text(model)
        raise CheckFailed(say(f"{name} has {found:,} parameters, expected {expected:,} = {how}. Its layers:"
                              f" {layers}.",
                              f"{name} a {_thousands(found)} paramètres, on attend {_thousands(expected)} = {how}."
                              f" Ses couches : {layers}."), mistake="wrong-parameter-count")


def _expect_moves(name: str, model: nn.Module, device: torch.device, dtype: torch.dtype) -> None:
    __tracebackhide__ = True
    call(f"{name}.to", model.to, device=device, dtype=dtype)
    odd = next((p for p in model.parameters() if p.device.type != device.type or p.dtype != dtype), None)
    if odd is not None:
        raise CheckFailed(say(f"after {name}.to({device.type!r}, {dtype}) a parameter is still {odd.dtype} on"
                              f" {odd.device.type}: register every layer as an attribute (or in nn.Sequential /"
                              " nn.ModuleList) so that to() moves it.",
                              f"après {name}.to({device.type!r}, {dtype}), un paramètre est encore {odd.dtype} sur"
                              f" {odd.device.type} : enregistrez chaque couche comme attribut (ou dans"
                              " nn.Sequential / nn.ModuleList) pour que to() la déplace."),
                          mistake="layer-not-registered")


def _by_shape(model: nn.Module, shapes: Sequence[tuple[int, ...]]) -> list[torch.Tensor] | None:
    """The model's parameters of the given shapes, one per shape, in that order, whatever their
    names or modules (nn.Linear, nn.Conv2d or nn.Parameter of its own). A 2-D one found only
    transposed (an own (784, 10) weight used as X @ W) is returned transposed back. None when
    a shape is missing or matches several parameters (the model is then compared by its outputs only)."""
    params = list(model.parameters())
    found: list[torch.Tensor] = []
    used: set[int] = set()
    for shape in shapes:
        hits, flip = [i for i, p in enumerate(params) if i not in used and tuple(p.shape) == shape], False
        if not hits and len(shape) == 2:
            hits, flip = [i for i, p in enumerate(params) if i not in used and tuple(p.shape) == shape[::-1]], True
        if len(hits) != 1:
            return None
        used.add(hits[0])
        found.append(params[hits[0]].T if flip else params[hits[0]])
    return found


class _HostCopies(torch.overrides.TorchFunctionMode):
    """Notes the copies to the host (.cpu(), .numpy(), .item(), .to("cpu"), ...) made under it."""

    def __init__(self) -> None:
        super().__init__()
        self.copies: list[str] = []

    def __torch_function__(self, func: Callable, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        kwargs = kwargs or {}
        fname = getattr(func, "__name__", "")
        if fname in ("cpu", "numpy", "tolist", "item") or (fname == "to" and targets_cpu(args[1:], kwargs)):
            self.copies.append(fname)
        return func(*args, **kwargs)


def _expect_follows_device(name: str, model: nn.Module, X: torch.Tensor) -> None:
    """A copy of the model and X on the 'meta' device (shapes without data, a stand-in for a GPU on
    any machine, under :class:`._device.SimulatedDevice`): forward, in eval then train mode, must run
    there and return its logits there. A tensor created on the CPU in forward, a batch sent back with
    .cpu(), or a tensor attribute that is not a registered parameter or buffer fails here as it would
    on a GPU."""
    __tracebackhide__ = True
    twin = copy.deepcopy(model)
    call(f"{name}.to('meta')", twin.to, device="meta")
    where = say(f"{name}(X) with the model and X on the 'meta' device (a stand-in for a GPU: every tensor must"
                " follow X's device)",
                f"{name}(X) avec le modèle et X sur le device 'meta' (qui tient lieu de GPU : chaque tenseur doit"
                " suivre le device de X)")
    for mode in (False, True):
        twin.train(mode)
        spy = _HostCopies()
        label = say(f"{name}(X) in train mode", f"{name}(X) en mode apprentissage") if mode \
            else say(f"{name}(X) in eval mode", f"{name}(X) en mode évaluation")
        try:
            with torch.no_grad(), contextlib.redirect_stderr(io.StringIO()), spy:
                out = call_on_meta(label, twin, X.to("meta"), hints=_module_hints())
        except CheckFailed as exc:
            if not spy.copies:
                raise
            copy_call = spy.copies[0]
            raise CheckFailed(say(f"{exc} Here forward calls .{copy_call}(), which copies to the host (the CPU) while"
                                  " the layers stay on the GPU: remove it, forward works on X's device.",
                                  f"{exc} Ici forward appelle .{copy_call}(), qui copie vers l'hôte (le CPU) alors"
                                  " que les couches restent sur le GPU : retirez cet appel, forward travaille sur"
                                  " le device de X."), mistake="copies-to-cpu") from None
        if not isinstance(out, torch.Tensor) or out.device.type != "meta":
            found = out.device.type if isinstance(out, torch.Tensor) else type(out).__name__
            raise CheckFailed(say(f"{where} returned {found}, expected a tensor on 'meta': return the logits on X's"
                                  " device (no .cpu(), .numpy() or torch.tensor(...) of the result).",
                                  f"{where} a renvoyé {found}, on attend un tenseur sur 'meta' : renvoyez les"
                                  " logits sur le device de X (pas de .cpu(), .numpy() ni torch.tensor(...) sur le"
                                  " résultat)."), mistake="result-not-on-device")


def _flatten_hints(n: int) -> dict[str, str]:
    """:func:`_flat_input_hints`, and the hint for a batch of n images flattened into one vector."""
    return {f"(1x{n * N_PIXELS} and": _batch_flattened(), **_flat_input_hints()}  # not shown to students


def _flat_input_hints() -> dict[str, str]:
    """Text of the error a model raised on images or on a flattened batch -> the hint added to it."""
    return {
        "cannot be multiplied": named(  # not shown to students
            "no-flatten",
            say(" The first nn.Linear got images (n, 1, 28, 28) instead of vectors (n, 784): flatten each image"
                " first, with X.flatten(start_dim=1), X.view(len(X), -1) or nn.Flatten(); a batch of shape (n, 784)"
                " must work too.",
                " La première nn.Linear a reçu des images (n, 1, 28, 28) au lieu de vecteurs (n, 784) : aplatissez"
                " d'abord chaque image, avec X.flatten(start_dim=1), X.view(len(X), -1) ou nn.Flatten() ; un lot de"
                " forme (n, 784) doit aussi fonctionner.")),
        "Dimension out of range": named(  # not shown to students
            "flattens-batch",
            say(" A flattened batch (n, 784) has 2 dims: X.flatten(start_dim=1) or X.view(len(X), -1) works on"
                " (n, 1, 28, 28) and (n, 784) alike.",
                " Un lot aplati (n, 784) a 2 dimensions : X.flatten(start_dim=1) ou X.view(len(X), -1) fonctionne"
                " aussi bien sur (n, 1, 28, 28) que sur (n, 784).")),
    }


def _seeded(device: str | torch.device | None, seed: int) -> torch.device:
    """``device`` resolved (``resolve_device``), with torch's global generator seeded by ``seed``:
    the parameters a model draws when it is built are the same at every run."""
    torch.manual_seed(seed)
    return resolve_device(device)


def _pass_if_it_follows_devices_and_trains(name: str, model: nn.Module, X: torch.Tensor, y: torch.Tensor,
                                           what: str, dtype: torch.dtype, device: torch.device) -> None:
    """The last steps of a model's check: it runs on another device (:func:`_expect_follows_device`)
    and learns (:func:`_expect_trainable`); then ``passed`` prints ``what`` and where it ran."""
    __tracebackhide__ = True
    _expect_follows_device(name, model, X)
    _expect_trainable(name, model, X, y)
    passed(name, f"{what} ({dtype_on(dtype, device)})")


def _logits_of_both_shapes(name: str, model: nn.Module, n: int, dtype: torch.dtype, device: torch.device,
                           seed: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The model moved to ``device`` and ``dtype``, in eval mode: (X (n, 1, 28, 28), labels y, its logits
    for X), which must equal its logits for X flattened to (n, 784)."""
    __tracebackhide__ = True
    _expect_moves(name, model, device, dtype)
    X, y = _images(n, dtype, device, seed)
    model.eval()
    out = _forward(name, model, X, _flatten_hints(n))
    out2 = _forward(name, model, X.reshape(n, N_PIXELS), _flat_input_hints())
    expect_tensor(say(f"{name}(X) for X of shape ({n}, 784)", f"{name}(X) pour X de forme ({n}, 784)"), out2,
                  out.detach())
    return X, y, out


# --------------------------------------------------------------------------- LinearClassifier
def check_LinearClassifier(LinearClassifier: Callable, n: int = 5, dtype: torch.dtype = torch.float64,
                           device: str | torch.device | None = None, seed: int = 0) -> None:
    """7,850 parameters; logits W x + b from its nn.Linear(784, 10) for (n, 1, 28, 28) and (n, 784) batches."""
    __tracebackhide__ = True
    device = _seeded(device, seed)
    name = "LinearClassifier"
    model = _build(name, LinearClassifier)
    _expect_count(name, model, LINEAR_PARAMETERS, say("784 * 10 weights + 10 biases: one nn.Linear(784, 10)",
                                                      "784 * 10 poids + 10 biais : une couche nn.Linear(784, 10)"))
    X, y, out4 = _logits_of_both_shapes(name, model, n, dtype, device, seed)
    params = _by_shape(model, [(N_CLASSES, N_PIXELS), (N_CLASSES,)])
    if params is not None:  # W (10, 784) and b (10,), from nn.Linear or parameters of its own
        with torch.no_grad():
            ref = F.linear(X.flatten(1), *params)
            mistakes = {**_end_mistakes(ref),
                        say("the pixels are taken column after column (the images are transposed before flattening):"
                            " flatten each image row after row, X.flatten(start_dim=1).",
                            "les pixels sont pris colonne par colonne (les images sont transposées avant"
                            " l'aplatissement) : aplatissez chaque image ligne par ligne, X.flatten(start_dim=1)."):
                            F.linear(X.transpose(2, 3).flatten(1), *params)}
        expect_tensor(f"{name}(X)", out4, ref, mistakes)
    else:  # no (10, 784) weight: the model must at least be affine (no softmax)
        with torch.no_grad(), quiet():
            mid = model(X.flip(0) * 0.5 + X * 0.5)
        expect_tensor(f"{name}((X + X') / 2)", mid, 0.5 * (out4.detach() + out4.detach().flip(0)))
    _pass_if_it_follows_devices_and_trains(name, model, X, y,
                                           say(f"7,850 parameters; logits W x + b for batches ({n}, 1, 28, 28) and"
                                               f" ({n}, 784)",
                                               f"7 850 paramètres ; logits W x + b pour des lots ({n}, 1, 28, 28)"
                                               f" et ({n}, 784)"), dtype, device)


# --------------------------------------------------------------------------- MLPClassifier
def check_MLPClassifier(MLPClassifier: Callable, nh: int = 32, n: int = 5, dtype: torch.dtype = torch.float64,
                        device: str | torch.device | None = None, seed: int = 0) -> None:
    """MLPClassifier() has nh=128; MLPClassifier(nh) is 784 -> nh -> ReLU -> 10 logits, for both input shapes."""
    __tracebackhide__ = True
    device = _seeded(device, seed)
    name = "MLPClassifier"
    default = _build(name, MLPClassifier)
    _expect_count(f"{name}()", default, mlp_parameters(128),
                  say("784*128 + 128 + 128*10 + 10 (nh=128 by default: def __init__(self, nh=128))",
                      "784*128 + 128 + 128*10 + 10 (nh=128 par défaut : def __init__(self, nh=128))"))
    for args_text, args, kwargs in ((f"{nh}", (nh,), {}), (f"nh={nh}", (), {"nh": nh})):  # positional, then by name
        model = _build(name, MLPClassifier, args_text, *args, **kwargs)
        _expect_count(f"{name}({args_text})", model, mlp_parameters(nh),
                      say(f"784*{nh} + {nh} + {nh}*10 + 10: nn.Linear(784, nh) then nn.Linear(nh, 10), nh the"
                          " argument",
                          f"784*{nh} + {nh} + {nh}*10 + 10 : nn.Linear(784, nh) puis nn.Linear(nh, 10), nh étant"
                          " l'argument"))
    X, y, out = _logits_of_both_shapes(name, model, n, dtype, device, seed)
    params = _by_shape(model, [(nh, N_PIXELS), (nh,), (N_CLASSES, nh), (N_CLASSES,)])
    if params is not None:  # W1, b1, W2, b2 from nn.Linear layers or parameters of its own
        w1, b1, w2, b2 = params
        with torch.no_grad():
            pre = F.linear(X.flatten(1), w1, b1)

            def head(h: torch.Tensor) -> torch.Tensor:
                return F.linear(h, w2, b2)

            ref = head(torch.relu(pre))
            mistakes = {
                say("that is a sigmoid hidden activation; this network uses ReLU (nn.ReLU() or F.relu).",
                    "c'est une activation cachée sigmoïde ; ce réseau utilise ReLU (nn.ReLU() ou F.relu)."):
                    head(torch.sigmoid(pre)),
                say("that is a tanh hidden activation; this network uses ReLU (nn.ReLU() or F.relu).",
                    "c'est une activation cachée tanh ; ce réseau utilise ReLU (nn.ReLU() ou F.relu)."):
                    head(torch.tanh(pre)),
                say("there is no activation between the two Linear layers: the network is then linear."
                    " Put a ReLU between them.",
                    "il n'y a aucune activation entre les deux couches Linear : le réseau est alors linéaire."
                    " Placez une ReLU entre elles."): head(pre),
                say("a ReLU is applied to the output too: logits can be negative, return the last layer's output"
                    " as is.",
                    "une ReLU est aussi appliquée à la sortie : les logits peuvent être négatifs, renvoyez la sortie"
                    " de la dernière couche telle quelle."): torch.relu(ref),
                **_end_mistakes(ref),
            }
        expect_tensor(f"{name}(X)", out, ref, mistakes)
    _pass_if_it_follows_devices_and_trains(name, model, X, y,
                                           say(f"MLPClassifier() has nh=128; 784 -> {nh} -> ReLU -> 10 logits for"
                                               " both input shapes",
                                               f"MLPClassifier() a nh=128 ; 784 -> {nh} -> ReLU -> 10 logits pour"
                                               " les deux formes d'entrée"), dtype, device)


# --------------------------------------------------------------------------- MnistCNN
def _cnn_hints() -> dict[str, str]:
    """Text of the error the CNN raised -> the hint added to it, in the notebook's language."""
    return {
        "cannot be multiplied": named(  # not shown to students
            "wrong-flatten-size",
            say(" fc1 gets a vector of the wrong size. 28x28 -> conv 3x3 -> 26x26 -> conv 3x3 -> 24x24 ->"
                " max-pool 2 -> 12x12, with 64 channels: flatten to 64*12*12 = 9216 values"
                " (torch.flatten(x, 1)) for nn.Linear(9216, 128).",
                " fc1 reçoit un vecteur de la mauvaise taille. 28x28 -> conv 3x3 -> 26x26 -> conv 3x3 -> 24x24 ->"
                " max-pool 2 -> 12x12, avec 64 canaux : aplatissez en 64*12*12 = 9216 valeurs"
                " (torch.flatten(x, 1)) pour nn.Linear(9216, 128).")),
        "Expected 3D (unbatched) or 4D (batched) input": named(  # not shown to students
            "flattens-images",
            say(" The convolutions take images (n, 1, 28, 28): do not flatten before conv1; a batch (n, 784) is"
                " reshaped with X.view(-1, 1, 28, 28).",
                " Les convolutions prennent des images (n, 1, 28, 28) : n'aplatissez pas avant conv1 ; un lot"
                " (n, 784) se remet en forme avec X.view(-1, 1, 28, 28).")),
    }


CNN_SHAPES = [(32, 1, 3, 3), (32,), (64, 32, 3, 3), (64,), (128, 9216), (128,), (N_CLASSES, 128), (N_CLASSES,)]
"""conv1's weight and bias, conv2's, fc1's, fc2's."""
DROPOUT = (0.25, 0.5)
"""The rates of the dropout after the max-pool and of the one after fc1's ReLU."""


def _expect_cnn_layers(model: nn.Module) -> list[torch.Tensor] | None:
    """Named mistakes of the layers' sizes, the parameter count, then the eight parameters of the
    contract by shape (:func:`_by_shape`, whatever the modules); None when they cannot be told apart."""
    __tracebackhide__ = True
    fcs = [m for _, m in linears(model)]
    ins = [m.in_features for m in fcs]
    if 64 * 13 * 13 in ins:
        raise CheckFailed(say("fc1 takes 64*13*13 = 10816 inputs, expected 64*12*12 = 9216:"
                              " a 3x3 convolution without padding removes 1 pixel on each side (2 per dimension),"
                              " so 28 -> 26 -> 24, and max-pool 2 halves 24 into 12.",
                              "fc1 prend 64*13*13 = 10816 entrées, on attend 64*12*12 = 9216 : une convolution"
                              " 3x3 sans padding retire 1 pixel de chaque côté (2 par dimension), donc 28 -> 26 -> 24,"
                              " et le max-pooling 2 réduit 24 de moitié, à 12."), mistake="no-padding-arithmetic")
    if 64 * 24 * 24 in ins:
        raise CheckFailed(say("fc1 takes 64*24*24 = 36864 inputs, expected 9216 = 64*12*12: the max-pool 2 after conv2"
                              " (nn.MaxPool2d(2) or F.max_pool2d(x, 2)) is missing.",
                              "fc1 prend 64*24*24 = 36864 entrées, on attend 9216 = 64*12*12 : il manque le"
                              " max-pooling 2 après conv2 (nn.MaxPool2d(2) ou F.max_pool2d(x, 2))."),
                          mistake="no-pool")
    if 32 * 26 * 26 in ins or 64 * 26 * 26 in ins:
        raise CheckFailed(say(f"fc1 takes {ins[0]} inputs, expected 64*12*12 = 9216: conv(1->32, 3) -> ReLU ->"
                              " conv(32->64, 3) -> max-pool 2, then flatten.",
                              f"fc1 prend {ins[0]} entrées, on attend 64*12*12 = 9216 : conv(1->32, 3) -> ReLU ->"
                              " conv(32->64, 3) -> max-pool 2, puis aplatissement."), mistake="wrong-flatten-size")
    convs = [m for m in model.modules() if isinstance(m, nn.Conv2d)]
    for conv, (cin, cout) in zip(convs, [(1, 32), (32, 64)]):
        conv_spec = (conv.in_channels, conv.out_channels, conv.kernel_size, conv.stride, conv.padding)
        if conv_spec != (cin, cout, (3, 3), (1, 1), (0, 0)):
            found = conv.extra_repr()
            raise CheckFailed(say(f"a convolution is Conv2d({found}), expected Conv2d({cin}, {cout}, kernel_size=3)"
                                  " (3x3, stride 1, no padding).",
                                  f"une convolution est Conv2d({found}), on attend Conv2d({cin}, {cout},"
                                  " kernel_size=3) (3x3, stride 1, sans padding)."), mistake="wrong-convolution")
    _expect_count("MnistCNN", model, CNN_PARAMETERS,
                  "conv1 32*(1*3*3) + 32, conv2 64*(32*3*3) + 64, fc1 9216*128 + 128, fc2 128*10 + 10")
    return _by_shape(model, CNN_SHAPES)


def _cnn_eval_mistakes(params: Any, X: torch.Tensor, ref: torch.Tensor) -> dict[str, torch.Tensor]:
    """What MnistCNN's eval-mode logits would be with each known mistake of its layers (message -> logits)."""
    return {
        say("there is no ReLU after the first convolution: conv1 -> ReLU -> conv2.",
            "il n'y a pas de ReLU après la première convolution : conv1 -> ReLU -> conv2."):
            REF.mnist_cnn(params, X, relu1=False),
        say("there is no ReLU after conv1 nor after conv2.",
            "il n'y a de ReLU ni après conv1 ni après conv2."):
            REF.mnist_cnn(params, X, relu1=False, relu2=False),
        say("there is no ReLU after fc1: fc1 -> ReLU -> dropout -> fc2.",
            "il n'y a pas de ReLU après fc1 : fc1 -> ReLU -> dropout -> fc2."):
            REF.mnist_cnn(params, X, relu_fc=False),
        say("that is an average pooling: use a max-pool (nn.MaxPool2d(2) or F.max_pool2d(x, 2)).",
            "c'est un pooling par moyenne : utilisez un max-pooling (nn.MaxPool2d(2) ou"
            " F.max_pool2d(x, 2))."):
            REF.mnist_cnn(params, X, pool="avg"),
        **_end_mistakes(ref),
    }


def check_MnistCNN(MnistCNN: Callable, n: int = 3, dtype: torch.dtype = torch.float32,
                   device: str | torch.device | None = None, seed: int = 0) -> None:
    """1,199,882 parameters; in eval mode the logits of conv -> ReLU -> conv (-> ReLU) -> max-pool -> fc -> ReLU -> fc
    from its own parameters; in train mode, after torch.manual_seed, the same network with dropout(0.25) after the
    max-pool and dropout(0.5) after fc1's ReLU, drawing the very same masks as F.dropout; runs on any device;
    trainable."""
    __tracebackhide__ = True
    device = _seeded(device, seed)
    name = "MnistCNN"
    model = _build(name, MnistCNN)
    params = _expect_cnn_layers(model)
    _expect_moves(name, model, device, dtype)
    X, y = _images(n, dtype, device, seed)
    model.eval()
    out = _forward(name, model, X, _cnn_hints())
    ref = None
    relu2 = True  # the graded API's own line has no ReLU after conv2: accepted too (relu2=False)
    if params is not None:
        ref = REF.mnist_cnn(params, X)
    if ref is None or not close(out, ref):
        again = _forward(name, model, X, _cnn_hints())
        if not close(again, out.detach()):
            raise CheckFailed(say(f"in eval mode, two calls {name}(X) gave different outputs: dropout is still active."
                                  " Use nn.Dropout layers (model.eval() turns them off) or F.dropout(x, p,"
                                  " training=self.training).",
                                  f"en mode évaluation, deux appels {name}(X) ont donné des sorties différentes : le"
                                  " dropout est encore actif. Utilisez des couches nn.Dropout (model.eval() les"
                                  " désactive) ou F.dropout(x, p, training=self.training)."),
                              mistake="dropout-always-on")
    if ref is not None and not close(out, ref):
        alt = REF.mnist_cnn(params, X, relu2=False)
        relu2 = False
        if not close(out, alt):
            mistakes = _cnn_eval_mistakes(params, X, ref)
            expect_tensor(say(f"{name}(X) in eval mode", f"{name}(X) en mode évaluation"), out, ref, mistakes)
    model.train()
    torch.manual_seed(seed)
    with torch.no_grad():
        t1 = _forward(name, model, X, _cnn_hints())
        t2 = _forward(name, model, X, _cnn_hints())
    if close(t1, t2):
        raise CheckFailed(say(f"in train mode, two calls {name}(X) gave the same output: no dropout is active."
                              " Add nn.Dropout after the max-pool and after fc1's ReLU (the seed uses p=0.25 and"
                              " p=0.5).",
                              f"en mode apprentissage, deux appels {name}(X) ont donné la même sortie : aucun"
                              " dropout n'est actif. Ajoutez nn.Dropout après le max-pooling et après la ReLU de fc1"
                              " (avec p=0.25 et p=0.5)."), mistake="no-dropout")
    if close(t1, out.detach()):
        raise CheckFailed(say(f"{name}(X) in train mode gave the eval-mode output: dropout must be active in train"
                              " mode.",
                              f"{name}(X) en mode apprentissage a donné la sortie du mode évaluation : le dropout"
                              " doit être actif en mode apprentissage."), mistake="dropout-off-in-train")
    if params is not None:  # same random state, so the same masks: where the dropouts are and their rates
        def train_ref(drop: tuple[float, float], before_pool: bool = False, logits: bool = False) -> torch.Tensor:
            return REF.mnist_cnn(params, X, relu2=relu2, drop=drop, drop_before_pool=before_pool, drop_logits=logits,
                                 seed=seed, masks=X.device.type)

        p1, p2 = DROPOUT
        t_ref = train_ref(DROPOUT)
        if not close(t1, t_ref):
            mistakes = {
                say(f"the first dropout has rate {p2}, expected {p1}.",
                    f"le premier dropout a le taux {p2}, on attend {p1}."): train_ref((p2, p2)),
                say(f"the second dropout (after fc1's ReLU) has rate {p1}, expected {p2}.",
                    f"le second dropout (après la ReLU de fc1) a le taux {p1}, on attend {p2}."): train_ref((p1, p1)),
                say(f"the two rates are swapped: dropout({p1}) after the max-pool, dropout({p2}) after fc1's ReLU.",
                    f"les deux taux sont inversés : dropout({p1}) après le max-pooling, dropout({p2}) après la ReLU"
                    " de fc1."): train_ref((p2, p1)),
                say(f"there is no dropout after fc1's ReLU: fc1 -> ReLU -> dropout({p2}) -> fc2.",
                    f"il n'y a pas de dropout après la ReLU de fc1 : fc1 -> ReLU -> dropout({p2}) -> fc2."):
                    train_ref((p1, 0.0)),
                say(f"there is no dropout after the max-pool: max-pool -> dropout({p1}) -> flatten -> fc1.",
                    f"il n'y a pas de dropout après le max-pooling : max-pool -> dropout({p1}) -> aplatissement"
                    " -> fc1."): train_ref((0.0, p2)),
                say(f"the first dropout is before the max-pool: it belongs after it (max-pool -> dropout({p1}))",
                    f"le premier dropout est avant le max-pooling : sa place est après (max-pool ->"
                    f" dropout({p1}))"): train_ref(DROPOUT, before_pool=True),
                say(f"the second dropout is after fc2, on the logits: it belongs between fc1's ReLU and fc2"
                    f" (fc1 -> ReLU -> dropout({p2}) -> fc2).",
                    f"le second dropout est après fc2, sur les logits : sa place est entre la ReLU de fc1 et fc2"
                    f" (fc1 -> ReLU -> dropout({p2}) -> fc2)."): train_ref(DROPOUT, logits=True),
            }
            expect_tensor(say(f"{name}(X) in train mode, after torch.manual_seed({seed}) (the same masks as F.dropout"
                              f" with p={p1} after the max-pool and p={p2} after fc1's ReLU)",
                              f"{name}(X) en mode apprentissage, après torch.manual_seed({seed}) (les mêmes masques"
                              f" que F.dropout avec p={p1} après le max-pooling et p={p2} après la ReLU de fc1)"),
                          t1, t_ref, mistakes)
    q1, q2 = DROPOUT
    _pass_if_it_follows_devices_and_trains(name, model, X, y,
                                           say("1,199,882 parameters; logits (n, 10); eval mode without dropout;"
                                               f" train mode with the dropout masks of p={q1} after the max-pool and"
                                               f" p={q2} after fc1",
                                               "1 199 882 paramètres ; logits (n, 10) ; mode évaluation"
                                               " sans dropout ; mode apprentissage avec les masques de dropout de"
                                               f" p={q1} après le max-pooling et p={q2} après fc1"), dtype, device)


# --------------------------------------------------------------------------- train_epoch and evaluate
class Probe(nn.Module):
    """Identity layer recording, at each forward pass, (train mode?, gradients on?, batch not moved?)."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[bool, bool, bool]] = []

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.calls.append((self.training, torch.is_grad_enabled(), isinstance(x, OnHost)))
        return plain(x)


class RecordingCrossEntropy(nn.CrossEntropyLoss):
    """nn.CrossEntropyLoss (with class weights ``weight`` (10,) when given) that records how many
    times it was called and whether the targets it got had been moved to the device."""

    def __init__(self, weight: torch.Tensor | None = None) -> None:
        super().__init__(weight=weight)
        self.targets_not_moved = False
        self.calls = 0

    def forward(self, input: torch.Tensor, target: torch.Tensor) -> torch.Tensor:  # noqa: A002
        self.calls += 1
        self.targets_not_moved |= isinstance(target, OnHost)
        return super().forward(plain(input), plain(target))


def class_weights(dtype: torch.dtype, device: torch.device) -> torch.Tensor:
    """Class weights (10,) from 0.25 to 2.5: a loss that is not the default one, so that a loop
    building its own nn.CrossEntropyLoss() gives other numbers than one using the loss it is given."""
    return torch.linspace(0.25, 2.5, N_CLASSES, dtype=dtype, device=device)


def probe_model(dtype: torch.dtype, device: torch.device, seed: int) -> nn.Sequential:
    """Probe -> Flatten -> Linear(784, 16) -> ReLU -> Linear(16, 10), on ``device`` in ``dtype``."""
    torch.manual_seed(seed)
    return nn.Sequential(Probe(), nn.Flatten(), nn.Linear(N_PIXELS, 16), nn.ReLU(),
                         nn.Linear(16, N_CLASSES)).to(device=device, dtype=dtype)


def make_loader(X: torch.Tensor, y: torch.Tensor, batch_size: int) -> DataLoader:
    """A DataLoader over (X, y) on the CPU, in order, yielding OnHost batches (the last one ragged)."""
    def collate(items: list) -> tuple[torch.Tensor, ...]:
        return tuple(t.as_subclass(OnHost) for t in default_collate(items))
    return DataLoader(TensorDataset(X.cpu(), y.cpu()), batch_size=batch_size, shuffle=False, collate_fn=collate)


def _batches(X: torch.Tensor, y: torch.Tensor, batch_size: int) -> list[tuple[torch.Tensor, torch.Tensor]]:
    return [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X), batch_size)]


def right_mask(n: int) -> torch.Tensor:
    """Which samples the labels make right: 2 out of 3, so that batch and sample averages differ."""
    return torch.arange(n) % 3 != 1


def labels_for(pred: torch.Tensor, right: torch.Tensor) -> torch.Tensor:
    """Labels equal to ``pred`` where ``right``, another class elsewhere."""
    return torch.where(right.to(pred.device), pred,
                       (pred + 1 + torch.arange(len(pred), device=pred.device) % 9) % N_CLASSES)


class PlainSGD:
    """The update of ``torch.optim.SGD(params, lr, momentum)`` (no dampening, no weight decay),
    written out: ``zero_grad()`` and ``step()`` as a training loop calls them. The loop checks use
    it because the first torch.optim optimizer of a process imports torch._dynamo (seconds);
    tests/test_lab5_notebook.py checks that both give the same parameters."""

    def __init__(self, params: Any, lr: float, momentum: float = 0.0) -> None:
        self.params = list(params)
        self.lr, self.momentum = lr, momentum
        self.buffers: list[torch.Tensor | None] = [None] * len(self.params)
        self.param_groups = [{"params": self.params, "lr": lr, "momentum": momentum}]
        self.steps = 0

    def zero_grad(self, set_to_none: bool = True) -> None:
        for p in self.params:
            if p.grad is not None:
                if set_to_none:
                    p.grad = None
                else:
                    p.grad.zero_()

    @torch.no_grad()
    def step(self, closure: Callable | None = None) -> None:
        self.steps += 1
        for i, p in enumerate(self.params):
            if p.grad is None:
                continue
            d = p.grad
            if self.momentum:
                buf = self.buffers[i]
                self.buffers[i] = d = d.clone() if buf is None else buf.mul_(self.momentum).add_(d)
            p.add_(d, alpha=-self.lr)


def _sgd(params: Any, lr: float, momentum: float) -> PlainSGD:
    return PlainSGD(params, lr=lr, momentum=momentum)


def _number(name: str, value: Any) -> float:
    """A Python number or a 1-element tensor without a graph, as a float."""
    __tracebackhide__ = True
    if isinstance(value, torch.Tensor) and value.numel() == 1 and value.requires_grad:
        raise CheckFailed(say(f"{name} is a tensor that still holds the autograd graph (requires_grad=True): accumulate"
                              " L.item() (a Python float); summing the loss tensors keeps every batch's graph in"
                              " memory.",
                              f"{name} est un tenseur qui garde encore le graphe autograd (requires_grad=True) :"
                              " accumulez L.item() (un flottant Python) ; additionner les tenseurs de perte garde"
                              " en mémoire le graphe de chaque lot."), mistake="keeps-graph")
    return as_number(name, value)


def _expect_average(name: str, found: float, expected: float, mistakes: Mapping[str, float], what: str) -> None:
    __tracebackhide__ = True
    if abs(found - expected) <= 1e-4 * max(1.0, abs(expected)):
        return
    for message, wrong in mistakes.items():
        if abs(found - wrong) <= 1e-4 * max(1.0, abs(wrong)) and abs(wrong - expected) > 1e-6:
            raise CheckFailed(say(f"{name} = {found:.5g}, expected {expected:.5g} ({what}): {message}",
                                  f"{name} = {found:.5g}, on attend {expected:.5g} ({what}) : {message}"),
                              mistake=mistake_of(message))
    raise CheckFailed(say(f"{name} = {found:.5g}, expected {expected:.5g} ({what}).",
                          f"{name} = {found:.5g}, on attend {expected:.5g} ({what})."))


def _sample_mean(per_batch: Sequence[float], sizes: Sequence[int]) -> float:
    """The mean over the samples of per-batch means: (1/N) sum_b n_b v_b, N = sum_b n_b."""
    return sum(v * m for v, m in zip(per_batch, sizes)) / sum(sizes)


def _average_mistakes(per_batch: Sequence[float], sizes: Sequence[int], kind: str) -> dict[str, float]:
    """Wrong ways to average per-batch values (batch means) into one number."""
    n = sum(sizes)
    total = _sample_mean(per_batch, sizes) * n
    if kind == "loss":  # the French unit follows "la somme": "la somme de la perte"
        unit, added = say("the loss", "de la perte"), "L.item() * len(y)"
    else:
        unit = say("the number of right predictions", "du nombre de bonnes prédictions")
        added = say("count of right predictions", "le nombre de bonnes prédictions")
    last, first, batches = sizes[-1], sizes[0], len(sizes)
    return {
        named("mean-over-batches",
              say(f"that is the mean over the batches, but the last batch has {last} samples, not {first}: average"
                  f" over the samples: add each batch's {added}, then divide by the number of samples ({n}).",
                  f"c'est la moyenne sur les lots, mais le dernier lot a {last} exemples, et non {first} : faites"
                  f" la moyenne sur les exemples : additionnez {added} de chaque lot, puis divisez par le nombre"
                  f" d'exemples ({n}).")): sum(per_batch) / len(per_batch),
        named("sum-not-mean",
              say(f"that is the sum of {unit} over the batches: divide by the number of samples ({n}).",
                  f"c'est la somme {unit} sur les lots : divisez par le nombre d'exemples ({n}).")):
            sum(per_batch) if kind == "loss" else total,
        named("divides-by-batch-count",
              say(f"that is the total over the samples divided by the number of batches ({batches}): divide by the"
                  f" number of samples ({n}).",
                  f"c'est le total sur les exemples divisé par le nombre de lots ({batches}) : divisez par le"
                  f" nombre d'exemples ({n}).")): total / len(sizes),
        named("last-batch-only",
              say("that is the last batch's value only: accumulate over every batch.",
                  "c'est la valeur du dernier lot seulement : accumulez sur tous les lots.")): per_batch[-1],
        named("divides-by-batch-size",
              say(f"that is {unit} summed and divided by the batch size ({first}): the last batch is smaller; divide"
                  f" by the number of samples ({n}).",
                  f"c'est la somme {unit} divisée par la taille du lot ({first}) : le dernier lot est plus"
                  f" petit ; divisez par le nombre d'exemples ({n}).")): total / sizes[0],
        **({named("accuracy-in-percent",
                  say("it is in percent: return a fraction in [0, 1].",
                      "elle est en pourcentage : renvoyez une fraction dans [0, 1].")): 100 * total / n,
            named("error-rate",
                  say("it is the error rate: count the samples where argmax(logits) == y.",
                      "c'est le taux d'erreur : comptez les exemples où argmax(logits) == y.")):
                1 - total / n} if kind == "acc" else {}),
    }


def _loop_hints() -> dict[str, str]:
    """Text of the error a training or evaluation loop raised -> the hint added to it, in the notebook's language."""
    keep_dtype = say(" Keep the batch's dtype (X.to(device) is enough): the model's parameters decide the dtype.",
                     " Gardez le dtype du lot (X.to(device) suffit) : ce sont les paramètres du modèle qui fixent"
                     " le dtype.")
    return {
        "Expected all tensors to be on the same device": named(  # not shown to students
            "data-not-moved",
            say(" Move each batch to the device: X, y = X.to(device), y.to(device).",
                " Transférez chaque lot sur le device : X, y = X.to(device), y.to(device).")),
        "element 0 of tensors does not require grad": named(  # not shown to students
            "loss-without-grad",
            say(" L must come from model(X) computed with gradients on: no torch.no_grad() (or .detach()) in the"
                " training loop.",
                " L doit venir de model(X) calculé avec les gradients activés : pas de torch.no_grad() (ni de"
                " .detach()) dans la boucle d'apprentissage.")),
        "same dtype": named("dtype-changed", keep_dtype),  # not shown to students
        "expected scalar type": named("targets-not-long", keep_dtype),  # not shown to students
        "not enough values to unpack": named(  # not shown to students
            "loader-not-unpacked",
            say(" The loader yields pairs: for X, y in loader.",
                " Le loader fournit des paires : for X, y in loader.")),
        "object is not iterable": named(  # not shown to students
            "not-a-tuple", say(" Return a pair: return L, acc.", " Renvoyez une paire : return L, acc.")),
    }


def _probe_findings(name: str, model: nn.Module, loss: RecordingCrossEntropy, train: bool) -> None:
    """What the probe and the loss saw during the student's loop."""
    __tracebackhide__ = True
    calls = model[0].calls
    if not calls:
        raise CheckFailed(say(f"{name} never called the model: for X, y in loader: logits = model(X) ...",
                              f"{name} n'a jamais appelé le modèle : for X, y in loader: logits = model(X) ..."),
                          mistake="never-calls-model")
    if not loss.calls:
        raise CheckFailed(say(f"{name} never called the `loss` it was given: compute L = loss(logits, y) with that"
                              " argument, do not build your own nn.CrossEntropyLoss() or call F.cross_entropy (the"
                              " caller chooses the loss: the tests pass one with class weights).",
                              f"{name} n'a jamais appelé la `loss` reçue : calculez L = loss(logits, y) avec cet"
                              " argument, sans construire votre propre nn.CrossEntropyLoss() ni appeler"
                              " F.cross_entropy (c'est l'appelant qui choisit la perte : les tests en passent une"
                              " avec des poids de classes)."), mistake="own-loss")
    if any(moved for _, _, moved in calls):
        raise CheckFailed(say(f"{name} gave the model batches that were not moved to the device: X = X.to(device)"
                              " (and y) in the loop; on a GPU this fails with 'Expected all tensors to be on the same"
                              " device'.",
                              f"{name} a donné au modèle des lots non transférés sur le device : X = X.to(device)"
                              " (et y) dans la boucle ; sur un GPU, cela échoue avec `Expected all tensors to be"
                              " on the same device`."), mistake="data-not-moved")
    if loss.targets_not_moved:
        raise CheckFailed(say(f"{name} gave the loss labels that were not moved to the device: y = y.to(device) in"
                              " the loop.",
                              f"{name} a donné à la perte des étiquettes non transférées sur le device :"
                              " y = y.to(device) dans la boucle."), mistake="labels-not-moved")
    wrong_mode = any(mode != train for mode, _, _ in calls)
    wrong_grad = any(grad != train for _, grad, _ in calls)
    if train:
        findings = [(wrong_mode, "eval-mode",
                     say("ran the model in eval mode: call model.train() at the start of the epoch (after an"
                         " evaluate the model is in eval mode, and dropout would stay off during training).",
                         "a exécuté le modèle en mode évaluation : appelez model.train() au début de l'époque"
                         " (après un evaluate, le modèle est en mode évaluation, et le dropout resterait désactivé"
                         " pendant l'apprentissage).")),
                    (wrong_grad, "no-grad",
                     say("ran the model under torch.no_grad(): training needs the gradients.",
                         "a exécuté le modèle sous torch.no_grad() : l'apprentissage a besoin des gradients."))]
    else:
        findings = [(wrong_grad, "gradients-on",
                     say("ran the model with gradients on: wrap the loop in `with torch.no_grad():` (no graph"
                         " is built, which saves memory and time; nothing is trained here).",
                         "a exécuté le modèle avec les gradients activés : placez la boucle dans un"
                         " `with torch.no_grad():` (aucun graphe n'est construit, ce qui économise mémoire et"
                         " temps ; rien n'est entraîné ici).")),
                    (wrong_mode, "train-mode",
                     say("ran the model in train mode: call model.eval() first (dropout would drop units at"
                         " test time, and batch norm would use the batch's statistics).",
                         "a exécuté le modèle en mode apprentissage : appelez d'abord model.eval() (sinon le"
                         " dropout éteindrait des neurones au test, et la batch norm utiliserait les statistiques du"
                         " lot)."))]
    for found, mistake, what in findings:
        if found:
            raise CheckFailed(f"{name} {what}", mistake=mistake)


def _model_images_weight(n: int, dtype: torch.dtype, device: torch.device, seed: int, offset: int,
                         weighted: bool) -> tuple[nn.Module, torch.Tensor, torch.Tensor | None]:
    """The probe model (seeded by ``seed``), n random images X (n, 1, 28, 28) (seeded by ``seed + offset``),
    and the loss's class weights (:func:`class_weights` when ``weighted``, else None)."""
    model = probe_model(dtype, device, seed)
    g = torch.Generator().manual_seed(seed + offset)
    X = torch.randn(n, 1, 28, 28, generator=g, dtype=torch.float64).to(device=device, dtype=dtype)
    return model, X, class_weights(dtype, device) if weighted else None


def check_train_epoch(train_epoch: Callable, n: int = 10, batch_size: int = 4, lr: float = 0.5, momentum: float = 0.0,
                      dtype: torch.dtype = torch.float32, device: str | torch.device | None = None, seed: int = 0,
                      weighted: bool = False) -> None:
    """One epoch against the same epoch by torch (SGD with ``lr``, ``momentum``; the cross-entropy, with
    :func:`class_weights` when ``weighted``) on a deep copy: same parameters after; (L, acc) averaged
    over the samples (ragged last batch); the model in train mode during and after; the loss and the
    optimiser given are the ones used; every batch moved to the device."""
    __tracebackhide__ = True
    device = resolve_device(device)
    name = "train_epoch"
    model, X, weight = _model_images_weight(n, dtype, device, seed, 1, weighted)
    # labels chosen batch by batch from the reference's own predictions before each step: 2 in 3 right
    with quiet():
        ref = REF.train_epoch(model, X, batch_size, lr, momentum, weight)
    y, expected, losses, accs = ref["y"], ref["after"], ref["losses"], ref["accs"]
    accumulated, unweighted = ref["accumulated"], ref["unweighted"]
    batches = _batches(X, y, batch_size)
    sizes = [len(b[1]) for b in batches]
    L_ref, acc_ref = _sample_mean(losses, sizes), _sample_mean(accs, sizes)
    before = [p.detach().clone() for p in model.parameters()]
    model.eval()  # as after an evaluate: train_epoch must switch to train mode itself
    loss = RecordingCrossEntropy(weight)
    student_optim = _sgd(model.parameters(), lr, momentum)
    result = call(name, train_epoch, model, make_loader(X, y, batch_size), loss, student_optim, device,
                  hints=_loop_hints())
    _probe_findings(name, model, loss, train=True)
    moved = not all(close(p.detach(), p0) for p, p0 in zip(model.parameters(), before))
    if moved and not student_optim.steps:
        raise CheckFailed(say(f"{name} changed the parameters but never called step() of the `optim` it was given:"
                              f" use that optimiser (the tests pass SGD with lr={lr}, momentum={momentum}), do not"
                              " build your own torch.optim optimiser inside train_epoch (the caller chooses it: fit"
                              " passes Adam).",
                              f"{name} a modifié les paramètres sans jamais appeler step() de l'optimiseur `optim`"
                              f" reçu : utilisez cet optimiseur (les tests passent SGD avec lr={lr},"
                              f" momentum={momentum}), ne construisez pas votre propre optimiseur torch.optim dans"
                              " train_epoch (c'est l'appelant qui le choisit : fit passe Adam)."),
                          mistake="own-optimizer")
    for (pname, p), want, p0, p_acc, p_unw in zip(model.named_parameters(), expected, before, accumulated, unweighted):
        if close(p.detach(), want):
            continue
        if close(p.detach(), p0):
            why = named("no-step", say("the parameters did not move: call optim.step() after L.backward().",
                                       "les paramètres n'ont pas bougé : appelez optim.step() après L.backward()."))
        elif weighted and close(p.detach(), p_unw):
            why = named("own-loss",
                        say("the steps follow the plain cross-entropy, not the `loss` given (here with class weights):"
                            " call L = loss(logits, y) and L.backward() on that L.",
                            "les pas suivent l'entropie croisée simple, et non la `loss` reçue (ici avec des poids de"
                            " classes) : calculez L = loss(logits, y) et appelez L.backward() sur ce L."))
        elif close(p.detach(), p_acc):
            why = named("no-zero-grad",
                        say("the gradients of successive batches were added up: .grad accumulates, so call"
                            " optim.zero_grad() before each L.backward().",
                            "les gradients des lots successifs se sont additionnés : .grad accumule, appelez donc"
                            " optim.zero_grad() avant chaque L.backward()."))
        else:
            why = say("expected one step per batch: optim.zero_grad(), logits = model(X), L = loss(logits, y),"
                      " L.backward(), optim.step().",
                      "on attend un pas par lot : optim.zero_grad(), logits = model(X), L = loss(logits, y),"
                      " L.backward(), optim.step().")
        steps = len(batches)
        raise CheckFailed(say(f"after the epoch, the test model's parameter {pname!r} differs from the reference epoch"
                              f" (SGD, one step per batch, {steps} batches): {why}",
                              f"après l'époque, le paramètre {pname!r} du modèle de test diffère de celui de l'époque"
                              f" de référence (SGD, un pas par lot, {steps} lots) : {why}"),
                          mistake=mistake_of(why))
    if not model.training:
        raise CheckFailed(say(f"{name} left the model in eval mode: it must stay in train mode (model.train() at the"
                              " start).",
                              f"{name} a laissé le modèle en mode évaluation : il doit rester en mode"
                              " apprentissage (model.train() au début)."), mistake="left-in-eval-mode")
    sizes_text = " + ".join(map(str, sizes))
    where = dtype_on(dtype, device)
    _expect_pair(name, result, (L_ref, acc_ref), (losses, accs), sizes,
                 (say(f"the mean cross-entropy over the {n} samples, batches of {sizes_text}, each taken before its"
                      " step",
                      f"l'entropie croisée moyenne sur les {n} exemples, lots de {sizes_text}, chacun pris avant son"
                      " pas"),
                  say(f"the fraction of the {n} samples predicted right, each batch before its step",
                      f"la fraction des {n} exemples bien prédits, chaque lot avant son pas")))
    passed(name, say(f"same parameters as the reference SGD epoch, train mode, L = {L_ref:.4f} and acc = {acc_ref:.2f}"
                     f" over {n} samples in batches of {sizes_text} ({where})",
                     f"mêmes paramètres que l'époque SGD de référence, mode apprentissage, L = {L_ref:.4f} et"
                     f" acc = {acc_ref:.2f} sur {n} exemples en lots de {sizes_text} ({where})"))


def _expect_pair(name: str, result: Any, expected: tuple[float, float], per_batch: tuple[list[float], list[float]],
                 sizes: list[int], meaning: tuple[str, str]) -> None:
    """``result`` is the pair (L, acc) equal to ``expected``; a known averaging mistake over
    the batches (``per_batch`` values, batch ``sizes``) is named. ``meaning`` says what L and acc are."""
    __tracebackhide__ = True
    if not (isinstance(result, tuple) and len(result) == 2):
        kind = type(result).__name__
        raise CheckFailed(say(f"{name} returned a {kind}, expected a pair (L, acc).",
                              f"{name} a renvoyé un {kind}, on attend une paire (L, acc)."), mistake="not-a-tuple")
    for label, value, want, values, kind, text in zip(("L", "acc"), result, expected, per_batch, ("loss", "acc"),
                                                      meaning):
        _expect_average(label, _number(label, value), want, _average_mistakes(values, sizes, kind), text)


def check_evaluate(evaluate: Callable, n: int = 10, batch_size: int = 4, dtype: torch.dtype = torch.float32,
                   device: str | torch.device | None = None, seed: int = 0, weighted: bool = False) -> None:
    """(L, acc) of the model over every sample (ragged last batch): L = (1/N) sum_b n_b L_b with L_b the value of
    the loss given (F.cross_entropy on the whole set for the default loss; :func:`class_weights` when
    ``weighted``); eval mode and no gradients during the loop; parameters and their .grad untouched;
    every batch moved to the device."""
    __tracebackhide__ = True
    device = resolve_device(device)
    name = "evaluate"
    model, X, weight = _model_images_weight(n, dtype, device, seed, 2, weighted)
    twin = copy.deepcopy(model).eval()
    with torch.no_grad(), quiet():
        logits = twin(X)
        y = labels_for(logits.argmax(dim=1), right_mask(n))
        L_ref = F.cross_entropy(logits, y).item()
        acc_ref = (logits.argmax(dim=1) == y).double().mean().item()
    batches = _batches(X, y, batch_size)
    sizes = [len(b[1]) for b in batches]
    with torch.no_grad(), quiet():
        losses = [F.cross_entropy(twin(Xb), yb, weight=weight).item() for Xb, yb in batches]
        accs = [(twin(Xb).argmax(dim=1) == yb).double().mean().item() for Xb, yb in batches]
    if weighted:  # a weighted mean per batch: L is the formula's (1/N) sum_b n_b L_b
        L_ref = _sample_mean(losses, sizes)
    before = [p.detach().clone() for p in model.parameters()]
    model.train()  # as after a train_epoch: evaluate must switch to eval mode itself
    loss = RecordingCrossEntropy(weight)
    result = call(name, evaluate, model, make_loader(X, y, batch_size), loss, device, hints=_loop_hints())
    for (pname, p), p0 in zip(model.named_parameters(), before):
        if not close(p.detach(), p0):
            raise CheckFailed(say(f"{name} changed the test model's parameter {pname!r}: evaluating must not train (no"
                                  " backward, no optimizer step).",
                                  f"{name} a modifié le paramètre {pname!r} du modèle de test : évaluer ne doit"
                                  " pas entraîner (ni backward, ni pas de l'optimiseur)."), mistake="changes-params")
    for pname, p in model.named_parameters():
        if p.grad is not None:
            raise CheckFailed(say(f"after {name}, the test model's parameter {pname!r} has a .grad: gradients were"
                                  " computed. No L.backward() in evaluate, and wrap the loop in `with"
                                  " torch.no_grad():`.",
                                  f"après {name}, le paramètre {pname!r} du modèle de test a un .grad : des"
                                  " gradients ont été calculés. Pas de L.backward() dans evaluate, et placez la boucle"
                                  " dans un `with torch.no_grad():`."), mistake="computes-gradients")
    _probe_findings(name, model, loss, train=False)
    sizes_text = " + ".join(map(str, sizes))
    where = dtype_on(dtype, device)
    _expect_pair(name, result, (L_ref, acc_ref), (losses, accs), sizes,
                 (say(f"(1/N) sum_b n_b L_b with L_b = loss(logits, y) of each batch, {n} samples in batches of"
                      f" {sizes_text}",
                      f"(1/N) sum_b n_b L_b avec L_b = loss(logits, y) de chaque lot, {n} exemples en lots de"
                      f" {sizes_text}"),
                  say(f"the fraction of the {n} samples predicted right",
                      f"la fraction des {n} exemples bien prédits")))
    passed(name, say(f"eval mode, no gradients, L = {L_ref:.4f} and acc = {acc_ref:.2f} over {n} samples in batches"
                     f" of {sizes_text} ({where})",
                     f"mode évaluation, sans gradients, L = {L_ref:.4f} et acc = {acc_ref:.2f} sur {n} exemples en"
                     f" lots de {sizes_text} ({where})"))


VISIBLE: dict[str, Callable[[Callable], None]] = {
    "LinearClassifier": check_LinearClassifier,
    "MLPClassifier": check_MLPClassifier,
    "MnistCNN": check_MnistCNN,
    "train_epoch": check_train_epoch,
    "evaluate": check_evaluate,
}
"""The visible check of each graded function (or class), by its grade_id."""

check_contract = contract_checker("lab5")
"""``check_contract(name, fn)``: ``fn`` held to its whole contract on generated problems (hidden tests)."""


from ._visible import make_visible  # noqa: E402  (after every check is defined)

make_visible(globals())
