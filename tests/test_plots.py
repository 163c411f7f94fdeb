"""Tests of dllabs.plots, headless (Agg)."""

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.contour import ContourSet  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from dllabs.data import Circles  # noqa: E402
from dllabs.plots import (plot_confusion_matrix, plot_curves,  # noqa: E402
                          plot_decision_boundary, plot_weight_images, show_images)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _saves(fig: Figure) -> bool:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue().startswith(b"\x89PNG")


def test_plot_curves_losses_left_accuracies_right():
    history = {"train_loss": [1.0, 0.5, 0.3], "test_loss": [1.1, 0.7, 0.5],
               "train_acc": [0.5, 0.8, 0.9], "test_acc": [0.4, 0.7, 0.85]}
    fig = plot_curves(history, title="run 1")
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    left, right = fig.axes
    assert [t.get_text() for t in left.get_legend().get_texts()] == ["train_loss", "test_loss"]
    assert [t.get_text() for t in right.get_legend().get_texts()] == ["train_acc", "test_acc"]
    assert list(left.lines[0].get_ydata()) == [1.0, 0.5, 0.3]
    assert list(left.lines[0].get_xdata()) == [0, 1, 2]
    assert left.get_ylabel() == "loss" and right.get_ylabel() == "accuracy"
    assert fig._suptitle.get_text() == "run 1"
    assert _saves(fig)


def test_plot_curves_with_a_subset_of_keys():
    fig = plot_curves({"train_loss": [torch.tensor(2.0), torch.tensor(1.0)]})
    left, right = fig.axes
    assert len(left.lines) == 1 and len(right.lines) == 0 and right.get_legend() is None
    assert _saves(fig)


@pytest.mark.parametrize("columns", [1, 2])
def test_plot_decision_boundary_accepts_grad_tensors(columns):
    data = Circles(n_train=20, n_test=10, seed=0)
    logits = torch.randn(1600, 2, requires_grad=True)
    probs = torch.softmax(logits, 1) if columns == 2 else torch.sigmoid(logits[:, 0])
    fig = plot_decision_boundary(data, probs, title="boundary")
    ax = fig.axes[0]
    assert len(fig.axes) == 1 and ax.get_title() == "boundary"
    contours = [c for c in ax.collections if isinstance(c, ContourSet)]
    assert sorted(c.filled for c in contours) == [False, True]  # filled map + 0.5 line
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["train, class 0", "train, class 1", "test, class 0", "test, class 1"]
    points = sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))
    assert points == 30
    assert ax.get_xlim() == (-2, 2) and ax.get_ylim() == (-2, 2)
    assert _saves(fig)


def test_plot_decision_boundary_in_given_axes_and_bad_shape():
    data = Circles(n_train=10, n_test=10)
    fig, axes = plt.subplots(1, 2)
    assert plot_decision_boundary(data, torch.rand(1600).numpy(), ax=axes[1]) is fig
    assert axes[1].get_legend() is not None and axes[0].get_legend() is None
    with pytest.raises(ValueError, match=r"\(1600,\)"):
        plot_decision_boundary(data, torch.rand(40, 40, 3))


@pytest.mark.parametrize("channels", [1, 3])
def test_show_images_grid_titles_and_unnormalise(channels):
    images = torch.rand(10, channels, 8, 8, requires_grad=True)
    mean, std = [0.5] * channels, [0.25] * channels
    normalised = (images - 0.5) / 0.25
    fig = show_images(normalised, titles=[f"img {i}" for i in range(10)], ncols=4,
                      mean=mean, std=std)
    assert len(fig.axes) == 10  # 3 rows of 4, the 2 unused axes removed
    assert [ax.get_title() for ax in fig.axes][:2] == ["img 0", "img 1"]
    shown = fig.axes[0].images[0].get_array()
    expected = images[0].detach().permute(1, 2, 0).numpy()
    assert abs(shown.squeeze() - expected.squeeze()).max() < 1e-5
    assert _saves(fig)


def test_show_images_clips_and_rejects_bad_shapes():
    fig = show_images(torch.full((2, 3, 4, 4), 5.0))
    assert fig.axes[0].images[0].get_array().max() == 1.0
    with pytest.raises(ValueError, match="expected"):
        show_images(torch.rand(2, 4, 4, 4))
    with pytest.raises(ValueError, match="titles"):
        show_images(torch.rand(2, 1, 4, 4), titles=["a"])


def test_plot_confusion_matrix_counts_and_labels():
    y_true = torch.tensor([0, 0, 1, 2, 2, 2])
    y_pred = torch.tensor([0, 1, 1, 2, 2, 0], dtype=torch.float32, requires_grad=True)
    fig = plot_confusion_matrix(y_true, y_pred.detach().long(), ["a", "b", "c"])
    ax = fig.axes[0]
    matrix = ax.images[0].get_array()
    assert matrix.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 2]]
    assert sorted(t.get_text() for t in ax.texts) == sorted("110010102")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"
    assert "66.7%" in ax.get_title()
    assert _saves(fig)
    with pytest.raises(ValueError, match="outside"):
        plot_confusion_matrix([0, 3], [0, 1], ["a", "b"])


def test_plot_weight_images_one_image_per_row_on_a_shared_symmetric_scale():
    weight = torch.zeros(3, 6, requires_grad=True)
    with torch.no_grad():
        weight[0, 0], weight[1, 5], weight[2, 3] = 2.0, -4.0, 1.0
    fig = plot_weight_images(weight, image_shape=(2, 3), titles=["a", "b", "c"], ncols=2)
    axes = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in axes] == ["a", "b", "c"]
    assert axes[0].images[0].get_array().tolist() == [[2.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    assert axes[1].images[0].get_array()[1, 2] == -4.0
    assert all(ax.images[0].get_clim() == (-4.0, 4.0) for ax in axes)
    assert _saves(fig)
    with pytest.raises(ValueError, match="expected"):
        plot_weight_images(torch.zeros(3, 7), image_shape=(2, 3))
    with pytest.raises(ValueError, match="titles"):
        plot_weight_images(torch.zeros(3, 6), image_shape=(2, 3), titles=["a"])


def test_reliability_bins_by_hand_and_ece():
    from dllabs.plots import reliability_bins

    conf = torch.tensor([0.05, 0.15, 0.95, 0.95, 0.9, 1.0])
    right = torch.tensor([False, True, True, False, True, True])
    c, acc, count, ece = reliability_bins(conf, right, bins=10)
    assert count.tolist() == [1, 1, 0, 0, 0, 0, 0, 0, 1, 3]  # 0.9 is in (0.8, 0.9], 1.0 in (0.9, 1]
    assert acc[0] == 0 and acc[1] == 1 and acc[9] == pytest.approx(2 / 3)
    assert c[9] == pytest.approx((0.95 + 0.95 + 1) / 3)
    gaps = [abs(0 - 0.05), abs(1 - 0.15), abs(1 - 0.9), 3 * abs(2 / 3 - 0.9666666)]
    assert ece == pytest.approx(sum(gaps) / 6, abs=1e-6)
    perfect = reliability_bins(torch.ones(4), torch.ones(4, dtype=torch.bool))[3]
    assert perfect == 0
    with pytest.raises(ValueError, match="in \\[0, 1\\]"):
        reliability_bins(torch.tensor([1.5]), torch.tensor([True]))
    with pytest.raises(ValueError, match="3 values"):
        reliability_bins(torch.rand(3), torch.ones(2))


def test_plot_reliability_bars_diagonal_and_ece_in_title():
    from dllabs.plots import plot_reliability

    g = torch.Generator().manual_seed(0)
    conf = 0.1 + 0.9 * torch.rand(200, generator=g)
    right = torch.rand(200, generator=g) < conf - 0.1  # over-confident by about 0.1
    fig = plot_reliability(conf.requires_grad_(), right, bins=5, title="toy")
    ax, ax_count = fig.axes
    assert "toy: ECE = " in fig._suptitle.get_text()
    assert any(list(line.get_xdata()) == [0, 1] and list(line.get_ydata()) == [0, 1] for line in ax.lines)
    assert sum(p.get_height() for p in ax_count.patches) == 200
    assert _saves(fig)


@pytest.mark.parametrize("grading", [True, False], ids=["grading", "student"])
def test_figures_are_one_line_of_text_while_grading_and_images_otherwise(grading, monkeypatch, tmp_path):
    """In a kernel with the inline backend: nbgrader's run shows each figure as the note, a student's as a PNG."""
    import os
    import sys

    import nbformat
    from nbclient import NotebookClient

    from dllabs.plots import GRADING_FIGURE_NOTE

    monkeypatch.delenv("MPLBACKEND", raising=False)  # ipykernel picks the inline backend
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in sys.path if p))
    if grading:
        monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    else:
        monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    count_draws = ("from matplotlib.figure import Figure\nDRAWS, _draw = [], Figure.draw\n"
                   "def _counted(self, renderer):\n    DRAWS.append(self)\n    return _draw(self, renderer)\n"
                   "Figure.draw = _counted")
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nfrom dllabs.plots import plot_curves\n"
                                  + count_draws),
        nbformat.v4.new_code_cell('plot_curves({"train_loss": [1.0, 0.5]});'),
        nbformat.v4.new_code_cell("plt.figure()\nplt.plot([0, 1])\nplt.show()"),
        nbformat.v4.new_code_cell("print(len(DRAWS))"),
    ])
    NotebookClient(nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(tmp_path)}}).execute()
    draws = int(nb.cells[-1].outputs[0].text)
    assert (draws == 0) is grading, f"{draws} figures drawn"  # while grading a figure is neither drawn nor rendered
    for cell in nb.cells[1:-1]:
        shown = [o for o in cell.outputs if o.output_type == "display_data"]
        assert len(shown) == 1, cell.outputs
        assert ("image/png" in shown[0].data) is not grading
        assert (shown[0].data.get("text/plain") == GRADING_FIGURE_NOTE) is grading
        assert not any(o.output_type == "stream" and o.name == "stderr" for o in cell.outputs), cell.outputs
