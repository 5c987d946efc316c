"""What the Compare page knows about each built-in surface beyond its formula: the learning rate each
optimizer starts at there, and whether f is unbounded below.

Why per surface: one learning rate cannot fit every surface.  Gradient descent on a quadratic is
stable only for lr < 2/λmax (λmax the largest eigenvalue of the Hessian), and λmax is 2 on the book's
bowl but about 4 000 at Rosenbrock's start and 90 000 at Beale's; the book's SGD rate of 0.95 leaves
the view in one or two steps on half the catalogue.  So each surface carries its own rates:

* on a **quadratic** (constant Hessian) SGD, Momentum and Nesterov start at a stated fraction of
  2/λmax (:class:`OfLimit`), computed from the surface with its current parameters: 0.95 where the
  book puts SGD (just inside the limit, where it zig-zags), Momentum (μ = 0.9) at 0.1 as the book
  does;
* on the other surfaces, and for the other optimizers, a rate where the optimizer's own default
  (``comparison.config.KINDS``) leaves the view or diverges in the default 30 steps: the rate of a
  1-2-5 grid with the lowest loss after 30 steps among those that never leave the view and whose next
  grid value up does not either (a margin), or on a surface without a minimum the largest rate whose
  run stays in the view for the first 15 steps (so the run is seen reaching the saddle before it
  escapes).  The rates are for each surface's default parameters.

Newton is left at lr = 1 everywhere: a full Newton step is the method (and heading for saddles and
maxima where the Hessian is indefinite is its lesson).  tests/test_per_surface.py runs every optimizer
from every surface's default start with these rates and checks what is claimed here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: the surfaces on which f → −∞ along some ray (they have no minimum): escaping is what runs should do
UNBOUNDED_BELOW = frozenset({"saddle", "monkey_saddle"})


@dataclass(frozen=True)
class OfLimit:
    """A learning rate of ``fraction`` · 2/λmax, λmax the largest Hessian eigenvalue of a quadratic."""

    fraction: float

    def rate(self, surface) -> float:
        lam = float(np.linalg.eigvalsh(surface.hessian(np.asarray(surface.start, dtype=float)))[-1])
        return float(f"{self.fraction * 2.0 / lam:.4g}")


def _quadratic(sgd: float, momentum: float = 0.1) -> dict:
    return {"sgd": OfLimit(sgd), "momentum": OfLimit(momentum), "nesterov": OfLimit(momentum)}


#: surface → optimizer kind → its learning rate there (a number, or a fraction of 2/λmax); a kind not
#: listed starts at its own default (``KINDS``).  Every built-in surface is listed but the book's bowl,
#: whose rates are the default view's, the book's (figures 6-3 to 6-7: SGD 0.95 = 0.95·2/λmax with
#: λmax = 2, Momentum 0.1 = 0.1·2/λmax, AdaGrad 1.5, Adam 0.3).  The quadratics are quadratic, booth,
#: matyas and saddle (their Hessians are constant; the test checks it).
LEARNING_RATES: dict[str, dict[str, float | OfLimit]] = {
    "quadratic": _quadratic(0.95),
    "rosenbrock": {"sgd": 5e-4, "momentum": 2e-4, "nesterov": 2e-4, "radam": 1e-4, "adabelief": 1e-4},
    "distill_rosenbrock": {"sgd": 1e-3, "momentum": 2e-4, "nesterov": 5e-4, "adagrad": 0.1, "rmsprop": 0.01,
                           "adam": 0.02, "radam": 5e-4, "adabelief": 5e-4},
    "beale": {"sgd": 5e-5, "momentum": 2e-6, "nesterov": 5e-6, "radam": 2e-5, "adabelief": 2e-5},
    "himmelblau": {"sgd": 0.01, "momentum": 0.01, "nesterov": 0.01, "radam": 0.02, "adabelief": 0.02},
    "rastrigin": {"sgd": 2e-3, "momentum": 2e-4, "nesterov": 1e-3, "radam": 5e-3, "adabelief": 5e-3},
    # from (-8, 7) the zig-zag at 0.95 of the limit swings out of the view: 0.8 still zig-zags
    "ackley": {},
    "booth": {**_quadratic(0.8), "radam": 0.02, "adabelief": 0.02},
    "goldstein_price": {"sgd": 5e-5, "momentum": 5e-6, "nesterov": 1e-5, "radam": 1e-4, "adabelief": 1e-4},
    "six_hump_camel": {"momentum": 0.01},
    "three_hump_camel": {},
    "matyas": _quadratic(0.95),
    "levy13": {"sgd": 2e-3, "momentum": 2e-3, "nesterov": 2e-3, "radam": 0.02, "adabelief": 0.02},
    "styblinski_tang": {"sgd": 0.02, "momentum": 0.01, "nesterov": 0.01, "radam": 5e-3, "adabelief": 5e-3},
    # λmax = 2 along x: x shrinks by 1 − 2·lr per step while y grows by 1 + 2·lr, so at 0.2 SGD reaches
    # the saddle in about 10 steps and leaves the view at step 23
    "saddle": {**_quadratic(0.2), "adagrad": 0.1, "rmsprop": 0.01},
    "monkey_saddle": {"momentum": 5e-3, "nesterov": 5e-3, "adagrad": 0.1, "rmsprop": 0.01},
    "plateau": {},
    "cliff": {"momentum": 0.01, "nesterov": 0.01},
}

# The optimizers added later (ASGD, Rprop, Adafactor, L-BFGS, Build your own), tuned by the same rule where
# their own default does not fit (tests/test_per_surface.py checks every one)
_LATER: dict[str, dict[str, float]] = {
    "rosenbrock": {"asgd": 0.0005, "framework": 0.0005},
    "distill_rosenbrock": {"asgd": 0.001, "framework": 0.001},
    "beale": {"asgd": 5e-05, "framework": 5e-05},
    "himmelblau": {"asgd": 0.01, "framework": 0.01},
    "rastrigin": {"asgd": 0.002, "framework": 0.002},
    "booth": {"asgd": 0.02, "framework": 0.02},
    "goldstein_price": {"asgd": 5e-05, "framework": 5e-05},
    "levy13": {"asgd": 0.002, "framework": 0.002},
    "styblinski_tang": {"asgd": 0.01, "framework": 0.02},
    "saddle": {"rprop": 0.02, "adafactor": 0.05, "lbfgs": 2e-05},
    "monkey_saddle": {"rprop": 0.02, "lbfgs": 0.001},
}
for _name, _rates in _LATER.items():
    LEARNING_RATES[_name] = {**LEARNING_RATES.get(_name, {}), **_rates}


def learning_rate(surface, kind: str) -> float | None:
    """The learning rate optimizer ``kind`` starts at on ``surface`` (a built Surface), or None when the
    surface has no rate of its own for it (a custom formula, or a kind whose default fits)."""
    rate = LEARNING_RATES.get(surface.name, {}).get(kind)
    if rate is None:
        return None
    return rate.rate(surface) if isinstance(rate, OfLimit) else float(rate)
