r"""The notes' general framework, as an optimizer you assemble: Δθ = −α·m_t / √V_t.

Notes 000 and 002 write every method as a choice of two functions of the gradients seen so far:
a *direction* m_t = φ(g₁, …, g_t) and a *scale* V_t = ψ(g₁, …, g_t).  :class:`Framework` lets a
student pick each part and see the path; :func:`named_equivalent` says which named optimizer the
choice is, and for each one it can express the paths are equal to the last bit (tests prove it),
because every operation is done in that optimizer's own order.

φ, the direction:

* ``gradient``: m_t = g_t (plain SGD's);
* ``heavy_ball``: b₁ = g₁, b_t = μ b_{t−1} + g_t, m_t = b_t (torch's momentum buffer);
* ``nesterov``: the same buffer, m_t = g_t + μ b_t (the look-ahead);
* ``ema``: m_t = β₁ m_{t−1} + (1−β₁) g_t, an exponential moving average (Adam's first moment).

ψ, the scale (the step divides by √V_t):

* ``one``: V_t = 1 (no adaptive scale);
* ``sum``: V_t = Σ g_i², the sum of squares (AdaGrad);
* ``ema``: V_t = β₂ V_{t−1} + (1−β₂) g_t² (RMSprop, Adam);
* ``ema_max``: the running maximum of that average (AMSGrad);
* ``max``: u_t = max(β₂ u_{t−1}, |g_t| + ε), used as √V_t itself (Adamax's infinity norm).

Bias correction divides an exponential average by 1 − βᵗ (its weight after t steps), so early
steps are not too small; it applies to φ = ``ema`` (by 1 − β₁ᵗ) and ψ = ``ema``/``ema_max`` (by
1 − β₂ᵗ).  ε goes outside the root (√V + ε, torch's choice) or inside (√(V + ε)).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers.base import Optimizer, beta_spec, eps_spec, lerp, lr_spec, register, weight_decay_spec
from optimizers.exact import power
from paramspec import ParamSpec

DIRECTIONS = ("gradient", "heavy_ball", "nesterov", "ema")
SCALES = ("one", "sum", "ema", "ema_max", "max")
EPS_PLACES = ("outside", "inside")


class FrameworkState(NamedTuple):
    direction: np.ndarray  # b or m: the momentum buffer or the first moment
    scale: np.ndarray  # the sum of squares, the average of g², or u (Adamax)
    scale_max: np.ndarray  # the largest average so far (ema_max only)


@register
class Framework(Optimizer):
    """Build your own optimizer: pick the direction φ and the scale ψ of Δθ = −α·m_t/√V_t."""

    name = "framework"
    title = "Build your own"
    # the rule works on arrays of any shape, but it is a Compare-page tool: the page names the
    # optimizer a choice equals under its panel, and the Train page's Keras defaults have no entry
    # for it; so it stays off Train (and facts' ``compare_only`` keeps it off the other pages)
    trains_network = False
    specs = (
        lr_spec(1e-2),
        ParamSpec("direction", "gradient", "φ: what the step follows", kind="choice", choices=DIRECTIONS,
                  batchable=False),
        ParamSpec("momentum", 0.9, "μ of the heavy-ball and Nesterov buffers", low=0.0, high=1.0, high_open=True),
        beta_spec("beta1", 0.9, "β₁: decay of the moving average of g (φ = ema)"),
        ParamSpec("scale", "one", "ψ: what the step divides by (its root)", kind="choice", choices=SCALES,
                  batchable=False),
        beta_spec("beta2", 0.999, "β₂: decay of the average of g² (ψ = ema, ema_max, max)"),
        ParamSpec("bias_correction", True, "divide moving averages by 1 − βᵗ", kind="bool"),
        ParamSpec("eps_place", "outside", "ε outside the root (√V + ε) or inside (√(V + ε))", kind="choice",
                  choices=EPS_PLACES, batchable=False),
        eps_spec(1e-8),
        weight_decay_spec(),
    )
    latex = (
        r"g_t = \nabla f(\theta_{t-1}) + \lambda\theta_{t-1}\\"
        r"m_t = \varphi(g_1,\dots,g_t),\qquad V_t = \psi(g_1,\dots,g_t)\\"
        r"\theta_t = \theta_{t-1} - \alpha_t\,\frac{m_t}{\sqrt{V_t} + \epsilon}"
    )
    convention = (
        "Notes 000 and 002's framework. Each part is computed in the order of the named optimizer it "
        "comes from (torch.optim), so a choice that equals SGD, momentum, Nesterov, AdaGrad, RMSprop, "
        "Adam, AMSGrad or Adamax gives that optimizer's path to the last bit."
    )

    def init(self, xy):
        z = np.zeros_like(xy)
        return FrameworkState(z, z.copy(), z.copy())

    def step(self, xy, g, state, lr, t):
        h = self.h
        if self.nonzero["weight_decay"]:
            g = g + h["weight_decay"] * xy
        direction, scale = h["direction"], h["scale"]
        mu, b1, b2, eps = h["momentum"], h["beta1"], h["beta2"], h["eps"]
        correct = h["bias_correction"]

        # φ: the direction m_t (and the buffer it keeps)
        buf = state.direction
        if direction == "gradient":
            m = g
        elif direction in ("heavy_ball", "nesterov"):
            buf = g.copy() if t == 1 else state.direction * mu + g
            m = g + mu * buf if direction == "nesterov" else buf
        else:  # ema
            buf = m = lerp(state.direction, g, 1 - b1)
        step_size = lr / (1 - power(b1, t)) if (direction == "ema" and correct) else lr

        # ψ: the scale, as the denominator √V_t (+ ε)
        v, vmax = state.scale, state.scale_max
        if scale == "one":
            return xy - step_size * m, FrameworkState(buf, v, vmax)
        if scale == "max":
            v = np.maximum(state.scale * b2, np.abs(g) + eps)  # ε inside the max, as Adamax
            return xy - (step_size * m) / v, FrameworkState(buf, v, vmax)
        if scale == "sum":
            v = state.scale + g * g
            shown = v
        else:  # ema, ema_max
            v = (1 - b2) * g
            v *= g
            v += state.scale * b2
            shown = v
            if scale == "ema_max":
                vmax = np.maximum(state.scale_max, v)
                shown = vmax
        averaged = scale in ("ema", "ema_max") and correct
        if h["eps_place"] == "inside":
            denom = np.sqrt(shown / (1 - power(b2, t)) + eps) if averaged else np.sqrt(shown + eps)
        else:
            denom = np.sqrt(shown)
            if averaged:
                denom /= np.sqrt(1 - power(b2, t))
            denom += eps
        step = step_size * m
        step /= denom
        return xy - step, FrameworkState(buf, v, vmax)


def named_equivalent(hyperparameters: dict) -> tuple[str, dict] | None:
    """The named optimizer (and its hyperparameters) a :class:`Framework` choice equals, or None.

    Weight decay and clipping carry over unchanged.  The choices that are no named optimizer
    (φ = ema with ψ = one, ε inside the root, AdaGrad with momentum …) give None.
    """
    h = hyperparameters
    direction, scale, correct = h["direction"], h["scale"], h["bias_correction"]
    outside = h["eps_place"] == "outside"
    common = {k: h[k] for k in ("lr", "weight_decay", "clip_value", "clip_norm") if k in h}
    if scale == "one":
        if direction == "gradient":
            return "sgd", common
        if direction == "heavy_ball":
            return "sgd", {**common, "momentum": h["momentum"]}
        if direction == "nesterov":
            if np.all(np.asarray(h["momentum"]) > 0):
                return "sgd", {**common, "momentum": h["momentum"], "nesterov": True}
            return None
        return None
    if direction == "gradient" and outside:
        if scale == "sum":
            return "adagrad", {**common, "eps": h["eps"]}
        if scale == "ema" and not correct:
            return "rmsprop", {**common, "alpha": h["beta2"], "eps": h["eps"]}
        return None
    if direction == "ema" and correct:
        betas = {"beta1": h["beta1"], "beta2": h["beta2"], "eps": h["eps"]}
        if scale == "max":
            return "adamax", {**common, **betas}
        if outside and scale in ("ema", "ema_max"):
            return "adam", {**common, **betas, "amsgrad": scale == "ema_max"}
    return None
