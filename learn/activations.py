"""Activation functions and their derivatives, shared by the initialization experiment and the MLP."""

from __future__ import annotations

import numpy as np

ACTIVATIONS = ("sigmoid", "tanh", "relu")


def check_activation(name: str) -> str:
    if name not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)} (got {name!r})")
    return name


def sigmoid(a: np.ndarray) -> np.ndarray:
    # split by sign so exp never overflows: 1/(1+e^-a) for a >= 0, e^a/(1+e^a) for a < 0
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def activate(name: str, a: np.ndarray) -> np.ndarray:
    """The activation ``name`` applied elementwise to the pre-activation ``a``."""
    if name == "sigmoid":
        return sigmoid(a)
    if name == "tanh":
        return np.tanh(a)
    if name == "relu":
        return np.maximum(a, 0.0)
    raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)} (got {name!r})")


def derivative_from_output(name: str, z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """d activation / d a, written with the output ``z`` where that is cheaper.

    ReLU's derivative at exactly 0 is taken as 0 (the kink: a gradient check there fails).
    """
    if name == "sigmoid":
        return z * (1.0 - z)
    if name == "tanh":
        return 1.0 - z * z
    if name == "relu":
        return (a > 0).astype(a.dtype)
    raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)} (got {name!r})")
