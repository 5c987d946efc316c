"""Loss against step, one line per optimizer (log scale of f − f* where the minimum is known).

Every run's loss stays on the chart, also the part after the run left the map: the y range covers
every finite loss a run recorded, and a marker shows the step at which a run first left the view box.
Where f* is unknown and a run ran far away (a surface without a bottom), a linear axis would flatten
every other line, so the axis becomes a symmetric log scale (:class:`LossScale`).

Traces are plain dicts so they slot into the Compare page's combined figure; :func:`loss_figure` is
the same chart on its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from viz.paths import PathData, inside
from viz.spec import FigureSpec, typed

TINY = 1e-300  # f − f* exactly 0 (Newton on a quadratic): drawn below the axis range, not as a gap
DECADES_BELOW = 12  # a log axis reaches this many decades below the largest loss seen inside the view
SYMLOG_SPREAD = 100  # all losses spread this many times wider than those inside the view: symmetric log
MAX_TICKS = 9


def loss_values(path: PathData, f_star: float | None) -> np.ndarray:
    """What the chart plots for a run: f − f* (≥ TINY) when the global minimum is known, else f."""
    loss = path.loss[: path.genuine]
    if f_star is None:
        return loss
    return np.maximum(loss - f_star, TINY)


def left_view_at(path: PathData, bounds) -> int:
    """The first step at which the run is outside the view box (-1: it stayed inside, or had no point)."""
    xy = path.xy[: path.genuine]
    finite = np.isfinite(xy).all(axis=1)
    out = np.flatnonzero(finite & ~inside(xy, bounds))
    return int(out[0]) if out.size else -1


def log_ticks(lo: float, hi: float) -> dict:
    """Ticks of a log axis from 10^lo to 10^hi: labelled powers of ten (every decade, or every n-th so
    that at most about eight are labelled), unlabelled minor ticks between them, no SI prefixes."""
    span = max(hi - lo, 1e-9)
    dtick = max(1, math.ceil(span / (MAX_TICKS - 1)))
    return {
        "dtick": dtick,
        "exponentformat": "power",
        "showexponent": "all",
        "minor": {"ticks": "outside", "ticklen": 3, "dtick": "D1" if dtick == 1 else 1, "showgrid": False},
    }


def _power(exponent: int) -> str:
    """10^k as text: 1, 10, then 10 with a superscript exponent."""
    if exponent == 0:
        return "1"
    if exponent == 1:
        return "10"
    return f"10<sup>{exponent}</sup>".replace("<sup>-", "<sup>−")


@dataclass(frozen=True)
class LossScale:
    """How loss values map to the chart's y axis: ``kind`` "log" (f − f*), "linear" (f) or "symlog"
    (f plotted as sign(f)·log₁₀(1 + |f|/c), linear within about ±c and logarithmic beyond)."""

    kind: str
    axis: dict = field(default_factory=dict)
    c: float = 1.0

    def plot(self, values: np.ndarray) -> np.ndarray:
        """The y coordinates of ``values`` (what :func:`loss_values` gives) on this axis."""
        values = np.asarray(values, dtype=float)
        if self.kind != "symlog":
            return values
        with np.errstate(all="ignore"):
            return np.sign(values) * np.log10(1 + np.abs(values) / self.c)


def _symlog_axis(lo: float, hi: float, c: float) -> dict:
    """A y axis over the values lo … hi plotted as sign(f)·log₁₀(1 + |f|/c), ticked at 0 and ±10^k."""
    scale = LossScale("symlog", c=c)
    top = math.ceil(math.log10(max(abs(lo), abs(hi), c)))
    first = math.floor(math.log10(c))
    exponents = list(range(top, first - 1, -1))  # the largest first: they are kept when labels crowd
    values = [0.0]
    text = ["0"]
    for k in exponents:
        if 10.0**k <= max(hi, 0.0) * 1.0001:
            values.append(10.0**k)
            text.append(_power(k))
        if -(10.0**k) >= min(lo, 0.0) * 1.0001:
            values.append(-(10.0**k))
            text.append("−" + _power(k))
    y_lo, y_hi = (float(v) for v in scale.plot(np.array([lo, hi])))
    pad = 0.05 * ((y_hi - y_lo) or 1.0)
    # labels at least a tenth of the axis apart (0 first: it marks where the sign changes)
    kept: list[tuple[float, str]] = []
    for y, label in zip(scale.plot(np.array(values)), text):
        if all(abs(float(y) - other) >= (y_hi - y_lo + 2 * pad) / 10 for other, _ in kept):
            kept.append((float(y), label))
    kept.sort()
    return {
        "type": "linear",
        "range": [y_lo - pad, y_hi + pad],
        "tickvals": [y for y, _ in kept],
        "ticktext": [label for _, label in kept],
        "zeroline": True,
    }


def loss_scale(paths: list[PathData], f_star: float | None, bounds) -> LossScale:
    """The y axis for ``paths``: every finite loss of every run lies within it.

    With f* known, log of f − f*: the top is the largest gap any run recorded, the bottom the smallest,
    but no more than DECADES_BELOW decades below the largest gap inside the view (a run that left the
    map does not push the converging runs off the bottom).  Without f*, linear over every value, unless
    the runs spread SYMLOG_SPREAD times wider than what happened inside the view: then symmetric log
    with its linear part c as wide as the values inside the view.
    """
    every, viewed = [np.empty(0)], [np.empty(0)]
    for p in paths:
        values = loss_values(p, f_star)
        finite = np.isfinite(values)
        keep = inside(p.xy[: p.genuine], bounds)
        keep[:1] = True  # the start always counts (a run with no valid point has none)
        every.append(values[finite])
        viewed.append(values[keep & finite])
    values, shown = np.concatenate(every), np.concatenate(viewed)
    if not values.size:  # no run has a finite loss: any range will do, the chart is empty
        values = shown = np.array([1.0])
    if not shown.size:
        shown = values
    if f_star is not None:
        positive = values[values > TINY]
        hi = float(positive.max()) if positive.size else 1.0
        lo = float(positive.min()) if positive.size else hi * 1e-6
        seen = shown[shown > TINY]
        top_seen = float(seen.max()) if seen.size else hi
        lo = max(lo, top_seen * 10.0**-DECADES_BELOW)
        hi = max(hi, lo * 10)
        lo10, hi10 = math.log10(lo), math.log10(hi)
        pad = 0.1 * max(hi10 - lo10, 1.0)
        rng = [lo10 - pad, hi10 + pad]
        return LossScale("log", {"type": "log", "range": rng, **log_ticks(*rng)})
    lo, hi = float(values.min()), float(values.max())
    v_lo, v_hi = float(shown.min()), float(shown.max())
    seen_spread = (v_hi - v_lo) or abs(v_hi) or 1.0
    if hi - lo > SYMLOG_SPREAD * seen_spread:
        c = max(abs(v_lo), abs(v_hi), seen_spread)
        return LossScale("symlog", _symlog_axis(lo, hi, c), c)
    pad = 0.05 * ((hi - lo) or abs(hi) or 1.0)
    return LossScale("linear", {"type": "linear", "range": [lo - pad, hi + pad]})


def loss_axis(paths: list[PathData], f_star: float | None, bounds) -> dict:
    """The y axis layout of :func:`loss_scale`."""
    return loss_scale(paths, f_star, bounds).axis


def loss_traces(
    paths: list[PathData],
    f_star: float | None,
    text: dict,
    xaxis: str = "x",
    yaxis: str = "y",
    bounds=None,
    scale: LossScale | None = None,
) -> list[dict]:
    """A line per run (hover shows the raw loss), a ✕ where a run diverged and, given the view box
    ``bounds``, a hollow square at the step where a run first left it."""
    scale = scale or LossScale("log" if f_star is not None else "linear")
    traces = []
    for p in paths:
        values = loss_values(p, f_star)
        plotted = scale.plot(values)
        steps = np.arange(len(values))
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": typed(steps),
                "y": typed(plotted),
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
        left = left_view_at(p, bounds) if bounds is not None else -1
        if left >= 0 and np.isfinite(plotted[left]):
            note = text.get("left_view", "left the view at step {step}").format(step=left)
            traces.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "x": [left],
                    "y": [float(plotted[left])],
                    "marker": {"symbol": "square-open", "size": 10, "color": p.colour, "line": {"width": 2}},
                    "showlegend": False,
                    "legendgroup": p.label,
                    "name": note,
                    "xaxis": xaxis,
                    "yaxis": yaxis,
                    "hovertemplate": f"{p.label}: {note}<extra></extra>",
                }
            )
        ends = np.flatnonzero(np.isfinite(plotted))
        if p.diverged and ends.size:  # the ✕ on the last finite loss (none for a run with no valid point)
            traces.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "x": [int(steps[ends[-1]])],
                    "y": [float(plotted[ends[-1]])],
                    "marker": {"symbol": "x-thin-open", "size": 14, "color": p.colour, "line": {"width": 3}},
                    "showlegend": False,
                    "legendgroup": p.label,
                    "xaxis": xaxis,
                    "yaxis": yaxis,
                    "hovertemplate": text["diverged"].format(step=p.diverged_at) + "<extra></extra>",
                }
            )
    return traces


def loss_title(f_star: float | None, text: dict, scale: LossScale | None = None) -> str:
    if f_star is not None:
        return text["loss_gap"]
    if scale is not None and scale.kind == "symlog":
        return text.get("loss_symlog", "loss f (symmetric log scale)")
    return text["loss"]


def loss_figure(
    paths: list[PathData], f_star: float | None, bounds, text: dict, height: int = 360
) -> FigureSpec:
    """The loss chart on its own."""
    steps = max((p.steps for p in paths), default=1) or 1
    scale = loss_scale(paths, f_star, bounds)
    return FigureSpec(
        {
            "data": loss_traces(paths, f_star, text, bounds=bounds, scale=scale),
            "layout": {
                "height": height,
                "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
                "xaxis": {"title": {"text": text["step"]}, "range": [0, steps]},
                "yaxis": {"title": {"text": loss_title(f_star, text, scale)}, **scale.axis},
            },
        }
    )
