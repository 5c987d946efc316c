"""Rprop: resilient backpropagation, a step size per coordinate driven by the gradient's sign alone."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers.base import Optimizer, lr_spec, register
from paramspec import ParamSpec


class RpropState(NamedTuple):
    prev: np.ndarray  # the previous gradient (0 where its sign flipped)
    step_size: np.ndarray | None  # s: each coordinate's own step; None until the first update sets it to lr


@register
class Rprop(Optimizer):
    """Rprop: each coordinate moves by its own step s, which grows while the gradient keeps its sign
    and shrinks when it flips; the gradient's size is ignored.

    The steps start at the learning rate of the first update; later learning rates (a schedule) do
    not change them.  As in torch, step_size_min above step_size_max is not refused: every clamped
    step is then step_size_max.
    """

    name = "rprop"
    title = "Rprop"
    pairs = {"etas": ("eta_minus", "eta_plus"), "step_sizes": ("step_size_min", "step_size_max")}
    specs = (
        lr_spec(1e-2),
        ParamSpec("eta_minus", 0.5, "η⁻: the step shrinks by this factor when the gradient's sign flips",
                  low=0.0, high=1.0, low_open=True, high_open=True),
        ParamSpec("eta_plus", 1.2, "η⁺: the step grows by this factor while the gradient keeps its sign",
                  low=1.0, low_open=True, ui_high=5.0),
        ParamSpec("step_size_min", 1e-6, "the smallest step a coordinate may take", low=0.0, log=True,
                  ui_low=1e-12, ui_high=1.0),
        ParamSpec("step_size_max", 50.0, "the largest step a coordinate may take", low=0.0, low_open=True,
                  log=True, ui_low=1e-3, ui_high=100.0),
    )
    latex = (
        r"s_t = \begin{cases}\min(\eta^+ s_{t-1},\ s_{\max}) & g_t\, g_{t-1} > 0\\"
        r" \max(\eta^- s_{t-1},\ s_{\min}),\ \ g_t \leftarrow 0 & g_t\, g_{t-1} < 0\\"
        r" s_{t-1} & \text{otherwise}\end{cases}\qquad (s_0 = \gamma,\ g_0 = 0)\\"
        r"\theta_t = \theta_{t-1} - s_t\,\operatorname{sign}(g_t)"
    )
    convention = (
        "torch.optim.Rprop: etas = (η⁻, η⁺) = (0.5, 1.2), step_sizes = (s_min, s_max) = (1e-6, 50); after a "
        "sign flip the gradient is stored as 0, so the next step neither grows nor shrinks (the iRprop⁻ "
        "variant). Only the first learning rate matters: it is every coordinate's first step."
    )

    def init(self, xy):
        return RpropState(np.zeros_like(xy), None)

    def step(self, xy, g, state, lr, t):
        h = self.h
        eta_minus, eta_plus = h["eta_minus"], h["eta_plus"]
        step_size = np.broadcast_to(lr, xy.shape).astype(float) if state.step_size is None else state.step_size
        sign = np.sign(g * state.prev)
        # torch overwrites the sign in place: >0 by η⁺, <0 by η⁻, 0 by 1 (a NaN stays NaN)
        factor = np.where(sign > 0, eta_plus, np.where(sign < 0, eta_minus, np.where(sign == 0, 1.0, sign)))
        step_size = np.clip(step_size * factor, h["step_size_min"], h["step_size_max"])
        g = np.where(factor == eta_minus, 0.0, g)
        return xy - np.sign(g) * step_size, RpropState(g, step_size)
