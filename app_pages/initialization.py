"""Weight initialization and activations: the book's per-layer activation histograms (ch. 6)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from learn import figures
from learn.activations import ACTIVATIONS
from learn.initialization import INITS, ActivationHistograms, activation_histograms, experiment_work
from ui.i18n import t
from ui.state import UrlState, parse_bool, parse_choice, parse_int

P = "initialization"
BOOK_Y_MAX = 7000  # the book's ylim for the ReLU figure: the spike of zeros would flatten the rest
LIMITS = {"layers": (1, 10), "units": (2, 500), "samples": (10, 5000), "bins": (5, 100), "seed": (0, 10_000)}
DEFAULTS = {"layers": 5, "units": 100, "samples": 1000, "bins": 30, "seed": 0}
# One view runs the experiment for every rule and once more with batch normalization.
RUNS_PER_VIEW = len(INITS) + 1
# The work of one view (RUNS_PER_VIEW × learn.initialization.experiment_work, in multiply-adds) is
# capped; bigger sizes are refused with a message naming what to lower, never clamped.  Measured on the
# 2-core review machine (whole rerun on the server, sigmoid, batch norm on, 100 bins): the book's
# 5 × 100 × 1000 (1.8e9) 0.36 s; 10 × 100 × 5000 (1.8e10) 1.6 s (ReLU 1.0 s); 10 × 500 × 500 and
# 1 × 500 × 5000 (1.5e10) 1.4 s; 10 × 150 × 5000, 10 × 500 × 1000, 10 × 300 × 2000 (2.9e10-3e10)
# 2.3-2.6 s: about 0.08 s per 1e9 plus 0.2 s.  The old caps, 10 × 500 × 5000 (1.5e11), took 12 s idle
# and 28-48 s in the load review.  2e10 keeps the slowest accepted view near 1.8 s when idle, under
# 3 s with the machine half busy.
MAX_WORK = 2 * 10**10


def figure_text() -> dict[str, str]:
    return {k: t(f"learn.fig.{k}") for k in figures.TEXT}


@st.cache_data(show_spinner=False, max_entries=128)
def experiment(init: str, activation: str, batch_norm: bool, layers: int, units: int, samples: int, bins: int,
               seed: int) -> ActivationHistograms:
    return activation_histograms(init, activation, batch_norm, n_samples=samples, n_units=units,
                                 n_layers=layers, bins=bins, seed=seed)


def int_control(url: UrlState, name: str) -> int:
    low, high = LIMITS[name]
    key = f"{P}.{name}"
    url.restore(key, DEFAULTS[name], parse_int(low, high))
    return int(st.number_input(t(f"learn.init.{name}"), min_value=low, max_value=high, step=1, key=key,
                               help=t(f"learn.init.{name}_help", low=low, high=high)))


def controls(url: UrlState) -> dict:
    url.restore(f"{P}.init", "std1", parse_choice(INITS))
    init = st.selectbox(t("learn.init.rule"), INITS, key=f"{P}.init",
                        format_func=lambda k: t(f"learn.init.{k}"))
    url.restore(f"{P}.activation", "sigmoid", parse_choice(ACTIVATIONS))
    activation = st.radio(t("learn.init.activation"), ACTIVATIONS, key=f"{P}.activation", horizontal=True,
                          format_func=lambda a: t(f"learn.act.{a}"))
    url.restore(f"{P}.bn", False, parse_bool)
    batch_norm = st.checkbox(t("learn.init.batch_norm"), key=f"{P}.bn", help=t("learn.init.batch_norm_help"))
    cap = False
    if activation == "relu":
        url.restore(f"{P}.cap", True, parse_bool)
        cap = st.checkbox(t("learn.init.cap", y=BOOK_Y_MAX), key=f"{P}.cap")
    with st.expander(t("learn.init.setup")):
        sizes = {name: int_control(url, name) for name in ("layers", "units", "samples", "bins", "seed")}
    return dict(init=init, activation=activation, batch_norm=batch_norm, cap=cap, **sizes)


def view_work(layers: int, units: int, samples: int) -> int:
    return RUNS_PER_VIEW * experiment_work(layers, units, samples)


def largest_fitting(name: str, c: dict) -> int:
    """The largest value of ``name`` in its limits that fits MAX_WORK with the other sizes as in ``c``.

    The smallest units or inputs always fit (at most 3e8 with the other two at their caps).
    """
    low, high = LIMITS[name]
    sizes = {k: c[k] for k in ("layers", "units", "samples")}
    while low < high:  # the work grows with every size: bisect for the last value that fits
        mid = (low + high + 1) // 2
        if view_work(**{**sizes, name: mid}) <= MAX_WORK:
            low = mid
        else:
            high = mid - 1
    return low


def too_much(c: dict) -> bool:
    """Refuse a size over the budget with a message naming what to lower (the inputs stay as they are)."""
    if view_work(c["layers"], c["units"], c["samples"]) <= MAX_WORK:
        return False
    st.error(t("learn.init.too_much", layers=c["layers"], units=c["units"], samples=c["samples"],
               runs=RUNS_PER_VIEW, max_units=largest_fitting("units", c),
               max_samples=largest_fitting("samples", c)))
    return True


def verdicts(res: ActivationHistograms) -> list[str]:
    """What the histograms show, in words: identical units, saturation, collapse, or a healthy spread."""
    last = res.n_layers - 1
    width = float(res.edges[-1] - res.edges[0])
    if res.unit_spread.max() == 0.0:
        return [t("learn.init.v.identical")]
    out = []
    if res.activation != "relu" and res.saturated.mean() > 0.3:
        out.append(t("learn.init.v.saturated", share=f"{res.saturated.mean():.0%}"))
    if res.std[last] < 0.02 * width:
        out.append(t("learn.init.v.collapsed", std=f"{res.std[last]:.2g}"))
    elif res.std[last] < 0.5 * res.std[0]:
        out.append(t("learn.init.v.shrinking", first=f"{res.std[0]:.2g}", last=f"{res.std[last]:.2g}"))
    if not out:
        out.append(t("learn.init.v.healthy"))
    return out


def stats_table(res: ActivationHistograms) -> pd.DataFrame:
    saturated_key = "learn.init.col.dead" if res.activation == "relu" else "learn.init.col.saturated"
    return pd.DataFrame({
        t("learn.init.col.layer"): list(range(1, res.n_layers + 1)),
        t("learn.init.col.mean"): [f"{v:.3g}" for v in res.mean],
        t("learn.init.col.std"): [f"{v:.3g}" for v in res.std],
        t(saturated_key): [f"{v:.1%}" for v in res.saturated],
        t("learn.init.col.outside"): [f"{v:.1%}" for v in res.outside],
        t("learn.init.col.spread"): [f"{v:.3g}" for v in res.unit_spread],
    })


def main() -> None:
    url = UrlState(P)
    st.title(t("learn.init.title"))
    st.caption(t("learn.init.intro"))
    notices = st.container()  # filled after the controls have read the URL
    with st.sidebar:
        st.subheader(t("learn.init.controls"))
        c = controls(url)
    url.publish()
    with notices:
        url.show_notices()
    if too_much(c):
        st.subheader(t("learn.init.explain_title"))
        st.markdown(t("learn.init.explain"))
        return
    sizes = (c["layers"], c["units"], c["samples"], c["bins"], c["seed"])
    plain = experiment(c["init"], c["activation"], False, *sizes)
    rows, titles = [plain], [t("learn.fig.count")]
    if c["batch_norm"]:
        rows.append(experiment(c["init"], c["activation"], True, *sizes))
        titles = [t("learn.init.row_plain"), t("learn.init.row_bn")]
    st.markdown(t("learn.init.chart_title", rule=t(f"learn.init.{c['init']}"),
                  activation=t(f"learn.act.{c['activation']}"), samples=c["samples"], units=c["units"],
                  layers=c["layers"]))
    # the book's 7000 is for 1000 inputs × 100 units in 30 bins: scale it with the bar heights
    y_max = BOOK_Y_MAX * (c["samples"] * c["units"] / 100_000) * (30 / c["bins"]) if c["cap"] else None
    st.plotly_chart(figures.init_histograms_figure(rows, row_titles=titles, text=figure_text(), y_max=y_max),
                    key=f"{P}.histograms")
    for res, title in zip(rows, titles):
        for line in verdicts(res):
            (st.success if line == t("learn.init.v.healthy") else st.warning)(
                f"{title}: {line}" if len(rows) > 1 else line)
    st.caption(t("learn.init.range_note", lo=f"{plain.edges[0]:g}", hi=f"{plain.edges[-1]:g}",
                 bins=c["bins"]))

    st.subheader(t("learn.init.stats_title"))
    cols = st.columns(len(rows))
    for col, res, title in zip(cols, rows, titles):
        with col:
            if len(rows) > 1:
                st.markdown(f"**{title}**")
            st.dataframe(stats_table(res), hide_index=True, width="stretch")

    st.subheader(t("learn.init.all_title", activation=t(f"learn.act.{c['activation']}")))
    every = [experiment(init, c["activation"], False, *sizes) for init in INITS]
    names = [t(f"learn.init.{init}") for init in INITS]
    every.append(experiment(c["init"], c["activation"], True, *sizes))
    names.append(t("learn.init.with_bn", rule=t(f"learn.init.{c['init']}")))
    st.plotly_chart(figures.layer_std_figure(every, names, text=figure_text(), height=320), key=f"{P}.std")
    st.caption(t("learn.init.all_caption"))

    st.subheader(t("learn.init.explain_title"))
    st.markdown(t("learn.init.explain"))


main()
