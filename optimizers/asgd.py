"""ASGD: averaged stochastic gradient descent, which also keeps the running average of the iterates."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers.base import Optimizer, lr_spec, register, weight_decay_spec
from optimizers.exact import fma, power
from paramspec import ParamSpec


class ASGDState(NamedTuple):
    eta: np.ndarray | float | None  # η: the step size of the next update; None until the first sets it to lr
    mu: np.ndarray | float  # μ: the averaging weight of the next update
    ax: np.ndarray  # the running average of the iterates (ā)


@register
class ASGD(Optimizer):
    """ASGD (Polyak-Ruppert averaging): SGD with a slowly decaying step, plus ``ax``, the mean of the
    points θ_{t₀+2}, …, θ_t it visits from update t₀ + 2 on (before that, ``ax`` is the current point).

    The averaged point is what the method returns in theory: it jitters far less than the iterate
    under gradient noise.  ``ax`` is drawn as a second path; before the first update it is the start.
    """

    name = "asgd"
    title = "ASGD"
    paths = ("ax",)
    specs = (
        lr_spec(1e-2),
        ParamSpec("lambd", 1e-4, "λ: decay term; the step shrinks as η = γ/(1 + λγt)^α", low=0.0, ui_high=1.0),
        ParamSpec("alpha", 0.75, "α: the power of the step-size decay", low=0.0, ui_high=2.0),
        # a whole number (torch's float 1e6 is accepted): typed exactly, where a slider to 10⁶ could not hit 5
        ParamSpec("t0", 1_000_000, "t₀: the update from which the iterates are averaged", kind="int", low=0,
                  high=10**9, batchable=False),
        weight_decay_spec(),
    )
    latex = (
        r"g_t = \nabla f(\theta_{t-1}) + \lambda_{wd}\theta_{t-1}\\"
        r"\theta_t = \theta_{t-1}\,(1 - \lambda\eta_{t-1}) - \eta_{t-1}\, g_t\qquad (\eta_0 = \gamma)\\"
        r"\bar a_t = \bar a_{t-1} + \mu_{t-1}\,(\theta_t - \bar a_{t-1})\qquad (\mu_0 = 1)\\"
        r"\eta_t = \frac{\gamma}{(1 + \lambda\gamma t)^{\alpha}},\qquad \mu_t = \frac{1}{\max(1,\ t - t_0)}"
    )
    convention = (
        "torch.optim.ASGD: its for-loop implementation, λ = 1e-4, α = 0.75, t₀ = 1e6, so with the defaults "
        "the step barely decays and the average is simply the current point until update 10⁶; set t₀ "
        "small to see the averaged path ā. torch's foreach version decays η as γ/(1 + λγt^α) instead."
    )

    def init(self, xy):
        return ASGDState(None, 1.0, np.zeros_like(xy))

    def step(self, xy, g, state, lr, t):
        h = self.h
        eta = lr if state.eta is None else state.eta
        # torch's add_(…, alpha=a) is one fused multiply-add: g + λθ and θ − ηg are rounded once
        if self.nonzero["weight_decay"]:
            g = fma(xy, h["weight_decay"], g)
        xy = xy * (1 - h["lambd"] * eta)
        xy = fma(g, -eta, xy)
        mu = state.mu
        # torch copies θ when μ = 1 (exactly: ā + 1·(θ - ā) may round away from θ)
        ax = np.where(mu == 1, xy, state.ax + (xy - state.ax) * mu)
        new_eta = lr / power(1 + h["lambd"] * lr * float(t), h["alpha"])
        new_mu = 1 / np.maximum(1.0, float(t) - h["t0"])
        return xy, ASGDState(new_eta, new_mu, ax)

    def points(self, state, xy):
        """The averaged point ā: the start (``xy``) before the first update."""
        return {"ax": xy if state.eta is None else state.ax}
