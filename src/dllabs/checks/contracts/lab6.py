"""The contracts of lab 6's graded functions (see ``_harness``): what the notebook's text promises,
as data. ``CifarCNN`` (a class of the student's own design) keeps its named check only.

Problems are small and generated: images of a few pixels, batches from one image up, models
handed over in train or in eval mode, with a frozen layer (``requires_grad=False``: the caller's,
to be left as it is) or a bias-less subclass of ``nn.Linear``, parameters holding ``.grad`` from
the caller, loaders whose samples seen differ from the data set's length, noise levels from 0 to
3, attacks from eps = 0 to 0.3, fooling runs of 0 to 20 steps (long enough for the target's
probability to pass 0.99 well before the last step: no early stop).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import SubsetRandomSampler, TensorDataset

from .._compare import PLAIN_TENSORS, shape_str
from .._harness import Contract, CountingLoader
from .._kinds import Broken, Kind, Tensor, Tuple, describe_value
from ...language import say
from ..lab6 import REF, _fooling_model, _mistakes_problem, _pil_image
from .lab5 import batches, seen_samples

DTYPES = (torch.float32, torch.float64)
SHIFT = 4
"""RandomCrop(32, padding=4): every shift from -4 to +4 pixels, in each direction."""


def _preset_grads(model: nn.Module, seed: int) -> None:
    """Gradients held by the caller (a training step in progress): the function leaves them as they are."""
    g = torch.Generator().manual_seed(seed)
    for p in model.parameters():
        if p.requires_grad:
            p.grad = torch.randn(p.shape, generator=g, dtype=torch.float64).to(p.dtype)


# --------------------------------------------------------------------------- cifar_transforms
class Transform(Kind):
    """What ``cifar_transforms(train)`` returns: a callable mapping a PIL image to a float32 (3, 32, 32)
    tensor. ``expected`` is ``train``. Test time: ToTensor + Normalize with CIFAR-10's statistics, the
    same at every call. Training time: always the test-time image shifted by at most 4 pixels (the
    padding aside) and possibly mirrored; over ``draws`` calls, both flips and the shifts of -4 and
    +4 pixels in each direction (the whole range of RandomCrop(32, padding=4)) occur."""

    def __init__(self, draws: int = 96, seed: int = 23) -> None:
        self.draws, self.seed = draws, seed

    def _apply(self, label: str, transform: Any, img: Any, broken: Broken) -> torch.Tensor:
        try:
            out = transform(img)
        except Exception as exc:  # noqa: BLE001  (the student's transform, reported in one line)
            first = str(exc).splitlines()[0] if str(exc) else ""
            raise broken(say(f"{label} raised {type(exc).__name__} on a PIL image: {first}",
                             f"{label} a levé {type(exc).__name__} sur une image PIL : {first}")) from None
        if type(out) not in PLAIN_TENSORS or out.shape != (3, 32, 32) or out.dtype != torch.float32:
            what = describe_value(out) + (say(f" of dtype {out.dtype}", f" de dtype {out.dtype}")
                                          if isinstance(out, torch.Tensor) else "")
            raise broken(say(f"{label} applied to a PIL image gave {what}, the text says a float32 tensor (3, 32, 32)",
                             f"{label} appliqué à une image PIL a donné {what}, l'énoncé dit un tenseur float32"
                             " (3, 32, 32)"))
        return out

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        if not callable(found):
            raise broken(say(f"{label} is {describe_value(found)}, the text says a callable"
                             " (transforms.Compose([...]))",
                             f"{label} est {describe_value(found)}, l'énoncé dit un objet appelable"
                             " (transforms.Compose([...]))"))
        img = _pil_image(self.seed)
        test = REF.cifar_transforms_test(torch.from_numpy(np.array(img)))
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(self.seed)
            if not expected:
                out = self._apply(label, found, img, broken)
                if not torch.equal(out, self._apply(label, found, img, broken)):
                    raise broken(say(f"{label} gives another tensor at each call: at test time nothing is random",
                                     f"{label} donne un autre tenseur à chaque appel : en test, rien n'est aléatoire"))
                err = (out.double() - test.double()).abs().max().item()
                if err > 2e-3:
                    raise broken(say(f"{label} differs from Normalize(ToTensor(img)) with CIFAR-10's mean and std by"
                                     f" up to {err:.3g}",
                                     f"{label} diffère de Normalize(ToTensor(img)) avec la moyenne et l'écart-type de"
                                     f" CIFAR-10 de {err:.3g} au plus"))
                return
            windows = F.pad(test, (SHIFT,) * 4, value=math.nan).unfold(1, 32, 1).unfold(2, 32, 1)
            centres = windows[..., SHIFT:32 - SHIFT, SHIFT:32 - SHIFT]
            shifts, flips = set(), set()
            for _ in range(self.draws):
                aug = self._apply(label, found, img, broken)
                both = torch.stack([aug, aug.flip(-1)])
                diff = (centres - both[:, :, None, None, SHIFT:32 - SHIFT, SHIFT:32 - SHIFT]).abs().amax(dim=(1, 4, 5))
                flip, dy, dx = np.unravel_index(int(diff.argmin()), diff.shape)
                if (windows[:, dy, dx] - both[flip]).abs().nan_to_num(0.0).amax().item() > 0.02:
                    raise broken(say(f"{label} gave an image that is not the test-time result shifted by at most"
                                     f" {SHIFT} pixels and/or mirrored",
                                     f"{label} a donné une image qui n'est pas celle obtenue en test, décalée de"
                                     f" {SHIFT} pixels au plus et/ou retournée en miroir"))
                shifts.add((int(dy) - SHIFT, int(dx) - SHIFT))
                flips.add(bool(flip))
        reached = {axis: {s[i] for s in shifts} for i, axis in enumerate(("vertical", "horizontal"))}
        for axis, seen in reached.items():
            if not {-SHIFT, SHIFT} <= seen:
                raise broken(say(f"in {self.draws} calls {label} shifted the image by {min(seen)} to {max(seen)}"
                                 f" pixels ({axis}ly), the text says up to {SHIFT} each way:"
                                 f" RandomCrop(32, padding={SHIFT})",
                                 f"en {self.draws} appels, {label} a décalé l'image de {min(seen)} à {max(seen)}"
                                 f" pixels ({axis}ement), l'énoncé dit jusqu'à {SHIFT} dans chaque sens :"
                                 f" RandomCrop(32, padding={SHIFT})"))
        if len(flips) != 2:
            how = say("always", "a toujours") if True in flips else say("never", "n'a jamais")
            raise broken(say(f"in {self.draws} calls {label} {how} mirrored the image: RandomHorizontalFlip() (p=0.5)",
                             f"en {self.draws} appels, {label} {how} retourné l'image en miroir :"
                             " RandomHorizontalFlip() (p=0.5)"))


# --------------------------------------------------------------------------- most_confident_mistakes
class Selected(Tensor):
    """:class:`Tensor`, where the selection may be empty (no mistake): then of the reference's shape and dtype."""

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        if expected.numel() or type(found) not in PLAIN_TENSORS or found.numel():
            return super().judge(label, found, expected, broken, device)
        if found.shape != expected.shape or found.dtype != expected.dtype or found.requires_grad:
            raise broken(say(f"{label} is {describe_value(found)} of dtype {found.dtype}, expected an empty one of"
                             f" shape {shape_str(tuple(expected.shape))} and dtype {expected.dtype}, without a graph",
                             f"{label} est {describe_value(found)} de dtype {found.dtype}, on attend un tenseur vide de"
                             f" forme {shape_str(tuple(expected.shape))} et de dtype {expected.dtype}, sans graphe"))
        return None


def _mistakes(n: int, batch_size: int, loader: str, k: int, seed: int, grad_enabled: bool = True) -> dict[str, Any]:
    n, seen = seen_samples(n, batch_size, loader)
    model, X, y = _mistakes_problem(n, seed)
    _preset_grads(model, seed + 1)
    model.train()  # the function switches it to eval mode itself
    data = TensorDataset(X, y)
    if loader == "subset":
        chosen = torch.randperm(n, generator=torch.Generator().manual_seed(seed)).tolist()[:seen]
        batches = CountingLoader(data, batch_size=batch_size, generator=torch.Generator().manual_seed(seed),
                                 sampler=SubsetRandomSampler(chosen, generator=torch.Generator().manual_seed(seed)))
    else:  # a generator of its own: a pass over it draws nothing from torch's global one
        batches = CountingLoader(data, batch_size=batch_size, drop_last=loader == "drop_last",
                                 generator=torch.Generator().manual_seed(seed))
    return {"model": model, "loader": batches, "device": torch.device("cpu"), "k": k}


# --------------------------------------------------------------------------- add_noise
def _add_noise(n: int, c: int, h: int, w: int, sigma: float, dtype: torch.dtype, generator: bool,
               seed: int, grad_enabled: bool = True) -> dict[str, Any]:
    g = torch.Generator().manual_seed(seed)
    images = torch.randn(n, c, h, w, generator=g, dtype=torch.float64).to(dtype)
    return {"images": images, "sigma": sigma,
            "generator": torch.Generator().manual_seed(seed + 1) if generator else None}


# --------------------------------------------------------------------------- fgsm
class LinearNoBias(nn.Linear):
    """A subclass of nn.Linear without bias."""

    def __init__(self, d_in: int, d_out: int) -> None:
        super().__init__(d_in, d_out, bias=False)


def _fgsm(n: int, eps: float, dtype: torch.dtype, mode: str, model: str, x_requires_grad: bool,
          seed: int, grad_enabled: bool = True) -> dict[str, Any]:
    torch.manual_seed(seed)
    head = LinearNoBias(4 * 8 * 8, 10) if model == "subclass" else nn.Linear(4 * 8 * 8, 10)
    net = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Dropout(0.3), nn.Flatten(), head).to(dtype)
    if model == "frozen":  # the caller froze the convolution: it stays frozen
        net[0].requires_grad_(False)
    _preset_grads(net, seed + 1)
    net.train(mode == "train")
    g = torch.Generator().manual_seed(seed + 2)
    X = torch.randn(n, 3, 8, 8, generator=g, dtype=torch.float64).to(dtype)
    if x_requires_grad:  # a leaf of the caller's, with a gradient of its own
        X.requires_grad_(True)
        X.grad = torch.full_like(X, 0.5)
    return {"model": net, "X": X, "y": torch.randint(10, (n,), generator=g), "eps": eps}


# --------------------------------------------------------------------------- fooling_image
class Fooling(Kind):
    """What ``fooling_image`` returns: ``(image, confidence)``, the image a plain tensor of ``shape`` on the
    model's device and in its dtype, detached and finite; the confidence a Python float or a 0-dim tensor
    without a graph, equal to softmax(model(image))[target] (eval mode); with ``steps=0`` the image is the start:
    small noise (std <= 0.1). (That the text's default run reaches 0.99 is the named check's.)
    ``expected`` (the reference's) holds the unchanged model and the problem."""

    def judge(self, label: str, found: Any, expected: Any, broken: Broken, device: torch.device | None = None) -> None:
        model, target, shape = expected["model"], expected["target"], tuple(expected["shape"])
        p0 = next(model.parameters())
        if type(found) is not tuple or len(found) != 2:
            raise broken(say(f"{label} is {describe_value(found)}, the text says a tuple (image, confidence)",
                             f"{label} est {describe_value(found)}, l'énoncé dit un tuple (image, confidence)"))
        image, confidence = found
        if type(image) not in PLAIN_TENSORS:
            raise broken(say(f"the image is {describe_value(image)}, the text says a torch.Tensor of shape"
                             f" {shape_str(shape)}",
                             f"l'image est {describe_value(image)}, l'énoncé dit un torch.Tensor de forme"
                             f" {shape_str(shape)}"))
        if tuple(image.shape) != shape or image.dtype != p0.dtype:
            raise broken(say(f"the image has shape {shape_str(tuple(image.shape))} and dtype {image.dtype}, the text"
                             f" says `shape` = {shape_str(shape)} in the model's dtype {p0.dtype}",
                             f"l'image a la forme {shape_str(tuple(image.shape))} et le dtype {image.dtype}, l'énoncé"
                             f" dit `shape` = {shape_str(shape)} dans le dtype du modèle, {p0.dtype}"))
        where = (device or p0.device).type
        if image.device.type != where:
            raise broken(say(f"the image is on '{image.device.type}', the text says on the model's device ('{where}')",
                             f"l'image est sur '{image.device.type}', l'énoncé dit sur le device du modèle"
                             f" ('{where}')"))
        if image.requires_grad or image.grad_fn is not None:
            raise broken(say("the image still requires grad: the text says detached (image.detach())",
                             "l'image a encore requires_grad=True : l'énoncé la veut détachée (image.detach())"))
        if isinstance(confidence, torch.Tensor):
            if type(confidence) not in PLAIN_TENSORS or confidence.dim() != 0 or confidence.requires_grad:
                graph = say(" with a graph", " avec un graphe") if confidence.requires_grad else ""
                raise broken(say(f"the confidence is {describe_value(confidence)}{graph}, the text says a float or a"
                                 " 0-dim tensor without a graph",
                                 f"la confiance est {describe_value(confidence)}{graph}, l'énoncé dit un float ou un"
                                 " tenseur de dimension 0 sans graphe"))
        elif type(confidence) is not float:
            raise broken(say(f"the confidence is {describe_value(confidence)}, the text says a float (or a 0-dim"
                             " tensor)",
                             f"la confiance est {describe_value(confidence)}, l'énoncé dit un float (ou un tenseur de"
                             " dimension 0)"))
        if where == "meta":
            return
        if not torch.isfinite(image).all():
            raise broken(say("the image holds NaN or inf", "l'image contient des NaN ou des inf"))
        model.eval()
        with torch.no_grad():
            p = torch.softmax(model(image[None]).double(), dim=1)[0, target].item()
        conf = float(confidence)
        if abs(conf - p) > 1e-6 + 1e-3 * (p0.dtype != torch.float64):
            raise broken(say(f"the confidence is {conf:.6f}, but softmax(model(image))[target] is {p:.6f} (eval mode)"
                             " for the image returned: compute it on that image, after the last step",
                             f"la confiance vaut {conf:.6f}, mais softmax(model(image))[target] vaut {p:.6f} (mode"
                             " eval) pour l'image renvoyée : calculez-la sur cette image, après le dernier pas"))
        if expected["steps"] == 0:
            spread = image.double().std().item() if image.numel() > 1 else abs(image.double().item())
            if not 0 < spread <= 0.1:
                raise broken(say(f"with steps=0 the image (the start) has standard deviation {spread:.3g}, the text"
                                 " says small random noise (at most 0.1)",
                                 f"avec steps=0, l'image (le point de départ) a un écart-type de {spread:.3g}, l'énoncé"
                                 " dit un petit bruit aléatoire (0.1 au plus)"))


def _fooling(target: int, steps: int, lr: float, h: int, w: int, dtype: torch.dtype, mode: str, frozen: bool,
             generator: bool, seed: int, grad_enabled: bool = True) -> dict[str, Any]:
    model = _fooling_model(seed, dtype, torch.device("cpu"))
    if frozen:  # the caller froze the convolution: it stays frozen
        model[1].requires_grad_(False)
    _preset_grads(model, seed + 1)
    model.train(mode == "train")
    return {"model": model, "target": target, "steps": steps, "lr": lr, "shape": (3, h, w),
            "generator": torch.Generator().manual_seed(seed + 2) if generator else None}


def _fooling_problem(model: nn.Module, target: int, steps: int, lr: float, shape: tuple[int, ...],
                       generator: torch.Generator | None) -> dict[str, Any]:
    """The problem, for :class:`Fooling` to judge by (right methods give different images: none to match), after
    one right run (its draw, the text's one, and its work, which sizes the budget of a student's run)."""
    REF.fooling_image_ascent(model, target, steps, lr, shape, generator)
    return {"model": model, "target": target, "steps": steps, "lr": lr, "shape": shape}


CONTRACTS = {c.name: c for c in [
    Contract(
        "cifar_transforms",
        params=lambda st: {"train": st.booleans()},
        build=lambda train: {"train": train}, reference=lambda train: train, returns=Transform(),
        corners=({"train": False}, {"train": True}), on_meta=False, examples=1, shrink=False,
        clauses=("test time: ToTensor + Normalize with CIFAR-10's mean and std, deterministic",
                 "training time: the test-time image shifted by up to 4 pixels each way (every shift of"
                 " RandomCrop(32, padding=4) reached) and mirrored half the time"),
    ),
    Contract(
        "most_confident_mistakes",
        params=lambda st: {"n": st.integers(1, 30), "batch_size": st.integers(1, 8),
                           "loader": st.sampled_from(["all", "drop_last", "subset"]), "k": st.integers(1, 12),
                           "seed": st.integers(1, 9999), "grad_enabled": st.booleans()},
        build=_mistakes, reference=lambda *a: REF.most_confident_mistakes_loader(*a),
        returns=Tuple(*[Selected()] * 4, names=("images", "true", "pred", "confidence")),
        changes=frozenset({"model"}), global_rng="as_reference", forward_calls=batches, loader_passes=1,
        on_meta=False, examples=6, shrink=False,
        corners=({"n": 1, "batch_size": 1, "loader": "all", "k": 1, "seed": 3, "grad_enabled": True},
                 {"n": 29, "batch_size": 4, "loader": "drop_last", "k": 5, "seed": 5, "grad_enabled": False},
                 {"n": 24, "batch_size": 5, "loader": "subset", "k": 12, "seed": 7, "grad_enabled": True}),
        clauses=("(images, true, pred, confidence) of the k most confident mistakes among the samples the loader"
                 " yields, most confident first; fewer when there are fewer mistakes",
                 "one pass over the loader, one model(X) per batch, in eval mode (left in eval mode), no gradients:"
                 " the parameters and the .grad they held unchanged"),
    ),
    Contract(
        "add_noise",
        params=lambda st: {"n": st.integers(1, 4), "c": st.integers(1, 3), "h": st.integers(1, 6),
                           "w": st.integers(1, 6), "sigma": st.sampled_from([0.0, 0.05, 0.4, 0.8, 3.0]),
                           "dtype": st.sampled_from(DTYPES), "generator": st.booleans(),
                           "seed": st.integers(1, 9999), "grad_enabled": st.booleans()},
        build=_add_noise, reference=lambda *a: REF.add_noise_drawn(*a), returns=Tensor(),
        changes=frozenset({"generator"}),
        global_rng="as_reference", examples=8,
        corners=({"n": 1, "c": 3, "h": 4, "w": 4, "sigma": 0.4, "dtype": torch.float32, "generator": False,
                  "seed": 3, "grad_enabled": True},
                 {"n": 2, "c": 3, "h": 5, "w": 3, "sigma": 0.0, "dtype": torch.float64, "generator": True,
                  "seed": 5, "grad_enabled": False}),
        clauses=("a new tensor images + sigma * N(0, 1) of the images' shape, dtype and device; images unchanged",
                 "exactly one draw torch.randn(images.shape, generator=generator, ...), sigma = 0 included; from"
                 " torch's global generator when generator is None, never reseeded",
                 "the noise drawn on the images' device (not on the CPU, then moved)"),
    ),
    Contract(
        "fgsm",
        params=lambda st: {"n": st.integers(1, 6), "eps": st.sampled_from([0.0, 0.01, 0.05, 0.3]),
                           "dtype": st.sampled_from(DTYPES), "mode": st.sampled_from(["eval", "train"]),
                           "model": st.sampled_from(["plain", "frozen", "subclass"]),
                           "x_requires_grad": st.booleans(), "seed": st.integers(1, 9999),
                           "grad_enabled": st.just(True)},
        build=_fgsm, reference=lambda *a: REF.fgsm_attack(*a), returns=Tensor(), global_rng="as_reference",
        forward_calls=lambda p: 1, examples=8, shrink=False,
        corners=({"n": 1, "eps": 0.05, "dtype": torch.float64, "mode": "eval", "model": "frozen",
                  "x_requires_grad": False, "seed": 3, "grad_enabled": True},
                 {"n": 5, "eps": 0.1, "dtype": torch.float64, "mode": "train", "model": "plain",
                  "x_requires_grad": True, "seed": 5, "grad_enabled": True}),
        clauses=("X + eps * sign(dCE/dX), detached, of X's shape, dtype and device",
                 "one forward pass, in the mode the model is given (left in that mode)",
                 "X (values, requires_grad, .grad), the parameters, their requires_grad (a frozen layer stays"
                 " frozen) and the .grad they held unchanged"),
    ),
    Contract(
        "fooling_image",
        params=lambda st: {"target": st.integers(0, 9), "steps": st.sampled_from([0, 1, 5, 20]),
                           "lr": st.sampled_from([0.05, 0.1]), "h": st.integers(2, 8), "w": st.integers(2, 8),
                           "dtype": st.sampled_from(DTYPES), "mode": st.sampled_from(["eval", "train"]),
                           "frozen": st.booleans(), "generator": st.just(True), "seed": st.integers(1, 9999),
                           "grad_enabled": st.just(True)},
        build=_fooling, reference=_fooling_problem, returns=Fooling(), may_change=frozenset({"generator"}),
        global_rng="as_reference", forward_calls=lambda p: range(p["steps"], 2 * p["steps"] + 3), examples=3,
        shrink=False,
        corners=({"target": 3, "steps": 20, "lr": 0.05, "h": 6, "w": 5, "dtype": torch.float32, "mode": "train",
                  "frozen": True, "generator": False, "seed": 3, "grad_enabled": True},
                 {"target": 7, "steps": 20, "lr": 0.1, "h": 4, "w": 4, "dtype": torch.float64, "mode": "eval",
                  "frozen": False, "generator": True, "seed": 5, "grad_enabled": True},
                 {"target": 0, "steps": 0, "lr": 0.05, "h": 8, "w": 8, "dtype": torch.float32, "mode": "eval",
                  "frozen": False, "generator": True, "seed": 7, "grad_enabled": True}),
        clauses=("(image, confidence): the image detached, of `shape`, on the model's device and dtype; the"
                 " confidence softmax(model(image))[target], a float or a 0-dim tensor",
                 "exactly `steps` steps, no early stop (at least one forward pass per step; the target's probability"
                 " passes 0.99 within 3 steps here); the start small noise drawn with `generator`",
                 "eval mode while it runs; the model left as it was: its mode (train or eval), parameters, their"
                 " requires_grad (a frozen layer stays frozen), buffers and the .grad they held"),
    ),
]}
"""grade_id -> its contract."""
