"""The notes' lessons of issue #14 on Compare (AdaGrad's fading step, clipping, cyclic rates, heavy ball,
AMSGrad): each claim their notes make is asserted here, and the effective rates a note states are the
optimizers' own (comparison/effective.py against the optimizers' state)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import optimizers
from comparison.effective import adagrad_rates, adam_rates, path_gradients, rmsprop_rates, step_angles
from comparison.presets import number
from tests.test_compare_presets import note, run_preset


def _states(name, grads, **hp):
    """Step a registered optimizer through ``grads`` (one point, B = 1) and return its state after each."""
    opt = optimizers.get(name, **hp)
    xy = np.zeros((1, 2))
    state = opt.init(xy)
    out = []
    for t, g in enumerate(grads, start=1):
        xy, state = opt.step(xy, np.asarray(g, dtype=float).reshape(1, 2), state, hp.get("lr", 1e-2), t)
        out.append(state)
    return out


grads_strategy = st.lists(
    st.tuples(*(st.floats(-1e3, 1e3, allow_nan=False) for _ in range(2))), min_size=1, max_size=30)


@settings(max_examples=50, deadline=None)
@given(grads_strategy)
def test_effective_rates_come_from_the_optimizers_own_state(grads):
    g = np.array(grads, dtype=float)
    for t, s in enumerate(_states("adagrad", g, lr=0.1)):
        np.testing.assert_allclose(adagrad_rates(g, 0.1)[t], 0.1 / (np.sqrt(s.sum_sq[0]) + 1e-10), rtol=1e-12)
    for t, s in enumerate(_states("rmsprop", g, lr=0.01, alpha=0.9)):
        np.testing.assert_allclose(rmsprop_rates(g, 0.01, 0.9)[t], 0.01 / (np.sqrt(s.square_avg[0]) + 1e-8),
                                   rtol=1e-10)
    for amsgrad in (False, True):
        rates = adam_rates(g, 0.01, amsgrad=amsgrad)
        for t, s in enumerate(_states("adam", g, lr=0.01, amsgrad=amsgrad), start=1):
            u = s.max_exp_avg_sq[0] if amsgrad else s.exp_avg_sq[0]
            expected = 0.01 / (1 - 0.9**t) / (np.sqrt(u) / np.sqrt(1 - 0.999**t) + 1e-8)
            np.testing.assert_allclose(rates[t - 1], expected, rtol=1e-10)


def test_effective_rate_times_gradient_is_adagrads_step():
    cfg, surface, (adagrad, _, _) = run_preset("adagrad_fades")
    g = path_gradients(surface, adagrad.xy[:, 0])
    steps = np.diff(adagrad.xy[:, 0], axis=0)
    np.testing.assert_allclose(steps, -adagrad_rates(g, 0.1) * g, rtol=1e-9, atol=1e-15)


# ------------------------------------------------------------------------------ AdaGrad fades


def test_adagrad_fades_rmsprop_recovers():
    cfg, surface, (adagrad, rmsprop, adadelta) = run_preset("adagrad_fades")
    assert cfg.surface == "rosenbrock" and cfg.start == (-2.0, 2.0) and cfg.steps == 1000
    assert all(r.diverged_at[0] < 0 for r in (adagrad, rmsprop, adadelta))
    ag = adagrad_rates(path_gradients(surface, adagrad.xy[:, 0]), 0.1)
    rm = rmsprop_rates(path_gradients(surface, rmsprop.xy[:, 0]), 0.01)
    assert np.all(np.diff(ag, axis=0) <= 0)  # "never rises again"
    assert ag[-1, 0] < ag[0, 0] and ag[-1, 1] < ag[0, 1]  # "falls"
    assert abs(surface.grad(np.array(cfg.start))[0]) > 1000  # "huge"
    # "crawls": from step 100 on it gains less than 5% of its loss
    assert adagrad.loss[-1, 0] > 0.95 * adagrad.loss[100, 0]
    # RMSprop's rate climbs back (in both axes, far above its low) and it ends far below AdaGrad
    assert rm[-1, 0] > 10 * rm[:, 0].min() and rm[-1, 1] > 10 * rm[:, 1].min()
    assert rm[-1, 0] > 10 * ag[-1, 0]
    assert rmsprop.loss[-1, 0] < adadelta.loss[-1, 0] < adagrad.loss[-1, 0]
    text = note("adagrad_fades")
    assert f"falls from {number(ag[0, 0])} to {number(ag[-1, 0])} in x" in text
    assert f"climbs back from {number(rm[:, 0].min())} to {number(rm[-1, 0])}" in text
    assert f"its loss is {number(adagrad.loss[100, 0])} at step 100 and {number(adagrad.loss[-1, 0])}" in text
    zh = note("adagrad_fades", "zh")
    assert number(rmsprop.loss[-1, 0]) in zh and number(ag[-1, 1]) in zh


# ------------------------------------------------------------------------------------ clipping


def test_clipping_by_value_turns_the_step_by_norm_does_not_and_both_tame_the_cliff():
    cfg, surface, (plain, by_value, by_norm) = run_preset("clipping")
    assert cfg.surface == "cliff" and cfg.start == (-3.5, 2.0)
    assert all(r.diverged_at[0] < 0 for r in (plain, by_value, by_norm))
    jumps = np.linalg.norm(np.diff(plain.xy[:, 0], axis=0), axis=1)
    k = int(np.argmax(jumps))
    (x0, x1), _ = surface.bounds
    # the jump starts on the face (the gradient explodes there) and lands past the minimum, out of view
    assert -1.3 <= plain.xy[k, 0, 0] <= -0.7 and np.linalg.norm(surface.grad(plain.xy[k, 0])) > 50
    assert plain.xy[k + 1, 0, 0] > max(2.0, x1)
    assert plain.loss[-1, 0] > max(by_value.loss[-1, 0], by_norm.loss[-1, 0])
    for run in (by_value, by_norm):  # "walk down the face": past it, short steps, and the end in the basin
        assert run.xy[-1, 0, 0] > -0.7
        assert np.linalg.norm(np.diff(run.xy[:, 0], axis=0), axis=1).max() <= 0.1 * np.sqrt(2) * 0.5 + 1e-12
    g0 = surface.grad(np.array(cfg.start))
    assert np.all(np.abs(g0) > 0.5)  # "both components are larger than 0.5"
    np.testing.assert_allclose(by_value.xy[1, 0] - by_value.xy[0, 0], -0.1 * 0.5 * np.sign(g0))
    bent, kept = step_angles(surface, by_value.xy[:, 0]), step_angles(surface, by_norm.xy[:, 0])
    assert bent[0] > 20 and kept.max() < 1e-3
    assert step_angles(surface, plain.xy[:, 0]).max() < 1e-3  # unclipped SGD steps along −∇f
    text = note("clipping")
    assert f"turns {number(bent[0])}° away from −∇f" in text
    assert f"never more than {number(kept.max())}°" in text
    assert f"throws SGD to x = {number(plain.xy[k + 1, 0, 0])}" in text


# ------------------------------------------------------------------------------------ restarts


def test_restarts_constant_and_step_stay_shallow_cycles_reach_the_deep_minimum():
    cfg, surface, (constant, step, sgdr, cyclic) = run_preset("restarts")
    assert all(r.diverged_at[0] < 0 for r in (constant, step, sgdr, cyclic))
    deep = min(surface.minima, key=lambda m: m.value)
    shallow = [m for m in surface.minima if m.value > deep.value]
    assert deep.point == (0.0, 0.0) and deep.value == 0 and shallow
    dist = lambda traj, m: np.hypot(*(traj.xy[:, 0] - np.asarray(m.point)).T)  # noqa: E731
    home = min(shallow, key=lambda m: dist(constant, m)[-1])
    for run in (constant, step):  # settle in the shallow minimum
        assert dist(run, home)[-1] < 1e-6 and abs(run.loss[-1, 0] - home.value) < 1e-9
    for run in (sgdr, cyclic):  # end in the deep one
        assert dist(run, deep)[-1] < 1e-6 and run.loss[-1, 0] < 1e-12
    assert not np.any(dist(sgdr, home) < 0.1)  # SGDR never settles in the shallow basin
    # the schedules are what the note says: 0.025 .. 0.4 for the cycle (up 25, down 25), SGDR restarts at 0.4
    np.testing.assert_allclose([cyclic.lr[0, 0], cyclic.lr[25, 0], cyclic.lr[50, 0]], [0.025, 0.4, 0.025])
    np.testing.assert_allclose(sgdr.lr[[0, 50, 100], 0], 0.4)
    np.testing.assert_allclose(step.lr[[0, 50, 100], 0], [0.1, 0.05, 0.025])
    inside = np.flatnonzero(dist(cyclic, home) < 0.1)
    came, left = inside[0], inside[-1] + 1
    assert np.all(dist(cyclic, home)[came:left] < 0.1)  # it stays there from step came until thrown out
    assert cyclic.loss[left:, 0].max() > 10 * home.value  # short-term harm
    deep_from = np.flatnonzero(dist(cyclic, deep) < 0.01)[0]
    assert np.all(dist(cyclic, deep)[deep_from:] < 0.01)  # "from step k" on
    assert np.all(dist(sgdr, deep)[np.flatnonzero(dist(sgdr, deep) < 0.01)[0]:] < 0.01)
    text = note("restarts")
    assert f"by step {came}; as its rate climbs it is thrown out at step {left}" in text
    assert f"loss rises to {number(cyclic.loss[left:, 0].max())}" in text
    assert f"from step {deep_from} (long-term gain)" in text


# ---------------------------------------------------------------------------------- heavy ball


def test_heavy_ball_the_notes_velocity_form_is_torchs_momentum():
    cfg, surface, (_, momentum, nag, friction) = run_preset("heavy_ball")
    for run, mu in ((momentum, 0.9), (friction, 0.5)):
        theta, v = np.array(cfg.start), np.zeros(2)
        for k in range(cfg.steps):  # the notes: v = μv − γ∇f, θ += v
            v = mu * v - 0.1 * surface.grad(theta)
            theta = theta + v
            np.testing.assert_allclose(run.xy[k + 1, 0], theta, rtol=1e-12, atol=1e-14)
    theta, v = np.array(cfg.start), np.zeros(2)
    for k in range(cfg.steps):  # the notes' Nesterov: the gradient at the look-ahead point θ + μv
        v = 0.9 * v - 0.1 * surface.grad(theta + 0.9 * v)
        theta = theta + v
        np.testing.assert_allclose(nag.xy[k + 1, 0], theta + 0.9 * v, rtol=1e-12, atol=1e-14)  # torch stores it


def test_heavy_ball_momentum_overshoots_friction_does_not_nesterov_brakes_earlier():
    cfg, surface, (sgd, momentum, nag, friction) = run_preset("heavy_ball")
    assert all(r.diverged_at[0] < 0 for r in (sgd, momentum, nag, friction))
    assert surface.minima[0].point == (0.0, 0.0)
    speed = lambda traj: np.linalg.norm(np.diff(traj.xy[:, 0], axis=0), axis=1).max()  # noqa: E731
    d = lambda traj: np.hypot(*traj.xy[-1, 0])  # noqa: E731
    assert speed(momentum) > speed(sgd)  # builds up speed
    assert momentum.xy[:, 0, 0].max() > 0 and friction.xy[:, 0, 0].max() < 0  # rolls past / never passes
    assert 0 < nag.xy[:, 0, 0].max() < momentum.xy[:, 0, 0].max()  # rolls past, less far
    assert d(nag) < d(momentum) < d(friction) < d(sgd)
    text = note("heavy_ball")
    assert f"rolls past the minimum to x = {number(momentum.xy[:, 0, 0].max())}" in text
    assert f"NAG rolls past only to x = {number(nag.xy[:, 0, 0].max())}" in text
    assert f"ends {number(d(friction))} away" in text


# ------------------------------------------------------------------------------------- AMSGrad


def test_amsgrad_adams_rate_grows_back_after_the_cliff_amsgrads_does_not():
    cfg, surface, (adam, ams) = run_preset("amsgrad")
    assert all(r.diverged_at[0] < 0 for r in (adam, ams))
    g = path_gradients(surface, adam.xy[:, 0])
    a = adam_rates(g, 0.01, (0.9, 0.99))
    m = adam_rates(path_gradients(surface, ams.xy[:, 0]), 0.01, (0.9, 0.99), amsgrad=True)
    cliff = int(np.argmax(np.linalg.norm(g, axis=1)))
    assert -1.3 <= adam.xy[cliff, 0, 0] <= -0.7 and np.linalg.norm(g[cliff]) > 50  # "on the cliff face"
    low = int(np.argmin(a[:, 0]))
    assert low > cliff and a[-1, 0] > 3 * a[low, 0]  # drops after the cliff, then grows back
    assert a[-1, 0] == a[low:, 0].max()  # "climbs back to ... by the end"
    ams_low = int(np.argmin(m[:, 0]))
    assert ams_low > cliff and m[-1, 0] < 1.05 * m[ams_low, 0]  # AMSGrad's barely moves
    # "the rest of the bias correction": with the largest v fixed, the rate only follows the correction
    t = np.arange(1, len(g) + 1)
    corr = (1 / (1 - 0.9**t)) * np.sqrt(1 - 0.99**t)
    assert m[-1, 0] / m[ams_low, 0] == pytest.approx(corr[-1] / corr[ams_low], rel=1e-6)
    text = note("amsgrad")
    assert f"drops to {number(a[low, 0])} (step {low + 1}), then climbs back to {number(a[-1, 0])}" in text
    assert f"from {number(m[ams_low, 0])} to only {number(m[-1, 0])}" in text
    assert "Vₜ ≥ Vₜ₋₁" in text and "Vₜ ≥ Vₜ₋₁" in note("amsgrad", "zh")
