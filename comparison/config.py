"""The Compare page's configuration as plain, hashable values.

A :class:`CompareConfig` says everything the page computes: the surface, the start point, the number
of steps, the gradient noise (as a batch size) and a list of :class:`OptimizerConfig` — each an
optimizer *kind* with its hyperparameters and its learning-rate schedule — with the id of the slot
each sits in (its colour).  :mod:`comparison.codec` turns a configuration into the page's session
state and its link and back.

Nothing here imports streamlit: the page, the presets, the tests and the latency benchmark all use it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

import optimizers
import surfaces
from optimizers import facts, schedules
from paramspec import ParamSpec
from viz.palette import colour

PREFIX = "compare"
MAX_OPTIMIZERS = 8
#: slot ids are 0..MAX_SLOT_ID (a new slot takes the smallest free id, so ids stay below MAX_OPTIMIZERS
#: in practice; a hand-written link may use more)
MAX_SLOT_ID = 63
MAX_STEPS = 1000
MAX_SEED = 1_000_000
#: mini-batch sizes offered; 0 is the full batch (no noise)
BATCHES = (0, 1024, 256, 64, 16, 4, 1)
TOLERANCES = (1e-1, 1e-2, 1e-3, 1e-4, 1e-6, 1e-8)
CUSTOM = "custom"  # the surface picker's "Custom f(x, y)" choice


@dataclass(frozen=True)
class Kind:
    """An entry of the optimizer menu: a registered optimizer with friendlier defaults.

    ``fixed`` hyperparameters are forced and not shown (Momentum is SGD with nesterov off); ``defaults``
    replace torch's defaults where those would barely move in a 30-step demo (SGD's lr = 1e-3).
    """

    name: str
    optimizer: str
    title: str
    defaults: dict = field(default_factory=dict)
    fixed: dict = field(default_factory=dict)

    def specs(self) -> dict[str, ParamSpec]:
        """The hyperparameters a user can set for this kind (lr first), clipping included."""
        specs = optimizers.optimizer_class(self.optimizer).spec_map()
        return {name: spec for name, spec in specs.items() if name not in self.fixed}

    def default(self, name: str) -> Any:
        return self.defaults.get(name, self.specs()[name].default)


def _kinds() -> tuple[dict[str, Kind], tuple[str, ...]]:
    """The menu (in menu order) and the "Add optimizer" order, from each optimizer's row in
    optimizers/facts.py (a registered optimizer without a row raises here)."""
    entries = []  # (menu position, add position, kind)
    for name in optimizers.names():
        row = facts.of(name)
        cls = optimizers.optimizer_class(name)
        entries.append((row.menu, row.add, Kind(name, name, cls.title, {"lr": row.lr(PREFIX)})))
        for v in row.variants:
            entries.append((v.menu, v.add, Kind(v.name, name, v.title, {"lr": v.lr, **v.defaults}, dict(v.fixed))))
    kinds = {kind.name: kind for _, _, kind in sorted(entries, key=lambda e: e[0])}
    add_order = tuple(kind.name for _, _, kind in sorted(entries, key=lambda e: e[1]))
    return kinds, add_order


#: every kind in menu order, and the order in which "Add optimizer" picks the next kind (the first
#: not already on the page)
KINDS, ADD_ORDER = _kinds()


# --------------------------------------------------------------------------------- the values


#: the parameter that says how many updates a schedule lasts (its horizon), for the schedules that end
#: somewhere: on this page it follows the run's length unless it is set (see :func:`schedule_specs`)
HORIZONS = {"cosine": "T_max", "one_cycle": "total_steps", "polynomial": "total_iters"}
#: the value of a horizon that follows the run: Steps − warmup updates
FOLLOW_RUN = 0


def schedule_specs(name: str) -> dict[str, ParamSpec]:
    """Schedule ``name``'s own specs as the Compare page offers them: its horizon (cosine's T_max,
    one-cycle's total_steps, polynomial's total_iters) defaults to :data:`FOLLOW_RUN`, "the rest of
    the run".  A fixed default of 100 would anneal a 300-step run three times over (cosine rises
    back to the full rate at step 200) or leave it at the floor for 200 steps (one-cycle)."""
    specs = schedules.specs(name)
    horizon = HORIZONS.get(name)
    if horizon:
        specs[horizon] = replace(specs[horizon], default=FOLLOW_RUN, low=FOLLOW_RUN, ui_low=FOLLOW_RUN)
    return specs


def run_horizon(steps: int, warmup_steps: int) -> int:
    """The horizon that fills a run of ``steps`` updates after ``warmup_steps`` of warmup: the schedule
    proper starts when the warmup ends (``schedules.with_warmup``), so it has steps − warmup updates."""
    return max(int(steps) - int(warmup_steps), 1)


@dataclass(frozen=True)
class ScheduleConfig:
    """A learning-rate schedule: its name, its own parameters and the linear warmup.

    A horizon of :data:`FOLLOW_RUN` (the default) stands for the run's length; :meth:`for_run` puts the
    number in before the schedule is built."""

    name: str = "constant"
    params: tuple = ()  # ((name, value), ...) for the schedule's own specs; missing ones are defaults
    warmup_steps: int = 0
    warmup_start: float = 0.0

    def normalized(self) -> ScheduleConfig:
        specs = schedule_specs(self.name)
        given = dict(self.params)
        values = tuple((n, given.get(n, s.default)) for n, s in specs.items())
        return ScheduleConfig(self.name, values, int(self.warmup_steps), float(self.warmup_start))

    @property
    def follows_run(self) -> bool:
        """Whether the horizon is left to follow the run's length."""
        horizon = HORIZONS.get(self.name)
        return horizon is not None and dict(self.normalized().params)[horizon] == FOLLOW_RUN

    def for_run(self, steps: int) -> ScheduleConfig:
        """The same schedule with a following horizon set to :func:`run_horizon` (an explicit one is kept)."""
        if not self.follows_run:
            return self
        horizon = HORIZONS[self.name]
        params = tuple((n, run_horizon(steps, self.warmup_steps) if n == horizon else v)
                       for n, v in self.normalized().params)
        return replace(self, params=params)

    def build(self) -> schedules.Schedule:
        """The schedule (a following horizon must have been set first: :meth:`for_run`)."""
        return schedules.get(
            self.name, **dict(self.params), warmup_steps=self.warmup_steps, warmup_start=self.warmup_start
        )

    @property
    def is_constant(self) -> bool:
        return self.name == "constant" and self.warmup_steps == 0


#: a hand-over's defaults: note 002's "Adam first, then SGD", switching at this update
HANDOVER_KIND = "sgd"
HANDOVER_AT = 20


@dataclass(frozen=True)
class HandOver:
    """Switch to another optimizer after ``at`` updates (:func:`optimizers.run_stages`).

    The position carries over and nothing else: the ``kind`` that takes over starts from its own fresh
    state, with learning rate ``lr`` (None: the kind's default), its other hyperparameters at their
    defaults and a constant rate.  Updates 0 … at−1 are the first optimizer's, at … steps−1 this one's.
    """

    at: int = HANDOVER_AT
    kind: str = HANDOVER_KIND
    lr: float | None = None

    def normalized(self) -> HandOver:
        lr = KINDS[self.kind].default("lr") if self.lr is None else self.lr
        return HandOver(int(self.at), self.kind, float(lr))

    def optimizer(self) -> OptimizerConfig:
        """The optimizer that takes over, as a configuration of its own (constant rate)."""
        return OptimizerConfig(self.kind, (("lr", self.normalized().lr),))


@dataclass(frozen=True)
class OptimizerConfig:
    """One optimizer on the page: its kind, hyperparameters (every editable one) and schedule, and the
    optimizer it hands over to mid-run (``then``), if any."""

    kind: str
    hp: tuple = ()  # ((name, value), ...); missing names take the kind's default
    schedule: ScheduleConfig = ScheduleConfig()
    then: HandOver | None = None

    def normalized(self) -> OptimizerConfig:
        """The same optimizer with every hyperparameter listed, in spec order."""
        kind = KINDS[self.kind]
        given = dict(self.hp)
        hp = tuple((name, given.get(name, kind.default(name))) for name in kind.specs())
        then = None if self.then is None else self.then.normalized()
        return OptimizerConfig(self.kind, hp, self.schedule.normalized(), then)

    def hyperparameters(self) -> dict[str, Any]:
        kind = KINDS[self.kind]
        values = {name: kind.default(name) for name in kind.specs()}
        values.update(dict(self.hp))
        values.update(kind.fixed)
        return values

    def build(self) -> optimizers.Optimizer:
        return optimizers.get(KINDS[self.kind].optimizer, **self.hyperparameters())

    def label(self, words: Mapping[str, str] | None = None) -> str:
        """``Momentum (lr=0.1)``: the kind and its learning rate, and what else differs from the defaults.

        ``words`` gives the legend's words in another language (keys ``on``, ``off``, ``warmup``,
        ``schedule.<name>``, ``flag.<symbol>``, ``title.<kind>`` for a kind whose title is words, not a
        name: Build your own); each missing one is the English default."""
        words = words or {}
        kind = KINDS[self.kind]
        values = self.hyperparameters()
        parts = [f"lr={_short(values['lr'], words)}"]
        for name in kind.specs():
            if name != "lr" and values[name] != kind.default(name):
                symbol = facts.of(kind.optimizer).symbol(name)
                parts.append(f"{words.get(f'flag.{symbol}', symbol)}={_short(values[name], words)}")
        if not self.schedule.is_constant:
            steps = self.schedule.warmup_steps
            parts.append(
                words.get(f"schedule.{self.schedule.name}", self.schedule.name)
                + (f"+{words.get('warmup', 'warmup')} {steps}" if steps else "")
            )
        text = f"{words.get(f'title.{self.kind}', kind.title)} ({', '.join(parts)})"
        if self.then is None:
            return text
        then = self.then.normalized()
        then_title = words.get(f"title.{then.kind}", KINDS[then.kind].title)
        return words.get("handover", "{first} → {then} at {step}").format(
            first=text, then=f"{then_title} (lr={_short(then.lr, words)})", step=then.at)


def _short(value: Any, words: Mapping[str, str]) -> str:
    if isinstance(value, bool):
        return words.get("on", "on") if value else words.get("off", "off")
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


@dataclass(frozen=True)
class CompareConfig:
    """Everything the Compare page shows, as plain values (hashable: usable as a cache key)."""

    optimizers: tuple[OptimizerConfig, ...]
    surface: str = "book_quadratic"
    surface_params: tuple = ()  # ((name, value), ...)
    expression: str = ""
    start: tuple[float, float] | None = None  # None: the surface's default start
    steps: int = 30
    batch: int = 0  # 0: full batch, no noise
    seed: int = 0
    shared_schedule: bool = False
    schedule: ScheduleConfig = ScheduleConfig()  # used by every optimizer when shared_schedule
    #: the id of each optimizer's slot: its colour and its keys (``compare.o<id>.lr``), kept when
    #: another optimizer is removed; () means 0, 1, 2, ...
    slots: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.slots and (len(self.slots) != len(self.optimizers) or len(set(self.slots)) != len(self.slots)):
            raise ValueError(f"slots must be one distinct id per optimizer (got {self.slots!r})")

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(self.slots) if self.slots else tuple(range(len(self.optimizers)))

    def colours(self) -> list[str]:
        """One colour per optimizer, from its slot id (the same whatever is removed around it)."""
        return [colour(i) for i in self.ids]

    def normalized(self) -> CompareConfig:
        """The same view with every default written out, so equal views compare equal (a surface
        that cannot be built, a formula with a mistake, keeps the start it was given).

        The schedules not in use are dropped: the optimizers' own when one schedule is shared, the
        shared one when not."""
        params = (
            ()
            if self.surface == CUSTOM
            else tuple(
                (n, dict(self.surface_params).get(n, s.default))
                for n, s in surfaces.entry(self.surface).params.items()
            )
        )
        start = self.start
        if start is None:
            try:
                start = build_surface(self.surface, params, self.expression).start
            except ValueError:  # a formula with a mistake: no start until it is fixed
                start = None
        start = None if start is None else (float(start[0]), float(start[1]))
        shared = bool(self.shared_schedule)
        optimizers_ = tuple(
            (OptimizerConfig(o.kind, o.hp, then=o.then) if shared else o).normalized() for o in self.optimizers
        )
        return CompareConfig(
            optimizers_,
            self.surface,
            params,
            self.expression if self.surface == CUSTOM else "",
            start,
            int(self.steps),
            int(self.batch),
            int(self.seed),
            shared,
            (self.schedule if shared else ScheduleConfig()).normalized(),
            tuple(int(i) for i in self.ids),
        )

    def without_slots(self) -> CompareConfig:
        """The same optimizers in slots 0, 1, 2, ... (what a lesson compares, whatever the ids)."""
        return replace(self, slots=())

    def schedule_for(self, index: int) -> ScheduleConfig:
        """Optimizer ``index``'s schedule, a following horizon set to this run's length."""
        return (self.schedule if self.shared_schedule else self.optimizers[index].schedule).for_run(self.steps)

    def labels(self, words: Mapping[str, str] | None = None) -> list[str]:
        """One legend label per optimizer, numbered (``words``: see :meth:`OptimizerConfig.label`)."""
        raw = [o.label(words) for o in self.optimizers]
        if self.shared_schedule:
            raw = [OptimizerConfig(o.kind, o.hp, then=o.then).label(words) for o in self.optimizers]
        return [f"{i + 1}. {text}" for i, text in enumerate(raw)]


def build_surface(name: str, params: tuple = (), expression: str = "") -> surfaces.Surface:
    """The Surface for a name and parameters, or a custom expression (parsed safely)."""
    if name == CUSTOM:
        return surfaces.from_expression(expression)
    return surfaces.get(name, **dict(params))


# ------------------------------------------------------------------------------ noise as batch size


def noise_scale(surface: surfaces.Surface, resolution: int = 41) -> float:
    """σ₁: the gradient noise of a batch of one, per coordinate.

    It is the median gradient length over the view box, divided by √2 (so a batch of one has noise
    about as large as a typical gradient).  A batch of B examples averages B such draws: σ = σ₁/√B.
    """
    (x0, x1), (y0, y1) = surface.bounds
    xx, yy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    with np.errstate(all="ignore"):  # a steep formula's gradient may overflow when squared
        g = surface.grad(np.stack([xx, yy], axis=-1))
        norms = np.sqrt((g**2).sum(axis=-1))
    norms = norms[np.isfinite(norms)]
    return float(np.median(norms) / math.sqrt(2)) if norms.size else 1.0


def noise_sigma(sigma_one: float, batch: int) -> float:
    """Per-coordinate noise of a mini-batch of ``batch`` examples (0: the full batch, no noise)."""
    return 0.0 if batch <= 0 else sigma_one / math.sqrt(batch)


# ------------------------------------------------------------------------------- the default view

# The book's figures 6-3 to 6-7 (Deep Learning from Scratch, ch. 6): what a user sees first.
DEFAULT_OPTIMIZERS = (
    OptimizerConfig("sgd", (("lr", 0.95),)),
    OptimizerConfig("momentum", (("lr", 0.1),)),
    OptimizerConfig("adagrad", (("lr", 1.5),)),
    OptimizerConfig("adam", (("lr", 0.3),)),
)
DEFAULT = CompareConfig(DEFAULT_OPTIMIZERS, "book_quadratic", start=(-7.0, 2.0), steps=30)
