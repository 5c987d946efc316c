"""The Compare page in AppTest: a lesson's note carries its runs' numbers, every run that leaves the view
is named alike, a schedule's horizon follows Steps, and switching surface takes its rates."""

from streamlit.testing.v1 import AppTest

import surfaces
from comparison import per_surface
from comparison.config import build_surface
from comparison.metrics import outcome
from comparison.presets import PRESETS
from comparison.runner import run_one
from tests.test_page_compare import PAGE, lr_trace, main_figure, open_panel, rerun


def app(query=None, lang=None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    if lang:
        at.session_state["lang"] = lang
    return rerun(at)


def lesson(name: str, lang=None) -> AppTest:
    at = app(lang=lang)
    at.button(key=f"_compare.preset.{name}").click()
    return rerun(at)


def test_the_saddle_lesson_names_every_escape_alike_and_shows_every_final_loss():
    at = lesson("saddle")
    cfg = PRESETS["saddle"].config.normalized()
    surface = build_surface(cfg.surface)
    runs = [run_one(surface, o, cfg.schedule_for(i), cfg.start, cfg.steps) for i, o in enumerate(cfg.optimizers)]
    left = [outcome(r, surface.bounds).left_view_at for r in runs]
    boxes = [i.value for i in at.info if "left the view at step" in i.value]
    escapes = boxes[0].split("  \n")
    assert len(boxes) == 1 and len(escapes) == 5 == sum(step is not None for step in left)
    for text, step in zip(escapes, [s for s in left if s is not None], strict=True):
        assert f"left the view at step {step}: this surface has no minimum (f is unbounded below)" in text
    assert not any("diverged" in w.value for w in at.warning)
    table = at.dataframe[0].value
    assert (table["final_loss"] != "—").all() and (table["diverged_at"] == "—").all()
    assert list(table["left_view_at"]) == ["—" if s is None else str(s) for s in left]
    note = next(i.value for i in at.info if "Lesson" in i.value)
    assert f"Adadelta {left[4]}, RMSprop {left[5]}, AdaGrad {left[3]}, NAG {left[2]}, Momentum {left[1]}" in note


def test_a_lesson_note_in_chinese_carries_the_same_numbers():
    at = lesson("rosenbrock", lang="zh")
    note = next(i.value for i in at.info if "示例" in i.value)
    assert "从第 4 步起" in note and "{" not in note


def test_a_cosine_horizon_follows_steps_on_the_page():
    at = open_panel(app(), 0)
    at.selectbox(key="compare.o0.sched").set_value("cosine")
    rerun(at)
    at.slider(key="compare.steps").set_value(300)
    rerun(at)
    lr = lr_trace(main_figure(at), 0)
    assert len(lr) == 300 and lr[0] == 0.95 and lr[-1] < 1e-4 and all(lr[1:] <= lr[:-1])
    assert any("follows the run: 300 updates" in c.value for c in at.caption)
    assert "compare.o0.s.T_max" not in at.query_params


def test_switching_surface_takes_its_rates_and_keeps_the_one_you_set():
    at = open_panel(app(), 1)
    at.session_state["compare.o1.lr"] = 0.05  # the user's own Momentum rate
    rerun(at)
    at.selectbox(key="compare.surface").set_value("rosenbrock")
    rerun(at)
    rosenbrock = surfaces.get("rosenbrock")
    assert at.session_state["compare.o0.lr"] == per_surface.learning_rate(rosenbrock, "sgd")
    assert at.session_state["compare.o1.lr"] == 0.05
    assert any("were kept because you had set them" in i.value for i in at.info)
    at.button(key="_compare.use_surface_rates").click()
    rerun(at)
    assert at.session_state["compare.o1.lr"] == per_surface.learning_rate(rosenbrock, "momentum")
    assert not any("were kept" in i.value for i in at.info)
    # the first view of the surface shows no warning, and its link reopens it exactly
    assert not at.warning
    query = dict(at.query_params)
    again = app(query)
    assert all(again.session_state[k] == at.session_state[k] for k in ("compare.o0.lr", "compare.o1.lr",
                                                                         "compare.o2.lr", "compare.o3.lr"))
