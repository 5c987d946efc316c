"""Build your own on Compare and the notes' framework on Update rules: the φ/ψ column of
optimizers/facts.py is true (Build your own with those parts IS the optimizer, path for path), every
other optimizer says why it is outside the framework, and the page says which optimizer a choice is,
in both languages."""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import optimizers
import surfaces
from comparison import codec as K
from comparison import config as C
from optimizers import facts
from ui import framework_text as F
from ui.strings import CATALOGUE, LANGUAGES

PAGE = str(Path(__file__).resolve().parent.parent / "app_pages" / "compare.py")
ROSEN = surfaces.get("rosenbrock")
CJK = re.compile(r"[\u4e00-\u9fff]")
KINDS = F.framework_kinds()
FITTING = [k for k in KINDS if F.parts_of(k) is not None]


@contextmanager
def use_language(lang: str):
    """The catalogue's texts in ``lang`` outside a page run (ui.i18n reads the session's language)."""
    st.session_state["lang"] = lang
    try:
        yield
    finally:
        del st.session_state["lang"]


def framework_choice(kind: str) -> dict:
    """Build your own set to ``kind``'s parts, with that kind's own values of μ, β₁, β₂ (RMSprop's α) and ε."""
    parts = F.parts_of(kind)
    hp = C.OptimizerConfig(kind).hyperparameters()
    choice = {"direction": parts.direction, "scale": parts.scale, "bias_correction": parts.bias_correction,
              "lr": hp["lr"]}
    renamed = {"momentum": "momentum", "beta1": "beta1", "beta2": "beta2", "alpha": "beta2", "eps": "eps"}
    choice.update({renamed[k]: v for k, v in hp.items() if k in renamed})
    return choice


def test_every_kind_has_parts_or_a_note_and_no_note_is_stale():
    assert set(FITTING) == {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamax"}
    for kind in KINDS:
        key = facts.of(C.KINDS[kind].optimizer).framework_note_key
        if F.parts_of(kind) is None:
            assert key in CATALOGUE, f"{kind} is outside the framework: add {key} saying why"
            assert CJK.search(CATALOGUE[key]["zh"]) and CATALOGUE[key]["en"] != CATALOGUE[key]["zh"]
        else:
            assert key not in CATALOGUE, f"{kind} has parts, so it needs no note {key}"
    notes = {k for k in CATALOGUE if k.startswith("framework.misfit.")}
    assert notes == {facts.of(C.KINDS[k].optimizer).framework_note_key for k in KINDS if F.parts_of(k) is None}


@pytest.mark.parametrize("kind", FITTING)
def test_build_your_own_with_a_kinds_parts_is_that_kind_to_the_last_bit(kind):
    choice = framework_choice(kind)
    mine = optimizers.get("framework", **choice)
    assert F.equivalent_kind(mine.hyperparameters)[0] == kind
    theirs = C.OptimizerConfig(kind).build()
    a = optimizers.run(ROSEN, mine, (-1.2, 1.0), 200)
    b = optimizers.run(ROSEN, theirs, (-1.2, 1.0), 200)
    np.testing.assert_array_equal(a.xy, b.xy)
    np.testing.assert_array_equal(a.loss, b.loss)


def test_the_table_has_every_fitting_kind_once_and_the_notes_the_others():
    for lang in LANGUAGES:
        with use_language(lang):
            rows = F.parts_rows()
            titles = [next(iter(r.values())) for r in rows]
            assert titles == [C.KINDS[k].title for k in FITTING]
            assert len(F.misfit_notes()) == len(KINDS) - len(FITTING)
            adam = rows[FITTING.index("adam")]
            assert list(adam.values())[1:] == [CATALOGUE["param.opt.direction.option.ema"][lang],
                                              CATALOGUE["param.opt.scale.option.ema"][lang],
                                              CATALOGUE["framework.yes"][lang]]


def test_the_sentence_names_the_kind_and_its_values_and_says_when_there_is_none():
    base = optimizers.get("framework").hyperparameters
    with use_language("en"):
        assert F.equivalent_sentence({**base, "direction": "ema", "scale": "ema"}) == (
            "This is Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-08): the same path, to the last bit.")
        assert F.equivalent_sentence({**base, "direction": "ema", "scale": "ema_max", "beta1": 0.5}) == (
            "This is Adam (β₁ = 0.5, β₂ = 0.999, ε = 1e-08, amsgrad): the same path, to the last bit.")
        assert F.equivalent_sentence({**base, "direction": "nesterov", "momentum": 0.8}) == (
            "This is Nesterov (μ = 0.8): the same path, to the last bit.")
        assert F.equivalent_sentence({**base, "direction": "gradient", "scale": "ema", "bias_correction": False,
                                      "beta2": 0.9}) == (
            "This is RMSprop (α = 0.9, ε = 1e-08): the same path, to the last bit.")
        assert F.equivalent_sentence({**base, "weight_decay": 0.01}) == (
            "This is SGD (λ = 0.01): the same path, to the last bit.")
        assert F.equivalent_sentence({**base, "direction": "ema", "scale": "one"}) == (
            "This choice of φ and ψ is none of the named optimizers.")
    with use_language("zh"):
        assert F.equivalent_sentence({**base, "direction": "ema", "scale": "max"}) == (
            "这就是 Adamax（β₁ = 0.9, β₂ = 0.999, ε = 1e-08）：路径逐位相同。")


def test_build_your_own_is_on_compare_only():
    assert "framework" in C.KINDS
    assert "framework" not in facts.menu() and "framework" not in facts.menu(batch=True)


# ------------------------------------------------------------------------------------ the page

def app(query: dict, lang: str = "en") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, at.exception[0].value
    return at


#: each named optimizer Build your own can be, as a Compare link, and the name the page must say
NAMED = [
    ({"direction": "gradient", "scale": "one"}, "SGD"),
    ({"direction": "heavy_ball", "scale": "one"}, "Momentum (μ = 0.9)"),
    ({"direction": "nesterov", "scale": "one", "momentum": "0.7"}, "Nesterov (μ = 0.7)"),
    ({"direction": "gradient", "scale": "sum"}, "AdaGrad (ε = 1e-08)"),
    ({"direction": "gradient", "scale": "ema", "bias_correction": "0", "beta2": "0.99"},
     "RMSprop (α = 0.99, ε = 1e-08)"),
    ({"direction": "ema", "scale": "ema"}, "Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-08)"),
    ({"direction": "ema", "scale": "ema_max"}, "Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-08, amsgrad)"),
    ({"direction": "ema", "scale": "max", "beta2": "0.99"}, "Adamax (β₁ = 0.9, β₂ = 0.99, ε = 1e-08)"),
]


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


@pytest.mark.parametrize("choice, said", NAMED, ids=[s.split(" ")[0] + "-" + c["scale"] for c, s in NAMED])
def test_compare_says_which_named_optimizer_build_your_own_is(choice, said):
    query = {"compare.o0.kind": "framework", **{f"compare.o0.{k}": v for k, v in choice.items()}}
    at = app(query)
    assert f"This is {said}: the same path, to the last bit." in captions(at)
    # and it is: the link's choice runs the path of the optimizer named
    link, notices = K.decode(query)
    assert not notices
    hp = link.config.optimizers[0].hyperparameters()
    kind, named = F.equivalent_kind(hp)
    assert C.KINDS[kind].title == said.split(" (")[0]
    mine, theirs = optimizers.get("framework", **hp), optimizers.get(C.KINDS[kind].optimizer, **named)
    np.testing.assert_array_equal(optimizers.run(ROSEN, mine, (-1.2, 1), 100).xy,
                                  optimizers.run(ROSEN, theirs, (-1.2, 1), 100).xy)


def test_compare_says_so_in_chinese_and_when_the_choice_is_no_named_optimizer():
    at = app({"compare.o0.kind": "framework", "compare.o0.direction": "ema", "compare.o0.scale": "ema"}, "zh")
    assert "这就是 Adam（β₁ = 0.9, β₂ = 0.999, ε = 1e-08）：路径逐位相同。" in captions(at)
    at = app({"compare.o0.kind": "framework", "compare.o0.direction": "ema", "compare.o0.scale": "sum"})
    assert "This choice of φ and ψ is none of the named optimizers." in captions(at)
    assert not any(c.startswith("This is ") for c in captions(at))


def test_the_panel_shows_the_choices_texts():
    at = app({"compare.o0.kind": "framework"}, "zh")
    at.session_state["_compare.exp.0"] = True
    at.run()
    direction = at.selectbox(key="compare.o0.direction")
    assert direction.label == CATALOGUE["param.opt.direction"]["zh"]
    assert direction.options == [CATALOGUE[f"param.opt.direction.option.{v}"]["zh"]
                                 for v in ("gradient", "heavy_ball", "nesterov", "ema")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_update_rules_shows_the_table_and_each_rules_parts_beside_it(lang):
    at = app({"compare.o0.kind": "adam", "compare.o1.kind": "lion", "compare.view": "rules"}, lang)
    header = CATALOGUE["framework.col.phi"][lang]
    table = next(d.value for d in at.dataframe if header in d.value.columns)
    assert list(table.iloc[:, 0]) == [C.KINDS[k].title for k in FITTING]
    texts = captions(at)
    with use_language(lang):
        assert F.parts_line("adam") in texts and F.parts_line("lion") in texts
        assert all(note in texts for note in F.misfit_notes())
    assert CATALOGUE["framework.misfit.lion"][lang] in texts
    adam_line = CATALOGUE["framework.line"][lang].format(
        phi=CATALOGUE["param.opt.direction.option.ema"][lang], psi=CATALOGUE["param.opt.scale.option.ema"][lang],
        corrected=CATALOGUE["framework.corrected"][lang])
    assert adam_line in texts
