"""The Compare page's state and link: one codec between a view and its session keys and query string.

A :class:`Link` is what a Compare link opens: a :class:`~comparison.config.CompareConfig` and the three
page settings that are not part of the computation (which view is open below the results, the
tolerance of the results table, whether a click on the map moves the start).  This module turns a
link into the session state the page's controls read (:func:`state_for`) and into the query string the
page publishes (:func:`query_for`), and a query string back into a link (:func:`decode`, which never
raises: a bad value falls back to its default and comes back as a :class:`Notice` naming its key).
The page, the lessons (:mod:`comparison.presets`), the Sweep page's "open in Compare" links and the
tests all go through it, so a link means the same thing everywhere.

Keys (each the same in the session and in the URL)::

    compare.surface  compare.expr  compare.<surface>.<param>  compare.x0  compare.y0
    compare.steps  compare.batch  compare.seed  compare.shared
    compare.sched  compare.s.<param>               the shared schedule (with compare.shared=1)
    compare.n  compare.slots                       the optimizers' slot ids, below
    compare.o<id>.kind  compare.o<id>.<hyperparameter>
    compare.o<id>.sched  compare.o<id>.s.<param>   an optimizer's own schedule
    compare.o<id>.then=1  compare.o<id>.then.kind  compare.o<id>.then.at  compare.o<id>.then.lr
                                                   its hand-over to another optimizer at step ``at``
    compare.view  compare.tol  compare.pick        the page settings
    compare.v                                      2: left-out rates are the surface's own (below)

An optimizer's slot has an id that never changes while it is on the page: removing another one keeps
its keys, its colour and its open panel.  The ids are ``compare.slots=1,2,3`` in the URL when they are
not ``0..n-1``; otherwise only ``compare.n`` (when it is not 4) is there, as in every link written
before slots had ids.  A value equal to its default is left out of the link.  A learning rate's default
depends on the surface (:mod:`comparison.per_surface`); a link on a surface with rates of its own says
``compare.v=2``, and a link without it is read with the rates every link had before, so saved links
open as they always did.

The functions at the end change a session (any mutable mapping, so they are tested without Streamlit):
apply a lesson, add or remove an optimizer, change a kind or a schedule, move the start.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import surfaces
from comparison import per_surface
from comparison.config import (
    ADD_ORDER,
    BATCHES,
    CUSTOM,
    DEFAULT,
    HANDOVER_AT,
    HANDOVER_KIND,
    HORIZONS,
    KINDS,
    MAX_OPTIMIZERS,
    MAX_SEED,
    MAX_SLOT_ID,
    MAX_STEPS,
    TOLERANCES,
    CompareConfig,
    HandOver,
    OptimizerConfig,
    ScheduleConfig,
    build_surface,
    schedule_specs,
)
from optimizers import schedules
from refusal import Refusal
from urlvalues import (
    Parser,
    control_limits,
    fmt,
    parse_bool,
    parse_choice,
    parse_float,
    parse_for_control,
    parse_int,
)

PREFIX = "compare"
VIEWS = ("rules", "3d", "share")
DEFAULT_VIEW = "rules"
DEFAULT_TOL = 1e-3
DEFAULT_EXPRESSION = "sin(x)*cos(y) + 0.1*(x**2 + y**2)"  # what "Custom f(x, y)" starts with
MAX_EXPRESSION = 500  # characters (the formula box holds no more)
MAX_VALUE = 2000  # characters of one query value; longer ones are refused before parsing (as ui.state)
DEFAULT_N = len(DEFAULT.optimizers)
#: how a link's left-out hyperparameters are read (``compare.v``): 1 (no key), the default view's rates
#: by slot; 2, each surface's own rates (comparison.per_surface) where it has them
VERSION = 2


@dataclass(frozen=True)
class Link:
    """What a Compare link opens: the configuration and the page settings."""

    config: CompareConfig = DEFAULT
    view: str = DEFAULT_VIEW
    tol: float = DEFAULT_TOL
    pick: bool = False


@dataclass(frozen=True)
class Notice:
    """A value of the link that was not used: its key, the value (cut short), why, and what is used."""

    key: str
    value: str
    reason: str
    default: str
    error: Exception | None = field(default=None, compare=False)  # the refusal itself (its kind and fields)


# ------------------------------------------------------------------------------------------ keys


def key(name: str) -> str:
    """A page-level key: ``compare.steps``."""
    return f"{PREFIX}.{name}"


def opt_key(slot: int, name: str) -> str:
    """A key of the optimizer in slot ``slot``: ``compare.o2.lr``, ``compare.o2.kind``, ``compare.o2.s.gamma``."""
    return f"{PREFIX}.o{slot}.{name}"


def sched_prefix(slot: int | None) -> str:
    """Where a schedule's keys live: ``compare.o2.`` for slot 2, ``compare.`` for the shared one."""
    return f"{PREFIX}." if slot is None else f"{PREFIX}.o{slot}."


def surface_key(surface: str, name: str) -> str:
    return f"{PREFIX}.{surface}.{name}"


#: the keys of the page settings (not part of the configuration)
EXTRA_KEYS = (key("view"), key("tol"), key("pick"))


# -------------------------------------------------------------------------------------- defaults


def default_kind(slot: int) -> str:
    """The kind slot ``slot`` has when the link does not say (the default view's, then ADD_ORDER)."""
    if slot < len(DEFAULT.optimizers):
        return DEFAULT.optimizers[slot].kind
    return ADD_ORDER[slot % len(ADD_ORDER)]


def param_default(surface, kind: str, name: str, slot: int, version: int = VERSION) -> Any:
    """The default of hyperparameter ``name`` of optimizer ``kind`` in slot ``slot`` on ``surface`` (a
    built Surface, or None when it cannot be built).

    On a surface with rates of its own (:mod:`comparison.per_surface`), in a link of :data:`VERSION` 2:
    the surface's rate for the kind, or the kind's default.  Elsewhere the rule every link followed
    before: the default view's value if the slot has the default view's kind (so the default view has
    an empty query string), else the kind's default.  The book's bowl has no rates of its own: the
    default view's are the book's."""
    if version >= 2 and surface is not None and surface.name in per_surface.LEARNING_RATES:
        rate = per_surface.learning_rate(surface, kind) if name == "lr" else None
        return KINDS[kind].default(name) if rate is None else rate
    if slot < len(DEFAULT.optimizers) and DEFAULT.optimizers[slot].kind == kind:
        given = dict(DEFAULT.optimizers[slot].hp)
        if name in given:
            return given[name]
    return KINDS[kind].default(name)


def link_version(surface, schedules_in_use=()) -> int:
    """The version a link of a view is written in: 2 where version 1 would read it differently — the
    surface has learning rates of its own, or a schedule in use has a horizon (version 1 read a
    left-out T_max as 100; version 2 as "follows the run") — and 1 elsewhere (nothing to say, so the
    default view keeps its empty link).  A link without ``compare.v`` is read as before, so every
    saved link opens as it did."""
    rates = surface is not None and surface.name in per_surface.LEARNING_RATES
    return 2 if rates or any(sched.name in HORIZONS for sched in schedules_in_use) else 1


def _possible_version(cfg: CompareConfig) -> int:
    in_use = [cfg.schedule] if cfg.shared_schedule else [o.schedule for o in cfg.optimizers]
    return link_version(_built((cfg.surface, cfg.surface_params, cfg.expression)), in_use)


def config_version(cfg: CompareConfig) -> int:
    """The version a link of ``cfg`` needs: 2 only when the link without ``compare.v`` would open
    another view (a rate or a horizon left out because it is this version's default)."""
    return int(query_for(cfg).get(key("v"), "1"))


def surface_of(state: Mapping) -> tuple[str, tuple, str]:
    """The surface a session shows, as the page's cache key ``(name, params, expression)``."""
    name = state.get(key("surface"), DEFAULT.surface)
    if name == CUSTOM:
        return name, (), state.get(key("expr"), DEFAULT_EXPRESSION)
    params = tuple((n, state.get(surface_key(name, n), s.default)) for n, s in surfaces.entry(name).params.items())
    return name, params, ""


def _built(surface: tuple[str, tuple, str]):
    try:
        return build_surface(*surface)
    except ValueError:
        return None


def default_slots(n: int = DEFAULT_N) -> tuple[int, ...]:
    return tuple(range(n))


def slots_text(slots) -> str:
    """``compare.slots`` as the URL holds it: empty when the ids are 0..n-1 (``compare.n`` says it)."""
    slots = tuple(slots)
    return "" if slots == default_slots(len(slots)) else fmt(slots)


def ints_text(values) -> str:
    """A list of whole numbers as the milestones box shows it: ``40,80``."""
    return ",".join(str(int(v)) for v in values)


# --------------------------------------------------------------------------------------- parsers


# what a link may set for a spec: the same rule as the page's controls (urlvalues.parse_for_control)
spec_parser = parse_for_control
_limits = control_limits


def parse_slots(text: str) -> tuple[int, ...]:
    """``0,2,3``: distinct slot ids in [0, MAX_SLOT_ID], one to MAX_OPTIMIZERS of them."""
    parts = [p.strip() for p in text.split(",")]
    ids = tuple(parse_int(0, MAX_SLOT_ID)(p) for p in parts)
    if len(set(ids)) != len(ids):
        raise Refusal("slot_twice", f"{text!r} names a slot twice", value=text)
    if not 1 <= len(ids) <= MAX_OPTIMIZERS:
        raise Refusal("slots_count", f"between 1 and {MAX_OPTIMIZERS} slots (got {len(ids)})", max=MAX_OPTIMIZERS,
                      got=len(ids))
    return ids


def parse_expression(text: str) -> str:
    """A formula as typed (the page checks it and says what is wrong); at most MAX_EXPRESSION characters."""
    if len(text) > MAX_EXPRESSION:
        raise Refusal("formula_too_long", f"{len(text)} characters is more than the {MAX_EXPRESSION} a formula "
                      "may have", length=len(text), max=MAX_EXPRESSION)
    return text


def _choice(options) -> Parser:
    by_text = {fmt(o): o for o in options}
    return lambda text: by_text[parse_choice(by_text)(text)]


parse_batch = _choice(BATCHES)
parse_tolerance = _choice(TOLERANCES)
parse_view = _choice(VIEWS)
parse_kind = _choice(KINDS)
parse_surface = _choice([*surfaces.names(), CUSTOM])
parse_schedule = _choice(schedules.names())
parse_steps = parse_int(1, MAX_STEPS)
parse_seed = parse_int(0, MAX_SEED)
parse_n = parse_int(1, MAX_OPTIMIZERS)
parse_version = parse_int(1, VERSION)
parse_at = parse_int(1, MAX_STEPS - 1)  # a hand-over leaves the second optimizer at least one update


def start_parser(bounds, axis: int) -> Parser:
    low, high = bounds[axis]
    return parse_float(float(low), float(high))


# ------------------------------------------------------------------------------------ decoding


@dataclass
class _Reader:
    """Reads values from a query (anything with ``.get``, ``st.query_params`` included) with notices."""

    query: Mapping
    notices: list[Notice] = field(default_factory=list)

    def has(self, name: str) -> bool:
        return self.query.get(name) is not None

    def get(self, name: str, default: Any, parse: Parser, shown: Callable[[Any], str] = fmt) -> Any:
        raw = self.query.get(name)
        if raw is None:
            return default
        if isinstance(raw, (list, tuple)):  # a plain dict of lists: the last value, as st.query_params
            raw = raw[-1] if raw else ""
        raw = str(raw)
        try:
            if len(raw) > MAX_VALUE:
                raise Refusal("too_long", f"{len(raw)} characters is too long", length=len(raw))
            return parse(raw)
        except (ValueError, TypeError, OverflowError) as err:
            self.notices.append(Notice(name, raw[:80], str(err)[:200], shown(default), err))
            return default


def _read_schedule(read: _Reader, slot: int | None, version: int) -> ScheduleConfig:
    prefix = sched_prefix(slot)
    name = read.get(f"{prefix}sched", "constant", parse_schedule)
    params = []
    for spec_name, spec in (schedule_specs(name) if version >= 2 else schedules.specs(name)).items():
        if spec.kind == "ints":  # a list of whole numbers (milestones), checked by the schedule itself
            parse, shown = _ints_parser(name, spec_name), ints_text
        else:
            parse, shown = spec_parser(spec), fmt
        params.append((spec_name, read.get(f"{prefix}s.{spec_name}", spec.default, parse, shown)))
    warmup = {n: read.get(f"{prefix}s.{n}", s.default, spec_parser(s)) for n, s in schedules.warmup_specs().items()}
    return ScheduleConfig(name, tuple(params), int(warmup["warmup_steps"]), float(warmup["warmup_start"]))


def _read_handover(read: _Reader, slot: int) -> HandOver | None:
    """Slot ``slot``'s hand-over, when ``compare.o<id>.then`` is on (its other keys are read only then)."""
    if not read.get(opt_key(slot, "then"), False, parse_bool):
        return None
    kind = read.get(opt_key(slot, "then.kind"), HANDOVER_KIND, parse_kind)
    at = read.get(opt_key(slot, "then.at"), HANDOVER_AT, parse_at)
    lr = read.get(opt_key(slot, "then.lr"), KINDS[kind].default("lr"), spec_parser(KINDS[kind].specs()["lr"]))
    return HandOver(int(at), kind, float(lr))


def _ints_parser(schedule: str, name: str) -> Parser:
    return lambda text: tuple(schedules.get(schedule, **{name: text}).params[name])


def _read_slots(read: _Reader) -> tuple[int, ...]:
    n = read.get(key("n"), DEFAULT_N, parse_n)
    if not read.has(key("slots")):
        return default_slots(n)
    slots = read.get(key("slots"), None, parse_slots, shown=lambda _: fmt(default_slots(n)))
    if slots is None:
        return default_slots(n)
    if read.has(key("n")) and n != len(slots):
        why = f"{key('slots')} lists {len(slots)} optimizers"
        read.notices.append(Notice(key("n"), str(read.query.get(key("n")))[:80], why, str(len(slots)),
                                   Refusal("slots_mismatch", why, count=len(slots))))
    return slots


def decode(query: Mapping) -> tuple[Link, list[Notice]]:
    """The view a query string describes, and a notice for each value that was not used.

    Pure: ``query`` is a dict (or ``st.query_params``); keys of other pages are ignored.  A value that
    does not parse, or is out of range, falls back to its default.  A formula is kept as typed (the
    page says what is wrong with it), and so the start of a surface that cannot be built is kept too.
    """
    read = _Reader(query)
    name = read.get(key("surface"), DEFAULT.surface, parse_surface)
    expression, params = "", ()
    if name == CUSTOM:
        expression = read.get(key("expr"), DEFAULT_EXPRESSION, parse_expression)
    else:
        params = tuple(
            (n, read.get(surface_key(name, n), s.default, spec_parser(s)))
            for n, s in surfaces.entry(name).params.items()
        )
    try:
        surface = build_surface(name, params, expression)
    except ValueError:
        surface = None
    if surface is not None:
        start = tuple(
            read.get(key(axis), float(surface.start[i]), start_parser(surface.bounds, i))
            for i, axis in enumerate(("x0", "y0"))
        )
    else:
        start = None
        if read.has(key("x0")) and read.has(key("y0")):
            start = tuple(read.get(key(a), math.nan, parse_float()) for a in ("x0", "y0"))
            start = start if all(math.isfinite(v) for v in start) else None
    steps = read.get(key("steps"), DEFAULT.steps, parse_steps)
    batch = read.get(key("batch"), DEFAULT.batch, parse_batch)
    seed = read.get(key("seed"), DEFAULT.seed, parse_seed)
    shared = read.get(key("shared"), DEFAULT.shared_schedule, parse_bool)
    version = read.get(key("v"), 1, parse_version)
    shared_schedule = _read_schedule(read, None, version) if shared else ScheduleConfig()
    slots = _read_slots(read)
    optimizers_ = []
    for slot in slots:
        kind = read.get(opt_key(slot, "kind"), default_kind(slot), parse_kind)
        hp = tuple(
            (n, read.get(opt_key(slot, n), param_default(surface, kind, n, slot, version), spec_parser(s)))
            for n, s in KINDS[kind].specs().items()
        )
        sched = ScheduleConfig() if shared else _read_schedule(read, slot, version)
        optimizers_.append(OptimizerConfig(kind, hp, sched, _read_handover(read, slot)))
    config = CompareConfig(tuple(optimizers_), name, params, expression, start, steps, batch, seed, shared,
                           shared_schedule, slots)
    link = Link(
        config,
        read.get(key("view"), DEFAULT_VIEW, parse_view),
        read.get(key("tol"), DEFAULT_TOL, parse_tolerance),
        read.get(key("pick"), False, parse_bool),
    )
    return link, read.notices


# ------------------------------------------------------------------------------------ encoding


def _schedule_state(prefix: str, sched: ScheduleConfig) -> dict[str, Any]:
    sched = sched.normalized()
    specs = schedule_specs(sched.name)
    state = {f"{prefix}sched": sched.name}
    state.update({f"{prefix}s.{n}": ints_text(v) if specs[n].kind == "ints" else v for n, v in sched.params})
    state[f"{prefix}s.warmup_steps"] = sched.warmup_steps
    state[f"{prefix}s.warmup_start"] = sched.warmup_start
    return state


def _schedule_defaults(prefix: str, name: str) -> dict[str, Any]:
    out = {f"{prefix}sched": "constant"}
    for n, s in {**schedule_specs(name), **schedules.warmup_specs()}.items():
        out[f"{prefix}s.{n}"] = ints_text(s.default) if s.kind == "ints" else s.default
    return out


def state_for(view: Link | CompareConfig) -> dict[str, Any]:
    """Every session key the page reads for ``view``, with its value (defaults included).

    A configuration alone gives the configuration's keys; a :class:`Link` the page settings too."""
    link = view if isinstance(view, Link) else None
    cfg = (view.config if link else view).normalized()
    state: dict[str, Any] = {key("surface"): cfg.surface}
    if cfg.surface == CUSTOM:
        state[key("expr")] = cfg.expression
    state.update({surface_key(cfg.surface, n): v for n, v in cfg.surface_params})
    if cfg.start is not None:
        state[key("x0")], state[key("y0")] = cfg.start
    state.update({key("steps"): cfg.steps, key("batch"): cfg.batch, key("seed"): cfg.seed,
                  key("shared"): cfg.shared_schedule})
    if cfg.shared_schedule:
        state.update(_schedule_state(sched_prefix(None), cfg.schedule))
    state[key("v")] = _possible_version(cfg)
    state[key("n")] = len(cfg.optimizers)
    state[key("slots")] = cfg.slots
    for slot, opt in zip(cfg.slots, cfg.optimizers):
        state[opt_key(slot, "kind")] = opt.kind
        state.update({opt_key(slot, n): v for n, v in opt.hp})
        if not cfg.shared_schedule:
            state.update(_schedule_state(sched_prefix(slot), opt.schedule))
        state[opt_key(slot, "then")] = opt.then is not None
        if opt.then is not None:
            state.update({opt_key(slot, "then.kind"): opt.then.kind, opt_key(slot, "then.at"): opt.then.at,
                          opt_key(slot, "then.lr"): opt.then.lr})
    if link:
        state.update({key("view"): link.view, key("tol"): link.tol, key("pick"): link.pick})
    return state


def defaults_for(state: Mapping[str, Any]) -> dict[str, Any]:
    """The default of each key :func:`state_for` writes, given the state (the start's default is the
    surface's, a hyperparameter's depends on its slot and kind, a schedule's on the schedule)."""
    name = state[key("surface")]
    out: dict[str, Any] = {
        key("surface"): DEFAULT.surface, key("expr"): DEFAULT_EXPRESSION, key("steps"): DEFAULT.steps,
        key("batch"): DEFAULT.batch, key("seed"): DEFAULT.seed, key("shared"): DEFAULT.shared_schedule,
        key("n"): DEFAULT_N, key("slots"): default_slots(), key("view"): DEFAULT_VIEW, key("tol"): DEFAULT_TOL,
        key("pick"): False, key("v"): 1,
    }
    params = ()
    if name != CUSTOM:
        for n, s in surfaces.entry(name).params.items():
            out[surface_key(name, n)] = s.default
        params = tuple((n, state.get(surface_key(name, n), s.default)) for n, s in surfaces.entry(name).params.items())
    surface = _built((name, params, state.get(key("expr"), DEFAULT_EXPRESSION) if name == CUSTOM else ""))
    if surface is not None:
        out[key("x0")], out[key("y0")] = (float(v) for v in surface.start)
    if state.get(key("shared")):
        out.update(_schedule_defaults(sched_prefix(None), state.get(key("sched"), "constant")))
    for slot in state[key("slots")]:
        kind = state[opt_key(slot, "kind")]
        out[opt_key(slot, "kind")] = default_kind(slot)
        out.update({opt_key(slot, n): param_default(surface, kind, n, slot, state.get(key("v"), 1))
                    for n in KINDS[kind].specs()})
        prefix = sched_prefix(slot)
        if f"{prefix}sched" in state:
            out.update(_schedule_defaults(prefix, state[f"{prefix}sched"]))
        out.update(handover_defaults(state, slot))
    return out


def handover_defaults(state: Mapping[str, Any], slot: int) -> dict[str, Any]:
    """The defaults of slot ``slot``'s hand-over keys: off; Adam → SGD's default, at HANDOVER_AT; the
    learning rate is the default of the kind that takes over."""
    kind = state.get(opt_key(slot, "then.kind"), HANDOVER_KIND)
    kind = kind if kind in KINDS else HANDOVER_KIND
    return {opt_key(slot, "then"): False, opt_key(slot, "then.kind"): HANDOVER_KIND,
            opt_key(slot, "then.at"): HANDOVER_AT, opt_key(slot, "then.lr"): KINDS[kind].default("lr")}


def text_for(name: str, value: Any) -> str:
    """How the link writes the value of key ``name``."""
    return slots_text(value) if name == key("slots") else fmt(value)


def query_for(view: Link | CompareConfig, fmt: Callable[[Any], str] | None = None) -> dict[str, str]:
    """The query string the page publishes for ``view``: every value that differs from its default."""
    state = state_for(view)
    defaults = defaults_for(state)
    shown = text_for if fmt is None else (lambda k, v: slots_text(v) if k == key("slots") else fmt(v))
    query = {k: shown(k, v) for k, v in state.items() if shown(k, v) != shown(k, defaults.get(k))}
    if key("v") in query:  # say the version only where a link without it would open another view
        legacy = {k: v for k, v in query.items() if k != key("v")}
        config = (view.config if isinstance(view, Link) else view).normalized()
        if decode(legacy)[0].config.normalized() == config:
            return legacy
    return query


def config_from_state(state: Mapping[str, Any]) -> CompareConfig:
    """The configuration a session holds (what the page's controls show), validated as a link would be."""
    query = {k: text_for(k, v) for k, v in state.items() if isinstance(k, str) and k.startswith(f"{PREFIX}.")
             and "~" not in k}
    if not query.get(key("slots")):  # 0..n-1: compare.n says it
        query.pop(key("slots"), None)
    link, notices = decode(query)
    if notices:
        raise ValueError("; ".join(f"{n.key}: {n.reason}" for n in notices))
    return link.config


# ------------------------------------------------------------------------------- session changes


def _config_keys(state: Mapping) -> list[str]:
    extras = set(EXTRA_KEYS)
    return [k for k in state if isinstance(k, str) and k.startswith(f"{PREFIX}.") and k not in extras]


#: the surface whose default learning rates the session's values are measured against (see
#: :func:`follow_surface`), and the values a change of surface kept because the user had set them
DEFAULTS_FROM = "_compare.defaults_from"
KEPT = "_compare.kept"


def _settled(state: MutableMapping) -> None:
    """The session's values were all set at once (a link, a lesson): its surface is the reference."""
    state[DEFAULTS_FROM] = surface_of(state)
    state.pop(KEPT, None)


def apply(state: MutableMapping, config: CompareConfig) -> None:
    """Make the session show ``config`` entirely (a lesson): no value of the previous view stays."""
    for k in _config_keys(state):
        del state[k]
    state.update(state_for(config))
    _settled(state)


def seed(state: MutableMapping, link: Link) -> None:
    """Make the session show ``link`` entirely, page settings included (arriving from a link, or the
    browser's Back or Forward): no value of the previous view stays."""
    for k in [k for k in state if isinstance(k, str) and k.startswith(f"{PREFIX}.")]:
        del state[k]
    state.update(state_for(link))
    _settled(state)


def _slot_keys(state: Mapping, slot: int) -> list[str]:
    prefix = sched_prefix(slot)
    return [k for k in state if isinstance(k, str) and k.startswith(prefix)]


def _set_slots(state: MutableMapping, slots: tuple[int, ...]) -> None:
    state[key("slots")] = tuple(slots)
    state[key("n")] = len(slots)


def add_slot(state: MutableMapping) -> int | None:
    """Add an optimizer in a new slot (the smallest free id) with the first kind of ADD_ORDER not on the
    page and its defaults; return the id, or None when the page is full."""
    slots = tuple(state.get(key("slots"), default_slots()))
    if len(slots) >= MAX_OPTIMIZERS:
        return None
    slot = next(i for i in range(MAX_SLOT_ID + 1) if i not in slots)
    used = {state.get(opt_key(i, "kind")) for i in slots}
    kind = next((k for k in ADD_ORDER if k not in used), ADD_ORDER[0])
    for k in _slot_keys(state, slot):
        del state[k]
    state[opt_key(slot, "kind")] = kind
    surface = _built(surface_of(state))
    state.update({opt_key(slot, n): param_default(surface, kind, n, slot) for n in KINDS[kind].specs()})
    state.update(_schedule_state(sched_prefix(slot), ScheduleConfig()))
    _set_slots(state, (*slots, slot))
    return slot


def remove_slot(state: MutableMapping, slot: int) -> None:
    """Remove the optimizer in ``slot``; the others keep their ids, keys and colours."""
    slots = tuple(state.get(key("slots"), default_slots()))
    if slot not in slots or len(slots) <= 1:
        return
    for k in _slot_keys(state, slot):
        del state[k]
    _set_slots(state, tuple(i for i in slots if i != slot))


def kind_changed(state: MutableMapping, slot: int) -> None:
    """A new kind starts from its own defaults (its hyperparameters differ); the schedule is kept."""
    kind = state[opt_key(slot, "kind")]
    keep = (opt_key(slot, "kind"), opt_key(slot, "sched"), opt_key(slot, "s."), opt_key(slot, "then"))
    for k in _slot_keys(state, slot):
        if not k.startswith(keep):
            del state[k]
    surface = _built(surface_of(state))
    state.update({opt_key(slot, n): param_default(surface, kind, n, slot) for n in KINDS[kind].specs()})


def handover_kind_changed(state: MutableMapping, slot: int) -> None:
    """The kind that takes over starts from its own learning rate."""
    state[opt_key(slot, "then.lr")] = KINDS[state[opt_key(slot, "then.kind")]].default("lr")


def schedule_changed(state: MutableMapping, slot: int | None) -> None:
    """A new schedule starts from its own defaults; the warmup is kept."""
    prefix = sched_prefix(slot)
    name = state[f"{prefix}sched"]
    for k in [k for k in state if isinstance(k, str) and k.startswith(f"{prefix}s.") and "warmup" not in k]:
        del state[k]
    for n, s in schedule_specs(name).items():
        state[f"{prefix}s.{n}"] = ints_text(s.default) if s.kind == "ints" else s.default


def surface_start(state: Mapping) -> tuple[float, float] | None:
    """The default start of the surface the session shows (None if it cannot be built)."""
    name = state.get(key("surface"), DEFAULT.surface)
    params = () if name == CUSTOM else tuple(
        (n, state.get(surface_key(name, n), s.default)) for n, s in surfaces.entry(name).params.items())
    try:
        surface = build_surface(name, params, state.get(key("expr"), DEFAULT_EXPRESSION))
    except ValueError:
        return None
    return float(surface.start[0]), float(surface.start[1])


def set_start(state: MutableMapping, start) -> None:
    if start is not None:
        state[key("x0")], state[key("y0")] = float(start[0]), float(start[1])


def surface_changed(state: MutableMapping) -> None:
    """A new surface starts from its own default start."""
    set_start(state, surface_start(state))


def follow_surface(state: MutableMapping) -> None:
    """After the surface (or one of its parameters) changed: every hyperparameter still at the old
    surface's default takes the new surface's, and one the user set is kept (and listed under
    :data:`KEPT` with the new default, so the page can say so and offer the new rates).

    What a user expects: the lesson of a new surface starts from rates that work there, but a rate
    they typed is theirs.  The link needs nothing more: it holds every value that differs from the
    default of the surface it names, so it reproduces the view exactly.
    """
    new = surface_of(state)
    old = state.get(DEFAULTS_FROM)
    if old == new:
        return
    if old is None:  # nothing recorded yet: the values came from the page's defaults for this surface
        state[DEFAULTS_FROM] = new
        return
    old_surface, new_surface = _built(tuple(old)), _built(new)
    kept = dict(state.get(KEPT, {})) if isinstance(state.get(KEPT), Mapping) else {}
    for slot in state.get(key("slots"), default_slots()):
        kind = state.get(opt_key(slot, "kind"))
        if kind not in KINDS:
            continue
        for n in KINDS[kind].specs():
            k = opt_key(slot, n)
            if k not in state:
                continue
            was, now = param_default(old_surface, kind, n, slot), param_default(new_surface, kind, n, slot)
            if fmt(state[k]) == fmt(was):
                state[k] = now
                kept.pop(k, None)
            elif fmt(was) != fmt(now) != fmt(state[k]):  # a value the user set where the default moved
                kept[k] = (state[k], now)
            elif fmt(state[k]) == fmt(now):
                kept.pop(k, None)
    state[DEFAULTS_FROM] = new
    state[KEPT] = kept


def kept_values(state: Mapping) -> dict[str, tuple[Any, Any]]:
    """The values a change of surface kept that still stand: key → (value, the surface's default)."""
    kept = state.get(KEPT)
    if not isinstance(kept, Mapping):
        return {}
    return {k: v for k, v in kept.items() if k in state and fmt(state[k]) == fmt(v[0]) and fmt(v[0]) != fmt(v[1])}


def use_surface_defaults(state: MutableMapping) -> None:
    """Give every kept value the surface's default (the button under the note that lists them)."""
    for k, (_, default) in kept_values(state).items():
        state[k] = default
    state.pop(KEPT, None)


def fit_start(state: MutableMapping, bounds) -> None:
    """Keep the start inside the view (a surface parameter can shrink it), so its boxes can show it."""
    for name, (low, high) in zip(("x0", "y0"), bounds):
        if key(name) in state:
            state[key(name)] = float(min(max(float(state[key(name)]), low), high))


def click_start(point, bounds) -> tuple[float, float]:
    """A clicked point as a start: inside the view, rounded to about a thousandth of its width."""
    (x0, x1), (y0, y1) = bounds
    digits = max(0, 3 - int(math.floor(math.log10(max(x1 - x0, y1 - y0)))))
    x, y = point
    return round(min(max(x, x0), x1), digits), round(min(max(y, y0), y1), digits)
