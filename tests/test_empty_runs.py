"""A run with no valid point is a message, not a crash.

Every figure builder in ``viz/`` and the Compare page's table take runs that are empty (no recorded
point) or NaN throughout (a formula that is not finite where the run starts) without raising and
without a NumPy warning; the Compare page says why such a run is empty and offers the default start.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import plotly.io as pio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

import optimizers
import surfaces
from comparison.config import OptimizerConfig, ScheduleConfig
from comparison.metrics import COLUMNS, results_table, trajectories_frame
from comparison.runner import run_one, start_problem
from landscapes.basins import basin_map
from viz.animation import frame_data
from viz.basins import basin_figure
from viz.contour import add_path, contour_figure, contour_values, finite_share, surface_grid
from viz.dashboard import compare_figure
from viz.heatmap import add_trials, projection_figure, sweep_heatmap
from viz.heatmap import loss_figure as sweep_loss_figure
from viz.loss import loss_axis, loss_figure
from viz.lr import lr_axis, lr_figure
from viz.paths import PathData, frame_steps, from_trajectory, shown_path
from viz.raster import contour_image
from viz.schedules import Series, line_figure, schedule_figure, schedule_panels
from viz.spec import decode
from viz.surface3d import surface3d_figure

# a NumPy warning (mean of empty slice, all-NaN slice, invalid value) fails the test
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

PAGE = str(Path(__file__).resolve().parent.parent / "app_pages" / "compare.py")
QUADRATIC = surfaces.get("book_quadratic")
NOWHERE = surfaces.from_expression("sqrt(-1 - x**2 - y**2)")  # NaN over the whole view
OVERFLOW = surfaces.from_expression("exp(1000 + x)")  # inf over the whole view
LOG = surfaces.from_expression("log(x)")
TEXT = {"step": "step", "loss": "loss", "loss_gap": "gap", "lr": "lr", "diverged": "diverged at {step}"}


def empty_path(label: str = "empty", diverged_at: int = -1) -> PathData:
    return PathData(label, "#0072B2", np.empty((0, 2)), np.empty(0), np.empty(0), np.empty((0, 2)), diverged_at)


def nan_path(label: str = "nan", steps: int = 5, diverged_at: int = -1) -> PathData:
    n = steps + 1
    return PathData(
        label, "#D55E00", np.full((n, 2), np.nan), np.full(n, np.nan), np.full(steps, np.nan),
        np.full((n, 2), np.nan), diverged_at,
    )


def log_run(start=(-4.0, 4.0), steps: int = 12) -> optimizers.Trajectory:
    """What the page gets for log(x) from a start left of x = 0: f is NaN there, the run diverged at 0."""
    return run_one(LOG, OptimizerConfig("sgd"), ScheduleConfig(), start, steps)


def no_valid_point(label: str = "frozen") -> PathData:
    return from_trajectory(log_run(), LOG, label, "#009E73")


BAD_PATHS = {
    "empty": lambda: empty_path(),
    "empty-diverged": lambda: empty_path(diverged_at=0),
    "nan": lambda: nan_path(),
    "nan-diverged-at-0": lambda: nan_path(diverged_at=0),
    "nan-diverged-later": lambda: nan_path(diverged_at=3),
    "no-valid-point": no_valid_point,
}


def strict_json(fig) -> dict:
    """The figure as the browser gets it; NaN or inf in it would not be valid JSON."""

    def refuse(name):
        raise AssertionError(f"{name} in the figure's JSON")

    return json.loads(pio.to_json(fig, validate=False), parse_constant=refuse)


def legend_names(spec: dict) -> list[str]:
    return [t.get("name") for t in spec["data"] if t.get("showlegend", True) and t.get("name")]


# ------------------------------------------------------------------------------------------ helpers


def test_the_realistic_case_is_what_the_engine_gives_for_log_left_of_zero():
    traj = log_run()
    assert int(traj.diverged_at[0]) == 0 and not np.isfinite(traj.loss[:, 0]).any()
    path = no_valid_point()
    assert path.genuine == 0 and path.steps == 12


@pytest.mark.parametrize("name", BAD_PATHS)
def test_shown_path_of_a_run_without_valid_point_is_empty_or_nan_and_has_no_nan_cross(name):
    xy, cross = shown_path(BAD_PATHS[name](), QUADRATIC.bounds)
    assert xy.shape[1] == 2
    assert cross is None or np.isfinite(cross).all()


def test_frame_steps_never_empty():
    assert list(frame_steps(-1)) == [0] and list(frame_steps(0)) == [0]


def test_start_problem():
    assert start_problem(QUADRATIC, QUADRATIC.start) is None
    assert start_problem(LOG, (-4.0, 4.0)) == "f"
    assert start_problem(LOG, LOG.start) is None
    assert start_problem(surfaces.from_expression("sqrt(x)"), (0.0, 1.0)) == "grad"
    assert start_problem(OVERFLOW, OVERFLOW.start) == "f"
    assert start_problem(NOWHERE, NOWHERE.start) == "f"
    assert start_problem(QUADRATIC, (np.nan, 0.0)) == "f"


def test_finite_share():
    assert finite_share(QUADRATIC) == 1.0
    assert finite_share(NOWHERE) == 0.0 and finite_share(OVERFLOW) == 0.0
    assert 0.4 < finite_share(LOG) < 0.6


# ------------------------------------------------------------------------- every builder, by name


@pytest.mark.parametrize("name", BAD_PATHS)
@pytest.mark.parametrize("surface", [QUADRATIC, NOWHERE], ids=["quadratic", "nan-surface"])
def test_compare_figure_keeps_the_legend_entry_of_a_run_without_valid_point(name, surface):
    good = from_trajectory(
        run_one(QUADRATIC, OptimizerConfig("sgd"), ScheduleConfig(), (-7.0, 2.0), 10), QUADRATIC, "good", "#000"
    )
    bad = BAD_PATHS[name]()
    paths = [good, bad] if surface is QUADRATIC else [bad]
    spec = strict_json(compare_figure(surface, paths, (-4.0, 4.0), clickable=True))
    assert bad.label in legend_names(spec)
    assert spec["frames"] and spec["layout"]["sliders"][0]["steps"]
    assert spec["layout"]["xaxis2"]["range"][1] >= 1
    for axis in ("yaxis2", "yaxis3"):
        assert all(np.isfinite(spec["layout"][axis]["range"]))
    # the run without valid point draws nothing: its map line is empty or NaN, and it has no ✕
    line = next(t for t in spec["data"] if t.get("name") == bad.label and t.get("xaxis") == "x")
    assert not np.isfinite(decode(line["x"])).any()
    crosses = [t for t in spec["data"] if t.get("xaxis") == "x" and t.get("marker", {}).get("symbol") == "x-thin-open"]
    assert [t for t in crosses if t.get("legendgroup") == bad.label] == []
    assert len(spec["layout"]["annotations"]) == len(crosses)  # no note without its ✕


@pytest.mark.parametrize("name", BAD_PATHS)
def test_animation_frames_of_a_run_without_valid_point_are_empty(name):
    data = frame_data([BAD_PATHS[name]()], 3, QUADRATIC.bounds, 0.0)
    assert data[0] == {"x": [None], "y": [None]}
    assert data[3] == {"x": [None] * 3, "y": [None] * 3}


@pytest.mark.parametrize("name", BAD_PATHS)
@pytest.mark.parametrize("f_star", [None, 0.0])
def test_loss_and_lr_charts(name, f_star):
    paths = [BAD_PATHS[name]()]
    axis = loss_axis(paths, f_star, QUADRATIC.bounds)
    assert all(np.isfinite(axis["range"]))
    assert all(np.isfinite(lr_axis(paths)["range"]))
    loss = strict_json(loss_figure(paths, f_star, QUADRATIC.bounds, TEXT))
    lr = strict_json(lr_figure(paths, TEXT))
    assert [t["name"] for t in loss["data"] if t["mode"] == "lines"] == [paths[0].label]
    assert [t["name"] for t in lr["data"]] == [paths[0].label]
    assert loss["layout"]["xaxis"]["range"] == [0, max(paths[0].steps, 1)]


def test_loss_and_lr_charts_of_no_runs():
    assert strict_json(loss_figure([], None, QUADRATIC.bounds, TEXT))["data"] == []
    assert strict_json(lr_figure([], TEXT))["data"] == []
    assert strict_json(compare_figure(QUADRATIC, [], QUADRATIC.start))


@pytest.mark.parametrize("name", BAD_PATHS)
@pytest.mark.parametrize("surface", [QUADRATIC, NOWHERE, OVERFLOW], ids=["quadratic", "nan", "inf"])
def test_surface3d(name, surface):
    bad = BAD_PATHS[name]()
    spec = strict_json(surface3d_figure(surface, [bad], (-4.0, 4.0)))
    assert bad.label in legend_names(spec)


@pytest.mark.parametrize("surface", [NOWHERE, OVERFLOW], ids=["nan", "inf"])
def test_contour_of_a_surface_not_finite_anywhere(surface):
    x, y, z = surface_grid(surface, resolution=20)
    assert not np.isfinite(z).any()
    values, _ = contour_values(surface, z)
    assert np.isfinite(values).all()
    strict_json(contour_figure(surface, resolution=20))
    uri, _ = contour_image(surface, surface.bounds, resolution=40)
    assert uri.startswith("data:image/png;base64,")


@pytest.mark.parametrize("diverged_at", [-1, 0, 4])
@pytest.mark.parametrize("show_start", [True, False])
def test_add_path_empty_and_nan(diverged_at, show_start):
    for xy in (np.empty((0, 2)), np.full((6, 2), np.nan)):
        fig = add_path(contour_figure(QUADRATIC, resolution=20), xy, "run", "#000", diverged_at, show_start)
        spec = strict_json(fig)
        assert "run" in legend_names(spec)
        assert len(spec["data"]) == 3  # the surface, its minimum, the (empty) line: no start, no ✕
    xy = np.array([[np.nan, np.nan], [1.0, 2.0], [np.nan, np.nan]])
    spec = strict_json(add_path(contour_figure(QUADRATIC, resolution=20), xy, "run", "#000", 2, show_start))
    cross = next(t for t in spec["data"] if t.get("mode") == "markers+text")
    assert (cross["x"], cross["y"]) == ([1.0], [2.0])


def test_sweep_heatmap_all_nan_and_empty():
    z = np.full((3, 4), np.nan)
    strict_json(sweep_heatmap([1e-3, 1e-2, 1e-1, 1.0], [0.0, 0.5, 0.9], z, x_label="lr", y_label="m",
                              z_label="loss", x_log=True, y_log=False, z_log=True, z_floor=-6,
                              status=np.full((3, 4), "diverged", dtype=object)))
    strict_json(sweep_heatmap([], [], np.empty((0, 0)), x_label="lr", y_label="m", z_label="loss",
                              x_log=True, y_log=False))


@pytest.mark.parametrize("diverged_at", [-1, 0, 3])
def test_sweep_loss_figure_empty_and_nan(diverged_at):
    for steps, gap in ((np.arange(0), np.empty(0)), (np.arange(5), np.full(5, np.nan))):
        strict_json(sweep_loss_figure(steps, gap, label="run", colour="#000", x_label="step", y_label="gap",
                                      tol=1e-3, diverged_at=diverged_at, diverged_label="diverged"))


def test_projection_and_trials_of_failed_or_missing_trials():
    axes = [{"label": "lr", "log": True, "low": 1e-3, "high": 1.0}]
    nan_series = {"name": "random", "colour": "#000", "symbol": "circle",
                  "points": np.array([[0.01, 0.5], [0.1, 0.9]]), "objective": np.full(2, np.nan)}
    empty_series = {**nan_series, "points": np.empty((0, 2)), "objective": np.empty(0)}
    zero_series = {**nan_series, "objective": np.array([0.0, 1e-3])}
    for series in ([], [nan_series], [empty_series], [nan_series, empty_series], [zero_series]):
        for log in (True, False):
            strict_json(projection_figure(axes, series, objective_label="f", objective_log=log,
                                          failed_label="failed"))
    fig = sweep_heatmap([0.1, 1.0], [0.0, 0.5], np.zeros((2, 2)), x_label="lr", y_label="m", z_label="f",
                        x_log=True, y_log=False)
    strict_json(add_trials(fig, np.empty((0, 2)), x_log=True, y_log=False, label="t", colour="#000",
                           symbol="circle", best=0, best_label="best"))


@pytest.fixture(scope="module")
def nowhere_basins():
    return basin_map(NOWHERE, optimizers.get("sgd", lr=0.1), 8, 10)


@pytest.mark.parametrize("mode", ["minimum", "loss"])
def test_basin_figure_of_a_surface_not_finite_anywhere(nowhere_basins, mode):
    assert (nowhere_basins.diverged_at == 0).all()
    for path in (None, np.empty((0, 2)), np.full((4, 2), np.nan)):
        strict_json(basin_figure(nowhere_basins, NOWHERE, mode, path=path, path_diverged_at=0))


def test_schedule_and_line_charts_of_empty_and_nan_series():
    empty = Series("empty", np.empty(0), "#000000", low=np.empty(0), high=np.empty(0), x=np.empty(0))
    nan = Series("nan", np.full(4, np.nan), "#111111", low=np.full(4, np.nan), high=np.full(4, np.nan))
    for log_y in (False, True):
        spec = strict_json(line_figure(np.arange(4), [empty, nan], "step", "loss", log_y=log_y))
        assert {"empty", "nan"} <= set(legend_names(spec))
        strict_json(schedule_figure(np.arange(4), [("a", np.full(4, np.nan))], log_y=log_y))
        strict_json(schedule_figure(np.arange(0), [("a", np.empty(0))], log_y=log_y))
        strict_json(schedule_panels(np.arange(4), [("a", np.full(4, np.nan)), ("b", np.ones(4))], log_y=log_y))
        strict_json(schedule_panels(np.arange(4), [], log_y=log_y))


# ------------------------------------------------------------------------- any path (hypothesis)

VALUES = st.sampled_from([np.nan, np.inf, -np.inf, 0.0, 1.0, -3.0, 1e-300, 1e300])


@st.composite
def paths(draw):
    n = draw(st.integers(0, 6))
    xy = np.array(draw(st.lists(VALUES, min_size=2 * n, max_size=2 * n)), dtype=float).reshape(n, 2)
    loss = np.array(draw(st.lists(VALUES, min_size=n, max_size=n)), dtype=float)
    lr = np.array(draw(st.lists(VALUES, min_size=max(n - 1, 0), max_size=max(n - 1, 0))), dtype=float)
    grad = np.array(draw(st.lists(VALUES, min_size=2 * n, max_size=2 * n)), dtype=float).reshape(n, 2)
    diverged_at = draw(st.integers(-1, max(n - 1, 0)))
    return PathData(f"p{n}", "#0072B2", xy, loss, lr, grad, diverged_at)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(paths(), min_size=0, max_size=3), st.sampled_from([None, 0.0]))
def test_any_path_mix_builds_every_compare_chart(mix, f_star):
    spec = strict_json(compare_figure(QUADRATIC, mix, (-4.0, 4.0)))
    assert {p.label for p in mix} <= set(legend_names(spec))
    strict_json(loss_figure(mix, f_star, QUADRATIC.bounds, TEXT))
    strict_json(lr_figure(mix, TEXT))
    strict_json(surface3d_figure(QUADRATIC, mix, (-4.0, 4.0)))


# ---------------------------------------------------------------------------------- results table


def empty_trajectory() -> optimizers.Trajectory:
    """A Trajectory with no recorded step at all (nothing the engine returns, but nothing may crash)."""
    return optimizers.Trajectory(
        steps=np.arange(0), xy=np.empty((0, 1, 2)), loss=np.empty((0, 1)), grad_norm=np.empty((0, 1)),
        diverged_at=np.array([0]), base_lr=np.array([0.1]), lr_multiplier=np.empty(0),
    )


def test_results_table_and_csv_of_runs_without_valid_point():
    good = run_one(QUADRATIC, OptimizerConfig("sgd"), ScheduleConfig(), (-7.0, 2.0), 10)
    runs = [log_run(), empty_trajectory(), good]
    table = results_table(["log", "empty", "good"], runs, QUADRATIC.minima, 1e-3)
    assert list(table.columns) == list(COLUMNS) and len(table) == 3
    for label in ("log", "empty"):
        row = table.set_index("optimizer").loc[label]
        assert row[["final_loss", "best_loss", "distance_to_minimum", "steps_to_tolerance"]].isna().all()
        assert row["diverged_at"] == 0
    assert np.isfinite(table.set_index("optimizer").loc["good", "final_loss"])
    frame = trajectories_frame(["log", "empty", "good"], runs)
    assert set(frame["optimizer"]) == {"good"}
    assert results_table([], [], QUADRATIC.minima, 1e-3).empty
    assert results_table(["log"], [log_run()], (), 1e-3)["best_loss"].isna().all()


# ------------------------------------------------------------------------------ the Compare page

BAD_LINKS = {
    # formulas whose default start is fine, linked with a start where they are not
    "log(x)": ("-4", "4"),
    "sqrt(x)": ("0", "4"),  # f = 0 there, its gradient is not finite
    "acos(x)": ("-4", "4"),
    "1/(x+4)": ("-4", "4"),
    # formulas that are not finite anywhere in the view
    "sqrt(-1-x**2-y**2)": None,
    "exp(1000+x)": None,
}


def page(query: dict, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    if lang:
        at.session_state["lang"] = lang
    at.run()
    assert not at.exception, at.exception[0].value
    return at


def messages(at: AppTest) -> list[str]:
    return [e.value for e in [*at.warning, *at.error, *at.info]]


def main_figure(at: AppTest) -> dict:
    return next(s for s in (json.loads(c.proto.spec) for c in at.get("plotly_chart")) if "frames" in s)


@pytest.mark.parametrize("expr", BAD_LINKS)
def test_a_link_to_a_formula_not_finite_at_the_start_shows_a_message(expr):
    query = {"compare.surface": "custom", "compare.expr": expr}
    if BAD_LINKS[expr]:
        query["compare.x0"], query["compare.y0"] = BAD_LINKS[expr]
    at = page(query)
    texts = messages(at)
    assert any("no optimizer can take a step from there" in m for m in texts), texts
    assert not any("diverged at step" in m for m in texts)  # the start message says it all
    assert at.text_input(key="compare.expr").value == expr
    assert main_figure(at)["frames"]
    if BAD_LINKS[expr]:
        assert at.button(key="_compare.use_default_start")
        assert "not finite at its default start" not in " ".join(texts)
    else:
        assert not [b for b in at.button if b.key == "_compare.use_default_start"]
        assert any("not finite at its default start" in m for m in texts)
        assert any("anywhere in the view" in m for m in texts)
        assert at.dataframe[0].value["diverged_at"].tolist() == ["0"] * 4  # every run: no valid point


@pytest.mark.parametrize("expr", [e for e, start in BAD_LINKS.items() if start])
def test_the_same_formulas_from_their_default_start_run_without_the_message(expr):
    at = page({"compare.surface": "custom", "compare.expr": expr})
    assert not any("no optimizer can take a step" in m for m in messages(at))


def test_the_message_is_in_chinese():
    at = page({"compare.surface": "custom", "compare.expr": "exp(1000+x)"}, lang="zh")
    texts = messages(at)
    assert any("损失 f 在起点" in m for m in texts), texts
    assert any("默认起点" in m and "也不是有限数" in m for m in texts)
    at = page({"compare.surface": "custom", "compare.expr": "sqrt(x)", "compare.x0": "0"}, lang="zh")
    assert any("梯度在起点" in m for m in messages(at))
    assert "使用默认起点" in at.button(key="_compare.use_default_start").label


def test_typing_a_formula_not_finite_at_the_kept_start_then_using_the_default_start():
    at = page({"compare.surface": "custom", "compare.expr": "x**2 + y**2"})
    assert (at.session_state["compare.x0"], at.session_state["compare.y0"]) == (-4.0, 4.0)
    assert not any("no optimizer can take a step" in m for m in messages(at))
    at.text_input(key="compare.expr").set_value("log(x)").run()
    assert not at.exception, at.exception[0].value
    assert any("no optimizer can take a step from there" in m for m in messages(at))
    assert at.text_input(key="compare.expr").value == "log(x)"  # nothing the user typed is lost
    assert (at.session_state["compare.x0"], at.session_state["compare.y0"]) == (-4.0, 4.0)
    at.button(key="_compare.use_default_start").click().run()
    assert not at.exception, at.exception[0].value
    assert (at.session_state["compare.x0"], at.session_state["compare.y0"]) == LOG.start
    assert at.text_input(key="compare.expr").value == "log(x)"
    assert not any("no optimizer can take a step" in m for m in messages(at))
    spec = main_figure(at)
    line = next(t for t in spec["data"] if t.get("legendgroup") == t.get("name") and t.get("xaxis") == "x"
                and t.get("mode", "").startswith("lines"))
    assert np.isfinite(decode(line["x"])).sum() >= 2  # a real run from the default start
