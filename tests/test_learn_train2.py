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


# --- L-BFGS on the full batch (issue #15 item 15) ------------------------------------------------------

DATA3 = datasets.load("spirals", n=120, noise=0.3, classes=3, seed=0)


def torch_lbfgs(params: dict[str, np.ndarray], cfg: training.TrainConfig, epochs: int):
    """torch.optim.LBFGS on the same tanh network (float64, the same initial weights in the same order), one
    ``step(closure)`` over the whole training set per epoch: each epoch's data loss and evaluations."""
    names = list(params)
    ps = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in params.values()]
    X, y = torch.tensor(DATA3.X_train, dtype=torch.float64), torch.tensor(DATA3.y_train)
    h = cfg.hyperparameters
    opt = torch.optim.LBFGS(ps, lr=h.get("lr", 1.0), max_iter=h.get("max_iter", 20),
                            line_search_fn=h.get("line_search_fn"))

    def data_loss():
        p = dict(zip(names, ps))
        a = X
        for k in range(1, len(cfg.hidden) + 1):
            a = torch.tanh(a @ p[f"dense{k}.W"] + p[f"dense{k}.b"])
        return torch.nn.functional.cross_entropy(a @ p["out.W"] + p["out.b"], y)

    def closure():
        opt.zero_grad()
        loss = data_loss() + 0.5 * cfg.weight_decay * sum((p ** 2).sum() for k, p in zip(names, ps) if k.endswith(".W"))
        loss.backward()
        return loss

    losses, evaluations = [], []
    for _ in range(epochs):
        before = opt.state[ps[0]].get("func_evals", 0)
        opt.step(closure)
        evaluations.append(opt.state[ps[0]]["func_evals"] - before)
        with torch.no_grad():
            losses.append(float(data_loss()))
    return losses, evaluations


@pytest.mark.parametrize("hidden, hp", [
    ((8,), {"line_search_fn": "strong_wolfe"}),
    ((8,), {"max_iter": 5}),
    ((16,), {"line_search_fn": "strong_wolfe", "max_iter": 10}),
    ((), {}),  # softmax regression: convex, converged within the first step
])
def test_lbfgs_full_batch_equals_torch_lbfgs(hidden, hp):
    cfg = training.TrainConfig(optimizer="lbfgs", hyperparameters=hp, hidden=hidden, activation="tanh", init="xavier",
                               epochs=5, weight_decay=1e-2)
    start = dict(training.Trainer(DATA3, cfg).params)
    h = training.train(DATA3, cfg).history
    losses, evaluations = torch_lbfgs(start, cfg, 5)
    assert np.max(np.abs(np.array(h.train_loss[1:]) - losses)) < 1e-10
    assert h.evaluations[1:] == evaluations and h.evaluations[0] == 0
    assert h.train_loss[-1] < h.train_loss[0]


def test_lbfgs_ignores_the_batch_size_and_resumes():
    cfg = training.TrainConfig(optimizer="lbfgs", hidden=(8,), activation="tanh", epochs=4, batch_size=7)
    whole = training.train(DATA3, cfg).history
    assert whole.train_loss == training.train(DATA3, training.TrainConfig(**{**cfg.__dict__, "batch_size": 50})
                                              ).history.train_loss
    trainer = training.Trainer(DATA3, cfg)
    trainer.run_epoch()
    trainer.run_epoch()
    resumed = training.Trainer.resume(DATA3, cfg, trainer.state())
    while not resumed.finished:
        resumed.run_epoch()
    assert resumed.history.train_loss == whole.train_loss and resumed.history.evaluations == whole.evaluations


@pytest.mark.parametrize("setting, kind", [({"dropout": 0.2}, "full_batch_dropout"),
                                           ({"clip_norm": 1.0}, "full_batch_clip")])
def test_lbfgs_refuses_a_random_loss_and_a_clipped_gradient(setting, kind):
    with pytest.raises(ValueError) as err:
        training.TrainConfig(optimizer="lbfgs", **setting).validate()
    assert err.value.kind == kind


def test_lbfgs_sanity_checks_pass_on_the_default_network():
    data = datasets.load("spirals", n=600, noise=None, classes=2, seed=0)
    cfg = training.TrainConfig(optimizer="lbfgs")
    backprop = training.check_backprop(data, cfg)
    assert backprop.passed and backprop.values["updates"] == training.FULL_BATCH_BURN_IN
    assert backprop.values["loss_after"] < backprop.values["loss_before"]
    tiny = training.check_overfit_tiny(data, cfg)
    assert tiny.passed and tiny.values["updates"] >= 1
    assert training.round_seconds(data, [cfg]) > 0


@pytest.mark.slow
def test_lbfgs_without_a_line_search_blows_up_near_zero_loss_as_torchs_does_and_strong_wolfe_does_not():
    """What the page's L-BFGS note says, on its default network and spirals: torch's default fixed step
    lr = 1 fits the training set (loss 0.0007 after 4 epochs), then a step along a direction scaled for
    a vanishing gradient overshoots; the strong-Wolfe search keeps going down."""
    data = datasets.load("spirals", n=600, noise=datasets.DEFAULT_NOISE["spirals"], classes=2, seed=0)
    fixed = training.TrainConfig(optimizer="lbfgs", epochs=6)
    h = training.train(data, fixed).history
    assert h.train_loss[4] < 1e-3 and h.diverged_at == 5
    # torch.optim.LBFGS from the same weights does the same (to round-off, which the blow-up amplifies)
    start = training.Trainer(data, fixed).params
    ps = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in start.values()]
    X, y = torch.tensor(data.X_train, dtype=torch.float64), torch.tensor(data.y_train)
    p = dict(zip(start, ps))
    opt = torch.optim.LBFGS(ps)

    def data_loss():
        a = torch.relu(torch.relu(X @ p["dense1.W"] + p["dense1.b"]) @ p["dense2.W"] + p["dense2.b"])
        return torch.nn.functional.cross_entropy(a @ p["out.W"] + p["out.b"], y)

    def closure():
        opt.zero_grad()
        loss = data_loss()
        loss.backward()
        return loss

    for epoch in range(1, 6):
        opt.step(closure)
        with torch.no_grad():
            loss = float(data_loss())
        if epoch < 5:
            assert loss == pytest.approx(h.train_loss[epoch], rel=1e-6)
    assert loss > 100 * math.log(2)  # torch's fifth step blows up too
    wolfe = training.train(data, training.TrainConfig(optimizer="lbfgs", epochs=6,
                                                      hyperparameters={"line_search_fn": "strong_wolfe"})).history
    assert wolfe.diverged_at is None and wolfe.train_loss[-1] < h.train_loss[4]


def test_lbfgs_step_on_a_flat_function_with_tolerance_grad_zero_stops_as_torchs_does():
    from learn import full_batch

    h = {"max_iter": 20, "max_eval": 0, "tolerance_grad": 0.0, "tolerance_change": 1e-9, "history_size": 10,
         "line_search_fn": "none"}
    with np.errstate(all="ignore"):
        x, state, loss, evaluations = full_batch.lbfgs_step(np.ones(3), full_batch.LBFGSState(),
                                                            lambda v: (2.0, np.zeros_like(v)), 1.0, h)
    p = torch.ones(3, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([p], tolerance_grad=0.0)

    def closure():
        opt.zero_grad()
        value = (p * 0).sum() + 2.0
        value.backward()
        return value

    opt.step(closure)
    assert np.array_equal(x, p.detach().numpy()) and loss == 2.0
    assert evaluations == opt.state[p]["func_evals"] and state.n_iter == opt.state[p]["n_iter"]
