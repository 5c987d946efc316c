"""Random vs grid search: sampling, one-call evaluation, best trials, border warnings, coarse-to-fine zoom."""

from __future__ import annotations

import math

import numpy as np
import pytest

import optimizers
import surfaces
from landscapes import search as se
from landscapes import sweep as sw

BOOK = surfaces.get("book_quadratic")
BOX = se.Box(sw.default_axis("lr", "sgd"), sw.default_axis("momentum", "sgd"))


@pytest.mark.parametrize("n, shape", [(1, (1, 1)), (2, (2, 1)), (4, (2, 2)), (7, (3, 2)), (9, (3, 3)),
                                      (10, (5, 2)), (16, (4, 4)), (17, (4, 4)), (100, (10, 10)),
                                      (1024, (32, 32))])
def test_grid_shape_is_as_square_as_the_budget_allows(n, shape):
    nx, ny = se.grid_shape(n)
    assert (nx, ny) == shape
    assert nx * ny <= n and nx >= ny and nx <= se.MAX_ASPECT * ny


def test_a_grid_tries_root_n_values_per_axis_and_random_search_tries_n():
    grid = se.grid_trials(BOX, 16)
    rand = se.random_trials(BOX, 16, seed=3)
    assert se.distinct_counts(grid) == (4, 4)
    assert se.distinct_counts(rand) == (16, 16)
    # the grid includes both edges of the box; lr is spaced by equal factors
    lrs = np.unique(grid[:, 0])
    assert lrs[0] == BOX.x.low and lrs[-1] == BOX.x.high
    np.testing.assert_allclose(np.diff(np.log10(lrs)), np.log10(2000) / 3)
    np.testing.assert_allclose(np.unique(grid[:, 1]), np.linspace(0, 0.99, 4))


def test_random_search_is_seeded_and_stays_in_the_box():
    a = se.random_trials(BOX, 50, seed=11)
    np.testing.assert_array_equal(a, se.random_trials(BOX, 50, seed=11))
    assert not np.array_equal(a, se.random_trials(BOX, 50, seed=12))
    assert (a[:, 0] >= BOX.x.low).all() and (a[:, 0] <= BOX.x.high).all()
    assert (a[:, 1] >= BOX.y.low).all() and (a[:, 1] <= BOX.y.high).all()
    # a prefix of a larger draw: adding trials keeps the earlier ones
    np.testing.assert_array_equal(se.random_trials(BOX, 10, seed=11), a[:10])


def test_random_search_is_log_uniform_on_log_axes_and_uniform_on_linear_ones():
    box = se.Box(sw.Axis("lr", 1e-6, 10.0, log=True), sw.Axis("momentum", 0.0, 0.9))
    pts = np.vstack([se.random_trials(box, 1000, seed=s) for s in range(20)])
    # lr = 10^U(-6, 1): each decade gets 1/7 of the samples (the cs231n recipe)
    decades = np.histogram(np.log10(pts[:, 0]), bins=7, range=(-6, 1))[0] / len(pts)
    np.testing.assert_allclose(decades, 1 / 7, atol=0.01)
    # a uniform lr would put ~90 % of the samples in the top decade instead
    assert decades[-1] < 0.16
    mom = np.histogram(pts[:, 1], bins=9, range=(0, 0.9))[0] / len(pts)
    np.testing.assert_allclose(mom, 1 / 9, atol=0.01)


def test_each_trial_equals_its_single_run():
    spec = sw.default_spec(steps=150, start=BOOK.start)
    pts = np.vstack([se.grid_trials(BOX, 9), se.random_trials(BOX, 9, seed=1)])
    scores = se.evaluate(BOOK, spec, pts)
    for k, (lr, mu) in enumerate(pts):
        ref = optimizers.run(BOOK, optimizers.get("sgd", lr=float(lr), momentum=float(mu)), BOOK.start, 150)
        assert scores.final_loss[k] == ref.final_loss[0]
        assert scores.diverged[k] == (ref.diverged_at[0] >= 0)
    assert scores.f_star == 0.0
    assert np.isinf(scores.objective("final_loss")[scores.diverged]).all()


def test_best_skips_failures_and_breaks_ties_by_the_gap():
    pts = np.zeros((4, 2))
    scores = se.Scores(pts, final_loss=np.array([1.0, 0.5, 0.2, 0.3]), gap=np.array([1.0, 0.5, np.inf, 0.3]),
                       steps_to_tol=np.array([np.nan, 40.0, np.nan, 40.0]),
                       diverged=np.array([False, False, True, False]), f_star=0.0)
    assert scores.best("final_loss") == 3
    assert scores.best("steps_to_tol") == 3  # same steps, smaller gap
    assert scores.best("final_loss", slice(0, 2)) == 1
    assert scores.best("steps_to_tol", slice(0, 1)) is None
    assert scores.best("final_loss", np.array([2])) is None
    with pytest.raises(ValueError, match="unknown objective"):
        scores.objective("fastest")


def test_border_detection():
    assert se.border_sides(BOX, (BOX.x.low, 0.5)) == [("lr", "low")]
    assert se.border_sides(BOX, (BOX.x.high, BOX.y.high)) == [("lr", "high"), ("momentum", "high")]
    assert se.border_sides(BOX, (0.05, 0.5)) == []
    # within 5 % of the width on the axis' own scale (log for lr)
    near = 10 ** (math.log10(2.0) - 0.04 * math.log10(2000))
    assert se.border_sides(BOX, (near, 0.5)) == [("lr", "high")]
    assert se.border_sides(BOX, (near, 0.5), margin=0.01) == []
    # a grid's outer rows and columns are on the border, its inner ones are not
    grid = se.grid_trials(BOX, 16)
    on = [bool(se.border_sides(BOX, p)) for p in grid]
    assert sum(on) == 12


def test_a_best_value_on_the_border_is_found_when_the_box_is_too_small():
    spec = sw.default_spec(steps=200, start=BOOK.start)
    small = se.Box(sw.Axis("lr", 1e-3, 0.01, log=True), sw.Axis("momentum", 0.0, 0.5))
    pts = se.random_trials(small, 16, seed=0)
    scores = se.evaluate(BOOK, se.spec_for(spec, small), pts)
    best = scores.best("final_loss")
    # every lr in the box is too small: the larger, the better, so the best sits at the upper edge
    assert ("lr", "high") in se.border_sides(small, pts[best])


def test_zoom_shrinks_the_box_around_the_centre_on_each_axis_scale():
    z = se.zoom(BOX, (0.1, 0.5), 0.25, "sgd")
    span = math.log10(BOX.x.high / BOX.x.low)
    assert math.log10(z.x.high / z.x.low) == pytest.approx(0.25 * span, rel=1e-3)
    assert math.sqrt(z.x.low * z.x.high) == pytest.approx(0.1, rel=1e-3)  # centred in log space
    assert z.y.high - z.y.low == pytest.approx(0.25 * 0.99, rel=1e-3)
    assert (z.y.low + z.y.high) / 2 == pytest.approx(0.5, rel=1e-3)
    assert z.x.log and not z.y.log


def test_zoom_at_the_border_looks_beyond_the_old_box_but_not_beyond_the_limits():
    z = se.zoom(BOX, (2.0, 0.99), 0.5, "sgd")
    assert z.x.high > BOX.x.high  # centred on lr = 2: half the new box is above the old one
    assert z.y.high <= sw.axis_limits("momentum", "sgd")[1] < 1.0  # momentum stays below 1
    assert z.y.high - z.y.low == pytest.approx(0.5 * 0.99, rel=1e-3)  # slid inside, same width
    z = se.zoom(se.Box(sw.Axis("lr", 1e-6, 10.0, log=True), BOX.y), (10.0, 0.0), 0.5, "sgd")
    assert z.x.high == 10.0 and z.y.low == 0.0
    for box in (z, se.zoom(z, (z.x.low, z.y.low), 0.1, "sgd")):
        sw.check_axis(box.x, "sgd"), sw.check_axis(box.y, "sgd")


def test_repeated_zoom_converges_on_the_point():
    box = BOX
    for _ in range(6):
        box = se.zoom(box, (0.3, 0.6), 0.5, "sgd")
    assert box.x.low < 0.3 < box.x.high and box.y.low < 0.6 < box.y.high
    assert box.y.high - box.y.low < 0.02


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="trials"):
        se.grid_trials(BOX, 0)
    with pytest.raises(ValueError, match="trials"):
        se.random_trials(BOX, se.MAX_TRIALS + 1)
    with pytest.raises(ValueError, match="seed"):
        se.random_trials(BOX, 4, seed=-1)
    with pytest.raises(ValueError, match="zoom factor"):
        se.zoom(BOX, (0.1, 0.5), 1.5, "sgd")
    with pytest.raises(ValueError, match="no trials"):
        se.evaluate(BOOK, sw.default_spec(), np.zeros((0, 2)))
    with pytest.raises(ValueError, match="at most 2048 trials"):
        se.evaluate(BOOK, sw.default_spec(steps=50), np.full((2049, 2), 0.1))


def test_evaluate_reports_progress():
    seen = []
    se.evaluate(BOOK, sw.default_spec(steps=100), se.random_trials(BOX, 8), progress=seen.append)
    assert seen and seen[-1] == 1.0


def test_the_recording_stride_follows_the_batch_or_is_given():
    assert se.record_stride(300, 32) == 1
    assert se.record_stride(4999, 2048) == math.ceil(5000 * 2048 / sw.RECORD_BUDGET) > 1
    spec = sw.default_spec(steps=300, start=BOOK.start)
    pts = se.random_trials(BOX, 12, seed=4)
    exact, coarse = se.evaluate(BOOK, spec, pts), se.evaluate(BOOK, spec, pts, every=5)
    reached = ~np.isnan(exact.steps_to_tol)
    assert reached.any()
    np.testing.assert_array_equal(np.isnan(coarse.steps_to_tol), ~reached)
    assert (coarse.steps_to_tol[reached] % 5 == 0).all()  # a recorded step: exact to 5 steps
    # exact to 5 steps either way: between recorded steps a momentum run may still swing out of the tolerance
    assert (abs(coarse.steps_to_tol - exact.steps_to_tol)[reached] < 5).all()
    np.testing.assert_array_equal(coarse.final_loss, exact.final_loss)  # the runs themselves are the same
