r"""Gradient checking: the analytic gradient against finite differences as the step h shrinks.

The cs231n notes' recipe (note 001): compare the analytic gradient :math:`g_a` with a numerical
one :math:`g_n` by the relative error

.. math:: \mathrm{rel}(g_a, g_n) = \frac{\lVert g_a - g_n\rVert}{\max(\lVert g_a\rVert, \lVert g_n\rVert)}

the notes' :math:`|f'_a - f'_n| / \max(|f'_a|, |f'_n|)` applied to the whole vector (0 when both
are 0; the norm form stays meaningful when one coordinate of the gradient is 0).  The notes'
thresholds (1e-2, 1e-4, 1e-7) are for this form.  Where the gradient vanishes (a minimum) the
ratio means nothing - any numeric gradient, however small, is 100 % off - so there the check is
judged by the absolute error :math:`\lVert g_a - g_n\rVert` (:attr:`GradCheckSweep.vanishing`).
The forward difference
:math:`(f(x+h)-f(x))/h` has truncation error O(h), the centered difference
:math:`(f(x+h)-f(x-h))/(2h)` O(h²); both suffer round-off of order ε·|f|/h, so the error is
V-shaped in log-log axes with a floor set by the machine epsilon ε of the precision f is
evaluated in (float64: 2.2e-16, float32: 1.2e-7).

:func:`sweep` draws that V for a surface at a point; :func:`numeric_gradient` and
:func:`check_gradients` check every entry of the arrays a network depends on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from surfaces.base import Surface

#: step sizes of the sweep: 1e-1 down to 1e-12, 4 per decade
H_SWEEP = np.logspace(-1, -12, 45)
#: the notes' thresholds: above 1e-2 probably wrong, 1e-2…1e-4 uncomfortable,
#: 1e-4…1e-7 fine only with kinks, below 1e-7 good
THRESHOLDS = (1e-2, 1e-4, 1e-7)
PRECISIONS = ("float64", "float32")
#: an analytic gradient no larger than this (in every coordinate) vanishes for the check: the notes
#: warn about comparing values of 1e-10 or less, and a relative error of 0 against anything is 1
VANISHING_GRADIENT = 1e-10


class NotFiniteError(ValueError):
    """The analytic gradient is inf or nan at the point (so there is nothing to check)."""

    def __init__(self, point: tuple[float, float], precision: str):
        self.point = point
        self.precision = precision
        super().__init__(f"the gradient is not finite at ({point[0]:g}, {point[1]:g}) in {precision}; "
                         "pick another point")


def relative_error(analytic, numeric) -> float:
    """``‖a − n‖ / max(‖a‖, ‖n‖)`` (note 001's form), 0 when both are exactly 0, nan when either is not finite.

    It lies in [0, 2]: 1 when one of the two is 0 and the other is not, 2 when they point opposite ways.

    Both vectors are divided by their largest entry first, so gradients beyond 1e154 (whose squares
    overflow) still give the right ratio, without a warning.
    """
    a = np.asarray(analytic, dtype=np.float64).ravel()
    n = np.asarray(numeric, dtype=np.float64).ravel()
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(n))):
        return float("nan")
    scale = max(float(np.max(np.abs(a), initial=0.0)), float(np.max(np.abs(n), initial=0.0)))
    if scale == 0.0:
        return 0.0
    a, n = a / scale, n / scale
    return float(np.linalg.norm(a - n) / max(np.linalg.norm(a), np.linalg.norm(n)))


def absolute_error(analytic, numeric) -> float:
    """``‖a − n‖``, nan when either is not finite: the measure where the gradient vanishes."""
    a = np.asarray(analytic, dtype=np.float64).ravel()
    n = np.asarray(numeric, dtype=np.float64).ravel()
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(n))):
        return float("nan")
    scale = max(float(np.max(np.abs(a), initial=0.0)), float(np.max(np.abs(n), initial=0.0)))
    if scale == 0.0:
        return 0.0
    return float(scale * np.linalg.norm(a / scale - n / scale))


# --- surfaces: f evaluated in a chosen precision ---------------------------------------------------

def evaluate_in(surface: Surface, dtype) -> tuple[Callable, Callable, str]:
    """``(f, grad, precision)``: the surface's f and gradient evaluated on arrays of ``dtype``.

    :meth:`Surface.f` converts its input to float64, so the raw ``f_xy``/``grad_xy`` functions are
    called on arrays of ``dtype``.  ``precision`` is the dtype the result actually came out in: a
    formula that promotes float32 to float64 internally reports ``"float64"`` here, and the page
    says so instead of pretending.
    """
    dtype = np.dtype(dtype)

    def f(xy):
        xy = np.asarray(xy, dtype=dtype)
        return np.asarray(surface.f_xy(xy[..., 0], xy[..., 1]))

    def grad(xy):
        xy = np.asarray(xy, dtype=dtype)
        gx, gy = surface.grad_xy(xy[..., 0], xy[..., 1])
        return np.stack(np.broadcast_arrays(np.asarray(gx), np.asarray(gy)), axis=-1)

    with np.errstate(all="ignore"):
        probe = f(np.array(surface.start, dtype=dtype))
    return f, grad, str(np.result_type(probe))


def _differences(f, point: np.ndarray, hs: np.ndarray, dtype: np.dtype):
    """Forward and centered differences along x and y for every h, all arithmetic in ``dtype``."""
    point = point.astype(dtype)
    eye = np.eye(2, dtype=dtype)
    forward = np.empty((len(hs), 2))
    centered = np.empty((len(hs), 2))
    with np.errstate(all="ignore"):
        f0 = f(point)
        for i, h in enumerate(hs):
            h_d = dtype.type(h)
            for k in range(2):
                step = eye[k] * h_d
                # the step actually taken is (x+h)−x, not h: x+h rounds to the nearest float of dtype
                plus, minus = point + step, point - step
                f_plus, f_minus = f(plus), f(minus)
                forward[i, k] = (f_plus - f0) / h_d
                centered[i, k] = (f_plus - f_minus) / (dtype.type(2) * h_d)
    return forward, centered


@dataclass(frozen=True)
class GradCheckSweep:
    """Relative and absolute error of the forward and centered differences for each step size h.

    :meth:`judged` is the one a verdict uses: the relative error, or the absolute error where the
    analytic gradient vanishes (:attr:`vanishing`).
    """

    surface: str
    point: tuple[float, float]
    precision: str  # the dtype f was actually evaluated in
    h: np.ndarray
    analytic: np.ndarray  # (2,)
    forward: np.ndarray  # (n_h, 2)
    centered: np.ndarray  # (n_h, 2)
    forward_error: np.ndarray  # (n_h,) relative
    centered_error: np.ndarray  # (n_h,) relative
    forward_abs: np.ndarray  # (n_h,) absolute
    centered_abs: np.ndarray  # (n_h,) absolute

    @property
    def vanishing(self) -> bool:
        """Whether the analytic gradient is (about) 0 here, where a relative error means nothing."""
        return bool(np.max(np.abs(self.analytic)) <= VANISHING_GRADIENT)

    def judged(self, scheme: str) -> np.ndarray:
        """The error a verdict uses: relative, or absolute where the gradient vanishes."""
        if self.vanishing:
            return self.centered_abs if scheme == "centered" else self.forward_abs
        return self.centered_error if scheme == "centered" else self.forward_error

    def best(self, scheme: str = "centered") -> tuple[float, float]:
        """``(h, error)`` where the judged error of ``scheme`` is smallest; ``(nan, nan)`` if no h gave one."""
        err = self.judged(scheme)
        if not np.any(np.isfinite(err)):
            return float("nan"), float("nan")
        i = int(np.nanargmin(err))
        return float(self.h[i]), float(err[i])

    @property
    def finite(self) -> np.ndarray:
        """For each h, whether both numeric gradients are finite (f(x±h) did not overflow)."""
        return np.isfinite(self.forward).all(axis=1) & np.isfinite(self.centered).all(axis=1)


def sweep(surface: Surface, point, precision: str = "float64", hs=H_SWEEP) -> GradCheckSweep:
    """Forward and centered differences of ``surface`` at ``point`` for each h, against the analytic gradient.

    The function values, the steps and the analytic gradient are all computed in ``precision``,
    with NumPy's floating-point warnings silenced: an analytic gradient that is not finite raises
    :class:`NotFiniteError`; where f(x±h) is not finite the numeric gradient and its errors are
    inf/nan, which :attr:`GradCheckSweep.finite` reports.
    """
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)} (got {precision!r})")
    hs = np.asarray(hs, dtype=np.float64)
    if hs.ndim != 1 or hs.size == 0 or not np.all(np.isfinite(hs)) or np.any(hs <= 0):
        raise ValueError("step sizes h must be a non-empty list of positive numbers")
    p = np.asarray(point, dtype=np.float64)
    if p.shape != (2,) or not np.all(np.isfinite(p)):
        raise ValueError(f"the point must be two finite numbers (got {point!r})")
    dtype = np.dtype(precision)
    f, grad, actual = evaluate_in(surface, dtype)
    with np.errstate(all="ignore"):
        analytic = np.asarray(grad(p.astype(dtype)), dtype=np.float64)
        if not np.all(np.isfinite(analytic)):
            raise NotFiniteError((float(p[0]), float(p[1])), actual)
        forward, centered = _differences(f, p, hs, dtype)
        return GradCheckSweep(
            surface=surface.name, point=(float(p[0]), float(p[1])), precision=actual, h=hs,
            analytic=analytic, forward=forward, centered=centered,
            forward_error=np.array([relative_error(analytic, n) for n in forward]),
            centered_error=np.array([relative_error(analytic, n) for n in centered]),
            forward_abs=np.array([absolute_error(analytic, n) for n in forward]),
            centered_abs=np.array([absolute_error(analytic, n) for n in centered]),
        )


def fit_slope(h: np.ndarray, err: np.ndarray, h_low: float, h_high: float) -> float:
    """Least-squares slope of log10(err) against log10(h) for h in [h_low, h_high] (nan if < 2 points)."""
    h = np.asarray(h, dtype=float)
    err = np.asarray(err, dtype=float)
    keep = (h >= h_low) & (h <= h_high) & (err > 0) & np.isfinite(err)
    if keep.sum() < 2:
        return float("nan")
    return float(np.polyfit(np.log10(h[keep]), np.log10(err[keep]), 1)[0])


def truncation_slope(result: GradCheckSweep, scheme: str, decades: float = 3.0) -> float:
    """The slope over the ``decades`` of h just above the best h, where truncation error dominates.

    About 1 for the forward difference and 2 for the centered one on smooth functions.
    """
    h_best, _ = result.best(scheme)
    err = result.judged(scheme)
    low = h_best * 10.0
    return fit_slope(result.h, err, low, min(low * 10.0 ** decades, float(result.h.max())))


# --- quadratics: where the centered difference has no truncation error ------------------------------

def is_quadratic(surface: Surface) -> bool:
    r"""Whether f is a polynomial of degree at most 2, for which the centered difference is exact.

    For such an f, :math:`f(x+h) - f(x-h) = 2h\,f'(x)` along every axis at every point and every h:
    the check's error is round-off alone.  Not so for ``abs(x) + y**2`` at x = 0, where the
    centered difference happens to agree with the (conventional) derivative 0 of a kink.  Decided
    exactly, never by sampling: each catalogue surface says so itself, and a custom formula is
    decided on its SymPy tree in the formula worker (``Surface.quadratic``).
    """
    return bool(surface.quadratic)


# --- kinks: where a gradient check fails even for a correct gradient -----------------------------

def _abs_kink() -> Surface:
    return Surface(
        name="kink_abs", title="|x| + y²/2 (kink at x = 0)", latex=r"f(x, y) = |x| + \tfrac12 y^2",
        f_xy=lambda x, y: np.abs(x) + 0.5 * y * y,
        grad_xy=lambda x, y: (np.sign(x), y),
        hessian_xy=lambda x, y: (np.zeros_like(x), np.zeros_like(x), np.ones_like(y)),
        bounds=((-1.0, 1.0), (-1.0, 1.0)), start=(1e-3, 0.5),
        description="a V-shaped valley: the derivative jumps from -1 to 1 at x = 0")


def _relu_kink() -> Surface:
    return Surface(
        name="kink_relu", title="ReLU(x) + y²/2 (kink at x = 0)",
        latex=r"f(x, y) = \max(0, x) + \tfrac12 y^2",
        f_xy=lambda x, y: np.maximum(x, 0.0) + 0.5 * y * y,
        grad_xy=lambda x, y: ((x > 0).astype(np.result_type(x)), y),
        hessian_xy=lambda x, y: (np.zeros_like(x), np.zeros_like(x), np.ones_like(y)),
        bounds=((-1.0, 1.0), (-1.0, 1.0)), start=(-1e-3, 0.5),
        description="the ReLU: slope 0 left of 0, slope 1 right of it")


#: functions with a kink, offered beside the smooth catalogue surfaces
KINKS: dict[str, Callable[[], Surface]] = {"kink_abs": _abs_kink, "kink_relu": _relu_kink}


def kink_surface(name: str) -> Surface:
    try:
        return KINKS[name]()
    except KeyError:
        raise ValueError(f"unknown kink function {name!r}; choose one of: {', '.join(KINKS)}") from None


# --- arrays: the network check ---------------------------------------------------------------------

def numeric_gradient(f: Callable[[], float], x: np.ndarray, h: float = 1e-5, indices=None) -> np.ndarray:
    """Centered differences of the scalar ``f()`` with respect to entries of ``x``.

    ``x`` is changed in place and restored, so ``f`` must read it.

    ``indices`` (flat positions) limits the check to a few entries; the others stay 0 in the result.
    """
    grad = np.zeros_like(x, dtype=np.float64)
    flat = x.reshape(-1)
    out = grad.reshape(-1)
    for i in range(flat.size) if indices is None else indices:
        old = flat[i]
        flat[i] = old + h
        f_plus = f()
        flat[i] = old - h
        f_minus = f()
        flat[i] = old
        out[i] = (f_plus - f_minus) / (2 * h)
    return grad


def check_gradients(f: Callable[[], float], arrays: dict[str, np.ndarray], analytic: dict[str, np.ndarray],
                    h: float = 1e-5, max_entries: int | None = None, seed: int = 0) -> dict[str, float]:
    """Relative error of ``analytic[name]`` against centered differences, for each array in ``arrays``.

    ``f`` must read the arrays (which are perturbed in place).  With ``max_entries``, that many
    entries of each array are drawn at random, so every kind of parameter - biases included - is
    checked, as the notes advise.
    """
    rng = np.random.default_rng(seed)
    errors = {}
    for name, x in arrays.items():
        idx = None
        if max_entries is not None and x.size > max_entries:
            idx = rng.choice(x.size, size=max_entries, replace=False)
        num = numeric_gradient(f, x, h, idx)
        ana = np.asarray(analytic[name], dtype=np.float64)
        if idx is not None:
            ana = ana.reshape(-1)[idx]
            num = num.reshape(-1)[idx]
        errors[name] = relative_error(ana, num)
    return errors
