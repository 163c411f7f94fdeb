"""Checks of lab 6 (a CNN on CIFAR-10, and its limits): each compares a student's
function with torch's own result and names known mistakes.

Every check takes the student's function (or class) and the sizes, dtype, device and
seed of a small problem; the visible tests call them with fixed values, the hidden
tests with others. ``device=None`` means CUDA when available, else CPU.

- ``CifarCNN``: any convolutional architecture mapping (n, 3, 32, 32) to 10 logits,
  under a parameter budget, that a few Adam steps on a fixed batch can fit.
- ``cifar_transforms``: applied to a PIL image, compared with
  ``torchvision.transforms.functional.normalize(to_tensor(img), mean, std)`` (test
  time), and, at training time, with every shifted/flipped copy of that result.
- ``most_confident_mistakes``: against the reference's answer for a fixed small model
  (with batch norm and dropout, so train mode shows) over a ``TensorDataset`` loader of
  several batches.
- ``add_noise``: against ``images + sigma * noise``, the noise drawn by
  ``torch.randn(shape, generator=g)``.
- ``fgsm``: against ``X + eps * sign(dL/dX)`` with the gradient from ``torch.autograd``, in
  the mode the model is given (train mode: same dropout masks under the same random state);
  X, the model's parameters, their ``.grad`` (pre-set to non-zero values) and its mode must
  be left as they were.
- ``fooling_image``: on a tiny fixed network (batch norm and dropout, handed over in train
  mode), the target's softmax probability of the returned image must reach 0.99; the model
  (mode, parameters, buffers, ``.grad``) is left unchanged; the generator, steps, lr and
  shape are each varied to show they are used.

Device-following: every function that takes tensors or a model has a hidden test on the
``meta`` device (a tensor created on a fixed device fails there even without a GPU), and
``most_confident_mistakes`` gets batches that record whether they were moved to ``device``.

The values to match come from the grader's references (``autograder.references.lab6``,
replayed in a student release: see ``_references``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from ._calling import call, quiet
from ._compare import as_number, dtype_on, expect_tensor, shape_str
from ._device import call_on_meta, resolve_device
from ._outcome import CheckFailed, mistake_of, named, passed
from ._harness import contract_checker
from ._references import References
from ._shared import OnHost, plain
from ..language import say

REF = References("lab6")
"""The answers of cifar_transforms (test time), most_confident_mistakes, add_noise and fgsm."""

# Per-channel statistics of the CIFAR-10 training images (pixels in [0, 1]), as the
# handout gives them, and the ones students often meet elsewhere.
CIFAR10_MEAN = (0.4914, 0.4822, 0.4465)
CIFAR10_STD = (0.2470, 0.2435, 0.2616)


def _known_stats() -> dict[str, tuple[tuple[float, ...], tuple[float, ...]]]:
    """The (mean, std) students often use instead of CIFAR-10's, each keyed by its message (built when shown)."""
    return {
        named("mnist-statistics", say(
            "it normalises with MNIST's statistics (0.1307, 0.3081): use CIFAR-10's per-channel mean and std.",
            "normalisation avec les statistiques de MNIST (0.1307, 0.3081) : utilisez la moyenne et l'écart-type"
            " par canal de CIFAR-10.")):
            ((0.1307,) * 3, (0.3081,) * 3),
        named("half-half-normalisation", say(
            "Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)) maps [0, 1] to [-1, 1] but is not standardisation:"
            " use CIFAR-10's per-channel mean and std.",
            "Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)) envoie [0, 1] sur [-1, 1] mais ne standardise pas :"
            " utilisez la moyenne et l'écart-type par canal de CIFAR-10.")): ((0.5,) * 3, (0.5,) * 3),
        named("mean-std-swapped", say(
            "mean and std are swapped: Normalize(mean, std) takes the means first.",
            "moyenne et écart-type sont inversés : Normalize(mean, std) prend les moyennes en premier.")):
            (CIFAR10_STD, CIFAR10_MEAN),
        named("channels-reversed", say(
            "the channels are in reverse order (BGR): red, green, blue is (0.4914, 0.4822, 0.4465).",
            "les canaux sont dans l'ordre inverse (BGR) : rouge, vert, bleu donne (0.4914, 0.4822, 0.4465).")):
            (CIFAR10_MEAN[::-1], CIFAR10_STD[::-1]),
        named("per-image-std", say(
            "that std (0.2023, 0.1994, 0.2010), often copied online, is the average of per-image stds, not the"
            " per-pixel std over the training set: use (0.2470, 0.2435, 0.2616).",
            "cet écart-type (0.2023, 0.1994, 0.2010), souvent copié en ligne, est la moyenne des écarts-types de"
            " chaque image, pas l'écart-type par pixel sur l'ensemble d'apprentissage : utilisez"
            " (0.2470, 0.2435, 0.2616).")):
            (CIFAR10_MEAN, (0.2023, 0.1994, 0.2010)),
        named("variance-as-std", say(
            "the std is squared: Normalize takes standard deviations, not variances.",
            "l'écart-type est élevé au carré : Normalize prend des écarts-types, pas des variances.")):
            (CIFAR10_MEAN, tuple(s * s for s in CIFAR10_STD)),
        named("imagenet-statistics", say(
            "ImageNet's statistics (0.485, 0.456, 0.406) / (0.229, 0.224, 0.225): use CIFAR-10's.",
            "statistiques d'ImageNet (0.485, 0.456, 0.406) / (0.229, 0.224, 0.225) : utilisez celles de"
            " CIFAR-10.")):
            ((0.485, 0.456, 0.406), (0.229, 0.224, 0.225)),
    }


# --------------------------------------------------------------------------- CifarCNN
def _cnn_hints() -> dict[str, str]:
    """Text of torch's error -> the hint added to it, for a call of the student's CifarCNN (built when shown)."""
    return {
        "cannot be multiplied": named("wrong-flatten-size", say(  # not shown to students
            " The first nn.Linear must take as many inputs as the flattened feature map has values:"
            " print(x.shape) just before flattening (C x H x W; each 2x2 max-pool halves H and W),"
            " or end the convolutions with nn.AdaptiveAvgPool2d(1).",
            " La première nn.Linear doit prendre autant d'entrées que la carte de caractéristiques aplatie a de"
            " valeurs : affichez print(x.shape) juste avant d'aplatir (C x H x W ; chaque max-pool 2x2 divise H et"
            " W par deux), ou terminez les convolutions par nn.AdaptiveAvgPool2d(1).")),
        "is invalid for input of size": named("view-loses-batch", say(  # not shown to students
            " Flatten with x.flatten(1) (or nn.Flatten()): it keeps the batch dimension and"
            " gives the size the first nn.Linear must take.",
            " Aplatissez avec x.flatten(1) (ou nn.Flatten()) : la dimension du mini-lot est conservée, et la taille"
            " obtenue est celle que la première nn.Linear doit prendre.")),
        "Expected more than 1 value per channel": named("batch-norm-on-one", say(  # not shown to students
            " (batch norm in train mode needs more than one value per channel.)",
            " (la batch norm en mode train a besoin de plus d'une valeur par canal.)")),
    }


def _check_CifarCNN_on_meta(model: nn.Module, n: int) -> None:
    """Shapes and devices only, the model and the inputs on 'meta': a tensor made on a fixed device fails here."""
    __tracebackhide__ = True
    model.eval()  # a first call on the CPU sizes lazy layers (as a first call on the GPU would there)
    with torch.no_grad():
        call("CifarCNN()(X)", model, torch.zeros(2, 3, 32, 32),
             where=say(" (X of shape (2, 3, 32, 32), eval mode)", " (X de forme (2, 3, 32, 32), mode eval)"),
             hints=_cnn_hints())
    device = torch.device("meta")
    model = model.to(device)
    for mode in ("eval", "train") if n > 1 else ("eval",):
        model.train(mode == "train")
        X = torch.empty(n, 3, 32, 32, device=device)
        out = call_on_meta("CifarCNN()(X)", model, X,
                           where=say(f" (X on the 'meta' device standing in for a GPU, {mode} mode)",
                                     f" (X sur le device 'meta', qui tient lieu de GPU, mode {mode})"),
                           hints=_cnn_hints())
        expect_tensor(say(f"CifarCNN()(X) for X of shape {shape_str(X.shape)} on meta ({mode} mode)",
                          f"CifarCNN()(X) pour X de forme {shape_str(X.shape)} sur meta (mode {mode})"), out,
                      torch.empty(n, 10, device=device), compare_values=False)
    passed("CifarCNN", say(f"(n, 3, 32, 32) -> (n, 10) for n={n}, the output on the input's device (meta)",
                           f"(n, 3, 32, 32) -> (n, 10) pour n={n}, la sortie sur le device de l'entrée (meta)"))


def _judge_cnn_layers(model: nn.Module, max_params: int) -> int:
    """The number of trainable parameters of ``model``: some, within the budget, with a convolution among them."""
    __tracebackhide__ = True
    n_params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    if n_params == 0:
        raise CheckFailed(say("CifarCNN has no trainable parameter: create its layers in __init__ as attributes"
                              " (self.conv1 = nn.Conv2d(...)), or in nn.Sequential / nn.ModuleList, not in a Python"
                              " list.",
                              "CifarCNN n'a aucun paramètre entraînable : créez ses couches dans __init__ comme"
                              " attributs (self.conv1 = nn.Conv2d(...)), ou dans un nn.Sequential / nn.ModuleList,"
                              " pas dans une liste Python."), mistake="no-parameters")
    if n_params > max_params:
        raise CheckFailed(say(f"CifarCNN has {n_params:,} parameters, more than the budget of {max_params:,}: a large"
                              " fully connected layer on a big feature map is usually the culprit (pool more before"
                              " flattening).",
                              f"CifarCNN a {n_params:,} paramètres, plus que le budget de {max_params:,} : le coupable"
                              " est d'ordinaire une grande couche entièrement connectée sur une grande carte de"
                              " caractéristiques (réduisez davantage par pooling avant d'aplatir)."),
                          mistake="too-many-parameters")
    if not any(isinstance(m, nn.Conv2d) for m in model.modules()):
        raise CheckFailed(say("CifarCNN has no nn.Conv2d layer: this lab is about a convolutional network.",
                              "CifarCNN n'a aucune couche nn.Conv2d : ce TP porte sur un réseau convolutif."),
                          mistake="no-convolution")
    return n_params


def _judge_cnn_outputs(model: nn.Module, X: torch.Tensor, n: int, device: torch.device) -> None:
    """Logits (n, 10), finite, in train and eval mode; the same twice in eval mode; not probabilities."""
    __tracebackhide__ = True
    modes = ("eval",) if n == 1 else ("train", "eval")  # batch norm cannot train on a batch of one
    for mode in modes:
        model.train(mode == "train")
        with torch.no_grad():
            out = call("CifarCNN()(X)", model, X,
                       where=say(f" (X of shape {shape_str(X.shape)}, {mode} mode)",
                                 f" (X de forme {shape_str(X.shape)}, mode {mode})"),
                       hints=_cnn_hints())
        if isinstance(out, torch.Tensor) and out.dim() == 2 and out.shape[1] == 10 and out.shape[0] != n:
            raise CheckFailed(say(f"the output has shape {shape_str(out.shape)} for a batch of {n} images, expected"
                                  f" {shape_str((n, 10))}: flatten with x.flatten(1) (or x.view(x.size(0), -1)),"
                                  " which keeps the batch dimension.",
                                  f"la sortie a la forme {shape_str(out.shape)} pour un mini-lot de {n} images, on"
                                  f" attend {shape_str((n, 10))} : aplatissez avec x.flatten(1) (ou"
                                  " x.view(x.size(0), -1)), qui garde la dimension du mini-lot."),
                              mistake="view-loses-batch")
        expect_tensor(say(f"CifarCNN()(X) for X of shape {shape_str(X.shape)} ({mode} mode)",
                          f"CifarCNN()(X) pour X de forme {shape_str(X.shape)} (mode {mode})"), out,
                      torch.empty(n, 10, device=device), compare_values=False)
        if not torch.isfinite(out).all():
            raise CheckFailed(say("the output contains NaN or inf values.", "la sortie contient des NaN ou des inf."),
                              mistake="not-finite")
    with torch.no_grad():
        again = model(X)
    if not torch.allclose(out, again, rtol=1e-4, atol=1e-5):
        raise CheckFailed(say("in eval mode two calls on the same images give different outputs: use nn.Dropout"
                              " (or F.dropout(x, p, training=self.training)) so that model.eval() turns dropout off.",
                              "en mode eval, deux appels sur les mêmes images donnent des sorties différentes :"
                              " utilisez nn.Dropout (ou F.dropout(x, p, training=self.training)) pour que"
                              " model.eval() désactive le dropout."), mistake="dropout-always-on")
    if (out >= 0).all() and torch.allclose(out.sum(dim=1), torch.ones(n, device=device), atol=1e-4):
        raise CheckFailed(say("the outputs are probabilities (each row sums to 1): return the logits, without"
                              " softmax; nn.CrossEntropyLoss applies log-softmax itself, and a softmax before it slows"
                              " learning.",
                              "les sorties sont des probabilités (chaque ligne a pour somme 1) : renvoyez les logits,"
                              " sans softmax ; nn.CrossEntropyLoss applique elle-même le log-softmax, et un softmax"
                              " placé avant elle ralentit l'apprentissage."), mistake="softmax-output")


def _judge_cnn_trains(model: nn.Module, g: torch.Generator, seed: int, steps: int, batch: int, lr: float,
                      device: torch.device) -> tuple[float, float]:
    """A few Adam steps on one fixed batch must fit it (dropout masks fixed by the seed): the loss before and after."""
    __tracebackhide__ = True
    Xb = torch.randn(batch, 3, 32, 32, generator=g).to(device)
    yb = torch.randint(10, (batch,), generator=g).to(device)
    model.train()

    def loss_now() -> float:
        torch.manual_seed(seed + 1)
        with torch.no_grad(), quiet():
            return F.cross_entropy(model(Xb), yb).item()

    before = loss_now()
    torch.manual_seed(seed + 2)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    with quiet():
        for _ in range(steps):
            opt.zero_grad()
            F.cross_entropy(model(Xb), yb).backward()
            opt.step()
    after = loss_now()
    if not after < 0.85 * before:
        raise CheckFailed(say(f"{steps} Adam steps (lr={lr:g}) on a fixed batch of {batch} images took the"
                              f" cross-entropy from {before:.3f} to {after:.3f}; a trainable network fits one small"
                              f" batch quickly (expected below {0.85 * before:.3f}). Is a layer cut from the graph"
                              " (.detach(), .data, .item()), a parameter frozen (requires_grad=False), or the output"
                              " squashed (softmax, sigmoid)?",
                              f"{steps} pas d'Adam (lr={lr:g}) sur un mini-lot fixe de {batch} images ont fait passer"
                              f" l'entropie croisée de {before:.3f} à {after:.3f} ; un réseau entraînable apprend vite"
                              f" un petit mini-lot (on attend moins de {0.85 * before:.3f}). Une couche est-elle"
                              " coupée du graphe (.detach(), .data, .item()), un paramètre gelé"
                              " (requires_grad=False), ou la sortie écrasée (softmax, sigmoid) ?"),
                          mistake="does-not-learn")
    return before, after


def check_CifarCNN(CifarCNN: Callable, n: int = 4, device: str | torch.device | None = None, seed: int = 0,
                   max_params: int = 5_000_000, steps: int = 4, batch: int = 4, lr: float = 1e-3) -> None:
    """Shapes, logits (not probabilities), a parameter budget, and trainability:
    ``steps`` Adam steps on a fixed batch of ``batch`` random images lower the loss
    (``steps=0``: shapes only)."""
    __tracebackhide__ = True
    device = resolve_device(device)
    torch.manual_seed(seed)
    model = call("CifarCNN()", CifarCNN)
    if not isinstance(model, nn.Module):
        raise CheckFailed(say(f"CifarCNN() is a {type(model).__name__}, expected an nn.Module: class"
                              " CifarCNN(nn.Module), with super().__init__() first in __init__.",
                              f"CifarCNN() est un {type(model).__name__}, on attend un nn.Module : class"
                              " CifarCNN(nn.Module), avec super().__init__() en premier dans __init__."),
                          mistake="not-a-module")
    if device.type == "meta":
        return _check_CifarCNN_on_meta(model, n)
    model = model.to(device)
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 3, 32, 32, generator=g).to(device)
    model.eval()  # a first call (also sizes lazy layers) in eval mode: a batch of one image is fine
    with torch.no_grad():
        call("CifarCNN()(X)", model, X, where=say(f" (X of shape {shape_str(X.shape)}, eval mode)",
                                                  f" (X de forme {shape_str(X.shape)}, mode eval)"),
             hints=_cnn_hints())
    n_params = _judge_cnn_layers(model, max_params)
    _judge_cnn_outputs(model, X, n, device)
    if steps == 0:
        passed("CifarCNN", say(f"(n, 3, 32, 32) -> (n, 10) logits for n={n}, {n_params:,} parameters"
                               f" (on {device.type})",
                               f"(n, 3, 32, 32) -> (n, 10) logits pour n={n}, {n_params:,} paramètres"
                               f" (sur {device.type})"))
        return
    before, after = _judge_cnn_trains(model, g, seed, steps, batch, lr, device)
    passed("CifarCNN", say(f"(n, 3, 32, 32) -> (n, 10) logits, {n_params:,} parameters, {steps} Adam steps took the"
                           f" loss of a fixed batch from {before:.2f} to {after:.2f} (on {device.type})",
                           f"(n, 3, 32, 32) -> (n, 10) logits, {n_params:,} paramètres, {steps} pas d'Adam ont fait"
                           f" passer la perte d'un mini-lot fixe de {before:.2f} à {after:.2f} (sur {device.type})"))


# --------------------------------------------------------------------------- cifar_transforms
def _pil_image(seed: int):
    from PIL import Image

    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, size=(32, 32, 3), dtype=np.uint8), mode="RGB")


def _apply(what: str, transform: Any, img: Any) -> torch.Tensor:
    __tracebackhide__ = True
    out = call(what, transform, img)
    if not isinstance(out, torch.Tensor):
        raise CheckFailed(say(f"{what} applied to a PIL image gave a {type(out).__name__}, expected a torch.Tensor:"
                              " include transforms.ToTensor().",
                              f"{what} appliqué à une image PIL a donné un {type(out).__name__}, on attend un"
                              " torch.Tensor : ajoutez transforms.ToTensor()."), mistake="no-to-tensor")
    if out.shape == (32, 32, 3):
        raise CheckFailed(say(f"{what} gave shape (32, 32, 3), channels last: ToTensor gives (3, 32, 32).",
                              f"{what} a donné la forme (32, 32, 3), canaux en dernier : ToTensor donne (3, 32, 32)."),
                          mistake="channels-last")
    if out.shape != (3, 32, 32):
        raise CheckFailed(say(f"{what} gave shape {shape_str(out.shape)}, expected (3, 32, 32)"
                              " (ToTensor, and a crop to 32).",
                              f"{what} a donné la forme {shape_str(out.shape)}, on attend (3, 32, 32)"
                              " (ToTensor, et un recadrage à 32)."), mistake="no-crop")
    if out.dtype != torch.float32:
        hint = (named("pil-to-tensor", say(" PILToTensor keeps the uint8 pixels: use ToTensor (floats in [0, 1]).",
                                           " PILToTensor garde les pixels uint8 : utilisez ToTensor (des flottants"
                                           " dans [0, 1])."))
                if out.dtype == torch.uint8 else "")
        raise CheckFailed(say(f"{what} gave dtype {out.dtype}, expected torch.float32.{hint}",
                              f"{what} a donné le dtype {out.dtype}, on attend torch.float32.{hint}"),
                          mistake=mistake_of(hint))
    return out


def _affine_fit(x: torch.Tensor, y: torch.Tensor) -> tuple[list[float], list[float], float]:
    """Per channel, y ~ (x - m) / s by least squares: (m, s, max residual)."""
    means, stds, residual = [], [], 0.0
    for c in range(x.shape[0]):
        xc, yc = x[c].flatten().double(), y[c].flatten().double()
        A = torch.stack([xc, torch.ones_like(xc)], dim=1)
        a, b = torch.linalg.lstsq(A, yc[:, None]).solution.flatten().tolist()
        residual = max(residual, (A @ torch.tensor([a, b], dtype=torch.float64) - yc).abs().max().item())
        s = 1 / a if a != 0 else math.inf
        means.append(-b * s)
        stds.append(s)
    return means, stds, residual


def _fmt(values: Any) -> str:
    return "(" + ", ".join(f"{v:.4f}" for v in values) + ")"


def _matches(found: Any, expected: Any, tol: float) -> bool:
    return all(abs(f - e) < tol for f, e in zip(found, expected))


def check_cifar_transforms(cifar_transforms: Callable, seed: int = 0, draws: int = 24) -> None:
    """Test time: ToTensor + Normalize with CIFAR-10's mean/std, deterministic.
    Training time: every output is the test-time result shifted by at most 4 pixels
    (RandomCrop(32, padding=4)) and possibly mirrored (RandomHorizontalFlip), and over
    ``draws`` calls both flips and several shifts occur."""
    __tracebackhide__ = True
    img = _pil_image(seed)
    expected = REF.cifar_transforms_test(torch.from_numpy(np.array(img)))
    t_test = call("cifar_transforms(train=False)", cifar_transforms, False)
    if not callable(t_test):
        raise CheckFailed(say(f"cifar_transforms(False) returned a {type(t_test).__name__}, expected a callable"
                              " (e.g. transforms.Compose([...])).",
                              f"cifar_transforms(False) a renvoyé un {type(t_test).__name__}, on attend un objet"
                              " appelable (par exemple transforms.Compose([...]))."), mistake="not-callable")
    torch.manual_seed(seed)
    out = _apply("cifar_transforms(False)", t_test, img)
    again = _apply("cifar_transforms(False)", t_test, img)
    if not torch.equal(out, again):
        raise CheckFailed(say("cifar_transforms(False) gives a different tensor at each call: random crops and flips"
                              " are for training only (train=True); at test time the transform is ToTensor +"
                              " Normalize.",
                              "cifar_transforms(False) donne un tenseur différent à chaque appel : les recadrages et"
                              " symétries aléatoires sont réservés à l'apprentissage (train=True) ; en test, la"
                              " transformation est ToTensor + Normalize."), mistake="augments-test-images")
    import torchvision.transforms.functional as TF

    pixels = TF.to_tensor(img)
    means, stds, residual = _affine_fit(pixels, out)
    if residual > 1e-3:
        raise CheckFailed(say("cifar_transforms(False) does more than normalise each channel (max deviation from"
                              f" (x - mean) / std: {residual:.3g}): at test time no crop, no flip,"
                              " only ToTensor + Normalize.",
                              "cifar_transforms(False) fait plus que normaliser chaque canal (écart maximal à"
                              f" (x - mean) / std : {residual:.3g}) : en test, ni recadrage ni symétrie,"
                              " seulement ToTensor + Normalize."), mistake="augments-test-images")
    if _matches(means, (0,) * 3, 1e-3) and _matches(stds, (1,) * 3, 1e-3):
        raise CheckFailed(say("cifar_transforms(False) gives pixels in [0, 1]: the normalisation is missing;"
                              " add transforms.Normalize(mean, std) after ToTensor.",
                              "cifar_transforms(False) donne des pixels dans [0, 1] : la normalisation manque ;"
                              " ajoutez transforms.Normalize(mean, std) après ToTensor."), mistake="no-normalize")
    if not (_matches(means, CIFAR10_MEAN, 0.005) and _matches(stds, CIFAR10_STD, 0.005)):
        for message, (m, s) in _known_stats().items():
            if _matches(means, m, 0.002) and _matches(stds, s, 0.002):
                raise CheckFailed(say(f"cifar_transforms(False) is wrong: {message}",
                                      f"cifar_transforms(False) est faux : {message}"), mistake=mistake_of(message))
        raise CheckFailed(say(f"cifar_transforms(False) normalises with mean {_fmt(means)} and std {_fmt(stds)},"
                              f" expected CIFAR-10's mean {_fmt(CIFAR10_MEAN)} and std {_fmt(CIFAR10_STD)}.",
                              f"cifar_transforms(False) normalise avec la moyenne {_fmt(means)} et l'écart-type"
                              f" {_fmt(stds)}, on attend la moyenne {_fmt(CIFAR10_MEAN)} et l'écart-type"
                              f" {_fmt(CIFAR10_STD)} de CIFAR-10."), mistake="wrong-statistics")
    err = (out.double() - expected.double()).abs().max().item()
    if err > 0.02:  # cannot happen after the fit above; kept as the final word
        raise CheckFailed(say(f"cifar_transforms(False) differs from Normalize(ToTensor(img)) by up to {err:.3g}.",
                              f"cifar_transforms(False) diffère de Normalize(ToTensor(img)) de {err:.3g} au plus."))

    t_train = call("cifar_transforms(train=True)", cifar_transforms, True)
    if not callable(t_train):
        raise CheckFailed(say(f"cifar_transforms(True) returned a {type(t_train).__name__}, expected a callable.",
                              f"cifar_transforms(True) a renvoyé un {type(t_train).__name__}, on attend un objet"
                              " appelable."), mistake="not-callable")
    # every shifted window of the test-time result, the padding marked NaN: (3, 9, 9, 32, 32); their
    # centres (24 x 24) are never padding, and the image is noise: the centres alone say which shift it is
    windows = F.pad(expected, (4, 4, 4, 4), value=math.nan).unfold(1, 32, 1).unfold(2, 32, 1)
    centres = windows[..., 4:28, 4:28]
    seen_shifts, seen_flips = set(), set()
    torch.manual_seed(seed)
    for _ in range(draws):
        aug = _apply("cifar_transforms(True)", t_train, img)
        both = torch.stack([aug, aug.flip(-1)])  # as drawn, and mirrored back
        centre_diff = (centres - both[:, :, None, None, 4:28, 4:28]).abs().amax(dim=(1, 4, 5))  # (flip, dy, dx)
        flip, dy, dx = np.unravel_index(int(centre_diff.argmin()), centre_diff.shape)
        value = (windows[:, dy, dx] - both[flip]).abs().nan_to_num(0.0).amax().item()  # the whole image
        if value > 0.02:
            raise CheckFailed(say("cifar_transforms(True) gave an image that is not the test-time result shifted by"
                                  " at most 4 pixels and/or mirrored left-right: use the same ToTensor + Normalize as"
                                  " at test time, with RandomCrop(32, padding=4) and RandomHorizontalFlip() only.",
                                  "cifar_transforms(True) a donné une image qui n'est pas celle obtenue en test,"
                                  " décalée de 4 pixels au plus et/ou retournée de gauche à droite : utilisez les"
                                  " mêmes ToTensor + Normalize qu'en test, avec seulement RandomCrop(32, padding=4)"
                                  " et RandomHorizontalFlip()."), mistake="wrong-augmentation")
        seen_flips.add(bool(flip))
        seen_shifts.add((int(dy), int(dx)))
    if len(seen_shifts) == 1 and len(seen_flips) == 1:
        raise CheckFailed(say(f"cifar_transforms(True) gave the same image in {draws} calls: augment the training"
                              " images with transforms.RandomCrop(32, padding=4) and"
                              " transforms.RandomHorizontalFlip().",
                              f"cifar_transforms(True) a donné la même image en {draws} appels : augmentez les images"
                              " d'apprentissage avec transforms.RandomCrop(32, padding=4) et"
                              " transforms.RandomHorizontalFlip()."), mistake="no-augmentation")
    if len(seen_flips) == 1:
        how = say("always", "a toujours") if True in seen_flips else say("never", "n'a jamais")
        raise CheckFailed(say(f"cifar_transforms(True) {how} mirrored the image in"
                              f" {draws} calls: add transforms.RandomHorizontalFlip() (p=0.5).",
                              f"cifar_transforms(True) {how} retourné l'image en miroir en {draws} appels :"
                              " ajoutez transforms.RandomHorizontalFlip() (p=0.5)."), mistake="no-flip")
    if len(seen_shifts) == 1:
        raise CheckFailed(say(f"cifar_transforms(True) never shifted the image in {draws} calls: add"
                              " transforms.RandomCrop(32, padding=4).",
                              f"cifar_transforms(True) n'a jamais décalé l'image en {draws} appels : ajoutez"
                              " transforms.RandomCrop(32, padding=4)."), mistake="no-crop")
    passed("cifar_transforms", say(f"test time = Normalize(ToTensor(img)) with mean {_fmt(CIFAR10_MEAN)}; training"
                                   f" time: {len(seen_shifts)} shifts and both flips seen in {draws} draws",
                                   f"en test = Normalize(ToTensor(img)) avec la moyenne {_fmt(CIFAR10_MEAN)} ; à"
                                   f" l'apprentissage : {len(seen_shifts)} décalages et les deux orientations vus en"
                                   f" {draws} tirages"))


# --------------------------------------------------------------------------- most_confident_mistakes
def _mistakes_problem(n: int, seed: int) -> tuple[nn.Module, torch.Tensor, torch.Tensor]:
    """A fixed small classifier with batch norm and dropout, images (n, 3, 4, 4) and labels
    of which about 40% agree with its eval-mode predictions."""
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Flatten(), nn.Linear(48, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Dropout(0.5),
                          nn.Linear(32, 10))
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        model[2].running_mean.copy_(0.5 * torch.randn(32, generator=g))
        model[2].running_var.copy_(0.5 + torch.rand(32, generator=g))
        model[5].weight.mul_(3.0)
    X = torch.randn(n, 3, 4, 4, generator=g)
    model.eval()
    with torch.no_grad():
        pred = model(X).argmax(dim=1)
    right = torch.rand(n, generator=g) < 0.4
    y = torch.where(right, pred, (pred + torch.randint(1, 10, (n,), generator=g)) % 10)
    return model, X, y


def _confidence_mistakes(known: Mapping[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """The confidences most_confident_mistakes would return with each known mistake (message -> confidences),
    from the reference's ``mistakes``."""
    return {
        say("it includes right predictions: keep only the images where pred != true.",
            "il contient des prédictions justes : ne gardez que les images où pred != true."): known["everyone"],
        say("it is sorted in ascending order: the most confident mistakes come first (descending=True).",
            "il est trié par ordre croissant : les erreurs les plus sûres viennent en premier (descending=True)."):
            known["ascending"],
        say("it is the most confident mistakes, least confident first: sort in descending order.",
            "ce sont les erreurs les plus sûres, mais la moins sûre en premier : triez par ordre décroissant."):
            known["reversed"],
        say("confidence is the largest logit: it must be a probability, the largest softmax output.",
            "confidence est le plus grand logit : ce doit être une probabilité, la plus grande sortie du softmax."):
            known["logit"],
        say("confidence is the largest logit of the right mistakes: it must be the largest softmax probability.",
            "confidence est le plus grand logit des bonnes erreurs : ce doit être la plus grande probabilité du"
            " softmax."): known["logit_of_top"],
        say("confidence is the probability of the true class: it is the probability of the predicted class (the"
            " largest).",
            "confidence est la probabilité de la vraie classe : c'est celle de la classe prédite (la plus grande)."):
            known["true_class"],
    }


def check_most_confident_mistakes(most_confident_mistakes: Callable, n: int = 40, k: int = 5, batch_size: int = 8,
                                  device: str | torch.device | None = None, seed: int = 0) -> None:
    """The k wrong predictions of a fixed model with the highest softmax confidence,
    most confident first, over a loader of several batches."""
    __tracebackhide__ = True
    from torch.utils.data import DataLoader, TensorDataset, default_collate

    device = resolve_device(device)
    model, X, y = _mistakes_problem(n, seed)
    ref = REF.most_confident_mistakes(model, X, y, k)
    top, wrong, known = ref["top"], ref["wrong"], ref["mistakes"]
    m = len(top)
    conf_mistakes = _confidence_mistakes(known)
    model = model.to(device).train()  # the function must switch it to eval mode itself
    seen: list[tuple[bool, bool]] = []
    unmoved: list[bool] = []

    def record(mod: nn.Module, inputs: tuple) -> tuple:
        seen.append((mod.training, torch.is_grad_enabled()))
        unmoved.append(isinstance(inputs[0], OnHost))
        return tuple(plain(t) for t in inputs)

    hook = model.register_forward_pre_hook(record)

    def collate(items: list) -> tuple[torch.Tensor, ...]:  # batches "in host memory" until moved
        return tuple(t.as_subclass(OnHost) for t in default_collate(items))

    loader = DataLoader(TensorDataset(X, y), batch_size=batch_size, shuffle=False, collate_fn=collate)
    try:
        result = call("most_confident_mistakes", most_confident_mistakes, model, loader, device, k,
                      where=say(f" (on {device.type})", f" (sur {device.type})"))
    finally:
        hook.remove()
    if any(training for training, _ in seen):
        raise CheckFailed(say("most_confident_mistakes ran the model in train mode: call model.eval() first (dropout"
                              " and batch norm behave differently at test time).",
                              "most_confident_mistakes a exécuté le modèle en mode train : appelez d'abord"
                              " model.eval() (le dropout et la batch norm se comportent autrement en test)."),
                          mistake="train-mode")
    if any(grad for _, grad in seen):
        raise CheckFailed(say("most_confident_mistakes ran the model with gradients on: wrap the loop in"
                              " `with torch.no_grad():` (no graph to keep, less memory).",
                              "most_confident_mistakes a exécuté le modèle avec les gradients activés : placez la"
                              " boucle dans `with torch.no_grad():` (aucun graphe à garder, moins de mémoire)."),
                          mistake="gradients-on")
    if not seen:
        raise CheckFailed(say("most_confident_mistakes never called the model.",
                              "most_confident_mistakes n'a jamais appelé le modèle."), mistake="never-calls-model")
    if any(unmoved):
        raise CheckFailed(say("most_confident_mistakes gave the model a batch that was not moved to `device`:"
                              " X.to(device) before model(...) (on a GPU the model's weights and the batch would be on"
                              " different devices).",
                              "most_confident_mistakes a donné au modèle un mini-lot non transféré sur `device` :"
                              " X.to(device) avant model(...) (sur un GPU, les poids du modèle et le mini-lot"
                              " seraient sur des devices différents)."), mistake="batch-not-moved")
    if not (isinstance(result, tuple) and len(result) == 4):
        raise CheckFailed(say(f"most_confident_mistakes returned a {type(result).__name__}, expected a tuple"
                              " (images, true, pred, confidence).",
                              f"most_confident_mistakes a renvoyé un {type(result).__name__}, on attend un tuple"
                              " (images, true, pred, confidence)."), mistake="not-a-tuple")
    result = tuple(plain(t) if isinstance(t, torch.Tensor) else t for t in result)
    images, true, predicted, confidence = result
    for name, t in zip(("images", "true", "pred", "confidence"), result):
        if not isinstance(t, torch.Tensor):
            raise CheckFailed(say(f"{name} is a {type(t).__name__}, expected a torch.Tensor.",
                                  f"{name} est un {type(t).__name__}, on attend un torch.Tensor."),
                              mistake="not-a-tensor")
        if t.requires_grad:
            raise CheckFailed(say(f"{name} requires grad: compute everything under torch.no_grad().",
                                  f"{name} a requires_grad=True : calculez tout sous torch.no_grad()."),
                              mistake="requires-grad")
    if confidence.dim() == 1 and len(confidence) != m:
        extra = say(f" (there are only {wrong} mistakes: return them all)",
                    f" (il n'y a que {wrong} erreurs : renvoyez-les toutes)") if wrong < k else ""
        raise CheckFailed(say(f"{len(confidence)} mistakes returned, expected k={m}{extra}.",
                              f"{len(confidence)} erreurs renvoyées, on attend k={m}{extra}."), mistake="wrong-count")
    expect_tensor("confidence", confidence.detach().cpu(), ref["confidence"], conf_mistakes)
    for name, found, want in (("true", true, y[top]), ("pred", predicted, ref["pred"])):
        if found.shape != want.shape or found.dtype.is_floating_point or not torch.equal(found.cpu().long(), want):
            ints = say(" (class indices, an integer tensor)", " (des indices de classe, un tenseur d'entiers)") \
                if found.dtype.is_floating_point else ""
            raise CheckFailed(say(f"{name} is {found.cpu().tolist()}, expected {want.tolist()}{ints}.",
                                  f"{name} vaut {found.cpu().tolist()}, on attend {want.tolist()}{ints}."))
    expect_tensor("images", images.detach().cpu(), X[top])
    passed("most_confident_mistakes", say(f"the {m} most confident of {wrong} mistakes among {n} images"
                                          f" ({math.ceil(n / batch_size)} batches), in eval mode, without gradients",
                                          f"les {m} plus sûres des {wrong} erreurs parmi {n} images"
                                          f" ({math.ceil(n / batch_size)} mini-lots), en mode eval, sans gradients"))


# --------------------------------------------------------------------------- add_noise
def check_add_noise(add_noise: Callable, shape: tuple[int, ...] = (4, 3, 8, 8), sigma: float = 0.1,
                    dtype: torch.dtype = torch.float32, device: str | torch.device | None = None, seed: int = 0,
                    statistics: bool = True) -> None:
    """With a seeded generator: images + sigma * torch.randn(shape, generator=g); input
    untouched; without one: fresh noise of std sigma at every call."""
    __tracebackhide__ = True
    device = resolve_device(device)
    if device.type == "meta":
        images = torch.empty(shape, device=device, dtype=dtype)
        out = call("add_noise", add_noise, images, sigma, where=say(" (images on meta)", " (images sur meta)"))
        expect_tensor("add_noise(images, sigma)", out, images, compare_values=False)
        passed("add_noise", say(f"the result follows the images' device and dtype ({dtype_on(dtype, device)})",
                                f"le résultat suit le device et le dtype des images ({dtype_on(dtype, device)})"))
        return
    g0 = torch.Generator().manual_seed(seed)
    images = torch.randn(shape, generator=g0, dtype=torch.float64).to(device=device, dtype=dtype)
    keep = images.clone()
    out = call("add_noise", add_noise, images, sigma, generator=torch.Generator(device=device).manual_seed(seed + 1),
               where=f" ({dtype_on(dtype, device)})")
    again = call("add_noise", add_noise, images, sigma, generator=torch.Generator(device=device).manual_seed(seed + 1),
                 where=f" ({dtype_on(dtype, device)})")
    if sigma > 0 and isinstance(out, torch.Tensor) and isinstance(again, torch.Tensor) and out.shape == again.shape \
            and not torch.equal(out, again):
        raise CheckFailed(say("two calls with generators in the same state gave different noise: add_noise ignores"
                              " its `generator` argument; draw the noise with torch.randn(..., generator=generator,"
                              " ...).",
                              "deux appels avec des générateurs dans le même état ont donné des bruits différents :"
                              " add_noise ignore son argument `generator` ; tirez le bruit avec torch.randn(...,"
                              " generator=generator, ...)."), mistake="ignores-generator")
    noise = torch.randn(shape, generator=torch.Generator(device=device).manual_seed(seed + 1), device=device,
                        dtype=dtype)
    if out is images or not torch.equal(images, keep):
        raise CheckFailed(say("add_noise modified its input images (in place, e.g. +=): return a new tensor"
                              " images + noise; the clean images are still needed.",
                              "add_noise a modifié ses images d'entrée (en place, par exemple +=) : renvoyez un"
                              " nouveau tenseur images + noise ; les images propres servent encore."),
                          mistake="changes-input-in-place")
    ref = REF.add_noise(images, sigma, noise)
    expect_tensor(f"add_noise(images, sigma={sigma}, generator=g)", out, ref["expected"], {
        say("it is the noise alone: add it to the images.", "c'est le bruit seul : ajoutez-le aux images."):
            ref["noise_only"],
        say("sigma is the standard deviation: multiply torch.randn(...) by sigma, not by sqrt(sigma).",
            "sigma est l'écart-type : multipliez torch.randn(...) par sigma, pas par sqrt(sigma)."):
            ref["sqrt_sigma"],
        say("sigma is the standard deviation: multiply by sigma, not sigma**2.",
            "sigma est l'écart-type : multipliez par sigma, pas par sigma**2."): ref["sigma_squared"],
        say("the noise is not scaled: multiply torch.randn(...) by sigma.",
            "le bruit n'est pas mis à l'échelle : multipliez torch.randn(...) par sigma."): ref["unscaled"],
        say("it is images * noise: add the noise, do not multiply.",
            "c'est images * noise : ajoutez le bruit, ne le multipliez pas."): ref["product"],
    })
    if statistics:
        big = torch.zeros(100, 2000, device=device, dtype=dtype)
        s = 0.3
        a = call("add_noise", add_noise, big, s, where=" (generator=None)")
        b = call("add_noise", add_noise, big, s, where=" (generator=None)")
        expect_tensor("add_noise(images, sigma)", a, big, compare_values=False)
        mean, std = a.double().mean().item(), a.double().std().item()
        if abs(mean) > 0.01 or abs(std - s) > 0.02 * s:
            raise CheckFailed(say(f"without a generator, the noise added to {big.numel():,} zeros has mean {mean:.4f}"
                                  f" and std {std:.4f}, expected mean 0 and std sigma = {s} (torch.randn is N(0, 1)).",
                                  f"sans générateur, le bruit ajouté à {big.numel():,} zéros a une moyenne de"
                                  f" {mean:.4f} et un écart-type de {std:.4f}, on attend une moyenne de 0 et un"
                                  f" écart-type sigma = {s} (torch.randn suit N(0, 1))."), mistake="wrong-noise-law")
        if torch.equal(a, b):
            raise CheckFailed(say("two calls without a generator gave the same noise: draw fresh noise at each call"
                                  " (do not seed inside add_noise).",
                                  "deux appels sans générateur ont donné le même bruit : tirez un bruit neuf à chaque"
                                  " appel (pas de graine fixée dans add_noise)."), mistake="reseeds")
    passed("add_noise", say(f"images + sigma * torch.randn(shape, generator=g), input untouched"
                            f" (shape {shape_str(shape)}, sigma={sigma}, {dtype_on(dtype, device)})",
                            f"images + sigma * torch.randn(shape, generator=g), entrée intacte"
                            f" (forme {shape_str(shape)}, sigma={sigma}, {dtype_on(dtype, device)})"))


# --------------------------------------------------------------------------- fgsm
def _fgsm_hints() -> dict[str, str]:
    """Text of torch's error -> the hint added to it, for a call of the student's fgsm (built when shown)."""
    return {
        "must match the size of tensor": named("perturbation-shape", say(  # not shown to students
            " The perturbation must have X's shape (n, C, H, W): take the gradient of the loss"
            " with respect to the input X, not the model's weights.",
            " La perturbation doit avoir la forme de X (n, C, H, W) : prenez le gradient de la perte"
            " par rapport à l'entrée X, pas aux poids du modèle.")),
        "does not require grad": named("grad-wrt-weights", say(  # not shown to students
            " Differentiate with respect to a copy of X that requires grad:"
            " X_ = X.detach().clone().requires_grad_(True), then torch.autograd.grad(loss, X_).",
            " Dérivez par rapport à une copie de X qui a requires_grad=True :"
            " X_ = X.detach().clone().requires_grad_(True), puis torch.autograd.grad(loss, X_).")),
        "NoneType": named("grad-is-none", say(
            " X_.grad is None: X_ must be a leaf that requires grad (X.detach().clone().requires_grad_(True))"
            " and loss.backward() must run before reading it.",
            " X_.grad vaut None : X_ doit être une feuille avec requires_grad=True"
            " (X.detach().clone().requires_grad_(True)), et loss.backward() doit s'exécuter avant sa lecture.")),
    }


def _fgsm_problem(n: int, dtype: torch.dtype, device: torch.device,
                  seed: int) -> tuple[nn.Module, torch.Tensor, torch.Tensor]:
    """A small CNN with dropout (active in train mode only), images (n, 3, 8, 8), labels."""
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Dropout(0.3), nn.Flatten(),
                          nn.Linear(4 * 8 * 8, 10))
    model = model.to(device=device, dtype=dtype).eval()
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 3, 8, 8, generator=g, dtype=torch.float64).to(device=device, dtype=dtype)
    y = torch.randint(10, (n,), generator=g).to(device)
    return model, X, y


def _preset_grads(params: list[torch.Tensor], seed: int) -> list[torch.Tensor]:
    """Give every parameter a non-zero .grad (as in the middle of a training step); return copies."""
    g = torch.Generator().manual_seed(seed)
    for p in params:
        p.grad = torch.randn(p.shape, generator=g, dtype=torch.float64).to(device=p.device, dtype=p.dtype)
    return [p.grad.detach().clone() for p in params]


def _grads_left_alone(what: str, params: list[tuple[str, torch.Tensor]], before: list[torch.Tensor],
                      remedy: str) -> None:
    """The parameters' .grad must still be the values they held before the call."""
    __tracebackhide__ = True
    for (name, p), b in zip(params, before):
        if p.grad is None or (not torch.equal(p.grad, b) and not p.grad.any()):
            state = say("is None", "vaut None") if p.grad is None else say("is zero", "est nul")
            raise CheckFailed(say(f"{what} wiped the gradients the model's parameters held before the call"
                                  f" ({name}.grad {state}; model.zero_grad()?): they belong to the caller,"
                                  f" e.g. a training step in progress, and must be left as they were. {remedy}",
                                  f"{what} a effacé les gradients que les paramètres du modèle avaient avant l'appel"
                                  f" ({name}.grad {state} ; model.zero_grad() ?) : ils appartiennent à l'appelant,"
                                  f" par exemple à un pas d'apprentissage en cours, et doivent rester tels quels."
                                  f" {remedy}"), mistake="wipes-param-grads")
        if not torch.equal(p.grad, b):
            raise CheckFailed(say(f"{what} changed the gradients the model's parameters held before the call"
                                  f" ({name}.grad: loss.backward() adds to .grad): they would be added to the next"
                                  f" training step's. {remedy}",
                                  f"{what} a modifié les gradients que les paramètres du modèle avaient avant l'appel"
                                  f" ({name}.grad : loss.backward() ajoute à .grad) : ils s'ajouteraient à ceux du"
                                  f" pas d'apprentissage suivant. {remedy}"), mistake="adds-to-param-grads")


def check_fgsm(fgsm: Callable, n: int = 6, eps: float = 0.03, dtype: torch.dtype = torch.float64,
               device: str | torch.device | None = None, seed: int = 0, x_requires_grad: bool = False,
               train_mode: bool = False) -> None:
    """X + eps * sign(dCE/dX) against torch.autograd, in the mode the model is given
    (``train_mode``: dropout on, the same masks under the same random state); X, its
    requires_grad, its .grad, the model's parameters, their .grad (pre-set to non-zero
    values) and the model's mode left as they were; X_adv detached."""
    __tracebackhide__ = True
    device = resolve_device(device)
    model, X, y = _fgsm_problem(n, dtype, device, seed)
    model.train(train_mode)
    if device.type == "meta":
        X_adv = call_on_meta("fgsm", fgsm, model, X, y, eps, hints=_fgsm_hints())
        if isinstance(X_adv, torch.Tensor) and X_adv.requires_grad:
            raise CheckFailed(say("X_adv requires grad: return it detached (compute it under"
                                  " torch.no_grad(), or .detach()).",
                                  "X_adv a requires_grad=True : renvoyez-le détaché (calculez-le sous"
                                  " torch.no_grad(), ou .detach())."), mistake="not-detached")
        expect_tensor(f"fgsm(model, X, y, eps={eps})", X_adv, X, compare_values=False)
        passed("fgsm", say("X_adv on X's device and in its dtype (meta)",
                           "X_adv sur le device de X et dans son dtype (meta)"))
        return
    mask_seed = seed + 7
    with quiet():
        ref = REF.fgsm(model, X, y, eps, train_mode, mask_seed, masks=X.device.type if train_mode else None)
    X.requires_grad_(x_requires_grad)
    X_grad = None
    if x_requires_grad:  # a leaf with a gradient of its own: it must stay
        X.grad = torch.full_like(X, 0.5)
        X_grad = X.grad.clone()
    X_before = X.detach().clone()
    named = list(model.named_parameters())
    params_before = [p.detach().clone() for _, p in named]
    grads_before = _preset_grads([p for _, p in named], seed + 3)
    torch.manual_seed(mask_seed)
    X_adv = call("fgsm", fgsm, model, X, y, eps, where=f" ({dtype_on(dtype, device)})", hints=_fgsm_hints())
    if not torch.equal(X.detach(), X_before):
        raise CheckFailed(say("fgsm modified X in place: compute X_adv = X + eps * ... as a new tensor; X is still"
                              " needed.",
                              "fgsm a modifié X en place : calculez X_adv = X + eps * ... comme un nouveau tenseur ;"
                              " X sert encore."), mistake="changes-input-in-place")
    if X.requires_grad != x_requires_grad:
        raise CheckFailed(say(f"fgsm changed X.requires_grad to {X.requires_grad}: differentiate with respect to a"
                              " copy, X_ = X.detach().clone().requires_grad_(True), and leave X as it was.",
                              f"fgsm a changé X.requires_grad en {X.requires_grad} : dérivez par rapport à une copie,"
                              " X_ = X.detach().clone().requires_grad_(True), et laissez X tel quel."),
                          mistake="sets-requires-grad-on-x")
    if X_grad is None and X.grad is not None:
        raise CheckFailed(say("fgsm left a gradient in X.grad: differentiate with respect to a detached copy,"
                              " X_ = X.detach().clone().requires_grad_(True).",
                              "fgsm a laissé un gradient dans X.grad : dérivez par rapport à une copie détachée,"
                              " X_ = X.detach().clone().requires_grad_(True)."), mistake="leaves-grad-on-x")
    if X_grad is not None and (X.grad is None or not torch.equal(X.grad, X_grad)):
        raise CheckFailed(say("fgsm changed X.grad (X required grad and held a gradient): differentiate with respect"
                              " to a detached copy, X_ = X.detach().clone().requires_grad_(True), and leave X as it"
                              " was.",
                              "fgsm a modifié X.grad (X avait requires_grad=True et un gradient) : dérivez par rapport"
                              " à une copie détachée, X_ = X.detach().clone().requires_grad_(True), et laissez X tel"
                              " quel."), mistake="changes-x-grad")
    if model.training != train_mode:
        now, given = ("train" if model.training else "eval"), ("train" if train_mode else "eval")
        raise CheckFailed(say(f"fgsm left the model in {now} mode, it was given in {given} mode: use the model as it"
                              " is given (the caller chooses its mode; evaluate() calls model.eval() before the"
                              " attack).",
                              f"fgsm a laissé le modèle en mode {now} alors qu'il était donné en mode {given} :"
                              " utilisez le modèle tel qu'il est donné (l'appelant choisit son mode ; evaluate()"
                              " appelle model.eval() avant l'attaque)."), mistake="mode-not-restored")
    _grads_left_alone("fgsm", named, grads_before,
                      say("Use torch.autograd.grad(loss, X_), which fills no parameter's .grad.",
                          "Utilisez torch.autograd.grad(loss, X_), qui ne remplit le .grad d'aucun paramètre."))
    if any(not torch.equal(p.detach(), b) for (_, p), b in zip(named, params_before)):
        raise CheckFailed(say("fgsm changed the model's parameters: an attack only changes the input.",
                              "fgsm a modifié les paramètres du modèle : une attaque ne modifie que l'entrée."),
                          mistake="changes-params")
    if isinstance(X_adv, torch.Tensor) and X_adv.requires_grad:
        raise CheckFailed(say("X_adv requires grad: return it detached (compute it under torch.no_grad(), or"
                              " .detach()).",
                              "X_adv a requires_grad=True : renvoyez-le détaché (calculez-le sous torch.no_grad(), ou"
                              " .detach())."), mistake="not-detached")
    mistakes = {
        say("it goes down the loss: FGSM adds eps * sign(gradient) to increase the loss (X + eps * ..., not X - ...).",
            "il fait baisser la perte : FGSM ajoute eps * sign(gradient) pour augmenter la perte (X + eps * ...,"
            " pas X - ...)."): ref["descent"],
        say("the sign is missing: X + eps * grad.sign(); every pixel moves by exactly eps.",
            "le signe manque : X + eps * grad.sign() ; chaque pixel bouge d'exactement eps."): ref["no_sign"],
        say("it is the perturbation alone: return X + eps * sign(gradient).",
            "c'est la perturbation seule : renvoyez X + eps * sign(gradient)."): ref["perturbation"],
        say("eps is missing: X + eps * grad.sign().", "eps manque : X + eps * grad.sign()."): ref["no_eps"],
    }
    if train_mode:
        mistakes[say("the gradient was taken in eval mode, but the model was given in train mode: use the model in"
                     " the mode it is given (do not call model.eval() inside fgsm; the caller chooses).",
                     "le gradient a été pris en mode eval, mais le modèle était donné en mode train : utilisez le"
                     " modèle dans le mode où il est donné (n'appelez pas model.eval() dans fgsm ; l'appelant"
                     " choisit).")] = ref["eval_mode"]
    in_train = say(" (model in train mode)", " (modèle en mode train)") if train_mode else ""
    expect_tensor(f"fgsm(model, X, y, eps={eps}){in_train}", X_adv, ref["expected"], mistakes)
    mode = "train" if train_mode else "eval"
    passed("fgsm", say(f"X + eps * sign(dL/dX) equals torch.autograd's, X, the model and its .grad untouched"
                       f" (n={n}, eps={eps}, {mode} mode, {dtype_on(dtype, device)})",
                       f"X + eps * sign(dL/dX) égale le résultat de torch.autograd, X, le modèle et ses .grad intacts"
                       f" (n={n}, eps={eps}, mode {mode}, {dtype_on(dtype, device)})"))


# --------------------------------------------------------------------------- fooling_image
def _fooling_model(seed: int, dtype: torch.dtype, device: torch.device) -> nn.Sequential:
    """A tiny fixed classifier of images of any size: average-pool to 4x4, a 3x3 convolution
    (8 channels, weights scaled up so that gradient ascent moves fast), batch norm with
    non-trivial running statistics, ReLU, dropout, linear -> 10 logits."""
    torch.manual_seed(seed)
    model = nn.Sequential(nn.AdaptiveAvgPool2d(4), nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
                          nn.Dropout(0.5), nn.Flatten(), nn.Linear(8 * 4 * 4, 10))
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        model[1].weight.mul_(200.0)
        model[2].running_mean.copy_(-0.3 * torch.rand(8, generator=g))
        model[2].running_var.copy_(0.5 + torch.rand(8, generator=g))
        model[6].weight.mul_(3.0)
    return model.to(device=device, dtype=dtype)


def _expect_confidence(confidence: Any, p: float, logit: float, dtype: torch.dtype, where: str = "") -> None:
    """The returned confidence must be p = softmax(model(image))[target] of the returned image."""
    __tracebackhide__ = True
    conf = as_number(say("the confidence", "la confiance"), confidence,
                     say(" (the softmax probability of target)", " (la probabilité softmax de target)"))
    if abs(conf - p) <= 1e-6 + 1e-3 * (dtype != torch.float64):
        return
    known = {named("log-probability-confidence", say(
                 "it is the log-probability: return the probability (softmax, not log_softmax).",
                 "c'est la log-probabilité : renvoyez la probabilité (softmax, pas log_softmax).")):
             math.log(max(p, 1e-300)),
             named("logit-confidence", say("it is the target's logit: return its softmax probability.",
                                           "c'est le logit de la cible : renvoyez sa probabilité softmax.")): logit}
    hit = next((m for m, v in known.items() if abs(conf - v) < 1e-3 * max(1.0, abs(v))), None)
    why = " " + hit if hit else named("confidence-before-last-step", say(
        " Compute it on the returned image, after the last step (not the value read before the last update).",
        " Calculez-la sur l'image renvoyée, après le dernier pas (pas la valeur lue avant la dernière mise à jour)."))
    raise CheckFailed(say(f"the confidence{where} is {conf:.6f}, but softmax(model(image))[target] is {p:.6f} (eval"
                          f" mode) for the returned image.{why}",
                          f"la confiance{where} vaut {conf:.6f}, mais softmax(model(image))[target] vaut {p:.6f} (mode"
                          f" eval) pour l'image renvoyée.{why}"),
                      mistake=mistake_of(hit) if hit else mistake_of(why))


def _state(model: nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def _check_fooling_on_meta(fooling_image: Callable, model: nn.Module, target: int, shape: tuple[int, ...],
                           dtype: torch.dtype, device: torch.device) -> None:
    """No values on 'meta': only where the image is made."""
    __tracebackhide__ = True
    result = call_on_meta("fooling_image", fooling_image, model, target, steps=3, shape=shape)
    image = result[0] if isinstance(result, tuple) and len(result) == 2 else result
    if isinstance(image, torch.Tensor) and image.requires_grad:
        raise CheckFailed(say("the image requires grad: return it detached (image.detach()).",
                              "l'image a requires_grad=True : renvoyez-la détachée (image.detach())."),
                          mistake="not-detached")
    expect_tensor("fooling_image(model, target)[0]", image,
                  torch.empty(shape, device=device, dtype=dtype), compare_values=False)
    passed("fooling_image", say("the image is made on the model's device, in its dtype (meta)",
                                "l'image est créée sur le device du modèle, dans son dtype (meta)"))


class _FoolingRuns:
    """Calls of the student's ``fooling_image`` on the check's problem, each returning (image, confidence)
    after the judgement every call gets: a pair, a detached image of the right shape, device and dtype, finite."""

    def __init__(self, fooling_image: Callable, model: nn.Module, target: int, shape: tuple[int, ...],
                 device: torch.device) -> None:
        self.fooling_image, self.model, self.target, self.shape, self.device = (fooling_image, model, target, shape,
                                                                                device)

    def __call__(self, where: str, generator_seed: int, net: nn.Module | None = None,
                 **kw: Any) -> tuple[torch.Tensor, Any]:
        __tracebackhide__ = True
        net = self.model if net is None else net
        g = torch.Generator(device=self.device).manual_seed(generator_seed)
        out = call("fooling_image", self.fooling_image, net, self.target, generator=g, where=where, **kw)
        if not (isinstance(out, tuple) and len(out) == 2):
            raise CheckFailed(say(f"fooling_image returned a {type(out).__name__}, expected a tuple (image,"
                                  " confidence).",
                                  f"fooling_image a renvoyé un {type(out).__name__}, on attend un tuple (image,"
                                  " confidence)."), mistake="not-a-tuple")
        image, confidence = out
        if isinstance(image, torch.Tensor) and image.requires_grad:
            raise CheckFailed(say("the image requires grad: return it detached (image.detach()), not the tensor being"
                                  " optimised.",
                                  "l'image a requires_grad=True : renvoyez-la détachée (image.detach()), pas le"
                                  " tenseur en cours d'optimisation."), mistake="not-detached")
        expect_tensor(f"fooling_image(model, target{where})[0]", image,
                      torch.empty(kw.get("shape", self.shape), device=self.device, dtype=next(net.parameters()).dtype),
                      compare_values=False)
        if not torch.isfinite(image).all():
            raise CheckFailed(say("the image contains NaN or inf values (a division by a zero gradient norm?).",
                                  "l'image contient des NaN ou des inf (une division par une norme de gradient"
                                  " nulle ?)."), mistake="not-finite")
        return image, confidence


def _judge_fooling_left_model(model: nn.Module, modes: list[bool], named: list[tuple[str, nn.Parameter]],
                              grads_before: list[torch.Tensor], state_before: dict[str, torch.Tensor]) -> None:
    """fooling_image ran the model in eval mode only, and left it as it was given (mode, requires_grad, .grad,
    parameters and buffers)."""
    __tracebackhide__ = True
    if any(modes):
        raise CheckFailed(say("fooling_image ran the model in train mode: call model.eval() first (dropout would"
                              " change the network at every step, and batch norm would update its running"
                              " statistics), then restore the mode the model had.",
                              "fooling_image a exécuté le modèle en mode train : appelez d'abord model.eval() (le"
                              " dropout changerait le réseau à chaque pas, et la batch norm mettrait à jour ses"
                              " statistiques glissantes), puis rendez au modèle le mode qu'il avait."),
                          mistake="train-mode")
    if not modes:
        raise CheckFailed(say("fooling_image never called the model.", "fooling_image n'a jamais appelé le modèle."),
                          mistake="never-calls-model")
    if not model.training:
        raise CheckFailed(say("fooling_image left the model in eval mode, it was given in train mode: note"
                              " was_training = model.training first, and call model.train(was_training) at the end.",
                              "fooling_image a laissé le modèle en mode eval alors qu'il était donné en mode train :"
                              " notez d'abord was_training = model.training, et appelez model.train(was_training) à"
                              " la fin."), mistake="mode-not-restored")
    for (name, p) in named:
        if not p.requires_grad:
            raise CheckFailed(say(f"fooling_image left {name}.requires_grad False: restore what you change, or use"
                                  " torch.autograd.grad(loss, x), which needs no freezing.",
                                  f"fooling_image a laissé {name}.requires_grad à False : rétablissez ce que vous"
                                  " modifiez, ou utilisez torch.autograd.grad(loss, x), qui n'a besoin de geler aucun"
                                  " paramètre."), mistake="unfreezes-layer")
    _grads_left_alone("fooling_image", named, grads_before,
                      say("Take the gradient with torch.autograd.grad(loss, x), which fills no parameter's .grad.",
                          "Prenez le gradient avec torch.autograd.grad(loss, x), qui ne remplit le .grad d'aucun"
                          " paramètre."))
    changed = [k for k, v in _state(model).items() if not torch.equal(v, state_before[k])]
    if changed:
        raise CheckFailed(say(f"fooling_image changed the model's {changed[0]}: only the image is optimised (give the"
                              " optimiser [x] only; the network stays as it is).",
                              f"fooling_image a modifié {changed[0]} dans le modèle : seule l'image est optimisée (ne"
                              " donnez que [x] à l'optimiseur ; le réseau reste tel quel)."), mistake="changes-params")


def _judge_fooled(model: nn.Module, image: torch.Tensor, confidence: Any, target: int, dtype: torch.dtype,
                  device: torch.device) -> float:
    """The model (in eval mode) gives ``image`` a probability of at least 0.99 for ``target``, the
    returned confidence; that probability."""
    __tracebackhide__ = True
    model.eval()
    with torch.no_grad():
        probs = torch.softmax(model(image[None].to(device)), dim=1)[0].double()
        logits = model(image[None])[0].double()
    model.train()
    p = probs[target].item()
    if p < 0.99:
        best = int(probs.argmax())
        if p < 0.01 and best != target:
            why = named("descends", say(
                f" It went down, not up: gradient ascent on log p[target] (x += lr * grad, or an optimiser"
                f" minimising -log p[target]); the network is sure of class {best} instead.",
                f" Elle a baissé au lieu de monter : montée de gradient sur log p[target] (x += lr * grad, ou un"
                f" optimiseur qui minimise -log p[target]) ; le réseau est sûr de la classe {best} à la place."))
        elif best != target and probs[best] >= 0.99:
            why = named("wrong-target", say(
                f" The network is sure of class {best}, not of target={target}: ascend the target's log-probability.",
                f" Le réseau est sûr de la classe {best}, pas de target={target} : faites monter la log-probabilité"
                " de la cible."))
        else:
            why = say(" Ascend log p[target] (log_softmax, not the raw logit) with steps that move the image: with"
                      " lr=0.05, 200 steps of Adam on the image (or x += lr * grad / grad.norm()) get there.",
                      " Faites monter log p[target] (log_softmax, pas le logit brut) par des pas qui font bouger"
                      " l'image : avec lr=0.05, 200 pas d'Adam sur l'image (ou x += lr * grad / grad.norm()) y"
                      " parviennent.")
        raise CheckFailed(say(f"after fooling_image the network gives the image probability {p:.4f} for"
                              f" target={target}, expected at least 0.99.{why}",
                              f"après fooling_image, le réseau donne à l'image la probabilité {p:.4f} pour"
                              f" target={target}, on attend au moins 0.99.{why}"), mistake=mistake_of(why))
    _expect_confidence(confidence, p, logits[target].item(), dtype)
    return p


def _judge_fooling_arguments(run: _FoolingRuns, small_model: nn.Module, target: int, seed: int) -> None:
    """Small images, a few gentle steps, float64: the generator, steps, lr and shape each change the result."""
    __tracebackhide__ = True
    small = {"net": small_model, "shape": (3, 8, 8), "steps": 3, "lr": 1e-3}
    where = " (shape=(3, 8, 8), steps=3, lr=0.001, float64)"
    a, conf_a = run(where, seed + 11, **small)
    small_model.eval()
    with torch.no_grad():
        logits_a = small_model(a[None])[0]
    small_model.train()
    _expect_confidence(conf_a, torch.softmax(logits_a, dim=0)[target].item(), logits_a[target].item(),
                       torch.float64,
                       where)
    b, _ = run(where, seed + 11, **small)
    if not torch.equal(a, b):
        raise CheckFailed(say("two calls with generators in the same state gave different images: fooling_image"
                              " ignores its `generator` argument; draw the starting noise with torch.randn(shape,"
                              " generator=generator, device=..., dtype=...).",
                              "deux appels avec des générateurs dans le même état ont donné des images différentes :"
                              " fooling_image ignore son argument `generator` ; tirez le bruit de départ avec"
                              " torch.randn(shape, generator=generator, device=..., dtype=...)."),
                          mistake="ignores-generator")
    c, _ = run(where, seed + 12, **small)
    if torch.equal(a, c):
        raise CheckFailed(say("generators in different states gave the same image: the starting noise must come from"
                              " `generator` (no fixed seed inside fooling_image).",
                              "des générateurs dans des états différents ont donné la même image : le bruit de départ"
                              " doit venir de `generator` (pas de graine fixe dans fooling_image)."),
                          mistake="fixed-seed")
    if torch.equal(a, run(where.replace("steps=3", "steps=6"), seed + 11, **{**small, "steps": 6})[0]):
        raise CheckFailed(say("steps=3 and steps=6 gave the same image: fooling_image ignores `steps` (exactly"
                              " `steps` steps, no early stop).",
                              "steps=3 et steps=6 ont donné la même image : fooling_image ignore `steps` (exactement"
                              " `steps` pas, sans arrêt anticipé)."), mistake="ignores-steps")
    if torch.equal(a, run(where.replace("0.001", "0.002"), seed + 11, **{**small, "lr": 2e-3})[0]):
        raise CheckFailed(say("lr=0.001 and lr=0.002 gave the same image: fooling_image ignores `lr`.",
                              "lr=0.001 et lr=0.002 ont donné la même image : fooling_image ignore `lr`."),
                          mistake="ignores-lr")
    start, _ = run(where.replace("steps=3", "steps=0"), seed + 11, **{**small, "steps": 0})
    spread = start.double().std().item()
    if not 0 < spread <= 0.1:
        raise CheckFailed(say(f"with steps=0 the image (the start) has standard deviation {spread:.3g}: start from"
                              " small random noise, e.g. 0.01 * torch.randn(shape, generator=generator, ...).",
                              f"avec steps=0, l'image (le point de départ) a un écart-type de {spread:.3g} : partez"
                              " d'un petit bruit aléatoire, par exemple 0.01 * torch.randn(shape,"
                              " generator=generator, ...)."), mistake="wrong-start")


def check_fooling_image(fooling_image: Callable, target: int = 3, dtype: torch.dtype = torch.float32,
                        device: str | torch.device | None = None, seed: int = 0, steps: int | None = None,
                        lr: float | None = None, shape: tuple[int, ...] | None = None) -> None:
    """On a tiny network handed over in train mode (with pre-set non-zero .grad):
    ``fooling_image(model, target, generator=g)`` (the defaults, or the given steps, lr,
    shape) returns a detached image of ``shape`` on the model's device and dtype whose
    target probability (eval mode) is >= 0.99 and equals the returned confidence; the
    model ran in eval mode only and is left as it was (mode, parameters, buffers, .grad,
    requires_grad). Then with a few steps on (3, 8, 8): the same generator state gives the
    same image, another state another image, and steps, lr and shape each change the result."""
    __tracebackhide__ = True
    device = resolve_device(device)
    model = _fooling_model(seed, dtype, device).train()
    kwargs = {k: v for k, v in (("steps", steps), ("lr", lr), ("shape", shape)) if v is not None}
    shape = tuple(shape or (3, 32, 32))
    if device.type == "meta":
        return _check_fooling_on_meta(fooling_image, model, target, shape, dtype, device)
    modes: list[bool] = []
    hook = model.register_forward_pre_hook(lambda mod, inputs: modes.append(mod.training))
    named = list(model.named_parameters())
    grads_before = _preset_grads([p for _, p in named], seed + 5)
    state_before = _state(model)

    # the runs that vary the arguments: few, gentle steps on a float64 copy (no saturated softmax)
    small_model = _fooling_model(seed, torch.float64, device).train()
    small_hook = small_model.register_forward_pre_hook(lambda mod, inputs: modes.append(mod.training))
    run = _FoolingRuns(fooling_image, model, target, shape, device)
    try:
        args = ", ".join(f"{k}={v}" for k, v in kwargs.items())
        image, confidence = run(f", {args}" if args else "", seed + 1, **kwargs)
        _judge_fooling_left_model(model, modes, named, grads_before, state_before)
        p = _judge_fooled(model, image, confidence, target, dtype, device)
        _judge_fooling_arguments(run, small_model, target, seed)
        if any(modes):
            raise CheckFailed(say("fooling_image ran the model in train mode (with steps, lr or shape not the"
                                  " defaults): call model.eval() first.",
                                  "fooling_image a exécuté le modèle en mode train (avec steps, lr ou shape autres que"
                                  " leurs valeurs par défaut) : appelez d'abord model.eval()."), mistake="train-mode")
    finally:
        hook.remove()
        small_hook.remove()
    passed("fooling_image", say(f"p(target={target}) = {p:.4f} >= 0.99, image {shape_str(shape)} detached on the"
                                f" model's device, model in eval mode and left as it was; generator, steps, lr and"
                                f" shape used ({dtype_on(dtype, device)})",
                                f"p(target={target}) = {p:.4f} >= 0.99, image {shape_str(shape)} détachée sur le"
                                f" device du modèle, modèle en mode eval et laissé tel quel ; generator, steps, lr et"
                                f" shape utilisés ({dtype_on(dtype, device)})"))


VISIBLE: dict[str, Callable[[Callable], None]] = {
    "CifarCNN": check_CifarCNN,
    "cifar_transforms": check_cifar_transforms,
    "most_confident_mistakes": check_most_confident_mistakes,
    "add_noise": check_add_noise,
    "fgsm": check_fgsm,
    "fooling_image": check_fooling_image,
}
"""The visible check of each graded function, by its grade_id."""

check_contract = contract_checker("lab6")
"""``check_contract(name, fn)``: ``fn`` held to its whole contract on generated problems (hidden tests)."""


from ._visible import make_visible  # noqa: E402  (after every check is defined)

make_visible(globals())
