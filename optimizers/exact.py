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



def _two_sum(a, b):
    """``(s, e)`` with ``s = fl(a + b)`` and ``a + b = s + e`` exactly (Knuth)."""
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def _two_product(a, b):
    """``(p, e)`` with ``p = fl(a·b)`` and ``a·b = p + e`` exactly (Dekker: split each factor in halves)."""
    p = a * b
    ka, kb = 134217729.0 * a, 134217729.0 * b  # 2^27 + 1
    ah, bh = ka - (ka - a), kb - (kb - b)
    al, bl = a - ah, b - bh
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _round_to_odd_sum(a, b):
    """``a + b`` rounded to odd: exact sums stay, inexact ones go to the neighbour with an odd last bit."""
    s, e = _two_sum(a, b)
    even = (s.view(np.int64) & 1) == 0
    return np.where((e != 0) & even, np.nextafter(s, np.copysign(np.inf, e)), s)


def fma(a, b, c):
    """``a·b + c`` rounded once, as a fused multiply-add rounds it, elementwise (NumPy has no fma).

    torch's CPU kernels fuse ``p.add_(u, alpha=a)`` into ``fma(u, a, p)`` and compute a 2-vector's
    norm with one, so matching torch to the last bit needs the fused rounding.  Boldo and
    Melquiond's emulation (IEEE Trans. Computers 57(4), 2008): the exact product ``uh + ul``, the
    exact sum ``c + uh = th + tl``, then ``th + RO(tl + ul)`` where RO rounds to odd; correct
    whenever nothing overflows or underflows (checked against exact rational arithmetic on
    120,000 triples, cancellations and ties included).
    """
    a, b, c = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (a, b, c)))
    with np.errstate(all="ignore"):
        uh, ul = _two_product(a, b)
        th, tl = _two_sum(c, uh)
        out = th + _round_to_odd_sum(tl, ul)
        # infinities and NaNs make the error terms NaN: there the plain expression is the answer
        return np.where(np.isfinite(out), out, a * b + c)


def norm2(v: np.ndarray) -> np.ndarray:
    """The length of each 2-vector along the last axis, rounded as torch's ``Tensor.norm(2)`` rounds it.

    torch computes ``√(fma(v₁, v₁, v₀·v₀))`` for two numbers (checked against torch 2.13 on 120,000
    random pairs); ``np.hypot`` and ``np.linalg.norm`` differ from it in the last bit about once in
    ten.  Shape ``(..., 2)`` in, ``(..., 1)`` out.
    """
    v = np.asarray(v, dtype=float)
    x, y = v[..., 0:1], v[..., 1:2]
    with np.errstate(all="ignore"):
        return np.sqrt(fma(y, y, x * x))


def fused_lerp(start, end, weight):
    """torch's ``start.lerp_(end, weight)`` to the last bit: ``fma(w, end − start, start)`` for w < 0.5,
    else ``fma(w − 1, end − start, end)`` (exact at both ends; torch's kernel fuses the multiply-add)."""
    diff = np.asarray(end, dtype=float) - start
    small = np.asarray(weight) < 0.5
    return np.where(small, fma(weight, diff, start), fma(np.asarray(weight) - 1.0, diff, end))


def fma_float(a: float, b: float, c: float) -> float:
    """:func:`fma` for three Python floats, without NumPy's per-call cost (L-BFGS steps one run at a time
    on 2-vectors, where a NumPy call costs a hundred times the arithmetic).  Same algorithm."""
    p = a * b
    ka, kb = 134217729.0 * a, 134217729.0 * b
    ah, bh = ka - (ka - a), kb - (kb - b)
    al, bl = a - ah, b - bh
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    s = c + p
    bb = s - c
    t = (c - (s - bb)) + (p - bb)
    u = t + e  # then rounded to odd: an inexact sum with an even last bit moves to its odd neighbour
    bb = u - t
    w = (t - (u - bb)) + (e - bb)
    if w != 0 and u != 0 and (u / math.ulp(u)) % 2 == 0:
        u = math.nextafter(u, math.copysign(math.inf, w))
    out = s + u
    return out if math.isfinite(out) else a * b + c
