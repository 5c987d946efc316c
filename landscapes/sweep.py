"""Hyperparameter sweeps: a grid over two hyperparameters, run as ONE vectorized engine call.

A sweep is the Distill phase diagram for any optimizer on any surface::

    spec = SweepSpec("sgd", x=default_axis("lr", "sgd"), y=default_axis("momentum", "sgd"))
    result = run_sweep(surfaces.get("book_quadratic"), spec)
    result.metric("final_loss")            # (ny, nx): log10(f - f*) per cell, NaN where diverged

Every cell is one run of ``optimizers.get(spec.optimizer, **fixed, x=.., y=..)`` from the same start;
the grid is flattened row-major (row = y index) into hyperparameter arrays of length nx·ny, so a cell
equals the single run with its scalar values (tested bit for bit).  The batch-size axis maps to
gradient noise ``σ = σ₁/√batch``, passed to the engine as an array.

The runs go through the engine in blocks (:mod:`landscapes.blocks`): memory stays bounded whatever
the grid and steps, and :func:`sweep_within` runs them under a CPU budget, rows first spread over the
grid (0, ny/2, ny/4, …), so a sweep cut short by its deadline still covers the whole range coarsely.

On quadratic surfaces (``surface.quadratic``: degree ≤ 2, a constant Hessian) :func:`quadratic_theory`
gives the textbook read-outs: gradient descent is stable for lr < 2/λmax and fastest at 2/(λmin+λmax);
heavy-ball momentum (``b = μb + g``, ``θ -= lr·b``, torch's SGD) is stable for lr < 2(1+μ)/λmax and fastest at
``lr* = (2/(√λmax+√λmin))²``, ``μ* = ((√κ−1)/(√κ+1))²`` with rate ``√μ*``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

import optimizers
from comparison import codec as compare_codec
from comparison import config as compare_config
from comparison.metrics import settled_steps
from landscapes.blocks import Batch, block_seed, block_size, blocks_of, run_blocks
from landscapes.budget import Outcome, spread
from optimizers.engine import Trajectory, recorded_steps

#: the batch-size axis: not an optimizer hyperparameter but the noise level σ₁/√batch
BATCH = "batch"
#: what the controls accept (the time a sweep may take is measured, see sweep_within)
MAX_RESOLUTION = 128  # cells per axis
MAX_STEPS = 5000
#: recorded (step, run) entries kept for steps-to-tolerance; beyond it every k-th step is recorded
RECORD_BUDGET = 2_000_000
#: log10 of the smallest loss gap the colours distinguish (double precision near f* ~ 1)
LOG_GAP_FLOOR = -16.0

METRICS = ("final_loss", "steps_to_tol", "divergence", "rate")

# sensible default ranges (the seeds: search the learning rate on a log scale; betas linearly)
_DEFAULT_RANGES = {
    "lr": (1e-3, 2.0),
    "momentum": (0.0, 0.99),
    "beta1": (0.0, 0.99),
    "beta2": (0.0, 0.999),
    "alpha": (0.0, 0.999),
    "rho": (0.0, 0.999),
    "dampening": (0.0, 0.99),
    "eps": (1e-10, 1.0),
    "weight_decay": (0.0, 0.5),
    "clip_value": (0.0, 10.0),
    "clip_norm": (0.0, 10.0),
    BATCH: (1.0, 1024.0),
}
# how far a range may go (also the limits of a coarse-to-fine zoom); cs231n: lr = 10^U(-6, 1)
_HARD_LIMITS = {"lr": (1e-6, 10.0), "eps": (1e-16, 10.0), BATCH: (1.0, 1e6)}
_OPEN_MARGIN = 1e-4  # how close a range may come to an excluded bound such as momentum < 1


# --------------------------------------------------------------------------- axes


@dataclass(frozen=True)
class Axis:
    """One swept quantity: a hyperparameter name (or ``"batch"``) and its range.

    ``log`` spaces values geometrically (learning rates, eps, batch sizes).  Values include both ends
    of the range, like ``np.logspace``/``np.linspace``.  A batch size is not rounded: it only sets the
    noise σ₁/√batch, so a sweep may use the "effective" batch size 2.7 between 2 and 3.
    """

    name: str
    low: float
    high: float
    log: bool = False

    def values(self, n: int) -> np.ndarray:
        """``n`` values from low to high (both included), evenly spaced on this axis' scale."""
        return self.from_unit(np.linspace(0.0, 1.0, n) if n > 1 else np.array([0.5]))

    def from_unit(self, u) -> np.ndarray:
        """Map positions u ∈ [0, 1] across the box to values (geometric on a log axis)."""
        u = np.asarray(u, dtype=float)
        if self.log:
            lo, hi = math.log10(self.low), math.log10(self.high)
            v = 10.0 ** (lo + u * (hi - lo))
            # the ends exactly, so a grid includes the user's bounds to the last bit
            v = np.where(u == 0.0, self.low, np.where(u == 1.0, self.high, v))
        else:
            v = self.low + u * (self.high - self.low)
            v = np.where(u == 1.0, self.high, v)
        return v

    def to_unit(self, values) -> np.ndarray:
        """Positions across the box (0 at low, 1 at high) of ``values``, on this axis' scale."""
        v = np.asarray(values, dtype=float)
        if self.log:
            return (np.log10(v) - math.log10(self.low)) / (math.log10(self.high) - math.log10(self.low))
        return (v - self.low) / (self.high - self.low)

    def with_range(self, low: float, high: float) -> Axis:
        return replace(self, low=float(low), high=float(high))


def axis_options(optimizer_name: str) -> list[str]:
    """What a sweep axis may be for this optimizer: its float hyperparameters, then ``"batch"``."""
    specs = optimizers.optimizer_class(optimizer_name).spec_map()
    return [n for n, s in specs.items() if s.kind == "float" and s.batchable] + [BATCH]


def _spec(name: str, optimizer_name: str):
    specs = optimizers.optimizer_class(optimizer_name).spec_map()
    if name not in specs or specs[name].kind != "float":
        raise ValueError(f"{name!r} cannot be swept for {optimizer_name}; choose one of: "
                         f"{', '.join(axis_options(optimizer_name))}")
    return specs[name]


def axis_limits(name: str, optimizer_name: str) -> tuple[float, float]:
    """The widest range an axis may take (a zoom never leaves it)."""
    if name in _HARD_LIMITS:
        return _HARD_LIMITS[name]
    spec = _spec(name, optimizer_name)
    low = spec.low if spec.low is not None else (spec.ui_low if spec.ui_low is not None else -1e3)
    high = spec.high if spec.high is not None else max(10.0 * (spec.ui_high or 1.0), low + 1.0)
    if spec.log and low <= 0:
        low = 1e-16
    if spec.low_open and not spec.log:
        low += _OPEN_MARGIN * (high - low)
    if spec.high_open:
        high -= _OPEN_MARGIN * (high - low)
    return float(low), float(high)


def default_axis(name: str, optimizer_name: str) -> Axis:
    """The axis ``name`` with its default range and scale (log for lr, eps and batch size)."""
    if name == BATCH:
        low, high = _DEFAULT_RANGES[BATCH]
        return Axis(BATCH, low, high, log=True)
    spec = _spec(name, optimizer_name)
    if name in _DEFAULT_RANGES:
        low, high = _DEFAULT_RANGES[name]
    else:
        lim_low, lim_high = axis_limits(name, optimizer_name)
        low = spec.ui_low if spec.ui_low is not None else lim_low
        high = spec.ui_high if spec.ui_high is not None else lim_high
    return Axis(name, float(low), float(high), log=bool(spec.log))


def check_axis(axis: Axis, optimizer_name: str) -> Axis:
    """``axis`` if its range is usable for this optimizer, else ValueError saying what to change."""
    if axis.name != BATCH:
        _spec(axis.name, optimizer_name)
    lim_low, lim_high = axis_limits(axis.name, optimizer_name)
    if not (math.isfinite(axis.low) and math.isfinite(axis.high)):
        raise ValueError(f"the range of {axis.name} must be finite numbers "
                         f"(got {axis.low!r} to {axis.high!r})")
    if not axis.low < axis.high:
        raise ValueError(f"the range of {axis.name} must go from a smaller to a larger value "
                         f"(got {axis.low:g} to {axis.high:g})")
    if axis.low < lim_low or axis.high > lim_high:
        raise ValueError(f"the range of {axis.name} must stay within [{lim_low:g}, {lim_high:g}] "
                         f"(got {axis.low:g} to {axis.high:g})")
    if axis.log and axis.low <= 0:
        raise ValueError(f"{axis.name} is on a log scale: its range must start above 0 (got {axis.low:g})")
    return axis


# --------------------------------------------------------------------------- the sweep


@dataclass(frozen=True)
class SweepSpec:
    """Everything a sweep needs, as plain hashable values (a ``st.cache_data`` key).

    ``fixed`` holds the other hyperparameters as ``((name, value), ...)``; ``sigma`` is the gradient
    noise standard deviation at batch size 1 (0: exact gradients); ``batch`` the batch size used when
    batch size is not an axis; ``tol`` the loss gap f − f* that counts as converged.
    """

    optimizer: str
    x: Axis
    y: Axis
    nx: int = 64
    ny: int = 64
    steps: int = 300
    start: tuple[float, float] = (-7.0, 2.0)
    fixed: tuple = ()
    sigma: float = 0.0
    batch: float = 1.0
    seed: int = 0
    tol: float = 1e-6

    @property
    def cells(self) -> int:
        return self.nx * self.ny


def default_spec(optimizer_name: str = "sgd", x: str | Axis = "lr", y: str | Axis = "momentum",
                 **changes) -> SweepSpec:
    """The default sweep (the Distill phase diagram): SGD lr 1e-3…2 × momentum 0…0.99, 64 × 64, 300 steps.

    ``x`` and ``y`` are hyperparameter names (with their default ranges) or :class:`Axis` objects.
    """
    axes = [a if isinstance(a, Axis) else default_axis(a, optimizer_name) for a in (x, y)]
    return replace(SweepSpec(optimizer_name, *axes), **changes)


def check_spec(spec: SweepSpec) -> SweepSpec:
    """Validate a spec (ranges, sizes, hyperparameters); raise ValueError saying what to change."""
    optimizers.optimizer_class(spec.optimizer)
    if spec.x.name == spec.y.name:
        raise ValueError(f"the two axes must be different hyperparameters (both are {spec.x.name})")
    check_axis(spec.x, spec.optimizer)
    check_axis(spec.y, spec.optimizer)
    for label, n in (("x", spec.nx), ("y", spec.ny)):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 2 <= n <= MAX_RESOLUTION:
            raise ValueError(f"the {label} axis must have between 2 and {MAX_RESOLUTION} cells (got {n!r})")
    steps = spec.steps
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or not 1 <= steps <= MAX_STEPS:
        raise ValueError(f"steps must be a whole number from 1 to {MAX_STEPS} (got {spec.steps!r})")
    if len(spec.start) != 2 or not all(math.isfinite(float(v)) for v in spec.start):
        raise ValueError(f"the start must be two finite numbers (got {spec.start!r})")
    if not (math.isfinite(spec.sigma) and spec.sigma >= 0):
        raise ValueError(f"the gradient noise σ₁ must be a number ≥ 0 (got {spec.sigma!r})")
    if not (math.isfinite(spec.batch) and spec.batch >= 1):
        raise ValueError(f"the batch size must be ≥ 1 (got {spec.batch!r})")
    if BATCH in (spec.x.name, spec.y.name) and spec.sigma <= 0:
        raise ValueError("batch size only changes the gradient noise σ₁/√batch: set the noise σ₁ above 0 "
                         "to sweep it")
    if not (math.isfinite(spec.tol) and spec.tol > 0):
        raise ValueError(f"the tolerance must be a number > 0 (got {spec.tol!r})")
    swept = {spec.x.name, spec.y.name}
    clash = swept & {name for name, _ in spec.fixed}
    if clash:
        raise ValueError(f"{sorted(clash)[0]} is swept: it cannot also be fixed")
    build_optimizer(spec, *grid_values(spec)[2:])  # the optimizer's own checks (Nesterov needs momentum…)
    return spec


def grid_values(spec: SweepSpec) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(xv, yv, X, Y)``: the axis values and the flattened cell values (row-major, row = y index)."""
    xv = spec.x.values(spec.nx)
    yv = spec.y.values(spec.ny)
    X, Y = np.meshgrid(xv, yv)
    return xv, yv, X.ravel(), Y.ravel()


def _assignments(spec: SweepSpec, xs, ys) -> tuple[dict, np.ndarray | float]:
    """The hyperparameter values and the noise for runs with axis values ``xs``, ``ys``."""
    hp = dict(spec.fixed)
    batch: np.ndarray | float = spec.batch
    for axis, values in ((spec.x, xs), (spec.y, ys)):
        if axis.name == BATCH:
            batch = values
        else:
            hp[axis.name] = values
    noise = spec.sigma / np.sqrt(batch) if spec.sigma > 0 else 0.0
    return hp, noise


def build_optimizer(spec: SweepSpec, xs, ys):
    """The optimizer for runs with axis values ``xs``, ``ys`` (arrays for a batch, floats for one run)."""
    hp, _ = _assignments(spec, xs, ys)
    return optimizers.get(spec.optimizer, **hp)


def noise_for(spec: SweepSpec, xs, ys):
    """The gradient-noise standard deviation σ₁/√batch for runs with axis values ``xs``, ``ys``."""
    return _assignments(spec, xs, ys)[1]


def reference_loss(surface, final_losses: np.ndarray | None = None) -> tuple[float, bool]:
    """``(f*, known)``: the lowest known minimum, or (unknown minima) the lowest loss the runs reached."""
    if surface.minima:
        return float(min(m.value for m in surface.minima)), True
    finite = np.asarray(final_losses, dtype=float) if final_losses is not None else np.array([])
    finite = finite[np.isfinite(finite)]
    return (float(finite.min()) if finite.size else 0.0), False


#: the first recorded step from which f − f* stays within tol, per run: Compare's definition too
steps_to_tolerance = settled_steps


@dataclass
class SweepResult:
    """A finished sweep: per-cell metrics as ``(ny, nx)`` arrays (row = y index, column = x index)."""

    spec: SweepSpec
    x_values: np.ndarray
    y_values: np.ndarray
    final_loss: np.ndarray
    final_xy: np.ndarray  # (ny, nx, 2)
    diverged_at: np.ndarray  # -1: never
    steps_to_tol: np.ndarray  # NaN: not reached (or diverged)
    f_star: float
    f_star_known: bool
    record_every: int
    seconds: float
    theory: QuadraticTheory | None = None
    extra: dict = field(default_factory=dict)
    computed: np.ndarray | None = None  # (ny, nx) bool: False where a deadline left the cell unrun

    @property
    def complete(self) -> bool:
        return self.computed is None or bool(self.computed.all())

    @property
    def diverged(self) -> np.ndarray:
        return self.diverged_at >= 0

    @property
    def gap(self) -> np.ndarray:
        """f − f* at the final point (≥ 0; NaN where diverged)."""
        gap = np.maximum(self.final_loss - self.f_star, 0.0)
        return np.where(self.diverged, np.nan, gap)

    def metric(self, name: str) -> np.ndarray:
        """What a heatmap colours: ``final_loss`` (log10 of the gap), ``steps_to_tol``, ``divergence``
        (the step a run diverged at), ``rate`` (theory, on quadratics); NaN where it does not apply."""
        if name == "final_loss":
            with np.errstate(divide="ignore"):
                return np.maximum(np.log10(self.gap), LOG_GAP_FLOOR)
        if name == "steps_to_tol":
            return np.where(self.diverged, np.nan, self.steps_to_tol)
        if name == "divergence":
            return np.where(self.diverged, self.diverged_at.astype(float), np.nan)
        if name == "rate":
            rate = theory_rate_grid(self.spec, self.theory)
            if rate is None:
                raise ValueError("the theoretical rate needs SGD on a quadratic surface with lr and momentum "
                                 "as the two axes")
            return rate
        raise ValueError(f"unknown metric {name!r}; choose one of: {', '.join(METRICS)}")

    def cell_values(self, i: int, j: int) -> tuple[float, float]:
        """The (x, y) axis values of cell (column i, row j)."""
        return float(self.x_values[i]), float(self.y_values[j])

    def best_cell(self) -> tuple[int, int] | None:
        """(i, j) of the sweep's best cell, the one the page shows and names; None: every cell diverged.

        One definition whatever the map is coloured by: the cell that reaches the tolerance in the
        fewest steps (:func:`steps_to_tolerance`: and stays within it to the end), ties going to the
        smaller final gap f − f*; when no cell reaches the tolerance, the smallest final gap.  Speed
        first because on a bowl most converging cells end far below what the colours tell apart
        (f − f* < 1e-16, LOG_GAP_FLOOR), where the lowest final loss would choose by differences
        nobody can see.
        """
        gap = np.where(np.isfinite(self.gap), self.gap, np.inf).ravel()
        steps = np.where(self.diverged, np.nan, self.steps_to_tol).ravel()
        if not np.isfinite(gap).any():
            return None
        keys = np.where(np.isfinite(steps), steps, np.inf)
        order = np.lexsort((gap, keys))  # fewest steps, then the smaller gap
        j, i = divmod(int(order[0]), self.spec.nx)
        return i, j


def record_every(spec: SweepSpec) -> int:
    """Every how many steps the losses are recorded: all of them while the grid fits RECORD_BUDGET."""
    return max(1, math.ceil((spec.steps + 1) * spec.cells / RECORD_BUDGET))


def _plan(spec: SweepSpec):
    """``(record, order, blocks)``: how the cells go through the engine, the same for a sweep and a cell.

    Rows run in :func:`landscapes.budget.spread` order, whole rows per block.
    """
    every = record_every(spec)
    record = "full" if every == 1 else every
    order = (spread(spec.ny)[:, None] * spec.nx + np.arange(spec.nx)).ravel()
    return record, order, blocks_of(order, block_size(spec.steps, record, group=spec.nx))


def _batch(surface, spec: SweepSpec) -> Batch:
    _, _, xs, ys = grid_values(spec)
    return Batch.of(surface, build_optimizer(spec, xs, ys), spec.start, spec.steps,
                    noise=noise_for(spec, xs, ys), seed=spec.seed)


def sweep_within(surface, spec: SweepSpec, limit: float = math.inf,
                 progress: Callable[[float], None] | None = None) -> Outcome[SweepResult | None]:
    """Run the grid within ``limit`` CPU seconds: the whole sweep, the rows that fit, or a refusal.

    The outcome counts rows of the grid; a partial result has NaN (and ``computed`` False) in the
    rows the deadline left out, a refused one is None.
    """
    check_spec(spec)
    xv, yv, _, _ = grid_values(spec)
    record, order, _ = _plan(spec)
    recorded = recorded_steps(spec.steps, record)
    final_xy = np.full((spec.cells, 2), np.nan)
    final_loss = np.full(spec.cells, np.nan)
    diverged_at = np.full(spec.cells, -1, dtype=np.int64)
    losses = np.full((len(recorded), spec.cells), np.nan)  # at most RECORD_BUDGET (+ one row) entries

    def keep(traj: Trajectory, rows: np.ndarray) -> None:
        final_xy[rows] = traj.final_xy
        final_loss[rows] = traj.final_loss
        diverged_at[rows] = traj.diverged_at
        losses[:, rows] = traj.loss

    began = time.perf_counter()
    outcome = run_blocks(_batch(surface, spec), keep, record=record, order=order, group=spec.nx, limit=limit,
                         progress=progress)
    seconds = time.perf_counter() - began
    if outcome.refused:
        return outcome.with_value(None)
    computed = np.zeros(spec.cells, dtype=bool)
    computed[outcome.value] = True
    diverged = diverged_at >= 0
    f_star, known = reference_loss(surface, np.where(diverged, np.nan, final_loss))
    gap = np.maximum(losses - f_star, 0.0)
    to_tol = steps_to_tolerance(recorded, gap, spec.tol)
    to_tol = np.where(diverged | ~computed, np.nan, to_tol)
    shift = dict(spec.fixed).get("weight_decay", 0.0)
    shape = (spec.ny, spec.nx)
    result = SweepResult(
        spec=spec, x_values=xv, y_values=yv, final_loss=final_loss.reshape(shape),
        final_xy=final_xy.reshape(shape + (2,)), diverged_at=diverged_at.reshape(shape),
        steps_to_tol=to_tol.reshape(shape), f_star=f_star, f_star_known=known,
        record_every=record_every(spec), seconds=seconds,
        theory=quadratic_theory(surface, weight_decay=float(shift)), computed=computed.reshape(shape),
    )
    return outcome.with_value(result, done=int(computed.reshape(shape).all(axis=1).sum()), total=spec.ny)


def run_sweep(surface, spec: SweepSpec, progress: Callable[[float], None] | None = None) -> SweepResult:
    """Run every cell of the grid (without a time limit) and compute the metrics."""
    return sweep_within(surface, spec, progress=progress).value


def cell_run(surface, spec: SweepSpec, i: int, j: int) -> Trajectory:
    """The full run of cell (column i, row j): every step recorded.

    With exact gradients this is the single run with the cell's scalar hyperparameters (the same
    numbers as the cell in the grid).  With gradient noise, a run's noise is its row of the draws of
    its block (see :mod:`landscapes.blocks`): those draws are replayed, and only this cell is run.
    """
    check_spec(spec)
    if not (0 <= i < spec.nx and 0 <= j < spec.ny):
        raise ValueError(f"cell ({i}, {j}) is outside the {spec.nx} × {spec.ny} grid")
    xv, yv, _, _ = grid_values(spec)
    x, y = float(xv[i]), float(yv[j])
    if spec.sigma <= 0:
        return optimizers.run(surface, build_optimizer(spec, x, y), spec.start, spec.steps)
    _, _, blocks = _plan(spec)
    cell = j * spec.nx + i
    index = next(k for k, rows in enumerate(blocks) if cell in rows)
    position = int(np.flatnonzero(blocks[index] == cell)[0])
    replay = _NoiseReplay(surface, spec.steps, len(blocks[index]), position, noise_for(spec, x, y),
                          block_seed(spec.seed, index))
    return optimizers.run(replay, build_optimizer(spec, x, y), spec.start, spec.steps)


class _NoiseReplay:
    """The surface, its gradients carrying the noise one run of a block saw (row ``position`` of n).

    The engine adds ``σ·z`` to each gradient, z drawn as ``rng.standard_normal((n, 2))`` per step
    from ``default_rng([seed, 0])`` for a block of n runs; drawing the same numbers and keeping row
    ``position`` gives the run the very noise it had in the grid, at the cost of the draws alone.
    """

    def __init__(self, surface, steps: int, n: int, position: int, sigma: float, seed: int):
        rng = np.random.default_rng([seed, 0])
        self._noise = np.array([sigma * rng.standard_normal((n, 2))[position] for _ in range(steps)])
        self._surface = surface
        self._step = 0
        self.name = getattr(surface, "name", "")

    def f(self, xy):
        return self._surface.f(xy)

    def hessian(self, xy):
        return self._surface.hessian(xy)

    def grad(self, xy):
        g = self._surface.grad(xy)
        if np.shape(xy) != (1, 2) or self._step >= len(self._noise):  # the engine's final evaluation
            return g
        g = g + self._noise[self._step]
        self._step += 1
        return g


def nearest_cell(spec: SweepSpec, x: float, y: float) -> tuple[int, int]:
    """The cell (i, j) whose centre is nearest to axis values (x, y), measured on each axis' scale."""
    xv, yv = spec.x.values(spec.nx), spec.y.values(spec.ny)
    i = int(np.argmin(np.abs(spec.x.to_unit(xv) - spec.x.to_unit(x))))
    j = int(np.argmin(np.abs(spec.y.to_unit(yv) - spec.y.to_unit(y))))
    return i, j


# --------------------------------------------------------------------------- theory on quadratics


@dataclass(frozen=True)
class QuadraticTheory:
    """Read-outs for a quadratic bowl with Hessian eigenvalues λmin ≤ λmax (both > 0).

    Heavy-ball momentum here is torch's SGD: ``b = μb + ∇f``, ``θ -= lr·b`` (Distill's z, w form).
    """

    lmin: float
    lmax: float

    @property
    def kappa(self) -> float:
        return self.lmax / self.lmin

    @property
    def gd_limit(self) -> float:
        """Plain gradient descent diverges for lr ≥ 2/λmax."""
        return 2.0 / self.lmax

    @property
    def gd_best_lr(self) -> float:
        return 2.0 / (self.lmin + self.lmax)

    @property
    def gd_rate(self) -> float:
        return (self.kappa - 1.0) / (self.kappa + 1.0)

    @property
    def hb_lr(self) -> float:
        return (2.0 / (math.sqrt(self.lmax) + math.sqrt(self.lmin))) ** 2

    @property
    def hb_momentum(self) -> float:
        root = math.sqrt(self.kappa)
        return ((root - 1.0) / (root + 1.0)) ** 2

    @property
    def hb_rate(self) -> float:
        return math.sqrt(self.hb_momentum)

    def stability_limit(self, momentum, nesterov: bool = False):
        """The largest stable lr at momentum μ: 2(1+μ)/λmax (heavy ball), 2(1+μ)/((1+2μ)λmax) (Nesterov)."""
        mu = np.asarray(momentum, dtype=float)
        limit = 2.0 * (1.0 + mu) / self.lmax
        return limit / (1.0 + 2.0 * mu) if nesterov else limit

    def rate(self, lr, momentum, nesterov: bool = False) -> np.ndarray:
        """The asymptotic convergence rate (spectral radius of one step), max over both eigen-directions.

        Per eigenvalue λ with h = lr·λ, the error obeys a two-term recurrence with characteristic
        polynomial z² − (1+μ−h) z + μ (heavy ball) or z² − (1+μ)(1−h) z + μ(1−h) (Nesterov);
        the rate is its largest root in modulus.  ≥ 1 means the run does not converge.
        """
        lr = np.asarray(lr, dtype=float)
        mu = np.asarray(momentum, dtype=float)
        worst = np.zeros(np.broadcast(lr, mu).shape)
        for lam in (self.lmin, self.lmax):
            h = lr * lam
            if nesterov:
                a, c = (1.0 + mu) * (1.0 - h), mu * (1.0 - h)
            else:
                a, c = 1.0 + mu - h, mu + 0.0 * h
            disc = np.sqrt((a * a - 4.0 * c).astype(complex))
            radius = np.maximum(np.abs((a + disc) / 2.0), np.abs((a - disc) / 2.0))
            worst = np.maximum(worst, radius)
        return worst


def quadratic_eigenvalues(surface, weight_decay: float = 0.0) -> tuple[float, float] | None:
    """(λmin, λmax) of a quadratic surface whose Hessian is positive definite, else None.

    Whether the surface is quadratic is its own statement (``surface.quadratic``: declared by each
    built-in surface, decided symbolically for a formula), never a guess from a few sampled Hessians:
    a surface that is a bowl almost everywhere (the valley with a cliff) is not a quadratic, and the
    stability limits would be false on it.  Its Hessian being constant, one point gives it.
    ``weight_decay`` λ adds λ·I (an L2 term) to the Hessian.
    """
    if getattr(surface, "quadratic", False) is not True:
        return None
    with np.errstate(all="ignore"):
        hessian = surface.hessian(np.array(surface.start, dtype=float))
    if not np.isfinite(hessian).all():
        return None
    eig = np.linalg.eigvalsh(hessian) + weight_decay
    if eig[0] <= 0:
        return None
    return float(eig[0]), float(eig[1])


def quadratic_theory(surface, weight_decay: float = 0.0) -> QuadraticTheory | None:
    """:class:`QuadraticTheory` for a quadratic bowl, or None for any other surface."""
    eig = quadratic_eigenvalues(surface, weight_decay)
    return None if eig is None else QuadraticTheory(*eig)


def theory_applies(spec: SweepSpec, theory: QuadraticTheory | None) -> bool:
    """The heavy-ball read-outs hold for SGD without dampening and with weight decay not swept."""
    if theory is None or spec.optimizer != "sgd":
        return False
    fixed = dict(spec.fixed)
    swept = {spec.x.name, spec.y.name}
    return fixed.get("dampening", 0.0) == 0 and "dampening" not in swept and "weight_decay" not in swept


def theory_rate_grid(spec: SweepSpec, theory: QuadraticTheory | None) -> np.ndarray | None:
    """The theoretical rate on the grid (``(ny, nx)``) when the axes are lr and momentum, else None."""
    if not theory_applies(spec, theory) or {spec.x.name, spec.y.name} != {"lr", "momentum"}:
        return None
    xv, yv, xs, ys = grid_values(spec)
    lr, mu = (xs, ys) if spec.x.name == "lr" else (ys, xs)
    nesterov = bool(dict(spec.fixed).get("nesterov", False))
    return theory.rate(lr, mu, nesterov=nesterov).reshape(spec.ny, spec.nx)


# --------------------------------------------------------------------------- a cell on the Compare page

#: the Compare page runs at most this many steps
COMPARE_MAX_STEPS = compare_config.MAX_STEPS


def cell_hyperparameters(spec: SweepSpec, i: int, j: int) -> tuple[dict, float]:
    """The hyperparameters (fixed and swept) and the noise σ of cell (column i, row j)."""
    xv, yv = spec.x.values(spec.nx), spec.y.values(spec.ny)
    hp, noise = _assignments(spec, float(xv[i]), float(yv[j]))
    return hp, float(noise)


def compare_query(spec: SweepSpec, i: int, j: int, surface_name: str, surface_params: tuple = (),
                  expression: str = "", surface=None) -> dict[str, str]:
    """The query string that opens cell (i, j) on the Compare page: its optimizer and hyperparameters,
    surface, start and steps (at most COMPARE_MAX_STEPS), written by Compare's own codec
    (``comparison.codec.query_for``).  Compare draws its own noise from a batch size it offers, so a
    noisy cell gets the offered batch size whose noise is nearest the cell's."""
    hp, noise = cell_hyperparameters(spec, i, j)
    batch = 0
    if noise > 0:
        if surface is None:
            surface = compare_config.build_surface(surface_name, tuple(surface_params), expression)
        sigma_one = compare_config.noise_scale(surface)
        offered = [b for b in compare_config.BATCHES if b > 0]
        batch = min(offered, key=lambda b: abs(math.log(compare_config.noise_sigma(sigma_one, b) / noise)))
    config = compare_config.CompareConfig(
        (compare_config.OptimizerConfig(spec.optimizer, tuple(hp.items())),), surface_name, tuple(surface_params),
        expression, (float(spec.start[0]), float(spec.start[1])), min(spec.steps, COMPARE_MAX_STEPS), batch,
        spec.seed if noise > 0 else 0,
    )
    return compare_codec.query_for(config)
