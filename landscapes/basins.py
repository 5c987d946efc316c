r"""Basins of attraction: run one optimizer from every point of a grid and say where each run ends.

``basin_map(surface, optimizer, resolution, steps)`` starts the optimizer at each of
``resolution × resolution`` points over the surface's view and labels every start with

* the index of the minimum its run ends at (within ``tol`` of it), or
* :data:`NO_MINIMUM` (``-1``): the run stopped somewhere else (still travelling, a saddle, a plateau),
* :data:`DIVERGED` (``-2``): the engine froze the run because it left the finite world.

Minima are the surface's known ones plus, with ``discover=True``, local minima that the runs found
themselves (Rastrigin lists only its global minimum, yet has a dip near every integer point): the
end points near no known minimum are grouped, and a group becomes a minimum when the local
quadratic model at its centre is convex and puts its lowest point within ``tol`` (one Newton step).

Steps needed, with bounded memory.  ``steps_every=k`` also measures how many steps each run took
to *settle*: the first recorded step after which the path stays within ``tol`` of where it ends.
The engine records every k-th step for that (so the count is exact to k steps; ``k = 1`` is exact).
A recorded point costs the engine
about :data:`BYTES_PER_RECORD` bytes at its peak (32 for the stored position, loss and gradient
norm, the rest for evaluating f and ∇f on all recorded points at the end of a run), so the grid is
cut into blocks of whole rows of the grid, ``b`` runs with ``R·b·BYTES_PER_RECORD`` within
:data:`BLOCK_BYTES` for ``R = steps/k + 1`` recorded steps (and at most
:data:`landscapes.blocks.BLOCK_RUNS` runs).  Each block is reduced to a few numbers per run (end
point, loss, settle step) as soon as it finishes, so peak memory is about :data:`BLOCK_BYTES` plus
the ``resolution²``-sized answer, whatever the step count.

Time: :func:`basins_within` runs the blocks under a CPU budget (:mod:`landscapes.budget`), the rows
in spread order (0, n/2, n/4, …); a map cut short by its deadline is the map of the rows it
computed, a coarser map of the whole view.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from landscapes.blocks import Batch, run_blocks
from landscapes.budget import CLOCK, MIN_SHARE, Outcome, spread
from optimizers.base import Optimizer

NO_MINIMUM = -1
DIVERGED = -2

MAX_RESOLUTION = 256  # points per axis
MAX_STEPS = 5000
#: peak bytes one block of runs may use inside the engine
BLOCK_BYTES = 8 * 2**20
#: the engine's peak bytes per recorded point (measured: ~78 with record=5; 32 of them are kept)
BYTES_PER_RECORD = 96
#: at most this many minima are discovered; the rest of the unexplained end points stay NO_MINIMUM
MAX_FOUND = 128


@dataclass(frozen=True)
class BasinMinimum:
    """A minimum a basin map classifies against: where, its value, and whether the surface lists it."""

    point: tuple[float, float]
    value: float
    known: bool = True


@dataclass
class BasinMap:
    """The answer of :func:`basin_map`; every grid array has shape ``(len(y), len(x))`` (rows = y)."""

    x: np.ndarray
    y: np.ndarray
    minima: tuple[BasinMinimum, ...]
    label: np.ndarray  # int16: minimum index, NO_MINIMUM or DIVERGED
    final_xy: np.ndarray  # (ny, nx, 2)
    final_loss: np.ndarray
    diverged_at: np.ndarray  # update after which the run was frozen, -1 if never
    steps_needed: np.ndarray | None  # int32 settle step, -1 where no minimum was reached; None if not asked
    steps: int
    tol: float
    steps_every: int | None

    def counts(self) -> dict[int, int]:
        """How many starts ended in each label (minima, NO_MINIMUM, DIVERGED), zero counts included."""
        values, counts = np.unique(self.label, return_counts=True)
        found = dict(zip(values.tolist(), counts.tolist()))
        return {k: found.get(k, 0) for k in [*range(len(self.minima)), NO_MINIMUM, DIVERGED]}

    def start_of(self, row: int, col: int) -> tuple[float, float]:
        """The start point of pixel (row, col)."""
        return float(self.x[col]), float(self.y[row])


def grid_axes(bounds, resolution) -> tuple[np.ndarray, np.ndarray]:
    """The x and y start coordinates: ``resolution`` evenly spaced points across each side, ends included."""
    nx, ny = (resolution, resolution) if np.ndim(resolution) == 0 else resolution
    for n in (nx, ny):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 2 <= n <= MAX_RESOLUTION:
            raise ValueError(f"the grid must have 2 to {MAX_RESOLUTION} points per side (got {n!r})")
    (x0, x1), (y0, y1) = bounds
    if not (np.isfinite([x0, x1, y0, y1]).all() and x0 < x1 and y0 < y1):
        raise ValueError(f"the view must be a finite box with min < max (got {bounds!r})")
    return np.linspace(x0, x1, int(nx)), np.linspace(y0, y1, int(ny))


def default_tol(bounds, minima=()) -> float:
    """1% of the view's longer side, and less than a third of the closest two known minima's distance."""
    (x0, x1), (y0, y1) = bounds
    tol = 0.01 * max(x1 - x0, y1 - y0)
    points = np.array([m.point for m in minima], dtype=float).reshape(-1, 2)
    if len(points) > 1:
        gaps = np.linalg.norm(points[:, None] - points[None], axis=-1)
        closest = gaps[np.triu_indices(len(points), 1)].min()
        tol = min(tol, closest / 3)
    return float(tol)


def basin_map(
    surface,
    optimizer: Optimizer,
    resolution=128,
    steps: int = 300,
    bounds=None,
    tol: float | None = None,
    steps_every: int | None = None,
    discover: bool = True,
    progress: Callable[[float], None] | None = None,
) -> BasinMap:
    """Run ``optimizer`` from every start of a grid over ``bounds`` (default: the surface's view).

    ``resolution`` is n or (nx, ny), at most :data:`MAX_RESOLUTION` per side; ``steps`` at most
    :data:`MAX_STEPS`.  ``tol`` is the distance within which a run counts as at a minimum (default
    :func:`default_tol`).  ``steps_every=k`` also measures the settle step, exact to k steps.
    ``progress(fraction)`` is called as the runs go.  No time limit: see :func:`basins_within`.
    """
    return basins_within(surface, optimizer, resolution, steps, bounds, tol, steps_every, discover,
                         progress=progress).value


def basins_within(
    surface,
    optimizer: Optimizer,
    resolution=128,
    steps: int = 300,
    bounds=None,
    tol: float | None = None,
    steps_every: int | None = None,
    discover: bool = True,
    limit: float = math.inf,
    progress: Callable[[float], None] | None = None,
    *,
    min_share: float = MIN_SHARE,
    clock: Callable[[], float] = CLOCK,
) -> Outcome[BasinMap | None]:
    """:func:`basin_map` within ``limit`` CPU seconds: the whole map, the rows that fit, or a refusal.

    The outcome counts starts.  Cut short, the map has the rows computed (spread over the view);
    refused, it is None.
    """
    if not isinstance(optimizer, Optimizer):
        raise ValueError(f"optimizer must come from optimizers.get(...) (got {type(optimizer).__name__})")
    if optimizer.batch_size is not None:
        raise ValueError("a basin map runs one optimizer configuration: give scalar hyperparameters")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or not 1 <= steps <= MAX_STEPS:
        raise ValueError(f"steps must be a whole number from 1 to {MAX_STEPS} (got {steps!r})")
    if steps_every is not None and (
        isinstance(steps_every, bool) or not isinstance(steps_every, (int, np.integer)) or steps_every < 1
    ):
        raise ValueError(f"steps_every must be a whole number ≥ 1 (got {steps_every!r})")
    bounds = bounds or surface.bounds
    x, y = grid_axes(bounds, resolution)
    known = tuple(BasinMinimum(tuple(map(float, m.point)), float(m.value)) for m in surface.minima)
    if tol is None:
        tol = default_tol(bounds, known)
    if not (isinstance(tol, (int, float, np.floating)) and math.isfinite(tol) and tol > 0):
        raise ValueError(f"tol must be a positive number (got {tol!r})")
    tol = float(tol)

    xx, yy = np.meshgrid(x, y)
    starts = np.stack([xx.ravel(), yy.ravel()], axis=1)
    count = len(starts)
    final_xy = np.empty((count, 2))
    final_loss = np.empty(count)
    diverged_at = np.empty(count, dtype=np.int64)
    settle = np.full(count, -1, dtype=np.int32) if steps_every else None

    record = "final" if not steps_every else int(steps_every)

    def work(traj, block: np.ndarray) -> None:
        final_xy[block] = traj.xy[-1]
        final_loss[block] = traj.loss[-1]
        diverged_at[block] = traj.diverged_at
        if settle is not None:
            # first recorded step after which every recorded point stays within tol of the end point;
            # the (R, b) temporaries (25 bytes per record) fit the block's budget, which the engine's
            # recording no longer uses by now
            gap = traj.xy - traj.xy[-1]
            away = gap[..., 0] ** 2 + gap[..., 1] ** 2 > tol * tol  # (R, b)
            del gap
            last = len(traj.steps) - 1
            last_away = np.where(away.any(axis=0), last - np.argmax(away[::-1], axis=0), -1)
            settle[block] = traj.steps[np.minimum(last_away + 1, last)]

    nx = len(x)
    order = (spread(len(y))[:, None] * nx + np.arange(nx)).ravel()  # whole rows, spread over the view
    outcome = run_blocks(Batch.of(surface, optimizer, starts, int(steps)), work, record=record, order=order,
                         group=nx, points=BLOCK_BYTES // BYTES_PER_RECORD, limit=limit, min_share=min_share,
                         progress=progress, clock=clock)
    if outcome.refused:
        return outcome.with_value(None)
    rows = np.unique(outcome.value // nx)  # the rows computed, bottom to top
    picked = (rows[:, None] * nx + np.arange(nx)).ravel()
    final_xy, final_loss, diverged_at = final_xy[picked], final_loss[picked], diverged_at[picked]
    diverged = diverged_at >= 0
    label, minima = classify(surface, final_xy, diverged, known, tol, discover)
    if settle is not None:
        settle = settle[picked]
        settle[label < 0] = -1
    shape = (len(rows), nx)
    bmap = BasinMap(
        x=x,
        y=y[rows],
        minima=minima,
        label=label.reshape(shape),
        final_xy=final_xy.reshape(shape + (2,)),
        final_loss=final_loss.reshape(shape),
        diverged_at=diverged_at.reshape(shape),
        steps_needed=None if settle is None else settle.reshape(shape),
        steps=int(steps),
        tol=tol,
        steps_every=None if not steps_every else int(steps_every),
    )
    return outcome.with_value(bmap, done=len(rows), total=len(y))


def classify(
    surface,
    final_xy: np.ndarray,
    diverged: np.ndarray,
    known: tuple[BasinMinimum, ...],
    tol: float,
    discover: bool = True,
) -> tuple[np.ndarray, tuple[BasinMinimum, ...]]:
    """Label each end point with the minimum within ``tol`` of it (known first, then discovered ones)."""
    label = np.full(len(final_xy), NO_MINIMUM, dtype=np.int16)
    minima = list(known)
    if minima:
        _assign(label, final_xy, ~diverged, minima, 0, tol)
    if discover:
        found = discover_minima(
            surface, final_xy[(label == NO_MINIMUM) & ~diverged], tol, exclude=[m.point for m in minima]
        )
        _assign(label, final_xy, (label == NO_MINIMUM) & ~diverged, found, len(minima), tol)
        minima += found
    label[diverged] = DIVERGED
    return label, tuple(minima)


def _assign(label, final_xy, candidates, minima, offset, tol) -> None:
    """Give each candidate end point the index (+ offset) of the nearest of ``minima`` within tol."""
    if not minima or not candidates.any():
        return
    points = np.array([m.point for m in minima], dtype=float)
    idx = np.flatnonzero(candidates)
    # (n, M) distances in slices of about 2**16 pairs, so memory stays small for any grid and 128 minima
    rows = max(256, 2**16 // len(points))
    for lo in range(0, len(idx), rows):
        part = idx[lo : lo + rows]
        dx = final_xy[part, 0, None] - points[None, :, 0]
        dy = final_xy[part, 1, None] - points[None, :, 1]
        d2 = dx * dx + dy * dy
        nearest = d2.argmin(axis=1)
        close = d2[np.arange(len(part)), nearest] < tol * tol
        label[part[close]] = nearest[close] + offset


def discover_minima(
    surface, ends: np.ndarray, tol: float, exclude=(), limit: int = MAX_FOUND, min_members: int = 2
) -> list[BasinMinimum]:
    """Local minima among end points: groups of ends where one Newton step lands within ``tol``.

    End points are binned in cells of side ``tol``; each busy cell's mean is refined by one Newton
    step ``c - H⁻¹∇f(c)`` and kept if the Hessian there is positive definite and the step is
    shorter than ``tol``.  Refined minima closer than ``tol`` to each other or to ``exclude`` merge.
    The ``limit`` minima with the most end points are returned, most popular first.
    """
    ends = ends[np.isfinite(ends).all(axis=1)]
    if len(ends) < min_members:
        return []
    cell = np.floor(ends / tol).astype(np.int64)
    cell -= cell.min(axis=0)
    key = cell[:, 0] * (int(cell[:, 1].max()) + 1) + cell[:, 1]  # one integer per cell: a 1-D unique is fast
    cells, inverse, members = np.unique(key, return_inverse=True, return_counts=True)
    busy = np.flatnonzero(members >= min_members)
    if len(busy) == 0:
        return []
    inverse = inverse.reshape(-1)
    sums = np.stack(
        [np.bincount(inverse, ends[:, 0], len(cells)), np.bincount(inverse, ends[:, 1], len(cells))], axis=1
    )
    centres = sums[busy] / members[busy, None]
    with np.errstate(all="ignore"):
        g = surface.grad(centres)
        h = surface.hessian(centres)
        det = h[:, 0, 0] * h[:, 1, 1] - h[:, 0, 1] * h[:, 1, 0]
        convex = (h[:, 0, 0] > 0) & (det > 0)
        step = np.linalg.solve(np.where(convex[:, None, None], h, np.eye(2)), g[..., None])[..., 0]
        refined = centres - step
        ok = convex & (np.linalg.norm(step, axis=1) < tol) & np.isfinite(refined).all(axis=1)
    order = np.argsort(-members[busy][ok], kind="stable")
    candidates, weights = refined[ok][order], members[busy][ok][order]
    kept: list[np.ndarray] = [np.asarray(p, dtype=float) for p in exclude]
    n_excluded = len(kept)
    found: list[tuple[np.ndarray, int]] = []
    for point, weight in zip(candidates, weights):
        near = [i for i, other in enumerate(kept) if np.linalg.norm(point - other) < tol]
        if near:
            j = near[0] - n_excluded
            if j >= 0:
                found[j] = (found[j][0], found[j][1] + int(weight))
            continue
        kept.append(point)
        found.append((point, int(weight)))
    found.sort(key=lambda pw: -pw[1])
    found = found[:limit]
    if not found:
        return []
    points = np.array([p for p, _ in found])
    values = surface.f(points)
    return [BasinMinimum((float(p[0]), float(p[1])), float(v), known=False) for p, v in zip(points, values)]
