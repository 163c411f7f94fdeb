"""Checks of lab 1 (forward and backward by hand): each compares a student's function
with torch (``torch.nn.functional`` and ``torch.autograd``) and names known mistakes.

Every check takes the student's function and the sizes, dtype, device and seed of a
random problem; the visible tests call them with small fixed sizes, the hidden tests
with others. ``device=None`` means CUDA when available, else CPU; ``device="meta"``
runs shapes only and catches tensors created on a fixed device, even without a GPU.

Notation (a batch of n samples): X (n, nx); htilde = X Wh^T + bh (n, nh);
h = tanh(htilde); ytilde = h Wy^T + by (n, ny); yhat = softmax(ytilde) row-wise;
L = -(1/n) sum_i sum_j Y_ij log yhat_ij.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import torch
import torch.nn.functional as F

from ._core import CheckFailed, call, call_without_autograd, expect_accuracy, expect_keys, expect_tensor, passed, quiet, resolve_device, shape_str

KEYS = ["Wh", "bh", "Wy", "by"]
OUTPUT_KEYS = ["X", "htilde", "h", "ytilde", "yhat"]


def random_problem(n: int, nx: int, nh: int, ny: int, dtype: torch.dtype, device: torch.device, seed: int) -> tuple[dict, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Random params (dict of KEYS), X (n, nx), one-hot Y (n, ny) and class indices y (n,).

    Drawn on the CPU from ``seed`` then moved, so every device sees the same numbers.
    """
    g = torch.Generator().manual_seed(seed)

    def rnd(*shape: int) -> torch.Tensor:
        return torch.randn(*shape, generator=g, dtype=torch.float64).to(device=device, dtype=dtype)

    params = {"Wh": rnd(nh, nx), "bh": rnd(nh), "Wy": rnd(ny, nh), "by": rnd(ny)}
    X = rnd(n, nx)
    y = torch.randint(ny, (n,), generator=g)
    Y = F.one_hot(y, ny).to(device=device, dtype=dtype)
    return params, X, Y, y.to(device)


class _TanhWith(torch.autograd.Function):
    """tanh forward, with a chosen (possibly wrong) derivative backward: autograd then
    gives the gradients a student gets with that derivative."""

    @staticmethod
    def forward(ctx: Any, htilde: torch.Tensor, derivative: str) -> torch.Tensor:
        h = torch.tanh(htilde)
        ctx.save_for_backward(htilde, h)
        ctx.derivative = derivative
        return h

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> tuple[torch.Tensor, None]:
        htilde, h = ctx.saved_tensors
        local = {"missing": torch.ones_like(h), "sigmoid": h * (1 - h), "of_htilde": 1 - htilde**2}[ctx.derivative]
        return grad * local, None


def reference_forward(params: Mapping[str, torch.Tensor], X: torch.Tensor, derivative: str | None = None) -> dict[str, torch.Tensor]:
    """The network's outputs computed by torch (optionally with a wrong tanh derivative)."""
    htilde = F.linear(X, params["Wh"], params["bh"])
    h = torch.tanh(htilde) if derivative is None else _TanhWith.apply(htilde, derivative)
    ytilde = F.linear(h, params["Wy"], params["by"])
    return {"X": X, "htilde": htilde, "h": h, "ytilde": ytilde, "yhat": torch.softmax(ytilde, dim=1)}


def autograd_grads(params: Mapping[str, torch.Tensor], X: torch.Tensor, y: torch.Tensor, derivative: str | None = None) -> dict[str, torch.Tensor]:
    """Gradients of the mean cross-entropy w.r.t. every parameter, by torch.autograd."""
    leaves = {k: params[k].detach().clone().requires_grad_(True) for k in KEYS}
    with torch.enable_grad():
        L = F.cross_entropy(reference_forward(leaves, X, derivative)["ytilde"], y)
        return dict(zip(KEYS, torch.autograd.grad(L, [leaves[k] for k in KEYS])))


def _problem_text(n: int, nx: int, nh: int, ny: int, dtype: torch.dtype, device: torch.device) -> str:
    return f"n={n}, nx={nx}, nh={nh}, ny={ny}, {str(dtype).replace('torch.', '')} on {device.type}"


# --------------------------------------------------------------------------- init_params
def _expect_param(k: str, found: Any, shape: tuple[int, ...], device: torch.device, dtype: torch.dtype, call_text: str) -> None:
    """params[k] of init_params(..., device, dtype): shape, then the device and dtype it was asked for."""
    __tracebackhide__ = True
    if isinstance(found, torch.Tensor) and found.shape == shape:
        if found.device.type != device.type:
            raise CheckFailed(f"params[{k!r}] is on device '{found.device.type}', but {call_text} asked for {device.type!r}:"
                              " pass device=device to every tensor you create.")
        if found.dtype != dtype:
            raise CheckFailed(f"params[{k!r}] has dtype {found.dtype}, but {call_text} asked for {dtype}:"
                              " pass dtype=dtype to every tensor you create.")
    expect_tensor(f"params[{k!r}]", found, torch.empty(shape, device=device, dtype=dtype), compare_values=False)


def check_init_params(init_params: Callable, nx: int = 3, nh: int = 5, ny: int = 4,
                      dtype: torch.dtype = torch.float64, device: str | torch.device | None = None,
                      seed: int = 0, statistics: bool = True) -> None:
    """Keys, shapes, dtype, device and the N(0, 0.3^2) law of the weights."""
    __tracebackhide__ = True
    device = resolve_device(device)
    torch.manual_seed(seed)
    shapes = {"Wh": (nh, nx), "bh": (nh,), "Wy": (ny, nh), "by": (ny,)}
    if device.type != "meta":
        default = call("init_params", init_params, nx, nh, ny)
        expect_keys("init_params(nx, nh, ny)", default, KEYS)
        for k in KEYS:
            _expect_param(k, default[k], shapes[k], torch.empty(0).device, torch.float32, "init_params(nx, nh, ny)")
    params = call("init_params", init_params, nx, nh, ny, device=device, dtype=dtype)
    expect_keys("init_params(...)", params, KEYS)
    for k in KEYS:
        _expect_param(k, params[k], shapes[k], device, dtype, f"init_params(..., device={device.type!r}, dtype={dtype})")
    if statistics and device.type != "meta":
        big = call("init_params", init_params, 300, 200, 100, device=device, dtype=dtype)
        again = call("init_params", init_params, 300, 200, 100, device=device, dtype=dtype)
        for k in ["Wh", "Wy"]:
            w = big[k].detach().double()
            mean, std = w.mean().item(), w.std().item()
            if std == 0:
                raise CheckFailed(f"params[{k!r}] has all its entries equal: hidden units would stay identical"
                                  " (symmetry); draw the weights at random with torch.randn.")
            if abs(mean) > 0.05 or not 0.25 < std < 0.35:
                hint = ""
                if mean > 0.1:
                    hint = " torch.rand is uniform on [0, 1); use torch.randn (normal)."
                elif abs(std - 0.09) < 0.01:
                    hint = " 0.3 is the standard deviation (N(0, 0.3^2) has variance 0.09): multiply by 0.3, not 0.3**2."
                raise CheckFailed(f"params[{k!r}] has mean {mean:.3f} and std {std:.3f}, expected weights ~ N(0, 0.3^2)"
                                  f" (mean 0, std 0.3): multiply torch.randn(...) by 0.3.{hint}")
            if torch.equal(big[k], again[k]):
                raise CheckFailed(f"two calls of init_params gave the same {k!r}: draw it at random at each call.")
        for k in ["bh", "by"]:
            b = big[k].detach().double()
            if b.abs().max().item() > 0 and (abs(b.mean().item()) > 0.1 or b.std().item() > 0.4):
                raise CheckFailed(f"params[{k!r}] has mean {b.mean().item():.3f} and std {b.std().item():.3f}:"
                                  " biases start at zero (or ~ N(0, 0.3^2)).")
    passed("init_params", f"keys, shapes, dtype and device right (nx={nx}, nh={nh}, ny={ny}, {str(dtype)[6:]} on {device.type})")


# --------------------------------------------------------------------------- forward
FORWARD_HINTS = {
    "cannot be multiplied": " Wh is (nh, nx) and Wy (ny, nh): htilde = X @ Wh.T + bh, ytilde = h @ Wy.T + by.",
    "must match the size of tensor": (" Check the shapes you combine: a bias (nh,) broadcasts over the rows as it is;"
                                      " to divide each row by its own sum, keep the summed dim: e.sum(dim=1, keepdim=True)."),
}
"""Hints for the errors a forward pass commonly raises (see ``call``)."""


def check_forward(forward: Callable, n: int = 6, nx: int = 3, nh: int = 5, ny: int = 4,
                  dtype: torch.dtype = torch.float64, device: str | torch.device | None = None, seed: int = 0) -> None:
    """Every intermediate output against torch's, in order, naming common slips."""
    __tracebackhide__ = True
    device = resolve_device(device)
    cpu = torch.device("cpu") if device.type == "meta" else device
    params, X, _, _ = random_problem(n, nx, nh, ny, dtype, cpu, seed)
    ref = reference_forward(params, X)
    if device.type == "meta":
        params = {k: v.to("meta") for k, v in params.items()}
        ref = {k: v.to("meta") for k, v in ref.items()}
        X = X.to("meta")
    result = call("forward", forward, dict(params), X, where=f" (on {device.type})", hints=FORWARD_HINTS)
    if not (isinstance(result, tuple) and len(result) == 2):
        raise CheckFailed(f"forward returned a {type(result).__name__}, expected a pair (Yhat, outputs).")
    Yhat, outputs = result
    expect_keys("outputs", outputs, OUTPUT_KEYS)
    Wh, bh, Wy, by = (params[k] for k in KEYS)
    ht, h = ref["htilde"], ref["h"]
    htilde_mistakes = {"you forgot the bias bh.": X @ Wh.T}
    if nx == nh:  # X @ Wh only runs when Wh is square
        htilde_mistakes["X @ Wh gives the wrong product: use X @ Wh.T (Wh is (nh, nx)).": X @ Wh + bh]
    expect_tensor("outputs['htilde']", outputs["htilde"], ht, htilde_mistakes)
    expect_tensor("outputs['h']", outputs["h"], h,
                  {"h = htilde: you forgot the tanh activation.": ht,
                   "that is a sigmoid; the hidden activation of this network is tanh.": torch.sigmoid(ht),
                   "that is a ReLU; the hidden activation of this network is tanh.": torch.relu(ht)})
    ytilde_mistakes = {"it is computed from htilde; the output layer takes h = tanh(htilde).": F.linear(ht, Wy, by),
                       "you forgot the bias by.": h @ Wy.T}
    if nh == ny:  # h @ Wy only runs when Wy is square
        ytilde_mistakes["h @ Wy gives the wrong product: use h @ Wy.T (Wy is (ny, nh))."] = h @ Wy + by
    expect_tensor("outputs['ytilde']", outputs["ytilde"], ref["ytilde"], ytilde_mistakes)
    yt = ref["ytilde"]
    softmax_mistakes = {
        "softmax over the wrong axis: each row (one sample) must sum to 1; normalise over dim=1.": torch.softmax(yt, dim=0),
        "yhat = ytilde: you forgot the softmax.": yt,
        "that is a sigmoid; the output activation is a softmax (rows sum to 1).": torch.sigmoid(yt),
        "exp(ytilde) is not normalised: divide by its sum over each row.": torch.exp(yt),
        "exp(ytilde) is divided by its sum over the whole batch: divide by the sum over each row"
        " (dim=1, keepdim=True).": torch.softmax(yt.flatten(), dim=0).view_as(yt),
    }
    expect_tensor("outputs['yhat']", outputs["yhat"], ref["yhat"], softmax_mistakes)
    expect_tensor("Yhat (the first value returned)", Yhat, ref["yhat"], softmax_mistakes)
    passed("forward", f"every output equals torch's ({_problem_text(n, nx, nh, ny, dtype, device)})")


# --------------------------------------------------------------------------- loss_accuracy
def check_loss_accuracy(loss_accuracy: Callable, n: int = 10, ny: int = 4,
                        dtype: torch.dtype = torch.float64, device: str | torch.device | None = None, seed: int = 0) -> None:
    """L against ``F.nll_loss(log Yhat, y)``; acc against the fraction of argmax matches."""
    __tracebackhide__ = True
    device = resolve_device(device)
    g = torch.Generator().manual_seed(seed)
    Yhat = torch.softmax(2 * torch.randn(n, ny, generator=g, dtype=torch.float64), dim=1)
    pred = Yhat.argmax(dim=1)
    right = torch.zeros(n, dtype=torch.bool)
    k = min(max(1, round(0.6 * n)), max(1, n - 1))  # about 60% right: neither 0% nor 100% when n > 1
    right[torch.randperm(n, generator=g)[:k]] = True
    y = torch.where(right, pred, (pred + 1 + torch.randint(ny - 1, (n,), generator=g)) % ny)
    Y = F.one_hot(y, ny).to(torch.float64)
    L_ref = F.nll_loss(torch.log(Yhat), y)
    acc_ref = (pred == y).double().mean().item()
    acc_elementwise = (Yhat == Y).double().mean().item()
    no_targets = -torch.log(Yhat).sum(dim=1)
    loss_mistakes = {
        f"it is n={n} times too large: average over the samples (.mean()), do not sum.": n * L_ref,
        f"it is ny={ny} times too small: sum over the classes (dim=1), then average over the samples.": L_ref / ny,
        "it has the wrong sign: L = -mean_i sum_j Y_ij log(Yhat_ij) is positive.": -L_ref,
        "log base 10? use the natural logarithm torch.log.": L_ref / math.log(10),
        "F.cross_entropy takes logits (ytilde) and applies its own softmax: on the probabilities Yhat"
        " that is a second softmax. Compute it from torch.log(Yhat).": F.cross_entropy(Yhat, y),
        "it sums -log(Yhat) over every class: multiply by the one-hot Y so that only the true class counts.": no_targets.mean(),
        "it averages -log(Yhat) over every entry: multiply by the one-hot Y so that only the true class counts.": no_targets.mean() / ny,
    }
    Yhat, Y, L_ref = (t.to(device=device, dtype=dtype) for t in (Yhat, Y, L_ref))
    loss_mistakes = {m: t.to(device=device, dtype=dtype) for m, t in loss_mistakes.items()}
    result = call("loss_accuracy", loss_accuracy, Yhat, Y)
    if not (isinstance(result, tuple) and len(result) == 2):
        raise CheckFailed(f"loss_accuracy returned a {type(result).__name__}, expected a pair (L, acc).")
    L, acc = result
    if isinstance(L, torch.Tensor) and L.shape == (n,):
        raise CheckFailed(f"L has shape {shape_str(L.shape)}, expected a 0-dim tensor: average the per-sample losses (.mean()).")
    expect_tensor("L", L, L_ref, loss_mistakes)
    expect_accuracy(acc, acc_ref, n, "Yhat", {
        "It compares the probabilities Yhat with the one-hot Y entry by entry:"
        " compare the predicted classes, Yhat.argmax(dim=1) == Y.argmax(dim=1).": acc_elementwise,
    })
    passed("loss_accuracy", f"L equals F.nll_loss(log Yhat, y) and acc = {acc_ref:.2f} (n={n}, ny={ny}, {str(dtype)[6:]} on {device.type})")


# --------------------------------------------------------------------------- backward
def _output_error(params: Mapping[str, torch.Tensor], X: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """delta_y = dL/dytilde (n, ny) of the mean cross-entropy, by torch.autograd."""
    with torch.enable_grad():
        ytilde = reference_forward(params, X)["ytilde"].detach().requires_grad_(True)
        return torch.autograd.grad(F.cross_entropy(ytilde, y), ytilde)[0]


def _gradient_mistakes(key: str, ref: torch.Tensor, n: int, wrong_derivatives: Mapping[str, dict],
                       wrong_inputs: Mapping[str, torch.Tensor] | None = None) -> dict[str, torch.Tensor]:
    """Known wrong results for the gradient ``key``, each with the message that names it."""
    mistakes = {
        f"it is n={n} times too large: did you differentiate the summed loss instead of the mean (divide by n once)?": n * ref,
        f"it is n={n} times too small: did you divide by n twice?": ref / n,
        "it has the wrong sign: the gradient of L w.r.t. ytilde is (Yhat - Y) / n, not (Y - Yhat) / n.": -ref,
    }
    if ref.dim() == 2 and ref.shape[0] == ref.shape[1]:
        mistakes["it is transposed."] = ref.T
    if key == "Wy" and wrong_inputs is not None:
        mistakes["it is computed from htilde: the output layer takes h = tanh(htilde), so dL/dWy = delta_y.T @ h."] = wrong_inputs["Wy"]
    if key in ("Wh", "bh"):
        mistakes.update({
            "the tanh derivative is missing: multiply by (1 - h**2) elementwise.": wrong_derivatives["missing"][key],
            "that is the sigmoid's derivative h (1 - h); tanh's is 1 - h**2.": wrong_derivatives["sigmoid"][key],
            "the derivative of tanh is 1 - tanh(htilde)**2 = 1 - h**2, not 1 - htilde**2.": wrong_derivatives["of_htilde"][key],
        })
    return mistakes


BACKWARD_HINTS = {
    "cannot be multiplied": (" Shapes: delta_y (n, ny), Wy (ny, nh), h (n, nh), X (n, nx);"
                             " delta_h = (delta_y @ Wy) * (1 - h**2), dWy = delta_y.T @ h, dWh = delta_h.T @ X."),
}
"""Hints for the errors a backward pass commonly raises (see ``call``)."""


def check_backward(backward: Callable, n: int = 6, nx: int = 3, nh: int = 5, ny: int = 4,
                   dtype: torch.dtype = torch.float64, device: str | torch.device | None = None, seed: int = 0) -> None:
    """The four gradients against torch.autograd's, on outputs computed by torch."""
    __tracebackhide__ = True
    device = resolve_device(device)
    cpu = torch.device("cpu") if device.type == "meta" else device
    params, X, Y, y = random_problem(n, nx, nh, ny, dtype, cpu, seed)
    with quiet(), torch.no_grad():
        outputs = reference_forward(params, X)
    expected = autograd_grads(params, X, y)
    wrong = {d: autograd_grads(params, X, y, d) for d in ("missing", "sigmoid", "of_htilde")}
    wrong_inputs = {"Wy": _output_error(params, X, y).T @ outputs["htilde"]}
    if device.type == "meta":
        params, outputs, Y, expected = ({k: v.to("meta") for k, v in d.items()} for d in (params, outputs, {"Y": Y}, expected))
        Y = Y["Y"]
    before = {k: v.clone() for k, v in params.items()}
    grads = call_without_autograd("backward", backward, dict(params), dict(outputs), Y, where=f" (on {device.type})",
                                  hints=BACKWARD_HINTS)
    expect_keys("grads", grads, KEYS)
    for key in ["Wy", "by", "Wh", "bh"]:
        found = grads[key]
        if key in ("by", "bh") and isinstance(found, torch.Tensor) and found.shape == (n,) and n != expected[key].shape[0]:
            raise CheckFailed(f"grads[{key!r}] has shape {shape_str(found.shape)}, expected {shape_str(expected[key].shape)}:"
                              " sum over the samples (dim=0), not over the units.")
        expect_tensor(f"grads[{key!r}]", found, expected[key], _gradient_mistakes(key, expected[key], n, wrong, wrong_inputs))
    if device.type != "meta" and any(not torch.equal(before[k], params[k]) for k in KEYS):
        raise CheckFailed("backward modified the parameters: it must only compute gradients (sgd updates).")
    passed("backward", f"the 4 gradients equal torch.autograd's ({_problem_text(n, nx, nh, ny, dtype, device)})")


# --------------------------------------------------------------------------- sgd
def sgd_problem(nx: int, nh: int, ny: int, eta: float, dtype: torch.dtype, device: torch.device, seed: int,
                g: str, unchanged: str) -> tuple[dict, dict, dict, dict[str, dict[str, torch.Tensor]]]:
    """One descent step to check: (params, grads, expected p - eta * grads, mistakes) on ``device``.

    ``mistakes[key]`` maps a message to what a known wrong step gives (uphill, no eta, not
    updated: the ``unchanged`` message); ``g`` names the gradient in the messages.
    """
    cpu = torch.device("cpu") if device.type == "meta" else device
    params, _, _, _ = random_problem(1, nx, nh, ny, dtype, cpu, seed)
    grads, _, _, _ = random_problem(1, nx, nh, ny, dtype, cpu, seed + 1)
    expected = {k: params[k] - eta * grads[k] for k in KEYS}
    mistakes = {k: {f"it goes uphill: descent is p - eta * {g}, not p + eta * {g}.": params[k] + eta * grads[k],
                    f"the learning rate eta is missing: p - eta * {g}.": params[k] - grads[k],
                    unchanged: params[k]} for k in KEYS}
    if device.type == "meta":
        params, grads, expected = ({k: v.to("meta") for k, v in d.items()} for d in (params, grads, expected))
    return params, grads, expected, mistakes


def check_sgd(sgd: Callable, nx: int = 3, nh: int = 5, ny: int = 4, eta: float = 0.1,
              dtype: torch.dtype = torch.float64, device: str | torch.device | None = None, seed: int = 0) -> None:
    """p <- p - eta * g for every key, returned."""
    __tracebackhide__ = True
    device = resolve_device(device)
    params, grads, expected, mistakes = sgd_problem(
        nx, nh, ny, eta, dtype, device, seed, "g", "it was not updated: store each new tensor in the dict you return"
        " (params[key] = ...); assigning to a loop variable changes nothing.")
    grads_before = {k: v.clone() for k, v in grads.items()}
    result = call("sgd", sgd, dict(params), grads, eta, where=f" (on {device.type})")
    if result is None:
        raise CheckFailed("sgd returned None: return the (updated) params dict.")
    expect_keys("sgd(...)", result, KEYS)
    for k in KEYS:
        expect_tensor(f"sgd(...)[{k!r}]", result[k], expected[k], mistakes[k])
    if device.type != "meta" and any(not torch.equal(grads_before[k], grads[k]) for k in KEYS):
        raise CheckFailed("sgd modified the gradients: only the parameters change.")
    passed("sgd", f"p - eta * g for every parameter (eta={eta}, {str(dtype)[6:]} on {device.type})")


VISIBLE: dict[str, Callable[[Callable], None]] = {
    "init_params": check_init_params,
    "forward": check_forward,
    "loss_accuracy": check_loss_accuracy,
    "backward": check_backward,
    "sgd": check_sgd,
}
"""The visible check of each graded function, by its grade_id."""
