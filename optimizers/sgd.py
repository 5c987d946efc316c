"""Stochastic gradient descent, with heavy-ball or Nesterov momentum (torch.optim.SGD)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers.base import Optimizer, lr_spec, register, weight_decay_spec
from paramspec import ParamSpec
from refusal import Refusal


class SGDState(NamedTuple):
    momentum_buffer: np.ndarray  # b: the running (damped) sum of gradients


@register
class SGD(Optimizer):
    """SGD with optional momentum, dampening, Nesterov momentum and L2 weight decay.

    With μ = 0 this is plain gradient descent ``θ -= γ g``.
    """

    name = "sgd"
    title = "SGD"
    specs = (
        lr_spec(1e-3),
        ParamSpec("momentum", 0.0, "momentum μ: how much of the previous step carries over", low=0.0, high=1.0,
                  high_open=True),
        ParamSpec("dampening", 0.0, "dampening τ: scales the new gradient in the buffer by (1-τ)", low=0.0,
                  high=1.0),
        ParamSpec("nesterov", False, "Nesterov momentum: look ahead along the momentum", kind="bool"),
        weight_decay_spec(),
    )
    latex = (
        r"g_t = \nabla f(\theta_{t-1}) + \lambda\theta_{t-1}\\"
        r"b_1 = g_1,\quad b_t = \mu\, b_{t-1} + (1-\tau)\, g_t\\"
        r"d_t = \begin{cases} g_t + \mu\, b_t & \text{Nesterov} \\ b_t & \text{otherwise}\end{cases}\\"
        r"\theta_t = \theta_{t-1} - \gamma\, d_t"
    )
    convention = (
        "torch.optim.SGD: the learning rate sits outside the momentum buffer and the buffer starts at the "
        "first gradient. Keras and the book keep v = μv − γg inside the buffer; for a constant learning "
        "rate and τ = 0 both give the same path, but they differ once a schedule changes γ."
    )

    def _check(self) -> None:
        h = self.hyperparameters
        if h["nesterov"] and (np.any(h["momentum"] <= 0) or np.any(h["dampening"] != 0)):
            raise Refusal("nesterov", "Nesterov momentum requires momentum > 0 and dampening = 0")

    def init(self, xy):
        return SGDState(np.zeros_like(xy))

    def step(self, xy, g, state, lr, t):
        h = self.h
        mu, tau, wd = h["momentum"], h["dampening"], h["weight_decay"]
        if self.nonzero["weight_decay"]:
            g = g + wd * xy
        if not self.nonzero["momentum"]:
            return xy - lr * g, state
        if t == 1:
            buf = g.copy()
        else:
            new_part = (1.0 - tau) * g if self.nonzero["dampening"] else g
            buf = state.momentum_buffer * mu + new_part
        d = g + mu * buf if h["nesterov"] else buf
        if np.ndim(mu) and not np.all(mu):
            # torch skips the buffer entirely when μ = 0; with dampening that differs from μ = 0 in the formula
            d = np.where(mu == 0, g, d)
        return xy - lr * d, SGDState(buf)
