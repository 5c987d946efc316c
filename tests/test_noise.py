"""Mini-batch noise σ₁/√B, the linear scaling rule, and the learning-rate sweep per batch size."""

from __future__ import annotations

import numpy as np
import pytest

import optimizers
import surfaces
from landscapes.noise import (
    MAX_BATCH_SIZES,
    batch_study,
    check_batch_sizes,
    lr_sweep,
    noise_std,
    scaled_lr,
)

BOWL = surfaces.from_expression("x**2 + y**2")
BOOK = surfaces.get("book_quadratic")


def test_noise_shrinks_like_one_over_root_batch_and_lr_scales_linearly():
    assert noise_std(2.0, 1) == 2.0
    np.testing.assert_allclose(noise_std(2.0, [1, 4, 16, 64]), [2.0, 1.0, 0.5, 0.25])
    np.testing.assert_allclose(scaled_lr(0.1, [8, 16, 64], 16), [0.05, 0.1, 0.4])
    with pytest.raises(ValueError, match="σ₁"):
        noise_std(-1.0, 4)
    with pytest.raises(ValueError, match="≥ 1"):
        noise_std(1.0, 0)
    with pytest.raises(ValueError, match="base batch"):
        scaled_lr(0.1, 4, 0)


@pytest.mark.parametrize(
    ("sizes", "message"),
    [
        ([], "at least one"),
        ([0], "between 1"),
        ([1.5], "whole"),
        (list(range(1, MAX_BATCH_SIZES + 2)), "at most"),
        ([10**6], "between 1"),
        ("four", "whole"),
    ],
)
def test_bad_batch_sizes_are_refused(sizes, message):
    with pytest.raises(ValueError, match=message):
        check_batch_sizes(sizes)


def test_batch_sizes_are_sorted_and_deduplicated():
    assert check_batch_sizes([16, 4, 4, 1]).tolist() == [1, 4, 16]


def test_noise_free_rows_are_the_plain_run_and_smaller_batches_stray_further():
    study = batch_study(BOOK, "sgd", {"lr": 0.3}, BOOK.start, 100, [1, 4, 16, 64], 2.0, seeds=16)
    clean = optimizers.run(BOOK, optimizers.get("sgd", lr=0.3), BOOK.start, 100)
    for i in range(4):
        np.testing.assert_allclose(study.clean_paths[:, i], clean.xy[:, 0], rtol=1e-13, atol=1e-13)
        np.testing.assert_allclose(study.clean_loss[:, i], clean.loss[:, 0], rtol=1e-12, atol=1e-15)
    assert study.paths.shape == (101, 4, 2) and study.loss_mean.shape == (101, 4)
    assert np.all(np.diff(study.deviation) < 0)  # a smaller batch is a noisier path
    # the distance halves when the noise halves (four times the batch), within sampling error
    np.testing.assert_allclose(study.deviation[:-1] / study.deviation[1:], 2.0, rtol=0.25)
    assert (study.loss_low <= study.loss_mean + 1e-12).all() and (
        study.loss_mean <= study.loss_high + 1e-12
    ).all()


def test_without_noise_every_batch_size_is_the_same_path():
    study = batch_study(BOOK, "adam", {"lr": 0.3}, BOOK.start, 30, [1, 64], 0.0, seeds=2)
    np.testing.assert_array_equal(study.paths[:, 0], study.paths[:, 1])
    assert (study.deviation == 0).all()


def test_linear_scaling_keeps_the_noise_floor():
    # SGD on x² + y² settles at a loss of about lr·σ₁²/(2B(1 - lr)): the rule lr ∝ B keeps it constant
    kw = dict(steps=600, batch_sizes=[4, 64], sigma1=1.0, seeds=32)
    fixed = batch_study(BOWL, "sgd", {"lr": 0.2}, (1.0, 1.0), **kw)
    scaled = batch_study(BOWL, "sgd", {"lr": 0.2}, (1.0, 1.0), scale_lr=True, base_batch=64, **kw)
    np.testing.assert_allclose(scaled.lr, [0.0125, 0.2])
    floor_fixed = fixed.loss_mean[-200:].mean(axis=0)
    floor_scaled = scaled.loss_mean[-200:].mean(axis=0)
    assert floor_fixed[0] / floor_fixed[1] > 8  # 16 in theory: a 16× smaller batch is 16× noisier
    assert 0.5 < floor_scaled[0] / floor_scaled[1] < 2  # ≈ 1 with the scaling rule
    theory = 0.2 * 1.0 / (2 * 64 * 0.8)
    assert floor_fixed[1] == pytest.approx(theory, rel=0.35)


def test_divergence_is_reported_not_averaged():
    study = batch_study(
        BOOK, "sgd", {"lr": 0.3}, BOOK.start, 60, [1, 64], 2.0, seeds=4, scale_lr=True, base_batch=1
    )
    assert study.diverged[1].all() and not study.diverged[0].any()  # lr 19.2 on a bowl of curvature 2
    assert np.isnan(study.loss_mean[-1, 1]) and np.isfinite(study.loss_mean[-1, 0])
    assert study.diverged_at[1] > 0


def test_the_best_learning_rate_grows_with_the_batch_size():
    sweep = lr_sweep(
        BOOK, "sgd", {}, BOOK.start, 100, [1, 4, 16, 64], np.geomspace(1e-3, 1.0, 19), 2.0, seeds=16
    )
    assert sweep.loss.shape == (4, 19)
    assert np.all(np.diff(sweep.best_lr) >= 0) and sweep.best_lr[-1] > 1.5 * sweep.best_lr[0]
    assert (sweep.loss[:, -1] > 5 * np.nanmin(sweep.loss, axis=1)).all()  # lr 1: the stability limit 2/λmax
    past = lr_sweep(BOOK, "sgd", {}, BOOK.start, 100, [1, 64], [0.3, 2.0], 2.0, seeds=4)
    assert np.isnan(past.loss[:, 1]).all() and (past.diverged_fraction[:, 1] == 1).all()
    assert np.isfinite(past.loss[:, 0]).all() and (past.best_lr == 0.3).all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(steps=0), "steps"),
        (dict(seeds=0), "seeds"),
        (dict(seeds=33), "seeds"),
        (dict(sigma1=-1.0), "σ₁"),
        (dict(sigma1=float("nan")), "σ₁"),
        (dict(steps=10**5), "steps"),
    ],
)
def test_bad_study_input_is_refused(kwargs, message):
    args = dict(steps=10, batch_sizes=[1, 4], sigma1=1.0, seeds=2) | kwargs
    with pytest.raises(ValueError, match=message):
        batch_study(BOOK, "sgd", {"lr": 0.1}, BOOK.start, **args)


def test_bad_sweep_input_is_refused():
    with pytest.raises(ValueError, match="learning rates"):
        lr_sweep(BOOK, "sgd", {}, BOOK.start, 10, [1], [], 1.0)
    with pytest.raises(ValueError, match="learning rates"):
        lr_sweep(BOOK, "sgd", {}, BOOK.start, 10, [1], [0.1, -0.1], 1.0)
    with pytest.raises(ValueError, match="learning rates"):
        lr_sweep(BOOK, "sgd", {}, BOOK.start, 10, [1], np.ones(30), 1.0)
