"""The Compare codec (comparison/codec.py): a view to its session state and link and back.

A random view written as a link reads back as the same view; a bad value in a link gets a notice
naming its key and is read as if it were absent (its default); the session changes (add, remove,
kind, schedule, lesson) keep every other slot's keys; the codec's parsers are the kit's.
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import surfaces
from comparison import codec as K
from comparison import config as C
from comparison.presets import PRESETS
from optimizers import schedules
from paramspec import ParamSpec
from urlvalues import fmt

ROOT = Path(__file__).resolve().parent.parent

# formulas a teacher might type (the codec keeps any text; these also build)
FORMULAS = ("x**2 + 3*y**2", "sin(x)*cos(y) + 0.1*(x**2 + y**2)", "(1 - x)**2 + 5*(y - x**2)**2")


# ------------------------------------------------------------------------------ random views


def accepted(spec: ParamSpec, value) -> bool:
    try:
        K.spec_parser(spec)(fmt(value))
    except (ValueError, TypeError, OverflowError):
        return False
    return True


def values_for(spec: ParamSpec):
    """Values a link may hold for ``spec`` (what its control can show)."""
    if spec.kind == "bool":
        return st.booleans()
    if spec.kind == "choice":
        return st.sampled_from(spec.choices)
    if spec.kind == "ints":
        return st.lists(st.integers(1, 2000), min_size=1, max_size=4, unique=True).map(lambda v: tuple(sorted(v)))
    low, high = K._limits(spec)
    if spec.kind == "int":
        low = -1000 if low is None else int(low)
        return st.integers(low, min(int(high) if high is not None else low + 10_000, low + 10_000))
    if spec.log:
        lo, hi = math.log10(low or 1e-8), math.log10(high or 1e3)
        strategy = st.floats(lo, hi).map(lambda e: 10.0**e)
    else:
        lo = -1e3 if low is None else low
        hi = 1e3 if high is None else high
        strategy = st.floats(lo, hi, allow_nan=False)
    return st.one_of(st.just(spec.default), strategy).filter(lambda v: accepted(spec, v))


@st.composite
def schedule_configs(draw):
    name = draw(st.sampled_from(schedules.names()))
    params = tuple((n, draw(values_for(s))) for n, s in schedules.specs(name).items())
    warmup = schedules.warmup_specs()
    return C.ScheduleConfig(name, params, draw(values_for(warmup["warmup_steps"])),
                            float(draw(values_for(warmup["warmup_start"]))))


@st.composite
def optimizer_configs(draw, shared: bool):
    kind = draw(st.sampled_from(list(C.KINDS)))
    specs = C.KINDS[kind].specs()
    names = draw(st.lists(st.sampled_from(list(specs)), unique=True, max_size=len(specs)))
    hp = tuple((n, draw(values_for(specs[n]))) for n in names)
    return C.OptimizerConfig(kind, hp, C.ScheduleConfig() if shared else draw(schedule_configs()))


@st.composite
def links(draw) -> K.Link:
    name = draw(st.sampled_from([*surfaces.names(), C.CUSTOM]))
    expression, params = "", ()
    if name == C.CUSTOM:
        expression = draw(st.sampled_from(FORMULAS))
    else:
        params = tuple((n, draw(values_for(s))) for n, s in surfaces.entry(name).params.items())
    try:
        bounds = C.build_surface(name, params, expression).bounds
    except ValueError:
        bounds = ((-5.0, 5.0), (-5.0, 5.0))
    start = None if draw(st.booleans()) else tuple(
        float(draw(st.floats(float(lo), float(hi)))) for lo, hi in bounds)
    shared = draw(st.booleans())
    slots = tuple(draw(st.lists(st.integers(0, C.MAX_SLOT_ID), min_size=1, max_size=C.MAX_OPTIMIZERS, unique=True)))
    optimizers_ = tuple(draw(optimizer_configs(shared)) for _ in slots)
    config = C.CompareConfig(
        optimizers_, name, params, expression, start, draw(st.integers(1, C.MAX_STEPS)),
        draw(st.sampled_from(C.BATCHES)), draw(st.integers(0, C.MAX_SEED)), shared,
        draw(schedule_configs()) if shared else C.ScheduleConfig(), slots,
    )
    return K.Link(config, draw(st.sampled_from(K.VIEWS)), draw(st.sampled_from(C.TOLERANCES)), draw(st.booleans()))


def normal(link: K.Link) -> K.Link:
    return K.Link(link.config.normalized(), link.view, link.tol, link.pick)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ------------------------------------------------------------------------------ round trips


@SETTINGS
@given(links())
def test_a_view_written_as_a_link_reads_back_as_the_same_view(link):
    query = K.query_for(link)
    assert all(k.startswith("compare.") and isinstance(v, str) for k, v in query.items())
    decoded, notices = K.decode(query)
    assert notices == []
    assert normal(decoded) == normal(link)


@SETTINGS
@given(links())
def test_the_session_state_holds_the_same_view(link):
    state = K.state_for(link)
    assert K.config_from_state(state) == link.config.normalized()
    assert (state[K.key("view")], state[K.key("tol")], state[K.key("pick")]) == (link.view, link.tol, link.pick)


@SETTINGS
@given(links())
def test_slots_are_in_the_link_only_when_they_are_not_0_to_n_minus_1(link):
    query = K.query_for(link)
    ids = link.config.ids
    assert ("compare.slots" in query) == (ids != tuple(range(len(ids))))
    assert query.get("compare.n", "4") == str(len(ids))


def test_default_view_and_lessons():
    assert K.query_for(C.DEFAULT) == {} and K.query_for(K.Link()) == {}
    for preset in PRESETS.values():
        link, notices = K.decode(K.query_for(preset.config))
        assert not notices and link.config.normalized() == preset.config.normalized(), preset.name


# ------------------------------------------------------------------------------ bad values

GARBAGE = st.sampled_from(["definitely not a value", "", "nan", "-inf", "1e308", "9" * 400, "x" * 3000,
                           "学习率🙂", "1,1", "-1", "0", "<b>1</b>"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(links(), st.data())
def test_a_bad_value_gets_a_notice_naming_its_key_and_reads_as_its_default(link, data):
    query = K.query_for(link)
    keys = sorted(set(query) | set(K.state_for(link)))
    key = data.draw(st.sampled_from(keys))
    bad = data.draw(GARBAGE)
    hostile = {**query, key: bad}
    without = {k: v for k, v in query.items() if k != key}
    got, notices = K.decode(hostile)
    expected, expected_notices = K.decode(without)
    named = [n for n in notices if n.key == key]
    if named:  # refused: read as if it were absent, and said so
        assert got == expected
        assert [n for n in notices if n.key != key] == expected_notices
        assert named[0].value == bad[:80] and named[0].reason
    # otherwise the value was valid for that key ("0" steps of warmup) or the key is not used in that view


@pytest.mark.parametrize(("key", "value"), [
    ("compare.steps", "0"), ("compare.steps", "lots"), ("compare.batch", "3"), ("compare.seed", "-1"),
    ("compare.shared", "maybe"), ("compare.surface", "moon"), ("compare.x0", "1e9"), ("compare.y0", "nan"),
    ("compare.n", "0"), ("compare.n", "99"), ("compare.slots", "1,1"), ("compare.slots", "0,64"),
    ("compare.slots", ""), ("compare.o0.kind", "teleport"), ("compare.o0.lr", "-1"), ("compare.o1.momentum", "2"),
    ("compare.o0.sched", "sometimes"), ("compare.view", "4d"), ("compare.tol", "0.5"), ("compare.pick", "2"),
])
def test_each_kind_of_key_refuses_a_bad_value_with_a_notice(key, value):
    link, notices = K.decode({key: value})
    assert [n.key for n in notices] == [key]
    assert normal(link) == normal(K.Link())


def test_a_long_formula_and_bad_milestones_are_refused_and_a_wrong_count_is_named():
    _, notices = K.decode({"compare.surface": "custom", "compare.expr": "x" * 600})
    assert [n.key for n in notices] == ["compare.expr"]
    link, notices = K.decode({"compare.o0.sched": "multistep", "compare.o0.s.milestones": "10, 5"})
    assert [n.key for n in notices] == ["compare.o0.s.milestones"]
    assert link.config.optimizers[0].schedule.normalized().params[0] == ("milestones", (40, 80))
    link, notices = K.decode({"compare.n": "3", "compare.slots": "0,2"})
    assert [n.key for n in notices] == ["compare.n"] and link.config.ids == (0, 2)


def test_a_formula_with_a_mistake_is_kept_for_the_page_to_explain():
    link, notices = K.decode({"compare.surface": "custom", "compare.expr": "x +* y", "compare.x0": "1",
                              "compare.y0": "2"})
    assert not notices and link.config.expression == "x +* y" and link.config.start == (1.0, 2.0)
    assert K.decode(K.query_for(link))[0] == link


# ------------------------------------------------------------------------------ session changes


def test_removing_a_slot_keeps_the_others_ids_keys_and_colours():
    state = K.state_for(C.DEFAULT)
    before = {k: v for k, v in state.items() if not k.startswith("compare.o1.")}
    colours = C.DEFAULT.colours()
    K.remove_slot(state, 1)
    assert state["compare.slots"] == (0, 2, 3) and state["compare.n"] == 3
    assert not [k for k in state if k.startswith("compare.o1.")]
    assert {k: v for k, v in state.items() if k not in ("compare.slots", "compare.n")} == {
        k: v for k, v in before.items() if k not in ("compare.slots", "compare.n")}
    config = K.config_from_state(state)
    assert config.colours() == [colours[0], colours[2], colours[3]]
    assert K.query_for(config) == {"compare.n": "3", "compare.slots": "0,2,3"}
    K.remove_slot(state, 0), K.remove_slot(state, 2)
    K.remove_slot(state, 3)  # the last one stays
    assert state["compare.slots"] == (3,)


def test_adding_takes_a_free_id_and_the_next_kind():
    state = K.state_for(C.DEFAULT)
    K.remove_slot(state, 1)
    slot = K.add_slot(state)
    assert slot == 1 and state["compare.slots"] == (0, 2, 3, 1)
    assert state["compare.o1.kind"] == "momentum"  # the first kind of ADD_ORDER not on the page
    assert K.add_slot(state) == 4 and state["compare.o4.kind"] == "rmsprop"
    while K.add_slot(state) is not None:
        pass
    assert len(state["compare.slots"]) == C.MAX_OPTIMIZERS
    K.config_from_state(state)  # every slot's keys are complete


def test_a_new_kind_or_schedule_starts_from_its_defaults_and_keeps_the_rest():
    state = K.state_for(C.DEFAULT)
    state["compare.o2.sched"], state["compare.o2.s.warmup_steps"] = "step", 5
    K.schedule_changed(state, 2)
    assert state["compare.o2.s.step_size"] == 30 and state["compare.o2.s.warmup_steps"] == 5
    state["compare.o2.kind"] = "adam"
    K.kind_changed(state, 2)
    assert state["compare.o2.beta2"] == 0.999 and "compare.o2.lr_decay" not in state
    assert state["compare.o2.sched"] == "step" and state["compare.o3.lr"] == 0.3


def test_a_lesson_replaces_the_whole_view():
    state = K.state_for(C.DEFAULT)
    K.add_slot(state)
    state["compare.rosenbrock.b"] = 5.0
    state["compare.view"] = "3d"
    K.apply(state, PRESETS["distill"].config)
    assert K.config_from_state(state) == PRESETS["distill"].config.normalized()
    assert not [k for k in state if k.startswith(("compare.o2.", "compare.o4.", "compare.rosenbrock."))]
    assert state["compare.view"] == "3d"  # a page setting, not part of the lesson


def test_a_click_becomes_a_start_inside_the_view():
    assert K.click_start((3.14159, -2.5), ((-10, 10), (-5, 5))) == (3.14, -2.5)
    assert K.click_start((99.0, -99.0), ((-10, 10), (-5, 5))) == (10, -5)



def test_library_modules_import_neither_streamlit_nor_ui():
    code = ("import sys; import comparison.codec, comparison.presets, comparison.runner, landscapes.sweep; "
            "bad = [m for m in sys.modules if m == 'streamlit' or m.startswith(('streamlit.', 'ui.')) or m == 'ui']; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
