"""Nesterov's two points: the notes' ball θ and its look-ahead point θ + μv, from a run's path.

The notes write Nesterov as  v ← μv − γ∇f(θ + μv),  θ ← θ + v : the gradient is taken at the
look-ahead point  p = θ + μv , where the velocity is about to carry the ball.  torch's SGD with
``nesterov=True`` (buffer b ← μb + g(p), p ← p − γ(g(p) + μb)) stores p, not θ: with constant γ,
θ = p + γμb and v = −γb satisfy the notes' two lines exactly.  So the marker the Compare map moves
along a Nesterov run *is* the look-ahead point (its −∇f arrow is the gradient of the next update),
and the ball is found from the path alone:

    p_{k+1} − p_k = (θ_{k+1} + μv_{k+1}) − (θ_k + μv_k) = (1 + μ) v_{k+1} − μ v_k,

so  v_0 = 0,  v_{k+1} = (p_{k+1} − p_k + μ v_k) / (1 + μ)  and  θ_k = p_k − μ v_k .  The recursion
shrinks errors (μ/(1 + μ) < 1) and needs no gradient, so it holds for noisy gradients too.
"""

from __future__ import annotations

import numpy as np


def nesterov_momentum(opt, schedule) -> float | None:
    """μ of an optimizer on the page (a ``comparison.config.OptimizerConfig``) that runs torch's
    Nesterov momentum with a constant rate (the only case where the notes' θ follows from the path),
    else None (another optimizer, a schedule, a hand-over, μ = 0)."""
    from comparison.config import KINDS  # the config module imports the optimizers; keep this one light

    if opt.then is not None or not schedule.is_constant or KINDS[opt.kind].optimizer != "sgd":
        return None
    hp = opt.hyperparameters()
    mu = float(hp.get("momentum", 0.0))
    if not hp.get("nesterov") or mu <= 0 or float(hp.get("dampening", 0.0)) != 0:
        return None
    return mu


def nesterov_balls(path: np.ndarray, mu: float) -> np.ndarray:
    """The notes' θ_k for each point p_k of a Nesterov path (n+1, 2): p_k is θ_k + μv_k, the
    look-ahead point.  Points after a non-finite one are NaN."""
    p = np.asarray(path, dtype=float)
    balls = np.full_like(p, np.nan)
    if not len(p):
        return balls
    v = np.zeros(p.shape[-1])
    balls[0] = p[0]
    with np.errstate(all="ignore"):
        for k in range(len(p) - 1):
            v = (p[k + 1] - p[k] + mu * v) / (1 + mu)
            balls[k + 1] = p[k + 1] - mu * v
    return balls
