"""Issue #15 items 9-10, the pure parts: gradient histograms drawn like the activations', the first
layer's weights as 8×8 pictures, and what a trained network's batch norm holds."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from learn import batchnorm_view, datasets, figures, first_layer, layers, mlp, training
from learn.initialization import activation_histograms
from viz.spec import decode

# --- gradient figures -------------------------------------------------------------------------------

def test_gradient_histograms_are_drawn_like_the_activations():
    rows = [activation_histograms("std1", "relu", gradients=True),
            activation_histograms("std1", "relu", batch_norm=True, gradients=True)]
    spec = figures.init_histograms_figure([r.gradients for r in rows], row_titles=["plain", "bn"]).to_plotly_json()
    bars = [t for t in spec["data"] if t["type"] == "bar"]
    assert len(bars) == 10
    titles = [a["text"] for a in spec["layout"]["annotations"]]
    # going back from layer 5 (std 1, on the axis) to layer 1 (std 2,672, nearly all off the ±4 axis)
    assert titles[4] == "5-layer<br>std 1"
    assert titles[0] == "1-layer<br>std 2,672 · 100% off the axis"
    assert titles[5] == "1-layer<br>std 2.18 · 7% off the axis"  # batch norm: ×1.2 a layer going back
    assert spec["layout"]["xaxis"]["range"] == [-4.0, 4.0]


def test_gradient_std_figure_names_its_quantity():
    rows = [activation_histograms(init, "sigmoid", gradients=True).gradients for init in ("std0.01", "zeros")]
    spec = figures.layer_std_figure(rows, ["std 0.01", "zeros"], y_title="std of ∂L/∂z").to_plotly_json()
    assert spec["layout"]["yaxis"]["title"]["text"] == "std of ∂L/∂z"
    y = decode(spec["data"][0]["y"])
    assert y[0] < 1e-6 and abs(y[-1] - 1) < 0.01  # vanishing, read from right to left
    zeros = decode(spec["data"][1]["y"])
    assert np.all(np.isnan(zeros[:-1])) and zeros[-1] > 0.9  # only the last layer has a gradient


# --- first layer's weights ------------------------------------------------------------------------

def test_mosaic_places_each_unit_as_its_8x8_picture():
    W = np.stack([np.arange(64.0) * (j + 1) - 10 for j in range(5)], axis=1)  # (64, 5)
    W[:, 3] = 0.0
    z, weight, unit = first_layer.mosaic(W)
    assert z.shape == (2 * 9 - 1, 3 * 9 - 1)  # 5 tiles on a 3-wide grid, one NaN line between tiles
    tile = W[:, 1].reshape(8, 8)
    np.testing.assert_array_equal(weight[0:8, 9:17], tile)  # unit 2: first row, second column
    np.testing.assert_allclose(z[0:8, 9:17], tile / np.abs(tile).max())
    assert np.all(unit[0:8, 9:17] == 2)
    np.testing.assert_array_equal(z[9:17, 0:8], 0.0)  # unit 4's weights are all 0: drawn white, not NaN
    assert np.all(np.isnan(z[8, :])) and np.all(np.isnan(z[:, 8]))  # separators
    assert np.all(np.isnan(z[9:17, 18:26]))  # the sixth tile of the grid is unused
    assert np.nanmax(np.abs(z)) == 1.0


@given(units=st.integers(1, 150), seed=st.integers(0, 100))
def test_mosaic_shows_at_most_64_units_each_scaled_to_1(units, seed):
    W = np.random.default_rng(seed).standard_normal((64, units))
    z, weight, unit = first_layer.mosaic(W)
    shown = min(units, first_layer.MAX_UNITS)
    assert np.nanmax(unit) == shown
    assert np.count_nonzero(~np.isnan(z)) == 64 * shown
    for j in range(1, shown + 1):
        assert np.isclose(np.abs(z[unit == j]).max(), 1.0)
        np.testing.assert_array_equal(np.sort(weight[unit == j]), np.sort(W[:, j - 1]))


def test_first_layer_needs_64_pixels_and_moved_measures_training():
    with pytest.raises(ValueError, match="64 pixels"):
        first_layer.first_layer_weights({"dense1.W": np.ones((2, 3))}, ["dense1", "out"])
    W0 = np.ones((64, 4))
    assert first_layer.moved(W0 * 1.5, W0) == pytest.approx(0.5)
    assert first_layer.moved(W0, W0) == 0.0
    assert first_layer.moved(W0, np.zeros_like(W0)) == np.inf


@pytest.fixture(scope="module")
def digits_runs():
    d = datasets.load("digits")
    cfgs = [training.TrainConfig(optimizer="adam", hyperparameters={"lr": 1e-2}, hidden=(16,), epochs=4,
                                 batch_norm=True),
            training.TrainConfig(optimizer="sgd", hyperparameters={"lr": 0.1}, hidden=(), epochs=4)]
    return d, cfgs, [training.train(d, c) for c in cfgs]


def test_first_layer_figure_one_mosaic_per_run(digits_runs):
    d, cfgs, runs = digits_runs
    panels = [{"label": c.label(), "W": first_layer.first_layer_weights(r.params, r.arch.dense_names)}
              for c, r in zip(cfgs, runs)]
    assert panels[1]["W"].shape == (64, 10)  # no hidden layer: the output layer, one template per digit
    spec = first_layer.first_layer_figure(panels, text={"unit": "神经元 {j}", "weight": "权重"}).to_plotly_json()
    heatmaps = [t for t in spec["data"] if t["type"] == "heatmap"]
    assert len(heatmaps) == 2
    assert heatmaps[0]["zmin"] == -1 and heatmaps[0]["zmax"] == 1
    # what the caption says: blue positive, red negative, white 0
    scale = heatmaps[0]["colorscale"]
    assert scale[0][1] == "rgb(103,0,31)" and scale[-1][1] == "rgb(5,48,97)"
    assert dict((float(k), v) for k, v in scale)[0.5] == "rgb(247,247,247)"
    assert heatmaps[0]["hovertemplate"].startswith("神经元 %{customdata[0]:.0f}<br>权重")
    assert spec["layout"]["yaxis"]["autorange"] == "reversed"  # the pictures stand as the digits do
    assert [a["text"] for a in spec["layout"]["annotations"]] == [c.label() for c in cfgs]
    # training moved the weights away from their start
    W0 = mlp.init_params(runs[0].arch, cfgs[0].init, cfgs[0].seed)["dense1.W"]
    assert first_layer.moved(panels[0]["W"], W0) > 0.05


# --- batch norm -------------------------------------------------------------------------------------

def test_trained_report_holds_gamma_beta_and_the_running_averages(digits_runs):
    d, cfgs, runs = digits_runs
    r = runs[0]
    report = batchnorm_view.trained_report(r.arch, r.params, r.bn_state, d.X_train)
    assert [x.layer for x in report] == [1]
    g = r.params["bn1.gamma"]
    assert report[0].gamma == (pytest.approx(g.mean()), pytest.approx(g.min()), pytest.approx(g.max()))
    assert report[0].running_var == pytest.approx(r.bn_state["bn1.var"].mean())
    assert report[0].gamma[1] < report[0].gamma[2]  # trained: γ is no longer 1 everywhere
    pre = d.X_train @ r.params["dense1.W"]
    assert report[0].data_var == pytest.approx(pre.var(axis=0).mean())
    # the running averages follow the batches: close to the training set's statistics, not equal
    assert 0 < report[0].mean_gap < report[0].data_std
    assert batchnorm_view.trained_report(runs[1].arch, runs[1].params, runs[1].bn_state, d.X_train) == []


def test_running_averages_equal_to_the_data_leave_no_gap():
    arch = mlp.Architecture(n_in=3, hidden=(4,), n_out=2, batch_norm=True)
    params = mlp.init_params(arch, "he", seed=1)
    X = np.random.default_rng(0).standard_normal((50, 3))
    pre = X @ params["dense1.W"]
    state = {"bn1.mean": pre.mean(axis=0), "bn1.var": pre.var(axis=0)}
    (rep,) = batchnorm_view.trained_report(arch, params, state, X)
    assert rep.mean_gap == pytest.approx(0.0, abs=1e-12) and rep.running_var == pytest.approx(rep.data_var)


def test_the_latex_uses_the_constants_that_train():
    assert f"{layers.BN_MOMENTUM:g}" in batchnorm_view.RUNNING_LATEX
    assert f"{1 - layers.BN_MOMENTUM:g}" in batchnorm_view.RUNNING_LATEX
    for symbol in (r"\mu_B", r"\sigma_B^2", r"\varepsilon", r"\gamma", r"\beta", r"\hat{x}_i"):
        assert symbol in batchnorm_view.TRAIN_LATEX
    assert r"\bar{\mu}" in batchnorm_view.TEST_LATEX and r"\mu_B" not in batchnorm_view.TEST_LATEX


def test_unchanged_units_counts_columns_left_as_drawn():
    W0 = np.random.default_rng(0).standard_normal((64, 5))
    W = W0.copy()
    W[:, [0, 3]] += 0.1
    W[7, 4] += 1e-12
    assert first_layer.unchanged_units(W, W0) == 2  # columns 1 and 2: untouched
    assert first_layer.unchanged_units(W0, W0) == 5
