"""One row of facts per optimizer (optimizers/facts.py), the update rule written once (latex is the
docstring's math), and torch's pair spellings of hyperparameters (``betas=(0.9, 0.99)``)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import optimizers
from comparison import config as C
from landscapes import sweep as sw
from learn import training
from optimizers import base, facts, schedules
from paramspec import PAIRS, ParamSpec, validate_all
from ui.spec_text import spec_help, spec_label
from ui.strings import CATALOGUE

NAMES = optimizers.names()
CJK = re.compile(r"[\u4e00-\u9fff]")


# ----------------------------------------------------------------------------------- the table

def test_every_registered_optimizer_has_one_row_and_every_row_an_optimizer():
    rows = [row.name for row in facts.ROWS]
    assert len(rows) == len(set(rows))
    missing = sorted(set(NAMES) - set(rows))
    assert not missing, f"no row in optimizers/facts.py for {missing}"
    stale = sorted(set(rows) - set(NAMES))
    assert not stale, f"optimizers/facts.py has rows for unregistered optimizers {stale}"


def test_an_optimizer_without_a_row_is_an_error_not_a_default():
    with pytest.raises(ValueError, match="no row in optimizers/facts.py"):
        facts.of("sgdd")


def test_consumers_raise_for_a_registered_optimizer_without_a_row(monkeypatch):
    class Unlisted(base.Optimizer):
        """An optimizer someone registered but gave no row."""

        name, title, specs, latex, convention = "unlisted", "Unlisted", (base.lr_spec(0.1),), "x", "none"

    monkeypatch.setitem(base._REGISTRY, "unlisted", Unlisted)
    with pytest.raises(ValueError, match="'unlisted' has no row"):
        C._kinds()
    with pytest.raises(ValueError, match="'unlisted' has no row"):
        training.mlp_optimizer_names()


def test_menu_and_add_positions_are_unique():
    entries = [(r.name, r.menu, r.add) for r in facts.ROWS]
    entries += [(v.name, v.menu, v.add) for r in facts.ROWS for v in r.variants]
    names = [e[0] for e in entries]
    assert len(names) == len(set(names)), "a variant has the name of an optimizer"
    for position in (1, 2):
        values = [e[position] for e in entries]
        assert len(values) == len(set(values)), f"two menu entries share position {sorted(values)}"


def test_the_compare_menu_is_built_from_the_rows():
    entries = [(r.menu, r.name) for r in facts.ROWS] + [(v.menu, v.name) for r in facts.ROWS for v in r.variants]
    assert list(C.KINDS) == [name for _, name in sorted(entries)]
    adds = [(r.add, r.name) for r in facts.ROWS] + [(v.add, v.name) for r in facts.ROWS for v in r.variants]
    assert C.ADD_ORDER == tuple(name for _, name in sorted(adds))
    for row in facts.ROWS:
        assert C.KINDS[row.name].default("lr") == row.lr("compare")
        for v in row.variants:
            kind = C.KINDS[v.name]
            assert kind.optimizer == row.name and kind.default("lr") == v.lr and kind.fixed == dict(v.fixed)
            kind_specs = optimizers.optimizer_class(row.name).spec_map()
            assert set(v.defaults) | set(v.fixed) <= set(kind_specs), v.name
            optimizers.get(row.name, lr=v.lr, **v.defaults, **v.fixed)  # a valid configuration


@pytest.mark.parametrize("page", facts.PAGES)
@pytest.mark.parametrize("name", NAMES)
def test_each_pages_demo_lr_is_inside_the_lr_spec_and_its_slider(name, page):
    row = facts.of(name)
    assert set(row.demo_lr) <= {facts.DEFAULT, *facts.PAGES}, f"{name}: demo_lr names an unknown page"
    spec = optimizers.optimizer_class(name).spec_map()["lr"]
    lrs = [row.lr(page)] + ([v.lr for v in row.variants] if page == "compare" else [])
    for lr in lrs:
        assert spec.validate(lr) == lr
        assert spec.ui_low <= lr <= spec.ui_high, f"{name} on {page}: lr {lr} is outside the slider"


def test_an_unknown_page_is_an_error():
    with pytest.raises(ValueError, match="unknown page 'compair'"):
        facts.of("adam").lr("compair")


@pytest.mark.parametrize("name", NAMES)
def test_every_hyperparameter_has_a_symbol_and_a_label(name):
    row = facts.of(name)
    specs = optimizers.optimizer_class(name).spec_map()
    for hp in specs:
        if hp != "lr":
            assert row.symbol(hp), f"{name}.{hp}"
        for lang in ("en", "zh"):
            assert spec_label(f"opt:{name}", hp, lang) and spec_help(f"opt:{name}", hp, lang)
    assert set(row.symbols) <= set(specs), f"{name}: symbols for hyperparameters it does not have"
    with pytest.raises(KeyError, match="no symbol for 'nope'"):
        row.symbol("nope")


def test_every_schedule_parameter_has_a_label():
    names = {n for s in schedules.names() for n in schedules.specs(s)} | set(schedules.warmup_specs())
    for name in names:
        for lang in ("en", "zh"):
            assert spec_label("sched", name, lang) and spec_help("sched", name, lang)


@pytest.mark.parametrize("name", NAMES)
def test_every_optimizer_has_its_convention_in_both_languages(name):
    row = facts.of(name)
    entry = CATALOGUE.get(row.convention_key)
    assert entry is not None, (f"no {row.convention_key} in the catalogue: add the Chinese text of {name}'s "
                               f"convention (convention_note in ui/strings/opt_{name}.py)")
    convention = optimizers.optimizer_class(name).convention
    assert convention and entry["en"] == convention
    assert entry["zh"] and entry["zh"] != entry["en"] and CJK.search(entry["zh"]), f"{name}: untranslated"


@pytest.mark.parametrize("name", NAMES)
def test_the_torch_class_matches_the_convention(name):
    row, convention = facts.of(name), optimizers.optimizer_class(name).convention
    if row.torch is None:
        assert not convention.startswith("torch.optim."), name
    else:
        assert convention.startswith(f"torch.optim.{row.torch}:"), (name, convention[:40])


@pytest.mark.parametrize("name", NAMES)
def test_the_sweep_axis_can_be_swept(name):
    axis = facts.of(name).sweep_axis
    assert axis != "lr" and axis in sw.axis_options(name)


@pytest.mark.parametrize("name", NAMES)
def test_training_cost_exactly_for_the_optimizers_that_train_a_network(name):
    row = facts.of(name)
    assert row.trains_network == optimizers.optimizer_class(name).trains_network
    if row.trains_network:
        assert name in training.mlp_optimizer_names()
        us, ns = row.train_step_cost
        assert us > 0 and ns > 0
    else:
        assert name not in training.mlp_optimizer_names()


# ------------------------------------------------------------------ the update rule, written once

def math_block(doc: str) -> str:
    """The ``.. math::`` block of a docstring, its rows joined back into one LaTeX string."""
    lines = doc.split("\n")
    start = lines.index(base.MATH) + 2  # the directive, then a blank line
    rows = []
    for line in lines[start:]:
        if not line.startswith("    "):
            break
        rows.append(line[4:])
    return "".join(rows)


@pytest.mark.parametrize("name", NAMES)
def test_the_docstring_shows_the_latex_the_app_shows(name):
    cls = optimizers.optimizer_class(name)
    assert cls.__doc__.count(base.MATH) == 1
    assert math_block(cls.__doc__) == cls.latex
    assert f"Convention: {cls.convention}" in cls.__doc__
    assert "".join(base.latex_rows(cls.latex)) == cls.latex


def test_rows_split_only_outside_environments():
    latex = r"a\\ b = \begin{cases} 1 & x\\ 2 & y\end{cases}\\c"
    assert base.latex_rows(latex) == [r"a\\", r" b = \begin{cases} 1 & x\\ 2 & y\end{cases}\\", "c"]


def test_a_docstring_with_its_own_math_is_refused():
    with pytest.raises(TypeError, match="write the update rule once"):
        class Twice(base.Optimizer):  # noqa: F841
            """Twice.

            .. math::
                x = 1
            """

            latex = "x = 1"


# ---------------------------------------------------------------------- torch's pair spellings

PAIRED = [n for n in NAMES if {"beta1", "beta2"} <= set(optimizers.optimizer_class(n).spec_map())]
BETA = st.one_of(st.floats(-0.5, 1.5), st.sampled_from([0.0, 0.9, 0.999, 1.0, float("nan"), float("inf")]))


def outcome(name, **kwargs):
    """The validated hyperparameters, or the refusal's message."""
    try:
        return optimizers.get(name, **kwargs).hyperparameters
    except ValueError as err:
        return f"ValueError: {err}"


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(PAIRED), beta1=BETA, beta2=BETA, lr=st.sampled_from([0.01, 0.3]))
def test_betas_is_beta1_and_beta2(name, beta1, beta2, lr):
    assert outcome(name, lr=lr, betas=(beta1, beta2)) == outcome(name, lr=lr, beta1=beta1, beta2=beta2)
    assert outcome(name, lr=lr, betas=[beta1, beta2]) == outcome(name, lr=lr, beta1=beta1, beta2=beta2)


def test_betas_of_arrays_sweep_like_beta1_and_beta2():
    b1, b2 = np.array([0.5, 0.9]), np.array([0.9, 0.99])
    paired = optimizers.get("adam", betas=(b1, b2)).hyperparameters
    plain = optimizers.get("adam", beta1=b1, beta2=b2).hyperparameters
    assert paired.keys() == plain.keys()
    for key in plain:
        np.testing.assert_array_equal(paired[key], plain[key])


@pytest.mark.parametrize("kwargs,message", [
    (dict(betas=(0.9,)), "betas must be a pair (beta1, beta2)"),
    (dict(betas=0.9), "betas must be a pair (beta1, beta2)"),
    (dict(betas=(0.9, 0.99), beta1=0.5), "either betas or beta1 and beta2, not both"),
    (dict(betas=(0.9, 1.5)), "beta2 must be in [0, 1)"),
])
def test_a_bad_pair_is_refused_with_a_message(kwargs, message):
    with pytest.raises(ValueError) as err:
        optimizers.get("adam", **kwargs)
    assert message in str(err.value)


def test_a_pair_for_an_optimizer_without_its_parameters_is_unknown():
    with pytest.raises(ValueError, match="no parameter 'betas'"):
        optimizers.get("sgd", betas=(0.9, 0.99))
    with pytest.raises(ValueError, match=r"it takes: .*betas=\(beta1, beta2\)"):
        optimizers.get("adam", momentum=0.9)


def test_the_pair_mechanism_is_generic():
    specs = {s.name: s for s in (ParamSpec("eta_minus", 0.5, low=0.0, high=1.0),
                                 ParamSpec("eta_plus", 1.2, low=1.0))}
    pairs = {**PAIRS, "etas": ("eta_minus", "eta_plus")}
    assert validate_all(specs, {"etas": (0.3, 2.0)}, "rprop", pairs) == {"eta_minus": 0.3, "eta_plus": 2.0}
    assert validate_all(specs, {}, "rprop", pairs) == {"eta_minus": 0.5, "eta_plus": 1.2}
    with pytest.raises(ValueError, match="eta_plus must be in"):
        validate_all(specs, {"etas": (0.3, 0.5)}, "rprop", pairs)
