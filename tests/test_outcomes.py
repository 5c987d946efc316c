"""One rule for every run: leaving the view (position still finite) is told apart from numerical
divergence (x, y or f not finite), and every run that ends on a finite loss shows it."""

import numpy as np
import pandas as pd

import surfaces
from comparison.config import OptimizerConfig, ScheduleConfig, build_surface
from comparison.metrics import left_view_at, outcome, results_table
from comparison.presets import PRESETS
from comparison.runner import run_one


def saddle_runs():
    cfg = PRESETS["saddle"].config.normalized()
    surface = build_surface(cfg.surface, cfg.surface_params)
    runs = [run_one(surface, o, cfg.schedule_for(i), cfg.start, cfg.steps) for i, o in enumerate(cfg.optimizers)]
    return cfg, surface, runs


def test_the_saddle_lesson_applies_one_rule_to_every_optimizer():
    cfg, surface, runs = saddle_runs()
    table = results_table(cfg.labels(), runs, surface.minima, 1e-3, surface.bounds)
    # nobody overflows in 150 steps on x² − y²: Nesterov is not singled out as "diverged"
    assert table["diverged_at"].isna().all()
    # every run that ends outside the view is said to have left it, and shows its final loss
    for (_, row), traj in zip(table.iterrows(), runs, strict=True):
        xy = traj.xy[:, 0]
        (x0, x1), (y0, y1) = surface.bounds
        ends_outside = not (x0 <= xy[-1, 0] <= x1 and y0 <= xy[-1, 1] <= y1)
        assert pd.notna(row["left_view_at"]) == ends_outside
        assert row["final_loss"] == traj.loss[-1, 0]
    # Momentum, Nesterov and Adadelta went about as far; all three are reported alike
    far = table.iloc[[1, 2, 4]]
    assert far["left_view_at"].notna().all() and (far["final_loss"] < -5e4).all()


def test_left_view_at_is_the_step_from_which_the_run_stays_outside():
    bounds = ((-1.0, 1.0), (-1.0, 1.0))
    xy = np.array([[0, 0], [2, 0], [0.5, 0], [3, 0], [5, 0]], dtype=float)
    assert left_view_at(xy, bounds) == 3  # out at 1, back at 2, out for good from 3
    assert left_view_at(xy[:3], bounds) is None
    assert left_view_at(np.array([[4.0, 0.0]]), bounds) == 0


def test_numerical_divergence_is_an_overflow_not_a_distance():
    rosenbrock = surfaces.get("rosenbrock")
    traj = run_one(rosenbrock, OptimizerConfig("sgd", (("lr", 0.01),)), ScheduleConfig(), (-2.0, 2.0), 30)
    out = outcome(traj, rosenbrock.bounds)
    assert out.diverged_at is not None and out.final_loss is None
    assert np.isfinite(traj.xy[: out.diverged_at, 0]).all()
    bowl = surfaces.get("book_quadratic")
    far = run_one(bowl, OptimizerConfig("sgd", (("lr", 1.2),)), ScheduleConfig(), (-7.0, 2.0), 60)
    out = outcome(far, bowl.bounds)
    assert out.diverged_at is None and out.left_view_at is not None and out.final_loss > 1e10
