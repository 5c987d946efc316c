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

from app_pages.sweep import axis_label, metric_view, sweep_controls, sweep_view
from landscapes import search as se
from landscapes import sweep as sw
from landscapes.budget import Outcome
from ui import work
from ui.i18n import t
from ui.state import UrlState, parse_choice, parse_int
from ui.surface_picker import SurfaceChoice, build_surface
from viz import heatmap as hm

RESOLUTIONS = (16, 24, 32, 48, 64, 96)
ZOOMS = (0.5, 0.33, 0.25, 0.1)  # the new box's width as a fraction of the old one
METHODS = ("grid", "random")
# CPU seconds of a rerun (ui.work.LIMIT in all) for the background map and for the trials
BACKGROUND_SECONDS = 1.5
TRIALS_SECONDS = work.LIMIT - BACKGROUND_SECONDS
# method, colour, marker
STYLES = (("grid", hm.GRID_COLOUR, "square"), ("random", hm.RANDOM_COLOUR, "circle"))


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


def _set_box(prefix: str, box: se.Box, stage: int) -> None:
    """Callback: put ``box`` into the range widgets (before they are drawn again) and count the stage."""
    for axis in box.axes:
        st.session_state[f"{prefix}.range.{axis.name}.low"] = axis.low
        st.session_state[f"{prefix}.range.{axis.name}.high"] = axis.high
    st.session_state[f"{prefix}.stage"] = stage


def _value(v: float) -> str:
    return f"{v:.4g}"


def summary_table(box: se.Box, objective: str, parts: dict) -> pd.DataFrame:
    rows = []
    for method, (points, best, scores) in parts.items():
        dx, dy = se.distinct_counts(points)
        row = {t("search.col.method"): t(f"search.method.{method}"), t("search.col.trials"): len(points),
               t("search.col.distinct", name=axis_label(box.x.name)): dx,
               t("search.col.distinct", name=axis_label(box.y.name)): dy}
        if best is None:
            row[t("search.col.best")] = t("search.none_converged")
        else:
            value = scores.objective(objective)[best]
            row[t("search.col.best")] = f"{value:.4g}" if objective == "final_loss" else str(int(value))
            row[axis_label(box.x.name)] = _value(scores.points[best, 0])
            row[axis_label(box.y.name)] = _value(scores.points[best, 1])
            sides = se.border_sides(box, scores.points[best])
            row[t("search.col.border")] = t("search.yes") if sides else t("search.no")
        rows.append(row)
    return pd.DataFrame(rows)


def border_warnings(box: se.Box, method: str, point) -> None:
    for name, side in se.border_sides(box, point):
        axis = box.x if name == box.x.name else box.y
        value = point[0] if name == box.x.name else point[1]
        st.warning(t(f"search.border_{side}", method=t(f"search.method.{method}"), name=axis_label(name),
                     value=_value(value), edge=_value(axis.low if side == "low" else axis.high)),
                   icon=":material/border_outer:")


def main() -> None:
    url = UrlState("search")
    st.title(t("search.title"))
    st.caption(t("search.intro"))
    notices = st.container()  # filled once the controls have read the URL

    controls, chart = st.columns([1, 3], gap="medium")
    with controls:
        choice, surface, spec = sweep_controls(url, "search", resolution=False)
        url.restore("search.n", 16, parse_int(1, se.MAX_TRIALS))
        n = int(st.number_input(t("search.budget"), key="search.n", min_value=1, max_value=se.MAX_TRIALS,
                                step=1, help=t("search.budget_help", max=se.MAX_TRIALS)))
        url.restore("search.trial_seed", 0, parse_int(0, 1_000_000))
        seed = int(st.number_input(t("search.trial_seed"), key="search.trial_seed", min_value=0,
                                   max_value=1_000_000, help=t("search.trial_seed_help")))
        url.restore("search.objective", "steps_to_tol", parse_choice(se.OBJECTIVES))
        objective = st.radio(t("search.objective"), se.OBJECTIVES, key="search.objective",
                             format_func=lambda o: t(f"sweep.metric.{o}"))
        url.restore("search.res", 48, lambda text: int(parse_choice([str(r) for r in RESOLUTIONS])(text)))
        res = int(st.select_slider(t("search.res"), RESOLUTIONS, key="search.res", help=t("search.res_help")))
        url.restore("search.zoom", 0.25, lambda text: float(parse_choice([repr(z) for z in ZOOMS])(text)))
        zoom = float(st.select_slider(t("search.zoom"), ZOOMS, key="search.zoom",
                                      format_func=lambda z: f"× {1 / z:.0f}", help=t("search.zoom_help")))
        url.restore("search.zoom_on", "random", parse_choice(METHODS))
        zoom_on = st.radio(t("search.zoom_on"), METHODS, key="search.zoom_on", horizontal=True,
                           format_func=lambda m: t(f"search.method.{m}"))
        url.restore("search.stage", 0, parse_int(0, 1000))
    with notices:
        url.show_notices()

    with chart:
        if spec is None:
            url.publish()
            return
        box = se.Box(spec.x, spec.y)
        try:
            background = sweep_view(choice, replace(spec, nx=res, ny=res), BACKGROUND_SECONDS,
                                    unit=t("search.background_unit"), lower=t("search.background_lower"))
            trials = None if background is None else work.run(
                lambda progress: compute_trials(choice, spec, n, seed, background.f_star, TRIALS_SECONDS,
                                                _progress=progress),
                unit=t("search.unit"), lower=t("search.lower")).value
        except ValueError as err:
            st.error(t("common.invalid_input", reason=err))
            url.publish()
            return
        if trials is None:  # refused: ui.work said what to lower
            url.publish()
            return
        grid, rand, scores = trials
        if scores.ran is not None and not scores.ran.all():  # cut short: show the trials that ran
            ran = scores.ran
            grid, rand, scores = grid[ran[:len(grid)]], rand[ran[len(grid):]], scores.subset(ran)
        n_grid = len(grid)
        best = {"grid": scores.best(objective, slice(0, n_grid)),
                "random": scores.best(objective, slice(n_grid, None))}
        points = {"grid": grid, "random": rand}

        z, z_label, overlays, options = metric_view(background, objective)
        fig = hm.sweep_heatmap(
            background.x_values, background.y_values, z, x_label=axis_label(spec.x.name),
            y_label=axis_label(spec.y.name), z_label=z_label, x_log=spec.x.log, y_log=spec.y.log,
            overlays=overlays, clickable=False, **options,
        )
        logs = dict(x_log=spec.x.log, y_log=spec.y.log)
        for method, colour, symbol in STYLES:
            offset = 0 if method == "grid" else n_grid
            obj = scores.objective(objective)[offset:offset + len(points[method])]
            hover = [t("search.trial_hover", method=t(f"search.method.{method}"), x=axis_label(spec.x.name),
                       xv=_value(p[0]), y=axis_label(spec.y.name), yv=_value(p[1]),
                       value=(_value(v) if np.isfinite(v) else t("search.failed")))
                     for p, v in zip(points[method], obj)]
            local_best = None if best[method] is None else best[method] - offset
            hm.add_trials(fig, points[method], label=t(f"search.legend.{method}", n=len(points[method])),
                          colour=colour, symbol=symbol, best=local_best,
                          best_label=t(f"search.legend.best_{method}"), hover=hover, **logs)
        other = "random" if zoom_on == "grid" else "grid"
        centre = best[zoom_on] if best[zoom_on] is not None else best[other]
        zoomed = None
        if centre is not None:
            zoomed = se.zoom(box, scores.points[centre], zoom, spec.optimizer)
            hm.add_box(fig, (zoomed.x.low, zoomed.y.low), (zoomed.x.high, zoomed.y.high),
                       label=t("search.legend.next_box"), **logs)
        st.plotly_chart(fig, key="search.chart", config={"scrollZoom": False, "displayModeBar": False})
        stage = int(st.session_state.get("search.stage", 0))
        st.caption(t("search.stage", stage=stage + 1) + " " + t("search.background", res=res, runs=res * res))

        nx_grid, ny_grid = se.grid_shape(n)
        st.markdown(t("search.bergstra", n=n, nx=nx_grid, ny=ny_grid, used=n_grid,
                      x=axis_label(spec.x.name), y=axis_label(spec.y.name)))
        parts = {m: (points[m], best[m], scores) for m in METHODS}
        st.dataframe(summary_table(box, objective, parts), hide_index=True, width="stretch")
        for method in METHODS:
            if best[method] is None:
                st.warning(t("search.all_failed", method=t(f"search.method.{method}")))
            else:
                border_warnings(box, method, scores.points[best[method]])

        left, right = st.columns(2)
        with left:
            st.button(t("search.zoom_button", factor=f"{1 / zoom:.0f}"), key="search.zoom_in",
                      help=t("search.zoom_button_help", method=t(f"search.method.{zoom_on}")),
                      disabled=zoomed is None, on_click=_set_box,
                      args=("search", zoomed, stage + 1) if zoomed is not None else None, type="primary")
        with right:
            full = se.Box(*(sw.default_axis(a.name, spec.optimizer) for a in box.axes))
            st.button(t("search.reset"), key="search.reset", on_click=_set_box, args=("search", full, 0),
                      disabled=stage == 0 and full == box)
        if zoomed is not None:
            st.caption(t("search.next_box", x=axis_label(spec.x.name), xl=_value(zoomed.x.low),
                         xh=_value(zoomed.x.high), y=axis_label(spec.y.name), yl=_value(zoomed.y.low),
                         yh=_value(zoomed.y.high)))

        st.markdown(t("search.projection_title"))
        series = []
        for method, colour, symbol in STYLES:
            offset = 0 if method == "grid" else n_grid
            rows = slice(offset, offset + len(points[method]))
            values = scores.objective(objective)[rows]
            if objective == "final_loss":  # an exact zero has no place on the log axis
                values = np.maximum(values, 10.0 ** sw.LOG_GAP_FLOOR)
            series.append({"name": t(f"search.method.{method}"), "colour": colour, "symbol": symbol,
                           "points": points[method], "objective": values})
        proj = hm.projection_figure(
            [{"label": axis_label(a.name), "log": a.log, "low": a.low, "high": a.high} for a in box.axes],
            series, objective_label=t(f"sweep.metric.{objective}"), objective_log=objective == "final_loss",
            failed_label=t("search.failed"),
        )
        st.plotly_chart(proj, key="search.projection", config={"scrollZoom": False, "displayModeBar": False})
        st.caption(t("search.projection_caption"))
    url.publish()


if __name__ == "__main__":
    main()
