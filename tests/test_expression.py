"""Custom surfaces from typed formulas: hostile text is refused fast, valid text gets exact derivatives."""

from __future__ import annotations

import builtins
import os
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surfaces import ExpressionError, Surface, expression, from_expression

SENTINEL = "/tmp/descent_lab_pwned"


@pytest.fixture(scope="module", autouse=True)
def sympy_imported():
    """Import SymPy once up front, so timings measure refusing a formula, not the first import."""
    from_expression("x")


HOSTILE = {
    "import+system": f"__import__('os').system('touch {SENTINEL}')",
    "subclasses": "().__class__.__bases__[0].__subclasses__()",
    "dunder attribute": "x.__class__",
    "lambda": "lambda: 1",
    "comprehension": "[x for x in ()]",
    "f-string": 'f"{x}"',
    "string": "'a'*10",
    "open": "open('/etc/passwd')",
    "eval": "eval('1')",
    "bare exec": "exec",
    "globals": "globals()",
    "tower 9**9**9**9": "9**9**9**9",
    "tower 10**10**10": "10**10**10",
    "big power": "2**100000",
    "big power of a constant": "(10**15)**100",
    "power 1000": "10**1000",
    "inf literal": "1e400",
    "huge int literal": "1" + "0" * 400,
    "deep parentheses": "(" * 200 + "x" + ")" * 200,
    "deep parentheses, short": "(" * 31 + "x" + ")" * 31,
    "deep negation": "-(" * 200 + "x" + ")" * 200,
    "deep negation, short": "-(" * 100 + "x" + ")" * 100,
    "deep unary minus": "-" * 200 + "x",
    "deep calls": "sin(" * 40 + "x" + ")" * 40,
    "too many nodes": "+".join(["x*y"] * 120),
    "10,000 characters": "x+" * 4999 + "x",
    "conditional": "x if y else 1",
    "comparison": "x < y",
    "boolean": "x and y",
    "walrus": "(y := 1)",
    "subscript": "x[0]",
    "two arguments": "sin(x, y)",
    "keyword": "sin(x=1)",
    "starred": "sin(*x)",
    "cyrillic x": "\u0445**2",
    "fullwidth sin": "\uff53\uff49\uff4e(x)",
    "fullwidth digit": "x**\uff12",
    "non-breaking space": "x\u00a0+ y",
    "comment": "x**2 # comment",
    "empty": "",
    "whitespace": "  \t\n ",
    "nul": "\x00",
    "nul inside": "x\x00+y",
    "complex": "1j*x",
    "True": "True",
    "None": "None",
    "Ellipsis": "...",
    "bytes": "b'x'",
    "two statements": "x;y",
    "import": "import os",
    "x**x**x**x": "x**x**x**x",
    "bare function": "sin",
    "variable called": "x(2)",
    "modulo": "x % 2",
    "invert": "~x",
    "not": "not x",
    "constant 1/0": "1/0",
    "log of negative": "log(-1)",
    "complex power": "(-8)**(1/3)",
    "exp overflow": "exp(1000)*x",
    "division by zero everywhere": "x/0",
    "tuple": "x, y",
    "dict": "{1: 2}",
    "yield": "(yield)",
    "await": "await x",
    "matmul": "x @ y",
    "uppercase E": "E*x",
    "getattr": "getattr(x, 'real')",
    "builtins attribute": "__builtins__.open",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_is_refused_quickly_without_side_effects(text):
    builtins_before = set(vars(builtins))
    t0 = time.perf_counter()
    with pytest.raises(ExpressionError) as info:
        from_expression(text)
    assert time.perf_counter() - t0 < 1.0
    assert isinstance(info.value, ValueError)
    assert str(info.value)
    assert not os.path.exists(SENTINEL)
    assert set(vars(builtins)) == builtins_before


@pytest.mark.parametrize(
    "text, needle",
    [
        ("os + x", "unknown name 'os' at column 1"),
        ("x + os", "unknown name 'os' at column 5"),
        ("eval('1')", "function 'eval' at column 1 is not allowed; allowed: sin, cos"),
        ("x**x**x**x", "'**' chains are limited"),
        ("2**100000", "exponent 100000 at column 4 is too large"),
        ("x < y", "comparison '<' at column 3"),
        ("x % 2", "operator '%' at column 3"),
        ("x.__class__", "attribute access '.__class__' at column 2"),
        ("y + \u0445", "CYRILLIC SMALL LETTER HA) at column 5"),
        ("\uff53\uff49\uff4e(x)", "FULLWIDTH LATIN SMALL LETTER S"),
        ("x**2 # note", "comments ('#') are not allowed: '#' at column 6"),
        ("sin(x, y)", "takes exactly one argument (got 2)"),
        ("1j*x", "complex number '1j'"),
        ("", "empty"),
        ("x +* y", "not a formula"),
        ("x ^ 2 % 3", "operator '%' at column 7"),  # columns count the user's '^', not the '**' it became
    ],
)
def test_messages_point_at_the_offending_part(text, needle):
    with pytest.raises(ExpressionError) as info:
        from_expression(text)
    assert needle in str(info.value)


def test_column_attribute_is_one_based():
    with pytest.raises(ExpressionError) as info:
        from_expression("x + os")
    assert info.value.column == 5


def test_quadratic_gradient_is_exact():
    s = from_expression("x**2/20 + y**2")
    xy = np.array([[3.0, -2.0], [0.5, 7.0]])
    # Exact up to the last bit: the generated code computes (1/10)*x, not x/10.
    np.testing.assert_allclose(
        s.grad(xy), np.stack([xy[:, 0] / 10, 2 * xy[:, 1]], axis=-1), rtol=1e-15, atol=0
    )
    np.testing.assert_array_equal(s.hessian(xy), np.broadcast_to([[0.1, 0.0], [0.0, 2.0]], (2, 2, 2)))
    assert s.title == "f(x, y) = x**2/20 + y**2"
    assert s.latex == r"\frac{x^{2}}{20} + y^{2}"


def test_sin_cos_bowl():
    s = from_expression("sin(x)*cos(y) + 0.1*(x**2 + y**2)")
    x, y = 0.3, -1.2
    np.testing.assert_allclose(s.f([x, y]), np.sin(x) * np.cos(y) + 0.1 * (x**2 + y**2), rtol=1e-14)
    np.testing.assert_allclose(
        s.grad([x, y]), [np.cos(x) * np.cos(y) + 0.2 * x, -np.sin(x) * np.sin(y) + 0.2 * y], rtol=1e-14
    )
    hxy = -np.cos(x) * np.sin(y)
    np.testing.assert_allclose(
        s.hessian([x, y]),
        [[-np.sin(x) * np.cos(y) + 0.2, hxy], [hxy, -np.sin(x) * np.cos(y) + 0.2]],
        rtol=1e-14,
    )


def test_abs_has_a_finite_gradient_at_the_kink():
    s = from_expression("abs(x) + y**2")
    np.testing.assert_array_equal(s.grad([0.0, 1.0]), [0.0, 2.0])
    np.testing.assert_array_equal(s.grad([-2.0, 1.0]), [-1.0, 2.0])
    np.testing.assert_array_equal(s.hessian([0.0, 1.0]), [[0.0, 0.0], [0.0, 2.0]])
    assert s.title == "f(x, y) = y**2 + abs(x)"


def test_constants_pi_and_e():
    s = from_expression("pi*x + e*y")
    np.testing.assert_allclose(s.grad([1.0, 2.0]), [np.pi, np.e], rtol=1e-15)
    assert s.title == "f(x, y) = pi*x + e*y"


def test_caret_is_power_with_power_precedence():
    s = from_expression("x^2 + 1")
    assert s.title == "f(x, y) = x**2 + 1"
    assert s.f([3.0, 0.0]) == 10.0


def test_functions_and_aliases():
    s = from_expression("log10(x) + ln(y) + arctan(x) - atan(x) + sqrt(y)")
    np.testing.assert_allclose(s.f([10.0, 4.0]), 1 + np.log(4.0) + 2, rtol=1e-14)
    np.testing.assert_allclose(s.grad([10.0, 4.0]), [1 / (10 * np.log(10)), 1 / 4 + 1 / 4], rtol=1e-14)


def test_constant_formula_broadcasts_to_the_input_shape():
    s = from_expression("3")
    xy = np.zeros((4, 5, 2))
    assert s.f(xy).shape == (4, 5)
    np.testing.assert_array_equal(s.f(xy), 3.0)
    np.testing.assert_array_equal(s.grad(xy), np.zeros((4, 5, 2)))
    np.testing.assert_array_equal(s.hessian(xy), np.zeros((4, 5, 2, 2)))
    gx, gy = s.grad_xy(np.zeros(3), np.zeros(3))
    assert gx.shape == gy.shape == (3,)


@pytest.mark.parametrize("shape", [(), (7,), (3, 4)])
def test_surface_interface_shapes(shape):
    s = from_expression("x*y + exp(-x**2)")
    xy = np.random.default_rng(0).normal(size=shape + (2,))
    assert s.f(xy).shape == shape
    assert s.grad(xy).shape == shape + (2,)
    assert s.hessian(xy).shape == shape + (2, 2)
    np.testing.assert_array_equal(s.hessian(xy)[..., 0, 1], s.hessian(xy)[..., 1, 0])


def test_invalid_points_give_nan_or_inf_silently():
    s = from_expression("sqrt(x) + log(y)")
    with np.errstate(all="raise"):  # would turn any leaked floating-point warning into an error
        value = s.f([-1.0, 0.0])
        grad = s.grad([-1.0, -1.0])
        hess = s.hessian([0.0, 0.0])
    assert not np.isfinite(value)
    assert not np.isfinite(grad).all()
    assert not np.isfinite(hess).all()


def test_surface_fields():
    s = from_expression("x**2 + y**2")
    assert isinstance(s, Surface)
    assert s.name == "custom"
    assert s.bounds == ((-5.0, 5.0), (-5.0, 5.0))
    assert s.minima == ()
    assert s.log_contours is False
    assert s.params == {"expression": "x**2 + y**2"}
    assert s.description
    (xmin, xmax), (ymin, ymax) = s.bounds
    assert xmin < s.start[0] < xmax and ymin < s.start[1] < ymax


@pytest.mark.parametrize("text", ["log(x) + log(y)", "asin(x) + y**2", "sqrt(-x)"])
def test_default_start_avoids_points_where_f_is_undefined(text):
    s = from_expression(text)
    assert np.isfinite(s.f(s.start)) and np.isfinite(s.grad(s.start)).all()


def test_complex_derivatives_are_refused():
    # (-2)**x is real at whole x only; its derivative has log(-2) = log(2) + i*pi.
    with pytest.raises(ExpressionError, match="not real numbers"):
        from_expression("(-2)**x")


def test_bounds_and_start_are_validated():
    s = from_expression("x**2", bounds=((-1, 2), (0, 3)), start=(1, 2))
    assert s.bounds == ((-1.0, 2.0), (0.0, 3.0))
    assert s.start == (1.0, 2.0)
    for bad in [((1, -1), (0, 1)), ((0, 1), (0, float("nan"))), ((0, 1),), "wide", ((0, 1), (True, 2))]:
        with pytest.raises(ExpressionError):
            from_expression("x**2", bounds=bad)
    for bad in [(1,), (float("inf"), 0), "xy", (1, None)]:
        with pytest.raises(ExpressionError):
            from_expression("x**2", start=bad)


def test_non_text_is_refused():
    with pytest.raises(ExpressionError):
        from_expression(b"x**2")


def test_results_are_cached_by_text():
    expression._CACHE.clear()
    from_expression("x**2 + 3*y**2")
    from_expression("x**2 + 3*y**2", bounds=((-1, 1), (-1, 1)))
    assert (expression._CACHE.hits, expression._CACHE.misses) == (1, 1)


def test_canonical_title_reads_back_as_the_same_surface():
    for text in ["x^2/20 + y**2", "abs(x - 1) + e**(-y**2)", "sin(x)*cos(y) + 0.1*(x**2 + y**2)"]:
        s = from_expression(text)
        again = from_expression(s.title.removeprefix("f(x, y) = "))
        assert again.title == s.title


def test_long_sums_are_not_mistaken_for_deep_nesting():
    text = " + ".join(f"{k}*x**2" for k in range(1, 31))
    np.testing.assert_allclose(from_expression(text).grad([1.0, 0.0]), [2 * sum(range(1, 31)), 0.0])


def test_derivative_blowup_is_refused_quickly():
    text = "*".join(f"sin(x*y+{k})" for k in range(1, 25))
    t0 = time.perf_counter()
    with pytest.raises(ExpressionError, match="too large"):
        from_expression(text)
    assert time.perf_counter() - t0 < 2.0


# ----------------------------------------------------------------------------------------------------
# Random smooth formulas: the symbolic gradient and Hessian agree with centered differences (SPEC H).

LEAVES = st.sampled_from(["x", "y", "x", "y", "0.5", "1.5", "2", "3", "pi", "e"])
# Smooth everywhere on the reals, and bounded where an unbounded one could overflow when nested.
UNARY = [
    "sin({})", "cos({})", "tanh({})", "atan({})", "arctan({})", "-({})", "+{}",
    "exp(tanh({}))", "exp(-({})**2)", "sqrt(1 + ({})**2)", "log(1 + ({})**2)", "log10(2 + cos({}))",
    "cosh(tanh({}))", "sinh(sin({}))", "arcsin(tanh({})/2)", "acos(sin({})/3)", "(1 + ({})**2)**-1.5",
]  # fmt: skip
BINARY = ["({} + {})", "({} - {})", "({} * {})", "({}) / (1 + ({})**2)", "({})^2 + {}"]


def formulas(depth: int) -> st.SearchStrategy[str]:
    if depth == 0:
        return LEAVES
    smaller = formulas(depth - 1)
    return st.one_of(
        LEAVES,
        st.builds(str.format, st.sampled_from(UNARY), smaller),
        st.builds(str.format, st.sampled_from(BINARY), smaller, smaller),
        st.builds("({})**{}".format, smaller, st.sampled_from(["2", "3"])),
        st.builds("(2 + sin({}))**{}".format, smaller, LEAVES),  # a variable exponent
    )


def relative_error(a, n):
    """SPEC H: |a - n| / max(1e-8, |a| + |n|)."""
    return np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n))


def centered(fn, p, h):
    """Centered differences (fn(p + h e_i) - fn(p - h e_i)) / 2h along x and y, stacked on the last axis."""
    cols = []
    for i in range(2):
        step = np.zeros(2)
        step[i] = h
        cols.append((np.asarray(fn(p + step)) - np.asarray(fn(p - step))) / (2 * h))
    return np.stack(cols, axis=-1)


def checked_against_differences(fn, derivative, p, h=1e-4):
    """Assert ``derivative(p)`` matches centered differences of ``fn``; return how many entries were checked.

    An entry is checked where differences can judge it: they agree between h and h/10 (fn is smooth
    near p), and the entry is large against the rounding noise of a difference quotient,
    eps * |fn| / h, so that noise is below 1e-6 of it.  (Where tanh saturates, say, the true derivative
    is 1e-13 and every difference of fn is exactly 0: nothing can be concluded there.)
    """
    analytic = np.asarray(derivative(p))
    numeric, finer = centered(fn, p, h), centered(fn, p, h / 10)
    scale = 1 + max(np.max(np.abs(fn(p + d))) for d in ([h, 0], [-h, 0], [0, h], [0, -h]))
    noise = np.finfo(float).eps * scale / (h / 10)
    judged = (
        np.isfinite(numeric)
        & np.isfinite(finer)
        & (relative_error(numeric, finer) < 1e-6)
        & (np.abs(analytic) + np.abs(numeric) > 1e6 * noise)
    )
    worst = relative_error(analytic, numeric)[judged]
    assert np.all(worst <= 1e-5), (p, analytic, numeric)
    return int(judged.sum())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=formulas(3), seed=st.integers(0, 2**32 - 1))
def test_random_formulas_have_correct_derivatives(text, seed):
    s = from_expression(text)
    for p in np.random.default_rng(seed).uniform(-2, 2, size=(6, 2)):
        if np.isfinite(s.f(p)) and np.isfinite(s.grad(p)).all() and np.isfinite(s.hessian(p)).all():
            checked_against_differences(s.f, s.grad, p)
            checked_against_differences(s.grad, s.hessian, p)


def test_the_difference_check_is_not_vacuous():
    """It judges most entries on typical formulas, and it catches a gradient that is 0.1% off."""
    s = from_expression("sin(x)*cos(y) + 0.1*(x**2 + y**2) + exp(-(x - y)**2)")
    points = np.random.default_rng(1).uniform(-2, 2, size=(20, 2))
    assert sum(checked_against_differences(s.f, s.grad, p) for p in points) >= 36
    assert sum(checked_against_differences(s.grad, s.hessian, p) for p in points) >= 72
    with pytest.raises(AssertionError):
        checked_against_differences(s.f, lambda p: s.grad(p) * 1.001, points[0])
    with pytest.raises(AssertionError):
        checked_against_differences(s.grad, lambda p: s.hessian(p) * 1.001, points[0])
