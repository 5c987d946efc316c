"""One-click lessons for the Compare page: each a full configuration plus two lines on what to look at.

A lesson is applied through the codec (``comparison.codec.apply``): it sets the whole view, so no value
of the previous one stays.  The title and the explanation are catalogue keys (``compare.preset.<name>`` and
``compare.preset.<name>.note``), so both languages live in ``ui/strings/compare.py``.

Every number a note states is computed from the lesson's own runs: the note is a template and
:meth:`Preset.fields` fills it from them (the step at which a run left the view, a final loss, a
distance).  Every other claim (who zig-zags, who swings wide, who ends closest) is asserted by a test of
that lesson in tests/test_compare_presets.py, in both languages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from comparison.config import DEFAULT, KINDS, CompareConfig, HandOver, OptimizerConfig, ScheduleConfig
from comparison.metrics import outcome, steps_to_tolerance

#: the tolerance the lessons' "reaches the minimum" means: the results table's default
LESSON_TOL = 1e-3


def number(value: float) -> str:
    """A number as the notes print it: three significant figures (−8.63e+04, 0.195, 41)."""
    return f"{value:.3g}"


# (configuration, surface, one Trajectory per optimizer in order) -> the note's fields
Facts = Callable[[CompareConfig, object, Sequence], dict[str, str]]


@dataclass(frozen=True)
class Preset:
    name: str
    config: CompareConfig
    facts: Facts | None = None

    @property
    def title_key(self) -> str:
        return f"compare.preset.{self.name}"

    @property
    def note_key(self) -> str:
        return f"compare.preset.{self.name}.note"

    def fields(self, surface, runs: Sequence) -> dict[str, str]:
        """The numbers the note states, from the lesson's runs (``runs[i]`` is optimizer i's Trajectory)."""
        return {} if self.facts is None else self.facts(self.config.normalized(), surface, runs)


def _o(kind: str, lr: float, schedule: ScheduleConfig | None = None, **hp) -> OptimizerConfig:
    return OptimizerConfig(kind, (("lr", lr), *hp.items()), schedule or ScheduleConfig())


# the classic six of Radford's animations and Tiao's notebook
def _radford_six(sgd: float, momentum: float, nag: float, adagrad: float, adadelta: float, rmsprop: float):
    return (
        _o("sgd", sgd),
        _o("momentum", momentum),
        _o("nesterov", nag),
        _o("adagrad", adagrad),
        _o("adadelta", adadelta),
        _o("rmsprop", rmsprop),
    )


def _left(traj, surface) -> str:
    step = outcome(traj, surface.bounds).left_view_at
    return "—" if step is None else str(step)


def _distance(traj, point, step: int = -1) -> float:
    return float(np.hypot(*(np.asarray(traj.xy[step, 0], dtype=float) - np.asarray(point, dtype=float))))


def _saddle_facts(cfg, surface, runs) -> dict[str, str]:
    sgd, momentum, nag, adagrad, adadelta, rmsprop = runs
    y = lambda traj, k: number(abs(float(traj.xy[k, 0, 1])))  # noqa: E731
    return {
        "steps": str(cfg.steps), "sgd_y": y(sgd, -1), "momentum_y20": y(momentum, 20),
        "adagrad_y20": y(adagrad, 20), "rmsprop_y20": y(rmsprop, 20), "adadelta_y20": y(adadelta, 20),
        "momentum_out": _left(momentum, surface), "nag_out": _left(nag, surface),
        "adagrad_out": _left(adagrad, surface), "rmsprop_out": _left(rmsprop, surface),
        "adadelta_out": _left(adadelta, surface),
    }


def _beale_facts(cfg, surface, runs) -> dict[str, str]:
    minimum = surface.minima[0].point
    distances = [_distance(traj, minimum) for traj in runs]
    closest = int(np.argmin(distances))
    return {
        "steps": str(cfg.steps),
        "momentum_low": number(float(runs[1].xy[:, 0, 1].min())), "nag_low": number(float(runs[2].xy[:, 0, 1].min())),
        "adadelta_d": number(distances[4]),
        "closest": KINDS[cfg.optimizers[closest].kind].title, "closest_d": number(distances[closest]),
    }


def _rosenbrock_facts(cfg, surface, runs) -> dict[str, str]:
    sgd, momentum, adam, newton = runs
    minimum = surface.minima[0]
    reached = steps_to_tolerance(np.asarray(newton.loss[:, 0]), minimum.value, LESSON_TOL)
    return {
        "steps": str(cfg.steps), "sgd_d": number(_distance(sgd, minimum.point)),
        "momentum_d": number(_distance(momentum, minimum.point)), "adam_d": number(_distance(adam, minimum.point)),
        "newton_steps": "—" if reached is None else str(reached), "tol": f"{LESSON_TOL:g}",
    }


def _distill_facts(cfg, surface, runs) -> dict[str, str]:
    gd, heavy = runs
    return {"steps": str(cfg.steps), "gd_loss": number(float(gd.loss[-1, 0])),
            "momentum_loss": number(float(heavy.loss[-1, 0]))}


def _handover_facts(cfg, surface, runs) -> dict[str, str]:
    adam, momentum, both = runs
    at = cfg.optimizers[2].then.at
    return {"start": number(float(adam.loss[0, 0])), "at": str(at), "adam_at": number(float(adam.loss[at, 0])),
            "steps": str(cfg.steps), "adam_end": number(float(adam.loss[-1, 0])),
            "lr": number(cfg.optimizers[2].then.lr),
            "momentum_div": str(outcome(momentum, surface.bounds).diverged_at),
            "both_end": number(float(both.loss[-1, 0])),
            "ratio": f"{float(adam.loss[-1, 0] / both.loss[-1, 0]):.0f}"}


def _too_high_facts(cfg, surface, runs) -> dict[str, str]:
    high = runs[3]
    return {"steps": str(cfg.steps), "high_out": _left(high, surface), "high_loss": number(float(high.loss[-1, 0]))}


def _warmup_facts(cfg, surface, runs) -> dict[str, str]:
    constant, cosine, warm, safe = runs
    div = lambda traj: str(outcome(traj, surface.bounds).diverged_at)  # noqa: E731
    return {"steps": str(cfg.steps), "constant_div": div(constant), "cosine_div": div(cosine),
            "warm_loss": number(float(warm.loss[-1, 0])), "safe_loss": number(float(safe.loss[-1, 0]))}


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        # Deep Learning from Scratch, figures 6-3 to 6-7 (the default view).  The book plots 30 points
        # (29 updates) and uses eps = 1e-7 in AdaGrad; we run 30 updates with torch's eps = 1e-10.
        Preset("zigzag", DEFAULT),
        # x² − y² from just beside the saddle's ridge: plain gradient steps grow y by (1 + 2·lr) per step,
        # so SGD sits at the saddle for the whole run; the adaptive methods normalise y's tiny gradient.
        Preset(
            "saddle",
            CompareConfig(
                _radford_six(0.01, 0.01, 0.01, 0.1, 1.0, 0.01), "saddle", start=(-1.8, 1e-4), steps=150
            ),
            _saddle_facts,
        ),
        Preset(
            "beale",
            CompareConfig(
                _radford_six(0.01, 0.001, 0.001, 0.5, 1.0, 0.01), "beale", start=(1.0, 1.5), steps=300
            ),
            _beale_facts,
        ),
        Preset(
            "rosenbrock",
            CompareConfig(
                (_o("sgd", 1e-3), _o("momentum", 1e-3), _o("adam", 0.1), _o("newton", 1.0)),
                "rosenbrock",
                start=(-2.0, 2.0),
                steps=500,
            ),
            _rosenbrock_facts,
        ),
        # Distill, "Why Momentum Really Works": heavy ball z = βz + ∇f, w -= αz is torch's SGD with
        # momentum β and lr α (the same path), on (1 − x)² + 20(3y − x²)²... their scaled Rosenbrock.
        Preset(
            "distill",
            CompareConfig(
                (_o("sgd", 0.003), _o("momentum", 0.003, momentum=0.74)),
                "distill_rosenbrock",
                start=(-1.21, 0.853),
                steps=150,
            ),
            _distill_facts,
        ),
        # GD on x²/20 + y² is stable only for lr < 2/λmax = 1 (λmax = 2, along y).
        Preset(
            "too_high",
            CompareConfig(
                (_o("sgd", 0.5), _o("sgd", 0.95), _o("sgd", 1.0), _o("sgd", 1.2)),
                "book_quadratic",
                start=(-7.0, 2.0),
                steps=40,
            ),
            _too_high_facts,
        ),
        # lr 0.002 is too large on Rosenbrock's steep wall at (-2, 2) but fine in the valley: a 20-step
        # warmup walks down the wall first, and the cosine decay (over the rest of the run: T_max follows
        # it) then settles the run.
        Preset(
            "warmup_cosine",
            CompareConfig(
                (
                    _o("sgd", 0.002),
                    _o("sgd", 0.002, ScheduleConfig("cosine")),
                    _o("sgd", 0.002, ScheduleConfig("cosine", warmup_steps=20)),
                    _o("sgd", 0.0015),
                ),
                "rosenbrock",
                start=(-2.0, 2.0),
                steps=300,
            ),
            _warmup_facts,
        ),
        # Note 002: "Adam first, then SGD".  From (-2, 2) Rosenbrock's wall is too steep for Momentum at
        # lr 0.002 (it overflows within a few steps), and Adam gets down it quickly but then crawls along
        # the curved valley; Adam for 50 steps, then Momentum at that rate from where Adam stopped, finishes.
        Preset(
            "adam_then_sgd",
            CompareConfig(
                (
                    _o("adam", 0.1),
                    _o("momentum", 0.002),
                    OptimizerConfig("adam", (("lr", 0.1),), then=HandOver(50, "momentum", 0.002)),
                ),
                "rosenbrock",
                start=(-2.0, 2.0),
                steps=300,
            ),
            _handover_facts,
        ),
    )
}


def matching(config: CompareConfig) -> Preset | None:
    """The preset whose configuration ``config`` is (after filling in defaults, whatever the slot ids), if any."""
    try:
        normal = config.without_slots().normalized()
    except ValueError:
        return None
    for preset in PRESETS.values():
        if preset.config.normalized() == normal:
            return preset
    return None
