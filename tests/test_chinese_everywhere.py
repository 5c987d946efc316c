"""Every page in Chinese shows Chinese: no English word reaches a Chinese reader (issue #12).

Each page is rendered in AppTest with the language set to Chinese, at its defaults and in the views
that show more text: each Compare lesson, an open optimizer panel, every optimizer's update rule, a
shared and an own schedule, the 3D and share views, bad links (a value out of range, not a number, an
unknown name), bad formulas, every mode of the landscape and learn pages, a trained network.  Every
visible string is collected (``tests/visible_text.py``: Markdown, captions, alerts, labels, tooltips,
options, table headers and cells, and every text of every Plotly figure) and each English word is
reported with the string it is in.  The allowed words (proper names, function names, units) are
``tests.visible_text.ALLOWED``, each group with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from comparison import codec as K
from comparison import config as C
from comparison.presets import PRESETS
from tests.test_fuzz_urls import exceptions
from tests.visible_text import english_words, plain, visible_strings
from ui.navigation import available_pages

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class View:
    """One page opened in Chinese: from ``query``, with ``state`` set first, then ``act`` applied."""

    name: str
    page: str
    query: dict = field(default_factory=dict)
    state: dict = field(default_factory=dict)
    act: object = None  # a function of the AppTest, run after the first run (then the page runs again)
    slow: bool = False


def _compare(config: C.CompareConfig, **extra) -> dict:
    return {**K.query_for(config), **extra}


def _all_kinds() -> list[dict]:
    kinds = list(C.KINDS)
    chunks = [kinds[i:i + C.MAX_OPTIMIZERS] for i in range(0, len(kinds), C.MAX_OPTIMIZERS)]
    return [_compare(C.CompareConfig(tuple(C.OptimizerConfig(k) for k in chunk)), **{"compare.view": "rules"})
            for chunk in chunks]


def _train(at: AppTest) -> None:
    at.button(key="train_network.train").click()


def _type_milestones(at: AppTest) -> None:
    at.text_input(key="compare.o0.s.milestones").input("50, 20")


def _train_then_change(at: AppTest) -> None:
    """Train, then change a setting: the results are marked as from other settings."""
    _train(at)
    at.run()
    at.number_input(key="train_network.seed").set_value(1)


def _set(kind: str, key: str, value) -> object:
    """An action: set widget ``key`` (an AppTest element of ``kind``) to ``value``, as a user would."""
    return lambda at: getattr(at, kind)(key=key).set_value(value)


def _reverse_sweep_range(at: AppTest) -> None:
    low = next(n for n in at.number_input if n.key and n.key.endswith(".low"))
    low.set_value(5.0)


FAST_TRAIN = {"train_network.epochs": "3", "train_network.n": "60"}
COMPARE, BASINS, NOISE, SCHEDULES = "compare", "basins", "noise", "schedules"
SWEEP, SEARCH, GC, INIT, TRAIN = "sweep", "search", "gradient_check", "initialization", "train_network"


def views() -> list[View]:
    out = [View(f"{Path(p.path).stem}-default", p.path) for p in available_pages()]
    page = {Path(p.path).stem: p.path for p in available_pages()}
    cosine = C.ScheduleConfig("cosine", warmup_steps=5, warmup_start=0.1)
    out += [
        # Compare: the lessons, open panels, every update rule, schedules, the other views, bad links
        *(View(f"compare-lesson-{name}", page[COMPARE], _compare(p.config), slow=True) for name, p in PRESETS.items()),
        View("compare-panels", page[COMPARE], state={f"_compare.exp.{i}": True for i in range(4)}),
        *(View(f"compare-rules-{i}", page[COMPARE], q, slow=True) for i, q in enumerate(_all_kinds())),
        View("compare-shared-schedule", page[COMPARE],
             _compare(C.CompareConfig(C.DEFAULT.optimizers, shared_schedule=True,
                                      schedule=C.ScheduleConfig("cyclic", (("mode", "exp_range"),))))),
        View("compare-own-schedule", page[COMPARE],
             _compare(C.CompareConfig((C.OptimizerConfig("adam", (("amsgrad", True),), cosine),
                                       C.OptimizerConfig("sgd", (), C.ScheduleConfig("one_cycle"))))),
             state={"_compare.exp.0": True, "_compare.exp.1": True}),
        View("compare-handover", page[COMPARE],
             _compare(C.CompareConfig((C.OptimizerConfig("adam", then=C.HandOver(10, "momentum", 0.01)),
                                       C.OptimizerConfig("sgd")), steps=30), **{"compare.view": "share"}),
             state={"_compare.exp.0": True}),
        View("compare-handover-too-late", page[COMPARE],
             _compare(C.CompareConfig((C.OptimizerConfig("adam", then=C.HandOver(40)),), steps=30))),
        # Build your own: its open panel (φ, ψ, ε's options) and the sentence naming the optimizer, or none
        View("compare-build-your-own", page[COMPARE],
             {"compare.o0.kind": "framework", "compare.o0.direction": "ema", "compare.o0.scale": "ema_max"},
             state={"_compare.exp.0": True}),
        View("compare-build-your-own-unnamed", page[COMPARE],
             {"compare.o0.kind": "framework", "compare.o0.direction": "nesterov", "compare.o0.scale": "sum",
              "compare.o0.eps_place": "inside", "compare.o0.bias_correction": "0"}),
        View("compare-3d", page[COMPARE], {"compare.view": "3d"}),
        View("compare-share", page[COMPARE], {"compare.view": "share"}),
        View("compare-bad-link", page[COMPARE],
             {"compare.o0.lr": "-5", "compare.steps": "lots", "compare.o1.kind": "sgdd", "compare.x0": "1e9",
              "compare.book_quadratic.a": "2", "compare.o0.sched": "multistep", "compare.o0.s.milestones": "5, x"}),
        View("compare-bad-milestones", page[COMPARE],
             {"compare.o0.sched": "multistep", "compare.o0.s.milestones": "5, x"}, state={"_compare.exp.0": True}),
        View("compare-typed-milestones", page[COMPARE], {"compare.o0.sched": "multistep"},
             state={"_compare.exp.0": True}, act=_type_milestones),
        View("compare-bad-formula", page[COMPARE], {"compare.surface": "custom", "compare.expr": "foo(x) + y"}),
        View("compare-formula-syntax", page[COMPARE], {"compare.surface": "custom", "compare.expr": "x +* y"}),
        View("compare-bad-surface-param", page[COMPARE],
             {"compare.surface": "rosenbrock", "compare.rosenbrock.b": "-3"}),
        View("compare-diverged", page[COMPARE], {"compare.o0.lr": "5"}),
        View("compare-no-minimum", page[COMPARE], {"compare.surface": "saddle"}),
        View("compare-noise-pick", page[COMPARE], {"compare.batch": "16", "compare.pick": "1"}),
        View("compare-start-not-finite", page[COMPARE],
             {"compare.surface": "custom", "compare.expr": "log(x) + y**2", "compare.x0": "-2"}),
        # the landscape pages
        *(View(f"basins-{mode}", page[BASINS], {"basins.mode": mode, "basins.probe": "1,1"}, slow=True)
          for mode in ("steps", "loss")),
        View("basins-bad-link", page[BASINS], {"basins.steps": "-5", "basins.probe": "1", "basins.tol": "x"}),
        View("basins-bad-formula", page[BASINS], {"basins.surface": "custom", "basins.expr": "foo(x)"}),
        View("noise-examples", page[NOISE], {"noise.xaxis": "examples", "noise.scale": "1"}),
        View("noise-bad-link", page[NOISE], {"noise.sigma": "-1", "noise.batches": "1,x"}),
        View("schedules-panels", page[SCHEDULES], {"schedules.panels": "1", "schedules.logy": "1"}),
        View("schedules-bad-link", page[SCHEDULES], {"schedules.horizon": "1e9", "schedules.a": "nope"}),
        *(View(f"sweep-{metric}", page[SWEEP], {"sweep.metric": metric, "sweep.cell": "3,4"}, slow=True)
          for metric in ("steps_to_tol", "divergence", "rate")),
        View("sweep-bad-link", page[SWEEP], {"sweep.steps": "0", "sweep.cell": "x"}),
        View("search-zoomed", page[SEARCH], {"search.objective": "final_loss", "search.stage": "1"}, slow=True),
        View("search-bad-link", page[SEARCH], {"search.n": "-1", "search.objective": "best"}),
        # a control set so that nothing can be drawn: the page says what to change
        View("noise-no-batch-size", page[NOISE], act=_set("multiselect", "noise.batches", [])),
        View("sweep-reversed-range", page[SWEEP], act=_reverse_sweep_range),
        View("schedules-none-shown", page[SCHEDULES], act=_set("multiselect", "schedules.shown", [])),
        View("train-no-optimizer", page[TRAIN], act=_set("multiselect", "train_network.optimizers", [])),
        # the learn pages, every mode
        View("gc-kink", page[GC], {"gradient_check.family": "kink"}),
        View("gc-bad-link", page[GC], {"gradient_check.h": "x", "gradient_check.family": "none"}),
        View("gc-custom", page[GC], {"gradient_check.surface": "custom"}),
        View("gc-no-precision", page[GC], {"gradient_check.float32": "0", "gradient_check.float64": "0"}),
        # every surface with parameters: their labels and tooltips
        *(View(f"gc-{name}", page[GC], {"gradient_check.surface": name})
          for name in ("quadratic", "rastrigin", "plateau", "cliff")),
        View("gc-bad-formula", page[GC], {"gradient_check.surface": "custom", "gradient_check.expr": "foo(x)"}),
        *(View(f"init-{act}-bn", page[INIT], {"initialization.activation": act, "initialization.bn": "1",
                                               "initialization.init": init})
          for act, init in (("tanh", "xavier"), ("relu", "he"), ("sigmoid", "zeros"))),
        View("init-bad-link", page[INIT], {"initialization.layers": "-1", "initialization.init": "std2"}),
        View("train-trained", page[TRAIN], FAST_TRAIN, act=_train, slow=True),
        View("train-digits", page[TRAIN], {**FAST_TRAIN, "train_network.data": "digits", "train_network.hidden": "8",
                                           "train_network.optimizers": "adam,rmsprop"}, act=_train, slow=True),
        View("train-stale", page[TRAIN], FAST_TRAIN, act=_train_then_change, slow=True),
        # issue #15 items 12 and 15: reduce on plateau (cuts stated), L-BFGS on the full batch (its cost stated)
        View("train-plateau", page[TRAIN], {**FAST_TRAIN, "train_network.epochs": "6",
                                            "train_network.schedule": "plateau",
                                            "train_network.sched.plateau.patience": "0"}, act=_train, slow=True),
        View("train-lbfgs", page[TRAIN], {**FAST_TRAIN, "train_network.optimizers": "lbfgs,adam"}, act=_train,
             slow=True),
        View("train-lbfgs-dropout", page[TRAIN], {**FAST_TRAIN, "train_network.optimizers": "lbfgs",
                                                  "train_network.dropout": "0.2"}),
        View("train-batch-norm-batch-1", page[TRAIN], {**FAST_TRAIN, "train_network.bn": "1",
                                                       "train_network.batch": "1"}),
        View("train-bad-hidden", page[TRAIN], {**FAST_TRAIN, "train_network.hidden": "64, lots"}),
        View("train-bad-link", page[TRAIN], {"train_network.epochs": "-3", "train_network.data": "mnist",
                                             "train_network.hidden": "1000000"}),
    ]
    return out


VIEWS = views()


def render(view: View) -> AppTest:
    at = AppTest.from_file(str(ROOT / view.page), default_timeout=120)
    at.session_state["lang"] = "zh"
    for key, value in view.state.items():
        at.session_state[key] = value
    at.query_params.update(view.query)
    at.run()
    if view.act is not None and not at.exception:
        view.act(at)
        at.run()
    return at


def english_in(at: AppTest, query: dict | None = None) -> dict[str, list[str]]:
    """Each visible string with an English word, and those words.  The link's own values (``query``) are
    left out where a notice quotes them back as they were written: the reader's text, not the app's."""
    query = query or {}
    parts = {p.strip() for v in query.values() for p in [v, *v.split(","), *re.findall(r"\w+", v)]
             if len(p.strip()) > 1}
    # not inside an identifier: step\_size (LaTeX's escaped underscore) is one word, not "step" and "_size"
    echoed = [re.compile(rf"(?<![\w.\\]){re.escape(p)}(?![\w.\\])") for p in sorted(parts, key=len, reverse=True)]
    found = {}
    for text in visible_strings(at):
        for key, value in query.items():
            text = text.replace(f"{key}={value}", " ")
        for value in echoed:
            text = value.sub(" ", text)
        words = english_words(text)
        if words:
            found[text[:200]] = sorted(set(words))
    return found


@pytest.mark.parametrize("view", [pytest.param(v, id=v.name, marks=[pytest.mark.slow] if v.slow else [])
                                  for v in VIEWS])
def test_every_visible_string_is_chinese(view):
    at = render(view)
    assert not at.exception, exceptions(at)
    strings = visible_strings(at)
    assert len(strings) > 20, strings  # the page did render (a stopped page would pass vacuously)
    assert "⟦" not in "\n".join(strings)
    leaks = english_in(at, view.query)
    assert not leaks, leaks


# ------------------------------------------------------------------------------ the checker itself


def test_english_words_finds_the_leaks_the_review_found():
    assert english_words("链接中的参数 compare.o0.lr=-5 无效（lr must be in (0, inf) (got -5.0)）") == \
        ["must", "be", "in", "got"]
    assert english_words(r"$$ d_t = \begin{cases} g_t & \text{Nesterov} \\ b_t & \text{otherwise}\end{cases} $$") \
        == ["otherwise"]
    assert english_words("step %{customdata}<br>x=%{x:.4g}<extra></extra>") == ["step"]
    assert english_words("B = 1 band") == ["band"]
    assert english_words("无法使用该函数：function 'foo' at column 8 is not allowed") == \
        ["function", "foo", "at", "column", "is", "not", "allowed"]


def test_english_words_lets_names_formulas_and_glosses_through():
    for text in ("Rosenbrock 山谷（香蕉函数）", "动量阻尼 τ（dampening）", "Distill《Why Momentum Really Works》",
                 r"$$ \hat m_t = \frac{m_t}{1-\beta_1^t} $$", "猴鞍面 x³ − 3xy²", "Lévy 函数 N.13",
                 "每隔 step_size 次更新", "约定：torch.optim.SGD", "lr = 0.1，β₁ = 0.9", ":material/school: 示例"):
        assert english_words(text) == [], (text, plain(text))
