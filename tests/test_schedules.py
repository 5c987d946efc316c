"""optimizers.schedules: closed forms, torch.optim.lr_scheduler's edge cases, validation, vectorization."""

from __future__ import annotations

import importlib.util
import math
import re
import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from optimizers import schedules
from tests.golden.cases import BASE_LR, cyclic, one_cycle, warm
from tests.golden.make_torch_golden import scheduler_lrs

needs_torch = pytest.mark.skipif(
    importlib.util.find_spec("torch") is None,
    reason="torch is not importable (pip install torch==2.13.0 to compare with torch.optim.lr_scheduler)")


def m(name, t, **params):
    return schedules.get(name, **params)(t)


# ------------------------------------------------------------------------------- closed forms

def cos_half(fraction, eta_min=0.0):
    return eta_min + (1 - eta_min) * (1 + math.cos(math.pi * fraction)) / 2


ONE_CYCLE_MIN = 1 / 25 / 1e4  # 1/(div_factor·final_div_factor) with torch's defaults

# (name, params, t, expected multiplier): t = 0, ordinary t, each boundary, and past the horizon.
CLOSED_FORMS = [
    ("constant", {}, 0, 1.0),
    ("constant", {}, 10**5, 1.0),
    ("step", dict(step_size=10, gamma=0.5), 0, 1.0),
    ("step", dict(step_size=10, gamma=0.5), 9, 1.0),
    ("step", dict(step_size=10, gamma=0.5), 10, 0.5),  # the first decayed update is t = step_size
    ("step", dict(step_size=10, gamma=0.5), 25, 0.25),
    ("step", dict(step_size=10, gamma=0.5), 1000, 0.5**100),
    ("multistep", dict(milestones=(10, 25), gamma=0.1), 0, 1.0),
    ("multistep", dict(milestones=(10, 25), gamma=0.1), 9, 1.0),
    ("multistep", dict(milestones=(10, 25), gamma=0.1), 10, 0.1),  # a milestone already decays
    ("multistep", dict(milestones=(10, 25), gamma=0.1), 24, 0.1),
    ("multistep", dict(milestones=(10, 25), gamma=0.1), 25, 0.1**2),
    ("multistep", dict(milestones=(10, 25), gamma=0.1), 10**5, 0.1**2),
    ("multistep", dict(milestones=(), gamma=0.1), 50, 1.0),
    ("exponential", dict(gamma=0.9), 0, 1.0),
    ("exponential", dict(gamma=0.9), 7, 0.9**7),
    ("exponential", dict(gamma=0.9), 10**5, 0.0),  # underflows quietly
    ("natural_exp", dict(k=0.1), 0, 1.0),
    ("natural_exp", dict(k=0.1), 5, math.exp(-0.5)),
    ("natural_exp", dict(k=0.1), 10**5, 0.0),
    ("inverse_time", dict(k=0.5), 0, 1.0),
    ("inverse_time", dict(k=0.5), 2, 0.5),
    ("inverse_time", dict(k=0.5), 10, 1 / 6),
    ("inverse_time", dict(k=0.5), 10**5, 1 / (1 + 0.5e5)),
    ("polynomial", dict(total_iters=10, power=2.0), 0, 1.0),
    ("polynomial", dict(total_iters=10, power=2.0), 5, 0.25),
    ("polynomial", dict(total_iters=10, power=2.0), 9, 0.1**2),
    ("polynomial", dict(total_iters=10, power=2.0), 10, 0.0),  # reaches 0 at total_iters ...
    ("polynomial", dict(total_iters=10, power=2.0), 11, 0.0),  # ... and stays there
    ("polynomial", dict(total_iters=10, power=1.0), 4, 0.6),
    ("cosine", dict(T_max=10, eta_min=0.1), 0, 1.0),
    ("cosine", dict(T_max=10, eta_min=0.1), 5, 0.55),
    ("cosine", dict(T_max=10, eta_min=0.1), 10, 0.1),  # eta_min exactly at T_max
    ("cosine", dict(T_max=10, eta_min=0.1), 15, 0.55),  # not clamped: rises again (torch)
    ("cosine", dict(T_max=10, eta_min=0.1), 20, 1.0),  # period 2·T_max
    ("cosine", dict(T_max=10), 10, 0.0),
    ("cosine", dict(T_max=10), 3, cos_half(0.3)),
    ("cosine_restarts", dict(T_0=10, T_mult=2), 0, 1.0),
    ("cosine_restarts", dict(T_0=10, T_mult=2), 5, 0.5),
    ("cosine_restarts", dict(T_0=10, T_mult=2), 9, cos_half(0.9)),
    ("cosine_restarts", dict(T_0=10, T_mult=2), 10, 1.0),  # restart at T_0
    ("cosine_restarts", dict(T_0=10, T_mult=2), 20, 0.5),  # second cycle is 20 long
    ("cosine_restarts", dict(T_0=10, T_mult=2), 29, cos_half(19 / 20)),
    ("cosine_restarts", dict(T_0=10, T_mult=2), 30, 1.0),  # restart at T_0·(1 + T_mult)
    ("cosine_restarts", dict(T_0=10, T_mult=2), 70, 1.0),  # T_0·(1 + T_mult + T_mult²)
    ("cosine_restarts", dict(T_0=10, T_mult=2), 69, cos_half(39 / 40)),
    ("cosine_restarts", dict(T_0=10, T_mult=2), 10**5, cos_half((10**5 - 81910) / 81920)),
    ("cosine_restarts", dict(T_0=10, T_mult=1, eta_min=0.2), 10, 1.0),
    ("cosine_restarts", dict(T_0=10, T_mult=1, eta_min=0.2), 15, 0.6),
    ("cosine_restarts", dict(T_0=10, T_mult=1, eta_min=0.2), 20, 1.0),
    ("cosine_restarts", dict(T_0=10, T_mult=1, eta_min=0.2), 10**5 + 5, 0.6),
    ("cosine_restarts", dict(T_0=1, T_mult=1), 7, 1.0),
    ("cosine_restarts", dict(T_0=1, T_mult=2), 2, 0.5),
    ("cosine_restarts", dict(T_0=1, T_mult=2), 3, 1.0),
    ("cosine_restarts", dict(T_0=3, T_mult=3), 12, 1.0),  # 3·(1 + 3)
    ("cosine_restarts", dict(T_0=3, T_mult=3), 39, 1.0),  # 3·(1 + 3 + 9)
    ("cosine_restarts", dict(T_0=3, T_mult=3), 38, cos_half(26 / 27)),
    ("cyclic", dict(step_size_up=10), 0, 0.1),
    ("cyclic", dict(step_size_up=10), 5, 0.55),
    ("cyclic", dict(step_size_up=10), 10, 1.0),  # peak at step_size_up
    ("cyclic", dict(step_size_up=10), 15, 0.55),
    ("cyclic", dict(step_size_up=10), 20, 0.1),  # the second cycle starts
    ("cyclic", dict(step_size_up=10), 10**5, 0.1),
    ("cyclic", dict(step_size_up=10), 10**5 + 10, 1.0),
    ("cyclic", dict(step_size_up=10, step_size_down=30), 10, 1.0),
    ("cyclic", dict(step_size_up=10, step_size_down=30), 25, 0.55),
    ("cyclic", dict(step_size_up=10, step_size_down=30), 40, 0.1),
    ("cyclic", dict(step_size_up=10, mode="triangular2"), 30, 0.1 + 0.9 / 2),  # second peak: half the height
    ("cyclic", dict(step_size_up=10, mode="triangular2"), 50, 0.1 + 0.9 / 4),
    ("cyclic", dict(step_size_up=10, mode="exp_range", gamma=0.99), 10, 0.1 + 0.9 * 0.99**10),
    ("cyclic", dict(step_size_up=10, mode="exp_range", gamma=0.99), 30, 0.1 + 0.9 * 0.99**30),
    ("cyclic", dict(base_factor=0.5, max_factor=0.5, step_size_up=3), 4, 0.5),
    ("one_cycle", dict(total_steps=100), 0, 1 / 25),
    ("one_cycle", dict(total_steps=100), 14, 1 + (1 / 25 - 1) / 2 * (math.cos(math.pi * 14 / 29) + 1)),
    ("one_cycle", dict(total_steps=100), 29, 1.0),  # peak at pct_start·N - 1
    ("one_cycle", dict(total_steps=100), 64, ONE_CYCLE_MIN + (1 - ONE_CYCLE_MIN) / 2),
    ("one_cycle", dict(total_steps=100), 99, ONE_CYCLE_MIN),  # floor at N - 1
    ("one_cycle", dict(total_steps=100), 100, ONE_CYCLE_MIN),  # then held (torch extrapolates, then raises)
    ("one_cycle", dict(total_steps=100), 10**5, ONE_CYCLE_MIN),
    ("one_cycle", dict(total_steps=100, anneal_strategy="linear"), 14, 1 / 25 + (1 - 1 / 25) * 14 / 29),
    ("one_cycle", dict(total_steps=100, anneal_strategy="linear"), 100, ONE_CYCLE_MIN),
    ("one_cycle", dict(total_steps=100, three_phase=True), 29, 1.0),
    ("one_cycle", dict(total_steps=100, three_phase=True), 58, 1 / 25),  # back to the start at 2·pct·N - 2
    ("one_cycle", dict(total_steps=100, three_phase=True), 99, ONE_CYCLE_MIN),
    ("one_cycle", dict(total_steps=100, three_phase=True), 500, ONE_CYCLE_MIN),
    ("step", dict(step_size=10, gamma=0.5, warmup_steps=5), 0, 0.0),  # warmup_start 0: update 0 stands still
    ("step", dict(step_size=10, gamma=0.5, warmup_steps=5), 1, 0.2),
    ("step", dict(step_size=10, gamma=0.5, warmup_steps=5), 4, 0.8),  # one linear step short of m(0)
    ("step", dict(step_size=10, gamma=0.5, warmup_steps=5), 5, 1.0),  # the inner schedule starts at t = W
    ("step", dict(step_size=10, gamma=0.5, warmup_steps=5), 14, 1.0),
    ("step", dict(step_size=10, gamma=0.5, warmup_steps=5), 15, 0.5),  # inner(10)
    ("cosine", dict(T_max=10, warmup_steps=4, warmup_start=0.5), 2, 0.75),
    ("cosine", dict(T_max=10, warmup_steps=4, warmup_start=0.5), 14, 0.0),  # inner(T_max)
    ("cyclic", dict(step_size_up=10, warmup_steps=4, warmup_start=0.5), 0, 0.05),  # ramp to m(0) = 0.1
    ("cyclic", dict(step_size_up=10, warmup_steps=4, warmup_start=0.5), 2, 0.075),
    ("cyclic", dict(step_size_up=10, warmup_steps=4, warmup_start=0.5), 4, 0.1),
    ("cyclic", dict(step_size_up=10, warmup_steps=4, warmup_start=0.5), 14, 1.0),
    ("one_cycle", dict(total_steps=100, warmup_steps=10, warmup_start=0.0), 5, 0.5 / 25),
    ("one_cycle", dict(total_steps=100, warmup_steps=10, warmup_start=0.0), 39, 1.0),
    ("one_cycle", dict(total_steps=100, warmup_steps=10, warmup_start=0.0), 10**5, ONE_CYCLE_MIN),
]


@pytest.mark.parametrize(("name", "params", "t", "expected"), CLOSED_FORMS,
                         ids=[f"{c[0]}-{i}-t{c[2]}" for i, c in enumerate(CLOSED_FORMS)])
def test_closed_form(name, params, t, expected):
    assert m(name, t, **params) == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_cosine_is_not_clamped_past_T_max():
    """torch's closed form: symmetric about T_max and periodic with period 2·T_max."""
    s = schedules.get("cosine", T_max=40, eta_min=0.05)
    j = np.arange(0, 41)
    np.testing.assert_allclose(s(40 + j), s(40 - j), rtol=1e-12)
    np.testing.assert_allclose(s(np.arange(1000) + 80), s(np.arange(1000)), rtol=1e-12, atol=1e-15)


def test_natural_exp_is_exponential_with_gamma_e_to_the_minus_k():
    t = np.arange(1000)
    np.testing.assert_allclose(m("natural_exp", t, k=0.01), m("exponential", t, gamma=math.exp(-0.01)),
                               rtol=1e-12)


def test_notes_triangular_formula_is_cyclic_with_equal_half_cycles():
    """The notes' CLR: m = ⌊1 + t/(2ΔT)⌋, b = |t/ΔT - 2m + 1|, α = α_min + (α_max - α_min)·max(0, 1 - b)."""
    delta, lo, hi = 13, 0.2, 0.9
    t = np.arange(500)
    cycle = np.floor(1 + t / (2 * delta))
    b = np.abs(t / delta - 2 * cycle + 1)
    notes = lo + (hi - lo) * np.maximum(0, 1 - b)
    ours = m("cyclic", t, base_factor=lo, max_factor=hi, step_size_up=delta, step_size_down=delta)
    np.testing.assert_allclose(ours, notes, rtol=1e-12)
    np.testing.assert_array_equal(ours, m("cyclic", t, base_factor=lo, max_factor=hi, step_size_up=delta))


def sgdr_reference(T_0, T_mult, eta_min, n):
    """torch's own bookkeeping for CosineAnnealingWarmRestarts, one update at a time."""
    out, t_cur, t_i = [], 0, T_0
    for _ in range(n):
        out.append(cos_half(t_cur / t_i, eta_min))
        t_cur += 1
        if t_cur >= t_i:
            t_cur, t_i = t_cur % t_i, t_i * T_mult
    return np.array(out)


@settings(max_examples=60, deadline=None)
@given(T_0=st.integers(1, 60), T_mult=st.integers(1, 5), eta_min=st.floats(0, 1))
def test_cosine_restarts_matches_step_by_step_bookkeeping(T_0, T_mult, eta_min):
    ours = schedules.get("cosine_restarts", T_0=T_0, T_mult=T_mult, eta_min=eta_min).values(3000)
    np.testing.assert_allclose(ours, sgdr_reference(T_0, T_mult, eta_min, 3000), rtol=1e-12, atol=1e-15)


def test_with_warmup_equals_get_with_warmup_params():
    inner = schedules.get("exponential", gamma=0.9)
    a = schedules.with_warmup(inner, 8, 0.25)
    b = schedules.get("exponential", gamma=0.9, warmup_steps=8, warmup_start=0.25)
    np.testing.assert_array_equal(a.values(100), b.values(100))
    assert a.params == b.params == {"gamma": 0.9, "warmup_steps": 8, "warmup_start": 0.25}
    assert schedules.with_warmup(inner, 0) is inner
    assert "warmup" in a.title and r"\tilde m" in a.latex


# ------------------------------------------------------------------------------ against torch
# Every torch-matched schedule is checked against torch.optim.lr_scheduler's rates stored in tests/golden/
# by tests/test_torch_golden.py (the case table is tests/golden/cases.py); these two need torch itself.


@needs_torch
def test_torch_plain_linear_warmup_before_cyclic_jumps_down():
    """Why with_warmup ramps to m(0): torch's plain chain ramps to the full lr, then drops to base_lr at W."""
    W, start = 10, 0.5
    plain, _, _ = scheduler_lrs(warm(W, start, cyclic(0.1, 1.0, 20)), 12)
    np.testing.assert_allclose(plain[W - 1] / BASE_LR, start + (1 - start) * (W - 1) / W, rtol=1e-12)
    np.testing.assert_allclose(plain[W] / BASE_LR, 0.1, rtol=1e-12)
    ours = schedules.get("cyclic", step_size_up=20, warmup_steps=W, warmup_start=start)
    assert ours(W - 1) < ours(W) == pytest.approx(0.1)


@needs_torch
def test_one_cycle_past_total_steps_holds_where_torch_extrapolates_then_raises():
    N = 100
    seen, sched, opt = scheduler_lrs(one_cycle(N, anneal_strategy="linear"), N)
    # After N updates torch's scheduler sits at t = N: the last phase extrapolated, here below zero.
    torch_at_n = opt.param_groups[0]["lr"]
    assert torch_at_n < 0
    with pytest.raises(ValueError, match="Tried to step"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sched.step()
    s = schedules.get("one_cycle", total_steps=N, anneal_strategy="linear")
    np.testing.assert_allclose(BASE_LR * s.values(N), seen, rtol=1e-12, atol=1e-15 * BASE_LR)
    assert s(N) == s(N - 1) == s(10 * N) == pytest.approx(1 / 25 / 1e4, rel=1e-15)


# -------------------------------------------------------------------------------- validation

BAD_PARAMS = [
    ("cosine", {"T_max": 0}, "T_max must be in [1, 1000000000] (got 0)"),
    ("cosine", {"eta_min": 1.5}, "eta_min must be in [0, 1] (got 1.5)"),
    ("cosine", {"eta_min": np.array([0.1, 0.2])},
     "eta_min must be a single number (got an array of shape (2,))"),
    ("step", {"step_size": 2.5}, "step_size must be a whole number in [1, 1000000000] (got 2.5)"),
    ("step", {"gamma": 0.0}, "gamma must be in (0, 1] (got 0.0)"),
    ("exponential", {"gamma": 1.5}, "gamma must be in (0, 1] (got 1.5)"),
    ("natural_exp", {"k": -0.1}, "k must be in [0, inf) (got -0.1)"),
    ("inverse_time", {"k": float("nan")}, "k must be in [0, inf) (got nan)"),
    ("inverse_time", {"k": "fast"}, "k must be a number in [0, inf) (got 'fast')"),
    ("polynomial", {"power": 0}, "power must be in (0, inf) (got 0)"),
    ("polynomial", {"total_iters": 0}, "total_iters must be in [1, 1000000000] (got 0)"),
    ("cosine_restarts", {"T_0": -3}, "T_0 must be in [1, 1000000000] (got -3)"),
    ("cosine_restarts", {"T_mult": 0}, "T_mult must be in [1, 1000000000] (got 0)"),
    ("cosine_restarts", {"T_mult": 1.5}, "T_mult must be a whole number in [1, 1000000000] (got 1.5)"),
    ("cyclic", {"mode": "triangle"},
     "mode must be one of 'triangular', 'triangular2', 'exp_range' (got 'triangle')"),
    ("cyclic", {"step_size_down": -1}, "step_size_down must be in [0, 1000000000] (got -1)"),
    ("cyclic", {"base_factor": -0.1}, "base_factor must be in [0, inf) (got -0.1)"),
    ("multistep", {"milestones": (30, 10)},
     "milestones must be increasing whole numbers in [1, 1000000000], e.g. (30, 60) (got (30, 10))"),
    ("multistep", {"milestones": (10, 10)}, "milestones must be increasing whole numbers in [1, 1000000000]"),
    ("multistep", {"milestones": (0, 10)},
     "milestones must be increasing whole numbers in [1, 1000000000], e.g. (30, 60) (got (0, 10))"),
    ("multistep", {"milestones": (1.5,)}, "milestones must be increasing whole numbers in [1, 1000000000]"),
    ("multistep", {"milestones": 10},
     "milestones must be increasing whole numbers in [1, 1000000000], e.g. (30, 60) (got 10)"),
    ("multistep", {"milestones": "ten, 20"}, "(got 'ten, 20')"),
    ("one_cycle", {"total_steps": 1}, "total_steps must be in [2, 1000000000] (got 1)"),
    ("one_cycle", {"pct_start": 1.0}, "pct_start must be in (0, 1) (got 1.0)"),
    ("one_cycle", {"anneal_strategy": "cosine"},
     "anneal_strategy must be one of 'cos', 'linear' (got 'cosine')"),
    ("one_cycle", {"three_phase": "yes"}, "three_phase must be True or False (got 'yes')"),
    ("one_cycle", {"div_factor": 0.5}, "div_factor must be in [1, inf) (got 0.5)"),
    ("one_cycle", {"total_steps": 3, "pct_start": 0.3},
     "one_cycle needs pct_start·total_steps > 1, so that every phase lasts at least one update "
     "(got pct_start=0.3, total_steps=3)"),
    ("one_cycle", {"pct_start": 0.6, "three_phase": True},
     "one_cycle needs 1 < pct_start·total_steps and 2·pct_start·total_steps < total_steps + 1"),
    ("step", {"gama": 0.5},
     "schedule 'step' has no parameter 'gama'; it takes: step_size, gamma, warmup_steps, warmup_start"),
    ("step", {"warmup_steps": -1}, "warmup_steps must be in [0, 1000000000] (got -1)"),
    ("step", {"warmup_steps": 2.5}, "warmup_steps must be a whole number in [0, 1000000000] (got 2.5)"),
    ("step", {"warmup_start": 1.5}, "warmup_start must be in [0, 1] (got 1.5)"),
    ("step", {"warmup_steps": 0, "warmup_start": -1.0}, "warmup_start must be in [0, 1] (got -1.0)"),
]


@pytest.mark.parametrize(("name", "params", "message"), BAD_PARAMS,
                         ids=[f"{n}-{'-'.join(p)}" for n, p, _ in BAD_PARAMS])
def test_bad_params_raise_naming_value_and_range(name, params, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        schedules.get(name, **params)


def test_milestones_accept_lists_arrays_and_text():
    for given_ in ([30, 60], np.array([30, 60]), "30, 60", "(30 60)", (30.0, 60.0)):
        assert schedules.get("multistep", milestones=given_).params["milestones"] == (30, 60)


def test_unknown_schedule_lists_the_known_ones():
    message = "unknown schedule 'cosine_annealing'; choose one of: constant, step, "
    with pytest.raises(ValueError, match=re.escape(message)):
        schedules.get("cosine_annealing")
    with pytest.raises(ValueError, match="unknown schedule"):
        schedules.specs("nope")


@pytest.mark.parametrize(("t", "message"), [
    (-1, "the update index t must be >= 0 (got -1)"),
    (np.array([0, 4, -3]), "the update index t must be >= 0 (got -3)"),
    (0.5, "the update index t must be a whole number >= 0 (got 0.5)"),
    (np.array([1.0, np.nan]), "the update index t must be a whole number >= 0 (got nan)"),
    ("3", "the update index t must be a whole number >= 0 (got '3')"),
    (True, "the update index t must be a whole number >= 0 (got True)"),
])
def test_bad_update_index(t, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        schedules.get("cosine")(t)


def test_values_rejects_negative_length_and_warmup_twice():
    s = schedules.get("cosine", warmup_steps=5)
    with pytest.raises(ValueError, match=re.escape("n must be a whole number >= 0 (got -1)")):
        s.values(-1)
    assert s.values(0).shape == (0,)
    with pytest.raises(ValueError, match="already has a warmup of 5 updates"):
        schedules.with_warmup(s, 3)


# --------------------------------------------------------------------- vectorization, catalogue

VARIANTS = [(n, {}) for n in schedules.names(closed_form=True)] + [
    (n, {"warmup_steps": 7, "warmup_start": 0.2}) for n in schedules.names(closed_form=True)] + [
    ("cosine_restarts", {"T_0": 7, "T_mult": 3}),
    ("cyclic", {"mode": "triangular2", "step_size_down": 13}),
    ("cyclic", {"mode": "exp_range"}),
    ("one_cycle", {"three_phase": True, "anneal_strategy": "linear"}),
]


@pytest.mark.parametrize(("name", "params"), VARIANTS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(VARIANTS)])
def test_vectorized_call_equals_scalar_calls(name, params):
    s = schedules.get(name, **params)
    t = np.concatenate([np.arange(400), [1000, 4321, 10**5, 10**6]])
    scalar = np.array([s(int(k)) for k in t])
    np.testing.assert_array_equal(s(t), scalar)
    np.testing.assert_array_equal(s.values(400), scalar[:400])
    np.testing.assert_array_equal(s(t.reshape(2, -1)), scalar.reshape(2, -1))
    np.testing.assert_array_equal(s(t.astype(np.int32)), scalar)
    np.testing.assert_array_equal(s(t.astype(float)), scalar)
    assert type(s(3)) is float and type(s(np.int64(3))) is float


@pytest.mark.parametrize("name", schedules.names(closed_form=True))  # plateau: tests/test_torch_rest.py
def test_params_round_trip_and_catalogue_data(name):
    e = schedules.entry(name)
    assert e.title and e.doc and e.latex.startswith(r"\eta_t = \eta\, m(t)")
    assert schedules.specs(name) == e.specs
    for spec in e.specs.values():
        assert spec.help and not spec.batchable
    s = schedules.get(name, warmup_steps=6, warmup_start=0.3)
    assert set(s.params) == {*e.specs, "warmup_steps", "warmup_start"}
    again = schedules.get(s.name, **s.params)
    np.testing.assert_array_equal(again.values(300), s.values(300))
    assert s.values(1)[0] == pytest.approx(0.3 * schedules.get(name)(0))


def test_names_and_warmup_specs():
    assert schedules.names()[0] == "constant"
    closed_forms = {"constant", "step", "multistep", "exponential", "natural_exp", "inverse_time", "polynomial",
                    "cosine", "cosine_restarts", "cyclic", "one_cycle"}
    assert set(schedules.names(closed_form=True)) == closed_forms
    assert set(schedules.names()) == closed_forms | {"plateau"}  # plateau follows the run's loss
    assert set(schedules.warmup_specs()) == {"warmup_steps", "warmup_start"}


# ------------------------------------------------------------------------------------ property

def values_for(spec):
    """A strategy over every value ``spec`` accepts (unbounded ranges capped at sizes a run could use)."""
    if spec.kind == "choice":
        return st.sampled_from(spec.choices)
    if spec.kind == "bool":
        return st.booleans()
    if spec.kind == "ints":
        return st.lists(st.integers(1, 10**5), max_size=6, unique=True).map(lambda xs: tuple(sorted(xs)))
    if spec.kind == "int":
        return st.integers(int(spec.low), 10**4 if spec.high is None else int(spec.high))
    return st.floats(spec.low, 1e6 if spec.high is None else spec.high,
                     exclude_min=spec.low_open, exclude_max=spec.high_open)


@pytest.mark.parametrize("name", schedules.names(closed_form=True))
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_random_valid_params_give_finite_nonnegative_multipliers(name, data):
    params = {key: data.draw(values_for(spec), label=key) for key, spec in schedules.specs(name).items()}
    params["warmup_steps"] = data.draw(st.integers(0, 1000), label="warmup_steps")
    params["warmup_start"] = data.draw(st.floats(0.0, 1.0), label="warmup_start")
    try:
        s = schedules.get(name, **params)
    except ValueError as err:  # only one_cycle's cross-parameter rule may reject in-range values
        assert "one_cycle needs" in str(err)
        assume(False)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = s(np.arange(10**5 + 1))
    assert np.all(np.isfinite(out))
    assert np.all(out >= 0)
