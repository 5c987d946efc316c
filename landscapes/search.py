"""Random vs grid search over a box of two hyperparameters, with border checks and coarse-to-fine zoom.

The advice of the notes (cs231n): search the learning rate on a log scale, prefer random search to
grid search, check that the best value is not on the border of the range, and go from coarse to fine.
Bergstra & Bengio (2012) explain the second point: when only one of two hyperparameters matters, a
grid of N trials tries only √N distinct values of it, while N random trials try N.

    box = Box(default_axis("lr", "sgd"), default_axis("momentum", "sgd"))
    grid = grid_trials(box, 16)            # 4 × 4
    rand = random_trials(box, 16, seed=0)  # log-uniform in lr, uniform in momentum
    scores = evaluate(surface, spec_for(box), np.vstack([grid, rand]))   # one vectorized batch

Under a time limit (:func:`evaluate_within`) the trials run in :func:`trial_order`: grid and random
alternating, so a search cut short by its deadline has tried about as many trials of each.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from landscapes.blocks import Batch, run_blocks
from landscapes.budget import Outcome, spread
from landscapes.sweep import (
    RECORD_BUDGET,
    Axis,
    SweepSpec,
    axis_limits,
    build_optimizer,
    check_axis,
    noise_for,
    reference_loss,
    steps_to_tolerance,
)
from optimizers.engine import Trajectory, recorded_steps

#: the most trials either method may use (each is one run of the batch)
MAX_TRIALS = 1024
#: a point within this fraction of the box's width (on the axis' scale) of an edge is "on the border"
BORDER_MARGIN = 0.05
OBJECTIVES = ("final_loss", "steps_to_tol")
MAX_ASPECT = 2.5  # a grid at most this many times wider than tall


@dataclass(frozen=True)
class Box:
    """The searched region: two axes with their ranges."""

    x: Axis
    y: Axis

    @property
    def axes(self) -> tuple[Axis, Axis]:
        return self.x, self.y

    def from_unit(self, u: np.ndarray) -> np.ndarray:
        """Points (N, 2) from positions in the unit square."""
        u = np.asarray(u, dtype=float)
        return np.column_stack([self.x.from_unit(u[:, 0]), self.y.from_unit(u[:, 1])])

    def to_unit(self, points: np.ndarray) -> np.ndarray:
        points = np.asarray(points, dtype=float).reshape(-1, 2)
        return np.column_stack([self.x.to_unit(points[:, 0]), self.y.to_unit(points[:, 1])])


def check_budget(n) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= MAX_TRIALS:
        raise ValueError(f"the number of trials must be a whole number from 1 to {MAX_TRIALS} (got {n!r})")
    return int(n)


def grid_shape(n: int) -> tuple[int, int]:
    """The grid (nx, ny) that uses most of ``n`` trials with nx ≥ ny and nx ≤ 2.5·ny: 16 → 4 × 4, 10 → 5 × 2.

    A grid is only fair when it is roughly square (a 7 × 1 "grid" never varies y), so a prime budget
    gives up a trial or two: 7 → 3 × 2.
    """
    check_budget(n)
    best = (0, 0, 1, 1)
    for rows in range(1, math.isqrt(n) + 1):
        cols = min(n // rows, math.floor(MAX_ASPECT * rows))
        best = max(best, (cols * rows, -(cols - rows), cols, rows))
    return best[2], best[3]


def grid_trials(box: Box, n: int) -> np.ndarray:
    """A grid of at most ``n`` trials, both edges of each axis included, as points (N, 2)."""
    nx, ny = grid_shape(n)
    xv, yv = box.x.values(nx), box.y.values(ny)
    X, Y = np.meshgrid(xv, yv)
    return np.column_stack([X.ravel(), Y.ravel()])


def random_trials(box: Box, n: int, seed: int = 0) -> np.ndarray:
    """``n`` seeded random trials: log-uniform on log axes (lr = 10^U(a, b)), uniform on linear ones."""
    check_budget(n)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"the seed must be a whole number ≥ 0 (got {seed!r})")
    rng = np.random.default_rng(seed)
    return box.from_unit(rng.random((n, 2)))


def distinct_counts(points: np.ndarray) -> tuple[int, int]:
    """How many distinct values of each hyperparameter the trials try."""
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    return len(np.unique(points[:, 0])), len(np.unique(points[:, 1]))


def spec_for(base: SweepSpec, box: Box) -> SweepSpec:
    """``base`` (optimizer, fixed hyperparameters, start, steps, noise) searching over ``box``."""
    return replace(base, x=box.x, y=box.y)


@dataclass
class Scores:
    """The outcome of each trial: final loss gap, steps to tolerance, divergence."""

    points: np.ndarray  # (N, 2)
    final_loss: np.ndarray
    gap: np.ndarray  # f − f* (inf where diverged)
    steps_to_tol: np.ndarray  # NaN: not reached
    diverged: np.ndarray
    f_star: float
    ran: np.ndarray | None = None  # False for trials a deadline left unrun (None: all ran)

    def objective(self, name: str) -> np.ndarray:
        """Lower is better; diverged, unrun (and never-converging, for steps) trials are +inf."""
        failed = self.diverged if self.ran is None else self.diverged | ~self.ran
        if name == "final_loss":
            return np.where(failed, np.inf, self.gap)
        if name == "steps_to_tol":
            return np.where(np.isnan(self.steps_to_tol) | failed, np.inf, self.steps_to_tol)
        raise ValueError(f"unknown objective {name!r}; choose one of: {', '.join(OBJECTIVES)}")

    def best(self, name: str = "final_loss", rows: slice | np.ndarray | None = None) -> int | None:
        """The best trial's index (among ``rows``): lowest objective, ties by the gap; None: all failed."""
        index = np.arange(len(self.points))[rows if rows is not None else slice(None)]
        primary = self.objective(name)[index]
        if not np.isfinite(primary).any():
            return None
        order = np.lexsort((self.gap[index], primary))
        return int(index[order[0]])

    def subset(self, rows) -> Scores:
        """The scores of the trials ``rows`` only (a boolean mask or indices), in their order."""
        return Scores(self.points[rows], self.final_loss[rows], self.gap[rows], self.steps_to_tol[rows],
                      self.diverged[rows], self.f_star, None if self.ran is None else self.ran[rows])


def trial_order(n_grid: int, n_random: int) -> np.ndarray:
    """The order to run ``n_grid`` grid trials then ``n_random`` random ones (indices into both stacked).

    The two methods alternate in proportion, the grid's trials spread over the grid; random trials
    keep their order, any first few of them being a smaller random search.
    """
    grid = spread(n_grid)
    rand = np.arange(n_random) + n_grid
    where = np.concatenate([(np.arange(n_grid) + 0.5) / max(n_grid, 1),
                            (np.arange(n_random) + 0.5) / max(n_random, 1)])
    return np.concatenate([grid, rand])[np.argsort(where, kind="stable")]


def record_stride(steps: int, n: int) -> int:
    """Every how many steps the losses of ``n`` trials are kept: 1 while n × (steps + 1) fits RECORD_BUDGET."""
    return max(1, math.ceil((int(steps) + 1) * int(n) / RECORD_BUDGET))


def evaluate_within(surface, spec: SweepSpec, points: np.ndarray, f_star: float | None = None,
                    limit: float = math.inf, order: np.ndarray | None = None,
                    progress: Callable[[float], None] | None = None, every: int | None = None
                    ) -> Outcome[Scores | None]:
    """Run the trials (points (N, 2) of the spec's x and y axes) within ``limit`` CPU seconds.

    The outcome counts trials; when the deadline cuts the search short, ``Scores.ran`` says which
    trials ran (in ``order``, default first to last); a refused search is None.  Losses are kept
    every k-th step once N × steps passes RECORD_BUDGET (:func:`record_stride`), so steps to
    tolerance are exact to k steps; ``every`` sets k instead (a search run in rounds keeps the
    stride of the batch it is compared with).
    """
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    n = len(points)
    if n == 0:
        raise ValueError("there are no trials to run")
    if n > 2 * MAX_TRIALS:
        raise ValueError(f"at most {2 * MAX_TRIALS} trials can run at once (got {n})")
    xs, ys = points[:, 0], points[:, 1]
    every = record_stride(spec.steps, n) if every is None else max(1, int(every))
    record = "full" if every == 1 else every
    recorded = recorded_steps(spec.steps, record)
    final_loss = np.full(n, np.nan)
    diverged_at = np.full(n, -1, dtype=np.int64)
    losses = np.full((len(recorded), n), np.nan)

    def keep(traj: Trajectory, rows: np.ndarray) -> None:
        final_loss[rows] = traj.final_loss
        diverged_at[rows] = traj.diverged_at
        losses[:, rows] = traj.loss

    batch = Batch.of(surface, build_optimizer(spec, xs, ys), spec.start, spec.steps,
                     noise=noise_for(spec, xs, ys), seed=spec.seed)
    outcome = run_blocks(batch, keep, record=record, order=order, limit=limit, progress=progress)
    if outcome.refused:
        return outcome.with_value(None)
    ran = np.zeros(n, dtype=bool)
    ran[outcome.value] = True
    diverged = diverged_at >= 0
    if f_star is None:
        f_star, _ = reference_loss(surface, np.where(diverged, np.nan, final_loss))
    gap_path = np.maximum(losses - f_star, 0.0)
    gap = np.where(diverged, np.inf, gap_path[-1])
    to_tol = np.where(diverged | ~ran, np.nan, steps_to_tolerance(recorded, gap_path, spec.tol))
    return outcome.with_value(Scores(points, final_loss, gap, to_tol, diverged, f_star, ran))


def evaluate(surface, spec: SweepSpec, points: np.ndarray, f_star: float | None = None,
             progress: Callable[[float], None] | None = None, every: int | None = None) -> Scores:
    """Run every trial (points (N, 2) of the spec's x and y axes), without a time limit."""
    return evaluate_within(surface, spec, points, f_star, progress=progress, every=every).value


def border_sides(box: Box, point, margin: float = BORDER_MARGIN) -> list[tuple[str, str]]:
    """Which edges of the box ``point`` lies on: ``[(axis name, "low"|"high"), ...]`` (empty: inside)."""
    u = box.to_unit(np.asarray(point, dtype=float).reshape(1, 2))[0]
    sides = []
    for axis, pos in zip(box.axes, u):
        if pos <= margin + 1e-12:
            sides.append((axis.name, "low"))
        elif pos >= 1.0 - margin - 1e-12:
            sides.append((axis.name, "high"))
    return sides


def zoom(box: Box, center, factor: float, optimizer_name: str) -> Box:
    """A box ``factor`` times as wide on each axis' scale, centred on ``center`` (coarse to fine).

    The new box keeps its width but slides to stay within the axis' limits (lr within [1e-6, 10],
    momentum below 1); centring on a best value at the border therefore looks beyond the old box.
    """
    if not (isinstance(factor, (int, float)) and 0 < factor < 1):
        raise ValueError(f"the zoom factor must be between 0 and 1 (got {factor!r})")
    axes = []
    for axis, c in zip(box.axes, np.asarray(center, dtype=float).reshape(2)):
        lim_low, lim_high = axis_limits(axis.name, optimizer_name)
        to_scale = math.log10 if axis.log else float
        from_scale = (lambda v: 10.0 ** v) if axis.log else float
        lo, hi, mid = to_scale(axis.low), to_scale(axis.high), to_scale(c)
        lim_lo, lim_hi = to_scale(lim_low), to_scale(lim_high)
        half = factor * (hi - lo) / 2.0
        new_lo, new_hi = mid - half, mid + half
        if new_lo < lim_lo:
            new_lo, new_hi = lim_lo, min(lim_lo + 2 * half, lim_hi)
        if new_hi > lim_hi:
            new_lo, new_hi = max(lim_hi - 2 * half, lim_lo), lim_hi
        low, high = from_scale(new_lo), from_scale(new_hi)
        axes.append(check_axis(_round_range(axis.with_range(low, high), lim_low, lim_high), optimizer_name))
    return Box(*axes)


def _round_range(axis: Axis, lim_low: float, lim_high: float) -> Axis:
    """Round a zoomed range to 4 significant digits (short URLs, the same box to the eye), within limits."""
    low = min(max(float(f"{axis.low:.4g}"), lim_low), lim_high)
    high = min(max(float(f"{axis.high:.4g}"), lim_low), lim_high)
    return axis.with_range(low, high) if low < high else axis
