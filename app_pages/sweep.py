"""Sweep: a heatmap over two hyperparameters (the Distill phase diagram), one vectorized run per view.

Pick a surface, an optimizer, a start and two hyperparameters with their ranges; every cell of the
grid is one run, all of them in one engine call.  Click a cell to see its path and loss curve and to
open it on the Compare page.  On quadratic bowls the theory is drawn on top.

The controls are shared with the random-vs-grid search page (:func:`sweep_controls`).
"""

from __future__ import annotations

from urllib.parse import urlencode

import numpy as np
import streamlit as st

import optimizers
from landscapes import sweep as sw
from landscapes.budget import Outcome
from optimizers import facts
from ui import work
from ui.i18n import t
from ui.state import UrlState, parse_bool, parse_choice, parse_float, parse_int
from ui.surface_picker import SurfaceChoice, build_surface, pick_surface
from ui.widgets import spec_widget
from viz import heatmap as hm
from viz.contour import add_path, contour_figure
from viz.palette import colour

# CPU seconds of a rerun for the sweep; the rest of ui.work.LIMIT is for the clicked cell's single run
SWEEP_SECONDS = 3.5
NOT_COMPUTED_COLOUR = "#f2f2f2"  # near white: cells the time limit left out
METRIC_KEYS = {"final_loss": "sweep.metric.final_loss", "steps_to_tol": "sweep.metric.steps_to_tol",
               "divergence": "sweep.metric.divergence", "rate": "sweep.metric.rate"}


# ------------------------------------------------------------------------------------ controls


def axis_label(name: str) -> str:
    """How an axis is named on screen: the hyperparameter's own name, or "batch size"."""
    return t("sweep.batch_axis") if name == sw.BATCH else name


def default_y(optimizer_name: str, options: list[str]) -> str:
    # the y axis a new optimizer starts with: the hyperparameter next to lr that matters most
    wanted = facts.of(optimizer_name).sweep_axis
    if wanted in options:
        return wanted
    return next(o for o in options if o != "lr")


def parse_cell(text: str) -> tuple[int, int] | None:
    parts = text.split(",")
    if len(parts) != 2:
        raise ValueError(f"{text!r} is not a cell i,j")
    i, j = (parse_int(0, sw.MAX_RESOLUTION - 1)(p) for p in parts)
    return i, j


def format_cell(cell) -> str:
    return "" if cell is None else f"{cell[0]},{cell[1]}"


def _axis_controls(url: UrlState, prefix: str, which: str, optimizer_name: str, options: list[str],
                   default: str, other: str | None, resolution: bool) -> tuple[sw.Axis | None, int]:
    """The hyperparameter of one axis, its range and (optionally) its number of cells."""
    key = f"{prefix}.{which}"
    url.restore(key, default, parse_choice(options))
    if st.session_state[key] not in options:  # the optimizer changed under it
        st.session_state[key] = default
    name = st.selectbox(t(f"sweep.axis_{which}"), options, key=key, format_func=axis_label)
    if name == other:
        st.error(t("sweep.same_axes"))
        return None, 0
    base = sw.default_axis(name, optimizer_name)
    lim_low, lim_high = sw.axis_limits(name, optimizer_name)
    low_key, high_key = f"{prefix}.range.{name}.low", f"{prefix}.range.{name}.high"
    url.restore(low_key, base.low, parse_float(lim_low, lim_high))
    url.restore(high_key, base.high, parse_float(lim_low, lim_high))
    left, right = st.columns(2)
    step = None if base.log else 0.01
    with left:
        low = st.number_input(t("sweep.range_low"), key=low_key, min_value=lim_low, max_value=lim_high,
                              format="%g", step=step, help=t("sweep.range_help", low=f"{lim_low:g}",
                                                             high=f"{lim_high:g}"))
    with right:
        high = st.number_input(t("sweep.range_high"), key=high_key, min_value=lim_low, max_value=lim_high,
                               format="%g", step=step)
    cells = 0
    if resolution:
        n_key = f"{prefix}.n{which}"
        url.restore(n_key, 64, parse_int(2, sw.MAX_RESOLUTION))
        cells = int(st.number_input(t("sweep.cells"), key=n_key, min_value=2, max_value=sw.MAX_RESOLUTION,
                                    step=8, help=t("sweep.cells_help", max=sw.MAX_RESOLUTION)))
    st.caption(t("sweep.scale_log") if base.log else t("sweep.scale_linear"))
    if low is None or high is None or not low < high:
        st.error(t("sweep.range_order", name=axis_label(name)))
        return None, cells
    if base.log and low <= 0:
        st.error(t("sweep.range_positive", name=axis_label(name)))
        return None, cells
    return base.with_range(float(low), float(high)), cells


def sweep_controls(url: UrlState, prefix: str, *, resolution: bool = True, steps_default: int = 300):
    """Surface, optimizer, two axes, steps, tolerance, start, fixed hyperparameters and noise.

    Returns ``(choice, surface, spec)``; ``spec`` is None (after a message) when something is invalid.
    """
    choice = pick_surface(url, prefix)
    names = optimizers.names()
    url.restore(f"{prefix}.optimizer", "sgd", parse_choice(names))
    opt_name = st.selectbox(t("sweep.optimizer"), names, key=f"{prefix}.optimizer",
                            format_func=lambda n: optimizers.optimizer_class(n).title)
    options = sw.axis_options(opt_name)
    x_axis, nx = _axis_controls(url, prefix, "x", opt_name, options, "lr", None, resolution)
    y_axis, ny = _axis_controls(url, prefix, "y", opt_name, options, default_y(opt_name, options),
                                st.session_state[f"{prefix}.x"], resolution)
    url.restore(f"{prefix}.steps", steps_default, parse_int(1, sw.MAX_STEPS))
    steps = int(st.number_input(t("sweep.steps"), key=f"{prefix}.steps", min_value=1, max_value=sw.MAX_STEPS,
                                step=50, help=t("sweep.steps_help", max=sw.MAX_STEPS)))
    url.restore(f"{prefix}.tol", 1e-6, parse_float(1e-15, 1e6))
    tol = float(st.number_input(t("sweep.tol"), key=f"{prefix}.tol", min_value=1e-15, max_value=1e6,
                                format="%g", step=None, help=t("sweep.tol_help")))

    surface = None
    if choice is not None:
        try:
            surface = build_surface(choice)
        except ValueError as err:
            st.error(t("common.invalid_input", reason=err))
    swept = {a.name for a in (x_axis, y_axis) if a is not None} | {
        st.session_state[f"{prefix}.x"], st.session_state[f"{prefix}.y"]}
    with st.expander(t("sweep.more")):
        start = _start_controls(url, prefix, surface)
        fixed = {}
        specs = optimizers.optimizer_class(opt_name).spec_map()
        st.markdown(t("sweep.fixed_hp"))
        for spec in specs.values():
            if spec.name in swept:
                continue
            # the lr when it is not an axis (torch's 1e-3 barely moves in 300 steps)
            default = facts.of(opt_name).lr("sweep") if spec.name == "lr" else None
            fixed[spec.name] = spec_widget(spec, f"{prefix}.{opt_name}.{spec.name}", url, label=spec.name,
                                           default=default)
        batch_swept = sw.BATCH in swept
        st.markdown(t("sweep.noise_title"))
        url.restore(f"{prefix}.noisy", False, parse_bool)
        if batch_swept:
            st.session_state[f"{prefix}.noisy"] = True
        noisy = st.checkbox(t("sweep.noisy"), key=f"{prefix}.noisy", disabled=batch_swept,
                            help=t("sweep.noisy_help"))
        url.restore(f"{prefix}.sigma", 1.0, parse_float(0.0, 1e6))
        sigma = float(st.number_input(t("sweep.sigma"), key=f"{prefix}.sigma", min_value=0.0, max_value=1e6,
                                      format="%g", disabled=not noisy, help=t("sweep.sigma_help")))
        url.restore(f"{prefix}.batch", 32, parse_int(1, 1_000_000))
        batch = int(st.number_input(t("sweep.batch"), key=f"{prefix}.batch", min_value=1, max_value=1_000_000,
                                    disabled=not noisy or batch_swept))
        url.restore(f"{prefix}.seed", 0, parse_int(0, 1_000_000))
        seed = int(st.number_input(t("sweep.seed"), key=f"{prefix}.seed", min_value=0, max_value=1_000_000,
                                   disabled=not noisy))
    if surface is None or x_axis is None or y_axis is None or start is None:
        return choice, surface, None
    if batch_swept and sigma <= 0:
        st.error(t("sweep.batch_needs_noise"))
        return choice, surface, None
    spec = sw.SweepSpec(
        opt_name, x_axis, y_axis, nx=nx or 2, ny=ny or 2, steps=steps, start=start,
        fixed=tuple(sorted(fixed.items())), sigma=sigma if noisy else 0.0, batch=float(batch), seed=seed,
        tol=tol,
    )
    try:
        sw.check_spec(spec)
    except ValueError as err:
        st.error(t("common.invalid_input", reason=err))
        return choice, surface, None
    return choice, surface, spec


def _start_controls(url: UrlState, prefix: str, surface) -> tuple[float, float] | None:
    """The start point; it follows the surface's own start when the surface changes."""
    default = tuple(float(v) for v in surface.start) if surface is not None else (0.0, 0.0)
    owner_key = f"{prefix}._start_for"
    owner = getattr(surface, "title", "")
    for k, v in zip(("x0", "y0"), default):
        url.restore(f"{prefix}.{k}", v, parse_float(-1e6, 1e6))
    if st.session_state.get(owner_key) is None:
        st.session_state[owner_key] = owner
    elif st.session_state[owner_key] != owner:  # a new surface: start where it starts
        st.session_state[owner_key] = owner
        st.session_state[f"{prefix}.x0"], st.session_state[f"{prefix}.y0"] = default
    st.markdown(t("common.start"))
    left, right = st.columns(2)
    with left:
        x0 = st.number_input("x₀", key=f"{prefix}.x0", format="%g", min_value=-1e6, max_value=1e6)
    with right:
        y0 = st.number_input("y₀", key=f"{prefix}.y0", format="%g", min_value=-1e6, max_value=1e6)
    if x0 is None or y0 is None:
        st.error(t("sweep.start_missing"))
        return None
    return float(x0), float(y0)


# ------------------------------------------------------------------------------------ computing


@st.cache_data(show_spinner=False, max_entries=8)
def compute_sweep(choice: SurfaceChoice, spec: sw.SweepSpec, limit: float,
                  _progress=None) -> Outcome[sw.SweepResult | None]:
    """The sweep within ``limit`` CPU seconds (cached: a result cut short stays as it is for everyone)."""
    return sw.sweep_within(build_surface(choice), spec, limit, progress=_progress)


def sweep_view(choice: SurfaceChoice, spec: sw.SweepSpec, limit: float = SWEEP_SECONDS, *,
               unit: str | None = None, lower: str | None = None) -> sw.SweepResult | None:
    """The sweep with a progress bar and, if the time limit cut it or refused it, a notice; None: refused."""
    outcome = work.run(lambda progress: compute_sweep(choice, spec, limit, _progress=progress),
                       unit=unit or t("sweep.unit"), lower=lower or t("sweep.lower"))
    return outcome.value


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


def metric_view(result: sw.SweepResult, metric: str):
    """z, colour-bar label, overlays and options for the heatmap of ``metric``."""
    diverged = hm.Overlay(result.diverged, hm.DIVERGED_COLOUR, t("sweep.legend_diverged"), outline=True)
    computed = np.ones(result.diverged.shape, dtype=bool) if result.computed is None else result.computed
    # cells a time limit left out: drawn flat and named, never taken for unreached or stable ones
    missing = () if computed.all() else (
        hm.Overlay(~computed, NOT_COMPUTED_COLOUR, t("sweep.legend_not_computed")),)
    if metric == "final_loss":
        label = t("sweep.z_final_loss") if result.f_star_known else t("sweep.z_final_loss_rel")
        return (result.metric(metric), label, (diverged, *missing),
                dict(z_log=True, z_floor=sw.LOG_GAP_FLOOR))
    if metric == "steps_to_tol":
        unreached = np.isnan(result.steps_to_tol) & ~result.diverged & computed
        overlays = (diverged, hm.Overlay(unreached, hm.UNREACHED_COLOUR, t("sweep.legend_unreached")), *missing)
        return result.metric(metric), t("sweep.z_steps", tol=f"{result.spec.tol:g}"), overlays, {}
    if metric == "divergence":
        stable = hm.Overlay(~result.diverged & computed, "#ffffff", t("sweep.legend_stable"), outline=True)
        return (result.metric(metric), t("sweep.z_divergence"), (stable, *missing),
                dict(colorscale="Inferno"))
    rate = result.metric("rate")
    unstable = hm.Overlay(rate >= 1.0, hm.DIVERGED_COLOUR, t("sweep.legend_theory_unstable"))
    empirical = hm.Overlay(result.diverged, "rgba(0,0,0,0)", t("sweep.legend_diverged_line"), outline=True)
    z = np.where(rate < 1.0, rate, np.nan)
    return z, t("sweep.z_rate"), (unstable, empirical, *missing), dict(zmin=0.0, zmax=1.0)


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
    lang = st.session_state.get("lang", "en")
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
    label = f"{axis_label(spec.x.name)}={xval:.4g}, {axis_label(spec.y.name)}={yval:.4g}"
    st.markdown(f"**{title}** — {label}")
    note = t("sweep.diverged_note", step=div) if div >= 0 else None
    left, right = st.columns(2)
    with left:
        fig = contour_figure(surface, height=380)
        add_path(fig, xy, label, colour(0), div, diverged_note=note)
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


def main() -> None:
    url = UrlState("sweep")
    st.title(t("sweep.title"))
    st.caption(t("sweep.intro"))
    notices = st.container()  # filled once the controls have read the URL

    controls, chart = st.columns([1, 3], gap="medium")
    with controls:
        choice, surface, spec = sweep_controls(url, "sweep")
        url.restore("sweep.metric", "final_loss", parse_choice(sw.METRICS))
        metric = st.radio(t("sweep.metric"), sw.METRICS, key="sweep.metric",
                          format_func=lambda m: t(METRIC_KEYS[m]), help=t("sweep.metric_help"))
        url.restore("sweep.theory", True, parse_bool)
        show_theory = st.checkbox(t("sweep.show_theory"), key="sweep.theory",
                                  help=t("sweep.show_theory_help"))
        url.restore("sweep.cell", None, parse_cell, formatter=format_cell)
    with notices:
        url.show_notices()

    with chart:
        if spec is None:
            url.publish()
            return
        try:
            result = sweep_view(choice, spec)
        except ValueError as err:
            st.error(t("common.invalid_input", reason=err))
            url.publish()
            return
        if result is None:  # refused: ui.work said what to lower
            url.publish()
            return
        if metric == "rate" and sw.theory_rate_grid(spec, result.theory) is None:
            st.info(t("sweep.rate_unavailable"))
            metric = "final_loss"

        # a click on a cell (or the link) selects it; the same selection seen again is not a new click
        event = st.session_state.get("sweep.chart")
        points = (event or {}).get("selection", {}).get("points", []) if isinstance(event, dict) else []
        if points and "x" in points[0] and "y" in points[0]:
            clicked = (float(points[0]["x"]), float(points[0]["y"]))
            if clicked != st.session_state.get("sweep._clicked"):
                st.session_state["sweep._clicked"] = clicked
                px, py = clicked
                vx = 10.0 ** px if spec.x.log else px
                vy = 10.0 ** py if spec.y.log else py
                st.session_state["sweep.cell"] = sw.nearest_cell(spec, vx, vy)
        cell = st.session_state.get("sweep.cell")
        if cell is not None and not (0 <= cell[0] < spec.nx and 0 <= cell[1] < spec.ny):
            cell = None

        z, z_label, overlays, options = metric_view(result, metric)
        fig = hm.sweep_heatmap(
            result.x_values, result.y_values, z, x_label=axis_label(spec.x.name),
            y_label=axis_label(spec.y.name), z_label=z_label, x_log=spec.x.log, y_log=spec.y.log,
            overlays=overlays, selected=cell,
            selected_label=t("sweep.legend_selected") if cell is not None else "",
            status=cell_status(result, metric), **options,
        )
        lines = add_theory(fig, result) if show_theory else []
        st.plotly_chart(fig, key="sweep.chart", on_select="rerun", selection_mode="points",
                        config={"scrollZoom": False, "displayModeBar": False})
        n_div = int(result.diverged.sum())
        st.caption(t("sweep.summary", runs=spec.cells, nx=spec.nx, ny=spec.ny, steps=spec.steps,
                     seconds=f"{result.seconds:.2f}", diverged=n_div, pct=f"{100 * n_div / spec.cells:.0f}"))
        if not result.f_star_known:
            st.caption(t("sweep.f_star_unknown", f=f"{result.f_star:.4g}"))
        if result.record_every > 1 and metric == "steps_to_tol":
            st.caption(t("sweep.record_every", k=result.record_every))
        if lines:
            best = result.best_cell("steps_to_tol")
            if best is not None:
                bx, by = result.cell_values(*best)
                lines.append(t("sweep.theory_sweep_best", x=axis_label(spec.x.name), xv=f"{bx:.4g}",
                               y=axis_label(spec.y.name), yv=f"{by:.4g}",
                               steps=int(result.steps_to_tol[best[1], best[0]])))
            st.info("\n\n".join(lines), icon=":material/functions:")
        elif show_theory and result.theory is not None:
            st.caption(t("sweep.theory_sgd_only", lmin=f"{result.theory.lmin:.4g}",
                         lmax=f"{result.theory.lmax:.4g}"))

        if cell is None:
            best = result.best_cell(metric if metric in ("final_loss", "steps_to_tol") else "final_loss")
            if best is None:
                st.caption(t("sweep.click_hint"))
            else:
                st.caption(t("sweep.click_hint"))
                show_cell(choice, surface, result, best, t("sweep.best_cell"))
        else:
            show_cell(choice, surface, result, cell, t("sweep.selected_cell"))
            if st.button(t("sweep.clear_cell"), key="sweep.clear"):
                st.session_state["sweep.cell"] = None
                st.rerun()
    url.publish()


if __name__ == "__main__":
    main()
