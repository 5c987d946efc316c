"""The learning rate each optimizer actually used at each update (its schedule and warmup included)."""

from __future__ import annotations

import math

import numpy as np

from viz.loss import log_ticks
from viz.paths import PathData
from viz.spec import FigureSpec, typed

SPREAD = 10  # the runs' peak rates differ by more than this factor: a log axis
BELOW_PEAK = 1e-2  # a log axis reaches at most this far below the smallest peak (a schedule's decay stays readable)
FLOOR = 1e-300  # a rate of 0 on a log axis: drawn below the range (the line runs off the bottom), not a gap


def used_rates(path: PathData) -> np.ndarray:
    """The rates of the updates a run made (up to the update at which it diverged)."""
    return path.lr[: path.genuine] if path.diverged else path.lr


def lr_axis(paths: list[PathData]) -> dict:
    """Linear from 0, or log when the runs' peak rates differ by more than SPREAD×.

    On a linear axis a schedule whose peak is a hundredth of another run's is a flat line on 0
    (SGD at 0.002 beside AdaGrad at 1.5).  A log axis spans from a tenth of the smallest peak (or the
    lowest rate used, down to BELOW_PEAK × the smallest peak) to the largest peak: every run's
    schedule keeps its shape; rates below the range (a warmup from 0, the last steps of a cosine)
    run off the bottom.
    """
    finite = [u[np.isfinite(u)] for u in map(used_rates, paths)]
    # the effective rates drawn over the panel (each axis a series of its own) must fit on it too
    finite += [r[np.isfinite(r)] for p in paths if p.effective is not None for r in np.asarray(p.effective).T]
    peaks = [float(u.max()) for u in finite if u.size]
    positive = [v for v in peaks if v > 0]
    hi = max(peaks, default=1.0)
    if positive and len(positive) == len(peaks) and hi / min(positive) > SPREAD:
        smallest = min(float(u[u > 0].min()) for u in finite if (u > 0).any())
        # a decade below the smallest peak at least (that run is no line along the bottom edge), further
        # down to the lowest rate a run used, but no more than BELOW_PEAK below the smallest peak
        lo = max(min(positive) * BELOW_PEAK, min(smallest, min(positive) / 10))
        rng = [math.log10(lo) - 0.15, math.log10(hi) + 0.15]
        return {"type": "log", "range": rng, **log_ticks(*rng)}
    return {"type": "linear", "range": [0, (hi if hi > 0 else 1.0) * 1.08]}


def lr_traces(paths: list[PathData], text: dict, xaxis: str = "x", yaxis: str = "y", log: bool = False) -> list[dict]:
    """A step line per run: update k used lr[k] (shown up to the update at which a run diverged).
    On a ``log`` axis a rate of 0 is drawn at FLOOR (off the bottom) so the line does not break."""
    traces = []
    for p in paths:
        used = used_rates(p)
        shown = np.where(used > 0, used, np.where(np.isnan(used), np.nan, FLOOR)) if log else used
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": typed(np.arange(len(used))),
                "y": typed(shown),
                "customdata": typed(used),
                "name": p.label,
                "legendgroup": p.label,
                "showlegend": False,
                "line": {"color": p.colour, "width": 2, "shape": "hv"},
                "xaxis": xaxis,
                "yaxis": yaxis,
                "hovertemplate": f"{p.label}<br>{text['step']} %{{x}}<br>lr = %{{customdata:.4g}}<extra></extra>",
            }
        )
    return traces


def effective_traces(paths: list[PathData], text: dict, xaxis: str = "x", yaxis: str = "y",
                     log: bool = False) -> list[dict]:
    """Two dotted lines per run that carries ``effective`` rates (x and y): update k moved coordinate i
    by effective[k, i] times its (first-moment) gradient, drawn like the rate it multiplies."""
    traces = []
    for p in paths:
        if p.effective is None:
            continue
        rates = np.asarray(p.effective, dtype=float)
        for axis, key in enumerate(("effective_x", "effective_y")):
            used = rates[:, axis]
            shown = np.where(used > 0, used, np.where(np.isnan(used), np.nan, FLOOR)) if log else used
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "x": typed(np.arange(len(used))),
                    "y": typed(shown),
                    "customdata": typed(used),
                    "name": f"{p.label}: {text[key]}",
                    "legendgroup": p.label,
                    "showlegend": False,
                    # thinner than the rate line; y a little wider than x, so the two can be told apart
                    "line": {"color": p.colour, "width": 1.0 if axis == 0 else 1.5, "dash": "dot", "shape": "hv"},
                    "xaxis": xaxis,
                    "yaxis": yaxis,
                    "hovertemplate": f"{p.label}<br>{text['step']} %{{x}}<br>{text[key]}: %{{customdata:.4g}}"
                                     "<extra></extra>",
                }
            )
    return traces


def lr_figure(paths: list[PathData], text: dict, height: int = 300) -> FigureSpec:
    """The learning-rate chart on its own."""
    steps = max((p.steps for p in paths), default=1) or 1
    axis = lr_axis(paths)
    return FigureSpec(
        {
            "data": lr_traces(paths, text, log=axis["type"] == "log")
            + effective_traces(paths, text, log=axis["type"] == "log"),
            "layout": {
                "height": height,
                "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
                "xaxis": {"title": {"text": text["step"]}, "range": [0, steps]},
                "yaxis": {"title": {"text": text["lr"]}, **axis},
            },
        }
    )
