"""Train's reduce on plateau (stepped with the validation loss once per epoch, as torch's usage is)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from learn import datasets, figures, training

DATA = datasets.load("spirals", n=120, noise=0.3, classes=2, seed=0)


def plateau_config(**params) -> training.TrainConfig:
    return training.TrainConfig(optimizer="adam", hyperparameters={"lr": 0.05}, hidden=(32, 32), epochs=40,
                                batch_size=16, schedule="plateau", schedule_params=params, schedule_unit="epoch")


def torch_rates(val_losses: list[float], lr: float, **params) -> list[float]:
    """torch's ReduceLROnPlateau as its documentation uses it: the rate of each epoch, then
    ``scheduler.step(val_loss)`` after it."""
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="min", **params)
    rates = []
    for loss in val_losses:
        rates.append(opt.param_groups[0]["lr"])
        sched.step(loss)
    return rates


@pytest.mark.parametrize("params", [
    {"factor": 0.5, "patience": 2, "cooldown": 1},
    {"factor": 0.3, "patience": 1, "threshold": 0.02, "threshold_mode": "abs", "min_lr": 0.004},
    {"factor": 0.5, "patience": 0, "threshold": 0.05, "cooldown": 3},
])
def test_plateau_cuts_the_rate_exactly_when_torch_would_on_the_validation_losses(params):
    h = training.train(DATA, plateau_config(**params)).history
    expected = torch_rates(h.val_loss[1:], 0.05, **params)  # epoch 0 is the untrained network: not observed
    assert h.lr[1:] == expected
    assert math.isnan(h.lr[0])
    cuts = training.rate_cuts(h.lr)
    assert cuts, "the validation loss of this run stalls: the rate must be cut at least once"
    # each cut follows the epoch whose validation loss torch's rule reacted to
    assert cuts == [e for e in range(1, len(expected)) if expected[e] < expected[e - 1]]


def test_plateau_reads_the_validation_loss_not_the_training_loss():
    """The same run, judged on the training loss instead, would cut at other epochs."""
    params = {"factor": 0.5, "patience": 2, "cooldown": 1}
    h = training.train(DATA, plateau_config(**params)).history
    assert h.lr[1:] == torch_rates(h.val_loss[1:], 0.05, **params)
    assert h.lr[1:] != torch_rates(h.train_loss[1:], 0.05, **params)


def test_plateau_resumes_with_its_counters():
    cfg = plateau_config(factor=0.5, patience=2, cooldown=1)
    whole = training.train(DATA, cfg).history
    trainer = training.Trainer(DATA, cfg)
    for _ in range(17):
        trainer.run_epoch()
    resumed = training.Trainer.resume(DATA, cfg, trainer.state())
    while not resumed.finished:
        resumed.run_epoch()
    assert resumed.history.lr[1:] == whole.lr[1:]
    assert resumed.history.val_loss == whole.val_loss


def test_plateau_must_count_epochs():
    with pytest.raises(ValueError, match="once per epoch"):
        training.TrainConfig(schedule="plateau", schedule_unit="update").validate()
    training.TrainConfig(schedule="plateau", schedule_unit="epoch").validate()


def test_closed_form_schedules_record_their_rate():
    cfg = training.TrainConfig(optimizer="sgd", hyperparameters={"lr": 0.1}, hidden=(8,), epochs=5, batch_size=40,
                               schedule="step", schedule_params={"step_size": 2, "gamma": 0.5},
                               schedule_unit="epoch")
    h = training.train(DATA, cfg).history
    assert h.lr[1:] == [0.1, 0.1, 0.05, 0.05, 0.025]  # epoch e uses m(e − 1) = 0.5^⌊(e − 1)/2⌋
    assert training.rate_cuts(h.lr) == [2, 4]


def test_learning_rate_figure_draws_each_runs_rate_from_epoch_1():
    h = training.train(DATA, plateau_config(factor=0.5, patience=2)).history.as_dict()
    fig = figures.learning_rate_figure([h], text={"learning_rate": "LR"})
    trace = fig.data[0]
    assert list(trace.x) == h["epoch"][1:] and list(trace.y) == h["lr"][1:]
    fig = fig.to_plotly_json()
    assert fig["layout"]["yaxis"]["type"] == "log" and fig["layout"]["yaxis"]["title"]["text"] == "LR"
    assert np.all(np.diff(trace.y) <= 0)  # the rule only ever cuts
