"""Sweep: a heatmap over two hyperparameters (the Distill phase diagram), one vectorized run per view.

Pick a surface, an optimizer, a start and two hyperparameters with their ranges (in the sidebar, the
controls the random-vs-grid search page shares: ``ui.sweep_controls``); every cell of the grid is one
run, all of them in one engine call.  Click a cell to see its path and loss curve and to open it on
the Compare page.  On quadratic bowls the theory is drawn on top.
"""

from __future__ import annotations

from urllib.parse import urlencode

import numpy as np
import streamlit as st

from landscapes import sweep as sw
from refusal import Refusal
from ui.i18n import current_language, t
from ui.kit import Page, clicked_point
from ui.reasons import reason
from ui.surface_picker import SurfaceChoice, build_surface
from ui.sweep_controls import axis_label, metric_view, sweep_controls, sweep_view
from urlvalues import parse_int
from viz import heatmap as hm
from viz.contour import add_path, contour_figure
from viz.palette import colour

# CPU seconds of a rerun for the sweep; the rest of ui.work.LIMIT is for the clicked cell's single run
SWEEP_SECONDS = 3.5
CHART = "sweep.chart"  # the heatmap's selection (a click on a cell)
CELL = "sweep.cell"  # the cell shown under the map, in the link as "i,j"
LAST_CLICK = "sweep._clicked"  # the click already taken (a selection stays while the chart does)
MAP_HEIGHT = 540  # pixels: the whole map, axes and legend, in view beside the sidebar on a 1280 × 800 projector


def parse_cell(text: str) -> tuple[int, int]:
    parts = text.split(",")
    if len(parts) != 2:
        raise Refusal("not_cell", f"{text!r} is not a cell i,j", value=text)
    i, j = (parse_int(0, sw.MAX_RESOLUTION - 1)(p) for p in parts)
    return i, j


def format_cell(cell) -> str:
    return "" if cell is None else f"{cell[0]},{cell[1]}"


# ------------------------------------------------------------------------------------ computing


@st.cache_data(show_spinner=False, max_entries=32)
def compute_cell(choice: SurfaceChoice, spec: sw.SweepSpec, i: int, j: int):
    traj = sw.cell_run(build_surface(choice), spec, i, j)
    return traj.steps, traj.xy[:, 0], traj.loss[:, 0], int(traj.diverged_at[0])


# ------------------------------------------------------------------------------------ figures


def cell_status(result: sw.SweepResult, metric: str) -> np.ndarray:
    """Hover text per cell: divergence step, or 'not within tolerance'."""
    status = np.full(result.diverged.shape, "", dtype=object)
    for j, i in zip(*np.nonzero(result.diverged)):
        status[j, i] = t("sweep.status_diverged", step=int(result.diverged_at[j, i]))
    if metric == "steps_to_tol":
        status[np.isnan(result.steps_to_tol) & ~result.diverged] = t("sweep.status_unreached")
    return status


def add_theory(fig, result: sw.SweepResult) -> list[str]:
    """Draw the quadratic theory on the heatmap where it applies; return the lines of the read-out."""
    spec, theory = result.spec, result.theory
    if not sw.theory_applies(spec, theory):
        return []
    x, y = spec.x, spec.y
    fixed = dict(spec.fixed)
    nesterov = bool(fixed.get("nesterov", False))
    names = {x.name, y.name}

    def put(lr: float, mu: float) -> tuple[float, float]:
        return (lr, mu) if x.name == "lr" else (mu, lr)

    def inside(px: float, py: float) -> bool:
        return x.low <= px <= x.high and y.low <= py <= y.high

    logs = dict(x_log=x.log, y_log=y.log)
    if names == {"lr", "momentum"}:
        mom_axis = y if y.name == "momentum" else x
        mu = np.linspace(mom_axis.low, mom_axis.high, 200)
        lr = theory.stability_limit(mu, nesterov)
        px, py = (lr, mu) if x.name == "lr" else (mu, lr)
        label = t("sweep.theory_nesterov_limit") if nesterov else t("sweep.theory_limit")
        hm.add_curve(fig, px, py, label=label, **logs)
        points = [
            (theory.gd_limit, 0.0, t("sweep.theory_gd_limit", lr=f"{theory.gd_limit:.4g}"), "triangle-up"),
            (theory.gd_best_lr, 0.0, t("sweep.theory_gd_best", lr=f"{theory.gd_best_lr:.4g}"), "diamond"),
        ]
        if not nesterov:
            best = t("sweep.theory_hb_best", lr=f"{theory.hb_lr:.4g}", mu=f"{theory.hb_momentum:.3g}")
            points.append((theory.hb_lr, theory.hb_momentum, best, "star"))
        for lr_, mu_, text, symbol in points:
            px_, py_ = put(lr_, mu_)
            if inside(px_, py_):
                hm.add_marker(fig, px_, py_, label=text, symbol=symbol, **logs)
    elif "lr" in names:
        mu = float(fixed.get("momentum", 0.0))
        limit = float(theory.stability_limit(mu, nesterov and mu > 0))
        lr_axis, other = (x, y) if x.name == "lr" else (y, x)
        if lr_axis.low <= limit <= lr_axis.high:
            ends = np.array([other.low, other.high])
            px, py = (np.full(2, limit), ends) if x.name == "lr" else (ends, np.full(2, limit))
            label = t("sweep.theory_fixed_limit", lr=f"{limit:.4g}", mu=f"{mu:g}")
            hm.add_curve(fig, px, py, label=label, **logs)
    return theory_lines(theory, nesterov)


def theory_lines(theory: sw.QuadraticTheory, nesterov: bool) -> list[str]:
    lines = [t("sweep.theory_eig", lmin=f"{theory.lmin:.4g}", lmax=f"{theory.lmax:.4g}",
               kappa=f"{theory.kappa:.4g}"),
             t("sweep.theory_gd", limit=f"{theory.gd_limit:.4g}", best=f"{theory.gd_best_lr:.4g}",
               rate=f"{theory.gd_rate:.3f}"),
             t("sweep.theory_hb", lr=f"{theory.hb_lr:.4g}", mu=f"{theory.hb_momentum:.4g}",
               rate=f"{theory.hb_rate:.3f}")]
    if nesterov:
        lines.append(t("sweep.theory_nesterov"))
    return lines


def compare_query(choice: SurfaceChoice, spec: sw.SweepSpec, i: int, j: int) -> dict[str, str]:
    """The Compare page's query string for cell (i, j)."""
    query = sw.compare_query(spec, i, j, choice.name, choice.params, choice.expression,
                             surface=build_surface(choice))
    lang = current_language()
    if lang != "en":
        query["lang"] = lang
    return query


def open_in_compare(query: dict[str, str]) -> None:
    """A link that opens the run on the Compare page (in the app's navigation when it is there)."""
    try:
        st.page_link("app_pages/compare.py", label=t("sweep.open_compare"), icon=":material/open_in_new:",
                     query_params=query)
    except Exception:  # noqa: BLE001 - the page is not registered (run alone, or not written yet)
        st.link_button(t("sweep.open_compare"), "compare?" + urlencode(query), icon=":material/open_in_new:")


def show_cell(choice: SurfaceChoice, surface, result: sw.SweepResult, cell: tuple[int, int],
              title: str) -> None:
    """The path and loss curve of one cell, what it was, and the link to Compare."""
    spec = result.spec
    i, j = cell
    xval, yval = result.cell_values(i, j)
    steps, xy, loss, div = compute_cell(choice, spec, i, j)
    label = t("sweep.cell_label", x=axis_label(spec.x.name, spec.optimizer), xv=f"{xval:.4g}",
              y=axis_label(spec.y.name, spec.optimizer), yv=f"{yval:.4g}")
    st.markdown(f"**{title}** — {label}")
    note = t("sweep.diverged_note", step=div) if div >= 0 else None
    left, right = st.columns(2)
    with left:
        fig = contour_figure(surface, height=380, minimum_label=t("sweep.fig.minimum"))
        add_path(fig, xy, label, colour(0), div, diverged_note=note, step_label=t("sweep.fig.step"),
                 start_label=t("sweep.fig.start"))
        fig.update_layout(showlegend=False)  # the run is named above the two charts
        st.plotly_chart(fig, key="sweep.path", config={"scrollZoom": False})
    with right:
        gap = np.maximum(loss - result.f_star, 0.0)
        fig = hm.loss_figure(steps, gap, label=label, colour=colour(0), x_label=t("sweep.step"),
                             y_label=t("sweep.loss_gap"), tol=spec.tol, tol_label=t("sweep.tol_line"),
                             diverged_at=div, diverged_label=note or "", height=380)
        st.plotly_chart(fig, key="sweep.loss", config={"scrollZoom": False})
    if div >= 0:
        outcome = t("sweep.cell_diverged", step=div)
    else:
        reached = result.steps_to_tol[j, i]
        outcome = t("sweep.cell_final", loss=f"{loss[-1]:.4g}", gap=f"{max(loss[-1] - result.f_star, 0):.3g}")
        tol = f"{spec.tol:g}"
        outcome += " " + (t("sweep.cell_reached", steps=int(reached), tol=tol) if np.isfinite(reached)
                          else t("sweep.cell_unreached", tol=tol))
    st.caption(outcome)
    if spec.sigma > 0:
        st.caption(t("sweep.cell_noise", sigma=f"{sw.noise_for(spec, xval, yval):.3g}"))
    open_in_compare(compare_query(choice, spec, i, j))
    if spec.steps > sw.COMPARE_MAX_STEPS or spec.sigma > 0:
        st.caption(t("sweep.compare_note", steps=sw.COMPARE_MAX_STEPS))


# ------------------------------------------------------------------------------------ the page


def take_click(page: Page, spec: sw.SweepSpec, cell: tuple[int, int] | None) -> tuple[int, int] | None:
    """The cell to show: the one under a new click on the map, else ``cell`` (a selection seen before
    is no new click: it stays while the chart does)."""
    point = clicked_point(st.session_state.get(CHART))
    if point is None or point == st.session_state.get(LAST_CLICK):
        return cell
    st.session_state[LAST_CLICK] = point
    vx, vy = (10.0 ** v if axis.log else v for v, axis in zip(point, (spec.x, spec.y)))
    cell = sw.nearest_cell(spec, vx, vy)
    page.set(CELL, cell)
    return cell


def best_cell_line(result: sw.SweepResult, best: tuple[int, int]) -> str:
    """The theory box's last line: the sweep's best cell (the one shown below the map) and its steps."""
    spec = result.spec
    i, j = best
    bx, by = result.cell_values(i, j)
    names = dict(x=axis_label(spec.x.name, spec.optimizer), xv=f"{bx:.4g}",
                 y=axis_label(spec.y.name, spec.optimizer), yv=f"{by:.4g}", tol=f"{spec.tol:g}")
    steps = result.steps_to_tol[j, i]
    if np.isfinite(steps):
        return t("sweep.theory_sweep_best", steps=int(steps), **names)
    return t("sweep.theory_sweep_best_unreached", **names)


def theory_box(result: sw.SweepResult, show_theory: bool, lines: list[str]) -> None:
    """The quadratic theory's read-out under the map, ending with the sweep's best cell."""
    if lines:
        best = result.best_cell()
        if best is not None:
            lines.append(best_cell_line(result, best))
        st.info("\n\n".join(lines), icon=":material/functions:")
    elif show_theory and result.theory is not None:
        st.caption(t("sweep.theory_sgd_only", lmin=f"{result.theory.lmin:.4g}", lmax=f"{result.theory.lmax:.4g}"))


def main() -> None:
    page = Page("sweep")
    with page.controls():
        choice, surface, spec = sweep_controls(page)
        metric = page.choice("metric", "final_loss", sw.METRICS, widget="radio")
        show_theory = page.toggle("theory", True)
        cell = page.bind(CELL, None, parse_cell, formatter=format_cell)  # set by a click on the map
    if spec is None:
        st.info(t("sweep.fix_settings"), icon=":material/tune:")
        page.stop()
    try:
        result = sweep_view(choice, spec, SWEEP_SECONDS)
    except ValueError as err:
        st.error(t("common.invalid_input", reason=reason(err)))
        page.stop()
    if result is None:  # refused: ui.work said what to lower
        page.stop()
    if metric == "rate" and sw.theory_rate_grid(spec, result.theory) is None:
        st.info(t("sweep.rate_unavailable"))
        metric = "final_loss"

    cell = take_click(page, spec, cell)
    if cell is not None and not (0 <= cell[0] < spec.nx and 0 <= cell[1] < spec.ny):
        cell = None
    z, z_label, overlays, options = metric_view(result, metric)
    fig = hm.sweep_heatmap(
        result.x_values, result.y_values, z, x_label=axis_label(spec.x.name, spec.optimizer),
        y_label=axis_label(spec.y.name, spec.optimizer), z_label=z_label, x_log=spec.x.log, y_log=spec.y.log,
        overlays=overlays, selected=cell, selected_label=t("sweep.legend_selected") if cell is not None else "",
        status=cell_status(result, metric), height=MAP_HEIGHT, **options,
    )
    lines = add_theory(fig, result) if show_theory else []
    st.plotly_chart(fig, key=CHART, on_select="rerun", selection_mode="points",
                    config={"scrollZoom": False, "displayModeBar": False})
    n_div = int(result.diverged.sum())
    st.caption(t("sweep.summary", runs=spec.cells, nx=spec.nx, ny=spec.ny, steps=spec.steps,
                 seconds=f"{result.seconds:.2f}", diverged=n_div, pct=f"{100 * n_div / spec.cells:.0f}"))
    if not result.f_star_known:
        st.caption(t("sweep.f_star_unknown", f=f"{result.f_star:.4g}"))
    if result.record_every > 1 and metric == "steps_to_tol":
        st.caption(t("sweep.record_every", k=result.record_every))
    theory_box(result, show_theory, lines)

    if cell is None:
        st.caption(t("sweep.click_hint"))
        best = result.best_cell()  # the theory box's cell: one definition (see SweepResult.best_cell)
        if best is not None:
            show_cell(choice, surface, result, best, t("sweep.best_cell"))
    else:
        show_cell(choice, surface, result, cell, t("sweep.selected_cell"))
        st.button(t("sweep.clear_cell"), key="sweep.clear", on_click=page.set, args=(CELL, None))
    page.finish()


if __name__ == "__main__":
    main()
