"""Tests of dllabs.data: Circles, the data root, MNIST/CIFAR-10 offline, the command line."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.error import URLError

import numpy as np
import pytest
import torch
import torchvision
from torch.utils.data import DataLoader

from dllabs import data
from dllabs.data import Circles, DataUnavailableError, data_root

from tiny_datasets import (CIFAR10_CLASSES, tiny_cifar10_arrays, tiny_mnist_arrays,
                           write_tiny_cifar10, write_tiny_mnist)

SRC = Path(__file__).resolve().parents[1] / "src"


# ----------------------------------------------------------------------------- Circles
def test_circles_shapes_dtypes_and_one_hot():
    d = Circles(n_train=30, n_test=20, seed=1, dtype=torch.float64)
    assert d.Xtrain.shape == (30, 2) and d.Ytrain.shape == (30, 2) and d.ytrain.shape == (30,)
    assert d.Xtest.shape == (20, 2) and d.Ytest.shape == (20, 2) and d.ytest.shape == (20,)
    assert d.Xtrain.dtype == d.Ytrain.dtype == d.Xgrid.dtype == torch.float64
    assert d.ytrain.dtype == d.ytest.dtype == torch.long
    assert (d.nx, d.ny, d.grid_shape) == (2, 2, (40, 40))
    for Y, y in ((d.Ytrain, d.ytrain), (d.Ytest, d.ytest)):
        assert torch.equal(Y.sum(1), torch.ones(len(y), dtype=Y.dtype))
        assert torch.equal(Y.argmax(1), y)
        assert set(Y.unique().tolist()) == {0.0, 1.0}
    assert "n_train=30" in repr(d)


def test_circles_device_argument():
    d = Circles(n_train=4, n_test=4, device="cpu")
    for t in (d.Xtrain, d.Ytrain, d.ytrain, d.Xtest, d.Ytest, d.ytest, d.Xgrid):
        assert t.device.type == "cpu"
    if torch.cuda.is_available():
        d = Circles(n_train=4, n_test=4, device="cuda")
        assert d.Xtrain.is_cuda and d.ytest.is_cuda and d.Xgrid.is_cuda


def test_circles_is_deterministic_per_seed():
    a, b, c = Circles(seed=3), Circles(seed=3), Circles(seed=4)
    assert torch.equal(a.Xtrain, b.Xtrain) and torch.equal(a.ytest, b.ytest)
    assert not torch.equal(a.Xtrain, c.Xtrain)
    assert not torch.equal(a.Xtrain[:50], a.Xtest[:50])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_circles_is_balanced_inside_the_box_and_inner_class_is_one(seed):
    d = Circles(n_train=201, n_test=100, seed=seed)
    assert abs(int(d.ytrain.sum()) - 100) <= 1 and int(d.ytest.sum()) == 50
    X = torch.cat([d.Xtrain, d.Xtest])
    y = torch.cat([d.ytrain, d.ytest])
    assert X.abs().max() < 1.9
    radius = X.norm(dim=1)
    assert radius[y == 1].mean() < 0.8 < radius[y == 0].mean()  # class 1 = inside


def test_circles_grid_is_row_major_with_x_fastest():
    g = Circles(n_train=2, n_test=2).Xgrid
    axis = torch.as_tensor(np.arange(-2, 2, 0.1), dtype=torch.float32)
    assert g.shape == (1600, 2)
    assert g.min() == -2 and g.max() < 2
    assert torch.equal(g[:40, 0], axis) and torch.all(g[:40, 1] == -2)
    assert torch.equal(g[::40, 1], axis) and torch.all(g[::40, 0] == -2)
    i, j = 7, 31
    assert torch.equal(g[40 * i + j], torch.stack([axis[j], axis[i]]))


# ----------------------------------------------------------------------------- data root
def test_data_root_honours_dllabs_data(monkeypatch, tmp_path):
    monkeypatch.setenv("DLLABS_DATA", str(tmp_path / "d"))
    assert data_root() == tmp_path / "d"
    monkeypatch.setenv("DLLABS_DATA", "~/somewhere")
    assert data_root() == Path.home() / "somewhere"
    monkeypatch.delenv("DLLABS_DATA")
    assert data_root() == Path.home() / ".cache" / "dllabs" / "data"


# ----------------------------------------------------------------------------- MNIST
@pytest.mark.parametrize("compress", [False, True])
def test_tiny_mnist_round_trips_through_torchvision(tmp_path, compress):
    write_tiny_mnist(tmp_path, n_train=23, n_test=11, seed=5, compress=compress)
    expected = tiny_mnist_arrays(23, 11, 5)
    for train, split in ((True, "train"), (False, "test")):
        ds = data.mnist(train=train, root=tmp_path, download=False)
        assert isinstance(ds, torchvision.datasets.MNIST) and len(ds) == len(expected[split][1])
        X, y = zip(*DataLoader(ds, batch_size=4, shuffle=False))
        X, y = torch.cat(X), torch.cat(y)
        images, labels = expected[split]
        assert X.shape == (len(labels), 1, 28, 28) and X.dtype == torch.float32
        assert torch.equal(X[:, 0], torch.as_tensor(images).float() / 255)
        assert torch.equal(y, torch.as_tensor(labels).long())
    assert set(expected["train"][1].tolist()) == set(range(10))


def test_mnist_uses_data_root_and_given_transform(tmp_path, monkeypatch):
    monkeypatch.setenv("DLLABS_DATA", str(tmp_path))
    write_tiny_mnist(tmp_path, n_train=3, n_test=2)
    ds = data.mnist(train=False, transform=lambda img: "seen", download=False)
    assert len(ds) == 2 and ds[0] == ("seen", int(tiny_mnist_arrays(3, 2)["test"][1][0]))


# ----------------------------------------------------------------------------- CIFAR-10
def test_tiny_cifar10_round_trips_through_torchvision(tmp_path, monkeypatch):
    write_tiny_cifar10(tmp_path, n_per_batch=12, seed=2)
    monkeypatch.setattr(torchvision.datasets.CIFAR10, "_check_integrity", lambda self: True)
    expected = tiny_cifar10_arrays(12, 2)
    train = data.cifar10(train=True, root=tmp_path, download=False)
    test = data.cifar10(train=False, root=tmp_path, download=False)
    assert isinstance(train, torchvision.datasets.CIFAR10)
    assert len(train) == 60 and len(test) == 12 and train.classes == CIFAR10_CLASSES
    for ds, names in ((train, [f"data_batch_{i}" for i in range(1, 6)]), (test, ["test_batch"])):
        X, y = zip(*DataLoader(ds, batch_size=5))
        X, y = torch.cat(X), torch.cat(y)
        rows = np.concatenate([expected[n][0] for n in names])
        labels = sum((expected[n][1] for n in names), [])
        assert X.shape == (len(labels), 3, 32, 32)
        assert torch.equal(X, torch.as_tensor(rows).reshape(-1, 3, 32, 32).float() / 255)
        assert y.tolist() == labels


def test_cifar10_integrity_check_is_real(tmp_path):
    write_tiny_cifar10(tmp_path, n_per_batch=2)  # tiny batches fail torchvision's MD5 check
    with pytest.raises(DataUnavailableError, match="rejected by torchvision") as err:
        data.cifar10(root=tmp_path, download=False)
    assert "\n" not in str(err.value)


# ----------------------------------------------------------------------------- offline
def _fail_download(*args, **kwargs):
    raise URLError("[Errno -3] Temporary failure in name resolution")


@pytest.mark.parametrize("loader, module, name", [
    (data.mnist, torchvision.datasets.mnist, "MNIST"),
    (data.cifar10, torchvision.datasets.cifar, "CIFAR-10"),
])
def test_missing_data_without_network_is_one_clear_line(tmp_path, monkeypatch, loader, module, name):
    monkeypatch.setattr(module, "download_and_extract_archive", _fail_download)
    with pytest.raises(DataUnavailableError) as err:
        loader(root=tmp_path / "empty", download=True)
    message = str(err.value)
    assert "\n" not in message and message.startswith(f"{name} is not in")
    assert "DLLABS_DATA" in message and "could not be downloaded" in message
    assert err.value.__cause__ is None and err.value.__suppress_context__


def test_missing_data_with_download_false(tmp_path):
    with pytest.raises(DataUnavailableError, match="download=False") as err:
        data.mnist(root=tmp_path, download=False)
    assert "train-images-idx3-ubyte" in str(err.value) and str(tmp_path) in str(err.value)
    assert "DLLABS_DATA" in str(err.value)


def test_mnist_with_test_files_missing_is_reported(tmp_path):
    write_tiny_mnist(tmp_path, 3, 2)
    (tmp_path / "MNIST" / "raw" / "t10k-labels-idx1-ubyte").unlink()
    with pytest.raises(DataUnavailableError, match="t10k-labels-idx1-ubyte"):
        data.mnist(train=True, root=tmp_path, download=False)


# ----------------------------------------------------------------------------- command line
def _cli(*args, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DLLABS_DATA"}
    env["PYTHONPATH"] = str(SRC)
    env["HOME"] = str(tmp_path / "home")  # never the user's real data root
    return subprocess.run([sys.executable, "-m", "dllabs.data", *args], env=env,
                          capture_output=True, text=True, timeout=120)


def test_cli_check_and_stage(tmp_path):
    root, source = tmp_path / "root", tmp_path / "source"
    empty = _cli("check", "--root", str(root), tmp_path=tmp_path)
    assert empty.returncode == 1, empty.stderr
    lines = empty.stdout.strip().splitlines()
    assert len(lines) == 2 and all("missing" in line for line in lines)

    write_tiny_mnist(source, 3, 2)
    write_tiny_cifar10(source, 2)
    staged = _cli("stage", "--from", str(source), "--root", str(root), tmp_path=tmp_path)
    assert staged.returncode == 0, staged.stdout + staged.stderr
    assert (root / "MNIST" / "raw" / "t10k-images-idx3-ubyte").is_file()
    assert (root / "cifar-10-batches-py" / "test_batch").is_file()
    assert "missing" not in staged.stdout  # stage ends with the check
    assert staged.stdout.count("train found, test found") == 2


def test_cli_check_reports_a_partial_copy(tmp_path):
    write_tiny_mnist(tmp_path, 3, 2)
    (tmp_path / "MNIST" / "raw" / "t10k-images-idx3-ubyte").unlink()
    result = _cli("check", "--root", str(tmp_path), tmp_path=tmp_path)
    assert result.returncode == 1
    mnist_line = next(line for line in result.stdout.splitlines() if line.startswith("MNIST"))
    assert "train found" in mnist_line and "test missing (t10k-images-idx3-ubyte)" in mnist_line


@pytest.mark.parametrize("make_source", ["missing", "empty"])
def test_cli_stage_bad_input_is_one_line_exit_2(tmp_path, make_source):
    source = tmp_path / "source"
    if make_source == "empty":
        source.mkdir()
    result = _cli("stage", "--from", str(source), "--root", str(tmp_path / "r"), tmp_path=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert str(source) in result.stderr
    assert not (tmp_path / "r").exists()


def test_cli_usage_error_is_one_line(tmp_path):
    result = _cli("stage", tmp_path=tmp_path)  # --from missing
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


# ----------------------------------------------------------------- lab 0: points and real data
def test_linearly_separable_points_have_a_margin_both_labels_and_a_seed():
    X, y = data.linearly_separable(n=80, margin=0.4, seed=2, dtype=torch.float64)
    assert X.shape == (80, 2) and y.shape == (80,) and X.dtype == y.dtype == torch.float64
    assert set(y.tolist()) == {-1.0, 1.0} and X.abs().max() <= 2
    normal = torch.tensor([-0.5, 1.0], dtype=torch.float64) / 1.25 ** 0.5
    distance = y * ((X - torch.tensor([0.0, 0.25], dtype=torch.float64)) @ normal)
    assert distance.min() >= 0.4  # on its side of the line x2 = 0.5 x1 + 0.25, at least the margin away
    assert torch.equal(data.linearly_separable(seed=2)[0], data.linearly_separable(seed=2)[0])
    assert not torch.equal(data.linearly_separable(seed=2)[0], data.linearly_separable(seed=3)[0])
    assert set(data.linearly_separable(n=2, seed=5)[1].tolist()) == {-1.0, 1.0}


def test_breast_cancer_is_split_stratified_and_standardised_with_train_statistics():
    from sklearn.datasets import load_breast_cancer

    raw = load_breast_cancer()
    EXACT = "donot_use_mm_for_euclid_dist"
    d = data.breast_cancer(test_fraction=0.25, seed=1, dtype=torch.float64)
    assert d.Xtrain.shape[1] == d.Xtest.shape[1] == 30 and len(d.feature_names) == 30
    assert d.Xtrain.shape[0] + d.Xtest.shape[0] == 569 and abs(d.Xtest.shape[0] - 142) <= 1
    assert set(d.ttrain.unique().tolist()) == {0.0, 1.0} and abs(d.ttrain.mean() - d.ttest.mean()) < 0.01
    assert d.Xtrain.mean(0).abs().max() < 1e-10 and (d.Xtrain.std(0, unbiased=False) - 1).abs().max() < 1e-10
    assert d.Xtest.mean(0).abs().max() > 1e-3  # the test set keeps the train statistics, not its own
    rows = torch.as_tensor(raw.data)
    train_raw = d.Xtrain * d.std + d.mean  # un-standardised: rows of the original data, none in both sets
    test_raw = d.Xtest * d.std + d.mean
    assert torch.allclose(torch.cdist(train_raw, rows, compute_mode=EXACT).min(1).values,
                          torch.zeros(len(train_raw), dtype=torch.float64), atol=1e-6)
    assert torch.cdist(train_raw, test_raw, compute_mode=EXACT).min() > 1e-3
    assert torch.equal(d.Xtrain, data.breast_cancer(seed=1, dtype=torch.float64).Xtrain)
    assert not torch.equal(d.Xtrain, data.breast_cancer(seed=2, dtype=torch.float64).Xtrain)
    assert data.breast_cancer().Xtrain.dtype == torch.float32


def test_breast_cancer_is_read_as_scikit_learn_loads_it_without_importing_it():
    """The CSV scikit-learn ships, read directly (importing scikit-learn costs a lab-0 kernel
    0.9 s), gives load_breast_cancer's rows, targets and feature names."""
    from sklearn.datasets import load_breast_cancer

    raw = load_breast_cancer()
    X, t = data.breast_cancer_arrays()
    assert np.array_equal(X, raw.data) and np.array_equal(t, raw.target)
    assert data.BREAST_CANCER_FEATURES == [str(f) for f in raw.feature_names]
    code = "import sys, dllabs.data as d; d.breast_cancer(); print('sklearn' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_dates_are_seeded_split_by_date_and_encoded_both_ways():
    from dllabs.data import Dates

    data, again = Dates(n_train=300, n_val=50, n_test=50, seed=3), Dates(n_train=300, n_val=50, n_test=50, seed=3)
    assert data.texts_train == again.texts_train and torch.equal(data.Xtest, again.Xtest)
    assert not set(data.iso_train) & (set(data.iso_val) | set(data.iso_test))
    assert data.Xtrain.shape == (300, data.max_len) and data.Ytest.shape == (50, 10) and data.Xtrain.dtype == torch.long
    assert data.decode(data.Ytrain) == data.iso_train and all(len(s) == 10 and s[4] == "-" for s in data.iso_test)
    assert (data.Xtrain != 0).sum(dim=1).tolist() == [len(t) for t in data.texts_train]
    assert data.encode(["6 décembre 2026"])[0, :3].tolist() == [data.in_chars.index(c) for c in "6 d"]
