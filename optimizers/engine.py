"""The vectorized trajectory engine: many runs of one optimizer on one surface, in one call.

One Python loop over steps; NumPy over the batch axis ``(B, 2)``.  A batch is a set of start points
and/or hyperparameter arrays (a sweep).  Large batches are cut into chunks of at most
``CHUNK_ROWS`` runs: a chunk's arrays stay in the CPU cache, chunks can run on several threads
(``threads=``; NumPy releases the GIL inside its kernels), and a progress callback can report after
each chunk.

Divergence: a run whose position becomes non-finite or leaves ``[-bound, bound]²``, or whose
recorded loss is non-finite, is frozen at its last good point and ``diverged_at`` records the
update that broke it; the other runs go on and no NumPy warning escapes.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from optimizers.base import Optimizer

#: runs per chunk: 8192 × 2 doubles = 128 KiB per state array, which stays in L2
CHUNK_ROWS = 8192
#: a run whose |x| or |y| exceeds this is called diverged
DEFAULT_BOUND = 1e6


@dataclass
class Trajectory:
    """The result of :func:`run`.

    ``steps`` are the recorded step indices (0 is the start); ``xy`` has shape ``(R, B, 2)``,
    ``loss`` and ``grad_norm`` ``(R, B)`` for the R recorded steps (every step with
    ``record="full"``).  ``lr`` is ``(n_updates, B)``: the learning rate each update used,
    schedule included.  ``diverged_at`` is ``(B,)``: the update after which a run was frozen, or
    -1 where it never diverged.

    ``paths`` holds the optimizer's extra points (its ``paths``, e.g. ASGD's average ``ax``), each
    ``(R, B, 2)`` like ``xy``.  ``evaluations`` is ``(n_updates, B)``: how many times each update
    evaluated f and ∇f, for an optimizer that evaluates them itself (L-BFGS); None means one gradient
    per update.  ``lr_values`` is ``(n_updates, B)`` when the schedule follows the run's loss
    (ReduceLROnPlateau), else None and ``lr`` is ``base_lr`` times the multipliers.
    """

    steps: np.ndarray
    xy: np.ndarray
    loss: np.ndarray
    grad_norm: np.ndarray
    diverged_at: np.ndarray
    base_lr: np.ndarray
    lr_multiplier: np.ndarray
    optimizer_name: str = ""
    surface_name: str = ""
    paths: dict[str, np.ndarray] = field(default_factory=dict)
    evaluations: np.ndarray | None = None
    lr_values: np.ndarray | None = None

    @property
    def lr(self) -> np.ndarray:
        """The learning rate update k used, for k = 0 … n-1, shape ``(n_updates, B)``."""
        if self.lr_values is not None:
            return self.lr_values
        return np.outer(self.lr_multiplier, self.base_lr)

    @property
    def cost(self) -> np.ndarray:
        """Evaluations of f and ∇f spent to reach each recorded step, shape ``(R, B)`` (0 at the start).

        One per update for a gradient method; L-BFGS spends several per update.
        """
        if self.evaluations is None:
            return np.broadcast_to(self.steps[:, None], self.loss.shape).astype(np.int64)
        spent = np.concatenate([np.zeros((1, self.batch_size), dtype=np.int64), np.cumsum(self.evaluations, axis=0)])
        return spent[self.steps]

    @property
    def batch_size(self) -> int:
        return self.xy.shape[1]

    @property
    def final_xy(self) -> np.ndarray:
        return self.xy[-1]

    @property
    def final_loss(self) -> np.ndarray:
        return self.loss[-1]

    @property
    def diverged(self) -> np.ndarray:
        return self.diverged_at >= 0

    def to_frame(self, labels=None):
        """A tidy DataFrame: one row per run and recorded step.

        Columns: ``run`` (label), ``step``, ``x``, ``y``, ``loss``, ``lr`` (the rate of the update
        that leaves this point; NaN at the last point), ``grad_norm``, ``diverged``, ``evaluations``
        (of f and ∇f to reach this point: :attr:`cost`).
        """
        import pandas as pd

        r, b = self.loss.shape
        labels = np.arange(b) if labels is None else np.asarray(labels)
        if labels.shape != (b,):
            raise ValueError(f"labels must have one entry per run ({b}), got {labels.shape}")
        lr_full = np.full((r, b), np.nan)
        inside = self.steps < len(self.lr_multiplier)
        lr_full[inside] = self.lr[self.steps[inside]]
        diverged = (self.diverged_at[None, :] >= 0) & (self.steps[:, None] >= self.diverged_at[None, :])
        return pd.DataFrame({
            "run": np.tile(labels, r),
            "step": np.repeat(self.steps, b),
            "x": self.xy[..., 0].ravel(),
            "y": self.xy[..., 1].ravel(),
            "loss": self.loss.ravel(),
            "lr": lr_full.ravel(),
            "grad_norm": self.grad_norm.ravel(),
            "diverged": diverged.ravel(),
            "evaluations": self.cost.ravel(),
        })


def recorded_steps(steps: int, record) -> np.ndarray:
    """Which step indices a ``record`` setting keeps: all, start and end, or every k-th and the end."""
    if isinstance(record, str):
        if record == "full":
            return np.arange(steps + 1)
        if record == "final":
            return np.unique([0, steps])
    elif isinstance(record, (int, np.integer)) and not isinstance(record, bool) and record >= 1:
        kept = np.arange(0, steps + 1, int(record))
        return kept if kept[-1] == steps else np.append(kept, steps)
    raise ValueError(f"record must be 'full', 'final' or a whole number ≥ 1 (got {record!r})")


def _check_args(surface, optimizer, start, steps, noise, seed, bound):
    if not isinstance(optimizer, Optimizer):
        raise ValueError(f"optimizer must come from optimizers.get(...) (got {type(optimizer).__name__})")
    if not all(hasattr(surface, a) for a in ("f", "grad", "hessian")):
        raise ValueError(f"surface must come from surfaces.get(...) (got {type(surface).__name__})")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be a whole number ≥ 0 (got {steps!r})")
    try:
        start = np.array(start, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"start must be a point (x, y) or an array of shape (B, 2) (got {start!r})") from None
    if start.shape == (2,):
        start = start[None, :]
    if start.ndim != 2 or start.shape[1] != 2 or start.shape[0] == 0:
        raise ValueError(f"start must have shape (2,) or (B, 2) (got {start.shape})")
    if not np.isfinite(start).all():
        raise ValueError("start must be finite")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number ≥ 0 (got {seed!r})")
    if not (isinstance(bound, (int, float, np.number)) and bound > 0):
        raise ValueError(f"bound must be a positive number (got {bound!r})")
    try:
        noise = np.asarray(noise, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"noise must be a number ≥ 0 or an array of them (got {noise!r})") from None
    if noise.ndim > 1 or not np.isfinite(noise).all() or (noise < 0).any():
        raise ValueError(f"noise must be a finite number ≥ 0 or a 1-D array of them (got {noise!r})")
    return start, noise


def _batch_size(start: np.ndarray, optimizer: Optimizer, noise: np.ndarray) -> int:
    sizes = {n for n in (start.shape[0], optimizer.batch_size, noise.size if noise.ndim else None)
             if n is not None and n != 1}
    if len(sizes) > 1:
        raise ValueError(
            "start points, hyperparameter arrays and noise must describe the same number of runs "
            f"(got {start.shape[0]} starts, {optimizer.batch_size} hyperparameter values, "
            f"{noise.size if noise.ndim else 1} noise levels)"
        )
    return sizes.pop() if sizes else 1


def subset(optimizer: Optimizer, rows: slice) -> Optimizer:
    """A copy of ``optimizer`` whose hyperparameter arrays keep only ``rows``."""
    if optimizer.batch_size is None:
        return optimizer
    part = copy.copy(optimizer)
    part.h = {k: (v[rows] if isinstance(v, np.ndarray) else v) for k, v in optimizer.h.items()}
    return part


def run(surface, optimizer: Optimizer, start, steps: int, schedule=None, noise=0.0, seed: int = 0,
        record="full", *, bound: float = DEFAULT_BOUND, threads: int | None = None,
        progress: Callable[[float], None] | None = None) -> Trajectory:
    """Run ``optimizer`` on ``surface`` from ``start`` for ``steps`` updates.

    ``start`` is ``(2,)`` or ``(B, 2)``; hyperparameter arrays and a ``noise`` array of length B
    broadcast against it.  Update k (k = 0, 1, …) uses the learning rate ``lr·schedule(k)``.
    ``noise`` is the standard deviation of seeded Gaussian noise added to each gradient component
    (a smaller mini-batch means a noisier gradient); the same seed gives the same result.
    ``record`` is ``"full"`` (every step), ``"final"`` (start and end) or k (every k-th step and the
    end).  ``threads`` sets worker threads for batches of several chunks (default 1);
    ``progress(fraction)`` is called as chunks finish.
    """
    start, noise = _check_args(surface, optimizer, start, steps, noise, seed, bound)
    b = _batch_size(start, optimizer, noise)
    start = np.broadcast_to(start, (b, 2)).copy()
    noise_rows = np.broadcast_to(noise.reshape(-1), (b,)) if noise.ndim else None

    feedback = getattr(schedule, "feedback", False)  # a rule on the run's loss (ReduceLROnPlateau)
    if schedule is None or feedback:
        multipliers = np.ones(steps)
    else:
        multipliers = np.asarray(schedule.values(steps) if hasattr(schedule, "values")
                                 else [schedule(k) for k in range(steps)], dtype=float).reshape(steps)
        if not (np.isfinite(multipliers).all() and (multipliers >= 0).all()):
            raise ValueError("the schedule must give finite, non-negative multipliers")
    base_lr = np.broadcast_to(np.asarray(optimizer.hyperparameters["lr"], dtype=float), (b,)).copy()

    kept = recorded_steps(steps, record)
    out = Trajectory(
        steps=kept,
        xy=np.empty((len(kept), b, 2)),
        loss=np.empty((len(kept), b)),
        grad_norm=np.empty((len(kept), b)),
        diverged_at=np.full(b, -1, dtype=np.int64),
        base_lr=base_lr,
        lr_multiplier=multipliers,
        optimizer_name=optimizer.name,
        surface_name=getattr(surface, "name", ""),
        paths={name: np.empty((len(kept), b, 2)) for name in optimizer.paths},
        evaluations=np.zeros((steps, b), dtype=np.int64) if optimizer.evaluates else None,
        lr_values=np.empty((steps, b)) if feedback else None,
    )
    chunks = [slice(i, min(i + CHUNK_ROWS, b)) for i in range(0, b, CHUNK_ROWS)]

    def work(index: int) -> None:
        rows = chunks[index]
        chunk_noise = None
        if noise_rows is not None:
            chunk_noise = noise_rows[rows][:, None]
        elif noise > 0:
            chunk_noise = float(noise)
        _run_chunk(surface, subset(optimizer, rows), start[rows], multipliers, kept, chunk_noise,
                   np.random.default_rng([seed, index]), bound, out, rows, schedule if feedback else None)

    # one thread by default: on the 2-core machines we measured, two threads were slower than one
    # (benchmarks/engine.py prints both), the per-operation Python work holding the GIL too long
    workers = min(len(chunks), threads or 1)
    with np.errstate(all="ignore"):
        if workers <= 1:
            for i in range(len(chunks)):
                work(i)
                if progress:
                    progress((i + 1) / len(chunks))
        else:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                for done, _ in enumerate(pool.map(work, range(len(chunks))), start=1):
                    if progress:
                        progress(done / len(chunks))
    return out


class Oracle:
    """f and ∇f at any points of a chunk's runs, for an optimizer that evaluates them itself (L-BFGS).

    ``oracle(points, rows)`` returns ``(f, grad)`` for points of shape ``(k, 2)`` belonging to runs
    ``rows``; the gradient gets the same noise and clipping as every other optimizer's, and each
    call counts one evaluation for each of its runs (``counts``, reset by the engine every update).
    """

    def __init__(self, surface, optimizer, noise, rng, n: int):
        self.surface, self.optimizer, self.noise, self.rng = surface, optimizer, noise, rng
        self.clipping = optimizer.nonzero["clip_value"] or optimizer.nonzero["clip_norm"]
        self.counts = np.zeros(n, dtype=np.int64)

    def __call__(self, points: np.ndarray, rows) -> tuple[np.ndarray, np.ndarray]:
        rows = np.asarray(rows, dtype=np.intp)
        f = self.surface.f(points)
        g = self.surface.grad(points)
        if self.noise is not None:
            level = self.noise[rows] if isinstance(self.noise, np.ndarray) else self.noise
            g = g + level * self.rng.standard_normal(g.shape)
        if self.clipping:
            g = subset(self.optimizer, rows).clip(g) if self.optimizer.batch_size else self.optimizer.clip(g)
        np.add.at(self.counts, rows, 1)
        return f, g


def _run_chunk(surface, optimizer, xy, multipliers, kept, noise, rng, bound, out: Trajectory, rows,
               feedback=None) -> None:
    """The step loop for one chunk of runs; writes its rows of ``out`` in place.

    Only positions are recorded inside the loop; loss and gradient norm are evaluated afterwards
    on all recorded points at once, which is much cheaper than one call per step for small batches.
    Three kinds of optimizer step differently: most get the gradient; Newton also the Hessian;
    L-BFGS (``evaluates``) gets an :class:`Oracle` instead and its evaluations are counted.  A
    ``feedback`` schedule sets each run's learning rate from the loss after every update.
    """
    n = len(xy)
    steps = len(multipliers)
    base_lr = optimizer.h["lr"]
    clipping = optimizer.nonzero["clip_value"] or optimizer.nonzero["clip_norm"]
    needs_hessian = optimizer.needs_hessian
    record_all = len(kept) == steps + 1
    slot_of = {int(k): i for i, k in enumerate(kept)}
    hist = out.xy[:, rows]  # a view: rows is a slice
    alive = None  # becomes a boolean mask once some run has diverged
    diverged_at = np.full(n, -1, dtype=np.int64)
    state = optimizer.init(xy)
    mult = multipliers.tolist()
    step = optimizer.step
    grad = _single_point_grad(surface) if n == 1 else surface.grad
    in_bounds = _single_point_in_bounds if n == 1 else _in_bounds
    hist[0] = xy
    extra = {name: out.paths[name][:, rows] for name in optimizer.paths}  # views, like hist
    for name, point in optimizer.points(state, xy).items():
        extra[name][0] = point
    oracle = Oracle(surface, optimizer, noise, rng, n) if optimizer.evaluates else None
    if feedback is not None:
        rule = feedback.start(np.broadcast_to(np.asarray(base_lr, dtype=float).reshape(-1), (n,)))

    for k in range(steps):
        if feedback is not None:
            lr = feedback.lr(rule)[:, None]
            out.lr_values[k, rows] = lr[:, 0]
        else:
            lr = base_lr * mult[k]
        if oracle is not None:
            oracle.counts[:] = 0
            new_xy, state = step(xy, None, state, lr, k + 1, oracle=oracle)
            out.evaluations[k, rows] = oracle.counts if alive is None else np.where(alive, oracle.counts, 0)
        else:
            g = grad(xy)
            if noise is not None:
                g = g + noise * rng.standard_normal((n, 2))
            if clipping:
                g = optimizer.clip(g)
            if needs_hessian:
                new_xy, state = step(xy, g, state, lr, k + 1, hessian=surface.hessian(xy))
            else:
                new_xy, state = step(xy, g, state, lr, k + 1)
        if alive is not None:
            new_xy = np.where(alive[:, None], new_xy, xy)
        if not in_bounds(new_xy, bound):
            bad = ~(np.abs(new_xy) <= bound).all(axis=1)
            alive, new_xy = _freeze(bad, k + 1, alive, diverged_at, new_xy, xy)
        xy = new_xy
        if feedback is not None:
            rule = feedback.observe(rule, surface.f(xy))
        slot = k + 1 if record_all else slot_of.get(k + 1)
        if slot is not None:
            hist[slot] = xy
            if not extra:  # most optimizers have no extra path: skip the call in this hot loop
                continue
            for name, point in optimizer.points(state, xy).items():
                # a frozen run's extra point stays where it was when the run stopped
                extra[name][slot] = point if alive is None else np.where(alive[:, None], point, extra[name][slot - 1])

    loss = surface.f(hist)
    bad_loss = ~np.isfinite(loss)
    if bad_loss.any():
        # a finite point with a non-finite loss (an overflowing custom surface): the run stops at the
        # last recorded point before it
        for run in np.flatnonzero(bad_loss.any(axis=0)):
            first = int(np.argmax(bad_loss[:, run]))
            last_good = max(first - 1, 0)
            step_index = int(kept[first])
            if diverged_at[run] < 0 or step_index < diverged_at[run]:
                diverged_at[run] = step_index
            hist[first:, run] = hist[last_good, run]
            for point in extra.values():
                point[first:, run] = point[last_good, run]
        loss = surface.f(hist)
    g = surface.grad(hist)
    out.loss[:, rows] = loss
    out.grad_norm[:, rows] = np.sqrt(g[..., 0] ** 2 + g[..., 1] ** 2)
    out.diverged_at[rows] = diverged_at


def _in_bounds(xy: np.ndarray, bound: float) -> bool:
    """Every run finite and inside the box: two cheap reductions (NaN fails both)."""
    return bool(xy.max() <= bound and xy.min() >= -bound)


def _single_point_in_bounds(xy: np.ndarray, bound: float) -> bool:
    """The same test for one run, on NumPy scalars (a reduction costs more than the math at B = 1)."""
    x, y = xy[0, 0], xy[0, 1]
    return bool(-bound <= x <= bound and -bound <= y <= bound)


def _single_point_grad(surface):
    """The gradient at a single point, evaluated on NumPy scalars rather than 1-element arrays.

    NumPy scalar arithmetic follows the same IEEE rules as arrays (inf/NaN, no exceptions) but
    costs a fraction of an array operation, which is what a single path (the Compare page) is made of.
    """
    grad_xy = getattr(surface, "grad_xy", None)
    if grad_xy is None:
        return surface.grad

    def grad(xy: np.ndarray) -> np.ndarray:
        gx, gy = grad_xy(xy[0, 0], xy[0, 1])
        return np.array([[gx, gy]], dtype=float)

    return grad


def _freeze(bad, step, alive, diverged_at, new_xy, last_good):
    """Mark runs ``bad`` as diverged at ``step`` and put them back on their last good point."""
    if alive is None:
        alive = np.ones(len(new_xy), dtype=bool)
    fresh = bad & alive
    diverged_at[fresh] = step
    alive = alive & ~bad
    new_xy = np.where(bad[:, None], last_good, new_xy)
    return alive, new_xy
