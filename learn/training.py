"""Mini-batch training of the NumPy MLP with any optimizer of the library, and the notes' sanity checks.

The optimizer API is pure (``state = opt.init(p)``; ``p, state = opt.step(p, g, state, lr, t)``),
so one optimizer instance updates every parameter array, each with its own state.  Per epoch the
trainer records the data loss and accuracy on the training and validation parts (evaluation mode:
no dropout, running batch-norm statistics, no L2 term - so the two curves are comparable and their
gap is the overfitting) and the update-to-weight ratio ‖ΔW‖/‖W‖ of each dense layer, averaged over
the epoch's updates (cs231n: aim for about 1e-3).

:class:`Trainer` runs one epoch at a time, which is what lets the page show progress and stop, and
its :meth:`Trainer.state` resumes later exactly where it stopped (:meth:`Trainer.resume`), which is
what lets the page train in slices of a CPU budget; :func:`round_seconds` is the budget's probe (a
few real mini-batch updates and one evaluation, timed).  :func:`train` and
:func:`train_side_by_side` loop over epochs with a callback.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

import optimizers
from learn import full_batch, layers, mlp
from learn.blas import single_threaded
from learn.datasets import Dataset
from learn.gradcheck import check_gradients
from optimizers import facts
from refusal import Refusal

#: sanity-check settings: initial loss within this fraction of ln C; tiny subset size and target
INITIAL_LOSS_TOLERANCE = 0.15
TINY_SUBSET = 20
TINY_TARGET_LOSS = 0.05
TINY_MAX_UPDATES = 1500
#: the initial-loss and regularization checks look at this many training examples at most (a large
#: network's forward pass over 2100 examples takes 0.3 s, and the mean over 500 is as telling)
CHECK_EXAMPLES = 500
#: the backpropagation check waits this many mini-batch updates (note 001: check once the network
#: learns, not at initialization), and checks the L2 term with this λ when training uses none
BURN_IN_UPDATES = 20
#: L-BFGS's burn-in in steps: each is up to max_iter iterations on the full batch, and 20 of them fit a small
#: training set so closely that the gradient is round-off, where a relative error means nothing
FULL_BATCH_BURN_IN = 1
L2_CHECK_LAMBDA = 1.0
#: what a schedule's step counts: mini-batch updates (iterations) or epochs
SCHEDULE_UNITS = ("update", "epoch")
#: a run has diverged once its loss is not finite or exceeds this multiple of the chance loss ln C
DIVERGED_FACTOR = 100.0


def mlp_optimizer_names() -> list[str]:
    """Optimizers that work on arrays of any shape.

    Newton is left out: this library's Newton inverts the 2×2 Hessian of a surface, and for a network
    with n parameters the Hessian is n×n, too costly to form and invert (note 001; hence
    quasi-Newton methods such as L-BFGS, which need full batches).
    """
    return [n for n in optimizers.names() if facts.of(n).trains_network]


#: optimizers whose step needs a closure (f and ∇f at any point): one step per epoch on the whole training set
FULL_BATCH = ("lbfgs",)


def train_optimizer_names() -> list[str]:
    """What Train offers: the mini-batch optimizers, then L-BFGS on the full batch (note 001)."""
    return mlp_optimizer_names() + [n for n in FULL_BATCH if n in optimizers.names()]


@dataclass(frozen=True)
class TrainConfig:
    """Everything that defines a training run, as plain values (so the page can cache on it)."""

    optimizer: str = "adam"
    hyperparameters: dict[str, Any] = field(default_factory=dict)
    hidden: tuple[int, ...] = (64, 64)
    activation: str = "relu"
    init: str = "he"
    batch_norm: bool = False
    dropout: float = 0.0
    weight_decay: float = 0.0  # L2 λ in the loss: ½λΣ‖W‖²
    batch_size: int = 32
    epochs: int = 100
    seed: int = 0
    clip_norm: float = 0.0  # rescale the whole gradient to at most this global norm (0: off)
    schedule: str | None = None
    schedule_params: dict[str, Any] = field(default_factory=dict)
    name: str = ""  # the run's label when set (the page names copies and the notes' runs)
    schedule_unit: str = "update"  # the schedule's step t counts updates, or epochs (⌈N/B⌉ updates each)
    ema_decay: float = 0.0  # a running average of the parameters, θ̄ ← βθ̄ + (1 − β)θ after each update (0: off)

    def validate(self) -> None:
        """Raise ValueError with a message a student can act on."""
        if self.optimizer not in train_optimizer_names():
            choices = ", ".join(train_optimizer_names())
            raise ValueError(f"optimizer must be one of {choices} (got {self.optimizer!r})")
        optimizers.get(self.optimizer, **self.hyperparameters)
        if self.schedule is not None:
            if self.schedule not in optimizers.schedules.names():
                raise ValueError(f"schedule must be one of {', '.join(optimizers.schedules.names())} "
                                 f"(got {self.schedule!r})")
            optimizers.schedules.get(self.schedule, **self.schedule_params)
        if self.schedule_unit not in SCHEDULE_UNITS:
            raise ValueError(f"schedule unit must be one of {', '.join(SCHEDULE_UNITS)} (got {self.schedule_unit!r})")
        if self.plateau and self.schedule_unit != "epoch":
            # torch's usage: scheduler.step(val_loss) once per epoch; a mini-batch has no validation loss
            raise ValueError("reduce on plateau reads the validation loss once per epoch: its unit must be 'epoch' "
                             f"(got {self.schedule_unit!r})")
        if int(self.batch_size) < 1:
            raise ValueError(f"batch size must be at least 1 (got {self.batch_size!r})")
        if self.batch_norm and int(self.batch_size) < 2:
            raise Refusal("batch_norm_batch", "batch normalization needs a batch size of at least 2 (got 1)")
        if int(self.epochs) < 1:
            raise ValueError(f"epochs must be at least 1 (got {self.epochs!r})")
        if not (math.isfinite(self.weight_decay) and self.weight_decay >= 0):
            raise ValueError(f"L2 weight decay must be ≥ 0 (got {self.weight_decay!r})")
        if not (math.isfinite(self.ema_decay) and 0 <= self.ema_decay < 1):
            raise ValueError(f"the averaging decay must be in [0, 1) (got {self.ema_decay!r})")
        if not (math.isfinite(self.clip_norm) and self.clip_norm >= 0):
            raise ValueError(f"clip norm must be ≥ 0 (got {self.clip_norm!r})")
        if self.full_batch and self.dropout > 0:
            # the line search and the curvature pairs compare f at several points: f must not be random
            raise Refusal("full_batch_dropout", "L-BFGS needs the same loss at the same weights: set dropout to 0")
        if self.full_batch and self.clip_norm > 0:
            raise Refusal("full_batch_clip", "L-BFGS needs the true gradient for its curvature pairs: set the "
                          "gradient clipping to 0")

    @property
    def full_batch(self) -> bool:
        """Whether each epoch is one step of L-BFGS on the whole training set (the batch size is not used)."""
        return self.optimizer in FULL_BATCH

    @property
    def plateau(self) -> bool:
        """Whether the rate follows the validation loss (ReduceLROnPlateau) instead of a closed form m(t)."""
        return self.schedule is not None and optimizers.schedules.entry(self.schedule).feedback

    def architecture(self, data: Dataset) -> mlp.Architecture:
        return mlp.Architecture(data.n_features, tuple(self.hidden), data.n_classes, self.activation,
                                self.batch_norm, self.dropout)

    def label(self) -> str:
        if self.name:
            return self.name
        lr = optimizers.get(self.optimizer, **self.hyperparameters).hyperparameters["lr"]
        return f"{optimizers.optimizer_class(self.optimizer).title} (lr={lr:g})"


@dataclass
class History:
    """Per-epoch curves; epoch 0 is the untrained network (its update ratios are nan)."""

    label: str
    layer_names: list[str]
    epoch: list[int] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)
    update_ratio: list[list[float]] = field(default_factory=list)  # [epoch][dense layer]
    diverged_at: int | None = None  # first epoch whose loss was not finite or above 100 ln C
    seconds: float = 0.0
    ema_val_loss: list[float] = field(default_factory=list)  # the averaged parameters' (when averaging)
    ema_val_acc: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)  # the learning rate of the epoch's last update (epoch 0: nan)
    evaluations: list[int] = field(default_factory=list)  # full batch: f and ∇f evaluations of each epoch (0: 0)

    def as_dict(self) -> dict[str, Any]:
        """Plain lists and numbers (for st.session_state, caching and JSON)."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def global_norm_clip(grads: dict[str, np.ndarray], max_norm: float) -> dict[str, np.ndarray]:
    """Scale all gradients by one factor so their joint norm is at most ``max_norm`` (0: unchanged)."""
    if max_norm <= 0:
        return grads
    norm = math.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
    if norm <= max_norm:
        return grads
    scale = max_norm / (norm + 1e-12)
    return {k: g * scale for k, g in grads.items()}


class Trainer:
    """Trains one network, one epoch per :meth:`run_epoch` call.

    ``record=False`` skips the evaluation of the untrained network (for a probe that only times updates).
    """

    def __init__(self, data: Dataset, config: TrainConfig, record: bool = True):
        config.validate()
        self.data = data
        self.config = config
        self.arch = config.architecture(data)
        self.params = mlp.init_params(self.arch, config.init, config.seed)
        self.bn_state = mlp.init_bn_state(self.arch)
        self.opt = optimizers.get(config.optimizer, **config.hyperparameters)
        self.base_lr = float(self.opt.hyperparameters["lr"])
        self.schedule = (optimizers.schedules.get(config.schedule, **config.schedule_params)
                         if config.schedule else None)
        # ReduceLROnPlateau's counters (torch's scheduler state): stepped with each epoch's validation loss
        self.plateau = self.schedule.start(np.array([self.base_lr])) if config.plateau else None
        self.lr = float("nan")  # the rate of the last update
        self.opt_state = (full_batch.LBFGSState() if config.full_batch
                          else {k: self.opt.init(p) for k, p in self.params.items()})
        self.evaluations = 0  # full batch: the last step's evaluations of f and ∇f
        # the running average starts at the initial weights (as torch's AveragedModel copies them)
        self.ema = dict(self.params) if config.ema_decay > 0 else None
        self.rng = np.random.default_rng(config.seed + 1)
        self.t = 0  # updates so far
        self.updates_per_epoch = (1 if config.full_batch else
                                  updates_per_epoch(len(data.y_train), config.batch_size, self.arch.batch_norm))
        self.weights = mlp.weight_names(self.arch)
        self.history = History(config.label(), self.arch.dense_names)
        if record:
            with np.errstate(all="ignore"), single_threaded():
                self._record(0, [float("nan")] * len(self.weights))

    def state(self) -> dict[str, Any]:
        """Everything that changes as it trains, as plain values: :meth:`resume` continues from it.

        The arrays are shared, not copied: every update makes new arrays (the optimizers update fresh
        arrays only), so a snapshot never changes under later training.
        """
        return {"params": dict(self.params), "bn_state": dict(self.bn_state), "opt_state": _copy(self.opt_state),
                "ema": None if self.ema is None else dict(self.ema), "rng": self.rng.bit_generator.state, "t": self.t,
                "plateau": self.plateau, "lr": self.lr,
                "history": {k: (list(v) if isinstance(v, list) else v) for k, v in self.history.as_dict().items()}}

    @classmethod
    def resume(cls, data: Dataset, config: TrainConfig, state: dict[str, Any]) -> Trainer:
        """The trainer of ``config`` as it was when ``state`` was taken: training on gives the same numbers."""
        trainer = cls(data, config, record=False)
        trainer.params = dict(state["params"])
        trainer.bn_state = dict(state["bn_state"])
        trainer.opt_state = _copy(state["opt_state"])
        trainer.ema = None if state.get("ema") is None else dict(state["ema"])
        trainer.rng.bit_generator.state = state["rng"]
        trainer.t = int(state["t"])
        trainer.plateau = state.get("plateau", trainer.plateau)
        trainer.lr = float(state.get("lr", math.nan))
        history = {k: (list(v) if isinstance(v, list) else v) for k, v in state["history"].items()}
        trainer.history = History(**history)
        return trainer

    @property
    def epochs_done(self) -> int:
        return self.history.epoch[-1]

    @property
    def finished(self) -> bool:
        return self.epochs_done >= self.config.epochs or self.history.diverged_at is not None

    def _record(self, epoch: int, ratios: list[float]) -> None:
        d, h = self.data, self.history
        tl, ta = mlp.evaluate(self.arch, self.params, d.X_train, d.y_train, self.bn_state)
        vl, va = mlp.evaluate(self.arch, self.params, d.X_val, d.y_val, self.bn_state)
        h.epoch.append(epoch)
        h.train_loss.append(tl)
        h.val_loss.append(vl)
        h.train_acc.append(ta)
        h.val_acc.append(va)
        h.update_ratio.append(ratios)
        h.lr.append(self.lr if epoch else float("nan"))
        if self.config.full_batch:
            h.evaluations.append(self.evaluations if epoch else 0)
        if self.ema is not None:
            el, ea = mlp.evaluate(self.arch, self.ema, d.X_val, d.y_val, self.bn_state)
            h.ema_val_loss.append(el)
            h.ema_val_acc.append(ea)
        limit = DIVERGED_FACTOR * mlp.chance_loss(d.n_classes)
        if h.diverged_at is None and not (math.isfinite(tl) and math.isfinite(vl) and tl < limit):
            h.diverged_at = epoch

    def run_epoch(self) -> History:
        """One pass over the shuffled training set in mini-batches, then the epoch's record."""
        if self.finished:
            return self.history
        start = time.perf_counter()
        cfg, d = self.config, self.data
        n = len(d.y_train)
        order = self.rng.permutation(n)
        bs = min(int(cfg.batch_size), n)
        ratio_sum = np.zeros(len(self.weights))
        ratio_count = 0
        with np.errstate(all="ignore"), single_threaded():
            for lo in (0,) if cfg.full_batch else range(0, n, bs):
                ratio_count += self._update(order[lo:lo + bs], ratio_sum)
            ratios = list(ratio_sum / ratio_count) if ratio_count else [float("nan")] * len(self.weights)
            self._record(self.epochs_done + 1, [float(r) for r in ratios])
            if self.plateau is not None:
                # torch: scheduler.step(val_loss) after each epoch's validation; the cut applies to the next epoch
                self.plateau = self.schedule.observe(self.plateau, np.array([self.history.val_loss[-1]]))
        self.history.seconds += time.perf_counter() - start
        return self.history

    def schedule_step(self) -> int:
        """The schedule's t for the update about to be made: updates so far, or whole epochs so far."""
        done = self.t - 1
        return done if self.config.schedule_unit == "update" else done // self.updates_per_epoch

    def current_lr(self) -> float:
        """The learning rate of the update about to be made (after ``self.t`` was advanced to it)."""
        if self.plateau is not None:
            return float(self.schedule.lr(self.plateau)[0])
        return self.base_lr * (self.schedule(self.schedule_step()) if self.schedule else 1.0)

    def _update(self, idx: np.ndarray, ratio_sum: np.ndarray) -> int:
        """One mini-batch update on the training rows ``idx``, adding each layer's ‖ΔW‖/‖W‖ to ``ratio_sum``.

        Returns 1, or 0 when batch norm skips a batch of one row (it needs two to have a variance).
        """
        cfg, d = self.config, self.data
        if cfg.full_batch:
            return self._full_batch_update(ratio_sum)
        if len(idx) < 2 and self.arch.batch_norm:
            return 0
        _, _, grads, self.bn_state = mlp.loss_and_grads(
            self.arch, self.params, d.X_train[idx], d.y_train[idx], l2=cfg.weight_decay, train=True,
            rng=self.rng, bn_state=self.bn_state)
        grads = global_norm_clip(grads, cfg.clip_norm)
        self.t += 1
        lr = self.lr = self.current_lr()
        for k, p in self.params.items():
            new_p, self.opt_state[k] = self.opt.step(p, grads[k], self.opt_state[k], lr, self.t)
            if k in self.weights:
                w_norm = np.sqrt(np.sum(p * p))
                delta = new_p - p
                ratio_sum[self.weights.index(k)] += (np.sqrt(np.sum(delta * delta)) / w_norm
                                                     if w_norm > 0 else np.nan)
            self.params[k] = new_p
        if self.ema is not None:
            beta = self.config.ema_decay
            self.ema = {k: beta * self.ema[k] + (1.0 - beta) * p for k, p in self.params.items()}
        return 1

    def _full_batch_update(self, ratio_sum: np.ndarray) -> int:
        """One torch ``LBFGS.step(closure)`` whose closure is the loss and gradient on every training example.

        The parameters are one flat vector in the order of ``self.params`` (torch's order for the same
        list); batch norm's running statistics follow every forward pass, as torch's do.
        """
        cfg, d = self.config, self.data
        like = self.params

        def closure(flat: np.ndarray) -> tuple[float, np.ndarray]:
            total, _, grads, self.bn_state = mlp.loss_and_grads(
                self.arch, full_batch.unflatten(flat, like), d.X_train, d.y_train, l2=cfg.weight_decay,
                train=True, rng=self.rng, bn_state=self.bn_state)
            return float(total), np.concatenate([np.ravel(grads[k]) for k in like])

        self.t += 1
        lr = self.lr = self.current_lr()
        flat, self.opt_state, _, self.evaluations = full_batch.lbfgs_step(
            full_batch.flatten(like), self.opt_state, closure, lr, self.opt.hyperparameters)
        new = full_batch.unflatten(flat, like)
        for k in self.weights:
            p, w_norm = like[k], np.sqrt(np.sum(like[k] * like[k]))
            ratio_sum[self.weights.index(k)] += (np.sqrt(np.sum((new[k] - p) ** 2)) / w_norm if w_norm > 0
                                                 else np.nan)
        self.params = new
        if self.ema is not None:
            beta = self.config.ema_decay
            self.ema = {k: beta * self.ema[k] + (1.0 - beta) * p for k, p in self.params.items()}
        return 1


def _copy(opt_state):
    """A snapshot of the optimizer state: a dict of per-array states, or L-BFGS's one (immutable) tuple."""
    return dict(opt_state) if isinstance(opt_state, dict) else opt_state


def rate_cuts(lr: list[float]) -> list[int]:
    """The epochs after which the learning rate went down: e where lr[e + 1] < lr[e] (``History.lr``)."""
    return [e for e in range(1, len(lr) - 1) if lr[e + 1] < lr[e]]


def updates_per_epoch(n: int, batch_size: int, batch_norm: bool = False) -> int:
    """Mini-batch updates in one epoch of ``n`` examples: ⌈N/B⌉ (batch norm skips a last batch of one row)."""
    size = min(int(batch_size), n)
    count = math.ceil(n / size)
    return count - 1 if batch_norm and n % size == 1 and count > 1 else count


def round_seconds(data: Dataset, configs: list[TrainConfig], updates: int = 2,
                  clock: Callable[[], float] = time.thread_time) -> float:
    """CPU seconds one epoch of every config is about to take here (a round of side-by-side training).

    The probe of the page's budget: for each config, ``updates`` real mini-batch updates of a
    throwaway network and one evaluation of the training and validation sets are timed on ``clock``,
    and an epoch is its updates plus that evaluation.  A few updates and one evaluation: cheap
    next to an epoch, whatever the network.
    """
    total = 0.0
    for config in configs:
        trainer = Trainer(data, config, record=False)
        n = len(data.y_train)
        size = min(int(config.batch_size), n)
        per_epoch = 1 if config.full_batch else math.ceil(n / size)  # L-BFGS: one step (its evaluations) an epoch
        k = max(1, min(int(updates), per_epoch))
        ratio_sum = np.zeros(len(trainer.weights))
        with np.errstate(all="ignore"), single_threaded():
            began = clock()
            for i in range(k):
                trainer._update(np.arange(i * size, min((i + 1) * size, n)) % n, ratio_sum)
            update = (clock() - began) / k
            began = clock()
            trainer._record(0, [float("nan")] * len(trainer.weights))
            evaluation = clock() - began
        total += per_epoch * update + evaluation
    return total


class TrainResult(NamedTuple):
    history: History
    arch: mlp.Architecture
    params: dict[str, np.ndarray]
    bn_state: dict[str, np.ndarray]
    stopped: bool  # the callback asked to stop before the last epoch


def train(data: Dataset, config: TrainConfig,
          callback: Callable[[History], bool | None] | None = None) -> TrainResult:
    """Train for ``config.epochs`` epochs; ``callback(history)`` after each epoch may return False to stop."""
    return train_side_by_side(data, [config], None if callback is None else (lambda hs: callback(hs[0])))[0]


def train_side_by_side(data: Dataset, configs: list[TrainConfig],
                       callback: Callable[[list[History]], bool | None] | None = None) -> list[TrainResult]:
    """Train several configurations in lockstep, one epoch each in turn.

    ``callback(histories)`` runs after every round of epochs; returning False stops them all.
    """
    trainers = [Trainer(data, c) for c in configs]
    stopped = False
    while not all(t.finished for t in trainers):
        for t in trainers:
            t.run_epoch()
        if callback is not None and callback([t.history for t in trainers]) is False:
            stopped = not all(t.finished for t in trainers)
            break
    return [TrainResult(t.history, t.arch, t.params, t.bn_state, stopped) for t in trainers]


def decision_grid(arch: mlp.Architecture, params, bn_state, bounds, resolution: int = 120):
    """Class probabilities on a regular grid over ``bounds`` (2D sets): ``(xs, ys, probs (ny, nx, C))``."""
    (x0, x1), (y0, y1) = bounds
    xs = np.linspace(x0, x1, resolution)
    ys = np.linspace(y0, y1, resolution)
    gx, gy = np.meshgrid(xs, ys)
    with np.errstate(all="ignore"), single_threaded():
        p = mlp.predict_proba(arch, params, np.column_stack([gx.ravel(), gy.ravel()]), bn_state)
    return xs, ys, p.reshape(resolution, resolution, -1)


# --- sanity checks (cs231n "Before learning: sanity checks") ----------------------------------------

class CheckResult(NamedTuple):
    """One sanity check: a key, whether it passed, an English detail, and the numbers behind it."""

    name: str
    passed: bool
    detail: str
    values: dict[str, float]


def check_initial_loss(data: Dataset, config: TrainConfig) -> CheckResult:
    """At initialization the loss should be about ln C (every class equally likely).

    Measured on the first :data:`CHECK_EXAMPLES` training examples.
    """
    arch = config.architecture(data)
    params = mlp.init_params(arch, config.init, config.seed)
    X, y = data.X_train[:CHECK_EXAMPLES], data.y_train[:CHECK_EXAMPLES]
    with np.errstate(all="ignore"):
        loss = mlp.loss(arch, params, X, y, train=True, rng=np.random.default_rng(0))
    expected = mlp.chance_loss(data.n_classes)
    passed = bool(math.isfinite(loss) and abs(loss - expected) <= INITIAL_LOSS_TOLERANCE * expected)
    return CheckResult("initial_loss", passed,
                       f"initial loss {loss:.3f}, ln {data.n_classes} = {expected:.3f} "
                       f"(tolerance ±{INITIAL_LOSS_TOLERANCE:.0%})",
                       {"loss": loss, "expected": expected, "tolerance": INITIAL_LOSS_TOLERANCE,
                        "classes": data.n_classes})


def check_regularization(data: Dataset, config: TrainConfig, strengths=(0.0, 1e-3, 1e-1)) -> CheckResult:
    """At initialization the loss should grow as the L2 strength grows."""
    arch = config.architecture(data)
    params = mlp.init_params(arch, config.init, config.seed)
    X, y = data.X_train[:CHECK_EXAMPLES], data.y_train[:CHECK_EXAMPLES]
    losses = []
    with np.errstate(all="ignore"):
        for lam in strengths:
            losses.append(mlp.loss(arch, params, X, y, l2=lam, train=True, rng=np.random.default_rng(0)))
    passed = bool(all(b > a for a, b in zip(losses, losses[1:])))
    shown = ", ".join(f"λ={lam:g}: {v:.4f}" for lam, v in zip(strengths, losses))
    return CheckResult("regularization", passed, f"loss at initialization {shown}",
                       {f"loss_{i}": v for i, v in enumerate(losses)}
                       | {f"lambda_{i}": lam for i, lam in enumerate(strengths)})


def check_overfit_tiny(data: Dataset, config: TrainConfig, n: int = TINY_SUBSET,
                       target: float = TINY_TARGET_LOSS, max_updates: int = TINY_MAX_UPDATES,
                       seconds: float | None = None, clock: Callable[[], float] = time.thread_time) -> CheckResult:
    """With no regularization, ``n`` examples trained on as one batch should reach a loss below ``target``.

    ``seconds`` bounds the CPU time on ``clock`` (a 6 × 512 network takes ~40 ms an update, so the
    full 1500 would take a minute): at the deadline the check stops, and ``values["cut_short"]`` is
    1 unless it had passed.
    """
    n = min(n, len(data.y_train))
    tiny = Dataset(data.name, data.X_train[:n], data.y_train[:n], data.X_train[:n], data.y_train[:n],
                   data.n_classes)
    cfg = TrainConfig(**{**config.__dict__, "weight_decay": 0.0, "dropout": 0.0, "batch_size": n,
                         "epochs": max_updates, "schedule": None, "schedule_params": {}})
    deadline = math.inf if seconds is None else clock() + seconds
    trainer = Trainer(tiny, cfg, record=False)
    updates = 0
    late = False
    with np.errstate(all="ignore"):
        # full-batch updates, stopping as soon as the loss of the batch about to be used is below target
        while cfg.full_batch:  # L-BFGS: each update is one step(closure) on the n examples
            loss = mlp.loss(trainer.arch, trainer.params, tiny.X_train, tiny.y_train, train=True,
                            bn_state=trainer.bn_state)
            late = clock() >= deadline
            if loss < target or not math.isfinite(loss) or updates >= max_updates or late:
                break
            trainer._full_batch_update(np.zeros(len(trainer.weights)))
            updates += 1
        while not cfg.full_batch:
            _, loss, grads, trainer.bn_state = mlp.loss_and_grads(
                trainer.arch, trainer.params, tiny.X_train, tiny.y_train, train=True, rng=trainer.rng,
                bn_state=trainer.bn_state)
            late = clock() >= deadline
            if loss < target or not math.isfinite(loss) or updates >= max_updates or late:
                break
            grads = global_norm_clip(grads, cfg.clip_norm)
            trainer.t += 1
            updates += 1
            for k, p in trainer.params.items():
                trainer.params[k], trainer.opt_state[k] = trainer.opt.step(
                    p, grads[k], trainer.opt_state[k], trainer.base_lr, trainer.t)
    passed = bool(math.isfinite(loss) and loss < target)
    cut_short = late and not passed
    detail = f"{n} examples: loss {loss:.4f} after {updates} updates (target < {target:g})"
    return CheckResult("overfit_tiny", passed, detail + (", cut short by its time limit" if cut_short else ""),
                       {"n": n, "loss": loss, "updates": updates, "target": target, "max_updates": max_updates,
                        "cut_short": float(cut_short)})


def burn_in(data: Dataset, config: TrainConfig, updates: int = BURN_IN_UPDATES):
    """The network of ``config`` after ``updates`` mini-batch updates of its own training, and its data loss.

    Returns ``(arch, params, loss_before, loss_after)``, the losses measured in evaluation mode on the
    first :data:`CHECK_EXAMPLES` training examples.  Note 001 checks gradients "during a
    characteristic mode of operation": at initialization a wrong gradient can look right (every score
    is about 0), so the check waits until the network has started to learn.
    """
    trainer = Trainer(data, config, record=False)
    X, y = data.X_train[:CHECK_EXAMPLES], data.y_train[:CHECK_EXAMPLES]
    n = len(data.y_train)
    size = min(int(config.batch_size), n)
    ratio_sum = np.zeros(len(trainer.weights))
    with np.errstate(all="ignore"), single_threaded():
        before = mlp.evaluate(trainer.arch, trainer.params, X, y, trainer.bn_state)[0]
        order = trainer.rng.permutation(n)
        for i in range(int(updates)):
            lo = (i * size) % n
            trainer._update(order[lo:lo + size], ratio_sum)
        after = mlp.evaluate(trainer.arch, trainer.params, X, y, trainer.bn_state)[0]
    return trainer.arch, trainer.params, float(before), float(after)


def _backprop_limit(arch: mlp.Architecture) -> float:
    return 1e-4 if arch.activation == "relu" else 1e-6


def check_backprop(data: Dataset, config: TrainConfig, n: int = 8, entries: int = 6,
                   h: float = 1e-5, updates: int = BURN_IN_UPDATES) -> CheckResult:
    """Backprop of the data loss alone against centered differences, after a short burn-in (note 001).

    The network first trains ``updates`` mini-batch updates (:func:`burn_in`); then the data loss on
    ``n`` examples - without the L2 term, which :func:`check_backprop_l2` checks on its own so it
    cannot hide a wrong data gradient - is checked on a few entries of every parameter.  Dropout
    uses the same seeded mask for every evaluation; the worst relative error must be ≤ 1e-4 with
    ReLU (a perturbation can cross its kink) and ≤ 1e-6 otherwise.
    """
    if config.full_batch:
        updates = min(updates, FULL_BATCH_BURN_IN)
    arch, params, before, after = burn_in(data, config, updates)
    X, y = data.X_train[:n], data.y_train[:n]

    def loss() -> float:
        return mlp.loss(arch, params, X, y, train=True, rng=np.random.default_rng(3))

    with np.errstate(all="ignore"):
        _, _, grads, _ = mlp.loss_and_grads(arch, params, X, y, train=True, rng=np.random.default_rng(3))
        errors = check_gradients(loss, params, grads, h=h, max_entries=entries, seed=config.seed)
    worst_name = max(errors, key=errors.get)
    worst = errors[worst_name]
    limit = _backprop_limit(arch)
    passed = bool(math.isfinite(worst) and worst <= limit)
    return CheckResult("backprop", passed,
                       f"data loss after {updates} updates (loss {before:.3f} → {after:.3f}): largest relative "
                       f"error {worst:.1e} ({worst_name}); limit {limit:g}",
                       {"error": worst, "limit": limit, "updates": updates, "loss_before": before,
                        "loss_after": after})


def check_backprop_l2(data: Dataset, config: TrainConfig, entries: int = 6, h: float = 1e-3) -> CheckResult:
    """The gradient of the L2 term alone, ½λΣ‖W‖², against centered differences (note 001).

    The analytic part is what the network adds to its gradients for L2 (the gradients with λ minus
    those without); the numeric part differentiates the term itself, with λ = the configuration's,
    or :data:`L2_CHECK_LAMBDA` when it has none (the term is checked even when it is off, so that it
    is right once it is turned on).  Every parameter is checked: biases must get no L2 gradient.
    The term is quadratic, so the centered difference has no truncation error and a larger ``h``
    than usual only shrinks the round-off (ε·½λΣ‖W‖²/h, large for a wide network).
    """
    arch = config.architecture(data)
    params = mlp.init_params(arch, config.init, config.seed)
    lam = float(config.weight_decay) if config.weight_decay > 0 else L2_CHECK_LAMBDA
    X, y = data.X_train[:2], data.y_train[:2]
    names = mlp.weight_names(arch)

    def term() -> float:
        return layers.l2_penalty([params[k] for k in names], lam)[0]

    with np.errstate(all="ignore"):
        rng = np.random.default_rng(3)
        with_l2 = mlp.loss_and_grads(arch, params, X, y, l2=lam, train=True, rng=rng)[2]
        without = mlp.loss_and_grads(arch, params, X, y, train=True, rng=np.random.default_rng(3))[2]
        analytic = {k: with_l2[k] - without[k] for k in params}
        errors = check_gradients(term, params, analytic, h=h, max_entries=entries, seed=config.seed)
    worst_name = max(errors, key=errors.get)
    worst = errors[worst_name]
    limit = 1e-6  # a quadratic: the centered difference is exact up to round-off
    passed = bool(math.isfinite(worst) and worst <= limit)
    return CheckResult("backprop_l2", passed,
                       f"L2 term alone (λ = {lam:g}): largest relative error {worst:.1e} ({worst_name}); "
                       f"limit {limit:g}", {"error": worst, "limit": limit, "lambda": lam})


def sanity_checks(data: Dataset, config: TrainConfig) -> list[CheckResult]:
    """The notes' checklist before training: gradients (data loss after a burn-in, then the L2 term
    alone), initial loss, regularization, tiny subset."""
    config.validate()
    with single_threaded():
        return [check_backprop(data, config), check_backprop_l2(data, config), check_initial_loss(data, config),
                check_regularization(data, config), check_overfit_tiny(data, config)]


def test_scores(data: Dataset, models: list[tuple]) -> list[tuple[float, float]]:
    """Loss and accuracy of each trained ``(arch, params, bn_state)`` on the held-out test part.

    Notes 001 and 003: settings are chosen on the validation part; the test part is evaluated once,
    at the end, so that it still estimates how the network does on data nobody has looked at.
    """
    if len(data.y_test) == 0:
        raise ValueError("this split holds out no test part (set a test fraction above 0)")
    with np.errstate(all="ignore"), single_threaded():
        return [tuple(float(v) for v in mlp.evaluate(arch, params, data.X_test, data.y_test, bn))
                for arch, params, bn in models]


def ensemble_scores(data: Dataset, models: list[tuple]) -> tuple[float, float]:
    """Validation loss and accuracy of the average of ``models``' class probabilities (note 001's ensemble).

    p̄(x) = (1/K) Σₖ pₖ(x); the loss is −mean log p̄(y|x), the accuracy that of argmax p̄.  Members
    trained from different seeds (or with different settings) make different mistakes, which the
    average partly cancels.
    """
    if not models:
        raise ValueError("an ensemble needs at least one model")
    with np.errstate(all="ignore"), single_threaded():
        mean = np.mean([mlp.predict_proba(arch, params, data.X_val, bn) for arch, params, bn in models], axis=0)
    picked = mean[np.arange(len(data.y_val)), data.y_val]
    loss = float(-np.mean(np.log(np.clip(picked, 1e-300, None))))
    return loss, float(np.mean(np.argmax(mean, axis=1) == data.y_val))
