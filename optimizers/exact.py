"""``base ** exponent`` that rounds the same for one value and for an array of them.

NumPy's vectorized ``pow`` (its SIMD loops on CPUs with AVX-512) may differ from the C library's
scalar ``pow`` in the last bit: on such a machine ``np.power(0.1, [2.0])`` is ``0.01`` while
``0.1 ** 2`` is ``0.010000000000000002``.  Two promises rest on one rounding: a run inside a batch
(a sweep cell, a random-search trial) equals the same run alone bit for bit, and the scalars torch
computes with Python's ``**`` (Adam's bias corrections ``1 - β₂ᵗ``, StepLR's ``γ^k``) match torch's.

So :func:`power` evaluates every *distinct* (base, exponent) pair with Python's float ``**`` and
spreads the results.  Where these powers occur the distinct pairs are few: a sweep has at most one
β₂ per grid column, a schedule one exponent per decay.  The distinct values of an array that is
used step after step (a hyperparameter array) are remembered while the array lives.
"""

from __future__ import annotations

import math
import weakref

import numpy as np

# id(array) -> (weak reference to it, its distinct values, the index of each element in them)
_DISTINCT: dict[int, tuple[weakref.ref, np.ndarray, np.ndarray]] = {}


def _scalar_power(base: float, exponent: float) -> float:
    try:
        return float(base) ** float(exponent) if base >= 0 or float(exponent).is_integer() else math.nan
    except OverflowError:
        return math.inf
    except ZeroDivisionError:  # 0 ** negative: IEEE and NumPy say inf
        return math.inf


def _distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_inverse=True)``, remembered for a read-only hyperparameter array."""
    key = id(values)
    entry = _DISTINCT.get(key)
    if entry is not None and entry[0]() is values:
        return entry[1], entry[2]
    unique, inverse = np.unique(values, return_inverse=True)
    try:
        ref = weakref.ref(values, lambda _ref, key=key: _DISTINCT.pop(key, None))
    except TypeError:  # not weak-referenceable (a view of a scalar): just don't remember it
        return unique, inverse
    _DISTINCT[key] = (ref, unique, inverse)
    return unique, inverse


def power(base, exponent):
    """``base ** exponent`` elementwise, each element rounded as Python's ``float ** float`` rounds it.

    Scalars in, a float out; otherwise an array of the broadcast shape.
    """
    base_arr = base if isinstance(base, np.ndarray) else np.asarray(base, dtype=float)
    exp_arr = exponent if isinstance(exponent, np.ndarray) else np.asarray(exponent, dtype=float)
    if base_arr.ndim == 0 and exp_arr.ndim == 0:
        return _scalar_power(float(base_arr), float(exp_arr))
    if exp_arr.ndim == 0:
        unique, inverse = _distinct(base_arr)
        e = float(exp_arr)
        values = np.array([_scalar_power(b, e) for b in unique.tolist()])
        return values[inverse].reshape(base_arr.shape)
    if base_arr.ndim == 0:
        unique, inverse = np.unique(exp_arr, return_inverse=True)
        b = float(base_arr)
        values = np.array([_scalar_power(b, e) for e in unique.tolist()])
        return values[inverse].reshape(exp_arr.shape)
    bases, exps = np.broadcast_arrays(base_arr.astype(float), exp_arr.astype(float))
    pairs, inverse = np.unique(np.stack([bases.ravel(), exps.ravel()]), axis=1, return_inverse=True)
    values = np.array([_scalar_power(b, e) for b, e in pairs.T.tolist()])
    return values[inverse.ravel()].reshape(bases.shape)
