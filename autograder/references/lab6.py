"""Lab 6's references: cifar_transforms at test time, most_confident_mistakes, add_noise and fgsm,
each with the values its known wrong variants give (for the checks' messages).

CifarCNN and fooling_image have none: their checks judge properties (shapes, a parameter budget,
trainability; the probability the network gives the returned image), not a value to match.
"""

from __future__ import annotations

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

CIFAR10_MEAN = (0.4914, 0.4822, 0.4465)
CIFAR10_STD = (0.2470, 0.2435, 0.2616)
"""Per-channel statistics of the CIFAR-10 training images (pixels in [0, 1])."""


def cifar_transforms_test(pixels: torch.Tensor) -> torch.Tensor:
    """The test-time transform (ToTensor, then Normalize with CIFAR-10's statistics, by torchvision's
    functional API) of the RGB image ``pixels`` (H, W, 3) uint8: (3, H, W) float32."""
    import torchvision.transforms.functional as TF
    from PIL import Image

    img = Image.fromarray(pixels.cpu().numpy())
    return TF.normalize(TF.to_tensor(img), CIFAR10_MEAN, CIFAR10_STD)


def most_confident_mistakes(model: nn.Module, X: torch.Tensor, y: torch.Tensor, k: int) -> dict[str, object]:
    """The k wrong predictions of ``model`` (in the mode it is given, without gradients) on the images X
    (n, ...) with labels y (n,) with the highest softmax confidence, most confident first (ties in order).

    A dict of ``top`` (their indices, (m,) with m = min(k, number of mistakes)), ``confidence`` and
    ``pred`` of those, ``wrong`` (the number of mistakes), and ``mistakes``: the confidences known wrong
    variants give (``everyone``: right predictions included; ``ascending``; ``reversed``: least
    confident first; ``logit``: the largest logit as the confidence; ``logit_of_top``: the largest logit
    of the right images; ``true_class``: the probability of the true class)."""
    with torch.no_grad():
        logits = model(X)
    probs = torch.softmax(logits, dim=1)
    conf, pred = probs.max(dim=1)
    wrong = (pred != y).nonzero().flatten()
    order = wrong[conf[wrong].argsort(descending=True, stable=True)]
    m = min(k, len(order))
    top = order[:m]
    everyone = conf.argsort(descending=True, stable=True)[:m]
    ascending = wrong[conf[wrong].argsort(stable=True)]
    largest = logits.max(dim=1).values
    by_logit = wrong[largest[wrong].argsort(descending=True, stable=True)][:m]
    return {"top": top, "confidence": conf[top], "pred": pred[top], "wrong": len(wrong), "mistakes": {
        "everyone": conf[everyone], "ascending": conf[ascending[:m]], "reversed": conf[top].flip(0),
        "logit": largest[by_logit], "logit_of_top": largest[top], "true_class": probs[top, y[top]]}}


def add_noise(images: torch.Tensor, sigma: float, noise: torch.Tensor) -> dict[str, torch.Tensor]:
    """images + sigma * noise (``expected``; ``noise`` is the N(0, 1) draw of the generator given), and
    what known wrong variants give: ``noise_only``, ``sqrt_sigma``, ``sigma_squared``, ``unscaled``,
    ``product`` (images * sigma * noise)."""
    return {"expected": images + sigma * noise, "noise_only": sigma * noise,
            "sqrt_sigma": images + math.sqrt(sigma) * noise, "sigma_squared": images + sigma ** 2 * noise,
            "unscaled": images + noise, "product": images * (sigma * noise)}


def _input_gradient(model: nn.Module, X: torch.Tensor, y: torch.Tensor, training: bool, seed: int) -> torch.Tensor:
    """dCE(model(X), y)/dX by torch.autograd, in the given mode, dropout masks drawn after
    ``torch.manual_seed(seed)``; the model's mode restored."""
    was = model.training
    model.train(training)
    X_ref = X.detach().clone().requires_grad_(True)
    torch.manual_seed(seed)
    with torch.enable_grad():
        grad, = torch.autograd.grad(F.cross_entropy(model(X_ref), y), X_ref, allow_unused=False)
    model.train(was)
    return grad


def fgsm(model: nn.Module, X: torch.Tensor, y: torch.Tensor, eps: float, train_mode: bool, seed: int,
         masks: str | None = None) -> dict[str, torch.Tensor]:
    """X + eps * sign(dCE(model(X), y)/dX) (``expected``) for X (n, C, H, W) and labels y (n,), the model in
    train mode if ``train_mode`` (its dropout masks drawn after ``torch.manual_seed(seed)``; they differ
    between devices, so a train-mode call names the device type that draws them, ``masks``), and what known
    wrong variants give: ``descent`` (X - ...), ``no_sign``, ``perturbation`` (eps * sign alone), ``no_eps``,
    and in train mode ``eval_mode`` (the gradient taken in eval mode)."""
    if train_mode and masks != X.device.type:
        raise ValueError(f"dropout masks are drawn on {X.device.type}: pass masks={X.device.type!r}")
    grad = _input_gradient(model, X, y, train_mode, seed)
    found = {"expected": X + eps * grad.sign(), "descent": X - eps * grad.sign(), "no_sign": X + eps * grad,
             "perturbation": eps * grad.sign(), "no_eps": X + grad.sign()}
    if train_mode:
        found["eval_mode"] = X + eps * _input_gradient(model, X, y, False, seed).sign()
    return found


def most_confident_mistakes_loader(model: nn.Module, loader: object, device: torch.device,
                                   k: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """most_confident_mistakes itself, for the contract harness: the model in eval mode, one pass over
    ``loader`` (each batch on ``device``); (images, true, pred, confidence) of the k most confident mistakes."""
    model.eval()
    batches = [(X.to(device), y.to(device)) for X, y in loader]
    X, y = torch.cat([b[0] for b in batches]), torch.cat([b[1] for b in batches])
    found = most_confident_mistakes(model, X, y, k)
    top = found["top"]
    return X[top], y[top], found["pred"], found["confidence"]


def fgsm_attack(model: nn.Module, X: torch.Tensor, y: torch.Tensor, eps: float) -> torch.Tensor:
    """fgsm itself, for the contract harness: X + eps * sign(dCE(model(X), y)/dX) by torch.autograd, one forward
    pass in the model's own mode, detached; nothing else touched."""
    X_ = X.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        grad, = torch.autograd.grad(F.cross_entropy(model(X_), y), X_)
    return (X_ + eps * grad.sign()).detach()


def fooling_image_ascent(model: nn.Module, target: int, steps: int, lr: float, shape: tuple[int, ...],
                         generator: torch.Generator | None) -> torch.Tensor:
    """One right fooling_image (plain gradient ascent on log p[target], in eval mode, from 0.01 * the text's
    draw), for the contract harness: its work sizes the budget of a student's run; its image is not compared
    (right methods differ). The model is left as it was."""
    p = next(model.parameters())
    x = 0.01 * torch.randn(shape, generator=generator, device=p.device, dtype=p.dtype)
    was_training = model.training
    model.eval()
    try:
        with torch.enable_grad():
            for _ in range(steps):
                x.requires_grad_(True)
                grad, = torch.autograd.grad(F.log_softmax(model(x[None]), dim=1)[0, target], x)
                x = (x + lr * grad).detach()
    finally:
        model.train(was_training)
    return x


def add_noise_drawn(images: torch.Tensor, sigma: float, generator: torch.Generator | None) -> torch.Tensor:
    """images + sigma * the one draw the text names: randn of images' shape, device and dtype, from ``generator``."""
    noise = torch.randn(images.shape, generator=generator, device=images.device, dtype=images.dtype)
    return add_noise(images, sigma, noise)["expected"]
