"""Data sets of the labs: Circles and linearly separable points (toy 2-D data), dates written in many
formats (generated text), breast cancer (scikit-learn's), MNIST and CIFAR-10.

MNIST and CIFAR-10 are read by torchvision's own loaders from the data root:

- ``$DLLABS_DATA`` when that environment variable is set,
- else ``~/.cache/dllabs/data``.

Laid out as torchvision lays them out: ``<root>/MNIST/raw/*-ubyte`` and
``<root>/cifar-10-batches-py/``. Where there is a network they are downloaded there
on first use; where there is none, stage a copy once from the command line::

    python -m dllabs.data check [--root DIR]            # what is found, and where
    python -m dllabs.data stage --from DIR [--root DIR]  # copy MNIST/, cifar-10-batches-py/
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np
import torch

from .language import say

if TYPE_CHECKING:  # imported where used: `python -m dllabs.data check` stays quick
    import torchvision

MNIST_DIR = "MNIST"
CIFAR10_DIR = "cifar-10-batches-py"

# Files torchvision reads, per data set and split (MNIST: uncompressed, or .gz beside).
_FILES: dict[str, dict[str, list[str]]] = {
    "MNIST": {
        "train": ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"],
        "test": ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"],
    },
    "CIFAR-10": {
        "train": [f"data_batch_{i}" for i in range(1, 6)] + ["batches.meta"],
        "test": ["test_batch", "batches.meta"],
    },
}


# ----------------------------------------------------------------------------- Circles
class Circles:
    """2-D points labelled inside (class 1) or outside (class 0) a circle.

    Two noisy concentric rings as ``sklearn.datasets.make_circles`` draws them (noise
    0.1, radius ratio 0.5), scaled to an outer radius of 1.3 so that every point lies well
    within [-2, 2]^2. Train and test sets are drawn separately, each with balanced
    classes (sizes differ by at most one), deterministically from ``seed``.

    Attributes (tensors on ``device``; floats in ``dtype``):
        Xtrain: shape (n_train, 2), the points.
        Ytrain: shape (n_train, 2), one-hot targets (float).
        ytrain: shape (n_train,), class indices (long).
        Xtest, Ytest, ytest: the same for the test set, n_test rows.
        Xgrid: shape (1600, 2), a 40x40 grid over [-2, 2)^2 with step 0.1
            (``np.arange(-2, 2, 0.1)`` on both axes), row-major with x varying
            fastest: ``Xgrid[40 * i + j] == (xs[j], ys[i])``, so values computed on
            it reshape to ``grid_shape`` as ``Z[i, j]`` = value at (x=xs[j], y=ys[i]).
        grid_shape: (40, 40).
        nx: input dimension (2). ny: number of classes (2).
    """

    SCALE = 1.3
    nx = 2
    ny = 2

    def __init__(
        self,
        n_train: int = 200,
        n_test: int = 200,
        seed: int = 0,
        device: torch.device | str | None = None,
        dtype: torch.dtype = torch.float32,
    ) -> None:
        self.n_train, self.n_test, self.seed = n_train, n_test, seed
        self.device = torch.device(device) if device is not None else torch.device("cpu")
        self.dtype = dtype
        rng = np.random.RandomState(seed)
        self.Xtrain, self.Ytrain, self.ytrain = self._draw(n_train, rng)
        self.Xtest, self.Ytest, self.ytest = self._draw(n_test, rng)

        axis = np.arange(-2, 2, 0.1)
        gx, gy = np.meshgrid(axis, axis)  # gx[i, j] = axis[j], gy[i, j] = axis[i]
        grid = np.stack([gx.ravel(), gy.ravel()], axis=1)
        self.Xgrid = torch.as_tensor(grid, dtype=dtype, device=self.device)
        self.grid_shape = (len(axis), len(axis))

    def _draw(self, n: int, rng: np.random.RandomState) -> tuple[torch.Tensor, ...]:
        """n points: X (n, 2) float, Y (n, 2) one-hot float, y (n,) long.

        The recipe of ``sklearn.datasets.make_circles(noise=0.1, factor=0.5)``, written
        out with NumPy: importing scikit-learn would cost a second at every grading.
        """
        n_out = n // 2
        n_in = n - n_out
        angles = [np.linspace(0, 2 * np.pi, k, endpoint=False) for k in (n_out, n_in)]
        radius = np.concatenate([np.ones(n_out), np.full(n_in, 0.5)])
        theta = np.concatenate(angles)
        X = np.stack([radius * np.cos(theta), radius * np.sin(theta)], axis=1)
        y = np.concatenate([np.zeros(n_out, dtype=np.int64), np.ones(n_in, dtype=np.int64)])
        order = rng.permutation(n)
        X, y = X[order] + rng.normal(scale=0.1, size=(n, 2)), y[order]
        X = torch.as_tensor(X * self.SCALE, dtype=self.dtype, device=self.device)
        y = torch.as_tensor(y, dtype=torch.long, device=self.device)
        Y = torch.nn.functional.one_hot(y, num_classes=self.ny).to(self.dtype)
        return X, Y, y

    def __repr__(self) -> str:
        return (
            f"Circles(n_train={self.n_train}, n_test={self.n_test}, seed={self.seed}, "
            f"device={self.device}, dtype={self.dtype})"
        )


# ------------------------------------------------------------- lab 0: points, real data
def linearly_separable(n: int = 60, margin: float = 0.3, seed: int = 0,
                       dtype: torch.dtype = torch.float32) -> tuple[torch.Tensor, torch.Tensor]:
    """n 2-D points in [-2, 2]^2 and labels y in {-1, +1} split by a line, with a margin.

    The line is x2 = 0.5 x1 + 0.25 (``y = +1`` above it); every point lies at a distance
    of at least ``margin`` from it, so the perceptron converges. Deterministic per seed.

    Returns:
        X: shape (n, 2), in ``dtype``.
        y: shape (n,), values -1.0 and +1.0, in ``dtype``; both classes occur when n >= 2.
    """
    rng = np.random.RandomState(seed)
    normal = np.array([-0.5, 1.0]) / np.hypot(0.5, 1.0)  # unit normal of the line
    points: list[np.ndarray] = []
    while len(points) < n:
        p = rng.uniform(-2, 2, size=2)
        if abs((p - np.array([0.0, 0.25])) @ normal) >= margin:
            points.append(p)
    X = np.array(points).reshape(n, 2)
    y = np.where((X - np.array([0.0, 0.25])) @ normal > 0, 1.0, -1.0)
    if n >= 2 and len(set(y)) == 1:  # both classes, whatever the draw
        X[-1], y[-1] = -X[-1] + np.array([0.0, 0.5]), -y[-1]
    return torch.as_tensor(X, dtype=dtype), torch.as_tensor(y, dtype=dtype)


# ----------------------------------------------------------------------------- Dates
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]
MONTHS_FR_SHORT = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
DAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def _date_formats() -> list[Callable]:
    """Ways of writing a date (a ``datetime.date``), in English and French."""
    return [
        lambda d: f"{d.day} {MONTHS_FR[d.month - 1]} {d.year}",                     # 6 décembre 2026
        lambda d: f"{DAYS_FR[d.weekday()]} {d.day} {MONTHS_FR[d.month - 1]} {d.year}",  # dimanche 6 décembre 2026
        lambda d: f"{d.day} {MONTHS_FR_SHORT[d.month - 1]} {d.year}",              # 6 déc. 2026
        lambda d: f"{MONTHS_EN[d.month - 1][:3]} {d.day}, {d.year}",                # Dec 6, 2026
        lambda d: f"{MONTHS_EN[d.month - 1]} {d.day}, {d.year}",                    # December 6, 2026
        lambda d: f"{DAYS_EN[d.weekday()]}, {MONTHS_EN[d.month - 1]} {d.day}, {d.year}",  # Sunday, December 6, 2026
        lambda d: f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}",                     # 6 December 2026
        lambda d: f"{d.day:02d}/{d.month:02d}/{d.year % 100:02d}",                  # 06/12/26 (day first)
        lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",                            # 06/12/2026
        lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",                            # 06.12.2026
        lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}",                            # 2026/12/06
    ]


class Dates:
    """Dates written in many formats, French and English ("6 décembre 2026", "Dec 6, 2026", "06/12/26"),
    and their ISO form "2026-12-06": a translation task for an encoder-decoder, generated offline.

    Dates are drawn uniformly between 1950-01-01 and 2049-12-31 (two-digit years: 50-99 are 1950-1999,
    00-49 are 2000-2049), each written in a format drawn among :func:`_date_formats`; the split into
    train / validation / test is made by date, so no test date is seen in training. Deterministic per seed.

    Tokens: inputs are characters of ``in_chars`` (0 is padding), outputs of ``out_chars`` ("0".."9", "-",
    index 0 the start token ``bos``). Attributes ``Xtrain`` (n, L) long, padded with 0, and ``Ytrain``
    (n, 10) long, the same for ``val`` and ``test``; ``texts_*`` and ``iso_*`` hold the strings.
    """

    out_chars = "^0123456789-"
    bos = 0
    length = 10

    def __init__(self, n_train: int = 12000, n_val: int = 1000, n_test: int = 1000, seed: int = 0,
                 device: str | torch.device | None = None) -> None:
        import datetime

        rng = np.random.RandomState(seed)
        first, span = datetime.date(1950, 1, 1), (datetime.date(2049, 12, 31) - datetime.date(1950, 1, 1)).days + 1
        n = n_train + n_val + n_test
        days = rng.choice(span, size=n, replace=n > span)
        formats = _date_formats()
        dates = [first + datetime.timedelta(days=int(k)) for k in days]
        texts = [formats[rng.randint(len(formats))](d) for d in dates]
        isos = [d.isoformat() for d in dates]
        self.in_chars = "_" + "".join(sorted({c for t in texts for c in t} | set("0123456789 ,./-")))
        self.max_len = max(len(t) for t in texts)
        bounds = {"train": (0, n_train), "val": (n_train, n_train + n_val), "test": (n_train + n_val, n)}
        for split, (a, b) in bounds.items():
            setattr(self, f"texts_{split}", texts[a:b])
            setattr(self, f"iso_{split}", isos[a:b])
            setattr(self, f"X{split}", self.encode(texts[a:b]).to(device))
            setattr(self, f"Y{split}", torch.tensor([[self.out_chars.index(c) for c in s] for s in isos[a:b]],
                                                    dtype=torch.long).view(-1, self.length).to(device))

    def encode(self, texts: Sequence[str]) -> torch.Tensor:
        """(n, max_len) long: the characters' indices in ``in_chars``, padded with 0 (an unknown one: 0)."""
        out = torch.zeros(len(texts), self.max_len, dtype=torch.long)
        for i, text in enumerate(texts):
            codes = [max(self.in_chars.find(c), 0) for c in text[:self.max_len]]
            out[i, :len(codes)] = torch.tensor(codes, dtype=torch.long)
        return out

    def decode(self, tokens: torch.Tensor) -> list[str]:
        """The strings of output tokens (n, T)."""
        return ["".join(self.out_chars[int(k)] for k in row) for row in tokens.tolist()]

    def __repr__(self) -> str:
        sizes = f"train={len(self.texts_train)}, val={len(self.texts_val)}, test={len(self.texts_test)}"
        chars, longest = len(self.in_chars), self.max_len
        return say(f"Dates({sizes}, {chars} input characters, inputs up to {longest} characters)",
                   f"Dates({sizes}, {chars} caractères d'entrée, entrées de {longest} caractères au plus)")


@dataclass(frozen=True)
class BreastCancer:
    """scikit-learn's breast-cancer data (569 tumours, 30 features), split and standardised.

    Attributes (tensors on one device, floats in one dtype):
        Xtrain: shape (n_train, 30), standardised with the TRAIN mean and std.
        ttrain: shape (n_train,), 1.0 for benign, 0.0 for malignant (scikit-learn's coding).
        Xtest, ttest: the same for the test set, standardised with the train statistics too.
        mean, std: shape (30,), the train set's mean and standard deviation (raw units).
        feature_names: the 30 features' names.
    """

    Xtrain: torch.Tensor
    ttrain: torch.Tensor
    Xtest: torch.Tensor
    ttest: torch.Tensor
    mean: torch.Tensor
    std: torch.Tensor
    feature_names: list[str]


_CANCER_FEATURES = ["radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
                    "concave points", "symmetry", "fractal dimension"]  # not shown to students: scikit-learn's names
BREAST_CANCER_FEATURES = ([f"mean {f}" for f in _CANCER_FEATURES] + [f"{f} error" for f in _CANCER_FEATURES]
                          + [f"worst {f}" for f in _CANCER_FEATURES])
"""The 30 feature names of ``load_breast_cancer``, in its order."""


def breast_cancer_arrays() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's breast cancer data: X (569, 30) and the targets t (569,) (0 malignant,
    1 benign), float64, the rows of ``load_breast_cancer``.

    Read from the CSV scikit-learn ships (``sklearn/datasets/data/breast_cancer.csv``: a
    header ``569,30,malignant,benign``, then 30 features and the target per row) without
    importing scikit-learn (0.9 s); through ``load_breast_cancer`` where that file is not."""
    import importlib.util

    spec = importlib.util.find_spec("sklearn")  # finds the package, imports nothing
    folders = spec.submodule_search_locations if spec and spec.submodule_search_locations else []
    csv = next((Path(f) / "datasets" / "data" / "breast_cancer.csv" for f in folders), None)
    if csv is not None and csv.is_file():
        table = np.loadtxt(csv, delimiter=",", skiprows=1, dtype=np.float64)
        if table.shape == (569, 31):
            return table[:, :30], table[:, 30]
    from sklearn.datasets import load_breast_cancer

    raw = load_breast_cancer()
    return np.asarray(raw.data, dtype=np.float64), np.asarray(raw.target, dtype=np.float64)


def breast_cancer(test_fraction: float = 0.25, seed: int = 0, dtype: torch.dtype = torch.float32,
                  device: torch.device | str | None = None) -> BreastCancer:
    """scikit-learn's ``load_breast_cancer`` (shipped with it: no download), as tensors.

    A stratified split (each class keeps its share in both sets), deterministic per seed,
    of ``round(test_fraction * n_class)`` test rows per class; both sets are standardised
    with the mean and (population) standard deviation of the TRAIN set only, so nothing of
    the test set leaks into training.
    """
    X, t = breast_cancer_arrays()
    rng = np.random.RandomState(seed)
    test = np.zeros(len(t), dtype=bool)
    for c in (0.0, 1.0):
        rows = rng.permutation(np.flatnonzero(t == c))
        test[rows[: int(round(test_fraction * len(rows)))]] = True
    mean, std = X[~test].mean(axis=0), X[~test].std(axis=0)

    def tensor(a: np.ndarray) -> torch.Tensor:
        return torch.as_tensor(a, dtype=dtype, device=device)

    return BreastCancer(Xtrain=tensor((X[~test] - mean) / std), ttrain=tensor(t[~test]),
                        Xtest=tensor((X[test] - mean) / std), ttest=tensor(t[test]),
                        mean=tensor(mean), std=tensor(std), feature_names=list(BREAST_CANCER_FEATURES))


# ------------------------------------------------------------------ MNIST and CIFAR-10
class DataUnavailableError(RuntimeError):
    """A data set is neither on disk nor downloadable; the message says what to do."""


def data_root() -> Path:
    """The folder MNIST and CIFAR-10 are read from (and downloaded to).

    ``$DLLABS_DATA`` if that environment variable is set (and not empty), else
    ``~/.cache/dllabs/data``; ``~`` is expanded.
    """
    return Path(os.environ.get("DLLABS_DATA") or "~/.cache/dllabs/data").expanduser()


def _folder(name: str, root: Path) -> Path:
    """Where torchvision looks for the files of ``name`` under ``root``."""
    return root / MNIST_DIR / "raw" if name == "MNIST" else root / CIFAR10_DIR


def _missing(name: str, root: Path, splits: Sequence[str] = ("train", "test")) -> list[str]:
    """The files of ``name`` (for ``splits``) that are not under ``root``."""
    folder = _folder(name, root)
    files = dict.fromkeys(f for split in splits for f in _FILES[name][split])
    return [
        f for f in files
        if not (folder / f).is_file() and not (name == "MNIST" and (folder / f"{f}.gz").is_file())
    ]


def _unavailable(name: str, root: Path, missing: list[str], why: str) -> DataUnavailableError:
    """The one-line error telling what is missing, where, and what to do."""
    sub = MNIST_DIR if name == "MNIST" else CIFAR10_DIR
    shown = ", ".join(missing[:3]) + (", ..." if len(missing) > 3 else "")
    folder = _folder(name, root)
    return DataUnavailableError(say(
        f"{name} is not in {root} (missing {folder}: {shown}) and {why}. "
        f"Copy the {sub} folder there once (python -m dllabs.data stage --from DIR copies it; "
        f"python -m dllabs.data check tells what is found) or set DLLABS_DATA to a folder "
        f"that holds it.",
        f"{name} est absent de {root} (il manque dans {folder} : {shown}) et {why}. "
        f"Copiez-y une fois le dossier {sub} (python -m dllabs.data stage --from DIR le copie ; "
        f"python -m dllabs.data check indique ce qui est trouvé) ou faites pointer DLLABS_DATA vers un dossier "
        f"qui le contient."
    ))


def _open(cls: type, name: str, root: Path, train: bool, transform: Callable, download: bool):
    """``cls(root, train, transform, download)``, or DataUnavailableError, one line."""
    missing = _missing(name, root)
    try:
        if missing and not download:
            raise FileNotFoundError(missing[0])
        return cls(str(root), train=train, transform=transform, download=download)
    except Exception as err:  # noqa: BLE001 - any download failure means "unavailable"
        if not missing and not isinstance(err, (RuntimeError, OSError)):
            raise  # the files are there and something else is wrong: show it
        if missing:
            why = say("could not be downloaded (no network?)", "n'a pas pu être téléchargé (pas de réseau ?)") \
                if download else say("download=False was given", "download=False a été passé")
            error = _unavailable(name, root, missing, why)
        else:
            first = (str(err).strip().splitlines() or [type(err).__name__])[0]
            folder = _folder(name, root)
            error = DataUnavailableError(say(
                f"{name} files in {folder} were rejected by torchvision ({first}): "
                f"partial or corrupted copy? Copy the folder again, or set DLLABS_DATA to a "
                f"folder that holds a complete one.",
                f"les fichiers {name} de {folder} ont été refusés par torchvision ({first}) : "
                f"copie partielle ou corrompue ? Copiez à nouveau le dossier, ou faites pointer DLLABS_DATA vers "
                f"un dossier qui en contient une copie complète."
            ))
    raise error from None


def _extract_mnist_gz(root: Path) -> None:
    """Decompress ``MNIST/raw/*.gz`` files whose uncompressed twin is missing."""
    from torchvision.datasets.utils import extract_archive

    raw = _folder("MNIST", root)
    for files in _FILES["MNIST"].values():
        for f in files:
            if not (raw / f).is_file() and (raw / f"{f}.gz").is_file():
                extract_archive(str(raw / f"{f}.gz"), str(raw))


def mnist(
    train: bool = True,
    transform: Callable | None = None,
    root: str | Path | None = None,
    download: bool = True,
) -> torchvision.datasets.MNIST:
    """MNIST through ``torchvision.datasets.MNIST``, from ``root or data_root()``.

    Items are ``(image, label)``: with the default ``ToTensor()`` transform, image is
    a float tensor of shape (1, 28, 28) in [0, 1], label an int in 0..9. torchvision
    needs the train and test files both, whichever split is asked for.

    Raises:
        DataUnavailableError: the files are missing and could not be downloaded.
    """
    import torchvision

    root = Path(root).expanduser() if root is not None else data_root()
    if _folder("MNIST", root).is_dir():
        _extract_mnist_gz(root)
    transform = transform if transform is not None else torchvision.transforms.ToTensor()
    return _open(torchvision.datasets.MNIST, "MNIST", root, train, transform, download)


def cifar10(
    train: bool = True,
    transform: Callable | None = None,
    root: str | Path | None = None,
    download: bool = True,
) -> torchvision.datasets.CIFAR10:
    """CIFAR-10 through ``torchvision.datasets.CIFAR10``, from ``root or data_root()``.

    Items are ``(image, label)``: with the default ``ToTensor()`` transform, image is
    a float tensor of shape (3, 32, 32) in [0, 1], label an int in 0..9; the class
    names are in ``.classes``. torchvision checks the MD5 of every batch file.

    Raises:
        DataUnavailableError: the files are missing (or corrupted) and could not be
            downloaded.
    """
    import torchvision

    root = Path(root).expanduser() if root is not None else data_root()
    transform = transform if transform is not None else torchvision.transforms.ToTensor()
    return _open(torchvision.datasets.CIFAR10, "CIFAR-10", root, train, transform, download)


# ------------------------------------------------------------------ command line
class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr, exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def check(root: Path) -> int:
    """Print one line per data set: are its train and test files under ``root``?

    Returns 0 if everything is present, else 1. Only presence is checked (no MD5).
    """
    ok = True
    for name in _FILES:
        parts = []
        for split in ("train", "test"):
            missing = _missing(name, root, (split,))
            ok = ok and not missing
            absent = ", ".join(missing)
            parts.append(say(f"{split} missing ({absent})", f"{split} manquant ({absent})") if missing
                         else say(f"{split} found", f"{split} trouvé"))
        listed, folder = ", ".join(parts), _folder(name, root)
        print(say(f"{name:9s} {listed} in {folder}", f"{name:9s} {listed} dans {folder}"))
    return 0 if ok else 1


def stage(source: Path, root: Path) -> int:
    """Copy ``MNIST/`` and ``cifar-10-batches-py/`` from ``source`` into ``root``, then check.

    ``source`` may also be one of those folders itself. Returns 2 on bad input.
    """
    if not source.is_dir():
        print(say(f"error: {source} is not a folder", f"erreur : {source} n'est pas un dossier"), file=sys.stderr)
        return 2
    copied = 0
    for sub in (MNIST_DIR, CIFAR10_DIR):
        src = source if source.name == sub else source / sub
        if not src.is_dir():
            continue
        dst = root / sub
        if src.resolve() != dst.resolve():
            shutil.copytree(src, dst, dirs_exist_ok=True)
            print(say(f"copied {src} -> {dst}", f"copié : {src} -> {dst}"))
        copied += 1
    if not copied:
        print(say(f"error: nothing to copy: no {MNIST_DIR}/ or {CIFAR10_DIR}/ folder in {source}",
                  f"erreur : rien à copier : aucun dossier {MNIST_DIR}/ ou {CIFAR10_DIR}/ dans {source}"),
              file=sys.stderr)
        return 2
    return check(root)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m dllabs.data {check,stage}``; returns the exit code."""
    parser = _Parser(prog="python -m dllabs.data", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p_check = commands.add_parser("check", help=say("tell which data sets are found, and where",
                                                    "indique quels jeux de données sont trouvés, et où"))
    p_stage = commands.add_parser("stage", help=say("copy data sets from a folder into the data root",
                                                    "copie des jeux de données d'un dossier vers la racine des"
                                                    " données"))
    p_stage.add_argument("--from", dest="source", type=Path, required=True,
                         help=say("folder holding MNIST/ and/or cifar-10-batches-py/",
                                  "dossier qui contient MNIST/ et/ou cifar-10-batches-py/"))
    for p in (p_check, p_stage):
        p.add_argument("--root", type=Path, default=None,
                       help=say("data root (default: $DLLABS_DATA or ~/.cache/dllabs/data)",
                                "racine des données (par défaut : $DLLABS_DATA ou ~/.cache/dllabs/data)"))
    args = parser.parse_args(argv)
    root = args.root.expanduser() if args.root is not None else data_root()
    if args.command == "check":
        return check(root)
    return stage(args.source.expanduser(), root)


if __name__ == "__main__":
    sys.exit(main())
