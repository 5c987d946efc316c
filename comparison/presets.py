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
from comparison.effective import adagrad_rates, adam_rates, path_gradients, rmsprop_rates, step_angles
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


def _hp(cfg, index: int) -> dict:
    return dict(cfg.optimizers[index].hp)


def _adagrad_fades_facts(cfg, surface, runs) -> dict[str, str]:
    adagrad, rmsprop, adadelta = runs
    a, r = _hp(cfg, 0), _hp(cfg, 1)
    ag = adagrad_rates(path_gradients(surface, adagrad.xy[:, 0]), a["lr"], a["eps"], a["initial_accumulator_value"])
    rm = rmsprop_rates(path_gradients(surface, rmsprop.xy[:, 0]), r["lr"], r["alpha"], r["eps"])
    loss = lambda traj, k=-1: number(float(traj.loss[k, 0]))  # noqa: E731
    return {
        "steps": str(cfg.steps), "g0x": number(abs(float(surface.grad(np.asarray(cfg.start))[0]))),
        "ag_x0": number(ag[0, 0]), "ag_x1": number(ag[-1, 0]), "ag_y0": number(ag[0, 1]), "ag_y1": number(ag[-1, 1]),
        "ag_100": loss(adagrad, 100), "ag_loss": loss(adagrad),
        "rm_xmin": number(rm[:, 0].min()), "rm_x1": number(rm[-1, 0]), "rm_y1": number(rm[-1, 1]),
        "rm_loss": loss(rmsprop), "ad_loss": loss(adadelta),
    }


def _clipping_facts(cfg, surface, runs) -> dict[str, str]:
    plain, by_value, by_norm = runs
    jumps = np.linalg.norm(np.diff(plain.xy[:, 0], axis=0), axis=1)
    k = int(np.argmax(jumps))
    bent, kept = step_angles(surface, by_value.xy[:, 0]), step_angles(surface, by_norm.xy[:, 0])
    longest = lambda traj: number(float(np.linalg.norm(np.diff(traj.xy[:, 0], axis=0), axis=1).max()))  # noqa: E731
    loss = lambda traj: number(float(traj.loss[-1, 0]))  # noqa: E731
    return {
        "steps": str(cfg.steps), "jump_step": str(k + 1), "jump": number(float(jumps[k])),
        "jump_x": number(float(plain.xy[k + 1, 0, 0])), "value_angle0": number(float(bent[0])),
        "norm_angle": number(float(kept.max())), "value_longest": longest(by_value), "norm_longest": longest(by_norm),
        "plain_loss": loss(plain), "value_loss": loss(by_value), "norm_loss": loss(by_norm),
    }


def _nearest_minimum(surface, point):
    """The catalogued minimum nearest to ``point``."""
    return min(surface.minima, key=lambda m: float(np.hypot(*(np.asarray(point) - np.asarray(m.point)))))


def _point(p) -> str:
    return f"({number(float(p[0]))}, {number(float(p[1]))})"


def _first(mask) -> str:
    hits = np.flatnonzero(mask)
    return "—" if hits.size == 0 else str(int(hits[0]))


def _restarts_facts(cfg, surface, runs) -> dict[str, str]:
    constant, step, sgdr, cyclic = runs
    deep = min(surface.minima, key=lambda m: m.value)
    shallow = _nearest_minimum(surface, constant.xy[-1, 0])
    near = lambda traj, m, r: np.hypot(*(traj.xy[:, 0] - np.asarray(m.point)).T) < r  # noqa: E731
    inside = np.flatnonzero(near(cyclic, shallow, 0.1))
    came, left = (int(inside[0]), int(inside[-1]) + 1) if inside.size else (None, None)
    out = {"steps": str(cfg.steps), "shallow": _point(shallow.point), "shallow_f": number(shallow.value),
           "deep": _point(deep.point), "deep_f": number(deep.value),
           "cyc_in": "—" if came is None else str(came), "cyc_out": "—" if left is None else str(left),
           "cyc_peak": "—" if left is None else number(float(cyclic.loss[left:, 0].max())),
           "sgdr_deep": _first(near(sgdr, deep, 0.01)), "cyc_deep": _first(near(cyclic, deep, 0.01))}
    for key, traj in zip(("const", "step", "sgdr", "cyc"), runs):
        out[f"{key}_end"] = _point(_nearest_minimum(surface, traj.xy[-1, 0]).point)
        out[f"{key}_loss"] = number(float(traj.loss[-1, 0]))
    return out


def _heavy_ball_facts(cfg, surface, runs) -> dict[str, str]:
    sgd, momentum, nag, friction = runs
    d = lambda traj: number(_distance(traj, surface.minima[0].point))  # noqa: E731
    speed = lambda traj: number(float(np.linalg.norm(np.diff(traj.xy[:, 0], axis=0), axis=1).max()))  # noqa: E731
    return {"steps": str(cfg.steps), "sgd_d": d(sgd), "momentum_d": d(momentum), "nag_d": d(nag),
            "friction_d": d(friction), "sgd_speed": speed(sgd), "momentum_speed": speed(momentum),
            "momentum_x": number(float(momentum.xy[:, 0, 0].max())), "nag_x": number(float(nag.xy[:, 0, 0].max())),
            "friction_x": number(float(friction.xy[:, 0, 0].max()))}


def _adam_x_rates(cfg, surface, index: int, traj) -> tuple[np.ndarray, np.ndarray]:
    """The gradients of a run and its effective rates per coordinate (comparison/effective.py)."""
    hp = _hp(cfg, index)
    g = path_gradients(surface, traj.xy[:, 0])
    return g, adam_rates(g, hp["lr"], (hp["beta1"], hp["beta2"]), hp["eps"], bool(hp["amsgrad"]))


def _amsgrad_facts(cfg, surface, runs) -> dict[str, str]:
    adam, ams = runs
    g, a = _adam_x_rates(cfg, surface, 0, adam)
    _, m = _adam_x_rates(cfg, surface, 1, ams)
    norms = np.linalg.norm(g, axis=1)
    low, ams_low = int(np.argmin(a[:, 0])), int(np.argmin(m[:, 0]))
    return {"steps": str(cfg.steps), "cliff": str(int(np.argmax(norms))), "gmax": number(float(norms.max())),
            "adam_min": number(a[low, 0]), "adam_min_step": str(low + 1), "adam_end": number(a[-1, 0]),
            "adam_ratio": number(a[-1, 0] / a[low, 0]), "ams_min": number(m[ams_low, 0]),
            "ams_end": number(m[-1, 0]), "adam_loss": number(float(adam.loss[-1, 0])),
            "ams_loss": number(float(ams.loss[-1, 0]))}


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
        # AdaGrad's sum of squared gradients remembers the steep wall at (-2, 2) for good; RMSprop's moving
        # average forgets it (the notes: RMSprop and Adadelta were made to fix AdaGrad's fading step).
        Preset(
            "adagrad_fades",
            CompareConfig(
                (_o("adagrad", 0.1), _o("rmsprop", 0.01), _o("adadelta", 1.0)),
                "rosenbrock",
                start=(-2.0, 2.0),
                steps=1000,
            ),
            _adagrad_fades_facts,
        ),
        # the cliff of an exploding gradient (notes 000, 002): by value, each component is cut to [-c, c],
        # which turns the step (at the start, where |∂f/∂y| > |∂f/∂x| > c); by norm, g is only rescaled.
        Preset(
            "clipping",
            CompareConfig(
                (_o("sgd", 0.1), _o("sgd", 0.1, clip_value=0.5), _o("sgd", 0.1, clip_norm=0.5)),
                "cliff",
                start=(-3.5, 2.0),
                steps=300,
            ),
            _clipping_facts,
        ),
        # three-hump camel from (2, -0.5), in a shallow basin (f = 0.299) beside the deep one (f = 0 at the
        # origin): lr 0.1 is stable in the shallow basin; cycles that reach 0.4 are not, and they
        # anneal inside the deep basin (note 000: short-term harm, long-term gain).
        Preset(
            "restarts",
            CompareConfig(
                (
                    _o("sgd", 0.1),
                    _o("sgd", 0.1, ScheduleConfig("step", (("step_size", 50), ("gamma", 0.5)))),
                    _o("sgd", 0.4, ScheduleConfig("cosine_restarts", (("T_0", 50),))),
                    # 0.025 .. 0.4 as lr 0.2 times 0.125 .. 2 (the page's and the link's range of max_factor)
                    _o("sgd", 0.2, ScheduleConfig(
                        "cyclic", (("base_factor", 0.125), ("max_factor", 2.0), ("step_size_up", 25)))),
                ),
                "three_hump_camel",
                start=(2.0, -0.5),
                steps=300,
            ),
            _restarts_facts,
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
        # the notes' ball rolling in the book's bowl: μ = 0.9 keeps most of the velocity (it overshoots),
        # μ = 0.5 is heavy friction; Nesterov takes the gradient where the velocity is about to carry it.
        Preset(
            "heavy_ball",
            CompareConfig(
                (_o("sgd", 0.1), _o("momentum", 0.1, momentum=0.9), _o("nesterov", 0.1, momentum=0.9),
                 _o("momentum", 0.1, momentum=0.5)),
                "book_quadratic",
                start=(-7.0, 2.0),
                steps=60,
            ),
            _heavy_ball_facts,
        ),
        # a gradient that is large (the cliff face) and then small (the valley below): Adam's v decays
        # and its rate grows back; AMSGrad keeps the largest v.  β₂ = 0.99 so the bias correction has
        # settled by the time the run reaches the cliff (about step 290).
        Preset(
            "amsgrad",
            CompareConfig(
                (_o("adam", 0.01, beta2=0.99), _o("adam", 0.01, beta2=0.99, amsgrad=True)),
                "cliff",
                start=(-3.9, 0.5),
                steps=600,
            ),
            _amsgrad_facts,
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
