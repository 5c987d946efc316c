"""The surface catalogue, table-driven over ``surfaces.names()``: a new surface is covered once registered.

Every surface (with its default parameters, and once more with each parameter moved to either end of
its slider range) is checked for: analytic gradient and Hessian against centered differences
(SPEC H), its listed minima and stationary points (zero gradient, stated value, curvature of the
stated kind, full double precision), a sane view and start, the ``(..., 2)`` array interface, parameter
validation, and freedom from warnings and non-finite values anywhere in (an enlarged) view.  The two
designed surfaces also get tests of the lesson they were built for.
"""

from __future__ import annotations

import math
import warnings
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import surfaces
from surfaces.base import entry

NAMES = surfaces.names()
EPS = np.finfo(float).eps

# Points where a surface is not differentiable, so finite differences are meaningless within ~h.
NON_SMOOTH = {"ackley": ((0.0, 0.0),)}


def _slider_ends(spec) -> list:
    """The ends of a parameter's slider range (ui_low/ui_high, else low/high) that are valid values
    different from the default: the parameter values most likely to break a formula."""
    values = []
    for candidate in (spec.ui_low if spec.ui_low is not None else spec.low,
                      spec.ui_high if spec.ui_high is not None else spec.high):
        if candidate is None or candidate == spec.default:
            continue
        try:
            values.append(spec.validate(candidate))
        except ValueError:  # an open bound: not itself a valid value
            continue
    return values


def _cases() -> list[tuple[str, dict]]:
    """(name, params): every surface with its defaults, then each parameter at each slider end."""
    cases = [(name, {}) for name in NAMES]
    for name in NAMES:
        for pname, spec in entry(name).params.items():
            cases += [(name, {pname: v}) for v in _slider_ends(spec)]
    return cases


CASES = _cases()
CASE_IDS = [name + "".join(f"-{k}={v:g}" for k, v in params.items()) for name, params in CASES]


def _rng(name: str, params: dict) -> np.random.Generator:
    """A generator seeded by the case, so every case has its own fixed points."""
    return np.random.default_rng(zlib.crc32(repr((name, sorted(params.items()))).encode()))


def _points_in_view(s, n: int, rng) -> np.ndarray:
    """n uniform random points in the surface's view, away from its non-differentiable points."""
    (x0, x1), (y0, y1) = s.bounds
    pts = np.column_stack([rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)])
    for kink in NON_SMOOTH.get(s.name, ()):
        pts = pts[np.linalg.norm(pts - np.asarray(kink), axis=1) > 1e-3]
    return pts


def _central_difference(fn, pts: np.ndarray, h: float = 1e-6):
    """Centered differences (fn(p + h e_i) - fn(p - h e_i)) / (2h) along x and y, with the step actually
    taken (after rounding) in the denominator.  h = 1e-6 rather than SPEC H's first guess 1e-5: the
    truncation error h^2 f'''/6 matters on Levy's ripples (period 1/3) and on the cliff's edges
    (radius 0.002), and the roundoff that the smaller h costs is accounted for below.

    Returns the two derivative estimates and the roundoff noise of each: evaluating fn costs a few
    roundings, say 10 eps |fn|, so the quotient is uncertain by 10 eps (|fn(p+h)| + |fn(p-h)|) / (2h).
    """
    out, noise = [], []
    for i in range(2):
        plus, minus = pts.copy(), pts.copy()
        plus[:, i] += h
        minus[:, i] -= h
        width = plus[:, i] - minus[:, i]
        f_plus, f_minus = fn(plus), fn(minus)
        if f_plus.ndim > 1:  # vector-valued fn: broadcast the step over its components
            width = width[:, None]
        out.append((f_plus - f_minus) / width)
        noise.append(10 * EPS * (np.abs(f_plus) + np.abs(f_minus)) / width)
    return out, noise


TOL = 1e-6  # SPEC H: <= 1e-7 good, < 1e-4 acceptable only with kinks; our formulas are smooth


def _relative_error(analytic, numeric, noise):
    """SPEC H's |a - n| / max(1e-8, |a| + |n|), except that a difference no larger than the numeric
    estimate's own roundoff noise always passes: a difference quotient cannot resolve a derivative
    component much smaller than eps |f| / h (e.g. df/dx where x is nearly 0 on a plateau)."""
    return np.abs(analytic - numeric) / np.maximum.reduce(
        [np.full(np.shape(analytic), 1e-8), np.abs(analytic) + np.abs(numeric), noise / TOL]
    )


# ---------------------------------------------------------------------------------------------
# 1. derivatives against centered differences


@pytest.mark.parametrize(("name", "params"), CASES, ids=CASE_IDS)
def test_gradient_matches_central_differences(name, params):
    s = surfaces.get(name, **params)
    pts = _points_in_view(s, 200, _rng(name, params))
    (num_x, num_y), (noise_x, noise_y) = _central_difference(s.f, pts)
    g = s.grad(pts)
    err = np.maximum(_relative_error(g[:, 0], num_x, noise_x), _relative_error(g[:, 1], num_y, noise_y))
    worst = int(np.argmax(err))
    assert err[worst] <= TOL, f"{name}: relative error {err[worst]:.2e} at {pts[worst]}"


@pytest.mark.parametrize(("name", "params"), CASES, ids=CASE_IDS)
def test_hessian_matches_central_differences_of_the_gradient(name, params):
    s = surfaces.get(name, **params)
    pts = _points_in_view(s, 200, _rng(name, params))
    (d_dx, d_dy), (noise_x, noise_y) = _central_difference(s.grad, pts)  # rows: d(grad)/dx, d(grad)/dy
    hess = s.hessian(pts)
    errors = [
        _relative_error(hess[:, 0, 0], d_dx[:, 0], noise_x[:, 0]),
        _relative_error(hess[:, 0, 1], d_dy[:, 0], noise_y[:, 0]),  # d/dy of df/dx
        _relative_error(hess[:, 1, 0], d_dx[:, 1], noise_x[:, 1]),  # d/dx of df/dy
        _relative_error(hess[:, 1, 1], d_dy[:, 1], noise_y[:, 1]),
    ]
    err = np.max(errors, axis=0)
    worst = int(np.argmax(err))
    assert err[worst] <= TOL, f"{name}: relative error {err[worst]:.2e} at {pts[worst]}"
    np.testing.assert_array_equal(hess, np.swapaxes(hess, -1, -2))


def test_book_quadratic_gradient_is_exactly_the_books():
    s = surfaces.get("book_quadratic")
    pts = _points_in_view(s, 200, np.random.default_rng(6))
    g = s.grad(pts)
    np.testing.assert_array_equal(g[:, 0], pts[:, 0] / 10)
    np.testing.assert_array_equal(g[:, 1], 2 * pts[:, 1])
    np.testing.assert_array_equal(s.hessian(pts[0]), [[0.1, 0.0], [0.0, 2.0]])
    assert s.f((-7.0, 2.0)) == pytest.approx(49 / 20 + 4, rel=1e-15)


# ---------------------------------------------------------------------------------------------
# 2. minima and other stationary points


def _gradient_tolerance(s, point) -> float:
    """How small a computed gradient at a double-rounded stationary point can be: the point is off by
    ~eps |p|, which moves the gradient by ~|H| eps |p|; we allow 1e-9 of that scale (and of 1)."""
    p = np.asarray(point, dtype=float)
    h_norm = np.linalg.norm(s.hessian(p), 2)
    return 1e-9 * max(1.0, h_norm * max(1.0, float(np.abs(p).max())))


@pytest.mark.parametrize(("name", "params"), CASES, ids=CASE_IDS)
def test_minima_have_zero_gradient_stated_value_and_positive_curvature(name, params):
    s = surfaces.get(name, **params)
    for m in s.minima:
        assert np.linalg.norm(s.grad(m.point)) <= _gradient_tolerance(s, m.point), (name, m)
        assert float(s.f(m.point)) == pytest.approx(m.value, rel=1e-12, abs=1e-12), (name, m)
        hess = s.hessian(m.point)
        assert np.linalg.eigvalsh(hess).min() >= -1e-9 * max(1.0, np.linalg.norm(hess, 2)), (name, m)


@pytest.mark.parametrize(("name", "params"), CASES, ids=CASE_IDS)
def test_stationary_points_have_zero_gradient_and_the_stated_curvature(name, params):
    s = surfaces.get(name, **params)
    for point, kind in s.stationary:
        assert np.linalg.norm(s.grad(point)) <= _gradient_tolerance(s, point), (name, point)
        hess = s.hessian(point)
        lo, hi = np.linalg.eigvalsh(hess)
        tiny = 1e-9 * max(1.0, np.linalg.norm(hess, 2))
        expected = {"saddle": lo < -tiny and hi > tiny, "local maximum": hi < -tiny,
                    "degenerate saddle": abs(lo) <= tiny or abs(hi) <= tiny}
        assert kind in expected, f"{name}: unknown kind {kind!r}"
        assert expected[kind], f"{name}: {kind} at {point} has Hessian eigenvalues {lo:.4g}, {hi:.4g}"


@pytest.mark.parametrize(("name", "params"), CASES, ids=CASE_IDS)
def test_listed_points_are_accurate_to_full_double_precision(name, params):
    """One Newton step from each listed point moves it by no more than a few ulps: the stored values
    are the nearest doubles to the true stationary points, not the rounded table values."""
    s = surfaces.get(name, **params)
    for point in [m.point for m in s.minima] + [p for p, _ in s.stationary]:
        p = np.asarray(point, dtype=float)
        hess = s.hessian(p)
        if np.linalg.cond(hess) > 1e12:  # degenerate (the monkey saddle): Newton is undefined
            continue
        step = np.linalg.solve(hess, s.grad(p))
        assert np.abs(step).max() <= 8 * EPS * max(1.0, float(np.abs(p).max())), (name, point, step)


@pytest.mark.parametrize(("name", "params"), CASES, ids=CASE_IDS)
def test_first_listed_minimum_is_global_in_view_and_values_ascend(name, params):
    s = surfaces.get(name, **params)
    if not s.minima:
        return  # unbounded below (the saddles): nothing to check
    values = [m.value for m in s.minima]
    assert values == sorted(values), f"{name}: list the global minima first, then the local ones"
    (x0, x1), (y0, y1) = s.bounds
    gx, gy = np.meshgrid(np.linspace(x0, x1, 301), np.linspace(y0, y1, 301))
    assert s.f(np.stack([gx, gy], axis=-1)).min() >= values[0] - 1e-9 * max(1.0, abs(values[0]))


# ---------------------------------------------------------------------------------------------
# 3. views, starts, metadata


@pytest.mark.parametrize(("name", "params"), CASES, ids=CASE_IDS)
def test_view_start_and_metadata_are_sane(name, params):
    s = surfaces.get(name, **params)
    (x0, x1), (y0, y1) = s.bounds
    assert all(math.isfinite(v) for v in (x0, x1, y0, y1)) and x0 < x1 and y0 < y1, s.bounds

    def inside(p):
        return x0 <= p[0] <= x1 and y0 <= p[1] <= y1

    assert inside(s.start), f"{name}: start {s.start} outside the view {s.bounds}"
    assert np.isfinite(s.f(s.start)) and np.all(np.isfinite(s.grad(s.start)))
    for m in s.minima:
        assert inside(m.point), f"{name}: minimum {m.point} outside the view"
    for p, _ in s.stationary:
        assert inside(p), f"{name}: stationary point {p} outside the view"
    assert s.name == name and s.title == entry(name).title
    assert s.latex.strip() and s.description.strip()
    assert set(s.params) == set(entry(name).params)
    for pname, value in params.items():
        assert s.params[pname] == value
    if s.log_contours:  # log-spaced levels need a lower bound to measure from
        assert s.minima, f"{name}: log contours without a known minimum"


CATALOGUE = [
    "book_quadratic", "quadratic", "rosenbrock", "distill_rosenbrock", "beale", "himmelblau", "rastrigin",
    "ackley", "booth", "goldstein_price", "six_hump_camel", "three_hump_camel", "matyas", "levy13",
    "styblinski_tang", "saddle", "monkey_saddle", "plateau", "cliff",
]


def test_catalogue_is_complete_in_menu_order_with_the_default_first():
    assert NAMES[0] == "book_quadratic"
    assert [n for n in NAMES if n in CATALOGUE] == CATALOGUE  # later additions may follow


# ---------------------------------------------------------------------------------------------
# 4. the (..., 2) array interface


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("shape", [(), (5,), (3, 4)], ids=["point", "batch", "grid"])
def test_shapes(name, shape):
    s = surfaces.get(name)
    rng = np.random.default_rng(0)
    (x0, x1), (y0, y1) = s.bounds
    xy = np.stack([rng.uniform(x0, x1, shape), rng.uniform(y0, y1, shape)], axis=-1)
    z, g, h = s.f(xy), s.grad(xy), s.hessian(xy)
    assert z.shape == shape and g.shape == shape + (2,) and h.shape == shape + (2, 2)
    # vectorised results equal one-point results
    flat = xy.reshape(-1, 2)
    for i in range(min(3, len(flat))):
        np.testing.assert_allclose(s.f(flat[i]), z.reshape(-1)[i], rtol=1e-15)
        np.testing.assert_allclose(s.grad(flat[i]), g.reshape(-1, 2)[i], rtol=1e-15)
        np.testing.assert_allclose(s.hessian(flat[i]), h.reshape(-1, 2, 2)[i], rtol=1e-15)
    assert s.f([s.start[0], s.start[1]]).shape == ()  # plain lists are accepted


@pytest.mark.parametrize("name", NAMES)
def test_formulas_keep_float32_inputs_in_float32(name):
    """The gradient-check page evaluates f_xy/grad_xy on float32 arrays and reports the precision
    that actually came out; no formula may silently promote to float64."""
    s = surfaces.get(name)
    x = np.array([s.start[0], 0.5], dtype=np.float32)
    y = np.array([s.start[1], -0.25], dtype=np.float32)
    for value in (s.f_xy(x, y), *s.grad_xy(x, y), *s.hessian_xy(x, y)):
        assert np.asarray(value).dtype == np.float32


# ---------------------------------------------------------------------------------------------
# 5. parameters


def test_bad_parameter_value_names_parameter_value_and_range():
    with pytest.raises(ValueError, match=r"b must be in \(0, 1e\+06\] \(got -1\)"):
        surfaces.get("rosenbrock", b=-1)
    with pytest.raises(ValueError, match=r"kappa must be in \[1, 1e\+06\] \(got 0.5\)"):
        surfaces.get("quadratic", kappa=0.5)


@pytest.mark.parametrize("name", [n for n in NAMES if entry(n).params])
def test_every_parameter_rejects_values_outside_its_range(name):
    for pname, spec in entry(name).params.items():
        bad = [v for v in (None if spec.low is None else spec.low - 1.0,
                           None if spec.high is None else spec.high + 1.0, float("nan")) if v is not None]
        for value in bad:
            with pytest.raises(ValueError) as info:
                surfaces.get(name, **{pname: value})
            message = str(info.value)
            assert pname in message and spec.range_text() in message, message


def test_unknown_surface_and_unknown_parameter():
    with pytest.raises(ValueError, match="unknown surface 'nope'"):
        surfaces.get("nope")
    with pytest.raises(ValueError, match="has no parameter 'c'"):
        surfaces.get("rosenbrock", c=1.0)
    with pytest.raises(ValueError, match="has no parameter 'a'"):
        surfaces.get("book_quadratic", a=1.0)


def test_parameters_change_the_surface():
    assert surfaces.get("rosenbrock", a=-1.0).minima[0].point == (-1.0, 1.0)
    assert surfaces.get("rosenbrock", a=-1.0).start == (2.0, 2.0)  # the mirror image of (-2, 2)
    q = surfaces.get("quadratic", kappa=50.0, angle=30.0)
    eig, vec = np.linalg.eigh(q.hessian([0.0, 0.0]))
    np.testing.assert_allclose(eig, [1 / 50, 1.0], rtol=1e-14)
    long_axis = [math.cos(math.pi / 6), math.sin(math.pi / 6)]  # 30 degrees
    np.testing.assert_allclose(abs(vec[:, 0] @ long_axis), 1.0, rtol=1e-14)
    assert "0.02" in q.description  # the eigenvalues are stated for students
    assert surfaces.get("rastrigin", A=0.0).f([0.3, -0.4]) == pytest.approx(0.25, rel=1e-15)


# ---------------------------------------------------------------------------------------------
# 6. finite and warning-free everywhere near the view


def _enlarged(bounds, factor: float = 0.5):
    """The view grown by ``factor`` of its width on every side."""
    (x0, x1), (y0, y1) = bounds
    dx, dy = factor * (x1 - x0), factor * (y1 - y0)
    return (x0 - dx, x1 + dx), (y0 - dy, y1 + dy)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_finite_and_warning_free_in_the_enlarged_view(name, data):
    s = surfaces.get(name)
    (x0, x1), (y0, y1) = _enlarged(s.bounds)
    x = data.draw(st.floats(x0, x1, allow_nan=False), label="x")
    y = data.draw(st.floats(y0, y1, allow_nan=False), label="y")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = [s.f((x, y)), s.grad((x, y)), s.hessian((x, y))]
    assert all(np.all(np.isfinite(v)) for v in values), (name, x, y, values)


def test_ackley_at_its_tip_is_finite_silent_and_flat():
    s = surfaces.get("ackley")
    tip = np.array([[0.0, 0.0], [5e-324, 0.0], [1e-310, -1e-310], [1e-200, 1e-200]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        z, g, h = s.f(tip), s.grad(tip), s.hessian(tip)
    assert z[0] == 0.0 and np.all(np.isfinite(z)) and np.all(np.isfinite(g)) and np.all(np.isfinite(h))
    np.testing.assert_array_equal(g[0], [0.0, 0.0])  # the subgradient 0 at the kink
    assert np.all(np.linalg.eigvalsh(h[0]) > 0)  # the smooth part's curvature: a minimum


# ---------------------------------------------------------------------------------------------
# 7. the designed surfaces teach what they were built for (plain loops, independent of optimizers/)


def _descend(s, lr, steps, clip=None, normalise=False):
    """Plain gradient descent from s.start, optionally with norm clipping or RMSprop-like scaling."""
    p = np.array(s.start, dtype=float)
    path, mean_sq = [p.copy()], np.zeros(2)
    for _ in range(steps):
        g = s.grad(p)
        if clip is not None and np.linalg.norm(g) > clip:
            g = g * (clip / np.linalg.norm(g))
        if normalise:
            mean_sq = 0.9 * mean_sq + 0.1 * g * g
            g = g / (np.sqrt(mean_sq) + 1e-8)
        p = p - lr * g
        path.append(p.copy())
    return np.array(path)


def test_plateau_starves_sgd_but_not_adaptive_steps():
    s = surfaces.get("plateau")
    assert np.linalg.norm(s.grad(s.start)) < 0.03  # tiny gradient on the plateau
    np.testing.assert_allclose(s.hessian([0.0, 0.0]), np.eye(2) * (1 + 2 * 2e-3), rtol=1e-15)
    sgd = _descend(s, lr=0.1, steps=150)
    adaptive = _descend(s, lr=0.1, steps=150, normalise=True)
    assert np.linalg.norm(sgd[-1]) > 5.0  # still on the plateau, about where it started
    assert np.linalg.norm(adaptive[-1]) < 0.5  # crossed the plateau into the bowl


def test_cliff_launches_unclipped_sgd_and_clipping_tames_it():
    s = surfaces.get("cliff")
    floor = np.column_stack([np.linspace(-1.25, -0.75, 11), np.zeros(11)])
    assert np.all(np.linalg.norm(s.grad(floor), axis=1) > 99)  # the face: slope ~K = 100
    terrace = np.column_stack([np.linspace(-3.5, -1.4, 11), np.zeros(11)])
    assert np.all(np.linalg.norm(s.grad(terrace), axis=1) < 0.6)  # the gentle valley before it
    (_, x_max), _ = s.bounds
    free = _descend(s, lr=0.1, steps=400)
    clipped = _descend(s, lr=0.1, steps=400, clip=1.0)
    assert free[:, 0].max() > x_max + 3  # thrown far out of the view
    assert clipped[:, 0].max() <= 2.05 and np.linalg.norm(clipped[-1] - (2.0, 0.0)) < 0.1
    flat = surfaces.get("cliff", steepness=0.0)  # the control: no cliff, a plain valley
    assert flat.f([-3.0, 0.0]) == pytest.approx(0.05 * 25, rel=1e-15)

