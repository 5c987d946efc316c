"""Data sets, mini-batch training with the library's optimizers, and the notes' sanity checks."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from learn import datasets, mlp, training
from learn.training import TrainConfig

SPIRAL_TRAIN_ACCURACY = 0.95  # stated target: 2-class spirals, hidden [64, 64], Adam lr 1e-2, 200 epochs


@pytest.fixture(scope="module")
def spirals():
    return datasets.load("spirals")


# --- data sets -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", datasets.DATASETS_2D)
def test_2d_sets_are_seeded_balanced_and_split(name):
    a = datasets.load(name, n=400, seed=3)
    b = datasets.load(name, n=400, seed=3)
    np.testing.assert_array_equal(a.X_train, b.X_train)
    assert a.is_2d and a.n_classes == 2
    assert len(a.y_train) + len(a.y_val) == 400 and len(a.y_val) == 120
    y = np.concatenate([a.y_train, a.y_val])
    assert abs(np.mean(y) - 0.5) < 0.05
    assert np.all(np.abs(np.vstack([a.X_train, a.X_val])) < 3)
    assert not np.array_equal(a.X_train, datasets.load(name, n=400, seed=4).X_train)


def test_spirals_with_three_classes():
    d = datasets.load("spirals", classes=3)
    assert d.n_classes == 3
    assert sorted(np.unique(d.y_train)) == [0, 1, 2]


def test_digits_load_offline():
    d = datasets.load("digits")
    assert d.n_features == 64 and d.n_classes == 10 and not d.is_2d
    assert len(d.y_train) + len(d.y_val) == 1797
    assert 0.0 <= d.X_train.min() and d.X_train.max() <= 1.0


@pytest.mark.parametrize("kwargs, message", [
    (dict(name="mnist"), "data set must be one of"),
    (dict(name="moons", n=2), "at least 4 points"),
    (dict(name="moons", noise=-1.0), "noise"),
    (dict(name="spirals", classes=1), "at least 2 classes"),
    (dict(name="moons", val_fraction=0.0), "validation fraction"),
])
def test_dataset_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        datasets.load(**kwargs)


# --- training ------------------------------------------------------------------------------------

def test_spirals_reach_the_stated_accuracy_in_seconds(spirals):
    cfg = TrainConfig(optimizer="adam", hyperparameters={"lr": 1e-2}, hidden=(64, 64), epochs=200,
                      batch_size=32)
    start = time.perf_counter()
    result = training.train(spirals, cfg)
    seconds = time.perf_counter() - start
    h = result.history
    print(f"spirals 600 pts, [64, 64], 200 epochs: {seconds:.2f} s; train acc {h.train_acc[-1]:.3f}, "
          f"val acc {h.val_acc[-1]:.3f}")
    assert h.train_acc[-1] >= SPIRAL_TRAIN_ACCURACY
    assert h.val_acc[-1] >= 0.9
    assert h.epoch == list(range(201))
    assert h.train_loss[-1] < h.train_loss[0] / 10
    assert seconds < 30  # a few seconds on two slow cores; generous for a loaded CI machine


@pytest.mark.parametrize("name", ["sgd", "adam", "rmsprop", "adagrad", "adamw", "nadam", "radam", "lion",
                                  "adabelief", "adamax", "adadelta"])
def test_every_array_optimizer_trains(spirals, name):
    lr = {"sgd": 0.1, "adagrad": 0.05, "lion": 1e-3, "adadelta": 1.0, "adamax": 1e-2}.get(name, 5e-3)
    cfg = TrainConfig(optimizer=name, hyperparameters={"lr": lr}, hidden=(32,), epochs=15)
    h = training.train(spirals, cfg).history
    assert h.diverged_at is None
    assert h.train_loss[-1] < h.train_loss[0]


def test_newton_is_not_offered():
    names = training.mlp_optimizer_names()
    assert "newton" not in names and {"sgd", "adam"} <= set(names)
    with pytest.raises(ValueError, match="optimizer must be one of"):
        TrainConfig(optimizer="newton").validate()


def test_newton_help_gives_the_notes_reason_not_the_implementations():
    """Issue #15 item 5 (note 001): n parameters → an n×n Hessian, too costly; hence L-BFGS, on full batches."""
    from ui.strings import CATALOGUE

    help_text = CATALOGUE["learn.train.optimizers_help"]
    assert "2D surface" not in help_text["en"] and "二维曲面" not in help_text["zh"]
    assert all(w in help_text["en"] for w in ("n×n", "L-BFGS", "full training set", "mini-batches"))
    assert all(w in help_text["zh"] for w in ("n × n", "L-BFGS", "整个训练集", "小批量"))
    # "once n is in the thousands, as it is for the default networks here"
    for name in datasets.DATASETS:
        assert TrainConfig().architecture(datasets.load(name)).n_parameters() >= 1000


def test_side_by_side_is_deterministic_and_shares_the_initialization(spirals):
    cfgs = [TrainConfig(optimizer="sgd", hyperparameters={"lr": 0.1, "momentum": 0.9}, epochs=5,
                        hidden=(16,)),
            TrainConfig(optimizer="adam", hyperparameters={"lr": 1e-2}, epochs=5, hidden=(16,))]
    a = training.train_side_by_side(spirals, cfgs)
    b = training.train_side_by_side(spirals, cfgs)
    for ra, rb in zip(a, b):
        assert ra.history.train_loss == rb.history.train_loss
    # same seed, same untrained network: epoch 0 is identical for both optimizers
    assert a[0].history.train_loss[0] == a[1].history.train_loss[0]
    assert a[0].history.label.startswith("SGD") and a[1].history.label.startswith("Adam")


def test_callback_stops_training(spirals):
    seen = []

    def callback(h):
        seen.append(h.epoch[-1])
        return h.epoch[-1] < 3

    result = training.train(spirals, TrainConfig(epochs=50, hidden=(8,)), callback)
    assert result.stopped
    assert seen == [1, 2, 3] and result.history.epoch[-1] == 3
    assert not training.train(spirals, TrainConfig(epochs=2, hidden=(8,)), lambda h: None).stopped


def test_update_ratio_follows_the_learning_rate(spirals):
    def ratio(lr):
        # one full-batch update per epoch: the first epoch's ratio is that of the very first step
        cfg = TrainConfig(optimizer="sgd", hyperparameters={"lr": lr}, epochs=3, hidden=(16, 16),
                          batch_size=10_000)
        h = training.train(spirals, cfg).history
        assert len(h.update_ratio) == 4 and len(h.update_ratio[1]) == 3
        assert all(math.isnan(r) for r in h.update_ratio[0])
        return np.array(h.update_ratio[1])

    small, large = ratio(1e-3), ratio(1e-1)
    np.testing.assert_allclose(large / small, 100, rtol=1e-9)  # plain SGD: ‖ΔW‖ = γ‖g‖
    assert np.all((small > 1e-7) & (small < 1e-2))


def test_divergence_is_reported_not_raised(spirals):
    cfg = TrainConfig(optimizer="sgd", hyperparameters={"lr": 1e200}, activation="tanh", epochs=5,
                      hidden=(16,))
    h = training.train(spirals, cfg).history
    assert h.diverged_at is not None and h.epoch[-1] == h.diverged_at


def test_zeros_init_keeps_hidden_units_identical(spirals):
    cfg = TrainConfig(optimizer="sgd", hyperparameters={"lr": 0.5}, init="zeros", activation="tanh",
                      hidden=(8, 8), epochs=10)
    result = training.train(spirals, cfg)
    W1, W2 = result.params["dense1.W"], result.params["dense2.W"]
    # every hidden unit gets the same update, so columns (units) never become different
    assert np.ptp(W1, axis=1).max() == 0.0 and np.ptp(W2).max() == 0.0
    assert result.history.train_acc[-1] < 0.75


@pytest.mark.parametrize("options", [
    dict(batch_norm=True), dict(dropout=0.3), dict(weight_decay=1e-3), dict(clip_norm=1.0),
    dict(schedule="cosine", schedule_params={"T_max": 100}), dict(activation="sigmoid", init="xavier"),
])
def test_options_train(spirals, options):
    cfg = TrainConfig(hyperparameters={"lr": 1e-2}, hidden=(32, 32), epochs=20, **options)
    h = training.train(spirals, cfg).history
    assert h.diverged_at is None and h.train_loss[-1] < 0.9 * h.train_loss[0]


def test_dropout_and_l2_narrow_the_overfitting_gap():
    d = datasets.load("xor", n=200, noise=0.4)
    base = dict(optimizer="adam", hyperparameters={"lr": 1e-2}, hidden=(128, 128), epochs=150)
    plain = training.train(d, TrainConfig(**base)).history
    reg = training.train(d, TrainConfig(**base, weight_decay=3e-3, dropout=0.3)).history
    gap = plain.val_loss[-1] - plain.train_loss[-1]
    gap_reg = reg.val_loss[-1] - reg.train_loss[-1]
    assert gap > 0.3  # memorised the training points
    assert gap_reg < gap / 2


def test_decision_grid(spirals):
    result = training.train(spirals, TrainConfig(epochs=2, hidden=(8,)))
    xs, ys, p = training.decision_grid(result.arch, result.params, result.bn_state, spirals.bounds(),
                                       resolution=30)
    assert p.shape == (30, 30, 2) and xs.shape == ys.shape == (30,)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0)


@pytest.mark.parametrize("kwargs, message", [
    (dict(batch_size=0), "batch size"),
    (dict(batch_size=1, batch_norm=True), "batch size of at least 2"),
    (dict(epochs=0), "epochs"),
    (dict(weight_decay=-1.0), "L2 weight decay"),
    (dict(hyperparameters={"lr": -1.0}), "lr must be"),
    (dict(hyperparameters={"beta": 0.9}), "no parameter"),
    (dict(schedule="sometimes"), "schedule"),
    (dict(clip_norm=float("nan")), "clip norm"),
])
def test_config_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        TrainConfig(**kwargs).validate()


# --- sanity checks ---------------------------------------------------------------------------------

def test_sanity_checks_pass_for_a_sound_setup(spirals):
    checks = training.sanity_checks(spirals, TrainConfig(hyperparameters={"lr": 1e-2}))
    assert [c.name for c in checks] == ["backprop", "backprop_l2", "initial_loss", "regularization", "overfit_tiny"]
    assert all(c.passed for c in checks), checks
    initial = checks[2]
    assert initial.values["expected"] == pytest.approx(math.log(2))
    assert abs(initial.values["loss"] - math.log(2)) < 0.1


def test_initial_loss_is_ln_c_for_ten_digits():
    d = datasets.load("digits")
    check = training.check_initial_loss(d, TrainConfig(hidden=(32,)))
    assert check.passed and check.values["expected"] == pytest.approx(math.log(10))


def test_large_weights_fail_the_initial_loss_check(spirals):
    check = training.check_initial_loss(spirals, TrainConfig(init="std1", activation="relu"))
    assert not check.passed
    assert check.values["loss"] > 1.5 * math.log(2)


def test_zero_weights_fail_the_regularization_check(spirals):
    assert training.check_regularization(spirals, TrainConfig()).passed
    check = training.check_regularization(spirals, TrainConfig(init="zeros"))
    assert not check.passed  # ½λ‖W‖² is 0 whatever λ: regularization cannot raise the loss


def test_a_tiny_learning_rate_fails_to_overfit_twenty_examples(spirals):
    good = training.check_overfit_tiny(spirals, TrainConfig(hyperparameters={"lr": 1e-2}))
    assert good.passed and good.values["loss"] < 0.05 and good.values["n"] == 20
    bad = training.check_overfit_tiny(spirals, TrainConfig(optimizer="sgd", hyperparameters={"lr": 1e-5}),
                                      max_updates=200)
    assert not bad.passed and bad.values["updates"] == 200


def test_backprop_check_with_every_layer_kind(spirals):
    cfg = TrainConfig(activation="tanh", init="xavier", batch_norm=True, dropout=0.2, weight_decay=0.01)
    check = training.check_backprop(spirals, cfg)
    assert check.passed and check.values["error"] < 1e-6


def test_backprop_is_checked_after_a_burn_in(spirals):
    """Issue #15 item 4 (note 001, "characteristic mode"): not at initialization, once the loss has fallen."""
    cfg = TrainConfig(hyperparameters={"lr": 1e-2})
    arch, params, before, after = training.burn_in(spirals, cfg)
    init = mlp.init_params(arch, cfg.init, cfg.seed)
    assert all(not np.array_equal(params[k], init[k]) for k in init)  # every parameter has moved
    assert after < before
    check = training.check_backprop(spirals, cfg)
    assert check.passed
    assert check.values["updates"] == training.BURN_IN_UPDATES == 20
    assert check.values["loss_before"] == pytest.approx(before) and check.values["loss_after"] == pytest.approx(after)


def test_backprop_checks_data_loss_and_l2_separately(spirals, monkeypatch):
    """A wrong L2 gradient (2λW instead of λW) fails the L2 check, and does not touch the data-loss check."""
    from learn import layers

    right = layers.l2_penalty

    def wrong(weights, lam):
        value, grads = right(weights, lam)
        return value, [2 * g for g in grads]

    cfg = TrainConfig(hyperparameters={"lr": 1e-2}, weight_decay=0.05)
    assert training.check_backprop_l2(spirals, cfg).passed
    monkeypatch.setattr(layers, "l2_penalty", wrong)
    l2 = training.check_backprop_l2(spirals, cfg)
    assert not l2.passed and l2.values["error"] == pytest.approx(0.5, rel=1e-6)  # ‖2λW − λW‖ / ‖2λW‖
    assert l2.values["lambda"] == 0.05
    assert training.check_backprop(spirals, cfg).passed  # data loss alone: the L2 bug cannot hide in it
    assert training.check_backprop_l2(spirals, TrainConfig()).values["lambda"] == training.L2_CHECK_LAMBDA


def test_history_is_plain_data(spirals):
    h = training.train(spirals, TrainConfig(epochs=1, hidden=(4,))).history.as_dict()
    assert set(h) >= {"label", "epoch", "train_loss", "val_loss", "train_acc", "val_acc", "update_ratio",
                      "layer_names", "diverged_at", "seconds"}
    assert h["layer_names"] == ["dense1", "out"]
    assert isinstance(h["train_loss"][0], float)
    assert mlp.chance_loss(4) == pytest.approx(math.log(4))


# --- the cost model and the bounded checks ------------------------------------------------------------

def test_loss_is_the_total_of_loss_and_grads(spirals):
    cfg = TrainConfig(hidden=(8, 8), batch_norm=True, dropout=0.3)
    arch = cfg.architecture(spirals)
    params = mlp.init_params(arch, "he", 0)
    X, y = spirals.X_train[:30], spirals.y_train[:30]
    total, _, _, _ = mlp.loss_and_grads(arch, params, X, y, l2=0.1, rng=np.random.default_rng(2))
    assert mlp.loss(arch, params, X, y, l2=0.1, rng=np.random.default_rng(2)) == pytest.approx(total, rel=1e-12)


def test_the_probe_predicts_an_epoch_within_a_factor_of_a_few(spirals):
    cases = [TrainConfig(optimizer="adam", hidden=(32, 32)), TrainConfig(optimizer="sgd", batch_size=1),
             TrainConfig(optimizer="adabelief", hidden=(128, 128), batch_norm=True, dropout=0.3)]
    for cfg in cases:
        predicted = training.round_seconds(spirals, [cfg])
        trainer = training.Trainer(spirals, cfg)
        began = time.thread_time()
        for _ in range(3):
            trainer.run_epoch()
        epoch = (time.thread_time() - began) / 3
        assert epoch / 4 < predicted < 4 * epoch + 0.01, (cfg, predicted, epoch)
    both = training.round_seconds(spirals, cases[:2])
    assert both > training.round_seconds(spirals, cases[:1])


def test_a_resumed_trainer_continues_exactly_where_it_stopped(spirals):
    cfg = TrainConfig(optimizer="adam", hidden=(16, 16), dropout=0.2, batch_norm=True, epochs=6,
                      hyperparameters={"lr": 1e-2})
    straight = training.Trainer(spirals, cfg)
    for _ in range(6):
        straight.run_epoch()
    first = training.Trainer(spirals, cfg)
    for _ in range(3):
        first.run_epoch()
    state = first.state()
    first.run_epoch()  # training on does not change the snapshot
    again = training.Trainer.resume(spirals, cfg, state)
    assert again.epochs_done == 3
    while not again.finished:
        again.run_epoch()
    assert again.history.train_loss == straight.history.train_loss
    np.testing.assert_array_equal(again.history.update_ratio, straight.history.update_ratio)
    for k, p in straight.params.items():
        np.testing.assert_array_equal(again.params[k], p)


def test_tiny_check_is_bounded_for_a_large_network():
    d = datasets.load("spirals", n=3000)
    big = TrainConfig(optimizer="sgd", hyperparameters={"lr": 1e-6}, hidden=(512,) * 6)
    began = time.thread_time()
    check = training.check_overfit_tiny(d, big, seconds=0.3)
    assert time.thread_time() - began < 0.3 + 0.3  # at most one update (~40 ms) past the deadline
    assert not check.passed and check.values["cut_short"] == 1.0
    assert 1 <= check.values["updates"] < training.TINY_MAX_UPDATES
    small = training.check_overfit_tiny(d, TrainConfig(optimizer="adam", hidden=(64, 64)), seconds=1.5)
    assert small.passed and small.values["cut_short"] == 0.0


# --- note 004's optimizer comparison (issue #15 item 11) -------------------------------------------

from pathlib import Path  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import optimizers  # noqa: E402
from learn import notes_comparison as nc  # noqa: E402
from optimizers import facts  # noqa: E402

DOCS = Path(__file__).resolve().parent.parent / "docs" / "learn.md"


@pytest.mark.parametrize(("name", "expected"), [  # reference SPEC B, Keras 3's defaults
    ("sgd", {"lr": 0.01, "momentum": 0.0, "nesterov": False}),
    ("rmsprop", {"lr": 1e-3, "alpha": 0.9, "eps": 1e-7, "momentum": 0.0, "centered": False}),
    ("adam", {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-7, "amsgrad": False}),
    ("adamw", {"lr": 1e-3, "weight_decay": 0.004}),
    ("adamax", {"lr": 1e-3, "eps": 1e-7}),
    ("nadam", {"lr": 1e-3, "eps": 1e-7}),
    ("adagrad", {"lr": 1e-3, "initial_accumulator_value": 0.1, "eps": 1e-7}),
    ("adadelta", {"lr": 1e-3, "rho": 0.95, "eps": 1e-7}),
    ("lion", {"lr": 1e-3, "beta1": 0.9, "beta2": 0.99}),
])
def test_keras_defaults_are_keras(name, expected):
    got = nc.defaults(name, "keras")
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("name", training.mlp_optimizer_names())
def test_both_defaults_build_every_optimizer(name):
    torch_ = nc.defaults(name, "torch", page="train_network")
    assert torch_["lr"] == facts.of(name).lr("train_network")  # the page's starting learning rate
    assert {k: v for k, v in torch_.items() if k != "lr"} == {
        s.name: s.default for s in optimizers.optimizer_class(name).spec_map().values() if s.name != "lr"}
    for kind in nc.DEFAULTS:
        optimizers.get(name, **nc.defaults(name, kind))  # every value is valid
    with pytest.raises(ValueError, match="defaults must be one of"):
        nc.defaults(name, "jax")


def test_note_004_runs_are_the_notes_settings():
    runs = {label: (name, hp) for label, name, hp in nc.note_004_runs()}
    assert list(runs) == ["Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam", "Adamax", "Nadam", "AdamW"]
    assert all(hp["lr"] == 1e-3 for _, hp in runs.values())  # the notes' learning_rate=0.001 everywhere
    assert runs["Momentum"][1]["momentum"] == 0.9 and not runs["Momentum"][1]["nesterov"]
    assert runs["Nesterov"][1]["momentum"] == 0.9 and runs["Nesterov"][1]["nesterov"]
    assert runs["RMSprop"][1]["alpha"] == 0.9 and runs["AdamW"][1]["weight_decay"] == 1e-5
    assert all((hp.get("beta1"), hp.get("beta2")) in ((None, None), (0.9, 0.999)) for _, hp in runs.values())


def test_labels_name_what_differs_and_number_copies():
    base = nc.defaults("sgd", "keras")
    assert nc.label("sgd", {**base, "lr": 1e-3, "momentum": 0.9, "nesterov": True}, base) == \
        "SGD (lr=0.001, momentum=0.9, nesterov)"
    torch_ = nc.defaults("adam", "torch", page="train_network")
    assert nc.label("adam", torch_, torch_) == "Adam (lr=0.01)"  # the labels links recorded before
    assert nc.unique(["A", "B", "A", "A"]) == ["A", "B", "A #2", "A #3"]


def history(label, accs, losses=None):
    n = len(accs)
    losses = losses or [1.0] * n
    return {"label": label, "epoch": list(range(n)), "val_acc": accs, "val_loss": losses, "train_loss": losses,
            "diverged_at": None}


def test_comparison_reads_speed_and_quality_off_the_curves():
    rows = nc.comparison([history("fast", [0.1, 0.92, 0.95]), history("slow", [0.1, 0.5, 0.91]),
                          history("never", [0.1, 0.3, 0.6])])
    assert [r.reached for r in rows] == [1, 2, None]
    assert [r.speed_stars for r in rows] == [3, 2, 1]
    assert [r.quality_stars for r in rows] == [3, 2, 1]  # 95 % best; 91 % within 5 points; 60 % further
    rank = nc.ranking(rows)
    assert rank.fastest == ["fast"] and rank.fastest_epoch == 1 and rank.never == ["never"]
    assert rank.best == ["fast"] and rank.worst == "never" and rank.worst_acc == 0.6


@given(st.lists(st.lists(st.floats(0, 1), min_size=2, max_size=8), min_size=1, max_size=8))
def test_stars_never_rank_a_slower_or_worse_run_higher(curves):
    rows = nc.comparison([history(str(i), c) for i, c in enumerate(curves)])
    for a in rows:
        for b in rows:
            if a.val_acc > b.val_acc:
                assert a.quality_stars >= b.quality_stars
            if a.reached is not None and (b.reached is None or a.reached < b.reached):
                assert a.speed_stars >= b.speed_stars
    assert max(r.quality_stars for r in rows) == 3


@pytest.fixture(scope="module")
def note_004():
    """The lesson as the page runs it: note 004's eight runs on the digits, 10 epochs of batches of 32."""
    data = datasets.load("digits", n=0, noise=None, classes=2, seed=0)
    configs = [TrainConfig(optimizer=name, hyperparameters=hp, hidden=nc.NOTE_004_HIDDEN, init="he",
                           batch_size=nc.NOTE_004_BATCH, epochs=nc.NOTE_004_EPOCHS, seed=0, name=label)
               for label, name, hp in nc.note_004_runs()]
    return nc.comparison([r.history.as_dict() for r in training.train_side_by_side(data, configs)])


def test_note_004_table_in_the_docs_is_the_measured_run(note_004):
    """docs/learn.md's table holds this run's numbers, row by row."""
    docs = DOCS.read_text()
    for r in note_004:
        line = (f"| {r.label} | {'not reached' if r.reached is None else r.reached} | {'★' * r.speed_stars} | "
                f"{r.val_acc:.1%} | {r.val_loss:.3f} | {'★' * r.quality_stars} |")
        assert line in docs, line


def test_note_004_ranking_the_docs_state(note_004):
    """What docs/learn.md says of the run: the adaptive methods reach 90 % within a few epochs, the
    momentum methods and AdaGrad at lr = 0.001 do not within 10, and Adam's family ends best."""
    by = {r.label: r for r in note_004}
    adaptive = ("RMSprop", "Adam", "Adamax", "Nadam", "AdamW")
    slow = ("Momentum", "Nesterov", "AdaGrad")
    assert all(by[n].reached is not None and by[n].reached <= 5 for n in adaptive)
    assert all(by[n].reached is None for n in slow)
    assert min(by[n].val_acc for n in adaptive) > max(by[n].val_acc for n in slow)
    assert nc.ranking(note_004).worst == "AdaGrad"
    assert by["Nesterov"].val_acc >= by["Momentum"].val_acc  # the look-ahead helps a little here
    # AdamW's λ = 1e-5 times lr = 1e-3 shrinks the weights by 1e-8 per step: Adam's numbers to 3 digits
    assert abs(by["AdamW"].val_acc - by["Adam"].val_acc) < 1e-3


# --- the hyperparameter protocol: training, validation and test parts (issue #15 item 13) -----------------

def test_without_a_test_part_the_split_is_the_one_links_always_had():
    d = datasets.load("moons", n=200, seed=5)
    X, y = datasets.moons(200, datasets.DEFAULT_NOISE["moons"], seed=5)
    X_train, y_train, X_val, y_val = datasets.split(X, y, 0.3, 6)
    np.testing.assert_array_equal(d.X_train, X_train)
    np.testing.assert_array_equal(d.y_val, y_val)
    assert len(d.y_test) == 0


@settings(deadline=None, max_examples=40)  # the first stratified split imports scikit-learn
@given(st.integers(60, 400), st.sampled_from([2, 3, 5]), st.floats(0.1, 0.5), st.integers(0, 50), st.booleans())
def test_three_parts_are_disjoint_and_stratified_keeps_class_shares(n, classes, test_fraction, seed, stratify):
    d = datasets.load("spirals", n=n, classes=classes, seed=seed, test_fraction=test_fraction, stratify=stratify)
    parts = [(d.X_train, d.y_train), (d.X_val, d.y_val), (d.X_test, d.y_test)]
    rows = [set(map(tuple, X.round(12))) for X, _ in parts]
    assert sum(len(y) for _, y in parts) == n
    assert not (rows[0] & rows[1]) and not (rows[0] & rows[2]) and not (rows[1] & rows[2])
    assert abs(len(d.y_test) - test_fraction * n) <= 1
    if stratify:  # every class's count in a part is its share of the part, give or take one per split:
        # the test part is split off first (±1), then training and validation from the rest (±1 more)
        whole = np.bincount(np.concatenate([y for _, y in parts]), minlength=classes) / n
        for (_, y), slack in zip(parts, (2.0, 2.0, 1.0), strict=True):
            assert np.all(np.abs(np.bincount(y, minlength=classes) - whole * len(y)) <= slack + 1e-9)


def test_stratified_test_part_of_the_digits_keeps_every_digit():
    d = datasets.load("digits", test_fraction=0.2, stratify=True)
    counts = np.bincount(d.y_test, minlength=10)
    assert counts.max() - counts.min() <= 2 and len(d.y_test) == 360


def test_test_scores_only_with_a_test_part():
    cfg = TrainConfig(optimizer="adam", hyperparameters={"lr": 0.01}, hidden=(16,), epochs=3)
    with_test = datasets.load("moons", n=200, test_fraction=0.25, stratify=True)
    result = training.train(with_test, cfg)
    (loss, acc), = training.test_scores(with_test, [(result.arch, result.params, result.bn_state)])
    expected = mlp.evaluate(result.arch, result.params, with_test.X_test, with_test.y_test, result.bn_state)
    assert (loss, acc) == (pytest.approx(expected[0]), pytest.approx(expected[1])) and 0 <= acc <= 1
    with pytest.raises(ValueError, match="no test part"):
        training.test_scores(datasets.load("moons", n=200), [(result.arch, result.params, result.bn_state)])
    with pytest.raises(ValueError, match="test fraction"):
        datasets.load("moons", test_fraction=0.9)


# --- schedules on Train: updates or epochs (issue #15 item 12) -------------------------------------------

@pytest.mark.parametrize(("n", "batch", "bn", "expected"), [
    (1258, 32, False, 40), (64, 32, False, 2), (65, 32, False, 3), (65, 32, True, 2), (10, 64, False, 1)])
def test_updates_per_epoch_is_n_over_b_rounded_up(n, batch, bn, expected):
    assert training.updates_per_epoch(n, batch, bn) == expected


def test_a_schedule_counting_epochs_equals_one_counting_their_updates(spirals):
    upe = training.updates_per_epoch(len(spirals.y_train), 32)
    base = dict(optimizer="sgd", hyperparameters={"lr": 0.1, "momentum": 0.9}, hidden=(16,), epochs=6,
                schedule="step")
    by_epoch = training.train(spirals, TrainConfig(**base, schedule_params={"step_size": 2, "gamma": 0.5},
                                                   schedule_unit="epoch"))
    by_update = training.train(spirals, TrainConfig(**base, schedule_params={"step_size": 2 * upe, "gamma": 0.5},
                                                    schedule_unit="update"))
    none = training.train(spirals, TrainConfig(**base))
    assert by_epoch.history.train_loss == by_update.history.train_loss
    assert by_epoch.history.train_loss[:3] == none.history.train_loss[:3]  # epochs 1-2 at the full rate
    assert by_epoch.history.train_loss[3] != none.history.train_loss[3]  # halved from epoch 3 on


def test_a_schedule_counting_epochs_keeps_the_rate_within_an_epoch(spirals):
    cfg = TrainConfig(optimizer="sgd", hyperparameters={"lr": 0.1}, hidden=(16,), epochs=3, schedule="step",
                      schedule_params={"step_size": 1, "gamma": 0.5}, schedule_unit="epoch")
    trainer = training.Trainer(spirals, cfg)
    steps = []
    for _ in range(3 * trainer.updates_per_epoch):
        trainer.t += 1
        steps.append(trainer.schedule_step())
    assert steps == [e for e in range(3) for _ in range(trainer.updates_per_epoch)]
    with pytest.raises(ValueError, match="schedule unit"):
        TrainConfig(schedule_unit="fortnight").validate()


# --- ensembles and parameter averaging (issue #15 item 14) ---------------------------------------------

def test_an_ensemble_of_one_is_the_network_and_of_copies_too(spirals):
    r = training.train(spirals, TrainConfig(optimizer="adam", hyperparameters={"lr": 0.01}, hidden=(16,), epochs=5))
    model = (r.arch, r.params, r.bn_state)
    alone = mlp.evaluate(r.arch, r.params, spirals.X_val, spirals.y_val, r.bn_state)
    assert training.ensemble_scores(spirals, [model]) == (pytest.approx(alone[0]), pytest.approx(alone[1]))
    assert training.ensemble_scores(spirals, [model] * 3) == (pytest.approx(alone[0]), pytest.approx(alone[1]))
    with pytest.raises(ValueError, match="at least one model"):
        training.ensemble_scores(spirals, [])


def test_an_ensemble_of_seeds_beats_its_average_member_on_the_digits():
    """Note 001's claim, as docs/learn.md measures it on the bundled digits: three Adam seeds (lr 0.01,
    64 × 64, 20 epochs) alone and averaged; the ensemble's loss is below every member's."""
    d = datasets.load("digits")
    cfgs = [TrainConfig(optimizer="adam", hyperparameters={"lr": 0.01}, hidden=(64, 64), epochs=20, seed=s)
            for s in range(3)]
    res = training.train_side_by_side(d, cfgs)
    loss, acc = training.ensemble_scores(d, [(r.arch, r.params, r.bn_state) for r in res])
    alone = [r.history.val_loss[-1] for r in res]
    assert [f"{r.history.val_acc[-1]:.1%}" for r in res] == ["97.0%", "97.6%", "97.8%"]  # the docs' numbers
    assert (f"{acc:.1%}", f"{loss:.3f}") == ("97.6%", "0.086")
    assert (f"{min(alone):.3f}", f"{max(alone):.3f}") == ("0.106", "0.131")
    assert loss < min(alone)


def test_the_running_average_follows_its_recurrence(spirals):
    beta = 0.9
    trainer = training.Trainer(spirals, TrainConfig(optimizer="sgd", hyperparameters={"lr": 0.1}, hidden=(8,),
                                                    ema_decay=beta))
    manual = dict(trainer.params)
    ratio_sum = np.zeros(len(trainer.weights))
    for lo in range(0, 5 * 32, 32):
        trainer._update(np.arange(lo, lo + 32), ratio_sum)
        manual = {k: beta * manual[k] + (1 - beta) * p for k, p in trainer.params.items()}
    for k in manual:
        np.testing.assert_allclose(trainer.ema[k], manual[k])
    assert training.Trainer(spirals, TrainConfig()).ema is None  # off by default: nothing extra is computed
    with pytest.raises(ValueError, match="averaging decay"):
        TrainConfig(ema_decay=1.0).validate()


def test_the_running_average_survives_a_pause(spirals):
    cfg = TrainConfig(optimizer="adam", hyperparameters={"lr": 0.01}, hidden=(16,), epochs=6, ema_decay=0.95)
    straight = training.train(spirals, cfg).history
    trainer = training.Trainer(spirals, cfg)
    for _ in range(3):
        trainer.run_epoch()
    again = training.Trainer.resume(spirals, cfg, trainer.state())
    while not again.finished:
        again.run_epoch()
    assert again.history.ema_val_loss == straight.ema_val_loss and len(straight.ema_val_acc) == 7
