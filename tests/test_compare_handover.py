"""Switching optimizers mid-run on Compare: the configuration, the link, the run, the marks, the
exports, and the lesson "Adam first, then SGD" (note 002)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comparison import codec as K
from comparison import config as C
from comparison.export import trajectories_csv
from comparison.metrics import trajectories_frame
from comparison.runner import run_built, run_one
from tests.test_compare_presets import note, run_preset
from tests.test_page_compare import app, main_figure, open_panel, path_names, rerun
from ui.compare_report import compare_report
from ui.strings import CATALOGUE
from viz.dashboard import compare_figure
from viz.paths import from_trajectory

ROSENBROCK = C.build_surface("rosenbrock")


def handover_config(at=30, kind="momentum", lr=0.002, steps=100) -> C.CompareConfig:
    first = C.OptimizerConfig("adam", (("lr", 0.1),), then=C.HandOver(at, kind, lr))
    return C.CompareConfig((first, C.OptimizerConfig("sgd", (("lr", 0.001),))), "rosenbrock", start=(-2.0, 2.0),
                           steps=steps)


# ------------------------------------------------------------------------------------ the link


def test_a_handover_link_names_its_keys_and_round_trips():
    cfg = handover_config()
    query = K.query_for(cfg)
    assert query["compare.o0.then"] == "1"
    assert (query["compare.o0.then.kind"], query["compare.o0.then.at"], query["compare.o0.then.lr"]) == \
        ("momentum", "30", "0.002")
    link, notices = K.decode(query)
    assert notices == [] and link.config.normalized() == cfg.normalized()


def test_a_handover_at_its_defaults_leaves_only_the_switch_in_the_link():
    cfg = handover_config(at=C.HANDOVER_AT, kind=C.HANDOVER_KIND, lr=C.KINDS[C.HANDOVER_KIND].default("lr"))
    query = K.query_for(cfg)
    assert query["compare.o0.then"] == "1"
    assert not any(k.startswith("compare.o0.then.") for k in query)
    assert K.decode(query)[0].config.normalized() == cfg.normalized()


def test_without_the_switch_the_other_keys_change_nothing_and_old_links_have_no_handover():
    query = {"compare.o0.then.kind": "sgd", "compare.o0.then.at": "5"}
    link, _ = K.decode(query)
    assert link.config.normalized() == C.DEFAULT.normalized()
    assert all(o.then is None for o in link.config.optimizers)
    assert K.query_for(C.DEFAULT) == {}


def test_a_bad_handover_step_falls_back_with_a_notice():
    link, notices = K.decode({"compare.o1.then": "1", "compare.o1.then.at": "0"})
    assert link.config.optimizers[1].then.at == C.HANDOVER_AT
    assert [n.key for n in notices] == ["compare.o1.then.at"]


@settings(max_examples=40, deadline=None)
@given(slot=st.integers(0, 3), at=st.integers(1, C.MAX_STEPS - 1), kind=st.sampled_from(list(C.KINDS)),
       lr=st.floats(1e-4, 1.0), on=st.booleans())
def test_any_handover_round_trips_through_the_link(slot, at, kind, lr, on):
    optimizers_ = list(C.DEFAULT.optimizers)
    if on:
        optimizers_[slot] = C.OptimizerConfig(optimizers_[slot].kind, optimizers_[slot].hp,
                                              then=C.HandOver(at, kind, lr))
    cfg = C.CompareConfig(tuple(optimizers_), "book_quadratic", start=(-7.0, 2.0), steps=C.MAX_STEPS)
    link, notices = K.decode(K.query_for(cfg))
    assert notices == []
    assert link.config.normalized() == cfg.normalized()


# ------------------------------------------------------------------------------------- the run


def test_the_run_is_the_first_optimizer_then_the_second_from_where_it_stopped():
    cfg = handover_config(at=30, steps=100).normalized()
    opt = cfg.optimizers[0]
    run = run_one(ROSENBROCK, opt, cfg.schedule_for(0), cfg.start, cfg.steps)
    assert run.hand_overs == (30,)
    first = run_built(ROSENBROCK, opt.build(), C.ScheduleConfig(), cfg.start, 30)
    second = run_built(ROSENBROCK, opt.then.optimizer().build(), C.ScheduleConfig(), first.xy[-1, 0], 70)
    np.testing.assert_array_equal(run.xy[:31], first.xy)
    np.testing.assert_array_equal(run.xy[30:], second.xy)  # fresh state: a plain run from that point
    np.testing.assert_array_equal(run.lr[:, 0], [0.1] * 30 + [0.002] * 70)


def test_the_first_optimizers_following_schedule_spans_its_own_stage():
    cfg = handover_config(at=40, steps=100)
    opt = C.OptimizerConfig("adam", (("lr", 0.1),), C.ScheduleConfig("cosine"), C.HandOver(40, "sgd", 0.001))
    run = run_one(ROSENBROCK, opt, opt.schedule, cfg.start, cfg.steps)
    first = run_built(ROSENBROCK, opt.build(), opt.schedule, cfg.start, 40)  # T_max follows the 40 steps
    np.testing.assert_array_equal(run.xy[:41], first.xy)
    np.testing.assert_array_equal(run.lr[:40], first.lr)


@pytest.mark.parametrize("at", [100, 150])
def test_a_handover_at_or_after_the_last_step_is_refused(at):
    cfg = handover_config(at=at, steps=100).normalized()
    with pytest.raises(ValueError, match="hand-over step"):
        run_one(ROSENBROCK, cfg.optimizers[0], cfg.schedule_for(0), cfg.start, cfg.steps)


# ------------------------------------------------------------------------------------ the marks


def test_the_switch_is_marked_on_the_path_the_loss_and_lr_panels_and_the_label():
    cfg = handover_config().normalized()
    run = run_one(ROSENBROCK, cfg.optimizers[0], cfg.schedule_for(0), cfg.start, cfg.steps)
    label = cfg.labels()[0]
    assert label == "1. Adam (lr=0.1) → Momentum (lr=0.002) at 30"
    spec = compare_figure(ROSENBROCK, [from_trajectory(run, ROSENBROCK, label, "#123456")], cfg.start).to_dict()
    marks = [tr for tr in spec["data"] if tr.get("meta") == "handover"]
    assert len(marks) == 1
    assert (marks[0]["x"][0], marks[0]["y"][0]) == tuple(float(v) for v in run.xy[30, 0])
    lines = spec["layout"]["shapes"]
    assert sorted((s["xref"], s["x0"]) for s in lines) == [("x2", 30), ("x3", 30)]


def test_the_exports_say_the_handover_in_both_languages():
    cfg = handover_config().normalized()
    run = run_one(ROSENBROCK, cfg.optimizers[0], cfg.schedule_for(0), cfg.start, cfg.steps)
    for lang in ("en", "zh"):
        report = compare_report(cfg, {0: run}, {1: "x"}, 0.0, "", lang, "csv")
        section = report.sections[1]
        lines = dict(section.lines)
        assert lines[CATALOGUE["handover.at"][lang]] == "30"
        assert lines[CATALOGUE["handover.kind"][lang]] == "Momentum"
        assert lines[CATALOGUE["handover.lr"][lang]] == "0.002"
        assert "→ Momentum (lr=0.002)" in section.heading and "30" in section.heading
        csv = trajectories_csv(trajectories_frame([cfg.labels()[0]], [run]), report)
        csv = csv.decode() if isinstance(csv, bytes) else csv
        assert section.heading in csv and f"{CATALOGUE['handover.at'][lang]}" in csv


# ------------------------------------------------------------------------------------ the page


def test_the_page_control_turns_a_handover_on_and_it_changes_the_run_and_the_link():
    at = open_panel(app(), 3)  # Adam
    before = main_figure(at)
    at.toggle(key="compare.o3.then").set_value(True)
    rerun(at)
    at.number_input(key="compare.o3.then.at").set_value(10)
    rerun(at)
    spec = main_figure(at)
    names = path_names(spec)
    assert names[3] == "4. Adam (lr=0.3) → SGD (lr=0.1) at 10"
    assert [tr for tr in spec["data"] if tr.get("meta") == "handover"]
    assert [s["x0"] for s in spec["layout"]["shapes"]] == [10, 10]
    adam_path = lambda s: next(tr for tr in s["data"] if tr.get("name") == path_names(s)[3])  # noqa: E731
    assert adam_path(spec)["x"] != adam_path(before)["x"]
    assert at.query_params["compare.o3.then"] == "1" and at.query_params["compare.o3.then.at"] == "10"
    table = at.dataframe[0].value
    assert names[3] in list(table["optimizer"])
    again = app(dict(at.query_params))  # the link opens the same view
    assert path_names(main_figure(again)) == names


def test_the_kind_that_takes_over_starts_from_its_own_rate():
    at = open_panel(app({"compare.o3.then": "1"}), 3)
    at.selectbox(key="compare.o3.then.kind").set_value("adagrad")
    rerun(at)
    assert at.session_state["compare.o3.then.lr"] == C.KINDS["adagrad"].default("lr")


# ---------------------------------------------------------------------------------- the lesson


def test_lesson_adam_then_sgd_claims():
    cfg, surface, (adam, momentum, both) = run_preset("adam_then_sgd")
    at = cfg.optimizers[2].then.at
    assert cfg.optimizers[2].kind == "adam" and cfg.optimizers[2].then.kind == "momentum"
    assert cfg.optimizers[1].kind == "momentum" and dict(cfg.optimizers[1].hp)["lr"] == cfg.optimizers[2].then.lr
    assert dict(cfg.optimizers[0].hp) == dict(cfg.optimizers[2].hp)  # the same Adam
    # fast early progress: Adam's first `at` steps take the loss down by more than 50×
    assert adam.loss[at, 0] < adam.loss[0, 0] / 50
    # then it crawls: the rest of the run removes less than half of what is left, along the valley y ≈ x²
    assert adam.loss[-1, 0] > adam.loss[at, 0] / 2
    xy = adam.xy[at:, 0]
    assert np.all(np.abs(xy[:, 1] - xy[:, 0] ** 2) < 0.5)
    # momentum alone overflows on the wall (the gradient there is in the thousands)
    assert momentum.diverged_at[0] > 0 and np.linalg.norm(surface.grad(np.array(cfg.start))) > 1000
    # run 3 is run 1 up to the hand-over, then momentum with a fresh buffer from there
    np.testing.assert_array_equal(both.xy[: at + 1], adam.xy[: at + 1])
    tail = run_built(surface, cfg.optimizers[2].then.optimizer().build(), C.ScheduleConfig(), adam.xy[at, 0],
                     cfg.steps - at)
    np.testing.assert_array_equal(both.xy[at:], tail.xy)
    assert both.diverged_at[0] < 0 and both.loss[-1, 0] < adam.loss[-1, 0] / 100
    text = note("adam_then_sgd")
    assert f"diverges at step {momentum.diverged_at[0]}" in text
    assert f"f = {both.loss[-1, 0]:.3g}" in text


def test_lesson_adam_then_sgd_opens_with_its_note_and_marks():
    at = app()
    at.button(key="_compare.preset.adam_then_sgd").click()
    rerun(at)
    infos = " ".join(i.value for i in at.info)
    assert "Adam" in infos and "diverges at step" in infos
    spec = main_figure(at)
    assert len([tr for tr in spec["data"] if tr.get("meta") == "handover"]) == 1
    assert path_names(spec)[2].endswith("→ Momentum (lr=0.002) at 50")


def test_a_handover_after_the_last_step_says_so_and_the_page_still_draws():
    """A lone optimizer that cannot run left the results table empty, which pandas refused (an exception)."""
    at = app(K.query_for(C.CompareConfig((C.OptimizerConfig("adam", then=C.HandOver(40)),), steps=30)))
    assert any("hand-over step must be between 1 and 29" in e.value for e in at.error)
    # no results table (the update rules' φ/ψ table below the chart is not about this run)
    assert all("bias correction" in d.value.columns for d in at.dataframe)


def test_the_live_view_runs_a_handover_as_the_page_does():
    """Each run of the live view's batch is the page's run with that value, hand-over included."""
    from comparison.live import batched_runs

    cfg = handover_config(at=30, steps=80).normalized()
    opt, values = cfg.optimizers[0], [0.05, 0.1, 0.2]
    batch = batched_runs(ROSENBROCK, opt, cfg.schedule_for(0), cfg.start, cfg.steps, "lr", values)
    assert batch.hand_overs == (30,)
    for j, lr in enumerate(values):
        one = run_one(ROSENBROCK, C.OptimizerConfig("adam", (("lr", lr),), then=opt.then), C.ScheduleConfig(),
                      cfg.start, cfg.steps)
        np.testing.assert_array_equal(batch.xy[:, j], one.xy[:, 0])


def test_the_rules_view_shows_the_rule_of_the_kind_that_takes_over():
    at = app({**K.query_for(handover_config(kind="rmsprop", lr=0.01)), "compare.view": "rules"})
    titles = " ".join(m.value for m in at.markdown)
    assert "**RMSprop**" in titles and "**Adam**" in titles
