"""The in-browser animation of the Compare figure: Plotly frames that move only the markers and arrows.

At each shown step k, every run gets a marker on the map, on the loss chart and on the learning-rate
chart, an arrow along −∇f (its direction, drawn at a fixed length) and an arrow for the update it is
about to take (x_k → x_{k+1}, true length).  A Nesterov run (``PathData.ball`` set) also gets the
notes' ball θ_k as a small hollow marker in its colour, joined by a thin line to its marker, which is
the look-ahead point θ_k + μv_k where the next gradient is taken (comparison/lookahead.py).  A
play/pause pair and a step slider drive the frames; the axis ranges are fixed so nothing rescales
while it plays.
"""

from __future__ import annotations

import math

import numpy as np

from viz.loss import LossScale, loss_values
from viz.paths import PathData, frame_steps, regular_steps

SLIDER_STOPS = 31
ARROW_FRACTION = 0.09  # the −∇f arrow's length, as a fraction of the view box


def _rounder(bounds):
    (x0, x1), (y0, y1) = bounds
    span = max(x1 - x0, y1 - y0, 1e-12)
    decimals = max(0, 4 - int(math.floor(math.log10(span))))

    def r(value: float):
        return None if value is None or not math.isfinite(value) else round(float(value), decimals)

    return r


def _sig(value: float):
    return None if not math.isfinite(value) else float(f"{value:.5g}")


def moving_traces(
    paths: list[PathData],
    text: dict,
    axes: tuple[str, str, str] = ("x", "x2", "x3"),
    yaxes: tuple[str, str, str] = ("y", "y2", "y3"),
) -> list[dict]:
    """The traces the frames update, at their step-0 state: map markers, loss markers, lr markers,
    the −∇f arrows (one grey trace), one update arrow per run and one ball-to-look-ahead line per
    Nesterov run (named once in the legend)."""
    colours = [p.colour for p in paths]
    n = len(paths)
    marker = {"size": 11, "color": colours, "line": {"width": 1.5, "color": "white"}}
    arrow_marker = {
        "symbol": ["circle", "arrow", "circle"] * n,
        "size": [0, 11, 0] * n,
        "angleref": "previous",
    }
    traces = [
        {
            "type": "scatter",
            "mode": "markers",
            "x": [None] * n,
            "y": [None] * n,
            "marker": marker,
            "xaxis": axes[0],
            "yaxis": yaxes[0],
            "showlegend": False,
            "hoverinfo": "skip",
            "name": "now",
        },
        {
            "type": "scatter",
            "mode": "markers",
            "x": [None] * n,
            "y": [None] * n,
            "marker": {**marker, "size": 9},
            "xaxis": axes[1],
            "yaxis": yaxes[1],
            "showlegend": False,
            "hoverinfo": "skip",
            "name": "now (loss)",
        },
        {
            "type": "scatter",
            "mode": "markers",
            "x": [None] * n,
            "y": [None] * n,
            "marker": {**marker, "size": 9},
            "xaxis": axes[2],
            "yaxis": yaxes[2],
            "showlegend": False,
            "hoverinfo": "skip",
            "name": "now (lr)",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": [None] * 3 * n,
            "y": [None] * 3 * n,
            "line": {"color": "#555", "width": 1.5, "dash": "dot"},
            "marker": {**arrow_marker, "color": "#555"},
            "xaxis": axes[0],
            "yaxis": yaxes[0],
            "name": text["gradient"],
            "showlegend": True,
            "hoverinfo": "skip",
        },
    ]
    for p in paths:
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": [None] * 3,
                "y": [None] * 3,
                "line": {"color": p.colour, "width": 2.5},
                "marker": {
                    "symbol": ["circle", "arrow", "circle"],
                    "size": [0, 12, 0],
                    "angleref": "previous",
                    "color": p.colour,
                },
                "xaxis": axes[0],
                "yaxis": yaxes[0],
                "legendgroup": p.label,
                "showlegend": False,
                "hoverinfo": "skip",
                "name": text["update"],
            }
        )
    for j, p in enumerate(p for p in paths if p.ball is not None):
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": [None] * 3,
                "y": [None] * 3,
                "line": {"color": p.colour, "width": 1},
                "marker": {"symbol": "circle-open", "size": [9, 0, 0], "color": p.colour, "line": {"width": 2}},
                "xaxis": axes[0],
                "yaxis": yaxes[0],
                "legendgroup": "ball",
                "showlegend": j == 0,
                "hoverinfo": "skip",
                "name": text["ball"],
            }
        )
    return traces


def frame_data(paths: list[PathData], k: int, bounds, f_star: float | None,
               scale: LossScale | None = None) -> list[dict]:
    """The data of the moving traces at step ``k`` (same order as :func:`moving_traces`); the loss
    markers sit where ``scale`` plots the loss."""
    r = _rounder(bounds)
    scale = scale or LossScale("log" if f_star is not None else "linear")
    (x0, x1), (y0, y1) = bounds
    width, height = x1 - x0, y1 - y0
    mx, my, lx, ly, rx, ry, gx, gy = [], [], [], [], [], [], [], []
    updates = []
    balls = []
    for p in paths:
        if p.ball is not None:  # the ball θ_i → its look-ahead point, the marker (None: no finite θ_i)
            i = min(k, p.genuine - 1)
            b = p.ball[i] if i >= 0 else np.full(2, np.nan)
            if np.isfinite(b).all() and np.isfinite(p.xy[i]).all():
                balls.append({"x": [r(b[0]), r(p.xy[i][0]), None], "y": [r(b[1]), r(p.xy[i][1]), None]})
            else:
                balls.append({"x": [None] * 3, "y": [None] * 3})
        if p.genuine == 0:  # no valid point (f not finite at the start): nothing moves, nothing to point at
            for column in (mx, my, lx, ly, rx, ry):
                column.append(None)
            gx += [None, None, None]
            gy += [None, None, None]
            updates.append({"x": [None] * 3, "y": [None] * 3})
            continue
        i = min(k, p.genuine - 1)
        px, py = p.xy[i]
        mx.append(r(px))
        my.append(r(py))
        lx.append(i)
        ly.append(_sig(float(scale.plot(loss_values(p, f_star)[i : i + 1])[0])))
        j = max(min(k, len(p.lr) - 1, p.genuine - 1), 0)
        rx.append(j)
        ry.append(_sig(p.lr[j]) if len(p.lr) else None)
        g = p.grad[i]
        scaled = math.hypot(g[0] / width, g[1] / height)
        if math.isfinite(scaled) and scaled > 0:
            s = ARROW_FRACTION / scaled
            gx += [r(px), r(px - s * g[0]), None]
            gy += [r(py), r(py - s * g[1]), None]
        else:
            gx += [None, None, None]
            gy += [None, None, None]
        if i + 1 < p.genuine and k == i:
            nx, ny = p.xy[i + 1]
            updates.append({"x": [r(px), r(nx), None], "y": [r(py), r(ny), None]})
        else:
            updates.append({"x": [None] * 3, "y": [None] * 3})
    return [{"x": mx, "y": my}, {"x": lx, "y": ly}, {"x": rx, "y": ry}, {"x": gx, "y": gy}, *updates, *balls]


def slider_stops(steps: np.ndarray, max_stops: int = SLIDER_STOPS) -> np.ndarray:
    """The frames the slider can stop at: all of them, or regular ones (0, 20, 40, …, and the last)
    so that the ticks read as a scale (each stop is drawn as a tick and a label, which the browser pays
    for on every redraw; playing still shows every frame)."""
    if len(steps) <= max_stops:
        return steps
    stride = int(steps[1] - steps[0]) if len(steps) > 1 else 1
    return regular_steps(int(steps[-1]), max_stops, multiple_of=stride)


def add_animation(
    spec: dict,
    paths: list[PathData],
    bounds,
    f_star: float | None,
    text: dict,
    max_frames: int = 100,
    frame_ms: int = 80,
    scale: LossScale | None = None,
    plot_height: float = 477.0,
) -> dict:
    """Append the moving traces, the frames, the play/pause buttons and the step slider to ``spec``.
    The buttons and slider sit a fixed number of pixels under the plot area (``plot_height`` px high),
    below the x axis's title whatever the figure's height."""
    first = len(spec["data"])
    moving = moving_traces(paths, text)
    steps = frame_steps(max((p.steps for p in paths), default=0), max_frames)
    start = frame_data(paths, 0, bounds, f_star, scale)
    for trace, data in zip(moving, start):
        trace.update(data)
    spec["data"].extend(moving)
    indices = list(range(first, first + len(moving)))
    spec["frames"] = [
        {"name": str(int(k)), "data": frame_data(paths, int(k), bounds, f_star, scale), "traces": indices}
        for k in steps
    ]
    still = {"frame": {"duration": 0, "redraw": False}, "mode": "immediate", "transition": {"duration": 0}}
    spec["layout"]["updatemenus"] = [
        {
            "type": "buttons",
            "direction": "left",
            "showactive": False,
            "x": 0.0,
            "xanchor": "left",
            "y": -55 / plot_height,
            "yanchor": "top",
            "pad": {"t": 0, "r": 6},
            "buttons": [
                {
                    "label": "▶ " + text["play"],
                    "method": "animate",
                    "args": [
                        None,
                        {
                            "frame": {"duration": frame_ms, "redraw": False},
                            "fromcurrent": True,
                            "transition": {"duration": 0},
                            "mode": "immediate",
                        },
                    ],
                },
                {"label": "❚❚ " + text["pause"], "method": "animate", "args": [[None], still]},
            ],
        }
    ]
    spec["layout"]["sliders"] = [
        {
            "active": 0,
            "x": 0.17,
            "len": 0.83,
            "y": -45 / plot_height,
            "yanchor": "top",
            "pad": {"t": 0, "b": 0},
            "currentvalue": {"prefix": text["step"] + " ", "visible": True, "xanchor": "right"},
            "steps": [
                {"label": str(int(k)), "method": "animate", "args": [[str(int(k))], still]}
                for k in slider_stops(steps)
            ],
        }
    ]
    return spec
