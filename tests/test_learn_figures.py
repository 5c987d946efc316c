"""The learn pages' figure builders, read back through ``fig.to_plotly_json()``."""

from __future__ import annotations

import numpy as np
import pytest

import surfaces
from learn import datasets, figures, training
from learn.gradcheck import THRESHOLDS, sweep
from learn.initialization import activation_histograms
from viz.spec import decode


@pytest.fixture(scope="module")
def sweeps():
    s = surfaces.get("rosenbrock")
    return [sweep(s, s.start, "float64"), sweep(s, s.start, "float32")]


@pytest.fixture(scope="module")
def trained():
    d = datasets.load("spirals", n=200)
    cfgs = [training.TrainConfig(optimizer="sgd", hyperparameters={"lr": 0.1}, epochs=4, hidden=(8, 8)),
            training.TrainConfig(optimizer="adam", hyperparameters={"lr": 1e-2}, epochs=4, hidden=(8, 8))]
    return d, training.train_side_by_side(d, cfgs)


def test_gradcheck_figure(sweeps):
    spec = figures.gradcheck_figure(sweeps).to_plotly_json()
    names = [t["name"] for t in spec["data"]]
    data = [t for t in spec["data"] if "·" in t["name"]]
    assert len(data) == 4  # forward and centered, in float64 and float32
    assert {t["line"]["dash"] for t in data} == {"solid", "dot"}
    assert sum("slope" in n for n in names) == 2
    assert spec["layout"]["xaxis"]["type"] == "log" and spec["layout"]["yaxis"]["type"] == "log"
    rects = [s for s in spec["layout"]["shapes"] if s["type"] == "rect"]
    lines = [s for s in spec["layout"]["shapes"] if s["type"] == "line"]
    assert len(rects) == 4 and sorted(s["y0"] for s in lines) == sorted(THRESHOLDS)
    assert all(decode(t["y"]).min() >= figures.ZERO_FLOOR for t in data)


def test_gradcheck_figure_takes_translated_words(sweeps):
    words = {"h": "步长 h", "band_good": "< 1e-7：良好"}
    spec = figures.gradcheck_figure(sweeps, text=words).to_plotly_json()
    assert spec["layout"]["xaxis"]["title"]["text"] == "步长 h"
    assert any(a["text"] == "< 1e-7：良好" for a in spec["layout"]["annotations"])


def test_init_histograms_figure_is_the_books_layout():
    rows = [activation_histograms("std1", "sigmoid"),
            activation_histograms("std1", "sigmoid", batch_norm=True)]
    spec = figures.init_histograms_figure(rows, row_titles=["plain", "batch norm"]).to_plotly_json()
    bars = [t for t in spec["data"] if t["type"] == "bar"]
    assert len(bars) == 10 and len(decode(bars[0]["x"])) == 30
    titles = [a["text"] for a in spec["layout"]["annotations"]]
    assert [t.split("<br>")[0] for t in titles[:5]] == [f"{i}-layer" for i in range(1, 6)]
    assert titles[0] == f"1-layer<br>std {rows[0].std[0]:.3g}"  # sigmoid stays on its axis: no share shown
    assert spec["layout"]["yaxis"]["title"]["text"] == "plain"
    capped = figures.init_histograms_figure(rows[:1], y_max=7000).to_plotly_json()
    assert capped["layout"]["yaxis"]["range"] == [0, 7000]


def test_init_histograms_show_the_scale_the_axis_hides():
    """Issue #15 item 1: ReLU with std 1 grows 5.83 → 17,674; the titles say so, and how much falls off the axis."""
    res = activation_histograms("std1", "relu")
    titles = [a["text"] for a in figures.init_histograms_figure([res]).to_plotly_json()["layout"]["annotations"]]
    assert titles == [f"{j + 1}-layer<br>std {figures.scale_text(res.std[j])} · {res.outside[j]:.0%} off the axis"
                      for j in range(5)]
    assert titles[0] == "1-layer<br>std 5.83 · 46% off the axis"
    assert titles[4] == "5-layer<br>std 17,674 · 51% off the axis"
    assert figures.scale_text(0.0123) == "0.0123" and figures.scale_text(2198.8) == "2,199"


def test_layer_std_figure():
    rows = [activation_histograms("std0.01", "tanh"), activation_histograms("xavier", "tanh"),
            activation_histograms("zeros", "tanh")]
    spec = figures.layer_std_figure(rows, ["std 0.01", "Xavier", "zeros"]).to_plotly_json()
    assert [t["name"] for t in spec["data"]] == ["std 0.01", "Xavier", "zeros (std 0 in every layer)"]
    assert decode(spec["data"][0]["x"]).tolist() == [1, 2, 3, 4, 5]
    assert spec["layout"]["yaxis"]["type"] == "log"
    assert np.all(np.isnan(decode(spec["data"][2]["y"])))


def test_training_curves_and_update_ratio(trained):
    _, results = trained
    hs = [r.history.as_dict() for r in results]
    curves = figures.training_curves_figure(hs).to_plotly_json()
    assert len(curves["data"]) == 8  # 2 runs × (loss, accuracy) × (train, validation)
    assert {t["line"]["dash"] for t in curves["data"]} == {"solid", "dash"}
    assert curves["data"][0]["line"]["color"] != curves["data"][4]["line"]["color"]
    ratio = figures.update_ratio_figure(hs).to_plotly_json()
    assert len(ratio["data"]) == 6  # 2 runs × 3 dense layers
    assert list(decode(ratio["data"][0]["x"])) == [1, 2, 3, 4]  # epoch 0 has no update
    assert any(s["type"] == "line" and s["y0"] == 1e-3 for s in ratio["layout"]["shapes"])


def test_decision_boundary_binary_and_multiclass(trained):
    d, results = trained
    panels = []
    for r in results:
        xs, ys, p = training.decision_grid(r.arch, r.params, r.bn_state, d.bounds(), resolution=25)
        panels.append({"label": r.history.label, "xs": xs, "ys": ys, "probs": p})
    fig = figures.decision_boundary_figure(panels, d.X_train, d.y_train, d.X_val, d.y_val, 2)
    spec = fig.to_plotly_json()
    heat = [t for t in spec["data"] if t["type"] == "heatmap"]
    assert len(heat) == 2 and heat[0]["zmin"] == 0 and heat[0]["zmax"] == 1
    points = [t for t in spec["data"] if t["type"] == "scatter"]
    assert sum(len(decode(t["x"])) for t in points) == 2 * (len(d.y_train) + len(d.y_val))
    three = np.random.default_rng(0).dirichlet(np.ones(3), size=(25, 25))
    multi = figures.decision_boundary_figure([{"label": "x", "xs": xs, "ys": ys, "probs": three}],
                                             d.X_train, d.y_train, d.X_val, d.y_val, 3).to_plotly_json()
    z = decode(multi["data"][0]["z"])
    assert z.min() >= 0 and z.max() < 3


@pytest.mark.parametrize("n_classes", [2, 3, 5])
def test_classes_never_wear_an_optimizers_colour(n_classes):
    """Issue #15 item 7: on Train, blue and vermillion are the first two optimizers in the loss chart; the
    boundary chart below must not use them (nor any optimizer colour) for classes, and shapes tell classes apart."""
    from viz.palette import OKABE_ITO

    d = datasets.load("spirals", n=200, classes=n_classes)
    xs = ys = np.linspace(-1, 1, 5)
    probs = np.full((5, 5, n_classes), 1.0 / n_classes)
    spec = figures.decision_boundary_figure([{"label": "a", "xs": xs, "ys": ys, "probs": probs}] * 2, d.X_train,
                                            d.y_train, d.X_val, d.y_val, n_classes).to_plotly_json()
    optimizer_colours = {c.lower() for c in OKABE_ITO}
    points = [t for t in spec["data"] if t["type"] == "scatter"]
    assert {t["marker"]["color"].lower() for t in points}.isdisjoint(optimizer_colours)
    heat = [t for t in spec["data"] if t["type"] == "heatmap"]
    scale_colours = {c.lower() for t in heat for _, c in t["colorscale"]}
    assert scale_colours.isdisjoint(optimizer_colours)
    assert not any(c in scale_colours for c in ("#9ecae1", "#f4a582"))  # the old pale blue and orange
    train = [t for t in points if not t["marker"]["symbol"].endswith("-open")]
    val = [t for t in points if t["marker"]["symbol"].endswith("-open")]
    assert len(train) == len(val) == 2 * n_classes
    assert len({t["marker"]["symbol"] for t in train[:n_classes]}) == n_classes  # a shape per class
    assert [t["marker"]["symbol"] + "-open" for t in train] == [t["marker"]["symbol"] for t in val]


def test_confusion_figure():
    y_true = np.array([0, 1, 2, 2, 1])
    y_pred = np.array([0, 2, 2, 2, 1])
    spec = figures.confusion_figure(y_true, y_pred, 3).to_plotly_json()
    z = decode(spec["data"][0]["z"])
    assert z.sum() == 5 and np.trace(z) == 4 and z[1, 2] == 1


def test_gradcheck_figure_leaves_gaps_where_the_error_is_not_finite():
    part = sweep(surfaces.from_expression("exp(x)"), (709.7, 0.0), "float64")  # h = 0.1 overflows
    spec = figures.gradcheck_figure([part]).to_plotly_json()
    for trace in [t for t in spec["data"] if "·" in t["name"]]:
        y = decode(trace["y"])
        assert np.isnan(y[0]) and np.all(y[1:] >= figures.ZERO_FLOOR)
