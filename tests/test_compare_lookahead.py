"""Nesterov's ball and look-ahead point in Compare's animation (issue #14, lesson 5): the marker of a
Nesterov run is torch's iterate, which is the notes' look-ahead point θ + μv where the next gradient is
taken; comparison/lookahead.py recovers the ball θ from the path, and the frames draw it hollow."""

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

import optimizers
from comparison import codec as K
from comparison import config as C
from comparison.lookahead import nesterov_balls, nesterov_momentum
from comparison.presets import PRESETS
from tests.test_compare_figures import paths_of
from tests.test_compare_presets import run_preset
from ui.strings import CATALOGUE
from viz.dashboard import TEXT, compare_figure

PAGE = str(Path(__file__).resolve().parent.parent / "app_pages" / "compare.py")


def test_the_ball_is_the_notes_theta_and_the_marker_its_look_ahead_point():
    cfg, surface, (_, _, nag, _) = run_preset("heavy_ball")
    p = nag.xy[:, 0]
    balls = nesterov_balls(p, 0.9)
    theta, v = np.array(cfg.start), np.zeros(2)
    for k in range(cfg.steps):  # the notes' Nesterov, v = μv − γ∇f(θ + μv), θ += v
        v = 0.9 * v - 0.1 * surface.grad(theta + 0.9 * v)
        theta = theta + v
        np.testing.assert_allclose(balls[k + 1], theta, rtol=1e-12, atol=1e-13)
    v = np.diff(balls, axis=0)  # v_k = θ_k − θ_{k−1}
    np.testing.assert_allclose(p[1:], balls[1:] + 0.9 * v, rtol=1e-12, atol=1e-13)  # marker = θ_k + μv_k
    # the next update's gradient is taken at the marker (the look-ahead point), not at the ball
    v = np.vstack([np.zeros(2), v])
    at_marker = 0.9 * v[:-1] - 0.1 * surface.grad(p[:-1])
    np.testing.assert_allclose(v[1:], at_marker, rtol=1e-12, atol=1e-13)
    at_ball = 0.9 * v[:-1] - 0.1 * surface.grad(balls[:-1])
    assert np.abs(v[1:] - at_ball).max() > 1e-2


@settings(max_examples=40, deadline=None)
@given(
    st.floats(0.05, 0.99),
    st.floats(1e-3, 1.0),
    st.lists(st.tuples(*(st.floats(-100, 100, allow_nan=False) for _ in range(2))), min_size=1, max_size=25),
)
def test_the_ball_follows_from_torchs_path_for_any_gradients(mu, lr, grads):
    """Noisy or arbitrary gradients: stepping torch's Nesterov SGD, the notes' θ (driven by the same
    gradients) is what nesterov_balls reads off the stored path."""
    opt = optimizers.get("sgd", lr=lr, momentum=mu, nesterov=True)
    xy = np.zeros((1, 2))
    state = opt.init(xy)
    path = [xy[0].copy()]
    theta, v = np.zeros(2), np.zeros(2)
    thetas = [theta]
    for t, g in enumerate(grads, start=1):
        g = np.asarray(g, dtype=float)
        xy, state = opt.step(xy, g.reshape(1, 2), state, lr, t)
        path.append(xy[0].copy())
        v = mu * v - lr * g
        theta = theta + v
        thetas.append(theta)
    scale = 1 + np.abs(np.array(thetas)).max()
    np.testing.assert_allclose(nesterov_balls(np.array(path), mu), np.array(thetas), atol=1e-9 * scale)


def test_only_nesterov_with_a_constant_rate_has_a_ball():
    const = C.ScheduleConfig()
    assert nesterov_momentum(C.OptimizerConfig("nesterov"), const) == 0.9
    assert nesterov_momentum(C.OptimizerConfig("sgd", (("momentum", 0.5), ("nesterov", True))), const) == 0.5
    assert nesterov_momentum(C.OptimizerConfig("sgd"), const) is None
    assert nesterov_momentum(C.OptimizerConfig("momentum"), const) is None
    assert nesterov_momentum(C.OptimizerConfig("adam"), const) is None
    cosine = C.ScheduleConfig("cosine")
    assert not cosine.is_constant
    assert nesterov_momentum(C.OptimizerConfig("nesterov"), cosine) is None


def _figure(preset):
    cfg, surface, paths = paths_of(PRESETS[preset].config)
    mus = [nesterov_momentum(o, cfg.schedule_for(i)) for i, o in enumerate(cfg.normalized().optimizers)]
    paths = [p if mu is None else replace(p, ball=nesterov_balls(p.xy, mu)) for p, mu in zip(paths, mus)]
    return paths, compare_figure(surface, paths, cfg.start, animate=True).to_dict()


def test_frames_draw_the_ball_only_for_nesterov_runs():
    paths, spec = _figure("heavy_ball")
    assert [p.ball is not None for p in paths] == [False, False, True, False]
    named = [t for t in spec["data"] if t.get("name") == TEXT["ball"]]
    assert len(named) == 1 and named[0]["line"]["color"] == paths[2].colour
    assert named[0]["marker"]["symbol"] == "circle-open" and named[0]["showlegend"]
    index = spec["data"].index(named[0])
    for frame in spec["frames"]:
        k = int(frame["name"])
        assert frame["traces"][-1] == index and len(frame["data"]) == len(frame["traces"])
        drawn = frame["data"][-1]
        np.testing.assert_allclose(drawn["x"][:2], [paths[2].ball[k, 0], paths[2].xy[k, 0]], atol=1e-3)
        np.testing.assert_allclose(drawn["y"][:2], [paths[2].ball[k, 1], paths[2].xy[k, 1]], atol=1e-3)
    _, plain = _figure("zigzag")  # no Nesterov run: no ball, same traces as before
    assert not [t for t in plain["data"] if t.get("name") == TEXT["ball"]]
    assert all(len(f["data"]) == 4 + 4 for f in plain["frames"])


def test_the_heavy_ball_lesson_shows_the_ball_in_both_languages():
    for lang in ("en", "zh"):
        at = AppTest.from_file(PAGE, default_timeout=60)
        for k, v in K.query_for(PRESETS["heavy_ball"].config).items():
            at.query_params[k] = v
        at.session_state["lang"] = lang
        at.run()
        assert not at.exception, at.exception[0].value
        spec = next(s for s in (json.loads(c.proto.spec) for c in at.get("plotly_chart")) if "frames" in s)
        word = CATALOGUE["compare.fig.ball"][lang]
        named = [t for t in spec["data"] if t.get("name") == word]
        assert len(named) == 1 and named[0]["marker"]["symbol"] == "circle-open"
        index = spec["data"].index(named[0])
        last = spec["frames"][-1]
        assert last["traces"][-1] == index
        x = last["data"][-1]["x"]
        assert x[0] is not None and x[0] != x[1]  # the ball sits apart from the look-ahead marker
