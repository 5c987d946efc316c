"""One-click lessons for the Compare page: each a full configuration plus two lines on what to look at.

A lesson is applied through the codec (``comparison.codec.apply``): it sets the whole view, so no value
of the previous one stays.  The title and the explanation are catalogue keys (``compare.preset.<name>`` and
``compare.preset.<name>.note``), so both languages live in ``ui/strings/compare.py``.  The numbers
were checked by running them (see tests/test_compare_presets.py, which asserts what each note
promises: who zig-zags, who escapes the saddle, which run diverges and when).
"""

from __future__ import annotations

from dataclasses import dataclass

from comparison.config import DEFAULT, CompareConfig, OptimizerConfig, ScheduleConfig


@dataclass(frozen=True)
class Preset:
    name: str
    config: CompareConfig

    @property
    def title_key(self) -> str:
        return f"compare.preset.{self.name}"

    @property
    def note_key(self) -> str:
        return f"compare.preset.{self.name}.note"


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
        ),
        Preset(
            "beale",
            CompareConfig(
                _radford_six(0.01, 0.001, 0.001, 0.5, 1.0, 0.01), "beale", start=(1.0, 1.5), steps=300
            ),
        ),
        Preset(
            "rosenbrock",
            CompareConfig(
                (_o("sgd", 1e-3), _o("momentum", 1e-3), _o("adam", 0.1), _o("newton", 1.0)),
                "rosenbrock",
                start=(-2.0, 2.0),
                steps=500,
            ),
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
        ),
        # lr 0.002 is too large on Rosenbrock's steep wall at (-2, 2) but fine in the valley: a 20-step
        # warmup walks down the wall first, and the cosine decay then settles the run.
        Preset(
            "warmup_cosine",
            CompareConfig(
                (
                    _o("sgd", 0.002),
                    _o("sgd", 0.002, ScheduleConfig("cosine", (("T_max", 300),))),
                    _o("sgd", 0.002, ScheduleConfig("cosine", (("T_max", 280),), warmup_steps=20)),
                    _o("sgd", 0.0015),
                ),
                "rosenbrock",
                start=(-2.0, 2.0),
                steps=300,
            ),
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
