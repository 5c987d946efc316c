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
    assert 0.0 <= e <= 2.0 + 1e-12
    assert e == pytest.approx(gc.relative_error(n, a))


def test_relative_error_edge_cases():
    assert gc.relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert gc.relative_error([1.0, 0.0], [0.0, 0.0]) == 1.0
    assert gc.relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert gc.relative_error([1.0], [-1.0]) == 2.0


@given(st.floats(-1e6, 1e6).filter(lambda v: abs(v) > 1e-6), st.floats(-1e6, 1e6).filter(lambda v: abs(v) > 1e-6))
def test_relative_error_is_the_notes_form(a, n):
    """Note 001: |f'a − f'n| / max(|f'a|, |f'n|), the form its thresholds are for (not the sum, which halves it)."""
    assert gc.relative_error([a], [n]) == pytest.approx(abs(a - n) / max(abs(a), abs(n)), rel=1e-12)


def test_relative_error_of_a_ten_percent_miss_is_a_tenth():
    assert gc.relative_error([1.0], [0.9]) == pytest.approx(0.1)  # the sum form said 0.053


# --- a vanishing gradient: relative error means nothing, the absolute error is judged --------------

@pytest.mark.parametrize("precision", gc.PRECISIONS)
def test_at_a_minimum_the_check_is_judged_by_absolute_error(precision):
    result = gc.sweep(ROSEN, (1.0, 1.0), precision)
    assert result.vanishing
    # the ratio is 1 for every h: any numeric gradient is "100 % off" an analytic 0
    finite = result.centered_error[result.centered_abs > 0]
    assert finite.size and np.all(finite == pytest.approx(1.0))
    i = int(np.argmin(np.abs(np.log10(result.h) + 5)))
    np.testing.assert_array_equal(result.judged("centered"), result.centered_abs)
    if precision == "float64":
        # 400 h² from the x⁴ term of the valley: 4e-8 at h = 1e-5, and it falls like h²
        assert result.judged("centered")[i] == pytest.approx(4e-8, rel=1e-3)
        assert gc.truncation_slope(result, "centered") == pytest.approx(2.0, abs=0.05)
        assert gc.truncation_slope(result, "forward") == pytest.approx(1.0, abs=0.05)


def test_a_nonzero_gradient_is_judged_by_relative_error(rosen64):
    assert not rosen64.vanishing
    np.testing.assert_array_equal(rosen64.judged("forward"), rosen64.forward_error)
    assert gc.absolute_error([3.0, 4.0], [0.0, 0.0]) == 5.0
    assert math.isnan(gc.absolute_error([np.inf, 0.0], [0.0, 0.0]))


# --- which surfaces have no truncation error: quadratics, decided exactly ---------------------------
# (Surface.quadratic itself is tested in tests/test_quadratic_exact.py)

@pytest.mark.parametrize("text, quadratic", [
    ("x**2 + y**2", True), ("x*y", True), ("3*x - y + 1", True), ("7", True), ("(x + 1)**3 - x**3", True),
    ("0.5*x**3 - x**3/2 + y", True), ("(x - y)**2/4 + sqrt(2)*x", True), ("x**3 + y", False),
    ("(x*y)**2", False), ("abs(x) + y^2", False), ("sin(x) + x**2", False), ("x**2/y", False),
    ("x**0.5", False), ("2**x", False), ("exp(x**2)", False),
])
def test_the_check_calls_a_formula_exact_only_when_it_is_quadratic(text, quadratic):
    assert gc.is_quadratic(surfaces.from_expression(text)) is quadratic


def _fitted_degree(surface, rng) -> int:
    """The smallest degree whose polynomial fits f to rounding along a random line across the whole view
    (through its centre, so it crosses every feature such as the cliff), independent of the flags."""
    (x0, x1), (y0, y1) = surface.bounds
    centre = np.array([x0 + x1, y0 + y1]) / 2 + rng.normal(scale=0.1, size=2)
    v = np.array([x1 - x0, y1 - y0]) / 2 * rng.uniform(0.5, 1.0, size=2) * rng.choice([-1, 1], size=2)
    t = np.linspace(-1.0, 1.0, 41)
    g = surface.f(centre + t[:, None] * v)
    for d in range(0, 12):
        coef = np.polyfit(t, g, d)
        if np.max(np.abs(np.polyval(coef, t) - g)) <= 1e-10 * max(1.0, np.max(np.abs(g))):
            return d
    return -1  # no polynomial of degree < 12


@pytest.mark.parametrize("name, params", [(n, {}) for n in surfaces.names()]
                         + [("rastrigin", {"A": 0.0}), ("cliff", {"steepness": 0.0}),
                            ("quadratic", {"kappa": 300.0, "angle": 30.0}), ("rosenbrock", {"b": 2.0})])
def test_each_surface_is_exact_for_the_check_when_f_fits_a_quadratic_along_random_lines(name, params):
    surface = surfaces.get(name, **params)
    found = {_fitted_degree(surface, np.random.default_rng(seed)) for seed in range(3)}
    assert gc.is_quadratic(surface) is (found <= {0, 1, 2})


def test_a_custom_quadratic_is_exact_for_the_centered_difference():
    surface = surfaces.from_expression("x**2 - 3*x*y + 2*y**2")
    result = gc.sweep(surface, (0.3, -0.7))
    assert gc.is_quadratic(surface)
    assert np.max(result.centered_error[result.h >= 1e-3]) < 1e-13


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
        assert close == pytest.approx(1e-4 / math.sqrt(2), rel=1e-3)  # ‖(1e-4, 0)‖ / max(√2, √2)
        assert gc.absolute_error([1e300, 1e300], [1.0001e300, 1e300]) == pytest.approx(1e296, rel=1e-3)
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
