"""Random vs grid search: the same budget of trials as a grid and as random samples, on the sweep's map.

The notes' advice, one control each: search the learning rate on a log scale (random samples are
log-uniform on log axes), prefer random search (the distinct values each method tries are counted),
beware a best value on the border of the box (a warning), and go from coarse to fine (a zoom that
shrinks the box around the best and keeps it in the URL).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import streamlit as st

from landscapes import search as se
from landscapes import sweep as sw
from landscapes.budget import Outcome
from ui import work
from ui.i18n import t
from ui.kit import Page
from ui.reasons import reason
from ui.surface_picker import SurfaceChoice, build_surface
from ui.sweep_controls import axis_label, metric_view, sweep_controls, sweep_view
from urlvalues import parse_int
from viz import heatmap as hm

RESOLUTIONS = (16, 24, 32, 48, 64, 96)
ZOOMS = (0.5, 0.33, 0.25, 0.1)  # the new box's width as a fraction of the old one
METHODS = ("grid", "random")
# CPU seconds of a rerun (ui.work.LIMIT in all) for the background map and for the trials
BACKGROUND_SECONDS = 1.5
TRIALS_SECONDS = work.LIMIT - BACKGROUND_SECONDS
# method, colour, marker
STYLES = (("grid", hm.GRID_COLOUR, "square"), ("random", hm.RANDOM_COLOUR, "circle"))
MAP_HEIGHT = 540  # pixels: the whole map in view beside the sidebar on a 1280 × 800 projector
STAGE = "search.stage"  # how many times the box was zoomed (set by the buttons, kept in the link)


@st.cache_data(show_spinner=False, max_entries=16)
def compute_trials(choice: SurfaceChoice, spec: sw.SweepSpec, n: int, seed: int, f_star: float, limit: float,
                   _progress=None) -> Outcome:
    """Both searches as one batch within ``limit`` CPU seconds: ``(grid, random, scores)``, None if refused.

    The methods' trials alternate (landscapes.search.trial_order), so a search cut short has tried
    about as many of each.
    """
    box = se.Box(spec.x, spec.y)
    grid = se.grid_trials(box, n)
    rand = se.random_trials(box, n, seed)
    outcome = se.evaluate_within(build_surface(choice), spec, np.vstack([grid, rand]), f_star=f_star, limit=limit,
                                 order=se.trial_order(len(grid), len(rand)), progress=_progress)
    return outcome.with_value(None if outcome.refused else (grid, rand, outcome.value))


def _set_box(page: Page, box: se.Box, stage: int) -> None:
    """Callback: put ``box`` into the range controls (before they are drawn again) and count the stage."""
    for axis in box.axes:
        page.set(page.key(f"range.{axis.name}.low"), axis.low)
        page.set(page.key(f"range.{axis.name}.high"), axis.high)
    page.set(STAGE, stage)


def _value(v: float) -> str:
    return f"{v:.4g}"


def summary_table(box: se.Box, optimizer: str, objective: str, parts: dict) -> pd.DataFrame:
    x_label, y_label = (axis_label(a.name, optimizer) for a in box.axes)
    rows = []
    for method, (points, best, scores) in parts.items():
        dx, dy = se.distinct_counts(points)
        row = {t("search.col.method"): t(f"search.method.{method}"), t("search.col.trials"): len(points),
               t("search.col.distinct", name=x_label): dx, t("search.col.distinct", name=y_label): dy}
        if best is None:
            row[t("search.col.best")] = t("search.none_converged")
        else:
            value = scores.objective(objective)[best]
            row[t("search.col.best")] = f"{value:.4g}" if objective == "final_loss" else str(int(value))
            row[x_label] = _value(scores.points[best, 0])
            row[y_label] = _value(scores.points[best, 1])
            sides = se.border_sides(box, scores.points[best])
            row[t("search.col.border")] = t("search.yes") if sides else t("search.no")
        rows.append(row)
    return pd.DataFrame(rows)


def border_warnings(box: se.Box, optimizer: str, method: str, point) -> None:
    for name, side in se.border_sides(box, point):
        axis = box.x if name == box.x.name else box.y
        value = point[0] if name == box.x.name else point[1]
        st.warning(t(f"search.border_{side}", method=t(f"search.method.{method}"),
                     name=axis_label(name, optimizer),
                     value=_value(value), edge=_value(axis.low if side == "low" else axis.high)),
                   icon=":material/border_outer:")


def trials_chart(background: sw.SweepResult, spec: sw.SweepSpec, objective: str, points: dict, best: dict,
                 scores: se.Scores, n_grid: int, zoomed: se.Box | None):
    """The background map with both searches' trials, their best points and the next, finer box."""
    x_label, y_label = axis_label(spec.x.name, spec.optimizer), axis_label(spec.y.name, spec.optimizer)
    z, z_label, overlays, options = metric_view(background, objective)
    fig = hm.sweep_heatmap(
        background.x_values, background.y_values, z, x_label=x_label, y_label=y_label, z_label=z_label,
        x_log=spec.x.log, y_log=spec.y.log, overlays=overlays, clickable=False, height=MAP_HEIGHT, **options,
    )
    logs = dict(x_log=spec.x.log, y_log=spec.y.log)
    for method, colour, symbol in STYLES:
        offset = 0 if method == "grid" else n_grid
        obj = scores.objective(objective)[offset:offset + len(points[method])]
        hover = [t("search.trial_hover", method=t(f"search.method.{method}"), x=x_label, xv=_value(p[0]),
                   y=y_label, yv=_value(p[1]), value=(_value(v) if np.isfinite(v) else t("search.failed")))
                 for p, v in zip(points[method], obj)]
        local_best = None if best[method] is None else best[method] - offset
        hm.add_trials(fig, points[method], label=t(f"search.legend.{method}", n=len(points[method])),
                      colour=colour, symbol=symbol, best=local_best, best_label=t(f"search.legend.best_{method}"),
                      hover=hover, **logs)
    if zoomed is not None:
        hm.add_box(fig, (zoomed.x.low, zoomed.y.low), (zoomed.x.high, zoomed.y.high),
                   label=t("search.legend.next_box"), **logs)
    return fig


def projection_chart(box: se.Box, optimizer: str, objective: str, points: dict, scores: se.Scores, n_grid: int):
    """Each trial's result against one hyperparameter at a time."""
    series = []
    for method, colour, symbol in STYLES:
        offset = 0 if method == "grid" else n_grid
        values = scores.objective(objective)[offset:offset + len(points[method])]
        if objective == "final_loss":  # an exact zero has no place on the log axis
            values = np.maximum(values, 10.0 ** sw.LOG_GAP_FLOOR)
        series.append({"name": t(f"search.method.{method}"), "colour": colour, "symbol": symbol,
                       "points": points[method], "objective": values})
    return hm.projection_figure(
        [{"label": axis_label(a.name, optimizer), "log": a.log, "low": a.low, "high": a.high} for a in box.axes],
        series, objective_label=t(f"sweep.metric.{objective}"), objective_log=objective == "final_loss",
        failed_label=t("search.failed"),
    )


def main() -> None:
    page = Page("search")
    with page.controls():
        choice, surface, spec = sweep_controls(page, resolution=False)
        n = page.integer("n", 16, 1, se.MAX_TRIALS)
        seed = page.integer("trial_seed", 0, 0, 1_000_000)
        objective = page.choice("objective", "steps_to_tol", se.OBJECTIVES, widget="radio",
                                format_func={o: t(f"sweep.metric.{o}") for o in se.OBJECTIVES}.get)
        res = page.choice("res", 48, RESOLUTIONS, widget="slider")
        zoom = page.choice("zoom", 0.25, ZOOMS, widget="slider", format_func=lambda z: f"× {1 / z:.0f}")
        zoom_on = page.choice("zoom_on", "random", METHODS, widget="radio",
                              format_func={m: t(f"search.method.{m}") for m in METHODS}.get)
        stage = page.bind(STAGE, 0, parse_int(0, 1000))
    if spec is None:
        st.info(t("sweep.fix_settings"), icon=":material/tune:")
        page.stop()
    box = se.Box(spec.x, spec.y)
    try:
        background = sweep_view(choice, replace(spec, nx=res, ny=res), BACKGROUND_SECONDS,
                                unit=t("search.background_unit"), lower=t("search.background_lower"))
        trials = None if background is None else work.run(
            lambda progress: compute_trials(choice, spec, n, seed, background.f_star, TRIALS_SECONDS,
                                            _progress=progress),
            unit=t("search.unit"), lower=t("search.lower")).value
    except ValueError as err:
        st.error(t("common.invalid_input", reason=reason(err)))
        page.stop()
    if trials is None:  # refused: ui.work said what to lower
        page.stop()
    grid, rand, scores = trials
    if scores.ran is not None and not scores.ran.all():  # cut short: show the trials that ran
        ran = scores.ran
        grid, rand, scores = grid[ran[:len(grid)]], rand[ran[len(grid):]], scores.subset(ran)
    n_grid = len(grid)
    best = {"grid": scores.best(objective, slice(0, n_grid)), "random": scores.best(objective, slice(n_grid, None))}
    points = {"grid": grid, "random": rand}
    other = "random" if zoom_on == "grid" else "grid"
    centre = best[zoom_on] if best[zoom_on] is not None else best[other]
    zoomed = None if centre is None else se.zoom(box, scores.points[centre], zoom, spec.optimizer)
    x_label, y_label = axis_label(spec.x.name, spec.optimizer), axis_label(spec.y.name, spec.optimizer)

    fig = trials_chart(background, spec, objective, points, best, scores, n_grid, zoomed)
    st.plotly_chart(fig, key="search.chart", config={"scrollZoom": False, "displayModeBar": False})
    st.caption(t("search.stage", stage=stage + 1) + " " + t("search.background", res=res, runs=res * res))

    nx_grid, ny_grid = se.grid_shape(n)
    st.markdown(t("search.bergstra", n=n, nx=nx_grid, ny=ny_grid, used=n_grid, x=x_label, y=y_label))
    parts = {m: (points[m], best[m], scores) for m in METHODS}
    st.dataframe(summary_table(box, spec.optimizer, objective, parts), hide_index=True, width="stretch")
    for method in METHODS:
        if best[method] is None:
            st.warning(t("search.all_failed", method=t(f"search.method.{method}")))
        else:
            border_warnings(box, spec.optimizer, method, scores.points[best[method]])

    left, right = st.columns(2)
    with left:
        st.button(t("search.zoom_button", factor=f"{1 / zoom:.0f}"), key="search.zoom_in",
                  help=t("search.zoom_button_help", method=t(f"search.method.{zoom_on}")),
                  disabled=zoomed is None, on_click=_set_box,
                  args=(page, zoomed, stage + 1) if zoomed is not None else None, type="primary")
    with right:
        full = se.Box(*(sw.default_axis(a.name, spec.optimizer) for a in box.axes))
        st.button(t("search.reset"), key="search.reset", on_click=_set_box, args=(page, full, 0),
                  disabled=stage == 0 and full == box)
    if zoomed is not None:
        st.caption(t("search.next_box", x=x_label, xl=_value(zoomed.x.low), xh=_value(zoomed.x.high), y=y_label,
                     yl=_value(zoomed.y.low), yh=_value(zoomed.y.high)))

    st.markdown(t("search.projection_title"))
    st.plotly_chart(projection_chart(box, spec.optimizer, objective, points, scores, n_grid), key="search.projection",
                    config={"scrollZoom": False, "displayModeBar": False})
    st.caption(t("search.projection_caption"))
    page.finish()


if __name__ == "__main__":
    main()
