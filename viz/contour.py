"""The contour map of a surface, with its known minima and optimizer paths on top.

Levels are log-spaced for steep surfaces (``surface.log_contours``): we contour log10(f - fmin + δ)
so that the narrow valley of Rosenbrock and the plateau around it are both visible.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

GRID = 160  # points per axis: smooth isolines without slowing the browser


def surface_grid(surface, bounds=None, resolution: int = GRID):
    """x, y (1-D) and Z (resolution × resolution, rows = y) over ``bounds`` (default: the surface's view)."""
    (x0, x1), (y0, y1) = bounds or surface.bounds
    x = np.linspace(x0, x1, resolution)
    y = np.linspace(y0, y1, resolution)
    xx, yy = np.meshgrid(x, y)
    with np.errstate(all="ignore"):
        z = surface.f(np.stack([xx, yy], axis=-1))
    return x, y, z


def finite_share(surface, bounds=None, resolution: int = 41) -> float:
    """The share of the view where f is a finite number: 0 means the map has nothing to show
    (a formula such as sqrt(-1 - x**2 - y**2))."""
    _, _, z = surface_grid(surface, bounds, resolution)
    return float(np.isfinite(z).mean())


def contour_values(surface, z: np.ndarray) -> tuple[np.ndarray, str]:
    """What the contour colours show: f itself, or log10(f − min + δ) when the surface wants log levels."""
    finite = z[np.isfinite(z)]
    if finite.size == 0:
        return np.zeros_like(z), "f"
    if not surface.log_contours:
        # clip extreme values so one wall does not wash out every level near the minimum
        hi = np.percentile(finite, 98)
        return np.clip(z, None, hi), "f"
    floor = finite.min()
    span = max(finite.max() - floor, 1e-12)
    delta = span * 1e-6
    return np.log10(np.maximum(z - floor, 0) + delta), "log₁₀(f − min)"


def contour_figure(surface, bounds=None, resolution: int = GRID, show_minima: bool = True,
                   height: int = 520, minimum_label: str = "minimum") -> go.Figure:
    """A filled contour of ``surface`` over its view, with a cross at every known minimum (named
    ``minimum_label`` in the legend, in the page's language)."""
    (x0, x1), (y0, y1) = bounds or surface.bounds
    x, y, z = surface_grid(surface, ((x0, x1), (y0, y1)), resolution)
    values, colour_title = contour_values(surface, z)
    fig = go.Figure()
    fig.add_trace(go.Contour(
        x=x, y=y, z=values, colorscale="Greys", reversescale=True, ncontours=30, opacity=0.55,
        contours=dict(coloring="fill", showlines=True), line=dict(width=0.6, color="rgba(60,60,60,0.5)"),
        colorbar=dict(title=dict(text=colour_title, side="right"), thickness=12),
        hovertemplate="x=%{x:.3g}<br>y=%{y:.3g}<extra></extra>", name="surface", showlegend=False,
    ))
    if show_minima and surface.minima:
        fig.add_trace(go.Scatter(
            x=[m.point[0] for m in surface.minima], y=[m.point[1] for m in surface.minima],
            mode="markers", marker=dict(symbol="x", size=11, color="#222", line=dict(width=1, color="white")),
            name=minimum_label, hovertemplate=f"{minimum_label} (%{{x:.4g}}, %{{y:.4g}})<extra></extra>",
        ))
    fig.update_layout(
        height=height, margin=dict(l=10, r=10, t=30, b=10),
        xaxis=dict(range=[x0, x1], title="x", constrain="domain"),
        yaxis=dict(range=[y0, y1], title="y"),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0),
    )
    return fig


def add_path(fig: go.Figure, xy: np.ndarray, label: str, colour: str, diverged_at: int = -1,
             show_start: bool = True, diverged_note: str | None = None, step_label: str = "step",
             start_label: str = "start") -> go.Figure:
    """Draw one path (``xy`` of shape (n, 2)) with markers; a diverged path ends in a large ✕ with a note.
    ``step_label`` and ``start_label`` are the hover's words, in the page's language.

    A path without a finite point (empty, or NaN throughout) keeps its line and legend entry, empty,
    and gets neither start marker nor ✕.
    """
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    finite = np.flatnonzero(np.isfinite(xy).all(axis=1))
    fig.add_trace(go.Scatter(
        x=xy[:, 0], y=xy[:, 1], mode="lines+markers", name=label, legendgroup=label,
        line=dict(color=colour, width=2), marker=dict(size=4, color=colour),
        hovertemplate=f"{label}<br>{step_label} %{{customdata}}<br>x=%{{x:.4g}}<br>y=%{{y:.4g}}<extra></extra>",
        customdata=np.arange(len(xy)),
    ))
    if show_start and finite.size and finite[0] == 0:
        fig.add_trace(go.Scatter(
            x=[xy[0, 0]], y=[xy[0, 1]], mode="markers", showlegend=False, legendgroup=label,
            marker=dict(symbol="circle-open", size=12, color=colour, line=dict(width=2)),
            hovertemplate=f"{start_label}<extra></extra>",
        ))
    if diverged_at >= 0 and finite.size:
        last = xy[finite[-1]]
        fig.add_trace(go.Scatter(
            x=[last[0]], y=[last[1]], mode="markers+text", showlegend=False, legendgroup=label,
            marker=dict(symbol="x-thin-open", size=18, color=colour, line=dict(width=3)),
            text=[diverged_note or f"diverged at step {diverged_at}"], textposition="top center",
            textfont=dict(color=colour), hovertemplate=f"{label} diverged at step {diverged_at}<extra></extra>",
        ))
    return fig
