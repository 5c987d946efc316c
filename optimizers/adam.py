"""Adam and its family: Adam (with AMSGrad), AdamW, Adamax, NAdam, RAdam (torch.optim conventions)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers.base import Optimizer, beta_spec, eps_spec, lerp, lr_spec, register, weight_decay_spec
from optimizers.exact import power
from paramspec import ParamSpec


class AdamState(NamedTuple):
    exp_avg: np.ndarray  # m: moving average of g
    exp_avg_sq: np.ndarray  # v: moving average of g²
    max_exp_avg_sq: np.ndarray  # v_max (AMSGrad only)


def betas_specs(beta2: float = 0.999):
    return (
        beta_spec("beta1", 0.9, "β₁: decay of the gradient average (momentum)"),
        beta_spec("beta2", beta2, "β₂: decay of the squared-gradient average"),
    )


AMSGRAD = ParamSpec("amsgrad", False, "AMSGrad: divide by the largest v seen so far", kind="bool")


def adam_direction(m, v, vmax, h, t, lr, amsgrad):
    """The Adam step ``γ/(1-β₁ᵗ) · m / (√v/√(1-β₂ᵗ) + ε)`` in torch's order of operations."""
    bias_correction1 = 1 - power(h["beta1"], t)
    bias_correction2_sqrt = np.sqrt(1 - power(h["beta2"], t))
    step_size = lr / bias_correction1
    # new arrays updated in place (same rounding as the one-line formula, a third of the allocations)
    denom = np.sqrt(vmax if amsgrad else v)
    denom /= bias_correction2_sqrt
    denom += h["eps"]
    step = step_size * m
    step /= denom
    return step


def adam_moments(g, state, h):
    """Update m, v (and v_max) from g: ``m = β₁m + (1-β₁)g``, ``v = β₂v + (1-β₂)g²``."""
    m = lerp(state.exp_avg, g, 1 - h["beta1"])
    v = (1 - h["beta2"]) * g
    v *= g
    v += state.exp_avg_sq * h["beta2"]
    vmax = np.maximum(state.max_exp_avg_sq, v) if h["amsgrad"] else state.max_exp_avg_sq
    return AdamState(m, v, vmax)


def zeros3(xy):
    z = np.zeros_like(xy)
    return AdamState(z, z.copy(), z.copy())


@register
class Adam(Optimizer):
    """Adam: momentum on g divided by the root of a moving average of g², both bias-corrected."""

    name = "adam"
    title = "Adam"
    specs = (lr_spec(1e-3), *betas_specs(), eps_spec(1e-8), weight_decay_spec(), AMSGRAD)
    latex = (
        r"g_t = \nabla f(\theta_{t-1}) + \lambda\theta_{t-1}\\"
        r"m_t = \beta_1 m_{t-1} + (1-\beta_1)\, g_t,\qquad v_t = \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2\\"
        r"\hat m_t = \frac{m_t}{1-\beta_1^t},\qquad \hat v_t = \frac{v_t \ \text{or}\ \max_{s\le t} v_s"
        r"\ (\text{AMSGrad})}{1-\beta_2^t}\\"
        r"\theta_t = \theta_{t-1} - \gamma\,\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}"
    )
    convention = (
        "torch.optim.Adam: ε is added after bias-correcting √v; weight decay is a coupled L2 term; "
        "AMSGrad keeps the maximum of the raw v. Keras and the book fold the bias correction into the "
        "step size (ε̂ = ε√(1−β₂ᵗ)) and default to ε = 1e-7: a difference only while v is tiny."
    )

    def init(self, xy):
        return zeros3(xy)

    def step(self, xy, g, state, lr, t):
        h = self.h
        if self.nonzero["weight_decay"]:
            g = g + h["weight_decay"] * xy
        state = adam_moments(g, state, h)
        step = adam_direction(state.exp_avg, state.exp_avg_sq, state.max_exp_avg_sq, h, t, lr, h["amsgrad"])
        return np.subtract(xy, step, out=step), state


@register
class AdamW(Optimizer):
    """AdamW: Adam with decoupled weight decay (shrink θ first, then an Adam step on the raw gradient)."""

    name = "adamw"
    title = "AdamW"
    specs = (lr_spec(1e-3), *betas_specs(), eps_spec(1e-8),
             weight_decay_spec(1e-2, "decoupled decay λ: θ shrinks by γλθ each step"), AMSGRAD)
    latex = (
        r"\theta' = \theta_{t-1}\,(1 - \gamma\lambda)\\"
        r"m_t = \beta_1 m_{t-1} + (1-\beta_1)\, g_t,\qquad v_t = \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2\\"
        r"\theta_t = \theta' - \gamma\,\frac{m_t/(1-\beta_1^t)}{\sqrt{v_t/(1-\beta_2^t)} + \epsilon}"
    )
    convention = "torch.optim.AdamW: λ = 0.01 by default and multiplied by the current γ. Keras uses λ = 0.004."

    def init(self, xy):
        return zeros3(xy)

    def step(self, xy, g, state, lr, t):
        h = self.h
        if self.nonzero["weight_decay"]:
            xy = xy * (1 - lr * h["weight_decay"])
        state = adam_moments(g, state, h)
        step = adam_direction(state.exp_avg, state.exp_avg_sq, state.max_exp_avg_sq, h, t, lr, h["amsgrad"])
        return np.subtract(xy, step, out=step), state


class AdamaxState(NamedTuple):
    exp_avg: np.ndarray  # m
    exp_inf: np.ndarray  # u: the exponentially weighted infinity norm


@register
class Adamax(Optimizer):
    """Adamax: Adam with the infinity norm in place of the root mean square."""

    name = "adamax"
    title = "Adamax"
    specs = (lr_spec(2e-3), *betas_specs(), eps_spec(1e-8), weight_decay_spec())
    latex = (
        r"m_t = \beta_1 m_{t-1} + (1-\beta_1)\, g_t\\"
        r"u_t = \max(\beta_2 u_{t-1},\ |g_t| + \epsilon)\\"
        r"\theta_t = \theta_{t-1} - \frac{\gamma}{1-\beta_1^t}\,\frac{m_t}{u_t}"
    )
    convention = "torch.optim.Adamax: ε inside the max. Keras adds ε outside: u_t + ε."

    def init(self, xy):
        z = np.zeros_like(xy)
        return AdamaxState(z, z.copy())

    def step(self, xy, g, state, lr, t):
        h = self.h
        if self.nonzero["weight_decay"]:
            g = g + h["weight_decay"] * xy
        m = lerp(state.exp_avg, g, 1 - h["beta1"])
        u = np.maximum(state.exp_inf * h["beta2"], np.abs(g) + h["eps"])
        clr = lr / (1 - power(h["beta1"], t))
        return xy - (clr * m) / u, AdamaxState(m, u)


class NAdamState(NamedTuple):
    exp_avg: np.ndarray
    exp_avg_sq: np.ndarray
    mu_product: np.ndarray | float  # Π_t = μ_1 ⋯ μ_t


@register
class NAdam(Optimizer):
    """NAdam: Adam with Nesterov momentum and Dozat's warming momentum schedule μ_t."""

    name = "nadam"
    title = "NAdam"
    specs = (lr_spec(2e-3), *betas_specs(), eps_spec(1e-8), weight_decay_spec(),
             ParamSpec("momentum_decay", 4e-3, "ψ: how fast the momentum μ_t warms up towards β₁", low=0.0,
                       ui_high=0.1))
    latex = (
        r"\mu_t = \beta_1\left(1 - \tfrac12\, 0.96^{t\psi}\right),\qquad \Pi_t = \prod_{i\le t}\mu_i\\"
        r"m_t = \beta_1 m_{t-1} + (1-\beta_1)\, g_t,\qquad v_t = \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2\\"
        r"\theta_t = \theta_{t-1} - \gamma\left(\frac{\mu_{t+1}\, m_t}{1 - \Pi_t\mu_{t+1}} + "
        r"\frac{(1-\mu_t)\, g_t}{1 - \Pi_t}\right)\Big/\left(\sqrt{\frac{v_t}{1-\beta_2^t}} + \epsilon\right)"
    )
    convention = (
        "torch.optim.NAdam: ψ = 0.004, so early momentum is about β₁/2 ≈ 0.45 and grows slowly "
        "(μ₁₀₀₀ ≈ 0.52). Keras 3 drops ψ (μ_t = β₁(1 − ½·0.96ᵗ)), which warms up far faster."
    )

    def init(self, xy):
        z = np.zeros_like(xy)
        return NAdamState(z, z.copy(), 1.0)

    def step(self, xy, g, state, lr, t):
        h = self.h
        b1, b2, psi = h["beta1"], h["beta2"], h["momentum_decay"]
        if self.nonzero["weight_decay"]:
            g = g + h["weight_decay"] * xy
        mu = b1 * (1.0 - 0.5 * power(0.96, t * psi))
        mu_next = b1 * (1.0 - 0.5 * power(0.96, (t + 1) * psi))
        mu_product = state.mu_product * mu
        m = lerp(state.exp_avg, g, 1 - b1)
        v = state.exp_avg_sq * b2 + (1 - b2) * g * g
        denom = np.sqrt(v / (1 - power(b2, t))) + h["eps"]
        mu_product_next = mu_product * mu_next
        # torch's addcdiv rounds as (value·a)/b: keep that order so the paths agree to the last bit
        xy = xy + ((-lr * (1.0 - mu) / (1.0 - mu_product)) * g) / denom
        xy = xy + ((-lr * mu_next / (1.0 - mu_product_next)) * m) / denom
        return xy, NAdamState(m, v, mu_product)


@register
class RAdam(Optimizer):
    """RAdam: Adam whose adaptive step is switched on only once the variance of v is tractable."""

    name = "radam"
    title = "RAdam"
    specs = (lr_spec(1e-3), *betas_specs(), eps_spec(1e-8), weight_decay_spec())
    latex = (
        r"\rho_\infty = \frac{2}{1-\beta_2} - 1,\qquad \rho_t = \rho_\infty - \frac{2t\,\beta_2^t}{1-\beta_2^t}\\"
        r"\hat m_t = \frac{m_t}{1-\beta_1^t}\\"
        r"\theta_t = \begin{cases}\theta_{t-1} - \gamma\,\hat m_t\, r_t\,"
        r"\dfrac{\sqrt{1-\beta_2^t}}{\sqrt{v_t}+\epsilon}"
        r" & \rho_t > 5\\ \theta_{t-1} - \gamma\,\hat m_t & \text{otherwise}\end{cases}\\"
        r"r_t = \sqrt{\frac{(\rho_t-4)(\rho_t-2)\,\rho_\infty}{(\rho_\infty-4)(\rho_\infty-2)\,\rho_t}}"
    )
    convention = (
        "torch.optim.RAdam: with β₂ = 0.999 the first five steps are plain momentum SGD and the "
        "rectified adaptive step starts at t = 6."
    )

    def init(self, xy):
        z = np.zeros_like(xy)
        return AdamState(z, z.copy(), z)

    def step(self, xy, g, state, lr, t):
        h = self.h
        b1, b2 = h["beta1"], h["beta2"]
        if self.nonzero["weight_decay"]:
            g = g + h["weight_decay"] * xy
        m = lerp(state.exp_avg, g, 1 - b1)
        v = state.exp_avg_sq * b2 + (1 - b2) * g * g
        bias_correction2 = 1 - power(b2, t)
        m_hat = m / (1 - power(b1, t))
        rho_inf = 2 / (1 - b2) - 1
        rho_t = rho_inf - 2 * t * power(b2, t) / bias_correction2
        plain = m_hat * lr
        if np.all(rho_t <= 5.0):
            return xy - plain, AdamState(m, v, state.max_exp_avg_sq)
        with np.errstate(invalid="ignore", divide="ignore"):
            rect = np.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
        adaptive = power(bias_correction2, 0.5) / (np.sqrt(v) + h["eps"])
        rectified = m_hat * lr * adaptive * rect
        step = rectified if np.all(rho_t > 5.0) else np.where(rho_t > 5.0, rectified, plain)
        return xy - step, AdamState(m, v, state.max_exp_avg_sq)
