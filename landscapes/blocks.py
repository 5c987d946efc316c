"""A large batch of engine runs in blocks: bounded memory, a timed probe, and a deadline.

``optimizers.run`` records the positions of every recorded step, then evaluates f and ∇f on all of
them at once; for a heavy custom formula that evaluation holds a few hundred bytes per point, so one
call with 2048 runs × 3907 recorded steps peaked at 3.4 GB.  Here a batch of B runs is cut into
blocks of at most :data:`BLOCK_RUNS` runs and :data:`BLOCK_POINTS` recorded points, and each block is
handed to a ``reduce(trajectory, rows)`` callback, which keeps what the view needs (final points,
losses every k-th step) as soon as the block ends.

The blocks run under a CPU budget (:mod:`landscapes.budget`).  The probe times the batch's own
surface and optimizer for :data:`PROBE_STEPS` steps on two small slices of its runs, which separates
the engine's fixed cost per step from its cost per run and step, and predicts each block from them.

Noise: the engine seeds each call's noise with ``seed``; block k > 0 gets a seed derived from
``(seed, k)``.  Blocks depend only on the batch, the recording and the order, never on timing, so
a run sees the same noise whether or not a deadline cut the batch short (and a batch of one block
sees exactly the noise of one engine call).
"""

from __future__ import annotations

import copy
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

import optimizers
from landscapes.budget import CLOCK, MIN_SHARE, Outcome, fit_line, run_chunks, timed
from optimizers.base import Optimizer
from optimizers.engine import Trajectory, recorded_steps

#: runs per block: a block is a small share of the budget, so the deadline can cut between blocks
BLOCK_RUNS = 2048
#: recorded points per block (runs × recorded steps): bounds the memory of evaluating f and ∇f on them
BLOCK_POINTS = 2**19
#: the probe: this many steps on this many runs, then on the larger number
PROBE_STEPS = 16
PROBE_SIZES = (16, 256)


@dataclass(frozen=True)
class Batch:
    """B runs of one optimizer on one surface: the arguments of ``optimizers.run``, B-long where they vary.

    ``start`` is one point ``(2,)`` or ``(B, 2)``; the optimizer's hyperparameters and ``noise``
    are scalars or arrays of length B.
    """

    surface: Any
    optimizer: Optimizer
    start: np.ndarray
    steps: int
    size: int
    noise: Any = 0.0
    seed: int = 0
    schedule: Any = None

    @classmethod
    def of(cls, surface, optimizer: Optimizer, start, steps: int, noise=0.0, seed: int = 0,
           schedule=None) -> Batch:
        start = np.asarray(start, dtype=float)
        noise_arr = np.asarray(noise, dtype=float)
        sizes = {n for n in (start.shape[0] if start.ndim == 2 else None, optimizer.batch_size,
                             noise_arr.size if noise_arr.ndim else None) if n is not None}
        if len(sizes) > 1:
            raise ValueError(f"starts, hyperparameters and noise describe different numbers of runs: {sizes}")
        return cls(surface, optimizer, start, int(steps), sizes.pop() if sizes else 1,
                   noise_arr if noise_arr.ndim else float(noise_arr), int(seed), schedule)

    def run(self, rows: np.ndarray, steps: int | None = None, record="final", seed: int | None = None,
            surface=None) -> Trajectory:
        """The runs ``rows`` of the batch, through the engine (on the calling thread)."""
        rows = np.asarray(rows, dtype=np.int64)
        start = self.start[rows] if self.start.ndim == 2 else self.start
        noise = self.noise[rows] if isinstance(self.noise, np.ndarray) else self.noise
        return optimizers.run(surface or self.surface, subset(self.optimizer, rows), start,
                              self.steps if steps is None else steps, schedule=self.schedule, noise=noise,
                              seed=self.seed if seed is None else seed, record=record, threads=1)


def subset(optimizer: Optimizer, rows: np.ndarray) -> Optimizer:
    """The optimizer of runs ``rows`` only: its hyperparameter arrays cut to them, nothing else changed.

    Not rebuilt from the values: the update skips a term only where it is zero for the whole batch
    (``nonzero``), and keeping the batch's flags keeps every run's arithmetic what it is in the batch.
    """
    if optimizer.batch_size is None:
        return optimizer
    part = copy.copy(optimizer)
    part.hyperparameters = {k: (v[rows] if isinstance(v, np.ndarray) else v)
                            for k, v in optimizer.hyperparameters.items()}
    part.h = {k: (v[:, None] if isinstance(v, np.ndarray) else v) for k, v in part.hyperparameters.items()}
    part.batch_size = len(rows)
    return part


def block_size(steps: int, record, group: int = 1, points: int | None = None) -> int:
    """Runs per block: at most BLOCK_RUNS and ``points`` (BLOCK_POINTS) recorded points, a multiple of ``group``."""
    recorded = len(recorded_steps(int(steps), record))
    size = max(1, min(BLOCK_RUNS, (points or BLOCK_POINTS) // recorded))
    return max(group, size - size % group)


def block_seed(seed: int, index: int) -> int:
    """The noise seed of block ``index``: the batch's own for the first, a derived one for the others."""
    if index == 0:
        return int(seed)
    return int(np.random.SeedSequence([int(seed), int(index)]).generate_state(1)[0])


def blocks_of(order: np.ndarray, size: int) -> list[np.ndarray]:
    """``order`` cut into consecutive blocks of ``size`` runs, each block's runs in index order.

    In index order, a batch of one block is exactly one engine call over the batch (same noise).
    """
    return [np.sort(order[i : i + size]) for i in range(0, len(order), size)]


def probe(batch: Batch, blocks: list[np.ndarray], record, clock: Callable[[], float] = CLOCK) -> list[float]:
    """Predicted CPU seconds of each block, from the batch's surface and optimizer timed on two slices.

    A step of n runs costs about ``a + b·n`` (the engine's Python work per step, then NumPy's per
    run); timing :data:`PROBE_SIZES` runs for :data:`PROBE_STEPS` steps measures a and b for this
    surface and optimizer on this machine as loaded now.  The recorded points are evaluated once
    more at the end of a block (f and ∇f), timed on the larger slice's points.
    """
    total = batch.size
    sizes = sorted({min(n, total) for n in PROBE_SIZES})
    steps = max(1, min(PROBE_STEPS, batch.steps))
    pick = np.unique(np.linspace(0, total - 1, sizes[-1]).round().astype(np.int64))
    batch.run(pick[:2], steps=2)  # warm up (first calls of a formula, allocations)
    counts, per_step = [], []
    for n in sizes:
        rows = pick[np.unique(np.linspace(0, len(pick) - 1, n).round().astype(np.int64))]
        best = min(timed(lambda rows=rows: batch.run(rows, steps=steps), clock)[1] for _ in range(3))
        counts.append(len(rows))
        per_step.append(best / steps)
    a, b = fit_line(counts, per_step)
    points = np.broadcast_to(batch.start, (len(pick), 2)) if batch.start.ndim == 1 else batch.start[pick]
    with np.errstate(all="ignore"):
        _, seconds = timed(lambda: (batch.surface.f(points), batch.surface.grad(points)), clock)
    per_point = seconds / len(pick)
    recorded = len(recorded_steps(batch.steps, record))
    return [batch.steps * (a + b * len(rows)) + recorded * len(rows) * per_point for rows in blocks]


def run_blocks(
    batch: Batch,
    reduce: Callable[[Trajectory, np.ndarray], None],
    *,
    record="final",
    order: np.ndarray | None = None,
    group: int = 1,
    points: int | None = None,
    limit: float = math.inf,
    min_share: float = MIN_SHARE,
    progress: Callable[[float], None] | None = None,
    clock: Callable[[], float] = CLOCK,
) -> Outcome[np.ndarray]:
    """Run the batch block by block, in ``order`` (default: run 0 first), within ``limit`` CPU seconds.

    Each finished block is passed to ``reduce(trajectory, rows)``, ``rows`` being the batch indices
    of its runs.  The outcome's value is the indices of the runs done, in the order done; ``done``
    and ``total`` count runs.  Blocks hold a multiple of ``group`` runs (a row of a map, say), so a
    result cut short has whole groups, and at most ``points`` (default BLOCK_POINTS) recorded points.
    Without a limit nothing is probed.
    """
    order = np.arange(batch.size) if order is None else np.asarray(order, dtype=np.int64)
    if sorted(order.tolist()) != list(range(batch.size)):
        raise ValueError(f"the order must list each of the {batch.size} runs once")
    blocks = blocks_of(order, block_size(batch.steps, record, group, points))

    def block(k: int) -> Callable[[], np.ndarray]:
        def work() -> np.ndarray:
            rows = blocks[k]
            surface = batch.surface
            if progress is not None:
                surface = reporting(surface, batch.steps,
                                    lambda f: progress(min(1.0, (k + f) / len(blocks))))
            traj = batch.run(rows, record=record, seed=block_seed(batch.seed, k), surface=surface)
            reduce(traj, rows)
            if progress is not None:
                progress((k + 1) / len(blocks))
            return rows
        return work

    chunks = [block(k) for k in range(len(blocks))]
    if math.isinf(limit):
        predict = None if not chunks else (lambda: [0.0] * len(chunks))
    else:
        def predict() -> list[float]:
            return probe(batch, blocks, record, clock)
    outcome = run_chunks(chunks, limit, probe=predict, min_share=min_share, clock=clock)
    done = np.concatenate(outcome.value) if outcome.value else np.zeros(0, dtype=np.int64)
    return outcome.with_value(done, done=len(done), total=batch.size)


def run_batches(
    batches: list[Batch],
    reduce: Callable[[Trajectory, int], None],
    *,
    record="final",
    order: np.ndarray | None = None,
    limit: float = math.inf,
    min_share: float = MIN_SHARE,
    progress: Callable[[float], None] | None = None,
    clock: Callable[[], float] = CLOCK,
) -> Outcome[list[int]]:
    """Run several small batches (one engine call each, with its own seed) within ``limit`` CPU seconds.

    For work that comes in natural parts, such as one batch of seeds per batch size: the parts run
    in ``order`` and each is passed to ``reduce(trajectory, index)`` when it ends.  The probe times
    the first batch's surface and optimizer and predicts every part by its number of runs; the
    outcome's value is the indices of the parts done, in the order done.
    """
    order = list(range(len(batches))) if order is None else [int(k) for k in order]

    def part(k: int, place: int) -> Callable[[], int]:
        def work() -> int:
            batch = batches[k]
            surface = batch.surface
            if progress is not None:
                surface = reporting(surface, batch.steps,
                                    lambda f: progress(min(1.0, (place + f) / len(order))))
            reduce(batch.run(np.arange(batch.size), record=record, surface=surface), k)
            if progress is not None:
                progress((place + 1) / len(order))
            return k
        return work

    chunks = [part(k, place) for place, k in enumerate(order)]
    if math.isinf(limit) or not chunks:
        predict = None if not chunks else (lambda: [0.0] * len(chunks))
    else:
        def predict() -> list[float]:
            return probe(batches[order[0]], [np.arange(batches[k].size) for k in order], record, clock)
    return run_chunks(chunks, limit, probe=predict, min_share=min_share, clock=clock)


class _ProgressSurface:
    """The surface, reporting the fraction of steps done to ``progress`` as the engine asks for gradients.

    The engine calls ``grad`` once per step; only calls on the thread that created this report
    (Streamlit draws from the script's thread only).
    """

    def __init__(self, surface, steps: int, progress: Callable[[float], None]):
        self._surface = surface
        self._total = steps + 1
        self._calls = 0
        self._progress = progress
        self._thread = threading.get_ident()
        self._every = max(1, self._total // 50)
        self.name = getattr(surface, "name", "")

    def f(self, xy):
        return self._surface.f(xy)

    def hessian(self, xy):
        return self._surface.hessian(xy)

    def grad(self, xy):
        if threading.get_ident() == self._thread:
            self._calls += 1
            if self._calls % self._every == 0:
                self._progress(min(self._calls / self._total, 1.0))
        return self._surface.grad(xy)


def reporting(surface, steps: int, progress: Callable[[float], None] | None):
    """``surface`` itself, or (with a ``progress`` callback) a stand-in that reports steps done to it."""
    return surface if progress is None else _ProgressSurface(surface, steps, progress)
