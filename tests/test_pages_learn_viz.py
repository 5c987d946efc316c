"""AppTest of issue #15 items 9-10 on the learn pages: Initialization's gradient histograms and their
verdicts, batch normalization's algorithm with the run's numbers (Initialization and Train), and the first
layer's weights drawn as 8×8 pictures on Train (digits).  In English and Chinese."""

from __future__ import annotations

import numpy as np
from streamlit.testing.v1 import AppTest

from learn import datasets, first_layer, mlp
from learn.initialization import activation_histograms
from tests.test_pages_learn import INIT, RUN, app, chart, no_exception, trained
from viz.spec import decode

GRADIENTS = "gradients"  # layout.meta of the gradient figures


def gradient_charts(at: AppTest) -> list[dict]:
    return [c for c in (chart(at, i) for i in range(len(at.get("plotly_chart"))))
            if c["layout"].get("meta") == GRADIENTS]


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def test_initialization_shows_gradient_histograms_under_the_activations():
    at = app(INIT)
    no_exception(at)
    hist, per_rule = gradient_charts(at)
    assert sum(d["type"] == "bar" for d in hist["data"]) == 5  # one per layer, as the activations
    titles = [a["text"] for a in hist["layout"]["annotations"]]
    assert titles == ["1-layer<br>std 0.962", "2-layer<br>std 0.971", "3-layer<br>std 0.961", "4-layer<br>std 0.962",
                      "5-layer<br>std 1"]
    assert per_rule["layout"]["yaxis"]["title"]["text"] == "std of ∂L/∂z"
    assert len(per_rule["data"]) == 6  # every rule of the book, and the chosen one with batch norm
    # the loss is stated, as text and as the formula
    assert any("random projection of the last layer's output" in m for m in texts(at.markdown))
    assert any(r"r_{nj} \sim \mathcal{N}(0, 1)" in m.value for m in at.get("latex"))
    # std 1 with sigmoid saturates, yet the gradient keeps its scale: both said, neither contradicting the other
    assert any(w.startswith("Saturated: 52%") and "passes almost no gradient back" in w for w in texts(at.warning))
    assert not any("vanish on the way back" in w for w in texts(at.warning))
    assert texts(at.success) == ["The gradient keeps its scale going back: std 1 at layer 5, 0.962 at layer 1 "
                                 "(about ×0.99 per layer)."]
    assert any(i.startswith("Saturation does not make the gradient vanish here: σ′(a) has a root mean square of only "
                            "0.095") and "√n·std(W) = 10" in i for i in texts(at.info))
    table = at.dataframe[0].value
    assert list(table["Std of ∂L/∂z"]) == ["0.962", "0.971", "0.961", "0.962", "1"]
    assert list(table["RMS of σ′(a)"]) == ["0.082", "0.098", "0.1", "0.099", "0.095"]


def test_initialization_gradient_verdicts_follow_the_rule():
    at = app(INIT, **{"initialization.init": "std0.01"})
    no_exception(at)
    assert ("Vanishing gradients: going back, the gradient's std falls from 1 at layer 5 to 3.88e-07 at layer 1, "
            "about ×0.025 per layer — the first layers would hardly learn.") in texts(at.warning)
    # the explanation's arithmetic is this run's: √100 · 0.01 · 0.25 = 0.025 a layer
    assert any("√100 · 0.01 · 0.25 = 0.025" in m for m in texts(at.markdown))
    assert round(activation_histograms("std0.01", "sigmoid", gradients=True).gradients.per_layer, 3) == 0.025
    at = app(INIT, **{"initialization.init": "std1", "initialization.activation": "relu"})
    assert any(w.startswith("Exploding gradients: going back, the gradient's std rises from 1 at layer 5 to 2,672 "
                            "at layer 1, about ×7.2 per layer") for w in texts(at.warning))
    at = app(INIT, **{"initialization.init": "xavier", "initialization.activation": "relu"})
    assert any(w.startswith("Shrinking gradients: going back, the gradient's std falls from 1 at layer 5 to 0.267")
               for w in texts(at.warning))
    at = app(INIT, **{"initialization.init": "zeros"})
    assert ("No gradient reaches layers 1 to 4: every weight is 0, and going back multiplies the gradient by Wᵀ = 0."
            in texts(at.warning))
    at = app(INIT, **{"initialization.layers": "1"})
    assert any(i.startswith("With one layer the gradient goes back through no other layer") for i in texts(at.info))


def test_initialization_batch_norm_shows_its_algorithm_with_this_runs_numbers():
    at = app(INIT)
    assert "Batch normalization's algorithm" not in texts(at.subheader)  # only where batch norm is used
    at = app(INIT, **{"initialization.init": "std0.01", "initialization.bn": "1"})
    no_exception(at)
    assert "Batch normalization's algorithm" in texts(at.subheader)
    latex = " ".join(m.value for m in at.get("latex"))
    for symbol in (r"\mu_B", r"\sigma_B^2", r"\varepsilon", r"\gamma\,\hat{x}_i + \beta", r"\bar{\mu}",
                   r"0.9\,\bar{\mu} + 0.1\,\mu_B"):
        assert symbol in latex
    assert any("the batch is all 1000 inputs, ε = 1e-05" in m and "γ = 1 and β = 0" in m for m in texts(at.markdown))
    assert any("At test time" in m and "running averages" in m for m in texts(at.markdown))
    stats = activation_histograms("std0.01", "sigmoid", batch_norm=True).batch_norm_stats
    table = at.dataframe[-1].value
    assert list(table["Std of x̂"]) == [f"{v:.4g}" for v in stats.after_std]
    assert list(table["Std of a"]) == ["0.0997", "0.0518", "0.05", "0.0554", "0.0527"]
    # and the gradients with batch norm keep their scale, said per row
    assert any(s.startswith("with batch norm: The gradient keeps its scale") for s in texts(at.success))
    assert any(w.startswith("without batch norm: Vanishing gradients") for w in texts(at.warning))
    hist, _ = gradient_charts(at)
    assert sum(d["type"] == "bar" for d in hist["data"]) == 10  # a second row: with batch norm


def test_initialization_gradients_and_batch_norm_in_chinese():
    at = AppTest.from_file(INIT, default_timeout=60)
    at.query_params["initialization.init"] = "std0.01"
    at.query_params["initialization.bn"] = "1"
    at.session_state["lang"] = "zh"
    at.run()
    no_exception(at)
    assert any("梯度消失：反向传播时，梯度的标准差从第 5 层的 1 降到第 1 层的 3.88e-07" in w for w in texts(at.warning))
    assert "批量归一化（Batch Norm）的算法" in texts(at.subheader)
    assert any("batch 就是全部 1000 个输入" in m for m in texts(at.markdown))
    assert "x̂ 的标准差" in at.dataframe[-1].value.columns
    hist, per_rule = gradient_charts(at)
    assert hist["layout"]["annotations"][0]["text"].startswith("第 1 层<br>标准差")
    assert per_rule["layout"]["yaxis"]["title"]["text"] == "∂L/∂z 的标准差"


DIGITS = {"train_network.data": "digits", "train_network.epochs": "3", "train_network.hidden": "24",
          "train_network.bn": "1"}


def test_train_digits_draws_the_first_layers_weights_and_batch_norms_numbers():
    at = trained(**DIGITS)
    no_exception(at)
    run = at.session_state[RUN]
    assert run["done"] and run["epoch"] == 3
    figs = [chart(at, i) for i in range(len(at.get("plotly_chart")))]
    (weights,) = [f for f in figs if any(d.get("hovertemplate", "").startswith("unit %{customdata[0]") for d in
                                         f["data"])]
    assert [d["type"] for d in weights["data"]] == ["heatmap"] * 4  # SGD and Adam: W, then W − W₀
    labels = [h["label"] for h in run["histories"]]
    assert [a["text"] for a in weights["layout"]["annotations"]] == [
        f"{labels[0]}: W", f"{labels[0]}: W − W₀", f"{labels[1]}: W", f"{labels[1]}: W − W₀"]
    # the change is the trained weights less the initial ones the trainer drew
    arch, params, _ = run["models"][0]
    W0 = mlp.init_params(arch, "he", 0)["dense1.W"]
    change = decode(weights["data"][1]["customdata"])[..., 1]
    mosaic = first_layer.mosaic(params["dense1.W"] - W0)[1]
    assert np.allclose(change[~np.isnan(mosaic)], mosaic[~np.isnan(mosaic)])
    caption = next(c for c in texts(at.caption) if c.startswith("Each picture is one unit of the first hidden layer"))
    assert "24 of 24 units per run" in caption
    assert all(f"{h['label']} " in caption for h in run["histories"])
    assert "Batch normalization's algorithm" in texts(at.subheader)
    assert any("mini-batches have up to m = 32 inputs and ε = 1e-05. After 3 epochs" in m for m in texts(at.markdown))
    bn = next(d.value for d in at.dataframe if "γ" in d.value.columns)  # the batch-norm table
    assert list(bn["Run"]) == [h["label"] for h in run["histories"]] and list(bn["Layer"]) == [1, 1]
    gamma = run["models"][0][1]["bn1.gamma"]
    assert bn["γ"][0] == f"{gamma.mean():.3g} [{gamma.min():.3g}, {gamma.max():.3g}]"
    assert bn["Running σ² (mean)"][0] == f"{run['models'][0][2]['bn1.var'].mean():.3g}"


def test_train_shows_pictures_only_for_digits_and_batch_norm_only_when_used():
    at = trained(**{"train_network.epochs": "2", "train_network.n": "60"})
    no_exception(at)
    assert len(at.get("plotly_chart")) == 3  # curves, decision boundary, update ratio: nothing added
    assert "Batch normalization's algorithm" not in texts(at.subheader)
    at = trained(**{"train_network.data": "digits", "train_network.epochs": "2", "train_network.hidden": "",
                    "train_network.optimizers": "adam"})
    no_exception(at)
    assert any(c.startswith("With no hidden layer the first layer is the output layer: picture k is the weights of "
                            "digit k") for c in texts(at.caption))
    assert "Batch normalization's algorithm" not in texts(at.subheader)


def test_train_digits_weights_and_batch_norm_in_chinese():
    at = trained(**DIGITS)  # trained in English, read in Chinese (see test_train_network_in_chinese)
    at.session_state["lang"] = "zh"
    at.run()
    no_exception(at)
    assert "第一层权重的 8×8 图像" in texts(at.subheader)
    assert any(c.startswith("每幅小图是第一个隐藏层的一个神经元") and "每次运行显示 24 个神经元中的 24 个" in c
               for c in texts(at.caption))
    assert "批量归一化（Batch Norm）的算法" in texts(at.subheader)
    assert any("每个小批量最多有 m = 32 个输入" in m for m in texts(at.markdown))
    assert any("σ² 的滑动平均（均值）" in d.value.columns for d in at.dataframe)


def test_train_digits_names_the_units_training_never_changed():
    # He weights, seed 0, 64 units: two first-layer ReLUs are negative on every training digit from the start
    at = trained(**{"train_network.data": "digits", "train_network.epochs": "2", "train_network.hidden": "64"})
    no_exception(at)
    run = at.session_state[RUN]
    data = datasets.load("digits")
    arch = run["models"][0][0]
    W0 = mlp.init_params(arch, "he", 0)["dense1.W"]
    never_active = int(np.sum(np.all(data.X_train @ W0 <= 0, axis=0)))
    assert never_active == 2
    counts = [first_layer.unchanged_units(params["dense1.W"], W0) for _, params, _ in run["models"]]
    assert counts == [never_active, never_active]
    labels = [h["label"] for h in run["histories"]]
    assert (f"Units whose weights training did not change at all (a blank picture on the right): {labels[0]} 2, "
            f"{labels[1]} 2. Their gradient was 0 on every batch — for ReLU, a unit that was never active on any "
            "training input: a dead unit.") in texts(at.caption)
