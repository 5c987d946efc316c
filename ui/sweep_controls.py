"""What the Sweep and the Random-vs-grid-search pages share: their controls and their map.

Both pages describe the same experiment, a grid over two hyperparameters of one optimizer on one
surface, so both draw the same controls (:func:`sweep_controls`: surface, optimizer, two axes with
their ranges, steps, tolerance, start, the other hyperparameters and the mini-batch noise) under
their own keys (``sweep.steps``, ``search.steps``), with the texts of the Sweep page's catalogue.
Both show the sweep as a heatmap (:func:`sweep_view` computes it under the CPU budget,
:func:`metric_view` says how a metric is coloured), and both name a hyperparameter the way the
catalogue does in the current language (:func:`axis_label`).
"""

from __future__ import annotations

import numpy as np
import streamlit as st

import optimizers
from landscapes import sweep as sw
from landscapes.budget import Outcome
from optimizers import facts
from ui import work
from ui.i18n import t
from ui.kit import Page
from ui.reasons import reason
from ui.spec_text import spec_help, spec_label
from ui.surface_picker import SurfaceChoice, build_surface, pick_surface
from urlvalues import parse_bool, parse_float
from viz import heatmap as hm

NOT_COMPUTED_COLOUR = "#f2f2f2"  # near white: cells the time limit left out


# ------------------------------------------------------------------------------------ names


def axis_label(name: str, optimizer: str) -> str:
    """How an axis is named on screen: the catalogue's label of the hyperparameter, or "batch size"."""
    return t("sweep.batch_axis") if name == sw.BATCH else spec_label(f"opt:{optimizer}", name)


def default_y(optimizer: str, options: list[str]) -> str:
    """The y axis an optimizer starts with: the hyperparameter next to lr that matters most."""
    wanted = facts.of(optimizer).sweep_axis
    return wanted if wanted in options else next(o for o in options if o != "lr")


# ------------------------------------------------------------------------------------ controls


def _axis_controls(page: Page, which: str, optimizer: str, options: list[str], default: str,
                   other: str | None, resolution: bool) -> tuple[str, sw.Axis | None, int]:
    """One axis: its hyperparameter, range and (optionally) number of cells.  Returns
    ``(name, axis, cells)``; the axis is None (after a message) when the range cannot be used."""
    key = page.key(which)
    if st.session_state.get(key, default) not in options:  # the optimizer changed under it
        page.set(key, default)
    name = page.choice(which, default, options, label=t(f"sweep.axis_{which}"),
                       format_func={n: axis_label(n, optimizer) for n in options}.get)  # this run's language
    if name == other:
        st.error(t("sweep.same_axes"))
        return name, None, 0
    base = sw.default_axis(name, optimizer)
    lim_low, lim_high = sw.axis_limits(name, optimizer)
    tip = t("sweep.range_help", low=f"{lim_low:g}", high=f"{lim_high:g}")
    step = None if base.log else 0.01
    left, right = st.columns(2)
    with left:
        low = page.number(f"range.{name}.low", base.low, lim_low, lim_high, step=step, label=t("sweep.range_low"),
                          help=tip)
    with right:
        high = page.number(f"range.{name}.high", base.high, lim_low, lim_high, step=step,
                           label=t("sweep.range_high"), help=tip)
    cells = 0
    if resolution:
        cells = page.integer(f"n{which}", 64, 2, sw.MAX_RESOLUTION, step=8, label=t("sweep.cells"),
                             help=t("sweep.cells_help", max=sw.MAX_RESOLUTION))
    st.caption(t("sweep.scale_log") if base.log else t("sweep.scale_linear"))
    if not low < high:
        st.error(t("sweep.range_order", name=axis_label(name, optimizer)))
        return name, None, cells
    if base.log and low <= 0:
        st.error(t("sweep.range_positive", name=axis_label(name, optimizer)))
        return name, None, cells
    return name, base.with_range(low, high), cells


def _noise_controls(page: Page, batch_swept: bool) -> tuple[bool, float, int, int]:
    """Stochastic gradients (always on when the batch size is an axis), σ₁, batch size and seed."""
    st.markdown(t("sweep.noise_title"))
    page.bind(page.key("noisy"), False, parse_bool)
    if batch_swept:
        page.set(page.key("noisy"), True)
    noisy = page.toggle("noisy", False, disabled=batch_swept, label=t("sweep.noisy"), help=t("sweep.noisy_help"))
    sigma = page.number("sigma", 1.0, 0.0, 1e6, disabled=not noisy, label=t("sweep.sigma"),
                        help=t("sweep.sigma_help"))
    batch = page.integer("batch", 32, 1, 1_000_000, disabled=not noisy or batch_swept, label=t("sweep.batch"))
    seed = page.integer("seed", 0, 0, 1_000_000, disabled=not noisy, label=t("sweep.seed"))
    return noisy, sigma, batch, seed


def sweep_controls(page: Page, *, resolution: bool = True, steps_default: int = 300
                   ) -> tuple[SurfaceChoice | None, object, sw.SweepSpec | None]:
    """Surface, optimizer, two axes, steps, tolerance, start, fixed hyperparameters and noise, under the
    page's own keys (``<page>.optimizer`` ...).  Draw it inside ``with page.controls():``.

    Returns ``(choice, surface, spec)``; ``spec`` is None (after a message) when something is invalid.
    """
    choice = pick_surface(page, page.name)
    names = facts.menu(batch=True)  # a sweep runs every cell of the grid at once
    optimizer = page.choice("optimizer", "sgd", names, label=t("sweep.optimizer"),
                            format_func=lambda n: optimizers.optimizer_class(n).title)
    options = sw.axis_options(optimizer)
    x_name, x_axis, nx = _axis_controls(page, "x", optimizer, options, "lr", None, resolution)
    y_name, y_axis, ny = _axis_controls(page, "y", optimizer, options, default_y(optimizer, options), x_name,
                                        resolution)
    steps = page.integer("steps", steps_default, 1, sw.MAX_STEPS, step=50, label=t("sweep.steps"),
                         help=t("sweep.steps_help", max=sw.MAX_STEPS))
    tol = page.number("tol", 1e-6, 1e-15, 1e6, label=t("sweep.tol"), help=t("sweep.tol_help"))

    surface = None
    if choice is not None:
        try:
            surface = build_surface(choice)
        except ValueError as err:
            st.error(t("common.invalid_input", reason=reason(err)))
    owner = f"opt:{optimizer}"
    with st.expander(t("sweep.more")):
        if surface is not None:
            start = page.start(surface)
        else:  # no surface to start on: keep the link's start for when there is one again
            start = tuple(page.bind(page.key(k), 0.0, parse_float(-1e6, 1e6)) for k in ("x0", "y0"))
        st.markdown(t("sweep.fixed_hp"))
        fixed = {}
        for spec in optimizers.optimizer_class(optimizer).spec_map().values():
            if spec.name in (x_name, y_name):
                continue
            # the lr when it is not an axis (torch's 1e-3 barely moves in 300 steps)
            default = facts.of(optimizer).lr("sweep") if spec.name == "lr" else None
            fixed[spec.name] = page.spec(spec, page.key(f"{optimizer}.{spec.name}"), label=spec_label(owner, spec),
                                         help=spec_help(owner, spec), default=default)
        batch_swept = sw.BATCH in (x_name, y_name)
        noisy, sigma, batch, seed = _noise_controls(page, batch_swept)
    if surface is None or x_axis is None or y_axis is None:
        return choice, surface, None
    if batch_swept and sigma <= 0:
        st.error(t("sweep.batch_needs_noise"))
        return choice, surface, None
    spec = sw.SweepSpec(
        optimizer, x_axis, y_axis, nx=nx or 2, ny=ny or 2, steps=steps, start=start,
        fixed=tuple(sorted(fixed.items())), sigma=sigma if noisy else 0.0, batch=float(batch), seed=seed, tol=tol,
    )
    try:
        sw.check_spec(spec)
    except ValueError as err:
        st.error(t("common.invalid_input", reason=reason(err)))
        return choice, surface, None
    return choice, surface, spec


# ------------------------------------------------------------------------------------ the map


@st.cache_data(show_spinner=False, max_entries=8)
def compute_sweep(choice: SurfaceChoice, spec: sw.SweepSpec, limit: float,
                  _progress=None) -> Outcome[sw.SweepResult | None]:
    """The sweep within ``limit`` CPU seconds (cached: a result cut short stays as it is for everyone)."""
    return sw.sweep_within(build_surface(choice), spec, limit, progress=_progress)


def sweep_view(choice: SurfaceChoice, spec: sw.SweepSpec, limit: float, *, unit: str | None = None,
               lower: str | None = None) -> sw.SweepResult | None:
    """The sweep with a progress bar and, if the time limit cut it or refused it, a notice; None: refused."""
    outcome = work.run(lambda progress: compute_sweep(choice, spec, limit, _progress=progress),
                       unit=unit or t("sweep.unit"), lower=lower or t("sweep.lower"))
    return outcome.value


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
