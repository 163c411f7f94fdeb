"""Tiny MNIST and CIFAR-10 data sets in the real on-disk formats, for offline tests.

They are read by torchvision's real loaders. Images carry a label-dependent pattern
(a bright band for MNIST, a bright channel block for CIFAR-10) on noise, so that a
model can learn them in a few steps.

- MNIST: ``<root>/MNIST/raw/{train,t10k}-{images-idx3,labels-idx1}-ubyte``, the IDX
  format (big-endian header: magic 0x0000 08 <ndim>, then one int32 per dimension,
  then uint8 data), optionally gzip'ed as ``*.gz`` beside.
- CIFAR-10: ``<root>/cifar-10-batches-py/{data_batch_1..5,test_batch,batches.meta}``,
  Python-2 pickles (strings as byte strings, as the real files: ``pickle.load(f,
  encoding="bytes")`` gives ``b"data"``, uint8 (n, 3072), and ``b"labels"``).
  ``batches.meta`` is byte-for-byte the real one (its MD5 matches torchvision's);
  the batches are not, so a test must bypass ``CIFAR10._check_integrity``.
"""

from __future__ import annotations

import gzip
import io
import pickle
import struct
from pathlib import Path

import numpy as np

CIFAR10_CLASSES = ["airplane", "automobile", "bird", "cat", "deer",
                   "dog", "frog", "horse", "ship", "truck"]
CIFAR10_BATCHES = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]

# The real cifar-10-batches-py/batches.meta (md5 5ff9c542aee3614f3951f8cda6e48888).
CIFAR10_META = (
    b"\x80\x02}q\x01(U\x13num_cases_per_batchq\x02M\x10'U\x0blabel_namesq\x03]q\x04("
    b"U\x08airplaneq\x05U\nautomobileq\x06U\x04birdq\x07U\x03catq\x08U\x04deerq\t"
    b"U\x03dogq\nU\x04frogq\x0bU\x05horseq\x0cU\x04shipq\rU\x05truckq\x0eeU\x07num_visq\x0f"
    b"M\x00\x0cu."
)


def _labels(n: int, rng: np.random.Generator) -> np.ndarray:
    """n labels in 0..9, every class present when n >= 10, shuffled; shape (n,) uint8."""
    return rng.permutation(np.arange(n) % 10).astype(np.uint8)


def tiny_mnist_arrays(n_train: int = 20, n_test: int = 10, seed: int = 0
                      ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """What ``write_tiny_mnist`` writes: split -> (images (n, 28, 28) uint8, labels (n,) uint8)."""
    rng = np.random.default_rng(seed)
    out = {}
    for split, n in (("train", n_train), ("test", n_test)):
        labels = _labels(n, rng)
        images = rng.integers(0, 64, size=(n, 28, 28), dtype=np.uint8)
        for i, c in enumerate(labels):
            images[i, 4 + 2 * c: 6 + 2 * c, 4:24] = 255
        out[split] = (images, labels)
    return out


def write_idx(path: str | Path, array: np.ndarray) -> Path:
    """Write a uint8 array in the IDX format (gzip'ed if ``path`` ends with .gz)."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim)
    header += struct.pack(f">{array.ndim}I", *array.shape)
    payload = header + array.tobytes()
    path = Path(path)
    path.write_bytes(gzip.compress(payload) if path.suffix == ".gz" else payload)
    return path


def write_tiny_mnist(root: str | Path, n_train: int = 20, n_test: int = 10, seed: int = 0,
                     compress: bool = False) -> Path:
    """Write a tiny MNIST under ``root/MNIST/raw`` (``*.gz`` only if ``compress``); return root."""
    root = Path(root)
    raw = root / "MNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    suffix = ".gz" if compress else ""
    for split, (images, labels) in tiny_mnist_arrays(n_train, n_test, seed).items():
        prefix = "train" if split == "train" else "t10k"
        write_idx(raw / f"{prefix}-images-idx3-ubyte{suffix}", images)
        write_idx(raw / f"{prefix}-labels-idx1-ubyte{suffix}", labels)
    return root


def tiny_cifar10_arrays(n_per_batch: int = 10, seed: int = 0
                        ) -> dict[str, tuple[np.ndarray, list[int]]]:
    """What ``write_tiny_cifar10`` writes: batch name -> (data (n, 3072) uint8, labels).

    A row of ``data`` is the image's red plane, then green, then blue (32x32 each,
    row-major), as in the real files.
    """
    rng = np.random.default_rng(seed)
    out = {}
    for name in CIFAR10_BATCHES:
        labels = _labels(n_per_batch, rng)
        images = rng.integers(0, 64, size=(n_per_batch, 3, 32, 32), dtype=np.uint8)
        for i, c in enumerate(labels):
            images[i, c % 3, 3 * c: 3 * c + 8, 4:28] = 255
        out[name] = (images.reshape(n_per_batch, 3072), [int(c) for c in labels])
    return out


class _Py2Pickler(pickle._Pickler):  # the pure-Python pickler: its dispatch table can be extended
    """Pickles ``bytes`` as Python 2 byte strings (``str`` in Python 2), as in CIFAR files."""

    dispatch = dict(pickle._Pickler.dispatch)

    def _save_py2_str(self, obj: bytes) -> None:
        n = len(obj)
        if n < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([n]) + obj)
        else:
            self.write(pickle.BINSTRING + struct.pack("<i", n) + obj)
        self.memoize(obj)

    dispatch[bytes] = _save_py2_str


def _py2_pickle(obj) -> bytes:
    buffer = io.BytesIO()
    _Py2Pickler(buffer, protocol=2).dump(obj)
    return buffer.getvalue()


def write_tiny_cifar10(root: str | Path, n_per_batch: int = 10, seed: int = 0) -> Path:
    """Write a tiny CIFAR-10 (6 batches of ``n_per_batch``) under ``root/cifar-10-batches-py``.

    Returns ``root``.
    """
    root = Path(root)
    folder = root / "cifar-10-batches-py"
    folder.mkdir(parents=True, exist_ok=True)
    for k, (name, (data, labels)) in enumerate(tiny_cifar10_arrays(n_per_batch, seed).items()):
        label = f"training batch {k + 1} of 5" if name != "test_batch" else "testing batch 1 of 1"
        batch = {
            b"batch_label": label.encode(),
            b"labels": labels,
            b"data": data,
            b"filenames": [f"tiny_{name}_{i}.png".encode() for i in range(len(labels))],
        }
        (folder / name).write_bytes(_py2_pickle(batch))
    (folder / "batches.meta").write_bytes(CIFAR10_META)
    return root
