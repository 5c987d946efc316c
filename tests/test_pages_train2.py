"""AppTest of Train a small network's reduce on plateau (issue #15 item 12)."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from learn import datasets, training
from tests.test_learn_train2 import torch_rates

TRAIN = str(Path(__file__).resolve().parent.parent / "app_pages" / "train_network.py")
RUN = "train_network._run"
PLATEAU = {"train_network.epochs": "30", "train_network.n": "120", "train_network.batch": "16",
           "train_network.optimizers": "adam", "train_network.adam.lr": "0.05",
           "train_network.schedule": "plateau", "train_network.sched.plateau.factor": "0.5",
           "train_network.sched.plateau.patience": "2", "train_network.sched.plateau.cooldown": "1"}


def trained(lang: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(TRAIN, default_timeout=120)
    if lang:
        at.session_state["lang"] = lang
    at.query_params.update(query)
    at.run()
    at.button(key="train_network.train").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_plateau_on_train_cuts_the_rate_when_the_validation_loss_stalls():
    at = trained(**PLATEAU)
    assert at.radio(key="train_network.schedule_unit").disabled  # always epochs
    assert any("patience and cooldown count epochs" in c.value for c in at.caption)
    run = at.session_state[RUN]
    assert run["done"] and run["key"][1][10][2] == "epoch"
    h = run["histories"][0]
    # torch's ReduceLROnPlateau stepped with the recorded validation losses gives the same rates
    assert h["lr"][1:] == torch_rates(h["val_loss"][1:], 0.05, factor=0.5, patience=2, cooldown=1)
    cuts = training.rate_cuts(h["lr"])
    assert cuts
    lr_chart = [c for c in charts(at) if c["layout"].get("yaxis", {}).get("title", {}).get("text", "")
                .startswith("learning rate")]
    assert len(lr_chart) == 1 and len(lr_chart[0]["data"]) == 1
    text = " ".join(m.value for m in at.markdown)
    shown = ", ".join(map(str, cuts))
    assert f"the rate was cut after epoch {shown} (0.05 → {h['lr'][-1]:.3g})" in text


def test_plateau_that_never_stalls_says_the_rate_stayed():
    at = trained(**{**PLATEAU, "train_network.epochs": "3", "train_network.sched.plateau.patience": "50"})
    h = at.session_state[RUN]["histories"][0]
    assert training.rate_cuts(h["lr"]) == [] and h["lr"][1:] == [0.05] * 3
    assert any("the rate stayed 0.05" in m.value for m in at.markdown)


def test_plateau_in_chinese():
    at = trained("zh", **PLATEAU)
    h = at.session_state[RUN]["histories"][0]
    shown = "、".join(map(str, training.rate_cuts(h["lr"])))
    assert any(f"学习率在第 {shown} 轮之后被降低" in m.value for m in at.markdown)
    assert any("平台期降低学习率在每轮结束后读取验证损失" in c.value for c in at.caption)


# --- L-BFGS on the full batch (issue #15 item 15) ------------------------------------------------------

LBFGS = {"train_network.optimizers": "lbfgs,adam", "train_network.epochs": "5", "train_network.n": "120"}


def test_lbfgs_is_offered_as_full_batch_and_states_its_evaluations():
    at = trained(**LBFGS)
    select = at.multiselect(key="train_network.optimizers")
    assert "L-BFGS (full batch)" in select.options
    assert any("L-BFGS uses the full batch" in c.value for c in at.caption)
    run = at.session_state[RUN]
    lbfgs, adam = run["histories"]
    assert run["done"] and lbfgs["evaluations"][0] == 0 and len(lbfgs["evaluations"]) == 6
    assert not adam["evaluations"]  # mini-batch runs count updates, not full-batch evaluations
    counts = lbfgs["evaluations"][1:]
    span = str(counts[0]) if min(counts) == max(counts) else f"{min(counts)}–{max(counts)}"
    n = len(datasets.load("spirals", n=120, noise=datasets.DEFAULT_NOISE["spirals"], classes=2, seed=0).y_train)
    text = " ".join(m.value for m in at.markdown)
    assert (f"used the full batch: each of its 5 epochs was one step over all {n} training examples and cost "
            f"{span} evaluations of the loss and its gradient ({sum(counts)} in all") in text
    checks = at.dataframe[-1].value
    assert list(checks["Passed"]) == [True] * 6


def test_lbfgs_alone_checks_the_network_after_one_full_batch_step():
    at = trained(**{**LBFGS, "train_network.optimizers": "lbfgs"})
    checks = at.dataframe[-1].value
    assert list(checks["Passed"]) == [True] * 5
    assert list(checks["Result"])[0].startswith(f"after {training.FULL_BATCH_BURN_IN} updates of burn-in")


def test_lbfgs_with_dropout_is_a_message_in_both_languages():
    for lang, words in (("en", "set dropout to 0"), ("zh", "请把 Dropout 设为 0")):
        at = AppTest.from_file(TRAIN, default_timeout=120)
        at.session_state["lang"] = lang
        at.query_params.update({**LBFGS, "train_network.dropout": "0.2"})
        at.run()
        assert not at.exception
        assert any(words in e.value for e in at.error), [e.value for e in at.error]


def test_lbfgs_in_chinese():
    at = trained("zh", **LBFGS)
    assert "L-BFGS（全批量）" in at.multiselect(key="train_network.optimizers").options
    assert any("使用了全批量" in m.value and "次损失及其梯度的计算" in m.value for m in at.markdown)
