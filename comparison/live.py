"""Drag and see: every run a hyperparameter slider can reach, from one vectorized engine call.

While a slider is dragged, the browser only switches between paths computed here; nothing is
computed in the browser and no script rerun happens until the thumb is released.  For optimizer
``o`` and hyperparameter ``h`` with the slider's stops ``v_0 < v_1 < … < v_{B-1}``::

    runs = optimizers.run(surface, o with h = [v_0, …, v_{B-1}], start, steps, schedule)

is one call over a batch of B runs (the engine's hyperparameter arrays); run b is, bit for bit,
the run the page draws after the slider is released at ``v_b`` (``tests/test_live.py``).

What the browser gets is kept small: positions are mapped to the view box and rounded to a grid of
:data:`QUANT` × :data:`QUANT` cells (one cell is 1/10 000 of the view: far below a pixel), loss curves
likewise on their own axis, and a path longer than :data:`MAX_POINTS` keeps every k-th point and
its end.

Limits: gradient noise (a mini-batch) draws different noise for a batch than for one run, so the
live view needs the full batch; a rate slider in [0, 1) has 1000 stops and the live one every
:data:`RATE_STRIDE`-th of them (0.01 apart), plus the current value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

import optimizers
from comparison.config import KINDS, OptimizerConfig, ScheduleConfig
from comparison.runner import run_handing_over
from optimizers import facts
from urlvalues import control_limits, log_grid
from viz.loss import TINY, loss_axis, loss_values
from viz.paths import PathData, from_trajectory

QUANT = 10_000  # positions and losses are sent as integers 0 … QUANT across the view
MAX_POINTS = 200  # at most this many points per path in the browser (long runs are thinned)
RATE_STRIDE = 10  # a linear slider's live stops: every 10th of its own (0.01 apart for a rate)


# ------------------------------------------------------------------------------------ the grid


def live_names(kind: str) -> tuple[str, ...]:
    """The hyperparameters of ``kind`` that can be dragged live: the learning rate, then the one a
    sweep pairs with it (μ for SGD and Momentum, β₁ for the Adam family, α for RMSprop, ρ for
    Adadelta, ε for Adagrad, δ for Newton) when its control is a slider."""
    entry = KINDS[kind]
    specs = entry.specs()
    names = ["lr"]
    second = facts.of(entry.optimizer).sweep_axis
    spec = specs.get(second)
    if spec is not None and spec.kind == "float" and spec.batchable and _is_slider(spec):
        names.append(second)
    return tuple(names)


def _is_slider(spec) -> bool:
    low, high = control_limits(spec)
    return spec.log or (low is not None and high is not None)


def slider_stops(spec) -> list[float]:
    """The values the Compare page's slider for ``spec`` steps through (``ui.kit.spec_control``):
    a 1-2-5 series for a log scale, else ``low + i·step`` up to the top (0.999 for a rate in [0, 1))."""
    low, high = control_limits(spec)
    if spec.log:
        return log_grid(low or 1e-8, high or 1e3)
    top = high if not (spec.high_open and spec.high == high) else high - 1e-3
    step = 1e-3 if top - low <= 1.0 + 1e-9 else (top - low) / 1000
    n = int(round((top - low) / step))
    return [_tidy(low + i * step) for i in range(n + 1)]


def live_grid(kind: str, name: str, value: float) -> np.ndarray:
    """The values the live slider offers for hyperparameter ``name`` of ``kind``, ascending.

    A log slider's own stops (about 20); a linear slider's every :data:`RATE_STRIDE`-th stop and its
    top; always the current ``value`` (so the view opens exactly on the page's run).  Values the
    optimizer refuses in combination with its other settings (Nesterov needs μ > 0) are left out.
    """
    spec = KINDS[kind].specs()[name]
    stops = slider_stops(spec)
    if not spec.log:
        stops = stops[::RATE_STRIDE] + ([stops[-1]] if (len(stops) - 1) % RATE_STRIDE else [])
    grid = sorted({*stops, float(value)})
    return np.array(grid, dtype=float)


def _tidy(value: float) -> float:
    """``low + i·step`` without its binary noise (0.30000000000000004 → 0.3)."""
    return float(f"{value:.12g}")


def valid_values(optimizer: OptimizerConfig, name: str, grid: np.ndarray) -> np.ndarray:
    """The values of ``grid`` that ``optimizer`` accepts for ``name`` with its other settings."""
    hp = optimizer.hyperparameters()
    try:  # the whole grid at once (one check); value by value only when some value is refused
        optimizers.get(KINDS[optimizer.kind].optimizer, **{**hp, name: np.asarray(grid, dtype=float)})
        return np.asarray(grid, dtype=float)
    except ValueError:
        pass
    keep = []
    for v in grid:
        try:
            optimizers.get(KINDS[optimizer.kind].optimizer, **{**hp, name: float(v)})
        except ValueError:
            continue
        keep.append(float(v))
    return np.array(keep, dtype=float)


# ---------------------------------------------------------------------------- the computation


def batched_runs(surface, optimizer: OptimizerConfig, schedule: ScheduleConfig, start, steps: int,
                 name: str, values, seed: int = 0) -> optimizers.Trajectory:
    """One engine call: ``optimizer`` with ``name`` set to each of ``values`` (a batch of B runs), from
    ``start`` for ``steps`` updates, run exactly as the page runs one,
    hand-over included (:func:`comparison.runner.run_handing_over`)."""
    hp = optimizer.hyperparameters()
    hp[name] = np.asarray(values, dtype=float)
    opt = optimizers.get(KINDS[optimizer.kind].optimizer, **hp)
    return run_handing_over(surface, opt, optimizer.then, schedule, start, steps, 0.0, seed)


# ------------------------------------------------------------------------------------ payload


def keep_points(n: int, max_points: int = MAX_POINTS) -> np.ndarray:
    """Indices of the points of an n-point path that are sent: all when n ≤ ``max_points``, else
    every k-th (k = ⌈(n − 1)/(max_points − 1)⌉) and always the last."""
    if n <= max_points:
        return np.arange(n)
    stride = math.ceil((n - 1) / (max_points - 1))
    kept = np.arange(0, n, stride)
    return kept if kept[-1] == n - 1 else np.append(kept, n - 1)


def map_points(xy: np.ndarray, bounds) -> str:
    """An SVG ``points`` string: (x, y) mapped to the view box, 0 … QUANT left to right and top to
    bottom (y grows upwards on the map), rounded to whole cells; thinned by :func:`keep_points`."""
    (x0, x1), (y0, y1) = bounds
    xy = np.asarray(xy, dtype=float)[keep_points(len(xy))]
    u = np.rint((xy[:, 0] - x0) / (x1 - x0) * QUANT)
    v = np.rint((y1 - xy[:, 1]) / (y1 - y0) * QUANT)
    ok = np.isfinite(u) & np.isfinite(v)
    # a run can end 100 view widths away (the divergence box): clip far outside so numbers stay short
    u, v = (np.clip(a[ok], -100 * QUANT, 101 * QUANT).astype(np.int64) for a in (u, v))
    return " ".join(f"{a},{b}" for a, b in zip(u.tolist(), v.tolist(), strict=True))


def loss_points(values: np.ndarray, steps: int, axis: dict) -> str:
    """An SVG ``points`` string for a loss curve: step 0 … ``steps`` across, the loss axis's range
    (log10 of f − f* when ``axis["type"] == "log"``) top to bottom."""
    values = np.asarray(values, dtype=float)
    kept = keep_points(len(values))
    y = values[kept]
    lo, hi = axis["range"]
    with np.errstate(all="ignore"):
        y = np.log10(np.maximum(y, TINY)) if axis["type"] == "log" else y
    u = np.rint(kept / max(steps, 1) * QUANT)
    v = np.rint((hi - y) / ((hi - lo) or 1.0) * QUANT)
    ok = np.isfinite(v)
    v = np.clip(v[ok], -10 * QUANT, 11 * QUANT).astype(np.int64)
    return " ".join(f"{a},{b}" for a, b in zip(u[ok].astype(np.int64).tolist(), v.tolist(), strict=True))


@dataclass(frozen=True)
class Slider:
    """One live slider: its hyperparameter, its stops, the index of the page's value, and one run per stop."""

    name: str
    values: np.ndarray
    index: int
    paths: tuple[PathData, ...]


def live_slider(surface, optimizer: OptimizerConfig, schedule: ScheduleConfig, start, steps: int, name: str,
                seed: int = 0, colour: str = "") -> Slider:
    """Every run the live slider for ``name`` reaches, from one :func:`batched_runs` call."""
    value = float(optimizer.hyperparameters()[name])
    values = valid_values(optimizer, name, live_grid(optimizer.kind, name, value))
    traj = batched_runs(surface, optimizer, schedule, start, steps, name, values, seed)
    paths = tuple(from_trajectory(traj, surface, "", colour, run=b) for b in range(len(values)))
    return Slider(name, values, int(np.flatnonzero(values == value)[0]), paths)


def payload(surface, sliders: list[Slider], others: list[PathData], steps: int, value_text) -> dict:
    """What the browser needs (plain JSON; no user text): the dragged optimizer's paths and loss
    curves per slider stop, the other optimizers' as they are, and the axes they are drawn on.

    ``value_text(name, value)`` formats a stop for its readout.
    """
    f_star = min((m.value for m in surface.minima), default=None)
    everything = [p for s in sliders for p in s.paths] + list(others)
    axis = loss_axis(everything, f_star, surface.bounds)
    return {
        "steps": int(steps),
        "loss_log": axis["type"] == "log",
        "others": [{"colour": p.colour, "map": map_points(p.xy, surface.bounds),
                    "loss": loss_points(loss_values(p, f_star), steps, axis)} for p in others],
        "sliders": [{
            "name": s.name,
            "index": s.index,
            "values": [float(v) for v in s.values],
            "text": [value_text(s.name, float(v)) for v in s.values],
            "map": [map_points(p.xy, surface.bounds) for p in s.paths],
            "loss": [loss_points(loss_values(p, f_star), steps, axis) for p in s.paths],
            "diverged": [int(p.diverged_at) for p in s.paths],
        } for s in sliders],
    }
