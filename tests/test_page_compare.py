"""The Compare page in AppTest: every control path, the URL round trip, bad links, both languages.

Figures are read back from the chart elements (``proto.spec``).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import optimizers
import surfaces
from comparison import codec as K
from comparison import config as C
from comparison.presets import PRESETS
from optimizers import schedules
from ui.strings import CATALOGUE
from viz.spec import decode

PAGE = str(Path(__file__).resolve().parent.parent / "app_pages" / "compare.py")


def app(query: dict | None = None, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    if lang:
        at.session_state["lang"] = lang
    at.run()
    assert not at.exception, at.exception[0].value
    return at


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception[0].value
    return at


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def main_figure(at: AppTest) -> dict:
    return next(spec for spec in charts(at) if "frames" in spec)


def path_names(spec: dict) -> list[str]:
    return [
        t["name"]
        for t in spec["data"]
        if t.get("xaxis") == "x"
        and t.get("mode", "").startswith("lines")
        and t.get("showlegend", True)
        and t.get("legendgroup") == t.get("name")
    ]


def lr_trace(spec: dict, index: int) -> np.ndarray:
    """The rates run ``index`` used (its trace's customdata: on a log axis a rate of 0 is drawn lower)."""
    return decode(
        [t for t in spec["data"] if t.get("xaxis") == "x3" and t.get("mode") == "lines"][index]["customdata"]
    )


def open_panel(at: AppTest, i: int) -> AppTest:
    at.session_state[f"_compare.exp.{i}"] = True
    return rerun(at)


def test_default_view_is_the_book_figure_with_everything_on_it():
    at = app()
    spec = main_figure(at)
    assert path_names(spec) == C.DEFAULT.labels()
    assert any(t.get("name") == "minimum" for t in spec["data"])
    assert len(spec["frames"]) == 31 and spec["layout"]["images"]
    table = at.dataframe[0].value
    assert list(table["optimizer"]) == C.DEFAULT.labels()
    assert dict(at.query_params) == {}
    assert any("Zig-zag" in i.value for i in at.info)
    assert "sgd" in " ".join(m.value for m in at.markdown).lower()  # update rules tab is open by default
    assert len(at.get("latex")) >= 4


def test_every_optimizer_kind_can_be_chosen():
    at = open_panel(app(), 0)
    for kind in C.KINDS:
        at.selectbox(key="compare.o0.kind").set_value(kind)
        rerun(at)
        label = path_names(main_figure(at))[0]
        assert label.startswith(f"1. {C.KINDS[kind].title} ("), label
        assert at.session_state["compare.o0.lr"] == K.param_default(surfaces.get("book_quadratic"), kind, "lr", 0)
        if kind != "sgd":
            assert at.query_params["compare.o0.kind"] == kind


def test_hyperparameter_widgets_come_from_the_specs_and_change_the_run():
    at = open_panel(app(), 3)  # Adam
    keys = {
        w.key for w in list(at.slider) + list(at.number_input) + list(at.checkbox) + list(at.select_slider)
    }
    for name in ("lr", "beta1", "beta2", "eps", "weight_decay", "amsgrad", "clip_value", "clip_norm"):
        assert f"compare.o3.{name}" in keys, name
    at.number_input(key="compare.o3.lr").set_value(0.05)
    rerun(at)
    assert path_names(main_figure(at))[3] == "4. Adam (lr=0.05)"
    assert at.query_params["compare.o3.lr"] == "0.05"
    at.checkbox(key="compare.o3.amsgrad").check()
    rerun(at)
    assert "amsgrad=on" in path_names(main_figure(at))[3]


def test_every_schedule_shapes_the_learning_rate_it_plots():
    at = open_panel(app(), 0)
    for name in schedules.names(closed_form=True):  # plateau follows the run: see the next test
        at.selectbox(key="compare.o0.sched").set_value(name)
        rerun(at)
        # a horizon (cosine's T_max, one-cycle's total_steps ...) follows the run's 30 steps
        expected = 0.95 * C.ScheduleConfig(name).for_run(30).build().values(30)
        np.testing.assert_allclose(lr_trace(main_figure(at), 0), expected, err_msg=name)
    at.number_input(key="compare.o0.s.warmup_steps").set_value(10)
    rerun(at)
    lr = lr_trace(main_figure(at), 0)
    assert lr[0] == 0 and lr[5] == pytest.approx(0.95 * C.ScheduleConfig(name).for_run(20).build().values(1)[0] * 0.5)


def test_reduce_on_plateau_plots_the_rates_the_run_used():
    at = open_panel(app(), 3)  # Adam, lr 0.3 on the book's quadratic
    at.selectbox(key="compare.o3.sched").set_value("plateau")
    rerun(at)
    at.number_input(key="compare.o3.s.patience").set_value(1)
    rerun(at)
    run = optimizers.run(surfaces.get("book_quadratic"), optimizers.get("adam", lr=0.3), (-7.0, 2.0), 30,
                         schedule=schedules.get("plateau", patience=1))
    plotted = lr_trace(main_figure(at), 3)
    np.testing.assert_allclose(plotted, run.lr[:, 0])
    assert len(np.unique(plotted)) > 1  # the rate was cut during these 30 steps
    at.number_input(key="compare.o3.s.warmup_steps").set_value(5)
    rerun(at)
    assert any("no warmup" in e.value for e in at.error)


def test_torchs_remaining_optimizers_run_with_asgds_average_and_l_bfgss_evaluations():
    at = open_panel(app(), 0)
    at.selectbox(key="compare.o0.kind").set_value("asgd")
    rerun(at)
    at.number_input(key="compare.o0.t0").set_value(0)
    rerun(at)
    spec = main_figure(at)
    label = path_names(spec)[0]
    averaged = [t for t in spec["data"] if t.get("name") == f"{label}: average of the points (ā)"]
    assert len(averaged) == 1 and averaged[0]["line"]["dash"] == "dash"
    run = optimizers.run(surfaces.get("book_quadratic"), optimizers.get("asgd", lr=0.1, t0=0), (-7.0, 2.0), 30)
    np.testing.assert_allclose(decode(averaged[0]["x"]), run.paths["ax"][:, 0, 0])
    at.selectbox(key="compare.o0.kind").set_value("lbfgs")
    rerun(at)
    table = at.dataframe[0].value
    run = optimizers.run(surfaces.get("book_quadratic"), optimizers.get("lbfgs"), (-7.0, 2.0), 30)
    assert table["evaluations"].iloc[0] == str(run.evaluations[:, 0].sum())
    assert int(table["evaluations"].iloc[1]) == 30  # Momentum: one gradient per step
    for kind in ("rprop", "adafactor"):
        at.selectbox(key="compare.o0.kind").set_value(kind)
        rerun(at)
        assert path_names(main_figure(at))[0].startswith(f"1. {C.KINDS[kind].title} (")


def test_milestones_are_typed_and_a_bad_list_is_refused_kindly():
    at = open_panel(app(), 0)
    at.selectbox(key="compare.o0.sched").set_value("multistep")
    rerun(at)
    at.text_input(key="compare.o0.s.milestones").input("5, 10")
    rerun(at)
    np.testing.assert_allclose(lr_trace(main_figure(at), 0)[[4, 5, 10]], [0.95, 0.095, 0.0095])
    at.text_input(key="compare.o0.s.milestones").input("10, 5")
    rerun(at)
    assert at.error and "milestones" in at.error[0].value


@pytest.mark.parametrize("name", list(PRESETS))
def test_each_preset_is_one_click(name):
    at = app({"compare.steps": "7"})
    at.button(key=f"_compare.preset.{name}").click()
    rerun(at)
    cfg = PRESETS[name].config
    assert at.session_state["compare.surface"] == cfg.surface
    assert path_names(main_figure(at)) == cfg.labels()
    assert any(CATALOGUE[f"compare.preset.{name}"]["en"] in i.value for i in at.info)
    assert at.session_state["compare.steps"] == cfg.steps


def test_url_round_trip_restores_the_same_view():
    at = app()
    at.button(key="_compare.preset.beale").click()
    rerun(at)
    at.session_state["compare.o1.lr"] = 0.002
    at.session_state["compare.batch"] = 16
    at.session_state["compare.seed"] = 3
    rerun(at)
    query = {k: at.query_params[k] for k in at.query_params}
    assert (
        query["compare.surface"] == "beale"
        and query["compare.batch"] == "16"
        and query["compare.o1.lr"] == "0.002"
    )
    again = app(query)
    first, second = main_figure(at), main_figure(again)
    assert path_names(first) == path_names(second)
    assert first["frames"][-1]["data"][0] == second["frames"][-1]["data"][0]
    assert {k: again.query_params[k] for k in again.query_params} == query


def test_bad_link_values_fall_back_with_a_notice_and_no_traceback():
    at = app(
        {
            "compare.steps": "lots",
            "compare.o0.lr": "-1",
            "compare.o1.kind": "teleport",
            "compare.n": "99",
            "compare.surface": "moon",
            "compare.batch": "3",
            "compare.x0": "nan",
        }
    )
    warnings = " ".join(w.value for w in at.warning)
    for key in (
        "compare.steps",
        "compare.o0.lr",
        "compare.o1.kind",
        "compare.n",
        "compare.surface",
        "compare.batch",
        "compare.x0",
    ):
        assert key in warnings, key
    assert at.session_state["compare.steps"] == 30 and at.session_state["compare.n"] == 4
    assert path_names(main_figure(at)) == C.DEFAULT.labels()


def test_language_switch_changes_the_labels():
    at = app(lang="zh")
    assert at.header[0].value == CATALOGUE["compare.title"]["zh"]
    spec = main_figure(at)
    assert spec["layout"]["yaxis3"]["title"]["text"] == "学习率"
    assert any("播放" in b["label"] for b in spec["layout"]["updatemenus"][0]["buttons"])
    assert any(CATALOGUE["compare.preset.zigzag"]["zh"] in i.value for i in at.info)


def test_add_and_remove_optimizers():
    at = app()
    at.button(key="_compare.add").click()
    rerun(at)
    names = path_names(main_figure(at))
    assert len(names) == 5 and names[4].startswith("5. RMSprop")  # the first kind not yet on the page
    at = open_panel(at, 0)
    at.button(key="_compare.remove.0").click()
    rerun(at)
    names = path_names(main_figure(at))
    assert names[0] == "1. Momentum (lr=0.1)" and len(names) == 4
    # the others keep their slots (ids 1..4): their keys and colours do not move
    assert "compare.n" not in at.query_params and at.query_params["compare.slots"] == "1,2,3,4"
    link, notices = K.decode({k: at.query_params[k] for k in at.query_params})
    assert not notices and [o.kind for o in link.config.optimizers] == ["momentum", "adagrad", "adam", "rmsprop"]


def test_clicking_the_map_moves_the_start():
    at = app()
    assert not any(t.get("name") == "click to start here" for t in main_figure(at)["data"])
    at.toggle(key="compare.pick").set_value(True)
    rerun(at)
    assert main_figure(at)["data"][0]["name"] == "click to start here"
    at.session_state["_compare.map"] = {
        "selection": {"points": [{"x": 3.14159, "y": -2.5, "curve_number": 0}]}
    }
    rerun(at)
    assert (at.session_state["compare.x0"], at.session_state["compare.y0"]) == (3.14, -2.5)
    start = next(t for t in main_figure(at)["data"] if t.get("name") == "start")
    assert (start["x"], start["y"]) == ([3.14], [-2.5])
    # a click on the loss chart (not a map trace) is ignored
    loss_trace = next(i for i, t in enumerate(main_figure(at)["data"]) if t.get("xaxis") == "x2")
    at.session_state["_compare.map"] = {
        "selection": {"points": [{"x": 7, "y": 1.0, "curve_number": loss_trace}]}
    }
    rerun(at)
    assert at.session_state["compare.x0"] == 3.14


def test_noise_as_batch_size_and_its_seed():
    at = app()
    at.select_slider(key="compare.batch").set_value(16)
    rerun(at)
    assert any("σ" in c.value for c in at.caption)
    noisy = main_figure(at)["frames"][-1]["data"][0]["x"]
    at.number_input(key="compare.seed").set_value(5)
    rerun(at)
    assert main_figure(at)["frames"][-1]["data"][0]["x"] != noisy


def test_one_shared_schedule():
    at = app()
    at.toggle(key="compare.shared").set_value(True)
    rerun(at)
    at.selectbox(key="compare.sched").set_value("exponential")
    rerun(at)
    spec = main_figure(at)
    for i, lr in enumerate((0.95, 0.1, 1.5, 0.3)):
        np.testing.assert_allclose(lr_trace(spec, i), lr * 0.97 ** np.arange(30))


def test_a_run_that_leaves_the_view_is_named_and_keeps_its_final_loss():
    at = app()
    at.button(key="_compare.preset.too_high").click()
    rerun(at)
    assert [line.split(" left the view")[0] for w in at.warning for line in w.value.split("  \n")
            if "left the view at step" in line] == [
        "4\\. SGD (lr=1.2)"]  # (Markdown-escaped)
    table = at.dataframe[0].value
    assert (table["left_view_at"] != "—").sum() == 1 and (table["diverged_at"] == "—").all()
    assert (table["final_loss"] != "—").all()  # every run that has a final loss shows it


def test_numerical_divergence_is_flagged_on_the_map_and_below_it():
    at = app({"compare.surface": "rosenbrock", "compare.o0.lr": "0.01", "compare.v": "2"})
    assert any("diverged numerically at step" in w.value for w in at.warning)
    assert any("diverged at step" in note["text"] for note in main_figure(at)["layout"]["annotations"])
    assert (at.dataframe[0].value["diverged_at"] != "—").sum() == 1


def test_3d_view_and_share_tab():
    at = app({"compare.view": "3d"})
    specs = charts(at)
    assert any(t["type"] == "surface" for spec in specs for t in spec["data"])
    at = app({"compare.view": "share", "compare.steps": "12"})
    assert any("compare.steps=12" in c.value for c in at.code)
    assert len(at.get("download_button")) == 2


# ------------------------------------------------------------------------------ slots with ids


def path_colours(spec: dict) -> dict[str, str]:
    """Each path's colour by its label without the number ("SGD (lr=0.95)")."""
    return {name.split(". ", 1)[1]: t["line"]["color"] for name in path_names(spec)
            for t in spec["data"] if t.get("name") == name and t.get("mode", "").startswith("lines")}


def test_removing_slot_1_of_4_keeps_the_others_ids_colours_and_keys_and_adding_takes_a_new_id():
    at = app()
    at.session_state["compare.o3.lr"] = 0.05  # a value set in slot 3 before the removal
    rerun(at)
    colours = path_colours(main_figure(at))
    kept = {k: at.session_state[k] for k in at.session_state
            if k.startswith(("compare.o0.", "compare.o2.", "compare.o3.")) and "~" not in k}
    at = open_panel(at, 1)
    at.button(key="_compare.remove.1").click()
    rerun(at)
    assert at.session_state["compare.slots"] == (0, 2, 3)
    after = path_colours(main_figure(at))
    assert after == {k: v for k, v in colours.items() if not k.startswith("Momentum")}
    assert {k: at.session_state[k] for k in kept} == kept
    assert not [k for k in at.session_state if k.startswith("compare.o1.")]
    assert at.query_params["compare.slots"] == "0,2,3" and at.query_params["compare.o3.lr"] == "0.05"
    at.button(key="_compare.add").click()
    rerun(at)
    (new,) = set(at.session_state["compare.slots"]) - {0, 2, 3}
    assert at.session_state["compare.slots"] == (0, 2, 3, new)
    again = path_colours(main_figure(at))
    assert {k: again[k] for k in after} == after and len(set(again.values())) == 4
    assert {k: at.session_state[k] for k in kept} == kept


def test_back_and_forward_restore_the_whole_view_the_url_describes():
    beale = K.query_for(PRESETS["beale"].config)
    at = app()
    at.button(key="_compare.preset.beale").click()
    rerun(at)
    assert dict(at.query_params) == beale
    for key in list(at.query_params):  # Back: the default view's address
        del at.query_params[key]
    rerun(at)
    assert path_names(main_figure(at)) == C.DEFAULT.labels()
    at.query_params.update(beale)  # Forward
    rerun(at)
    assert dict(at.query_params) == beale
    assert path_names(main_figure(at)) == PRESETS["beale"].config.labels()


def test_a_lesson_survives_a_visit_to_another_page():
    at = AppTest.from_file(str(Path(PAGE).parent.parent / "app.py"), default_timeout=60).run()
    at.switch_page("app_pages/compare.py").run()
    at.button(key="_compare.preset.beale").click().run()
    beale = K.query_for(PRESETS["beale"].config)
    assert {k: at.query_params[k] for k in at.query_params} == beale
    at.switch_page("app_pages/noise.py").run()
    assert not at.exception
    at.switch_page("app_pages/compare.py").run()
    assert not at.exception
    assert {k: at.query_params[k] for k in at.query_params} == beale
    assert path_names(main_figure(at)) == PRESETS["beale"].config.labels()


def test_the_link_is_what_the_codec_writes_for_the_view_shown():
    at = app()
    at.button(key="_compare.preset.warmup_cosine").click()
    rerun(at)
    at = open_panel(at, 2)
    at.button(key="_compare.remove.2").click()
    rerun(at)
    at.toggle(key="compare.shared").set_value(True)
    rerun(at)
    at.selectbox(key="compare.sched").set_value("step")
    rerun(at)
    at.select_slider(key="compare.batch").set_value(16)
    rerun(at)
    config = K.config_from_state(at.session_state)
    assert path_names(main_figure(at)) == config.labels()
    assert {k: at.query_params[k] for k in at.query_params} == K.query_for(config)


def test_labels_and_tooltips_come_from_the_catalogue_in_chinese():
    at = open_panel(app({"compare.surface": "rosenbrock"}, lang="zh"), 0)
    assert CATALOGUE["param.opt.lr"]["zh"] in at.select_slider(key="compare.o0.lr~slider").label
    labels = " ".join(w.label for w in [*at.select_slider, *at.slider, *at.number_input, *at.checkbox])
    helps = " ".join(w.help or "" for w in [*at.select_slider, *at.slider, *at.number_input, *at.checkbox])
    assert CATALOGUE["param.surface.rosenbrock.a"]["zh"] in labels
    assert CATALOGUE["param.opt.momentum.help"]["zh"] in helps
    assert "momentum" not in labels.lower().replace("(momentum", "")  # no bare English spec names
