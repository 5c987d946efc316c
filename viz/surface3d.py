"""A rotatable 3D view: the surface with every optimizer's path lying on it.

Steep surfaces (``surface.log_contours``) are drawn as log10(f − min + δ), the same transform as the
contour map, so Rosenbrock's valley is visible rather than a flat floor under a wall.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from viz.contour import surface_grid
from viz.paths import PathData, shown_path

GRID = 70


def height_transform(surface, z: np.ndarray):
    """The function applied to f for the 3D heights, and the z-axis title."""
    finite = z[np.isfinite(z)]
    floor = float(finite.min()) if finite.size else 0.0
    top = float(np.percentile(finite, 98)) if finite.size else 1.0
    if surface.log_contours:
        delta = max(float(finite.max()) - floor, 1e-12) * 1e-6 if finite.size else 1e-6

        def transform(f):
            return np.log10(np.maximum(np.asarray(f, dtype=float) - floor, 0) + delta)

        return transform, "log₁₀(f − min)"

    def clip(f):
        return np.minimum(np.asarray(f, dtype=float), top)

    return clip, "f"


def drape(xy: np.ndarray, budget: int = 3000) -> np.ndarray:
    """The path with each step subdivided, so the drawn line follows the terrain between two points
    instead of cutting through a hill (a long step on a curved surface)."""
    if len(xy) < 2:
        return xy
    per = int(np.clip(budget // (len(xy) - 1), 1, 10))
    s = np.linspace(0.0, 1.0, per, endpoint=False)
    with np.errstate(invalid="ignore"):  # a NaN or infinite point only leaves a gap in the line
        pieces = xy[:-1, None, :] + s[None, :, None] * (xy[1:, None, :] - xy[:-1, None, :])
    return np.vstack([pieces.reshape(-1, 2), xy[-1:]])


def surface3d_figure(
    surface, paths: list[PathData], start, bounds=None, height: int = 600, text: dict | None = None
) -> go.Figure:
    """The surface over the view box, each path on it (same colours), the start and the minima."""
    text = {"start": "start", "minimum": "minimum", **(text or {})}
    bounds = bounds or surface.bounds
    x, y, z = surface_grid(surface, bounds, GRID)
    transform, z_title = height_transform(surface, z)
    with np.errstate(all="ignore"):
        heights = transform(z)
    shown = heights[np.isfinite(heights)]  # none at all when f is NaN over the whole view
    span = float(shown.max() - shown.min()) if shown.size else 1.0
    span = span if math.isfinite(span) and span > 0 else 1.0
    lift = 0.02 * span
    fig = go.Figure(
        go.Surface(
            x=x,
            y=y,
            z=heights,
            colorscale=[[0, "#6e6e6e"], [1, "#f4f4f4"]],
            opacity=1.0,
            showscale=False,
            name="f",
            hoverinfo="skip",
            contours={"z": {"show": True, "usecolormap": False, "color": "#777", "width": 1}},
        )
    )
    for p in paths:
        xy, cross = shown_path(p, bounds)
        draped = drape(xy)
        with np.errstate(all="ignore"):
            zs = transform(surface.f(xy)) + lift
            z_draped = transform(surface.f(draped)) + lift
        fig.add_trace(
            go.Scatter3d(
                x=draped[:, 0],
                y=draped[:, 1],
                z=z_draped,
                mode="lines",
                name=p.label,
                legendgroup=p.label,
                line={"color": p.colour, "width": 6},
                hoverinfo="skip",
            )
        )
        fig.add_trace(
            go.Scatter3d(
                x=xy[:, 0],
                y=xy[:, 1],
                z=zs,
                mode="markers",
                name=p.label,
                showlegend=False,
                legendgroup=p.label,
                marker={"size": 2.5, "color": p.colour},
            )
        )
        if cross is not None:
            fig.add_trace(
                go.Scatter3d(
                    x=[cross[0]],
                    y=[cross[1]],
                    z=[zs[-1]],
                    mode="markers",
                    showlegend=False,
                    marker={"symbol": "x", "size": 7, "color": p.colour},
                )
            )
    with np.errstate(all="ignore"):
        z_start = float(transform(surface.f(np.asarray(start, dtype=float)))) + lift
    fig.add_trace(
        go.Scatter3d(  # where f is not finite the start has no height: its legend entry stays, unplotted
            x=[start[0]],
            y=[start[1]],
            z=[z_start if math.isfinite(z_start) else None],
            mode="markers",
            name=text["start"],
            marker={"symbol": "circle-open", "size": 8, "color": "#111"},
        )
    )
    inside = [
        m
        for m in surface.minima
        if bounds[0][0] <= m.point[0] <= bounds[0][1] and bounds[1][0] <= m.point[1] <= bounds[1][1]
    ]
    if inside:
        pts = np.array([m.point for m in inside], dtype=float)
        fig.add_trace(
            go.Scatter3d(
                x=pts[:, 0],
                y=pts[:, 1],
                z=transform(surface.f(pts)) + lift,
                mode="markers",
                name=text["minimum"],
                marker={"symbol": "x", "size": 6, "color": "#222"},
            )
        )
    fig.update_layout(
        height=height,
        margin={"l": 0, "r": 0, "t": 30, "b": 0},
        legend={"orientation": "h", "yanchor": "top", "y": 0.0, "x": 0},
        scene={
            "xaxis": {"title": {"text": "x"}, "range": list(bounds[0])},
            "yaxis": {"title": {"text": "y"}, "range": list(bounds[1])},
            "zaxis": {"title": {"text": z_title}},
            "aspectmode": "manual",
            "aspectratio": {"x": 1.2, "y": 1.2, "z": 0.6},
            "camera": {"eye": {"x": -1.0, "y": -1.1, "z": 0.7}},
        },
    )
    return fig
