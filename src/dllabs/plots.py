"""Plots of the labs: training curves, decision boundaries, images, confusion matrices.

Every function returns its matplotlib Figure (made with pyplot, so Jupyter shows it
at the end of the cell; write ``fig = plot_...(...)`` or end the line with ``;`` to
see it once). Nothing here calls ``plt.show()`` or picks a backend, so the functions
also work headless (nbgrader, CI). Tensors may be on any device and require grad.

While nbgrader runs a notebook (:func:`dllabs.grading.grading_mode`), figures are still
made but not drawn: each shows as one line of text (:data:`GRADING_FIGURE_NOTE`), see
:func:`figures_as_notes_while_grading`.
"""

from __future__ import annotations

import math
import os
import sys
from typing import TYPE_CHECKING, Sequence

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from dllabs.grading import grading_mode
from dllabs.language import say

if TYPE_CHECKING:
    from dllabs.data import Circles

_INLINE = "module://matplotlib_inline.backend_inline"


def grading_figure_note() -> str:
    """The line a figure shows as while grading, in the notebook's language (``GRADING_FIGURE_NOTE``)."""
    return say("[figure not drawn while grading (the graded run is a short one): run the notebook to see it]",
               "[figure non dessinée pendant la notation (l'exécution notée est courte) : exécutez le notebook"
               " pour la voir]")


def __getattr__(name: str) -> str:
    """``GRADING_FIGURE_NOTE``: :func:`grading_figure_note`, read when asked (the language is picked then)."""
    if name == "GRADING_FIGURE_NOTE":
        return grading_figure_note()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")  # not shown to students: Python's words


def figures_as_notes_while_grading() -> bool:
    """While grading, show every figure as :data:`GRADING_FIGURE_NOTE` instead of an image.

    In grading mode the training cells run for a few steps on a small subset, so their
    figures (curves, decision boundaries, confusion matrices) show a barely trained model
    that is not the student's result; drawing them to PNG cost about 0.4-1 s a notebook
    (benchmarks/cell_times.py) and made the feedback larger. The figures are still built
    (a plotting call that fails for the student fails while grading too), only not rendered.
    Nor are they drawn: pyplot's own hook, which draws every changed figure after each cell
    in interactive mode, is removed (``plt.uninstall_repl_displayhook``). Its draw, with no
    image made from it, was 0.15-0.3 s of each cell that made a figure.

    Acts only in grading mode, inside an IPython kernel whose matplotlib backend is the
    inline one (what ipykernel selects); elsewhere nothing changes. Returns whether it acted.
    Called once when ``dllabs.plots`` is imported.
    """
    if not grading_mode() or "IPython" not in sys.modules:
        return False
    from IPython import get_ipython

    shell = get_ipython()
    backend = os.environ.get("MPLBACKEND") or matplotlib.rcParams["backend"]
    if shell is None or not hasattr(shell, "display_formatter") or backend not in (_INLINE, "inline"):
        return False
    from IPython.core.pylabtools import select_figure_formats

    if "matplotlib_inline.backend_inline" not in sys.modules:
        plt.switch_backend(_INLINE)  # loading it sets its image formats up now, not at the first figure
    select_figure_formats(shell, set())  # no image/png (nor any image) for a Figure
    plt.uninstall_repl_displayhook()  # the inline backend still shows (as the note) and closes each figure
    shell.display_formatter.formatters["text/plain"].for_type(Figure,
                                                              lambda fig, p, cycle: p.text(grading_figure_note()))
    return True


def _numpy(x) -> np.ndarray:
    """A tensor (any device, grad or not), array or list, as a NumPy array."""
    if isinstance(x, torch.Tensor):
        return x.detach().cpu().numpy()
    return np.asarray(x)


def plot_curves(history: dict[str, list[float]], title: str | None = None) -> Figure:
    """Losses (left axes) and accuracies (right axes) against the epoch/step index.

    Args:
        history: name -> values, one per epoch or step, e.g. ``"train_loss"``,
            ``"test_loss"``, ``"train_acc"``, ``"test_acc"`` (any subset). Names
            containing ``"acc"`` go right, all others left.
        title: the figure's title.
    """
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 4))
    for name, values in history.items():
        values = [float(v) for v in values]
        ax = ax_acc if "acc" in name else ax_loss
        ax.plot(range(len(values)), values, label=name, marker="." if len(values) < 30 else None)
    for ax, what in ((ax_loss, say("loss", "perte")), (ax_acc, say("accuracy", "exactitude"))):
        ax.set_xlabel(say("epoch / step", "époque / pas"))
        ax.set_ylabel(what)
        ax.grid(alpha=0.3)
        if ax.lines:
            ax.legend()
        else:
            ax.text(0.5, 0.5, say(f"no {what} recorded", f"aucune {what} enregistrée"), ha="center", va="center",
                    transform=ax.transAxes, color="gray")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_decision_boundary(data: Circles, probs, ax: Axes | None = None,
                           title: str | None = None) -> Figure:
    """Predicted probability of class 1 over ``data.Xgrid``, with the data points.

    Args:
        data: a ``Circles`` data set (its grid, train and test points are drawn).
        probs: shape (1600,), the probability of class 1 at each row of
            ``data.Xgrid``, or shape (1600, 2), class probabilities (column 1 used).
        ax: axes to draw in (a new figure if None).
        title: the axes' title.
    """
    p = _numpy(probs).astype(np.float64)
    n_grid = data.grid_shape[0] * data.grid_shape[1]
    if p.ndim == 2 and p.shape[1] == 2:
        p = p[:, 1]
    if p.shape != (n_grid,):
        shape = tuple(_numpy(probs).shape)
        raise ValueError(say(f"probs has shape {shape}, expected ({n_grid},) "
                             f"or ({n_grid}, 2): the probabilities at the points of data.Xgrid",
                             f"probs a la forme {shape}, on attend ({n_grid},) "
                             f"ou ({n_grid}, 2) : les probabilités aux points de data.Xgrid"))
    if ax is None:
        fig, ax = plt.subplots(figsize=(5, 5))
    else:
        fig = ax.figure
    grid = _numpy(data.Xgrid).astype(np.float64)
    xs, ys = grid[: data.grid_shape[1], 0], grid[:: data.grid_shape[1], 1]
    Z = p.reshape(data.grid_shape)  # Z[i, j]: at x = xs[j], y = ys[i]
    ax.contourf(xs, ys, Z, levels=np.linspace(0, 1, 11), cmap="RdBu", alpha=0.5)
    ax.contour(xs, ys, Z, levels=[0.5], colors="k", linewidths=1)
    colors = ("tab:red", "tab:blue")  # class 0, class 1: the ends of RdBu
    for split, X, y, marker in (("train", data.Xtrain, data.ytrain, "o"),
                                ("test", data.Xtest, data.ytest, "x")):
        X, y = _numpy(X), _numpy(y)
        for c in range(data.ny):
            kw = {"edgecolors": "k", "linewidths": 0.5} if marker == "o" else {}
            ax.scatter(X[y == c, 0], X[y == c, 1], c=colors[c], marker=marker, s=18,
                       label=say(f"{split}, class {c}", f"{split}, classe {c}"), **kw)
    ax.set_xlim(-2, 2)
    ax.set_ylim(-2, 2)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="upper right", fontsize=7)  # not shown to students: matplotlib's key
    if title:
        ax.set_title(title)
    return fig


def _grid(n: int, ncols: int, cell: tuple[float, float]) -> tuple[Figure, list]:
    """A figure of ``n`` axes in rows of at most ``ncols``, each ``cell`` inches (w, h); the unused ones removed."""
    cols = max(1, min(ncols, n))
    rows = max(1, math.ceil(n / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(cell[0] * cols, cell[1] * rows), squeeze=False)
    for ax in axes.flat[n:]:
        fig.delaxes(ax)
    return fig, list(axes.flat[:n])


def show_images(images: torch.Tensor, titles: Sequence[str] | None = None, ncols: int = 8,
                mean: Sequence[float] | None = None, std: Sequence[float] | None = None) -> Figure:
    """A grid of images, one per axes, with optional titles.

    Args:
        images: shape (n, C, H, W), C in {1, 3}, values in [0, 1] once un-normalised.
        titles: n strings, one per image.
        ncols: images per row (at most).
        mean, std: C numbers each: images are shown as ``x * std + mean`` per channel,
            undoing ``transforms.Normalize(mean, std)``. Values are then clipped to [0, 1].
    """
    x = torch.as_tensor(_numpy(images), dtype=torch.float32)
    if x.ndim != 4 or x.shape[1] not in (1, 3):
        shape = tuple(x.shape)
        raise ValueError(say(f"images has shape {shape}, expected (n, C, H, W) with C 1 or 3",
                             f"images a la forme {shape}, on attend (n, C, H, W) avec C = 1 ou 3"))
    n, c = x.shape[:2]
    if titles is not None and len(titles) != n:
        raise ValueError(say(f"{len(titles)} titles for {n} images", f"{len(titles)} titres pour {n} images"))
    if std is not None:
        x = x * torch.as_tensor(std, dtype=x.dtype).reshape(-1, 1, 1)
    if mean is not None:
        x = x + torch.as_tensor(mean, dtype=x.dtype).reshape(-1, 1, 1)
    x = x.clamp(0, 1)
    fig, axes = _grid(n, ncols, (1.6, 1.8))
    for i, ax in enumerate(axes):
        if c == 1:
            ax.imshow(x[i, 0].numpy(), cmap="gray", vmin=0, vmax=1)
        else:
            ax.imshow(x[i].permute(1, 2, 0).numpy())
        ax.set_axis_off()
        if titles is not None:
            ax.set_title(str(titles[i]), fontsize=8)
    fig.tight_layout()
    return fig


def plot_confusion_matrix(y_true, y_pred, classes: list[str]) -> Figure:
    """Counts of (true class, predicted class) pairs, annotated.

    Args:
        y_true, y_pred: shape (n,), class indices in 0..len(classes)-1.
        classes: the class names; row i / column j of the matrix is class i / j.
    """
    t = torch.as_tensor(_numpy(y_true)).long().reshape(-1)
    p = torch.as_tensor(_numpy(y_pred)).long().reshape(-1)
    k = len(classes)
    if t.shape != p.shape:
        raise ValueError(say(f"y_true has {t.numel()} labels, y_pred {p.numel()}",
                             f"y_true a {t.numel()} étiquettes, y_pred {p.numel()}"))
    for name, v in (("y_true", t), ("y_pred", p)):
        if v.numel() and (v.min() < 0 or v.max() >= k):
            raise ValueError(say(f"{name} has values outside 0..{k - 1} ({k} classes)",
                                 f"{name} a des valeurs hors de 0..{k - 1} ({k} classes)"))
    cm = torch.bincount(t * k + p, minlength=k * k).reshape(k, k).numpy()
    fig, ax = plt.subplots(figsize=(1 + 0.6 * k, 0.8 + 0.6 * k))
    ax.imshow(cm, cmap="Blues")
    for i in range(k):
        for j in range(k):
            ax.text(j, i, str(cm[i, j]), ha="center", va="center", fontsize=8,
                    color="white" if cm[i, j] > cm.max() / 2 else "black")
    ax.set_xticks(range(k), classes, rotation=45, ha="right")
    ax.set_yticks(range(k), classes)
    ax.set_xlabel(say("predicted class", "classe prédite"))
    ax.set_ylabel(say("true class", "vraie classe"))
    acc = np.trace(cm) / max(cm.sum(), 1)
    ax.set_title(say(f"accuracy {100 * acc:.1f}% ({cm.sum()} samples)",
                     f"exactitude {100 * acc:.1f}\u202f% ({cm.sum()} exemples)"))
    fig.tight_layout()
    return fig


def plot_linear_boundary(X, y, w=None, b=None, ax: Axes | None = None, title: str | None = None,
                         lim: float = 2.5) -> Figure:
    """2-D points coloured by their label, and the line w . x + b = 0 with its + side shaded.

    Args:
        X: shape (n, 2), the points.
        y: shape (n,), labels in {-1, +1} (or {0, 1}: 0 is drawn as the negative class).
        w, b: shape (2,) and a number (or 0-dim tensor): the linear classifier
            sign(w . x + b); no line is drawn when w is None or zero.
        ax: axes to draw in (a new figure if None).
        title: the axes' title.
        lim: the axes show [-lim, lim]^2.
    """
    if ax is None:
        fig, ax = plt.subplots(figsize=(4, 4))
    else:
        fig = ax.figure
    P, lab = _numpy(X).astype(np.float64), _numpy(y).astype(np.float64).reshape(-1)
    if P.ndim != 2 or P.shape[1] != 2 or len(P) != len(lab):
        raise ValueError(say(f"X has shape {P.shape} and y {lab.shape}: expected (n, 2) and (n,)",
                             f"X a la forme {P.shape} et y {lab.shape} : on attend (n, 2) et (n,)"))
    if w is not None:
        wv, bv = _numpy(w).astype(np.float64).reshape(-1), float(_numpy(b if b is not None else 0.0))
        if wv.shape != (2,):
            raise ValueError(say(f"w has shape {wv.shape}, expected (2,)", f"w a la forme {wv.shape}, on attend (2,)"))
        if np.any(wv != 0):
            axis = np.linspace(-lim, lim, 201)
            gx, gy = np.meshgrid(axis, axis)
            ax.contourf(gx, gy, wv[0] * gx + wv[1] * gy + bv, levels=[-np.inf, 0, np.inf],
                        colors=["tab:red", "tab:blue"], alpha=0.12)
            ax.contour(gx, gy, wv[0] * gx + wv[1] * gy + bv, levels=[0], colors="k", linewidths=1)
    for value, color, name in ((1.0, "tab:blue", "+1"), (None, "tab:red", "-1")):
        mask = lab > 0 if value == 1.0 else lab <= 0
        ax.scatter(P[mask, 0], P[mask, 1], c=color, s=20, edgecolors="k", linewidths=0.5, label=f"y = {name}")
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title, fontsize=9)
    return fig


def plot_weight_images(weight, image_shape: tuple[int, int] = (28, 28), titles: Sequence[str] | None = None,
                       ncols: int = 10) -> Figure:
    """Each row of a linear layer's weight as an image: the "templates" of a linear classifier.

    Row c of ``weight`` (shape (k, H*W)) scores class c by the dot product w_c . x with the
    flattened image x, so pixels drawn red (w > 0) vote for c where there is ink, blue ones against.
    All images share one colour scale, symmetric around 0, so that they can be compared.

    Args:
        weight: shape (k, H*W), e.g. the (10, 784) weight of ``nn.Linear(784, 10)``.
        image_shape: (H, W), the shape each row is shown as.
        titles: k strings (default: the row index).
        ncols: images per row (at most).
    """
    w = torch.as_tensor(_numpy(weight), dtype=torch.float32)
    h, wd = image_shape
    if w.ndim != 2 or w.shape[1] != h * wd:
        shape = tuple(w.shape)
        raise ValueError(say(f"weight has shape {shape}, expected (k, {h * wd}) for images of shape {image_shape}",
                             f"weight a la forme {shape}, on attend (k, {h * wd}) pour des images de forme"
                             f" {image_shape}"))
    k = w.shape[0]
    if titles is not None and len(titles) != k:
        raise ValueError(say(f"{len(titles)} titles for {k} weight images",
                             f"{len(titles)} titres pour {k} images de poids"))
    scale = max(w.abs().max().item(), 1e-12)
    fig, axes = _grid(k, ncols, (1.4, 1.6))
    for i, ax in enumerate(axes):
        image = ax.imshow(w[i].reshape(h, wd).numpy(), cmap="RdBu_r", vmin=-scale, vmax=scale)
        ax.set_axis_off()
        ax.set_title(str(titles[i]) if titles is not None else str(i), fontsize=9)
    fig.colorbar(image, ax=axes, shrink=0.8, label=say("weight", "poids"))
    return fig


def reliability_bins(confidence, correct, bins: int = 10) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Per confidence bin: (mean confidence, accuracy, count), and the expected calibration error.

    Args:
        confidence: shape (n,), the largest softmax probability of each prediction, in [0, 1].
        correct: shape (n,), whether each prediction is right (bool or 0/1).
        bins: equal-width bins of [0, 1]; bin b holds confidences in (b/bins, (b+1)/bins]
            (0 goes to the first bin).

    Returns ``(conf, acc, count, ece)``, each array of shape (bins,) (NaN for empty bins), and
    ECE = sum_b (count_b / n) * |acc_b - conf_b|.
    """
    c = _numpy(confidence).astype(np.float64).reshape(-1)
    r = _numpy(correct).astype(np.float64).reshape(-1)
    if c.shape != r.shape:
        raise ValueError(say(f"confidence has {c.size} values, correct {r.size}",
                             f"confidence a {c.size} valeurs, correct {r.size}"))
    if c.size and (c.min() < 0 or c.max() > 1):
        raise ValueError(say("confidence must lie in [0, 1] (softmax probabilities)",
                             "confidence doit être dans [0, 1] (des probabilités softmax)"))
    index = np.clip(np.ceil(c * bins).astype(int) - 1, 0, bins - 1)
    count = np.bincount(index, minlength=bins).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        conf = np.bincount(index, weights=c, minlength=bins) / count
        acc = np.bincount(index, weights=r, minlength=bins) / count
    filled = count > 0
    ece = float(np.sum(count[filled] / max(c.size, 1) * np.abs(acc[filled] - conf[filled])))
    return conf, acc, count, ece


def plot_reliability(confidence, correct, bins: int = 10, title: str | None = None) -> Figure:
    """Reliability diagram: accuracy against confidence per bin, with the diagonal of perfect calibration.

    Bars below the diagonal mean over-confidence. The title gives the expected calibration error
    (see :func:`reliability_bins`); a second panel shows how many predictions each bin holds.

    Args:
        confidence: shape (n,), the largest softmax probability of each prediction.
        correct: shape (n,), whether each prediction is right.
        bins: number of equal-width confidence bins.
        title: the figure's title (the ECE is added to it).
    """
    conf, acc, count, ece = reliability_bins(confidence, correct, bins)
    edges = np.linspace(0, 1, bins + 1)
    centres, width = (edges[:-1] + edges[1:]) / 2, 1 / bins
    fig, (ax, ax_count) = plt.subplots(2, 1, figsize=(4.5, 5.5), sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    filled = count > 0
    accuracy = say("accuracy", "exactitude")
    ax.bar(centres[filled], acc[filled], width=width, edgecolor="k", color="tab:blue", label=accuracy)
    ax.bar(centres[filled], (conf - acc)[filled], bottom=acc[filled], width=width, color="tab:red", alpha=0.3,
           edgecolor="tab:red", label=say("gap to confidence", "écart à la confiance"))
    ax.plot([0, 1], [0, 1], "k--", linewidth=1, label=say("perfect calibration", "calibration parfaite"))
    ax.set(xlim=(0, 1), ylim=(0, 1), ylabel=accuracy)
    ax.legend(loc="upper left", fontsize=8)  # not shown to students: matplotlib's key
    ax_count.bar(centres, count, width=width, color="gray", edgecolor="k")
    ax_count.set(xlabel=say("confidence (largest softmax probability)", "confiance (plus grande probabilité softmax)"),
                 ylabel=say("count", "effectif"))
    prefix = say(f"{title}: ", f"{title} : ") if title else ""
    fig.suptitle(say(f"{prefix}ECE = {100 * ece:.1f}%", f"{prefix}ECE = {100 * ece:.1f}\u202f%"), fontsize=10)
    fig.tight_layout()
    return fig


figures_as_notes_while_grading()
