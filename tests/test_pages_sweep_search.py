"""The Sweep and Random-vs-grid-search pages in AppTest: controls, a simulated click, URL state, languages."""

from __future__ import annotations

import base64
import hashlib
import json
import resource
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from landscapes import sweep as sw
from ui.spec_text import spec_label

ROOT = Path(__file__).resolve().parent.parent
SWEEP = str(ROOT / "app_pages" / "sweep.py")
SEARCH = str(ROOT / "app_pages" / "search.py")


def run_page(path: str, query: dict | None = None, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(path, default_timeout=60)
    if query:
        at.query_params.update(query)
    if lang:
        at.session_state["lang"] = lang
    return at.run()


def figure(at: AppTest, index: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def trace(fig: dict, name: str) -> dict:
    return next(d for d in fig["data"] if d.get("name") == name)


def values(data) -> np.ndarray:
    """A Plotly array from a figure's JSON: a list, or Plotly's typed array ``{"dtype", "bdata"}``."""
    if isinstance(data, dict) and "bdata" in data:
        out = np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"])
        return out.reshape(data["shape"]) if "shape" in data else out
    return np.asarray(data)


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "title")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def link_query(at: AppTest) -> dict[str, str]:
    """The query string of the "open on the Compare page" link (a link button when the page runs alone)."""
    button = at.get("link_button")[0]
    url = button.proto.url
    assert url.startswith("compare?")
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


# ------------------------------------------------------------------------------------ Sweep


def test_sweep_default_page_is_the_phase_diagram_with_theory():
    at = run_page(SWEEP)
    assert not at.exception
    fig = figure(at)
    names = [d.get("name") for d in fig["data"]]
    assert "metric" in names and "cells" in names
    cells = values(trace(fig, "cells")["x"])
    assert len(cells) == 64 * 64
    np.testing.assert_allclose(cells[0], np.log10(1e-3))  # lr drawn on a log scale
    assert fig["layout"]["clickmode"] == "event+select"
    assert any("2(1+μ)/λmax" in str(n) for n in names)  # the stability limit
    assert any("1.336" in str(n) for n in names)  # the heavy-ball optimum
    body = texts(at)
    assert "4096 runs" in body and "κ = 20" in body and "Best cell" in body
    # the best cell's run is drawn (path and loss curve) with a link to Compare
    assert len(at.get("plotly_chart")) == 3
    query = link_query(at)
    assert query["compare.n"] == "1" and "compare.o0.lr" in query and "compare.o0.momentum" in query
    assert dict(at.query_params) == {}  # the default view has an empty query string


def test_a_cell_click_shows_that_run_and_goes_into_the_url():
    at = run_page(SWEEP)
    fig = figure(at)
    xs, ys = values(trace(fig, "cells")["x"]), values(trace(fig, "cells")["y"])
    k = 20 * 64 + 10  # row 20 (momentum), column 10 (lr)
    curve = [d.get("name") for d in fig["data"]].index("cells")
    at.session_state["sweep.chart"] = {"selection": {"points": [
        {"x": float(xs[k]), "y": float(ys[k]), "curve_number": curve, "point_index": k}]}}
    at.run()
    assert not at.exception
    assert "Selected cell" in texts(at)
    assert at.query_params["sweep.cell"] == "10,20"
    spec = sw.default_spec()
    lr, mu = spec.x.values(64)[10], spec.y.values(64)[20]
    query = link_query(at)
    assert float(query["compare.o0.lr"]) == lr and float(query["compare.o0.momentum"]) == mu
    # the selected cell is outlined on the map
    assert any(d.get("name") == "this cell" for d in figure(at)["data"])
    # back to the best cell
    at.button(key="sweep.clear").click().run()
    assert "Best cell" in texts(at) and "sweep.cell" not in at.query_params


def test_url_round_trip():
    query = {"sweep.optimizer": "adam", "sweep.y": "beta2", "sweep.range.lr.low": "0.01", "sweep.nx": "16",
             "sweep.ny": "12", "sweep.steps": "100", "sweep.metric": "steps_to_tol", "sweep.cell": "3,4",
             "sweep.theory": "0"}
    at = run_page(SWEEP, query)
    assert not at.exception and not at.warning
    assert at.selectbox(key="sweep.optimizer").value == "adam"
    assert at.selectbox(key="sweep.y").value == "beta2"
    assert at.number_input(key="sweep.range.lr.low").value == 0.01
    assert at.radio(key="sweep.metric").value == "steps_to_tol"
    assert len(values(trace(figure(at), "cells")["x"])) == 16 * 12
    assert "Selected cell" in texts(at)
    assert {k: at.query_params[k] for k in query} == query  # written back as it came
    # a widget change is published
    at.number_input(key="sweep.steps").set_value(120).run()
    assert at.query_params["sweep.steps"] == "120"


# the page's own kinds of value (tests/test_all_pages.py checks a bad number on every page)
@pytest.mark.parametrize("key, value", [
    ("sweep.range.lr.low", "-5"), ("sweep.x", "nonsense"), ("sweep.cell", "999,1"), ("sweep.cell", "3"),
    ("sweep.metric", "fastest"), ("sweep.nx", "4096"), ("sweep.optimizer", "sgd2"), ("sweep.sigma", "inf"),
])
def test_bad_url_values_give_a_notice_and_the_default(key, value):
    at = run_page(SWEEP, {key: value})
    assert not at.exception
    notices = [w.value for w in at.warning]
    assert any(key in n for n in notices), notices
    assert trace(figure(at), "cells")  # the page still draws the map


SMALL = {"sweep.nx": "16", "sweep.ny": "16"}  # a smaller grid where the size does not matter


def test_sweep_controls():
    at = run_page(SWEEP, SMALL)
    at.selectbox(key="sweep.optimizer").set_value("adam").run()
    assert not at.exception
    assert (at.selectbox(key="sweep.x").value, at.selectbox(key="sweep.y").value) == ("lr", "beta1")
    for metric in sw.METRICS:
        at.radio(key="sweep.metric").set_value(metric).run()
        assert not at.exception
    assert "theoretical rate needs SGD" in texts(at)  # rate asked for Adam: explained, final loss shown
    at.selectbox(key="sweep.optimizer").set_value("sgd").run()
    at.radio(key="sweep.metric").set_value("rate").run()
    assert "rate per step (theory)" in json.dumps(figure(at))
    at.toggle(key="sweep.theory").set_value(False).run()
    assert not any("1.336" in str(d.get("name")) for d in figure(at)["data"])
    # batch size as an axis turns the noise on
    at.selectbox(key="sweep.y").set_value(sw.BATCH).run()
    assert not at.exception and at.toggle(key="sweep.noisy").value
    assert "Gradient noise of this cell" in texts(at)


def test_sweep_refuses_bad_input_with_a_message():
    at = run_page(SWEEP, SMALL)
    at.number_input(key="sweep.range.lr.low").set_value(5.0).run()  # above the upper end 2
    assert not at.exception and "smaller to a larger" in texts(at)
    assert not at.get("plotly_chart")
    at.number_input(key="sweep.range.lr.low").set_value(1e-3).run()
    at.selectbox(key="sweep.y").set_value("lr").run()
    assert not at.exception and "two different hyperparameters" in texts(at)


def test_sweep_on_a_custom_surface_and_a_bad_formula():
    at = run_page(SWEEP, {"sweep.surface": "custom", "sweep.expr": "(x - 1)**2 + 3*(y + 1)**2",
                          "sweep.nx": "8", "sweep.ny": "8", "sweep.steps": "50"})
    assert not at.exception
    assert len(values(trace(figure(at), "cells")["x"])) == 64
    assert "κ = 3" in texts(at)  # a custom quadratic gets the theory too
    at.text_input(key="sweep.expr").set_value("x +* y").run()
    assert not at.exception and at.error and not at.get("plotly_chart")


def test_sweep_in_chinese_names_every_hyperparameter_in_chinese():
    at = run_page(SWEEP, lang="zh")
    assert not at.exception
    assert "条件数" in texts(at)  # the theory box
    lr, mu = spec_label("opt:sgd", "lr", "zh"), spec_label("opt:sgd", "momentum", "zh")
    layout = figure(at)["layout"]
    assert (layout["xaxis"]["title"]["text"], layout["yaxis"]["title"]["text"]) == (lr, mu)
    assert mu in at.selectbox(key="sweep.x").options  # the axis menu
    labels = [str(e.label) for e in [*at.checkbox, *at.number_input, *at.slider, *at.toggle]]
    assert spec_label("opt:sgd", "nesterov", "zh") in labels and "nesterov" not in labels
    assert f"{lr} = " in texts(at)  # the best cell's title


def test_the_pages_run_inside_the_app_and_link_to_compare_through_the_navigation():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("app_pages/sweep.py").run()
    assert not at.exception
    assert at.header[0].value == "Hyperparameter sweep"
    links = at.get("page_link")
    assert links and "compare.o0.lr" in json.dumps(str(links[0].proto))
    at.switch_page("app_pages/search.py").run()
    assert not at.exception
    assert at.header[0].value == "Random vs grid search"


# ------------------------------------------------------------------------------------ Search


def test_search_default_page():
    at = run_page(SEARCH)
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["method"]) == ["grid search", "random search", "TPE (Bayesian)"]
    assert list(table["trials"]) == [16, 16, 16]
    lr, mu = spec_label("opt:sgd", "lr", "en"), spec_label("opt:sgd", "momentum", "en")
    assert list(table[f"distinct {lr}"]) == [4, 16, 16] and list(table[f"distinct {mu}"]) == [4, 16, 16]
    fig = figure(at)
    names = [d.get("name") for d in fig["data"]]
    assert "grid (16 trials)" in names and "random (16 trials)" in names
    assert "best of the grid" in names and "best of random search" in names and "next, finer box" in names
    assert "TPE: random start (10)" in names and "TPE: chosen by its model (6)" in names and "best of TPE" in names
    assert "Bergstra" in texts(at) and "Stage 1" in texts(at)
    # the map, the best so far of each strategy, and the one-at-a-time projections
    assert [c.key for c in at.get("plotly_chart")] == ["search.chart", "search.best_so_far", "search.projection"]
    assert not at.warning and not at.error  # nothing cut short, no best on the border


def tpe_points(at: AppTest) -> np.ndarray:
    """TPE's trials on the map, in the order asked (its random start, then the model's), in plot coordinates."""
    fig = figure(at)
    parts = [trace(fig, name) for name in [d.get("name") for d in fig["data"]] if name.startswith("TPE:")]
    return np.vstack([np.column_stack([values(p["x"]), values(p["y"])]) for p in parts])


def test_a_search_link_reproduces_tpe_trial_for_trial():
    query = {"search.n": "30", "search.trial_seed": "4", "search.objective": "final_loss"}
    first = run_page(SEARCH, query)
    st.cache_data.clear()  # computed again, not replayed from the cache
    again = run_page(SEARCH, query)
    assert not first.exception and not again.exception
    a, b = tpe_points(first), tpe_points(again)
    assert a.shape == (30, 2) and a.tobytes() == b.tobytes()
    assert figure(first, 1) == figure(again, 1)  # the best-so-far curves too
    # TPE's random start is random search's first ten trials
    rand = trace(figure(first), "random (30 trials)")
    np.testing.assert_array_equal(a[:10], np.column_stack([values(rand["x"]), values(rand["y"])])[:10])


def test_best_so_far_chart_and_the_verdict_agree_with_the_table():
    at = run_page(SEARCH, {"search.n": "24"})
    assert not at.exception
    chart = figure(at, 1)
    curves = {d["name"]: values(d["y"]).astype(float) for d in chart["data"]}
    assert list(curves) == ["grid search", "random search", "TPE (Bayesian)"]
    for name, curve in curves.items():
        finite = curve[np.isfinite(curve)]
        assert len(curve) == 24 and (np.diff(finite) <= 0).all(), name  # a running best never rises
    np.testing.assert_array_equal(curves["random search"][:10], curves["TPE (Bayesian)"][:10])
    assert [s["x0"] for s in chart["layout"]["shapes"]] == [10.5]  # where TPE's model starts
    assert "agree up to the dotted line" in texts(at)
    table = at.dataframe[0].value.set_index("method")["best"]
    for name, curve in curves.items():
        assert table[name] == str(int(curve[-1]))  # the table's best is the curve's end
    verdict = next(m.value for m in at.markdown if m.value.startswith("**This run:**"))
    tpe_best, rand_best = int(curves["TPE (Bayesian)"][-1]), int(curves["random search"][-1])
    assert f"({tpe_best}, 24 trials)" in verdict and f"({rand_best}, 24 trials)" in verdict
    if tpe_best < rand_best:
        k = int(np.argmax(curves["TPE (Bayesian)"] <= rand_best)) + 1
        assert "beats random search's" in verdict
        assert f"after {k} of its 24 trials" in verdict or f"at trial {k}," in verdict


def test_search_texts_are_computed_from_the_run():
    at = run_page(SEARCH)
    text = texts(at)
    # log scale: the random trials below the box's log-scale middle, counted on the map
    rand = values(trace(figure(at), "random (16 trials)")["x"])
    mid = np.sqrt(1e-3 * 2.0)
    assert f"Here {int((rand < np.log10(mid)).sum())} of random search's 16 trials" in text
    expected = 16 * (mid - 1e-3) / (2.0 - 1e-3)  # a uniform draw: 2.2 % of the range
    assert f"below {mid:.4g}" in text and f"expected to put {expected:.1f} there" in text
    # short runs first: the map's diverged cells, and those that diverged by step 30
    assert "Of the map's 2304 settings, 115 diverged within 300 steps, 80 of them by step 30" in text
    assert "TPE ran its trials in 7 rounds" in text and "as one vectorized batch" in text


def test_with_ten_trials_or_fewer_tpe_is_random_search_and_says_so():
    at = run_page(SEARCH, {"search.n": "8"})
    assert not at.exception
    names = [d.get("name") for d in figure(at)["data"]]
    assert "TPE: random start (8)" in names and not [n for n in names if n.startswith("TPE: chosen")]
    assert "never leaves its random start" in texts(at)
    assert not figure(at, 1)["layout"].get("shapes")  # no "model starts" line, and the caption names none
    assert "dotted line" not in texts(at) and "its line is random search's" in texts(at)


def test_search_zoom_is_kept_in_the_url_and_reset():
    at = run_page(SEARCH)
    at.button(key="search.zoom_in").click().run()
    assert not at.exception
    assert at.query_params["search.stage"] == "1"
    low, high = float(at.query_params["search.range.lr.low"]), float(at.query_params["search.range.lr.high"])
    assert np.log10(high / low) == pytest.approx(0.25 * np.log10(2000), rel=1e-2)
    assert "Stage 2" in texts(at)
    # a link with the zoomed box restores it
    again = run_page(SEARCH, dict(at.query_params))
    assert again.number_input(key="search.range.lr.low").value == low and "Stage 2" in texts(again)
    at.button(key="search.reset").click().run()
    assert not at.exception
    assert "search.range.lr.low" not in at.query_params and "search.stage" not in at.query_params


def test_search_warns_about_a_best_value_on_the_border():
    at = run_page(SEARCH, {"search.range.lr.high": "0.01", "search.objective": "final_loss"})
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "upper edge" in warnings and "lr" in warnings
    # every strategy whose best is on the edge says so, TPE too, computed from its own best
    table = at.dataframe[0].value.set_index("method")
    for method in table.index:
        said = f"The best of {method} has" in warnings
        assert said == (table.loc[method, "on border"] == "yes"), method
    assert "The best of TPE (Bayesian) has" in warnings


def test_search_controls_and_bad_url_values():
    at = run_page(SEARCH, {"search.n": "0", "search.zoom": "0.7", "search.zoom_on": "both"})
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "search.n" in notices and "search.zoom" in notices and "search.zoom_on" in notices
    at.number_input(key="search.n").set_value(10).run()
    table = at.dataframe[0].value
    assert list(table["trials"]) == [10, 10, 10]  # a 5 × 2 grid
    at.number_input(key="search.n").set_value(10).run()
    at.number_input(key="search.trial_seed").set_value(5).run()
    at.radio(key="search.zoom_on").set_value("grid").run()
    at.radio(key="search.zoom_on").set_value("tpe").run()
    assert "best of TPE" in at.button(key="search.zoom_in").help
    at.select_slider(key="search.res").set_value(16).run()
    assert not at.exception


def test_search_in_chinese_names_every_hyperparameter_in_chinese():
    at = run_page(SEARCH, {"search.range.lr.high": "0.01", "search.objective": "final_loss"}, lang="zh")
    assert not at.exception
    lr, mu = spec_label("opt:sgd", "lr", "zh"), spec_label("opt:sgd", "momentum", "zh")
    columns = list(at.dataframe[0].value.columns)
    assert f"不同的 {lr} 取值数" in columns and lr in columns and mu in columns
    assert not [c for c in columns if c.isascii()], columns
    fig = figure(at)
    assert fig["layout"]["xaxis"]["title"]["text"] == lr
    hovers = " ".join(str(d.get("hovertext") or d.get("text") or "") for d in fig["data"])
    assert f"{lr} = " in hovers
    assert any(lr in w.value and "上边界" in w.value for w in at.warning)  # the border warning
    assert any("TPE（贝叶斯优化）" in w.value and "上边界" in w.value for w in at.warning)
    assert "TPE（贝叶斯优化）" in list(at.dataframe[0].value[columns[0]])
    best = figure(at, 1)
    assert best["layout"]["xaxis"]["title"]["text"] == "试验次数"
    assert {d["name"] for d in best["data"]} == {"网格搜索", "随机搜索", "TPE（贝叶斯优化）"}
    text = texts(at)
    for heading in ("**本次运行：**", "**计算代价。**", "**贝叶斯方法在什么情况下有用？**", "**对数尺度。**",
                    "**由粗到细，先跑短的。**"):
        assert heading in text
    assert "This run" not in text and "Cost." not in text and "Log scale" not in text
    assert "。 " not in text  # sentences put together without an English space


# ------------------------------------------------------------------------------------ heavy links

# twelve asin factors: the heaviest Hessian a formula may have (~1 µs a point), and the links
HEAVY = "*".join(f"asin((x+{d}*y)/{40 + d})" for d in range(12))
ASIN12 = "*".join(f"asin({v}/{d})" for d in range(9, 15) for v in "xy")
HEAVY_SWEEP = {"sweep.surface": "custom", "sweep.expr": HEAVY, "sweep.optimizer": "newton", "sweep.nx": "128",
               "sweep.ny": "128", "sweep.steps": "488"}
HEAVY_SEARCH = {"search.surface": "custom", "search.expr": ASIN12, "search.res": "16", "search.steps": "3906",
                "search.n": "1024"}
# CPU seconds a rerun may take in these tests: ui.work.LIMIT is 4 s of heavy work, the page itself adds
# well under a second (formula parsing and imports on the first run add a little more); the machine is noisy
CPU_LIMIT = 8.0


def cpu_seconds_of_run(at: AppTest) -> float:
    """Process CPU seconds (every thread: the script runs in one of AppTest's) of one ``at.run()``."""
    before = resource.getrusage(resource.RUSAGE_SELF)
    at.run()
    after = resource.getrusage(resource.RUSAGE_SELF)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def budget_notice(at: AppTest) -> str:
    """The warning of a result cut short, or the error of a refused one ("" if neither)."""
    notes = [w.value for w in at.warning if w.value.startswith("Computed ")]
    notes += [e.value for e in at.error if e.value.startswith("This would take about")]
    return "\n".join(notes)


@pytest.mark.slow  # spends its page's whole CPU budget on purpose
def test_a_heavy_sweep_link_is_cut_at_its_time_limit_and_says_so():
    # Newton with the heaviest formula on 128 × 128 cells × 488 steps took 23-42 s before the budget
    at = AppTest.from_file(SWEEP, default_timeout=60)
    at.query_params.update(HEAVY_SWEEP)
    seconds = cpu_seconds_of_run(at)
    assert not at.exception
    assert seconds <= CPU_LIMIT, seconds
    notice = budget_notice(at)
    assert notice, texts(at)
    if notice.startswith("Computed "):  # the rows that fit are drawn, the others named
        assert "rows of the map" in notice and "fewer cells or steps" in notice
        assert "not computed (time limit)" in [d.get("name") for d in figure(at)["data"]]
    assert at.number_input(key="sweep.nx").value == 128 and at.query_params["sweep.steps"] == "488"  # kept
    # a click reruns from the cache: nothing heavy again, and the notice is still there
    again = cpu_seconds_of_run(at)
    assert again < 3.0 and budget_notice(at) == notice


def test_a_sweep_ten_times_too_long_is_refused_or_cut_in_chinese():
    # about 40 s of Newton on the heaviest formula: the probe refuses it (less than a tenth fits), or on a
    # fast machine computes the few rows that fit; either way within the limit, and said in Chinese
    at = AppTest.from_file(SWEEP, default_timeout=60)
    at.query_params.update({**HEAVY_SWEEP, "sweep.steps": "5000"})
    at.session_state["lang"] = "zh"
    seconds = cpu_seconds_of_run(at)
    assert not at.exception and seconds <= CPU_LIMIT, seconds
    notices = [n.value for n in [*at.error, *at.warning] if "没有计算" in n.value]
    assert notices and all("减少格数或步数" in n for n in notices)
    if at.error:
        assert not at.get("plotly_chart")


@pytest.mark.slow  # spends its page's whole CPU budget on purpose
def test_the_heavy_search_link_stays_within_its_time_limit():
    at = AppTest.from_file(SEARCH, default_timeout=60)
    at.query_params.update(HEAVY_SEARCH)
    seconds = cpu_seconds_of_run(at)
    assert not at.exception and seconds <= CPU_LIMIT, seconds
    assert at.get("plotly_chart") or budget_notice(at)
    if at.dataframe and "TPE (Bayesian)" not in list(at.dataframe[0].value["method"]):  # TPE refused: said so
        assert "give TPE fewer trials or steps" in budget_notice(at) and "TPE did not run" in texts(at)


@pytest.mark.slow  # spends its page's whole CPU budget on purpose
def test_a_big_tpe_search_shows_the_trials_that_ran_and_says_how_many():
    # 1024 trials: Optuna's sampler alone takes seconds (it refits its densities on every trial before each one)
    at = AppTest.from_file(SEARCH, default_timeout=60)
    at.query_params.update({"search.n": "1024"})
    seconds = cpu_seconds_of_run(at)
    assert not at.exception and seconds <= CPU_LIMIT, seconds
    table = at.dataframe[0].value.set_index("method")
    assert list(table["trials"][:2]) == [1024, 1024]  # grid and random search, one batch: complete
    assert "TPE (Bayesian)" in table.index, budget_notice(at)  # TPE ran within its own share of the time
    done = int(table.loc["TPE (Bayesian)", "trials"])
    assert done < 1024  # TPE's sampler alone would take seconds for 1024 trials
    assert f"Computed {done} of 1024 TPE trials" in budget_notice(at)
    curve = next(d for d in figure(at, 1)["data"] if d["name"] == "TPE (Bayesian)")
    assert len(values(curve["y"])) == done  # the best-so-far curve stops where TPE stopped


def test_a_heavy_newton_search_shows_the_trials_that_ran_and_says_so():
    at = AppTest.from_file(SEARCH, default_timeout=60)
    at.query_params.update({**HEAVY_SEARCH, "search.expr": HEAVY, "search.optimizer": "newton"})
    seconds = cpu_seconds_of_run(at)
    assert not at.exception and seconds <= CPU_LIMIT, seconds
    notice = budget_notice(at)
    assert notice, texts(at)
    if "trials" in notice:
        table = at.dataframe[0].value
        assert 0 < table["trials"][:2].sum() < 2048
        assert abs(int(table["trials"][0]) - int(table["trials"][1])) <= 2  # both methods ran alike


MEMORY_SCRIPT = textwrap.dedent("""
    import json, resource, sys
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(sys.argv[1], default_timeout=120)
    at.query_params.update(json.loads(sys.argv[2]))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    at.run()
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"delta_kib": after - before, "exception": bool(at.exception)}))
""")


@pytest.mark.slow  # spends its page's whole CPU budget on purpose
def test_the_heavy_search_link_peaks_far_below_a_gibibyte():
    # recording every step of 2048 trials × 3906 steps and evaluating ∇f on all 8 M points took 2.5-3.4 GB
    out = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT, SEARCH, json.dumps(HEAVY_SEARCH)],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert not result["exception"]
    assert result["delta_kib"] < 2**20, result  # ru_maxrss is in KiB on Linux


# ------------------------------------------------------------------------------------ saved links
#
# tests/data/sweep_search_links.json was recorded with the pages as they were before they were rebuilt
# on the page kit (``PYTHONPATH=. python tests/test_pages_sweep_search.py --record``; do not re-record it to make a
# test pass, that would defeat its purpose).  Each link holds what the page opened: the session value
# of every key the page reads from the link, the link it published, the numbers of every chart (as
# digests), the search table's values and the "open in Compare" query.  The Search page's third strategy (TPE)
# came later: its traces, its table row and the best-so-far chart are left out of the comparison (``_added``), so
# the links still open exactly the grid and random search they opened before; TPE has tests of its own.

LINKS_DATA = ROOT / "tests" / "data" / "sweep_search_links.json"
SMALL_SWEEP = {"sweep.nx": "16", "sweep.ny": "12"}
SAVED_LINKS = {
    "sweep": {
        "default": {},
        "clicked-cell": {"sweep.cell": "10,20"},
        "axes-ranges": {"sweep.x": "momentum", "sweep.y": "lr", "sweep.range.lr.low": "0.01",
                        "sweep.range.lr.high": "1.5", "sweep.range.momentum.low": "0.1",
                        "sweep.range.momentum.high": "0.9", "sweep.nx": "12", "sweep.ny": "10", "sweep.cell": "2,3"},
        "steps-tol-start": {**SMALL_SWEEP, "sweep.steps": "150", "sweep.tol": "0.001", "sweep.x0": "-4",
                            "sweep.y0": "1.5", "sweep.metric": "steps_to_tol"},
        "fixed-hyperparameters": {**SMALL_SWEEP, "sweep.y": "dampening", "sweep.sgd.momentum": "0.5",
                                  "sweep.sgd.weight_decay": "0.05", "sweep.sgd.clip_norm": "3",
                                  "sweep.metric": "divergence", "sweep.cell": "5,5"},
        "nesterov-refused": {**SMALL_SWEEP, "sweep.sgd.nesterov": "1", "sweep.sgd.dampening": "0.1"},
        "adam-beta2": {**SMALL_SWEEP, "sweep.optimizer": "adam", "sweep.y": "beta2", "sweep.adam.eps": "1e-06",
                       "sweep.steps": "100", "sweep.theory": "0", "sweep.cell": "3,4"},
        "noise": {**SMALL_SWEEP, "sweep.noisy": "1", "sweep.sigma": "2", "sweep.batch": "8", "sweep.seed": "3",
                  "sweep.cell": "4,6"},
        "batch-axis": {**SMALL_SWEEP, "sweep.y": "batch", "sweep.sigma": "2", "sweep.range.batch.high": "256"},
        "surface-params": {**SMALL_SWEEP, "sweep.surface": "quadratic", "sweep.quadratic.kappa": "50",
                           "sweep.quadratic.angle": "30", "sweep.metric": "rate"},
        "newton": {"sweep.optimizer": "newton", "sweep.surface": "rosenbrock", "sweep.nx": "12", "sweep.ny": "12",
                   "sweep.steps": "50", "sweep.newton.guard": "1", "sweep.cell": "6,6"},
        "custom-formula": {"sweep.surface": "custom", "sweep.expr": "(x - 1)**2 + 3*(y + 1)**2", "sweep.nx": "8",
                           "sweep.ny": "8", "sweep.steps": "50", "sweep.cell": "1,2"},
        "chinese": {"lang": "zh", **SMALL_SWEEP, "sweep.optimizer": "rmsprop", "sweep.cell": "7,7"},
    },
    "search": {
        "default": {},
        "controls": {"search.n": "10", "search.trial_seed": "5", "search.objective": "final_loss", "search.res": "16",
                     "search.zoom": "0.5", "search.zoom_on": "grid"},
        "zoomed": {"search.stage": "1", "search.range.lr.low": "0.05", "search.range.lr.high": "0.5",
                   "search.range.momentum.low": "0.5", "search.range.momentum.high": "0.95", "search.res": "16"},
        "adam": {"search.optimizer": "adam", "search.y": "eps", "search.steps": "200", "search.tol": "0.0001",
                 "search.res": "16", "search.n": "12"},
        "newton": {"search.optimizer": "newton", "search.surface": "rosenbrock", "search.rosenbrock.b": "20",
                   "search.res": "16", "search.n": "9", "search.steps": "40"},
        "custom-formula": {"search.surface": "custom", "search.expr": "x**2 + 10*y**2", "search.res": "16",
                           "search.x0": "2", "search.y0": "-1"},
        "noise": {"search.noisy": "1", "search.sigma": "0.5", "search.batch": "4", "search.seed": "2",
                  "search.sgd.weight_decay": "0.01", "search.sgd.clip_value": "5", "search.res": "16",
                  "search.n": "20"},
    },
}


def _digest(data) -> dict | None:
    """A chart array's shape, NaN count, sum and a digest of its values (12 significant digits)."""
    try:
        arr = values(data).astype(float)
    except (TypeError, ValueError):
        return None  # text (hovers, names): not data
    finite = arr[np.isfinite(arr)]
    rounded = np.array([float(f"{v:.12g}") for v in arr.ravel()])
    return {"shape": list(arr.shape), "nan": int(np.isnan(arr).sum()), "sum": float(finite.sum()),
            "sha": hashlib.sha256(rounded.tobytes()).hexdigest()[:16]}


ADDED_CHARTS = ("search.best_so_far",)


def _added(name) -> bool:
    """A trace or table row of TPE (its name says "TPE" in every language), added after the links were recorded."""
    return "TPE" in str(name)


def view_of(page: str, query: dict[str, str]) -> dict:
    """What ``page`` opens for ``query``: see the comment above SAVED_LINKS."""
    from tests.test_fuzz_urls import recording_reads

    at = AppTest.from_file(SWEEP if page == "sweep" else SEARCH, default_timeout=120)
    at.query_params.update(query)
    if "lang" in query:
        at.session_state["lang"] = query["lang"]
    with recording_reads() as keys:
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    prefix = f"{page}."
    session = {k: at.session_state[k] for k in sorted(keys) if k.startswith(prefix) and k in at.session_state}
    charts = []
    for chart in at.get("plotly_chart"):
        if chart.key in ADDED_CHARTS:
            continue
        spec = json.loads(chart.proto.spec)
        charts.append([{axis: _digest(d[axis]) for axis in ("x", "y", "z") if axis in d and _digest(d[axis])}
                       for d in spec["data"] if not _added(d.get("name"))])
    view = {"session": json.loads(json.dumps(session)), "link": dict(at.query_params), "charts": charts}
    if page == "search" and at.dataframe:
        view["table"] = [[str(v) for v in row] for row in at.dataframe[0].value.values.tolist() if not _added(row[0])]
    if at.get("link_button"):
        view["compare"] = link_query(at)
    return view


def test_saved_links_open_the_same_view():
    saved = json.loads(LINKS_DATA.read_text())
    problems = []
    for page, links in SAVED_LINKS.items():
        for name, query in links.items():
            before, now = saved[page][name], view_of(page, query)
            for part in ("session", "link", "table", "compare"):
                if before.get(part) != now.get(part):
                    problems.append(f"{page}/{name}: {part} was {before.get(part)} now {now.get(part)}")
            if len(before["charts"]) != len(now["charts"]):
                problems.append(f"{page}/{name}: {len(before['charts'])} charts, now {len(now['charts'])}")
                continue
            for k, (old, new) in enumerate(zip(before["charts"], now["charts"])):
                for trace_old, trace_new in zip(old, new):
                    for axis in trace_old:
                        a, b = trace_old[axis], trace_new.get(axis)
                        same = b is not None and a["shape"] == b["shape"] and a["nan"] == b["nan"] and (
                            a["sha"] == b["sha"] or np.isclose(a["sum"], b["sum"], rtol=1e-9, atol=1e-12))
                        if not same:
                            problems.append(f"{page}/{name}: chart {k} trace data {axis} was {a} now {b}")
                if len(old) != len(new):
                    problems.append(f"{page}/{name}: chart {k} has {len(new)} traces, was {len(old)}")
    assert not problems, "\n".join(problems)


if __name__ == "__main__" and "--record" in sys.argv:
    recorded = {page: {name: view_of(page, query) for name, query in links.items()}
                for page, links in SAVED_LINKS.items()}
    LINKS_DATA.write_text(json.dumps(recorded, indent=1, ensure_ascii=False) + "\n")
    print(f"recorded {sum(map(len, recorded.values()))} links in {LINKS_DATA}")
