"""The Compare page's main figure: the map with every path, the loss and the learning rate, in step.

One Plotly figure with three panels — the contour map (left), loss against step (top right) and the
learning rate each update used (bottom right) — so one slider and one play button move a marker
along every path on all three at once.  The map carries an invisible grid of points so a click
anywhere on it reports a position (Plotly reports clicks on scatter points, not on a contour).

The contour map is a pre-rendered picture (:mod:`viz.raster`), and the figure is assembled as a plain
spec dict (:mod:`viz.spec`): redrawing a contour and validating 150 frames through
``go.Figure`` each cost more than the whole rest of a redraw.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from viz.animation import add_animation
from viz.loss import loss_axis, loss_title, loss_traces
from viz.lr import lr_axis, lr_traces
from viz.paths import PathData, shown_path
from viz.raster import contour_image
from viz.spec import FigureSpec, typed

TEXT = {  # English defaults; the page passes the current language's strings
    "step": "step",
    "ax": "average of the points (ā)",  # named after the path (Optimizer.paths)
    "loss": "loss f",
    "loss_gap": "f − f* (log)",
    "lr": "learning rate",
    "play": "Play",
    "pause": "Pause",
    "minimum": "minimum",
    "start": "start",
    "stationary": "saddle / maximum",
    "gradient": "−∇f (direction)",
    "update": "update",
    "diverged": "diverged at step {step}",
    "map": "x",
    "click": "click to start here",
}
CLICK_GRID = 36  # points per axis of the invisible click layer
MARKED_STEPS = 60  # paths this short get a dot per step (a dot per step of a long run costs redraw time)
CLICK_TRACE = 0  # its index in ``data`` (when the figure is clickable)


def click_layer(bounds, text: Mapping[str, str], n: int = CLICK_GRID) -> dict:
    """An invisible grid of points over the map: a click on the map lands on the nearest one."""
    (x0, x1), (y0, y1) = bounds
    xx, yy = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    return {
        "type": "scatter",
        "mode": "markers",
        "x": typed(xx.ravel(), np.float32),
        "y": typed(yy.ravel(), np.float32),
        "marker": {"size": 10, "opacity": 0, "color": "#000"},
        "name": text["click"],
        "showlegend": False,
        "hovertemplate": f"({'%{x:.3g}'}, {'%{y:.3g}'})<br>{text['click']}<extra></extra>",
        "xaxis": "x",
        "yaxis": "y",
        "unselected": {"marker": {"opacity": 0}},
        "selected": {"marker": {"opacity": 0}},
    }


def _keep_style(trace: dict) -> dict:
    """Selecting a clicked point must not dim the paths (Plotly fades unselected points by default)."""
    trace["unselected"] = {"marker": {"opacity": 1}}
    return trace


def legend_rows(data: list[dict], width: float = 900.0) -> int:
    """About how many lines the horizontal legend takes, so the top margin keeps it clear of the modebar."""
    names = [
        t["name"] for t in data if t.get("showlegend", True) and t.get("name") and t.get("xaxis", "x") == "x"
    ]
    names = [n for n in names if n != TEXT["click"]]
    total = sum(44 + 6.5 * len(n) for n in names) + 140  # + the −∇f arrow added with the animation
    return max(1, int(np.ceil(total / width)))


def note_position(point, bounds) -> str:
    """Where a note goes beside a marker so that it stays inside the map (towards the centre)."""
    (x0, x1), (y0, y1) = bounds
    vertical = "bottom" if point[1] > (y0 + y1) / 2 else "top"
    horizontal = "left" if point[0] > (x0 + x1) / 2 else "right"
    return f"{vertical} {horizontal}"


def path_traces(p: PathData, bounds, text: Mapping[str, str]) -> list[dict]:
    xy, cross = shown_path(p, bounds)
    steps = np.arange(len(xy))
    traces = [
        _keep_style(
            {
                "type": "scatter",
                "mode": "lines+markers" if len(xy) <= MARKED_STEPS + 1 else "lines",
                "x": typed(xy[:, 0]),
                "y": typed(xy[:, 1]),
                "name": p.label,
                "legendgroup": p.label,
                "line": {"color": p.colour, "width": 2},
                "marker": {"size": 4, "color": p.colour},
                "customdata": typed(steps),
                "xaxis": "x",
                "yaxis": "y",
                "hovertemplate": f"{p.label}<br>{text['step']} %{{customdata}}<br>"
                "(%{x:.4g}, %{y:.4g})<extra></extra>",
            }
        )
    ]
    for name, points in p.extra.items():  # ASGD's averaged point: the same colour, dashed
        shown = points[: p.genuine]
        traces.append(
            _keep_style(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "x": typed(shown[:, 0]),
                    "y": typed(shown[:, 1]),
                    "name": f"{p.label}: {text[name]}",
                    "legendgroup": p.label,
                    "line": {"color": p.colour, "width": 2, "dash": "dash"},
                    "customdata": typed(np.arange(len(shown))),
                    "xaxis": "x",
                    "yaxis": "y",
                    "hovertemplate": f"{p.label}: {text[name]}<br>{text['step']} "
                    "%{customdata}<br>(%{x:.4g}, %{y:.4g})<extra></extra>",
                }
            )
        )
    if cross is not None:
        traces.append(
            _keep_style(
                {
                    "type": "scatter",
                    "mode": "markers+text",
                    "x": [float(cross[0])],
                    "y": [float(cross[1])],
                    "marker": {"symbol": "x-thin-open", "size": 18, "color": p.colour, "line": {"width": 3}},
                    "text": [text["diverged"].format(step=p.diverged_at)],
                    "textposition": note_position(cross, bounds),
                    "textfont": {"color": p.colour, "size": 13},
                    "showlegend": False,
                    "legendgroup": p.label,
                    "cliponaxis": False,
                    "xaxis": "x",
                    "yaxis": "y",
                    "hovertemplate": f"{p.label}: "
                    + text["diverged"].format(step=p.diverged_at)
                    + "<extra></extra>",
                }
            )
        )
    return traces


def compare_figure(
    surface,
    paths: list[PathData],
    start,
    bounds=None,
    text: Mapping[str, str] | None = None,
    animate: bool = True,
    max_frames: int = 100,
    height: int = 660,
    clickable: bool = True,
) -> FigureSpec:
    """The map, loss and learning-rate panels for ``paths`` on ``surface``, with the animation.

    ``clickable`` adds the invisible click layer (first in ``data``); it is a thousand SVG points, so
    the page adds it only while the user is picking a start on the map.
    """
    text = {**TEXT, **(text or {})}
    bounds = bounds or surface.bounds
    (x0, x1), (y0, y1) = bounds
    f_star = min((m.value for m in surface.minima), default=None)
    image, _ = contour_image(surface, bounds)
    data: list[dict] = [click_layer(bounds, text)] if clickable else []
    if surface.minima:
        data.append(
            _keep_style(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "x": [m.point[0] for m in surface.minima],
                    "y": [m.point[1] for m in surface.minima],
                    "name": text["minimum"],
                    "xaxis": "x",
                    "yaxis": "y",
                    "marker": {
                        "symbol": "x",
                        "size": 11,
                        "color": "#222",
                        "line": {"width": 1, "color": "white"},
                    },
                    "hovertemplate": text["minimum"] + " (%{x:.4g}, %{y:.4g})<extra></extra>",
                }
            )
        )
    stationary = [
        (pt, kind)
        for pt, kind in getattr(surface, "stationary", ())
        if x0 <= pt[0] <= x1 and y0 <= pt[1] <= y1
    ]
    if stationary:
        data.append(
            _keep_style(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "x": [pt[0] for pt, _ in stationary],
                    "y": [pt[1] for pt, _ in stationary],
                    "name": text["stationary"],
                    "xaxis": "x",
                    "yaxis": "y",
                    "text": [kind for _, kind in stationary],
                    "marker": {"symbol": "diamond-open", "size": 9, "color": "#444", "line": {"width": 1.5}},
                    "hovertemplate": "%{text} (%{x:.4g}, %{y:.4g})<extra></extra>",
                }
            )
        )
    data.append(
        _keep_style(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [float(start[0])],
                "y": [float(start[1])],
                "name": text["start"],
                "marker": {"symbol": "circle-open", "size": 14, "color": "#111", "line": {"width": 2.5}},
                "xaxis": "x",
                "yaxis": "y",
                "hovertemplate": text["start"] + " (%{x:.4g}, %{y:.4g})<extra></extra>",
            }
        )
    )
    for p in paths:
        data.extend(path_traces(p, bounds, text))
    data.extend(_keep_style(t) for t in loss_traces(paths, f_star, text, "x2", "y2"))
    data.extend(_keep_style(t) for t in lr_traces(paths, text, "x3", "y3"))

    steps = max((p.steps for p in paths), default=1) or 1
    layout = {
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 34 + 22 * legend_rows(data), "b": 105 if animate else 10},
        "xaxis": {
            "domain": [0, 0.55],
            "range": [x0, x1],
            "title": {"text": "x"},
            "anchor": "y",
            "showgrid": False,
            "zeroline": False,
        },
        "yaxis": {
            "domain": [0, 1],
            "range": [y0, y1],
            "title": {"text": "y"},
            "anchor": "x",
            "showgrid": False,
            "zeroline": False,
        },
        "xaxis2": {
            "domain": [0.67, 1],
            "range": [0, steps],
            "anchor": "y2",
            "matches": "x3",
            "showticklabels": False,
        },
        "yaxis2": {
            "domain": [0.54, 1],
            "anchor": "x2",
            "title": {"text": loss_title(f_star, text)},
            **loss_axis(paths, f_star, bounds),
        },
        "xaxis3": {"domain": [0.67, 1], "range": [0, steps], "anchor": "y3", "title": {"text": text["step"]}},
        "yaxis3": {"domain": [0, 0.44], "anchor": "x3", "title": {"text": text["lr"]}, **lr_axis(paths)},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "font": {"size": 12}},
        "hovermode": "closest",
        "clickmode": "event+select",
        "dragmode": "pan",
        # the contour map, pre-rendered (see viz.raster): the browser only has to paint it
        "images": [
            {
                "source": image,
                "xref": "x",
                "yref": "y",
                "x": x0,
                "y": y1,
                "sizex": x1 - x0,
                "sizey": y1 - y0,
                "sizing": "stretch",
                "layer": "below",
                "xanchor": "left",
                "yanchor": "top",
            }
        ],
    }
    spec = {"data": data, "layout": layout}
    if animate and paths:
        add_animation(spec, paths, bounds, f_star, text, max_frames=max_frames)
    return FigureSpec(spec)
