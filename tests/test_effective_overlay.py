"""The effective rate of each coordinate, drawn over Compare's learning-rate panel (issue 14, lesson 1):
its numbers are comparison/effective.py's for the run, and it is drawn only where they are exact."""

from dataclasses import replace

import numpy as np

from comparison import config as C
from comparison.effective import adagrad_rates, adam_rates, effective_rates, path_gradients, rmsprop_rates
from comparison.runner import run_one
from tests.test_compare_presets import run_preset
from tests.test_page_compare import main_figure
from tests.test_page_lessons import lesson
from viz.dashboard import compare_figure
from viz.paths import from_trajectory
from viz.spec import decode


def _overlay(spec: dict) -> list[dict]:
    return [t for t in spec["data"] if t.get("xaxis") == "x3" and t.get("line", {}).get("dash") == "dot"]


def _lesson_paths():
    cfg, surface, runs = run_preset("adagrad_fades")
    paths = []
    for i, (opt, traj) in enumerate(zip(cfg.optimizers, runs)):
        p = from_trajectory(traj, surface, f"run {i}", "#123456")
        paths.append(replace(p, effective=effective_rates(surface, opt, cfg.schedule_for(i), p.xy, 0.0)))
    return cfg, surface, paths


def test_the_lessons_overlay_is_adagrads_and_rmsprops_effective_rate():
    cfg, surface, paths = _lesson_paths()
    adagrad, rmsprop, adadelta = paths
    a, r = dict(cfg.optimizers[0].hp), dict(cfg.optimizers[1].hp)
    expected = [
        adagrad_rates(path_gradients(surface, adagrad.xy), a["lr"], a["eps"], a["initial_accumulator_value"]),
        rmsprop_rates(path_gradients(surface, rmsprop.xy), r["lr"], r["alpha"], r["eps"]),
    ]
    assert adadelta.effective is None  # Adadelta's rate is no lr/(√G + ε): nothing drawn
    spec = compare_figure(surface, paths, cfg.start, animate=False, clickable=False).to_dict()
    drawn = _overlay(spec)
    assert len(drawn) == 4
    for k, rates in enumerate(expected):
        assert rates.shape == (cfg.steps, 2)
        for axis in range(2):
            trace = drawn[2 * k + axis]
            assert trace["legendgroup"] == paths[k].label and trace["line"]["color"] == "#123456"
            assert trace["line"]["width"] < 2  # thinner than the rate line itself
            np.testing.assert_array_equal(decode(trace["customdata"]), rates[:, axis])
    # AdaGrad's x rate only fades; the log axis reaches down to where both overlays are drawn
    assert np.all(np.diff(expected[0][:, 0]) <= 0)
    axis = spec["layout"]["yaxis3"]
    assert axis["type"] == "log"
    assert 10 ** axis["range"][0] <= min(e.max() for e in expected[0].T)
    assert 10 ** axis["range"][1] >= max(e.max() for rates in expected for e in rates.T)


def test_adams_overlay_and_amsgrads_are_adam_rates():
    cfg, surface, _ = run_preset("adagrad_fades")
    for amsgrad in (False, True):
        opt = C.OptimizerConfig("adam", (("lr", 0.05), ("amsgrad", amsgrad))).normalized()
        traj = run_one(surface, opt, C.ScheduleConfig(), cfg.start, 50)
        xy = traj.xy[:, 0]
        np.testing.assert_array_equal(effective_rates(surface, opt, C.ScheduleConfig(), xy),
                                      adam_rates(path_gradients(surface, xy), 0.05, amsgrad=amsgrad))


def test_nothing_is_drawn_where_the_rate_would_not_be_exact():
    cfg, surface, runs = run_preset("adagrad_fades")
    adagrad, xy = cfg.optimizers[0], runs[0].xy[:, 0]
    constant = C.ScheduleConfig()
    assert effective_rates(surface, adagrad, constant, xy, 0.0) is not None
    assert effective_rates(surface, adagrad, constant, xy, noise=0.3) is None  # mini-batch noise
    assert effective_rates(surface, C.OptimizerConfig("sgd").normalized(), constant, xy) is None
    assert effective_rates(surface, C.OptimizerConfig("momentum").normalized(), constant, xy) is None
    assert effective_rates(surface, adagrad, C.ScheduleConfig("cosine").normalized().for_run(10), xy) is None
    for hp in (("clip_norm", 1.0), ("clip_value", 1.0), ("weight_decay", 0.1), ("lr_decay", 0.01)):
        assert effective_rates(surface, replace(adagrad, hp=(*adagrad.hp, hp)), constant, xy) is None
    for hp in (("momentum", 0.9), ("centered", True)):
        assert effective_rates(surface, C.OptimizerConfig("rmsprop", (hp,)).normalized(), constant, xy) is None
    # an SGD run in the figure gets no overlay
    sgd = from_trajectory(runs[0], surface, "sgd", "#000000")
    spec = compare_figure(surface, [sgd], cfg.start, animate=False, clickable=False).to_dict()
    assert not _overlay(spec)


def test_the_lesson_on_the_page_draws_the_overlay():
    at = lesson("adagrad_fades")
    spec = main_figure(at)
    drawn = _overlay(spec)
    _, _, paths = _lesson_paths()
    assert len(drawn) == 4
    assert [t["legendgroup"] for t in drawn[::2]] == [t["legendgroup"] for t in drawn[1::2]]
    assert "effective rate, x" in drawn[0]["hovertemplate"] and "effective rate, y" in drawn[1]["hovertemplate"]
    np.testing.assert_allclose(decode(drawn[0]["customdata"]), paths[0].effective[:, 0], rtol=1e-12)
    np.testing.assert_allclose(decode(drawn[3]["customdata"]), paths[1].effective[:, 1], rtol=1e-12)


def test_the_overlay_speaks_chinese():
    drawn = _overlay(main_figure(lesson("adagrad_fades", lang="zh")))
    assert len(drawn) == 4
    assert "有效学习率，x" in drawn[0]["hovertemplate"] and "有效学习率，y" in drawn[1]["name"]
    assert "effective" not in drawn[0]["hovertemplate"]
