"""optimizers.exact.power: an array of powers rounds exactly like the same powers one at a time."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from optimizers.exact import power

BASES = st.floats(1e-3, 1.0, allow_nan=False)
EXPONENTS = st.floats(-50.0, 5000.0, allow_nan=False)


@given(arrays(float, st.integers(1, 40), elements=BASES), st.integers(0, 5000))
def test_array_base_matches_python_pow(bases, t):
    out = power(bases, t)
    expected = [b ** float(t) for b in bases.tolist()]
    assert out.tolist() == expected


@given(BASES, arrays(float, st.integers(1, 40), elements=EXPONENTS))
def test_array_exponent_matches_python_pow(base, exponents):
    out = power(base, exponents)
    expected = [base**e for e in exponents.tolist()]
    assert out.tolist() == expected


def test_scalars_give_a_float_and_shapes_broadcast():
    assert power(0.1, 2) == 0.1**2 == 0.010000000000000002
    grid = power(np.array([[0.5], [0.9]]), np.array([1.0, 2.0, 3.0]))
    assert grid.shape == (2, 3) and grid[1, 2] == 0.9**3
    assert math.isnan(power(-2.0, 0.5)) and power(-2.0, 3.0) == -8.0
    assert power(0.0, -1.0) == math.inf and power(np.array([0.0, 2.0]), -1.0).tolist() == [math.inf, 0.5]
