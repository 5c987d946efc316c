"""The live view's numbers: the batch along a slider is the page's own runs, bit for bit; the grid is
the slider's; the payload is small and decodes to the runs within a cell; a release sets only valid
values.  (tests/browser/test_live_drag_browser.py drags it in Chromium.)"""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

import surfaces
from comparison import codec as K
from comparison import config as C
from comparison import live
from comparison.runner import run_one
from urlvalues import control_limits, log_grid
from viz.paths import from_trajectory

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


def single(surface, opt: C.OptimizerConfig, sched, start, steps, name, value):
    """The run the page draws once the slider is released at ``value``."""
    hp = {**dict(opt.normalized().hp), name: float(value)}
    return run_one(surface, C.OptimizerConfig(opt.kind, tuple(hp.items()), opt.schedule), sched, start, steps)


def assert_same_runs(surface, opt, sched, start, steps, name, every=1):
    s = live.live_slider(surface, opt, sched, start, steps, name)
    assert len(s.paths) == len(s.values) >= 2
    for value, path in list(zip(s.values, s.paths, strict=True))[::every]:
        traj = single(surface, opt, sched, start, steps, name, value)
        assert np.array_equal(traj.xy[:, 0], path.xy), (opt.kind, name, value)
        assert np.array_equal(traj.loss[:, 0], path.loss, equal_nan=True), (opt.kind, name, value)
        assert int(traj.diverged_at[0]) == path.diverged_at


@pytest.mark.parametrize("kind", list(C.KINDS))
def test_the_batch_is_the_pages_runs_bit_for_bit_at_every_stop(kind):
    surface = surfaces.get("rosenbrock")
    for name in live.live_names(kind):
        assert_same_runs(surface, C.OptimizerConfig(kind), C.ScheduleConfig(), (-1.5, 2.0), 40, name)


def test_with_a_schedule_and_runs_that_diverge_too():
    surface = surfaces.get("book_quadratic")
    sched = C.ScheduleConfig("cosine", (), warmup_steps=5, warmup_start=0.1)
    opt = C.OptimizerConfig("momentum", (("lr", 0.5),), sched)
    # 400 steps: the largest rates overflow (numerical divergence, the page's only stopping rule)
    s = live.live_slider(surface, opt, sched, (-7.0, 2.0), 400, "lr")
    assert any(p.diverged for p in s.paths) and not all(p.diverged for p in s.paths)
    assert_same_runs(surface, opt, sched, (-7.0, 2.0), 400, "lr")
    assert_same_runs(surface, opt, sched, (-7.0, 2.0), 400, "momentum")


@settings(max_examples=12, deadline=None)
@given(kind=st.sampled_from(list(C.KINDS)), surface=st.sampled_from(surfaces.names()),
       fx=st.floats(0.05, 0.95), fy=st.floats(0.05, 0.95), steps=st.integers(1, 80), second=st.booleans())
def test_the_batch_is_the_pages_runs_anywhere(kind, surface, fx, fy, steps, second):
    s = surfaces.get(surface)
    (x0, x1), (y0, y1) = s.bounds
    start = (x0 + fx * (x1 - x0), y0 + fy * (y1 - y0))
    names = live.live_names(kind)
    assert_same_runs(s, C.OptimizerConfig(kind), C.ScheduleConfig(), start, steps, names[-1] if second else "lr",
                     every=7)


# ------------------------------------------------------------------------------------ the grid


def test_the_lr_grid_is_the_log_sliders_stops_and_the_current_value():
    spec = C.KINDS["adam"].specs()["lr"]
    grid = live.live_grid("adam", "lr", 0.3)
    assert list(grid) == sorted({*log_grid(*control_limits(spec)), 0.3})
    assert list(live.live_grid("adam", "lr", 0.37)) == sorted({*log_grid(*control_limits(spec)), 0.37})


def test_a_rate_grid_is_every_tenth_stop_of_its_slider_with_its_top():
    stops = live.slider_stops(C.KINDS["momentum"].specs()["momentum"])
    assert stops[0] == 0.0 and stops[-1] == 0.999 and len(stops) == 1000 and stops[1] == 0.001
    grid = live.live_grid("momentum", "momentum", 0.9)
    assert set(grid) <= set(stops)
    assert grid[0] == 0.0 and grid[-1] == 0.999 and 0.9 in grid and 0.5 in grid
    assert len(grid) == 101
    assert 0.123 in live.live_grid("momentum", "momentum", 0.123)  # the page's value is always a stop


def test_the_second_slider_is_the_momentum_like_one():
    assert live.live_names("sgd") == ("lr", "momentum")
    assert live.live_names("momentum") == ("lr", "momentum")
    assert live.live_names("adam") == ("lr", "beta1")
    assert live.live_names("rmsprop") == ("lr", "alpha")
    assert live.live_names("adadelta") == ("lr", "rho")


def test_values_the_optimizer_refuses_are_left_out():
    opt = C.OptimizerConfig("nesterov")
    values = live.valid_values(opt, "momentum", live.live_grid("nesterov", "momentum", 0.9))
    assert 0.0 not in values and 0.01 in values  # Nesterov needs μ > 0


# ------------------------------------------------------------------------------------ payload


@given(n=st.integers(1, 5000))
def test_long_paths_are_thinned_to_at_most_max_points_keeping_both_ends(n):
    kept = live.keep_points(n)
    assert len(kept) <= live.MAX_POINTS and kept[0] == 0 and kept[-1] == n - 1
    assert (np.diff(kept) > 0).all()
    if n <= live.MAX_POINTS:
        assert len(kept) == n


def decode(points: str) -> np.ndarray:
    return np.array([[int(v) for v in p.split(",")] for p in points.split()], dtype=float)


@settings(max_examples=30)
@given(xy=st.lists(st.tuples(st.floats(-50, 50), st.floats(-50, 50)), min_size=1, max_size=150))
def test_positions_decode_to_within_half_a_cell(xy):
    bounds = ((-10.0, 10.0), (-5.0, 5.0))
    uv = decode(live.map_points(np.array(xy), bounds))
    x = -10 + uv[:, 0] / live.QUANT * 20
    y = 5 - uv[:, 1] / live.QUANT * 10
    assert np.allclose(x, np.array(xy)[:, 0], atol=20 / live.QUANT / 2 + 1e-9)
    assert np.allclose(y, np.array(xy)[:, 1], atol=10 / live.QUANT / 2 + 1e-9)


def payload_for(steps: int) -> dict:
    surface = surfaces.get("rosenbrock")
    opt = C.OptimizerConfig("adam", (("lr", 0.1),))
    sliders = [live.live_slider(surface, opt, C.ScheduleConfig(), (-1.5, 2.0), steps, n) for n in ("lr", "beta1")]
    other = from_trajectory(run_one(surface, C.OptimizerConfig("sgd"), C.ScheduleConfig(), (-1.5, 2.0), steps),
                            surface, "", "#000")
    return live.payload(surface, sliders, [other], steps, lambda n, v: f"{v:g}")


def test_the_payload_is_plain_json_and_small():
    short, long = payload_for(30), payload_for(1000)
    for body in (short, long):
        assert json.loads(json.dumps(body)) == body
        for s in body["sliders"]:
            assert len(s["map"]) == len(s["loss"]) == len(s["values"]) == len(s["text"])
            assert all(len(p.split()) <= live.MAX_POINTS for p in s["map"])
    assert len(json.dumps(short)) < 150_000
    assert len(json.dumps(long)) < 1_000_000
    assert short["sliders"][0]["values"][short["sliders"][0]["index"]] == 0.1


# ------------------------------------------------------------------------------------ the page


def test_a_release_sets_the_optimizers_own_control_and_nothing_invalid():
    from ui.live_drag import VIEW_KEY, _release

    def released(slot, name, value, kind="sgd"):
        state = {K.opt_key(0, "kind"): kind, K.opt_key(0, "lr"): 0.95,
                 VIEW_KEY: {"release": {"slot": slot, "name": name, "value": value}}}
        _release(state)
        return state

    assert released(0, "lr", 0.1)[K.opt_key(0, "lr")] == 0.1
    assert released(0, "momentum", 0.5)[K.opt_key(0, "momentum")] == 0.5
    assert released(0, "lr", -1.0)[K.opt_key(0, "lr")] == 0.95  # not a learning rate
    assert released(0, "momentum", 1.5).get(K.opt_key(0, "momentum")) is None  # outside the slider
    assert K.opt_key(0, "dampening") not in released(0, "dampening", 0.5)  # not a live slider
    assert released(3, "lr", 0.1)[K.opt_key(0, "lr")] == 0.95  # no optimizer in slot 3
    assert released(0, "lr", "0.1; drop")[K.opt_key(0, "lr")] == 0.95


def compare_page(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def live_data(at) -> dict:
    (view,) = [e for e in at.main if getattr(e, "key", None) == "_compare.live.view"]
    return json.loads(view.proto.json)


def test_the_live_view_opens_on_the_pages_values_in_the_link():
    at = compare_page(**{"compare.live": "1", "compare.o0.lr": "0.3"})
    assert not at.exception
    data = live_data(at)
    lr, mu = data["sliders"]
    assert (lr["name"], mu["name"]) == ("lr", "momentum")
    assert lr["values"][lr["index"]] == 0.3 and mu["values"][mu["index"]] == 0.0
    assert lr["text"][lr["index"]].startswith("0.3 · f = ")
    assert len(data["others"]) == 3 and data["slot"] == 0
    assert data["image"].startswith("data:image/png;base64,")
    at.toggle(key="compare.live").set_value(False).run()
    assert not [e for e in at.main if getattr(e, "key", None) == "_compare.live.view"]


def test_with_gradient_noise_the_page_says_live_drag_needs_the_full_batch():
    at = compare_page(**{"compare.live": "1", "compare.batch": "16", "lang": "zh"})
    assert not at.exception
    assert any("全批量" in i.value for i in at.info)
    assert not [e for e in at.main if getattr(e, "key", None) == "_compare.live.view"]


def test_no_user_text_reaches_the_component_and_chinese_labels_do():
    at = compare_page(**{"compare.live": "1", "compare.surface": "custom", "compare.expr": "x**2 + 3*y**2",
                         "lang": "zh"})
    assert not at.exception
    data = live_data(at)
    assert "x**2" not in json.dumps(data)  # the formula is not sent: numbers, colours and catalogue texts only
    assert data["sliders"][0]["label"].startswith("lr") and "学习率" in data["sliders"][0]["label"]
