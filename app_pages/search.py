"""Random vs grid search, and TPE: the same budget of trials as a grid, as random samples and as Bayesian
optimization (Optuna's TPE sampler), on the sweep's map.

The notes' advice, one control each: search the learning rate on a log scale (random samples are
log-uniform on log axes, and TPE models it on that scale), prefer random search (the distinct values
each method tries are counted), beware a best value on the border of the box (a warning), and go from
coarse to fine with short runs first (a zoom that shrinks the box around the best and keeps it in the
URL; the map says how many settings a short run would already rule out).  TPE's best so far against
the number of trials, beside grid and random search, shows where a model of the results helps.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import streamlit as st

from landscapes import search as se
from landscapes import search_tpe as tpe
from landscapes import sweep as sw
from landscapes.budget import Outcome, spread
from ui import work
from ui.i18n import current_language, t
from ui.kit import Page
from ui.reasons import reason
from ui.surface_picker import SurfaceChoice, build_surface
from ui.sweep_controls import axis_label, metric_view, sweep_controls, sweep_view
from urlvalues import parse_int
from viz import heatmap as hm
from viz import search as vs

RESOLUTIONS = (16, 24, 32, 48, 64, 96)
ZOOMS = (0.5, 0.33, 0.25, 0.1)  # the new box's width as a fraction of the old one
METHODS = ("grid", "random", "tpe")
# CPU seconds of a rerun (ui.work.LIMIT in all): the background map, then the trials: grid and random search
# (one batch) first, within all but TPE_FLOOR, and TPE (rounds one after another, each waiting for the results
# before it) in what they left.  Grid and random search are cheap where TPE's sampler is not (1024 trials: 0.05 s
# against seconds), and where they are dear (thousands of steps), TPE's rounds would be far dearer still.
BACKGROUND_SECONDS = 1.5
TRIALS_SECONDS = work.LIMIT - BACKGROUND_SECONDS
TPE_FLOOR = 0.5
# method, colour, marker
STYLES = (("grid", hm.GRID_COLOUR, "square"), ("random", hm.RANDOM_COLOUR, "circle"),
          ("tpe", hm.TPE_COLOUR, "diamond"))
MAP_HEIGHT = 540  # pixels: the whole map in view beside the sidebar on a 1280 × 800 projector
STAGE = "search.stage"  # how many times the box was zoomed (set by the buttons, kept in the link)
SHORT_RUN = 10  # "short runs first": a coarse stage's runs this many times shorter


@dataclass(frozen=True)
class MethodRun:
    """One strategy's trials that ran, their scores, its best trial, and its trials in the order run."""

    points: np.ndarray
    scores: se.Scores
    best: int | None
    order: np.ndarray  # indices into points: the order the trials ran (the best-so-far curve's order)


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


@st.cache_data(show_spinner=False, max_entries=16)
def compute_tpe(choice: SurfaceChoice, spec: sw.SweepSpec, n: int, seed: int, objective: str, f_star: float,
                every: int, limit: float, _progress=None) -> Outcome:
    """TPE's search of the box within ``limit`` CPU seconds (landscapes.search_tpe): a TpeRun, None if refused."""
    return tpe.tpe_search(build_surface(choice), spec, n, seed, objective, f_star=f_star, limit=limit,
                          every=every, progress=_progress)


def _set_box(page: Page, box: se.Box, stage: int) -> None:
    """Callback: put ``box`` into the range controls (before they are drawn again) and count the stage."""
    for axis in box.axes:
        page.set(page.key(f"range.{axis.name}.low"), axis.low)
        page.set(page.key(f"range.{axis.name}.high"), axis.high)
    page.set(STAGE, stage)


def _value(v: float) -> str:
    return f"{v:.4g}"


def _objective_value(objective: str, value: float) -> str:
    return f"{value:.4g}" if objective == "final_loss" else str(int(value))


def _gap() -> str:
    """Between two sentences: a space in English, none after a Chinese full stop (。)."""
    return "" if current_language() == "zh" else " "


def method_name(method: str) -> str:
    return t(f"search.method.{method}")


def summary_table(box: se.Box, optimizer: str, objective: str, runs: dict) -> pd.DataFrame:
    x_label, y_label = (axis_label(a.name, optimizer) for a in box.axes)
    rows = []
    for method, run in runs.items():
        dx, dy = se.distinct_counts(run.points)
        row = {t("search.col.method"): method_name(method), t("search.col.trials"): len(run.points),
               t("search.col.distinct", name=x_label): dx, t("search.col.distinct", name=y_label): dy}
        if run.best is None:
            row[t("search.col.best")] = t("search.none_converged")
        else:
            row[t("search.col.best")] = _objective_value(objective, run.scores.objective(objective)[run.best])
            row[x_label] = _value(run.scores.points[run.best, 0])
            row[y_label] = _value(run.scores.points[run.best, 1])
            sides = se.border_sides(box, run.scores.points[run.best])
            row[t("search.col.border")] = t("search.yes") if sides else t("search.no")
        rows.append(row)
    return pd.DataFrame(rows)


def border_warnings(box: se.Box, optimizer: str, method: str, point) -> None:
    for name, side in se.border_sides(box, point):
        axis = box.x if name == box.x.name else box.y
        value = point[0] if name == box.x.name else point[1]
        st.warning(t(f"search.border_{side}", method=method_name(method),
                     name=axis_label(name, optimizer),
                     value=_value(value), edge=_value(axis.low if side == "low" else axis.high)),
                   icon=":material/border_outer:")


def _hovers(method: str, run: MethodRun, objective: str, x_label: str, y_label: str) -> list[str]:
    return [t("search.trial_hover", method=method_name(method), x=x_label, xv=_value(p[0]), y=y_label,
              yv=_value(p[1]), value=(_value(v) if np.isfinite(v) else t("search.failed")))
            for p, v in zip(run.points, run.scores.objective(objective))]


def trials_chart(background: sw.SweepResult, spec: sw.SweepSpec, objective: str, runs: dict, startup: int,
                 zoomed: se.Box | None):
    """The background map with each strategy's trials, their best points and the next, finer box.

    TPE's random start (random search's first trials) is drawn as open diamonds around random
    search's circles, the trials its model chose as filled diamonds, numbered in the hover.
    """
    x_label, y_label = axis_label(spec.x.name, spec.optimizer), axis_label(spec.y.name, spec.optimizer)
    z, z_label, overlays, options = metric_view(background, objective)
    fig = hm.sweep_heatmap(
        background.x_values, background.y_values, z, x_label=x_label, y_label=y_label, z_label=z_label,
        x_log=spec.x.log, y_log=spec.y.log, overlays=overlays, clickable=False, height=MAP_HEIGHT, **options,
    )
    logs = dict(x_log=spec.x.log, y_log=spec.y.log)
    for method, colour, symbol in STYLES[:2]:
        run = runs[method]
        hm.add_trials(fig, run.points, label=t(f"search.legend.{method}", n=len(run.points)), colour=colour,
                      symbol=symbol, best=run.best, best_label=t(f"search.legend.best_{method}"),
                      hover=_hovers(method, run, objective, x_label, y_label), **logs)
    if zoomed is not None:
        hm.add_box(fig, (zoomed.x.low, zoomed.y.low), (zoomed.x.high, zoomed.y.high),
                   label=t("search.legend.next_box"), **logs)
    if "tpe" in runs:  # after the others, so the traces of grid and random search keep their places
        run = runs["tpe"]
        hovers = [t("search.tpe_hover", k=k + 1, trial=h) for k, h in
                  enumerate(_hovers("tpe", run, objective, x_label, y_label))]
        start = min(startup, len(run.points))
        best = run.best
        for part, rows, symbol, size in (("start", slice(0, start), "diamond-open", 15),
                                         ("model", slice(start, None), "diamond", 10)):
            points = run.points[rows]
            if not len(points):
                continue
            offset = rows.start
            local = None if best is None or not offset <= best < offset + len(points) else best - offset
            hm.add_trials(fig, points, label=t(f"search.legend.tpe_{part}", n=len(points)), colour=hm.TPE_COLOUR,
                          symbol=symbol, size=size, best=local, best_label=t("search.legend.best_tpe"),
                          hover=hovers[rows], **logs)
        # TPE's entries take a third row of the legend, which shrinks the plot: keep the legend clear of the axis title
        fig.update_layout(legend_y=-0.17)
    return fig


def projection_chart(box: se.Box, optimizer: str, objective: str, runs: dict):
    """Each trial's result against one hyperparameter at a time."""
    series = []
    for method, colour, symbol in STYLES:
        if method not in runs:
            continue
        values = runs[method].scores.objective(objective)
        if objective == "final_loss":  # an exact zero has no place on the log axis
            values = np.maximum(values, 10.0 ** sw.LOG_GAP_FLOOR)
        series.append({"name": method_name(method), "colour": colour, "symbol": symbol,
                       "points": runs[method].points, "objective": values})
    return hm.projection_figure(
        [{"label": axis_label(a.name, optimizer), "log": a.log, "low": a.low, "high": a.high} for a in box.axes],
        series, objective_label=t(f"sweep.metric.{objective}"), objective_log=objective == "final_loss",
        failed_label=t("search.failed"),
    )


def best_so_far(run: MethodRun, objective: str) -> np.ndarray:
    return tpe.best_so_far(run.scores.objective(objective)[run.order])


def best_so_far_chart(runs: dict, objective: str, startup: int):
    # random search wide under TPE: the two lines coincide over TPE's random start, and both stay visible
    series = [{"name": method_name(m), "colour": c, "symbol": s, "best": best_so_far(runs[m], objective),
               "width": 6 if m == "random" else 2.5} for m, c, s in STYLES if m in runs]
    model_starts = "tpe" in runs and len(runs["tpe"].points) > startup
    return vs.best_so_far_figure(
        series, x_label=t("search.best.x"), y_label=t(f"sweep.metric.{objective}"),
        y_log=objective == "final_loss", floor=10.0 ** sw.LOG_GAP_FLOOR,
        marker_at=startup + 0.5 if model_starts else None, marker_label=t("search.best.model_starts"),
    )


def as_good(objective: str, a: float, b: float, tol: float) -> bool:
    """Whether best value ``a`` is at least as good as ``b``: lower, equal, or (final loss) both within tolerance."""
    return a <= b or (objective == "final_loss" and a <= tol and b <= tol)


def tpe_verdict(runs: dict, n: int, objective: str, tol: float, startup: int) -> str:
    """What this run says about TPE against random search, every number from the run."""
    rand, model = runs["random"], runs["tpe"]
    if n <= tpe.N_STARTUP:
        return t("search.tpe.only_random", n=n, start=tpe.N_STARTUP)
    if len(model.points) <= startup:  # the budget cut TPE short after its random start
        return t("search.tpe.only_start_ran", m=len(model.points))
    r_best = best_so_far(rand, objective)[-1]
    m_curve = best_so_far(model, objective)
    m_best = m_curve[-1]
    if not np.isfinite(r_best) and not np.isfinite(m_best):
        return t("search.tpe.none", n=len(model.points))
    values = dict(tpe=_objective_value(objective, m_best) if np.isfinite(m_best) else t("search.none_converged"),
                  rand=_objective_value(objective, r_best) if np.isfinite(r_best) else t("search.none_converged"),
                  n=len(rand.points), m=len(model.points), tol=f"{tol:g}")
    tpe_ok, rand_ok = as_good(objective, m_best, r_best, tol), as_good(objective, r_best, m_best, tol)
    if tpe_ok and rand_ok:
        key = "search.tpe.tie_tol" if objective == "final_loss" and m_best != r_best else "search.tpe.tie"
    else:
        key = "search.tpe.better" if tpe_ok else "search.tpe.worse"
    text = t(key, **values)
    k = tpe.trials_to_match(m_curve, r_best)
    if k is not None:
        if k > startup:
            text += _gap() + t("search.tpe.matched", k=k, m=len(model.points))
        else:  # within the shared start, so random search's own best came at trial k too
            text += _gap() + t("search.tpe.matched_start", k=k, rest=len(rand.points) - k)
    return text


def log_scale_text(box: se.Box, optimizer: str, points: np.ndarray) -> str:
    """The notes' log-scale advice, with this run's count of random trials in the lower half of a log axis."""
    for col, axis in enumerate(box.axes):
        if axis.log:
            mid = float(np.sqrt(axis.low * axis.high))  # the middle of the box on the log scale
            below = int((points[:, col] < mid).sum())
            share = (mid - axis.low) / (axis.high - axis.low)  # of a uniform draw
            return t("search.log_scale", name=axis_label(axis.name, optimizer), k=below, n=len(points),
                     mid=_value(mid), low=_value(axis.low), expected=f"{share * len(points):.1f}",
                     pct=f"{100 * share:.1f}")
    return t("search.linear_scales", x=axis_label(box.x.name, optimizer), y=axis_label(box.y.name, optimizer))


def short_runs_text(background: sw.SweepResult) -> str:
    """How many settings of the map a run SHORT_RUN times shorter would already have ruled out (diverged)."""
    computed = np.ones(background.diverged.shape, bool) if background.computed is None else background.computed
    steps = background.spec.steps
    short = max(1, steps // SHORT_RUN)
    diverged = background.diverged & computed
    early = diverged & (background.diverged_at <= short)
    values = dict(cells=int(computed.sum()), d=int(diverged.sum()), early=int(early.sum()), short=short,
                  steps=steps, factor=SHORT_RUN)
    return t("search.short_runs" if diverged.any() else "search.short_runs_none", **values)


def cost_text(grid_random: Outcome, tpe_outcome: Outcome | None) -> str:
    text = t("search.cost.batch", n=grid_random.done, seconds=f"{grid_random.seconds:.2f}")
    if tpe_outcome is not None and tpe_outcome.value is not None:
        run = tpe_outcome.value
        text += _gap() + t("search.cost.tpe", rounds=len(run.rounds),
                                             seconds=f"{tpe_outcome.seconds:.2f}",
                                             sampler=f"{run.sampler_seconds:.2f}")
    return text


def _grid_order(n_grid: int, ran: np.ndarray) -> np.ndarray:
    """The grid's trials that ran, in the order they run (spread over the grid), as indices among them."""
    kept = spread(n_grid)
    kept = kept[ran[kept]]
    return (np.cumsum(ran) - 1)[kept]


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
    every = se.record_stride(spec.steps, 2 * n)  # the grid and random batch's: TPE keeps the same stride
    try:
        background = sweep_view(choice, replace(spec, nx=res, ny=res), BACKGROUND_SECONDS,
                                unit=t("search.background_unit"), lower=t("search.background_lower"))
        outcome = None if background is None else work.run(
            lambda progress: compute_trials(choice, spec, n, seed, background.f_star, TRIALS_SECONDS - TPE_FLOOR,
                                            _progress=progress),
            unit=t("search.unit"), lower=t("search.lower"))
        # what grid and random search left (their cached outcome keeps its seconds, so a rerun hits TPE's cache)
        tpe_limit = None if outcome is None else max(TPE_FLOOR, round(TRIALS_SECONDS - outcome.seconds, 2))
        tpe_outcome = None if outcome is None or outcome.value is None else work.run(
            lambda progress: compute_tpe(choice, spec, n, seed, objective, background.f_star, every, tpe_limit,
                                         _progress=progress),
            unit=t("search.tpe_unit"), lower=t("search.lower"), lower_refused=t("search.tpe_lower_refused"))
    except ValueError as err:
        st.error(t("common.invalid_input", reason=reason(err)))
        page.stop()
    if outcome is None or outcome.value is None:  # refused: ui.work said what to lower
        page.stop()
    grid, rand, scores = outcome.value
    n_grid_all = len(grid)
    ran = np.ones(len(scores.points), bool) if scores.ran is None else scores.ran
    if not ran.all():  # cut short: show the trials that ran
        grid, rand, scores = grid[ran[:n_grid_all]], rand[ran[n_grid_all:]], scores.subset(ran)
    n_grid = len(grid)
    runs = {"grid": MethodRun(grid, g := scores.subset(slice(0, n_grid)), g.best(objective),
                              _grid_order(n_grid_all, ran[:n_grid_all])),
            "random": MethodRun(rand, r := scores.subset(slice(n_grid, None)), r.best(objective),
                                np.arange(len(rand)))}
    startup = tpe.startup_size(n)
    if tpe_outcome is not None and tpe_outcome.value is not None:
        run = tpe_outcome.value
        runs["tpe"] = MethodRun(run.points, run.scores, run.scores.best(objective), np.arange(len(run.points)))
    zoom_from = zoom_on if zoom_on in runs and runs[zoom_on].best is not None else next(
        (m for m in ("random", "grid", "tpe") if m in runs and runs[m].best is not None), None)
    zoomed = None if zoom_from is None else se.zoom(
        box, runs[zoom_from].scores.points[runs[zoom_from].best], zoom, spec.optimizer)
    x_label, y_label = axis_label(spec.x.name, spec.optimizer), axis_label(spec.y.name, spec.optimizer)

    fig = trials_chart(background, spec, objective, runs, startup, zoomed)
    st.plotly_chart(fig, key="search.chart", config={"scrollZoom": False, "displayModeBar": False})
    st.caption(t("search.stage", stage=stage + 1) + _gap() + t("search.background", res=res, runs=res * res))

    nx_grid, ny_grid = se.grid_shape(n)
    st.markdown(t("search.bergstra", n=n, nx=nx_grid, ny=ny_grid, used=n_grid_all, x=x_label, y=y_label))
    st.dataframe(summary_table(box, spec.optimizer, objective, runs), hide_index=True, width="stretch")
    for method, run in runs.items():
        if run.best is None:
            st.warning(t("search.all_failed", method=method_name(method)))
        else:
            border_warnings(box, spec.optimizer, method, run.scores.points[run.best])

    left, right = st.columns(2)
    with left:
        st.button(t("search.zoom_button", factor=f"{1 / zoom:.0f}"), key="search.zoom_in",
                  help=t("search.zoom_button_help", method=method_name(zoom_from or zoom_on)),
                  disabled=zoomed is None, on_click=_set_box,
                  args=(page, zoomed, stage + 1) if zoomed is not None else None, type="primary")
    with right:
        full = se.Box(*(sw.default_axis(a.name, spec.optimizer) for a in box.axes))
        st.button(t("search.reset"), key="search.reset", on_click=_set_box, args=(page, full, 0),
                  disabled=stage == 0 and full == box)
    if zoomed is not None:
        st.caption(t("search.next_box", x=x_label, xl=_value(zoomed.x.low), xh=_value(zoomed.x.high), y=y_label,
                     yl=_value(zoomed.y.low), yh=_value(zoomed.y.high)))
    st.markdown(short_runs_text(background))

    st.markdown(t("search.best.title"))
    st.plotly_chart(best_so_far_chart(runs, objective, startup), key="search.best_so_far",
                    config={"scrollZoom": False, "displayModeBar": False})
    caption = t("search.best.caption")
    if "tpe" in runs:
        ran = len(runs["tpe"].points)
        caption += _gap() + (t("search.best.caption_model", start=startup) if ran > startup
                             else t("search.best.caption_start", m=ran))
    st.caption(caption)
    if "tpe" in runs:
        st.markdown(tpe_verdict(runs, n, objective, spec.tol, startup))
    else:  # refused by the budget: the notice at the top says what to lower
        st.markdown(t("search.tpe.refused"))
    st.markdown(cost_text(outcome, tpe_outcome))
    st.markdown(t("search.tpe.where"))
    st.markdown(log_scale_text(box, spec.optimizer, runs["random"].points))

    st.markdown(t("search.projection_title"))
    st.plotly_chart(projection_chart(box, spec.optimizer, objective, runs), key="search.projection",
                    config={"scrollZoom": False, "displayModeBar": False})
    st.caption(t("search.projection_caption"))
    page.finish()


if __name__ == "__main__":
    main()
