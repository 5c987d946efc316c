"""Weight initialization and activations: the book's per-layer activation histograms (ch. 6)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from landscapes.budget import Outcome, run_chunks, timed
from learn import figures
from learn.activations import ACTIVATIONS
from learn.initialization import (
    BACKWARD_LATEX,
    BOOK_INITS,
    GRADIENT_LOSS_LATEX,
    GRADIENT_RANGE_STDS,
    INITS,
    ActivationHistograms,
    activation_histograms,
    gradient_trend,
)
from ui import learn_viz, work
from ui.i18n import t
from ui.kit import Page

P = "initialization"
BOOK_Y_MAX = 7000  # the book's ylim for the ReLU figure: the spike of zeros would flatten the rest
LIMITS = {"layers": (1, 10), "units": (2, 500), "samples": (10, 5000), "bins": (5, 100), "seed": (0, 10_000)}
DEFAULTS = {"layers": 5, "units": 100, "samples": 1000, "bins": 30, "seed": 0}
# One view runs the experiment for every rule and once more, for the chosen rule, with batch
# normalization: six runs, under the CPU budget of ui.work (a probe times one layer of the first).
# The old cap of 10 × 500 × 5000 took 12 s idle and 28-48 s in the load review.


def figure_text() -> dict[str, str]:
    return {k: t(f"learn.fig.{k}") for k in figures.TEXT}


def view_experiments(rule: str) -> tuple[tuple[str, bool], ...]:
    """The experiments of one view, in the order they run: the chosen rule (plain, then with batch
    norm) first, so a view cut short by the time limit still has its main figure; then the book's other
    rules (note 000's two Xaviers join the comparison when one of them is chosen)."""
    return ((rule, False), (rule, True), *((init, False) for init in BOOK_INITS if init != rule))


@st.cache_data(show_spinner=False, max_entries=64)
def experiments(keys: tuple, activation: str, layers: int, units: int, samples: int, bins: int, seed: int,
                limit: float, _progress=None) -> Outcome[dict]:
    """``{(rule, batch_norm): ActivationHistograms}`` for the ``keys`` that fit in ``limit`` CPU seconds."""
    def run(init: str, batch_norm: bool):
        return lambda: ((init, batch_norm), activation_histograms(
            init, activation, batch_norm, n_samples=samples, n_units=units, n_layers=layers, bins=bins, seed=seed,
            gradients=True))

    def probe() -> list[float]:
        # a slice of the actual work: the first experiment with one of its layers; the layers cost alike
        init, batch_norm = keys[0]
        _, seconds = timed(lambda: activation_histograms(init, activation, batch_norm, n_samples=samples,
                                                         n_units=units, n_layers=1, bins=bins, seed=seed,
                                                         gradients=True))
        return [seconds * layers] * len(keys)

    outcome = run_chunks([run(*key) for key in keys], limit, probe=probe, progress=_progress)
    return outcome.with_value(dict(outcome.value))


def controls(page: Page) -> dict:
    # option texts looked up now: AppTest formats a choice outside the run, where the language is unknown
    init = page.choice("init", "std1", INITS, label=t("learn.init.rule"),
                       format_func={k: t(f"learn.init.{k}") for k in INITS}.get)
    activation = page.choice("activation", "sigmoid", ACTIVATIONS, widget="radio",
                             format_func={a: t(f"learn.act.{a}") for a in ACTIVATIONS}.get)
    batch_norm = page.toggle("bn", False, label=t("learn.init.batch_norm"), help=t("learn.init.batch_norm_help"))
    cap = page.toggle("cap", True, label=t("learn.init.cap", y=BOOK_Y_MAX)) if activation == "relu" else False
    with st.expander(t("learn.init.setup")):
        sizes = {name: page.integer(name, DEFAULTS[name], *LIMITS[name]) for name in DEFAULTS}
    return dict(init=init, activation=activation, batch_norm=batch_norm, cap=cap, **sizes)


#: the spread "grows" when the last layer's std is this many times the first's (the mirror of
#: shrinking to half), and is "too wide" when a std exceeds this many histogram widths
GROWTH_FACTOR = 2.0
TOO_WIDE = 5.0


def verdicts(res: ActivationHistograms) -> list[str]:
    """What the histograms show, in words: identical units, saturation, growth, collapse, or a healthy spread."""
    last = res.n_layers - 1
    width = float(res.edges[-1] - res.edges[0])
    if res.unit_spread.max() == 0.0:
        return [t("learn.init.v.identical")]
    out = []
    if res.activation != "relu" and res.saturated.mean() > 0.3:
        out.append(t("learn.init.v.saturated", share=f"{res.saturated.mean():.0%}"))
    if last > 0 and res.std[last] > GROWTH_FACTOR * res.std[0]:
        per_layer = (res.std[last] / res.std[0]) ** (1.0 / last)
        out.append(t("learn.init.v.growing", first=figures.scale_text(res.std[0]),
                     last=figures.scale_text(res.std[last]), layers=res.n_layers, factor=f"{per_layer:.2g}",
                     outside=f"{res.outside[last]:.0%}"))
    elif res.std[last] > TOO_WIDE * width:
        out.append(t("learn.init.v.too_wide", std=figures.scale_text(res.std[last]),
                     outside=f"{res.outside[last]:.0%}"))
    if res.std[last] < 0.02 * width:
        out.append(t("learn.init.v.collapsed", std=f"{res.std[last]:.2g}"))
    elif res.std[last] < 0.5 * res.std[0]:
        out.append(t("learn.init.v.shrinking", first=f"{res.std[0]:.2g}", last=f"{res.std[last]:.2g}"))
    if not out:
        out.append(t("learn.init.v.healthy"))
    return out


#: marks the gradient figures (layout.meta): new beside the activations' (tests/test_learn_links.py)
GRADIENTS = "gradients"
#: the share of saturated activations above which the gradient verdict says why saturation did not
#: make the gradient vanish (the activations' verdict calls a layer saturated from the same share)
SATURATED = 0.3


def gradient_verdicts(res: ActivationHistograms, units: int) -> list[tuple[str, str]]:
    """What the gradient histograms show, as ``(kind, text)``: the trend going back (vanishing, shrinking,
    steady, growing, exploding, zero, single) and, when saturated activations kept their gradient, why."""
    g = res.gradients
    trend = gradient_trend(g)
    out = [(trend, t(f"learn.viz.grad.v.{trend}", first=figures.scale_text(float(g.std[0])),
                     last=figures.scale_text(float(g.std[-1])), layers=g.n_layers, factor=f"{g.per_layer:.2g}",
                     before=g.n_layers - 1))]
    if res.activation != "relu" and res.saturated.mean() > SATURATED and trend in ("steady", "growing", "exploding"):
        rms, gain = float(g.derivative_rms.mean()), float(g.weight_gain.mean())
        out.append(("note", t("learn.viz.grad.v.saturated_kept", rms=f"{rms:.2g}", wstd=f"{gain / np.sqrt(units):.3g}",
                              units=units, gain=f"{gain:.3g}", product=f"{rms * gain:.2g}")))
    return out


def stats_table(res: ActivationHistograms) -> pd.DataFrame:
    saturated_key = "learn.init.col.dead" if res.activation == "relu" else "learn.init.col.saturated"
    columns = {
        t("learn.init.col.layer"): list(range(1, res.n_layers + 1)),
        t("learn.init.col.mean"): [figures.scale_text(v) for v in res.mean],
        t("learn.init.col.std"): [figures.scale_text(v) for v in res.std],
        t(saturated_key): [f"{v:.1%}" for v in res.saturated],
        t("learn.init.col.outside"): [f"{v:.1%}" for v in res.outside],
        t("learn.init.col.spread"): [figures.scale_text(v) for v in res.unit_spread],
    }
    if res.gradients is not None:
        columns[t("learn.viz.col.grad_std")] = [figures.scale_text(v) for v in res.gradients.std]
        columns[t("learn.viz.col.weight_grad_std")] = [figures.scale_text(v) for v in res.gradients.weight_std]
        columns[t("learn.viz.col.slope")] = [f"{v:.2g}" for v in res.gradients.derivative_rms]
    return pd.DataFrame(columns)


def results(c: dict) -> None:
    """The experiments of the chosen setup under the CPU budget, their figures and what they show."""
    sizes = (c["layers"], c["units"], c["samples"], c["bins"], c["seed"])
    outcome = work.run(lambda progress: experiments(view_experiments(c["init"]), c["activation"], *sizes, work.LIMIT,
                                                    _progress=progress),
                       unit=t("learn.init.unit"), lower=t("learn.init.lower"))
    done = outcome.value
    plain = done.get((c["init"], False))
    if plain is None:  # refused (or not even the chosen rule fitted): ui.work said what to lower
        explanation()
        return
    rows, titles = [plain], [t("learn.fig.count")]
    if c["batch_norm"] and (c["init"], True) in done:
        rows.append(done[(c["init"], True)])
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
    gradients(rows, titles, c)

    st.subheader(t("learn.init.stats_title"))
    cols = st.columns(len(rows))
    for col, res, title in zip(cols, rows, titles):
        with col:
            if len(rows) > 1:
                st.markdown(f"**{title}**")
            st.dataframe(stats_table(res), hide_index=True, width="stretch")

    st.subheader(t("learn.init.all_title", activation=t(f"learn.act.{c['activation']}")))
    ran = [init for init in INITS if (init, False) in done]  # every rule, unless the time limit cut the view
    every = [done[(init, False)] for init in ran]
    names = [t(f"learn.init.{init}") for init in ran]
    if (c["init"], True) in done:
        every.append(done[(c["init"], True)])
        names.append(t("learn.init.with_bn", rule=t(f"learn.init.{c['init']}")))
    st.plotly_chart(figures.layer_std_figure(every, names, text=figure_text(), height=320), key=f"{P}.std")
    st.caption(t("learn.init.all_caption"))

    st.subheader(t("learn.viz.grad.all_title", activation=t(f"learn.act.{c['activation']}")))
    grad_std = figures.layer_std_figure([res.gradients for res in every], names, text=figure_text(), height=320,
                                        y_title=t("learn.viz.grad.std_axis"))
    st.plotly_chart(grad_std.update_layout(meta=GRADIENTS), key=f"{P}.gradient_std")
    st.caption(t("learn.viz.grad.all_caption"))
    if c["batch_norm"] and (c["init"], True) in done:
        learn_viz.init_batch_norm(done[(c["init"], True)].batch_norm_stats, t(f"learn.init.{c['init']}"))
    explanation()


def gradients(rows: list[ActivationHistograms], titles: list[str], c: dict) -> None:
    """Note 001's gradient histograms under the activations', layer under layer, and what they show."""
    st.markdown(t("learn.viz.grad.title"))
    st.markdown(t("learn.viz.grad.loss"))
    st.latex(GRADIENT_LOSS_LATEX)
    st.latex(BACKWARD_LATEX)
    fig = figures.init_histograms_figure([res.gradients for res in rows], row_titles=titles, text=figure_text())
    st.plotly_chart(fig.update_layout(meta=GRADIENTS), key=f"{P}.gradients")
    for res, title in zip(rows, titles):
        for kind, line in gradient_verdicts(res, c["units"]):
            show = {"steady": st.success, "single": st.info, "note": st.info}.get(kind, st.warning)
            show(f"{title}: {line}" if len(rows) > 1 else line)
    st.caption(t("learn.viz.grad.range_note", bins=c["bins"], half=f"{GRADIENT_RANGE_STDS:g}"))


def explanation() -> None:
    st.subheader(t("learn.init.explain_title"))
    st.markdown(t("learn.init.explain"))
    st.markdown(t("learn.init.explain_xavier"))


page = Page(P, texts="learn.init")
with page.controls():
    chosen = controls(page)
results(chosen)
page.finish()
