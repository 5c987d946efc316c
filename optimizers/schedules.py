r"""Learning-rate schedules: the factor by which update t scales the optimizer's learning rate.

A schedule is a function of the update index alone, so it plugs in where a constant learning rate
would (optax's shape).  Update ``t`` (t = 0, 1, 2, ...) uses the learning rate

.. math:: \eta_t = \eta \cdot m(t)

where η is the optimizer's ``lr`` and ``m = schedules.get(name, **params)`` is the multiplier
returned here.  The index convention is torch's: ``lr·m(t)`` equals the ``param_groups[0]['lr']``
that ``torch.optim.lr_scheduler`` gives update t when the scheduler is stepped once after every
optimizer update (its ``last_epoch`` is t during update t).

>>> from optimizers import schedules
>>> s = schedules.get("step", step_size=2, gamma=0.5)
>>> s.values(5)
array([1.  , 1.  , 0.5 , 0.5 , 0.25])
>>> float(schedules.get("cosine", T_max=10, warmup_steps=5)(2))
0.4

Every schedule takes ``warmup_steps`` and ``warmup_start`` besides its own parameters (see
:func:`with_warmup`).  The lecture notes' names map as follows: piecewise constant decay is
``step``/``multistep``; inverse time decay α0/(1+βt) is ``inverse_time``; exponential decay α0·β^t
is ``exponential``; natural exponential decay α0·exp(-βt) is ``natural_exp``; cosine decay is
``cosine``; learning-rate warmup is ``warmup_steps``; the cyclic learning rate is ``cyclic``
(triangular) and ``cosine_restarts`` (SGDR, stochastic gradient descent with warm restarts).
"""

from __future__ import annotations

import inspect
import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from optimizers.exact import power as exact_power  # (_polynomial has a parameter called power)
from paramspec import ParamSpec
from refusal import Refusal

__all__ = ["Schedule", "ScheduleEntry", "entry", "get", "names", "specs", "warmup_specs", "with_warmup"]


# ----------------------------------------------------------------------------------------- types


@dataclass(frozen=True, eq=False)
class Schedule:
    """A learning-rate multiplier ``m(t)`` for updates t = 0, 1, 2, ...

    ``sched(t)`` takes an int or an integer array (whole-valued floats are accepted) and returns a
    float or a float array of the same shape; ``sched.values(n)`` is ``m(0), ..., m(n-1)``.
    ``params`` holds every parameter, defaults included, so ``get(s.name, **s.params)`` rebuilds
    ``s``.  ``latex`` is the closed form the app renders; ``title`` its heading.
    """

    name: str
    title: str
    latex: str
    params: dict[str, Any]
    multiplier: Callable[[np.ndarray], np.ndarray] = field(repr=False)

    def __call__(self, t):
        steps = _as_steps(t)
        out = np.asarray(self.multiplier(steps), dtype=float)
        return float(out) if steps.ndim == 0 else out

    def values(self, n: int) -> np.ndarray:
        """The first ``n`` multipliers ``m(0), ..., m(n-1)``."""
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
            raise ValueError(f"n must be a whole number >= 0 (got {n!r})")
        return np.asarray(self.multiplier(np.arange(int(n), dtype=np.int64)), dtype=float)


@dataclass(frozen=True)
class ScheduleEntry:
    """A catalogue entry: what the UI needs to offer a schedule before building one.

    ``doc`` is the explanation shown beside the formula (the builder's docstring); ``torch`` names
    the equivalent ``torch.optim.lr_scheduler`` class ("" when torch has none).
    """

    name: str
    title: str
    latex: str
    specs: dict[str, ParamSpec]
    build: Callable[..., Callable[[np.ndarray], np.ndarray]]
    doc: str
    torch: str = ""
    #: the rule follows the run's loss (ReduceLROnPlateau): ``build`` returns a :class:`FeedbackSchedule`
    feedback: bool = False


_REGISTRY: dict[str, ScheduleEntry] = {}

#: the largest step count a schedule parameter may name: far beyond any run, small enough for int64 math
MAX_STEP = 10**9

WARMUP_SPECS: dict[str, ParamSpec] = {
    "warmup_steps": ParamSpec("warmup_steps", 0, "updates of linear warmup before the schedule starts "
                              "(0: none)", kind="int", low=0, high=MAX_STEP, ui_low=0, ui_high=200,
                              batchable=False),
    "warmup_start": ParamSpec("warmup_start", 0.0, "warmup starts at this fraction of the schedule's "
                              "first value", low=0.0, high=1.0, batchable=False),
}


def _register(name: str, title: str, latex: str, params: tuple[ParamSpec, ...] = (), torch: str = "",
              feedback: bool = False):
    """Decorator adding ``build(**params) -> m`` (a function of an int64 step array) to the catalogue;
    with ``feedback``, ``build(**params)`` returns a :class:`FeedbackSchedule` and ``latex`` is the whole rule."""

    def deco(build):
        _REGISTRY[name] = ScheduleEntry(name, title, latex if feedback else _ETA + latex,
                                        {p.name: p for p in params}, build, inspect.cleandoc(build.__doc__ or ""),
                                        torch, feedback)
        return build

    return deco


# ------------------------------------------------------------------------------------ public API


def names(closed_form: bool = False) -> list[str]:
    """Names of every schedule, in catalogue order (``constant`` first).

    ``closed_form=True`` leaves out the rules that follow a run's loss (``plateau``): only the
    others are a function of the update index that can be drawn before any run.
    """
    return [n for n, e in _REGISTRY.items() if not (closed_form and e.feedback)]


def entry(name: str) -> ScheduleEntry:
    """The catalogue entry for ``name`` (title, specs, latex, doc), or ValueError."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown schedule {name!r}; choose one of: {', '.join(_REGISTRY)}") from None


def specs(name: str) -> dict[str, ParamSpec]:
    """The parameter specs of schedule ``name`` (without the warmup ones: see :func:`warmup_specs`)."""
    return dict(entry(name).specs)


def warmup_specs() -> dict[str, ParamSpec]:
    """The specs of ``warmup_steps`` and ``warmup_start``, which every schedule accepts."""
    return dict(WARMUP_SPECS)


def get(name: str, **params) -> Schedule:
    """Build schedule ``name``; ``params`` are validated against its specs, defaults filled in.

    ``warmup_steps`` (default 0: none) and ``warmup_start`` (default 0.0) add a linear warmup to any
    schedule, exactly as :func:`with_warmup` does.
    """
    e = entry(name)
    warmup = {key: params.pop(key) for key in list(params) if key in WARMUP_SPECS}
    unknown = sorted(set(params) - set(e.specs))
    if unknown:
        known = ", ".join([*e.specs, *WARMUP_SPECS])
        raise ValueError(f"schedule {name!r} has no parameter {unknown[0]!r}; it takes: {known}")
    values = {key: _validate(spec, params.get(key, spec.default)) for key, spec in e.specs.items()}
    if e.feedback:
        if warmup.get("warmup_steps", 0):
            raise Refusal("plateau_warmup", f"schedule {name!r} follows the run's loss and takes no warmup (torch's "
                          "SequentialLR cannot chain ReduceLROnPlateau either): set warmup_steps to 0")
        return e.build(**values)
    sched = Schedule(name, e.title, e.latex, values, e.build(**values))
    return with_warmup(sched, warmup.get("warmup_steps", 0), warmup.get("warmup_start", 0.0))


def with_warmup(sched: Schedule, steps: int, start_factor: float = 0.0) -> Schedule:
    r"""Prefix ``sched`` with ``steps`` updates of linear warmup; ``steps = 0`` returns ``sched`` itself.

    With W = ``steps`` and s = ``start_factor``, the warmed-up multiplier is

    .. math:: \tilde m(t) = \begin{cases} m(0)\,\bigl(s + (1-s)\,t/W\bigr) & t < W \\
              m(t - W) & t \ge W \end{cases}

    so the learning rate rises linearly from s·m(0) (at t = 0) towards m(0), which it reaches at
    t = W, where the inner schedule starts from its own beginning.  Its last warmup value is
    m(0)·(s + (1-s)(W-1)/W), one linear step short of m(0).

    This is exactly torch's ``SequentialLR([LinearLR(start_factor=s, end_factor=1.0,
    total_iters=W), inner], milestones=[W])`` for every schedule that starts at m(0) = 1 (all but
    ``cyclic`` and ``one_cycle``; verified in the tests).  For ``cyclic`` (m(0) = base_factor) the
    equivalent torch chain is ``LinearLR(start_factor=s·m(0), end_factor=m(0))``: a plain LinearLR
    there would ramp towards the full lr and then drop to base_factor at t = W.  For ``one_cycle``
    the plain chain happens to match, because OneCycleLR rewrites the group's ``initial_lr`` to
    max_lr/div_factor, which LinearLR then ramps towards.  torch requires s > 0; here s = 0 is
    allowed and is the default (the first update then does not move).
    """
    steps = _validate(WARMUP_SPECS["warmup_steps"], steps)
    start_factor = _validate(WARMUP_SPECS["warmup_start"], start_factor)
    if steps == 0:
        return sched
    if "warmup_steps" in sched.params:
        raise ValueError(f"schedule {sched.name!r} already has a warmup of {sched.params['warmup_steps']} "
                         "updates; build it again with the warmup you want")
    inner = sched.multiplier
    first = float(inner(np.zeros((), dtype=np.int64)))

    def multiplier(t: np.ndarray) -> np.ndarray:
        ramp = first * (start_factor + (1.0 - start_factor) * (t / steps))
        return np.where(t < steps, ramp, inner(np.maximum(t - steps, 0)))

    latex = (r"\eta_t = \eta\,\tilde m(t),\quad \tilde m(t) = \begin{cases}"
             r" m(0)\left(s + (1-s)\,\frac{t}{W}\right) & t < W \\ m(t - W) & t \ge W \end{cases}"
             r"\quad (W = \text{warmup\_steps},\ s = \text{warmup\_start}),"
             r"\quad m(t) = " + _body(sched.latex))
    params = {**sched.params, "warmup_steps": steps, "warmup_start": start_factor}
    return Schedule(sched.name, f"{sched.title} with linear warmup", latex, params, multiplier)


# ------------------------------------------------------------------------------------- helpers


_ETA = r"\eta_t = \eta\, m(t),\quad m(t) = "  # every closed form is shown as this prefix + its m(t)


def _body(latex: str) -> str:
    return latex.removeprefix(_ETA)


def _as_steps(t) -> np.ndarray:
    """``t`` as an int64 array of update indices, or ValueError naming what is wrong."""
    arr = np.asarray(t)
    is_float = np.issubdtype(arr.dtype, np.floating)
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer) or is_float):
        raise ValueError(f"the update index t must be a whole number >= 0 (got {t!r})")
    fractional = ~np.isfinite(arr) | (arr != np.floor(arr)) if is_float else None
    if fractional is not None and fractional.any():
        shown = np.ravel(arr[fractional])[0].item()
        raise ValueError(f"the update index t must be a whole number >= 0 (got {shown!r})")
    if np.any(arr < 0):
        raise ValueError(f"the update index t must be >= 0 (got {np.ravel(arr[arr < 0])[0].item()!r})")
    return arr.astype(np.int64)


def _validate(spec: ParamSpec, value: Any) -> Any:
    """``spec.validate``, plus the ``"ints"`` kind (an increasing tuple of whole numbers)."""
    if spec.kind != "ints":
        return spec.validate(value)
    what = f"{spec.name} must be increasing whole numbers in {spec.range_text()}, e.g. (30, 60)"

    def refuse(got: Any) -> Refusal:
        return Refusal("increasing_ints", f"{what} (got {got!r})", name=spec.name, range=spec.range_text(),
                       value=got if isinstance(got, str) else ", ".join(map(str, got)) if isinstance(got, tuple)
                       else repr(got))
    if isinstance(value, str):
        parts = [p for p in re.split(r"[,\s;]+", value.strip().strip("()[]")) if p]
        try:
            value = [float(p) for p in parts]
        except ValueError:
            raise refuse(value) from None
    try:
        items = list(value)
    except TypeError:
        raise refuse(value) from None
    if not all(_is_whole(item) for item in items):
        raise refuse(value)
    out = [int(item) for item in items]
    shown = tuple(out)
    if any(b <= a for a, b in itertools.pairwise(out)):
        raise refuse(shown)
    for item in out:
        if (spec.low is not None and item < spec.low) or (spec.high is not None and item > spec.high):
            raise refuse(shown)
    return shown


def _is_whole(item: Any) -> bool:
    if isinstance(item, (bool, np.bool_)) or not isinstance(item, (int, np.integer, float, np.floating)):
        return False
    return math.isfinite(item) and item == int(item)


def _float(name: str, default: float, help: str, **kw) -> ParamSpec:
    return ParamSpec(name, default, help, batchable=False, **kw)


def _int(name: str, default: int, help: str, low: int = 1, **kw) -> ParamSpec:
    kw.setdefault("high", MAX_STEP)
    return ParamSpec(name, default, help, kind="int", low=low, batchable=False, **kw)


def _gamma(default: float, help: str = "multiplicative decay factor") -> ParamSpec:
    return _float("gamma", default, help, low=0.0, low_open=True, high=1.0, ui_low=0.01, ui_high=1.0)


def _eta_min() -> ParamSpec:
    return _float("eta_min", 0.0, "floor of the multiplier: the fraction of lr reached at the trough",
                  low=0.0, high=1.0)


def _cosine_anneal(fraction: np.ndarray, eta_min: float) -> np.ndarray:
    """η_min + (1 - η_min)·(1 + cos(π·fraction))/2: from 1 at fraction 0 to η_min at fraction 1."""
    return eta_min + (1.0 - eta_min) * (1.0 + np.cos(np.pi * fraction)) / 2.0


# ----------------------------------------------------------------------------------- catalogue


@_register("constant", "Constant", r"1")
def _constant():
    """The optimizer's learning rate, unchanged: :math:`\\eta_t = \\eta`."""
    return lambda t: np.ones(t.shape)


@_register("step", "Step decay (piecewise constant)", r"\gamma^{\lfloor t / \text{step\_size} \rfloor}",
           (_int("step_size", 30, "updates between two decays", ui_high=200), _gamma(0.1)), torch="StepLR")
def _step(step_size, gamma):
    """Piecewise constant decay: multiply the learning rate by γ every ``step_size`` updates.

    m(t) = γ^⌊t / step_size⌋.  The first decay applies to update ``step_size`` (torch's StepLR).
    """
    return lambda t: exact_power(gamma, (t // step_size).astype(float))


@_register("multistep", "Multi-step decay (piecewise constant)",
           r"\gamma^{\#\{\, i \,:\, \text{milestone}_i \le t \,\}}",
           (ParamSpec("milestones", (40, 80), "updates at which the learning rate is multiplied by γ "
                      "(increasing whole numbers, e.g. 40, 80)", kind="ints", low=1, high=MAX_STEP,
                      batchable=False),
            _gamma(0.1)), torch="MultiStepLR")
def _multistep(milestones, gamma):
    """Piecewise constant decay at chosen updates: multiply by γ at each milestone.

    m(t) = γ^n(t), with n(t) the number of milestones ≤ t, so update t = milestone already uses
    the decayed rate (torch's MultiStepLR, ``bisect_right``).  No milestones: constant.
    """
    edges = np.asarray(milestones, dtype=np.int64)
    return lambda t: exact_power(gamma, np.searchsorted(edges, t, side="right").astype(float))


@_register("exponential", "Exponential decay", r"\gamma^{t}", (_gamma(0.97),), torch="ExponentialLR")
def _exponential(gamma):
    """Exponential decay α0·β^t of the notes, with β = γ: m(t) = γ^t (torch's ExponentialLR)."""
    return lambda t: exact_power(gamma, t.astype(float))


@_register("natural_exp", "Natural exponential decay", r"e^{-k t}",
           (_float("k", 0.03, "decay rate per update", low=0.0, ui_low=0.0, ui_high=0.5),))
def _natural_exp(k):
    """Natural exponential decay α0·exp(-βt) of the notes, with β = k: m(t) = exp(-k·t).

    The same curve as ``exponential`` with γ = e^(-k); TF1 called it ``natural_exp_decay``.
    torch has no class for it (``ExponentialLR(gamma=exp(-k))`` gives it up to rounding).
    """
    return lambda t: np.exp(-k * t.astype(float))


@_register("inverse_time", "Inverse time decay", r"\frac{1}{1 + k t}",
           (_float("k", 0.1, "decay rate per update", low=0.0, ui_low=0.0, ui_high=1.0),))
def _inverse_time(k):
    """Inverse time decay α0/(1 + βt) of the notes, with β = k: m(t) = 1/(1 + k·t).

    Keras' InverseTimeDecay with decay_steps = 1 and no staircase.  torch has no class for it.
    """
    return lambda t: 1.0 / (1.0 + k * t.astype(float))


@_register("polynomial", "Polynomial decay",
           r"\left(1 - \frac{\min(t,\, T)}{T}\right)^{p}\quad (T = \text{total\_iters},\ p = \text{power})",
           (_int("total_iters", 100, "updates until the multiplier reaches 0", ui_high=1000),
            _float("power", 1.0, "exponent of the decay (1: linear)", low=0.0, low_open=True, ui_low=0.1,
                   ui_high=5.0)), torch="PolynomialLR")
def _polynomial(total_iters, power):
    """Polynomial decay to zero: m(t) = (1 - min(t, T)/T)^p with T = ``total_iters``.

    It reaches 0 at update T and stays there (torch's PolynomialLR; Keras' PolynomialDecay with
    end_learning_rate = 0).  Power 1 is a straight line.
    """
    return lambda t: exact_power(1.0 - np.minimum(t, total_iters) / total_iters, power)


@_register("cosine", "Cosine annealing",
           r"\eta_{\min} + (1 - \eta_{\min})\,\frac{1 + \cos(\pi t / T_{\max})}{2}",
           (_int("T_max", 100, "updates from the peak down to eta_min (half a period)", ui_high=1000),
            _eta_min()),
           torch="CosineAnnealingLR")
def _cosine(T_max, eta_min):
    """Cosine decay: m(t) = η_min + (1 - η_min)·(1 + cos(πt/T_max))/2.

    Starts at 1 and reaches ``eta_min`` (a fraction of lr) at t = T_max.  The notes write
    α0·(1 + cos(t/T))/2; the π is needed for the curve to end at its minimum when t = T.

    Past T_max the formula is not clamped: it rises again and keeps oscillating with period
    2·T_max (back to 1 at t = 2·T_max).  That is torch's CosineAnnealingLR (both its closed form
    and its step-by-step update); a user who expects the rate to stay at eta_min should set
    T_max to the run length, and ``cosine_restarts`` gives deliberate restarts.
    """
    return lambda t: _cosine_anneal(t / T_max, eta_min)


@_register("cosine_restarts", "Cosine annealing with warm restarts (SGDR)",
           r"\eta_{\min} + (1 - \eta_{\min})\,\frac{1 + \cos(\pi\, T_{cur} / T_i)}{2},\quad "
           r"T_i = T_0 T_{mult}^{\,n},\ T_{cur} = t - T_0 \sum_{j<n} T_{mult}^{\,j}",
           (_int("T_0", 25, "updates in the first cycle", ui_high=500),
            _int("T_mult", 1, "each cycle is this many times longer than the previous one", ui_high=4),
            _eta_min()), torch="CosineAnnealingWarmRestarts")
def _cosine_restarts(T_0, T_mult, eta_min):
    """SGDR, a periodic (cyclic) schedule: cosine decay that restarts at the full rate.

    Cycle n lasts T_i = T_0·T_mult^n updates and starts at t = T_0·(1 + T_mult + ... + T_mult^(n-1));
    within it T_cur counts from 0, and m(t) = η_min + (1 - η_min)·(1 + cos(π·T_cur/T_i))/2.
    A restart update (t = T_0, T_0·(1 + T_mult), ...) uses the full rate 1; the update before it is
    just above η_min (torch's CosineAnnealingWarmRestarts; cycle boundaries here are exact integers).
    """

    def multiplier(t):
        if T_mult == 1:
            return _cosine_anneal((t % T_0) / T_0, eta_min)
        # Cycle starts as exact integers, one per restart up to the largest t asked for.
        top = int(t.max()) if t.size else 0
        starts, length = [0], T_0
        while starts[-1] <= top:
            starts.append(starts[-1] + length)
            length *= T_mult
        starts = np.asarray(starts, dtype=np.int64)
        n = np.searchsorted(starts, t, side="right") - 1
        t_cur = t - starts[n]
        t_i = starts[n + 1] - starts[n]
        return _cosine_anneal(t_cur / t_i, eta_min)

    return multiplier


@_register("cyclic", "Cyclic learning rate (CLR)",
           r"b + (M - b)\, f\, s,\quad f = \begin{cases} x / r & x \le r \\ (x - 1)/(r - 1) & x > r"
           r" \end{cases},\quad x = 1 + \tfrac{t}{S} - c,\ c = \left\lfloor 1 + \tfrac{t}{S} \right\rfloor,"
           r"\ S = u + d,\ r = \tfrac{u}{S},\quad s = 1,\ 2^{1-c},\ \gamma^{t}"
           r"\ \text{(triangular, triangular2, exp\_range)}\quad (b = \text{base\_factor},"
           r"\ M = \text{max\_factor},\ u = \text{step\_size\_up},\ d = \text{step\_size\_down})",
           (_float("base_factor", 0.1, "lowest multiplier of the cycle (torch's base_lr / lr)", low=0.0,
                   ui_low=0.0, ui_high=2.0),
            _float("max_factor", 1.0, "highest multiplier of the cycle (torch's max_lr / lr)", low=0.0,
                   ui_low=0.0, ui_high=2.0),
            _int("step_size_up", 20, "updates from base_factor up to max_factor", ui_high=500),
            _int("step_size_down", 0, "updates from max_factor back down (0: same as step_size_up)", low=0,
                 ui_high=500),
            ParamSpec("mode", "triangular", "how the amplitude shrinks: not at all, halved every cycle, "
                      "or by γ^t", kind="choice", choices=("triangular", "triangular2", "exp_range"),
                      batchable=False),
            _gamma(0.99, "exp_range only: the amplitude is scaled by γ^t")), torch="CyclicLR")
def _cyclic(base_factor, max_factor, step_size_up, step_size_down, mode, gamma):
    """Cyclic learning rate (Smith 2017): the multiplier goes up and down between two bounds.

    With b = ``base_factor``, M = ``max_factor``, S = up + down, r = up/S, cycle c = ⌊1 + t/S⌋ and
    x = 1 + t/S - c:  f = x/r while x ≤ r, else (x - 1)/(r - 1); m(t) = b + (M - b)·f·s with
    s = 1 (triangular), 1/2^(c-1) (triangular2) or γ^t (exp_range).  So m(0) = b, and the peak M
    is reached at t = up (then every S updates).  This is torch's CyclicLR with
    base_lr = lr·b, max_lr = lr·M and ``cycle_momentum=False``; the notes' triangular formula
    (m = ⌊1 + t/(2ΔT)⌋, b = |t/ΔT - 2m + 1|, α_min + (α_max - α_min)·max(0, 1 - b)) is the case
    up = down = ΔT.  torch's default gamma is 1.0, which makes exp_range the same as triangular;
    the default here is 0.99.
    """
    down = step_size_down or step_size_up
    total = float(step_size_up + down)
    ratio = step_size_up / total

    def multiplier(t):
        cycle = np.floor(1.0 + t / total)
        x = 1.0 + t / total - cycle
        f = np.where(x <= ratio, x / ratio, (x - 1.0) / (ratio - 1.0))
        if mode == "triangular":
            scale = 1.0
        elif mode == "triangular2":
            scale = np.power(0.5, cycle - 1.0)  # 0.5**n underflows quietly where 1/2**n would overflow
        else:
            scale = exact_power(gamma, t.astype(float))
        return base_factor + (max_factor - base_factor) * f * scale

    return multiplier


@_register("one_cycle", "One-cycle policy",
           r"a_i + (b_i - a_i)\, g\!\left(\tfrac{t - t_{i-1}}{t_i - t_{i-1}}\right)"
           r" \text{ on phase } [t_{i-1}, t_i],\quad g(u) = \tfrac{1 - \cos \pi u}{2} \text{ (cos) or } u"
           r" \text{ (linear)},\quad \tfrac{1}{d} \xrightarrow{[0,\ pN - 1]} 1"
           r" \xrightarrow{[pN - 1,\ N - 1]} \tfrac{1}{d\,d_f},\quad m(t) = \tfrac{1}{d\,d_f}"
           r" \text{ for } t \ge N - 1\quad (N = \text{total\_steps},\ p = \text{pct\_start},"
           r"\ d = \text{div\_factor},\ d_f = \text{final\_div\_factor})",
           (_int("total_steps", 100, "length of the cycle in updates", low=2, ui_high=1000),
            _float("pct_start", 0.3, "fraction of the cycle spent rising", low=0.0, high=1.0, low_open=True,
                   high_open=True),
            ParamSpec("anneal_strategy", "cos", "shape of each phase", kind="choice",
                      choices=("cos", "linear"), batchable=False),
            _float("div_factor", 25.0, "the cycle starts at 1/div_factor", low=1.0, log=True, ui_high=1e3),
            _float("final_div_factor", 1e4, "the cycle ends at 1/(div_factor·final_div_factor)", low=1.0,
                   log=True, ui_high=1e6),
            ParamSpec("three_phase", False, "come back down to 1/div_factor before the final decay",
                      kind="bool", batchable=False)), torch="OneCycleLR")
def _one_cycle(total_steps, pct_start, anneal_strategy, div_factor, final_div_factor, three_phase):
    """The 1cycle policy (Smith & Topin): warm up to the full rate, then anneal far below the start.

    The optimizer's lr plays torch's ``max_lr``, so the multiplier peaks at 1.  With N =
    ``total_steps`` and p = ``pct_start``: phase 1 goes from 1/d (d = ``div_factor``) to 1 over
    t ∈ [0, pN - 1]; phase 2 from 1 down to 1/(d·d_f) over [pN - 1, N - 1].  With
    ``three_phase`` phase 2 instead returns to 1/d at 2pN - 2 and phase 3 falls to 1/(d·d_f) at
    N - 1.  Inside a phase from a to b over [t0, t1], with u = (t - t0)/(t1 - t0), ``cos`` gives
    b + (a - b)(1 + cos πu)/2 and ``linear`` a + (b - a)u.  This is torch's OneCycleLR with
    max_lr = lr and ``cycle_momentum=False``.

    Past the cycle (t ≥ N - 1) the multiplier holds its final value 1/(d·d_f).  torch instead
    extrapolates the last phase at t = N (with ``linear`` that can even be negative) and raises
    an error after it; holding the floor is what a longer run should do.
    """
    initial = 1.0 / div_factor
    phases = _one_cycle_phases(total_steps, pct_start, three_phase, initial, initial / final_div_factor)
    ends = np.asarray([end for end, _, _ in phases])
    starts = np.concatenate([[0.0], ends[:-1]])
    lo = np.asarray([a for _, a, _ in phases])
    hi = np.asarray([b for _, _, b in phases])
    final = phases[-1][2]

    def multiplier(t):
        i = np.minimum(np.searchsorted(ends, t, side="left"), len(phases) - 1)
        u = (t - starts[i]) / (ends[i] - starts[i])
        if anneal_strategy == "cos":
            value = hi[i] + (lo[i] - hi[i]) / 2.0 * (np.cos(np.pi * u) + 1.0)
        else:
            value = (hi[i] - lo[i]) * u + lo[i]
        return np.where(t >= total_steps - 1, final, value)

    return multiplier


def _one_cycle_phases(total_steps: int, pct_start: float, three_phase: bool, initial: float,
                      final: float) -> list[tuple[float, float, float]]:
    """torch's phase table as (end_step, start multiplier, end multiplier); ValueError if a phase is empty."""
    rise_end = float(pct_start * total_steps) - 1
    if three_phase:
        phases = [(rise_end, initial, 1.0), (float(2 * pct_start * total_steps) - 2, 1.0, initial),
                  (float(total_steps - 1), initial, final)]
    else:
        phases = [(rise_end, initial, 1.0), (float(total_steps - 1), 1.0, final)]
    edges = [0.0] + [end for end, _, _ in phases]
    if any(b <= a for a, b in itertools.pairwise(edges)):
        need = ("1 < pct_start·total_steps and 2·pct_start·total_steps < total_steps + 1" if three_phase
                else "pct_start·total_steps > 1")
        raise Refusal("one_cycle_phases", f"one_cycle needs {need}, so that every phase lasts at least one "
                      f"update (got pct_start={pct_start:g}, total_steps={total_steps})", need=need,
                      pct_start=f"{pct_start:g}", total_steps=total_steps)
    return phases


# ------------------------------------------------------------------------ rules on the run's loss


class PlateauState(NamedTuple):
    """ReduceLROnPlateau's counters, one entry per run."""

    lr: np.ndarray  # the learning rate of the next update
    best: np.ndarray  # the best loss so far
    num_bad: np.ndarray  # updates since the loss last improved enough
    cooldown: np.ndarray  # updates left in which bad updates are not counted


@dataclass(frozen=True, eq=False)
class FeedbackSchedule:
    """A learning-rate rule that reads the run's loss: ``start(base_lr)`` makes its state (one entry
    per run), ``lr(state)`` is the rate of the next update, ``observe(state, loss)`` takes the loss
    after an update.  The engine (``optimizers.run``) calls these; there is no closed form m(t), so
    :meth:`values` refuses.
    """

    name: str
    title: str
    latex: str
    params: dict[str, Any]
    feedback: bool = True

    def start(self, base_lr: np.ndarray) -> PlateauState:
        lr = np.array(base_lr, dtype=float).reshape(-1)
        return PlateauState(lr, np.full(lr.shape, np.inf), np.zeros(lr.shape, dtype=np.int64),
                            np.zeros(lr.shape, dtype=np.int64))

    @staticmethod
    def lr(state: PlateauState) -> np.ndarray:
        return state.lr

    def observe(self, state: PlateauState, loss: np.ndarray) -> PlateauState:
        """torch's ``ReduceLROnPlateau.step(loss)`` (mode 'min'), for every run at once."""
        p = self.params
        current = np.asarray(loss, dtype=float).reshape(-1)
        if p["threshold_mode"] == "rel":
            better = current < state.best * (1.0 - p["threshold"])
        else:
            better = current < state.best - p["threshold"]
        best = np.where(better, current, state.best)
        num_bad = np.where(better, 0, state.num_bad + 1)
        in_cooldown = state.cooldown > 0
        cooldown = np.where(in_cooldown, state.cooldown - 1, state.cooldown)
        num_bad = np.where(in_cooldown, 0, num_bad)  # bad updates in the cooldown do not count
        reduce = num_bad > p["patience"]
        cut = state.lr * p["factor"]
        new_lr = np.where(p["min_lr"] > cut, p["min_lr"], cut)  # Python's max(cut, min_lr)
        lr = np.where(reduce & (state.lr - new_lr > p["eps"]), new_lr, state.lr)
        return PlateauState(lr, best, np.where(reduce, 0, num_bad), np.where(reduce, p["cooldown"], cooldown))

    def values(self, n: int) -> np.ndarray:
        raise ValueError(f"schedule {self.name!r} follows the run's loss: it has no values before a run "
                         "(optimizers.run applies it)")


@_register("plateau", "Reduce on plateau",
           r"\eta_{t+1} = \begin{cases}\max(\phi\,\eta_t,\ \eta_{\min}) & \text{more than } p"
           r" \text{ updates without } f < f_{\text{best}}(1 - \tau) \\ \eta_t & \text{otherwise}\end{cases}"
           r"\quad (\eta_0 = \eta,\ \phi = \text{factor},\ p = \text{patience},\ \tau = \text{threshold})",
           (_float("factor", 0.1, "the learning rate is multiplied by this when the loss stalls", low=0.0,
                   high=1.0, low_open=True, high_open=True),
            _int("patience", 10, "updates without improvement before the rate is cut", low=0, ui_high=200),
            _float("threshold", 1e-4, "an improvement must beat the best loss by this much (relative or "
                   "absolute)", low=0.0, ui_high=1.0),
            ParamSpec("threshold_mode", "rel", "whether threshold is relative to the best loss or absolute",
                      kind="choice", choices=("rel", "abs"), batchable=False),
            _int("cooldown", 0, "updates after a cut during which stalls are not counted", low=0, ui_high=200),
            _float("min_lr", 0.0, "the learning rate is never cut below this (an absolute rate)", low=0.0,
                   ui_high=1.0),
            _float("eps", 1e-8, "a cut smaller than this is skipped", low=0.0, log=True, ui_high=1.0)),
           torch="ReduceLROnPlateau", feedback=True)
def _plateau(factor, patience, threshold, threshold_mode, cooldown, min_lr, eps):
    """Cut the learning rate when progress stalls (the notes' "reduce the rate when the loss stops
    falling"): torch's ReduceLROnPlateau in mode 'min', stepped with the loss after every update.

    After each update the loss f(θ_t) is compared with the best so far: it counts as progress when
    f < best·(1 - threshold) (``rel``) or f < best - threshold (``abs``).  After more than
    ``patience`` updates without progress the rate becomes max(factor·lr, min_lr) (skipped when that
    changes it by less than ``eps``), and the next ``cooldown`` updates are not counted.  min_lr is
    an absolute learning rate, as in torch; unlike the other schedules this one has no m(t) to draw
    before the run: the rate is read off the run.
    """
    params = dict(factor=factor, patience=patience, threshold=threshold, threshold_mode=threshold_mode,
                  cooldown=cooldown, min_lr=min_lr, eps=eps)
    return FeedbackSchedule("plateau", "Reduce on plateau", _REGISTRY["plateau"].latex, params)
