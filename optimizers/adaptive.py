"""Per-coordinate adaptive methods: AdaGrad, RMSprop, Adadelta (torch.optim conventions)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers.base import Optimizer, beta_spec, eps_spec, lerp, lr_spec, register, weight_decay_spec
from paramspec import ParamSpec


class AdagradState(NamedTuple):
    sum_sq: np.ndarray  # s: the sum of squared gradients


@register
class Adagrad(Optimizer):
    """AdaGrad: divide each coordinate's step by the root of its summed squared gradients."""

    name = "adagrad"
    title = "AdaGrad"
    specs = (
        lr_spec(1e-2),
        ParamSpec("lr_decay", 0.0, "η: the learning rate is divided by 1 + (t−1)η", low=0.0, ui_high=1.0),
        weight_decay_spec(),
        ParamSpec("initial_accumulator_value", 0.0, "s₀: the starting sum of squares", low=0.0, ui_high=1.0),
        eps_spec(1e-10),
    )
    latex = (
        r"g_t = \nabla f(\theta_{t-1}) + \lambda\theta_{t-1}\\"
        r"\tilde\gamma_t = \frac{\gamma}{1 + (t-1)\,\eta}\\"
        r"s_t = s_{t-1} + g_t^2\\"
        r"\theta_t = \theta_{t-1} - \tilde\gamma_t\,\frac{g_t}{\sqrt{s_t} + \epsilon}"
    )
    convention = (
        "torch.optim.Adagrad: ε outside the square root, s₀ = 0. The book uses ε = 1e-7; Keras starts "
        "s at 0.1 and puts ε inside the root."
    )

    def init(self, xy):
        return AdagradState(np.zeros_like(xy) + self.h["initial_accumulator_value"])

    def step(self, xy, g, state, lr, t):
        h = self.h
        if self.nonzero["weight_decay"]:
            g = g + h["weight_decay"] * xy
        clr = lr / (1 + (t - 1) * h["lr_decay"])
        s = state.sum_sq + g * g
        std = np.sqrt(s) + h["eps"]
        return xy - (clr * g) / std, AdagradState(s)


class RMSpropState(NamedTuple):
    square_avg: np.ndarray  # v: moving average of g²
    grad_avg: np.ndarray  # ḡ: moving average of g (centered only)
    momentum_buffer: np.ndarray  # b


@register
class RMSprop(Optimizer):
    """RMSprop: divide by the root of a moving average of squared gradients."""

    name = "rmsprop"
    title = "RMSprop"
    specs = (
        lr_spec(1e-2),
        beta_spec("alpha", 0.99, "α: decay of the average of squared gradients"),
        eps_spec(1e-8),
        weight_decay_spec(),
        ParamSpec("momentum", 0.0, "momentum μ on the normalised step", low=0.0, high=1.0, high_open=True),
        ParamSpec("centered", False, "centered: divide by an estimate of the variance instead", kind="bool"),
    )
    latex = (
        r"g_t = \nabla f(\theta_{t-1}) + \lambda\theta_{t-1}\\"
        r"v_t = \alpha\, v_{t-1} + (1-\alpha)\, g_t^2\\"
        r"d_t = \begin{cases}\sqrt{v_t - \bar g_t^2} + \epsilon,\ \ \bar g_t = \alpha\bar g_{t-1} + (1-\alpha) g_t"
        r" & \text{centered}\\ \sqrt{v_t} + \epsilon & \text{otherwise}\end{cases}\\"
        r"b_t = \mu\, b_{t-1} + g_t / d_t,\qquad \theta_t = \theta_{t-1} - \gamma\, b_t"
    )
    convention = (
        "torch.optim.RMSprop: α = 0.99, ε outside the root. Keras defaults to ρ = 0.9 with ε inside "
        "the root; the book uses ε = 1e-7 outside."
    )

    def init(self, xy):
        z = np.zeros_like(xy)
        return RMSpropState(z, z.copy(), z.copy())

    def step(self, xy, g, state, lr, t):
        h = self.h
        alpha = h["alpha"]
        if self.nonzero["weight_decay"]:
            g = g + h["weight_decay"] * xy
        v = state.square_avg * alpha + (1 - alpha) * g * g
        grad_avg = state.grad_avg
        if h["centered"]:
            grad_avg = lerp(grad_avg, g, 1 - alpha)
            avg = np.sqrt(v - grad_avg * grad_avg)
        else:
            avg = np.sqrt(v)
        avg = avg + h["eps"]
        if self.nonzero["momentum"]:
            buf = state.momentum_buffer * h["momentum"] + g / avg
            return xy - lr * buf, RMSpropState(v, grad_avg, buf)
        return xy - (lr * g) / avg, RMSpropState(v, grad_avg, state.momentum_buffer)


class AdadeltaState(NamedTuple):
    square_avg: np.ndarray  # v: moving average of g²
    acc_delta: np.ndarray  # u: moving average of Δ²


@register
class Adadelta(Optimizer):
    """Adadelta: a step whose units match θ, from the ratio of two running RMS values."""

    name = "adadelta"
    title = "Adadelta"
    specs = (
        lr_spec(1.0),
        beta_spec("rho", 0.9, "ρ: decay of both running averages"),
        eps_spec(1e-6),
        weight_decay_spec(),
    )
    latex = (
        r"v_t = \rho\, v_{t-1} + (1-\rho)\, g_t^2\\"
        r"\Delta_t = \frac{\sqrt{u_{t-1} + \epsilon}}{\sqrt{v_t + \epsilon}}\; g_t\\"
        r"u_t = \rho\, u_{t-1} + (1-\rho)\,\Delta_t^2\\"
        r"\theta_t = \theta_{t-1} - \gamma\,\Delta_t"
    )
    convention = (
        "torch.optim.Adadelta: lr = 1 multiplies Δ (the paper has no learning rate), ρ = 0.9, ε = 1e-6 "
        "inside both roots. Keras defaults to lr = 1e-3 and ρ = 0.95."
    )

    def init(self, xy):
        z = np.zeros_like(xy)
        return AdadeltaState(z, z.copy())

    def step(self, xy, g, state, lr, t):
        h = self.h
        rho, eps = h["rho"], h["eps"]
        if self.nonzero["weight_decay"]:
            g = g + h["weight_decay"] * xy
        v = state.square_avg * rho + (1 - rho) * g * g
        delta = np.sqrt(state.acc_delta + eps) / np.sqrt(v + eps) * g
        u = state.acc_delta * rho + (1 - rho) * delta * delta
        return xy - lr * delta, AdadeltaState(v, u)
