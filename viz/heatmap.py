"""Heatmaps of hyperparameter sweeps, with theory overlays, search trials and a clickable cell layer.

Log-scale axes (learning rate, eps, batch size) are drawn in log10 coordinates on a linear axis with
ticks labelled by the values themselves: heatmap cells, the click layer and the theory curves then
share one exact coordinate system.  Every user-facing word arrives as an argument (the pages pass
catalogue strings), so these builders know no language.

Clicks: Plotly heatmaps do not report point selections reliably, so every cell centre carries an
invisible marker of a scatter trace (:data:`CLICK_TRACE`) whose points Streamlit returns on a click.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from viz.palette import OKABE_ITO

CLICK_TRACE = "cells"  # the name of the clickable scatter layer
F32 = np.float32  # single precision halves what a 128 × 128 map sends to the browser; the eye sees no change
DIVERGED_COLOUR = "#c8c8c8"  # light grey: outside Viridis, readable under colour-vision deficiencies
UNREACHED_COLOUR = "#6e6e6e"
GRID_COLOUR = OKABE_ITO[4]  # orange
RANDOM_COLOUR = OKABE_ITO[5]  # sky blue
TPE_COLOUR = OKABE_ITO[1]  # vermillion: the third search strategy, apart from Viridis' blues, greens and yellows
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(frozen=True)
class Scale:
    """How values map to plot coordinates on one axis: log10 for log axes, identity otherwise."""

    log: bool

    def to_plot(self, values) -> np.ndarray:
        v = np.asarray(values, dtype=float)
        if not self.log:
            return v
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log10(v)


@dataclass(frozen=True)
class Overlay:
    """Cells painted in one flat colour (diverged, not converged) with a legend entry."""

    mask: np.ndarray
    colour: str
    label: str
    outline: bool = False  # draw the region's boundary as a black line


def power_label(exponent: float) -> str:
    """``1e-3`` as ``10⁻³`` (for colour bars of log10 values)."""
    return "10" + str(int(round(exponent))).translate(_SUPERSCRIPT)


def log_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    """Tick positions (log10) and labels for values from ``low`` to ``high``: 1-2-5 steps or decades."""
    lo, hi = math.log10(low), math.log10(high)
    decades = range(math.floor(lo), math.ceil(hi) + 1)
    for mantissas in ((1, 2, 5), (1, 3), (1,)):
        values = [m * 10.0 ** e for e in decades for m in mantissas]
        inside = [v for v in values if lo - 1e-9 <= math.log10(v) <= hi + 1e-9]
        if len(inside) <= 9:
            break
    if len(inside) > 9:  # many decades: every other one
        inside = inside[::2]
    if len(inside) < 2:  # less than a decade: the ends
        inside = sorted({low, high, *inside})
    return [math.log10(v) for v in inside], [f"{v:g}" for v in inside]


def _edges(plot_values: np.ndarray) -> tuple[float, float]:
    """The outer edges of the first and last heatmap bricks (half a cell beyond the centres)."""
    if len(plot_values) == 0:  # an empty grid: an axis of unit length, nothing on it
        return 0.0, 1.0
    if len(plot_values) == 1:
        return plot_values[0] - 0.5, plot_values[0] + 0.5
    return (plot_values[0] - (plot_values[1] - plot_values[0]) / 2,
            plot_values[-1] + (plot_values[-1] - plot_values[-2]) / 2)


def _axis_layout(values: np.ndarray, scale: Scale, title: str) -> dict:
    plot = scale.to_plot(values)
    layout = dict(title=title, range=list(_edges(plot)), showgrid=False, zeroline=False)
    if scale.log and len(values):
        tickvals, ticktext = log_ticks(float(values[0]), float(values[-1]))
        layout.update(tickvals=tickvals, ticktext=ticktext)
    return layout


def sweep_heatmap(
    x_values, y_values, z, *, x_label: str, y_label: str, z_label: str, x_log: bool, y_log: bool,
    overlays: tuple[Overlay, ...] = (), z_log: bool = False, z_floor: float | None = None,
    colorscale: str = "Viridis", zmin: float | None = None, zmax: float | None = None,
    selected: tuple[int, int] | None = None, selected_label: str = "", status: np.ndarray | None = None,
    height: int = 640, clickable: bool = True,
) -> go.Figure:
    """The heatmap of a metric ``z`` (ny × nx; row = y) over the grid of ``x_values`` × ``y_values``.

    ``z_log`` says z holds log10 values (colour-bar ticks read ``10⁻⁶``; hover shows the value);
    ``z_floor`` is a log10 floor shown as "≤".  ``overlays`` paint masked cells flat (drawn over z).
    ``status`` (ny × nx strings) is added to each cell's hover, e.g. "diverged at step 12".
    ``selected`` (i, j) outlines one cell.  The scatter layer named :data:`CLICK_TRACE` makes the
    cells clickable: its points' ``x``/``y`` are the plot coordinates of the cell centres.
    """
    xv, yv = np.asarray(x_values, dtype=float), np.asarray(y_values, dtype=float)
    z = np.asarray(z, dtype=float)
    sx, sy = Scale(x_log), Scale(y_log)
    px, py = sx.to_plot(xv), sy.to_plot(yv)
    finite = z[np.isfinite(z)]
    fig = go.Figure()
    colorbar = dict(title=dict(text=z_label, side="right"), thickness=14)
    if z_log and finite.size:
        lo, hi = math.floor(finite.min()), math.ceil(finite.max())
        step = max(1, math.ceil((hi - lo) / 8))
        ticks = list(range(lo, hi + 1, step))
        labels = [("≤ " if z_floor is not None and t <= z_floor else "") + power_label(t) for t in ticks]
        colorbar.update(tickvals=ticks, ticktext=labels)
    fig.add_trace(go.Heatmap(
        x=px, y=py, z=z.astype(F32), colorscale=colorscale, zmin=zmin, zmax=zmax, colorbar=colorbar,
        hoverinfo="skip", name="metric", showscale=bool(finite.size),
    ))
    for overlay in overlays:
        mask = np.asarray(overlay.mask, dtype=bool)
        if not mask.any():
            continue
        fig.add_trace(go.Heatmap(
            x=px, y=py, z=np.where(mask, 1.0, np.nan).astype(F32),
            colorscale=[[0, overlay.colour], [1, overlay.colour]],
            showscale=False, hoverinfo="skip", name=overlay.label,
        ))
        if overlay.outline and mask.size > 1 and 0 < mask.sum() < mask.size:
            fig.add_trace(go.Contour(
                x=px, y=py, z=mask.astype(F32), showscale=False, hoverinfo="skip", name=overlay.label,
                contours=dict(start=0.5, end=0.5, size=1, coloring="none"),
                line=dict(color="black", width=1.5), showlegend=False,
            ))
        # a legend entry: heatmaps have none of their own
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", name=overlay.label, hoverinfo="skip",
            marker=dict(symbol="square", size=12, color=overlay.colour, line=dict(color="black", width=1)),
        ))
    if clickable:
        X, Y = np.meshgrid(px, py)
        VX, VY = np.meshgrid(xv, yv)
        shown = np.where(np.isfinite(z), z, np.nan)
        if z_log:
            shown = 10.0 ** shown
        text = np.asarray(status, dtype=object) if status is not None else np.full(z.shape, "", dtype=object)
        value_text = np.where(np.isfinite(shown), np.vectorize(lambda v: f"{v:.4g}", otypes=[object])(
            np.nan_to_num(shown)), "")
        if z_log and z_floor is not None:
            value_text = np.where(np.isfinite(z) & (z <= z_floor), "≤ " + power_label(z_floor), value_text)
        # numbers travel as compact typed arrays; only the short value-and-status text is a string per cell
        custom = np.stack([VX.ravel(), VY.ravel()], axis=-1).astype(F32)
        label = np.char.strip(np.char.add(np.char.add(value_text.ravel().astype(str), " "),
                                          text.ravel().astype(str)))
        ncells = X.size
        size = max(4.0, min(14.0, 520.0 / math.sqrt(max(ncells, 1))))
        fig.add_trace(go.Scatter(
            x=X.ravel().astype(F32), y=Y.ravel().astype(F32), mode="markers", name=CLICK_TRACE,
            showlegend=False,
            marker=dict(symbol="square", size=size, color="rgba(0,0,0,0)"),
            customdata=custom, text=label,
            hovertemplate=(f"{x_label} = %{{customdata[0]:.4g}}<br>{y_label} = %{{customdata[1]:.4g}}"
                           f"<br>{z_label}: %{{text}}<extra></extra>"),
        ))
    if selected is not None:
        i, j = selected
        # a black square around a white one: visible on every colour of the map (and in the legend)
        fig.add_trace(go.Scatter(
            x=[px[i]], y=[py[j]], mode="markers", name=selected_label or "selected",
            showlegend=bool(selected_label), hoverinfo="skip",
            marker=dict(symbol="square-open", size=20, color="black", line=dict(width=1.5, color="black")),
        ))
        fig.add_trace(go.Scatter(
            x=[px[i]], y=[py[j]], mode="markers", showlegend=False, hoverinfo="skip",
            marker=dict(symbol="square-open", size=16, color="white", line=dict(width=3, color="white")),
        ))
    fig.update_layout(
        height=height, margin=dict(l=10, r=10, t=10, b=10),
        xaxis=_axis_layout(xv, sx, x_label), yaxis=_axis_layout(yv, sy, y_label),
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0, bgcolor="rgba(255,255,255,0.8)",
                    itemsizing="constant"),
        clickmode="event+select", dragmode=False, hovermode="closest",
    )
    return fig


def add_curve(fig: go.Figure, x, y, *, x_log: bool, y_log: bool, label: str, colour: str = "black",
              dash: str = "dash", width: float = 2.0) -> go.Figure:
    """A theory curve (values, not plot coordinates), e.g. the heavy-ball stability limit."""
    fig.add_trace(go.Scatter(
        x=Scale(x_log).to_plot(x), y=Scale(y_log).to_plot(y), mode="lines", name=label,
        line=dict(color=colour, dash=dash, width=width), hoverinfo="skip",
    ))
    return fig


def add_marker(fig: go.Figure, x: float, y: float, *, x_log: bool, y_log: bool, label: str,
               symbol: str = "star", colour: str = "white", size: int = 16,
               hover: str | None = None) -> go.Figure:
    """A theory point such as the optimal (lr, momentum), outlined in black so it reads on any colour."""
    fig.add_trace(go.Scatter(
        x=Scale(x_log).to_plot([x]), y=Scale(y_log).to_plot([y]), mode="markers", name=label,
        marker=dict(symbol=symbol, size=size, color=colour, line=dict(color="black", width=1.5)),
        hovertemplate=(hover or label) + "<extra></extra>", cliponaxis=False,
    ))
    return fig


def add_trials(fig: go.Figure, points, *, x_log: bool, y_log: bool, label: str, colour: str, symbol: str,
               best: int | None = None, best_label: str = "", hover: list[str] | None = None,
               size: int = 9) -> go.Figure:
    """Search trials (N × 2 values) as markers, with the best one drawn large.

    An open ``symbol`` ("diamond-open") is drawn in ``colour`` with a thick outline, so a larger open
    marker stays visible around a trial another strategy also tried.
    """
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    px, py = Scale(x_log).to_plot(points[:, 0]), Scale(y_log).to_plot(points[:, 1])
    line = dict(color=colour, width=2.5) if symbol.endswith("-open") else dict(color="black", width=1)
    fig.add_trace(go.Scatter(
        x=px, y=py, mode="markers", name=label, legendgroup=label,
        marker=dict(symbol=symbol, size=size, color=colour, line=line),
        text=hover, hovertemplate="%{text}<extra></extra>" if hover else None,
    ))
    if best is not None and 0 <= best < len(px):
        fig.add_trace(go.Scatter(
            x=[px[best]], y=[py[best]], mode="markers", name=best_label or label, legendgroup=label,
            marker=dict(symbol="star", size=20, color=colour, line=dict(color="black", width=2)),
            text=[hover[best]] if hover else None, hovertemplate="%{text}<extra></extra>" if hover else None,
        ))
    return fig


def add_box(fig: go.Figure, low: tuple[float, float], high: tuple[float, float], *, x_log: bool, y_log: bool,
            label: str) -> go.Figure:
    """A rectangle (values) such as the next, zoomed search box: white dots on black, seen on any colour."""
    x0, x1 = Scale(x_log).to_plot([low[0], high[0]])
    y0, y1 = Scale(y_log).to_plot([low[1], high[1]])
    xs, ys = [x0, x1, x1, x0, x0], [y0, y0, y1, y1, y0]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=label, legendgroup=label, hoverinfo="skip",
                             line=dict(color="black", width=4), cliponaxis=False))
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=label, legendgroup=label, hoverinfo="skip",
                             line=dict(color="white", width=2, dash="dot"), showlegend=False,
                             cliponaxis=False))
    return fig


def projection_figure(
    axes: list[dict], series: list[dict], *, objective_label: str, objective_log: bool, failed_label: str,
    height: int = 320,
) -> go.Figure:
    """Bergstra & Bengio's view: the objective of each trial against one hyperparameter at a time.

    ``axes`` holds per panel ``{"label": str, "log": bool, "low": float, "high": float}``; ``series`` per
    method ``{"name": str, "colour": str, "symbol": str, "points": (N, 2), "objective": (N,)}``.  A grid
    shows its few distinct values as stacked columns; random trials spread along the axis.  Trials that
    failed (a non-finite objective) sit as open markers on a line above the others.
    """
    from plotly.subplots import make_subplots

    finite = np.concatenate([np.empty(0), *(np.asarray(s["objective"], dtype=float) for s in series)])
    finite = finite[np.isfinite(finite)]
    if objective_log:
        finite = finite[finite > 0]  # a log axis has no place for the others
    if finite.size == 0:
        fail_y = 1.0
    elif objective_log:
        fail_y = 10.0 ** (math.log10(finite.max()) + 0.15 * max(math.log10(finite.max() / finite.min()), 1.0))
    else:
        fail_y = finite.max() + 0.12 * max(finite.max() - finite.min(), abs(finite.max()), 1.0)
    fig = make_subplots(rows=1, cols=len(axes), horizontal_spacing=0.08)
    for col, axis in enumerate(axes, start=1):
        for s in series:
            pts = np.asarray(s["points"], dtype=float).reshape(-1, 2)
            obj = np.asarray(s["objective"], dtype=float)
            ok = np.isfinite(obj)
            marker = dict(symbol=s["symbol"], size=8, color=s["colour"], line=dict(color="black", width=1))
            fig.add_trace(go.Scatter(
                x=pts[ok, col - 1], y=obj[ok], mode="markers", name=s["name"], legendgroup=s["name"],
                showlegend=col == 1, marker=marker,
                hovertemplate=f"{axis['label']} = %{{x:.4g}}<br>{objective_label} = %{{y:.4g}}"
                              "<extra></extra>",
            ), row=1, col=col)
            if (~ok).any():
                fig.add_trace(go.Scatter(
                    x=pts[~ok, col - 1], y=np.full((~ok).sum(), fail_y), mode="markers", name=s["name"],
                    legendgroup=s["name"], showlegend=False,
                    marker=dict(symbol=s["symbol"] + "-open", size=8, color=s["colour"],
                                line=dict(width=1.5)),
                    hovertemplate=f"{axis['label']} = %{{x:.4g}}<br>{failed_label}<extra></extra>",
                ), row=1, col=col)
        scale = Scale(axis["log"])
        lo, hi = scale.to_plot([axis["low"], axis["high"]])
        pad = 0.03 * (hi - lo)
        fig.update_xaxes(title_text=axis["label"], type="log" if axis["log"] else "linear",
                         range=[lo - pad, hi + pad], row=1, col=col)
        fig.update_yaxes(title_text=objective_label if col == 1 else None,
                         type="log" if objective_log else "linear", exponentformat="power", row=1, col=col)
    fig.add_hline(y=fail_y, line=dict(color="grey", dash="dot", width=1), annotation_text=failed_label,
                  annotation_position="top left", annotation_font_size=11)
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10),
                      legend=dict(orientation="h", yanchor="bottom", y=1.08, x=0))
    return fig


def loss_figure(steps, gap, *, label: str, colour: str, x_label: str, y_label: str,
                tol: float | None = None, tol_label: str = "", diverged_at: int = -1,
                diverged_label: str = "", floor: float = 1e-16, height: int = 320) -> go.Figure:
    """The loss gap f − f* of one run against the step, on a log axis, with the tolerance line.

    Gaps below ``floor`` are drawn at the floor (an exact zero has no place on a log axis).
    """
    steps = np.asarray(steps)
    gap = np.asarray(gap, dtype=float)
    shown = np.maximum(gap, floor)
    ends = np.flatnonzero(np.isfinite(shown))
    fig = go.Figure(go.Scatter(
        x=steps, y=shown, mode="lines", name=label, line=dict(color=colour, width=2),
        hovertemplate=f"{x_label} %{{x}}<br>{y_label} = %{{y:.4g}}<extra></extra>",
    ))
    if tol is not None:
        fig.add_hline(y=tol, line=dict(color="black", dash="dot", width=1), annotation_text=tol_label,
                      annotation_position="top right")
    if diverged_at >= 0 and ends.size:  # the ✕ on the last finite gap (an empty or all-NaN run has none)
        fig.add_trace(go.Scatter(
            x=[steps[ends[-1]]], y=[shown[ends[-1]]], mode="markers+text", name=diverged_label, text=[diverged_label],
            textposition="top left", hoverinfo="skip", showlegend=False,
            marker=dict(symbol="x-thin-open", size=16, color=colour, line=dict(width=3)),
        ))
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=30, b=10), showlegend=False,
                      xaxis=dict(title=x_label),
                      yaxis=dict(title=y_label, type="log", exponentformat="power"))
    return fig
