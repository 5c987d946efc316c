"""Schedule horizons follow the run: cosine's T_max, one-cycle's total_steps and polynomial's total_iters
default to the rest of the run (Steps − warmup), an explicit value is kept, and links say which."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import surfaces
from comparison import codec as K
from comparison.config import HORIZONS, CompareConfig, OptimizerConfig, ScheduleConfig, schedule_specs
from comparison.runner import run_one

BOWL = surfaces.get("book_quadratic")


def lr_of(schedule: ScheduleConfig, steps: int) -> np.ndarray:
    traj = run_one(BOWL, OptimizerConfig("sgd", (("lr", 0.1),)), schedule, (-7.0, 2.0), steps)
    return traj.lr[:, 0] / 0.1


@settings(max_examples=25, deadline=None)
@given(st.integers(20, 1000), st.integers(0, 15))
def test_cosine_anneals_once_over_the_whole_run_whatever_its_length(steps, warmup):
    m = lr_of(ScheduleConfig("cosine", warmup_steps=warmup), steps)
    after = m[warmup:]
    assert np.all(np.diff(after) <= 1e-12)  # never climbs back (with T_max = 100 it did from step 200)
    horizon = steps - warmup  # the last update is one step short of eta_min = 0 (reached at t = T_max)
    assert after[0] == 1.0 and after[-1] == pytest.approx((1 + np.cos(np.pi * (horizon - 1) / horizon)) / 2)
    assert len(after) == horizon


def test_one_cycle_spends_the_run_on_its_cycle_instead_of_sitting_at_the_floor():
    m = lr_of(ScheduleConfig("one_cycle"), 300)
    floor = m.min()
    assert int(np.argmax(m)) == pytest.approx(0.3 * 300, abs=2)  # the peak at pct_start of the run
    assert np.sum(m <= floor * 1.0001) <= 2  # it reaches the floor at the end (not for 200 steps)


def test_polynomial_reaches_zero_at_the_end_of_the_run():
    m = lr_of(ScheduleConfig("polynomial"), 250)
    assert m[-1] > 0 and m[-1] < 0.01 and np.all(np.diff(m) < 0)


def test_an_explicit_horizon_is_kept_and_travels_in_the_link():
    cfg = CompareConfig((OptimizerConfig("sgd", (("lr", 0.1),), ScheduleConfig("cosine", (("T_max", 100),))),),
                        steps=300)
    m = lr_of(cfg.schedule_for(0), 300)
    assert m[200] == pytest.approx(1.0)  # what the user asked for: a full period by step 200
    query = K.query_for(cfg)
    # nothing is left out that a link of before would read otherwise: no version needed
    assert query["compare.o0.s.T_max"] == "100" and "compare.v" not in query
    assert K.decode(query)[0].config.normalized() == cfg.normalized()


def test_a_following_horizon_is_left_out_of_the_link_and_read_back_as_following():
    cfg = CompareConfig((OptimizerConfig("sgd", (("lr", 0.1),), ScheduleConfig("cosine")),), steps=300)
    query = K.query_for(cfg)
    assert "compare.o0.s.T_max" not in query and query["compare.v"] == "2"
    back = K.decode(query)[0].config
    assert back.optimizers[0].schedule.follows_run and back.schedule_for(0).build().params["T_max"] == 300


def test_a_saved_link_without_a_version_keeps_the_horizon_of_100_it_had():
    link, _ = K.decode({"compare.o0.sched": "cosine", "compare.steps": "300"})
    assert dict(link.config.optimizers[0].schedule.params)["T_max"] == 100


def test_every_horizon_defaults_to_following_the_run():
    for name, horizon in HORIZONS.items():
        assert schedule_specs(name)[horizon].default == 0
        assert ScheduleConfig(name).follows_run
        assert ScheduleConfig(name, warmup_steps=10).for_run(300).build().params[horizon] == 290
