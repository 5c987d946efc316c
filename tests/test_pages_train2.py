"""AppTest of Train a small network's reduce on plateau (issue #15 item 12)."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from learn import training
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
