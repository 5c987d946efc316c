"""Whether a surface is quadratic is decided exactly (issue #13, item 1): built-in surfaces state it,
a formula is checked symbolically, and only a quadratic gets the Sweep page's λ/κ/stability-limit theory.

Before, five sampled Hessians decided it: the valley with a cliff was called "a quadratic bowl" with
λmin = 0.1, λmax = 1 because no probe landed on the cliff face.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

import surfaces
from landscapes import sweep as sw
from surfaces.symbolic import MAX_EXPANDED_DEGREE, is_quadratic
from tests.test_pages_sweep_search import SWEEP, texts

# every built-in surface at its defaults, and the parameters that turn two of them into bowls
BUILT_IN = [(name, {}) for name in surfaces.names()] + [("cliff", {"steepness": 0.0}), ("rastrigin", {"A": 0.0})]


def hessian_on_a_dense_grid(surface) -> np.ndarray:
    """The Hessian on a 301 × 301 grid over the surface's view (fine enough to land on the cliff face)."""
    (x0, x1), (y0, y1) = surface.bounds
    xs, ys = np.meshgrid(np.linspace(x0, x1, 301), np.linspace(y0, y1, 301))
    with np.errstate(all="ignore"):
        return surface.hessian(np.stack([xs, ys], axis=-1)).reshape(-1, 2, 2)


@pytest.mark.parametrize("name, params", BUILT_IN, ids=lambda v: str(v) if v else "")
def test_each_built_in_surface_says_truly_whether_it_is_quadratic(name, params):
    surface = surfaces.get(name, **params)
    h = hessian_on_a_dense_grid(surface)
    h = h[np.isfinite(h).all(axis=(1, 2))]
    spread = np.abs(h - h[0]).max() / max(np.abs(h).max(), 1e-300)
    if surface.quadratic:
        assert spread < 1e-12, f"{name} says it is quadratic but its Hessian varies by {spread:.3g}"
    else:
        assert spread > 1e-6, f"{name} has a constant Hessian: it should say it is quadratic"


def test_the_cliff_gets_no_quadratic_theory_and_the_bowls_keep_theirs():
    assert not surfaces.get("cliff").quadratic
    assert sw.quadratic_eigenvalues(surfaces.get("cliff")) is None  # the five probes said (0.1, 1)
    assert sw.quadratic_eigenvalues(surfaces.get("cliff", steepness=0.0)) == pytest.approx((0.1, 1.0))
    assert sw.quadratic_eigenvalues(surfaces.get("rastrigin", A=0.0)) == pytest.approx((2.0, 2.0))
    assert sw.quadratic_eigenvalues(surfaces.get("matyas")) == pytest.approx((0.04, 1.0))
    assert sw.quadratic_eigenvalues(surfaces.get("saddle")) is None  # quadratic, but indefinite


@pytest.mark.parametrize("formula, quadratic", [
    ("3*x**2 + y**2 + x*y", True),
    ("(x - 1)**2 + 10*(y + 2)**2", True),
    ("(x + 2*y)**2/3 + exp(log(2))*y**2 + sin(1)*x", True),
    ("(x + 1)**3 - x**3 + y**2", True),  # the cubes cancel: found by expanding
    ("x**2 + y**2 + 3*abs(x - 1)", False),  # a kink: constant Hessian wherever it exists, not quadratic
    ("x**2 + y**2 + 1e-9*x**3", False),
    ("x**4 + y**2", False),
    ("sqrt(x**2 + 1) + y**2", False),
    ("x**2 + y**2 + cos(x)", False),
])
def test_a_formula_is_quadratic_exactly_when_its_degree_is_at_most_two(formula, quadratic):
    surface = surfaces.from_expression(formula)
    assert surface.quadratic is quadratic
    assert (sw.quadratic_eigenvalues(surface) is not None) is quadratic


def test_the_kinked_formula_was_called_a_bowl_by_sampling():
    # what made item 1 possible: sampled Hessians of x² + y² + 3|x − 1| agree everywhere off the kink
    surface = surfaces.from_expression("x**2 + y**2 + 3*abs(x - 1)")
    h = hessian_on_a_dense_grid(surface)
    assert np.abs(h - h[0]).max() == 0.0
    assert sw.quadratic_theory(surface) is None


X, Y = sp.symbols("x y", real=True)
COEFFICIENT = st.integers(-4, 4)


@settings(max_examples=60, deadline=None)
@given(quad=st.lists(COEFFICIENT, min_size=6, max_size=6), shift=st.lists(COEFFICIENT, min_size=3, max_size=3),
       cubic=COEFFICIENT, power=st.integers(3, 6))
def test_is_quadratic_agrees_with_the_expanded_degree(quad, shift, cubic, power):
    """Polynomials written the way people write them (factored, shifted, with a higher power that may
    cancel) against their expanded degree."""
    a, b, c, d, e, f = quad
    u = X + shift[0] * Y + shift[1]
    expr = a * u**2 + b * X * Y + c * Y**2 + d * X + e * Y + f + cubic * (u**power - (X + shift[2] * Y) ** power)
    degree = sp.Poly(sp.expand(expr), X, Y).total_degree() if expr.free_symbols else 0
    assert is_quadratic(expr, X, Y) is (degree <= 2)


def test_a_polynomial_too_long_to_expand_is_not_called_quadratic():
    high = MAX_EXPANDED_DEGREE + 1
    assert not is_quadratic((X + Y + 1) ** high, X, Y)
    assert not is_quadratic(sp.sin(X) + Y**2, X, Y)


def run_sweep_page(query: dict) -> AppTest:
    at = AppTest.from_file(SWEEP, default_timeout=60)
    at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_sweep_page_draws_no_theory_on_the_cliff():
    at = run_sweep_page({"sweep.surface": "cliff", "sweep.nx": "16", "sweep.ny": "16"})
    shown = texts(at)
    assert "quadratic bowl" not in shown and "λmax" not in shown
    names = [str(d.get("name")) for d in json.loads(at.get("plotly_chart")[0].proto.spec)["data"]]
    assert not any("λmax" in n or "stability limit" in n for n in names)


def test_the_sweep_page_still_draws_the_theory_on_a_tilted_bowl():
    at = run_sweep_page({"sweep.surface": "quadratic", "sweep.nx": "16", "sweep.ny": "16"})
    assert "**A quadratic bowl.** Hessian eigenvalues λmin = 0.1, λmax = 1;" in texts(at)
