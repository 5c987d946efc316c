"""The results table and the trajectories CSV of the Compare page."""

import numpy as np
import pandas as pd

import optimizers
import surfaces
from comparison.metrics import COLUMNS, results_table, steps_to_tolerance, trajectories_frame

BOWL = surfaces.get("book_quadratic")


def runs():
    good = optimizers.run(BOWL, optimizers.get("sgd", lr=0.5), start=(-7, 2), steps=40)
    bad = optimizers.run(BOWL, optimizers.get("sgd", lr=1.2), start=(-7, 2), steps=40, bound=1000)
    return ["ok", "too high"], [good, bad]


def test_table_has_a_row_per_run_and_the_documented_columns():
    labels, trajs = runs()
    table = results_table(labels, trajs, BOWL.minima, tol=0.1)
    assert list(table.columns) == list(COLUMNS) and list(table["optimizer"]) == labels
    ok, bad = table.iloc[0], table.iloc[1]
    assert ok["final_loss"] == trajs[0].loss[-1, 0]
    assert ok["best_loss"] <= ok["final_loss"]
    assert ok["distance_to_minimum"] == np.hypot(*trajs[0].xy[-1, 0])
    assert ok["steps_to_tolerance"] == np.flatnonzero(trajs[0].loss[:, 0] <= 0.1)[0]
    assert pd.isna(ok["diverged_at"])
    assert ok["evaluations"] == 40  # one gradient per step
    assert bad["diverged_at"] == trajs[1].diverged_at[0] > 0
    assert bad["evaluations"] == bad["diverged_at"]  # what it spent before it diverged
    assert pd.isna(bad["final_loss"]) and pd.isna(bad["distance_to_minimum"])


def test_no_minimum_means_empty_distance_and_steps():
    traj = optimizers.run(surfaces.get("saddle"), optimizers.get("sgd", lr=0.01), start=(-1, 0.1), steps=10)
    table = results_table(["a"], [traj], (), tol=1e-3)
    assert pd.isna(table.loc[0, "distance_to_minimum"]) and pd.isna(table.loc[0, "steps_to_tolerance"])


def test_steps_to_tolerance():
    assert steps_to_tolerance(np.array([5.0, 1.0, 0.01, 0.001]), 0.0, 0.01) == 2
    assert steps_to_tolerance(np.array([5.0, 1.0]), 0.0, 0.01) is None


def test_csv_is_tidy_and_stops_a_diverged_run_at_its_last_good_point():
    labels, trajs = runs()
    frame = trajectories_frame(labels, trajs)
    assert list(frame.columns) == ["optimizer", "step", "x", "y", "loss", "lr", "grad_norm", "evaluations",
                                   "diverged"]
    ok = frame[frame["optimizer"] == "ok"]
    assert len(ok) == 41 and list(ok["step"]) == list(range(41))
    assert list(ok["evaluations"]) == list(range(41))  # a gradient method: one evaluation per step
    assert np.isnan(ok["lr"].iloc[-1]) and (ok["lr"].iloc[:-1] == 0.5).all()
    assert not ok["diverged"].any()
    bad = frame[frame["optimizer"] == "too high"]
    assert len(bad) == trajs[1].diverged_at[0]
    assert bad["diverged"].all()
    assert np.isfinite(bad[["x", "y", "loss"]].to_numpy()).all()  # only good points are written


def test_a_diverged_runs_last_row_has_no_learning_rate():
    """The update leaving a diverged run's last good point went nowhere the file shows: no rate there,
    as at the last row of a run that ended normally."""
    labels, trajs = runs()
    bad = trajectories_frame(labels, trajs).query("optimizer == 'too high'")
    assert np.isnan(bad["lr"].iloc[-1])
    assert (bad["lr"].iloc[:-1] == 1.2).all()


def test_l_bfgs_spends_many_evaluations_per_step_and_the_table_and_csv_count_them():
    traj = optimizers.run(BOWL, optimizers.get("lbfgs"), start=(-7, 2), steps=5)
    per_step = traj.evaluations[:, 0]
    assert per_step.sum() > 5 and per_step.max() > 1  # one L-BFGS step is several evaluations
    table = results_table(["L-BFGS"], [traj], BOWL.minima, tol=1e-3)
    assert table.loc[0, "evaluations"] == per_step.sum()
    frame = trajectories_frame(["L-BFGS"], [traj])
    assert list(frame["evaluations"]) == [0, *np.cumsum(per_step)]
