"""The effective learning rate of each coordinate for the adaptive methods, recomputed from a run.

An adaptive method divides the gradient, coordinate by coordinate, by the root of its record of
squared gradients, so coordinate i moves by ``r_i · g_i`` with the *effective rate*

* AdaGrad:  r_t = γ / (√G_t + ε),  G_t = Σ_{k≤t} g_k²  (the sum never shrinks, so r only fades);
* RMSprop:  r_t = γ / (√v_t + ε),  v_t = α v_{t−1} + (1 − α) g_t²  (an exponential moving average:
  old gradients are forgotten, so r recovers when the gradients get small);
* Adam:     r_t = γ/(1 − β₁ᵗ) / (√(v_t/(1 − β₂ᵗ)) + ε),  v_t = β₂ v_{t−1} + (1 − β₂) g_t², applied to the
  first moment m_t; AMSGrad divides by √(max_{k≤t} v_k) instead, so its r never grows again.

(ε placed as torch places it: outside the root.)  The gradients are the run's own: for a full-batch
run without clipping the gradient of update t is ∇f at the point it left, so the rates follow from the
recorded path alone (:func:`path_gradients`).
"""

from __future__ import annotations

import numpy as np


def path_gradients(surface, xy: np.ndarray) -> np.ndarray:
    """∇f at each point of a path except the last: ``(n, 2)`` for a path of ``n + 1`` points, the gradient
    each update used (full batch, no clipping)."""
    xy = np.asarray(xy, dtype=float)
    return np.array([surface.grad(p) for p in xy[:-1]], dtype=float).reshape(-1, 2)


def adagrad_rates(grads: np.ndarray, lr: float, eps: float = 1e-10, initial: float = 0.0) -> np.ndarray:
    """γ / (√G_t + ε) per coordinate after each update t, with G_t = G₀ + Σ_{k≤t} g_k²; shape of ``grads``."""
    g = np.asarray(grads, dtype=float)
    total = initial + np.cumsum(g * g, axis=0)
    return lr / (np.sqrt(total) + eps)


def _ema(values: np.ndarray, decay: float) -> np.ndarray:
    """v_t = decay·v_{t−1} + (1 − decay)·values_t from v_0 = 0, for every t (rows)."""
    out = np.empty_like(values)
    v = np.zeros(values.shape[1:])
    for t, x in enumerate(values):
        v = v * decay + (1 - decay) * x
        out[t] = v
    return out


def rmsprop_rates(grads: np.ndarray, lr: float, alpha: float = 0.99, eps: float = 1e-8) -> np.ndarray:
    """γ / (√v_t + ε) per coordinate after each update t, v the moving average of g² with decay α."""
    g = np.asarray(grads, dtype=float)
    return lr / (np.sqrt(_ema(g * g, alpha)) + eps)


def adam_rates(grads: np.ndarray, lr: float, betas=(0.9, 0.999), eps: float = 1e-8,
               amsgrad: bool = False) -> np.ndarray:
    """γ/(1 − β₁ᵗ) / (√(u_t/(1 − β₂ᵗ)) + ε) per coordinate after each update t (t = 1, 2, …), the factor Adam
    applies to its first moment m_t; u_t = v_t for Adam, max_{k≤t} v_k for AMSGrad."""
    g = np.asarray(grads, dtype=float)
    beta1, beta2 = betas
    v = _ema(g * g, beta2)
    u = np.maximum.accumulate(v, axis=0) if amsgrad else v
    t = np.arange(1, len(g) + 1)[:, None]
    return lr / (1 - beta1**t) / (np.sqrt(u / (1 - beta2**t)) + eps)


def step_angles(surface, xy: np.ndarray) -> np.ndarray:
    """The angle in degrees between −∇f and each step taken along a path, ``(n,)`` for ``n + 1`` points.

    0 for plain gradient descent and for clipping by norm (which only rescales g); clipping by value
    ``clip(g, −c, c)`` cuts the large components alone, so it turns the step towards the diagonal.
    """
    xy = np.asarray(xy, dtype=float)
    down = -path_gradients(surface, xy)
    steps = np.diff(xy, axis=0)
    cos = np.sum(down * steps, axis=1) / (np.linalg.norm(down, axis=1) * np.linalg.norm(steps, axis=1))
    return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))


#: the kinds whose effective rate this module recomputes exactly (RMSprop only when plain: no momentum,
#: not centered; Adam and AMSGrad)
EXACT_KINDS = ("adagrad", "rmsprop", "adam")


def effective_rates(surface, optimizer, schedule, xy: np.ndarray, noise: float = 0.0) -> np.ndarray | None:
    """The effective rate of each coordinate at each update of a recorded run, ``(n, 2)`` for the ``n``
    updates along ``xy`` (the path's valid points), or None where it would not be exact.

    ``optimizer`` is a :class:`comparison.config.OptimizerConfig`.  Exact only for AdaGrad (no rate
    decay), plain RMSprop and Adam/AMSGrad, run with the full batch (``noise`` 0), no clipping, no
    weight decay (which adds λθ to g), a constant schedule without warmup and no hand-over: then the
    gradient of update t is ∇f at the point it left (:func:`path_gradients`) and lr_t = γ.
    """
    if optimizer.kind not in EXACT_KINDS or optimizer.then is not None or noise or not schedule.is_constant:
        return None
    hp = optimizer.hyperparameters()
    if hp.get("clip_value") or hp.get("clip_norm") or hp.get("weight_decay"):
        return None
    xy = np.asarray(xy, dtype=float)
    if len(xy) < 2:
        return None
    with np.errstate(all="ignore"):
        grads = path_gradients(surface, xy)
        if optimizer.kind == "adagrad":
            if hp["lr_decay"]:
                return None
            return adagrad_rates(grads, hp["lr"], hp["eps"], hp["initial_accumulator_value"])
        if optimizer.kind == "rmsprop":
            if hp["momentum"] or hp["centered"]:
                return None
            return rmsprop_rates(grads, hp["lr"], hp["alpha"], hp["eps"])
        return adam_rates(grads, hp["lr"], (hp["beta1"], hp["beta2"]), hp["eps"], bool(hp["amsgrad"]))
