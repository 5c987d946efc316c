"""Adafactor for a parameter vector: Adam-like scaling without momentum, with a relative step size."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers.base import Optimizer, lr_spec, register, weight_decay_spec
from optimizers.exact import fma, fused_lerp, norm2, power
from paramspec import ParamSpec

#: torch's eps1 = None: the machine epsilon of the parameter's dtype (float64 here)
FLOAT64_EPS = float(np.finfo(np.float64).eps)
SQRT_NUMEL = 2**0.5  # √n for the n = 2 coordinates of a point: RMS(v) = ‖v‖/√n


class AdafactorState(NamedTuple):
    variance: np.ndarray  # V: moving average of g², with a decay that approaches 1


@register
class Adafactor(Optimizer):
    """Adafactor (Shazeer & Stern 2018) as torch.optim.Adafactor applies it to a 1-D parameter.

    No momentum; the average of g² decays with β̂₂ = 1 - t^(-0.8), so early steps average little;
    the step is relative to the size of θ (its RMS, at least ε₂) and capped by ρ_t = min(γ, 1/√t);
    an update whose RMS exceeds d is scaled down to RMS d.  For a matrix torch factors V into row
    and column averages (hence the name); for a vector, as here, V is kept whole.
    """

    name = "adafactor"
    title = "Adafactor"
    pairs = {"eps": ("eps1", "eps2")}  # torch: eps=(None, 1e-3)
    trains_network = False  # networks have matrices, for which torch's rule factors V: not implemented here
    specs = (
        lr_spec(1e-2),
        ParamSpec("beta2_decay", -0.8, "the decay of g²'s average is β̂₂ = 1 − t^beta2_decay", high=0.0,
                  ui_low=-1.0, ui_high=0.0),
        ParamSpec("eps1", FLOAT64_EPS, "ε₁: floor of √V (torch's None: float64's machine epsilon)", low=0.0,
                  log=True, ui_low=1e-16, ui_high=1.0),
        ParamSpec("eps2", 1e-3, "ε₂: floor of RMS(θ) in the relative step size", low=0.0, log=True,
                  ui_low=1e-8, ui_high=1.0),
        ParamSpec("d", 1.0, "d: an update with RMS above d is scaled down to RMS d", low=1.0, ui_high=10.0),
        weight_decay_spec(0.0, "decoupled decay λ: θ shrinks by γλθ"),
    )
    latex = (
        r"\hat\beta_{2,t} = 1 - t^{c},\qquad \rho_t = \min\left(\gamma,\ \tfrac{1}{\sqrt t}\right),\qquad"
        r" \alpha_t = \max\bigl(\epsilon_2,\ \operatorname{RMS}(\theta_{t-1})\bigr)\,\rho_t\\"
        r"\theta' = \theta_{t-1}\,(1 - \gamma\lambda)\\"
        r"V_t = \hat\beta_{2,t} V_{t-1} + (1 - \hat\beta_{2,t})\, g_t^2\\"
        r"U_t = \frac{g_t}{\max(\sqrt{V_t},\ \epsilon_1)},\qquad"
        r" \theta_t = \theta' - \frac{\alpha_t}{\max\bigl(1,\ \operatorname{RMS}(U_t)/d\bigr)}\, U_t"
    )
    convention = (
        "torch.optim.Adafactor: torch ≥ 2.5, for a 1-D parameter; beta2_decay c = −0.8, eps = (ε₁, ε₂) = "
        "(None, 1e-3) with None meaning the dtype's machine epsilon, d = 1, decoupled weight decay; the "
        "relative step uses RMS(θ) before the decay. The paper's version also has momentum and factors V "
        "for matrices."
    )

    def init(self, xy):
        return AdafactorState(np.zeros_like(xy))

    def step(self, xy, g, state, lr, t):
        h = self.h
        one_minus_beta2 = power(float(t), h["beta2_decay"])
        rho = np.minimum(lr, 1 / power(float(t), 0.5))
        alpha = np.maximum(h["eps2"], norm2(xy) / SQRT_NUMEL) * rho
        if self.nonzero["weight_decay"]:
            xy = xy * (1 - lr * h["weight_decay"])
        variance = fused_lerp(state.variance, g * g, one_minus_beta2)
        update = 1 / np.sqrt(np.maximum(variance, h["eps1"] * h["eps1"]))  # torch: clamp_(min=ε₁²).rsqrt_()
        update = update * g
        denom = np.maximum(1.0, norm2(update) / (SQRT_NUMEL * h["d"]))
        # torch's param.add_(update, alpha=-α/denom) is one fused multiply-add per coordinate
        return fma(update, -alpha / denom, xy), AdafactorState(variance)
