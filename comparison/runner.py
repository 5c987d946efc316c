"""One optimizer's run on one surface, from plain configuration values (what the page caches).

Two different things can happen to a run that does not settle, and the page names them apart:

* it **leaves the view** (:func:`comparison.metrics.left_view_at`): its position is still a number, and
  on a surface without a bottom (x² − y²) that is exactly what it should do; its loss goes on being
  recorded and shown, however large or negative;
* it **diverges numerically**: x, y or f stop being finite numbers (an overflow).  Only then does the
  engine freeze the run at its last good point and record ``diverged_at``.

So the engine's box is the largest float (:data:`NUMERIC_BOUND`): one rule for every optimizer, with no
arbitrary cut-off that stops one run while another that went as far is left running.
"""

from __future__ import annotations

import numpy as np

import optimizers
from comparison.config import HandOver, OptimizerConfig, ScheduleConfig
from refusal import Refusal

#: |x| or |y| beyond this is not a finite float any more: the only bound the Compare page imposes
NUMERIC_BOUND = float(np.finfo(float).max)


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
    noise draws (a fair comparison).  A schedule whose horizon follows the run (``T_max`` = 0) is given
    this run's length.

    With a hand-over (``optimizer.then``) the run is :func:`optimizers.run_stages`: the optimizer for
    ``then.at`` updates under its schedule (a following horizon is then its stage's length, ``at``),
    then the other kind from that point for the remaining ``steps − at``, with fresh state and a
    constant rate.  Each piece equals :func:`run_built` of its stage bit for bit.
    """
    return run_handing_over(surface, optimizer.build(), optimizer.then, schedule, start, steps, noise, seed)


def run_handing_over(surface, opt: optimizers.Optimizer, then: HandOver | None, schedule: ScheduleConfig, start,
                     steps: int, noise: float = 0.0, seed: int = 0) -> optimizers.Trajectory:
    """:func:`run_one` for a first optimizer already built (hyperparameters may be arrays: a batch of
    runs, as the live view sends) and its hand-over ``then`` (None: :func:`run_built`)."""
    if then is None:
        return run_built(surface, opt, schedule, start, steps, noise, seed)
    then = then.normalized()
    if not 1 <= then.at < int(steps):
        raise Refusal("handover_step", f"the hand-over step must be between 1 and {int(steps) - 1}, below the "
                      f"number of steps (got {then.at})", at=then.at, last=int(steps) - 1)
    first = schedule.for_run(then.at)
    return optimizers.run_stages(
        surface,
        [(opt, then.at, None if first.is_constant else first.build()),
         (then.optimizer().build(), int(steps) - then.at)],
        start=np.asarray(start, dtype=float),
        noise=float(noise),
        seed=int(seed),
        bound=NUMERIC_BOUND,
    )


def run_built(surface, opt: optimizers.Optimizer, schedule: ScheduleConfig, start, steps: int, noise: float = 0.0,
              seed: int = 0) -> optimizers.Trajectory:
    """:func:`run_one` for an optimizer already built, whose hyperparameters may be arrays (a batch of
    runs, as the live view sends): the same schedule horizon and the same divergence rule."""
    schedule = schedule.for_run(int(steps))
    sched = None if schedule.is_constant else schedule.build()
    return optimizers.run(
        surface,
        opt,
        start=np.asarray(start, dtype=float),
        steps=int(steps),
        schedule=sched,
        noise=float(noise),
        seed=int(seed),
        bound=NUMERIC_BOUND,
    )
