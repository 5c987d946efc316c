"""What torch's remaining optimizers (Rprop, ASGD, Adafactor, L-BFGS) and ReduceLROnPlateau add beyond a
path: ASGD's averaged point, L-BFGS's evaluations, torch's spellings of their hyperparameters, the
plateau rule's counters, and the fused multiply-add that makes them equal torch to the bit (the paths
themselves: tests/test_torch_golden.py)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import optimizers
import surfaces
from optimizers import exact, schedules

BOOK = surfaces.get("book_quadratic")
ROSEN = surfaces.get("rosenbrock")

# ---------------------------------------------------------------------------------- exact rounding

FINITE = st.floats(min_value=-1e100, max_value=1e100, allow_nan=False, allow_infinity=False)


@settings(max_examples=400, deadline=None)
@given(a=FINITE, b=FINITE, c=FINITE, near=st.booleans())
def test_fma_rounds_a_times_b_plus_c_once(a, b, c, near):
    if near:  # c close to -a·b: the cancellation where an unfused a·b + c is furthest off
        c = -a * b * (1 + c * 1e-120)
    exact_value = Fraction(a) * Fraction(b) + Fraction(c)
    if abs(exact_value) > 1e300 or (exact_value != 0 and abs(exact_value) < 1e-290):
        return  # overflow or underflow: outside what the emulation promises
    assert exact.fma(a, b, c) == float(exact_value)
    assert exact.fma_float(a, b, c) == float(exact_value)  # the one-number version L-BFGS uses


@settings(max_examples=300, deadline=None)
@given(x=st.floats(-1e6, 1e6), y=st.floats(-1e6, 1e6))
def test_norm2_is_torchs_sqrt_of_a_fused_sum_of_squares(x, y):
    fused = float(Fraction(y) * Fraction(y) + Fraction(x * x))
    if 0 < fused < 1e-290 or 0 < abs(x * x) < 1e-290:
        return  # squares in the subnormal range: outside what the emulation promises
    assert exact.norm2(np.array([[x, y]]))[0, 0] == np.sqrt(fused)


# ------------------------------------------------------------------------------- torch's spellings


def test_torchs_pair_spellings_and_nones():
    assert optimizers.get("rprop", etas=(0.3, 1.5)).hyperparameters["eta_minus"] == 0.3
    assert optimizers.get("rprop", step_sizes=(1e-4, 2.0)).hyperparameters["step_size_max"] == 2.0
    af = optimizers.get("adafactor", eps=(None, 0.01)).hyperparameters
    assert af["eps1"] == np.finfo(np.float64).eps and af["eps2"] == 0.01
    assert optimizers.get("adam", eps=1e-3).hyperparameters["eps"] == 1e-3  # Adam's eps is one number
    lb = optimizers.get("lbfgs", line_search_fn=None, max_eval=None).hyperparameters
    assert lb["line_search_fn"] == "none" and lb["max_eval"] == 0


@pytest.mark.parametrize("name,kwargs,words", [
    ("rprop", dict(etas=(1.5, 1.2)), ["eta_minus", "(0, 1)"]),
    ("rprop", dict(etas=(0.5, 0.9)), ["eta_plus", "(1, inf)"]),
    ("adafactor", dict(d=0.5), ["d must be in [1, inf)"]),
    ("adafactor", dict(beta2_decay=0.5), ["beta2_decay"]),
    ("lbfgs", dict(line_search_fn="wolfe"), ["line_search_fn", "strong_wolfe"]),
    ("lbfgs", dict(max_iter=0), ["max_iter"]),
    ("asgd", dict(t0=-1.0), ["t0"]),
])
def test_invalid_settings_are_refused_by_name(name, kwargs, words):
    with pytest.raises(ValueError) as err:
        optimizers.get(name, **kwargs)
    for word in words:
        assert word in str(err.value)


# ------------------------------------------------------------------------------ ASGD's average


def test_asgd_average_is_the_running_mean_of_the_iterates_from_t0_on():
    t0, steps = 5, 40
    traj = optimizers.run(BOOK, optimizers.get("asgd", lr=0.05, t0=float(t0)), (-7.0, 2.0), steps)
    xy, ax = traj.xy[:, 0], traj.paths["ax"][:, 0]
    # μ = 1 up to update t0 + 2: the average is the point itself; from there on it is the mean since then
    np.testing.assert_array_equal(ax[1 : t0 + 3], xy[1 : t0 + 3])
    for t in range(t0 + 2, steps + 1):
        np.testing.assert_allclose(ax[t], xy[t0 + 2 : t + 1].mean(axis=0), rtol=1e-12, atol=1e-14)


def test_a_diverged_runs_average_stops_where_the_run_stopped():
    traj = optimizers.run(BOOK, optimizers.get("asgd", lr=np.array([0.05, 25.0]), t0=0.0), (-7.0, 2.0), 30,
                          bound=100.0)
    stopped = int(traj.diverged_at[1])
    assert stopped > 0 and traj.diverged_at[0] == -1
    assert (traj.paths["ax"][stopped:, 1] == traj.paths["ax"][stopped - 1, 1]).all()


# --------------------------------------------------------------------------------- L-BFGS's cost


@pytest.mark.parametrize("line_search_fn", ["none", "strong_wolfe"])
def test_l_bfgs_counts_its_evaluations_and_a_batch_equals_separate_runs(line_search_fn):
    starts = np.array([[-1.5, 2.0], [0.5, -0.5], [1.2, 1.2]])
    opt = optimizers.get("lbfgs", line_search_fn=line_search_fn, max_iter=5)
    batch = optimizers.run(ROSEN, opt, starts, 6)
    assert batch.evaluations.shape == (6, 3)
    assert (batch.evaluations >= 1).all() and (batch.evaluations <= 5 * 5 // 4 + 25).all()
    assert batch.evaluations.sum() > 6 * 3  # more than one evaluation per step somewhere
    np.testing.assert_array_equal(batch.cost[-1], batch.evaluations.sum(axis=0))
    for i, start in enumerate(starts):
        single = optimizers.run(ROSEN, opt, start, 6)
        np.testing.assert_array_equal(single.xy[:, 0], batch.xy[:, i])
        np.testing.assert_array_equal(single.evaluations[:, 0], batch.evaluations[:, i])


def test_l_bfgs_at_a_minimum_spends_one_evaluation_and_stays():
    traj = optimizers.run(BOOK, optimizers.get("lbfgs"), (0.0, 0.0), 3)
    assert traj.evaluations[:, 0].tolist() == [1, 1, 1]
    assert (traj.xy == 0).all()


def test_gradient_methods_spend_one_evaluation_per_step():
    traj = optimizers.run(BOOK, optimizers.get("rprop"), (-7.0, 2.0), 10, record=5)
    assert traj.evaluations is None and traj.cost[:, 0].tolist() == [0, 5, 10]


# ---------------------------------------------------------------------------- ReduceLROnPlateau


def test_plateau_cuts_after_patience_stalls_then_waits_out_the_cooldown():
    rule = schedules.get("plateau", factor=0.5, patience=2, cooldown=1)
    state = rule.start(np.array([1.0]))
    seen = []
    for loss in [5.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 3.0]:
        state = rule.observe(state, np.array([loss]))
        seen.append(float(rule.lr(state)[0]))
    # three stalls in a row (more than patience 2) after the best 4.0: cut at the 5th loss; the cooldown
    # then ignores one stall, so the next cut needs three more
    assert seen == [1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.5]
    state = rule.observe(state, np.array([3.0]))
    assert float(rule.lr(state)[0]) == 0.5


def test_plateau_respects_min_lr_and_eps():
    rule = schedules.get("plateau", factor=0.1, patience=0, min_lr=0.05, eps=1e-8)
    state = rule.start(np.array([1.0, 1e-9]))
    for _ in range(4):
        state = rule.observe(state, np.array([1.0, 1.0]))
    # run 0 is cut to 0.1, then floors at min_lr 0.05; run 1 would have to rise to min_lr: torch's
    # max(lr·factor, min_lr) - but then old - new < 0 ≤ eps, so it is left alone
    np.testing.assert_array_equal(rule.lr(state), [0.05, 1e-9])


def test_plateau_in_a_sweep_equals_separate_runs():
    lrs = np.array([0.02, 0.05, 0.2])
    rule = schedules.get("plateau", patience=3, factor=0.5)
    sweep = optimizers.run(ROSEN, optimizers.get("adafactor", lr=lrs), (-1.5, 2.0), 80, schedule=rule)
    assert len(np.unique(sweep.lr)) > len(lrs)  # some rate was cut
    for i, lr in enumerate(lrs):
        single = optimizers.run(ROSEN, optimizers.get("adafactor", lr=lr), (-1.5, 2.0), 80, schedule=rule)
        np.testing.assert_array_equal(single.xy[:, 0], sweep.xy[:, i])
        np.testing.assert_array_equal(single.lr[:, 0], sweep.lr[:, i])


def test_plateau_has_no_curve_before_a_run_and_no_warmup():
    assert "plateau" in schedules.names() and "plateau" not in schedules.names(closed_form=True)
    with pytest.raises(ValueError, match="follows the run's loss"):
        schedules.get("plateau").values(10)
    with pytest.raises(ValueError, match="no warmup"):
        schedules.get("plateau", warmup_steps=5)
    with pytest.raises(ValueError, match="factor"):
        schedules.get("plateau", factor=1.0)


def test_plateau_is_in_the_catalogue_with_its_torch_class_and_rebuilds_from_its_params():
    entry = schedules.entry("plateau")
    assert entry.feedback and entry.torch == "ReduceLROnPlateau" and entry.doc and entry.title
    rule = schedules.get("plateau", patience=3, threshold_mode="abs")
    assert schedules.get("plateau", **rule.params).params == rule.params
    assert all(not spec.batchable for spec in entry.specs.values())


def test_the_network_trainer_steps_the_plateau_rule_once_per_epoch():
    # issue #15 item 12: Train reads the validation loss after every epoch (tests/test_learn_train2.py
    # compares its cuts with torch's); a mini-batch has no validation loss, so updates are refused
    from learn.training import TrainConfig

    with pytest.raises(ValueError, match="once per epoch"):
        TrainConfig(schedule="plateau").validate()
    TrainConfig(schedule="plateau", schedule_unit="epoch").validate()
    TrainConfig(schedule="cosine").validate()  # a closed form is fine
