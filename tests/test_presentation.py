"""Presentation mode and pinned runs: the chart for a projector, and before/after on one map."""

from __future__ import annotations

import copy
import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from tests.test_page_compare import app, main_figure, path_names, rerun
from viz.paths import PathData
from viz.presentation import LINE_SCALE, MARKER_SCALE, PROJECTOR_FONT, for_projector, pin, with_ghosts


def tiny_spec() -> dict:
    return {
        "data": [
            {"type": "scatter", "mode": "lines", "x": [0, 1], "y": [0, 1], "line": {"width": 3}},
            {"type": "scatter", "mode": "markers", "x": [0], "y": [0], "marker": {"size": [10, 4]}},
            {"type": "scatter", "mode": "lines+markers", "x": [0, 1], "y": [1, 0]},
            {"type": "contour", "z": [[0, 1], [1, 0]]},
        ],
        "layout": {"xaxis": {"title": {"text": "x"}}, "yaxis2": {}, "annotations": [{"text": "a"}]},
        "frames": [{"data": [{"marker": {"size": 11}}]}],
    }


def test_the_projector_figure_has_thick_paths_big_markers_and_big_type():
    spec = tiny_spec()
    before = copy.deepcopy(spec)
    big = for_projector(spec, 640)
    assert spec == before  # the cached figure is not touched
    assert big["data"][0]["line"]["width"] == 3 * LINE_SCALE
    assert big["data"][1]["marker"]["size"] == [10 * MARKER_SCALE, 4 * MARKER_SCALE]
    assert big["data"][2]["line"]["width"] == 2 * LINE_SCALE  # Plotly's default, doubled
    assert "line" not in big["data"][3]
    assert big["frames"][0]["data"][0]["marker"]["size"] == 11 * MARKER_SCALE  # markers keep their size as they move
    assert big["layout"]["height"] == 640 and big["layout"]["font"]["size"] == PROJECTOR_FONT
    assert big["layout"]["xaxis"]["title"]["font"]["size"] == PROJECTOR_FONT
    assert big["layout"]["yaxis2"]["tickfont"]["size"] == PROJECTOR_FONT - 2
    assert big["layout"]["annotations"][0]["font"]["size"] >= PROJECTOR_FONT - 2


def path(label, xy, colour="#0072B2"):
    xy = np.asarray(xy, dtype=float)
    return PathData(label, colour, xy, np.zeros(len(xy)), np.zeros(max(len(xy) - 1, 0)), np.zeros_like(xy))


@given(st.lists(st.tuples(st.floats(allow_nan=True, allow_infinity=True, width=64),
                          st.floats(allow_nan=True, allow_infinity=True, width=64)), min_size=0, max_size=30))
def test_a_pin_keeps_only_finite_points_and_is_close_to_them(points):
    pinned = pin([path("SGD", points if points else np.empty((0, 2)))])
    finite = [(x, y) for x, y in points if math.isfinite(x) and math.isfinite(y)]
    if not finite:
        assert pinned == ()
        return
    (ghost,) = pinned
    assert len(ghost.x) == len(finite)
    for (x, y), gx, gy in zip(finite, ghost.x, ghost.y, strict=True):
        assert math.isclose(gx, x, rel_tol=1e-4, abs_tol=1e-300) and math.isclose(gy, y, rel_tol=1e-4, abs_tol=1e-300)


def test_ghosts_go_after_every_trace_with_one_legend_entry_and_literal_labels():
    spec = tiny_spec()
    ghosts = pin([path("SGD <b>(lr=0.1)</b>", [[0, 0], [1, 1]]), path("Adam", [[0, 1], [2, 2]], "#D55E00")])
    out = with_ghosts(spec, ghosts, "pinned")
    assert out["data"][:4] == spec["data"]  # frames address traces by index: nothing before them moves
    added = out["data"][4:]
    assert [g["showlegend"] for g in added] == [True, False]
    assert {g["legendgroup"] for g in added} == {"pinned"}
    assert added[0]["hovertext"] == "SGD &lt;b&gt;(lr=0.1)&lt;/b&gt;"
    assert added[1]["line"]["color"] == "#D55E00" and added[1]["opacity"] < 0.5


def test_presentation_mode_hides_the_controls_and_enlarges_the_chart():
    at = app()
    normal = main_figure(at)
    at.button(key="_compare.present_on").click()
    at = rerun(at)
    big = main_figure(at)
    assert big["layout"]["height"] == 640 and big["layout"]["font"]["size"] == PROJECTOR_FONT
    assert path_names(big) == path_names(normal)  # the same runs
    css = "".join(m.value for m in at.markdown)
    assert "stSidebar" in css and "display:none" in css
    at.button(key="_compare.present_off").click()
    at = rerun(at)
    assert main_figure(at)["layout"].get("height") == normal["layout"].get("height")


def test_a_pin_stays_while_settings_change_and_unpin_removes_it():
    at = app()
    n = len(main_figure(at)["data"])
    at.button(key="_compare.pin").click()
    at = rerun(at)
    at.slider(key="compare.steps").set_value(12)
    at = rerun(at)
    figure = main_figure(at)
    ghosts = [tr for tr in figure["data"] if tr.get("legendgroup") == "pinned"]
    assert len(ghosts) == 4 and len(figure["data"]) == n + 4
    assert len(ghosts[0]["x"]) == 31  # the default view's 30 steps, pinned before the change to 12
    at.button(key="_compare.unpin").click()
    at = rerun(at)
    assert not [tr for tr in main_figure(at)["data"] if tr.get("legendgroup") == "pinned"]


def test_presentation_texts_are_in_chinese_in_chinese_mode():
    at = app(lang="zh")
    labels = [b.label for b in at.button]
    assert "演示模式" in labels and "固定当前路径（P）" in labels
