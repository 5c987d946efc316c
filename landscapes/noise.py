r"""Mini-batch noise: how batch size shapes a stochastic path, and the linear scaling rule.

A mini-batch gradient is the mean of B per-example gradients.  If one example's gradient scatters
around the true gradient with standard deviation σ₁ (per component), the mean of B of them scatters
with

.. math:: \sigma_B = \sigma_1 / \sqrt{B},

so a smaller batch gives a noisier step.  :func:`batch_study` runs one optimizer with that noise
for several batch sizes and several seeds, one vectorized engine call per batch size;
:func:`lr_sweep` finds, for each batch size, which learning rate ends lowest — smaller batches need
smaller rates.  Each batch size draws its noise from its own seed (derived from the seed and the
batch size), so adding a batch size to a study leaves the others' curves as they were, and the
``*_within`` versions can stop between batch sizes when their time is up (:mod:`landscapes.budget`).

The linear scaling rule: multiply the learning rate by the same factor as the batch size,
``lr = lr₀·B/B₀``.  For SGD near a minimum with curvature λ, the spread of the iterates settles at a
variance of about ``lr·σ₁²/(2λB)``, which the rule keeps constant, while a larger batch (with its
larger rate) needs proportionally fewer steps: plotted against examples seen (steps × B), the loss
curves of different batch sizes nearly coincide, until the rate reaches the stability limit.

It is an empirical rule with conditions: runs compared on the same number of examples (a B-times
larger batch takes B times fewer steps), gradient noise that dominates, and a scaled rate well below
the stability limit 2/λmax.  :func:`lr_sweep` gives every batch size the same number of *steps*
instead, and there the best rate grows much more slowly than B: on the book's bowl with the page's
defaults the fitted exponent is about 0.17, against about 0.8 when every batch size sees the same
number of examples (tests/test_noise_scaling.py).  :func:`best_lr_scaling` reads the exponent, the
plateaus, the grid's edges and the stability limit off a sweep, so the page's conclusion is the
sweep's own.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

import optimizers
from landscapes.blocks import Batch, run_batches
from landscapes.budget import Outcome, spread
from landscapes.sweep import quadratic_theory

MAX_BATCH = 65536
MAX_BATCH_SIZES = 8
MAX_SEEDS = 32
MAX_STEPS = 2000
MAX_LRS = 25


@contextmanager
def _quiet():
    """Silence NumPy's 'mean of empty slice': when every seed diverged, NaN is the honest answer."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def noise_std(sigma1: float, batch_size) -> np.ndarray | float:
    """σ₁/√B: the gradient-noise standard deviation of a mini-batch of ``batch_size`` examples."""
    batch = np.asarray(batch_size, dtype=float)
    if sigma1 < 0 or not np.isfinite(sigma1):
        raise ValueError(f"the per-example noise σ₁ must be a finite number ≥ 0 (got {sigma1!r})")
    if (batch < 1).any():
        raise ValueError(f"batch sizes must be ≥ 1 (got {batch_size!r})")
    out = sigma1 / np.sqrt(batch)
    return float(out) if out.ndim == 0 else out


def scaled_lr(lr0: float, batch_size, base_batch: float) -> np.ndarray | float:
    """The linear scaling rule: ``lr₀·B/B₀``."""
    if base_batch < 1:
        raise ValueError(f"the base batch size must be ≥ 1 (got {base_batch!r})")
    out = lr0 * np.asarray(batch_size, dtype=float) / float(base_batch)
    return float(out) if out.ndim == 0 else out


def check_batch_sizes(batch_sizes) -> np.ndarray:
    """The batch sizes as a sorted array of distinct whole numbers in [1, MAX_BATCH], or ValueError."""
    try:
        values = np.asarray(batch_sizes, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise ValueError(f"batch sizes must be whole numbers (got {batch_sizes!r})") from None
    if values.size == 0:
        raise ValueError("give at least one batch size")
    if values.size > MAX_BATCH_SIZES:
        raise ValueError(f"at most {MAX_BATCH_SIZES} batch sizes at once (got {values.size})")
    if not np.isfinite(values).all() or (values != np.round(values)).any():
        raise ValueError(f"batch sizes must be whole numbers (got {batch_sizes!r})")
    if (values < 1).any() or (values > MAX_BATCH).any():
        raise ValueError(f"batch sizes must be between 1 and {MAX_BATCH} (got {batch_sizes!r})")
    return np.unique(values.astype(np.int64))


def _check_count(name: str, value, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 1 <= value <= high:
        raise ValueError(f"{name} must be a whole number from 1 to {high} (got {value!r})")
    return int(value)


def size_seed(seed: int, batch_size: int) -> int:
    """The noise seed of one batch size's runs: the same whichever other batch sizes are studied."""
    return int(np.random.SeedSequence([int(seed), int(batch_size)]).generate_state(1)[0])


def _check_sigma(sigma1) -> float:
    if (
        isinstance(sigma1, bool)
        or not isinstance(sigma1, (int, float, np.number))
        or not np.isfinite(sigma1)
        or sigma1 < 0
    ):
        raise ValueError(f"the per-example noise σ₁ must be a finite number ≥ 0 (got {sigma1!r})")
    return float(sigma1)


@dataclass
class BatchStudy:
    """The answer of :func:`batch_study`.  K batch sizes, S seeds, R recorded steps.

    ``paths`` is the first seed's path per batch size ``(R, K, 2)`` and ``clean_paths`` the path the
    same optimizer takes without noise (the full-batch path); ``loss_mean``, ``loss_low`` and
    ``loss_high`` are the mean and the 10th/90th percentiles over seeds ``(R, K)``; ``deviation``
    ``(K,)`` is the root-mean-square distance between the noisy paths and the noise-free one, over
    steps and seeds: how far the noise pushes the path off course.
    """

    batch_sizes: np.ndarray
    lr: np.ndarray
    noise: np.ndarray
    steps: np.ndarray
    paths: np.ndarray
    clean_paths: np.ndarray
    clean_loss: np.ndarray  # (R, K)
    loss_mean: np.ndarray
    loss_low: np.ndarray
    loss_high: np.ndarray
    final_loss: np.ndarray  # (K, S)
    diverged: np.ndarray  # (K, S) bool
    diverged_at: np.ndarray  # (K,) of the first seed (for the path's ✕)
    deviation: np.ndarray  # (K,)
    seeds: int


def batch_study(
    surface,
    optimizer: str,
    hyperparameters: dict,
    start,
    steps: int,
    batch_sizes,
    sigma1: float,
    seeds: int = 8,
    scale_lr: bool = False,
    base_batch: int | None = None,
    seed: int = 0,
    schedule=None,
    progress: Callable[[float], None] | None = None,
) -> BatchStudy:
    """Run ``optimizer`` with noise σ₁/√B for every batch size B and ``seeds`` seeds.

    ``hyperparameters`` are scalars (``lr`` is lr₀).  With ``scale_lr`` the rate of batch size B is
    ``lr₀·B/B₀`` (``base_batch`` B₀, default the smallest batch size).  No time limit: see
    :func:`study_within`.
    """
    return study_within(surface, optimizer, hyperparameters, start, steps, batch_sizes, sigma1, seeds, scale_lr,
                        base_batch, seed, schedule, progress=progress).value


def study_within(
    surface,
    optimizer: str,
    hyperparameters: dict,
    start,
    steps: int,
    batch_sizes,
    sigma1: float,
    seeds: int = 8,
    scale_lr: bool = False,
    base_batch: int | None = None,
    seed: int = 0,
    schedule=None,
    limit: float = math.inf,
    progress: Callable[[float], None] | None = None,
) -> Outcome[BatchStudy | None]:
    """:func:`batch_study` within ``limit`` CPU seconds; the outcome counts batch sizes.

    The batch sizes run in spread order (smallest, middle, …); cut short, the study has those that
    ran (sorted); refused, it is None.
    """
    sizes = check_batch_sizes(batch_sizes)
    steps = _check_count("steps", steps, MAX_STEPS)
    seeds = _check_count("seeds", seeds, MAX_SEEDS)
    sigma1 = _check_sigma(sigma1)
    hp = dict(hyperparameters)
    lr0 = float(hp.pop("lr", optimizers.optimizer_class(optimizer).spec_map()["lr"].default))
    b0 = int(sizes[0]) if base_batch is None else _check_count("base batch size", base_batch, MAX_BATCH)
    lr = scaled_lr(lr0, sizes, b0) if scale_lr else np.full(len(sizes), lr0)
    noise = noise_std(sigma1, sizes)
    s = seeds
    # per batch size: S noisy runs, then one without noise (the full-batch path)
    batches = []
    for lr_k, noise_k, size in zip(lr, noise, sizes):
        rows_noise = np.append(np.full(s, noise_k), 0.0)
        opt = optimizers.get(optimizer, lr=np.full(s + 1, lr_k), **hp)
        batches.append(Batch.of(surface, opt, start, steps, noise=rows_noise, seed=size_seed(seed, size),
                                schedule=schedule))
    runs: dict[int, object] = {}

    def keep(traj, k: int) -> None:
        runs[k] = traj

    outcome = run_batches(batches, keep, record="full", order=spread(len(sizes)), limit=limit, progress=progress)
    if outcome.refused:
        return outcome.with_value(None)
    done = sorted(runs)
    trajs = [runs[k] for k in done]
    k = len(done)
    loss_all = np.stack([t.loss for t in trajs], axis=1)  # (R, K, S + 1)
    xy_all = np.stack([t.xy for t in trajs], axis=1)  # (R, K, S + 1, 2)
    diverged_all = np.stack([t.diverged for t in trajs])  # (K, S + 1)
    loss, xy, diverged = loss_all[:, :, :s], xy_all[:, :, :s], diverged_all[:, :s]
    clean_xy = xy_all[:, :, s]
    # a diverged run's loss is frozen at its last good point; leaving it in would hide the blow-up
    masked = np.where(diverged[None], np.nan, loss)
    gap = np.sqrt(((xy - clean_xy[:, :, None, :]) ** 2).sum(axis=-1))  # (R, K, S)
    gap = np.where(diverged[None] | diverged_all[None, :, s:], np.nan, gap)
    with _quiet():
        loss_mean = np.nanmean(masked, axis=2)
        loss_low = np.nanpercentile(masked, 10, axis=2)
        loss_high = np.nanpercentile(masked, 90, axis=2)
        deviation = np.sqrt(np.nanmean(gap**2, axis=(0, 2)))
    study = BatchStudy(
        batch_sizes=sizes[done],
        lr=np.asarray(lr, dtype=float)[done],
        noise=np.asarray(noise, dtype=float)[done],
        steps=trajs[0].steps,
        paths=xy[:, :, 0, :].copy(),
        clean_paths=clean_xy.copy(),
        clean_loss=loss_all[:, :, s].copy(),
        loss_mean=loss_mean,
        loss_low=loss_low,
        loss_high=loss_high,
        final_loss=loss[-1].copy(),
        diverged=diverged,
        diverged_at=np.array([t.diverged_at[0] for t in trajs]),
        deviation=deviation,
        seeds=s,
    )
    return outcome.with_value(study, done=k, total=len(sizes))


@dataclass
class LrSweep:
    """The answer of :func:`lr_sweep`: for K batch sizes and L learning rates.

    ``loss`` ``(K, L)`` is the loss averaged over the last fifth of the run and over seeds (NaN when
    any seed diverged); ``best_lr`` ``(K,)`` is the rate with the lowest such loss per batch size.
    """

    batch_sizes: np.ndarray
    lrs: np.ndarray
    loss: np.ndarray
    diverged_fraction: np.ndarray
    best_lr: np.ndarray


def lr_sweep(
    surface,
    optimizer: str,
    hyperparameters: dict,
    start,
    steps: int,
    batch_sizes,
    lrs,
    sigma1: float,
    seeds: int = 8,
    seed: int = 0,
    progress: Callable[[float], None] | None = None,
) -> LrSweep:
    """Which learning rate works best for each batch size (noise σ₁/√B); no time limit."""
    return lr_sweep_within(surface, optimizer, hyperparameters, start, steps, batch_sizes, lrs, sigma1, seeds,
                           seed, progress=progress).value


def lr_sweep_within(
    surface,
    optimizer: str,
    hyperparameters: dict,
    start,
    steps: int,
    batch_sizes,
    lrs,
    sigma1: float,
    seeds: int = 8,
    seed: int = 0,
    limit: float = math.inf,
    progress: Callable[[float], None] | None = None,
) -> Outcome[LrSweep | None]:
    """:func:`lr_sweep` within ``limit`` CPU seconds; the outcome counts batch sizes, as :func:`study_within`."""
    sizes = check_batch_sizes(batch_sizes)
    steps = _check_count("steps", steps, MAX_STEPS)
    seeds = _check_count("seeds", seeds, MAX_SEEDS)
    sigma1 = _check_sigma(sigma1)
    lrs = np.asarray(lrs, dtype=float).reshape(-1)
    if lrs.size == 0 or lrs.size > MAX_LRS or not np.isfinite(lrs).all() or (lrs <= 0).any():
        raise ValueError(f"give 1 to {MAX_LRS} learning rates > 0 (got {lrs!r})")
    hp = {key: value for key, value in hyperparameters.items() if key != "lr"}
    n_lr, s = len(lrs), seeds
    every = max(1, steps // 50)
    # per batch size: row = lr index * S + seed index
    opt = optimizers.get(optimizer, lr=np.repeat(lrs, s), **hp)
    batches = [Batch.of(surface, opt, start, steps, noise=np.full(n_lr * s, noise_std(sigma1, size)),
                        seed=size_seed(seed, size)) for size in sizes]
    tails: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def keep(traj, k: int) -> None:
        last = traj.steps >= steps - steps // 5
        tails[k] = traj.loss[last].mean(axis=0).reshape(n_lr, s), traj.diverged.reshape(n_lr, s)

    outcome = run_batches(batches, keep, record=every, order=spread(len(sizes)), limit=limit, progress=progress)
    if outcome.refused:
        return outcome.with_value(None)
    done = sorted(tails)
    tail_loss = np.stack([tails[k][0] for k in done])  # (K, L, S)
    diverged = np.stack([tails[k][1] for k in done])
    loss = np.where(diverged.any(axis=2), np.nan, tail_loss.mean(axis=2))
    best = np.full(len(done), np.nan)
    for i in range(len(done)):
        if np.isfinite(loss[i]).any():
            best[i] = lrs[np.nanargmin(loss[i])]
    sweep = LrSweep(batch_sizes=sizes[done], lrs=lrs, loss=loss, diverged_fraction=diverged.mean(axis=2),
                    best_lr=best)
    return outcome.with_value(sweep, done=len(done), total=len(sizes))


# --------------------------------------------------------------------------- what a sweep shows

#: how the best rate grows with B, by the fitted exponent p of best lr ∝ B^p (see _scaling_kind)
SCALING_KINDS = ("linear", "sqrt", "slow", "flat", "falling")


def _scaling_kind(exponent: float) -> str:
    """The nearest description of ``exponent``: ≥ 0.75 about B, ≥ 0.35 about √B, ≥ 0.1 slower than √B,
    above -0.1 flat, else falling (the boundaries lie between the exponents 1, 1/2 and 0 they name)."""
    if exponent >= 0.75:
        return "linear"
    if exponent >= 0.35:
        return "sqrt"
    if exponent >= 0.1:
        return "slow"
    return "flat" if exponent > -0.1 else "falling"


@dataclass(frozen=True)
class Scaling:
    """How the best learning rate of an :class:`LrSweep` scales with the batch size B.

    ``exponent`` p is the least-squares slope of log(best lr) against log(B) over every batch size
    with a best rate (``batch_sizes``, ``best_lr``), so best lr ∝ B^p; ``kind`` names it
    (:data:`SCALING_KINDS`).  The rates tried are ``ratio``× apart, so a best rate is known to within
    a factor ``ratio`` and the exponent to about ``resolution`` = log(ratio)/log(B_max/B_min).
    ``plateau_from`` is the batch size from which the best rate no longer changes up to the largest
    one (at least two sizes, not all), or None.  ``at_top`` / ``at_bottom``: batch sizes whose best
    rate is the highest / lowest rate tried (the best may lie beyond the range).  ``next_diverged``:
    those whose next higher rate diverged for some seed; ``past_limit``: those whose next higher rate
    is at or past ``limit``, the stability limit when it is known (SGD on a quadratic bowl).
    """

    batch_sizes: np.ndarray
    best_lr: np.ndarray
    exponent: float
    resolution: float
    ratio: float
    kind: str
    plateau_from: int | None
    at_top: tuple[int, ...]
    at_bottom: tuple[int, ...]
    next_diverged: tuple[int, ...]
    past_limit: tuple[int, ...]
    limit: float | None

    @property
    def linear_prediction(self) -> float:
        """What the linear scaling rule predicts for the largest batch from the smallest one's best rate."""
        return float(self.best_lr[0] * self.batch_sizes[-1] / self.batch_sizes[0])


def best_lr_scaling(sweep: LrSweep, limit: float | None = None) -> Scaling | None:
    """Read how the best rate scales with B off ``sweep``; None when fewer than two batch sizes have one.

    ``limit`` is the stability limit of the rate, when known (:func:`sgd_stability_limit`).
    """
    has_best = np.isfinite(sweep.best_lr)
    if has_best.sum() < 2:
        return None
    sizes = np.asarray(sweep.batch_sizes, dtype=float)[has_best]
    best = np.asarray(sweep.best_lr, dtype=float)[has_best]
    log_b, log_lr = np.log(sizes), np.log(best)
    exponent = float(np.polyfit(log_b, log_lr, 1)[0])
    order = np.argsort(sweep.lrs)
    rates = np.asarray(sweep.lrs, dtype=float)[order]
    ratio = float(np.exp(np.median(np.diff(np.log(rates))))) if len(rates) > 1 else 1.0
    resolution = float(np.log(ratio) / (log_b[-1] - log_b[0]))
    same = np.flatnonzero(best != best[-1])
    tail = len(best) - (int(same[-1]) + 1 if same.size else 0)  # sizes at the end sharing the last best rate
    plateau_from = int(sizes[-tail]) if 2 <= tail < len(best) else None
    diverged = np.asarray(sweep.diverged_fraction)[has_best][:, order]
    at_top, at_bottom, next_diverged, past_limit = [], [], [], []
    for k, (size, lr) in enumerate(zip(sizes.astype(int), best)):
        index = int(np.searchsorted(rates, lr))
        if len(rates) > 1 and index == len(rates) - 1:
            at_top.append(int(size))
        if len(rates) > 1 and index == 0:
            at_bottom.append(int(size))
        if index + 1 < len(rates):
            if diverged[k, index + 1] > 0:
                next_diverged.append(int(size))
            if limit is not None and rates[index + 1] >= limit:
                past_limit.append(int(size))
    return Scaling(sizes.astype(int), best, exponent, resolution, ratio, _scaling_kind(exponent), plateau_from,
                   tuple(at_top), tuple(at_bottom), tuple(next_diverged), tuple(past_limit), limit)


def sgd_stability_limit(surface, optimizer: str, hyperparameters: dict) -> float | None:
    """The largest stable rate of SGD on a quadratic bowl: 2(1+μ)/λmax (2/λmax without momentum,
    2(1+μ)/((1+2μ)λmax) with Nesterov), weight decay adding to λ; None for any other optimizer or
    surface, or with dampening or gradient clipping, which change the limit."""
    hp = dict(hyperparameters)
    if optimizer != "sgd" or any(float(hp.get(name, 0.0)) != 0 for name in ("dampening", "clip_value", "clip_norm")):
        return None
    theory = quadratic_theory(surface, weight_decay=float(hp.get("weight_decay", 0.0)))
    if theory is None:
        return None
    momentum = float(hp.get("momentum", 0.0))
    return float(theory.stability_limit(momentum, bool(hp.get("nesterov", False)) and momentum > 0))
