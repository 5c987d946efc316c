"""Each lesson shows what its note says: every number in a note is filled in from the lesson's runs
(``Preset.fields``), and every other claim a note makes, in either language, is asserted here."""

import re
import string

import numpy as np
import pytest

from comparison.config import OptimizerConfig, ScheduleConfig, build_surface
from comparison.metrics import outcome, steps_to_tolerance
from comparison.presets import LESSON_TOL, PRESETS, matching, number
from comparison.runner import run_one
from ui.strings import CATALOGUE


def run_preset(name):
    cfg = PRESETS[name].config.normalized()
    surface = build_surface(cfg.surface, cfg.surface_params)
    runs = [run_one(surface, o, cfg.schedule_for(i), cfg.start, cfg.steps) for i, o in enumerate(cfg.optimizers)]
    return cfg, surface, runs


def note(name, lang="en"):
    _, surface, runs = run_preset(name)
    fields = PRESETS[name].fields(surface, runs)
    text = CATALOGUE[PRESETS[name].note_key][lang]
    return text.format(**fields) if fields else text


def template_fields(text):
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_has_a_title_and_a_note_in_both_languages_and_matches_itself(name):
    preset = PRESETS[name]
    for key in (preset.title_key, preset.note_key):
        assert CATALOGUE[key]["en"] and CATALOGUE[key]["zh"]
    assert matching(preset.config) is preset


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_field_of_a_note_is_computed_from_its_runs_in_both_languages(name):
    _, surface, runs = run_preset(name)
    fields = PRESETS[name].fields(surface, runs)
    en, zh = (CATALOGUE[PRESETS[name].note_key][lang] for lang in ("en", "zh"))
    assert template_fields(en) == template_fields(zh) == set(fields)
    assert "—" not in fields.values()  # every number the note states exists in the runs
    for lang in ("en", "zh"):
        assert "{" not in note(name, lang)


def sign_changes(values):
    signs = np.sign(values[np.abs(values) > 1e-9])
    return int(np.sum(signs[1:] != signs[:-1]))


def left(traj, surface):
    return outcome(traj, surface.bounds).left_view_at


# ------------------------------------------------------------------------------------- zig-zag


def test_zigzag_sgd_zigzags_momentum_overshoots_adagrad_goes_straight_adam_a_little_of_both():
    cfg, _, (sgd, momentum, adagrad, adam) = run_preset("zigzag")
    assert cfg.start == (-7.0, 2.0) and cfg.steps == 30
    # SGD zig-zags across y (the sign of y flips nearly every step) while it crawls along x
    assert sign_changes(sgd.xy[:, 0, 1]) >= 20 and np.all(np.diff(sgd.xy[:, 0, 0]) > 0)
    assert sgd.xy[-1, 0, 0] < -0.3  # still short of the minimum after 30 updates
    assert momentum.xy[:, 0, 0].max() > 0.5  # Momentum overshoots: x swings past the minimum ...
    turned = np.unwrap(np.arctan2(momentum.xy[:, 0, 1], momentum.xy[:, 0, 0]))
    assert turned.max() - turned.min() > np.pi  # ... and round it (more than half a turn about it)
    # AdaGrad heads straight in along x, its steps shrinking
    assert sign_changes(adagrad.xy[:, 0, 1]) <= 1 and abs(adagrad.xy[-1, 0, 1]) < 1e-3
    assert np.all(np.diff(adagrad.xy[:, 0, 0]) > 0)
    assert np.all(np.diff(np.hypot(*np.diff(adagrad.xy[:, 0], axis=0).T)) < 0)
    # Adam a little of both: it overshoots in x, less than Momentum, and zig-zags in y, less than SGD
    assert 0 < adam.xy[:, 0, 0].max() < momentum.xy[:, 0, 0].max()
    assert 1 <= sign_changes(adam.xy[:, 0, 1]) < sign_changes(sgd.xy[:, 0, 1])
    # the book's first steps (SPEC C) are reproduced
    np.testing.assert_allclose(sgd.xy[1, 0], (-6.335, -1.8))
    np.testing.assert_allclose(momentum.xy[1, 0], (-6.93, 1.6))
    np.testing.assert_allclose(adagrad.xy[1, 0], (-5.5, 0.5), atol=1e-6)
    np.testing.assert_allclose(adam.xy[1, 0], (-6.7, 1.7), atol=1e-6)


def test_zigzag_the_books_adagrad_eps_changes_nothing_visible():
    cfg, surface, (_, _, adagrad, _) = run_preset("zigzag")
    books = OptimizerConfig("adagrad", (*cfg.optimizers[2].hp[:1], ("eps", 1e-7)))
    theirs = run_one(surface, books, ScheduleConfig(), cfg.start, cfg.steps)
    (x0, x1), _ = surface.bounds
    assert np.abs(theirs.xy[:, 0] - adagrad.xy[:, 0]).max() < 1e-4 * (x1 - x0)  # far below a pixel


# -------------------------------------------------------------------------------------- saddle


def test_saddle_sgd_is_stuck_the_others_escape_in_the_order_the_note_gives():
    cfg, surface, (sgd, momentum, nag, adagrad, adadelta, rmsprop) = run_preset("saddle")
    y = lambda traj, k: abs(traj.xy[k, 0, 1])  # noqa: E731
    assert not surface.minima and surface.name == "saddle"  # "no minimum, unbounded below" (tested apart)
    assert y(sgd, -1) < 0.01 and abs(sgd.xy[-1, 0, 0]) < 0.2 and left(sgd, surface) is None  # at the saddle
    # AdaGrad and RMSprop: a full step from a tiny gradient, far ahead of Momentum at step 20
    assert y(adagrad, 20) > 1 and y(rmsprop, 20) > 1 and y(momentum, 20) < 0.01
    # Adadelta starts slower than those two, then speeds up: it is the first to leave the view
    assert y(adadelta, 20) < min(y(adagrad, 20), y(rmsprop, 20))
    order = [left(r, surface) for r in (adadelta, rmsprop, adagrad, nag, momentum)]
    assert None not in order and order == sorted(order)
    assert all(r.diverged_at[0] < 0 for r in (sgd, momentum, nag, adagrad, adadelta, rmsprop))


def test_saddle_note_states_the_runs_numbers():
    _, surface, (sgd, momentum, nag, adagrad, adadelta, rmsprop) = run_preset("saddle")
    text = note("saddle")
    assert f"Adadelta {left(adadelta, surface)}, RMSprop {left(rmsprop, surface)}" in text
    assert f"NAG {left(nag, surface)}, Momentum {left(momentum, surface)}" in text
    assert f"|y| = {number(abs(sgd.xy[-1, 0, 1]))}" in text


# --------------------------------------------------------------------------------------- Beale


def test_beale_momentum_swings_wide_adagrad_sign_step_adadelta_creeps_none_arrives():
    cfg, surface, runs = run_preset("beale")
    sgd, momentum, nag, adagrad, adadelta, rmsprop = runs
    assert all(r.diverged_at[0] < 0 for r in runs)
    low = lambda traj: traj.xy[:, 0, 1].min()  # noqa: E731
    assert low(momentum) < low(nag) < 0 < low(sgd)  # below the valley (NAG a little less); SGD does not
    assert sgd.loss[-1, 0] < 0.01  # SGD follows the gradient into the curved valley
    first = np.abs(adagrad.xy[1, 0] - adagrad.xy[0, 0])
    np.testing.assert_allclose(first, [0.5, 0.5])  # AdaGrad's first step: lr in each coordinate
    moved = lambda traj: np.hypot(*(traj.xy[10, 0] - traj.xy[0, 0]))  # noqa: E731
    assert moved(rmsprop) < min(moved(r) for r in (sgd, momentum, nag, adagrad))  # RMSprop starts slowly
    minimum = surface.minima[0].point
    distance = [np.hypot(*(r.xy[-1, 0] - minimum)) for r in runs]
    assert int(np.argmax(distance)) == 4 and adadelta.loss[-1, 0] > 1  # Adadelta creeps
    # nearly flat: the closest run is within 0.01 of the minimum's value but still over 0.1 away
    closest = int(np.argmin(distance))
    assert runs[closest].loss[-1, 0] < 0.01 and distance[closest] > 0.1
    assert f"the closest run, AdaGrad, is still {number(distance[closest])}" in note("beale")


# ---------------------------------------------------------------------------------- Rosenbrock


def test_rosenbrock_gd_crawls_momentum_gets_close_adam_is_slow_newton_arrives():
    cfg, surface, (sgd, momentum, adam, newton) = run_preset("rosenbrock")
    assert sgd.loss[10, 0] < 10 and sgd.loss[-1, 0] > 1  # on the valley floor fast, then crawling
    # crawling: the steep walls need a small rate (the curvature across the floor is hundreds of times
    # that along it), and along the floor the gradient is small (under 1% of the one at the start)
    lam = np.linalg.eigvalsh(surface.hessian(sgd.xy[-1, 0]))
    assert lam[-1] > 100 * abs(lam[0])
    assert np.linalg.norm(surface.grad(sgd.xy[-1, 0])) < 0.01 * np.linalg.norm(surface.grad(sgd.xy[0, 0]))
    d = lambda traj: np.hypot(*(traj.xy[-1, 0] - 1))  # noqa: E731
    assert d(momentum) < 0.2 and d(adam) > 1 and d(sgd) > 1
    reached = steps_to_tolerance(newton.loss[:, 0], 0.0, LESSON_TOL)
    assert reached is not None and np.all(newton.loss[reached:, 0] <= LESSON_TOL)  # "from step k on"
    text = note("rosenbrock")
    assert f"within {LESSON_TOL:g} of the minimum from step {reached} on" in text
    assert f"ends {number(d(momentum))} from (1, 1)" in text


# ------------------------------------------------------------------------------------ Distill


def test_distill_hero_numbers_and_momentum_wins():
    cfg, _, (gd, heavy) = run_preset("distill")
    assert cfg.surface == "distill_rosenbrock" and cfg.start == (-1.21, 0.853) and cfg.steps == 150
    assert dict(cfg.optimizers[1].hp)["momentum"] == 0.74 and dict(cfg.optimizers[1].hp)["lr"] == 0.003
    assert heavy.loss[-1, 0] < gd.loss[-1, 0] / 10
    assert f"loss is {number(gd.loss[-1, 0])}, momentum's {number(heavy.loss[-1, 0])}" in note("distill")


def test_distill_heavy_ball_is_torch_sgd_with_momentum():
    cfg, surface, (_, heavy) = run_preset("distill")
    w, z = np.array(cfg.start), np.zeros(2)
    for _ in range(cfg.steps):  # Distill: z = βz + ∇f(w); w = w - αz
        z = 0.74 * z + surface.grad(w)
        w = w - 0.003 * z
    np.testing.assert_allclose(heavy.xy[-1, 0], w, rtol=1e-9)


@pytest.mark.parametrize("beta", [0.9, 0.99])
def test_distill_more_momentum_ripples(beta):
    cfg, surface, (_, heavy) = run_preset("distill")
    more = run_one(surface, OptimizerConfig("momentum", (("lr", 0.003), ("momentum", beta))), ScheduleConfig(),
                   cfg.start, cfg.steps)
    ups = lambda traj: int(np.sum(np.diff(traj.loss[:, 0]) > 0))  # noqa: E731
    assert ups(more) > 10 * ups(heavy)  # the loss goes up and down again and again


# ------------------------------------------------------------------------------ lr too high


def test_too_high_only_the_largest_rate_leaves_and_nothing_overflows():
    cfg, surface, (half, near, one, high) = run_preset("too_high")
    assert all(r.diverged_at[0] < 0 for r in (half, near, one, high))
    assert [left(r, surface) is None for r in (half, near, one, high)] == [True, True, True, False]
    assert sign_changes(half.xy[:, 0, 1]) == 0 and sign_changes(half.xy[:, 0, 0]) == 0  # smooth
    assert sign_changes(near.xy[:, 0, 1]) >= 20 and near.loss[-1, 0] < 0.01  # zig-zags, converges
    np.testing.assert_allclose(np.abs(one.xy[:, 0, 1]), 2.0)  # bouncing between y = ±2 for ever
    assert np.all(np.diff(high.loss[1:, 0]) > 0) and high.loss[-1, 0] > 1e10  # its loss only grows
    text = note("too_high")
    assert f"leaves the view at step {left(high, surface)}" in text
    assert f"grown to {number(high.loss[-1, 0])}" in text


# ---------------------------------------------------------------------------- warmup + cosine


def test_warmup_lets_the_same_peak_rate_converge():
    cfg, surface, (constant, cosine, warm, safe) = run_preset("warmup_cosine")
    assert 0 < constant.diverged_at[0] <= 10 and 0 < cosine.diverged_at[0] <= 10
    with np.errstate(over="ignore"):  # "overflows": what the engine stops on
        assert not np.isfinite(surface.f(np.array([1e200, 1e200])))
    assert warm.diverged_at[0] < 0 and warm.loss[-1, 0] < safe.loss[-1, 0] < 1
    assert warm.lr[0, 0] == 0 and warm.lr[20, 0] == pytest.approx(0.002) and warm.lr[-1, 0] < 1e-6
    assert np.all(np.diff(warm.lr[20:, 0]) <= 0)  # the cosine decays over the rest of the run
    text = note("warmup_cosine")
    assert f"at step {constant.diverged_at[0]} and step {cosine.diverged_at[0]}" in text
    assert re.search(rf"ends at loss {re.escape(number(warm.loss[-1, 0]))}, lower than", text)
