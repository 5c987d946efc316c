"""Switching optimizers mid-run (note 002: "Adam first, then SGD"): the position carries over, nothing else."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import optimizers
import surfaces
from optimizers import schedules

ROSEN = surfaces.get("rosenbrock")
BOWL = surfaces.get("book_quadratic")


def test_each_stage_is_a_fresh_run_from_where_the_last_stopped_bit_for_bit():
    adam, sgd = optimizers.get("adam", lr=0.05), optimizers.get("sgd", lr=1e-3, momentum=0.9)
    staged = optimizers.run_stages(ROSEN, [(adam, 40), (sgd, 60)], start=(-1.5, 2.0))
    first = optimizers.run(ROSEN, adam, (-1.5, 2.0), 40)
    second = optimizers.run(ROSEN, sgd, first.final_xy, 60)
    np.testing.assert_array_equal(staged.xy, np.concatenate([first.xy, second.xy[1:]]))
    np.testing.assert_array_equal(staged.loss, np.concatenate([first.loss, second.loss[1:]]))
    np.testing.assert_array_equal(staged.lr, np.concatenate([first.lr, second.lr]))
    assert staged.hand_overs == (40,) and staged.stage_names == ("adam", "sgd")
    assert staged.steps.tolist() == list(range(101))
    assert not staged.diverged.any()


def test_the_second_optimizer_starts_with_its_own_schedule_counted_from_the_hand_over():
    cosine = schedules.get("cosine", T_max=30)
    adam, sgd = optimizers.get("adam", lr=0.05), optimizers.get("sgd", lr=2e-3)
    staged = optimizers.run_stages(ROSEN, [(adam, 20), (sgd, 30, cosine)], start=(-1.5, 2.0))
    assert staged.lr[20, 0] == 2e-3  # full rate at the hand-over, then annealed over its 30 updates
    np.testing.assert_array_equal(staged.lr[20:, 0], 2e-3 * cosine.values(30))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 40), st.integers(0, 40), st.floats(1e-3, 0.9))
def test_plain_sgd_handing_over_to_itself_changes_nothing(k1, k2, lr):
    # SGD without momentum has no state, so a fresh start at the hand-over is the same run
    sgd = optimizers.get("sgd", lr=lr)
    staged = optimizers.run_stages(BOWL, [(sgd, k1), (sgd, k2)], start=(-7.0, 2.0))
    whole = optimizers.run(BOWL, sgd, (-7.0, 2.0), k1 + k2)
    np.testing.assert_array_equal(staged.xy, whole.xy)
    np.testing.assert_array_equal(staged.diverged_at, whole.diverged_at)


def test_momentum_is_forgotten_at_the_hand_over():
    heavy = optimizers.get("sgd", lr=0.05, momentum=0.9)
    staged = optimizers.run_stages(BOWL, [(heavy, 10), (heavy, 10)], start=(-7.0, 2.0))
    whole = optimizers.run(BOWL, heavy, (-7.0, 2.0), 20)
    np.testing.assert_array_equal(staged.xy[:11], whole.xy[:11])
    assert not np.array_equal(staged.xy[12], whole.xy[12])  # the velocity restarted from zero


def test_a_run_that_diverged_stays_frozen_through_later_stages():
    wild, calm = optimizers.get("sgd", lr=np.array([0.01, 5.0])), optimizers.get("sgd", lr=0.01)
    staged = optimizers.run_stages(BOWL, [(wild, 30), (calm, 30)], start=(-7.0, 2.0))
    alone = optimizers.run(BOWL, wild, (-7.0, 2.0), 30)
    assert staged.diverged_at[1] == alone.diverged_at[1] >= 0 and staged.diverged_at[0] == -1
    np.testing.assert_array_equal(staged.xy[30:, 1], np.broadcast_to(alone.final_xy[1], (31, 2)))


def test_divergence_in_a_later_stage_counts_updates_from_the_first_step():
    calm, wild = optimizers.get("sgd", lr=0.01), optimizers.get("sgd", lr=5.0)
    staged = optimizers.run_stages(BOWL, [(calm, 25), (wild, 30)], start=(-7.0, 2.0))
    second = optimizers.run(BOWL, wild, optimizers.run(BOWL, calm, (-7.0, 2.0), 25).final_xy, 30)
    assert staged.diverged_at[0] == 25 + second.diverged_at[0]


@pytest.mark.parametrize("record", ["final", 7])
def test_recording_keeps_the_same_steps_as_a_plain_run(record):
    adam, sgd = optimizers.get("adam", lr=0.05), optimizers.get("sgd", lr=1e-3)
    full = optimizers.run_stages(ROSEN, [(adam, 20), (sgd, 30)], start=(-1.5, 2.0))
    part = optimizers.run_stages(ROSEN, [(adam, 20), (sgd, 30)], start=(-1.5, 2.0), record=record)
    np.testing.assert_array_equal(part.steps, optimizers.run(ROSEN, sgd, (0, 0), 50, record=record).steps)
    np.testing.assert_array_equal(part.xy, full.xy[part.steps])


def test_a_batch_of_runs_equals_each_run_alone():
    lrs = np.array([0.01, 0.05, 0.2])
    staged = optimizers.run_stages(ROSEN, [(optimizers.get("adam", lr=lrs), 15),
                                           (optimizers.get("sgd", lr=1e-3), 15)], start=(-1.5, 2.0))
    for j, lr in enumerate(lrs):
        one = optimizers.run_stages(ROSEN, [(optimizers.get("adam", lr=lr), 15),
                                            (optimizers.get("sgd", lr=1e-3), 15)], start=(-1.5, 2.0))
        np.testing.assert_array_equal(staged.xy[:, j], one.xy[:, 0])


def test_bad_stages_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="at least one stage"):
        optimizers.run_stages(BOWL, [], start=(0, 1))
    with pytest.raises(ValueError, match="a stage is"):
        optimizers.run_stages(BOWL, [optimizers.get("sgd")], start=(0, 1))
    with pytest.raises(ValueError, match="runs"):
        optimizers.run_stages(BOWL, [(optimizers.get("sgd", lr=np.array([0.1, 0.2])), 3),
                                     (optimizers.get("sgd", lr=np.array([0.1, 0.2, 0.3])), 3)], start=(0, 1))
