"""The learning rate each optimizer actually used at each update (its schedule and warmup included)."""

from __future__ import annotations

import math

import numpy as np

from viz.paths import PathData
from viz.spec import FigureSpec, typed


def lr_axis(paths: list[PathData]) -> dict:
    """Linear from 0, or log when the rates on the chart span more than a factor of 20."""
    values = np.concatenate([p.lr[: max(p.genuine - 1, 1)] for p in paths]) if paths else np.array([1.0])
    values = values[np.isfinite(values)]
    positive = values[values > 0]
    hi = float(values.max()) if values.size else 1.0
    if positive.size and positive.size == values.size and hi / float(positive.min()) > 20:
        lo = float(positive.min())
        return {"type": "log", "range": [math.log10(lo) - 0.15, math.log10(hi) + 0.15]}
    return {"type": "linear", "range": [0, (hi or 1.0) * 1.08]}


def lr_traces(paths: list[PathData], text: dict, xaxis: str = "x", yaxis: str = "y") -> list[dict]:
    """A step line per run: update k used lr[k] (shown up to the update at which a run diverged)."""
    traces = []
    for p in paths:
        used = p.lr[: p.genuine] if p.diverged else p.lr
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": typed(np.arange(len(used))),
                "y": typed(used),
                "name": p.label,
                "legendgroup": p.label,
                "showlegend": False,
                "line": {"color": p.colour, "width": 2, "shape": "hv"},
                "xaxis": xaxis,
                "yaxis": yaxis,
                "hovertemplate": f"{p.label}<br>{text['step']} %{{x}}<br>lr = %{{y:.4g}}<extra></extra>",
            }
        )
    return traces


def lr_figure(paths: list[PathData], text: dict, height: int = 300) -> FigureSpec:
    """The learning-rate chart on its own."""
    steps = max((p.steps for p in paths), default=1) or 1
    return FigureSpec(
        {
            "data": lr_traces(paths, text),
            "layout": {
                "height": height,
                "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
                "xaxis": {"title": {"text": text["step"]}, "range": [0, steps]},
                "yaxis": {"title": {"text": text["lr"]}, **lr_axis(paths)},
            },
        }
    )
