"""Gradient check: the analytic gradient against forward and centered differences as h shrinks (cs231n)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from learn import figures
from learn import gradcheck as gc
from ui.i18n import t
from ui.kit import Page
from ui.reasons import reason
from ui.spec_text import surface_title
from ui.surface_picker import SurfaceChoice, build_surface, pick_surface

P = "gradient_check"
FAMILIES = ("smooth", "kink")
POINT_LIMIT = 1e6
NOTES_H = 1e-5  # the h the notes recommend


def figure_text() -> dict[str, str]:
    return {k: t(f"learn.fig.{k}") for k in figures.TEXT}


@st.cache_data(show_spinner=False, max_entries=64)
def run_sweep(choice: SurfaceChoice | None, kink: str | None, point: tuple[float, float], precision: str):
    surface = gc.kink_surface(kink) if kink else build_surface(choice)
    return gc.sweep(surface, point, precision)


def verdict(error: float) -> str:
    if not np.isfinite(error):
        return t("learn.gc.verdict.not_finite")
    if error > gc.THRESHOLDS[0]:
        return t("learn.gc.verdict.wrong")
    if error > gc.THRESHOLDS[1]:
        return t("learn.gc.verdict.uneasy")
    if error > gc.THRESHOLDS[2]:
        return t("learn.gc.verdict.kinks")
    return t("learn.gc.verdict.good")


def controls(page: Page):
    """The function, the point and the precisions (None after showing an error)."""
    family = page.choice("family", "smooth", FAMILIES, widget="radio")
    choice, kink = None, None
    if family == "kink":
        kinks = tuple(gc.KINKS)
        kink = page.choice("kink", kinks[0], kinks, format_func={k: t(f"learn.gc.{k}") for k in kinks}.get)
        surface = gc.kink_surface(kink)
        point_key = kink
    else:
        choice = pick_surface(page, P, default="rosenbrock")
        if choice is None:
            return None
        try:
            surface = build_surface(choice)
        except ValueError as err:
            st.error(t("common.invalid_input", reason=reason(err)))
            return None
        point_key = "custom" if choice.name == "custom" else choice.name
    point = []
    for col, axis, default in zip(st.columns(2), ("x", "y"), surface.start):
        with col:
            point.append(page.number(f"{point_key}.{axis}", float(default), -POINT_LIMIT, POINT_LIMIT,
                                     label=t(f"learn.gc.{axis}")))
    precisions = [p for p in gc.PRECISIONS if page.toggle(p, True)]
    show_slopes = page.toggle("slopes", True)
    return choice, kink, surface, (float(point[0]), float(point[1])), precisions, show_slopes


def number(value: float, spec: str) -> str:
    return f"{value:{spec}}" if np.isfinite(value) else "—"


def results_table(sweeps) -> pd.DataFrame:
    rows = []
    for sw in sweeps:
        i = int(np.argmin(np.abs(np.log10(sw.h) - np.log10(NOTES_H))))
        kind = t("learn.gc.kind.absolute" if sw.vanishing else "learn.gc.kind.relative")
        for scheme in ("forward", "centered"):
            h_best, err_best = sw.best(scheme)
            err = sw.judged(scheme)[i]
            slope = gc.truncation_slope(sw, scheme)
            rows.append({
                t("learn.gc.col.precision"): sw.precision,
                t("learn.gc.col.scheme"): t(f"learn.gc.scheme.{scheme}"),
                t("learn.gc.col.kind"): kind,
                t("learn.gc.col.best_h"): number(h_best, ".0e"),
                t("learn.gc.col.best_error"): number(err_best, ".1e"),
                t("learn.gc.col.slope"): number(slope, ".2f"),
                t("learn.gc.col.at_notes_h"): number(err, ".1e"),
                t("learn.gc.col.verdict"): verdict(err),
            })
    return pd.DataFrame(rows)


def gradient_table(sw) -> pd.DataFrame:
    i = int(np.argmin(np.abs(np.log10(sw.h) - np.log10(NOTES_H))))
    return pd.DataFrame({
        t("learn.gc.col.component"): ["∂f/∂x", "∂f/∂y"],
        t("learn.gc.col.analytic"): [f"{v:.10g}" for v in sw.analytic],
        t("learn.gc.col.centered"): [f"{v:.10g}" for v in sw.centered[i]],
        t("learn.gc.col.forward"): [f"{v:.10g}" for v in sw.forward[i]],
    })


def explanation() -> None:
    st.subheader(t("learn.gc.how_title"))
    st.latex(r"\frac{df}{dx} \approx \frac{f(x+h)-f(x)}{h}\ \ \mathcal{O}(h)"
             r"\qquad \frac{df}{dx} \approx \frac{f(x+h)-f(x-h)}{2h}\ \ \mathcal{O}(h^2)")
    st.latex(r"\mathrm{rel}(g_a, g_n) = \frac{\lVert g_a - g_n\rVert}{\max(\lVert g_a\rVert, \lVert g_n\rVert)}")
    st.markdown(t("learn.gc.how"))
    st.markdown(t("learn.gc.bands"))
    st.markdown(t("learn.gc.relative_form"))
    st.markdown(t("learn.gc.tips"))


def truncation_note(surface, sweeps) -> None:
    """Why the centered curve has no truncation side, when it has none: decided from f's formula.

    Only a polynomial of degree ≤ 2 is exact for the centered difference everywhere
    (:func:`learn.gradcheck.is_quadratic`); elsewhere a missing slope is a property of the point.
    """
    if not all(sw.finite.all() for sw in sweeps):
        return
    if gc.is_quadratic(surface):
        st.info(t("learn.gc.no_truncation"))
    elif all(not np.isfinite(gc.truncation_slope(sw, "centered")) for sw in sweeps):
        sw = sweeps[0]
        st.info(t("learn.gc.no_truncation_here", error=f"{sw.judged('centered')[0]:.1e}", h=f"{sw.h[0]:g}"))


def checked_sweeps(choice, kink, point, precisions) -> list:
    """One sweep per precision; a message (and no sweep) for each precision that gives no numbers.

    NumPy's overflow warnings never reach the page: :func:`learn.gradcheck.sweep` evaluates under
    ``np.errstate(all="ignore")`` and reports what is not finite, which is said here in words.
    """
    sweeps = []
    messages = {}  # text -> st.error or st.warning; a formula that upcasts float32 gives the same text twice
    x, y = f"{point[0]:g}", f"{point[1]:g}"
    for p in precisions:
        try:
            sw = run_sweep(choice, kink, point, p)
        except gc.NotFiniteError as err:
            messages[t("learn.gc.analytic_not_finite", precision=err.precision, x=x, y=y)] = st.error
            continue
        ok = sw.finite
        if not ok.any():
            messages[t("learn.gc.numeric_not_finite", precision=sw.precision, x=x, y=y)] = st.error
            continue
        if not ok.all():
            bad = sw.h[~ok]
            messages[t("learn.gc.numeric_partly_not_finite", precision=sw.precision, count=int(bad.size),
                       total=int(sw.h.size), h_min=f"{bad.min():.0e}", h_max=f"{bad.max():.0e}")] = st.warning
        sweeps.append((p, sw))
    for text, show in messages.items():
        show(text)
    return sweeps


def title(choice: SurfaceChoice | None, kink: str | None, surface) -> str:
    """The function's name in the current language (a formula is its own name)."""
    if kink:
        return t(f"learn.gc.{kink}")
    return surface.title if choice.name == "custom" else surface_title(choice.name)


def results(picked) -> None:
    """The sweeps of the chosen function at the chosen point: the chart, the tables, the explanation."""
    choice, kink, surface, point, precisions, show_slopes = picked
    if not precisions:
        st.info(t("learn.gc.need_precision"))
        explanation()
        return
    try:
        checked = checked_sweeps(choice, kink, point, precisions)
    except ValueError as err:
        st.error(t("learn.gc.bad_point", reason=reason(err)))
        return
    if not checked:
        explanation()
        return
    precisions = [p for p, _ in checked]
    sweeps = [sw for _, sw in checked]
    heading = "learn.gc.chart_title_absolute" if all(sw.vanishing for sw in sweeps) else "learn.gc.chart_title"
    st.markdown(t(heading, surface=title(choice, kink, surface), x=f"{point[0]:g}", y=f"{point[1]:g}"))
    st.latex(surface.latex)
    st.plotly_chart(figures.gradcheck_figure(sweeps, text=figure_text(), show_slopes=show_slopes),
                    key=f"{P}.chart")
    for wanted, sw in zip(precisions, sweeps):
        if sw.precision != wanted:
            st.warning(t("learn.gc.upcast", wanted=wanted, actual=sw.precision))
    st.caption(t("learn.gc.precision_note", precisions=", ".join(sw.precision for sw in sweeps)))
    if any(sw.vanishing for sw in sweeps):
        st.warning(t("learn.gc.vanishing", norm=f"{max(np.max(np.abs(sw.analytic)) for sw in sweeps):.1e}",
                     limit=f"{gc.VANISHING_GRADIENT:g}"))
    if kink:
        distance = abs(point[0])
        st.info(t("learn.gc.kink_explain", d=f"{distance:.3g}") if distance > 0 else t("learn.gc.kink_on_it"))
    else:
        truncation_note(surface, sweeps)
    st.dataframe(results_table(sweeps), hide_index=True, width="stretch")
    st.markdown(t("learn.gc.values_title", h=f"{NOTES_H:g}", precision=sweeps[0].precision))
    st.dataframe(gradient_table(sweeps[0]), hide_index=True, width="stretch")
    explanation()


page = Page(P, texts="learn.gc")
with page.controls():
    picked = controls(page)
if picked is None:
    page.stop()
results(picked)
page.finish()
