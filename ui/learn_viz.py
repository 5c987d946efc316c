"""What the learn pages show of batch normalization's algorithm and of the first layer's weights
(issue #15 items 9 and 10), kept out of the pages so each page calls it in one place.

Every number shown comes from the run the page holds: :mod:`learn.batchnorm_view` measures the
trained network, :mod:`learn.first_layer` draws its weights.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import streamlit as st

from learn import batchnorm_view, first_layer, layers, mlp
from learn.datasets import Dataset
from learn.figures import scale_text
from learn.initialization import BatchNormStats
from ui.i18n import t, trusted


def algorithm() -> None:
    """μ_B, σ²_B, ε, γ and β, normalize → scale and shift, and the running averages of test time."""
    st.markdown(t("learn.viz.bn.train"))
    st.latex(batchnorm_view.TRAIN_LATEX)
    st.markdown(t("learn.viz.bn.eps", eps=f"{layers.BN_EPS:g}"))
    st.markdown(t("learn.viz.bn.test", momentum=f"{layers.BN_MOMENTUM:g}"))
    st.latex(batchnorm_view.RUNNING_LATEX)
    st.latex(batchnorm_view.TEST_LATEX)


def init_table(stats: BatchNormStats) -> pd.DataFrame:
    """The experiment's pre-activations per layer, before and after normalization."""
    return pd.DataFrame({
        t("learn.viz.bn.col.layer"): list(range(1, len(stats.before_std) + 1)),
        t("learn.viz.bn.col.before_mean"): [f"{v:.3g}" for v in stats.before_mean],
        t("learn.viz.bn.col.before_std"): [scale_text(v) for v in stats.before_std],
        t("learn.viz.bn.col.after_mean"): [f"{v:.2g}" for v in stats.after_mean],
        t("learn.viz.bn.col.after_std"): [f"{v:.4g}" for v in stats.after_std],
    })


def init_batch_norm(stats: BatchNormStats, rule: str) -> None:
    """Initialization's batch-norm option: the algorithm, then what it did in this experiment."""
    st.subheader(t("learn.viz.bn.title"))
    algorithm()
    st.markdown(t("learn.viz.bn.init_here", m=stats.m, eps=f"{stats.eps:g}", rule=rule))
    st.dataframe(init_table(stats), hide_index=True, width="stretch")


def _spread(v: tuple[float, float, float]) -> str:
    return f"{v[0]:.3g} [{v[1]:.3g}, {v[2]:.3g}]"


def trained_table(run: dict, data: Dataset) -> pd.DataFrame:
    """γ, β and the running averages of every batch-norm layer of every run, beside the training set's
    statistics under the final weights."""
    rows = []
    for h, (arch, params, bn_state) in zip(run["histories"], run["models"]):
        with np.errstate(all="ignore"):
            report = batchnorm_view.trained_report(arch, params, bn_state, data.X_train)
        for r in report:
            rows.append({
                t("learn.viz.bn.col.run"): h["label"],
                t("learn.viz.bn.col.layer"): r.layer,
                t("learn.viz.bn.col.gamma"): _spread(r.gamma),
                t("learn.viz.bn.col.beta"): _spread(r.beta),
                t("learn.viz.bn.col.running_var"): f"{r.running_var:.3g}",
                t("learn.viz.bn.col.data_var"): f"{r.data_var:.3g}",
                t("learn.viz.bn.col.mean_gap"): f"{r.mean_gap:.3g}",
                t("learn.viz.bn.col.data_std"): f"{r.data_std:.3g}",
            })
    return pd.DataFrame(rows)


def weights_panels(run: dict, configs: Sequence) -> list[dict]:
    """Two pictures per run: ``{"label", "W", "moved"}`` for the trained first layer W, then for W − W₀,
    what training changed (the random start W₀ hides it in W after a short run)."""
    panels = []
    for h, (arch, params, _), cfg in zip(run["histories"], run["models"], configs):
        W = first_layer.first_layer_weights(params, arch.dense_names)
        W0 = first_layer.first_layer_weights(mlp.init_params(arch, cfg.init, cfg.seed), arch.dense_names)
        moved, unchanged = first_layer.moved(W, W0), first_layer.unchanged_units(W, W0)
        panels.append({"label": t("learn.viz.w.trained", label=trusted(h["label"])), "W": W, "moved": moved,
                       "run": h["label"], "unchanged": unchanged})
        panels.append({"label": t("learn.viz.w.change", label=trusted(h["label"])), "W": W - W0, "moved": moved,
                       "run": h["label"], "unchanged": unchanged})
    return panels


def train_extras(run: dict, data: Dataset, configs: Sequence, page: str) -> None:
    """Train's results, continued: the first layer's weights as pictures (digits) and batch norm's
    algorithm with the run's γ, β and running averages (when the run used batch norm).

    ``configs`` are the runs' :class:`learn.training.TrainConfig` (for the initial weights and the batch size).
    """
    if not run["models"]:
        return
    arch = run["models"][0][0]
    if data.name == "digits":
        st.subheader(t("learn.viz.w.title"))
        panels = weights_panels(run, configs)
        text = {"unit": t("learn.viz.w.unit"), "weight": t("learn.viz.w.weight")}
        st.plotly_chart(first_layer.first_layer_figure(panels, text=text), key=f"{page}.first_layer")
        moved = ", ".join(f"{p['run']} {p['moved']:.0%}" for p in panels[::2])
        if arch.hidden:
            units = arch.hidden[0]
            st.caption(t("learn.viz.w.caption", shown=min(units, first_layer.MAX_UNITS), units=units, moved=moved))
        else:
            st.caption(t("learn.viz.w.caption_linear", moved=moved))
        unchanged = [p for p in panels[::2] if p["unchanged"]]
        if unchanged:
            st.caption(t("learn.viz.w.unchanged", runs=", ".join(f"{p['run']} {p['unchanged']}" for p in unchanged)))
    if any(a.batch_norm for a, _, _ in run["models"]):
        st.subheader(t("learn.viz.bn.title"))
        algorithm()
        m = min(int(configs[0].batch_size), len(data.y_train))
        st.markdown(t("learn.viz.bn.train_here", m=m, eps=f"{layers.BN_EPS:g}", epochs=run["epoch"]))
        st.dataframe(trained_table(run, data), hide_index=True, width="stretch")
        st.caption(t("learn.viz.bn.trained_caption", share=f"{1 - layers.BN_MOMENTUM:.0%}"))
