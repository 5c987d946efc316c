"""One optimizer's run on one surface, from plain configuration values (what the page caches).

Divergence is judged on a box a hundred times the size of the view (:func:`divergence_bound`), not on
the engine's default of 1e6: a run that has left the view that far is not coming back, and the note
"diverged at step k" then appears within the steps a classroom watches.
"""

from __future__ import annotations

import numpy as np

import optimizers
from comparison.config import OptimizerConfig, ScheduleConfig

DIVERGENCE_FACTOR = 100.0


def divergence_bound(bounds) -> float:
    """|x| or |y| beyond this counts as diverged: 100 times the view's largest extent."""
    (x0, x1), (y0, y1) = bounds
    return DIVERGENCE_FACTOR * max(abs(x0), abs(x1), abs(y0), abs(y1), x1 - x0, y1 - y0)


def start_problem(surface, start) -> str | None:
    """Why no optimizer can take a step from ``start``: ``"f"`` when f is not a finite number there,
    ``"grad"`` when its gradient is not, None when both are.

    Custom formulas make this common (log(x) left of x = 0, exp(1000 + x) everywhere); the page says so
    instead of drawing a run with no valid point.
    """
    point = np.asarray(start, dtype=float)
    with np.errstate(all="ignore"):
        if not (np.isfinite(point).all() and np.isfinite(surface.f(point))):
            return "f"
        if not np.isfinite(surface.grad(point)).all():
            return "grad"
    return None


def run_one(
    surface,
    optimizer: OptimizerConfig,
    schedule: ScheduleConfig,
    start,
    steps: int,
    noise: float = 0.0,
    seed: int = 0,
) -> optimizers.Trajectory:
    """Run one configured optimizer; ValueError (a message for the user) if a setting is invalid.

    Every optimizer on the page gets the same ``seed``, so with gradient noise they all see the same
    noise draws (a fair comparison).
    """
    opt = optimizer.build()
    sched = None if schedule.is_constant else schedule.build()
    return optimizers.run(
        surface,
        opt,
        start=np.asarray(start, dtype=float),
        steps=int(steps),
        schedule=sched,
        noise=float(noise),
        seed=int(seed),
        bound=divergence_bound(surface.bounds),
    )
