"""Damped Newton's method on the exact Hessian, with an optional descent guard."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers.base import Optimizer, register
from paramspec import ParamSpec


class NewtonState(NamedTuple):
    """Newton keeps no state between steps: each step uses only the current gradient and Hessian."""


@register
class Newton(Optimizer):
    """Newton's method: jump to the stationary point of the local quadratic model.

    Below, ``[[a, b], [b, c]]`` is the damped Hessian H + δI.  Exact in one step on a quadratic; attracted
    to *any* stationary point (on x² − y² it jumps straight onto the saddle).  With ``guard`` on,
    a Newton direction that is not a descent direction (gᵀH⁻¹g ≤ 0, or H singular) is replaced by
    the plain gradient step −γ g.
    """

    name = "newton"
    title = "Newton"
    needs_hessian = True
    trains_network = False  # a network's Hessian is not a 2×2 matrix
    specs = (
        ParamSpec("lr", 1.0, "γ: damping of the Newton step (1 = the full step)", low=0.0, low_open=True,
                  log=True, ui_low=1e-3, ui_high=2.0),
        ParamSpec("damping", 0.0, "δ: added to the Hessian's diagonal (Levenberg)", low=0.0, ui_high=10.0),
        ParamSpec("guard", False, "fall back to a gradient step where Newton would not go downhill", kind="bool"),
        ParamSpec("weight_decay", 0.0, "L2 penalty λ: adds λθ to g and λ to the Hessian's diagonal", low=0.0,
                  ui_high=1.0),
    )
    latex = (
        r"H = \nabla^2 f(\theta_{t-1}) + \delta I = \begin{pmatrix} a & b\\ b & c\end{pmatrix}\\"
        r"d_t = H^{-1} g_t = \frac{1}{ac - b^2}\begin{pmatrix} c\,g_x - b\,g_y\\ a\,g_y - b\,g_x\end{pmatrix}\\"
        r"\text{guard: if } g_t^\top d_t \le 0 \text{ then } d_t = g_t\\"
        r"\theta_t = \theta_{t-1} - \gamma\, d_t"
    )
    convention = (
        "The textbook Newton step x ← x − H⁻¹∇f (cs231n), with a step size γ and Levenberg damping δ. "
        "Unguarded, it goes wherever the gradient vanishes — minimum, saddle or maximum — and fails "
        "where H is singular (the monkey saddle's centre)."
    )

    def init(self, xy):
        return NewtonState()

    def step(self, xy, g, state, lr, t, hessian=None):
        h = self.h
        a, b, c = hessian[..., 0, 0], hessian[..., 0, 1], hessian[..., 1, 1]
        if self.nonzero["weight_decay"]:
            g = g + h["weight_decay"] * xy
        shift = h["damping"] + h["weight_decay"]
        if np.any(shift):
            shift = np.broadcast_to(shift, xy.shape)[..., 0]
            a = a + shift
            c = c + shift
        det = a * c - b * b
        gx, gy = g[..., 0], g[..., 1]
        d = np.stack([(c * gx - b * gy) / det, (a * gy - b * gx) / det], axis=-1)
        if h["guard"]:
            descent = np.sum(g * d, axis=-1, keepdims=True)
            ok = np.isfinite(d).all(axis=-1, keepdims=True) & (descent > 0)
            d = np.where(ok, d, g)
        return xy - lr * d, state
