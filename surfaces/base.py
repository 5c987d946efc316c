"""The Surface type and the registry that `surfaces.get` / `surfaces.names` read.

A surface is a loss f(x, y) with its exact gradient and Hessian.  Each catalogue entry supplies
three functions of the coordinate arrays ``x`` and ``y`` (any matching shapes):

* ``f(x, y) -> z``
* ``grad(x, y) -> (df/dx, df/dy)``
* ``hessian(x, y) -> (d2f/dx2, d2f/dxdy, d2f/dy2)``

and the :class:`Surface` wraps them in the public ``(..., 2)`` array interface.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from paramspec import ParamSpec, validate_all


@dataclass(frozen=True)
class Minimum:
    """A known minimum: where it is and the value there."""

    point: tuple[float, float]
    value: float


@dataclass(frozen=True, eq=False)
class Surface:
    """A 2D test function with exact derivatives, its known minima and a sensible default view.

    ``bounds`` is ``((xmin, xmax), (ymin, ymax))``; ``log_contours`` says whether contour levels
    should be log-spaced (steep valleys such as Rosenbrock); ``minima`` lists every known minimum
    (empty for surfaces unbounded below); ``stationary`` lists other notable stationary points
    (saddles, maxima) as ``(point, kind)`` for display.

    ``quadratic`` says that f is a polynomial of degree at most 2 in x and y, so its Hessian is the
    same everywhere and the textbook analysis of quadratics (eigenvalues, stability limit 2/λmax)
    applies exactly.  It is a fact about the formula, never guessed from samples: each built-in
    surface states it, and a custom formula's is decided symbolically when it is compiled
    (:mod:`surfaces.symbolic`).
    """

    name: str
    title: str
    latex: str
    f_xy: Callable
    grad_xy: Callable
    hessian_xy: Callable
    bounds: tuple[tuple[float, float], tuple[float, float]]
    start: tuple[float, float]
    minima: tuple[Minimum, ...] = ()
    log_contours: bool = False
    params: dict = field(default_factory=dict)
    stationary: tuple = ()
    description: str = ""
    quadratic: bool = False

    def f(self, xy) -> np.ndarray:
        """Loss at ``xy`` of shape (..., 2); returns shape (...)."""
        xy = np.asarray(xy, dtype=float)
        return np.asarray(self.f_xy(xy[..., 0], xy[..., 1]), dtype=float)

    def grad(self, xy) -> np.ndarray:
        """Exact gradient at ``xy`` of shape (..., 2); returns shape (..., 2)."""
        xy = np.asarray(xy, dtype=float)
        gx, gy = self.grad_xy(xy[..., 0], xy[..., 1])
        out = np.empty(xy.shape, dtype=float)
        out[..., 0] = gx
        out[..., 1] = gy
        return out

    def hessian(self, xy) -> np.ndarray:
        """Exact Hessian at ``xy`` of shape (..., 2); returns shape (..., 2, 2)."""
        xy = np.asarray(xy, dtype=float)
        hxx, hxy, hyy = self.hessian_xy(xy[..., 0], xy[..., 1])
        out = np.empty(xy.shape + (2,), dtype=float)
        out[..., 0, 0] = hxx
        out[..., 0, 1] = hxy
        out[..., 1, 0] = hxy
        out[..., 1, 1] = hyy
        return out


@dataclass(frozen=True)
class SurfaceEntry:
    """A catalogue entry: a builder taking validated parameters and returning a Surface."""

    name: str
    title: str
    build: Callable[..., Surface]
    params: dict[str, ParamSpec]


_REGISTRY: dict[str, SurfaceEntry] = {}


def register(name: str, title: str, params: tuple[ParamSpec, ...] = ()):
    """Decorator adding a builder ``build(**params) -> Surface`` to the catalogue under ``name``."""

    def deco(build):
        _REGISTRY[name] = SurfaceEntry(name, title, build, {p.name: p for p in params})
        return build

    return deco


def names() -> list[str]:
    """Names of every catalogue surface, in catalogue order (the default first)."""
    return list(_REGISTRY)


def entry(name: str) -> SurfaceEntry:
    """The catalogue entry for ``name`` (its title and parameter specs), or ValueError."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown surface {name!r}; choose one of: {', '.join(_REGISTRY)}") from None


def get(name: str, **params) -> Surface:
    """Build the surface ``name`` with ``params`` (validated against its specs; defaults filled in)."""
    e = entry(name)
    values = validate_all(e.params, params, f"surface {name!r}")
    return e.build(**values)
