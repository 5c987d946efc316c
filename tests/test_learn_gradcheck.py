"""The gradient-check sweep: truncation slopes 1 and 2, the round-off floor, float32, and kinks."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import surfaces
from learn import gradcheck as gc

ROSEN = surfaces.get("rosenbrock")


@pytest.fixture(scope="module")
def rosen64():
    return gc.sweep(ROSEN, ROSEN.start, "float64")


@pytest.fixture(scope="module")
def rosen32():
    return gc.sweep(ROSEN, ROSEN.start, "float32")


def test_sweep_covers_1e_1_to_1e_12(rosen64):
    assert rosen64.h[0] == pytest.approx(1e-1) and rosen64.h[-1] == pytest.approx(1e-12)
    assert rosen64.forward.shape == rosen64.centered.shape == (len(rosen64.h), 2)
    np.testing.assert_allclose(rosen64.analytic, ROSEN.grad(np.array(ROSEN.start)))


def test_truncation_slopes_are_one_and_two(rosen64):
    # fixed windows where truncation dominates in float64: forward h ≥ 1e-6, centered h ≥ 1e-4
    assert gc.fit_slope(rosen64.h, rosen64.forward_error, 1e-6, 1e-2) == pytest.approx(1.0, abs=0.1)
    assert gc.fit_slope(rosen64.h, rosen64.centered_error, 1e-4, 1e-2) == pytest.approx(2.0, abs=0.1)
    # the automatic window (three decades above the best h) agrees
    assert gc.truncation_slope(rosen64, "forward") == pytest.approx(1.0, abs=0.1)
    assert gc.truncation_slope(rosen64, "centered") == pytest.approx(2.0, abs=0.15)


def test_round_off_makes_a_v_with_the_best_h_where_theory_puts_it(rosen64):
    h_fwd, err_fwd = rosen64.best("forward")
    h_ctr, err_ctr = rosen64.best("centered")
    eps = np.finfo(np.float64).eps
    assert 1e-10 <= h_fwd <= 1e-6  # ≈ √ε ≈ 1.5e-8
    assert 1e-7 <= h_ctr <= 1e-3  # ≈ ε^(1/3) ≈ 6e-6
    assert err_ctr < err_fwd < 1e-6
    assert err_ctr < 1e-9
    # far below the best h, round-off wins and the error grows again
    assert rosen64.forward_error[-1] > 100 * err_fwd
    assert rosen64.centered_error[-1] > 100 * err_ctr
    assert eps < 1e-15


def test_float32_floor_is_higher_than_float64(rosen64, rosen32):
    assert rosen32.precision == "float32" and rosen64.precision == "float64"
    _, floor64 = rosen64.best("centered")
    _, floor32 = rosen32.best("centered")
    assert floor32 > 1e3 * floor64
    assert floor32 > 1e-7  # a correct gradient can look "uncomfortable" in single precision
    # at the notes' h = 1e-5 the float32 centered check is far worse than the float64 one
    i = int(np.argmin(np.abs(np.log10(rosen32.h) + 5)))
    assert rosen32.centered_error[i] > 1e3 * rosen64.centered_error[i]
    # and its truncation slope still shows where h is large
    assert gc.fit_slope(rosen32.h, rosen32.centered_error, 1e-2, 1e-1) == pytest.approx(2.0, abs=0.3)


def test_float32_evaluation_really_is_float32():
    f, grad, precision = gc.evaluate_in(ROSEN, np.float32)
    assert precision == "float32"
    assert f(np.array([0.5, 0.5], dtype=np.float32)).dtype == np.float32
    assert grad(np.array([0.5, 0.5], dtype=np.float32)).dtype == np.float32


@pytest.mark.parametrize("name", surfaces.names())
def test_every_catalogue_surface_reports_its_precision(name):
    s = surfaces.get(name)
    for precision in gc.PRECISIONS:
        result = gc.sweep(s, s.start, precision, hs=np.logspace(-1, -12, 12))
        assert result.precision in gc.PRECISIONS
        assert np.all((result.centered_error >= 0) & (result.centered_error <= 1))


def test_centered_difference_is_exact_on_a_quadratic():
    book = surfaces.get("book_quadratic")
    result = gc.sweep(book, book.start)
    # no truncation error at all for a quadratic: only round-off, which grows as h shrinks
    assert result.centered_error[0] < 1e-14
    assert math.isnan(gc.truncation_slope(result, "centered")) or result.centered_error.max() < 1e-3


@pytest.mark.parametrize("name, x0", [("kink_abs", 1e-3), ("kink_relu", -1e-3)])
def test_a_kink_fails_the_check_once_h_crosses_it(name, x0):
    kink = gc.kink_surface(name)
    result = gc.sweep(kink, (x0, 0.5))
    crossing = result.h > abs(x0) * 1.01
    assert np.all(result.centered_error[crossing] > 1e-2)  # "probably wrong", yet the gradient is right
    assert np.all(result.centered_error[(result.h < abs(x0) / 10) & (result.h > 1e-9)] < 1e-7)


def test_kinks_are_surfaces_with_exact_gradients_away_from_zero():
    for name in gc.KINKS:
        s = gc.kink_surface(name)
        assert s.name == name
        np.testing.assert_allclose(s.grad(np.array([0.7, 0.2])), [1.0, 0.2])
    with pytest.raises(ValueError, match="unknown kink"):
        gc.kink_surface("kink_maxout")


PAIRS = st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=2)


@given(PAIRS, PAIRS)
def test_relative_error_is_symmetric_and_bounded(a, n):
    e = gc.relative_error(a, n)
    assert 0.0 <= e <= 1.0 + 1e-12
    assert e == pytest.approx(gc.relative_error(n, a))


def test_relative_error_edge_cases():
    assert gc.relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert gc.relative_error([1.0, 0.0], [0.0, 0.0]) == 1.0
    assert gc.relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert gc.relative_error([1.0], [-1.0]) == 1.0


@pytest.mark.parametrize("kwargs, message", [
    (dict(point=(np.nan, 0.0)), "two finite numbers"),
    (dict(point=(0.0,)), "two finite numbers"),
    (dict(point=(0.0, 0.0), precision="float16"), "precision must be"),
    (dict(point=(0.0, 0.0), hs=[1e-3, -1.0]), "positive"),
    (dict(point=(0.0, 0.0), hs=[]), "positive"),
])
def test_sweep_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        gc.sweep(ROSEN, **kwargs)


def test_sweep_rejects_a_point_where_the_gradient_is_not_finite():
    expr = surfaces.from_expression("sqrt(x)")
    with pytest.raises(ValueError, match="not finite"):
        gc.sweep(expr, (-1.0, 0.0))


# --- overflow: never a NumPy warning, always a finite mask or NotFiniteError ----------------------

def test_relative_error_of_huge_gradients_does_not_overflow():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert gc.relative_error([1e300, -1e300], [1e300, -1e300]) == 0.0
        assert gc.relative_error([1e300, 0.0], [0.0, 0.0]) == 1.0
        close = gc.relative_error([1e300, 1e300], [1.0001e300, 1e300])
        assert close == pytest.approx(1e-4 / (2 * math.sqrt(2)), rel=1e-3)  # ‖(1e-4, 0)‖ / (2√2)
        assert math.isnan(gc.relative_error([1.0, 2.0], [np.inf, 2.0]))
        assert math.isnan(gc.relative_error([np.nan, 2.0], [1.0, 2.0]))


def test_not_finite_analytic_gradient_is_its_own_error():
    gp = surfaces.get("goldstein_price")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(gc.NotFiniteError, match="not finite at \\(1e\\+06, 1e\\+06\\) in float32") as err:
            gc.sweep(gp, (1e6, 1e6), "float32")
        assert err.value.precision == "float32" and err.value.point == (1e6, 1e6)
        assert isinstance(err.value, ValueError)
        assert gc.sweep(gp, (1e6, 1e6), "float64").finite.all()  # float64 has the range


def test_overflowing_function_values_give_nan_errors_and_no_warning():
    beale = surfaces.get("beale")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sw = gc.sweep(beale, (1e5, -1e5), "float32")  # f ≈ 1e30 overflows float32's 3.4e38 near there
        assert not sw.finite.any()
        assert np.all(np.isnan(sw.centered_error)) and np.all(np.isnan(sw.forward_error))
        assert all(math.isnan(v) for v in sw.best("centered"))
        assert math.isnan(gc.truncation_slope(sw, "centered"))
        part = gc.sweep(surfaces.from_expression("exp(x)"), (709.7, 0.0), "float64")
        assert part.finite.sum() == len(part.h) - 1 and not part.finite[0]  # only h = 0.1 overflows
        assert np.isnan(part.centered_error[0]) and part.best("centered")[1] < 1e-8
