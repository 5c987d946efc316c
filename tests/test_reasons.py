"""A refused value is explained in the reader's language, with the value and the range (issue #12, U6).

Whatever a link or a formula box holds, the library's refusal has a kind the catalogue knows
(``error.<kind>``), so the Chinese page says the reason in Chinese instead of pasting the English
message; and the formula words, legend words and layer names a chart shows follow the language.
"""

from __future__ import annotations

import pickle
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import optimizers
import surfaces
import ui.chart_text
import ui.i18n
import ui.reasons
from comparison import config as C
from learn import figures
from optimizers import schedules
from paramspec import ParamSpec
from refusal import Refusal
from tests.visible_text import english_words
from ui.chart_text import legend_words, localized_latex
from ui.i18n import escape_markdown
from ui.strings import CATALOGUE
from urlvalues import parse_bool, parse_choice, parse_float, parse_for_control, parse_int


@pytest.fixture
def lang(monkeypatch):
    """Set the page language without a Streamlit run: ``lang("zh")``."""
    def set_language(code: str) -> None:
        monkeypatch.setattr(ui.i18n, "current_language", lambda: code)
        monkeypatch.setattr(ui.reasons, "current_language", lambda: code)
        monkeypatch.setattr(ui.chart_text, "current_language", lambda: code)
    return set_language


def all_specs() -> list[ParamSpec]:
    specs = [s for name in optimizers.names() for s in optimizers.optimizer_class(name).spec_map().values()]
    specs += [s for name in schedules.names() for s in schedules.specs(name).values()]
    specs += list(schedules.warmup_specs().values())
    specs += [s for name in surfaces.names() for s in surfaces.entry(name).params.values()]
    return specs


SPECS = all_specs()
PARSERS = [parse_float(0.0, 1.0), parse_float(-5.0), parse_int(1, 100), parse_bool, parse_choice(["sgd", "adam"]),
           *(parse_for_control(s) for s in SPECS if s.kind != "ints")]
LINK_TEXT = st.one_of(st.text(max_size=12), st.sampled_from(["-5", "1e9", "nan", "inf", "1.5", "0", "x", "", "1,2"]),
                      st.floats(allow_nan=True, allow_infinity=True).map(repr))


def echoed_out(text: str, typed: str) -> str:
    """``text`` less what the reader typed (a refusal quotes it back as it was)."""
    parts = {typed, *re.findall(r"\w+", typed)}
    for part in sorted(parts | {escape_markdown(p) for p in parts}, key=len, reverse=True):
        if len(part) > 1:
            text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", " ", text)
    return text


def assert_said_in_chinese(err: Exception, typed: str) -> None:
    assert isinstance(err, Refusal), f"{type(err).__name__} has no kind: {err}"
    assert f"error.{err.kind}" in CATALOGUE, f"no catalogue text for kind {err.kind!r} ({err})"
    said = ui.reasons.reason(err)
    assert said != CATALOGUE["error.other"]["zh"] and "⟦" not in said
    assert english_words(echoed_out(said, typed)) == [], (said, str(err))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parser=st.sampled_from(PARSERS), text=LINK_TEXT)
def test_every_link_value_refused_is_explained_in_chinese(lang, parser, text):
    lang("zh")
    try:
        parser(text)
    except (ValueError, TypeError, OverflowError) as err:
        assert_said_in_chinese(err, text)


def test_the_range_error_of_the_review_reads_in_chinese_with_its_numbers(lang):
    lang("zh")
    spec = optimizers.optimizer_class("sgd").spec_map()["lr"]
    with pytest.raises(Refusal) as caught:
        parse_for_control(spec)("-5")
    assert str(caught.value) == "lr must be in (0, inf) (got -5.0)"  # the library's English is unchanged
    assert ui.reasons.reason(caught.value) == "lr — 学习率 必须在 (0, inf) 范围内（收到 -5）"
    lang("en")
    assert ui.reasons.reason(caught.value) == "lr — learning rate must be in (0, inf) (got -5)"


FORMULA = st.text(alphabet="xy+-*/^()., 0123456789eisnpqracowlth_#<=!'\"[]{}@&|~", max_size=24)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=FORMULA)
def test_every_formula_refused_is_explained_in_chinese(lang, text):
    lang("zh")
    try:
        surfaces.expression.check(text)
    except ValueError as err:
        assert err.kind != "formula", f"a refusal without its own kind: {err}"
        assert_said_in_chinese(err, text)


def test_the_function_error_of_the_review_names_function_and_column(lang):
    lang("zh")
    with pytest.raises(Refusal) as caught:
        surfaces.from_expression("x + y + foo(x)")
    assert ui.reasons.reason(caught.value).startswith("第 9 列的函数 'foo' 不允许使用；可用的函数：sin, cos")


def test_a_refusal_keeps_its_kind_through_the_formula_worker():
    err = surfaces.expression.ExpressionError("m", 3, "syntax")
    back = pickle.loads(pickle.dumps(err))
    assert (type(back), back.kind, back.fields, back.column, str(back)) == (type(err), "syntax", {"column": 3}, 3, "m")


def test_an_error_without_a_kind_is_never_english_on_a_chinese_page(lang):
    lang("zh")
    assert ui.reasons.reason(RuntimeError("something broke")) == "该值无法使用"
    lang("en")
    assert ui.reasons.reason(RuntimeError("something broke")) == "something broke"


# ------------------------------------------------------------------------------ words inside charts


@pytest.mark.parametrize("latex", [optimizers.optimizer_class(n).latex for n in optimizers.names()]
                         + [schedules.get(n, warmup_steps=3).latex for n in schedules.names(closed_form=True)])
def test_the_words_of_every_formula_are_chinese(lang, latex):
    lang("zh")
    assert english_words(f"$${localized_latex(latex)}$$") == []
    lang("en")
    assert localized_latex(latex) == latex  # the English page shows the library's own formula


def test_legend_labels_follow_the_language_and_keep_the_english_ones(lang):
    opt = C.OptimizerConfig("adam", (("amsgrad", True),), C.ScheduleConfig("cosine", warmup_steps=20))
    assert opt.label() == "Adam (lr=0.1, amsgrad=on, cosine+warmup 20)"
    lang("en")
    assert opt.label(dict(legend_words())) == opt.label()
    lang("zh")
    assert opt.label(dict(legend_words())) == "Adam (lr=0.1, AMSGrad=开, 余弦退火+预热 20)"


def test_layer_names_in_the_update_ratio_legend_follow_the_words():
    history = {"label": "SGD", "epoch": [0, 1, 2], "layer_names": ["dense1", "dense2", "out"],
               "update_ratio": [[0, 0, 0], [1e-3, 2e-3, 3e-3], [1e-3, 2e-3, 3e-3]]}
    english = [t["name"] for t in figures.update_ratio_figure([history]).to_plotly_json()["data"]]
    assert english == ["SGD · dense1", "SGD · dense2", "SGD · out"]
    words = {"hidden_layer": "隐藏层 {i}", "output_layer": "输出层"}
    chinese = [t["name"] for t in figures.update_ratio_figure([history], text=words).to_plotly_json()["data"]]
    assert chinese == ["SGD · 隐藏层 1", "SGD · 隐藏层 2", "SGD · 输出层"]
