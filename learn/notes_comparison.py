"""Note 004's optimizer comparison on a small network, and the defaults it is run with.

Note 004 (after Géron, *Hands-On Machine Learning*, ch. 11) trains one network - three hidden
layers of 100 ReLU units, He initialization, softmax output - with eight optimizers at Keras'
settings (learning rate 0.001; momentum 0.9; ρ = 0.9; β = (0.9, 0.999); AdamW λ = 1e-5), and rates
each in Table 11-2 for speed of convergence and quality of the result.  This module holds those
eight runs (:data:`NOTE_004`), Keras' default hyperparameters in this library's names
(:func:`defaults`; reference SPEC B), and the table computed from the runs' histories
(:func:`comparison`):

* speed: the first epoch at which the validation accuracy reaches :data:`TARGET_ACCURACY`
  (``None``: not within the run);
* quality: the validation accuracy and loss after the last epoch;
* stars, by rules stated here rather than taken from the book: speed ★★★ when the target is reached
  within :data:`FAST_FACTOR` times the fastest run's epochs, ★★ when reached later, ★ when never;
  quality ★★★ within :data:`CLOSE_POINTS` points of the best final accuracy, ★★ within
  :data:`FAR_POINTS`, ★ further.

The library's update rules are torch's; the Keras defaults change values only (ε = 1e-7 is added
where torch adds ε, e.g. outside RMSprop's root where Keras adds it inside).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, NamedTuple

import optimizers
from optimizers import facts

DEFAULTS = ("torch", "keras")

#: Keras 3's defaults where they differ from torch's, in this library's names (reference SPEC B).
#: Nadam keeps ψ = 0.004: tf.keras 2 (the notes' Keras) used schedule_decay = 0.004, torch's ψ.
KERAS: dict[str, dict[str, Any]] = {
    "sgd": {"lr": 0.01},
    "rmsprop": {"lr": 1e-3, "alpha": 0.9, "eps": 1e-7},
    "adam": {"lr": 1e-3, "eps": 1e-7},
    "adamw": {"lr": 1e-3, "eps": 1e-7, "weight_decay": 0.004},
    "adamax": {"lr": 1e-3, "eps": 1e-7},
    "nadam": {"lr": 1e-3, "eps": 1e-7},
    "adagrad": {"lr": 1e-3, "initial_accumulator_value": 0.1, "eps": 1e-7},
    "adadelta": {"lr": 1e-3, "rho": 0.95, "eps": 1e-7},
    "lion": {"lr": 1e-3},
}

#: note 004's network and training: Keras' fit() trains in batches of 32; the notes train 10 epochs
NOTE_004_HIDDEN = (100, 100, 100)
NOTE_004_BATCH = 32
NOTE_004_EPOCHS = 10

#: (display name, optimizer, hyperparameters beyond Keras' defaults) - note 004's eight runs
NOTE_004: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("Momentum", "sgd", {"lr": 1e-3, "momentum": 0.9}),
    ("Nesterov", "sgd", {"lr": 1e-3, "momentum": 0.9, "nesterov": True}),
    ("AdaGrad", "adagrad", {}),
    ("RMSprop", "rmsprop", {}),
    ("Adam", "adam", {}),
    ("Adamax", "adamax", {}),
    ("Nadam", "nadam", {}),
    ("AdamW", "adamw", {"weight_decay": 1e-5}),
)

TARGET_ACCURACY = 0.9
FAST_FACTOR = 1.5
CLOSE_POINTS = 0.01
FAR_POINTS = 0.05


def defaults(name: str, kind: str, page: str | None = None) -> dict[str, Any]:
    """Every hyperparameter of optimizer ``name`` at ``kind``'s defaults ("torch" or "keras").

    torch's learning rate is the page's starting one when ``page`` is given (optimizers/facts.py);
    Keras' is Keras'.  An optimizer Keras does not have keeps torch's values.
    """
    if kind not in DEFAULTS:
        raise ValueError(f"defaults must be one of {', '.join(DEFAULTS)} (got {kind!r})")
    values = {s.name: s.default for s in optimizers.optimizer_class(name).spec_map().values()}
    if page is not None:
        values["lr"] = facts.of(name).lr(page)
    if kind == "keras":
        values.update(KERAS.get(name, {}))
    return values


def note_004_runs() -> list[tuple[str, str, dict[str, Any]]]:
    """Note 004's runs with every hyperparameter: (name, optimizer, hyperparameters)."""
    return [(label, name, {**defaults(name, "keras"), **extra}) for label, name, extra in NOTE_004]


def label(name: str, hyperparameters: dict[str, Any], base: dict[str, Any]) -> str:
    """``"SGD (lr=0.001, momentum=0.9, nesterov)"``: the title, the learning rate, and every other
    hyperparameter that differs from ``base`` (the defaults in effect)."""
    parts = [f"lr={hyperparameters['lr']:g}"]
    for key, value in hyperparameters.items():
        if key == "lr" or key not in base or value == base[key]:
            continue
        parts.append(key if value is True else f"{key}={value:g}" if isinstance(value, float) else f"{key}={value}")
    return f"{optimizers.optimizer_class(name).title} ({', '.join(parts)})"


def unique(labels: Sequence[str]) -> list[str]:
    """The labels with a ``#2``, ``#3`` ... after the second and later copies of the same label."""
    seen: dict[str, int] = {}
    out = []
    for text in labels:
        seen[text] = seen.get(text, 0) + 1
        out.append(text if seen[text] == 1 else f"{text} #{seen[text]}")
    return out


class Row(NamedTuple):
    label: str
    reached: int | None  # first epoch with validation accuracy ≥ the target; None: never
    val_acc: float
    val_loss: float
    train_loss: float
    speed_stars: int
    quality_stars: int
    diverged: bool


def first_epoch_reaching(history: dict, target: float) -> int | None:
    for epoch, acc in zip(history["epoch"], history["val_acc"]):
        if math.isfinite(acc) and acc >= target:
            return int(epoch)
    return None


def comparison(histories: Sequence[dict], target: float = TARGET_ACCURACY) -> list[Row]:
    """The comparison table of runs' histories (:meth:`learn.training.History.as_dict`), in their order."""
    reached = [first_epoch_reaching(h, target) for h in histories]
    finals = [h["val_acc"][-1] if math.isfinite(h["val_acc"][-1]) else 0.0 for h in histories]
    fastest = min((r for r in reached if r is not None), default=None)
    best = max(finals)
    rows = []
    for h, r, acc in zip(histories, reached, finals):
        speed = 1 if r is None else 3 if r <= FAST_FACTOR * max(fastest, 1) else 2
        quality = 3 if acc >= best - CLOSE_POINTS else 2 if acc >= best - FAR_POINTS else 1
        rows.append(Row(h["label"], r, acc, h["val_loss"][-1], h["train_loss"][-1], speed, quality,
                        h.get("diverged_at") is not None))
    return rows


class Ranking(NamedTuple):
    fastest: list[str]  # the runs that reached the target first (ties share the place)
    fastest_epoch: int | None
    never: list[str]  # the runs that never reached it
    best: list[str]  # the best final validation accuracy (ties within 0.05 points share it)
    best_acc: float
    worst: str
    worst_acc: float


def ranking(rows: Sequence[Row]) -> Ranking:
    """What the page says about a comparison: who got there first, who never did, who ended best and worst."""
    reached = [r.reached for r in rows if r.reached is not None]
    first = min(reached, default=None)
    best_acc = max(r.val_acc for r in rows)
    worst = min(rows, key=lambda r: r.val_acc)
    return Ranking([r.label for r in rows if first is not None and r.reached == first], first,
                   [r.label for r in rows if r.reached is None],
                   [r.label for r in rows if r.val_acc >= best_acc - 5e-4], best_acc, worst.label, worst.val_acc)
