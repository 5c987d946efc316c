"""Compare's charts hide nothing (issue #13, items 6, 7, 9, 11, 12): every learning-rate schedule is
readable, every run's loss is on the chart, the ✕ notes do not overprint, the map can be drawn to
scale, and the axes, the scrubber, the 3D camera and the palette show what they should."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comparison import codec as K
from comparison.config import CompareConfig, OptimizerConfig, build_surface
from comparison.runner import run_one
from optimizers.base import CLIP_SPECS
from surfaces import names as surface_names
from tests.test_page_compare import app, main_figure, open_panel, rerun
from viz.contour import surface_grid
from viz.dashboard import MAP_PX, aspect_fits, compare_figure, map_layout
from viz.loss import left_view_at, loss_scale
from viz.lr import lr_axis
from viz.palette import OKABE_ITO, contrast
from viz.paths import PathData, from_trajectory, inside, shown_path
from viz.raster import DARK, LIGHT
from viz.spec import decode
from viz.surface3d import DEFAULT_EYE, GRID, height_transform, hidden, surface3d_figure

SGD_HIGH = OptimizerConfig("sgd", (("lr", 0.95),))
MOMENTUM = OptimizerConfig("momentum", (("lr", 0.1),))
ADAGRAD = OptimizerConfig("adagrad", (("lr", 1.5),))
ADAM = OptimizerConfig("adam", (("lr", 0.3),))
FOUR = (SGD_HIGH, MOMENTUM, ADAGRAD, ADAM)  # the four of the issue's views, spelled out


def runs(cfg: CompareConfig):
    cfg = cfg.normalized()
    surface = build_surface(cfg.surface, cfg.surface_params, cfg.expression)
    paths = [
        from_trajectory(run_one(surface, o, cfg.schedule_for(i), cfg.start, cfg.steps), surface, label, shade)
        for i, (o, label, shade) in enumerate(zip(cfg.optimizers, cfg.labels(), cfg.colours()))
    ]
    return cfg, surface, paths


def on(surface: str, optimizers=FOUR, **kw) -> CompareConfig:
    return CompareConfig(tuple(optimizers), surface, **kw)


def fraction(value: float, axis: dict) -> float:
    """Where ``value`` sits on ``axis``, from 0 (bottom) to 1 (top)."""
    lo, hi = axis["range"]
    v = math.log10(value) if axis["type"] == "log" else value
    return (v - lo) / (hi - lo)


def lines(spec: dict, axis: str) -> list[dict]:
    return [t for t in spec["data"] if t.get("xaxis") == axis and t.get("mode") == "lines"]


# ------------------------------------------------------------------------ 6: the learning-rate panel


def test_the_issue_link_draws_sgd_s_small_warmup_cosine_rate_readably():
    link, _ = K.decode({"compare.surface": "rosenbrock", "compare.steps": "230", "compare.o0.lr": "0.002",
                        "compare.o0.momentum": "0.5", "compare.o0.sched": "cosine",
                        "compare.o0.s.warmup_steps": "10", "compare.o3.kind": "lion"})
    cfg, surface, paths = runs(link.config)
    spec = compare_figure(surface, paths, cfg.start, clickable=False).to_dict()
    axis = spec["layout"]["yaxis3"]
    assert axis["type"] == "log"
    sgd = decode(lines(spec, "x3")[0]["customdata"])
    assert sgd.max() == pytest.approx(0.002) and sgd[0] == 0  # warmup from 0, then cosine
    # its peak sits well up the axis (on the old linear axis, at 0.1 % of its height: a line on 0)
    assert fraction(sgd.max(), axis) > 0.3
    # and the warmup and the cosine are visible: rates a tenth of the peak are still on the axis
    assert fraction(sgd[1], axis) > 0 and fraction(sgd.max() / 10, axis) > 0.1


def constant_path(lr: float, steps: int = 20) -> PathData:
    n = steps + 1
    return PathData(f"lr={lr:g}", "#000", np.zeros((n, 2)), np.ones(n), np.full(steps, lr), np.zeros((n, 2)))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(1e-5, 100.0), min_size=1, max_size=6))
def test_every_run_s_rate_sits_at_least_a_twelfth_up_the_axis(rates):
    paths = [constant_path(lr) for lr in rates]
    axis = lr_axis(paths)
    for lr in rates:
        assert 1 / 12 <= fraction(lr, axis) <= 1


# -------------------------------------------------------------------------------- 7: the loss panel


@pytest.mark.parametrize("view", [
    on("rastrigin", start=(-2.0, 3.5)),
    CompareConfig(FOUR, "custom", expression="x + y", start=(-4.0, 4.0)),
    on("saddle", start=(-1.9, 0.001), steps=200),
    on("himmelblau", start=(0.0, 0.0)),
], ids=["rastrigin", "x+y", "saddle", "himmelblau"])
def test_every_run_s_loss_is_inside_the_loss_axis_and_leaving_the_view_is_marked(view):
    cfg, surface, paths = runs(view)
    spec = compare_figure(surface, paths, cfg.start, clickable=False).to_dict()
    lo, hi = spec["layout"]["yaxis2"]["range"]
    log = spec["layout"]["yaxis2"]["type"] == "log"
    left = 0
    for p, trace in zip(paths, lines(spec, "x2")):
        y = decode(trace["y"])
        y = np.log10(y[np.isfinite(y)]) if log else y[np.isfinite(y)]
        assert y.size and lo <= y.min() and y.max() <= hi, p.label
        k = left_view_at(p, surface.bounds)
        marks = [t for t in spec["data"] if t.get("xaxis") == "x2" and t.get("legendgroup") == p.label
                 and t.get("marker", {}).get("symbol") == "square-open"]
        if k < 0:
            assert not marks
            continue
        left += 1
        assert not inside(p.xy[k], surface.bounds) and inside(p.xy[:k], surface.bounds).all()
        assert marks and marks[0]["x"] == [k] and f"step {k}" in marks[0]["hovertemplate"]
    assert left  # each of these views has a run that leaves the map


def test_a_run_far_below_the_others_turns_the_linear_loss_axis_into_a_symmetric_log():
    cfg, surface, paths = runs(on("saddle", start=(-1.9, 0.001), steps=200))
    scale = loss_scale(paths, None, surface.bounds)
    assert scale.kind == "symlog" and min(p.loss[: p.genuine].min() for p in paths) < -1e4
    # the ticks are labelled with the loss itself: 0 and powers of ten, at their symmetric-log heights
    labels = dict(zip(scale.axis["ticktext"], scale.axis["tickvals"]))
    powers = {int(k[len("−10<sup>"):-len("</sup>")]): v for k, v in labels.items() if k.startswith("−10<sup>")}
    assert labels["0"] == 0 and powers
    for k, height in powers.items():
        assert height == pytest.approx(-math.log10(1 + 10.0**k / scale.c))
    # a run that stays near its start keeps a visible slope: the linear part is as wide as the view's values
    assert scale.c >= max(abs(p.loss[0]) for p in paths)


# ------------------------------------------------------------------------------ 9: notes on the map


def note_boxes(spec: dict, size=MAP_PX, bounds=None):
    """Each annotation's box in map pixels, measured generously (7 px a character, 17 px a line)."""
    (x0, x1), (y0, y1) = bounds
    boxes = []
    for a in spec["layout"]["annotations"]:
        px = (a["x"] - x0) / (x1 - x0) * size[0] + a["ax"]
        py = (y1 - a["y"]) / (y1 - y0) * size[1] + a["ay"]
        rows = a["text"].split("<br>")
        width = 7 * max(len(r.split(">")[-2].split("<")[0] if ">" in r else r) for r in rows)
        height = 17 * len(rows)
        boxes.append((px - width / 2, py - height / 2, px + width / 2, py + height / 2))
    return boxes


def pixel(point, bounds, size=MAP_PX):
    (x0, x1), (y0, y1) = bounds
    return ((point[0] - x0) / (x1 - x0) * size[0], (y1 - point[1]) / (y1 - y0) * size[1])


def covers(box, point, margin: float = 6) -> bool:
    return box[0] - margin <= point[0] <= box[2] + margin and box[1] - margin <= point[1] <= box[3] + margin


@pytest.mark.parametrize("view", [
    on("himmelblau", start=(0.0, 0.0)),
    on("rosenbrock", start=(-2.0, 2.0)),
    on("beale", start=(3.0, 4.0)),
    on("styblinski_tang", start=(3.5, 4.5)),
    on("monkey_saddle", start=(1.5, 0.001)),
], ids=["himmelblau", "rosenbrock", "beale", "styblinski_tang", "monkey_saddle"])
def test_diverged_notes_neither_collide_nor_hide_the_start_nor_an_x(view):
    cfg, surface, paths = runs(view)
    spec = compare_figure(surface, paths, cfg.start, clickable=False, equal_aspect=True).to_dict()
    _, size = map_layout(surface.bounds, True, MAP_PX[1])
    boxes = note_boxes(spec, size, surface.bounds)
    crosses = [shown_path(p, surface.bounds)[1] for p in paths if p.diverged]
    assert len(crosses) >= 2  # the issue's views: two runs diverge
    said = " ".join(a["text"] for a in spec["layout"]["annotations"])
    assert all(f"diverged at step {p.diverged_at}" in said for p in paths if p.diverged)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert min(a[2], b[2]) <= max(a[0], b[0]) or min(a[3], b[3]) <= max(a[1], b[1]), (a, b)
        assert not covers(a, pixel(cfg.start, surface.bounds, size)), "a note covers the start"
        for c in crosses:
            assert not covers(a, pixel(c, surface.bounds, size), 2), "a note covers a ✕"


def test_two_crosses_at_one_point_get_one_note_naming_both():
    cfg, surface, paths = runs(on("beale", start=(3.0, 4.0)))
    crosses = {tuple(shown_path(p, surface.bounds)[1]) for p in paths if p.diverged}
    assert len(crosses) == 1 and sum(p.diverged for p in paths) == 2  # both ✕ at one point
    spec = compare_figure(surface, paths, cfg.start, clickable=False).to_dict()
    (note,) = spec["layout"]["annotations"]
    for p in paths:  # one line per run, each with the run's own step
        if p.diverged:
            assert f'<span style="color:{p.colour}">diverged at step {p.diverged_at}</span>' in note["text"]
    assert all(p.colour in note["text"] for p in paths if p.diverged)  # each line in its run's colour


# ------------------------------------------------------------------------------ 11: the map to scale


def test_the_map_to_scale_has_one_unit_of_x_as_long_as_one_of_y():
    cfg, surface, paths = runs(on("book_quadratic", start=(-7.0, 2.0)))
    plain = compare_figure(surface, paths, cfg.start, clickable=False).to_dict()["layout"]
    scaled = compare_figure(surface, paths, cfg.start, clickable=False, equal_aspect=True).to_dict()["layout"]
    assert "scaleanchor" not in plain["yaxis"]
    assert scaled["yaxis"]["scaleanchor"] == "x" and scaled["yaxis"]["scaleratio"] == 1
    assert scaled["xaxis"]["range"] == [-10.0, 10.0] and scaled["yaxis"]["range"] == [-5.0, 5.0]
    # a 2:1 view: the figure gets lower instead of leaving half the map's area empty
    assert scaled["height"] < plain["height"]
    plot, (w, h) = map_layout(surface.bounds, True, MAP_PX[1])
    assert w / h == pytest.approx(2.0) and plot >= h


@pytest.mark.parametrize("name", surface_names())
def test_every_built_in_view_is_drawn_to_scale_by_default(name):
    assert aspect_fits(build_surface(name).bounds)


def test_a_very_wide_view_is_not_to_scale_by_default():
    assert not aspect_fits(((-30.0, 30.0), (-1.0, 1.0)))


# ---------------------------------------------------------------------- 12: axes, scrubber, 3D, palette


def test_log_axes_read_as_powers_of_ten_with_unlabelled_minor_ticks():
    cfg, surface, paths = runs(on("himmelblau", start=(0.0, 0.0)))
    layout = compare_figure(surface, paths, cfg.start, clickable=False).to_dict()["layout"]
    for name in ("yaxis2", "yaxis3"):
        axis = layout[name]
        assert axis["type"] == "log", name
        assert axis["exponentformat"] == "power" and isinstance(axis["dtick"], int)  # no "1μ", no "5, 2"
        assert axis["minor"]["ticks"] == "outside" and "showticklabels" not in axis["minor"]
        span = axis["range"][1] - axis["range"][0]
        assert span / axis["dtick"] <= 9  # at most about eight labels


def test_the_3d_camera_sees_the_end_of_every_path():
    cfg, surface, paths = runs(on("book_quadratic", start=(-7.0, 2.0)))
    fig = surface3d_figure(surface, paths, cfg.start)
    eye = tuple(fig.layout.scene.camera.eye[a] for a in "xyz")
    x, y, z = surface_grid(surface, surface.bounds, GRID)
    transform, _ = height_transform(surface, z)
    heights = transform(z)
    ends = np.array([[*shown_path(p, surface.bounds)[0][-1], t.z[-1]]
                     for p, t in zip(paths, [d for d in fig.data if d.type == "scatter3d" and d.mode == "lines"])])
    z_range = (float(np.nanmin(heights)), float(max(np.nanmax(heights), ends[:, 2].max())))
    assert not hidden(eye, ends, x, y, heights, z_range, surface.bounds).any()
    # the camera it had hid them behind the bowl's front wall
    assert hidden(DEFAULT_EYE, ends, x, y, heights, z_range, surface.bounds).any()


def test_no_path_colour_has_the_luminance_of_a_grey_of_the_map():
    greys = [f"#{v:02x}{v:02x}{v:02x}" for v in range(int(DARK[0]), int(LIGHT[0]) + 1)]
    for shade in OKABE_ITO:
        assert min(contrast(shade, g) for g in greys) >= 1.2, shade
    assert len(set(OKABE_ITO)) == len(OKABE_ITO)


def test_clipping_controls_are_log_sliders_from_off_through_the_useful_range():
    for spec in CLIP_SPECS:
        assert spec.ui_log and spec.default == 0 and spec.ui_low <= 0.1 and spec.ui_high >= 5
    at = open_panel(app(), 0)
    for name in ("clip_value", "clip_norm"):
        slider = at.select_slider(key=f"compare.o0.{name}~slider")
        stops = [float(v) for v in slider.options]
        assert stops[0] == 0 and {0.1, 0.2, 0.5, 1.0, 2.0, 5.0} <= set(stops) and len(stops) <= 16
    at.select_slider(key="compare.o0.clip_norm~slider").set_value(0.5)
    rerun(at)
    assert at.number_input(key="compare.o0.clip_norm").value == 0.5
    assert at.query_params["compare.o0.clip_norm"] in ("0.5", ["0.5"])


# ---------------------------------------------------------------------------------- 11 on the page


def test_the_page_draws_the_map_to_scale_by_default_and_the_toggle_turns_it_off():
    at = app()
    assert at.toggle(key="compare.aspect").value is True
    assert main_figure(at)["layout"]["yaxis"]["scaleanchor"] == "x"
    at.toggle(key="compare.aspect").set_value(False)
    rerun(at)
    assert "scaleanchor" not in main_figure(at)["layout"]["yaxis"]
    assert at.query_params["compare.aspect"] in ("0", ["0"], "false", ["false"])
