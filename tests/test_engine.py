"""The trajectory engine: shapes, recording, schedules, noise, divergence, chunks and threads, validation."""

from __future__ import annotations

import tracemalloc
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import optimizers
import surfaces
from optimizers import engine, schedules

BOOK = surfaces.get("book_quadratic")
ROSEN = surfaces.get("rosenbrock")


def test_shapes_for_one_start_and_for_a_batch():
    one = optimizers.run(BOOK, optimizers.get("adam", lr=0.1), (-7, 2), 25)
    assert one.xy.shape == (26, 1, 2) and one.loss.shape == (26, 1) and one.grad_norm.shape == (26, 1)
    assert one.lr.shape == (25, 1) and one.diverged_at.shape == (1,)
    many = optimizers.run(BOOK, optimizers.get("adam", lr=0.1), np.zeros((5, 2)) + [-7, 2], 25)
    assert many.xy.shape == (26, 5, 2)
    np.testing.assert_array_equal(one.xy[:, 0], many.xy[:, 3])


def test_recorded_loss_and_gradient_norm_are_the_surfaces():
    traj = optimizers.run(ROSEN, optimizers.get("sgd", lr=1e-3, momentum=0.9), (-1.5, 2.0), 50)
    np.testing.assert_array_equal(traj.loss, ROSEN.f(traj.xy))
    np.testing.assert_allclose(traj.grad_norm, np.linalg.norm(ROSEN.grad(traj.xy), axis=-1), rtol=1e-15)
    assert traj.xy[0, 0].tolist() == [-1.5, 2.0]


def test_zero_steps_records_only_the_start():
    traj = optimizers.run(BOOK, optimizers.get("sgd"), (-7, 2), 0)
    assert traj.xy.shape == (1, 1, 2) and traj.lr.shape == (0, 1)


@pytest.mark.parametrize("record,expected", [("full", list(range(11))), ("final", [0, 10]), (3, [0, 3, 6, 9, 10]),
                                             (5, [0, 5, 10]), (20, [0, 10])])
def test_record_modes_keep_the_right_steps_and_the_same_values(record, expected):
    full = optimizers.run(ROSEN, optimizers.get("adam", lr=0.05), (-1.5, 2.0), 10)
    part = optimizers.run(ROSEN, optimizers.get("adam", lr=0.05), (-1.5, 2.0), 10, record=record)
    assert part.steps.tolist() == expected
    np.testing.assert_array_equal(part.xy, full.xy[expected])
    np.testing.assert_array_equal(part.loss, full.loss[expected])


def test_schedule_multiplies_the_learning_rate_of_update_k():
    sched = schedules.get("step", step_size=3, gamma=0.5)
    traj = optimizers.run(BOOK, optimizers.get("sgd", lr=0.2), (-7, 2), 7, schedule=sched)
    np.testing.assert_allclose(traj.lr[:, 0], 0.2 * np.array([1, 1, 1, 0.5, 0.5, 0.5, 0.25]))
    # and the path is plain SGD with those rates
    x = np.array([-7.0, 2.0])
    for k in range(7):
        x = x - traj.lr[k, 0] * BOOK.grad(x)
        np.testing.assert_allclose(traj.xy[k + 1, 0], x, rtol=1e-15)


def test_lr_of_a_sweep_has_one_column_per_run():
    traj = optimizers.run(BOOK, optimizers.get("sgd", lr=np.array([0.1, 0.2])), (-7, 2), 4,
                          schedule=schedules.get("exponential", gamma=0.5))
    np.testing.assert_allclose(traj.lr, np.outer([1, 0.5, 0.25, 0.125], [0.1, 0.2]))


def test_noise_is_seeded_and_reproducible():
    opt = optimizers.get("sgd", lr=0.1)
    a = optimizers.run(BOOK, opt, (-7, 2), 30, noise=0.5, seed=3)
    b = optimizers.run(BOOK, opt, (-7, 2), 30, noise=0.5, seed=3)
    c = optimizers.run(BOOK, opt, (-7, 2), 30, noise=0.5, seed=4)
    clean = optimizers.run(BOOK, opt, (-7, 2), 30)
    np.testing.assert_array_equal(a.xy, b.xy)
    assert not np.array_equal(a.xy, c.xy) and not np.array_equal(a.xy, clean.xy)


def test_noise_has_the_requested_standard_deviation():
    # on a flat-gradient start the first update's deviation from the clean step is lr·σ·N(0, 1)
    starts = np.tile([[-7.0, 2.0]], (20000, 1))
    noisy = optimizers.run(BOOK, optimizers.get("sgd", lr=1.0), starts, 1, noise=0.3, seed=0)
    clean = -7.0 + 0.7, 2.0 - 4.0
    deviation = noisy.xy[1] - clean
    assert deviation.std() == pytest.approx(0.3, rel=0.03)
    assert abs(deviation.mean()) < 0.01


def test_a_noise_array_gives_each_run_its_own_level():
    starts = np.tile([[-7.0, 2.0]], (3, 1))
    traj = optimizers.run(BOOK, optimizers.get("sgd", lr=0.1), starts, 20, noise=np.array([0.0, 1.0, 0.0]))
    np.testing.assert_array_equal(traj.xy[:, 0], traj.xy[:, 2])
    assert not np.array_equal(traj.xy[:, 0], traj.xy[:, 1])


def test_divergence_freezes_the_run_records_the_step_and_lets_the_others_go_on():
    opt = optimizers.get("sgd", lr=np.array([0.9, 1.5]))  # 1.5 > 2/λmax = 1 on the book quadratic
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no NumPy warning may escape
        traj = optimizers.run(BOOK, opt, (-7, 2), 200)
    assert traj.diverged_at[0] == -1
    k = traj.diverged_at[1]
    assert k > 0
    # y is multiplied by (1 - 2·1.5) = -2 each step: it leaves 1e6 after about 19 steps
    assert 15 <= k <= 25
    np.testing.assert_array_equal(traj.xy[k:, 1], np.broadcast_to(traj.xy[k - 1, 1], traj.xy[k:, 1].shape))
    assert np.isfinite(traj.xy).all() and np.isfinite(traj.loss).all()
    assert np.linalg.norm(traj.xy[-1, 0]) < 1e-3


def test_non_finite_steps_are_divergence_too():
    # an overflow to inf / nan in the update (Newton at a singular Hessian) is caught like a blow-up
    starts = np.array([[0.0, 0.0], [1.0, 0.5]])
    traj = optimizers.run(surfaces.get("monkey_saddle"), optimizers.get("newton"), starts, 3)
    assert traj.diverged_at[0] == 1 and traj.diverged_at[1] == -1
    assert np.isfinite(traj.xy).all()


def test_the_bound_is_configurable():
    traj = optimizers.run(BOOK, optimizers.get("sgd", lr=1.5), (-7, 2), 50, bound=100.0)
    assert 0 < traj.diverged_at[0] < 10 and (np.abs(traj.xy) <= 100).all()


def test_chunks_and_threads_do_not_change_the_result(monkeypatch):
    rng = np.random.default_rng(0)
    starts = rng.uniform(-2, 2, size=(1000, 2))
    opt = optimizers.get("adam", lr=np.logspace(-3, -1, 1000))
    whole = optimizers.run(ROSEN, opt, starts, 40, noise=0.1, seed=5, threads=1)
    monkeypatch.setattr(engine, "CHUNK_ROWS", 128)
    seen = []
    chunked_1 = optimizers.run(ROSEN, opt, starts, 40, threads=1, progress=seen.append)
    chunked_2 = optimizers.run(ROSEN, opt, starts, 40, threads=2)
    np.testing.assert_array_equal(chunked_1.xy, chunked_2.xy)
    clean = optimizers.run(ROSEN, opt, starts, 40, threads=1)
    np.testing.assert_array_equal(chunked_1.xy, clean.xy)
    assert seen == pytest.approx([(i + 1) / 8 for i in range(8)])
    assert whole.xy.shape == chunked_1.xy.shape
    # noise comes from a per-chunk stream; with threads the result stays the same
    a = optimizers.run(ROSEN, opt, starts, 40, noise=0.1, seed=5, threads=1)
    b = optimizers.run(ROSEN, opt, starts, 40, noise=0.1, seed=5, threads=2)
    np.testing.assert_array_equal(a.xy, b.xy)


def test_a_256_by_256_basin_run_of_1000_steps_stays_far_under_a_gigabyte():
    axis = np.linspace(-5, 5, 256)
    starts = np.stack(np.meshgrid(axis, axis), axis=-1).reshape(-1, 2)
    tracemalloc.start()
    traj = optimizers.run(surfaces.get("himmelblau"), optimizers.get("sgd", lr=0.01), starts, 1000,
                          record="final")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 100 * 2**20, f"peak {peak / 2**20:.0f} MiB"
    assert traj.xy.shape == (2, 65536, 2)
    minima = np.array([m.point for m in surfaces.get("himmelblau").minima])
    distance = np.linalg.norm(traj.final_xy[:, None, :] - minima[None], axis=-1).min(axis=1)
    assert (distance < 1e-3).mean() > 0.95


def test_to_frame_is_tidy():
    traj = optimizers.run(BOOK, optimizers.get("sgd", lr=np.array([0.1, 1.5])), (-7, 2), 30)
    frame = traj.to_frame(labels=["slow", "fast"])
    assert list(frame.columns) == ["run", "step", "x", "y", "loss", "lr", "grad_norm", "diverged", "evaluations"]
    assert len(frame) == 31 * 2
    slow = frame[frame.run == "slow"]
    np.testing.assert_array_equal(slow.x, traj.xy[:, 0, 0])
    assert slow.lr.iloc[:30].eq(0.1).all() and np.isnan(slow.lr.iloc[30])
    assert frame[frame.run == "fast"].diverged.any() and not slow.diverged.any()
    with pytest.raises(ValueError, match="one entry per run"):
        traj.to_frame(labels=["only one"])


@pytest.mark.parametrize("kwargs,words", [
    (dict(steps=-1), ["steps", "-1"]),
    (dict(steps=2.5), ["steps", "2.5"]),
    (dict(steps=True), ["steps"]),
    (dict(start=(1, 2, 3)), ["start", "(3,)"]),
    (dict(start=(np.nan, 0)), ["start", "finite"]),
    (dict(start="here"), ["start"]),
    (dict(noise=-1.0), ["noise"]),
    (dict(noise=np.inf), ["noise"]),
    (dict(seed=-3), ["seed", "-3"]),
    (dict(record="some"), ["record", "some"]),
    (dict(record=0), ["record"]),
    (dict(start=np.zeros((3, 2)), noise=np.ones(4)), ["same number of runs"]),
])
def test_invalid_arguments_raise_value_errors_that_say_what_is_wrong(kwargs, words):
    args = dict(surface=BOOK, optimizer=optimizers.get("sgd"), start=(-7, 2), steps=10)
    args.update(kwargs)
    with pytest.raises(ValueError) as err:
        optimizers.run(**args)
    for word in words:
        assert word in str(err.value)


def test_wrong_objects_are_refused():
    with pytest.raises(ValueError, match="optimizers.get"):
        optimizers.run(BOOK, "adam", (0, 0), 3)
    with pytest.raises(ValueError, match="surfaces.get"):
        optimizers.run("book", optimizers.get("adam"), (0, 0), 3)


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(optimizers.names()),
    surface=st.sampled_from(surfaces.names()),
    log_lr=st.floats(-6, 3),
    noise=st.sampled_from([0.0, 0.1, 10.0]),
    sched=st.sampled_from([None, "cosine", "cyclic", "one_cycle", "step"]),
    start=st.tuples(st.floats(-1e3, 1e3), st.floats(-1e3, 1e3)),
)
def test_extreme_settings_never_raise_and_are_finite_or_flagged(name, surface, log_lr, noise, sched, start):
    schedule = schedules.get(sched) if sched else None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = optimizers.run(surfaces.get(surface), optimizers.get(name, lr=10.0**log_lr), start, 50,
                              schedule=schedule, noise=noise)
    assert np.isfinite(traj.xy).all()
    alive = traj.diverged_at < 0
    assert np.isfinite(traj.loss[:, alive]).all()
