"""Each lesson preset shows what its two lines promise (the runs are computed, not assumed)."""

import numpy as np
import pytest

from comparison.config import build_surface
from comparison.presets import PRESETS, matching
from comparison.runner import run_one
from ui.strings import CATALOGUE


def run_preset(name):
    cfg = PRESETS[name].config.normalized()
    surface = build_surface(cfg.surface, cfg.surface_params)
    return (
        cfg,
        surface,
        [
            run_one(surface, o, cfg.schedule_for(i), cfg.start, cfg.steps)
            for i, o in enumerate(cfg.optimizers)
        ],
    )


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_has_a_title_and_a_note_in_both_languages_and_matches_itself(name):
    preset = PRESETS[name]
    for key in (preset.title_key, preset.note_key):
        assert CATALOGUE[key]["en"] and CATALOGUE[key]["zh"]
    assert matching(preset.config) is preset


def sign_changes(values):
    signs = np.sign(values[np.abs(values) > 1e-9])
    return int(np.sum(signs[1:] != signs[:-1]))


def test_zigzag_sgd_zigzags_momentum_overshoots_adagrad_goes_straight():
    cfg, _, (sgd, momentum, adagrad, adam) = run_preset("zigzag")
    assert cfg.start == (-7.0, 2.0) and cfg.steps == 30
    assert sign_changes(sgd.xy[:, 0, 1]) >= 20  # y flips sign nearly every step
    assert momentum.xy[:, 0, 0].max() > 0.5  # x swings past the minimum
    assert sign_changes(adagrad.xy[:, 0, 1]) <= 1 and abs(adagrad.xy[-1, 0, 1]) < 1e-3
    assert np.all(np.diff(adagrad.xy[:, 0, 0]) > 0)  # straight in along x
    # the book's first steps (SPEC C) are reproduced
    np.testing.assert_allclose(sgd.xy[1, 0], (-6.335, -1.8))
    np.testing.assert_allclose(momentum.xy[1, 0], (-6.93, 1.6))
    np.testing.assert_allclose(adagrad.xy[1, 0], (-5.5, 0.5), atol=1e-6)
    np.testing.assert_allclose(adam.xy[1, 0], (-6.7, 1.7), atol=1e-6)


def test_saddle_sgd_is_stuck_adaptive_methods_escape_at_once():
    _, _, (sgd, momentum, nag, adagrad, adadelta, rmsprop) = run_preset("saddle")
    y = lambda traj, k: abs(traj.xy[k, 0, 1])  # noqa: E731
    assert y(sgd, -1) < 0.01 and abs(sgd.xy[-1, 0, 0]) < 0.2  # sitting on the saddle point
    assert y(adagrad, 30) > 1 and y(rmsprop, 30) > 1
    assert y(momentum, 60) < 0.5 and y(momentum, -1) > 2 and y(nag, -1) > 2
    assert y(adadelta, 20) < 0.5 and y(adadelta, -1) > 2


def test_beale_momentum_swings_wide_and_adadelta_creeps():
    _, surface, runs = run_preset("beale")
    sgd, momentum, nag, adagrad, adadelta, rmsprop = runs
    assert all(r.diverged_at[0] < 0 for r in runs)
    assert momentum.xy[:, 0, 1].min() < -0.5 and nag.xy[:, 0, 1].min() > momentum.xy[:, 0, 1].min()
    assert adadelta.loss[-1, 0] > 1 > sgd.loss[-1, 0]


def test_rosenbrock_gd_crawls_momentum_gets_close_newton_arrives():
    _, _, (sgd, momentum, adam, newton) = run_preset("rosenbrock")
    assert sgd.loss[10, 0] < 10 and sgd.loss[-1, 0] > 1  # on the valley floor fast, then crawling
    assert np.hypot(*(momentum.xy[-1, 0] - 1)) < 0.2
    assert newton.loss[5, 0] < 1e-10


def test_distill_hero_numbers_and_momentum_wins():
    cfg, _, (gd, heavy) = run_preset("distill")
    assert cfg.surface == "distill_rosenbrock" and cfg.start == (-1.21, 0.853) and cfg.steps == 150
    assert dict(cfg.optimizers[1].hp)["momentum"] == 0.74 and dict(cfg.optimizers[1].hp)["lr"] == 0.003
    assert heavy.loss[-1, 0] < gd.loss[-1, 0] / 10


def test_distill_heavy_ball_is_torch_sgd_with_momentum():
    cfg, surface, (_, heavy) = run_preset("distill")
    w, z = np.array(cfg.start), np.zeros(2)
    for _ in range(cfg.steps):  # Distill: z = βz + ∇f(w); w = w - αz
        z = 0.74 * z + surface.grad(w)
        w = w - 0.003 * z
    np.testing.assert_allclose(heavy.xy[-1, 0], w, rtol=1e-9)


def test_too_high_only_the_largest_rate_diverges():
    _, _, (half, near, one, high) = run_preset("too_high")
    assert half.diverged_at[0] < 0 and near.diverged_at[0] < 0 and one.diverged_at[0] < 0
    assert 5 < high.diverged_at[0] < 40
    assert abs(one.xy[-1, 0, 1]) == pytest.approx(2.0)  # bouncing between y = ±2 for ever
    assert near.loss[-1, 0] < 0.01 and half.loss[-1, 0] < 0.1


def test_warmup_lets_the_same_peak_rate_converge():
    cfg, _, (constant, cosine, warm, safe) = run_preset("warmup_cosine")
    assert 0 < constant.diverged_at[0] <= 5 and 0 < cosine.diverged_at[0] <= 5
    assert warm.diverged_at[0] < 0 and warm.loss[-1, 0] < safe.loss[-1, 0] < 1
    assert warm.lr[0, 0] == 0 and warm.lr[20, 0] == pytest.approx(0.002) and warm.lr[-1, 0] < 1e-5
