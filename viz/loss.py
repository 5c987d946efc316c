"""Loss against step, one line per optimizer (log scale of f − f* where the minimum is known).

Traces are plain dicts so they slot into the Compare page's combined figure; :func:`loss_figure` is
the same chart on its own.
"""

from __future__ import annotations

import math

import numpy as np

from viz.paths import PathData, inside
from viz.spec import FigureSpec, typed

TINY = 1e-300  # f − f* exactly 0 (Newton on a quadratic): drawn below the axis range, not as a gap


def loss_values(path: PathData, f_star: float | None) -> np.ndarray:
    """What the chart plots for a run: f − f* (≥ TINY) when the global minimum is known, else f."""
    loss = path.loss[: path.genuine]
    if f_star is None:
        return loss
    return np.maximum(loss - f_star, TINY)


def loss_axis(paths: list[PathData], f_star: float | None, bounds) -> dict:
    """The y axis: log scale when plotting f − f*, ranged on the points that lie inside the view box
    (a run that left the map does not squash every other curve)."""
    shown = [np.empty(0)]
    for p in paths:
        values = loss_values(p, f_star)
        keep = inside(p.xy[: p.genuine], bounds)
        keep[:1] = True  # the start always counts (a run with no valid point has none)
        shown.append(values[keep & np.isfinite(values)])
    values = np.concatenate(shown)
    if not values.size:  # no run has a finite loss: any range will do, the chart is empty
        values = np.array([1.0])
    if f_star is not None:
        positive = values[values > TINY]
        hi = float(positive.max()) if positive.size else 1.0
        lo = float(positive.min()) if positive.size else hi * 1e-6
        lo = max(lo, hi * 1e-12)
        pad = 0.1 * max(math.log10(hi) - math.log10(lo), 1.0)
        return {"type": "log", "range": [math.log10(lo) - pad, math.log10(hi) + pad]}
    lo, hi = float(values.min()), float(values.max())
    pad = 0.05 * ((hi - lo) or abs(hi) or 1.0)
    return {"type": "linear", "range": [lo - pad, hi + pad]}


def loss_traces(
    paths: list[PathData], f_star: float | None, text: dict, xaxis: str = "x", yaxis: str = "y"
) -> list[dict]:
    """A line per run (hover shows the raw loss), and a ✕ where a run diverged."""
    traces = []
    for p in paths:
        values = loss_values(p, f_star)
        steps = np.arange(len(values))
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": typed(steps),
                "y": typed(values),
                "name": p.label,
                "legendgroup": p.label,
                "showlegend": False,
                "line": {"color": p.colour, "width": 2},
                "xaxis": xaxis,
                "yaxis": yaxis,
                "customdata": typed(p.loss[: p.genuine]),
                "hovertemplate": f"{p.label}<br>{text['step']} %{{x}}<br>"
                "f = %{customdata:.4g}<extra></extra>",
            }
        )
        ends = np.flatnonzero(np.isfinite(values))
        if p.diverged and ends.size:  # the ✕ on the last finite loss (none for a run with no valid point)
            traces.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "x": [int(steps[ends[-1]])],
                    "y": [float(values[ends[-1]])],
                    "marker": {"symbol": "x-thin-open", "size": 14, "color": p.colour, "line": {"width": 3}},
                    "showlegend": False,
                    "legendgroup": p.label,
                    "xaxis": xaxis,
                    "yaxis": yaxis,
                    "hovertemplate": text["diverged"].format(step=p.diverged_at) + "<extra></extra>",
                }
            )
    return traces


def loss_title(f_star: float | None, text: dict) -> str:
    return text["loss_gap"] if f_star is not None else text["loss"]


def loss_figure(
    paths: list[PathData], f_star: float | None, bounds, text: dict, height: int = 360
) -> FigureSpec:
    """The loss chart on its own."""
    steps = max((p.steps for p in paths), default=1) or 1
    return FigureSpec(
        {
            "data": loss_traces(paths, f_star, text),
            "layout": {
                "height": height,
                "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
                "xaxis": {"title": {"text": text["step"]}, "range": [0, steps]},
                "yaxis": {"title": {"text": loss_title(f_star, text)}, **loss_axis(paths, f_star, bounds)},
            },
        }
    )
