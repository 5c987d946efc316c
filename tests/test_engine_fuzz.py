"""Engine fuzzing: optimizers × surfaces × hyperparameters drawn from every spec's full range.

Whatever a URL, a widget or a notebook can hand the library, the engine either refuses it with a
ValueError or returns a trajectory whose every position is finite and inside the divergence box,
with every run that went wrong flagged in ``diverged_at``.  The ranges come from the specs
themselves (``spec_map()``, ``schedules.specs``, ``surfaces.entry(...).params``), so a new optimizer,
schedule or surface is fuzzed without touching this file.  Extremes are drawn on purpose:
lr from 1e-12 to 1e6, eps from 1e-300 to 1, rates at 0 and just below 1, huge decays and clips.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import optimizers
import surfaces
from optimizers import schedules
from optimizers.engine import DEFAULT_BOUND
from paramspec import ParamSpec

# typed by students: ordinary, singular, domain-limited, unbounded below, overflowing
EXPRESSIONS = (
    "x**2 + y**2",
    "sin(x)*cos(y) + 0.1*(x**2 + y**2)",
    "log(x) + y**2",
    "sqrt(x) + sqrt(y)",
    "1/(x**2 + y**2)",
    "exp(x*y)",
    "x**3 - 3*x*y**2",
    "abs(x) + abs(y)",
    "tan(x) + y**2",
    "exp(exp(x)) + y",
)
STEPS = 40

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# ------------------------------------------------------------------------- values from the specs


def log_uniform(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(math.log10(low), math.log10(high)).map(lambda e: float(10.0**e))


def spec_values(spec: ParamSpec, optimizer: bool = False) -> st.SearchStrategy:
    """Valid values for ``spec``, its boundaries and extremes weighted in (for an optimizer's lr and eps:
    the extreme ranges 1e-12..1e6 and 1e-300..1)."""
    if spec.kind == "bool":
        return st.booleans()
    if spec.kind == "choice":
        return st.sampled_from(spec.choices)
    if spec.kind == "int":
        low = int(spec.low) if spec.low is not None else 0
        high = int(spec.high) if spec.high is not None else low + 10_000
        return st.one_of(st.sampled_from([low, high]), st.integers(low, high))
    if spec.kind == "ints":  # increasing whole numbers (multistep milestones)
        low = int(spec.low) if spec.low is not None else 0
        return st.lists(st.integers(low, low + 500), min_size=1, max_size=6, unique=True).map(
            lambda v: tuple(sorted(v)))
    if optimizer and spec.name == "lr":
        return st.one_of(st.sampled_from([1e-12, 1e6]), log_uniform(1e-12, 1e6))
    if optimizer and spec.name == "eps":
        return st.one_of(st.sampled_from([1e-300, 1.0]), log_uniform(1e-300, 1.0))
    low = spec.low if spec.low is not None else -1e6
    high = spec.high if spec.high is not None else 1e6
    edges = []
    edges.append(math.nextafter(low, math.inf) if spec.low_open or spec.low is None else low)
    edges.append(math.nextafter(high, -math.inf) if spec.high_open or spec.high is None else high)
    inside = st.floats(low, high, exclude_min=spec.low_open, exclude_max=spec.high_open)
    extra = [inside]
    if low >= 0 and high > 1:  # unbounded non-negative (decays, clips, dampings): every magnitude
        magnitudes = log_uniform(max(low, 1e-300), high)
        # an open bound stays out (Rprop's η⁺ > 1: the log scale would hit 1 itself)
        extra.append(magnitudes.filter(lambda v: v > low) if spec.low_open else magnitudes)
    return st.one_of(st.sampled_from(edges), *extra)


def spec_kwargs(specs: dict[str, ParamSpec], optimizer: bool = False) -> st.SearchStrategy[dict]:
    """A random subset of the parameters, each with a valid value (the rest keep their defaults)."""
    return st.fixed_dictionaries({}, optional={name: spec_values(spec, optimizer) for name, spec in specs.items()})


@st.composite
def optimizer_cases(draw):
    name = draw(st.sampled_from(optimizers.names()))
    specs = optimizers.optimizer_class(name).spec_map()
    kwargs = draw(spec_kwargs(specs, optimizer=True))
    if name == "sgd" and kwargs.get("nesterov"):
        # torch's rule: Nesterov needs momentum > 0 and no dampening (the library refuses the rest)
        kwargs["momentum"] = kwargs.get("momentum") or 0.9
        kwargs["dampening"] = 0.0
    return name, kwargs


@st.composite
def surface_cases(draw):
    if draw(st.integers(0, 4)) == 0:
        return surfaces.from_expression(draw(st.sampled_from(EXPRESSIONS)))
    name = draw(st.sampled_from(surfaces.names()))
    params = draw(spec_kwargs(surfaces.entry(name).params))
    return surfaces.get(name, **params)


@st.composite
def schedule_cases(draw):
    name = draw(st.sampled_from([None, *schedules.names()]))
    if name is None:
        return None
    params = draw(spec_kwargs(dict(schedules.specs(name))))
    warmup = draw(spec_kwargs(dict(schedules.warmup_specs())))
    if "warmup_steps" in warmup:
        warmup["warmup_steps"] = min(warmup["warmup_steps"], 100)
    try:
        return schedules.get(name, **params, **warmup)
    except ValueError:
        return None  # a cross-parameter rule (for example base_factor > max_factor): refused cleanly


@st.composite
def starts(draw, surface):
    (x0, x1), (y0, y1) = surface.bounds
    inside = st.tuples(st.floats(x0, x1), st.floats(y0, y1))
    far = st.tuples(st.floats(-1e5, 1e5), st.floats(-1e5, 1e5))
    return draw(st.one_of(inside, far))


def check_trajectory(traj, steps: int, runs: int) -> None:
    assert traj.xy.shape == (traj.steps.size, runs, 2)
    assert np.isfinite(traj.xy).all(), "a position is not finite"
    # inside the divergence box (a start placed outside it is frozen where it is)
    box = np.maximum(DEFAULT_BOUND, np.abs(traj.xy[0]))
    assert (np.abs(traj.xy) <= box).all(), "a position left the divergence box"
    assert ((traj.diverged_at == -1) | ((traj.diverged_at >= 0) & (traj.diverged_at <= steps))).all()
    alive = traj.diverged_at < 0
    # a run that was not flagged has a finite loss at every recorded step (the engine flags the rest)
    assert np.isfinite(traj.loss[:, alive]).all(), "an unflagged run has a non-finite loss"
    assert not np.isnan(traj.grad_norm[:, alive]).any(), "an unflagged run has a NaN gradient norm"
    lr = traj.lr
    assert np.isfinite(lr).all() and (lr >= 0).all()


# ---------------------------------------------------------------------------------- valid input


@settings(FUZZ, max_examples=250)
@given(data=st.data(), opt=optimizer_cases(), surface=surface_cases(), schedule=schedule_cases(),
       noise=st.sampled_from([0.0, 0.0, 1e-3, 1.0, 1e3, 1e12]), record=st.sampled_from(["full", "final", 7]))
def test_any_valid_configuration_is_finite_or_flagged(data, opt, surface, schedule, noise, record):
    name, kwargs = opt
    optimizer = optimizers.get(name, **kwargs)
    start = data.draw(starts(surface))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no NumPy warning may escape either
        traj = optimizers.run(surface, optimizer, start, STEPS, schedule=schedule, noise=noise,
                              seed=data.draw(st.integers(0, 2**32)), record=record)
    check_trajectory(traj, STEPS, 1)


@settings(FUZZ, max_examples=60)
@given(data=st.data(), name=st.sampled_from(optimizers.names()), surface=surface_cases(),
       runs=st.integers(2, 9), noise=st.sampled_from([0.0, 10.0]))
def test_a_sweep_over_every_spec_range_is_finite_or_flagged(data, name, surface, runs, noise):
    """Hyperparameter arrays (a sweep): every float spec of the optimizer varies across the runs."""
    specs = optimizers.optimizer_class(name).spec_map()
    kwargs = {}
    for spec in specs.values():
        if spec.kind == "float" and spec.batchable:
            kwargs[spec.name] = np.array(data.draw(st.lists(spec_values(spec, optimizer=True), min_size=runs,
                                                            max_size=runs)))
    starts_ = np.array(data.draw(st.lists(starts(surface), min_size=runs, max_size=runs)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = optimizers.run(surface, optimizers.get(name, **kwargs), starts_, STEPS, noise=noise)
    check_trajectory(traj, STEPS, runs)


@pytest.mark.parametrize("name", optimizers.names())
@pytest.mark.parametrize("lr", [1e-12, 1e6])
@pytest.mark.parametrize("eps", [1e-300, 1.0])
def test_every_optimizer_at_the_extreme_corners(name, lr, eps):
    """Deterministic corners, so a regression there fails the same way every time."""
    specs = optimizers.optimizer_class(name).spec_map()
    kwargs = {"lr": lr, **({"eps": eps} if "eps" in specs else {})}
    for rate in ("beta1", "beta2", "alpha", "rho", "momentum"):
        if rate in specs:
            kwargs[rate] = math.nextafter(1.0, 0.0)
    for surface in (surfaces.get("rosenbrock"), surfaces.get("cliff", steepness=1000.0),
                    surfaces.get("quadratic", kappa=1e6), surfaces.from_expression("1/(x**2 + y**2)")):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            traj = optimizers.run(surface, optimizers.get(name, **kwargs), surface.start, STEPS,
                                  noise=1e3, schedule=schedules.get("one_cycle", total_steps=STEPS))
        check_trajectory(traj, STEPS, 1)


# -------------------------------------------------------------------------------- invalid input

HOSTILE = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-10**30, 10**30),
    st.text(max_size=20),
    st.none(),
    st.booleans(),
    st.lists(st.floats(allow_nan=True), max_size=3),
    st.sampled_from([[], [[1.0]], {"a": 1}, (1, 2, 3), b"\x00", complex(1, 1), np.array([np.nan])]),
)


@settings(FUZZ, max_examples=300)
@given(data=st.data(), name=st.sampled_from(optimizers.names()), value=HOSTILE)
def test_any_hyperparameter_value_is_accepted_or_refused_with_a_value_error(data, name, value):
    specs = list(optimizers.optimizer_class(name).spec_map()) + ["betas", "not_a_parameter"]
    key = data.draw(st.sampled_from(specs))
    try:
        optimizer = optimizers.get(name, **{key: value})
    except ValueError as err:
        assert str(err), "a refusal must say why"
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = optimizers.run(surfaces.get("rosenbrock"), optimizer, (-1.5, 2.0), 20)
    check_trajectory(traj, 20, traj.batch_size)


@settings(FUZZ, max_examples=200)
@given(data=st.data(), name=st.sampled_from(schedules.names()), value=HOSTILE)
def test_any_schedule_parameter_is_accepted_or_refused_with_a_value_error(data, name, value):
    key = data.draw(st.sampled_from([*schedules.specs(name), *schedules.warmup_specs(), "nope"]))
    try:
        sched = schedules.get(name, **{key: value})
        values = sched.values(50)
    except ValueError as err:
        assert str(err)
        return
    assert np.isfinite(values).all() and (values >= 0).all()


@settings(FUZZ, max_examples=200)
@given(data=st.data(), name=st.sampled_from(surfaces.names()), value=HOSTILE)
def test_any_surface_parameter_is_accepted_or_refused_with_a_value_error(data, name, value):
    key = data.draw(st.sampled_from([*surfaces.entry(name).params, "nope"]))
    try:
        surface = surfaces.get(name, **{key: value})
    except ValueError as err:
        assert str(err)
        return
    traj = optimizers.run(surface, optimizers.get("adam", lr=0.1), surface.start, 20)
    check_trajectory(traj, 20, 1)


RUN_ARGS = st.one_of(
    st.fixed_dictionaries({"steps": HOSTILE}),
    st.fixed_dictionaries({"start": HOSTILE}),
    st.fixed_dictionaries({"noise": HOSTILE}),
    st.fixed_dictionaries({"seed": HOSTILE}),
    st.fixed_dictionaries({"record": HOSTILE}),
)


@settings(FUZZ, max_examples=200)
@given(args=RUN_ARGS)
def test_any_run_argument_is_accepted_or_refused_with_a_value_error(args):
    call = {"steps": 10, "start": (1.0, 1.0), "noise": 0.0, "seed": 0, "record": "full", **args}
    if isinstance(call["steps"], int) and call["steps"] > 10_000:
        return  # a valid but long run: the pages cap steps; not the engine's job
    try:
        traj = optimizers.run(surfaces.get("himmelblau"), optimizers.get("sgd", lr=0.01), **call)
    except ValueError as err:
        assert str(err)
        return
    check_trajectory(traj, call["steps"], traj.batch_size)


@settings(FUZZ, max_examples=150)
@given(text=st.one_of(st.text(max_size=60), st.sampled_from(EXPRESSIONS).map(lambda e: e + "*"),
                      st.from_regex(r"[xy0-9+*/().\-^ ]{1,40}", fullmatch=True)))
def test_any_typed_formula_is_a_surface_or_a_value_error(text):
    try:
        surface = surfaces.from_expression(text)
    except ValueError as err:
        assert str(err)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = optimizers.run(surface, optimizers.get("adam", lr=0.1), surface.start, 20)
    check_trajectory(traj, 20, 1)
