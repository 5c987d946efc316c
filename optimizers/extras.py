"""Beyond torch.optim: Lion (sign of an interpolated momentum) and AdaBelief (belief in the gradient)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers.adam import AMSGRAD, betas_specs
from optimizers.base import Optimizer, eps_spec, lr_spec, register, weight_decay_spec
from optimizers.exact import power
from paramspec import ParamSpec


class LionState(NamedTuple):
    exp_avg: np.ndarray  # m


@register
class Lion(Optimizer):
    """Lion (EvoLved Sign Momentum): every coordinate moves by exactly ±γ (or 0)."""

    name = "lion"
    title = "Lion"
    specs = (lr_spec(1e-4), *betas_specs(0.99), weight_decay_spec(0.0, "decoupled decay λ: θ shrinks by γλθ"))
    latex = (
        r"\theta' = \theta_{t-1}\,(1 - \gamma\lambda)\\"
        r"c_t = \beta_1 m_{t-1} + (1-\beta_1)\, g_t\\"
        r"\theta_t = \theta' - \gamma\,\operatorname{sign}(c_t)\\"
        r"m_t = \beta_2 m_{t-1} + (1-\beta_2)\, g_t"
    )
    convention = (
        "The authors' PyTorch reference (lr = 1e-4, β = (0.9, 0.99), sign(0) = 0). Keras defaults to "
        "lr = 1e-3. Because the step has a fixed size γ per coordinate, Lion wants a learning rate 3-10× "
        "smaller than Adam's."
    )

    def init(self, xy):
        return LionState(np.zeros_like(xy))

    def step(self, xy, g, state, lr, t):
        h = self.h
        if self.nonzero["weight_decay"]:
            xy = xy * (1 - lr * h["weight_decay"])
        m = state.exp_avg
        c = m * h["beta1"] + g * (1 - h["beta1"])
        xy = xy - lr * np.sign(c)
        return xy, LionState(m * h["beta2"] + g * (1 - h["beta2"]))


class AdaBeliefState(NamedTuple):
    exp_avg: np.ndarray  # m
    exp_avg_var: np.ndarray  # s: moving average of (g - m)², ε added every step
    max_exp_avg_var: np.ndarray


@register
class AdaBelief(Optimizer):
    """AdaBelief: Adam that divides by the spread of g around its average, not by g² itself.

    With ``rectify`` (the default of the authors' release), the RAdam rectification applies:
    for ρ_t ≥ 5 the step is γ k_t m_t/(√s_t + ε), else the plain momentum step γ m_t/(1-β₁ᵗ).
    """

    name = "adabelief"
    title = "AdaBelief"
    specs = (
        lr_spec(1e-3), *betas_specs(), eps_spec(1e-16),
        weight_decay_spec(0.0, "decoupled decay λ: θ shrinks by γλθ"),
        AMSGRAD,
        ParamSpec("rectify", True, "RAdam-style rectification of the early steps", kind="bool"),
    )
    latex = (
        r"m_t = \beta_1 m_{t-1} + (1-\beta_1)\, g_t\\"
        r"s_t = \beta_2 s_{t-1} + (1-\beta_2)\,(g_t - m_t)^2 + \epsilon\\"
        r"\theta_t = \theta_{t-1} - \frac{\gamma}{1-\beta_1^t}\,"
        r"\frac{m_t}{\sqrt{s_t}/\sqrt{1-\beta_2^t} + \epsilon}\quad(\text{or RAdam-rectified})"
    )
    convention = (
        "The authors' adabelief-pytorch 0.2.1 defaults: ε = 1e-16 (added to s every step), decoupled "
        "weight decay, rectify = True with ρ_t ≥ 5 and a plain momentum step before that."
    )

    def init(self, xy):
        z = np.zeros_like(xy)
        return AdaBeliefState(z, z.copy(), z.copy())

    def step(self, xy, g, state, lr, t):
        h = self.h
        b1, b2, eps = h["beta1"], h["beta2"], h["eps"]
        if self.nonzero["weight_decay"]:
            xy = xy * (1.0 - lr * h["weight_decay"])
        bias_correction1 = 1 - power(b1, t)
        bias_correction2 = 1 - power(b2, t)
        m = state.exp_avg * b1 + (1 - b1) * g
        residual = g - m
        s = state.exp_avg_var * b2 + (1 - b2) * residual * residual + eps
        smax = state.max_exp_avg_var
        if h["amsgrad"]:
            smax = np.maximum(smax, s)
            denom = np.sqrt(smax) / np.sqrt(bias_correction2) + eps
        else:
            denom = np.sqrt(s) / np.sqrt(bias_correction2) + eps
        new_state = AdaBeliefState(m, s, smax)
        if not h["rectify"]:
            return xy - ((lr / bias_correction1) * m) / denom, new_state
        beta2_t = power(b2, t)
        rho_inf = 2 / (1 - b2) - 1
        rho_t = rho_inf - 2 * t * beta2_t / (1 - beta2_t)
        plain = (lr / bias_correction1) * m
        if np.all(rho_t < 5):
            return xy - plain, new_state
        with np.errstate(invalid="ignore", divide="ignore"):
            k = np.sqrt((1 - beta2_t) * (rho_t - 4) / (rho_inf - 4) * (rho_t - 2) / rho_t * rho_inf
                        / (rho_inf - 2)) / bias_correction1
        rectified = ((k * lr) * m) / (np.sqrt(smax if h["amsgrad"] else s) + eps)
        step = rectified if np.all(rho_t >= 5) else np.where(rho_t >= 5, rectified, plain)
        return xy - step, new_state
