"""The Compare page's configuration: kinds, labels, session/URL keys (through the codec) and the noise model."""

import math

import numpy as np
import pytest

import optimizers
from comparison import codec as K
from comparison import config as C
from comparison.config import DEFAULT, CompareConfig, OptimizerConfig, ScheduleConfig


@pytest.mark.parametrize("kind", list(C.KINDS))
def test_every_kind_builds_with_its_defaults_and_runs(kind):
    opt = OptimizerConfig(kind).build()
    assert opt.name == C.KINDS[kind].optimizer
    traj = optimizers.run(C.build_surface("book_quadratic"), opt, start=(-7, 2), steps=5)
    assert np.isfinite(traj.loss).all()


def test_friendly_kinds_are_sgd_with_momentum_and_nesterov():
    momentum = OptimizerConfig("momentum").build()
    nesterov = OptimizerConfig("nesterov").build()
    assert momentum.name == nesterov.name == "sgd"
    assert momentum.hyperparameters["momentum"] == 0.9 and not momentum.hyperparameters["nesterov"]
    assert nesterov.hyperparameters["nesterov"]
    assert "nesterov" not in C.KINDS["momentum"].specs()  # fixed, so not offered as a switch


def test_labels_name_the_kind_the_lr_and_what_differs():
    cfg = CompareConfig(
        (
            OptimizerConfig("sgd", (("lr", 0.1),)),
            OptimizerConfig("sgd", (("lr", 0.5),)),
            OptimizerConfig("momentum", (("lr", 0.003), ("momentum", 0.74))),
            OptimizerConfig("adam", (("lr", 0.3),), ScheduleConfig("cosine", warmup_steps=10)),
        )
    )
    assert cfg.labels() == [
        "1. SGD (lr=0.1)",
        "2. SGD (lr=0.5)",
        "3. Momentum (lr=0.003, μ=0.74)",
        "4. Adam (lr=0.3, cosine+warmup 10)",
    ]


def test_the_default_view_has_an_empty_query_string():
    assert K.query_for(DEFAULT) == {}


def test_query_lists_only_what_differs_from_the_defaults():
    cfg = CompareConfig(
        (OptimizerConfig("adam", (("lr", 0.3),)), OptimizerConfig("momentum", (("lr", 0.1),))),
        "rosenbrock",
        steps=100,
    )
    query = K.query_for(cfg)
    assert query == {
        "compare.surface": "rosenbrock",
        "compare.n": "2",
        "compare.steps": "100",
        "compare.o0.kind": "adam",
        "compare.o0.lr": "0.3",
        "compare.o1.lr": "0.1",
    }
    # slot 1 is Momentum, as in the default view, but Rosenbrock's Momentum starts at lr 2e-4: the link
    # says 0.1; at Rosenbrock's own rate there is nothing to say about it but that the link's left-out
    # rates are the surface's own (compare.v=2: a link without it reads them as links did before)
    rosenbrock_rate = CompareConfig(
        (OptimizerConfig("adam", (("lr", 0.3),)), OptimizerConfig("momentum", (("lr", 2e-4),))), "rosenbrock",
        steps=100,
    )
    query = K.query_for(rosenbrock_rate)
    assert "compare.o1.lr" not in query and query["compare.v"] == "2"


def test_state_covers_every_hyperparameter_and_schedule_key():
    cfg = CompareConfig(
        (OptimizerConfig("adam", (("lr", 0.3),), ScheduleConfig("step", (("step_size", 5),))),)
    )
    state = K.state_for(cfg)
    for name in C.KINDS["adam"].specs():
        assert f"compare.o0.{name}" in state
    assert state["compare.o0.sched"] == "step" and state["compare.o0.s.step_size"] == 5
    assert state["compare.o0.s.gamma"] == 0.1 and state["compare.o0.s.warmup_steps"] == 0
    assert state["compare.x0"] == -7.0 and state["compare.n"] == 1 and state["compare.slots"] == (0,)


def test_normalized_views_compare_equal():
    a = CompareConfig((OptimizerConfig("sgd", (("lr", 0.95),)),))
    b = CompareConfig((OptimizerConfig("sgd", (("lr", 0.95), ("momentum", 0.0))),), start=(-7.0, 2.0))
    assert a != b and a.normalized() == b.normalized()


def test_shared_schedule_applies_to_every_optimizer():
    shared = ScheduleConfig("exponential", (("gamma", 0.9),))
    cfg = CompareConfig(
        (OptimizerConfig("sgd"), OptimizerConfig("adam", schedule=ScheduleConfig("cosine"))),
        shared_schedule=True,
        schedule=shared,
    )
    assert cfg.schedule_for(0) == cfg.schedule_for(1) == shared
    assert "cosine" not in cfg.labels()[1]


def test_noise_is_sigma_one_over_root_batch():
    surface = C.build_surface("book_quadratic")
    sigma_one = C.noise_scale(surface)
    assert 1.0 < sigma_one < 10.0
    assert C.noise_sigma(sigma_one, 0) == 0.0
    assert C.noise_sigma(sigma_one, 16) == pytest.approx(sigma_one / 4)
    assert math.isfinite(C.noise_scale(C.build_surface("saddle")))


def test_a_custom_expression_is_a_surface():
    surface = C.build_surface(C.CUSTOM, (), "x**2 + 3*y**2")
    assert float(surface.f(np.array([1.0, 1.0]))) == pytest.approx(4.0)
