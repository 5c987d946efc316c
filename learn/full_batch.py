r"""L-BFGS on a network's flat parameter vector: one torch ``LBFGS.step(closure)`` over the whole training set.

Note 001: second-order methods are used on networks as L-BFGS, on full batches - a mini-batch's noisy
gradient breaks its curvature pairs and its line search.  With θ the n parameters as one vector,
g_k = ∇f(θ_k) on every training example and the m most recent pairs s_i = θ_{i+1} − θ_i,
y_i = g_{i+1} − g_i (ρ_i = 1/y_iᵀs_i), the direction is r ≈ −H⁻¹g_k by the two-loop recursion

.. math:: q = -g_k;\ a_i = \rho_i s_i^\top q,\ q \mathrel{-}= a_i y_i\ (i = k-1 \dots k-m);\quad
          r = \gamma_k q,\ \gamma_k = \frac{s_{k-1}^\top y_{k-1}}{y_{k-1}^\top y_{k-1}};\quad
          r \mathrel{+}= (a_i - \rho_i y_i^\top r)\, s_i\ (i = k-m \dots k-1)

and θ_{k+1} = θ_k + t_k r with t_k = lr (the first iteration: min(1, 1/‖g‖₁)·lr) or a strong-Wolfe
line search.  It never forms the n×n Hessian: O(mn) memory and work per iteration.  One step makes up
to ``max_iter`` iterations and ``max_eval`` evaluations of f and ∇f (each a forward and backward pass
over the whole training set), which is what an epoch costs; :func:`lbfgs_step` counts them.

The code follows torch.optim.LBFGS line for line (as optimizers/lbfgs.py does for the 2D surfaces,
whose strong-Wolfe search it shares), so a float64 run equals torch's to round-off.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from optimizers.lbfgs import _strong_wolfe

Closure = Callable[[np.ndarray], tuple[float, np.ndarray]]  # θ → (f(θ), ∇f(θ)) on the full batch


class LBFGSState(NamedTuple):
    """What torch keeps in ``optimizer.state`` between steps, for one flat parameter vector."""

    n_iter: int = 0  # iterations over all steps so far
    func_evals: int = 0  # evaluations of f and ∇f over all steps so far
    d: np.ndarray | None = None  # the last direction
    t: float = 0.0  # the last step length
    old_dirs: tuple = ()  # y_i, oldest first
    old_stps: tuple = ()  # s_i
    ro: tuple = ()  # 1/(y_iᵀs_i)
    H_diag: float = 1.0  # γ = yᵀs/yᵀy
    prev_flat_grad: np.ndarray | None = None
    prev_loss: float = 0.0


def _abs_max(v: np.ndarray) -> float:
    return float(np.max(np.abs(v)))


def _dot(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b))


def lbfgs_step(x: np.ndarray, state: LBFGSState, closure: Closure, lr: float,
               h: dict[str, Any]) -> tuple[np.ndarray, LBFGSState, float, int]:
    """torch's ``LBFGS.step(closure)`` from θ = ``x`` with hyperparameters ``h`` (optimizers.lbfgs' specs).

    Returns (θ after the step, the new state, f(θ) before the step, the evaluations this step made).
    """
    max_iter, tolerance_grad, tolerance_change = h["max_iter"], h["tolerance_grad"], h["tolerance_change"]
    max_eval = h["max_eval"] or max_iter * 5 // 4  # torch's default for max_eval=None
    history_size = h["history_size"]
    x = np.array(x, dtype=float)
    loss, flat_grad = closure(x)
    orig_loss = loss
    current_evals = 1
    if _abs_max(flat_grad) <= tolerance_grad:
        return x, state._replace(func_evals=state.func_evals + 1), orig_loss, current_evals
    d, t, H_diag = state.d, state.t, state.H_diag
    old_dirs, old_stps, ro = list(state.old_dirs), list(state.old_stps), list(state.ro)
    prev_flat_grad, prev_loss, total_iter = state.prev_flat_grad, state.prev_loss, state.n_iter
    opt_cond = False
    n_iter = 0
    while n_iter < max_iter:
        n_iter += 1
        total_iter += 1
        if total_iter == 1:
            d = -flat_grad
            old_dirs, old_stps, ro, H_diag = [], [], [], 1.0
        else:
            y = flat_grad - prev_flat_grad
            s = d * t
            ys = _dot(y, s)
            if ys > 1e-10:  # keep the pair only where the curvature is positive
                if len(old_dirs) == history_size:
                    old_dirs.pop(0)
                    old_stps.pop(0)
                    ro.pop(0)
                old_dirs.append(y)
                old_stps.append(s)
                ro.append(1.0 / ys)
                H_diag = ys / _dot(y, y)
            al = [0.0] * len(old_dirs)
            q = -flat_grad
            for i in range(len(old_dirs) - 1, -1, -1):
                al[i] = _dot(old_stps[i], q) * ro[i]
                q = q - al[i] * old_dirs[i]
            r = q * H_diag
            for i in range(len(old_dirs)):
                be_i = _dot(old_dirs[i], r) * ro[i]
                r = r + (al[i] - be_i) * old_stps[i]
            d = r
        prev_flat_grad = flat_grad
        prev_loss = loss
        # (NumPy's division: a zero gradient with tolerance_grad = 0 gives torch's inf, not ZeroDivisionError)
        t = (min(1.0, float(np.divide(1.0, np.sum(np.abs(flat_grad))))) * lr) if total_iter == 1 else lr
        gtd = _dot(flat_grad, d)
        if gtd > -tolerance_change:  # not a descent direction any more
            break
        ls_func_evals = 0
        if h["line_search_fn"] == "strong_wolfe":
            def evaluate(step_length: float, start=x, d=d) -> tuple[float, np.ndarray]:
                return closure(start + step_length * d)

            loss, flat_grad, t, ls_func_evals = _strong_wolfe(evaluate, t, d, loss, flat_grad, gtd,
                                                              max_ls=max_eval - current_evals,
                                                              dot=_dot, abs_max=_abs_max)
            x = x + t * d
            opt_cond = _abs_max(flat_grad) <= tolerance_grad
        else:
            x = x + t * d
            if n_iter != max_iter:  # torch skips the evaluation after the last iteration
                loss, flat_grad = closure(x)
                opt_cond = _abs_max(flat_grad) <= tolerance_grad
                ls_func_evals = 1
        current_evals += ls_func_evals
        if n_iter == max_iter or current_evals >= max_eval or opt_cond:
            break
        if _abs_max(d * t) <= tolerance_change or abs(loss - prev_loss) < tolerance_change:
            break
    new = LBFGSState(total_iter, state.func_evals + current_evals, d, t, tuple(old_dirs), tuple(old_stps),
                     tuple(ro), H_diag, prev_flat_grad, prev_loss)
    return x, new, orig_loss, current_evals


def flatten(params: dict[str, np.ndarray]) -> np.ndarray:
    """Every parameter array, in the dict's order, as one vector (torch's ``_gather_flat_grad`` order)."""
    return np.concatenate([np.ravel(p) for p in params.values()])


def unflatten(flat: np.ndarray, like: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The inverse of :func:`flatten`: arrays shaped as ``like``'s."""
    out, offset = {}, 0
    for k, p in like.items():
        out[k] = flat[offset:offset + p.size].reshape(p.shape).copy()
        offset += p.size
    return out
