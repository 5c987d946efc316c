r"""Mini-batch noise: how batch size shapes a stochastic path, and the linear scaling rule.

A mini-batch gradient is the mean of B per-example gradients.  If one example's gradient scatters
around the true gradient with standard deviation σ₁ (per component), the mean of B of them scatters
with

.. math:: \sigma_B = \sigma_1 / \sqrt{B},

so a smaller batch gives a noisier step.  :func:`batch_study` runs one optimizer with that noise
for several batch sizes and several seeds in one vectorized engine call; :func:`lr_sweep` finds, for
each batch size, which learning rate ends lowest — smaller batches need smaller rates.

The linear scaling rule: multiply the learning rate by the same factor as the batch size,
``lr = lr₀·B/B₀``.  For SGD near a minimum with curvature λ, the spread of the iterates settles at a
variance of about ``lr·σ₁²/(2λB)``, which the rule keeps constant, while a larger batch (with its
larger rate) needs proportionally fewer steps: plotted against examples seen (steps × B), the loss
curves of different batch sizes nearly coincide, until the rate reaches the stability limit.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

import optimizers

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
    """Run ``optimizer`` with noise σ₁/√B for every batch size B and ``seeds`` seeds, in one engine call.

    ``hyperparameters`` are scalars (``lr`` is lr₀).  With ``scale_lr`` the rate of batch size B is
    ``lr₀·B/B₀`` (``base_batch`` B₀, default the smallest batch size).
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

    k, s = len(sizes), seeds
    # row = batch index * (S + 1) + seed index; the last row of each batch size runs without noise
    rows_lr = np.repeat(lr, s + 1)
    rows_noise = np.repeat(noise, s + 1)
    rows_noise[s :: s + 1] = 0.0
    opt = optimizers.get(optimizer, lr=rows_lr, **hp)
    traj = optimizers.run(
        surface,
        opt,
        start,
        steps,
        schedule=schedule,
        noise=rows_noise,
        seed=seed,
        record="full",
        progress=progress,
    )
    r = len(traj.steps)
    loss_all = traj.loss.reshape(r, k, s + 1)
    xy_all = traj.xy.reshape(r, k, s + 1, 2)
    diverged_all = traj.diverged.reshape(k, s + 1)
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
    return BatchStudy(
        batch_sizes=sizes,
        lr=np.asarray(lr, dtype=float),
        noise=np.asarray(noise, dtype=float),
        steps=traj.steps,
        paths=xy[:, :, 0, :].copy(),
        clean_paths=clean_xy.copy(),
        clean_loss=loss_all[:, :, s].copy(),
        loss_mean=loss_mean,
        loss_low=loss_low,
        loss_high=loss_high,
        final_loss=loss[-1].copy(),
        diverged=diverged,
        diverged_at=traj.diverged_at.reshape(k, s + 1)[:, 0].copy(),
        deviation=deviation,
        seeds=s,
    )


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
    """Which learning rate works best for each batch size (noise σ₁/√B), in one engine call."""
    sizes = check_batch_sizes(batch_sizes)
    steps = _check_count("steps", steps, MAX_STEPS)
    seeds = _check_count("seeds", seeds, MAX_SEEDS)
    sigma1 = _check_sigma(sigma1)
    lrs = np.asarray(lrs, dtype=float).reshape(-1)
    if lrs.size == 0 or lrs.size > MAX_LRS or not np.isfinite(lrs).all() or (lrs <= 0).any():
        raise ValueError(f"give 1 to {MAX_LRS} learning rates > 0 (got {lrs!r})")
    hp = {key: value for key, value in hyperparameters.items() if key != "lr"}
    k, n_lr, s = len(sizes), len(lrs), seeds
    # row = (batch index * L + lr index) * S + seed index
    rows_lr = np.tile(np.repeat(lrs, s), k)
    rows_noise = np.repeat(noise_std(sigma1, sizes), n_lr * s)
    opt = optimizers.get(optimizer, lr=rows_lr, **hp)
    every = max(1, steps // 50)
    traj = optimizers.run(
        surface, opt, start, steps, noise=rows_noise, seed=seed, record=every, progress=progress
    )
    last = traj.steps >= steps - steps // 5
    tail_loss = traj.loss[last].mean(axis=0).reshape(k, n_lr, s)
    diverged = traj.diverged.reshape(k, n_lr, s)
    loss = np.where(diverged.any(axis=2), np.nan, tail_loss.mean(axis=2))
    best = np.full(k, np.nan)
    for i in range(k):
        if np.isfinite(loss[i]).any():
            best[i] = lrs[np.nanargmin(loss[i])]
    return LrSweep(
        batch_sizes=sizes, lrs=lrs, loss=loss, diverged_fraction=diverged.mean(axis=2), best_lr=best
    )
