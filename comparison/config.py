"""The Compare page's configuration as plain, hashable values, and the session/URL keys that hold it.

A :class:`CompareConfig` says everything the page shows: the surface, the start point, the number of
steps, the gradient noise (as a batch size) and a list of :class:`OptimizerConfig` — each an optimizer
*kind* with its hyperparameters and its learning-rate schedule.  The page keeps the same values in
``st.session_state`` and in the URL under the keys built here (``compare.o2.lr``), so a preset is
applied by writing :func:`state_for` into the session and a share link is :func:`query_for`.

Nothing here imports streamlit: the page, the presets, the tests and the latency benchmark all use it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import optimizers
import surfaces
from optimizers import facts, schedules
from paramspec import ParamSpec
from urlvalues import fmt

PREFIX = "compare"
MAX_OPTIMIZERS = 8
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


@dataclass(frozen=True)
class ScheduleConfig:
    """A learning-rate schedule: its name, its own parameters and the linear warmup."""

    name: str = "constant"
    params: tuple = ()  # ((name, value), ...) for the schedule's own specs; missing ones are defaults
    warmup_steps: int = 0
    warmup_start: float = 0.0

    def normalized(self) -> ScheduleConfig:
        specs = schedules.specs(self.name)
        given = dict(self.params)
        values = tuple((n, given.get(n, s.default)) for n, s in specs.items())
        return ScheduleConfig(self.name, values, int(self.warmup_steps), float(self.warmup_start))

    def build(self) -> schedules.Schedule:
        return schedules.get(
            self.name, **dict(self.params), warmup_steps=self.warmup_steps, warmup_start=self.warmup_start
        )

    @property
    def is_constant(self) -> bool:
        return self.name == "constant" and self.warmup_steps == 0


@dataclass(frozen=True)
class OptimizerConfig:
    """One optimizer on the page: its kind, hyperparameters (every editable one) and schedule."""

    kind: str
    hp: tuple = ()  # ((name, value), ...); missing names take the kind's default
    schedule: ScheduleConfig = ScheduleConfig()

    def normalized(self) -> OptimizerConfig:
        """The same optimizer with every hyperparameter listed, in spec order."""
        kind = KINDS[self.kind]
        given = dict(self.hp)
        hp = tuple((name, given.get(name, kind.default(name))) for name in kind.specs())
        return OptimizerConfig(self.kind, hp, self.schedule.normalized())

    def hyperparameters(self) -> dict[str, Any]:
        kind = KINDS[self.kind]
        values = {name: kind.default(name) for name in kind.specs()}
        values.update(dict(self.hp))
        values.update(kind.fixed)
        return values

    def build(self) -> optimizers.Optimizer:
        return optimizers.get(KINDS[self.kind].optimizer, **self.hyperparameters())

    def label(self) -> str:
        """``Momentum (lr=0.1)``: the kind and its learning rate, and what else differs from the defaults."""
        kind = KINDS[self.kind]
        values = self.hyperparameters()
        parts = [f"lr={_short(values['lr'])}"]
        for name in kind.specs():
            if name != "lr" and values[name] != kind.default(name):
                parts.append(f"{facts.of(kind.optimizer).symbol(name)}={_short(values[name])}")
        if not self.schedule.is_constant:
            parts.append(
                self.schedule.name
                + (f"+warmup {self.schedule.warmup_steps}" if self.schedule.warmup_steps else "")
            )
        return f"{kind.title} ({', '.join(parts)})"


def _short(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
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

    def normalized(self) -> CompareConfig:
        """The same view with every default written out, so equal views compare equal."""
        surface = build_surface(self.surface, self.surface_params, self.expression)
        params = (
            ()
            if self.surface == CUSTOM
            else tuple(
                (n, dict(self.surface_params).get(n, s.default))
                for n, s in surfaces.entry(self.surface).params.items()
            )
        )
        start = tuple(float(v) for v in (self.start if self.start is not None else surface.start))
        return CompareConfig(
            tuple(o.normalized() for o in self.optimizers),
            self.surface,
            params,
            self.expression if self.surface == CUSTOM else "",
            start,
            int(self.steps),
            int(self.batch),
            int(self.seed),
            bool(self.shared_schedule),
            self.schedule.normalized(),
        )

    def schedule_for(self, index: int) -> ScheduleConfig:
        return self.schedule if self.shared_schedule else self.optimizers[index].schedule

    def labels(self) -> list[str]:
        """One legend label per optimizer, numbered when two would read the same."""
        raw = [o.label() for o in self.optimizers]
        if self.shared_schedule:
            raw = [OptimizerConfig(o.kind, o.hp).label() for o in self.optimizers]
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


# ------------------------------------------------------------------------------------ the keys


def key(name: str) -> str:
    """A page-level key: ``compare.steps``."""
    return f"{PREFIX}.{name}"


def opt_key(index: int, name: str) -> str:
    """A key of optimizer ``index``: ``compare.o2.lr``, ``compare.o2.kind``, ``compare.o2.s.gamma``."""
    return f"{PREFIX}.o{index}.{name}"


def sched_prefix(index: int | None) -> str:
    """Where a schedule's keys live: ``compare.o2.`` for optimizer 2, ``compare.`` for the shared one."""
    return f"{PREFIX}." if index is None else f"{PREFIX}.o{index}."


def default_kind(index: int) -> str:
    """The kind slot ``index`` has when the URL does not say (the default view's, then ADD_ORDER)."""
    if index < len(DEFAULT.optimizers):
        return DEFAULT.optimizers[index].kind
    return ADD_ORDER[index % len(ADD_ORDER)]


def param_default(index: int, kind: str, name: str) -> Any:
    """The default of a hyperparameter in slot ``index``: the default view's value if the slot has the
    default view's kind, else the kind's default.  (So the default view has an empty query string.)"""
    if index < len(DEFAULT_OPTIMIZERS) and DEFAULT_OPTIMIZERS[index].kind == kind:
        given = dict(DEFAULT_OPTIMIZERS[index].hp)
        if name in given:
            return given[name]
    return KINDS[kind].default(name)


def schedule_state(prefix: str, sched: ScheduleConfig) -> dict[str, Any]:
    sched = sched.normalized()
    state = {
        f"{prefix}sched": sched.name,
        f"{prefix}s.warmup_steps": sched.warmup_steps,
        f"{prefix}s.warmup_start": sched.warmup_start,
    }
    state.update({f"{prefix}s.{n}": v for n, v in sched.params})
    return state


def state_for(config: CompareConfig) -> dict[str, Any]:
    """Every session key the page reads, with the value ``config`` gives it (defaults included)."""
    cfg = config.normalized()
    state: dict[str, Any] = {
        key("surface"): cfg.surface,
        key("n"): len(cfg.optimizers),
        key("x0"): cfg.start[0],
        key("y0"): cfg.start[1],
        key("steps"): cfg.steps,
        key("batch"): cfg.batch,
        key("seed"): cfg.seed,
        key("shared"): cfg.shared_schedule,
    }
    if cfg.surface == CUSTOM:
        state[key("expr")] = cfg.expression
    for name, value in cfg.surface_params:
        state[key(f"{cfg.surface}.{name}")] = value
    state.update(schedule_state(sched_prefix(None), cfg.schedule))
    for i, opt in enumerate(cfg.optimizers):
        state[opt_key(i, "kind")] = opt.kind
        state.update({opt_key(i, n): v for n, v in opt.hp})
        state.update(schedule_state(sched_prefix(i), opt.schedule))
    return state


def defaults_for(state: dict[str, Any]) -> dict[str, Any]:
    """The default of each key in ``state`` (what the page registers with the URL), given the state."""
    surface_name = state[key("surface")]
    out: dict[str, Any] = {
        key("surface"): DEFAULT.surface,
        key("n"): len(DEFAULT.optimizers),
        key("steps"): DEFAULT.steps,
        key("batch"): DEFAULT.batch,
        key("seed"): DEFAULT.seed,
        key("shared"): DEFAULT.shared_schedule,
        key("expr"): "",
    }
    surface = build_surface(
        surface_name,
        tuple((k.rsplit(".", 1)[1], v) for k, v in state.items() if k.startswith(key(f"{surface_name}."))),
        state.get(key("expr"), ""),
    )
    out[key("x0")], out[key("y0")] = surface.start
    if surface_name != CUSTOM:
        for name, spec in surfaces.entry(surface_name).params.items():
            out[key(f"{surface_name}.{name}")] = spec.default
    prefixes = [sched_prefix(None)]
    for i in range(state[key("n")]):
        kind = state[opt_key(i, "kind")]
        out[opt_key(i, "kind")] = default_kind(i)
        for name in KINDS[kind].specs():
            out[opt_key(i, name)] = param_default(i, kind, name)
        prefixes.append(sched_prefix(i))
    for prefix in prefixes:
        name = state[f"{prefix}sched"]
        out[f"{prefix}sched"] = "constant"
        for spec_name, spec in {**schedules.specs(name), **schedules.warmup_specs()}.items():
            out[f"{prefix}s.{spec_name}"] = spec.default
    return out


def query_for(config: CompareConfig, fmt=fmt) -> dict[str, str]:
    """The query string the page publishes for ``config``: every value that differs from its default."""
    state = state_for(config)
    defaults = defaults_for(state)
    return {k: fmt(v) for k, v in state.items() if fmt(v) != fmt(defaults.get(k))}


# ------------------------------------------------------------------------------- the default view

# The book's figures 6-3 to 6-7 (Deep Learning from Scratch, ch. 6): what a user sees first.
DEFAULT_OPTIMIZERS = (
    OptimizerConfig("sgd", (("lr", 0.95),)),
    OptimizerConfig("momentum", (("lr", 0.1),)),
    OptimizerConfig("adagrad", (("lr", 1.5),)),
    OptimizerConfig("adam", (("lr", 0.3),)),
)
DEFAULT = CompareConfig(DEFAULT_OPTIMIZERS, "book_quadratic", start=(-7.0, 2.0), steps=30)
