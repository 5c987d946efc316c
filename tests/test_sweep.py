"""Sweeps: each cell is its single run, the quadratic theory gives the textbook numbers, bad input fails."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

import optimizers
import surfaces
from landscapes import sweep as sw

BOOK = surfaces.get("book_quadratic")


def single_run(surface, name, hp, start, steps, noise=0.0):
    """The reference: one optimizer, one run, straight through the engine."""
    return optimizers.run(surface, optimizers.get(name, **hp), start, steps, noise=noise)


# ------------------------------------------------------------------------------ cells = single runs


CASES = [
    # (surface, spec): the SGD phase diagram with diverged cells, Adam lr × β2, Nesterov, RMSprop eps (log)
    ("book_quadratic", sw.default_spec(nx=7, ny=5, steps=120)),
    ("rosenbrock", sw.default_spec("adam", "lr", "beta2", nx=5, ny=4, steps=80, start=(-2.0, 2.0))),
    ("book_quadratic", sw.default_spec(nx=4, ny=4, steps=60, fixed=(("nesterov", True),),
                                       y=sw.Axis("momentum", 0.1, 0.95))),
    ("himmelblau", sw.default_spec("rmsprop", "eps", "alpha", nx=3, ny=4, steps=50, start=(0.5, -0.5),
                                   fixed=(("lr", 0.05),))),
]


@pytest.mark.parametrize("surface_name, spec", CASES, ids=[f"{s}-{c.optimizer}" for s, c in CASES])
def test_every_cell_equals_its_single_run_bit_for_bit(surface_name, spec):
    surface = surfaces.get(surface_name)
    result = sw.run_sweep(surface, spec)
    for j, yv in enumerate(result.y_values):
        for i, xv in enumerate(result.x_values):
            hp = {**dict(spec.fixed), spec.x.name: float(xv), spec.y.name: float(yv)}
            ref = single_run(surface, spec.optimizer, hp, spec.start, spec.steps)
            assert result.diverged_at[j, i] == ref.diverged_at[0]
            np.testing.assert_array_equal(result.final_xy[j, i], ref.final_xy[0])
            assert result.final_loss[j, i] == ref.final_loss[0] or (
                np.isnan(result.final_loss[j, i]) and np.isnan(ref.final_loss[0]))
            gap = np.maximum(ref.loss[:, 0] - result.f_star, 0.0)
            expected = sw.steps_to_tolerance(ref.steps, gap[:, None], spec.tol)[0]
            if ref.diverged_at[0] >= 0:
                assert np.isnan(result.steps_to_tol[j, i])
            else:
                np.testing.assert_array_equal(result.steps_to_tol[j, i], expected)


def test_the_default_sweep_is_the_phase_diagram_and_has_both_regions():
    spec = sw.default_spec()
    assert (spec.optimizer, spec.x.name, spec.y.name, spec.nx, spec.ny, spec.steps) == (
        "sgd", "lr", "momentum", 64, 64, 300)
    assert (spec.x.low, spec.x.high, spec.x.log) == (1e-3, 2.0, True)
    assert (spec.y.low, spec.y.high, spec.y.log) == (0.0, 0.99, False)
    result = sw.run_sweep(BOOK, replace(spec, start=BOOK.start))
    assert result.record_every == 1
    assert 0 < result.diverged.sum() < spec.cells
    # the first and last values are the user's bounds to the last bit
    assert result.x_values[0] == 1e-3 and result.x_values[-1] == 2.0
    assert result.y_values[-1] == 0.99


def test_cell_run_is_the_cell_and_nearest_cell_finds_it_back():
    spec = sw.default_spec(nx=6, ny=5, steps=100)
    result = sw.run_sweep(BOOK, spec)
    for i, j in [(0, 0), (5, 4), (3, 2)]:
        traj = sw.cell_run(BOOK, spec, i, j)
        assert traj.xy.shape == (101, 1, 2)
        assert traj.final_loss[0] == result.final_loss[j, i]
        assert sw.nearest_cell(spec, *result.cell_values(i, j)) == (i, j)
    with pytest.raises(ValueError, match="outside"):
        sw.cell_run(BOOK, spec, 6, 0)


def test_metrics_mark_divergence_and_unreached_cells():
    spec = sw.default_spec(nx=8, ny=6, steps=40, tol=1e-3)
    result = sw.run_sweep(BOOK, spec)
    loss = result.metric("final_loss")
    assert np.isnan(loss[result.diverged]).all() and np.isfinite(loss[~result.diverged]).all()
    assert (loss[~result.diverged] >= sw.LOG_GAP_FLOOR).all()
    steps = result.metric("steps_to_tol")
    assert np.isnan(steps[result.diverged]).all()
    reached = np.isfinite(steps)
    assert reached.any() and (~reached & ~result.diverged).any()  # the slow small-lr corner never gets there
    assert (result.gap[reached] <= spec.tol).all()
    div = result.metric("divergence")
    np.testing.assert_array_equal(np.isfinite(div), result.diverged)
    with pytest.raises(ValueError, match="unknown metric"):
        result.metric("speed")


def test_steps_to_tolerance_means_reaches_and_stays():
    steps = np.arange(6)
    gap = np.array([[5.0, 0.5, 2.0, 0.5, 0.1, 0.05]]).T  # dips below 1 at step 1, leaves, returns at 3
    assert sw.steps_to_tolerance(steps, gap, 1.0)[0] == 3
    assert np.isnan(sw.steps_to_tolerance(steps, gap, 0.01)[0])
    assert sw.steps_to_tolerance(steps, gap, 10.0)[0] == 0


def test_large_grids_record_every_kth_step_within_the_budget():
    spec = sw.default_spec(nx=64, ny=64, steps=1000)
    result = sw.run_sweep(BOOK, spec)
    assert result.record_every == math.ceil(1001 * 4096 / sw.RECORD_BUDGET) > 1
    finite = result.steps_to_tol[np.isfinite(result.steps_to_tol)]
    assert (finite % result.record_every == 0).all() or (finite == 1000).any()


def test_progress_is_reported_up_to_one():
    seen = []
    sw.run_sweep(BOOK, sw.default_spec(nx=8, ny=8, steps=100), progress=seen.append)
    assert seen and seen[-1] == 1.0 and all(0 <= f <= 1 for f in seen)
    assert seen == sorted(seen)


# ------------------------------------------------------------------------------ batch size as an axis


def test_batch_axis_is_noise_sigma_over_root_batch_passed_as_an_array():
    spec = sw.default_spec("sgd", "lr", sw.BATCH, nx=4, ny=3, steps=50, sigma=2.0, seed=7,
                           fixed=(("momentum", 0.5),))
    assert spec.y.log and (spec.y.low, spec.y.high) == (1.0, 1024.0)
    result = sw.run_sweep(BOOK, spec)
    _, _, xs, ys = sw.grid_values(spec)
    np.testing.assert_allclose(sw.noise_for(spec, xs, ys), 2.0 / np.sqrt(ys))
    ref = optimizers.run(BOOK, optimizers.get("sgd", lr=xs, momentum=0.5), spec.start, 50,
                         noise=2.0 / np.sqrt(ys), seed=7)
    np.testing.assert_array_equal(result.final_loss.ravel(), ref.final_loss)
    # a noisy cell's run is its column of the same batch
    traj = sw.cell_run(BOOK, spec, 2, 1)
    assert traj.final_loss[0] == result.final_loss[1, 2]


def test_a_fixed_batch_size_sets_the_noise_of_every_cell():
    spec = sw.default_spec(nx=3, ny=3, steps=20, sigma=1.0, batch=16.0)
    assert sw.noise_for(spec, 0.1, 0.5) == pytest.approx(0.25)
    assert sw.noise_for(replace(spec, sigma=0.0), 0.1, 0.5) == 0.0


# ------------------------------------------------------------------------------ theory on quadratics


def test_book_quadratic_theory_matches_the_peers_numbers():
    theory = sw.quadratic_theory(BOOK)
    assert (theory.lmin, theory.lmax) == pytest.approx((0.1, 2.0))
    assert theory.kappa == pytest.approx(20.0)
    assert theory.gd_limit == pytest.approx(1.0)
    assert theory.gd_best_lr == pytest.approx(0.952, abs=5e-4)
    assert theory.gd_rate == pytest.approx(0.905, abs=5e-4)
    assert theory.hb_lr == pytest.approx(1.336, abs=5e-4)
    assert theory.hb_momentum == pytest.approx(0.403, abs=5e-4)
    assert theory.hb_rate == pytest.approx(0.635, abs=5e-4)
    # the closed forms
    assert theory.hb_lr == pytest.approx((2 / (math.sqrt(2) + math.sqrt(0.1))) ** 2, rel=1e-15)
    assert theory.hb_momentum == pytest.approx(((math.sqrt(20) - 1) / (math.sqrt(20) + 1)) ** 2, rel=1e-15)


def test_theoretical_rates_at_the_optima():
    theory = sw.quadratic_theory(BOOK)
    assert theory.rate(theory.hb_lr, theory.hb_momentum) == pytest.approx(theory.hb_rate, rel=1e-6)
    assert theory.rate(theory.gd_best_lr, 0.0) == pytest.approx(theory.gd_rate, rel=1e-12)
    # the optimum is optimal: nearby settings are slower
    for dlr, dmu in [(0.05, 0), (-0.05, 0), (0, 0.05), (0, -0.05)]:
        assert theory.rate(theory.hb_lr + dlr, theory.hb_momentum + dmu) > theory.hb_rate


def test_heavy_ball_at_the_optimum_converges_at_the_predicted_rate():
    theory = sw.quadratic_theory(BOOK)
    traj = single_run(BOOK, "sgd", {"lr": theory.hb_lr, "momentum": theory.hb_momentum}, BOOK.start, 120)
    err = np.linalg.norm(traj.xy[:, 0], axis=1)
    measured = (err[110] / err[60]) ** (1 / 50)
    # a double root decays like k·ρ^k: the measured rate tends to ρ from above
    assert theory.hb_rate < measured < theory.hb_rate * 1.02
    gd = single_run(BOOK, "sgd", {"lr": theory.gd_best_lr}, BOOK.start, 120)
    err = np.linalg.norm(gd.xy[:, 0], axis=1)
    assert (err[110] / err[60]) ** (1 / 50) == pytest.approx(theory.gd_rate, rel=1e-3)


@pytest.mark.parametrize("nesterov", [False, True])
def test_the_stability_limit_separates_converging_from_diverging_runs(nesterov):
    theory = sw.quadratic_theory(BOOK)
    for mu in (0.0, 0.3, 0.6, 0.9) if not nesterov else (0.3, 0.6, 0.9):
        limit = float(theory.stability_limit(mu, nesterov))
        hp = {"momentum": mu, "nesterov": nesterov}
        below = single_run(BOOK, "sgd", {**hp, "lr": 0.97 * limit}, BOOK.start, 3000)
        above = single_run(BOOK, "sgd", {**hp, "lr": 1.03 * limit}, BOOK.start, 3000)
        assert below.diverged_at[0] == -1 and below.final_loss[0] < BOOK.f(BOOK.start)
        assert above.diverged_at[0] > 0
    assert theory.stability_limit(0.0) == pytest.approx(theory.gd_limit)


def test_the_rate_map_predicts_the_sweeps_divergent_region():
    spec = sw.default_spec(nx=32, ny=32, steps=1500, start=BOOK.start)
    result = sw.run_sweep(BOOK, spec)
    rate = result.metric("rate")
    assert result.diverged[rate > 1.01].all()
    assert not result.diverged[rate < 0.99].any()


def test_quadratic_detection():
    tilted = surfaces.get("quadratic", kappa=10.0, angle=30.0)
    assert sw.quadratic_eigenvalues(tilted) == pytest.approx((0.1, 1.0))
    assert sw.quadratic_eigenvalues(surfaces.get("booth")) == pytest.approx((2.0, 18.0))
    assert sw.quadratic_eigenvalues(BOOK, weight_decay=0.5) == pytest.approx((0.6, 2.5))
    assert sw.quadratic_eigenvalues(surfaces.get("rosenbrock")) is None
    assert sw.quadratic_eigenvalues(surfaces.get("saddle")) is None  # indefinite
    assert sw.quadratic_eigenvalues(surfaces.from_expression("3*x**2 + y**2 + x*y")) == pytest.approx(
        tuple(np.linalg.eigvalsh([[6.0, 1.0], [1.0, 2.0]])))


def test_theory_applies_to_plain_sgd_only():
    theory = sw.quadratic_theory(BOOK)
    spec = sw.default_spec()
    assert sw.theory_applies(spec, theory)
    assert not sw.theory_applies(spec, None)
    assert not sw.theory_applies(replace(spec, fixed=(("dampening", 0.5),)), theory)
    assert not sw.theory_applies(sw.default_spec("adam", "lr", "beta1"), theory)
    assert sw.theory_rate_grid(sw.default_spec("sgd", "lr", "weight_decay"), theory) is None


# ------------------------------------------------------------------------------ validation


@pytest.mark.parametrize("changes, message", [
    (dict(x=sw.Axis("lr", 1.0, 0.1, log=True)), "smaller to a larger"),
    (dict(x=sw.Axis("lr", 0.0, 1.0, log=True)), "within"),
    (dict(x=sw.Axis("lr", 1e-3, 100.0, log=True)), "within"),
    (dict(y=sw.Axis("momentum", 0.0, 1.0)), "within"),
    (dict(x=sw.Axis("lr", float("nan"), 1.0, log=True)), "finite"),
    (dict(y=sw.Axis("lr", 1e-3, 1.0, log=True)), "different"),
    (dict(y=sw.Axis("beta2", 0.0, 0.9)), "cannot be swept"),
    (dict(nx=1), "between 2 and"),
    (dict(ny=sw.MAX_RESOLUTION + 1), "between 2 and"),
    (dict(steps=0), "steps"),
    (dict(steps=sw.MAX_STEPS + 1), "steps"),
    (dict(start=(float("inf"), 0.0)), "start"),
    (dict(sigma=-1.0), "noise"),
    (dict(batch=0.5), "batch size"),
    (dict(tol=0.0), "tolerance"),
    (dict(fixed=(("lr", 0.1),)), "swept"),
    (dict(fixed=(("nesterov", True),)), "Nesterov"),  # momentum 0 in the range
    (dict(y=sw.Axis(sw.BATCH, 1.0, 64.0, log=True)), "σ₁"),
])
def test_bad_specs_are_refused_with_a_message(changes, message):
    with pytest.raises(ValueError, match=message):
        sw.check_spec(replace(sw.default_spec(), **changes))


def test_axes_and_their_defaults():
    assert sw.axis_options("sgd") == ["lr", "momentum", "dampening", "weight_decay", "clip_value",
                                      "clip_norm", sw.BATCH]
    assert "beta2" in sw.axis_options("adam") and "amsgrad" not in sw.axis_options("adam")
    assert sw.default_axis("eps", "adam").log and not sw.default_axis("beta2", "adam").log
    for name in ("sgd", "adam", "rmsprop", "adagrad", "adadelta", "lion", "newton", "nadam"):
        for axis_name in sw.axis_options(name):
            axis = sw.check_axis(sw.default_axis(axis_name, name), name)  # every default range is valid
            values = axis.values(5)
            assert values[0] == axis.low and values[-1] == axis.high
    axis = sw.Axis("lr", 1e-3, 10.0, log=True)
    np.testing.assert_allclose(np.log10(axis.values(5)), [-3, -2, -1, 0, 1])
    np.testing.assert_allclose(axis.to_unit(axis.values(5)), np.linspace(0, 1, 5))


def test_unknown_minimum_uses_the_lowest_loss_of_the_sweep():
    custom = surfaces.from_expression("(x - 1)**2 + (y + 2)**2 - 3")
    spec = sw.default_spec(nx=4, ny=4, steps=30, start=(0.0, 0.0), x=sw.Axis("lr", 1e-3, 0.5, log=True))
    result = sw.run_sweep(custom, spec)
    assert not result.f_star_known
    assert result.f_star == np.nanmin(np.where(result.diverged, np.nan, result.final_loss))
    assert np.nanmin(result.gap) == 0.0


# ------------------------------------------------------------------------------ the Compare link


def test_compare_query_carries_the_cells_run():
    spec = sw.default_spec(nx=5, ny=5, steps=300, start=(-3.0, 1.5))
    hp, _ = sw.cell_hyperparameters(spec, 3, 2)
    query = sw.compare_query(spec, 3, 2, "quadratic", (("kappa", 50.0), ("angle", 0.0)))
    assert float(query["compare.o0.lr"]) == hp["lr"] == spec.x.values(5)[3]
    assert float(query["compare.o0.momentum"]) == hp["momentum"] == spec.y.values(5)[2]
    assert query["compare.n"] == "1"
    assert query["compare.surface"] == "quadratic"
    assert query["compare.quadratic.kappa"] == "50"
    assert (float(query["compare.x0"]), float(query["compare.y0"])) == (-3.0, 1.5)
    assert all(k.startswith("compare.") for k in query)
    # a noisy cell: Compare gets the batch size it offers whose noise is nearest the cell's, and the seed
    from comparison import config as cc

    noisy = replace(spec, sigma=1.0, batch=16.0, seed=3)
    query = sw.compare_query(noisy, 3, 2, "book_quadratic")
    assert int(query["compare.batch"]) in cc.BATCHES and query["compare.seed"] == "3"


def test_compare_query_is_written_by_compares_codec_and_opens_the_cells_run():
    from comparison import codec

    spec = sw.default_spec("adam", "lr", "beta2", nx=4, ny=4, steps=2000, start=(-1.5, 1.5))
    query = sw.compare_query(spec, 1, 1, "rosenbrock")
    link, notices = codec.decode(query)
    assert not notices
    (opt,) = link.config.optimizers
    hp, _ = sw.cell_hyperparameters(spec, 1, 1)
    assert opt.kind == "adam" and {k: v for k, v in opt.hp if k in hp} == hp
    assert link.config.surface == "rosenbrock" and link.config.start == (-1.5, 1.5)
    assert link.config.steps == sw.COMPARE_MAX_STEPS
