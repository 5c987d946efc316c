"""Basins, Schedules and Noise in AppTest: controls, a simulated click, URL state, the CPU budget, and
Chinese charts, tables, labels and tooltips.

What every page owes (renders in both languages under its title, a bad link value gets a notice) is in
tests/test_all_pages.py; the links that worked before the pages moved to the page kit, bad values
included, are in tests/test_landscape_links.py.
"""

from __future__ import annotations

import json
import re
import resource
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from optimizers import schedules
from viz.schedules import series_style

ROOT = Path(__file__).resolve().parent.parent
BASINS = str(ROOT / "app_pages" / "basins.py")
SCHEDULES = str(ROOT / "app_pages" / "schedules.py")
NOISE = str(ROOT / "app_pages" / "noise.py")


def run_page(
    path: str, query: dict | None = None, lang: str | None = None, state: dict | None = None
) -> AppTest:
    at = AppTest.from_file(path, default_timeout=60)
    if query:
        at.query_params.update(query)
    if lang:
        at.session_state["lang"] = lang
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def query(at: AppTest) -> dict[str, str]:
    """The page's query string as plain strings (AppTest keeps a value or a list of values per key)."""
    return {k: v if isinstance(v, str) else v[-1] for k, v in at.query_params.items()}


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def names(fig: dict) -> list[str]:
    return [d.get("name") or "" for d in fig["data"]]


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error")
        for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


def no_missing_strings(at: AppTest) -> None:
    """No ``⟦key⟧`` (a catalogue key without text) in the texts, tables, charts or widgets of a run."""
    parts = [texts(at), *(chart.proto.spec for chart in at.get("plotly_chart"))]
    parts += [df.value.to_string() for df in at.dataframe]
    for kind in ("radio", "selectbox", "multiselect", "select_slider", "number_input", "checkbox", "toggle"):
        for widget in getattr(at, kind):
            parts.append(str(widget.label))
            parts += [str(o) for o in getattr(widget, "options", [])]
    blob = "\n".join(parts)
    assert "⟦" not in blob, blob[blob.index("⟦") - 80 : blob.index("⟦") + 80]


# -------------------------------------------------------------------------------------------- basins

FAST_BASINS = {"basins.resolution": "32", "basins.steps": "150"}


def test_basins_default_map_shows_himmelblau_four_basins():
    at = run_page(BASINS)
    (fig,) = figures(at)
    assert fig["data"][0]["type"] == "heatmap"
    legend = [n for n in names(fig) if n[:2] in ("1:", "2:", "3:", "4:")]
    assert len(legend) == 4 and all("minimum" in n for n in legend)
    # "no minimum" and "diverged" are named, not shown by their codes 0 and -1 (no basin has that number)
    assert any(n.startswith("diverged · ") for n in names(fig))
    assert any(n.startswith("no minimum reached · ") for n in names(fig))
    assert not any(n.startswith(("0:", "-1:")) for n in names(fig))
    table = at.dataframe[0].value
    assert len(table) == 6  # four minima, "no minimum", "diverged"
    basins = list(table.iloc[:, 0])
    assert basins == ["1", "2", "3", "4", "no minimum reached", "diverged"]
    assert not at.error and not at.warning
    no_missing_strings(at)


def test_basins_controls_steps_mode_loss_mode_and_rastrigin():
    at = run_page(BASINS, FAST_BASINS)
    at.radio(key="basins.mode").set_value("steps").run()
    assert not at.exception
    fig = figures(at)[0]
    assert any(d.get("colorbar") for d in fig["data"])
    assert "Median steps" in at.dataframe[0].value.columns
    assert query(at)["basins.mode"] == "steps"
    at.select_slider(key="basins.every").set_value(10).run()
    assert "measured every 10 steps" in texts(at)
    at.radio(key="basins.mode").set_value("loss").run()
    assert not at.exception and figures(at)[0]["data"][1]["type"] == "heatmap"
    at.selectbox(key="basins.surface").set_value("rastrigin").run()
    at.number_input(key="basins.sgd.lr").set_value(
        0.004
    ).run()  # stable in Rastrigin's dips (curvature ≈ 400)
    at.radio(key="basins.mode").set_value("minimum").run()
    assert not at.exception
    assert any("minima: colours are reused" in n for n in names(figures(at)[0]))  # Rastrigin's many dips
    found = [v for v in at.dataframe[0].value.iloc[:, 1] if str(v).startswith("●")]
    assert len(found) > 20  # local minima the runs found, beyond the one Rastrigin lists
    at.selectbox(key="basins.optimizer").set_value("adam").run()
    at.number_input(key="basins.adam.lr").set_value(0.05).run()
    assert not at.exception
    assert query(at)["basins.adam.lr"] == "0.05"


def test_basins_click_draws_the_path_and_goes_in_the_link():
    at = run_page(BASINS, FAST_BASINS)
    at.session_state["basins.map"] = {"selection": {"points": [{"x": 2.5, "y": 1.5, "curve_number": 9}]}}
    at.run()
    assert not at.exception
    assert any(n == "path from the clicked start" for n in names(figures(at)[0]))
    assert "The path from (2.5, 1.5) ends at (3, 2)" in texts(at)
    assert query(at)["basins.probe"] == "2.5,1.5"
    at.button(key="basins.clear").click().run()
    assert "basins.probe" not in query(at)
    assert "path from the clicked start" not in names(figures(at)[0])


def test_basins_url_round_trip():
    wanted = {
        "basins.surface": "six_hump_camel",
        "basins.sgd.lr": "0.02",
        "basins.steps": "120",
        "basins.resolution": "64",
        "basins.mode": "loss",
        "basins.tol": "2",
        "basins.discover": "0",
        "basins.probe": "-1,0.5",
    }
    at = run_page(BASINS, wanted)
    assert at.selectbox(key="basins.surface").value == "six_hump_camel"
    assert at.number_input(key="basins.steps").value == 120
    assert at.select_slider(key="basins.resolution").value == 64
    assert at.radio(key="basins.mode").value == "loss"
    assert at.toggle(key="basins.discover").value is False
    assert "The path from (-1, 0.5)" in texts(at)
    assert {k: query(at).get(k) for k in wanted} == wanted  # what came in is what a copied link carries
    assert not at.warning


def test_basins_a_bad_clicked_point_in_a_link_gets_a_notice_and_no_path():
    at = run_page(BASINS, {**FAST_BASINS, "basins.probe": "here"})
    assert any("basins.probe" in w.value and "here" in w.value for w in at.warning)
    assert at.session_state["basins.probe"] is None
    assert "path from the clicked start" not in names(figures(at)[0])
    at = run_page(BASINS, {**FAST_BASINS, "basins.probe": "1,nan"})
    assert any("basins.probe" in w.value for w in at.warning)


def cpu_run(path: str, query: dict, lang: str | None = None) -> tuple[AppTest, float]:
    """One run of a page and the process CPU seconds it took (every thread: AppTest runs the script in one)."""
    at = AppTest.from_file(path, default_timeout=60)
    at.query_params.update(query)
    if lang:
        at.session_state["lang"] = lang
    before = resource.getrusage(resource.RUSAGE_SELF)
    at.run()
    after = resource.getrusage(resource.RUSAGE_SELF)
    assert not at.exception, [e.value for e in at.exception]
    return at, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


# CPU seconds a rerun may take here: 4 s of budgeted work, the page, a first formula parse, a noisy machine
CPU_LIMIT = 8.0
HEAVY = "*".join(f"asin((x+{d}*y)/{40 + d})" for d in range(12))  # the heaviest Hessian a formula may have
HEAVY_BASINS = {"basins.surface": "custom", "basins.expr": HEAVY, "basins.optimizer": "newton",
                "basins.resolution": "256", "basins.steps": "2000"}


@pytest.mark.slow  # spends its page's whole CPU budget on purpose
def test_basins_a_long_map_shows_the_rows_that_fit_and_says_so():
    at, seconds = cpu_run(BASINS, {**HEAVY_BASINS, "basins.steps": "300"})
    assert seconds <= CPU_LIMIT, seconds
    notices = [w.value for w in at.warning if w.value.startswith("Computed ")]
    assert notices and "of 256 rows of the map" in notices[0] and "coarser grid" in notices[0]
    assert figures(at)  # the rows computed, spread over the view


def test_basins_refuses_a_map_that_would_take_far_too_long():
    at, seconds = cpu_run(BASINS, {**HEAVY_BASINS, "basins.mode": "steps", "basins.every": "1"})
    assert seconds <= CPU_LIMIT, seconds
    assert any(e.value.startswith("This would take about") and "coarser grid" in e.value for e in at.error)
    assert not at.get("plotly_chart")
    assert at.number_input(key="basins.steps").value == 2000  # the settings are kept


def test_basins_in_chinese():
    at = run_page(BASINS, FAST_BASINS, lang="zh")
    assert any("极小值" in n for n in names(figures(at)[0]))
    no_missing_strings(at)
    # a second run of a page drawn in Chinese fails in AppTest, which formats the selectboxes' options
    # outside the run, in English: the steps view gets a session of its own, set before its first run
    at = run_page(BASINS, FAST_BASINS, lang="zh", state={"basins.mode": "steps"})
    assert "稳定所需步数" in texts(at)
    no_missing_strings(at)


# ----------------------------------------------------------------------------------------- schedules


def test_schedules_overview_has_every_schedule_and_the_notes_list():
    at = run_page(SCHEDULES)
    overview, path_a, path_b, loss, lr = figures(at)
    # the closed forms (plateau follows a run: it is on Compare) plus "warmup, then a schedule"
    assert len(overview["data"]) == len(schedules.names(closed_form=True)) + 1
    shown = " ".join(names(overview))
    for wanted in (
        "Step decay (piecewise",
        "Inverse time",
        "Exponential decay",
        "Natural exponential",
        "Cosine annealing",
        "Warmup",
        "Cyclic",
        "SGDR",
    ):
        assert wanted in shown
    assert len(at.get("latex")) == len(schedules.names(closed_form=True)) + 1
    notes = at.dataframe[0].value
    assert len(notes) == 7 and "Learning-rate warmup" in notes.iloc[:, 0].tolist()
    assert names(path_a)[2] == "A · Constant" and names(path_b)[2] == "B · Cosine annealing"
    assert names(loss)[:2] == ["A · Constant", "B · Cosine annealing"]
    no_missing_strings(at)
    assert len(lr["data"][0]["y"]) == 100 or lr["data"][0]["y"]  # one rate per update


def test_schedules_controls():
    at = run_page(SCHEDULES)
    at.number_input(key="schedules.horizon").set_value(500).run()
    at.toggle(key="schedules.logy").set_value(True).run()
    assert not at.exception
    overview = figures(at)[0]
    assert overview["layout"]["yaxis"]["type"] == "log"
    at.multiselect(key="schedules.shown").set_value(["cosine", "warmup"]).run()
    assert len(figures(at)[0]["data"]) == 2
    at.toggle(key="schedules.panels").set_value(True).run()
    panels = figures(at)[0]
    assert [d["xaxis"] for d in panels["data"]] == ["x", "x2"]  # one small chart each
    at.toggle(key="schedules.panels").set_value(False).run()
    at.selectbox(key="schedules.a").set_value("cyclic").run()
    at.selectbox(key="schedules.b").set_value("warmup").run()
    at.number_input(key="schedules.p.cosine.T_max").set_value(50).run()
    at.number_input(key="schedules.noise").set_value(0.0).run()
    assert not at.exception
    assert names(figures(at)[3])[:2] == ["A · Cyclic learning rate (CLR)", "B · Warmup, then a schedule"]
    assert query(at)["schedules.p.cosine.T_max"] == "50"
    at.text_input(key="schedules.p.multistep.milestones").input("80, 40").run()
    assert any("Multi-step" in e.value and "increasing" in e.value for e in at.error)
    assert not at.exception


def test_schedules_url_round_trip_and_bad_values():
    wanted = {
        "schedules.horizon": "300",
        "schedules.shown": "step,cosine_restarts",
        "schedules.a": "exponential",
        "schedules.b": "one_cycle",
        "schedules.p.exponential.gamma": "0.9",
        "schedules.steps": "80",
        "schedules.p.multistep.milestones": "10, 20, 30",
    }
    at = run_page(SCHEDULES, wanted)
    assert at.multiselect(key="schedules.shown").value == ["step", "cosine_restarts"]
    assert len(figures(at)[0]["data"]) == 2
    assert {k: query(at).get(k) for k in wanted} == wanted
    assert not at.warning
    at = run_page(
        SCHEDULES,
        {
            "schedules.horizon": "0",
            "schedules.shown": "step,bogus",
            "schedules.a": "nope",
            "schedules.p.multistep.milestones": "5,1",
            "schedules.p.step.step_size": "1e9",
        },
    )
    notices = "\n".join(w.value for w in at.warning)
    for key in (
        "schedules.horizon",
        "schedules.shown",
        "schedules.a",
        "schedules.p.multistep.milestones",
        "schedules.p.step.step_size",
    ):
        assert key in notices
    assert len(figures(at)) == 5


def test_schedules_in_chinese():
    at = run_page(SCHEDULES, lang="zh")
    assert "余弦退火" in " ".join(names(figures(at)[0]))
    no_missing_strings(at)


# --------------------------------------------------------------------------------------------- noise


def test_noise_default_shows_the_seeds_point():
    at = run_page(NOISE)
    paths, loss, sweep = figures(at)
    assert [n for n in names(loss) if n.startswith("B =") and "band" not in n] == [
        "B = 1",
        "B = 4",
        "B = 16",
        "B = 64",
    ]
    table = at.dataframe[0].value
    deviation = [float(v) for v in table.iloc[:, 4]]
    assert deviation == sorted(deviation, reverse=True)  # smaller batch: further from the noise-free path
    best = [float(v) for v in at.dataframe[1].value.iloc[:, 1]]
    assert best == sorted(best) and best[-1] > best[0]  # bigger batch: a bigger best learning rate
    assert "best learning rate" in names(sweep)
    no_missing_strings(at)


def test_noise_controls_scale_lr_and_examples_axis():
    at = run_page(NOISE)
    at.toggle(key="noise.scale").set_value(True).run()
    assert not at.exception
    lrs = [float(v) for v in at.dataframe[0].value.iloc[:, 2]]
    assert lrs == pytest.approx([0.2 * b / 16 for b in (1, 4, 16, 64)])
    at.selectbox(key="noise.base").set_value(64).run()
    assert float(at.dataframe[0].value.iloc[0, 2]) == pytest.approx(0.2 / 64, rel=1e-3)
    at.radio(key="noise.xaxis").set_value("examples").run()
    loss = figures(at)[1]
    assert loss["layout"]["xaxis"]["type"] == "log"
    at.multiselect(key="noise.batches").set_value([2, 32]).run()
    at.number_input(key="noise.seeds").set_value(4).run()
    at.number_input(key="noise.sigma").set_value(1.0).run()
    assert not at.exception
    assert [n for n in names(figures(at)[1]) if n.startswith("B =") and "band" not in n] == [
        "B = 2",
        "B = 32",
    ]
    assert query(at)["noise.batches"] == "2,32"
    at.select_slider(key="noise.lr_low").set_value(1.0).run()
    at.select_slider(key="noise.lr_high").set_value(0.1).run()
    assert any("lowest learning rate below the highest" in e.value for e in at.error)
    at.multiselect(key="noise.batches").set_value([]).run()
    assert any("at least one batch size" in e.value for e in at.error)
    assert not at.exception


def test_noise_url_round_trip_and_bad_values():
    wanted = {
        "noise.batches": "1,8,64",
        "noise.sigma": "3",
        "noise.seeds": "8",
        "noise.scale": "1",
        "noise.base": "8",
        "noise.xaxis": "examples",
        "noise.steps": "60",
        "noise.lr_low": "0.01",
        "noise.lr_high": "0.5",
    }
    at = run_page(NOISE, wanted)
    assert at.multiselect(key="noise.batches").value == [1, 8, 64]
    assert at.toggle(key="noise.scale").value is True
    assert {k: query(at).get(k) for k in wanted} == wanted
    assert not at.warning
    at = run_page(
        NOISE,
        {
            "noise.batches": "3,5",
            "noise.sigma": "-1",
            "noise.seeds": "1000",
            "noise.lr_low": "0.3",
            "noise.xaxis": "time",
        },
    )
    notices = "\n".join(w.value for w in at.warning)
    for key in ("noise.batches", "noise.sigma", "noise.seeds", "noise.lr_low", "noise.xaxis"):
        assert key in notices
    assert len(figures(at)) == 3


@pytest.mark.slow  # spends its page's whole CPU budget on purpose
def test_noise_heavy_link_stays_within_its_time_limit_and_keeps_colours_per_batch_size():
    # Newton with the heaviest formula, 1000 steps × 32 seeds × 8 batch sizes took 17 s before the budget
    at, seconds = cpu_run(NOISE, {"noise.surface": "custom", "noise.expr": HEAVY, "noise.optimizer": "newton",
                                  "noise.steps": "1000", "noise.seeds": "32",
                                  "noise.batches": "1,2,4,8,16,32,64,128"})
    assert seconds <= CPU_LIMIT, seconds
    notices = [w.value for w in at.warning if w.value.startswith("Computed ")]
    assert notices and all("batch sizes" in n and "fewer steps, seeds or batch sizes" in n for n in notices)
    sweep = figures(at)[-1]
    shown = [d for d in sweep["data"] if str(d.get("name", "")).startswith("B = ")]
    assert 0 < len(shown) < 8
    # a batch size keeps its colour whichever others ran: B = 1 (always run first) has the first colour
    one = next(d for d in shown if d["name"] == "B = 1")
    assert series_style(0)[0] in json.dumps(one)


def test_noise_in_chinese():
    at = run_page(NOISE, lang="zh")
    assert "无噪声路径" in names(figures(at)[0])
    no_missing_strings(at)


# ------------------------------------------------------------------------------------ all three pages

CONTROLS = ("slider", "select_slider", "number_input", "selectbox", "radio", "multiselect", "checkbox", "toggle",
            "text_input")
CJK = re.compile(r"[\u4e00-\u9fff]")
# options that are proper names in every language: optimizers (SGD, Adam …) and batch sizes (numbers)
NAMED_OPTIONS = ("optimizer", "batches", "base", "resolution", "every", "lr_low", "lr_high")
# a view of each page with its choice-valued and optional controls shown
ZH_VIEWS = [
    (BASINS, {**FAST_BASINS, "basins.surface": "rastrigin", "basins.optimizer": "adam"}),
    (NOISE, {"noise.seeds": "4", "noise.surface": "quadratic", "noise.scale": "1"}),
    (SCHEDULES, {"schedules.surface": "rosenbrock", "schedules.optimizer": "newton"}),
]


@pytest.mark.parametrize("path", [BASINS, NOISE, SCHEDULES], ids=lambda p: Path(p).stem)
def test_every_control_is_in_the_sidebar(path):
    at = run_page(path)
    in_main = [(kind, w.key) for kind in CONTROLS for w in getattr(at.main, kind)]
    assert not in_main, in_main
    assert len([w for kind in CONTROLS for w in getattr(at.sidebar, kind)]) > 10


@pytest.mark.parametrize(("path", "link"), ZH_VIEWS, ids=lambda v: Path(v).stem if isinstance(v, str) else "")
def test_in_chinese_every_label_tooltip_and_option_is_chinese(path, link):
    """Labels and tooltips of every control, the pages' own, the surface's, the optimizer's and each
    schedule's (from ui/spec_text), and the options of every choice that is not a name or a number."""
    at = run_page(path, link, lang="zh")
    english = []
    for kind in CONTROLS:
        for w in getattr(at, kind):
            label = str(w.label).removesuffix(" =")  # a log control's exact-value box repeats its label
            if not CJK.search(label):
                english.append(f"{w.key} label {label!r}")
            if w.help and not CJK.search(str(w.help)):
                english.append(f"{w.key} help {str(w.help)[:60]!r}")
            if kind in ("selectbox", "radio", "multiselect") and not str(w.key).endswith(NAMED_OPTIONS):
                english += [f"{w.key} option {o!r}" for o in w.options if not CJK.search(str(o))]
    assert not english, "\n".join(english)
