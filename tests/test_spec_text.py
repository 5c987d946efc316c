"""Every parameter the UI can show has a label and a tooltip in both languages (ui/strings/params.py,
read through ui/spec_text.py), every choice its option texts, every surface its title."""

import re
import string

import pytest

import optimizers
import surfaces
import ui.i18n
from optimizers import schedules
from ui import spec_text
from ui.spec_text import option_label, spec_help, spec_label, surface_title
from ui.strings import CATALOGUE, LANGUAGES

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Chinese texts that may be without a Chinese character: proper names and pure symbols
NO_CJK_OK = {"param.opt.amsgrad"}
# what would turn into Markdown in a label or tooltip: emphasis, code, LaTeX, strikethrough, HTML, a
# link, a quote (a ">" inside a line, as in "μ > 0", is plain text)
MARKDOWN_ACTIVE = re.compile(r"[*`$~<\\{}]|\]\(|^>")


def _optimizer_specs():
    for name in optimizers.names():
        for spec in optimizers.optimizer_class(name).spec_map().values():
            yield f"opt:{name}", spec


def _schedule_specs():
    for name in schedules.names():
        for spec in [*schedules.specs(name).values(), *schedules.warmup_specs().values()]:
            yield f"sched:{name}", spec


def _surface_specs():
    for name in surfaces.names():
        for spec in surfaces.entry(name).params.values():
            yield f"surface:{name}", spec


#: every parameter text, wherever it is defined (params.py, or an optimizer's own ui/strings/opt_<name>.py)
PARAM_KEYS = {key for key in CATALOGUE if key.startswith("param.")}
ALL_SPECS = [*_optimizer_specs(), *_schedule_specs(), *_surface_specs()]
IDS = [f"{owner}.{spec.name}" for owner, spec in ALL_SPECS]


def _used_keys() -> set[str]:
    """Every key of params.py some spec, option or surface resolves to."""
    used = set()
    for owner, spec in ALL_SPECS:
        used.add(spec_text.resolve_key(owner, spec))
        used.add(spec_text.resolve_key(owner, spec, ".help"))
        for value in spec.choices:
            used.add(spec_text.resolve_key(owner, spec, f".option.{value}"))
        general = owner.split(":")[0]
        if general != "surface":  # the general keys serve callers without the optimizer / schedule
            used.add(spec_text.resolve_key(general, spec))
            used.add(spec_text.resolve_key(general, spec, ".help"))
            for value in spec.choices:
                used.add(spec_text.resolve_key(general, spec, f".option.{value}"))
    return used | {f"surface.{name}" for name in surfaces.names()}


@pytest.mark.parametrize(("owner", "spec"), ALL_SPECS, ids=IDS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_spec_has_a_label_and_a_tooltip(owner, spec, lang):
    assert spec_label(owner, spec, lang).strip()
    assert spec_help(owner, spec, lang).strip()
    for value in spec.choices:
        assert option_label(owner, spec, value, lang).strip()


@pytest.mark.parametrize(("owner", "spec"), [s for s in ALL_SPECS if not s[0].startswith("surface")],
                         ids=[i for i in IDS if not i.startswith("surface")])
def test_every_optimizer_and_schedule_name_has_a_general_text(owner, spec):
    general = owner.split(":")[0]
    for lang in LANGUAGES:
        assert spec_label(general, spec, lang).strip()
        assert spec_help(general, spec, lang).strip()
        for value in spec.choices:
            assert option_label(general, spec, value, lang).strip()


@pytest.mark.parametrize("name", surfaces.names())
def test_every_surface_has_its_title(name):
    assert surface_title(name, "en") == surfaces.entry(name).title, "the English title is the surface's own"
    assert CJK.search(surface_title(name, "zh")), f"surface.{name} has no Chinese"


def test_the_optimizer_specific_text_wins():
    newton_lr = optimizers.optimizer_class("newton").spec_map()["lr"]
    assert spec_text.resolve_key("opt:newton", newton_lr) == "param.opt.newton.lr"
    assert spec_text.resolve_key("opt:adam", "lr") == "param.opt.lr"
    assert spec_label("opt:lion", "beta2", "en") != spec_label("opt:adam", "beta2", "en")
    # a specific help without a specific label keeps the general label
    assert spec_label("opt:rmsprop", "momentum", "zh") == spec_label("opt:sgd", "momentum", "zh")
    assert spec_help("opt:rmsprop", "momentum", "en") != spec_help("opt:sgd", "momentum", "en")
    assert spec_help("sched:cyclic", "gamma", "en") != spec_help("sched:step", "gamma", "en")


def test_terms_of_the_review():
    assert spec_label("opt:sgd", "dampening", "zh").startswith("动量阻尼 τ")  # T9
    assert spec_label("opt:newton", "damping", "zh").startswith("Levenberg 阻尼 δ")
    assert "按值截断" in spec_label("opt:adam", "clip_value", "zh")  # T2
    assert "按模截断" in spec_label("opt:adam", "clip_norm", "zh")
    assert "裁剪" in spec_help("opt:adam", "clip_value", "zh") and "范数" in spec_help("opt:adam", "clip_norm", "zh")
    assert "权重衰减" in spec_label("opt:adam", "weight_decay", "zh")  # T4
    assert "起点" not in spec_label("sched", "div_factor", "zh")  # P13
    assert "起点" not in spec_label("sched", "warmup_start", "zh")


def test_the_current_language_is_used_when_none_is_given(monkeypatch):
    monkeypatch.setattr(ui.i18n, "current_language", lambda: "zh")
    assert spec_label("opt:sgd", "momentum") == "动量 μ"
    assert surface_title("saddle") == "鞍面 x² − y²"
    assert option_label("sched", "anneal_strategy", "cos") == "余弦"
    monkeypatch.setattr(ui.i18n, "current_language", lambda: "en")
    assert spec_help("opt:sgd", "momentum").startswith("Momentum μ")


def test_a_missing_text_raises():
    with pytest.raises(KeyError, match="param.opt.adam.no_such_thing"):
        spec_label("opt:adam", "no_such_thing")
    with pytest.raises(KeyError):
        spec_help("surface:rosenbrock", "kappa")
    with pytest.raises(KeyError):
        option_label("sched", "mode", "sawtooth")
    with pytest.raises(KeyError):
        surface_title("no_such_surface")
    for owner in ("surface", "optimizer:adam", "opt:a:b", ""):
        with pytest.raises(ValueError):
            spec_label(owner, "lr")
    with pytest.raises(ValueError):
        spec_label("opt", "lr", lang="fr")


def test_keys_cannot_collide():
    """``param.opt.<optimizer>.<name>`` and ``param.opt.<name>.help`` must never be the same key."""
    opt_specs = {s.name for _, s in _optimizer_specs()}
    sched_specs = {s.name for _, s in _schedule_specs()}
    assert not set(optimizers.names()) & opt_specs
    assert not set(schedules.names()) & sched_specs
    assert not {"help", "option"} & (opt_specs | sched_specs)


def test_no_key_is_left_unused():
    unused = sorted(set(PARAM_KEYS) - _used_keys())
    assert not unused, f"parameter keys in ui/strings/ that no spec, option or surface uses: {unused}"


@pytest.mark.parametrize("key", sorted(PARAM_KEYS))
def test_texts_are_plain_and_chinese(key):
    entry = CATALOGUE[key]
    for lang in LANGUAGES:
        text = entry[lang]
        assert text == text.strip() and text, f"{key}: empty or padded {lang} text"
        assert not MARKDOWN_ACTIVE.search(text), f"{key}: {lang} text would be Markdown: {text!r}"
        assert not [f for _, f, _, _ in string.Formatter().parse(text) if f], f"{key}: has a {{field}}"
    assert not CJK.search(entry["en"]), f"{key}: Chinese in the English text"
    if key not in NO_CJK_OK:
        assert CJK.search(entry["zh"]), f"{key}: the Chinese text has no Chinese: {entry['zh']!r}"
    if key.endswith(".help"):
        assert entry["en"].endswith("."), f"{key}: a tooltip is a sentence"
        assert entry["zh"].endswith("。"), f"{key}: a tooltip is a sentence"
