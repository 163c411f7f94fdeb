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
from collections.abc import Callable
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

REF = References("lab6")
"""The answers of cifar_transforms (test time), most_confident_mistakes, add_noise and fgsm."""

# Per-channel statistics of the CIFAR-10 training images (pixels in [0, 1]), as the
# handout gives them, and the ones students often meet elsewhere.
CIFAR10_MEAN = (0.4914, 0.4822, 0.4465)
CIFAR10_STD = (0.2470, 0.2435, 0.2616)
_KNOWN_STATS = {
    named("mnist-statistics",
          "it normalises with MNIST's statistics (0.1307, 0.3081): use CIFAR-10's per-channel mean and std."):
        ((0.1307,) * 3, (0.3081,) * 3),
    named("half-half-normalisation",
          "Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)) maps [0, 1] to [-1, 1] but is not standardisation:"
    " use CIFAR-10's per-channel mean and std."): ((0.5,) * 3, (0.5,) * 3),
    named("mean-std-swapped",
          "mean and std are swapped: Normalize(mean, std) takes the means first."): (CIFAR10_STD, CIFAR10_MEAN),
    named("channels-reversed",
          "the channels are in reverse order (BGR): red, green, blue is (0.4914, 0.4822, 0.4465)."):
        (CIFAR10_MEAN[::-1], CIFAR10_STD[::-1]),
    named("per-image-std",
          "that std (0.2023, 0.1994, 0.2010), often copied online, is the average of per-image stds, not the"
    " per-pixel std over the training set: use (0.2470, 0.2435, 0.2616)."):
        (CIFAR10_MEAN, (0.2023, 0.1994, 0.2010)),
    named("variance-as-std", "the std is squared: Normalize takes standard deviations, not variances."):
        (CIFAR10_MEAN, tuple(s * s for s in CIFAR10_STD)),
    named("imagenet-statistics", "ImageNet's statistics (0.485, 0.456, 0.406) / (0.229, 0.224, 0.225): use"
          " CIFAR-10's."):
        ((0.485, 0.456, 0.406), (0.229, 0.224, 0.225)),
}


# --------------------------------------------------------------------------- CifarCNN
CNN_HINTS = {
    "cannot be multiplied": named("wrong-flatten-size",
                                  (" The first nn.Linear must take as many inputs as the flattened feature map has"
                                   " values:"
                             " print(x.shape) just before flattening (C x H x W; each 2x2 max-pool halves H and W),"
                             " or end the convolutions with nn.AdaptiveAvgPool2d(1).")),
    "is invalid for input of size": named("view-loses-batch",
                                          (" Flatten with x.flatten(1) (or nn.Flatten()): it keeps the batch dimension"
                                           " and"
                                     " gives the size the first nn.Linear must take.")),
    "Expected more than 1 value per channel": named("batch-norm-on-one",
                                                    " (batch norm in train mode needs more than one value per"
                                                    " channel.)"),
}


def _check_CifarCNN_on_meta(model: nn.Module, n: int) -> None:
    """Shapes and devices only, the model and the inputs on 'meta': a tensor made on a fixed device fails here."""
    __tracebackhide__ = True
    model.eval()  # a first call on the CPU sizes lazy layers (as a first call on the GPU would there)
    with torch.no_grad():
        call("CifarCNN()(X)", model, torch.zeros(2, 3, 32, 32), where=" (X of shape (2, 3, 32, 32), eval mode)",
             hints=CNN_HINTS)
    device = torch.device("meta")
    model = model.to(device)
    for mode in ("eval", "train") if n > 1 else ("eval",):
        model.train(mode == "train")
        X = torch.empty(n, 3, 32, 32, device=device)
        out = call_on_meta("CifarCNN()(X)", model, X, where=" (X on the 'meta' device"
                                                            f" standing in for a GPU, {mode}"
                           " mode)", hints=CNN_HINTS)
        expect_tensor(f"CifarCNN()(X) for X of shape {shape_str(X.shape)} on meta ({mode} mode)", out,
                      torch.empty(n, 10, device=device), compare_values=False)
    passed("CifarCNN", f"(n, 3, 32, 32) -> (n, 10) for n={n}, the output on the input's device (meta)")


def _judge_cnn_layers(model: nn.Module, max_params: int) -> int:
    """The number of trainable parameters of ``model``: some, within the budget, with a convolution among them."""
    __tracebackhide__ = True
    n_params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    if n_params == 0:
        raise CheckFailed("CifarCNN has no trainable parameter: create its layers in __init__ as attributes"
                          " (self.conv1 = nn.Conv2d(...)), or in nn.Sequential / nn.ModuleList, not in a Python list.",
                              mistake="no-parameters")
    if n_params > max_params:
        raise CheckFailed(f"CifarCNN has {n_params:,} parameters, more than the budget of {max_params:,}: a large fully"
                          " connected layer on a big feature map is usually the culprit (pool more before flattening).",
                              mistake="too-many-parameters")
    if not any(isinstance(m, nn.Conv2d) for m in model.modules()):
        raise CheckFailed("CifarCNN has no nn.Conv2d layer: this lab is about a convolutional network.",
                          mistake="no-convolution")
    return n_params


def _judge_cnn_outputs(model: nn.Module, X: torch.Tensor, n: int, device: torch.device) -> None:
    """Logits (n, 10), finite, in train and eval mode; the same twice in eval mode; not probabilities."""
    __tracebackhide__ = True
    modes = ("eval",) if n == 1 else ("train", "eval")  # batch norm cannot train on a batch of one
    for mode in modes:
        model.train(mode == "train")
        with torch.no_grad():
            out = call("CifarCNN()(X)", model, X, where=f" (X of shape {shape_str(X.shape)}, {mode} mode)",
                       hints=CNN_HINTS)
        if isinstance(out, torch.Tensor) and out.dim() == 2 and out.shape[1] == 10 and out.shape[0] != n:
            raise CheckFailed(f"the output has shape {shape_str(out.shape)} for a batch of {n} images, expected"
                              f" {shape_str((n, 10))}: flatten with x.flatten(1) (or x.view(x.size(0), -1)),"
                              " which keeps the batch dimension.", mistake="view-loses-batch")
        expect_tensor(f"CifarCNN()(X) for X of shape {shape_str(X.shape)} ({mode} mode)", out,
                      torch.empty(n, 10, device=device), compare_values=False)
        if not torch.isfinite(out).all():
            raise CheckFailed("the output contains NaN or inf values.", mistake="not-finite")
    with torch.no_grad():
        again = model(X)
    if not torch.allclose(out, again, rtol=1e-4, atol=1e-5):
        raise CheckFailed("in eval mode two calls on the same images give different outputs: use nn.Dropout"
                          " (or F.dropout(x, p, training=self.training)) so that model.eval() turns dropout off.",
                              mistake="dropout-always-on")
    if (out >= 0).all() and torch.allclose(out.sum(dim=1), torch.ones(n, device=device), atol=1e-4):
        raise CheckFailed("the outputs are probabilities (each row sums to 1): return the logits, without softmax;"
                          " nn.CrossEntropyLoss applies log-softmax itself, and a softmax before it slows learning.",
                              mistake="softmax-output")


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
        raise CheckFailed(f"{steps} Adam steps (lr={lr:g}) on a fixed batch of {batch} images"
                          " took the cross-entropy from"
                          f" {before:.3f} to {after:.3f}; a trainable network fits one small batch quickly (expected"
                          f" below {0.85 * before:.3f}). Is a layer cut from the graph (.detach(),"
                          " .data, .item()), a parameter"
                          " frozen (requires_grad=False), or the output squashed (softmax, sigmoid)?",
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
        raise CheckFailed(f"CifarCNN() is a {type(model).__name__}, expected an nn.Module: class CifarCNN(nn.Module),"
                          " with super().__init__() first in __init__.", mistake="not-a-module")
    if device.type == "meta":
        return _check_CifarCNN_on_meta(model, n)
    model = model.to(device)
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 3, 32, 32, generator=g).to(device)
    model.eval()  # a first call (also sizes lazy layers) in eval mode: a batch of one image is fine
    with torch.no_grad():
        call("CifarCNN()(X)", model, X, where=f" (X of shape {shape_str(X.shape)}, eval mode)", hints=CNN_HINTS)
    n_params = _judge_cnn_layers(model, max_params)
    _judge_cnn_outputs(model, X, n, device)
    if steps == 0:
        passed("CifarCNN", f"(n, 3, 32, 32) -> (n, 10) logits for n={n}, {n_params:,} parameters (on {device.type})")
        return
    before, after = _judge_cnn_trains(model, g, seed, steps, batch, lr, device)
    passed("CifarCNN", f"(n, 3, 32, 32) -> (n, 10) logits, {n_params:,} parameters, {steps} Adam steps took the loss"
                       f" of a fixed batch from {before:.2f} to {after:.2f} (on {device.type})")


# --------------------------------------------------------------------------- cifar_transforms
def _pil_image(seed: int):
    from PIL import Image

    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, size=(32, 32, 3), dtype=np.uint8), mode="RGB")


def _apply(what: str, transform: Any, img: Any) -> torch.Tensor:
    __tracebackhide__ = True
    out = call(what, transform, img)
    if not isinstance(out, torch.Tensor):
        raise CheckFailed(f"{what} applied to a PIL image gave a {type(out).__name__}, expected a torch.Tensor:"
                          " include transforms.ToTensor().", mistake="no-to-tensor")
    if out.shape == (32, 32, 3):
        raise CheckFailed(f"{what} gave shape (32, 32, 3), channels last: ToTensor gives (3, 32, 32).",
                          mistake="channels-last")
    if out.shape != (3, 32, 32):
        raise CheckFailed(f"{what} gave shape {shape_str(out.shape)}, expected (3, 32, 32)"
                          " (ToTensor, and a crop to 32).", mistake="no-crop")
    if out.dtype != torch.float32:
        hint = (named("pil-to-tensor", " PILToTensor keeps the uint8 pixels: use ToTensor (floats in [0, 1]).")
                if out.dtype == torch.uint8 else "")
        raise CheckFailed(f"{what} gave dtype {out.dtype}, expected torch.float32.{hint}", mistake=mistake_of(hint))
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
        raise CheckFailed(f"cifar_transforms(False) returned a {type(t_test).__name__}, expected a callable"
                          " (e.g. transforms.Compose([...])).", mistake="not-callable")
    torch.manual_seed(seed)
    out = _apply("cifar_transforms(False)", t_test, img)
    again = _apply("cifar_transforms(False)", t_test, img)
    if not torch.equal(out, again):
        raise CheckFailed("cifar_transforms(False) gives a different tensor at each call: random"
                          " crops and flips are for"
                          " training only (train=True); at test time the transform is ToTensor + Normalize.",
                              mistake="augments-test-images")
    import torchvision.transforms.functional as TF

    pixels = TF.to_tensor(img)
    means, stds, residual = _affine_fit(pixels, out)
    if residual > 1e-3:
        raise CheckFailed("cifar_transforms(False) does more than normalise each channel (max deviation from"
                          f" (x - mean) / std: {residual:.3g}): at test time no crop, no flip,"
                          " only ToTensor + Normalize.", mistake="augments-test-images")
    if _matches(means, (0,) * 3, 1e-3) and _matches(stds, (1,) * 3, 1e-3):
        raise CheckFailed("cifar_transforms(False) gives pixels in [0, 1]: the normalisation is missing;"
                          " add transforms.Normalize(mean, std) after ToTensor.", mistake="no-normalize")
    if not (_matches(means, CIFAR10_MEAN, 0.005) and _matches(stds, CIFAR10_STD, 0.005)):
        for message, (m, s) in _KNOWN_STATS.items():
            if _matches(means, m, 0.002) and _matches(stds, s, 0.002):
                raise CheckFailed(f"cifar_transforms(False) is wrong: {message}", mistake=mistake_of(message))
        raise CheckFailed(f"cifar_transforms(False) normalises with mean {_fmt(means)} and std {_fmt(stds)}, expected"
                          f" CIFAR-10's mean {_fmt(CIFAR10_MEAN)} and std {_fmt(CIFAR10_STD)}.",
                              mistake="wrong-statistics")
    err = (out.double() - expected.double()).abs().max().item()
    if err > 0.02:  # cannot happen after the fit above; kept as the final word
        raise CheckFailed(f"cifar_transforms(False) differs from Normalize(ToTensor(img)) by up to {err:.3g}.")

    t_train = call("cifar_transforms(train=True)", cifar_transforms, True)
    if not callable(t_train):
        raise CheckFailed(f"cifar_transforms(True) returned a {type(t_train).__name__}, expected a callable.",
                          mistake="not-callable")
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
            raise CheckFailed("cifar_transforms(True) gave an image that is not the test-time result shifted by at"
                              " most 4 pixels and/or mirrored left-right: use the same ToTensor + Normalize as at"
                              " test time, with RandomCrop(32, padding=4) and RandomHorizontalFlip() only.",
                                  mistake="wrong-augmentation")
        seen_flips.add(bool(flip))
        seen_shifts.add((int(dy), int(dx)))
    if len(seen_shifts) == 1 and len(seen_flips) == 1:
        raise CheckFailed(f"cifar_transforms(True) gave the same image in {draws} calls: augment the training images"
                          " with transforms.RandomCrop(32, padding=4) and transforms.RandomHorizontalFlip().",
                              mistake="no-augmentation")
    if len(seen_flips) == 1:
        raise CheckFailed(f"cifar_transforms(True) {'always' if True in seen_flips else 'never'} mirrored the image in"
                          f" {draws} calls: add transforms.RandomHorizontalFlip() (p=0.5).", mistake="no-flip")
    if len(seen_shifts) == 1:
        raise CheckFailed(f"cifar_transforms(True) never shifted the image in {draws} calls: add"
                          " transforms.RandomCrop(32, padding=4).", mistake="no-crop")
    passed("cifar_transforms", f"test time = Normalize(ToTensor(img)) with mean {_fmt(CIFAR10_MEAN)}; training time:"
                               f" {len(seen_shifts)} shifts and both flips seen in {draws} draws")


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
    conf_mistakes = {
        "it includes right predictions: keep only the images where pred != true.": known["everyone"],
        "it is sorted in ascending order: the most confident mistakes come"
        " first (descending=True).": known["ascending"],
        "it is the most confident mistakes, least confident first: sort in descending order.": known["reversed"],
        "confidence is the largest logit: it must be a probability, the largest softmax output.": known["logit"],
        "confidence is the largest logit of the right mistakes: it must be the largest softmax probability.":
            known["logit_of_top"],
        "confidence is the probability of the true class: it is the probability of the predicted class (the largest).":
            known["true_class"],
    }
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
                      where=f" (on {device.type})")
    finally:
        hook.remove()
    if any(training for training, _ in seen):
        raise CheckFailed("most_confident_mistakes ran the model in train mode: call model.eval() first (dropout and"
                          " batch norm behave differently at test time).", mistake="train-mode")
    if any(grad for _, grad in seen):
        raise CheckFailed("most_confident_mistakes ran the model with gradients on: wrap the loop in"
                          " `with torch.no_grad():` (no graph to keep, less memory).", mistake="gradients-on")
    if not seen:
        raise CheckFailed("most_confident_mistakes never called the model.", mistake="never-calls-model")
    if any(unmoved):
        raise CheckFailed("most_confident_mistakes gave the model a batch that was not moved to `device`: X.to(device)"
                          " before model(...) (on a GPU the model's weights and the batch would be on different"
                          " devices).", mistake="batch-not-moved")
    if not (isinstance(result, tuple) and len(result) == 4):
        raise CheckFailed(f"most_confident_mistakes returned a {type(result).__name__}, expected a tuple"
                          " (images, true, pred, confidence).", mistake="not-a-tuple")
    result = tuple(plain(t) if isinstance(t, torch.Tensor) else t for t in result)
    images, true, predicted, confidence = result
    for name, t in zip(("images", "true", "pred", "confidence"), result):
        if not isinstance(t, torch.Tensor):
            raise CheckFailed(f"{name} is a {type(t).__name__}, expected a torch.Tensor.", mistake="not-a-tensor")
        if t.requires_grad:
            raise CheckFailed(f"{name} requires grad: compute everything under torch.no_grad().",
                              mistake="requires-grad")
    if confidence.dim() == 1 and len(confidence) != m:
        extra = f" (there are only {wrong} mistakes: return them all)" if wrong < k else ""
        raise CheckFailed(f"{len(confidence)} mistakes returned, expected k={m}{extra}.", mistake="wrong-count")
    expect_tensor("confidence", confidence.detach().cpu(), ref["confidence"], conf_mistakes)
    for name, found, want in (("true", true, y[top]), ("pred", predicted, ref["pred"])):
        if found.shape != want.shape or found.dtype.is_floating_point or not torch.equal(found.cpu().long(), want):
            raise CheckFailed(f"{name} is {found.cpu().tolist()}, expected {want.tolist()}"
                              f"{' (class indices, an integer tensor)' if found.dtype.is_floating_point else ''}.")
    expect_tensor("images", images.detach().cpu(), X[top])
    passed("most_confident_mistakes", f"the {m} most confident of {wrong} mistakes among {n} images"
                                      f" ({math.ceil(n / batch_size)} batches), in eval mode, without gradients")


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
        out = call("add_noise", add_noise, images, sigma, where=" (images on meta)")
        expect_tensor("add_noise(images, sigma)", out, images, compare_values=False)
        passed("add_noise", f"the result follows the images' device and dtype ({dtype_on(dtype, device)})")
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
        raise CheckFailed("two calls with generators in the same state gave different noise: add_noise ignores its"
                          " `generator` argument; draw the noise with torch.randn(..., generator=generator, ...).",
                              mistake="ignores-generator")
    noise = torch.randn(shape, generator=torch.Generator(device=device).manual_seed(seed + 1), device=device,
                        dtype=dtype)
    if out is images or not torch.equal(images, keep):
        raise CheckFailed("add_noise modified its input images (in place, e.g. +=): return a new tensor"
                          " images + noise; the clean images are still needed.", mistake="changes-input-in-place")
    ref = REF.add_noise(images, sigma, noise)
    expect_tensor(f"add_noise(images, sigma={sigma}, generator=g)", out, ref["expected"], {
        "it is the noise alone: add it to the images.": ref["noise_only"],
        "sigma is the standard deviation: multiply torch.randn(...) by sigma, not by sqrt(sigma).":
            ref["sqrt_sigma"],
        "sigma is the standard deviation: multiply by sigma, not sigma**2.": ref["sigma_squared"],
        "the noise is not scaled: multiply torch.randn(...) by sigma.": ref["unscaled"],
        "it is images * noise: add the noise, do not multiply.": ref["product"],
    })
    if statistics:
        big = torch.zeros(100, 2000, device=device, dtype=dtype)
        s = 0.3
        a = call("add_noise", add_noise, big, s, where=" (generator=None)")
        b = call("add_noise", add_noise, big, s, where=" (generator=None)")
        expect_tensor("add_noise(images, sigma)", a, big, compare_values=False)
        mean, std = a.double().mean().item(), a.double().std().item()
        if abs(mean) > 0.01 or abs(std - s) > 0.02 * s:
            raise CheckFailed(f"without a generator, the noise added to {big.numel():,} zeros has mean {mean:.4f} and"
                              f" std {std:.4f}, expected mean 0 and std sigma = {s} (torch.randn is N(0, 1)).",
                                  mistake="wrong-noise-law")
        if torch.equal(a, b):
            raise CheckFailed("two calls without a generator gave the same noise: draw fresh noise at each call"
                              " (do not seed inside add_noise).", mistake="reseeds")
    passed("add_noise", f"images + sigma * torch.randn(shape, generator=g), input untouched"
                        f" (shape {shape_str(shape)}, sigma={sigma}, {dtype_on(dtype, device)})")


# --------------------------------------------------------------------------- fgsm
FGSM_HINTS = {
    "must match the size of tensor": named("perturbation-shape",
                                           (" The perturbation must have X's shape (n, C, H, W): take"
                                      " the gradient of the loss"
                                      " with respect to the input X, not the model's weights.")),
    "does not require grad": named("grad-wrt-weights", (" Differentiate with respect to a copy of X that requires grad:"
                              " X_ = X.detach().clone().requires_grad_(True), then torch.autograd.grad(loss, X_).")),
    "NoneType": named("grad-is-none",
                      (" X_.grad is None: X_ must be a leaf that requires grad"
                       " (X.detach().clone().requires_grad_(True))"
                 " and loss.backward() must run before reading it.")),
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
            raise CheckFailed(f"{what} wiped the gradients the model's parameters held before the call ({name}.grad is"
                              f" {'None' if p.grad is None else 'zero'}; model.zero_grad()?):"
                              " they belong to the caller,"
                              f" e.g. a training step in progress, and must be left as they were. {remedy}",
                                  mistake="wipes-param-grads")
        if not torch.equal(p.grad, b):
            raise CheckFailed(f"{what} changed the gradients the model's parameters held before the call ({name}.grad:"
                              f" loss.backward() adds to .grad): they would be added to the next training step's."
                              f" {remedy}", mistake="adds-to-param-grads")


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
        X_adv = call_on_meta("fgsm", fgsm, model, X, y, eps, hints=FGSM_HINTS)
        if isinstance(X_adv, torch.Tensor) and X_adv.requires_grad:
            raise CheckFailed("X_adv requires grad: return it detached (compute it under"
                              " torch.no_grad(), or .detach()).", mistake="not-detached")
        expect_tensor(f"fgsm(model, X, y, eps={eps})", X_adv, X, compare_values=False)
        passed("fgsm", "X_adv on X's device and in its dtype (meta)")
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
    X_adv = call("fgsm", fgsm, model, X, y, eps, where=f" ({dtype_on(dtype, device)})", hints=FGSM_HINTS)
    if not torch.equal(X.detach(), X_before):
        raise CheckFailed("fgsm modified X in place: compute X_adv = X + eps * ... as a new tensor; X is still needed.",
                          mistake="changes-input-in-place")
    if X.requires_grad != x_requires_grad:
        raise CheckFailed(f"fgsm changed X.requires_grad to {X.requires_grad}: differentiate with respect to a copy,"
                          " X_ = X.detach().clone().requires_grad_(True), and leave X as it was.",
                              mistake="sets-requires-grad-on-x")
    if X_grad is None and X.grad is not None:
        raise CheckFailed("fgsm left a gradient in X.grad: differentiate with respect to a detached copy,"
                          " X_ = X.detach().clone().requires_grad_(True).", mistake="leaves-grad-on-x")
    if X_grad is not None and (X.grad is None or not torch.equal(X.grad, X_grad)):
        raise CheckFailed("fgsm changed X.grad (X required grad and held a gradient): differentiate with respect to a"
                          " detached copy, X_ = X.detach().clone().requires_grad_(True), and leave X as it was.",
                              mistake="changes-x-grad")
    if model.training != train_mode:
        raise CheckFailed(f"fgsm left the model in {'train' if model.training else 'eval'} mode, it was given in"
                          f" {'train' if train_mode else 'eval'} mode: use the model as it is given (the caller"
                          " chooses its mode; evaluate() calls model.eval() before the attack).",
                              mistake="mode-not-restored")
    _grads_left_alone("fgsm", named, grads_before,
                      "Use torch.autograd.grad(loss, X_), which fills no parameter's .grad.")
    if any(not torch.equal(p.detach(), b) for (_, p), b in zip(named, params_before)):
        raise CheckFailed("fgsm changed the model's parameters: an attack only changes the input.",
                          mistake="changes-params")
    if isinstance(X_adv, torch.Tensor) and X_adv.requires_grad:
        raise CheckFailed("X_adv requires grad: return it detached (compute it under torch.no_grad(), or .detach()).",
                          mistake="not-detached")
    mistakes = {
        "it goes down the loss: FGSM adds eps * sign(gradient) to increase the loss (X + eps * ..., not X - ...).":
            ref["descent"],
        "the sign is missing: X + eps * grad.sign(); every pixel moves by exactly eps.": ref["no_sign"],
        "it is the perturbation alone: return X + eps * sign(gradient).": ref["perturbation"],
        "eps is missing: X + eps * grad.sign().": ref["no_eps"],
    }
    if train_mode:
        mistakes["the gradient was taken in eval mode, but the model was given in train mode: use the model in"
                 " the mode it is given (do not call model.eval() inside fgsm; the caller chooses)."] = \
            ref["eval_mode"]
    expect_tensor(f"fgsm(model, X, y, eps={eps}){' (model in train mode)' if train_mode else ''}", X_adv,
                  ref["expected"], mistakes)
    passed("fgsm", f"X + eps * sign(dL/dX) equals torch.autograd's, X, the model and its .grad untouched"
                   f" (n={n}, eps={eps}, {'train' if train_mode else 'eval'} mode, {dtype_on(dtype, device)})")


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
    conf = as_number("the confidence", confidence, " (the softmax probability of target)")
    if abs(conf - p) <= 1e-6 + 1e-3 * (dtype != torch.float64):
        return
    known = {named("log-probability-confidence",
                   "it is the log-probability: return the probability (softmax, not"
                   " log_softmax)."): math.log(max(p, 1e-300)),
             named("logit-confidence", "it is the target's logit: return its softmax probability."): logit}
    hit = next((m for m, v in known.items() if abs(conf - v) < 1e-3 * max(1.0, abs(v))), None)
    why = " " + hit if hit else named("confidence-before-last-step", " Compute it on the returned image, after the last"
                                      " step (not the value read before the last update).")
    raise CheckFailed(f"the confidence{where} is {conf:.6f}, but softmax(model(image))[target] is {p:.6f} (eval mode)"
                      f" for the returned image.{why}", mistake=mistake_of(hit) if hit else mistake_of(why))


def _state(model: nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def _check_fooling_on_meta(fooling_image: Callable, model: nn.Module, target: int, shape: tuple[int, ...],
                           dtype: torch.dtype, device: torch.device) -> None:
    """No values on 'meta': only where the image is made."""
    __tracebackhide__ = True
    result = call_on_meta("fooling_image", fooling_image, model, target, steps=3, shape=shape)
    image = result[0] if isinstance(result, tuple) and len(result) == 2 else result
    if isinstance(image, torch.Tensor) and image.requires_grad:
        raise CheckFailed("the image requires grad: return it detached (image.detach()).", mistake="not-detached")
    expect_tensor("fooling_image(model, target)[0]", image, torch.empty(shape, device=device, dtype=dtype),
                  compare_values=False)
    passed("fooling_image", "the image is made on the model's device, in its dtype (meta)")


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
            raise CheckFailed(f"fooling_image returned a {type(out).__name__}, expected a tuple (image, confidence).",
                              mistake="not-a-tuple")
        image, confidence = out
        if isinstance(image, torch.Tensor) and image.requires_grad:
            raise CheckFailed("the image requires grad: return it detached (image.detach()), not the tensor being"
                              " optimised.", mistake="not-detached")
        expect_tensor(f"fooling_image(model, target{where})[0]", image,
                      torch.empty(kw.get("shape", self.shape), device=self.device, dtype=next(net.parameters()).dtype),
                      compare_values=False)
        if not torch.isfinite(image).all():
            raise CheckFailed("the image contains NaN or inf values (a division by a zero gradient norm?).",
                              mistake="not-finite")
        return image, confidence


def _judge_fooling_left_model(model: nn.Module, modes: list[bool], named: list[tuple[str, nn.Parameter]],
                              grads_before: list[torch.Tensor], state_before: dict[str, torch.Tensor]) -> None:
    """fooling_image ran the model in eval mode only, and left it as it was given (mode, requires_grad, .grad,
    parameters and buffers)."""
    __tracebackhide__ = True
    if any(modes):
        raise CheckFailed("fooling_image ran the model in train mode: call model.eval() first (dropout would"
                          " change the network at every step, and batch norm would update its running"
                          " statistics), then restore the mode the model had.", mistake="train-mode")
    if not modes:
        raise CheckFailed("fooling_image never called the model.", mistake="never-calls-model")
    if not model.training:
        raise CheckFailed("fooling_image left the model in eval mode, it was given in train mode: note"
                          " was_training = model.training first, and call model.train(was_training) at the end.",
                              mistake="mode-not-restored")
    for (name, p) in named:
        if not p.requires_grad:
            raise CheckFailed(f"fooling_image left {name}.requires_grad False: restore what you change, or use"
                              " torch.autograd.grad(loss, x), which needs no freezing.", mistake="unfreezes-layer")
    _grads_left_alone("fooling_image", named, grads_before,
                      "Take the gradient with torch.autograd.grad(loss, x), which fills no parameter's .grad.")
    changed = [k for k, v in _state(model).items() if not torch.equal(v, state_before[k])]
    if changed:
        raise CheckFailed(f"fooling_image changed the model's {changed[0]}: only the image is optimised (give the"
                          " optimiser [x] only; the network stays as it is).", mistake="changes-params")


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
            why = named("descends",
                        f" It went down, not up: gradient ascent on log p[target] (x += lr * grad, or an optimiser"
                   f" minimising -log p[target]); the network is sure of class {best} instead.")
        elif best != target and probs[best] >= 0.99:
            why = named("wrong-target", f" The network is sure of class {best}, not of target={target}:"
                   " ascend the target's log-probability.")
        else:
            why = (" Ascend log p[target] (log_softmax, not the raw logit) with steps that move the image: with"
                   " lr=0.05, 200 steps of Adam on the image (or x += lr * grad / grad.norm()) get there.")
        raise CheckFailed("after fooling_image the network gives the image probability"
                          f" {p:.4f} for target={target},"
                          f" expected at least 0.99.{why}", mistake=mistake_of(why))
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
        raise CheckFailed("two calls with generators in the same state gave different images: fooling_image ignores"
                          " its `generator` argument; draw the starting noise with torch.randn(shape,"
                          " generator=generator, device=..., dtype=...).", mistake="ignores-generator")
    c, _ = run(where, seed + 12, **small)
    if torch.equal(a, c):
        raise CheckFailed("generators in different states gave the same image: the starting noise must come from"
                          " `generator` (no fixed seed inside fooling_image).", mistake="fixed-seed")
    if torch.equal(a, run(where.replace("steps=3", "steps=6"), seed + 11, **{**small, "steps": 6})[0]):
        raise CheckFailed("steps=3 and steps=6 gave the same image: fooling_image ignores `steps` (exactly `steps`"
                          " steps, no early stop).", mistake="ignores-steps")
    if torch.equal(a, run(where.replace("0.001", "0.002"), seed + 11, **{**small, "lr": 2e-3})[0]):
        raise CheckFailed("lr=0.001 and lr=0.002 gave the same image: fooling_image ignores `lr`.",
                          mistake="ignores-lr")
    start, _ = run(where.replace("steps=3", "steps=0"), seed + 11, **{**small, "steps": 0})
    spread = start.double().std().item()
    if not 0 < spread <= 0.1:
        raise CheckFailed("with steps=0 the image (the start) has standard deviation"
                          f" {spread:.3g}: start from small"
                          " random noise, e.g. 0.01 * torch.randn(shape, generator=generator, ...).",
                              mistake="wrong-start")


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
            raise CheckFailed("fooling_image ran the model in train mode (with steps, lr or shape not the defaults):"
                              " call model.eval() first.", mistake="train-mode")
    finally:
        hook.remove()
        small_hook.remove()
    passed("fooling_image", f"p(target={target}) = {p:.4f} >= 0.99, image {shape_str(shape)} detached on the model's"
                            f" device, model in eval mode and left as it was; generator, steps, lr and shape used"
                            f" ({dtype_on(dtype, device)})")


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
