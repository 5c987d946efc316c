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


ASPECT = {"x": 1.2, "y": 1.2, "z": 0.6}  # the scene box's sides (Plotly's aspectratio), centred on 0
DEFAULT_EYE = (-1.0, -1.1, 0.7)  # from the front left, above: the slopes read as slopes


def cameras(eye=DEFAULT_EYE):
    """Candidate camera positions, the preferred first: ``eye``, then higher up (a higher camera sees
    more of a bowl's floor), then the same turned around the vertical axis in eighths of a turn."""
    radius = math.hypot(eye[0], eye[1])
    base = math.atan2(eye[1], eye[0])
    for k in (0, 1, -1, 2, -2, 3, -3, 4):
        for z in (eye[2], 1.1, 1.6):
            angle = base + k * math.pi / 4
            yield (round(radius * math.cos(angle), 3), round(radius * math.sin(angle), 3), z)


def hidden(eye, points: np.ndarray, x, y, heights: np.ndarray, z_range, bounds, samples: int = 60) -> np.ndarray:
    """Which of ``points`` ((n, 3): x, y and height) the surface hides from a camera at ``eye``.

    Everything is mapped to the scene box (sides ASPECT, centred on 0, as Plotly draws it); a point is
    hidden when the straight line from the eye to it passes under the surface somewhere over the view
    (the surface's height there read from the nearest grid point).
    """
    (x0, x1), (y0, y1) = bounds
    z0, z1 = z_range
    span = np.array([x1 - x0, y1 - y0, (z1 - z0) or 1.0])
    low = np.array([x0, y0, z0])
    side = np.array([ASPECT["x"], ASPECT["y"], ASPECT["z"]])
    pts = (np.asarray(points, dtype=float) - low) / span * side - side / 2
    start = np.asarray(eye, dtype=float)
    t = np.linspace(0.02, 0.97, samples)[None, :, None]
    ray = start[None, None, :] + t * (pts[:, None, :] - start[None, None, :])  # (n, samples, 3)
    u = (ray[..., 0] + side[0] / 2) / side[0]
    v = (ray[..., 1] + side[1] / 2) / side[1]
    over = (u >= 0) & (u <= 1) & (v >= 0) & (v <= 1)
    i = np.clip(np.round(v * (len(y) - 1)).astype(int), 0, len(y) - 1)
    j = np.clip(np.round(u * (len(x) - 1)).astype(int), 0, len(x) - 1)
    with np.errstate(invalid="ignore"):
        ground = (heights[i, j] - z0) / span[2] * side[2] - side[2] / 2
        below = over & np.isfinite(ground) & (ray[..., 2] < ground - 0.004)
    return below.any(axis=1) & np.isfinite(pts).all(axis=1)


def choose_camera(ends: np.ndarray, points: np.ndarray, x, y, heights, z_range, bounds) -> tuple:
    """The first of :func:`cameras` that sees the most path ends, then the most path points."""
    best, score = DEFAULT_EYE, None
    for eye in cameras():
        seen = (int((~hidden(eye, ends, x, y, heights, z_range, bounds)).sum()),
                int((~hidden(eye, points, x, y, heights, z_range, bounds)).sum()) if len(points) else 0)
        if score is None or seen > score:
            best, score = eye, seen
        if seen == (len(ends), len(points)):
            break
    return best


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
    ends, points = [], []
    for p in paths:
        xy, cross = shown_path(p, bounds)
        draped = drape(xy)
        with np.errstate(all="ignore"):
            zs = transform(surface.f(xy)) + lift
            z_draped = transform(surface.f(draped)) + lift
        if len(xy):
            ends.append((*xy[-1], zs[-1]))
            points.extend(zip(xy[::max(1, len(xy) // 40), 0], xy[::max(1, len(xy) // 40), 1],
                              zs[::max(1, len(xy) // 40)]))
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
    # a camera from which the paths' ends are not behind a wall of the surface
    drawn = [shown] + [np.asarray(ends, dtype=float)[:, 2]] if ends else [shown]
    drawn = np.concatenate([d[np.isfinite(d)] for d in drawn])
    z_range = (float(drawn.min()), float(drawn.max())) if drawn.size else (0.0, 1.0)
    with np.errstate(invalid="ignore"):
        eye = choose_camera(np.asarray(ends, dtype=float).reshape(-1, 3),
                            np.asarray(points, dtype=float).reshape(-1, 3), x, y, heights, z_range, bounds)
    fig.update_layout(
        height=height,
        margin={"l": 0, "r": 0, "t": 30, "b": 0},
        legend={"orientation": "h", "yanchor": "top", "y": 0.0, "x": 0},
        scene={
            "xaxis": {"title": {"text": "x"}, "range": list(bounds[0])},
            "yaxis": {"title": {"text": "y"}, "range": list(bounds[1])},
            "zaxis": {"title": {"text": z_title}},
            "aspectmode": "manual",
            "aspectratio": ASPECT,
            "camera": {"eye": dict(zip("xyz", eye))},
        },
    )
    return fig
