"""The Compare page's figures, read back from their specs: traces per optimizer, minima, frames, arrows."""

import base64
import json

import numpy as np
import plotly.io as pio
import pytest

from comparison.config import CompareConfig, OptimizerConfig, build_surface
from comparison.presets import PRESETS
from comparison.runner import run_one
from viz.animation import slider_stops
from viz.dashboard import compare_figure
from viz.loss import loss_axis, loss_figure
from viz.lr import lr_axis, lr_figure
from viz.palette import colour
from viz.paths import PathData, frame_steps, from_trajectory, shown_path
from viz.raster import contour_image, png_bytes
from viz.spec import FigureSpec, decode, typed
from viz.surface3d import drape, surface3d_figure


def paths_of(cfg):
    cfg = cfg.normalized()
    surface = build_surface(cfg.surface, cfg.surface_params)
    return (
        cfg,
        surface,
        [
            from_trajectory(
                run_one(surface, o, cfg.schedule_for(i), cfg.start, cfg.steps), surface, label, colour(i)
            )
            for i, (o, label) in enumerate(zip(cfg.optimizers, cfg.labels()))
        ],
    )


def by_axis(spec, axis):
    return [t for t in spec["data"] if t.get("xaxis") == axis]


@pytest.fixture(scope="module")
def zigzag():
    cfg, surface, paths = paths_of(PRESETS["zigzag"].config)
    return cfg, surface, paths, compare_figure(surface, paths, cfg.start).to_dict()


def test_one_path_loss_and_lr_trace_per_optimizer_in_its_colour(zigzag):
    cfg, _, paths, spec = zigzag
    labels = cfg.labels()
    named = [t for t in by_axis(spec, "x") if t.get("name") in labels and t["mode"] == "lines+markers"]
    assert [t["name"] for t in named] == labels
    assert [t["line"]["color"] for t in named] == [colour(i) for i in range(4)]
    loss = [t for t in by_axis(spec, "x2") if t.get("mode") == "lines"]
    lr = [t for t in by_axis(spec, "x3") if t.get("mode") == "lines"]
    assert [t["name"] for t in loss] == [t["name"] for t in lr] == labels
    assert (
        [t["line"]["color"] for t in loss]
        == [t["line"]["color"] for t in lr]
        == [colour(i) for i in range(4)]
    )
    np.testing.assert_allclose(decode(named[0]["x"]), paths[0].xy[:, 0])
    np.testing.assert_allclose(decode(lr[2]["y"]), np.full(30, 1.5))


def test_minima_start_and_map_background(zigzag):
    cfg, surface, _, spec = zigzag
    minimum = next(t for t in spec["data"] if t.get("name") == "minimum")
    assert (minimum["x"], minimum["y"]) == ([0.0], [0.0])
    start = next(t for t in spec["data"] if t.get("name") == "start")
    assert (start["x"], start["y"]) == ([-7.0], [2.0])
    image = spec["layout"]["images"][0]
    assert image["source"].startswith("data:image/png;base64,")
    assert (image["x"], image["y"], image["sizex"], image["sizey"]) == (-10.0, 5.0, 20.0, 10.0)
    assert spec["layout"]["xaxis"]["range"] == [-10.0, 10.0] and spec["layout"]["yaxis"]["range"] == [
        -5.0,
        5.0,
    ]


def test_click_layer_covers_the_map_and_is_invisible(zigzag):
    spec = zigzag[3]
    layer = spec["data"][0]
    xs, ys = decode(layer["x"]), decode(layer["y"])
    assert layer["marker"]["opacity"] == 0 and len(xs) >= 30 * 30
    assert xs.min() == -10 and xs.max() == 10 and ys.min() == -5 and ys.max() == 5
    assert spec["layout"]["clickmode"] == "event+select"


def test_animation_frames_move_markers_and_arrows_on_every_panel(zigzag):
    _, _, paths, spec = zigzag
    frames = spec["frames"]
    assert len(frames) == 31 and [f["name"] for f in frames] == [str(k) for k in range(31)]
    moving = frames[0]["traces"]
    assert moving == list(range(len(spec["data"]) - len(moving), len(spec["data"])))
    assert [spec["data"][i]["xaxis"] for i in moving[:3]] == ["x", "x2", "x3"]
    step = frames[10]["data"]
    np.testing.assert_allclose(step[0]["x"], [p.xy[10, 0] for p in paths], atol=1e-3)  # map markers
    assert step[1]["x"] == [10] * 4  # loss markers at step 10
    # update arrow of optimizer 1: from x_10 to x_11
    np.testing.assert_allclose(step[4]["x"][:2], paths[0].xy[10:12, 0], atol=1e-3)
    # −∇f arrow points downhill
    gx = step[3]["x"][1] - step[3]["x"][0]
    assert np.sign(gx) == -np.sign(paths[0].grad[10, 0])
    slider = spec["layout"]["sliders"][0]
    assert len(slider["steps"]) == 31 and slider["steps"][5]["args"][0] == ["5"]
    labels = [b["label"] for b in spec["layout"]["updatemenus"][0]["buttons"]]
    assert "Play" in labels[0] and "Pause" in labels[1]


def test_frames_and_slider_stops_are_regular_and_include_the_last_step():
    assert len(frame_steps(30)) == 31
    steps = frame_steps(500)
    assert len(steps) <= 101 and steps[0] == 0 and steps[-1] == 500
    assert set(np.diff(steps)) == {5}
    cfg, surface, paths = paths_of(PRESETS["rosenbrock"].config)
    spec = compare_figure(surface, paths, cfg.start, clickable=False).to_dict()
    assert len(spec["frames"]) == 101
    labels = [int(s["label"]) for s in spec["layout"]["sliders"][0]["steps"]]
    assert len(labels) <= 31 and labels[0] == 0 and labels[-1] == 500
    assert set(np.diff(labels)) == {20}  # 0, 20, 40 …: a scale, not 0, 11, 20, 30, 39 …
    assert all(t["mode"] == "lines" for t in by_axis(spec, "x") if t.get("name") in cfg.labels())
    assert all(t.get("name") != "click to start here" for t in spec["data"])


@pytest.mark.parametrize("steps", [1, 7, 30, 31, 99, 100, 101, 230, 233, 299, 1000, 1999, 2000])
def test_slider_ticks_are_evenly_spaced_but_for_the_last(steps):
    frames = frame_steps(steps)
    stops = slider_stops(frames)
    assert stops[0] == 0 and stops[-1] == steps and len(stops) <= 31 and set(stops) <= set(frames)
    gaps = np.diff(stops)
    assert len(set(gaps[:-1])) <= 1  # one stride; the last gap (to the last step) within half a stride of it
    assert len(gaps) < 2 or gaps[0] / 2 < gaps[-1] <= 1.5 * gaps[0]
    assert str(gaps[0]).rstrip("0") in ("1", "2", "5") or gaps[0] % np.diff(frames)[0] == 0


def test_a_diverged_path_ends_on_the_view_box_with_its_note():
    # numerical divergence: SGD at lr 0.002 overflows on Rosenbrock's wall within 10 steps (the lesson
    # "Warmup + cosine"); the rate that is safe there stays
    cfg = CompareConfig((OptimizerConfig("sgd", (("lr", 0.0015),)), OptimizerConfig("sgd", (("lr", 0.002),))),
                        "rosenbrock", start=(-2.0, 2.0), steps=40)
    cfg, surface, paths = paths_of(cfg)
    assert not paths[0].diverged and 0 < paths[1].diverged_at <= 10
    spec = compare_figure(surface, paths, cfg.start).to_dict()
    crosses = [t for t in by_axis(spec, "x") if t.get("marker", {}).get("symbol") == "x-thin-open"]
    notes = spec["layout"]["annotations"]
    assert len(notes) == len(crosses) == 1 and notes[0]["text"] == f"diverged at step {paths[1].diverged_at}"
    (x0, x1), (y0, y1) = surface.bounds
    assert x0 <= notes[0]["x"] <= x1 and y0 <= notes[0]["y"] <= y1
    assert (notes[0]["x"], notes[0]["y"]) == (crosses[0]["x"][0], crosses[0]["y"][0])
    drawn = next(t for t in spec["data"] if t.get("name") == paths[1].label and t.get("xaxis") == "x")
    ys = decode(drawn["y"])
    assert np.all((ys >= y0 - 1e-9) & (ys <= y1 + 1e-9))
    loss_marks = [t for t in by_axis(spec, "x2") if t.get("mode") == "markers" and t.get("hovertemplate")]
    assert any("diverged" in t["hovertemplate"] for t in loss_marks)


def test_shown_path_cuts_where_the_run_leaves_the_box():
    xy = np.array([[0.0, 0.0], [0.5, 0.5], [3.0, 0.5], [9.0, 9.0], [9.0, 9.0]])
    path = PathData("a", "#000", xy, np.zeros(5), np.ones(4), np.zeros((5, 2)), diverged_at=4)
    shown, cross = shown_path(path, ((-1, 1), (-1, 1)))
    np.testing.assert_allclose(shown[-1], [1.0, 0.5]) and np.testing.assert_allclose(cross, [1.0, 0.5])
    assert len(shown) == 3


def test_loss_axis_is_log_of_the_gap_where_the_minimum_is_known(zigzag):
    _, surface, paths, spec = zigzag
    assert spec["layout"]["yaxis2"]["type"] == "log"
    saddle_cfg, saddle, saddle_paths = paths_of(PRESETS["saddle"].config)
    assert loss_axis(saddle_paths, None, saddle.bounds)["type"] == "linear"
    fig = loss_figure(
        paths, 0.0, surface.bounds, {"step": "step", "diverged": "d {step}", "loss": "f", "loss_gap": "gap"}
    )
    assert len(fig.to_dict()["data"]) == 4


def test_lr_panel_shows_the_schedule_with_warmup():
    cfg, surface, paths = paths_of(PRESETS["warmup_cosine"].config)
    fig = lr_figure(paths, {"step": "step", "lr": "lr"}).to_dict()
    warm = decode(fig["data"][2]["y"])
    assert warm[0] == 0 and warm[20] == pytest.approx(0.002) and warm[10] == pytest.approx(0.001)
    assert lr_axis(paths)["type"] == "linear"


def test_figure_is_small_and_valid_json(zigzag):
    spec = zigzag[3]
    text = FigureSpec(spec).to_json()
    assert len(text) < 400_000
    assert json.loads(text)["frames"][3]["name"] == "3"


def test_html_export_works_offline():
    cfg, surface, paths = paths_of(CompareConfig((OptimizerConfig("sgd", (("lr", 0.5),)),), steps=5))
    html = compare_figure(surface, paths, cfg.start).to_html(include_plotlyjs=True, full_html=True)
    assert "<html>" in html and len(html) > 3_000_000 and '<script src="http' not in html.replace(" ", "")


def test_typed_arrays_round_trip():
    values = np.array([[1.5, np.nan], [3.0, 4.0]])
    spec = typed(values)
    assert spec["dtype"] == "f8" and spec["shape"] == "2, 2"
    np.testing.assert_array_equal(decode(spec), values)
    assert pio.to_json({"data": [{"type": "scatter", "y": typed([1, 2])}]}, validate=False)


def test_contour_picture_is_a_png_of_the_view():
    surface = build_surface("rosenbrock")
    uri, title = contour_image(surface, surface.bounds)
    raw = base64.b64decode(uri.split(",", 1)[1])
    assert raw.startswith(b"\x89PNG") and "log" in title
    assert png_bytes(np.zeros((2, 3, 3), dtype=np.uint8))[:8] == b"\x89PNG\r\n\x1a\n"


def test_3d_view_has_the_surface_every_path_the_start_and_minima(zigzag):
    cfg, surface, paths, _ = zigzag
    fig = surface3d_figure(surface, paths, cfg.start)
    kinds = [t.type for t in fig.data]
    assert kinds[0] == "surface"
    lines = [t for t in fig.data if t.type == "scatter3d" and t.mode == "lines"]
    assert [t.name for t in lines] == cfg.labels()
    assert any(t.name == "minimum" for t in fig.data) and any(t.name == "start" for t in fig.data)
    assert len(drape(np.array([[0.0, 0.0], [1.0, 1.0]]))) > 2
