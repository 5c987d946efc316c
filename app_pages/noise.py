"""Noise and batch size: one optimizer with gradient noise σ₁/√B for several batch sizes B, overlaid."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

import optimizers
from landscapes.budget import Outcome
from landscapes.noise import (
    MAX_BATCH_SIZES,
    MAX_SEEDS,
    Scaling,
    best_lr_scaling,
    lr_sweep_within,
    noise_std,
    sgd_stability_limit,
    study_within,
)
from refusal import Refusal
from ui import work
from ui.i18n import current_language, t
from ui.kit import Page, log_grid
from ui.reasons import reason
from ui.surface_picker import build_surface, pick_surface
from ui.widgets import optimizer_widget
from urlvalues import number
from viz.contour import add_path, contour_figure
from viz.schedules import Series, line_figure, series_style

BATCH_CHOICES = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)
DEFAULT_BATCHES = [1, 4, 16, 64]
# CPU seconds of a rerun (ui.work.LIMIT in all) for the batch-size study and for the learning-rate sweep
STUDY_SECONDS = 1.5
SWEEP_SECONDS = work.LIMIT - STUDY_SECONDS
MAX_STEPS = 1000
MAX_SIGMA = 1000.0
SWEEP_POINTS = 19
LR_GRID = log_grid(1e-4, 10.0)
X_AXES = ("steps", "examples")


def parse_grid_lr(text: str) -> float:
    """A learning rate of the sweep's sliders, as a link writes it (any spelling of one of their values)."""
    value = number(text)
    if value not in LR_GRID:
        raise Refusal("not_grid_value", f"{text!r} is not one of the slider's values ({LR_GRID[0]:g} … "
                      f"{LR_GRID[-1]:g}, 1-2-5)", value=text, low=f"{LR_GRID[0]:g}", high=f"{LR_GRID[-1]:g}")
    return value


def lr_slider(page: Page, name: str, default: float) -> float:
    """One end of the sweep's range: a 1-2-5 slider.  Bound by hand rather than with ``page.choice``, which
    reads options by ``str`` (1.0 → "1.0") while links write numbers as ``fmt`` does ("1", "0.001"), and
    any spelling of a slider value ("1e-3") has always opened."""
    key = page.key(name)
    page.bind(key, default, parse_grid_lr)
    return float(st.select_slider(t(key), LR_GRID, key=key, format_func=lambda v: f"{v:g}"))


@st.cache_data(show_spinner=False, max_entries=16)
def compute_study(choice, opt_name, hp: tuple, steps, batches: tuple, sigma1, seeds, scale, base_batch, seed,
                  limit: float, _progress=None) -> Outcome:
    """The batch-size study within ``limit`` CPU seconds (batch sizes that fit; None if refused)."""
    surface = build_surface(choice)
    return study_within(
        surface,
        opt_name,
        dict(hp),
        surface.start,
        steps,
        list(batches),
        sigma1,
        seeds=seeds,
        scale_lr=scale,
        base_batch=base_batch,
        seed=seed,
        limit=limit,
        progress=_progress,
    )


@st.cache_data(show_spinner=False, max_entries=16)
def compute_sweep(choice, opt_name, hp: tuple, steps, batches: tuple, lrs: tuple, sigma1, seeds, seed,
                  limit: float, _progress=None) -> Outcome:
    """The learning-rate sweep within ``limit`` CPU seconds (batch sizes that fit; None if refused)."""
    surface = build_surface(choice)
    return lr_sweep_within(
        surface,
        opt_name,
        dict(hp),
        surface.start,
        steps,
        list(batches),
        list(lrs),
        sigma1,
        seeds=seeds,
        seed=seed,
        limit=limit,
        progress=_progress,
    )


def colour_of(c: dict, batch_size) -> str:
    """One colour per batch size of the user's list, whichever of them a time limit let through."""
    return series_style(list(c["batches"]).index(int(batch_size)))[0]


def path_view(surface, study) -> tuple[tuple[float, float], tuple[float, float]]:
    """The box the paths occupy plus a margin, so the jitter shows; at most 3× the surface's view."""
    (x0, x1), (y0, y1) = surface.bounds
    points = np.concatenate([study.paths.reshape(-1, 2), study.clean_paths.reshape(-1, 2)])
    wide = ((x0 - (x1 - x0), x1 + (x1 - x0)), (y0 - (y1 - y0), y1 + (y1 - y0)))
    inside = (
        np.isfinite(points).all(axis=1)
        & (points[:, 0] >= wide[0][0])
        & (points[:, 0] <= wide[0][1])
        & (points[:, 1] >= wide[1][0])
        & (points[:, 1] <= wide[1][1])
    )
    points = points[inside]
    minima = np.array([m.point for m in surface.minima], dtype=float).reshape(-1, 2)
    points = np.concatenate([points, minima[np.isfinite(minima).all(axis=1)]])
    if len(points) == 0:
        return surface.bounds
    low, high = points.min(axis=0), points.max(axis=0)
    pad = np.maximum((high - low) * 0.08, 0.02 * np.array([x1 - x0, y1 - y0]))
    return (
        (float(low[0] - pad[0]), float(high[0] + pad[0])),
        (float(low[1] - pad[1]), float(high[1] + pad[1])),
    )


def study_section(c: dict) -> None:
    surface = build_surface(c["choice"])
    hp_key = tuple(sorted(c["hp"].items()))
    study = work.run(
        lambda progress: compute_study(
            c["choice"],
            c["opt_name"],
            hp_key,
            c["steps"],
            c["batches"],
            c["sigma1"],
            c["seeds"],
            c["scale"],
            c["base"],
            c["seed"],
            STUDY_SECONDS,
            _progress=progress,
        ),
        unit=t("noise.unit"),
        lower=t("noise.lower"),
    ).value
    if study is None:  # refused: ui.work said what to lower
        return
    labels = [f"B = {b}" for b in study.batch_sizes]
    colours = [colour_of(c, b) for b in study.batch_sizes]

    fig = contour_figure(surface, bounds=path_view(surface, study), height=520,
                         minimum_label=t("noise.fig.minimum"))
    for i, label in enumerate(labels):
        clean = study.clean_paths[:, i]
        fig.add_scatter(
            x=clean[:, 0],
            y=clean[:, 1],
            mode="lines",
            name=t("noise.noise_free"),
            legendgroup="clean",
            showlegend=i == 0,
            line=dict(color=colours[i], width=1.5, dash="dot"),
            hoverinfo="skip",
        )
        add_path(
            fig,
            study.paths[:, i],
            label,
            colours[i],
            diverged_at=int(study.diverged_at[i]),
            diverged_note=t("noise.diverged", step=int(study.diverged_at[i])),
            step_label=t("noise.fig.step"),
            start_label=t("noise.fig.start"),
        )
    fig.update_layout(legend=dict(orientation="h", x=0, y=-0.14, yanchor="top"), margin=dict(t=10, b=10))
    left, right = st.columns([1.1, 1])
    with left:
        st.markdown(f"**{t('noise.paths_title')}**")
        st.plotly_chart(fig, key="noise.paths_chart")
        st.caption(t("noise.paths_caption"))
    examples = c["x_axis"] == "examples"
    series = []
    for i, label in enumerate(labels):
        x = study.steps * (int(study.batch_sizes[i]) if examples else 1)
        series.append(
            Series(
                label,
                study.loss_mean[:, i],
                colours[i],
                low=study.loss_low[:, i],
                high=study.loss_high[:, i],
                x=x,
            )
        )
    positive = bool(np.nanmin(np.concatenate([study.loss_low.ravel(), [1.0]])) > 0)
    x_title = t("noise.xaxis.examples") if examples else t("noise.xaxis.steps")
    loss_fig = line_figure(
        study.steps, series, x_title, t("noise.loss_axis"), log_y=positive, log_x=examples, height=520
    )
    loss_fig.update_layout(legend=dict(orientation="h", x=0, y=-0.14, yanchor="top"), margin=dict(t=10, b=10))
    with right:
        st.markdown(f"**{t('noise.loss_title', seeds=study.seeds)}**")
        st.plotly_chart(loss_fig, key="noise.loss_chart")
        st.caption(t("noise.loss_caption"))
    table = pd.DataFrame(
        {
            t("noise.col.batch"): study.batch_sizes,
            t("noise.col.sigma"): np.round(study.noise, 4),
            t("noise.col.lr"): [float(f"{v:.4g}") for v in study.lr],
            t("noise.col.final"): [
                f"{v:.3g}" if np.isfinite(v) else "—"
                for v in np.where(study.diverged, np.nan, study.final_loss).mean(axis=1)
            ],
            t("noise.col.deviation"): [f"{v:.3g}" if np.isfinite(v) else "—" for v in study.deviation],
            t("noise.col.diverged"): [f"{100 * v:.0f}%" for v in study.diverged.mean(axis=1)],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(t("noise.deviation_caption"))


def sweep_section(c: dict) -> None:
    st.subheader(t("noise.sweep_title"))
    st.caption(t("noise.sweep_intro"))
    low, high = c["lr_low"], c["lr_high"]
    if not low < high:
        st.error(t("noise.bad_range"))
        return
    lrs = tuple(np.geomspace(low, high, SWEEP_POINTS).tolist())
    hp_key = tuple(sorted((k, v) for k, v in c["hp"].items() if k != "lr"))
    sweep = work.run(
        lambda progress: compute_sweep(c["choice"], c["opt_name"], hp_key, c["steps"], c["batches"], lrs,
                                       c["sigma1"], c["seeds"], c["seed"], SWEEP_SECONDS, _progress=progress),
        unit=t("noise.sweep_unit"),
        lower=t("noise.lower"),
    ).value
    if sweep is None:  # refused: ui.work said what to lower
        return
    series = []
    for i, b in enumerate(sweep.batch_sizes):
        series.append(Series(f"B = {b}", sweep.loss[i], colour_of(c, b), markers=True))
    best = [
        (float(lr), float(np.nanmin(sweep.loss[i])), colour_of(c, b))
        for i, (lr, b) in enumerate(zip(sweep.best_lr, sweep.batch_sizes)) if np.isfinite(lr)
    ]
    fig = line_figure(
        sweep.lrs,
        series,
        t("noise.lr_axis"),
        t("noise.tail_loss_axis"),
        log_x=True,
        log_y=bool(np.nanmin(np.concatenate([sweep.loss.ravel(), [1.0]])) > 0),
        height=420,
    )
    if best:
        fig.add_scatter(
            x=[b[0] for b in best],
            y=[b[1] for b in best],
            mode="markers",
            name=t("noise.best"),
            marker=dict(
                symbol="star",
                size=15,
                color=[b[2] for b in best],
                line=dict(width=1, color="#111"),
            ),
        )
    st.plotly_chart(fig, key="noise.sweep_chart")
    rows = []
    for b, lr in zip(sweep.batch_sizes, sweep.best_lr):
        rows.append(
            {t("noise.col.batch"): int(b), t("noise.col.best_lr"): f"{lr:.3g}" if np.isfinite(lr) else "—"}
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    limit = sgd_stability_limit(build_surface(c["choice"]), c["opt_name"], c["hp"])
    scaling = best_lr_scaling(sweep, limit)
    st.markdown(f"**{t('noise.scaling.title')}**")
    gap = "" if current_language() == "zh" else " "  # Chinese sentences end in 。 and need no space
    st.markdown(gap.join(scaling_sentences(scaling, sweep.lrs, c["hp"])) if scaling else t("noise.scaling.need_two"))
    if scaling and c["opt_name"] == "sgd" and c["sigma1"] > 0:  # the noise floor quoted is SGD's
        b0, b1 = int(scaling.batch_sizes[0]), int(scaling.batch_sizes[-1])
        st.caption(t("noise.scaling.why", steps=c["steps"], b0=b0, b1=b1,
                     s0=f"{noise_std(c['sigma1'], b0):.3g}", s1=f"{noise_std(c['sigma1'], b1):.3g}"))
    st.caption(t("noise.scaling.rule"))


def _lr(value: float) -> str:
    return f"{value:.3g}"


def _sizes(sizes) -> str:
    return ", ".join(str(int(b)) for b in sizes)


def limit_formula(hp: dict) -> str:
    """The stability limit's formula for SGD with these hyperparameters (see sgd_stability_limit)."""
    mu = float(hp.get("momentum", 0.0))
    if mu == 0:
        return "2/λmax"
    form = "2(1+μ)/((1+2μ)λmax)" if hp.get("nesterov") else "2(1+μ)/λmax"
    return f"{form} (μ = {mu:g})"


def scaling_sentences(scaling: Scaling, lrs, hp: dict) -> list[str]:
    """What the sweep's table shows about the best rate against B, every number read off the sweep."""
    b0, b1 = int(scaling.batch_sizes[0]), int(scaling.batch_sizes[-1])
    best = scaling.best_lr
    exponent = round(scaling.exponent, 2) + 0.0  # + 0.0: a -0.001 reads "0.00", not "-0.00"
    out = [t(f"noise.scaling.{scaling.kind}", b0=b0, b1=b1, p=f"{exponent:.2f}", r=f"{scaling.ratio:.3g}",
             u=f"{scaling.resolution:.2f}")]
    if scaling.plateau_from is not None:
        higher = np.sort(np.asarray(lrs, dtype=float))
        higher = higher[higher > best[-1]]
        out.append(t("noise.scaling.plateau", b=scaling.plateau_from, lr=_lr(best[-1]), next=_lr(higher[0]))
                   if higher.size else t("noise.scaling.plateau_top", b=scaling.plateau_from, lr=_lr(best[-1])))
    if scaling.at_top:
        out.append(t("noise.scaling.at_top", sizes=_sizes(scaling.at_top), lr=_lr(max(lrs))))
    if scaling.at_bottom:
        out.append(t("noise.scaling.at_bottom", sizes=_sizes(scaling.at_bottom), lr=_lr(min(lrs))))
    if scaling.limit is not None:
        limit = dict(formula=limit_formula(hp), limit=f"{scaling.limit:.3g}")
        if scaling.past_limit:
            out.append(t("noise.scaling.at_limit", sizes=_sizes(scaling.past_limit), **limit))
        else:
            out.append(t("noise.scaling.below_limit", lr=_lr(best.max()),
                         factor=f"{scaling.limit / best.max():.2g}", **limit))
    diverged = [b for b in scaling.next_diverged if b not in scaling.past_limit]
    if diverged:
        out.append(t("noise.scaling.next_diverged", sizes=_sizes(diverged)))
    out.append(t("noise.scaling.linear_prediction", b0=b0, lr0=_lr(best[0]), b1=b1,
                 pred=_lr(scaling.linear_prediction), best=_lr(best[-1])))
    if scaling.limit is not None and scaling.linear_prediction >= scaling.limit:
        out.append(t("noise.scaling.prediction_past_limit", limit=f"{scaling.limit:.3g}",
                     b=f"{b0 * scaling.limit / best[0]:.2g}"))
    return out


# ------------------------------------------------------------------------------------------ page

page = Page("noise")
with page.controls():
    choice = pick_surface(page, "noise", default="book_quadratic")
    opt_name, hp = optimizer_widget(page, "noise", t("noise.optimizer"), t("noise.lr0"), t("noise.more_hp"),
                                    batch=True)
    steps = page.integer("steps", 100, 1, MAX_STEPS, step=10)
    sigma1 = page.number("sigma", 2.0, 0.0, MAX_SIGMA, step=0.5)
    batches = page.multichoice("batches", DEFAULT_BATCHES, BATCH_CHOICES, max_selections=MAX_BATCH_SIZES)
    seeds = page.integer("seeds", 16, 1, MAX_SEEDS)
    seed = page.integer("seed", 0, 0, 10**6)
    scale = page.toggle("scale", False)
    base = page.choice("base", 16, BATCH_CHOICES, disabled=not scale)
    axis_labels = {a: t(f"noise.xaxis.{a}") for a in X_AXES}  # looked up now: AppTest formats outside the run
    x_axis = page.choice("xaxis", "steps", X_AXES, widget="radio", format_func=axis_labels.get)
    st.markdown(f"**{t('noise.sweep_controls')}**")
    # two sliders rather than one range slider: AppTest drops a range select_slider's second value
    lr_low = lr_slider(page, "lr_low", 1e-3)
    lr_high = lr_slider(page, "lr_high", 1.0)

if choice is None:
    page.stop()
if not batches:
    st.error(t("noise.no_batches"))
    page.stop()
c = dict(choice=choice, opt_name=opt_name, hp=hp, steps=steps, sigma1=sigma1, batches=tuple(sorted(batches)),
         seeds=seeds, seed=seed, scale=bool(scale), base=int(base), x_axis=x_axis, lr_low=lr_low, lr_high=lr_high)
try:
    optimizers.get(opt_name, **hp)
    study_section(c)
    sweep_section(c)
except ValueError as err:
    st.error(t("common.invalid_input", reason=reason(err)))
page.finish()
