"""Weight initialization and activations: the book's per-layer activation histograms (ch. 6)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from learn import figures
from learn.activations import ACTIVATIONS
from learn.initialization import INITS, ActivationHistograms, activation_histograms
from ui.i18n import t
from ui.state import UrlState, parse_bool, parse_choice, parse_int

P = "initialization"
BOOK_Y_MAX = 7000  # the book's ylim for the ReLU figure: the spike of zeros would flatten the rest
LIMITS = {"layers": (1, 10), "units": (2, 500), "samples": (10, 5000), "bins": (5, 100), "seed": (0, 10_000)}
DEFAULTS = {"layers": 5, "units": 100, "samples": 1000, "bins": 30, "seed": 0}


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
